/**
 * The stores' transport (src/http/pool.ts under src/stores/request.ts) against a real loopback HTTP server that
 * misbehaves on purpose: a response cut short of its Content-Length, a connection reset in the middle of an
 * upload, a server that stalls before its headers or in its body, and keep-alive reuse counted on the server.
 * Short timeouts go through the Pool's own constructor option.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createReadStream } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Pool } from '../src/http/pool.js'
import { mapLimit } from '../src/limit.js'
import { send, sendToFile } from '../src/stores/request.js'

let server: Server
let base = ''
const hits = new Map<string, number>()
/** What each request looked like when it arrived whole: its framing headers and body length. */
const received = new Map<string, { length: number; contentLength?: string; chunked: boolean }>()
let connections = 0
const sockets = new Set<Socket>()
const tmp = mkdtempSync(join(tmpdir(), 'http-pool-'))
const BODY = Buffer.alloc(100_000, 7)

/**
 * /short-N: the first N answers announce 100,000 bytes and send 50,000 before closing the connection.
 * /reset-upload-N: the first N uploads are cut off by the server after 64 KiB have arrived.
 * /stall-head-N: the first N requests are never answered. /stall-body-N: the first N answers stop half-way.
 * Anything else: the request's body is counted, 200 with BODY (or nothing for a HEAD).
 */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/'
  const count = (hits.get(path) ?? 0) + 1
  hits.set(path, count)
  const first = (name: string): boolean => {
    const m = new RegExp(`^/${name}-(\\d+)`).exec(path)
    return m !== null && count <= Number(m[1])
  }
  if (first('short')) {
    res.writeHead(200, { 'content-length': String(BODY.length) })
    res.write(BODY.subarray(0, 50_000), () => res.socket?.destroy())
    return
  }
  if (first('stall-head')) return
  if (first('stall-body')) {
    res.writeHead(200, { 'content-length': String(BODY.length) })
    res.write(BODY.subarray(0, 10))
    return
  }
  const cut = first('reset-upload')
  let length = 0
  req.on('data', (chunk: Buffer) => {
    length += chunk.length
    if (cut && length >= 64 * 1024) req.socket.destroy()
  })
  req.on('end', () => {
    received.set(path, {
      length,
      contentLength: req.headers['content-length'],
      chunked: /chunked/.test(req.headers['transfer-encoding'] ?? '')
    })
    if (path.startsWith('/slow')) setTimeout(() => res.end(BODY), 5)
    // A HEAD says the size as S3 does (a Node server closes a HEAD answer's connection when it does not).
    else if (req.method === 'HEAD') res.writeHead(200, { 'content-length': String(BODY.length) }).end()
    else res.end(BODY)
  })
}

