/**
 * The chaos proxy (testing/chaos/proxy.ts) against a tiny loopback HTTP server: each fault type does what it
 * says, one seed gives one sequence of decisions, faults are transient, and the proxy stays bounded. The last
 * test puts the shared retry (src/retry.ts) behind it, as the stores use it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type Server, createServer } from 'node:http'
import { Agent, request } from 'undici'
import { type FaultRates, type ProxyHandle, startProxy } from '../testing/chaos/proxy.js'
import { RetryableError, isRetryableStatus, retryAfterMs, withRetry } from '../src/retry.js'

const BODY = Buffer.alloc(4000, 'x')
let server: Server
let target: string
/** What the target received: `PUT /a 12` per request, in order. */
const seen: string[] = []
const stored = new Map<string, number>()
const proxies: ProxyHandle[] = []
const agent = new Agent({ connections: 8, headersTimeout: 5000, bodyTimeout: 5000 })

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c as Buffer))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      seen.push(`${req.method} ${req.url} ${body.length} host=${req.headers.host}`)
      if (req.method === 'PUT') {
        stored.set(req.url ?? '', body.length)
        res.writeHead(201, { 'content-length': '0' }).end()
      } else if (req.url === '/chunked') {
        res.writeHead(200)
        res.write(BODY.subarray(0, 2000))
        res.end(BODY.subarray(2000))
      } else
        res
          .writeHead(200, { 'content-length': String(BODY.length) })
          .end(req.method === 'HEAD' ? undefined : BODY)
    })
  })
  target = await new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)
    )
  )
})

afterAll(async () => {
  await Promise.all(proxies.map(p => p.stop()))
  await agent.close()
  await new Promise(resolve => server.close(resolve))
})

async function proxy(rates: FaultRates, extra: Partial<Parameters<typeof startProxy>[0]> = {}) {
  const p = await startProxy({ target, rates, seed: 7, slowMs: 200, maxConsecutive: 100, ...extra })
  proxies.push(p)
  return p
}

/** One request through the proxy: the status and body, or the error code the client saw. */
async function call(url: string, method: 'GET' | 'PUT' | 'HEAD' = 'GET', body?: Buffer) {
  try {
    const res = await request(url, { method, body, dispatcher: agent })
    const text = Buffer.from(await res.body.arrayBuffer())
    return { status: res.statusCode, headers: res.headers, length: text.length }
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string }; message: string }
    return { error: e.code ?? e.cause?.code ?? e.message }
  }
}

