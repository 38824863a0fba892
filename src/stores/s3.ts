import { createHash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { type FileHandle, open, readFile } from 'node:fs/promises'
import aws4 from 'aws4'
import { XMLParser } from 'fast-xml-parser'
import { SMALL_FILE } from '../hash.js'
import { InputError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { awsCredentials } from '../aws.js'
import { mapLimit } from '../limit.js'
import { RetryableError, withRetry } from '../retry.js'
import {
  type Answer,
  type CallOptions,
  HttpError,
  encodeKey,
  type Pool,
  makePool,
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
  PreconditionFailed,
  isoDate,
  joinKey,
  safeKey
} from './store.js'

export interface S3Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface S3Config {
  bucket: string
  /** Key prefix inside the bucket, no leading or trailing slash ('' for the bucket root). */
  prefix: string
  region: string
  /** An S3-compatible endpoint (MinIO, R2, Ceph, s3rver); AWS's regional endpoint when absent. */
  endpoint?: string
  /** Address the bucket as endpoint/bucket/key instead of bucket.endpoint/key (most S3-compatible stores). */
  forcePathStyle: boolean
  /** A canned ACL (public-read, …); none by default, as many buckets have ACLs disabled. */
  acl?: string
  credentials: S3Credentials
  /** Sockets per origin, and so the bound on parallel requests. */
  concurrency: number
  /** Files larger than this go up as a multipart upload, in parts of this size (at least 5 MiB). */
  partSize?: number
  /** Parts of one multipart upload in flight at once (`concurrency` by default). */
  partConcurrency?: number
  /** Keys per ListObjectsV2 page (S3's maximum, 1000, by default; tests use a small one to page). */
  listPageSize?: number
  tries?: number
}

const MiB = 1024 * 1024
/**
 * 8 MiB, as the AWS CLI: parts small enough that reading and hashing the next ones overlaps the upload of the
 * first ones, and that `concurrency` of them held in memory stay well under 200 MiB.
 */
export const DEFAULT_PART_SIZE = 8 * MiB
/** A single-part file larger than this (a part size set above it) is streamed rather than read whole. */
const IN_MEMORY_MAX = 16 * MiB
const MIN_PART_SIZE = 5 * MiB
const MAX_PARTS = 10_000
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex')

const xml = new XMLParser({
  // Keys such as "1e5" or "007" must stay strings.
  parseTagValue: false,
  // fast-xml-parser leaves numeric references (`&#x27;`, which AWS and MinIO send for `'`) as they are: a key with
  // a quote would never match its local name, and be uploaded again on every run. Decoded here in one pass, so
  // `&amp;#x27;` stays the literal text `&#x27;`.
  processEntities: false,
  tagValueProcessor: (_name, value) => decodeXmlText(value),
  isArray: name => name === 'Contents'
})

const XML_NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Decodes XML's five named entities and numeric character references; anything else is kept as written. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return XML_NAMED[ref] as string
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
    return valid ? String.fromCodePoint(code) : whole
  })
}

/**
 * An S3 bucket (or an S3-compatible store) through signed REST calls: aws4 signs (SigV4), node:http sends (src/http/pool.ts).
 *
 * The payload's sha256 is known before any upload, so it is signed as `x-amz-content-sha256` and checked by
 * the server, with no CRC32 checksum headers: recent AWS SDKs add those by default and several S3-compatible
 * stores reject them. The sha256 is also stored as `x-amz-meta-sha256`, which HEAD returns, so "unchanged"
 * is decided by content, never by modification time.
 *
 * No `createExclusive`: AWS S3 honours `If-None-Match: *` on PUT, but s3rver and older S3-compatible stores
 * silently overwrite, so a lock built on it would not be one everywhere.
 */
export class S3Store implements Store {
  readonly description: string
  /** Sent always; stores that ignore the headers (s3rver) fall back to the publishers' re-checks. */
  readonly conditionalWrites = true
  /** What this store did, for tests and benchmarks (e.g. that a large file went up in parts). */
  readonly stats = { multipartUploads: 0, parts: 0, abortedUploads: 0 }
  private readonly pool: Pool
  private readonly origin: URL
  /** '/bucket' with path-style addressing, '' with virtual-host addressing. */
  private readonly bucketPath: string
  private readonly partSize: number
  private readonly publicBase: string

