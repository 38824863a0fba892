import type { Readable } from 'node:stream'
import * as core from '../core.js'
import { Pool, type RequestBody, type Response } from '../http/pool.js'
import { RetryableError, isRetryableStatus, retryAfterMs, withRetry } from '../retry.js'
import { type Challenge, type Credentials, basicAuth, parseChallenge } from './auth.js'
import { MANIFEST_TYPES, MAX_JSON_BYTES, sha256Digest } from './media.js'
import type { Blob } from './model.js'
import { drain } from './model.js'

/**
 * Sockets per registry. Also how many existence checks (HEADs, which carry no body) a plan sends at once,
 * whatever `concurrency` (parallel transfers) says: a re-push is then one round of questions.
 */
export const REGISTRY_SOCKETS = 16

/** A refusal from a registry that trying again will not fix (wrong password, denied, invalid manifest). */
export class RegistryError extends Error {
  override name = 'RegistryError'
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message)
  }
}

/** Upload chunks stay at or under 4 MiB: some registries cap PATCH bodies. */
export const CHUNK_BYTES = 4 << 20
const ACCEPT = MANIFEST_TYPES.join(', ')
const USER_AGENT = 'publish-artifacts'

interface CallOptions {
  scopes: string[]
  headers?: Record<string, string>
  /** Opened per attempt: a stream can be sent only once. */
  body?: () => Promise<RequestBody>
  ok: number[]
}

export interface RegistryOptions {
  credentials?: Credentials
  /** Counts requests by method, for tests and benchmarks. */
  onRequest?: (method: string, url: string) => void
}

/** What a pushed blob took: nothing (present), a mount, or an upload. */
export type BlobOutcome = 'present' | 'mounted' | 'uploaded'

/**
 * A client for one OCI distribution registry (the /v2/ API), modelled on crane and regclient: auth from the
 * WWW-Authenticate challenge (Bearer tokens per scope set, or Basic), HEAD before every write, cross-repository
 * mounts, monolithic uploads with a chunked fallback, and every digest checked. Retries via withRetry.
 */
export class Registry {
  readonly base: string
  private challenge: Challenge | undefined
  private pinged = false
  /** Bearer tokens per scope set; a pending request is shared, so concurrent pushes ask once. */
  private readonly tokens = new Map<string, Promise<string>>()
  /** What each token grants (`repository:x:pull,push`), when the token service says (JWT `access`, `scope`). */
  private readonly grants = new Map<string, string[] | undefined>()
  /** Cleared after a 405/501 on a monolithic PUT: the remaining blobs go straight to chunks. */
  private monolithic = true
  private pool: Pool | undefined

  constructor(
    readonly host: string,
    scheme: 'http' | 'https',
    private readonly options: RegistryOptions = {}
  ) {
    this.base = `${scheme}://${host}`
  }

  /** Connections are pooled per registry; closed after plan and apply, reopened on the next request. */
  private get connections(): Pool {
    this.pool ??= new Pool(REGISTRY_SOCKETS)
    return this.pool
  }

  static scope(repository: string, actions: string): string {
    return `repository:${repository}:${actions}`
  }

  /**
   * Pings /v2/ and gets the token for the scopes, so a token service's refusal fails here, before anything is
   * pushed. Basic credentials are checked by the plan's first request instead (tags, HEADs: no write), not by
   * one more request of their own.
   */
  async login(scopes: string[]): Promise<void> {
    await this.ping()
    if (this.challenge) await this.authorization(scopes)
  }

  /**
   * The actions the registry's token grants on a repository after asking for pull,push; undefined when the
   * registry does not say (Basic auth, no auth, an opaque token), so the caller must probe instead.
   */
  async grantedActions(repository: string): Promise<string[] | undefined> {
    await this.ping()
    if (this.challenge?.scheme !== 'bearer') return undefined
    const scopes = [Registry.scope(repository, 'pull,push')]
    await this.authorization(scopes)
    const granted = this.grants.get(scopeKey(scopes))
    if (!granted) return undefined
    const actions = new Set<string>()
    for (const g of granted) {
      const m = /^repository:(.+):([^:]*)$/.exec(g)
      if (m && (m[1] === repository || m[1] === '*')) for (const a of m[2].split(',')) actions.add(a)
    }
    return [...actions]
  }

