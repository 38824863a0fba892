/**
 * The release model of a real project, on a git history shaped like Falco's (helpers/falco-history.ts): releases
 * tagged on `release/*` branches, rc tags on them, an old tag on master. Dev versions are checked against an
 * oracle that runs libs' get_version_from_git commands in a checkout (helpers/get-version-from-git.sh), never
 * against written-down values. The GitHub API cannot run here: its fallback is tested against a loopback stand-in
 * that answers in GitHub's JSON shapes from the same git history.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { classifyEvent } from '../src/classify.js'
import { type EventPayload, type RunContext, parsePayload } from '../src/context.js'
import { gitFacts } from '../src/facts.js'
import { compareApi } from '../src/github.js'
import { type Overrides, resolveRelease } from '../src/release.js'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { type FalcoHistory, falcoHistory, quirkyHistory } from './helpers/falco-history.js'
import { LibsVersionOracle } from './helpers/libs-version.js'

const fixture = (name: string): EventPayload =>
  parsePayload(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'))
const repository = { default_branch: 'master', full_name: 'falcosecurity/falco' }

/** A fixture of GitHub's workflow_run payload, pointed at a commit and branch (or tag) of the test history. */
function workflowRun(file: string, headSha: string, headBranch?: string): EventPayload {
  const p = fixture(file) as EventPayload & { workflow_run: Record<string, unknown> }
  p.workflow_run.head_sha = headSha
  if (headBranch) p.workflow_run.head_branch = headBranch
  return p
}

let h: FalcoHistory
let oracle: LibsVersionOracle
const head = () => h.points.find(p => p.name === 'master head')!.sha

beforeAll(() => {
  h = falcoHistory()
  oracle = new LibsVersionOracle(h.repo.dir)
})

function ctx(eventName: string, payload: EventPayload, sha: string, ref = ''): RunContext {
  return {
    eventName,
    ref,
    sha,
    repository: 'falcosecurity/falco',
    payload,
    workspace: h.repo.dir,
    apiUrl: 'http://127.0.0.1:1',
    serverUrl: 'https://github.com'
  }
}

const overrides = (
  sha: string,
  releaseBranches: string[] = [],
  more: Partial<Overrides> = {}
): Overrides => ({
  releaseType: 'auto',
  version: '',
  defaultBranch: 'master',
  releaseBranches,
  sha,
  ...more
})

async function classify(c: RunContext, releaseBranches: string[] = [], dir = h.repo.dir) {
  return resolveRelease(
    classifyEvent(c, 'master'),
    overrides(c.sha, releaseBranches),
    gitFacts(dir, undefined)
  )
}

const tagPush = (tag: string) =>
  ctx('push', { ref: `refs/tags/${tag}`, repository }, h.tags[tag], `refs/tags/${tag}`)

describe('dev versions are exactly libs get_version_from_git', () => {
  test('the history is Falco-shaped: no final tag since 0.40.0 is reachable from master', () => {
    const merged = h.repo.git('tag', '--merged', 'master').split('\n')
    expect(merged).toEqual(['0.33.0'])
    expect(Object.keys(h.tags).filter(t => t.includes('-rc')).length).toBeGreaterThanOrEqual(6)
  })

  test('pushes to master at several points get the version git computes', async () => {
    const masters = h.points.filter(p => p.branch === 'master')
    expect(masters.length).toBeGreaterThanOrEqual(5)
    for (const p of masters) {
      const expected = oracle.version('master', p.sha)
      expect(expected).toMatch(/^\d+\.\d+\.\d+(-\d+\+[0-9a-f]{7})?$/)
      const release = await classify(
        ctx('push', { ref: 'refs/heads/master', repository }, p.sha, 'refs/heads/master')
      )
      expect({ point: p.name, type: release.type, version: release.version }).toEqual({
        point: p.name,
        type: 'dev',
        version: expected
      })
    }
  })

  test('builds on release branches (forced dev) get the version git computes', async () => {
    const branches = h.points.filter(p => p.branch.startsWith('release/'))
    expect(branches.length).toBeGreaterThanOrEqual(8)
    for (const p of branches) {
      const expected = oracle.version(p.branch, p.sha)
      const c = ctx('push', { ref: `refs/heads/${p.branch}`, repository }, p.sha, `refs/heads/${p.branch}`)
      const release = await resolveRelease(
        classifyEvent(c, 'master'),
        overrides(p.sha, [], { releaseType: 'dev', branch: p.branch }),
        gitFacts(h.repo.dir, undefined)
      )
      expect({ point: p.name, version: release.version }).toEqual({ point: p.name, version: expected })
    }
  })

  test('the oracle is not trivial: master head counts from the fork of the highest release', () => {
    const expected = oracle.version('master', head())
    const fork = h.repo.git('merge-base', head(), h.tags['0.44.9'])
    expect(expected).toBe(
      `0.45.0-${h.repo.git('rev-list', '--count', `${fork}..${head()}`)}+${head().slice(0, 7)}`
    )
  })

  test('tags libs reads differently from semver (1.2.10 unseen, 1.3.0-rc.1 seen, v-tags unseen)', async () => {
    const q = quirkyHistory()
    const o = new LibsVersionOracle(q.repo.dir)
    for (const p of q.points)
      expect(await gitFacts(q.repo.dir, undefined).devVersion(p.sha, p.branch)).toBe(
        o.version(p.branch, p.sha)
      )
  })
})

