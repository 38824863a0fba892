/**
 * The fault scenarios, shared by __tests__/faults.itg.test.ts (which asserts on them) and `npm run chaos`
 * (which prints them as a table). Real servers on loopback (s3rver, nginx WebDAV with basic auth, docker-registry
 * with a password), each behind the fault-injecting proxy; the bundled action runs as the runner runs it.
 */
import { S3Store } from '../../src/stores/s3.js'
import { s3StoreFrom } from '../../src/stores/s3.js'
import { type RunResult, runAction } from '../runner.js'
import { type NginxHandle, startNginx } from '../servers/nginx.js'
import { type RegistryHandle, startRegistry } from '../servers/registry.js'
import { type S3rverHandle, startS3rver } from '../servers/s3rver.js'
import { type FaultRates, type ProxyHandle, type ProxyStats, spreadRates, startProxy } from './proxy.js'
import { seeded } from './random.js'
import { type Scenario, driversScenario, imagesScenario, packagesScenario, signingKey } from './scenarios.js'
import {
  type Reader,
  checkDriverListing,
  checkImageTag,
  checkPackages,
  diskReader,
  normalize,
  poll
} from './verify.js'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface Servers {
  s3: S3rverHandle
  dav: NginxHandle
  registry: RegistryHandle
  proxies: { s3: ProxyHandle; dav: ProxyHandle; registry: ProxyHandle }
  stop(): Promise<void>
}

export async function startServers(rates: FaultRates, seed: number): Promise<Servers> {
  const [s3, dav, registry] = await Promise.all([
    startS3rver(),
    startNginx({ password: 'chaos-dav-password' }),
    startRegistry({ auth: 'htpasswd', password: 'chaos-registry-password' })
  ])
  const common = {
    rates,
    retryAfterSeconds: 1,
    slowMs: 150,
    maxConsecutive: 2,
    maxRequests: 200_000,
    maxMs: 15 * 60_000
  }
  const [ps3, pdav, preg] = await Promise.all([
    startProxy({ ...common, target: s3.endpoint, seed }),
    startProxy({ ...common, target: `http://127.0.0.1:${dav.port}`, seed: seed + 1 }),
    startProxy({ ...common, target: `http://${registry.host}`, seed: seed + 2 })
  ])
  return {
    s3,
    dav,
    registry,
    proxies: { s3: ps3, dav: pdav, registry: preg },
    async stop() {
      await Promise.all([ps3.stop(), pdav.stop(), preg.stop()])
      await Promise.all([s3.stop(), dav.stop(), registry.stop()])
    }
  }
}

/** Environment for every chaos run: short backoff, debug logging (to count retries), a short lock TTL. */
export const CHAOS_ENV = {
  PUBLISH_ARTIFACTS_RETRY_BASE_MS: '10',
  RUNNER_DEBUG: '1',
  // A SIGKILLed run cannot release its publish lock: it is broken once its TTL passes (10 minutes by default).
  PUBLISH_ARTIFACTS_LOCK_TTL_MS: '3000'
}

/** Retries the action reported (src/retry.ts logs each one at debug level). */
export function countRetries(stdout: string): number {
  return (stdout.match(/^::debug::.*: try \d+ failed/gm) ?? []).length
}

export interface Row {
  scenario: string
  faults: number
  faultTypes: Record<string, number>
  retries: number
  outcome: string
  /** Invariant checks that held / were made. */
  invariants: { held: number; checked: number }
  problems: string[]
}

function delta(before: ProxyStats, after: ProxyStats): { total: number; types: Record<string, number> } {
  const types: Record<string, number> = {}
  for (const [k, v] of Object.entries(after.faults))
    if (v - before.faults[k as keyof ProxyStats['faults']] > 0)
      types[k] = v - before.faults[k as keyof ProxyStats['faults']]
  return { total: after.totalFaults - before.totalFaults, types }
}

const davInputs = (s: Servers, path: string) => ({
  destination: `${s.proxies.dav.url}/dav/${path}`,
  'http-username': s.dav.username,
  'http-password': s.dav.password
})

