/**
 * Kind drivers against s3rver (a real S3 look-alike on 127.0.0.1) through the S3 store: exact keys (checked with
 * the AWS CLI), a re-run that costs listings and no per-object request, 4 concurrent shards, complete listings,
 * retention, and %2B URLs that download.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hashBytes } from '../src/hash.js'
import { driversPublisher } from '../src/drivers/publisher.js'
import type { Plan, Published } from '../src/plan.js'
import { S3Store } from '../src/stores/s3.js'
import type { Store } from '../src/stores/store.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import { context, makeGrid } from '../testing/driverkit-fixtures.js'

let s3: S3rverHandle
const tmp = mkdtempSync(join(tmpdir(), 'drivers-s3-'))

beforeAll(async () => {
  s3 = await startS3rver()
}, 30_000)

afterAll(async () => {
  await s3?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

function s3store(prefix: string, listPageSize?: number): S3Store {
  return new S3Store({
    bucket: s3.bucket,
    prefix,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
    concurrency: 8,
    listPageSize
  })
}

/** Counts the calls a run makes, per store method: the cost of a publish in requests (roughly). */
function counting(store: Store): { store: Store; calls: Record<string, number> } {
  const calls: Record<string, number> = {}
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls[String(name)] = (calls[String(name)] ?? 0) + 1
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    }
  })
  return { store: proxy, calls }
}

/** Every key under a prefix of the bucket, by the AWS CLI (the real one: a pyenv shim may shadow `aws`). */
function awsKeys(prefix: string): string[] {
  const out = execFileSync(
    '/usr/bin/aws',
    [
      '--endpoint-url',
      s3.endpoint,
      's3api',
      'list-objects-v2',
      '--bucket',
      s3.bucket,
      '--prefix',
      `${prefix}/`
    ],
    { env: { ...process.env, ...s3.env, AWS_PAGER: '' }, encoding: 'utf8' }
  )
  const parsed = JSON.parse(out || '{}') as { Contents?: { Key: string }[] }
  return (parsed.Contents ?? []).map(c => c.Key.slice(prefix.length + 1)).sort()
}

async function publish(
  ws: string,
  store: Store,
  inputs: Record<string, string> = {}
): Promise<{ plan: Plan; published: Published[] }> {
  const ctx = context(ws, store, inputs)
  const plan = await driversPublisher.plan(ctx)
  return { plan, published: await driversPublisher.apply(plan, ctx) }
}

const LISTINGS = [
  '8.0.0+driver/aarch64/index.html',
  '8.0.0+driver/aarch64/index.json',
  '8.0.0+driver/x86_64/index.html',
  '8.0.0+driver/x86_64/index.json',
  'index.html',
  'index.json'
]