describe('chaos proxy', () => {
  test('with no faults it forwards bodies, statuses and the Host header unchanged', async () => {
    const p = await proxy({})
    expect(await call(`${p.url}/file`)).toMatchObject({ status: 200, length: BODY.length })
    expect(await call(`${p.url}/chunked`)).toMatchObject({ status: 200, length: BODY.length })
    expect(await call(`${p.url}/up/one`, 'PUT', Buffer.from('hello'))).toMatchObject({ status: 201 })
    expect(stored.get('/up/one')).toBe(5)
    // The client's Host (the proxy) reaches the target: S3 signatures and registry Location URLs rely on it.
    expect(seen.at(-1)).toBe(`PUT /up/one 5 host=127.0.0.1:${p.port}`)
    expect(p.stats()).toMatchObject({ requests: 3, passed: 3, totalFaults: 0 })
  })

  test('5xx and 429 answer without reaching the target; 429 carries Retry-After', async () => {
    const p = await proxy({ status5xx: 1 })
    const before = seen.length
    const statuses = new Set<number>()
    for (let i = 0; i < 12; i++) {
      const r = await call(`${p.url}/s${i}`, 'PUT', Buffer.from('abc'))
      statuses.add(r.status ?? 0)
    }
    expect([...statuses].sort()).toEqual([500, 502, 503])
    const s = p.stats()
    expect(s.faults['500'] + s.faults['502'] + s.faults['503']).toBe(12)
    const q = await proxy({ status429: 1 }, { retryAfterSeconds: 3 })
    const r = await call(`${q.url}/busy`, 'PUT', Buffer.from('abc'))
    expect(r).toMatchObject({ status: 429 })
    expect(retryAfterMs(r.headers?.['retry-after'] as string)).toBe(3000)
    expect(q.stats().faults['429']).toBe(1)
    expect(seen.length).toBe(before)
  })

  test('a reset mid-request never reaches the target; a reset mid-response does', async () => {
    const p = await proxy({ resetRequest: 1 })
    const r = await call(`${p.url}/lost`, 'PUT', Buffer.alloc(200_000, 'y'))
    expect(r.error).toMatch(/ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed/)
    expect(stored.has('/lost')).toBe(false)
    expect(p.stats().faults['reset-request']).toBe(1)

    const q = await proxy({ resetResponse: 1 })
    const w = await call(`${q.url}/done-but-unseen`, 'PUT', Buffer.from('payload'))
    expect(w.error).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/)
    // The write happened: the client must treat a retry as possibly redundant (idempotent PUTs).
    expect(stored.get('/done-but-unseen')).toBe(7)
    const g = await call(`${q.url}/file`)
    expect(g.error).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed|terminated/)
    expect(q.stats().faults['reset-response']).toBe(2)
  })

  test('a truncated body promises more bytes than it sends', async () => {
    const p = await proxy({ truncate: 1 })
    for (const path of ['/file', '/chunked']) {
      const r = await call(`${p.url}${path}`)
      expect(r.error).toMatch(
        /UND_ERR_RES_CONTENT_LENGTH_MISMATCH|UND_ERR_SOCKET|other side closed|terminated/
      )
    }
    const put = await call(`${p.url}/t`, 'PUT', Buffer.from('z'))
    expect(put.error ?? put.status).not.toBe(201)
    expect(p.stats().faults.truncated).toBe(3)
  })

  test('a slow response arrives late but whole', async () => {
    const p = await proxy({ slow: 1 }, { slowMs: 300 })
    const started = Date.now()
    expect(await call(`${p.url}/file`)).toMatchObject({ status: 200, length: BODY.length })
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    expect(p.stats().faults.slow).toBe(1)
  })

  test('one seed gives one sequence of faults; another seed another', async () => {
    const outcomes = async (seed: number) => {
      const p = await proxy({ status5xx: 0.3, status429: 0.2 }, { seed, retryAfterSeconds: 0 })
      const out: string[] = []
      for (let i = 0; i < 30; i++) out.push(String((await call(`${p.url}/d${i}`)).status))
      return out.join(',')
    }
    const a = await outcomes(11)
    expect(await outcomes(11)).toBe(a)
    expect(await outcomes(12)).not.toBe(a)
  })

  test('faults are transient: one path is faulted at most maxConsecutive times in a row', async () => {
    const p = await proxy({ status5xx: 1 }, { maxConsecutive: 2 })
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await call(`${p.url}/same`)).status)
    expect(statuses.map(s => (s === 200 ? 'ok' : 'fault'))).toEqual([
      'fault',
      'fault',
      'ok',
      'fault',
      'fault',
      'ok'
    ])
  })

  test('bounded: requests beyond the budget are refused and counted; only loopback targets', async () => {
    const p = await proxy({}, { maxRequests: 2 })
    await call(`${p.url}/1`)
    await call(`${p.url}/2`)
    expect((await call(`${p.url}/3`)).error).toBeDefined()
    expect(p.stats().faults['over-budget']).toBe(1)
    await expect(startProxy({ target: 'http://example.com:80' })).rejects.toThrow(/only forwards to loopback/)
    const short = await proxy({}, { maxMs: 100 })
    await new Promise(r => setTimeout(r, 300))
    expect((await call(`${short.url}/late`)).error).toBeDefined()
  })

  test('the shared retry gets every request through at 50% faults of every kind', async () => {
    const p = await proxy(
      { status5xx: 0.1, status429: 0.1, resetRequest: 0.1, resetResponse: 0.1, truncate: 0.1 },
      { seed: 3, retryAfterSeconds: 0, maxConsecutive: 3 }
    )
    let retries = 0
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        withRetry(
          async () => {
            const res = await request(`${p.url}/r/${i}`, {
              method: 'PUT',
              body: Buffer.from(`n${i}`),
              dispatcher: agent
            })
            await res.body.arrayBuffer()
            if (isRetryableStatus(res.statusCode))
              throw new RetryableError(
                `status ${res.statusCode}`,
                retryAfterMs(res.headers['retry-after'] as string)
              )
            return res.statusCode
          },
          { what: `PUT /r/${i}`, tries: 5, baseMs: 5, onRetry: () => retries++ }
        )
      )
    )
    expect(results.every(s => s === 201)).toBe(true)
    for (let i = 0; i < 40; i++) expect(stored.get(`/r/${i}`)).toBe(`n${i}`.length)
    expect(p.stats().totalFaults).toBeGreaterThan(10)
    expect(retries).toBe(p.stats().totalFaults)
  })
})
