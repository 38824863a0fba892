/**
 * The request helper every remote store uses, against a real loopback HTTP server that misbehaves on purpose:
 * retries on 503/429 with Retry-After and on connection resets, none on 4xx, and a bounded socket count.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { mapLimit } from '../src/limit.js'
import { HttpError, makePool, send } from '../src/stores/request.js'

let server: Server
let base = ''
const hits = new Map<string, number>()
let open = 0
let maxOpen = 0
const sockets = new Set<Socket>()

/** /fail-N-STATUS fails N times with STATUS, then answers 200; /reset-N drops the connection N times. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/'
  const count = (hits.get(path) ?? 0) + 1
  hits.set(path, count)
  const fail = /^\/fail-(\d+)-(\d+)/.exec(path)
  const reset = /^\/reset-(\d+)/.exec(path)
  if (fail && count <= Number(fail[1])) {
    res.writeHead(Number(fail[2]), { 'retry-after': '0', 'content-type': 'text/plain' })
    res.end('try later')
  } else if (reset && count <= Number(reset[1])) {
    req.socket.destroy()
  } else if (path.startsWith('/slow')) {
    setTimeout(() => res.end('ok'), 20)
  } else res.end('ok')
}

beforeAll(async () => {
  server = createServer(handle)
  server.on('connection', socket => {
    sockets.add(socket)
    open++
    maxOpen = Math.max(maxOpen, open)
    socket.on('close', () => {
      open--
      sockets.delete(socket)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise(resolve => server.close(resolve))
})

describe('send', () => {
  test('retries 503 and 429 until the server answers', async () => {
    const pool = makePool(2)
    const a = await send(pool, () => ({ method: 'GET', url: `${base}/fail-2-503`, headers: {} }), {
      what: 'GET a'
    })
    const b = await send(pool, () => ({ method: 'GET', url: `${base}/fail-1-429`, headers: {} }), {
      what: 'GET b'
    })
    expect(a.body.toString()).toBe('ok')
    expect(b.status).toBe(200)
    expect(hits.get('/fail-2-503')).toBe(3)
    expect(hits.get('/fail-1-429')).toBe(2)
    pool.close()
  })

  test('retries a dropped connection', async () => {
    const pool = makePool(2)
    const r = await send(pool, () => ({ method: 'PUT', url: `${base}/reset-1`, headers: {}, body: 'x' }), {
      what: 'PUT reset'
    })
    expect(r.status).toBe(200)
    expect(hits.get('/reset-1')).toBe(2)
    pool.close()
  })

  test('gives up after the tries and says what, where and how many times', async () => {
    const pool = makePool(1)
    await expect(
      send(pool, () => ({ method: 'GET', url: `${base}/fail-9-502`, headers: {} }), {
        what: 'GET x',
        tries: 3
      })
    ).rejects.toThrow(/^GET x failed after 3 tries: GET x: HTTP 502: try later/)
    expect(hits.get('/fail-9-502')).toBe(3)
    pool.close()
  })

  test('a 4xx is not retried and keeps its status', async () => {
    const pool = makePool(1)
    const err = await send(pool, () => ({ method: 'GET', url: `${base}/fail-5-403`, headers: {} }), {
      what: 'GET y'
    }).catch(e => e as HttpError)
    expect(err).toBeInstanceOf(HttpError)
    expect((err as HttpError).status).toBe(403)
    expect(hits.get('/fail-5-403')).toBe(1)
    pool.close()
  })

  test('accepted statuses come back instead of throwing', async () => {
    const pool = makePool(1)
    const r = await send(pool, () => ({ method: 'GET', url: `${base}/fail-1-404`, headers: {} }), {
      what: 'GET z',
      accept: [404]
    })
    expect(r.status).toBe(404)
    pool.close()
  })

  test('200 requests in parallel use no more sockets than the agent allows', async () => {
    const pool = makePool(4)
    maxOpen = open
    const items = Array.from({ length: 200 }, (_, i) => i)
    const answers = await mapLimit(items, 200, i =>
      send(pool, () => ({ method: 'GET', url: `${base}/slow-${i}`, headers: {} }), { what: `GET ${i}` })
    )
    expect(answers.every(a => a.status === 200)).toBe(true)
    expect(maxOpen).toBeLessThanOrEqual(4)
    expect(maxOpen).toBeGreaterThanOrEqual(2)
    pool.close()
  })
})
