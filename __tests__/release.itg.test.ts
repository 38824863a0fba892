/**
 * Release resolution against real git repositories made in temp folders. The GitHub compare API cannot run here,
 * so its fallback is tested against a small loopback server that answers in GitHub's JSON shape.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Trigger } from '../src/classify.js'
import { gitFacts } from '../src/facts.js'
import { compareApi } from '../src/github.js'
import { resolveRelease } from '../src/release.js'
import { TestRepo } from '../testing/repo.js'
import { LibsVersionOracle } from './helpers/libs-version.js'

const auto = (sha: string, version = '') => ({
  releaseType: 'auto' as const,
  version,
  defaultBranch: 'main',
  releaseBranches: [],
  sha
})
const branch = (sha: string): Trigger => ({
  kind: 'branch',
  reason: 'push to the default branch',
  sha,
  branch: 'main'
})
/** What libs' get_version_from_git gives for a build of sha on main (computed by git, see the helper). */
const libs = (repo: TestRepo, sha: string) => new LibsVersionOracle(repo.dir).version('main', sha)
const tag = (name: string, sha: string, prerelease = false): Trigger => ({
  kind: 'tag',
  reason: `tag push of tag "${name}"`,
  sha,
  tag: name,
  version: name.replace(/^v/, ''),
  prerelease
})

describe('dev versions from git history (libs get_version_from_git)', () => {
  test('next minor after the highest X.Y.Z tag, commits since the merge-base, short sha', async () => {
    const repo = TestRepo.create()
    repo.commit()
    repo.tag('0.38.0')
    repo.commit()
    repo.tag('v0.39.0')
    repo.commit()
    repo.tag('0.40.0-rc1') // prereleases do not count as the base
    repo.commit()
    const sha = repo.commit()
    const release = await resolveRelease(branch(sha), auto(sha), gitFacts(repo.dir, undefined))
    const expected = libs(repo, sha)
    // libs only sees X.Y.Z tags (v0.39.0 and the rc are not), so the base is 0.38.0.
    expect(expected).toMatch(new RegExp(`^0\\.39\\.0-\\d+\\+${sha.slice(0, 7)}$`))
    expect(release).toMatchObject({ type: 'dev', version: expected, prerelease: true })
  })

  test('a higher tag on another branch counts, from where the branches part', async () => {
    const repo = TestRepo.create()
    repo.commit()
    repo.tag('1.0.0')
    repo.git('checkout', '-q', '-b', 'side')
    repo.commit()
    repo.tag('2.0.0')
    repo.git('checkout', '-q', 'main')
    const sha = repo.commit()
    const release = await resolveRelease(branch(sha), auto(sha), gitFacts(repo.dir, undefined))
    const expected = libs(repo, sha)
    expect(expected).toMatch(/^2\.1\.0-/)
    expect(release.version).toBe(expected)
  })

  test('no tag at all gives 0.0.0-N+sha7 (libs gives a bare 0.0.0, the same for every commit)', async () => {
    const repo = TestRepo.create()
    repo.commit()
    const sha = repo.commit()
    const release = await resolveRelease(branch(sha), auto(sha), gitFacts(repo.dir, undefined))
    expect(libs(repo, sha)).toBe('0.0.0')
    expect(release.version).toBe(`0.0.0-${repo.git('rev-list', '--count', sha)}+${sha.slice(0, 7)}`)
  })

  test('v-tags only: libs sees none (0.0.0); they count here as if they had no v', async () => {
    const repo = TestRepo.create()
    repo.commit()
    repo.tag('v1.9.0')
    const sha = repo.commit()
    const release = await resolveRelease(branch(sha), auto(sha), gitFacts(repo.dir, undefined))
    expect(libs(repo, sha)).toBe('0.0.0')
    expect(release.version).toBe(`1.10.0-1+${sha.slice(0, 7)}`)
  })

  test('the version input wins', async () => {
    const repo = TestRepo.create()
    const sha = repo.commit()
    const release = await resolveRelease(branch(sha), auto(sha, 'v9.9.9-dev'), gitFacts(repo.dir, undefined))
    expect(release.version).toBe('9.9.9-dev')
  })

  test('a shallow clone gets advice to set fetch-depth: 0', async () => {
    const repo = TestRepo.create()
    repo.commit()
    repo.tag('0.1.0')
    repo.commit()
    const shallow = repo.shallowClone('main')
    const sha = shallow.head()
    await expect(resolveRelease(branch(sha), auto(sha), gitFacts(shallow.dir, undefined))).rejects.toThrow(
      /fetch-depth: 0.*version input/
    )
  })
})