describe('drivers to s3rver', () => {
  test('exact keys; the re-run lists once per prefix and sends no per-object request', async () => {
    const ws = join(tmp, 'one')
    const grid = makeGrid({ root: ws, perTarget: 4, probeEvery: 3 })
    const first = counting(s3store('driver'))
    const r1 = await publish(ws, first.store)
    expect(awsKeys('driver')).toEqual([...grid.keys, ...LISTINGS].sort())
    expect(r1.published.filter(p => p.status === 'uploaded' && p.role === 'artifact')).toHaveLength(
      grid.keys.length
    )
    // First publish: the two prefixes are listed, nothing is stat'ed one by one.
    expect(first.calls.stat ?? 0).toBe(0)

    // The full store check (trust-listings: false), as every re-run did before our own listings were trusted.
    const again = counting(s3store('driver'))
    const r2 = await publish(ws, again.store, { 'trust-listings': 'false' })
    expect(r2.published.filter(p => p.status === 'uploaded')).toEqual([])
    expect(
      r2.published.filter(p => p.status === 'unchanged' && p.role === 'artifact').map(p => p.count)
    ).toEqual([grid.keys.length / 2, grid.keys.length / 2])
    // Requests: the two prefixes listed once each (their listings are checked against those), and the root
    // listing read back; no per-object request, no listing of the whole destination (url() builds a string).
    const { url: _url, ...requests } = again.calls
    expect(requests).toEqual({ list: 2, read: 2 })

    // The default: each prefix's own index.json vouches for its objects, so the store is not listed at all: two
    // listings read, their index.html checked by a HEAD each (s3rver gives the ETag), the root read back.
    const trusted = counting(s3store('driver'))
    const r3 = await publish(ws, trusted.store)
    expect(r3.published.filter(p => p.status === 'uploaded')).toEqual([])
    expect(
      r3.published.filter(p => p.status === 'unchanged' && p.role === 'artifact').map(p => p.count)
    ).toEqual([grid.keys.length / 2, grid.keys.length / 2])
    expect(r3.published.filter(p => p.role === 'index').map(p => p.status)).toEqual(
      LISTINGS.map(() => 'unchanged')
    )
    const { url: _u, ...fewer } = trusted.calls
    expect(fewer).toEqual({ read: 4, stat: 2 })

    // What users see: %2B in URLs, and the URL downloads the object.
    const up = r1.published.find(p => p.path?.includes('+bpo-amd64') && p.role === 'artifact') as Published
    expect(up.url).toMatch(/8\.0\.0%2Bdriver\/x86_64\/falco_debian_6\.6\.\d+%2Bbpo-amd64_1\.(ko|o)$/)
    const res = await fetch(up.url as string)
    expect(res.status).toBe(200)
    const local = grid.configs.find(c => c.keys.includes(up.path as string)) as (typeof grid.configs)[0]
    expect(Buffer.from(await res.arrayBuffer())).toEqual(
      readFileSync(join(ws, local.outputs[local.keys.indexOf(up.path as string)]))
    )
  })

  test('4 concurrent shards publish disjoint sets; the listings name every object afterwards', async () => {
    const ws = join(tmp, 'shards')
    const grid = makeGrid({ root: ws, perTarget: 8, probeEvery: 4 })
    const runs = await Promise.all(
      [1, 2, 3, 4].map(i => publish(ws, s3store('sharded'), { shard: `${i}/4` }))
    )
    const uploaded = runs.flatMap(r =>
      r.published.filter(p => p.status === 'uploaded' && p.role === 'artifact').map(p => p.path as string)
    )
    expect(uploaded.sort()).toEqual(grid.keys)
    expect(new Set(uploaded).size).toBe(uploaded.length)
    const store = s3store('sharded')
    const names: string[] = []
    for (const arch of ['x86_64', 'aarch64']) {
      const index = JSON.parse(
        ((await store.read(`8.0.0+driver/${arch}/index.json`)) as Buffer).toString()
      ) as { objects: { name: string }[] }
      names.push(...index.objects.map(o => `8.0.0+driver/${arch}/${o.name}`))
    }
    expect(names.sort()).toEqual(grid.keys)
    await store.close()
  })

  test('retention keeps the 2 newest driver versions', async () => {
    for (const v of ['5.0.0+driver', '6.0.0+driver', '7.0.0+driver'])
      await publish(
        makeGrid({ root: join(tmp, `ret-${v}`), versions: [v], perTarget: 1 }).outputDir,
        s3store('ret')
      )
    const ws = join(tmp, 'ret-8')
    makeGrid({ root: ws, versions: ['8.0.0+driver'], perTarget: 1 })
    const r = await publish(ws, s3store('ret'), { prune: 'true' })
    expect(new Set(r.plan.deletes.map(d => d.key.split('/')[0]))).toEqual(
      new Set(['5.0.0+driver', '6.0.0+driver'])
    )
    const versions = new Set(awsKeys('ret').map(k => k.split('/')[0]))
    expect(versions).toEqual(new Set(['7.0.0+driver', '8.0.0+driver', 'index.html', 'index.json']))
  })
})

