/**
 * Publishing into an rpm repository another tool wrote, as Falco's own scripts do: createrepo_c for the repodata
 * (with its sqlite databases) and gpg for repomd.xml.asc, served by nginx WebDAV behind the fault proxy
 * (testing/chaos/proxy.ts). dnf with repo_gpgcheck=1 is the judge:
 *
 * - a publish whose repomd.xml PUT fails leaves dnf on createrepo_c's state, every older package still there;
 * - the re-run completes it, and dnf then sees the older packages and the new one; createrepo_c's sqlite
 *   databases, which would name only the older ones, are dropped from repomd.xml.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { HttpStore } from '../src/stores/http.js'
import { type ProxyHandle, startProxy } from '../testing/chaos/proxy.js'
import { type NginxHandle, startNginx } from '../testing/servers/nginx.js'
import { dnfArgs, dnfPackages } from './helpers/clients.js'
import { type TestKey, publish, rpmbuild, stopGpgAgents, testKey, tmp } from './helpers/packages.js'

let dir: string
let key: TestKey
let dav: NginxHandle
let proxy: ProxyHandle

const store = (): HttpStore => new HttpStore({ url: new URL('/dav/', proxy.url), concurrency: 4 })
const build = (version: string): string => {
  const out = join(dir, `build-${version}`)
  mkdirSync(out)
  return rpmbuild(out, { name: 'falco', version, arch: 'x86_64' })
}
let dnfRuns = 0
const dnf = (): Promise<string[]> =>
  dnfPackages(dnfArgs(join(dir, `dnf-${++dnfRuns}`), `${dav.url}rpm`, join(dir, 'key.asc')))
const names = (versions: string[]): string[] => versions.map(v => `falco-${v}-1.x86_64`).sort()
const repomd = (): Buffer => readFileSync(join(dav.root, 'rpm/repodata/repomd.xml'))

beforeAll(async () => {
  dir = tmp('foreign-rpm')
  key = await testKey(dir)
  writeFileSync(join(dir, 'key.asc'), key.publicArmored)
  dav = await startNginx({ noAuth: true })
  proxy = await startProxy({ target: `http://127.0.0.1:${dav.port}`, seed: 12, faultable: () => false })
  // The existing repository: createrepo_c over two older releases, repomd.xml signed by gpg.
  const repo = join(dav.root, 'rpm')
  mkdirSync(repo, { recursive: true })
  for (const v of ['0.43.0', '0.44.0']) {
    const rpm = build(v)
    copyFileSync(rpm, join(repo, basename(rpm)))
  }
  execFileSync('createrepo_c', ['--quiet', repo])
  const gnupg = join(dir, 'gnupg')
  mkdirSync(gnupg, { mode: 0o700 })
  writeFileSync(join(dir, 'secret.asc'), key.armored)
  const gpg = (...args: string[]) =>
    execFileSync('gpg', ['--homedir', gnupg, '--batch', '--yes', '--pinentry-mode', 'loopback', ...args], {
      stdio: 'pipe'
    })
  gpg('--import', join(dir, 'secret.asc'))
  gpg('--passphrase', '', '--armor', '--detach-sign', join(repo, 'repodata/repomd.xml'))
  stopGpgAgents(dir)
}, 120_000)

afterAll(async () => {
  await proxy?.stop()
  await dav?.stop()
  stopGpgAgents(dir)
})

describe('an rpm repository written by createrepo_c and gpg', () => {
  test('dnf reads it as it is (the starting point is sound, and it carries sqlite databases)', async () => {
    expect(repomd().toString()).toContain('type="primary_db"')
    expect(await dnf()).toEqual(names(['0.43.0', '0.44.0']))
  }, 120_000)

  test('a failed repomd.xml PUT leaves dnf on the old state; the re-run keeps every older package', async () => {
    const rpm = build('0.45.0')
    const before = repomd()
    const publishIt = () =>
      publish({
        files: [rpm],
        type: 'stable',
        version: '0.45.0',
        store: store(),
        inputs: { 'signing-key': key.armored }
      })
    proxy.setAnswer((method, path) =>
      method === 'PUT' && path.endsWith('/rpm/repodata/repomd.xml') ? 403 : undefined
    )
    try {
      await expect(publishIt()).rejects.toThrow(
        /writing rpm\/repodata\/repomd\.xml to .* failed[\s\S]*restored/
      )
    } finally {
      proxy.setAnswer(undefined)
    }
    expect(proxy.answered().some(r => r.endsWith('/rpm/repodata/repomd.xml'))).toBe(true)
    expect(repomd()).toEqual(before)
    expect(await dnf()).toEqual(names(['0.43.0', '0.44.0']))

    await publishIt()
    expect(repomd()).not.toEqual(before)
    // createrepo_c's sqlite databases would name only the older packages (yum reads them): dropped, not stale.
    expect(repomd().toString()).not.toContain('_db"')
    expect(await dnf()).toEqual(names(['0.43.0', '0.44.0', '0.45.0']))
  }, 180_000)
})