describe('release tags on release branches', () => {
  test('stable with release-branches: release/*', async () => {
    const release = await classify(tagPush('0.44.1'), ['release/*'])
    expect(release).toMatchObject({ type: 'stable', version: '0.44.1', prerelease: false, tag: '0.44.1' })
    expect(release.reason).toMatch(/on 'release\/0\.44\.x'/)
    expect(release.warn).toBeUndefined()
  })

  test('a backport tagged after newer minors is stable on its own branch', async () => {
    const release = await classify(tagPush('0.40.2'), ['release/*'])
    expect(release).toMatchObject({ type: 'stable', version: '0.40.2' })
    expect(release.reason).toMatch(/on 'release\/0\.40\.x'/)
  })

  test('without release-branches: none, with a warning naming tag, commit, branch and the input', async () => {
    const release = await classify(tagPush('0.44.1'))
    expect(release).toMatchObject({ type: 'none', version: '', warn: true })
    expect(release.reason).toContain('"0.44.1"')
    expect(release.reason).toContain(h.tags['0.44.1'].slice(0, 7))
    expect(release.reason).toMatch(/not on the default branch 'master' and release-branches is empty/)
  })

  test('a tag on a branch no glob matches: none, listing the branches tried', async () => {
    const release = await classify(tagPush('0.44.9'), ['release/*'])
    expect(release).toMatchObject({ type: 'none', warn: true })
    expect(release.reason).toMatch(
      /nor on a branch matching release-branches 'release\/\*' \(tried "release\/0\.45\.x", "release\/0\.44\.x", .*"release\/0\.40\.x"\)/
    )
    expect(release.reason).not.toContain('feature/x')
  })

  test('globs are matched exactly: release/0.4[0-3].x does not allow release/0.44.x', async () => {
    const release = await classify(tagPush('0.44.1'), ['release/0.4[0-3].x'])
    expect(release.type).toBe('none')
    expect(release.reason).toMatch(
      /tried "release\/0\.43\.x", "release\/0\.42\.x", "release\/0\.41\.x", "release\/0\.40\.x"\)/
    )
  })

  test('rc tags on release branches are dev releases with their own version', async () => {
    for (const rc of ['0.45.0-rc1', '0.44.0-rc2', '0.40.0-rc1']) {
      const release = await classify(tagPush(rc), ['release/*'])
      expect(release).toMatchObject({ type: 'dev', version: rc, prerelease: true, tag: rc })
    }
  })

  test('the old tag on master is stable without release-branches', async () => {
    const release = await classify(tagPush('0.33.0'))
    expect(release).toMatchObject({ type: 'stable', version: '0.33.0' })
  })

  test('a shallow tag checkout fetches the release branches from origin to decide', async () => {
    const shallow = h.repo.shallowClone('0.44.1')
    expect(shallow.git('rev-parse', '--is-shallow-repository')).toBe('true')
    expect(shallow.git('for-each-ref', 'refs/remotes/origin/release/')).toBe('')
    const release = await classify(tagPush('0.44.1'), ['release/*'], shallow.dir)
    expect(release).toMatchObject({ type: 'stable', version: '0.44.1' })
    expect(shallow.git('for-each-ref', '--format=%(refname)', 'refs/remotes/origin/release/')).toContain(
      'refs/remotes/origin/release/0.44.x'
    )
  })

  test('a full checkout of master alone (no release branches) fetches them to decide', async () => {
    const clone = new TestRepo(mkdtempSync(join(tmpdir(), 'pa-single-')))
    execFileSync('git', [
      'clone',
      '-q',
      '--single-branch',
      '--branch',
      'master',
      '--no-tags',
      h.repo.dir,
      clone.dir
    ])
    clone.git('fetch', '-q', '--no-tags', 'origin', 'tag', '0.43.1')
    expect(clone.git('rev-parse', '--is-shallow-repository')).toBe('false')
    expect(clone.git('for-each-ref', 'refs/remotes/origin/release/')).toBe('')
    const release = await classify(tagPush('0.43.1'), ['release/*'], clone.dir)
    expect(release).toMatchObject({ type: 'stable', version: '0.43.1' })
    expect(release.reason).toMatch(/on 'release\/0\.43\.x'/)
  })
})