  constructor(private readonly config: S3Config) {
    this.pool = makePool(config.concurrency)
    const endpoint = new URL(config.endpoint || `https://s3.${config.region}.amazonaws.com`)
    if (config.forcePathStyle) {
      this.origin = new URL(endpoint.origin)
      this.bucketPath = `/${encodeKey(config.bucket)}`
    } else {
      this.origin = new URL(`${endpoint.protocol}//${config.bucket}.${endpoint.host}`)
      this.bucketPath = ''
    }
    this.partSize = Math.max(MIN_PART_SIZE, config.partSize ?? DEFAULT_PART_SIZE)
    this.publicBase = config.endpoint
      ? `${this.origin.origin}${this.bucketPath}`
      : `https://${config.bucket}.s3.${config.region}.amazonaws.com`
    const where = config.endpoint ? ` at ${endpoint.host}` : ''
    this.description = `s3://${config.bucket}/${config.prefix}${where}`
  }

  private full(key: string): string {
    return joinKey(this.config.prefix, safeKey(key))
  }

  private show(full: string): string {
    return `s3://${this.config.bucket}/${full}`
  }

  /** Signs a request with SigV4 for the current time (called again on every retry). */
  private sign(
    method: string,
    path: string,
    headers: Record<string, string>
  ): { url: string; headers: Record<string, string> } {
    const signed = aws4.sign(
      {
        host: this.origin.host,
        path,
        method,
        service: 's3',
        region: this.config.region,
        headers: { ...headers }
      },
      this.config.credentials
    )
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(signed.headers ?? {}))
      if (k.toLowerCase() !== 'host') out[k] = String(v)
    return { url: `${this.origin.origin}${path}`, headers: out }
  }

  private objectPath(full: string, query = ''): string {
    return `${this.bucketPath}/${encodeKey(full)}${query}`
  }

  private call(method: string, path: string, what: string, opts: CallOptions = {}): Promise<Answer> {
    return send(
      this.pool,
      () => {
        const headers = { 'x-amz-content-sha256': EMPTY_SHA256, ...opts.headers }
        const { url, headers: signed } = this.sign(method, path, headers)
        return { method, url, headers: signed, body: opts.body?.() }
      },
      {
        what,
        accept: opts.accept,
        tries: this.config.tries,
        maxBody: opts.maxBody,
        explain: explainS3,
        check: opts.check
      }
    )
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    const full = this.full(key)
    const res = await this.call('HEAD', this.objectPath(full), `HEAD ${this.show(full)}`, { accept: [404] })
    if (res.status === 404) return undefined
    return {
      size: Number(res.headers['content-length']),
      sha256: validSha256(res.headers['x-amz-meta-sha256']),
      md5: etagMd5(res.headers['etag'])
    }
  }

  async read(key: string): Promise<Buffer | undefined> {
    const full = this.full(key)
    const res = await this.call('GET', this.objectPath(full), `GET ${this.show(full)}`, {
      accept: [404],
      maxBody: 512 * MiB
    })
    return res.status === 404 ? undefined : res.body
  }

  async download(key: string, path: string): Promise<boolean> {
    const full = this.full(key)
    const target = this.objectPath(full)
    return sendToFile(
      this.pool,
      () => ({ method: 'GET', ...this.sign('GET', target, { 'x-amz-content-sha256': EMPTY_SHA256 }) }),
      path,
      { what: `GET ${this.show(full)}`, tries: this.config.tries, explain: explainS3 }
    )
  }

  private objectHeaders(options: WriteOptions): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/octet-stream',
      'x-amz-meta-sha256': options.sha256
    }
    if (options.cacheControl) headers['cache-control'] = options.cacheControl
    if (this.config.acl) headers['x-amz-acl'] = this.config.acl
    return headers
  }

  /**
   * A single PUT, or a multipart upload above the part size. Every upload is verified: a single-part ETag (and
   * each part's) must be the MD5 of the bytes sent. AWS S3 also checks Content-MD5 and the signed sha256 itself,
   * but S3-compatible stores may not (s3rver checks neither), and a proxy may answer 200 without storing
   * anything; where the answer cannot tell (no ETag, or an encrypted object's), the object is read back (HEAD).
   */
  async write(key: string, body: Body, options: WriteOptions): Promise<void> {
    const full = this.full(key)
    if ('path' in body && options.size > this.partSize) return this.multipart(full, body.path, options)
    const shown = this.show(full)
    // Read whole (at most one part size, `concurrency` at a time): one read instead of a stream's open, reads
    // and close, and the MD5 to check the answer against when the plan did not hash one.
    const stream = 'path' in body && options.size > IN_MEMORY_MAX
    const data =
      'path' in body ? (stream ? undefined : await readSmall(body.path, options.size, shown)) : body.data
    const md5 = options.md5 ?? (data && createHash('md5').update(data).digest('hex'))
    const headers: Record<string, string> = {
      ...this.objectHeaders(options),
      'content-length': String(options.size),
      'x-amz-content-sha256': options.sha256,
      ...(md5 && { 'content-md5': Buffer.from(md5, 'hex').toString('base64') }),
      ...conditionHeaders(options)
    }
    let unconfirmed = false
    const res = await this.call('PUT', this.objectPath(full), `PUT ${shown}`, {
      headers,
      body: () => data ?? createReadStream((body as { path: string }).path),
      accept: options.condition ? [409, 412] : undefined,
      check: answer => {
        if (answer.status === 409 || answer.status === 412) return
        unconfirmed = !md5 || verifyEtag(answer.headers, md5, `PUT ${shown}`) === 'unknown'
      }
    })
    if (res.status === 409 || res.status === 412) throw preconditionFailed(key, shown, res.status)
    if (unconfirmed) await this.readBack(full, options)
  }

  /** Checks a written object by HEAD: its size and the sha256 it was written with. */
  private async readBack(full: string, options: WriteOptions): Promise<void> {
    const shown = this.show(full)
    const res = await this.call('HEAD', this.objectPath(full), `HEAD ${shown}`, { accept: [404] })
    const size = Number(res.headers['content-length'])
    const sha256 = validSha256(res.headers['x-amz-meta-sha256'])
    if (res.status === 404 || size !== options.size || (sha256 && sha256 !== options.sha256))
      throw new Error(
        `PUT ${shown}: the store answered success but holds ${res.status === 404 ? 'no object' : `${size} bytes with sha256 ${sha256 ?? '(none)'}`}, not the ${options.size} bytes with sha256 ${options.sha256} sent`
      )
  }

  /**
   * A multipart upload: each part is read from disk once into a buffer (memory stays bounded at
   * partConcurrency parts whatever the file size), hashed, signed, sent and retried on its own, and its ETag
   * checked against its MD5; the upload is aborted on failure so no orphaned parts stay billed in the bucket.
   * Reading and hashing later parts overlaps the upload of earlier ones.
   */
  private async multipart(full: string, path: string, options: WriteOptions): Promise<void> {
    const partSize = Math.max(this.partSize, Math.ceil(options.size / MAX_PARTS))
    const shown = this.show(full)
    const created = await this.call('POST', this.objectPath(full, '?uploads='), `start upload ${shown}`, {
      headers: this.objectHeaders(options)
    })
    const uploadId = String(
      (xml.parse(created.body.toString('utf8')) as { InitiateMultipartUploadResult?: { UploadId?: string } })
        .InitiateMultipartUploadResult?.UploadId ?? ''
    )
    if (!uploadId)
      throw new Error(`start upload ${shown}: no UploadId in the answer${snippet(created.body.toString())}`)
    const query = (extra: string) => `?${extra}uploadId=${encodeURIComponent(uploadId)}`
    this.stats.multipartUploads++
    const file = await open(path, 'r')
    let unconfirmed = false
    try {
      const ranges: Array<{ start: number; length: number }> = []
      for (let start = 0; start < options.size; start += partSize)
        ranges.push({ start, length: Math.min(partSize, options.size - start) })
      const partConcurrency = Math.max(1, this.config.partConcurrency ?? this.config.concurrency)
      // One buffer per part in flight, reused: memory stays at partConcurrency × partSize.
      const free: Buffer[] = []
      const parts = await mapLimit(ranges, partConcurrency, async (range, i) => {
        const number = i + 1
        const what = `upload part ${number}/${ranges.length} of ${shown}`
        const buffer = free.pop() ?? Buffer.allocUnsafe(partSize)
        try {
          const part = await this.uploadPart(
            file,
            buffer,
            range,
            this.objectPath(full, query(`partNumber=${number}&`)),
            what
          )
          if (!part.confirmed) unconfirmed = true
          return part
        } finally {
          free.push(buffer)
        }
      })
      const completeXml = Buffer.from(
        '<CompleteMultipartUpload>' +
          parts
            .map(
              (part, i) =>
                `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(part.etag)}</ETag></Part>`
            )
            .join('') +
          '</CompleteMultipartUpload>'
      )
      // The object's ETag is the MD5 of the parts' MD5s, "-" and their count (AWS, MinIO, R2).
      const composite = `${createHash('md5')
        .update(Buffer.concat(parts.map(p => p.md5)))
        .digest('hex')}-${parts.length}`
      // CompleteMultipartUpload can answer 200 with an <Error> body; an InternalError there is worth a retry.
      await withRetry(
        async () => {
          const res = await this.call('POST', this.objectPath(full, query('')), `complete upload ${shown}`, {
            headers: {
              'content-type': 'application/xml',
              'content-length': String(completeXml.length),
              'x-amz-content-sha256': createHash('sha256').update(completeXml).digest('hex'),
              ...conditionHeaders(options)
            },
            body: () => completeXml,
            accept: options.condition ? [409, 412] : undefined
          })
          if (res.status === 409 || res.status === 412) throw preconditionFailed(full, shown, res.status)
          const text = res.body.toString('utf8')
          if (/<Error>/.test(text)) {
            const { message, code } = explainS3(500, text)
            if (code === 'InternalError' || code === 'SlowDown')
              throw new RetryableError(`complete upload ${shown}: ${message}`)
            throw new HttpError(`complete upload ${shown}: ${message}`, 200, code)
          }
          const etag = /<ETag>([^<]*)<\/ETag>/.exec(text)?.[1]
          const value = etag && decodeXmlText(etag).replace(/"/g, '').trim().toLowerCase()
          // Stores that answer another shape (s3rver: the whole file's MD5) are checked by reading back.
          if (encrypted(res.headers)) unconfirmed = true
          else if (value && /^[0-9a-f]{32}-[0-9]+$/.test(value) && value !== composite)
            throw new Error(
              `complete upload ${shown}: the store assembled an object with ETag ${value}, not the ${composite} of the parts sent`
            )
          else if (value !== composite) unconfirmed = true
        },
        { what: `complete upload ${shown}`, tries: this.config.tries }
      )
    } catch (err) {
      this.stats.abortedUploads++
      await this.call('DELETE', this.objectPath(full, query('')), `abort upload ${shown}`, {
        accept: [404],
        headers: {}
      }).catch(() => undefined)
      throw err
    } finally {
      await file.close()
    }
    if (unconfirmed) await this.readBack(full, options)
  }

  /** One part: read into `buffer` (inside the retries: a file shorter than planned fails like a failed part). */
  private async uploadPart(
    file: FileHandle,
    buffer: Buffer,
    range: { start: number; length: number },
    target: string,
    what: string
  ): Promise<{ etag: string; md5: Buffer; confirmed: boolean }> {
    const data = await withRetry(() => readPart(file, buffer, range.start, range.length, what), {
      what,
      tries: this.config.tries
    })
    const md5 = createHash('md5').update(data).digest()
    let confirmed = false
    const res = await this.call('PUT', target, what, {
      headers: {
        'content-length': String(range.length),
        'x-amz-content-sha256': createHash('sha256').update(data).digest('hex'),
        'content-md5': md5.toString('base64')
      },
      body: () => data,
      check: answer => {
        if (!answer.headers['etag']) throw new RetryableError(`${what}: no ETag in the answer`)
        confirmed = verifyEtag(answer.headers, md5.toString('hex'), what) === 'ok'
      }
    })
    this.stats.parts++
    return { etag: res.headers['etag'] as string, md5, confirmed }
  }

  async delete(key: string): Promise<void> {
    const full = this.full(key)
    await this.call('DELETE', this.objectPath(full), `DELETE ${this.show(full)}`, { accept: [404] })
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    const root = this.config.prefix ? `${this.config.prefix}/` : ''
    const wanted = root + prefix.replace(/^\/+/, '')
    let token: string | undefined
    do {
      const params = new URLSearchParams({ 'list-type': '2', prefix: wanted })
      if (this.config.listPageSize) params.set('max-keys', String(this.config.listPageSize))
      if (token) params.set('continuation-token', token)
      const query = params.toString().replace(/\+/g, '%20')
      const res = await this.call(
        'GET',
        `${this.bucketPath}/?${query}`,
        `list s3://${this.config.bucket}/${wanted}`
      )
      const result = listPage(res.body.toString('utf8'))
      if (!result)
        throw new Error(
          `list s3://${this.config.bucket}/${wanted}: unexpected answer${snippet(res.body.toString())}`
        )
      for (const item of result.Contents ?? []) {
        const key = String(item.Key)
        if (!key.startsWith(root) || key.endsWith('/')) continue
        yield {
          key: key.slice(root.length),
          size: Number(item.Size),
          md5: etagMd5(item.ETag),
          lastModified: isoDate(item.LastModified)
        }
      }
      token = result.IsTruncated === 'true' ? result.NextContinuationToken : undefined
    } while (token)
  }

  url(key: string): string {
    return `${this.publicBase}/${encodeKey(this.full(key))}`
  }

  async close(): Promise<void> {
    this.pool.close()
  }
}

