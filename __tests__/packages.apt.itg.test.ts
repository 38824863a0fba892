/**
 * apt repositories end to end: packages built by dpkg-deb (gzip, xz and zstd control members; amd64, arm64, all)
 * and in pure JS, published to a real LocalStore, served on 127.0.0.1, and read by apt-get with a private state
 * folder and `signed-by=<test key>`; InRelease and Release.gpg are checked with gpgv.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { LocalStore } from '../src/stores/local.js'
import { parseParagraphs, field } from '../src/packages/control.js'
import { buildDeb } from '../testing/samples.js'
import { type StaticServer, startStatic } from '../testing/servers/static.js'
import { type TestKey, dpkgDeb, publish, testKey, tmp } from './helpers/packages.js'

/** Async: the static server runs in this process, so a blocking exec would starve it. */
const run = promisify(execFile)

let dir: string
let key: TestKey
let debs: string[]
let dest: string
let server: StaticServer | undefined

beforeAll(async () => {
  dir = tmp('apt')
  key = await testKey(dir, 'secret words')
  const built = join(dir, 'built')
  mkdirSync(built)
  debs = [
    dpkgDeb(built, { name: 'hello', version: '1.2.3', arch: 'amd64', compression: 'gzip' }),
    dpkgDeb(built, { name: 'hello', version: '1.2.3', arch: 'arm64', compression: 'xz' }),
    dpkgDeb(built, { name: 'hello-data', version: '1.2.3', arch: 'all', compression: 'zstd' })
  ]
  const js = join(built, 'sample_0.1.0_amd64.deb')
  writeFileSync(js, buildDeb({ name: 'sample', version: '0.1.0', arch: 'amd64' }))
  debs.push(js)
  dest = join(dir, 'dest')
  await publish({
    files: debs,
    type: 'stable',
    store: new LocalStore(dest),
    inputs: { 'signing-key': key.armored, 'signing-key-passphrase': 'secret words', 'apt-origin': 'Test' }
  })
  server = await startStatic(dest)
}, 120_000)

afterAll(async () => {
  await server?.close()
})

function aptArgs(arch: string, keyring = key.keyring, name = arch): string[] {
  const state = join(dir, `apt-${name}`)
  for (const sub of ['state/lists/partial', 'cache/archives/partial', 'etc'])
    mkdirSync(join(state, sub), { recursive: true })
  writeFileSync(join(state, 'status'), '')
  writeFileSync(
    join(state, 'etc/sources.list'),
    `deb [signed-by=${keyring}] ${server?.url}/deb stable main\n`
  )
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
    '-o', 'Acquire::Languages=none'
  ] // prettier-ignore
}

describe('apt repository', () => {
  test('layout as on download.falco.org: packages in stable/, indexes in dists/stable', () => {
    const repo = join(dest, 'deb')
    expect(readdirSync(join(repo, 'stable')).sort()).toEqual(
      debs.flatMap(d => [d.split('/').pop() as string, `${d.split('/').pop()}.asc`]).sort()
    )
    expect(readdirSync(join(repo, 'dists/stable')).sort()).toEqual([
      'InRelease',
      'Release',
      'Release.gpg',
      'main'
    ])
    const release = parseParagraphs(readFileSync(join(repo, 'dists/stable/Release'), 'utf8'))[0]
    expect(field(release, 'Origin')).toBe('Test')
    expect(field(release, 'Suite')).toBe('stable')
    expect(field(release, 'Codename')).toBe('stable')
    expect(field(release, 'Architectures')).toBe('amd64 arm64')
    expect(field(release, 'Components')).toBe('main')
    expect(field(release, 'Date')).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d UTC$/)
    for (const sum of ['MD5Sum', 'SHA1', 'SHA256'])
      expect(field(release, sum)).toContain('main/binary-arm64/Packages.gz')
  })

  test('Packages: every arch lists its packages and the `all` ones; .gz has the same content', () => {
    const index = (arch: string): string =>
      readFileSync(join(dest, `deb/dists/stable/main/binary-${arch}/Packages`), 'utf8')
    const names = (arch: string): string[] =>
      parseParagraphs(index(arch)).map(p => `${field(p, 'Package')}:${field(p, 'Architecture')}`)
    expect(names('amd64')).toEqual(['hello:amd64', 'hello-data:all', 'sample:amd64'])
    expect(names('arm64')).toEqual(['hello:arm64', 'hello-data:all'])
    const gz = gunzipSync(
      readFileSync(join(dest, 'deb/dists/stable/main/binary-amd64/Packages.gz'))
    ).toString()
    expect(gz).toBe(index('amd64'))
    const hello = parseParagraphs(index('arm64'))[0]
    expect(field(hello, 'Filename')).toBe('stable/hello_1.2.3_arm64.deb')
    expect(field(hello, 'SHA256')).toMatch(/^[0-9a-f]{64}$/)
    expect(field(hello, 'Description')).toContain('A package built by the tests.')
  })

  test('gpgv accepts InRelease, Release.gpg and the package signatures', () => {
    const dists = join(dest, 'deb/dists/stable')
    execFileSync('gpgv', ['--keyring', key.keyring, join(dists, 'InRelease')], { stdio: 'pipe' })
    execFileSync('gpgv', ['--keyring', key.keyring, join(dists, 'Release.gpg'), join(dists, 'Release')], {
      stdio: 'pipe'
    })
    const deb = join(dest, 'deb/stable/hello_1.2.3_amd64.deb')
    execFileSync('gpgv', ['--keyring', key.keyring, `${deb}.asc`, deb], { stdio: 'pipe' })
  })

  test.each(['amd64', 'arm64'])('apt-get update and download on %s with signed-by', async arch => {
    const args = aptArgs(arch)
    const update = await run('apt-get', [...args, 'update'], { timeout: 60_000 })
    expect(`${update.stdout}${update.stderr}`).not.toMatch(/^(W|E|Err):/m)
    const out = join(dir, `download-${arch}`)
    mkdirSync(out)
    await run('apt-get', [...args, 'download', 'hello', 'hello-data'], { cwd: out, timeout: 60_000 })
    expect(readdirSync(out).sort()).toEqual([`hello-data_1.2.3_all.deb`, `hello_1.2.3_${arch}.deb`])
    const control = execFileSync('dpkg-deb', ['-f', join(out, `hello_1.2.3_${arch}.deb`), 'Architecture'], {
      encoding: 'utf8'
    })
    expect(control.trim()).toBe(arch)
  })

  test('apt-get refuses the repository when InRelease is signed by another key', async () => {
    const other = await testKey(tmp('apt-other'))
    const args = aptArgs('amd64', other.keyring, 'other')
    await expect(run('apt-get', [...args, 'update'], { timeout: 60_000 })).rejects.toThrow(
      /NO_PUBKEY[\s\S]*is not signed/
    )
    expect(readdirSync(join(dir, 'apt-other/state/lists')).filter(f => f.includes('Packages'))).toEqual([])
  })

  test('a re-run with the same packages changes nothing: same Release, same signatures', async () => {
    const release = readFileSync(join(dest, 'deb/dists/stable/InRelease'))
    const { published } = await publish({
      files: debs,
      type: 'stable',
      store: new LocalStore(dest),
      inputs: { 'signing-key': key.armored, 'signing-key-passphrase': 'secret words', 'apt-origin': 'Test' }
    })
    expect(published.filter(p => p.status !== 'unchanged')).toEqual([])
    expect(readFileSync(join(dest, 'deb/dists/stable/InRelease'))).toEqual(release)
    expect(existsSync(join(dest, 'deb/.publish-lock'))).toBe(false)
  })
})