beforeAll(async () => {
  server = createServer({ keepAliveTimeout: 30_000 }, handle)
  server.on('connection', socket => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise(resolve => server.close(resolve))
  rmSync(tmp, { recursive: true, force: true })
})

const get = (path: string) => () => ({ method: 'GET', url: `${base}${path}`, headers: {} })

describe('a response cut short of its Content-Length', () => {
  test('is an error, retried: the caller never sees a short body', async () => {
    const pool = new Pool(2)
    const answer = await send(pool, get('/short-1/a'), { what: 'GET short' })
    expect(answer.body.equals(BODY)).toBe(true)
    expect(hits.get('/short-1/a')).toBe(2)
    pool.close()
  })

  test('fails the request when it happens on every try', async () => {
    const pool = new Pool(2)
    await expect(send(pool, get('/short-9/b'), { what: 'GET short', tries: 2 })).rejects.toThrow(
      /^GET short failed after 2 tries: GET short: the answer broke off after 50000 bytes \(aborted\)/
    )
    expect(hits.get('/short-9/b')).toBe(2)
    pool.close()
  })

  test('a download cut short is fetched again and the file holds every byte', async () => {
    const pool = new Pool(2)
    const path = join(tmp, 'download')
    expect(await sendToFile(pool, get('/short-2/c'), path, { what: 'GET short file' })).toBe(true)
    expect(readFileSync(path).equals(BODY)).toBe(true)
    expect(hits.get('/short-2/c')).toBe(3)
    pool.close()
  })
})

describe('a connection reset in the middle of an upload', () => {
  test('sends the whole body again, from a fresh stream', async () => {
    const pool = new Pool(2)
    const file = join(tmp, 'upload')
    const data = Buffer.alloc(1024 * 1024, 3)
    writeFileSync(file, data)
    let builds = 0
    const answer = await send(
      pool,
      () => {
        builds++
        return {
          method: 'PUT',
          url: `${base}/reset-upload-1/d`,
          headers: { 'content-length': String(data.length) },
          body: createReadStream(file)
        }
      },
      { what: 'PUT reset' }
    )
    expect(answer.status).toBe(200)
    expect(builds).toBe(2)
    expect(received.get('/reset-upload-1/d')).toEqual({
      length: data.length,
      contentLength: String(data.length),
      chunked: false
    })
    pool.close()
  })
})

describe('a stalled server', () => {
  test('no headers within the timeout: the request is abandoned and tried again', async () => {
    const pool = new Pool(2, { headersMs: 300 })
    const answer = await send(pool, get('/stall-head-1/e'), { what: 'GET stall' })
    expect(answer.body.equals(BODY)).toBe(true)
    expect(hits.get('/stall-head-1/e')).toBe(2)
    pool.close()
  })

  test('a body that stops: abandoned after the body timeout, tried again', async () => {
    const pool = new Pool(2, { bodyMs: 300 })
    const answer = await send(pool, get('/stall-body-1/f'), { what: 'GET stall body' })
    expect(answer.body.equals(BODY)).toBe(true)
    expect(hits.get('/stall-body-1/f')).toBe(2)
    pool.close()
  })

  test('a server that never answers fails with a timeout naming the server', async () => {
    const pool = new Pool(1, { headersMs: 200 })
    await expect(send(pool, get('/stall-head-9/g'), { what: 'GET never', tries: 2 })).rejects.toThrow(
      new RegExp(
        `^GET never failed after 2 tries: no response from ${base.replace(/\./g, '\\.')} within 0.2 s`
      )
    )
    pool.close()
  })
})

describe('keep-alive', () => {
  test('sequential HEADs, GETs and PUTs reuse one connection', async () => {
    const pool = new Pool(4)
    const before = connections
    for (let i = 0; i < 30; i++) {
      await send(pool, () => ({ method: 'HEAD', url: `${base}/head-${i}`, headers: {} }), { what: 'HEAD' })
      await send(pool, get(`/get-${i}`), { what: 'GET' })
      await send(pool, () => ({ method: 'PUT', url: `${base}/put-${i}`, headers: {}, body: 'x' }), {
        what: 'PUT'
      })
    }
    expect(connections - before).toBe(1)
    pool.close()
  })

  test('an idle connection is closed after the idle timeout, and the next request opens a new one', async () => {
    const pool = new Pool(1, { idleMs: 100 })
    const before = connections
    await send(pool, get('/idle-1'), { what: 'GET' })
    const open = sockets.size
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(sockets.size).toBe(open - 1)
    const answer = await send(pool, get('/idle-2'), { what: 'GET' })
    expect(answer.body.equals(BODY)).toBe(true)
    expect(connections - before).toBe(2)
    pool.close()
  })

  test('300 requests at once go over no more sockets than the pool allows', async () => {
    const pool = new Pool(3)
    const before = connections
    const items = Array.from({ length: 300 }, (_, i) => i)
    const answers = await mapLimit(items, 300, i => send(pool, get(`/slow-${i}`), { what: `GET ${i}` }))
    expect(answers.every(a => a.body.equals(BODY))).toBe(true)
    expect(connections - before).toBeLessThanOrEqual(3)
    expect(connections - before).toBeGreaterThanOrEqual(2)
    pool.close()
  })
})

describe('request bodies', () => {
  test('buffers, byte arrays and strings go with their Content-Length, not chunked', async () => {
    const pool = new Pool(1)
    const bodies = { buffer: Buffer.from('abcdef'), bytes: new Uint8Array([1, 2, 3]), text: '<x>é</x>' }
    for (const [name, body] of Object.entries(bodies))
      await send(pool, () => ({ method: 'PUT', url: `${base}/body-${name}`, headers: {}, body }), {
        what: 'PUT'
      })
    expect(received.get('/body-buffer')).toEqual({ length: 6, contentLength: '6', chunked: false })
    expect(received.get('/body-bytes')).toEqual({ length: 3, contentLength: '3', chunked: false })
    // Bytes, not characters: é is two.
    expect(received.get('/body-text')).toEqual({ length: 9, contentLength: '9', chunked: false })
    pool.close()
  })

  test('a stream shorter than its Content-Length fails the request instead of hanging it', async () => {
    const pool = new Pool(1, { headersMs: 5_000 })
    let builds = 0
    await expect(
      send(
        pool,
        () => {
          builds++
          return {
            method: 'PUT',
            url: `${base}/short-stream`,
            headers: { 'content-length': '10' },
            body: Readable.from([Buffer.from('12345')])
          }
        },
        { what: 'PUT short stream', tries: 2 }
      )
    ).rejects.toThrow(/^PUT short stream failed after 2 tries/)
    expect(builds).toBe(2)
    expect(received.has('/short-stream')).toBe(false)
    pool.close()
  })
})
