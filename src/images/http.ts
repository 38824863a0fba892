import {
  type ClientRequest,
  Agent as HttpAgent,
  type IncomingMessage,
  type RequestOptions,
  request as httpRequest
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Readable } from 'node:stream'

/**
 * HTTP for the registry client, on Node's own http/https modules and keep-alive agents. Not undici (which the
 * S3 store uses): loading and compiling the bundled undici takes ~60 ms of every image run's start-up, more
 * than a whole re-push of a present image spends talking to the registry, and a registry needs nothing of it
 * that node:http lacks (keep-alive pools, streamed bodies both ways, timeouts).
 */

export interface Response {
  statusCode: number
  /** Lower-case names; a header sent more than once (two WWW-Authenticate challenges) is an array. */
  headers: Record<string, string | string[] | undefined>
  body: Readable
}

export type RequestBody = Buffer | Readable | undefined

/** How long to wait for a response's headers: a registry may hash a large blob before it answers its PUT. */
const HEADERS_TIMEOUT_MS = 120_000
/** How long a response body may stay silent. */
const BODY_TIMEOUT_MS = 300_000

/** Keep-alive connections per scheme, at most `connections` to a host at once. */
export class Pool {
  private http: HttpAgent | undefined
  private https: HttpsAgent | undefined

  constructor(private readonly connections: number) {}

  /** Sends one request; resolves once the response's headers are in (its body is then the caller's to read). */
  send(method: string, url: string, headers: Record<string, string>, body: RequestBody): Promise<Response> {
    const target = new URL(url)
    const secure = target.protocol === 'https:'
    const options: RequestOptions = {
      method,
      headers: { ...headers },
      agent: secure
        ? (this.https ??= new HttpsAgent({ keepAlive: true, maxSockets: this.connections }))
        : (this.http ??= new HttpAgent({ keepAlive: true, maxSockets: this.connections }))
    }
    if (Buffer.isBuffer(body) && options.headers && !hasHeader(headers, 'content-length'))
      (options.headers as Record<string, string>)['content-length'] = String(body.length)
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(target, options)
      // A body that ends short of its content-length fails the request instead of leaving it hanging (Node 18.10+;
      // not in @types/node 20).
      ;(req as ClientRequest & { strictContentLength: boolean }).strictContentLength = true
      let response: IncomingMessage | undefined
      // One idle timer on the connection: first for the headers, then (reset) for the body.
      req.setTimeout(HEADERS_TIMEOUT_MS, () => {
        if (response)
          response.destroy(
            timeout(`the response from ${target.origin} stalled for ${BODY_TIMEOUT_MS / 1000} s`)
          )
        else req.destroy(timeout(`no response from ${target.origin} within ${HEADERS_TIMEOUT_MS / 1000} s`))
      })
      req.once('error', reject)
      req.once('response', (res: IncomingMessage) => {
        response = res
        req.setTimeout(BODY_TIMEOUT_MS)
        resolve({ statusCode: res.statusCode ?? 0, headers: headersOf(res), body: res })
      })
      if (body === undefined || Buffer.isBuffer(body)) req.end(body)
      else void stream(body, req)
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
