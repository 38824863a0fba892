/**
 * Sample artifacts for the demo: one package of each format for two architectures. Placeholder bytes until
 * the package readers land; then these become real packages built in pure JS (no dpkg-deb/rpmbuild needed).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function makeSamplePackages(dir: string, version: string): string[] {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (const arch of ['x86_64', 'aarch64']) {
    for (const ext of ['deb', 'rpm', 'tar.gz']) {
      const file = join(dir, `demo-${version}-${arch}.${ext}`)
      writeFileSync(file, `demo ${version} ${arch} ${ext}\n`)
      files.push(file)
    }
  }
  return files
}