  /**
   * Proves push access without writing: opens an upload session and cancels it at once. Returns the status the
   * registry answered the POST with (202 when pushing is allowed).
   */
  async probeUpload(repository: string): Promise<number> {
    const scopes = [Registry.scope(repository, 'pull,push')]
    const res = await this.retry(`POST ${this.host}/${repository}/blobs/uploads/`, () =>
      this.call('POST', `/v2/${repository}/blobs/uploads/`, { scopes, ok: [202, 401, 403, 404, 405] })
    )
    await drain(res.body)
    if (res.statusCode === 202) await this.cancelUpload(this.location(res.headers, repository), scopes)
    return res.statusCode
  }

  /** Cancels an upload session (best effort: a registry that cannot lets it expire). */
  private async cancelUpload(location: string, scopes: string[]): Promise<void> {
    const res = await this.call('DELETE', location, { scopes, ok: [200, 202, 204, 400, 404, 405] }).catch(
      () => undefined
    )
    if (res) await drain(res.body)
  }

  /** Whose login this client uses, for messages (never the secret). */
  who(): string {
    const c = this.options.credentials
    if (!c) return 'an anonymous client (no login found for this registry)'
    return `the login${c.username ? ` of user '${c.username}'` : ''} from ${c.source}`
  }

  async close(): Promise<void> {
    this.pool?.close()
    this.pool = undefined
  }

