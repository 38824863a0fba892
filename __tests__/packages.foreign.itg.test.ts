/**
 * Publishing into an apt repository another tool wrote, as Falco's own scripts do: apt-ftparchive for Packages
 * and Release, gpg for InRelease and Release.gpg, `Architectures: amd64,arm64` (comma separated), and Packages,
 * Packages.gz and Packages.bz2 for each arch. After the action publishes a new version, apt-get (signed-by) still
 * sees every older version, and what the action writes matches apt-ftparchive field by field. An index it cannot
 * read stops the run with the file named, before anything is written.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LocalStore } from '../src/stores/local.js'
import { type Paragraph, field, parseParagraphs } from '../src/packages/control.js'
import { type StaticServer, startStatic } from '../testing/servers/static.js'
import { aptArgs, aptUpdate, aptVersions } from './helpers/clients.js'
import { type TestKey, dpkgDeb, publish, testKey, tmp } from './helpers/packages.js'
import { tree } from './helpers/tree.js'

let dir: string
let key: TestKey
let gnupg: string
let dest: string
let server: StaticServer | undefined

const ARCH_FILE = { amd64: 'x86_64', arm64: 'aarch64' } as const

/** A Falco-named .deb (`falco-<v>-x86_64.deb`) built by dpkg-deb. */
function falcoDeb(out: string, version: string, arch: 'amd64' | 'arm64'): string {
  const work = join(dir, `b-${version}-${arch}`)
  mkdirSync(work, { recursive: true })
  const built = dpkgDeb(work, { name: 'falco', version, arch })
  const target = join(out, `falco-${version}-${ARCH_FILE[arch]}.deb`)
  renameSync(built, target)
  return target
}

const gpg = (...args: string[]): string =>
  execFileSync('gpg', ['--homedir', gnupg, '--batch', '--yes', '--pinentry-mode', 'loopback', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })

/**
 * `apt-ftparchive packages` for one arch: its --arch option goes by the file name (`*_amd64.deb`), which
 * Falco's names (`-x86_64.deb`) do not have, so its paragraphs are split by their Architecture field instead.
 */
function ftparchivePackages(repo: string, arch: string): string {
  const all = execFileSync('apt-ftparchive', ['packages', 'stable'], { cwd: repo, encoding: 'utf8' })
  return (
    all
      .split(/\n\n+/)
      .filter(p => p.includes(`\nArchitecture: ${arch}\n`))
      .join('\n\n') + '\n'
  )
}

/** What Falco's publish-deb does: apt-ftparchive per arch, gzip and bzip2 copies, a Release, gpg signatures. */
function ftparchiveRepo(repo: string): void {
  const dists = join(repo, 'dists/stable')
  for (const arch of ['amd64', 'arm64']) {
    const folder = join(dists, `main/binary-${arch}`)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'Packages'), ftparchivePackages(repo, arch))
    execFileSync('gzip', ['-9', '-k', '-n', join(folder, 'Packages')])
    execFileSync('bzip2', ['-k', join(folder, 'Packages')])
  }
  const release = execFileSync(
    'apt-ftparchive',
    [
      '-o', 'APT::FTPArchive::Release::Origin=Falco',
      '-o', 'APT::FTPArchive::Release::Label=Falco',
      '-o', 'APT::FTPArchive::Release::Suite=stable',
      '-o', 'APT::FTPArchive::Release::Codename=stable',
      '-o', 'APT::FTPArchive::Release::Architectures=amd64,arm64',
      '-o', 'APT::FTPArchive::Release::Components=main',
      '-o', 'APT::FTPArchive::Release::Description=Falco packages',
      'release', 'dists/stable'
    ], // prettier-ignore
    { cwd: repo, encoding: 'utf8' }
  )
  writeFileSync(join(dists, 'Release'), release)
  gpg('--passphrase', '', '--clearsign', '-o', join(dists, 'InRelease'), join(dists, 'Release'))
  gpg(
    '--passphrase',
    '',
    '--armor',
    '--detach-sign',
    '-o',
    join(dists, 'Release.gpg'),
    join(dists, 'Release')
  )
}

const apt = (arch: string, name: string): string[] =>
  aptArgs(join(dir, `apt-${name}-${arch}`), `${server?.url}/deb stable main`, key.keyring, arch)

