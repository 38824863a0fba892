/**
 * The chunked-upload fallback, against the real docker-registry: a loopback proxy in front of it refuses
 * monolithic blob PUTs with 413 (as registries that cap request bodies do) and passes everything else through.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { CHUNK_BYTES, Registry } from '../src/images/registry.js'
import { type RegistryHandle, startRegistry } from '../scripts/servers/registry.js'

let registry: RegistryHandle
let proxy: Server
let proxyHost = ''
const seen: { method: string; path: string; bytes: number; status: number }[] = []

beforeAll(async () => {
  registry = await startRegistry({ auth: 'htpasswd' })
  proxy = createServer((req, res) => {
    const path = req.url ?? '/'
    const bytes = Number(req.headers['content-length'] ?? 0)
    const monolithic = req.method === 'PUT' && path.includes('/blobs/uploads/') && bytes > 0
    if (monolithic) {
      seen.push({ method: 'PUT', path, bytes, status: 413 })
      req.resume()
      req.on('end', () => res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large'))
      return
    }
    // The Host header is kept, so the registry's Location URLs keep pointing at the proxy.
    const upstream = request(
      { host: '127.0.0.1', port: registry.port, method: req.method, path, headers: req.headers },
      up => {
        seen.push({ method: req.method ?? '', path, bytes, status: up.statusCode ?? 0 })
        res.writeHead(up.statusCode ?? 502, up.headers)
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