describe('stable tags must be on the default branch', () => {
  test('a tag on the default branch is stable, without the v', async () => {
    const repo = TestRepo.create()
    repo.commit()
    const sha = repo.tag('v0.40.0')
    repo.commit()
    repo.addOrigin()
    const release = await resolveRelease(tag('v0.40.0', sha), auto(sha), gitFacts(repo.dir, undefined))
    expect(release).toMatchObject({ type: 'stable', version: '0.40.0', prerelease: false, tag: 'v0.40.0' })
  })

  test('a tag on a side branch publishes nothing and says why', async () => {
    const repo = TestRepo.create()
    repo.commit()
    repo.git('checkout', '-q', '-b', 'release/0.40.x')
    repo.commit()
    const sha = repo.tag('0.40.1')
    repo.git('checkout', '-q', 'main')
    repo.commit()
    const release = await resolveRelease(tag('0.40.1', sha), auto(sha), gitFacts(repo.dir, undefined))
    expect(release).toMatchObject({ type: 'none', warn: true })
    expect(release.reason).toMatch(/not on the default branch 'main' and release-branches is empty/)
  })

  test('a prerelease tag on the default branch is a dev release with its own version', async () => {
    const repo = TestRepo.create()
    const sha = repo.commit()
    repo.tag('0.41.0-rc1')
    const release = await resolveRelease(
      tag('0.41.0-rc1', sha, true),
      auto(sha),
      gitFacts(repo.dir, undefined)
    )
    expect(release).toMatchObject({ type: 'dev', version: '0.41.0-rc1', prerelease: true })
  })

  test('a shallow tag checkout fetches the default branch from origin to decide', async () => {
    const upstream = TestRepo.create()
    upstream.commit()
    const sha = upstream.tag('1.0.0')
    upstream.commit()
    const shallow = upstream.shallowClone('1.0.0')
    expect(shallow.git('rev-parse', '--is-shallow-repository')).toBe('true')
    const release = await resolveRelease(tag('1.0.0', sha), auto(sha), gitFacts(shallow.dir, undefined))
    expect(release.type).toBe('stable')
    expect(shallow.git('rev-parse', '--is-shallow-repository')).toBe('false')
  })

  test('without history or an API token it fails instead of guessing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pa-nogit-'))
    const sha = 'a'.repeat(40)
    await expect(resolveRelease(tag('1.0.0', sha), auto(sha), gitFacts(empty, undefined))).rejects.toThrow(
      /cannot tell whether commit aaaaaaa is on the default branch 'main'.*fetch-depth: 0.*github-token/
    )
  })
})

describe('compare API fallback (loopback stand-in for api.github.com)', () => {
  let server: Server
  let apiUrl = ''
  const seen: string[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
      const m = /^\/repos\/falcosecurity\/falco\/compare\/([0-9a-f]+)\.\.\.([\w./-]+)/.exec(req.url ?? '')
      if (!m) return void res.writeHead(404).end('{"message":"Not Found"}')
      const status = m[1].startsWith('a') ? 'ahead' : 'diverged'
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status, ahead_by: 1, behind_by: 0, commits: [] }))
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>(r => server.close(() => r())))

  test('ahead means the default branch contains the tag: stable', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pa-nogit-'))
    const sha = 'a'.repeat(40)
    const api = compareApi('token-123', 'falcosecurity/falco', apiUrl)
    const release = await resolveRelease(tag('1.0.0', sha), auto(sha), gitFacts(empty, api))
    expect(release.type).toBe('stable')
    expect(seen.at(-1)).toMatch(
      /GET \/repos\/falcosecurity\/falco\/compare\/a{40}\.\.\.main.* token token-123/
    )
  })

  test('diverged means it does not: none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pa-nogit-'))
    const sha = 'b'.repeat(40)
    const release = await resolveRelease(
      tag('1.0.0', sha),
      auto(sha),
      gitFacts(empty, compareApi('t', 'falcosecurity/falco', apiUrl))
    )
    expect(release.type).toBe('none')
  })
})

describe('release-type override', () => {
  const none: Trigger = { kind: 'none', reason: "event 'workflow_dispatch' does not publish" }
  const facts = {
    branchContaining: async () => ({ tried: ['main'] }),
    devVersion: async (sha: string) => `0.0.0-1+${sha.slice(0, 7)}`
  }
  test('dev forced on a dispatch computes the dev version', async () => {
    const r = await resolveRelease(
      none,
      { releaseType: 'dev', version: '', defaultBranch: 'main', releaseBranches: [], sha: 'c'.repeat(40) },
      facts
    )
    expect(r).toMatchObject({ type: 'dev', version: '0.0.0-1+ccccccc' })
    expect(r.reason).toMatch(/forced/)
  })
  test('stable forced needs a version', async () => {
    await expect(
      resolveRelease(
        none,
        { releaseType: 'stable', version: '', defaultBranch: 'main', releaseBranches: [], sha: 'c' },
        facts
      )
    ).rejects.toThrow(/Input 'version'/)
  })
  test('stable forced with a prerelease version is refused', async () => {
    await expect(
      resolveRelease(
        none,
        { releaseType: 'stable', version: '1.0.0-rc1', defaultBranch: 'main', releaseBranches: [], sha: 'c' },
        facts
      )
    ).rejects.toThrow(/Input 'release-type'.*prereleases/)
  })
  test('stable forced with a version publishes it', async () => {
    const r = await resolveRelease(
      none,
      { releaseType: 'stable', version: 'v2.0.0', defaultBranch: 'main', releaseBranches: [], sha: 'c' },
      facts
    )
    expect(r).toMatchObject({ type: 'stable', version: '2.0.0' })
  })
})
