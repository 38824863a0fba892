/**
 * Top index files last and never half-done, against nginx WebDAV behind the fault proxy (testing/chaos/proxy.ts),
 * read by the real clients: apt-get with signed-by, dnf with repo_gpgcheck=1.
 *
 * - A publish whose InRelease (then Release, Release.gpg, repomd.xml, repomd.xml.asc) PUT fails: the run fails
 *   saying so, the previous top files are restored, apt-get update / dnf makecache keep working on the previous
 *   state, and a re-run completes the publication.
 * - A server that answers 2xx to a PUT but stores nothing: the run fails before any index names the file.
 * - Readers in the middle of a slowed publish (the top files' PUTs held back) succeed: apt-get through by-hash,
 *   dnf through the retained repodata.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { field, parseParagraphs } from '../src/packages/control.js'
import { HttpStore } from '../src/stores/http.js'
import { type ProxyHandle, startProxy } from '../testing/chaos/proxy.js'
import { type NginxHandle, startNginx } from '../testing/servers/nginx.js'
import { aptArgs, aptUpdate, aptVersions, dnfArgs, dnfPackages } from './helpers/clients.js'
import { type TestKey, dpkgDeb, publish, rpmbuild, testKey, tmp } from './helpers/packages.js'

let dir: string
let key: TestKey
let dav: NginxHandle
let proxy: ProxyHandle
/** The user's apt state, updated after every publication, as on a machine that runs apt-get update daily. */
let apt: string[]

const store = (): HttpStore => new HttpStore({ url: new URL('/dav/', proxy.url), concurrency: 4 })

function build(version: string): { deb: string; rpm: string } {
  const out = join(dir, `build-${version}`)
  mkdirSync(out)
  return {
    deb: dpkgDeb(out, { name: 'hello', version, arch: 'amd64' }),
    rpm: rpmbuild(out, { name: 'hello', version, arch: 'x86_64' })
  }
}

const publishFiles = (files: string[], version: string) =>
  publish({
    files,
    type: 'stable',
    version,
    store: store(),
    inputs: { 'signing-key': key.armored }
  })

let dnfRuns = 0
const dnf = (): Promise<string[]> =>
  dnfPackages(dnfArgs(join(dir, `dnf-${++dnfRuns}`), `${dav.url}rpm`, join(dir, 'key.asc')))

const rpmNames = (versions: string[]): string[] => versions.map(v => `hello-${v}-1.x86_64`).sort()
const file = (key: string): Buffer => readFileSync(join(dav.root, key))

/** The top files as gpgv sees them: InRelease and Release.gpg by our key, Release.gpg over this Release. */
function checkSignatures(): void {
  const dists = join(dav.root, 'deb/dists/stable')
  execFileSync('gpgv', ['--keyring', key.keyring, join(dists, 'InRelease')], { stdio: 'pipe' })
  execFileSync('gpgv', ['--keyring', key.keyring, join(dists, 'Release.gpg'), join(dists, 'Release')], {
    stdio: 'pipe'
  })
  const repodata = join(dav.root, 'rpm/repodata')
  execFileSync(
    'gpgv',
    ['--keyring', key.keyring, join(repodata, 'repomd.xml.asc'), join(repodata, 'repomd.xml')],
    { stdio: 'pipe' }
  )
}

/** The versions published so far, per format. */
const debs: string[] = []
const rpms: string[] = []
/** The top files whose PUTs the proxy may slow: the ones apt and dnf fetch first. */
const slowed = /\/(InRelease|repomd\.xml)$/

beforeAll(async () => {
  dir = tmp('topfiles')
  key = await testKey(dir)
  dav = await startNginx({ noAuth: true })
  // Only InRelease and repomd.xml PUTs are ever slowed (the rates stay empty until the readers' test).
  proxy = await startProxy({
    target: `http://127.0.0.1:${dav.port}`,
    seed: 18,
    slowMs: 10_000,
    faultable: (method, path) => method === 'PUT' && slowed.test(path)
  })
  apt = aptArgs(join(dir, 'apt'), `${dav.url}deb stable main`, key.keyring, 'amd64')
  const v1 = build('1.0.0')
  await publishFiles([v1.deb, v1.rpm], '1.0.0')
  debs.push('1.0.0')
  rpms.push('1.0.0')
}, 120_000)

afterAll(async () => {
  await proxy?.stop()
  await dav?.stop()
})

describe('a failed top-file write leaves clients on the previous state; a re-run completes it', () => {
  test('the starting point: apt-get and dnf see 1.0.0', async () => {
    await aptUpdate(apt)
    expect(await aptVersions(apt, 'hello')).toEqual(['1.0.0'])
    expect(await dnf()).toEqual(rpmNames(['1.0.0']))
  }, 120_000)

  test.each([
    ['InRelease', 500, 'deb', '2.0.0'],
    ['Release', 403, 'deb', '3.0.0'],
    ['Release.gpg', 403, 'deb', '4.0.0'],
    ['repomd.xml', 403, 'rpm', '5.0.0'],
    ['repomd.xml.asc', 500, 'rpm', '6.0.0']
  ] as const)(
    'the %s PUT answers %d',
    async (name, status, format, version) => {
      const files = build(version)
      const input = format === 'deb' ? files.deb : files.rpm
      const topKey = format === 'deb' ? `deb/dists/stable/${name}` : `rpm/repodata/${name}`
      const tops =
        format === 'deb'
          ? ['Release', 'Release.gpg', 'InRelease'].map(n => `deb/dists/stable/${n}`)
          : ['repomd.xml', 'repomd.xml.asc'].map(n => `rpm/repodata/${n}`)
      const before = tops.map(file)
      proxy.setAnswer((method, path) =>
        method === 'PUT' && path.endsWith(`/${topKey}`) ? status : undefined
      )
      try {
        await expect(publishFiles([input], version)).rejects.toThrow(
          new RegExp(`writing ${topKey.replace(/\./g, '\\.')} to .* failed[\\s\\S]*restored`)
        )
      } finally {
        proxy.setAnswer(undefined)
      }
      expect(proxy.answered().filter(r => r.endsWith(`/${topKey}`)).length).toBeGreaterThan(0)
      // Every top file has its previous bytes: the ones written before the failure were restored.
      expect(tops.map(file)).toEqual(before)
      checkSignatures()
      // The previous state, whole, for both clients.
      await aptUpdate(apt)
      expect(await aptVersions(apt, 'hello')).toEqual([...debs].reverse())
      expect(await dnf()).toEqual(rpmNames(rpms))

      // The same run again, with the store healthy: the publication completes (no stale signature reused).
      await publishFiles([input], version)
      ;(format === 'deb' ? debs : rpms).push(version)
      checkSignatures()
      await aptUpdate(apt)
      expect(await aptVersions(apt, 'hello')).toEqual([...debs].reverse())
      expect(await dnf()).toEqual(rpmNames(rpms))
    },
    180_000
  )
})

