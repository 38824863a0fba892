/**
 * A fake of the parts of the GitHub REST API that require-checks reads, on 127.0.0.1 with an ephemeral port:
 * check runs of a commit (`GET /repos/{o}/{r}/commits/{ref}/check-runs`, paginated with Link headers as GitHub
 * does) and commit statuses (`GET /repos/{o}/{r}/commits/{ref}/statuses`). GitHub itself cannot be reached from
 * the tests; the real octokit client talks to this through GITHUB_API_URL.
 *
 * And releases, for github-release, as strict as GitHub where it matters: `GET .../releases/tags/{tag}` (404
 * when there is none), `POST .../releases`, `GET .../releases/{id}/assets` (paginated), `DELETE` and `GET` of an
 * asset (with `Accept: application/octet-stream` a 302 to a download URL on another origin, 127.0.0.2, which
 * refuses a request carrying the token, as a storage host must never see it), and uploads to the release's
 * `upload_url` (`POST /uploads/...?name=`), which need Content-Type and Content-Length, answer 422
 * `already_exists` for a name the release has, and report the asset's `digest` (`sha256:…`) unless
 * `digests` is off (older GitHub Enterprise Server).
 */
import { createHash } from 'node:crypto'
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

export interface FakeAsset {
  id: number
  name: string
  contentType: string
  data: Buffer
  state: 'uploaded' | 'starter'
}

export interface FakeRelease {
  id: number
  tag: string
  prerelease: boolean
  assets: FakeAsset[]
}

