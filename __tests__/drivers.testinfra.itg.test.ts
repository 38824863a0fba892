/**
 * Kind drivers on a tree shaped like falcosecurity/test-infra's real grid (testing/driverkit-fixtures.ts
 * makeTestInfraTree: ~190 KB bottlerocket configs, minikube `1_<ver>` kernel versions, a legacy SHA folder, the
 * misnamed amazonlinux2022 file), published to s3rver and to nginx WebDAV on 127.0.0.1 and checked with the AWS
 * CLI and plain HTTP: on-invalid-config, driverkit-config-exclude, listings from the configs' own fields with
 * size, sha256 and last-modified, legacy `<sha>/falco_*.ko` pruning, and a prune run from shard 2.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { driversPublisher } from '../src/drivers/publisher.js'
import type { Plan, Published } from '../src/plan.js'
import { HttpStore } from '../src/stores/http.js'
import { S3Store } from '../src/stores/s3.js'
import type { Store } from '../src/stores/store.js'
import { type NginxHandle, startNginx } from '../testing/servers/nginx.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import { LEGACY_SHA, context, makeGrid, makeTestInfraTree, write } from '../testing/driverkit-fixtures.js'

let s3: S3rverHandle
let dav: NginxHandle
const tmp = mkdtempSync(join(tmpdir(), 'drivers-testinfra-'))

beforeAll(async () => {
  ;[s3, dav] = await Promise.all([startS3rver(), startNginx()])
}, 60_000)

afterAll(async () => {
  await Promise.all([s3?.stop(), dav?.stop()])
  rmSync(tmp, { recursive: true, force: true })
})

function s3store(prefix: string): S3Store {
  return new S3Store({
    bucket: s3.bucket,
    prefix,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
    concurrency: 8
  })
}

function davStore(path: string): HttpStore {
  return new HttpStore({
    url: new URL(path, dav.url),
    username: dav.username,
    password: dav.password,
    concurrency: 4
  })
}

/** The AWS CLI (the real one: a pyenv shim may shadow `aws`), with s3rver's credentials. */
function aws(args: string[]): string {
  return execFileSync('/usr/bin/aws', ['--endpoint-url', s3.endpoint, ...args], {
    env: { ...process.env, ...s3.env, AWS_PAGER: '' },
    encoding: 'utf8'
  })
}

/** Every object under a prefix of the bucket as the AWS CLI lists it: key (relative) → size and date. */
function awsObjects(prefix: string): Map<string, { size: number; lastModified: string }> {
  const out = aws(['s3api', 'list-objects-v2', '--bucket', s3.bucket, '--prefix', `${prefix}/`])
  const parsed = JSON.parse(out || '{}') as {
    Contents?: { Key: string; Size: number; LastModified: string }[]
  }
  return new Map(
    (parsed.Contents ?? []).map(c => [
      c.Key.slice(prefix.length + 1),
      { size: c.Size, lastModified: c.LastModified }
    ])
  )
}

const awsKeys = (prefix: string): string[] => [...awsObjects(prefix).keys()].sort()
const driverKeys = (keys: string[]): string[] => keys.filter(k => /\.(ko|o)$/.test(k))
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

async function publish(
  ws: string,
  store: Store,
  inputs: Record<string, string> = {}
): Promise<{ plan: Plan; published: Published[] }> {
  const ctx = context(ws, store, inputs)
  const plan = await driversPublisher.plan(ctx)
  return { plan, published: await driversPublisher.apply(plan, ctx) }
}

/**
 * The keys falcoctl and falco-driver-loader request for a config, computed from its YAML fields alone (parsed
 * here on its own, with every scalar as written): `<driverversion>/<arch>/falco_<target>_<release>_<version>`.
 */
function keysFromYaml(configDir: string, path: string): string[] {
  const doc = parse(readFileSync(join(configDir, path), 'utf8'), { schema: 'failsafe' }) as {
    target: string
    kernelrelease: string
    kernelversion: string
    output: { module?: string; probe?: string }
  }
  const [version, arch] = path.split('/')
  const stem = `${version}/${arch}/falco_${doc.target}_${doc.kernelrelease}_${doc.kernelversion}`
  return [...(doc.output.module ? [`${stem}.ko`] : []), ...(doc.output.probe ? [`${stem}.o`] : [])]
}

interface ListingEntry {
  name: string
  target?: string
  kernelrelease?: string
  kernelversion?: string
  arch?: string
  size: number
  sha256?: string
  lastModified?: string
  href: string
}

