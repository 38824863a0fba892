/**
 * The real clients users run, each with private state so tests never touch the machine's configuration: apt-get
 * with `signed-by=<keyring>` and dnf with repo_gpgcheck=1 in an install root. Async, as the servers they read
 * often run in the test's own process.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const run = promisify(execFile)

/** apt-get options for a private state folder reading one `deb` line, for one architecture. */
export function aptArgs(state: string, source: string, keyring: string, arch: string): string[] {
  for (const sub of ['state/lists/partial', 'cache/archives/partial', 'etc'])
    mkdirSync(join(state, sub), { recursive: true })
  writeFileSync(join(state, 'status'), '')
  writeFileSync(join(state, 'etc/sources.list'), `deb [signed-by=${keyring}] ${source}\n`)
  return [
    '-o', `Dir::Etc::SourceList=${join(state, 'etc/sources.list')}`,
    '-o', 'Dir::Etc::SourceParts=/nonexistent',
    '-o', `Dir::State=${join(state, 'state')}`,
    '-o', `Dir::State::status=${join(state, 'status')}`,
    '-o', `Dir::Cache=${join(state, 'cache')}`,
    '-o', 'Dir::Etc::Trusted=/nonexistent',
    '-o', 'Dir::Etc::TrustedParts=/nonexistent',
    '-o', 'Debug::NoLocking=1',
    '-o', 'APT::Sandbox::User=root',
    '-o', `APT::Architecture=${arch}`,
    '-o', `APT::Architectures::=${arch}`,
    '-o', 'Acquire::Languages=none',
    '-o', 'Acquire::Retries=0'
  ] // prettier-ignore
}

/** `apt-get update`; throws on an error or a warning line, so a half-broken repository fails the test. */
export async function aptUpdate(args: string[]): Promise<string> {
  const { stdout, stderr } = await run('apt-get', [...args, 'update'], { timeout: 120_000 })
  const out = `${stdout}${stderr}`
  if (/^(W|E|Err):/m.test(out)) throw new Error(`apt-get update complained:\n${out}`)
  return out
}

/** Every version apt-cache knows of a package (its madison table), newest first. */
export async function aptVersions(args: string[], name: string): Promise<string[]> {
  const { stdout } = await run('apt-cache', [...args, 'madison', name], { timeout: 60_000 })
  return stdout
    .split('\n')
    .filter(Boolean)
    .map(l => l.split('|')[1].trim())
}

/** dnf options reading one repository over HTTP with repo_gpgcheck=1, in a private root and cache. */
export function dnfArgs(dir: string, baseurl: string, publicKeyFile: string, arch = 'x86_64'): string[] {
  const root = join(dir, 'root')
  mkdirSync(root, { recursive: true })
  return [
    '-q',
    '-y',
    '--disableplugin=*',
    `--installroot=${root}`,
    '--setopt=reposdir=/nonexistent',
    `--setopt=cachedir=${join(dir, 'cache')}`,
    '--setopt=install_weak_deps=0',
    `--repofrompath=t,${baseurl}`,
    '--repo=t',
    '--setopt=t.gpgcheck=0',
    '--setopt=t.repo_gpgcheck=1',
    '--setopt=t.metadata_expire=0',
    '--setopt=t.retries=1',
    `--setopt=t.gpgkey=file://${publicKeyFile}`,
    `--forcearch=${arch}`,
    '--releasever=1'
  ]
}

/** `name-version-release.arch` of every package dnf sees (after a fresh makecache). */
export async function dnfPackages(args: string[]): Promise<string[]> {
  await run('dnf', [...args, 'makecache'], { timeout: 120_000 })
  const { stdout } = await run(
    'dnf',
    [...args, 'repoquery', '--qf', '%{name}-%{version}-%{release}.%{arch}'],
    {
      timeout: 120_000
    }
  )
  return stdout.split('\n').filter(Boolean).sort()
}
