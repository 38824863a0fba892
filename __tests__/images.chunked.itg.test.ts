/**
 * The chunked-upload fallback, against the real docker-registry: a loopback proxy in front of it refuses
 * monolithic blob PUTs with 413 (as registries that cap request bodies do) or 405 (as ones that offer only
 * chunked uploads do), optionally caps PATCH bodies too, and passes everything else through. It can also alter
 * what a blob HEAD answers (size, digest), for the rule that only a blob the registry holds with the right size
 * and digest is trusted without being uploaded; and the client's HTTP layer is checked on a short body.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { Pool } from '../src/http/pool.js'
import { CHUNK_BYTES, Registry } from '../src/images/registry.js'
import { type RegistryHandle, startRegistry } from '../testing/servers/registry.js'

let registry: RegistryHandle
let proxy: Server
let proxyHost = ''
const seen: { method: string; path: string; bytes: number; status: number }[] = []
/**
 * What the proxy refuses: monolithic PUTs with `mono` (0: passed through), PATCH bodies above `patchLimit` with
 * 413; what it
 * alters: the Content-Length or Docker-Content-Digest a blob HEAD answers with.
 */
const mode: { mono: number; patchLimit?: number; headLength?: string; headDigest?: string } = { mono: 413 }

beforeAll(async () => {
  registry = await startRegistry({ auth: 'htpasswd' })
  proxy = createServer((req, res) => {
    const path = req.url ?? '/'
    const bytes = Number(req.headers['content-length'] ?? 0)
    const monolithic = mode.mono > 0 && req.method === 'PUT' && path.includes('/blobs/uploads/') && bytes > 0
    const tooBig = req.method === 'PATCH' && mode.patchLimit !== undefined && bytes > mode.patchLimit
    if (monolithic || tooBig) {
      const status = tooBig ? 413 : mode.mono
      seen.push({ method: req.method ?? '', path, bytes, status })
      req.resume()
      req.on('end', () => res.writeHead(status, { 'content-type': 'text/plain' }).end('refused by the proxy'))
      return
    }
    // The Host header is kept, so the registry's Location URLs keep pointing at the proxy.
    const upstream = request(
      { host: '127.0.0.1', port: registry.port, method: req.method, path, headers: req.headers },
      up => {
        seen.push({ method: req.method ?? '', path, bytes, status: up.statusCode ?? 0 })
        const headers = { ...up.headers }
        if (req.method === 'HEAD' && path.includes('/blobs/sha256:')) {
          if (mode.headLength !== undefined) headers['content-length'] = mode.headLength
          if (mode.headDigest !== undefined) headers['docker-content-digest'] = mode.headDigest
        }
        res.writeHead(up.statusCode ?? 502, headers)
        up.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>(r => proxy.listen(0, '127.0.0.1', r))
  proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  await new Promise<void>(r => proxy?.close(() => r()))
  await registry?.stop()
})

test('a registry that refuses monolithic uploads gets the blob in chunks of at most 4 MiB', async () => {
  const data = randomBytes(CHUNK_BYTES * 2 + 12345)
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`
  const client = new Registry(proxyHost, 'http', {
    credentials: { username: registry.username, password: registry.password, source: 'test' }
  })
  const blob = {
    digest,
    size: data.length,
    mediaType: 'application/octet-stream',
    open: async () => Readable.from([data])
  }
  expect(await client.pushBlob('test/chunked', blob)).toBe('uploaded')

  const patches = seen.filter(s => s.method === 'PATCH')
  expect(patches.map(p => p.bytes)).toEqual([CHUNK_BYTES, CHUNK_BYTES, 12345])
  expect(patches.every(p => p.status === 202)).toBe(true)
  expect(seen.some(s => s.status === 413)).toBe(true)
  // The registry holds exactly these bytes under this digest (fetched straight from it, not through the proxy).
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64')
  const res = await fetch(`http://${registry.host}/v2/test/chunked/blobs/${digest}`, {
    headers: { authorization: `Basic ${auth}` }
  })
  expect(res.status).toBe(200)
  expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true)
  // Pushed again: a HEAD finds it and nothing is uploaded.
  seen.length = 0
  expect(await client.pushBlob('test/chunked', blob)).toBe('present')
  expect(seen.map(s => s.method)).toEqual(['HEAD'])
})

const client = (): Registry =>
  new Registry(proxyHost, 'http', {
    credentials: { username: registry.username, password: registry.password, source: 'test' }
  })

const blobOf = (data: Buffer) => ({
  digest: `sha256:${createHash('sha256').update(data).digest('hex')}`,
  size: data.length,
  mediaType: 'application/octet-stream',
  open: async () => Readable.from([data])
})

test('after a 405 on a monolithic PUT the other blobs go straight to chunks, and no upload session is left open', async () => {
  Object.assign(mode, { mono: 405, patchLimit: undefined })
  seen.length = 0
  const c = client()
  for (let i = 0; i < 3; i++)
    expect(await c.pushBlob('test/chunked405', blobOf(randomBytes(5000 + i)))).toBe('uploaded')
  await c.close()
  // One monolithic attempt in all, not one per blob.
  expect(seen.filter(s => s.status === 405)).toHaveLength(1)
  const uploads = seen.filter(s => s.path.includes('/blobs/uploads/'))
  const opened = uploads.filter(s => s.method === 'POST' && s.status === 202).length
  const closed = uploads.filter(s => s.method === 'PUT' && s.status === 201).length
  const cancelled = uploads.filter(s => s.method === 'DELETE' && s.status === 204).length
  expect(opened).toBe(4)
  expect(closed + cancelled).toBe(opened)
  expect(cancelled).toBe(1)
})

test('a PATCH refused with 413 says what limits it and how to raise it', async () => {
  Object.assign(mode, { mono: 413, patchLimit: 1 << 20 })
  const c = client()
  await expect(c.pushBlob('test/chunked413', blobOf(randomBytes(2 << 20)))).rejects.toThrow(
    /PATCH of a 2097152-byte chunk answered 413 .*a proxy in front of it.*client_max_body_size/
  )
  await c.close()
  Object.assign(mode, { mono: 413, patchLimit: undefined })
})

test('a blob is trusted only when the registry holds it with its size and digest; else it is uploaded again', async () => {
  Object.assign(mode, { mono: 0, patchLimit: undefined })
  const c = client()
  const blob = blobOf(randomBytes(3000))
  expect(await c.pushBlob('test/trust', blob)).toBe('uploaded')
  expect(await c.hasBlob('test/trust', blob)).toBe(true)
  try {
    mode.headLength = '2999'
    expect(await c.hasBlob('test/trust', blob)).toBe(false)
    mode.headLength = undefined
    mode.headDigest = `sha256:${'0'.repeat(64)}`
    expect(await c.hasBlob('test/trust', blob)).toBe(false)
    // Not trusted, so pushed again: its bytes go to the registry, which checks them against the digest.
    seen.length = 0
    expect(await c.pushBlob('test/trust', blob)).toBe('uploaded')
    expect(
      seen.filter(q => q.method === 'PUT' && q.path.includes('/blobs/uploads/')).map(q => q.bytes)
    ).toEqual([3000])
  } finally {
    mode.headLength = undefined
    mode.headDigest = undefined
    await c.close()
  }
})

test('a body that ends short of its content-length fails the request instead of hanging', async () => {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('ok'))
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const pool = new Pool(2)
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`
    await expect(
      pool.send('PUT', url, { 'content-length': '10' }, Readable.from([Buffer.from('abc')]))
    ).rejects.toMatchObject({ code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' })
    const ok = await pool.send('PUT', url, { 'content-length': '3' }, Readable.from([Buffer.from('abc')]))
    expect(ok.statusCode).toBe(200)
    ok.body.resume()
  } finally {
    pool.close()
    await new Promise<void>(r => server.close(() => r()))
  }
})