  /** The tags of a repository, following `Link` pagination; none when the repository does not exist yet. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = []
    let next: string | undefined = `/v2/${repository}/tags/list?n=1000`
    for (let pages = 0; next && pages < 1000; pages++) {
      const path: string = next
      const res = await this.retry(`list tags of ${this.host}/${repository}`, () =>
        this.call('GET', path, { scopes: [Registry.scope(repository, 'pull')], ok: [200, 404] })
      )
      if (res.statusCode === 404) {
        await drain(res.body)
        return tags
      }
      const json = (await readJson(res.body)) as { tags?: string[] | null }
      tags.push(...(json.tags ?? []))
      next = nextLink(res.headers.link)
    }
    return tags
  }

  /** HEAD of a manifest by tag or digest: its digest, or undefined when absent. */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.retry(`HEAD ${this.host}/${repository}:${reference}`, () =>
      this.call('HEAD', `/v2/${repository}/manifests/${reference}`, {
        scopes: [Registry.scope(repository, 'pull')],
        headers: { accept: ACCEPT },
        ok: [200, 404]
      })
    )
    await drain(res.body)
    if (res.statusCode === 404) return undefined
    const digest = header(res.headers, 'docker-content-digest')
    if (digest) return digest
    return (await this.getManifest(repository, reference))?.digest
  }

  /** A manifest's exact bytes; a manifest fetched by digest is checked against it. */
  async getManifest(
    repository: string,
    reference: string
  ): Promise<{ bytes: Buffer; mediaType: string; digest: string } | undefined> {
    return this.retry(`GET ${this.host}/${repository}:${reference}`, async () => {
      const res = await this.call('GET', `/v2/${repository}/manifests/${reference}`, {
        scopes: [Registry.scope(repository, 'pull')],
        headers: { accept: ACCEPT },
        ok: [200, 404]
      })
      if (res.statusCode === 404) {
        await drain(res.body)
        return undefined
      }
      const bytes = await readLimited(res.body, MAX_JSON_BYTES)
      const digest = sha256Digest(bytes)
      if (reference.startsWith('sha256:') && digest !== reference)
        throw new RegistryError(
          `${this.host}/${repository}@${reference}: the registry sent a manifest hashing to ${digest}`,
          200
        )
      const mediaType = (header(res.headers, 'content-type') ?? '').split(';')[0].trim()
      return { bytes, mediaType, digest }
    })
  }

  /** PUTs a manifest under a tag or its digest; the registry's digest must be ours. */
  async putManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer
  ): Promise<string> {
    const digest = sha256Digest(bytes)
    await this.retry(`PUT ${this.host}/${repository}:${reference}`, async () => {
      const res = await this.call('PUT', `/v2/${repository}/manifests/${reference}`, {
        scopes: [Registry.scope(repository, 'pull,push')],
        headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
        body: async () => bytes,
        ok: [200, 201]
      })
      await drain(res.body)
      checkDigest(
        header(res.headers, 'docker-content-digest'),
        digest,
        `${this.host}/${repository}:${reference}`
      )
    })
    return digest
  }

  /** Streams a blob from this registry (a registry source), following redirects to its storage. */
  async getBlob(repository: string, digest: string): Promise<Readable> {
    return this.retry(`GET ${this.host}/${repository}@${digest}`, async () => {
      const res = await this.call('GET', `/v2/${repository}/blobs/${digest}`, {
        scopes: [Registry.scope(repository, 'pull')],
        ok: [200, 307, 302, 303, 301, 308]
      })
      let current = res
      for (let hops = 0; current.statusCode >= 300 && current.statusCode < 400; hops++) {
        await drain(current.body)
        const location = header(current.headers, 'location')
        if (!location || hops >= 5)
          throw new RegistryError(`${this.host}: too many redirects for blob ${digest}`, 0)
        const url = new URL(location, `${this.base}/v2/${repository}/blobs/${digest}`).toString()
        current = await this.call('GET', url, {
          scopes: [Registry.scope(repository, 'pull')],
          ok: [200, 301, 302, 303, 307, 308]
        })
      }
      return current.body
    })
  }

  /**
   * Makes a blob present in a repository: HEAD (skip), then a cross-repository mount when another repository of
   * this registry holds it, then a monolithic streamed PUT, falling back to chunks of ≤ 4 MiB.
   */
  async pushBlob(
    repository: string,
    blob: Blob,
    mountFrom?: string,
    /** What a HEAD just before (the plan's) found: no second HEAD then. */
    known?: boolean
  ): Promise<BlobOutcome> {
    const where = `${this.host}/${repository}@${blob.digest}`
    const scopes = [Registry.scope(repository, 'pull,push')]
    if (mountFrom) scopes.push(Registry.scope(mountFrom, 'pull'))
    if (known ?? (await this.hasBlob(repository, blob, scopes))) return 'present'
    return this.retry(`upload ${where}`, async () => {
      let location: string
      if (mountFrom && mountFrom !== repository) {
        const q = `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(mountFrom)}`
        const res = await this.call('POST', `/v2/${repository}/blobs/uploads/${q}`, {
          scopes,
          ok: [201, 202]
        })
        await drain(res.body)
        if (res.statusCode === 201) return 'mounted'
        location = this.location(res.headers, repository)
      } else location = await this.startUpload(repository, scopes)

      if (!this.monolithic) {
        await this.chunkedUpload(repository, blob, scopes, where, location)
        return 'uploaded'
      }
      const mono = await this.call('PUT', withDigest(location, blob.digest), {
        scopes,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
        body: () => blob.open(),
        ok: [201, 204, 400, 405, 413, 416, 501]
      })
      await drain(mono.body)
      if (mono.statusCode === 201 || mono.statusCode === 204) {
        checkDigest(header(mono.headers, 'docker-content-digest'), blob.digest, where)
        return 'uploaded'
      }
      if (mono.statusCode === 400)
        throw new RegistryError(`${where}: the registry refused the upload (400)`, 400)
      // 405/501: monolithic uploads are not offered at all, so the other blobs skip the attempt.
      if (mono.statusCode === 405 || mono.statusCode === 501) this.monolithic = false
      // The refused session is cancelled, not left open until it expires.
      await this.cancelUpload(location, scopes)
      await this.chunkedUpload(repository, blob, scopes, where)
      return 'uploaded'
    })
  }

  /**
   * Whether the repository holds a blob: HEAD 200 with the descriptor's size, and its digest when the registry
   * names one (Docker-Content-Digest). Anything else counts as absent, so the blob is checked and uploaded.
   */
  async hasBlob(
    repository: string,
    blob: { digest: string; size: number },
    scopes = [Registry.scope(repository, 'pull')]
  ): Promise<boolean> {
    const res = await this.retry(`HEAD ${this.host}/${repository}@${blob.digest}`, () =>
      this.call('HEAD', `/v2/${repository}/blobs/${blob.digest}`, { scopes, ok: [200, 404] })
    )
    await drain(res.body)
    if (res.statusCode !== 200) return false
    const length = header(res.headers, 'content-length')
    const digest = header(res.headers, 'docker-content-digest')
    return length !== undefined && Number(length) === blob.size && (!digest || digest === blob.digest)
  }

  private async startUpload(repository: string, scopes: string[]): Promise<string> {
    const res = await this.call('POST', `/v2/${repository}/blobs/uploads/`, { scopes, ok: [202] })
    await drain(res.body)
    return this.location(res.headers, repository)
  }

  /** PATCHes the blob in chunks (each held in memory, ≤ 4 MiB), then closes the upload with its digest. */
  private async chunkedUpload(
    repository: string,
    blob: Blob,
    scopes: string[],
    where: string,
    session?: string
  ): Promise<void> {
    let location = session ?? (await this.startUpload(repository, scopes))
    let offset = 0
    for await (const chunk of chunks(await blob.open(), CHUNK_BYTES)) {
      const res = await this.call('PATCH', location, {
        scopes,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(chunk.length),
          'content-range': `${offset}-${offset + chunk.length - 1}`
        },
        body: async () => chunk,
        ok: [202, 204, 413]
      })
      await drain(res.body)
      if (res.statusCode === 413)
        throw new RegistryError(
          `${where}: PATCH of a ${chunk.length}-byte chunk answered 413 (request body too large): the registry, or a proxy in front of it, takes less than ${CHUNK_BYTES} bytes (4 MiB) per request; raise that limit (nginx: client_max_body_size 5m or more)`,
          413
        )
      offset += chunk.length
      location = this.location(res.headers, repository, location)
    }
    const res = await this.call('PUT', withDigest(location, blob.digest), {
      scopes,
      headers: { 'content-length': '0' },
      ok: [201, 204]
    })
    await drain(res.body)
    checkDigest(header(res.headers, 'docker-content-digest'), blob.digest, where)
  }

  private location(
    headers: Record<string, string | string[] | undefined>,
    repository: string,
    fallback?: string
  ): string {
    const value = header(headers, 'location') ?? fallback
    if (!value) throw new RegistryError(`${this.host}/${repository}: the upload response has no Location`, 0)
    return new URL(value, this.base).toString()
  }

  private retry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, { what })
  }

  private async ping(): Promise<void> {
    if (this.pinged) return
    const res = await this.retry(`GET ${this.base}/v2/`, () =>
      this.send('GET', `${this.base}/v2/`, {}, undefined)
    )
    await drain(res.body)
    if (res.statusCode === 401) {
      this.challenge = parseChallenge(header(res.headers, 'www-authenticate'))
      if (!this.challenge)
        throw new RegistryError(
          `${this.host} asks for a login it does not describe (no WWW-Authenticate)`,
          401
        )
    } else if (res.statusCode !== 200) {
      if (isRetryableStatus(res.statusCode))
        throw new RegistryError(`${this.base}/v2/ answered ${res.statusCode}`, res.statusCode)
      throw new RegistryError(
        `${this.base}/v2/ answered ${res.statusCode}: is this an OCI registry?`,
        res.statusCode
      )
    }
    this.pinged = true
  }

  /** One request with auth; a 401 refreshes the token once (expired, or wider scope needed). */
  private async call(method: string, pathOrUrl: string, opts: CallOptions): Promise<Response> {
    await this.ping()
    const url = pathOrUrl.startsWith('/') ? `${this.base}${pathOrUrl}` : pathOrUrl
    let used: string | undefined
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...opts.headers }
      const sameOrigin = new URL(url).origin === new URL(this.base).origin
      if (sameOrigin) {
        used = await this.authorization(opts.scopes, attempt > 0 ? (used ?? '') : undefined)
        if (used) headers.authorization = used
      }
      const res = await this.send(method, url, headers, await opts.body?.())
      if (res.statusCode === 401 && attempt === 0 && this.challenge && sameOrigin) {
        await drain(res.body)
        const fresh = parseChallenge(header(res.headers, 'www-authenticate'))
        if (fresh) this.challenge = fresh
        continue
      }
      if (opts.ok.includes(res.statusCode)) return res
      throw await this.failure(method, url, res)
    }
  }

  private async send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: RequestBody
  ): Promise<Response> {
    this.options.onRequest?.(method, url)
    return this.connections.send(method, url, { 'user-agent': USER_AGENT, ...headers }, body)
  }

  /**
   * The Authorization header for a set of scopes: Basic, or a Bearer token from the challenge's realm. `stale`
   * is the header a request was refused with: a fresh token is fetched unless another request already did.
   */
  private async authorization(scopes: string[], stale?: string): Promise<string | undefined> {
    const challenge = this.challenge
    if (!challenge) return undefined
    const creds = this.options.credentials
    if (challenge.scheme === 'basic') {
      if (!creds) throw this.needLogin()
      if (!creds.password && creds.identityToken)
        throw new RegistryError(
          `registry ${this.host} asks for Basic auth, but ${creds.source} holds only an identity token, which is exchanged at a token service`,
          401
        )
      return basicAuth(creds)
    }
    const key = scopeKey(scopes)
    // A token asked for with wider scopes (the login's pull,push) serves a pull too: one token per repository.
    if (stale === undefined && !this.tokens.has(key))
      for (const [held, token] of this.tokens)
        if (covers(held, scopes)) {
          const value = await token.catch(() => undefined)
          if (value) return value
        }
    const cached = this.tokens.get(key)
    if (cached) {
      const value = await cached.catch(() => undefined)
      if (value && value !== stale) return value
      // Another request is already fetching a fresh one: share it.
      if (this.tokens.get(key) !== cached) return this.authorization(scopes, stale)
    }
    const pending = this.fetchToken(scopes, key)
    this.tokens.set(key, pending)
    pending.catch(() => {
      if (this.tokens.get(key) === pending) this.tokens.delete(key)
    })
    return pending
  }

  private async fetchToken(scopes: string[], key: string): Promise<string> {
    const challenge = this.challenge as Challenge
    const creds = this.options.credentials
    const realm = challenge.params.realm
    if (!realm) throw new RegistryError(`${this.host}: the Bearer challenge has no realm`, 401)
    let url: URL
    try {
      url = new URL(realm)
    } catch {
      throw new RegistryError(`${this.host}: the Bearer realm ${JSON.stringify(realm)} is not a URL`, 401)
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new RegistryError(`${this.host}: the Bearer realm ${url.origin} is not http(s)`, 401)
    if (creds) checkRealm(url, this.base, this.host)
    const service = challenge.params.service
    const res = await this.retry(`token from ${url.origin}${url.pathname}`, async () => {
      let r: Response
      if (creds?.identityToken) {
        // As docker does with an identity token: the OAuth2 refresh-token grant, POSTed as a form.
        const form = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: creds.identityToken,
          client_id: USER_AGENT
        })
        if (service) form.set('service', service)
        form.set('scope', scopes.join(' '))
        r = await this.send(
          'POST',
          url.toString(),
          { 'content-type': 'application/x-www-form-urlencoded' },
          Buffer.from(form.toString())
        )
      } else {
        const get = new URL(url)
        if (service) get.searchParams.set('service', service)
        for (const scope of scopes) get.searchParams.append('scope', scope)
        r = await this.send(
          'GET',
          get.toString(),
          creds ? { authorization: basicAuth(creds) } : {},
          undefined
        )
      }
      if (isRetryableStatus(r.statusCode)) {
        await drain(r.body)
        throw new RetryableError(
          `token service answered ${r.statusCode}`,
          retryAfterMs(header(r.headers, 'retry-after'))
        )
      }
      return r
    })
    if (
      res.statusCode === 401 ||
      res.statusCode === 403 ||
      (creds?.identityToken && res.statusCode === 400)
    ) {
      await drain(res.body)
      throw creds ? this.rejected(creds) : this.needLogin()
    }
    if (res.statusCode !== 200) {
      await drain(res.body)
      throw new RegistryError(
        `${this.host}: the token service ${url.origin}${url.pathname} answered ${res.statusCode}`,
        res.statusCode
      )
    }
    const json = (await readJson(res.body)) as { token?: string; access_token?: string; scope?: unknown }
    const token = json.token || json.access_token
    if (!token) throw new RegistryError(`${this.host}: the token service sent no token`, 200)
    // Masked in the log; the token is never printed, and its base64 form would only add noise.
    core.setSecret(token)
    this.grants.set(key, grantedScopes(token, json.scope))
    return `Bearer ${token}`
  }

  private needLogin(): RegistryError {
    return new RegistryError(
      `registry ${this.host} asks for a login: set registry-username and registry-password, or log in first (docker/login-action) so ~/.docker/config.json holds it`,
      401
    )
  }

  private rejected(creds: Credentials): RegistryError {
    return new RegistryError(
      `registry ${this.host} rejected the login of user '${creds.username}' from ${creds.source}: check the username and password (or token)`,
      401
    )
  }

  private async failure(method: string, url: string, res: Response): Promise<Error> {
    const text = await readLimited(res.body, 64 << 10)
      .then(b => b.toString('utf8'))
      .catch(() => '')
    const path = new URL(url).pathname
    const what = `${method} ${this.host}${path} answered ${res.statusCode}${describeErrors(text)}`
    if (isRetryableStatus(res.statusCode))
      return new RetryableError(what, retryAfterMs(header(res.headers, 'retry-after')))
    if (res.statusCode === 401) {
      const creds = this.options.credentials
      return creds ? new RegistryError(`${this.rejected(creds).message} (${what})`, 401) : this.needLogin()
    }
    if (res.statusCode === 403)
      return new RegistryError(`${what}: access denied; may this login push to this repository?`, 403)
    return new RegistryError(what, res.statusCode)
  }
}