/** Reads the bucket directly (not through the proxy), with one listing per call for sizes. */
function s3Reader(s: Servers, prefix: string): { store: S3Store; reader(): Promise<Reader> } {
  const store = s3StoreFrom(
    { bucket: s.s3.bucket, prefix },
    { s3Endpoint: s.s3.endpoint, s3Region: '', s3ForcePathStyle: true, s3Acl: '', concurrency: 16 },
    s.s3.env
  )
  return {
    store,
    async reader() {
      const sizes = new Map<string, number>()
      for await (const o of store.list('')) sizes.set(o.key, o.size)
      return async key =>
        key.endsWith('.json')
          ? store.read(key)
          : sizes.has(key)
            ? Buffer.alloc(sizes.get(key) ?? 0)
            : undefined
    }
  }
}

/**
 * A full publication under faults, all three kinds at once: packages with apt/yum/bin indexes to WebDAV, `drivers`
 * driver objects with listings to S3, a 2-arch image to the registry. A poller checks the invariants throughout.
 */
export async function fullPublication(s: Servers, opts: { drivers: number; tag: string }): Promise<Row[]> {
  const key = await signingKey('chaos-passphrase')
  const pkg = packagesScenario({ destination: '', key })
  Object.assign(pkg.inputs, davInputs(s, `${opts.tag}/packages`))
  const drv = driversScenario({ destination: `s3://${s.s3.bucket}/${opts.tag}/driver`, count: opts.drivers })
  Object.assign(drv.inputs, { 's3-endpoint': s.proxies.s3.url, 's3-force-path-style': 'true' })
  Object.assign(drv.env, s.s3.env)
  const image = `${opts.tag}/app`
  const proxyHost = s.proxies.registry.url.replace('http://', '')
  const img = imagesScenario({ image: `${proxyHost}/${image}`, registryHost: proxyHost })
  Object.assign(img.inputs, {
    'registry-username': s.registry.username,
    'registry-password': s.registry.password
  })

  const pkgRead = diskReader(join(s.dav.root, opts.tag, 'packages'))
  const drvStore = s3Reader(s, `${opts.tag}/driver`)
  const listings = ['x86_64', 'aarch64'].map(a => `8.0.0+driver/${a}/index.json`)
  const registry = {
    base: `http://${s.registry.host}`,
    username: s.registry.username,
    password: s.registry.password
  }
  const checks = {
    packages: () => checkPackages(pkgRead),
    drivers: async () => {
      const read = await drvStore.reader()
      return (await Promise.all(listings.map(l => checkDriverListing(read, l)))).flat()
    },
    images: () => checkImageTag(registry, image, '1.4.0')
  }
  const pollers = Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, poll(c, 150)])) as Record<
    keyof typeof checks,
    ReturnType<typeof poll>
  >
  const before = {
    packages: s.proxies.dav.stats(),
    drivers: s.proxies.s3.stats(),
    images: s.proxies.registry.stats()
  }
  const runs = await Promise.all(
    (
      [
        ['packages', pkg],
        ['drivers', drv],
        ['images', img]
      ] as const
    ).map(async ([name, sc]) => [name, await run(sc)] as const)
  )
  const after = {
    packages: s.proxies.dav.stats(),
    drivers: s.proxies.s3.stats(),
    images: s.proxies.registry.stats()
  }
  const rows: Row[] = []
  for (const [name, r] of runs) {
    const polled = await pollers[name].stop()
    const final = await checks[name]()
    const problems = [...polled.problems.map(p => `while running: ${p}`), ...final.map(p => `after: ${p}`)]
    if (name === 'drivers') problems.push(...(await driversComplete(drvStore.store, drv)))
    if (name === 'images') {
      const tags = await fetch(`${registry.base}/v2/${image}/tags/list`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`
        }
      }).then(res => res.json() as Promise<{ tags?: string[] }>)
      for (const t of ['1.4.0', 'latest'])
        if (!tags.tags?.includes(t)) problems.push(`after: tag ${t} missing`)
    }
    if (name === 'packages' && !(await pkgRead('deb/dists/stable/InRelease')))
      problems.push('after: no InRelease')
    const d = delta(before[name], after[name])
    rows.push({
      scenario: `${name} (${name === 'drivers' ? `${drv.keys.length} objects → S3` : name === 'images' ? '2-arch → registry' : 'deb+rpm+bin → WebDAV'})`,
      faults: d.total,
      faultTypes: d.types,
      retries: countRetries(r.stdout),
      outcome:
        r.code === 0
          ? 'published'
          : `exit ${r.code}: ${/^::error::(.*)$/m.exec(r.stdout)?.[1] ?? r.stderr.slice(0, 300)}`,
      invariants: { held: polled.rounds + 1 - (problems.length > 0 ? 1 : 0), checked: polled.rounds + 1 },
      problems: r.code === 0 ? problems : [`exit ${r.code}`, ...problems]
    })
  }
  await drvStore.store.close()
  return rows
}

/** Every driver object the grid built is in the bucket with its bytes. */
async function driversComplete(store: S3Store, sc: Scenario & { keys: string[] }): Promise<string[]> {
  const problems: string[] = []
  const present = new Map<string, number>()
  for await (const o of store.list('')) present.set(o.key, o.size)
  for (const key of sc.keys) {
    if (!present.has(key)) problems.push(`after: driver ${key} missing`)
  }
  // Bytes of a sample (reading all of them adds little but time).
  for (const key of sc.keys.filter((_, i) => i % 25 === 0)) {
    const local = readFileSync(join(sc.workspace, 'drivers', 'output', key))
    const remote = await store.read(key)
    if (!remote || !remote.equals(local)) problems.push(`after: driver ${key} has other bytes`)
  }
  return problems
}

function run(sc: Scenario, timeoutMs = 240_000): Promise<RunResult> {
  return runAction({ ...sc, env: { ...CHAOS_ENV, ...sc.env }, timeoutMs })
}

function tree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  let entries: import('node:fs').Dirent[] = []
  try {
    entries = readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]
  } catch {
    return out
  }
  for (const e of entries)
    if (e.isFile())
      out.set(relative(root, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)))
  return out
}

/**
 * Kills the publication of the packages scenario (through the faulty proxy) with SIGKILL at `kills` random
 * moments, one after another on the same destination, then runs it once more undisturbed: the result must be
 * the same as an undisturbed publication's, and the repositories must hold their invariants after every kill.
 */
export async function killAndConverge(
  s: Servers,
  opts: { kills: number; seed: number; tag: string }
): Promise<Row> {
  const random = seeded(opts.seed)
  const key = await signingKey('chaos-passphrase')
  const sc = packagesScenario({ destination: '', key })
  const before = s.proxies.dav.stats()
  const problems: string[] = []
  let retries = 0
  let checked = 0
  let held = 0

  Object.assign(sc.inputs, davInputs(s, `${opts.tag}/reference`))
  const started = Date.now()
  const reference = await run(sc)
  const duration = Date.now() - started
  retries += countRetries(reference.stdout)
  if (reference.code !== 0) problems.push(`reference run: exit ${reference.code}`)

  Object.assign(sc.inputs, davInputs(s, `${opts.tag}/killed`))
  const root = join(s.dav.root, opts.tag, 'killed')
  const moments: number[] = []
  for (let i = 0; i < opts.kills; i++) {
    // Somewhere between the process start and the end of an undisturbed run.
    const at = Math.round(200 + random() * Math.max(duration - 200, 100))
    moments.push(at)
    const r = await run(sc, at)
    retries += countRetries(r.stdout)
    const after = await checkPackages(diskReader(root))
    checked++
    if (after.length === 0) held++
    else problems.push(...after.map(p => `after the kill at ${at} ms: ${p}`))
  }
  const final = await run(sc)
  retries += countRetries(final.stdout)
  if (final.code !== 0)
    problems.push(
      `re-run after kills: exit ${final.code}: ${/^::error::(.*)$/m.exec(final.stdout)?.[1] ?? ''}`
    )
  const want = normalize(tree(join(s.dav.root, opts.tag, 'reference')))
  const got = normalize(tree(root))
  checked++
  const diff = [...new Set([...want.keys(), ...got.keys()])].filter(k => want.get(k) !== got.get(k)).sort()
  if (diff.length === 0 && want.size > 0) held++
  else
    problems.push(
      `final state differs from an undisturbed run at: ${diff.slice(0, 10).join(', ') || '(empty)'}`
    )
  const finalChecks = await checkPackages(diskReader(root))
  checked++
  if (finalChecks.length === 0) held++
  else problems.push(...finalChecks)
  const d = delta(before, s.proxies.dav.stats())
  return {
    scenario: `SIGKILL ×${opts.kills} at ${moments.join('/')} ms, then re-run (packages → WebDAV)`,
    faults: d.total,
    faultTypes: d.types,
    retries,
    outcome: problems.length === 0 ? 'converged' : 'diverged',
    invariants: { held, checked },
    problems
  }
}

export { spreadRates }
