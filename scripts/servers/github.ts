/**
 * A fake of the parts of the GitHub REST API that require-checks reads, on 127.0.0.1 with an ephemeral port:
 * check runs of a commit (`GET /repos/{o}/{r}/commits/{ref}/check-runs`, paginated with Link headers as GitHub
 * does) and commit statuses (`GET /repos/{o}/{r}/commits/{ref}/statuses`). GitHub itself cannot be reached from
 * the tests; the real octokit client talks to this through GITHUB_API_URL.
 */
import { type IncomingMessage, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeCheckRun {
  id: number
  name: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
  started_at?: string
}

export interface FakeStatus {
  id: number
  context: string
  state: 'success' | 'pending' | 'failure' | 'error'
}

export interface FakeGitHub {
  url: string
  /** Check runs and statuses per commit sha. */
  commits: Map<string, { checkRuns: FakeCheckRun[]; statuses: FakeStatus[] }>
  /** Every request seen: method, path with query, and the authorization header. */
  requests: { method: string; url: string; authorization?: string }[]
  /** Answer the next N requests with this status (e.g. 502) before serving normally. */
  failNext(count: number, status: number): void
  close(): Promise<void>
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const commits: FakeGitHub['commits'] = new Map()
  const requests: FakeGitHub['requests'] = []
  let failures = { count: 0, status: 500 }
  let url = ''

  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization })
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    if (failures.count > 0) {
      failures.count--
      return send(failures.status, { message: 'Server Error' })
    }
    const u = new URL(req.url ?? '/', url)
    const m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/(check-runs|statuses)$/.exec(u.pathname)
    if (!m || req.method !== 'GET') return send(404, { message: 'Not Found' })
    if (!req.headers.authorization) return send(401, { message: 'Requires authentication' })
    const commit = commits.get(decodeURIComponent(m[3])) ?? { checkRuns: [], statuses: [] }
    const perPage = Number(u.searchParams.get('per_page') ?? 30)
    const page = Number(u.searchParams.get('page') ?? 1)
    const all: unknown[] = m[4] === 'check-runs' ? commit.checkRuns : commit.statuses
    const slice = all.slice((page - 1) * perPage, page * perPage)
    const headers: Record<string, string> = {}
    if (page * perPage < all.length) {
      const next = new URL(u)
      next.searchParams.set('page', String(page + 1))
      headers.link = `<${next.href}>; rel="next"`
    }
    if (m[4] === 'check-runs') send(200, { total_count: all.length, check_runs: slice }, headers)
    else send(200, slice, headers)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    commits,
    requests,
    failNext(count, status) {
      failures = { count, status }
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
