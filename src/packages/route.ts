import { InputError } from '../errors.js'
import type { ReleaseType } from '../classify.js'
import { show } from '../version.js'

export type PackageFormat = 'deb' | 'rpm' | 'bin'

export interface Route {
  format: PackageFormat
  /** deb, rpm, bin for stable releases; deb-dev, rpm-dev, bin-dev for dev releases. */
  repo: string
  /** Key under the destination, in download.falco.org's layout. */
  key: string
}

// Architectures that may end a tarball name (Falco: falco-0.40.0-x86_64.tar.gz, falco-0.40.0-static-x86_64.tar.gz).
const TARBALL_ARCHES = [
  'x86_64',
  'aarch64',
  'amd64',
  'arm64',
  'armhf',
  'armv7',
  'ppc64le',
  's390x',
  'riscv64',
  'noarch',
  'all'
]
/**
 * Platforms that are not a CPU architecture (Falco: falco-0.45.0-wasm.tar.gz): such tarballs get a repository of
 * their own beside bin, `<platform>[-dev]/<file>`, as on download.falco.org (`packages/wasm-dev/`).
 */
export const TARBALL_PLATFORMS = ['wasm', 'wasm32', 'wasm64', 'wasi', 'emscripten']
const TARBALL = new RegExp(`^(.+)-(${[...TARBALL_ARCHES, ...TARBALL_PLATFORMS].join('|')})\\.(tar\\.gz|tgz)$`)

/** True for a tarball platform that is not a CPU architecture (it has its own repository). */
export const isPlatform = (arch: string): boolean => TARBALL_PLATFORMS.includes(arch)

/** Which format a file name is, or undefined when it is no package we publish. */
export function formatOf(name: string): PackageFormat | undefined {
  if (name.endsWith('.deb')) return 'deb'
  if (name.endsWith('.rpm')) return 'rpm'
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'bin'
  return undefined
}

/** The tarball's arch from its name `<name>-<version>-<arch>.tar.gz`, with an error that says what was expected. */
export function tarballArch(name: string): string {
  const m = TARBALL.exec(name)
  if (!m)
    throw new InputError(
      'files',
      `cannot read the architecture of tarball ${show(name)}: expected <name>-<version>-<arch>.tar.gz with arch one of ${TARBALL_ARCHES.join(', ')}, or a platform (${TARBALL_PLATFORMS.join(', ')}).`
    )
  return m[2]
}

/**
 * Routes a package file to its repository and key (pure): `deb[-dev]/stable/<file>`, `rpm[-dev]/<file>`,
 * `bin[-dev]/<arch>/<file>`, and `<platform>[-dev]/<file>` for a tarball whose platform is not a CPU (wasm). `arch`
 * is the package's architecture, when already known from its header.
 */
export function routePackage(name: string, type: Exclude<ReleaseType, 'none'>, arch?: string): Route {
  const format = formatOf(name)
  if (!format)
    throw new InputError('files', `${show(name)} is not a package: expected .deb, .rpm, .tar.gz or .tgz.`)
  const repo = type === 'dev' ? `${format}-dev` : format
  switch (format) {
    case 'deb':
      return { format, repo, key: `${repo}/stable/${name}` }
    case 'rpm':
      return { format, repo, key: `${repo}/${name}` }
    case 'bin': {
      const a = arch ?? tarballArch(name)
      if (!isPlatform(a)) return { format, repo, key: `${repo}/${a}/${name}` }
      const own = type === 'dev' ? `${a}-dev` : a
      return { format, repo: own, key: `${own}/${name}` }
    }
  }
}
