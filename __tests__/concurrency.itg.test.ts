/**
 * Two publishers into the same apt and yum repositories at the same moment, several rounds: both packages of
 * every round must end up in the final indexes, and the indexes must reference only files that exist with the
 * right checksums (no lost update, no corruption). Runs against a local folder (O_EXCL lock) and nginx WebDAV.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { CHAOS_ENV } from '../testing/chaos/suite.js'
import { REPO_PAYLOAD, buildDeb, buildRpm } from '../testing/chaos/scenarios.js'
import { checkPackages, diskReader } from '../testing/chaos/verify.js'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { type NginxHandle, startNginx } from '../testing/servers/nginx.js'

const ROUNDS = 3
let dav: NginxHandle

beforeAll(async () => {
  dav = await startNginx()
}, 30_000)

afterAll(async () => {
  await dav?.stop()
})

/** A workspace holding one .deb and one .rpm of `name` at `version`. */
function workspace(name: string, version: string): TestRepo {
  const repo = TestRepo.create()
  repo.commit()
  buildDeb(join(repo.dir, 'build'), name, version, 'amd64', 'x86_64')
  buildRpm(join(repo.dir, 'build'), name, version, 'x86_64')
  return repo
}

async function publish(repo: TestRepo, version: string, inputs: Record<string, string>) {
  return runAction({
    inputs: { kind: 'packages', files: 'build/*', 'release-type': 'stable', version, ...inputs },
    eventName: 'workflow_dispatch',
    payload: REPO_PAYLOAD,
    ref: 'refs/heads/main',
    sha: repo.head(),
    workspace: repo.dir,
    env: { ...CHAOS_ENV, RUNNER_DEBUG: '' },
    timeoutMs: 120_000
  })
}

async function indexed(root: string): Promise<{ deb: string[]; rpm: string[] }> {
  const packages = (await readFile(join(root, 'deb/dists/stable/main/binary-amd64/Packages'), 'utf8'))
    .split(/\n\n+/)
    .filter(s => s.trim())
    .map(s => `${/^Package: (.+)$/m.exec(s)?.[1]} ${/^Version: (.+)$/m.exec(s)?.[1]}`)
  const repomd = await readFile(join(root, 'rpm/repodata/repomd.xml'), 'utf8')
  const href = /<data type="primary">[\s\S]*?<location href="([^"]+)"/.exec(repomd)?.[1] ?? ''
  const primary = gunzipSync(await readFile(join(root, 'rpm', href))).toString('utf8')
  const rpm = [...primary.matchAll(/<name>([^<]+)<\/name>[\s\S]*?<version [^>]*ver="([^"]+)"/g)].map(
    m => `${m[1]} ${m[2]}`
  )
  return { deb: packages.sort(), rpm: rpm.sort() }
}

describe('two publishers into one repository at once', () => {
  test.each([
    ['a local folder', 'local'],
    ['nginx WebDAV', 'dav']
  ])(
    '%s: every round keeps both packages',
    async (_name, where) => {
      const local = mkdtempSync(join(tmpdir(), 'pa-concurrency-'))
      const target =
        where === 'local'
          ? { destination: local, root: local }
          : { destination: `${dav.url}concurrency`, root: join(dav.root, 'concurrency') }
      const auth: Record<string, string> =
        where === 'dav' ? { 'http-username': dav.username, 'http-password': dav.password } : {}
      const expected: string[] = []
      for (let round = 1; round <= ROUNDS; round++) {
        const version = `1.${round}.0`
        const [a, b] = [workspace('alpha', version), workspace('beta', version)]
        const runs = await Promise.all(
          [a, b].map(repo => publish(repo, version, { destination: target.destination, ...auth }))
        )
        for (const r of runs)
          expect({ code: r.code, error: /^::error::(.*)$/m.exec(r.stdout)?.[1] }).toEqual({
            code: 0,
            error: undefined
          })
        expected.push(`alpha ${version}`, `beta ${version}`)
        const got = await indexed(target.root)
        expect(got.deb).toEqual([...expected].sort())
        expect(got.rpm).toEqual([...expected].sort())
        expect(await checkPackages(diskReader(target.root))).toEqual([])
      }
    },
    180_000
  )
})
