/**
 * require-checks: the verdict is a pure function (table-tested); the API adapter runs the real octokit client
 * against a fake GitHub API on 127.0.0.1 (testing/servers/github.ts), since GitHub itself cannot be reached here.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type FakeCheckRun, type FakeGitHub, startFakeGitHub } from '../testing/servers/github.js'
import { type CheckRun, checksApi, evaluateChecks, verifyChecks } from '../src/workflow/checks.js'

process.env.PUBLISH_ARTIFACTS_RETRY_BASE_MS = '5'

const run = (
  name: string,
  status: string,
  conclusion: string | null,
  id = 1,
  started = '2026-01-01T00:00:00Z'
) => ({ id, name, status, conclusion, started_at: started }) as CheckRun

describe('evaluateChecks', () => {
  test.each([
    ['success passes', [run('test', 'completed', 'success')], [], ['test'], []],
    ['failure does not', [run('test', 'completed', 'failure')], [], [], ['"test" concluded failure']],
    ['still running does not', [run('test', 'in_progress', null)], [], [], ['"test" is still in_progress']],
    ['skipped does not', [run('test', 'completed', 'skipped')], [], [], ['"test" concluded skipped']],
    [
      'missing does not',
      [run('lint', 'completed', 'success')],
      [],
      [],
      ['"test" has not run on this commit']
    ],
    [
      'the newest run decides (a re-run that passed)',
      [
        run('test', 'completed', 'failure', 1, '2026-01-01T00:00:00Z'),
        run('test', 'completed', 'success', 2, '2026-01-01T01:00:00Z')
      ],
      [],
      ['test'],
      []
    ],
    [
      'the newest run decides (a re-run that failed)',
      [
        run('test', 'completed', 'success', 1, '2026-01-01T00:00:00Z'),
        run('test', 'completed', 'failure', 2, '2026-01-01T01:00:00Z')
      ],
      [],
      [],
      ['"test" concluded failure']
    ],
    ['a commit status counts', [], [{ id: 1, context: 'test', state: 'success' }], ['test'], []],
    [
      'a pending commit status does not',
      [],
      [{ id: 1, context: 'test', state: 'pending' }],
      [],
      ['"test" (commit status) is pending']
    ]
  ])('%s', (_name, runs, statuses, passed, problems) => {
    expect(evaluateChecks(['test'], runs, statuses)).toEqual({ passed, problems })
  })

  test('names are matched exactly, one verdict per required name', () => {
    const v = evaluateChecks(
      ['build (x86_64)', 'Test'],
      [run('build (x86_64)', 'completed', 'success'), run('test', 'completed', 'success')],
      []
    )
    expect(v.passed).toEqual(['build (x86_64)'])
    expect(v.problems).toEqual(['"Test" has not run on this commit'])
  })
})

describe('checks through the GitHub API (fake server on loopback)', () => {
  let gh: FakeGitHub
  const sha = 'a'.repeat(40)
  beforeAll(async () => {
    gh = await startFakeGitHub()
    // 150 check runs: octokit has to follow the Link header to page 2 to find the last ones.
    const runs: FakeCheckRun[] = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      name: `job-${i + 1}`,
      status: 'completed',
      conclusion: 'success'
    }))
    runs[149] = { id: 150, name: 'slow', status: 'in_progress', conclusion: null }
    gh.commits.set(sha, { checkRuns: runs, statuses: [{ id: 9, context: 'ci/jenkins', state: 'success' }] })
  })
  afterAll(async () => gh.close())

  test('pages through every check run and falls back to commit statuses', async () => {
    gh.requests.length = 0
    const api = checksApi('t0ken', 'example/project', gh.url)
    const passed = await verifyChecks(['job-1', 'job-149', 'ci/jenkins'], sha, api)
    expect(passed).toEqual(['job-1', 'job-149', 'ci/jenkins'])
    const paths = gh.requests.map(r => new URL(r.url, gh.url).pathname)
    expect(paths.filter(p => p.endsWith('/check-runs'))).toHaveLength(2)
    expect(paths.filter(p => p.endsWith('/statuses'))).toHaveLength(1)
    expect(gh.requests[0].authorization).toBe('token t0ken')
    expect(gh.requests[0].url).toContain(`/repos/example/project/commits/${sha}/check-runs`)
  })

  test('refuses when one is still running, naming it and what is there', async () => {
    const api = checksApi('t0ken', 'example/project', gh.url)
    await expect(verifyChecks(['job-1', 'slow'], sha, api)).rejects.toThrow(
      /not publishing commit aaaaaaa: "slow" is still in_progress\. Checks on the commit: .*"job-1"/
    )
  })

  test('refuses a commit without the check', async () => {
    const api = checksApi('t0ken', 'example/project', gh.url)
    await expect(verifyChecks(['test'], 'b'.repeat(40), api)).rejects.toThrow(
      '"test" has not run on this commit. Checks on the commit: none.'
    )
  })

  test('retries a 502 from the API', async () => {
    gh.failNext(2, 502)
    const api = checksApi('t0ken', 'example/project', gh.url)
    await expect(verifyChecks(['job-1'], sha, api)).resolves.toEqual(['job-1'])
  })

  test('a 404 says which permissions the token needs', async () => {
    const api = checksApi('t0ken', 'example/project', `${gh.url}/nowhere`)
    await expect(verifyChecks(['job-1'], sha, api)).rejects.toThrow(/checks: read/)
  })

  test('an empty token is an input error', () => {
    expect(() => checksApi('', 'example/project', gh.url)).toThrow("Input 'github-token'")
  })
})
