/**
 * A loopback proxy in front of s3rver that enforces S3's conditional writes, which s3rver itself ignores:
 * `If-None-Match: *` (create only) and `If-Match: "<etag>"` (replace only that version) on PUT, answered with
 * 412 PreconditionFailed as AWS S3 does. Conditional PUTs of one key are serialised (check, then write, then
 * the next), so the check and the write are atomic as in S3. It stands in for AWS S3, R2 and MinIO in the tests;
 * everything else is forwarded untouched.
 */
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http'
import type { Socket } from 'node:net'
import aws4 from 'aws4'

export interface ConditionalOptions {
  /** http://127.0.0.1:PORT of s3rver. */
  target: string
  /** s3rver's credentials, to sign the HEAD that reads the current ETag. */
  credentials: { accessKeyId: string; secretAccessKey: string }
  region?: string
}

export interface ConditionalHandle {
  url: string
  /** Conditional PUTs seen, and those refused with 412, as `header path`. */
  stats(): { checked: string[]; refused: string[] }
  stop(): Promise<void>
}

export async function startConditional(options: ConditionalOptions): Promise<ConditionalHandle> {
  const target = new URL(options.target)
  if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(target.hostname))
    throw new Error(`the conditional proxy only forwards to loopback http targets, not ${options.target}`)
  const checked: string[] = []
  const refused: string[] = []
  const queues = new Map<string, Promise<void>>()
  const sockets = new Set<Socket>()

  /** The object's ETag (quoted, as S3 sends it), or undefined when it does not exist. */
  const currentEtag = (path: string): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      const signed = aws4.sign(
        { host: target.host, path, method: 'HEAD', service: 's3', region: options.region ?? 'us-east-1' },
        options.credentials
      )
      const req = request(
        { host: target.hostname, port: target.port, method: 'HEAD', path, headers: signed.headers },
        res => {
          res.resume()
          if (res.statusCode === 404) resolve(undefined)
          else if (res.statusCode === 200) resolve(String(res.headers.etag ?? ''))
          else reject(new Error(`HEAD ${path}: ${res.statusCode}`))
        }
      )
      req.on('error', reject)
      req.end()
    })

  function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise(done => {
      const up = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
          answer.on('end', done)
          answer.on('error', () => done())
        }
      )
      up.on('error', err => {
        if (!res.headersSent) res.writeHead(502).end(`conditional proxy: ${err.message}\n`)
        done()
      })
      req.pipe(up)
    })
  }

  async function conditional(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const noneMatch = req.headers['if-none-match']
    const match = req.headers['if-match']
    checked.push(`${noneMatch ? 'If-None-Match' : 'If-Match'} ${path}`)
    const etag = await currentEtag(path)
    const fails = noneMatch === '*' ? etag !== undefined : etag === undefined || etag !== match
    if (!fails) return forward(req, res)
    refused.push(`${noneMatch ? 'If-None-Match' : 'If-Match'} ${path}`)
    req.resume()
    await new Promise<void>(done => req.on('end', done))
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
      '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>'
    res
      .writeHead(412, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) })
      .end(body)
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const isConditional =
      req.method === 'PUT' &&
      !(req.url ?? '').includes('?') &&
      (req.headers['if-none-match'] !== undefined || req.headers['if-match'] !== undefined)
    if (!isConditional) {
      void forward(req, res)
      return
    }
    const previous = queues.get(path) ?? Promise.resolve()
    const mine = previous.then(() =>
      conditional(req, res, path).catch(err => {
        if (!res.headersSent) res.writeHead(502).end(`conditional proxy: ${(err as Error).message}\n`)
      })
    )
    queues.set(path, mine)
    void mine.finally(() => {
      if (queues.get(path) === mine) queues.delete(path)
    })
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  const port = await new Promise<number>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
  )
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ checked: [...checked], refused: [...refused] }),
    stop: () =>
      new Promise<void>(done => {
        for (const s of sockets) s.destroy()
        server.close(() => done())
      })
  }
}
