/**
 * github-release: the bundled action attaches the published packages and a signed SHA256SUMS to the GitHub
 * release of the tag. GitHub cannot be reached from here: the API is the loopback stand-in
 * testing/servers/github.ts (releases, assets, uploads, and a separate storage origin for downloads that
 * refuses the token), talked to by the real octokit client through GITHUB_API_URL. The decisions are also
 * table-tested without a server (planAssets).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { type FakeGitHub, startFakeGitHub } from '../testing/servers/github.js'
import { planAssets } from '../src/github/assets.js'
import { testKey } from './helpers/packages.js'

const local = { name: 'a.tar.gz', size: 3, sha256: 'a'.repeat(64) }
const remote = (over = {}) => ({
  id: 7,
  name: 'a.tar.gz',
  size: 3,
  state: 'uploaded',
  sha256: 'a'.repeat(64),
  ...over
})

describe('planAssets (pure)', () => {
  test.each([
    ['a new name is uploaded', [], true, 'upload', []],
    ['same name and bytes is unchanged', [remote()], true, 'unchanged', []],
    [
      'other bytes on a stable release are refused',
      [remote({ sha256: 'b'.repeat(64) })],
      true,
      undefined,
      ['a.tar.gz']
    ],
    ['other size on a stable release is refused', [remote({ size: 4 })], true, undefined, ['a.tar.gz']],
    ['other bytes on a prerelease are replaced', [remote({ sha256: 'b'.repeat(64) })], false, 'upload', []],
    ['a half-done upload is replaced, even on stable', [remote({ state: 'starter' })], true, 'upload', []],
    [
      'no digest and the same size: hash the remote bytes',
      [remote({ sha256: undefined })],
      true,
      'compare',
      []
    ]
  ])('%s', (_name, existing, stable, action, conflicts) => {
    const plan = planAssets([local], existing, stable)
    expect(plan.actions.map(a => a.action)).toEqual(action ? [action] : [])
    expect(plan.conflicts).toEqual(conflicts)
  })

  test('a compared asset is decided by its hash', () => {
    const r = remote({ sha256: undefined })
    expect(planAssets([local], [r], true, new Map([[7, 'a'.repeat(64)]])).actions[0].action).toBe('unchanged')
    expect(planAssets([local], [r], true, new Map([[7, 'c'.repeat(64)]])).conflicts).toEqual(['a.tar.gz'])
  })
})

describe('the bundled action with github-release (GitHub API stand-in on loopback)', () => {
  let gh: FakeGitHub
  let key: Awaited<ReturnType<typeof testKey>>
  const keyDir = mkdtempSync(join(tmpdir(), 'pa-ghrel-key-'))
  beforeAll(async () => {
    gh = await startFakeGitHub()
    key = await testKey(keyDir)
  })
  afterAll(() => gh?.close())

  const repo = TestRepo.create()
  repo.commit()
  const stableSha = repo.tag('v1.4.0')
  const rcSha = repo.commit()
  repo.tag('v1.5.0-rc1')
  const head = repo.commit()
  repo.addOrigin()
  const payload = (ref: string) => ({
    ref,
    repository: { default_branch: 'main', full_name: 'example/project' }
  })
  const run = (ref: string, sha: string, inputs: Record<string, string> = {}) =>
    runAction({
      inputs: {
        kind: 'packages',
        files: 'build/*.tar.gz',
        destination: 'out',
        'github-release': 'true',
        'github-token': 'ghs_release_token_123',
        'signing-key': key.armored,
        ...inputs
      },
      eventName: 'push',
      payload: payload(ref),
      ref,
      sha,
      workspace: repo.dir,
      env: { GITHUB_API_URL: gh.url, PUBLISH_ARTIFACTS_RETRY_BASE_MS: '5' },
      timeoutMs: 120_000
    })
  const tarball = (name: string, content: string) =>
    repo.write(`build/${name}`, gzipSync(Buffer.from(content)))
  const assetsOf = (tag: string) =>
    Object.fromEntries((gh.releases.find(r => r.tag === tag)?.assets ?? []).map(a => [a.name, a.data]))

  test('a stable tag: packages, SHA256SUMS and its signature attached once; a re-run uploads nothing', async () => {
    gh.releases.push({ id: 1, tag: 'v1.4.0', prerelease: false, assets: [] })
    tarball('tool-1.4.0-x86_64.tar.gz', 'x86 build')
    tarball('tool-1.4.0-aarch64.tar.gz', 'arm build')
    const r = await run('refs/tags/v1.4.0', stableSha)
    expect(r.stdout).not.toMatch(/::error::/)
    expect(r.code).toBe(0)
    const assets = assetsOf('v1.4.0')
    expect(Object.keys(assets).sort()).toEqual([
      'SHA256SUMS',
      'SHA256SUMS.asc',
      'tool-1.4.0-aarch64.tar.gz',
      'tool-1.4.0-x86_64.tar.gz'
    ])
    // What a user does with the downloads: check the list's signature, then the files against it.
    const dl = mkdtempSync(join(tmpdir(), 'pa-ghrel-dl-'))
    for (const [name, data] of Object.entries(assets)) writeFileSync(join(dl, name), data)
    execFileSync('gpgv', ['--keyring', key.keyring, 'SHA256SUMS.asc', 'SHA256SUMS'], {
      cwd: dl,
      stdio: 'pipe'
    })
    execFileSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: dl, stdio: 'pipe' })
    const published = JSON.parse(r.outputs.published) as { repo?: string; path: string; status: string }[]
    expect(published.filter(p => p.repo === 'github-release').map(p => [p.path, p.status])).toEqual([
      ['v1.4.0/tool-1.4.0-aarch64.tar.gz', 'uploaded'],
      ['v1.4.0/tool-1.4.0-x86_64.tar.gz', 'uploaded'],
      ['v1.4.0/SHA256SUMS', 'uploaded'],
      ['v1.4.0/SHA256SUMS.asc', 'uploaded']
    ])
    expect(r.summary).toMatch(/GitHub release .*v1\.4\.0.*4 asset\(s\) uploaded/)
    const log = r.stdout.split('\n').filter(l => !l.startsWith('::add-mask::'))
    expect(log.join('\n')).not.toContain('ghs_release_token_123')

    const uploads = gh.uploads.length
    const again = await run('refs/tags/v1.4.0', stableSha)
    expect(again.code).toBe(0)
    expect(gh.uploads.length).toBe(uploads)
    const entries = JSON.parse(again.outputs.published) as { repo?: string; status: string }[]
    expect(entries.filter(p => p.repo === 'github-release').map(p => p.status)).toEqual(
      Array(4).fill('unchanged')
    )

    // Without digests (older Enterprise Servers) the assets are downloaded and hashed, still unchanged; the
    // storage host the download is redirected to never sees the token.
    gh.digests = false
    const third = await run('refs/tags/v1.4.0', stableSha)
    gh.digests = true
    expect(third.code).toBe(0)
    expect(gh.uploads.length).toBe(uploads)
    expect(gh.downloads.length).toBeGreaterThanOrEqual(2)
    expect(gh.downloads.every(d => d.authorization === undefined)).toBe(true)
  })

  test('a stable release holding an asset with other bytes is refused before anything is written', async () => {
    gh.releases.splice(0, gh.releases.length, {
      id: 2,
      tag: 'v1.4.0',
      prerelease: false,
      assets: [
        {
          id: 99,
          name: 'tool-1.4.0-x86_64.tar.gz',
          contentType: 'application/gzip',
          data: Buffer.from('other'),
          state: 'uploaded'
        }
      ]
    })
    const uploads = gh.uploads.length
    const r = await run('refs/tags/v1.4.0', stableSha, { destination: 'out-conflict' })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /::error::github-release: the stable release "v1\.4\.0" already has asset\(s\) with other bytes: "tool-1\.4\.0-x86_64\.tar\.gz"/
    )
    expect(existsSync(join(repo.dir, 'out-conflict'))).toBe(false)
    expect(gh.uploads.length).toBe(uploads)
  })

  test('a prerelease tag: the release is created as a prerelease; a rebuilt asset is replaced', async () => {
    tarball('tool-1.5.0-rc1-x86_64.tar.gz', 'rc build')
    const files = { files: 'build/tool-1.5.0-rc1-*.tar.gz', destination: 'out-rc' }
    expect((await run('refs/tags/v1.5.0-rc1', rcSha, files)).code).toBe(0)
    const rel = gh.releases.find(r => r.tag === 'v1.5.0-rc1')
    expect(rel?.prerelease).toBe(true)
    const firstSums = assetsOf('v1.5.0-rc1').SHA256SUMS.toString()
    tarball('tool-1.5.0-rc1-x86_64.tar.gz', 'rc rebuilt')
    const again = await run('refs/tags/v1.5.0-rc1', rcSha, files)
    expect(again.code).toBe(0)
    const assets = assetsOf('v1.5.0-rc1')
    expect(Object.keys(assets).sort()).toEqual([
      'SHA256SUMS',
      'SHA256SUMS.asc',
      'tool-1.5.0-rc1-x86_64.tar.gz'
    ])
    expect(assets['tool-1.5.0-rc1-x86_64.tar.gz']).toEqual(gzipSync(Buffer.from('rc rebuilt')))
    expect(assets.SHA256SUMS.toString()).not.toBe(firstSums)
  })

  test('a run without a tag (a merge into main) publishes and attaches nothing', async () => {
    const before = gh.releases.length
    const r = await run('refs/heads/main', head, {
      files: 'build/tool-1.4.0-x86_64.tar.gz',
      destination: 'out-dev'
    })
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('dev')
    expect(r.stdout).toMatch(/github-release: this run has no tag/)
    expect(gh.releases.length).toBe(before)
  })
})