function scopeKey(scopes: string[]): string {
  return [...scopes].sort().join(' ')
}

/** Whether a token asked for with the scopes in `held` (a scopeKey) was asked for every action of `wanted`. */
export function covers(held: string, wanted: string[]): boolean {
  const actions = new Map(
    held.split(' ').map(scope => {
      const [resource, granted] = splitScope(scope)
      return [resource, new Set(granted)] as const
    })
  )
  return wanted.every(scope => {
    const [resource, asked] = splitScope(scope)
    const have = actions.get(resource)
    return !!have && asked.every(a => have.has(a))
  })
}

/** `repository:org/app:pull,push` → [`repository:org/app`, [`pull`, `push`]]. */
function splitScope(scope: string): [string, string[]] {
  const at = scope.lastIndexOf(':')
  return [scope.slice(0, at), scope.slice(at + 1).split(',')]
}

/**
 * Credentials go to a token service only over https, or over plain http on the registry's own host when the
 * registry itself is spoken to over http (loopback, insecure-registries): never in clear text to another host.
 */
export function checkRealm(realm: URL, registryBase: string, host: string): void {
  if (realm.protocol === 'https:') return
  const registry = new URL(registryBase)
  if (registry.protocol === 'http:' && realm.hostname === registry.hostname) return
  throw new RegistryError(
    `registry ${host} sends logins to the token service ${realm.origin}, which is plain http ${registry.protocol === 'http:' ? 'on another host' : 'for an https registry'}: credentials are sent to a token service only over https, or over http on the host of a loopback or insecure registry`,
    401
  )
}