const releaseOf = (repo: string): Paragraph =>
  parseParagraphs(readFileSync(join(repo, 'dists/stable/Release'), 'utf8'))[0]

let before: Record<string, Paragraph[]>

beforeAll(async () => {
  dir = tmp('foreign')
  key = await testKey(dir)
  gnupg = join(dir, 'gnupg')
  mkdirSync(gnupg, { mode: 0o700 })
  writeFileSync(join(dir, 'secret.asc'), key.armored)
  gpg('--import', join(dir, 'secret.asc'))
  dest = join(dir, 'dest')
  const repo = join(dest, 'deb')
  mkdirSync(join(repo, 'stable'), { recursive: true })
  for (const v of ['0.43.0', '0.44.0'])
    for (const a of ['amd64', 'arm64'] as const) falcoDeb(join(repo, 'stable'), v, a)
  ftparchiveRepo(repo)
  before = Object.fromEntries(
    ['amd64', 'arm64'].map(a => [
      a,
      parseParagraphs(readFileSync(join(repo, `dists/stable/main/binary-${a}/Packages`), 'utf8'))
    ])
  )
  server = await startStatic(dest)
}, 120_000)

afterAll(async () => {
  await server?.close()
})

describe('an apt repository written by apt-ftparchive and gpg', () => {
  test('apt-get reads it as it is (the starting point is sound)', async () => {
    expect(field(releaseOf(join(dest, 'deb')), 'Architectures')).toBe('amd64,arm64')
    const args = apt('amd64', 'before')
    await aptUpdate(args)
    expect(await aptVersions(args, 'falco')).toEqual(['0.44.0', '0.43.0'])
  })

  test('publishing 0.45.0 keeps every older version for apt-get on both architectures', async () => {
    const incoming = join(dir, 'incoming')
    mkdirSync(incoming)
    const files = [falcoDeb(incoming, '0.45.0', 'amd64'), falcoDeb(incoming, '0.45.0', 'arm64')]
    // Packages.bz2 alone for arm64: the action must read the compression the other tool left.
    const arm = join(dest, 'deb/dists/stable/main/binary-arm64')
    rmSync(join(arm, 'Packages'))
    rmSync(join(arm, 'Packages.gz'))
    await publish({
      files,
      type: 'stable',
      version: '0.45.0',
      store: new LocalStore(dest),
      inputs: { 'signing-key': key.armored, 'apt-origin': 'Falco', 'apt-label': 'Falco' }
    })
    expect(existsSync(join(dest, 'deb/dists/stable/main/binary-amd64,arm64'))).toBe(false)
    for (const arch of ['amd64', 'arm64']) {
      const args = apt(arch, 'after')
      await aptUpdate(args)
      expect(await aptVersions(args, 'falco')).toEqual(['0.45.0', '0.44.0', '0.43.0'])
    }
  }, 180_000)

  test('the old entries are kept byte for byte, with every field apt-ftparchive wrote', () => {
    for (const arch of ['amd64', 'arm64']) {
      const now = parseParagraphs(
        readFileSync(join(dest, `deb/dists/stable/main/binary-${arch}/Packages`), 'utf8')
      )
      for (const old of before[arch]) expect(now).toContainEqual(old)
      expect(now).toHaveLength(before[arch].length + 1)
    }
  })

  test('Release: spaces, kept fields, no stale Packages.bz2, by-hash, SHA512', () => {
    const release = releaseOf(join(dest, 'deb'))
    expect(field(release, 'Architectures')).toBe('amd64 arm64')
    expect(field(release, 'Components')).toBe('main')
    expect(field(release, 'Description')).toBe('Falco packages')
    expect(field(release, 'Acquire-By-Hash')).toBe('yes')
    for (const sum of ['MD5Sum', 'SHA1', 'SHA256', 'SHA512']) {
      const list = field(release, sum) ?? ''
      expect(list).toContain('main/binary-arm64/Packages.gz')
      expect(list).not.toContain('Packages.bz2')
    }
    // Every file the Release lists is there with that size and sha256, and so is its by-hash copy.
    for (const line of (field(release, 'SHA256') ?? '').split('\n').filter(Boolean)) {
      const [hash, size, path] = line.trim().split(/\s+/)
      const file = join(dest, 'deb/dists/stable', path)
      expect(readFileSync(file).length).toBe(Number(size))
      const sha = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]
      expect(sha).toBe(hash)
      const byHash = join(dest, 'deb/dists/stable', path.replace(/[^/]+$/, ''), 'by-hash/SHA256', hash)
      expect(readFileSync(byHash)).toEqual(readFileSync(file))
    }
    execFileSync('gpgv', ['--keyring', key.keyring, join(dest, 'deb/dists/stable/InRelease')], {
      stdio: 'pipe'
    })
  })

  test('the new entries and hash lines match what apt-ftparchive writes for the same files, field by field', () => {
    const repo = join(dest, 'deb')
    for (const arch of ['amd64', 'arm64']) {
      const ours = parseParagraphs(
        readFileSync(join(repo, `dists/stable/main/binary-${arch}/Packages`), 'utf8')
      )
      const theirs = parseParagraphs(ftparchivePackages(repo, arch))
      const pick = (ps: Paragraph[]): Paragraph => ps.find(p => field(p, 'Version') === '0.45.0') as Paragraph
      const sorted = (p: Paragraph): Paragraph =>
        [...p]
          .map(([n, v]) => [n.toLowerCase(), v] as [string, string])
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      expect(sorted(pick(ours))).toEqual(sorted(pick(theirs)))
    }
    // apt-ftparchive release over our dists/: the same size and hashes for each Packages file.
    const theirs = parseParagraphs(
      execFileSync('apt-ftparchive', ['release', 'dists/stable'], { cwd: repo, encoding: 'utf8' })
    )[0]
    const ours = releaseOf(repo)
    for (const sum of ['MD5Sum', 'SHA1', 'SHA256', 'SHA512']) {
      const lines = (p: Paragraph): string[] =>
        (field(p, sum) ?? '')
          .split('\n')
          .map(l => l.trim().split(/\s+/).join(' '))
          .filter(l => / main\/binary-\w+\/Packages(\.gz)?$/.test(l))
          .sort()
      expect(lines(ours)).toHaveLength(4)
      expect(lines(ours)).toEqual(lines(theirs))
    }
  })

  test('an existing index that cannot be read stops the run, naming the file, with nothing written', async () => {
    const copy = join(dir, 'broken')
    cpSync(dest, copy, { recursive: true })
    const bz2 = join(copy, 'deb/dists/stable/main/binary-arm64/Packages.bz2')
    // The Release lists only Packages.bz2 for arm64 now, and it is corrupt.
    for (const f of ['Packages', 'Packages.gz'])
      rmSync(join(copy, 'deb/dists/stable/main/binary-arm64', f), { force: true })
    rmSync(join(copy, 'deb/dists/stable/main/binary-arm64/by-hash'), { recursive: true })
    const release = join(copy, 'deb/dists/stable/Release')
    const kept = readFileSync(release, 'utf8')
      .split('\n')
      .filter(l => !/binary-arm64\/Packages(\.gz)?$/.test(l))
    const bz2Line = (sum: string): string => {
      const out = execFileSync(sum, [bz2], { encoding: 'utf8' })
      return ` ${out.split(' ')[0]} ${readFileSync(bz2).length} main/binary-arm64/Packages.bz2`
    }
    writeFileSync(bz2, 'BZh91AY&SY not really bzip2')
    const text = kept
      .flatMap(l => (l === 'SHA256:' ? [l, bz2Line('sha256sum')] : [l]))
      .join('\n')
      .replace('Acquire-By-Hash: yes', 'Acquire-By-Hash: no')
    writeFileSync(release, text)
    const snapshot = tree(copy).map(f => `${f}:${readFileSync(join(copy, f)).length}`)
    const incoming = join(dir, 'incoming2')
    mkdirSync(incoming)
    await expect(
      publish({
        files: [falcoDeb(incoming, '0.46.0', 'amd64')],
        type: 'stable',
        version: '0.46.0',
        store: new LocalStore(copy),
        inputs: { 'signing-key': key.armored }
      })
    ).rejects.toThrow(/deb\/dists\/stable\/main\/binary-arm64\/Packages\.bz2 cannot be decompressed/)
    expect(tree(copy).map(f => `${f}:${readFileSync(join(copy, f)).length}`)).toEqual(snapshot)
  })
})
