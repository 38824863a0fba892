import { createHash } from 'node:crypto'
import aws4 from 'aws4'
import { XMLParser } from 'fast-xml-parser'
import { awsCredentials } from '../aws.js'
import { InputError } from '../errors.js'
import type { Published } from '../plan.js'
import { redact } from '../redact.js'
import { RetryableError, isRetryableStatus, retryAfterMs, withRetry } from '../retry.js'
import { type Pool, encodeKey, makePool, readBody, snippet } from '../stores/request.js'
import type { S3Credentials } from '../stores/s3.js'

/** The CloudFront API version in every path (the current one since 2020). */
export const API_VERSION = '2020-05-31'
const XMLNS = `http://cloudfront.amazonaws.com/doc/${API_VERSION}/`
/** CloudFront's quota of paths in one invalidation (without wildcards); past it, folders are invalidated. */
export const MAX_PATHS = 3000
const DEFAULT_ENDPOINT = 'https://cloudfront.amazonaws.com'
// CloudFront is global: its API is signed for us-east-1 whatever the distribution serves.
const SIGNING_REGION = 'us-east-1'

/**
 * What a CDN in front of the store may serve stale after a publish: every object whose bytes were replaced (a
 * dev rebuild under the same name, an index), every index written (it may have been cached as a 404 before it
 * existed), and every deleted object. New artifacts are left out: nothing was cached under their names.
 * Paths are the viewer's: `prefix` + the key, percent-encoded as clients request it; a key holding `+` is
 * invalidated in both spellings (`%2B` and `+`), as clients differ. Entries that stand for a whole prefix
 * (thousands of folded driver objects) become a wildcard. Sorted, without duplicates.
 */
export function invalidationPaths(published: Published[], prefix: string): string[] {
  const paths = new Set<string>()
  const base = prefix.replace(/\/+$/, '')
  for (const p of published) {
    if (!p.path) continue
    const stale =
      p.status === 'deleted' || (p.status === 'uploaded' && (p.role === 'index' || p.replaced === true))
    if (!stale) continue
    const folded = p.count !== undefined && p.path.endsWith('/')
    const encoded = `${base}/${encodeKey(p.path)}${folded ? '*' : ''}`
    paths.add(encoded)
    if (p.path.includes('+')) paths.add(encoded.replace(/%2B/g, '+'))
  }
  const sorted = [...paths].sort()
  if (sorted.length <= MAX_PATHS) return sorted
  // More paths than one invalidation takes: the folders that hold them (each wildcard counts as one path).
  const folders = new Set(sorted.map(p => `${p.slice(0, p.lastIndexOf('/'))}/*`))
  return [...folders].sort()
}

/** The `InvalidationBatch` document CreateInvalidation takes. */
export function invalidationBatch(paths: string[], callerReference: string): string {
  const esc = (t: string): string =>
    t.replace(/[&<>"']/g, c => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`)
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<InvalidationBatch xmlns="${XMLNS}">` +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${paths.map(p => `<Path>${esc(p)}</Path>`).join('')}</Items></Paths>` +
    `<CallerReference>${esc(callerReference)}</CallerReference></InvalidationBatch>`
  )
}

export interface Invalidation {
  id: string
  /** InProgress or Completed. */
  status: string
}

const xml = new XMLParser({ parseTagValue: false })

function parseInvalidation(body: string, what: string): Invalidation {
  const doc = xml.parse(body) as { Invalidation?: { Id?: string; Status?: string } }
  const id = doc.Invalidation?.Id
  const status = doc.Invalidation?.Status
  if (!id || !status || !/^[A-Za-z0-9]+$/.test(id))
    throw new Error(`${what}: CloudFront answered without an invalidation id${snippet(body)}`)
  return { id, status }
}

// Error codes that mean "later", though CloudFront sends them with a 400.
const RETRY_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyInvalidationsInProgress',
  'RequestLimitExceeded',
  'ServiceUnavailable'
])

/** The CloudFront API through SigV4-signed calls: aws4 signs (as for S3), node:http sends, src/retry.ts retries. */
export class CloudFrontApi {
  private readonly pool: Pool
  constructor(
    private readonly endpoint: URL,
    private readonly credentials: S3Credentials,
    private readonly tries = 5
  ) {
    this.pool = makePool(2)
  }

  /**
   * One invalidation of these paths. The caller reference makes it idempotent: CloudFront answers a repeated
   * reference with the same batch by returning the invalidation it already made, so a retried request (the
   * answer was lost) does not make a second one.
   */
  async create(distributionId: string, paths: string[], callerReference: string): Promise<Invalidation> {
    const what = `CreateInvalidation on CloudFront distribution ${distributionId}`
    const body = invalidationBatch(paths, callerReference)
    const res = await this.call(
      'POST',
      `/${API_VERSION}/distribution/${distributionId}/invalidation`,
      what,
      body
    )
    return parseInvalidation(res, what)
  }

  async get(distributionId: string, id: string): Promise<Invalidation> {
    const what = `GetInvalidation ${id} on CloudFront distribution ${distributionId}`
    const res = await this.call(
      'GET',
      `/${API_VERSION}/distribution/${distributionId}/invalidation/${id}`,
      what
    )
    return parseInvalidation(res, what)
  }

