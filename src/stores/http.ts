import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { XMLParser } from 'fast-xml-parser'
import { InputError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { redact, registerSecret } from '../redact.js'
import { RetryableError, isRetryableStatus, retryAfterMs, withRetry } from '../retry.js'
import {
  type Answer,
  type CallOptions,
  HttpError,
  encodeKey,
  type Pool,
  drain,
  makePool,
  readBody,
  send,
  sendToFile,
  snippet
} from './request.js'
import {
  type Body,
  type ListedObject,
  type ObjectInfo,
  type Store,
  type WriteOptions,
  isoDate,
  safeKey
} from './store.js'

export interface HttpConfig {
  /** The root collection, e.g. https://dav.example.com/falco/ (no credentials in it). */
  url: URL
  username?: string
  password?: string
  token?: string
  concurrency: number
  tries?: number
}

/** The sidecar holding an object's sha256 where the server keeps no checksum of its own. */
export const SIDECAR = '.sha256'

const xml = new XMLParser({
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: name => name === 'response' || name === 'propstat'
})

interface DavResponse {
  href: string
  propstat?: Array<{
    prop?: {
      getcontentlength?: string
      getlastmodified?: string
      resourcetype?: { collection?: unknown } | string
    }
  }>
}

/**
 * A plain HTTP server that takes PUT: WebDAV (nginx, Apache), Artifactory generic repositories, Nexus raw.
 *
 * - Parent collections are created with MKCOL (once per run each); servers without MKCOL create them on PUT.
 * - The sha256 comes from the server where it keeps one (Artifactory's X-Checksum-Sha256 on HEAD); otherwise
 *   from a `<key>.sha256` sidecar in `sha256sum` format, written after the object (users can check downloads
 *   with it too). An object with neither (uploaded by another tool) is hashed by streaming it once.
 * - list() uses PROPFIND Depth: 1, one collection at a time (nginx dav_ext, Apache, Artifactory); it gives sizes
 *   only, and hides sidecars whose object sits next to them. Servers without PROPFIND (Nexus raw) cannot list.
 * - No `createExclusive`: nginx's WebDAV module ignores `If-None-Match: *` on PUT and overwrites, so it cannot
 *   make a lock.
 */
export class HttpStore implements Store {
  readonly description: string
  private readonly pool: Pool
  private readonly base: string
  private readonly auth: string | undefined
  /** Collections known to exist (or being created), so MKCOL is sent once per folder per run. */
  private readonly collections = new Map<string, Promise<void>>()
  private mkcolUnsupported = false

  constructor(private readonly config: HttpConfig) {
    this.pool = makePool(config.concurrency)
    const url = new URL(config.url.toString())
    url.pathname = url.pathname.replace(/\/*$/, '/')
    this.base = url.toString()
    this.description = redact(this.base)
    if (config.token) this.auth = `Bearer ${config.token}`
    else if (config.username || config.password) {
      const basic = Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString('base64')
      // The header's own form: a server that echoes request headers in an error page must not print it.
      registerSecret(basic)
      this.auth = `Basic ${basic}`
    }
  }

  private urlOf(key: string): string {
    return this.base + encodeKey(key)
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.auth ? { authorization: this.auth, ...extra } : { ...extra }
  }

  private call(
    method: 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'MKCOL' | 'PROPFIND',
    key: string,
    opts: CallOptions = {}
  ): Promise<Answer> {
    const url = this.urlOf(key)
    return send(
      this.pool,
      () => ({
        method,
        url,
        headers: this.headers(opts.headers),
        body: opts.body?.()
      }),
      {
        what: `${method} ${url}`,
        accept: opts.accept,
        tries: this.config.tries,
        maxBody: opts.maxBody,
        explain: (status, body) => this.explain(status, body)
      }
    )
  }

  private explain(status: number, body: string): { message: string } {
    let message = `HTTP ${status}${snippet(body)}`
    if (status === 401)
      message += this.auth
        ? ' (the server refused the credentials: check http-username/http-password or http-token)'
        : ' (the server wants credentials: set http-username and http-password, or http-token)'
    else if (status === 403)
      message += ' (the credentials may not write here: check the account’s permissions)'
    else if (status === 405)
      message += ' (the server does not allow this method here: is the URL a writable repository?)'
    return { message }
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    safeKey(key)
    const res = await this.call('HEAD', key, { accept: [404, 410] })
    if (res.status === 404 || res.status === 410) return undefined
    const size = Number(res.headers['content-length'])
    const fromServer = sha256Of(res.headers['x-checksum-sha256'])
    if (fromServer) return { size, sha256: fromServer, md5: md5Of(res.headers['x-checksum-md5']) }
    const sidecar = await this.call('GET', key + SIDECAR, { accept: [404, 410], maxBody: 4096 })
    const recorded = sidecar.status === 200 ? sha256Of(sidecar.body.toString('utf8').slice(0, 64)) : undefined
    // A sidecar older than its object no longer vouches for it: the object was replaced since (by another tool,
    // by hand), and trusting the sidecar would call changed stable bytes `unchanged`. Hash the object instead.
    if (recorded && !olderThan(sidecar.headers['last-modified'], res.headers['last-modified']))
      return { size, sha256: recorded }
    // No checksum anywhere (put there by another tool, or a run that stopped between object and sidecar):
    // hash it once so the decision is still by content.
    const hashed = await this.hashRemote(key)
    // Deleted between the HEAD and the GET (another publisher replacing metadata): it is not there.
    return hashed && { size, ...hashed }
  }

  /** Streams an object through sha256 and md5 without keeping it in memory; undefined when it is gone. */
  private async hashRemote(key: string): Promise<{ sha256: string; md5: string } | undefined> {
    const url = this.urlOf(key)
    return withRetry(
      async () => {
        const res = await this.pool.send('GET', url, this.headers(), undefined)
        if (res.statusCode === 404 || res.statusCode === 410) {
          await drain(res.body)
          return undefined
        }
        if (res.statusCode !== 200) {
          const text = (await readBody(res.body, 64 * 1024, true, `GET ${url}`).catch(() => Buffer.alloc(0)))
            .toString('utf8')
            .slice(0, 1000)
          const message = redact(`GET ${url}: ${this.explain(res.statusCode, text).message}`)
          if (isRetryableStatus(res.statusCode))
            throw new RetryableError(message, retryAfterMs(res.headers['retry-after']))
          throw new HttpError(message, res.statusCode)
        }
        const sha = createHash('sha256')
        const md5 = createHash('md5')
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          sha.update(chunk)
          md5.update(chunk)
        }
        return { sha256: sha.digest('hex'), md5: md5.digest('hex') }
      },
      { what: `GET ${url}`, tries: this.config.tries }
    )
  }

  async read(key: string): Promise<Buffer | undefined> {
    safeKey(key)
    const res = await this.call('GET', key, { accept: [404, 410], maxBody: 512 * 1024 * 1024 })
    return res.status === 200 ? res.body : undefined
  }

  async download(key: string, path: string): Promise<boolean> {
    safeKey(key)
    const url = this.urlOf(key)
    return sendToFile(this.pool, () => ({ method: 'GET', url, headers: this.headers() }), path, {
      what: `GET ${url}`,
      tries: this.config.tries,
      explain: (status, body) => this.explain(status, body)
    })
  }

  /** Creates the collections above a key, top down (the destination root first), each once per run. */
  private async ensureParents(key: string): Promise<void> {
    const parts = key.split('/').slice(0, -1)
    for (let i = 0; i <= parts.length && !this.mkcolUnsupported; i++) {
      const dir = i === 0 ? '' : parts.slice(0, i).join('/') + '/'
      let pending = this.collections.get(dir)
      if (!pending) {
        pending = this.mkcol(dir)
        this.collections.set(dir, pending)
        // A failed MKCOL is not cached: a later write tries again.
        pending.catch(() => this.collections.delete(dir))
      }
      await pending
    }
  }

  private async mkcol(dir: string): Promise<void> {
    // 201 created; 405 (or 301 to the slash form) when it already exists; 409 means a missing parent, which
    // the top-down order rules out below the root; above it, the root's own parents are made first.
    let res = await this.call('MKCOL', dir, { accept: [301, 302, 400, 403, 404, 405, 409, 501] })
    if (res.status === 409 && dir === '' && (await this.mkcolAbove(this.base))) {
      res = await this.call('MKCOL', dir, { accept: [301, 302, 400, 403, 404, 405, 409, 501] })
    }
    if (
      res.status === 400 ||
      res.status === 404 ||
      res.status === 501 ||
      (res.status === 405 && !(await this.exists(dir)))
    )
      // Not a WebDAV server (Artifactory, Nexus raw): it makes folders on PUT by itself.
      this.mkcolUnsupported = true
    else if (res.status === 403 || res.status === 409)
      throw new HttpError(
        `MKCOL ${this.urlOf(dir)}: ${this.explain(res.status, res.body.toString()).message}`,
        res.status
      )
  }

  /** Makes the missing collections above the destination root (`dav/a/b/` when only `dav/` exists). */
  private async mkcolAbove(url: string): Promise<boolean> {
    const parent = new URL('..', url).toString()
    if (parent === url || new URL(parent).pathname === '/') return false
    const what = `MKCOL ${redact(parent)}`
    const attempt = () =>
      send(this.pool, () => ({ method: 'MKCOL', url: parent, headers: this.headers() }), {
        what,
        accept: [301, 302, 405, 409],
        tries: this.config.tries
      })
    let res = await attempt()
    if (res.status === 409 && (await this.mkcolAbove(parent))) res = await attempt()
    return res.status === 201 || res.status === 405 || res.status < 400
  }

  private async exists(dir: string): Promise<boolean> {
    const res = await this.call('HEAD', dir, { accept: [301, 302, 403, 404, 405] })
    return res.status < 400
  }

  async write(key: string, body: Body, options: WriteOptions): Promise<void> {
    safeKey(key)
    await this.ensureParents(key)
    const headers: Record<string, string> = {
      'content-length': String(options.size),
      'content-type': options.contentType ?? 'application/octet-stream',
      // Artifactory checks these against the bytes and keeps them; other servers ignore them.
      'x-checksum-sha256': options.sha256
    }
    if (options.md5) headers['x-checksum-md5'] = options.md5
    if (options.cacheControl) headers['cache-control'] = options.cacheControl
    await this.call('PUT', key, {
      headers,
      body: () => ('path' in body ? createReadStream(body.path) : Buffer.from(body.data))
    })
    // After the object, never before: a sidecar must not vouch for bytes that are not there yet.
    const name = key.split('/').pop() as string
    const sidecar = Buffer.from(`${options.sha256}  ${name}\n`)
    await this.call('PUT', key + SIDECAR, {
      headers: { 'content-length': String(sidecar.length), 'content-type': 'text/plain' },
      body: () => sidecar
    })
  }

  async delete(key: string): Promise<void> {
    safeKey(key)
    // The sidecar first: an object without one is re-hashed, a sidecar without its object is misleading.
    await this.call('DELETE', key + SIDECAR, { accept: [404, 410] })
    await this.call('DELETE', key, { accept: [404, 410] })
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    const start = prefix.replace(/^\/+|\/+$/g, '')
    if (start) safeKey(start)
    const basePath = new URL(this.base).pathname
    const queue = [start ? `${start}/` : '']
    while (queue.length) {
      const dir = queue.shift() as string
      const res = await this.call('PROPFIND', dir, {
        headers: { depth: '1', 'content-type': 'application/xml' },
        body: () =>
          '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getcontentlength/><getlastmodified/><resourcetype/></prop></propfind>',
        accept: [404, 405, 501]
      })
      if (res.status === 404) continue
      if (res.status === 405 || res.status === 501)
        throw new Error(
          `listing ${this.description} needs WebDAV PROPFIND, which this server does not offer (HTTP ${res.status})`
        )
      const parsed = xml.parse(res.body.toString('utf8')) as { multistatus?: { response?: DavResponse[] } }
      const files: ListedObject[] = []
      for (const entry of parsed.multistatus?.response ?? []) {
        const path = decodeURIComponent(new URL(String(entry.href), this.base).pathname)
        if (!path.startsWith(decodeURIComponent(basePath))) continue
        const rel = path.slice(decodeURIComponent(basePath).length)
        if (rel === dir || rel.replace(/\/$/, '') === dir.replace(/\/$/, '')) continue
        const prop = entry.propstat?.find(p => p.prop)?.prop
        const isDir =
          rel.endsWith('/') ||
          (typeof prop?.resourcetype === 'object' && prop.resourcetype && 'collection' in prop.resourcetype)
        if (isDir) queue.push(rel.replace(/\/?$/, '/'))
        else
          files.push({
            key: rel,
            size: Number(prop?.getcontentlength ?? NaN),
            lastModified: isoDate(prop?.getlastmodified)
          })
      }
      const names = new Set(files.map(f => f.key))
      for (const f of files)
        if (!(f.key.endsWith(SIDECAR) && names.has(f.key.slice(0, -SIDECAR.length)))) yield f
    }
  }

  url(key: string): string {
    return redact(this.urlOf(safeKey(key)))
  }

  async close(): Promise<void> {
    this.pool.close()
  }
}

/** True when both HTTP dates are known and the first is earlier (one-second resolution: equal is not older). */
function olderThan(a: string | undefined, b: string | undefined): boolean {
  const [x, y] = [Date.parse(a ?? ''), Date.parse(b ?? '')]
  return Number.isFinite(x) && Number.isFinite(y) && x < y
}

function sha256Of(value: string | undefined): string | undefined {
  const v = value?.trim().toLowerCase()
  return v && /^[0-9a-f]{64}$/.test(v) ? v : undefined
}

function md5Of(value: string | undefined): string | undefined {
  const v = value?.trim().toLowerCase()
  return v && /^[0-9a-f]{32}$/.test(v) ? v : undefined
}

/** Builds the HTTP store for an http(s):// destination from the inputs. */
export function httpStoreFrom(
  url: URL,
  inputs: Pick<Inputs, 'httpUsername' | 'httpPassword' | 'httpToken' | 'concurrency'>
): HttpStore {
  registerSecret(inputs.httpPassword)
  registerSecret(inputs.httpToken)
  if (inputs.httpToken && (inputs.httpUsername || inputs.httpPassword))
    throw new InputError('http-token', 'give either http-token or http-username/http-password, not both.')
  if (inputs.httpPassword && !inputs.httpUsername)
    throw new InputError('http-username', 'is required with http-password.')
  if (url.protocol === 'http:' && (inputs.httpPassword || inputs.httpToken) && !isLoopback(url.hostname))
    throw new InputError(
      'destination',
      'credentials would cross the network in clear text over http://: use an https:// URL.'
    )
  return new HttpStore({
    url,
    username: inputs.httpUsername || undefined,
    password: inputs.httpPassword || undefined,
    token: inputs.httpToken || undefined,
    concurrency: inputs.concurrency
  })
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host)
}