describe('workflow_run and released (GitHub payload shapes)', () => {
  test('success of a push to master: dev at head_sha, the version git computes', async () => {
    const c = ctx(
      'workflow_run',
      workflowRun('event_workflow_run_success_default.json', head()),
      'f'.repeat(40)
    )
    const release = await classify(c)
    expect(release).toMatchObject({ type: 'dev', version: oracle.version('master', head()) })
  })

  test('success of a release tag push on an allowed branch: stable', async () => {
    const p = workflowRun('event_workflow_run_success_tag.json', h.tags['0.44.1'], '0.44.1')
    const release = await classify(ctx('workflow_run', p, head()), ['release/*'])
    expect(release).toMatchObject({ type: 'stable', version: '0.44.1' })
  })

  test('success of a release tag push on no allowed branch: none with a warning', async () => {
    const p = workflowRun('event_workflow_run_success_tag.json', h.tags['0.44.1'], '0.44.1')
    const release = await classify(ctx('workflow_run', p, head()))
    expect(release).toMatchObject({ type: 'none', warn: true })
  })

  test.each([
    ['event_workflow_run_failure.json', /concluded "failure"/],
    ['event_workflow_run_cancelled.json', /concluded "cancelled"/]
  ])('%s: none with the reason', async (file, reason) => {
    const release = await classify(ctx('workflow_run', workflowRun(file, head()), head()))
    expect(release.type).toBe('none')
    expect(release.reason).toMatch(reason)
  })

  test('released (a prerelease promoted) is stable like published', async () => {
    const p = fixture('event_release_released.json')
    const release = await classify(ctx('release', p, h.tags['0.44.1'], 'refs/tags/0.44.1'), ['release/*'])
    expect(release).toMatchObject({ type: 'stable', version: '0.44.1' })
  })

  test('a release marked prerelease on GitHub with a plain X.Y.Z tag stays dev', async () => {
    const p = fixture('event_release_marked_prerelease.json') as EventPayload & {
      release: { tag_name: string }
    }
    p.release.tag_name = '0.44.1'
    const release = await classify(ctx('release', p, h.tags['0.44.1'], 'refs/tags/0.44.1'), ['release/*'])
    expect(release).toMatchObject({ type: 'dev', version: '0.44.1', prerelease: true })
  })
})

