/**
 * A fault-injecting HTTP proxy for the tests and the chaos suite. It listens on 127.0.0.1, forwards to one
 * loopback target (s3rver, nginx WebDAV, docker-registry) and, per request, may inject one fault drawn from a
 * seeded generator by the configured rates:
 *
 * - `500`/`502`/`503`: an error status; the request never reaches the target.
 * - `429`: Too Many Requests with Retry-After; the request never reaches the target.
 * - `reset-request`: the connection is reset after part of the request body was read (never forwarded).
 * - `reset-response`: the request IS forwarded and done by the target, then the connection is reset after the
 *   headers and part of the body (or before any byte when there is no body): the client cannot tell it worked.
 * - `truncated`: forwarded and done; the response promises more bytes (Content-Length) than it sends, then closes.
 * - `slow`: forwarded after a delay.
 *
 * Faults are transient: one method+path is never faulted more than `maxConsecutive` times in a row, so a client
 * that retries always gets through (as with a real flaky network), and a lost publication means a real bug.
 * The proxy is bounded: it resets every request beyond `maxRequests` (counted as `over-budget`) and shuts itself
 * down after `maxMs`.
 */
import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
  createServer,
  request
} from 'node:http'
import type { Socket } from 'node:net'
import { Transform } from 'node:stream'
import { type Random, seeded } from './random.js'

export const FAULT_TYPES = [
  'status5xx',
  'status429',
  'resetRequest',
  'resetResponse',
  'truncate',
  'slow'
] as const
export type FaultType = (typeof FAULT_TYPES)[number]
/** Probability per request of each fault type; their sum must not exceed 1. */
export type FaultRates = Partial<Record<FaultType, number>>

/** The names faults are counted under. */
export const FAULT_NAMES = [
  '500',
  '502',
  '503',
  '429',
  'reset-request',
  'reset-response',
  'truncated',
  'slow'
] as const
export type FaultName = (typeof FAULT_NAMES)[number] | 'over-budget'

export interface ProxyOptions {
  /** http://127.0.0.1:PORT (or localhost / [::1]): the only place requests go. */
  target: string
  rates?: FaultRates
  seed?: number
  /** Delay of a slow response. */
  slowMs?: number
  /** The Retry-After of a 429, in seconds. */
  retryAfterSeconds?: number
  /** Never fault one method+path more than this many times in a row. */
  maxConsecutive?: number
  /** Requests served before the proxy refuses more. */
  maxRequests?: number
  /** The proxy closes itself after this long, so a hung test cannot leave it running. */
  maxMs?: number
  /** Only requests this accepts may be faulted (e.g. only writes); others pass through untouched. */
  faultable?: (method: string, path: string) => boolean
  /**
   * A fixed answer for chosen requests, every time, never forwarded: a status (403, as a bucket policy that
   * denies one key; 500, an outage of one key) or `swallow` (200 with nothing stored, as a broken server or a
   * misconfigured proxy answers), or `corrupt` (forwarded with one byte of its body changed, as a bad NIC or
   * middlebox damages it: the target stores the damaged bytes unless it checks Content-MD5). Other requests
   * go on to the rates.
   */
  answer?: Answer
}

export type Answer = (method: string, path: string) => number | 'swallow' | 'corrupt' | undefined

export interface ProxyStats {
  requests: number
  /** Requests passed through without a fault. */
  passed: number
  faults: Record<FaultName, number>
  totalFaults: number
}

export interface ProxyHandle {
  /** http://127.0.0.1:PORT: point the client here instead of at the target. */
  url: string
  port: number
  stats(): ProxyStats
  /** Change the rates while running (e.g. `{}` to stop injecting while a test checks the result). */
  setRates(rates: FaultRates): void
  /** Change the fixed answers while running (undefined: none). */
  setAnswer(answer: Answer | undefined): void
  /** Requests given a fixed answer so far, as `METHOD path`. */
  answered(): string[]
  stop(): Promise<void>
}

// Hop-by-hop headers belong to one connection and are not forwarded (RFC 9110 7.6.1).
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
])

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP.has(name)) out[name] = value
  return out
}

