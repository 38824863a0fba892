/**
 * `npx tsx bench/profile.ts drivers|images|images-first|stores [out-dir]`: runs each case under `node --cpu-prof`, behind a
 * loopback proxy that counts requests by method and path shape, and prints the counts and the profile's top
 * self-time functions. What bench/README.md's "where the time goes" comes from.
 * - drivers: the bundled action's first publish of a grid, then its re-run with everything present;
 * - images (or images-first, the same): the bundled action's first push into an empty repository, then its
 *   re-push with every blob present, each profiled into its own folder;
 * - stores: bench/stores.child.ts (bundled) uploading small objects and one large file, then its re-runs.
 * Sizes: BENCH_DRIVER_OBJECTS, BENCH_IMAGE_MIB, BENCH_SMALL_OBJECTS, BENCH_LARGE_MIB. PROFILE_S3RVER=1 also
 * profiles the s3rver process (the server's share of the CPU on a 2-core machine).
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
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
      : path.includes('partNumber=')
        ? 'part'
        : /[?&]upload(s=|Id=)/.test(path)
          ? 'multipart start/complete/abort'
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
async function runAction(
  env: NodeJS.ProcessEnv,
  prof: string | false,
  script: string[] = [ACTION]
): Promise<number> {
  const args = prof ? ['--cpu-prof', `--cpu-prof-dir=${join(out, prof)}`, ...script] : script
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
function summarize(dir = out): void {
  let file: string | undefined
  try {
    file = readdirSync(dir)
      .filter(f => f.endsWith('.cpuprofile'))
      .sort()
      .pop()
  } catch {
    return
  }
  if (!file) return
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
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
  console.log(`profile ${join(dir, file)}: ${(total / 1000).toFixed(0)} ms sampled`)
  for (const [k, t] of [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(process.env.PROFILE_TOP) || 25))
    console.log(
      `  ${(t / 1000).toFixed(0).padStart(6)} ms  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`
    )
}

/** s3rver, under --cpu-prof too with PROFILE_S3RVER=1 (its profile is written when it exits). */
async function startServer(work: string): ReturnType<typeof startS3rver> {
  const nodeArgs = process.env.PROFILE_S3RVER ? ['--cpu-prof', `--cpu-prof-dir=${join(out, 's3rver')}`] : []
  return startS3rver({ directory: join(work, 's3rver'), nodeArgs })
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
    const s3 = await startServer(work)
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
        `first publish: ${(await runAction(env, 'first')).toFixed(2)} s`,
        Object.fromEntries(proxy.counts)
      )
      summarize(join(out, 'first'))
      proxy.counts.clear()
      console.log(`re-run: ${(await runAction(env, 'rerun')).toFixed(2)} s`, Object.fromEntries(proxy.counts))
      summarize(join(out, 'rerun'))
    } finally {
      proxy.stop()
      await s3.stop()
      summarize(join(out, 's3rver'))
    }
  } else if (which === 'stores') {
    const small = Number(process.env.BENCH_SMALL_OBJECTS) || 2000
    const large = Number(process.env.BENCH_LARGE_MIB) || 512
    const s3 = await startServer(work)
    const proxy = await countingProxy(s3.endpoint)
    try {
      for (let i = 0; i < small; i++) {
        const sub = join(work, 'small', `driver/8.${i % 4}.0/x86_64`)
        if (i < 4) mkdirSync(sub, { recursive: true })
        writeFileSync(join(sub, `falco_ubuntu_${i}.ko`), randomBytes(1024 + ((i * 7919) % 7168)))
      }
      mkdirSync(join(work, 'large'))
      mkdirSync(join(work, 'ws'))
      const chunk = randomBytes(1 << 20)
      for (let i = 0; i < large; i++) {
        chunk.writeUInt32LE(i, 0)
        writeFileSync(join(work, 'large', 'falco-large.bin'), chunk, { flag: 'a' })
      }
      const child = join(work, 'stores.child.mjs')
      execFileSync(
        join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'esbuild'),
        [
          join(dirname(fileURLToPath(import.meta.url)), 'stores.child.ts'),
          '--bundle',
          '--platform=node',
          '--format=esm',
          '--target=node20',
          `--outfile=${child}`,
          '--log-level=error',
          "--banner:js=import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
        ],
        { stdio: 'inherit' }
      )
      const env = { ...runner, ...s3.env, S3_ENDPOINT: proxy.url, CONCURRENCY: '10' }
      for (const pass of ['upload', 'rerun'])
        for (const data of ['small', 'large']) {
          proxy.counts.clear()
          const dir = `${data}-${pass}`
          const s = await runAction(env, dir, [child, join(work, data), `s3://${s3.bucket}/ours/${data}`])
          console.log(`${data} ${pass}: ${s.toFixed(2)} s`, Object.fromEntries(proxy.counts))
          summarize(join(out, dir))
        }
    } finally {
      proxy.stop()
      await s3.stop()
      summarize(join(out, 's3rver'))
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
      console.log(`first push: ${(await runAction(env, 'first')).toFixed(2)} s`, shape())
      summarize(join(out, 'first'))
      registry.resetRequests()
      console.log(`re-push: ${(await runAction(env, 'rerun')).toFixed(2)} s`, shape())
      summarize(join(out, 'rerun'))
    } finally {
      await registry.stop()
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
