/**
 * `npx tsx bench/profile.ts drivers|images|images-first [out-dir]`: runs the bundled action's re-run case (drivers: a grid
 * already published; images: a re-push with every blob present) once more under `node --cpu-prof`, behind a
 * loopback proxy that counts requests by method and path shape, and prints the counts and the profile's top
 * self-time functions. What bench/README.md's "where the time goes" comes from. Sizes: BENCH_DRIVER_OBJECTS,
 * BENCH_IMAGE_MIB.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeGrid } from '../testing/driverkit-fixtures.js'
import { buildLayout, ociIndex } from '../testing/images.js'
import { ACTION } from '../testing/runner.js'
import { startRegistry } from '../testing/servers/registry.js'
import { startS3rver } from '../testing/servers/s3rver.js'

const which = process.argv[2] ?? 'drivers'
const out = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'profile-'))
mkdirSync(out, { recursive: true })

/** A counting HTTP proxy in front of a loopback server: `METHOD shape` → count. */
async function countingProxy(target: string): Promise<{
  url: string
  counts: Map<string, number>
  stop: () => void
}> {
  const counts = new Map<string, number>()
  const t = new URL(target)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? ''
    const shape = path.includes('list-type=2')
      ? 'list'
      : path.includes('/blobs/uploads')
        ? 'blob upload'
        : path.includes('/blobs/')
          ? 'blob'
          : path.includes('/manifests/')
            ? 'manifest'
            : path.endsWith('.json')
              ? 'listing object'
              : 'object'
    const k = `${req.method} ${shape}`
    counts.set(k, (counts.get(k) ?? 0) + 1)
    const up = request(
      { host: t.hostname, port: t.port, method: req.method, path, headers: { ...req.headers, host: t.host } },
      r => {
        res.writeHead(r.statusCode ?? 502, r.headers)
        r.pipe(res)
      }
    )
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  server.keepAliveTimeout = 10_000
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, counts, stop: () => server.close() }
}

/** Async, so the proxy in this process keeps answering while the action runs. */
async function runAction(env: NodeJS.ProcessEnv, prof: boolean): Promise<number> {
  const args = prof ? ['--cpu-prof', `--cpu-prof-dir=${out}`, ACTION] : [ACTION]
  const start = performance.now()
  const child = spawn(process.execPath, args, { env, cwd: env.GITHUB_WORKSPACE })
  let text = ''
  child.stdout.on('data', d => (text += d))
  child.stderr.on('data', d => (text += d))
  const code = await new Promise<number | null>(done => child.on('close', done))
  if (code !== 0) throw new Error(`action failed:\n${text.slice(-3000)}`)
  return (performance.now() - start) / 1000
}

/** Top self-time entries of a .cpuprofile, by function and bundle line. */
function summarize(): void {
  const file = readdirSync(out).find(f => f.endsWith('.cpuprofile'))
  if (!file) return
  const p = JSON.parse(readFileSync(join(out, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
    samples: number[]
    timeDeltas: number[]
  }
  const self = new Map<number, number>()
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
  const byName = new Map<string, number>()
  let total = 0
  for (const n of p.nodes) {
    const t = self.get(n.id) ?? 0
    total += t
    const f = n.callFrame
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`
    byName.set(k, (byName.get(k) ?? 0) + t)
  }
  console.log(`profile ${join(out, file)}: ${(total / 1000).toFixed(0)} ms sampled`)
  for (const [k, t] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(
      `  ${(t / 1000).toFixed(0).padStart(6)} ms  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`
    )
}

const work = mkdtempSync(join(tmpdir(), 'profile-work-'))
const event = join(work, 'event.json')
writeFileSync(event, JSON.stringify({ repository: { default_branch: 'master' } }))
const runner: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: work,
  GITHUB_ACTIONS: 'true',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  GITHUB_EVENT_PATH: event,
  GITHUB_REF: 'refs/heads/master',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REPOSITORY: 'example/test-infra',
  GITHUB_WORKSPACE: join(work, 'ws'),
  GITHUB_OUTPUT: join(work, 'github-output'),
  RUNNER_TEMP: work
}
writeFileSync(join(work, 'github-output'), '')
try {
  if (which === 'drivers') {
    const n = Number(process.env.BENCH_DRIVER_OBJECTS) || 10_000
    const s3 = await startS3rver({ directory: join(work, 's3rver') })
    const proxy = await countingProxy(s3.endpoint)
    try {
      makeGrid({ root: join(work, 'ws'), perTarget: Math.ceil(n / 10), objectSize: 20 * 1024 })
      const env = {
        ...runner,
        ...s3.env,
        INPUT_KIND: 'drivers',
        'INPUT_DRIVERKIT-CONFIG': 'config',
        INPUT_DESTINATION: `s3://${s3.bucket}/ours`,
        'INPUT_S3-ENDPOINT': proxy.url,
        'INPUT_S3-FORCE-PATH-STYLE': 'true',
        'INPUT_RELEASE-TYPE': 'dev',
        INPUT_VERSION: '0.41.0',
        INPUT_CONCURRENCY: '10'
      }
      console.log(
        `first publish: ${(await runAction(env, false)).toFixed(2)} s`,
        Object.fromEntries(proxy.counts)
      )
      proxy.counts.clear()
      console.log(`re-run: ${(await runAction(env, true)).toFixed(2)} s`, Object.fromEntries(proxy.counts))
    } finally {
      proxy.stop()
      await s3.stop()
    }
  } else {
    const mib = Number(process.env.BENCH_IMAGE_MIB) || 200
    const registry = await startRegistry({ auth: 'htpasswd' })
    try {
      const archs = ['amd64', 'arm64', 's390x']
      const layout = buildLayout(join(work, 'ws'), {
        archs,
        layers: 2,
        layerBytes: Math.floor((mib << 20) / 6)
      })
      ociIndex(layout, archs, 'multi')
      const env = {
        ...runner,
        INPUT_KIND: 'images',
        INPUT_FILES: 'layout',
        INPUT_IMAGES: `${registry.host}/bench/ours`,
        'INPUT_RELEASE-TYPE': 'dev',
        INPUT_VERSION: '0.41.0-1+abcdef0',
        'INPUT_REGISTRY-USERNAME': registry.username,
        'INPUT_REGISTRY-PASSWORD': registry.password,
        INPUT_CONCURRENCY: '8'
      }
      const shape = () => {
        const c = new Map<string, number>()
        for (const r of registry.requests()) {
          const k = `${r.method} ${r.path.includes('/blobs/uploads') ? 'blob upload' : r.path.includes('/blobs/') ? 'blob' : r.path.includes('/manifests/') ? 'manifest' : r.path}`
          c.set(k, (c.get(k) ?? 0) + 1)
        }
        return Object.fromEntries(c)
      }
      registry.resetRequests()
      // images-first: the profile is of the first push (into an empty repository) instead.
      const first = which === 'images-first'
      console.log(`first push: ${(await runAction(env, first)).toFixed(2)} s`, shape())
      registry.resetRequests()
      console.log(`re-push: ${(await runAction(env, !first)).toFixed(2)} s`, shape())
    } finally {
      await registry.stop()
    }
  }
  summarize()
} finally {
  rmSync(work, { recursive: true, force: true })
}