/** A listing as users fetch it: plain HTTP GET of its public URL (`+` as %2B), no client library. */
async function fetchJson(url: string, auth?: string): Promise<{ objects: ListingEntry[]; count: number }> {
  const res = await fetch(url, auth ? { headers: { authorization: auth } } : {})
  expect(res.status).toBe(200)
  return (await res.json()) as { objects: ListingEntry[]; count: number }
}

const s3url = (prefix: string, key: string): string =>
  `${s3.endpoint}/${s3.bucket}/${prefix}/${key.split('/').map(encodeURIComponent).join('/')}`

describe('a test-infra-shaped grid to s3rver', () => {
  test('on-invalid-config: warn publishes every valid config under the key its YAML fields name; listings show those fields', async () => {
    const ws = join(tmp, 'warn')
    const t = makeTestInfraTree(ws)
    // Real bottlerocket configs embed ~190 KB of kernel config: far past the old 64 KiB bound.
    expect(t.largestConfig).toBeGreaterThan(190_000)
    const r = await publish(ws, s3store('warn'), { 'on-invalid-config': 'warn' })

    const expected = t.configs.flatMap(c => keysFromYaml(t.configDir, c.path)).sort()
    expect(expected).toEqual(t.keys)
    expect(expected).toContain('8.0.0+driver/x86_64/falco_minikube_5.10.207_1_1.33.0.ko')
    expect(expected).toContain('2.0.0+driver/aarch64/falco_bottlerocket_5.10.165_1_1.13.1-aws.ko')
    const stored = awsObjects('warn')
    expect(driverKeys([...stored.keys()]).sort()).toEqual(expected)
    // Nothing of the skipped configs: neither the legacy folder nor the misnamed file's object.
    expect([...stored.keys()].filter(k => k.startsWith(LEGACY_SHA) || k.includes('amazonlinux2022'))).toEqual(
      []
    )

    // Each skipped config is in the published output with its reason.
    const skipped = r.published.filter(p => p.status === 'invalid')
    expect(skipped.map(p => p.path).sort()).toEqual(t.invalid)
    expect(skipped.find(p => p.path?.includes('amazonlinux2022'))?.reason).toMatch(
      /file name does not match its fields: expected "amazonlinux2022_5\.4\.209-116\.367\.amzn2\.aarch64_1\.yaml"/
    )
    for (const p of skipped.filter(p => p.path?.startsWith(LEGACY_SHA)))
      expect(p.reason).toMatch(/no arch folder \(a legacy layout\)/)

    // The listings, fetched like a user does, hold every object with the config's own fields, its size, sha256
    // and the date S3 reports (the AWS CLI's LastModified).
    for (const prefix of ['8.0.0+driver/x86_64/', '8.0.0+driver/aarch64/', '2.0.0+driver/aarch64/']) {
      const listing = await fetchJson(s3url('warn', `${prefix}index.json`))
      const mine = t.configs.filter(c => prefix.startsWith(`${c.version}/${c.arch}/`))
      expect(listing.objects.map(o => `${prefix}${o.name}`)).toEqual(
        mine.flatMap(c => c.keys).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      )
      for (const o of listing.objects) {
        const c = mine.find(c => c.keys.includes(`${prefix}${o.name}`))
        if (!c) throw new Error(`no config for ${o.name}`)
        const doc = parse(readFileSync(join(t.configDir, c.path), 'utf8'), { schema: 'failsafe' }) as Record<
          string,
          string
        >
        const file = readFileSync(join(ws, c.outputs[c.keys.indexOf(`${prefix}${o.name}`)]))
        expect(o).toMatchObject({
          target: doc.target,
          kernelrelease: doc.kernelrelease,
          kernelversion: doc.kernelversion,
          arch: c.arch,
          size: file.length,
          sha256: sha256(file)
        })
        const listed = stored.get(`${prefix}${o.name}`)
        expect(Date.parse(o.lastModified as string)).toBe(Date.parse(listed?.lastModified ?? ''))
      }
    }
    const minikube = (await fetchJson(s3url('warn', '8.0.0+driver/x86_64/index.json'))).objects.find(o =>
      o.name.includes('minikube')
    )
    expect(minikube).toMatchObject({ kernelrelease: '5.10.207', kernelversion: '1_1.33.0' })
    const html = await (await fetch(s3url('warn', '8.0.0+driver/aarch64/index.html'))).text()
    expect(html).toContain('<td>5.15.160</td><td>1_1.20.3-aws</td>')

    // A re-run uploads nothing and leaves the listings as they are.
    const again = await publish(ws, s3store('warn'), { 'on-invalid-config': 'warn' })
    expect(again.published.filter(p => p.status === 'uploaded')).toEqual([])
    const after = awsObjects('warn')
    for (const key of ['index.json', '8.0.0+driver/x86_64/index.json'])
      expect(after.get(key)?.lastModified).toBe(stored.get(key)?.lastModified)
  }, 90_000)

  test('with the default on-invalid-config (error) the run fails naming every invalid file; nothing is written', async () => {
    const ws = join(tmp, 'error')
    const t = makeTestInfraTree(ws)
    const ctx = context(ws, s3store('error'), {})
    const failure = await driversPublisher.plan(ctx).then(
      () => undefined,
      (err: Error) => err.message
    )
    expect(failure).toContain(`Input 'driverkit-config': ${t.invalid.length} invalid driverkit config(s)`)
    for (const path of t.invalid) expect(failure).toContain(path)
    expect(failure).toContain('on-invalid-config')
    expect(awsKeys('error')).toEqual([])
  })

  test('driverkit-config-exclude leaves the legacy folder and the misnamed file out unread: the default policy publishes', async () => {
    const ws = join(tmp, 'exclude')
    const t = makeTestInfraTree(ws)
    const r = await publish(ws, s3store('exclude'), {
      'driverkit-config-exclude': `${LEGACY_SHA.slice(0, 8)}*\n2.0.0+driver/aarch64/amazonlinux2022_*.amzn2.aarch64.yaml`
    })
    expect(r.published.filter(p => p.status === 'invalid')).toEqual([])
    expect(driverKeys(awsKeys('exclude'))).toEqual(t.keys)
  }, 60_000)

  test('legacy <sha>/falco_*.ko objects (no arch folder) are pruned when named, each deletion in the plan', async () => {
    const ws = join(tmp, 'legacy')
    const t = makeTestInfraTree(ws)
    // download.falco.org's legacy layout, uploaded the way test-infra did: aws s3 cp, no arch folder.
    const other = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567'
    const legacy = [
      `${LEGACY_SHA}/falco_amazonlinux2_4.14.101-91.76.amzn2.x86_64_1.ko`,
      `${LEGACY_SHA}/falco_amazonlinux2_5.4.20-12.75.amzn2.x86_64_1.ko`,
      `${LEGACY_SHA}/falco_amazonlinux2_5.4.20-12.75.amzn2.x86_64_1.o`,
      `${other}/falco_ubuntu-generic_4.15.0-20-generic_21.ko`
    ]
    for (const key of legacy) {
      const file = join(tmp, 'legacy-object')
      write(file, `legacy ${key}`)
      aws(['s3', 'cp', '--only-show-errors', file, `s3://${s3.bucket}/legacy/${key}`])
    }
    const r = await publish(ws, s3store('legacy'), {
      'on-invalid-config': 'warn',
      prune: 'true',
      'prune-driver-versions': LEGACY_SHA
    })
    expect(r.plan.deletes.map(d => d.key).sort()).toEqual(legacy.filter(k => k.startsWith(LEGACY_SHA)).sort())
    for (const d of r.plan.deletes)
      expect(d.reason).toBe(`driver version ${LEGACY_SHA} is listed in prune-driver-versions`)
    expect(r.plan.notes).toContain(`retention never touches non-semver driver versions: ${other}`)
    expect(
      r.published
        .filter(p => p.status === 'deleted')
        .map(p => p.path)
        .sort()
    ).toEqual(r.plan.deletes.map(d => d.key).sort())
    const left = awsKeys('legacy')
    expect(left.filter(k => k.startsWith(LEGACY_SHA))).toEqual([])
    expect(left).toContain(legacy[3])
    expect(driverKeys(left).filter(k => !k.startsWith(other))).toEqual(t.keys)

    // Naming a version the store does not hold is said, not silently ignored.
    const again = await publish(ws, s3store('legacy'), {
      'on-invalid-config': 'warn',
      prune: 'true',
      'prune-driver-versions': LEGACY_SHA
    })
    expect(again.plan.deletes).toEqual([])
    expect(again.plan.notes).toContain(
      `prune-driver-versions names driver versions the store does not hold: ${LEGACY_SHA}`
    )
  }, 90_000)

  test('a prune run from shard 2/2 takes the pruned version out of the root listing; shard 1/2 deletes it', async () => {
    for (const v of ['6.0.0+driver', '7.0.0+driver'])
      await publish(
        makeGrid({ root: join(tmp, `sp-${v}`), versions: [v], perTarget: 1 }).outputDir,
        s3store('sp')
      )
    const ws = join(tmp, 'sp')
    makeTestInfraTree(ws)
    const warn = { 'on-invalid-config': 'warn' }
    for (const shard of ['1/2', '2/2']) await publish(ws, s3store('sp'), { ...warn, shard })
    // Read with the AWS CLI: the root listing as it is in the bucket after each run.
    const root = (): string[] =>
      (
        JSON.parse(aws(['s3', 'cp', '--only-show-errors', `s3://${s3.bucket}/sp/index.json`, '-'])) as {
          driverversions: { version: string }[]
        }
      ).driverversions.map(v => v.version)
    expect(root()).toEqual(['8.0.0+driver', '7.0.0+driver', '6.0.0+driver', '2.0.0+driver'])

    // Shard 2 has nothing to upload and deletes nothing itself, but the root must stop naming 6.0.0 now.
    const two = await publish(ws, s3store('sp'), { ...warn, shard: '2/2', prune: 'true' })
    expect(two.published.filter(p => p.status === 'uploaded' && p.role === 'artifact')).toEqual([])
    expect(two.plan.deletes).toEqual([])
    expect(two.plan.notes.join('\n')).toContain('shard 1 deletes driver versions 6.0.0+driver')
    expect(root()).toEqual(['8.0.0+driver', '7.0.0+driver', '2.0.0+driver'])
    expect(awsKeys('sp').some(k => k.startsWith('6.0.0+driver/'))).toBe(true)

    const one = await publish(ws, s3store('sp'), { ...warn, shard: '1/2', prune: 'true' })
    expect(one.plan.deletes.length).toBeGreaterThan(0)
    expect(new Set(one.plan.deletes.map(d => d.key.split('/')[0]))).toEqual(new Set(['6.0.0+driver']))
    expect(awsKeys('sp').some(k => k.startsWith('6.0.0+driver/'))).toBe(false)
    expect(root()).toEqual(['8.0.0+driver', '7.0.0+driver', '2.0.0+driver'])
  }, 120_000)
})

