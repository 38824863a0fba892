import * as log from './log.js'

/** An HTTP failure that may succeed when tried again (408, 429, 5xx), with the server's Retry-After. */
export class RetryableError extends Error {
  override name = 'RetryableError'
  constructor(
    message: string,
    readonly retryAfterMs?: number
  ) {
    super(message)
  }
}

export interface RetryOptions {
  /** What is being done, for messages: "PUT s3://bucket/key". Never holds credentials. */
  what: string
  /** Total tries, the first included. */
  tries?: number
  baseMs?: number
  maxMs?: number
  /** Called before each retry: for counting retries in tests and benchmarks. */
  onRetry?: (attempt: number, err: unknown, delayMs: number) => void
}

// Tests and the chaos suite shrink the backoff through the environment so they stay fast and bounded.
const ENV_BASE = Number(process.env.PUBLISH_ARTIFACTS_RETRY_BASE_MS) || undefined

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  // node:http's (src/http/pool.ts): a body sent short of its Content-Length, a response cut off (its body
  // stream then ends in "aborted", code ECONNRESET, or a premature close).
  'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
  'ERR_STREAM_PREMATURE_CLOSE'
])

/** Connection resets, timeouts and truncated bodies: worth another try. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof RetryableError) return true
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: string }).code
    if (code && NETWORK_CODES.has(code)) return true
    if (e instanceof Error && /other side closed|socket hang up|terminated|premature close/i.test(e.message))
      return true
  }
  return false
}

/** Reads Retry-After (seconds or an HTTP date) into milliseconds, capped at a minute. */
export function retryAfterMs(
  header: string | string[] | null | undefined,
  now = Date.now()
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : undefined
}

/**
 * Runs `fn` until it succeeds, a non-retryable error is thrown, or the tries run out: exponential backoff with
 * full jitter, at least the server's Retry-After. The final error says what failed and after how many tries.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const tries = options.tries ?? 5
  const base = options.baseMs ?? ENV_BASE ?? 250
  const max = options.maxMs ?? 20_000
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      if (!isRetryable(err)) throw err
      if (attempt >= tries) {
        const reason = err instanceof Error ? err.message : String(err)
        throw new Error(`${options.what} failed after ${attempt} tries: ${reason}`, { cause: err })
      }
      const backoff = Math.random() * Math.min(max, base * 2 ** (attempt - 1))
      const delay = Math.max(backoff, err instanceof RetryableError ? (err.retryAfterMs ?? 0) : 0)
      options.onRetry?.(attempt, err, delay)
      log.debug(
        `${options.what}: try ${attempt} failed (${err instanceof Error ? err.message : String(err)}); retrying in ${Math.round(delay)} ms`
      )
      await new Promise(resolve => setTimeout(resolve, delay))
    }
  }
}