function checkLoopback(target: string): URL {
  const url = new URL(target)
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`the chaos proxy only forwards to loopback http targets, not ${target}`)
  return url
}

/** Sends RST instead of FIN where Node can (a "connection reset by peer" for the client). */
function reset(socket: Socket | null | undefined): void {
  if (!socket || socket.destroyed) return
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
  else socket.destroy()
}

export async function startProxy(options: ProxyOptions): Promise<ProxyHandle> {
  const target = checkLoopback(options.target)
  const random: Random = seeded(options.seed ?? 1)
  let rates: FaultRates = { ...options.rates }
  const slowMs = options.slowMs ?? 300
  const retryAfter = options.retryAfterSeconds ?? 1
  const maxConsecutive = options.maxConsecutive ?? 2
  const maxRequests = options.maxRequests ?? 100_000
  const faultable = options.faultable ?? (() => true)
  let answer = options.answer
  const answered: string[] = []
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const streak = new Map<string, number>()
  const faults = Object.fromEntries([...FAULT_NAMES, 'over-budget'].map(n => [n, 0])) as Record<
    FaultName,
    number
  >
  let requests = 0
  let passed = 0
  const sockets = new Set<Socket>()

  /** Decides one request's fault; every request draws twice, so one seed gives one sequence of decisions. */
  function draw(method: string, path: string): { fault?: FaultType; pick: number } {
    const r = random()
    const pick = random()
    if (!faultable(method, path)) return { pick }
    const key = `${method} ${path}`
    let at = 0
    let fault: FaultType | undefined
    for (const type of FAULT_TYPES) {
      at += rates[type] ?? 0
      if (r < at) {
        fault = type
        break
      }
    }
    // slow is not a failure: it does not count towards the streak.
    if (fault && fault !== 'slow' && (streak.get(key) ?? 0) >= maxConsecutive) fault = undefined
    if (fault && fault !== 'slow') streak.set(key, (streak.get(key) ?? 0) + 1)
    else streak.delete(key)
    return { fault, pick }
  }

  function forward(
    req: IncomingMessage,
    onResponse: (up: IncomingMessage) => void,
    res: ServerResponse,
    body: NodeJS.ReadableStream = req
  ): void {
    const up = request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || 80,
        method: req.method,
        path: req.url,
        // Host is kept: S3 signatures cover it, and the registry builds Location URLs from it.
        headers: endToEnd(req.headers),
        agent
      },
      onResponse
    )
    up.on('error', err => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(`chaos proxy: the target failed: ${err.message}\n`)
      } else reset(res.socket)
    })
    body.pipe(up)
  }

  function passThrough(up: IncomingMessage, res: ServerResponse): void {
    res.writeHead(up.statusCode ?? 502, up.statusMessage, endToEnd(up.headers))
    up.pipe(res)
  }

  function hasBody(req: IncomingMessage, up: IncomingMessage): boolean {
    const status = up.statusCode ?? 0
    if (req.method === 'HEAD' || status === 204 || status === 304) return false
    return up.headers['content-length'] !== '0'
  }

  const server = createServer((req, res) => {
    requests++
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    if (requests > maxRequests) {
      faults['over-budget']++
      reset(req.socket)
      return
    }
    const fixed = answer?.(method, path)
    if (fixed === 'corrupt') {
      answered.push(`${method} ${path}`)
      let first = true
      const damaged = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          if (first && chunk.length > 0) {
            first = false
            chunk = Buffer.from(chunk)
            chunk[0] ^= 0xff
          }
          done(null, chunk)
        }
      })
      forward(req, up => passThrough(up, res), res, req.pipe(damaged))
      return
    }
    if (fixed !== undefined) {
      answered.push(`${method} ${path}`)
      req.resume()
      req.on('end', () => {
        if (fixed === 'swallow') res.writeHead(200, { 'content-length': '0' }).end()
        else res.writeHead(fixed, { 'content-type': 'text/plain' }).end(`chaos proxy: answered ${fixed}\n`)
      })
      return
    }
    const { fault, pick } = draw(method, path)
    if (fault === 'status5xx') {
      const status = ([500, 502, 503] as const)[Math.floor(pick * 3)]
      faults[String(status) as FaultName]++
      req.resume()
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'text/plain' })
        res.end(`chaos proxy: injected ${status}\n`)
      })
      return
    }
    switch (fault) {
      case 'status429':
        faults['429']++
        req.resume()
        req.on('end', () => {
          res.writeHead(429, { 'retry-after': String(retryAfter), 'content-type': 'text/plain' })
          res.end('chaos proxy: injected 429\n')
        })
        return
      case 'resetRequest': {
        faults['reset-request']++
        const length = Number(req.headers['content-length'] ?? 0)
        const chunked = /chunked/i.test(String(req.headers['transfer-encoding'] ?? ''))
        if (!chunked && !(length > 0)) {
          reset(req.socket)
          return
        }
        // Reset once part of the body has been read (the first chunk), never forwarding any of it.
        req.once('data', () => reset(req.socket))
        req.once('end', () => reset(req.socket))
        return
      }
      case 'resetResponse':
        faults['reset-response']++
        forward(
          req,
          up => {
            if (!hasBody(req, up)) {
              up.resume()
              up.on('end', () => reset(res.socket))
              return
            }
            res.writeHead(up.statusCode ?? 200, up.statusMessage, endToEnd(up.headers))
            res.flushHeaders()
            up.once('data', (chunk: Buffer) => {
              up.pause()
              res.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), () => {
                reset(res.socket)
                up.destroy()
              })
            })
          },
          res
        )
        return
      case 'truncate':
        faults.truncated++
        forward(
          req,
          up => {
            const socket = res.socket
            const length = Number(up.headers['content-length'] ?? -1)
            if (req.method === 'HEAD' || !socket) {
              // A HEAD response has no body to cut short: reset instead (counted as what it was).
              faults.truncated--
              faults['reset-response']++
              up.resume()
              up.on('end', () => reset(socket))
              return
            }
            // Written raw so Node does not fix the framing: the head promises bytes that never come.
            const chunks: Buffer[] = []
            let got = 0
            const cut = (body: Buffer, promised: number) => {
              const headers = { ...endToEnd(up.headers), 'content-length': String(promised) }
              let head = `HTTP/1.1 ${up.statusCode ?? 200} ${up.statusMessage ?? ''}\r\n`
              for (const [k, v] of Object.entries(headers))
                for (const one of Array.isArray(v) ? v : [v]) head += `${k}: ${one}\r\n`
              socket.write(`${head}connection: close\r\n\r\n`)
              socket.end(body)
            }
            if (length <= 0) {
              up.resume()
              up.on('end', () => cut(Buffer.alloc(0), 64))
              return
            }
            up.on('data', (chunk: Buffer) => {
              chunks.push(chunk)
              got += chunk.length
              if (got * 2 >= length) {
                up.destroy()
                const all = Buffer.concat(chunks)
                cut(all.subarray(0, Math.floor(length / 2)), length)
              }
            })
          },
          res
        )
        return
      case 'slow':
        faults.slow++
        setTimeout(() => forward(req, up => passThrough(up, res), res), slowMs)
        return
      default:
        passed++
        forward(req, up => passThrough(up, res), res)
    }
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_err, socket) => socket.destroy())

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
  })
  let stopped: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>(resolve => {
      clearTimeout(lifetime)
      server.close(() => resolve())
      for (const s of sockets) s.destroy()
      agent.destroy()
    })
    return stopped
  }
  const lifetime = setTimeout(() => void stop(), options.maxMs ?? 10 * 60_000)
  lifetime.unref()

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({
      requests,
      passed,
      faults: { ...faults },
      totalFaults: Object.entries(faults)
        .filter(([n]) => n !== 'slow')
        .reduce((sum, [, n]) => sum + n, 0)
    }),
    setRates(next) {
      rates = { ...next }
    },
    setAnswer(next) {
      answer = next
    },
    answered: () => [...answered],
    stop
  }
}

/** Spreads a total failure rate evenly over the failing fault types, with a few slow responses on top. */
export function spreadRates(total: number, slow = total / 4): FaultRates {
  const failing = FAULT_TYPES.filter(t => t !== 'slow')
  return {
    ...Object.fromEntries(failing.map(t => [t, total / failing.length])),
    slow
  }
}