export interface FakeGitHub {
  url: string
  /** Releases of `example/project` (any owner/name is served the same ones). */
  releases: FakeRelease[]
  /** Report asset digests (GitHub does since 2025; older Enterprise Servers do not). */
  digests: boolean
  /** Uploads seen (name, bytes), and downloads from the storage origin (and whether they carried a token). */
  uploads: { name: string; size: number }[]
  downloads: { id: number; authorization?: string }[]
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
  const releases: FakeRelease[] = []
  const uploads: FakeGitHub['uploads'] = []
  const downloads: FakeGitHub['downloads'] = []
  let nextId = 1000
  let storage = ''
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
    if (/^\/(repos\/[^/]+\/[^/]+\/releases|uploads\/)/.test(u.pathname)) return releasesApi(req, u, send, res)
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
  const assetJson = (r: FakeRelease, a: FakeAsset) => ({
    id: a.id,
    name: a.name,
    size: a.data.length,
    state: a.state,
    content_type: a.contentType,
    url: `${url}/repos/example/project/releases/assets/${a.id}`,
    browser_download_url: `${url}/download/${r.tag}/${a.name}`,
    ...(fake.digests && { digest: `sha256:${createHash('sha256').update(a.data).digest('hex')}` })
  })
  const releaseJson = (r: FakeRelease) => ({
    id: r.id,
    tag_name: r.tag,
    prerelease: r.prerelease,
    html_url: `${url}/example/project/releases/tag/${r.tag}`,
    upload_url: `${url}/uploads/repos/example/project/releases/${r.id}/assets{?name,label}`,
    assets: r.assets.map(a => assetJson(r, a))
  })
  const releasesApi = (
    req: IncomingMessage,
    u: URL,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
    res: import('node:http').ServerResponse
  ) => {
    if (!req.headers.authorization) return send(401, { message: 'Requires authentication' })
    const path = u.pathname
    let m: RegExpExecArray | null
    if ((m = /\/releases\/tags\/([^/]+)$/.exec(path)) && req.method === 'GET') {
      const r = releases.find(x => x.tag === decodeURIComponent(m?.[1] ?? ''))
      return r ? send(200, releaseJson(r)) : send(404, { message: 'Not Found' })
    }
    if (/\/repos\/[^/]+\/[^/]+\/releases$/.test(path) && req.method === 'POST')
      return readAll(req).then(body => {
        const input = JSON.parse(body.toString('utf8')) as { tag_name?: string; prerelease?: boolean }
        if (!input.tag_name) return send(422, { message: 'Validation Failed' })
        if (releases.some(x => x.tag === input.tag_name))
          return send(422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] })
        const r: FakeRelease = {
          id: nextId++,
          tag: input.tag_name,
          prerelease: !!input.prerelease,
          assets: []
        }
        releases.push(r)
        send(201, releaseJson(r))
      })
    if (
      (m = /\/releases\/(\d+)\/assets$/.exec(path)) &&
      req.method === 'GET' &&
      !path.startsWith('/uploads/')
    ) {
      const r = releases.find(x => x.id === Number(m?.[1]))
      if (!r) return send(404, { message: 'Not Found' })
      const perPage = Number(u.searchParams.get('per_page') ?? 30)
      const page = Number(u.searchParams.get('page') ?? 1)
      const headers: Record<string, string> = {}
      if (page * perPage < r.assets.length) {
        const next = new URL(u)
        next.searchParams.set('page', String(page + 1))
        headers.link = `<${next.href}>; rel="next"`
      }
      return send(
        200,
        r.assets.slice((page - 1) * perPage, page * perPage).map(a => assetJson(r, a)),
        headers
      )
    }
    if ((m = /\/releases\/assets\/(\d+)$/.exec(path))) {
      const id = Number(m[1])
      const r = releases.find(x => x.assets.some(a => a.id === id))
      if (!r) return send(404, { message: 'Not Found' })
      if (req.method === 'DELETE') {
        r.assets = r.assets.filter(a => a.id !== id)
        res.writeHead(204)
        return res.end()
      }
      if (req.method === 'GET' && req.headers.accept === 'application/octet-stream') {
        res.writeHead(302, { location: `${storage}/storage/${id}` })
        return res.end()
      }
      return send(200, assetJson(r, r.assets.find(a => a.id === id) as FakeAsset))
    }
    if (
      (m = /^\/uploads\/repos\/[^/]+\/[^/]+\/releases\/(\d+)\/assets$/.exec(path)) &&
      req.method === 'POST'
    ) {
      const r = releases.find(x => x.id === Number(m?.[1]))
      const name = u.searchParams.get('name') ?? ''
      if (!r) return send(404, { message: 'Not Found' })
      if (!name || !req.headers['content-type'] || !req.headers['content-length'])
        return send(422, { message: 'name, Content-Type and Content-Length are required' })
      if (r.assets.some(a => a.name === name))
        return send(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]
        })
      return readAll(req).then(data => {
        if (data.length !== Number(req.headers['content-length']))
          return send(400, { message: 'Bad Content-Length' })
        const asset: FakeAsset = {
          id: nextId++,
          name,
          contentType: String(req.headers['content-type']),
          data,
          state: 'uploaded'
        }
        r.assets.push(asset)
        uploads.push({ name, size: data.length })
        send(201, assetJson(r, asset))
      })
    }
    return send(404, { message: 'Not Found' })
  }

  // The storage origin release downloads are redirected to: it must never be sent the API token.
  const store: Server = createServer((req, res) => {
    const id = Number(/^\/storage\/(\d+)$/.exec(req.url ?? '')?.[1])
    downloads.push({ id, authorization: req.headers.authorization })
    const asset = releases.flatMap(r => r.assets).find(a => a.id === id)
    if (req.headers.authorization || !asset) {
      res.writeHead(req.headers.authorization ? 400 : 404)
      return res.end(req.headers.authorization ? 'Only one auth mechanism allowed' : 'Not Found')
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(asset.data.length)
    })
    res.end(asset.data)
  })
  await new Promise<void>(resolve => store.listen(0, '127.0.0.2', resolve))
  storage = `http://127.0.0.2:${(store.address() as AddressInfo).port}`

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const fake: FakeGitHub = {
    url,
    releases,
    digests: true,
    uploads,
    downloads,
    commits,
    requests,
    failNext(count, status) {
      failures = { count, status }
    },
    close: () =>
      new Promise<void>(resolve => {
        store.closeAllConnections()
        store.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  return fake
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