  async close(): Promise<void> {
    this.pool.close()
  }

  private call(method: 'GET' | 'POST', path: string, what: string, body?: string): Promise<string> {
    return withRetry(
      async () => {
        // Signed afresh on every try: a signature is only valid for a few minutes.
        const signed = aws4.sign(
          {
            host: this.endpoint.host,
            path,
            method,
            service: 'cloudfront',
            region: SIGNING_REGION,
            headers: body ? { 'content-type': 'application/xml' } : {},
            body
          },
          this.credentials
        )
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(signed.headers ?? {}))
          if (k.toLowerCase() !== 'host') headers[k] = String(v)
        const res = await this.pool.send(method, `${this.endpoint.origin}${path}`, headers, body)
        const text = (await readBody(res.body, 16 * 1024 * 1024, false, what)).toString('utf8')
        if (res.statusCode >= 200 && res.statusCode < 300) return text
        const error = (xml.parse(text) as { ErrorResponse?: { Error?: { Code?: string; Message?: string } } })
          .ErrorResponse?.Error
        const code = error?.Code ?? ''
        const detail = code ? `${code}: ${error?.Message ?? ''}` : `HTTP ${res.statusCode}${snippet(text)}`
        const retryAfter = res.headers['retry-after']
        if (isRetryableStatus(res.statusCode) || RETRY_CODES.has(code))
          throw new RetryableError(
            redact(`${what}: ${detail}`),
            retryAfterMs(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter)
          )
        const hint =
          res.statusCode === 403
            ? ' The credentials need cloudfront:CreateInvalidation (and cloudfront:GetInvalidation for cloudfront-wait) on the distribution.'
            : res.statusCode === 404
              ? ' Check cloudfront-distribution-id.'
              : ''
        throw new Error(redact(`${what}: HTTP ${res.statusCode} ${detail}.${hint}`))
      },
      { what, tries: this.tries }
    )
  }
}

/**
 * The API endpoint, overridable as the AWS SDKs and CLI allow: AWS_ENDPOINT_URL_CLOUDFRONT, then
 * AWS_ENDPOINT_URL. Credentials go over plain HTTP only to a loopback address (a local stand-in).
 */
export function cloudfrontEndpoint(env: NodeJS.ProcessEnv): URL {
  const raw = env.AWS_ENDPOINT_URL_CLOUDFRONT?.trim() || env.AWS_ENDPOINT_URL?.trim() || DEFAULT_ENDPOINT
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  const loopback = (host: string): boolean =>
    /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '[::1]'
  if (
    !url ||
    url.username ||
    url.password ||
    url.search ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback(url.hostname)))
  )
    throw new InputError(
      'cloudfront-distribution-id',
      'the CloudFront endpoint (AWS_ENDPOINT_URL_CLOUDFRONT or AWS_ENDPOINT_URL) must be an https:// URL without credentials or query (http:// only for loopback).'
    )
  return url
}

export interface InvalidateOptions {
  distributionId: string
  /** The path the distribution serves the destination's root at (`/packages`), '' for its root. */
  pathPrefix: string
  wait: boolean
  /** Unique per run attempt: the same batch retried in one attempt is one invalidation. */
  runId: string
  env?: NodeJS.ProcessEnv
}

export interface InvalidationResult {
  id: string
  status: string
  paths: string[]
  distributionId: string
}

// Waiting: CloudFront usually completes an invalidation within a few minutes; the CLI's waiter gives up at 10.
const WAIT_LIMIT_MS = 15 * 60_000
const POLL_MS = Number(process.env.PUBLISH_ARTIFACTS_CLOUDFRONT_POLL_MS) || 20_000

/** After a publish: one invalidation of everything a CDN may serve stale; undefined when nothing is. */
export async function invalidate(
  published: Published[],
  options: InvalidateOptions
): Promise<InvalidationResult | undefined> {
  const env = options.env ?? process.env
  const paths = invalidationPaths(published, options.pathPrefix)
  if (paths.length === 0) return undefined
  const { accessKeyId, secretAccessKey, sessionToken } = awsCredentials(
    'cloudfront-distribution-id',
    'needs',
    env
  )
  const api = new CloudFrontApi(cloudfrontEndpoint(env), { accessKeyId, secretAccessKey, sessionToken })
  try {
    const reference = `publish-artifacts-${options.runId}-${createHash('sha256').update(paths.join('\n')).digest('hex').slice(0, 16)}`
    let inv = await api.create(options.distributionId, paths, reference)
    if (options.wait) {
      const deadline = Date.now() + WAIT_LIMIT_MS
      while (inv.status !== 'Completed') {
        if (Date.now() > deadline)
          throw new Error(
            `CloudFront invalidation ${inv.id} on ${options.distributionId} is still ${inv.status} after ${WAIT_LIMIT_MS / 60_000} minutes; the objects are published, the CDN may serve old copies a while longer.`
          )
        await new Promise(done => setTimeout(done, POLL_MS))
        inv = await api.get(options.distributionId, inv.id)
      }
    }
    return { ...inv, paths, distributionId: options.distributionId }
  } finally {
    await api.close().catch(() => undefined)
  }
}