describe('compare API fallback with release branches (loopback stand-in for api.github.com)', () => {
  let server: Server
  let apiUrl = ''
  const seen: string[] = []
  const git = (...args: string[]) => {
    try {
      execFileSync('git', args, { cwd: h.repo.dir, stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  }
  beforeAll(async () => {
    // Answers from the test history with git, in GitHub's shapes: the branch list (one page) and compare status.
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`)
      const json = (body: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname === '/repos/falcosecurity/falco/branches') {
        const names = h.repo.git('for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/heads/')
        return json(
          names.split('\n').map(line => {
            const [name, sha] = line.split(' ')
            return {
              name,
              commit: { sha, url: `${apiUrl}/repos/falcosecurity/falco/commits/${sha}` },
              protected: false
            }
          })
        )
      }
      const m = /^\/repos\/falcosecurity\/falco\/compare\/([0-9a-f]{40})\.\.\.(.+)$/.exec(url.pathname)
      if (!m) return void res.writeHead(404).end('{"message":"Not Found"}')
      const [base, branch] = [m[1], decodeURIComponent(m[2])]
      const tip = h.repo.git('rev-parse', `refs/heads/${branch}`)
      const status =
        tip === base
          ? 'identical'
          : git('merge-base', '--is-ancestor', base, tip)
            ? 'ahead'
            : git('merge-base', '--is-ancestor', tip, base)
              ? 'behind'
              : 'diverged'
      json({ status, ahead_by: 0, behind_by: 0, total_commits: 0, commits: [], files: [] })
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>(r => server.close(() => r())))

  const viaApi = (tag: string, releaseBranches: string[]) => {
    const empty = mkdtempSync(join(tmpdir(), 'pa-nogit-'))
    return resolveRelease(
      classifyEvent(tagPush(tag), 'master'),
      overrides(h.tags[tag], releaseBranches),
      gitFacts(empty, compareApi('t', 'falcosecurity/falco', apiUrl))
    )
  }

  test('a tag on a release branch is found through the branch list and compare', async () => {
    seen.length = 0
    const release = await viaApi('0.44.1', ['release/*'])
    expect(release).toMatchObject({ type: 'stable', version: '0.44.1' })
    expect(release.reason).toMatch(/on 'release\/0\.44\.x'/)
    expect(seen[0]).toMatch(/^GET \/repos\/falcosecurity\/falco\/branches\?per_page=100/)
    expect(seen).toContain(`GET /repos/falcosecurity/falco/compare/${h.tags['0.44.1']}...master?per_page=1`)
  })

  test('a tag on no allowed branch: none, listing what was tried', async () => {
    const release = await viaApi('0.44.9', ['release/*'])
    expect(release).toMatchObject({ type: 'none', warn: true })
    expect(release.reason).toMatch(/tried "release\/0\.45\.x".*"release\/0\.40\.x"/)
  })

  test('without release-branches the branch list is not even fetched', async () => {
    seen.length = 0
    const release = await viaApi('0.44.1', [])
    expect(release.type).toBe('none')
    expect(seen.filter(s => s.includes('/branches'))).toEqual([])
  })
})

describe('the bundled action on the Falco-shaped history', () => {
  const run = (
    inputs: Record<string, string>,
    eventName: string,
    payload: object,
    sha: string,
    ref: string,
    version = '0.44.1'
  ) => {
    // Inside the workspace: the action refuses files that resolve outside it.
    const dir = mkdtempSync(join(h.repo.dir, 'build-'))
    execFileSync('bash', ['-c', `printf falco | gzip > falco-${version}-x86_64.tar.gz`], { cwd: dir })
    return runAction({
      inputs: {
        kind: 'packages',
        files: `${dir}/*.tar.gz`,
        destination: join(dir, 'out'),
        'dry-run': 'true',
        ...inputs
      },
      eventName,
      payload,
      ref,
      sha,
      repository: 'falcosecurity/falco',
      workspace: h.repo.dir
    })
  }

  test('a release tag on a release branch without release-branches: green, ::warning:: naming it all', async () => {
    const sha = h.tags['0.44.1']
    const r = await run({}, 'push', { ref: 'refs/tags/0.44.1', repository }, sha, 'refs/tags/0.44.1')
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('none')
    const warning = r.stdout.split('\n').find(l => l.startsWith('::warning::'))
    expect(warning).toBeDefined()
    expect(warning).toContain('"0.44.1"')
    expect(warning).toContain(sha.slice(0, 7))
    expect(warning).toContain("'master'")
    expect(warning).toContain('release-branches')
    expect(r.stdout).not.toMatch(/^::notice::Nothing published/m)
  })

  test('with release-branches: release/* it is a stable release', async () => {
    const sha = h.tags['0.44.1']
    const r = await run(
      { 'release-branches': 'release/*' },
      'push',
      { ref: 'refs/tags/0.44.1', repository },
      sha,
      'refs/tags/0.44.1'
    )
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('stable')
    expect(r.outputs.version).toBe('0.44.1')
  })

  test('workflow_run success on master: dev at head_sha with the version git computes', async () => {
    const payload = workflowRun('event_workflow_run_success_default.json', head())
    const expected = oracle.version('master', head())
    const r = await run({}, 'workflow_run', payload, head(), 'refs/heads/master', expected)
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('dev')
    expect(r.outputs.version).toBe(expected)
  })

  test('a bad release-branches glob fails naming the input', async () => {
    const r = await run(
      { 'release-branches': 'release/*:refs/x' },
      'push',
      { ref: 'refs/heads/master', repository },
      head(),
      'refs/heads/master'
    )
    expect(r.code).not.toBe(0)
    expect(r.stdout).toMatch(/Input 'release-branches': 'release\/\*:refs\/x' is not a branch glob/)
  })
})
