import {
  type ClientRequest,
  Agent as HttpAgent,
  type IncomingMessage,
  type RequestOptions,
  request as httpRequest
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'

/**
 * HTTP for the registry client, the object stores and the CloudFront API, on Node's own http/https modules and
 * keep-alive agents. Not undici: loading and compiling the bundled undici takes ~60 ms of every run's start-up,
 * more than a whole re-run with everything present spends talking to the registry or the bucket, and none of
 * them needs anything of it that node:http lacks (keep-alive pools, streamed bodies both ways, timeouts).
 */

export interface Response {
  statusCode: number
  /** Lower-case names; a header sent more than once (two WWW-Authenticate challenges) is an array. */
  headers: Record<string, string | string[] | undefined>
  body: Readable
}

/** A body sent whole (with its Content-Length), or a stream (chunked unless the caller sets Content-Length). */
export type RequestBody = Buffer | Uint8Array | string | Readable | undefined

export interface Timeouts {
  /** How long a new connection may take to open. */
  connectMs: number
  /** How long an idle connection is kept for the next request (servers drop theirs after 5–20 s). */
  idleMs: number
  /** How long to wait for a response's headers: a registry may hash a large blob before it answers its PUT. */
  headersMs: number
  /** How long a response body may stay silent. */
  bodyMs: number
}

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 15_000, idleMs: 10_000, headersMs: 120_000, bodyMs: 300_000 }

/** Keep-alive connections per scheme, at most `connections` to a host at once. */
export class Pool {
  private http: HttpAgent | undefined
  private https: HttpsAgent | undefined
  private readonly timeouts: Timeouts

  constructor(
    private readonly connections: number,
    timeouts: Partial<Timeouts> = {}
  ) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts }
  }

  /** Sends one request; resolves once the response's headers are in (its body is then the caller's to read). */
  send(method: string, url: string, headers: Record<string, string>, body: RequestBody): Promise<Response> {
    const target = new URL(url)
    const secure = target.protocol === 'https:'
    const { connectMs, idleMs, headersMs, bodyMs } = this.timeouts
    // The agent's socket timeout is how long a free connection stays in the pool.
    const agentOptions = { keepAlive: true, maxSockets: Math.max(1, this.connections), timeout: idleMs }
    const sent: Record<string, string> = { ...headers }
    const whole = body !== undefined && !(body instanceof Readable)
    if (whole && !hasHeader(headers, 'content-length'))
      sent['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength)
    const options: RequestOptions = {
      method,
      headers: sent,
      agent: secure
        ? (this.https ??= new HttpsAgent(agentOptions))
        : (this.http ??= new HttpAgent(agentOptions))
    }
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(target, options)
      // A body that ends short of its content-length fails the request instead of leaving it hanging (Node 18.10+;
      // not in @types/node 20).
      ;(req as ClientRequest & { strictContentLength: boolean }).strictContentLength = true
      let response: IncomingMessage | undefined
      // One idle timer on the connection: for the connect, then for the headers, then (reset) for the body.
      req.once('socket', socket => {
        if (socket.connecting) socket.setTimeout(connectMs)
      })
      req.setTimeout(headersMs, () => {
        if (response)
          response.destroy(timeout(`the response from ${target.origin} stalled for ${bodyMs / 1000} s`))
        else if (!req.socket || req.socket.connecting)
          req.destroy(timeout(`could not connect to ${target.origin} within ${connectMs / 1000} s`))
        else req.destroy(timeout(`no response from ${target.origin} within ${headersMs / 1000} s`))
      })
      // `on`, not `once`: a second error (a reset after a timeout) must not go unhandled.
      req.on('error', err => {
        // A stream that was never (fully) sent still holds its file open.
        if (body instanceof Readable && !body.destroyed) body.destroy()
        reject(err)
      })
      req.once('response', (res: IncomingMessage) => {
        response = res
        req.setTimeout(bodyMs)
        resolve({ statusCode: res.statusCode ?? 0, headers: headersOf(res), body: res })
      })
      if (body instanceof Readable) void stream(body, req)
      else req.end(body)
    })
  }

  /** Closes every connection (idle ones would keep the process alive). */
  close(): void {
    this.http?.destroy()
    this.https?.destroy()
    this.http = undefined
    this.https = undefined
  }
}

/**
 * Writes a stream into a request with back-pressure. Not `pipe`: a length mismatch throws from end(), which
 * must fail this request, not the process; any failure of either side ends both.
 */
async function stream(body: Readable, req: ClientRequest): Promise<void> {
  try {
    for await (const chunk of body) {
      if (req.destroyed) break
      if (!req.write(chunk)) await drainedOrClosed(req)
    }
    if (!req.destroyed) req.end()
  } catch (err) {
    // Not `instanceof Error`: an error from another realm (a test's VM context) is one too.
    req.destroy(typeof err === 'object' && err !== null ? (err as Error) : new Error(String(err)))
  }
}

function drainedOrClosed(req: ClientRequest): Promise<void> {
  return new Promise(resolve => {
    const done = (): void => {
      req.off('drain', done)
      req.off('close', done)
      resolve()
    }
    req.on('drain', done)
    req.on('close', done)
  })
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some(k => k.toLowerCase() === name)
}

function headersOf(res: IncomingMessage): Response['headers'] {
  const out: Response['headers'] = {}
  for (const [name, values] of Object.entries(res.headersDistinct))
    if (values) out[name] = values.length === 1 ? values[0] : values
  return out
}

/** Retried like any other timeout (src/retry.ts knows ETIMEDOUT). */
function timeout(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' })
}
