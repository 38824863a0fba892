/**
 * A small read-only HTTP file server on 127.0.0.1 (ephemeral port) for apt-get and dnf in tests and benchmarks:
 * GET/HEAD of files under a folder, 404 for the rest, never outside the folder.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize, sep } from 'node:path'

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string
  /** Paths requested, in order (tests assert what a client fetched). */
  requests: string[]
  close(): Promise<void>
}

export async function startStatic(root: string): Promise<StaticServer> {
  const requests: string[] = []
  const base = normalize(root + sep)
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      requests.push(path)
      const file = normalize(join(base, path))
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !file.startsWith(base)) {
        res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 403 : 405).end()
        return
      }
      const info = await stat(file).catch(() => undefined)
      if (!info?.isFile()) {
        res.writeHead(404).end()
        return
      }
      res.writeHead(200, { 'content-length': info.size, 'last-modified': info.mtime.toUTCString() })
      if (req.method === 'HEAD') res.end()
      else createReadStream(file).pipe(res)
    })().catch(() => res.writeHead(500).end())
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(done => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}
