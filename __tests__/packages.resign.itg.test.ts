/**
 * kind resign: a repository published and signed with key A (apt, rpm and tarballs, on a real LocalStore) is
 * re-signed by the bundled action with key B, then checked with the clients users run: gpgv (every .asc,
 * InRelease, Release.gpg, repomd.xml.asc), apt-get with signed-by B, dnf with gpgcheck=1 (the rpm header
 * signature) and repo_gpgcheck=1 with key B, rpmkeys --checksig. A
 * re-run writes nothing; an interrupted run is finished by the next; with dual signing (B and A in signing-key)
 * InRelease and Release.gpg verify with either key, and apt-get accepts the repository with either keyring.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { buildDeb, tarGz } from '../testing/samples.js'
import { type StaticServer, startStatic } from '../testing/servers/static.js'
import { findTargets } from '../src/packages/resign.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import { LocalStore } from '../src/stores/local.js'
import { S3Store } from '../src/stores/s3.js'
import { type TestKey, publish, rpmbuild, stopGpgAgents, testKey, tmp } from './helpers/packages.js'

const run = promisify(execFile)

let dir: string
let dest: string
let keyA: TestKey
let keyB: TestKey
let server: StaticServer | undefined
const repo = TestRepo.create()
repo.commit()

beforeAll(async () => {
  dir = tmp('resign')
  keyA = await testKey(tmp('resign-a'))
  keyB = await testKey(tmp('resign-b'))
  const built = join(dir, 'built')
  mkdirSync(built)
  mkdirSync(join(dir, 'rpmbuild'))
  const files = [
    ['sample_0.1.0_amd64.deb', buildDeb({ name: 'sample', version: '0.1.0', arch: 'amd64' })],
    ['sample-0.1.0-x86_64.tar.gz', tarGz([{ name: 'sample', data: Buffer.from('bin') }], 0)]
  ] as const
  const paths = files.map(([name, data]) => {
    writeFileSync(join(built, name), data)
    return join(built, name)
  })
  // rpmbuild's rpm: it carries a payload digest, which rpm needs for a header signature to cover the payload.
  const rpm = rpmbuild(join(dir, 'rpmbuild'), {
    name: 'sample',
    version: '0.1.0',
    arch: 'x86_64',
    autoreq: false
  })
  copyFileSync(rpm, join(built, 'sample-0.1.0-1.x86_64.rpm'))
  paths.push(join(built, 'sample-0.1.0-1.x86_64.rpm'))
  dest = join(dir, 'dest')
  await publish({
    files: paths,
    type: 'stable',
    store: new LocalStore(dest),
    inputs: { 'signing-key': keyA.armored }
  })
  server = await startStatic(dest)
}, 120_000)

afterAll(async () => {
  await server?.close()
  // gpg-agents started by dnf's repo_gpgcheck: stopped so nothing outlives the tests.
  if (dir) stopGpgAgents(dir)
})

const resign = (signingKey: string, extra: Record<string, string> = {}) =>
  runAction({
    inputs: { kind: 'resign', destination: dest, 'signing-key': signingKey, ...extra },
    eventName: 'workflow_dispatch',
    payload: { repository: { default_branch: 'main', full_name: 'example/project' } },
    ref: 'refs/heads/main',
    sha: repo.head(),
    workspace: repo.dir,
    timeoutMs: 120_000
  })

/** Every signature file of the repository and what it signs (InRelease signs itself). */
function signatures(): [string, string | undefined][] {
  const out: [string, string | undefined][] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.asc')) out.push([p, p.slice(0, -4)])
      else if (e.name === 'Release.gpg') out.push([p, join(d, 'Release')])
      else if (e.name === 'InRelease') out.push([p, undefined])
    }
  }
  walk(dest)
  return out.sort()
}