interface ListPage {
  Contents?: Array<{ Key: string; Size: string; ETag?: string; LastModified?: string }>
  IsTruncated?: string
  NextContinuationToken?: string
}

/**
 * One ListObjectsV2 page. The answer's shape is fixed (element text only, `<` always escaped in keys), so its
 * fields are picked out by a scan, which profiling showed several times cheaper than a general XML parser over
 * 1000-key pages; an answer with CDATA or comments goes through the parser.
 */
export function listPage(body: string): ListPage | undefined {
  if (body.includes('<![CDATA[') || body.includes('<!--'))
    return (xml.parse(body) as { ListBucketResult?: ListPage }).ListBucketResult
  if (!/<ListBucketResult[\s>]/.test(body)) return undefined
  const field = (part: string, name: string): string | undefined => {
    const open = part.indexOf(`<${name}>`)
    if (open < 0) return undefined
    const close = part.indexOf(`</${name}>`, open)
    return close < 0 ? undefined : decodeXmlText(part.slice(open + name.length + 2, close))
  }
  const contents: NonNullable<ListPage['Contents']> = []
  let at = 0
  for (;;) {
    const open = body.indexOf('<Contents>', at)
    if (open < 0) break
    const close = body.indexOf('</Contents>', open)
    if (close < 0) return undefined
    const part = body.slice(open, close)
    const key = field(part, 'Key')
    if (key === undefined) return undefined
    contents.push({
      Key: key,
      Size: field(part, 'Size') ?? '',
      ETag: field(part, 'ETag'),
      LastModified: field(part, 'LastModified')
    })
    at = close
  }
  // The page's own fields, before the objects (AWS) or after them (s3rver, MinIO).
  const first = body.indexOf('<Contents>')
  const tail = first < 0 ? body : body.slice(0, first) + body.slice(at)
  return {
    Contents: contents,
    IsTruncated: field(tail, 'IsTruncated'),
    NextContinuationToken: field(tail, 'NextContinuationToken')
  }
}