describe('a test-infra-shaped grid to nginx WebDAV', () => {
  test('publishes with on-invalid-config: warn; listings carry the fields, sha256 and PROPFIND dates', async () => {
    const ws = join(tmp, 'dav')
    const t = makeTestInfraTree(ws)
    const r = await publish(ws, davStore('testinfra/driver/'), { 'on-invalid-config': 'warn' })
    expect(r.published.filter(p => p.status === 'invalid').map(p => p.path)).toEqual(t.invalid)
    const auth = `Basic ${Buffer.from(`${dav.username}:${dav.password}`).toString('base64')}`
    const base = new URL('testinfra/driver/', dav.url).toString()
    for (const c of t.configs) {
      for (const [i, key] of c.keys.entries()) {
        const file = readFileSync(join(ws, c.outputs[i]))
        // On the server's disk, byte for byte, with the sha256 sidecar users can check downloads with.
        const onDisk = join(dav.root, 'testinfra/driver', key)
        expect(readFileSync(onDisk).equals(file)).toBe(true)
        expect(readFileSync(`${onDisk}.sha256`, 'utf8').split(' ')[0]).toBe(sha256(file))
      }
    }
    const listing = await fetchJson(`${base}8.0.0%2Bdriver/aarch64/index.json`, auth)
    const bottlerocket = listing.objects.find(o => o.name === 'falco_bottlerocket_6.1.102_1_1.21.1-aws.ko')
    const built = join(ws, 'output/8.0.0+driver/aarch64/falco_bottlerocket_6.1.102_1_1.21.1-aws.ko')
    expect(bottlerocket).toMatchObject({
      target: 'bottlerocket',
      kernelrelease: '6.1.102',
      kernelversion: '1_1.21.1-aws',
      arch: 'aarch64',
      size: statSync(built).size,
      sha256: sha256(readFileSync(built))
    })
    // nginx's getlastmodified has one-second resolution: the file's mtime on the server, to the second.
    const mtime = statSync(
      join(dav.root, 'testinfra/driver/8.0.0+driver/aarch64', bottlerocket?.name ?? '')
    ).mtime
    expect(Math.floor(Date.parse(bottlerocket?.lastModified ?? '') / 1000)).toBe(
      Math.floor(mtime.getTime() / 1000)
    )

    const again = await publish(ws, davStore('testinfra/driver/'), { 'on-invalid-config': 'warn' })
    expect(again.published.filter(p => p.status === 'uploaded')).toEqual([])
  }, 90_000)
})