/** The key IDs gpgv found a good signature of (a file signed by two keys, checked with one keyring, has one). */
function goodSigs(key: TestKey, sig: string, data?: string): string[] {
  let out = ''
  try {
    out = execFileSync('gpgv', ['--status-fd', '1', '--keyring', key.keyring, sig, ...(data ? [data] : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? '')
  }
  return [...out.matchAll(/^\[GNUPG:\] GOODSIG ([0-9A-F]+)/gm)].map(m => m[1])
}

const gpgv = (key: TestKey, sig: string, data?: string): boolean => {
  try {
    execFileSync('gpgv', ['--keyring', key.keyring, sig, ...(data ? [data] : [])], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

function aptArgs(keyring: string, name: string): string[] {
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
    '-o', 'APT::Architecture=amd64',
    '-o', 'APT::Architectures::=amd64',
    '-o', 'Acquire::Languages=none'
  ] // prettier-ignore
}

async function aptUpdate(key: TestKey, name: string): Promise<string> {
  const r = await run('apt-get', [...aptArgs(key.keyring, name), 'update'], { timeout: 60_000 })
  return `${r.stdout}${r.stderr}`
}

/** dnf with gpgcheck=1 (the rpm header signature) and repo_gpgcheck=1 installs `sample`; the error text if not. */
async function dnfInstall(gpgkey: string, name: string): Promise<string> {
  const root = join(dir, `dnfroot-${name}`)
  mkdirSync(root, { recursive: true })
  return run(
    'dnf',
    [
      '-q',
      '-y',
      '--disableplugin=*',
      `--installroot=${root}`,
      '--setopt=reposdir=/nonexistent',
      `--setopt=cachedir=${join(root, '.cache')}`,
      '--setopt=install_weak_deps=0',
      `--repofrompath=t,${server?.url}/rpm`,
      '--repo=t',
      '--setopt=t.gpgcheck=1',
      '--setopt=t.repo_gpgcheck=1',
      '--setopt=t.skip_if_unavailable=0',
      `--setopt=t.gpgkey=${gpgkey}`,
      '--forcearch=x86_64',
      '--releasever=1',
      'install',
      'sample'
    ],
    { timeout: 90_000 }
  ).then(
    () => (existsSync(join(root, 'usr/bin/sample')) ? 'installed' : 'not installed'),
    (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`
  )
}

describe('what resign signs (pure)', () => {
  test('packages and checksum lists get a .asc; every other .asc, Release and repomd.xml are re-made', () => {
    expect(
      findTargets([
        'deb/stable/a.deb',
        'deb/stable/a.deb.asc',
        'deb/dists/stable/Release',
        'deb/dists/stable/InRelease',
        'rpm/b.rpm',
        'rpm/repodata/repomd.xml',
        'rpm/repodata/repomd.xml.asc',
        'bin/x86_64/SHA256SUMS',
        'bin/index.json',
        'bin/notes.txt.asc',
        'bin/notes.txt',
        'bin/gone.tar.gz.asc',
        'bin/.publish-lock'
      ])
    ).toEqual({
      detached: ['bin/notes.txt', 'bin/x86_64/SHA256SUMS', 'deb/stable/a.deb', 'rpm/b.rpm'],
      releases: ['deb/dists/stable/Release'],
      repomds: ['rpm/repodata/repomd.xml'],
      orphans: ['bin/gone.tar.gz.asc']
    })
  })
})

describe('a repository signed with key A, re-signed with key B', () => {
  test('before: key A verifies everything, key B nothing', () => {
    const sigs = signatures()
    expect(sigs.length).toBe(7) // 3 package .asc, SHA256SUMS.asc, repomd.xml.asc, InRelease, Release.gpg
    expect(sigs.every(([s, d]) => gpgv(keyA, s, d))).toBe(true)
    expect(sigs.some(([s, d]) => gpgv(keyB, s, d))).toBe(false)
  })

  test('after: gpgv with B accepts every signature, A none; Release and the packages are untouched', async () => {
    const release = readFileSync(join(dest, 'deb/dists/stable/Release'))
    const deb = readFileSync(join(dest, 'deb/stable/sample_0.1.0_amd64.deb'))
    const r = await resign(keyB.armored)
    expect(r.stdout).not.toMatch(/::error::/)
    expect(r.code).toBe(0)
    const sigs = signatures()
    expect(sigs.length).toBe(7)
    for (const [s, d] of sigs) {
      expect([s, gpgv(keyB, s, d)]).toEqual([s, true])
      expect([s, gpgv(keyA, s, d)]).toEqual([s, false])
    }
    expect(readFileSync(join(dest, 'deb/dists/stable/Release'))).toEqual(release)
    expect(readFileSync(join(dest, 'deb/stable/sample_0.1.0_amd64.deb'))).toEqual(deb)
    const published = JSON.parse(r.outputs.published) as { path: string; status: string }[]
    const uploaded = published.filter(p => p.status === 'uploaded').map(p => p.path)
    expect(uploaded).toEqual(expect.arrayContaining(sigs.map(([s]) => s.slice(dest.length + 1))))
    // The rpm got key B's header signature, so its bytes, its metadata and repomd.xml changed with it.
    expect(uploaded).toEqual(
      expect.arrayContaining([
        'rpm/sample-0.1.0-1.x86_64.rpm',
        'rpm/repodata/repomd.xml',
        'rpm/repodata/repomd.xml.key'
      ])
    )
    expect(readFileSync(join(dest, 'rpm/repodata/repomd.xml.key'), 'utf8')).toBe(keyB.publicArmored)
    // Nothing else changed its bytes: only signatures, the rpm and its metadata.
    expect(uploaded.filter(p => !/(\.asc|InRelease|Release\.gpg|\.rpm|repodata\/.*)$/.test(p))).toEqual([])
  })

  test('apt-get with signed-by B, dnf gpgcheck=1 with key B and rpmkeys accept it; key A is refused', async () => {
    expect(await aptUpdate(keyB, 'b')).not.toMatch(/^(W|E|Err):/m)
    await expect(aptUpdate(keyA, 'a-refused')).rejects.toThrow(/NO_PUBKEY|not signed/)
    const keyFile = (k: TestKey) => `file://${k.keyring.replace(/keyring\.gpg$/, 'key.asc')}`
    expect(await dnfInstall(keyFile(keyB), 'b')).toBe('installed')
    // The key users fetch from the repository is B's too.
    expect(await dnfInstall(`${server?.url}/rpm/repodata/repomd.xml.key`, 'b-served')).toBe('installed')
    expect(await dnfInstall(keyFile(keyA), 'a-refused')).toMatch(
      /GPG check FAILED|signature|Signature|repomd/
    )
    const db = tmp('resign-rpmdb')
    await run('rpmkeys', ['--dbpath', db, '--import', keyFile(keyB).slice(7)])
    const { stdout } = await run('rpmkeys', [
      '--dbpath',
      db,
      '--checksig',
      '-v',
      join(dest, 'rpm/sample-0.1.0-1.x86_64.rpm')
    ])
    expect(stdout).toMatch(new RegExp(`Signature, key ID ${keyB.fingerprint.slice(-8).toLowerCase()}: OK`))
  }, 180_000)

  test('a re-run writes nothing; a run after an interrupted one finishes only what is left', async () => {
    const mtimes = signatures().map(([s]) => statSync(s).mtimeMs)
    const again = await resign(keyB.armored)
    expect(again.code).toBe(0)
    expect(signatures().map(([s]) => statSync(s).mtimeMs)).toEqual(mtimes)
    const statuses = (JSON.parse(again.outputs.published) as { status: string }[]).map(p => p.status)
    expect(statuses.length).toBeGreaterThanOrEqual(7)
    expect(statuses.filter(st => st !== 'unchanged')).toEqual([])

    // As if a run had been killed before the tarball's signature: it is still key A's.
    const asc = join(dest, 'bin/x86_64/sample-0.1.0-x86_64.tar.gz.asc')
    const keepA = join(dir, 'a-sig.asc')
    writeFileSync(keepA, execFileSync('cat', [asc]))
    const aDir = tmp('resign-a-again')
    const aRepo = new LocalStore(aDir)
    await publish({
      files: [join(dir, 'built/sample-0.1.0-x86_64.tar.gz')],
      type: 'stable',
      store: aRepo,
      inputs: { 'signing-key': keyA.armored }
    })
    copyFileSync(join(aDir, 'bin/x86_64/sample-0.1.0-x86_64.tar.gz.asc'), asc)
    expect(gpgv(keyA, asc, asc.slice(0, -4))).toBe(true)
    const resumed = await resign(keyB.armored)
    expect(resumed.code).toBe(0)
    const written = (JSON.parse(resumed.outputs.published) as { path: string; status: string }[]).filter(
      p => p.status === 'uploaded'
    )
    expect(written.map(p => p.path)).toEqual(['bin/x86_64/sample-0.1.0-x86_64.tar.gz.asc'])
    expect(gpgv(keyB, asc, asc.slice(0, -4))).toBe(true)
  })

  test('dual signing (B, then A, in signing-key): InRelease and Release.gpg verify with either key', async () => {
    const r = await resign(`${keyB.armored}\n${keyA.armored}`)
    expect(r.stdout).not.toMatch(/::error::/)
    expect(r.code).toBe(0)
    const dists = join(dest, 'deb/dists/stable')
    // Each keyring finds its key's good signature (gpgv alone also reports the other as a missing key).
    for (const key of [keyA, keyB]) {
      const id = key.fingerprint.slice(-16).toUpperCase()
      expect(goodSigs(key, join(dists, 'InRelease'))).toEqual([id])
      expect(goodSigs(key, join(dists, 'Release.gpg'), join(dists, 'Release'))).toEqual([id])
    }
    const written = (JSON.parse(r.outputs.published) as { path: string; status: string }[])
      .filter(p => p.status === 'uploaded')
      .map(p => p.path)
      .sort()
    expect(written).toEqual(['deb/dists/stable/InRelease', 'deb/dists/stable/Release.gpg'])
    // Users who have the old key and users who have the new one both keep working during the rotation.
    expect(await aptUpdate(keyA, 'dual-a')).not.toMatch(/^(W|E|Err):/m)
    expect(await aptUpdate(keyB, 'dual-b')).not.toMatch(/^(W|E|Err):/m)
    expect((await resign(`${keyB.armored}\n${keyA.armored}`)).outputs.published).not.toContain('"uploaded"')
  })

  test('bad input: no key, or three keys, fails naming signing-key and writes nothing', async () => {
    const before = signatures().map(([s]) => statSync(s).mtimeMs)
    const none = await resign('')
    expect(none.code).toBe(1)
    expect(none.stdout).toMatch(/::error::.*signing-key/)
    const three = await resign([keyA.armored, keyB.armored, keyA.armored].join('\n'))
    expect(three.code).toBe(1)
    expect(three.stdout).toMatch(/::error::.*signing-key.*3 private keys/)
    expect(signatures().map(([s]) => statSync(s).mtimeMs)).toEqual(before)
  })
})

describe('on an S3 destination (s3rver): artifacts streamed down, re-signed, written back', () => {
  let s3: S3rverHandle
  beforeAll(async () => {
    s3 = await startS3rver()
  }, 30_000)
  afterAll(async () => {
    await s3?.stop()
  })

  test("every signature is key B's after the run, and a re-run writes nothing", async () => {
    const store = () =>
      new S3Store({
        bucket: s3.bucket,
        prefix: 'packages',
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        concurrency: 4
      })
    const a = store()
    await publish({
      files: readdirSync(join(dir, 'built')).map(f => join(dir, 'built', f)),
      type: 'stable',
      store: a,
      inputs: { 'signing-key': keyA.armored }
    })
    await a.close()
    const run = (signingKey: string) =>
      runAction({
        inputs: {
          kind: 'resign',
          destination: `s3://${s3.bucket}/packages`,
          's3-endpoint': s3.endpoint,
          's3-force-path-style': 'true',
          'signing-key': signingKey
        },
        eventName: 'workflow_dispatch',
        payload: { repository: { default_branch: 'main', full_name: 'example/project' } },
        ref: 'refs/heads/main',
        sha: repo.head(),
        workspace: repo.dir,
        env: { ...s3.env, PUBLISH_ARTIFACTS_RETRY_BASE_MS: '5' },
        timeoutMs: 120_000
      })
    const r = await run(keyB.armored)
    expect(r.stdout).not.toMatch(/::error::/)
    expect(r.code).toBe(0)
    const uploaded = (JSON.parse(r.outputs.published) as { path: string; status: string }[]).filter(
      p => p.status === 'uploaded' && /(\.asc|InRelease|Release\.gpg)$/.test(p.path)
    )
    expect(uploaded).toHaveLength(7)
    // Check each signature with gpgv against the bytes in the bucket.
    const b = store()
    const check = join(dir, 's3-check')
    mkdirSync(check, { recursive: true })
    for (const { path } of uploaded) {
      const sig = join(check, 'sig')
      writeFileSync(sig, (await b.read(path)) as Buffer)
      const signed = path.endsWith('/InRelease')
        ? undefined
        : path.replace(/\.asc$/, '').replace(/Release\.gpg$/, 'Release')
      if (signed) writeFileSync(join(check, 'data'), (await b.read(signed)) as Buffer)
      expect([path, gpgv(keyB, sig, signed && join(check, 'data'))]).toEqual([path, true])
    }
    await b.close()
    expect((await run(keyB.armored)).outputs.published).not.toContain('"uploaded"')
  })
})
