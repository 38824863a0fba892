import { InputError, PublishError } from '../errors.js'
import { githubRetrying } from '../github/retry.js'
import { show } from '../version.js'

/** A check run as the checks API returns it (the fields we read). */
export interface CheckRun {
  id: number
  name: string
  status: string
  conclusion: string | null
  started_at?: string | null
}

/** A commit status (the older statuses API, still used by external CI systems). */
export interface CommitStatus {
  id: number
  context: string
  state: string
}

/** Reads the checks of a commit; the real one talks to GitHub, tests may hand in their own. */
export interface ChecksApi {
  checkRuns(sha: string): Promise<CheckRun[]>
  statuses(sha: string): Promise<CommitStatus[]>
}

export interface Verdict {
  passed: string[]
  /** One line per required check that did not pass, saying why. */
  problems: string[]
}

/**
 * Decides, for every required name, whether it passed on the commit. A check run counts when its newest run
 * completed with `success`; a name with no check run may be a commit status context instead, which counts
 * when its newest state is `success`. Anything else (missing, still running, failed, skipped, neutral) does
 * not: publishing is only for what demonstrably passed.
 */
export function evaluateChecks(required: string[], runs: CheckRun[], statuses: CommitStatus[]): Verdict {
  const verdict: Verdict = { passed: [], problems: [] }
  for (const name of required) {
    const named = runs.filter(r => r.name === name).sort(newestRunFirst)
    const run = named[0]
    if (run) {
      if (run.status !== 'completed') verdict.problems.push(`${show(name)} is still ${run.status}`)
      else if (run.conclusion === 'success') verdict.passed.push(name)
      else verdict.problems.push(`${show(name)} concluded ${run.conclusion ?? 'without a conclusion'}`)
      continue
    }
    // The statuses API lists newest first; the first entry per context is its current state.
    const status = statuses.find(s => s.context === name)
    if (status) {
      if (status.state === 'success') verdict.passed.push(name)
      else verdict.problems.push(`${show(name)} (commit status) is ${status.state}`)
      continue
    }
    verdict.problems.push(`${show(name)} has not run on this commit`)
  }
  return verdict
}

function newestRunFirst(a: CheckRun, b: CheckRun): number {
  const ta = a.started_at ? Date.parse(a.started_at) : 0
  const tb = b.started_at ? Date.parse(b.started_at) : 0
  return tb - ta || b.id - a.id
}

/** Fails unless every required check passed on `sha`; says which did not, and what was there. */
export async function verifyChecks(required: string[], sha: string, api: ChecksApi): Promise<string[]> {
  if (!sha) throw new InputError('require-checks', 'the run has no commit (GITHUB_SHA is empty) to check.')
  const runs = await api.checkRuns(sha)
  const needStatuses = required.some(name => !runs.some(r => r.name === name))
  const statuses = needStatuses ? await api.statuses(sha) : []
  const verdict = evaluateChecks(required, runs, statuses)
  if (verdict.problems.length > 0) {
    const seen = [...new Set([...runs.map(r => r.name), ...statuses.map(s => s.context)])].sort()
    throw new PublishError(
      `Input 'require-checks': not publishing commit ${sha.slice(0, 7)}: ${verdict.problems.join('; ')}. ` +
        `Checks on the commit: ${seen.length ? seen.map(n => show(n)).join(', ') : 'none'}.`
    )
  }
  return verdict.passed
}

/**
 * The checks of a commit through the GitHub REST API (octokit loaded on first use, as in ../github.ts).
 * `apiUrl` comes from GITHUB_API_URL, so GitHub Enterprise Server and a loopback fake in tests work too.
 * The token needs `checks: read` and `statuses: read`.
 */
export function checksApi(token: string, repository: string, apiUrl: string): ChecksApi {
  const [owner, repo] = repository.split('/')
  if (!token)
    throw new InputError(
      'github-token',
      'is empty, but require-checks reads the commit checks through the GitHub API; leave it at its default.'
    )
  if (!owner || !repo)
    throw new InputError('require-checks', `GITHUB_REPOSITORY ${show(repository)} is not owner/name.`)
  const octokit = async () => {
    const { getOctokit } = await import('@actions/github')
    return getOctokit(token, { baseUrl: apiUrl })
  }
  return {
    checkRuns: sha =>
      retrying(`list check runs of ${sha.slice(0, 7)}`, async () => {
        const o = await octokit()
        const runs = await o.paginate(o.rest.checks.listForRef, {
          owner,
          repo,
          ref: sha,
          filter: 'latest',
          per_page: 100
        })
        return runs.map(r => ({
          id: r.id,
          name: r.name,
          status: r.status,
          conclusion: r.conclusion,
          started_at: r.started_at
        }))
      }),
    statuses: sha =>
      retrying(`list commit statuses of ${sha.slice(0, 7)}`, async () => {
        const o = await octokit()
        const list = await o.paginate(o.rest.repos.listCommitStatusesForRef, {
          owner,
          repo,
          ref: sha,
          per_page: 100
        })
        return list.map(s => ({ id: s.id, context: s.context, state: s.state }))
      })
  }
}

const retrying = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
  githubRetrying(what, "'checks: read' and 'statuses: read' permissions", fn)
