import { createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Pool, type RequestBody } from '../http/pool.js'
import { redact } from '../redact.js'
import { RetryableError, isRetryableStatus, retryAfterMs, withRetry } from '../retry.js'

/** A non-2xx answer the caller did not accept. `code` is the S3 error code when the body carried one. */
export class HttpError extends Error {
  override name = 'HttpError'
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string
  ) {
    super(message)
  }
}

export { Pool, type RequestBody }

/**
 * One connection pool per store: at most `connections` sockets per origin, however many objects are published,
 * with timeouts (src/http/pool.ts) so a stalled server turns into a retry instead of a hung job. Node's agent
 * keeps a connection after a HEAD too, so stats do not pay a TCP connect each.
 */
export function makePool(connections: number): Pool {
  return new Pool(connections)
}

export interface Attempt {
  /** GET, PUT, … and WebDAV's MKCOL and PROPFIND. */
  method: string
  url: string
  headers: Record<string, string>
  /** Built afresh for every try: a stream cannot be replayed. */
  body?: RequestBody
}

export interface Answer {
  status: number
  headers: Record<string, string>
  /** The whole body: only small answers (XML, indexes) are read this way. */
  body: Buffer
}

/** What a store's own request method takes besides the method and target. */
export interface CallOptions {
  headers?: Record<string, string>
  body?: () => RequestBody
  accept?: number[]
  maxBody?: number
  /** See SendOptions.check. */
  check?: (answer: Answer) => void
}

export interface SendOptions {
  /** "PUT s3://bucket/key": for messages, never with credentials. */
  what: string
  /** Statuses returned to the caller rather than thrown (e.g. 404 for a stat). 2xx always are. */
  accept?: number[]
  tries?: number
  /** Refuse to buffer a body larger than this (read() is for small objects). */
  maxBody?: number
  /** Turns an error answer into a clearer message (credentials hints, the S3 error code). */
  explain?: (status: number, body: string) => { message: string; code?: string }
  /**
   * Checks an accepted answer inside the retry loop (e.g. that a PUT's ETag is the MD5 of the bytes sent): a
   * RetryableError it throws sends the request again, any other error fails it.
   */
  check?: (answer: Answer) => void
}

/**
 * Sends a request with retries on 408/429/5xx, resets and timeouts (src/retry.ts), honouring Retry-After.
 * `build` runs once per try, so signatures and streamed bodies are fresh each time.
 */
export async function send(
  pool: Pool,
  build: (attempt: number) => Attempt | Promise<Attempt>,
  options: SendOptions
): Promise<Answer> {
  return withRetry(
    async attempt => {
      const req = await build(attempt)
      const res = await pool.send(req.method, req.url, req.headers, req.body)
      const headers = flatten(res.headers)
      const ok = (res.statusCode >= 200 && res.statusCode < 300) || options.accept?.includes(res.statusCode)
      const body = ok
        ? await readBody(res.body, options.maxBody ?? 64 * 1024 * 1024, false, options.what)
        : await readBody(res.body, 64 * 1024, true, options.what)
      if (ok) {
        const answer = { status: res.statusCode, headers, body }
        options.check?.(answer)
        return answer
      }
      const text = body.toString('utf8')
      const explained = options.explain?.(res.statusCode, text) ?? {
        message: `HTTP ${res.statusCode}${snippet(text)}`
      }
      const message = redact(`${options.what}: ${explained.message}`)
      if (isRetryableStatus(res.statusCode))
        throw new RetryableError(message, retryAfterMs(headers['retry-after']))
      throw new HttpError(message, res.statusCode, explained.code)
    },
    { what: options.what, tries: options.tries }
  )
}

/**
 * A GET whose body is streamed into a local file (an artifact, never held in memory), with the retries of send();
 * false when the object does not exist (404, 410).
 */
export async function sendToFile(
  pool: Pool,
  build: (attempt: number) => Attempt | Promise<Attempt>,
  path: string,
  options: Pick<SendOptions, 'what' | 'tries' | 'explain'>
): Promise<boolean> {
  return withRetry(
    async attempt => {
      const req = await build(attempt)
      const res = await pool.send(req.method, req.url, req.headers, req.body)
      if (res.statusCode === 404 || res.statusCode === 410) {
        await drain(res.body)
        return false
      }
      if (res.statusCode === 200) {
        const file = createWriteStream(path)
        await pipeline(res.body, file).catch((err: unknown) => {
          throw brokenOff(options.what, file.bytesWritten, err)
        })
        return true
      }
      const text = (await readBody(res.body, 64 * 1024, true, options.what)).toString('utf8')
      const explained = options.explain?.(res.statusCode, text) ?? {
        message: `HTTP ${res.statusCode}${snippet(text)}`
      }
      const message = redact(`${options.what}: ${explained.message}`)
      if (isRetryableStatus(res.statusCode))
        throw new RetryableError(message, retryAfterMs(flatten(res.headers)['retry-after']))
      throw new HttpError(message, res.statusCode, explained.code)
    },
    { what: options.what, tries: options.tries }
  )
}

/**
 * Reads a response body whole. Error bodies are cut at `limit` (only their start goes into a message); a
 * success body past `limit` is refused, as only small objects are ever read this way.
 */
export async function readBody(
  body: Readable,
  limit: number,
  truncate: boolean,
  what: string
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > limit) {
        body.destroy()
        if (truncate) break
        throw new Error(`${what}: answer larger than ${limit} bytes`)
      }
      chunks.push(chunk)
    }
  } catch (err) {
    throw brokenOff(what, size, err)
  }
  return Buffer.concat(chunks)
}

/**
 * A response body that failed on the way ("aborted": the connection closed before its Content-Length), said
 * with where and how far it got; the cause keeps its code, so it is retried as before.
 */
function brokenOff(what: string, size: number, err: unknown): unknown {
  const message = (err as { message?: unknown } | undefined)?.message
  if (typeof message !== 'string' || message.startsWith(what)) return err
  return new Error(`${what}: the answer broke off after ${size} bytes (${message})`, { cause: err })
}

/** Reads a body to its end and drops it, so its connection goes back to the pool. */
export async function drain(body: Readable): Promise<void> {
  for await (const _ of body);
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return out
}

/** The start of an error body on one line, for messages. */
export function snippet(text: string): string {
  // An HTML error page says it best in its title ("401 Authorization Required").
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]
  // Redacted before it is cut: a secret echoed by the server and cut in half would no longer be recognised.
  const line = redact(title ?? text)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return line ? `: ${line.slice(0, 200)}` : ''
}

/** Encodes a key for a URL path: each segment percent-encoded (`+` becomes %2B), slashes kept. */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map(part =>
      encodeURIComponent(part).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    )
    .join('/')
}