describe('a server that answers 2xx but stores nothing', () => {
  test('the run fails before any index names the missing file', async () => {
    const files = build('7.0.0')
    const packages = file('deb/dists/stable/main/binary-amd64/Packages')
    const release = file('deb/dists/stable/Release')
    proxy.setAnswer((method, path) =>
      method === 'PUT' && path.endsWith('/deb/stable/hello_7.0.0_amd64.deb') ? 'swallow' : undefined
    )
    try {
      await expect(publishFiles([files.deb], '7.0.0')).rejects.toThrow(
        /accepted writes it does not hold: deb\/stable\/hello_7\.0\.0_amd64\.deb is missing/
      )
    } finally {
      proxy.setAnswer(undefined)
    }
    expect(existsSync(join(dav.root, 'deb/stable/hello_7.0.0_amd64.deb'))).toBe(false)
    expect(file('deb/dists/stable/main/binary-amd64/Packages')).toEqual(packages)
    expect(file('deb/dists/stable/Release')).toEqual(release)
    await aptUpdate(apt)
    expect(await aptVersions(apt, 'hello')).not.toContain('7.0.0')
  }, 120_000)
})

describe('readers in the middle of a publish', () => {
  test('apt-get and dnf succeed while the new indexes are written and the top files are held back', async () => {
    const files = build('8.0.0')
    const oldRelease = file('deb/dists/stable/Release')
    const oldRepomd = file('rpm/repodata/repomd.xml')
    const oldInRelease = file('deb/dists/stable/InRelease')
    const oldPackages = file('deb/dists/stable/main/binary-amd64/Packages')
    const oldPrimaries = readdirSync(join(dav.root, 'rpm/repodata')).filter(f => f.endsWith('primary.xml.gz'))
    const debsBefore = (await aptVersions(apt, 'hello')).sort()
    const rpmsBefore = await dnf()
    // The InRelease and repomd.xml PUTs wait 10 s: the window in which clients see the old top files over the
    // new plain indexes.
    proxy.setRates({ slow: 1 })
    const running = publishFiles([files.deb, files.rpm], '8.0.0')
    try {
      // Until the plain Packages and the new primary.xml are written.
      for (let i = 0; i < 200; i++) {
        const primaries = readdirSync(join(dav.root, 'rpm/repodata')).filter(f =>
          f.endsWith('primary.xml.gz')
        )
        if (
          !file('deb/dists/stable/main/binary-amd64/Packages').equals(oldPackages) &&
          primaries.length > oldPrimaries.length
        )
          break
        await new Promise(done => setTimeout(done, 100))
      }
      expect(file('deb/dists/stable/main/binary-amd64/Packages')).not.toEqual(oldPackages)
      // The old Release names the old Packages: only its by-hash copy matches it now. A new user (no lists
      // yet) fetches every index; a user with current lists would only see the unchanged InRelease.
      const fresh = aptArgs(join(dir, 'apt-middle'), `${dav.url}deb stable main`, key.keyring, 'amd64')
      await aptUpdate(fresh)
      expect((await aptVersions(fresh, 'hello')).sort()).toEqual(debsBefore)
      expect(await dnf()).toEqual(rpmsBefore)
      // Both clients really read during the publish: the old top files were still live after they finished.
      expect(file('deb/dists/stable/InRelease')).toEqual(oldInRelease)
      expect(file('rpm/repodata/repomd.xml')).toEqual(oldRepomd)
    } finally {
      await running.finally(() => proxy.setRates({}))
    }
    expect(proxy.stats().faults.slow).toBeGreaterThanOrEqual(2)
    await aptUpdate(apt)
    expect(await aptVersions(apt, 'hello')).toContain('8.0.0')
    expect(await dnf()).toContain('hello-8.0.0-1.x86_64')
    // A client (or a CDN) still holding the replaced repomd.xml or Release finds every file they name.
    for (const href of oldRepomd.toString().matchAll(/href="([^"]+)"/g))
      expect(existsSync(join(dav.root, 'rpm', href[1]))).toBe(true)
    const sha256Lines = field(parseParagraphs(oldRelease.toString())[0], 'SHA256') ?? ''
    for (const line of sha256Lines.split('\n').filter(Boolean)) {
      const [hash, , path] = line.trim().split(/\s+/)
      expect(
        existsSync(join(dav.root, 'deb/dists/stable', path.replace(/[^/]+$/, ''), 'by-hash/SHA256', hash))
      ).toBe(true)
    }
  }, 180_000)
})