/** S3's conditional-write headers (AWS S3, R2, MinIO honour them on PUT and CompleteMultipartUpload). */
function conditionHeaders(options: WriteOptions): Record<string, string> {
  const c = options.condition
  if (!c) return {}
  return 'absent' in c ? { 'if-none-match': '*' } : { 'if-match': `"${c.md5}"` }
}

function preconditionFailed(key: string, shown: string, status: number): PreconditionFailed {
  return new PreconditionFailed(
    key,
    status === 412
      ? `PUT ${shown}: the object changed since it was read (HTTP 412, another publisher wrote it)`
      : `PUT ${shown}: another conditional write of the object is in progress (HTTP 409)`
  )
}

/** An MD5 from a single-part ETag ("<32 hex>"); multipart ETags ("<hex>-<parts>") are not an MD5. */
function etagMd5(etag: string | undefined): string | undefined {
  const value = etag?.replace(/"/g, '').trim().toLowerCase()
  return value && /^[0-9a-f]{32}$/.test(value) ? value : undefined
}

function validSha256(value: string | undefined): string | undefined {
  const v = value?.trim().toLowerCase()
  return v && /^[0-9a-f]{64}$/.test(v) ? v : undefined
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A small file whole, checked against the planned size (it must not have changed since it was hashed). */
async function readSmall(path: string, size: number, shown: string): Promise<Buffer> {
  const data = size <= SMALL_FILE ? readFileSync(path) : await readFile(path)
  if (data.length !== size)
    throw new Error(
      `PUT ${shown}: ${path} holds ${data.length} bytes, not the ${size} planned (changed since it was hashed?)`
    )
  return data
}

/** One part of an open file, in full. */
async function readPart(
  file: FileHandle,
  buffer: Buffer,
  start: number,
  length: number,
  what: string
): Promise<Buffer> {
  const data = buffer.subarray(0, length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await file.read(data, got, length - got, start + got)
    if (bytesRead === 0)
      throw new RetryableError(
        `${what}: the file ends ${length - got} bytes early (changed since it was hashed?)`
      )
    got += bytesRead
  }
  return data
}

/** SSE-KMS and SSE-C objects: their ETag is not derived from their bytes. */
function encrypted(headers: Record<string, string>): boolean {
  return (
    /kms/i.test(headers['x-amz-server-side-encryption'] ?? '') ||
    headers['x-amz-server-side-encryption-customer-algorithm'] !== undefined
  )
}

/**
 * Compares an upload's ETag with the MD5 of what was sent: 'ok', or 'unknown' when the answer cannot tell
 * (no ETag; SSE-KMS and SSE-C objects, whose ETag is not their MD5). A different MD5 means the store holds
 * other bytes than were sent (damaged on the way, or a store that does not check Content-MD5): sent again.
 */
function verifyEtag(headers: Record<string, string>, md5: string, what: string): 'ok' | 'unknown' {
  const etag = etagMd5(headers['etag'])
  if (!etag || encrypted(headers)) return 'unknown'
  if (etag !== md5)
    throw new RetryableError(`${what}: the store answered ETag ${etag}, not the MD5 ${md5} of the bytes sent`)
  return 'ok'
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired'
])

/** An S3 error answer in words: its code and message, and what to check when the credentials are wrong. */
export function explainS3(status: number, body: string): { message: string; code?: string } {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1]
  const text = /<Message>([^<]*)<\/Message>/.exec(body)?.[1]
  let message = `HTTP ${status}${code ? ` ${code}` : ''}${text ? `: ${text}` : code ? '' : snippet(body)}`
  if ((code && CREDENTIAL_CODES.has(code)) || (status === 403 && !code))
    message +=
      ' (check the AWS credentials in the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN,' +
      ' e.g. from aws-actions/configure-aws-credentials, and that they may read and write this bucket)'
  else if (code === 'AccessDenied')
    message += ' (the credentials are valid but not allowed this action on the bucket: check the IAM policy)'
  else if (code === 'NoSuchBucket')
    message += ' (check the bucket name in destination, s3-endpoint and s3-region)'
  else if (code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed')
    message += ' (the bucket is in another region: set s3-region)'
  return { message, code }
}

/** Builds the S3 store for `s3://bucket/prefix` from the inputs and the standard AWS environment. */
export function s3StoreFrom(
  dest: { bucket: string; prefix: string },
  inputs: Pick<Inputs, 's3Endpoint' | 's3Region' | 's3ForcePathStyle' | 's3Acl' | 'concurrency'>,
  env: NodeJS.ProcessEnv = process.env
): S3Store {
  const { accessKeyId, secretAccessKey, sessionToken } = awsCredentials(
    'destination',
    'an s3:// destination needs AWS credentials in the environment',
    env
  )
  const endpoint = inputs.s3Endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined
  if (endpoint) {
    let url: URL | undefined
    try {
      url = new URL(endpoint)
    } catch {
      url = undefined
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search)
      throw new InputError(
        's3-endpoint',
        'must be an http(s) URL without credentials or query, e.g. https://minio.example.com:9000.'
      )
  }
  const partSize = Number(env.PUBLISH_ARTIFACTS_S3_PART_SIZE) || undefined
  return new S3Store({
    bucket: dest.bucket,
    prefix: dest.prefix.replace(/^\/+|\/+$/g, ''),
    region: inputs.s3Region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    endpoint,
    forcePathStyle: inputs.s3ForcePathStyle,
    acl: inputs.s3Acl || undefined,
    credentials: { accessKeyId, secretAccessKey, sessionToken },
    concurrency: inputs.concurrency,
    partSize
  })
}