describe('our own listings as the first answer (trust-listings)', () => {
  const uploaded = (published: Published[]): string[] =>
    published
      .filter(p => p.status === 'uploaded' && p.role === 'artifact')
      .map(p => p.path as string)
      .sort()
  const listed = async (store: Store, arch: string): Promise<Map<string, string>> => {
    const doc = JSON.parse(((await store.read(`8.0.0+driver/${arch}/index.json`)) as Buffer).toString()) as {
      objects: { name: string; sha256: string }[]
    }
    return new Map(doc.objects.map(o => [`8.0.0+driver/${arch}/${o.name}`, o.sha256]))
  }

  test("an object deleted or overwritten behind the action's back: trusted by default, repaired with trust-listings: false", async () => {
    const ws = join(tmp, 'behind')
    const grid = makeGrid({ root: ws, perTarget: 2 })
    await publish(ws, s3store('behind'))
    const [gone, other] = grid.keys
    const store = s3store('behind')
    await store.delete(gone)
    const bytes = Buffer.from('not the built object')
    await store.write(other, { data: bytes }, { ...hashBytes(bytes) })

    // The listings still name both with the local sha256: the default believes them and asks the store nothing.
    const trusted = counting(s3store('behind'))
    const r1 = await publish(ws, trusted.store)
    expect(uploaded(r1.published)).toEqual([])
    expect(trusted.calls.list ?? 0).toBe(0)
    expect(awsKeys('behind')).not.toContain(gone)

    // The full check lists the store, finds one missing and one with other bytes, and uploads both again.
    const r2 = await publish(ws, s3store('behind'), { 'trust-listings': 'false' })
    expect(uploaded(r2.published)).toEqual([gone, other].sort())
    expect(awsKeys('behind')).toContain(gone)
    const local = grid.configs.find(c => c.keys.includes(other)) as (typeof grid.configs)[0]
    expect(await store.read(other)).toEqual(readFileSync(join(ws, local.outputs[0])))
    await store.close()
  })

  test('a rebuilt object (other local bytes) is checked against the store and replaced; its listing entry follows', async () => {
    const ws = join(tmp, 'rebuilt')
    const grid = makeGrid({ root: ws, perTarget: 2 })
    await publish(ws, s3store('rebuilt'))
    const config = grid.configs[0]
    const rebuilt = Buffer.from('a rebuild: other bytes under the same key')
    writeFileSync(join(ws, config.outputs[0]), rebuilt)

    const run = counting(s3store('rebuilt'))
    const r1 = await publish(ws, run.store)
    expect(uploaded(r1.published)).toEqual([config.keys[0]])
    expect(r1.published.find(p => p.path === config.keys[0])?.replaced).toBe(true)
    // The listing could not vouch for it: the store was asked (its prefix listed), not the listing believed.
    expect(run.calls.list ?? 0).toBeGreaterThan(0)
    const store = s3store('rebuilt')
    expect((await listed(store, config.arch)).get(config.keys[0])).toBe(hashBytes(rebuilt).sha256)

    // Next run: the listing now vouches for the new bytes, nothing is listed or written.
    const again = counting(s3store('rebuilt'))
    const r2 = await publish(ws, again.store)
    expect(uploaded(r2.published)).toEqual([])
    expect(r2.published.filter(p => p.status === 'uploaded')).toEqual([])
    expect(again.calls.list ?? 0).toBe(0)
    await store.close()
  })

  test('a corrupt or foreign listing is not believed: the store decides, and the listing is rewritten as ours', async () => {
    const ws = join(tmp, 'foreign')
    const grid = makeGrid({ root: ws, perTarget: 2 })
    await publish(ws, s3store('foreign'))
    const store = s3store('foreign')
    const ours = {
      x86_64: (await store.read('8.0.0+driver/x86_64/index.json')) as Buffer,
      aarch64: (await store.read('8.0.0+driver/aarch64/index.json')) as Buffer
    }
    // x86_64: truncated. aarch64: the same claims (every name, size, sha256) in another tool's formatting.
    const truncated = ours.x86_64.subarray(0, ours.x86_64.length >> 1)
    const foreign = Buffer.from(JSON.stringify(JSON.parse(ours.aarch64.toString()), null, 2))
    await store.write('8.0.0+driver/x86_64/index.json', { data: truncated }, hashBytes(truncated))
    await store.write('8.0.0+driver/aarch64/index.json', { data: foreign }, hashBytes(foreign))
    // Behind both listings' backs, one object of each prefix is gone.
    const gone = ['x86_64', 'aarch64'].map(a => grid.keys.find(k => k.includes(`/${a}/`)) as string)
    for (const key of gone) await store.delete(key)

    const run = counting(s3store('foreign'))
    const r = await publish(ws, run.store)
    expect(uploaded(r.published)).toEqual(gone.sort())
    // Both prefixes listed (neither listing is believed), then the whole destination once, to rebuild listings.
    expect(run.calls.list).toBe(3)
    expect(awsKeys('foreign')).toEqual(expect.arrayContaining(grid.keys))
    // Rewritten as ours, naming every object: the next run believes them and lists nothing.
    expect(await store.read('8.0.0+driver/x86_64/index.json')).not.toEqual(truncated)
    expect(await store.read('8.0.0+driver/aarch64/index.json')).not.toEqual(foreign)
    for (const arch of ['x86_64', 'aarch64'])
      expect([...(await listed(store, arch)).keys()].sort()).toEqual(
        grid.keys.filter(k => k.includes(`/${arch}/`))
      )
    const again = counting(s3store('foreign'))
    expect(uploaded((await publish(ws, again.store)).published)).toEqual([])
    expect(again.calls.list ?? 0).toBe(0)
    await store.close()
  })
})