/**
 * What a token grants, when the token service says: the distribution JWT's `access` claim, or an OAuth2
 * `scope` field. The token is not verified here (the registry does that); it only tells what to expect.
 */
export function grantedScopes(token: string, scope: unknown): string[] | undefined {
  const parts = token.split('.')
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as {
        access?: { type?: string; name?: string; actions?: string[] }[]
      }
      if (Array.isArray(claims.access))
        return claims.access.map(a => `${a.type ?? ''}:${a.name ?? ''}:${(a.actions ?? []).join(',')}`)
    } catch {
      // Not a JWT: fall through.
    }
  }
  if (typeof scope === 'string' && scope.trim()) return scope.trim().split(/\s+/)
  return undefined
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

function withDigest(location: string, digest: string): string {
  return `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`
}

function checkDigest(got: string | undefined, want: string, where: string): void {
  if (got && got !== want)
    throw new RegistryError(`${where}: the registry stored digest ${got}, not ${want}`, 0)
}

/** `<url>; rel="next"` from a Link header. */
export function nextLink(link: string | string[] | undefined): string | undefined {
  const value = Array.isArray(link) ? link.join(', ') : link
  const m = value ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(value) : null
  return m?.[1]
}

/** The registry's error codes: ` (MANIFEST_INVALID: manifest invalid)`. */
function describeErrors(text: string): string {
  try {
    const json = JSON.parse(text) as { errors?: { code?: string; message?: string }[] }
    const parts = (json.errors ?? []).map(e => [e.code, e.message].filter(Boolean).join(': '))
    return parts.length ? ` (${parts.join('; ')})` : ''
  } catch {
    return ''
  }
}

async function readLimited(body: Readable, max: number): Promise<Buffer> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > max) {
      body.destroy()
      throw new Error(`response larger than ${max} bytes`)
    }
    parts.push(chunk as Buffer)
  }
  return Buffer.concat(parts)
}

async function readJson(body: Readable): Promise<unknown> {
  const bytes = await readLimited(body, MAX_JSON_BYTES)
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new Error('the registry sent invalid JSON')
  }
}

/** Re-chunks a stream into buffers of exactly `size` bytes (the last one shorter). */
async function* chunks(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = []
  let held = 0
  for await (const chunk of stream) {
    let buf = chunk as Buffer
    while (held + buf.length >= size) {
      const take = size - held
      parts.push(buf.subarray(0, take))
      yield Buffer.concat(parts)
      parts = []
      held = 0
      buf = buf.subarray(take)
    }
    if (buf.length) {
      parts.push(buf)
      held += buf.length
    }
  }
  if (held) yield Buffer.concat(parts)
}
