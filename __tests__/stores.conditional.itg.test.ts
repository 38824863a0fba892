/**
 * S3 conditional writes: `If-None-Match: *` for stable artifacts and `If-Match: "<etag>"` for replacing the top
 * index files. s3rver ignores both (shown below), so a loopback proxy (testing/servers/conditional.ts) stands in
 * for AWS S3's conditional writes in front of it, answering 412 as S3 does; the fault proxy holds chosen PUTs back
 * to make two publishers race deterministically.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { S3Store } from '../src/stores/s3.js'
import { PreconditionFailed } from '../src/stores/store.js'
import { buildDeb } from '../testing/samples.js'
import { type ProxyHandle, startProxy } from '../testing/chaos/proxy.js'
import { type ConditionalHandle, startConditional } from '../testing/servers/conditional.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import { publish, tmp } from './helpers/packages.js'

let s3: S3rverHandle
let conditional: ConditionalHandle
let dir: string

const store = (endpoint: string, prefix: string): S3Store =>
  new S3Store({
    bucket: s3.bucket,
    prefix,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
    concurrency: 4
  })

const digest = (data: Buffer) => ({
  size: data.length,
  sha256: createHash('sha256').update(data).digest('hex'),
  md5: createHash('md5').update(data).digest('hex')
})

function deb(name: string, version: string, time: number, file = `${name}_${version}_amd64.deb`): string {
  const sub = join(dir, `${name}-${version}-${time}`)
  mkdirSync(sub, { recursive: true })
  const path = join(sub, file)
  writeFileSync(path, buildDeb({ name, version, arch: 'amd64', time }))
  return path
}

beforeAll(async () => {
  dir = tmp('conditional')
  s3 = await startS3rver()
  conditional = await startConditional({
    target: s3.endpoint,
    credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY }
  })
}, 60_000)

afterAll(async () => {
  await conditional?.stop()
  await s3?.stop()
})

describe('S3Store conditions', () => {
  test('s3rver alone ignores them (why the re-merge loop stays for such stores)', async () => {
    const s = store(s3.endpoint, 'plain')
    const a = Buffer.from('first')
    const b = Buffer.from('second')
    await s.write('k', { data: a }, digest(a))
    await s.write('k', { data: b }, { ...digest(b), condition: { absent: true } })
    expect((await s.read('k'))?.toString()).toBe('second')
  })

  test('through the stand-in: create-only and replace-only-this-version, refused with PreconditionFailed', async () => {
    const s = store(conditional.url, 'cond')
    const a = Buffer.from('first')
    const b = Buffer.from('second')
    await s.write('k', { data: a }, { ...digest(a), condition: { absent: true } })
    await expect(s.write('k', { data: b }, { ...digest(b), condition: { absent: true } })).rejects.toThrow(
      PreconditionFailed
    )
    await expect(
      s.write('k', { data: b }, { ...digest(b), condition: { md5: digest(b).md5 } })
    ).rejects.toThrow(/HTTP 412/)
    expect((await s.read('k'))?.toString()).toBe('first')
    await s.write('k', { data: b }, { ...digest(b), condition: { md5: digest(a).md5 } })
    expect((await s.read('k'))?.toString()).toBe('second')
  })
})

describe('two publishers at once', () => {
  let faults: ProxyHandle | undefined
  afterAll(async () => {
    await faults?.stop()
  })

  test('the same stable artifact with other bytes: one wins, the other is refused, nothing overwritten', async () => {
    // Both PUTs of the .deb are held 1.5 s, so both publishers have found it absent before either lands.
    faults = await startProxy({
      target: conditional.url,
      rates: { slow: 1 },
      slowMs: 1500,
      faultable: (method, path) => method === 'PUT' && path.endsWith('.deb')
    })
    const files = [deb('falco', '0.45.0', 1), deb('falco', '0.45.0', 2)]
    const runs = await Promise.allSettled(
      files.map(f => publish({ files: [f], type: 'stable', store: store(faults?.url as string, 'race') }))
    )
    const won = runs.filter(r => r.status === 'fulfilled')
    const lost = runs.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect([won.length, lost.length]).toEqual([1, 1])
    expect(String(lost[0].reason)).toMatch(/another publisher created it with other bytes meanwhile/)
    expect(conditional.stats().refused).toContain(
      `If-None-Match /${s3.bucket}/race/deb/stable/falco_0.45.0_amd64.deb`
    )
    // The index names the bytes that are stored.
    const s = store(s3.endpoint, 'race')
    const stored = await s.stat('deb/stable/falco_0.45.0_amd64.deb')
    const packages = (await s.read('deb/dists/stable/main/binary-amd64/Packages'))?.toString() ?? ''
    expect(packages).toContain(`SHA256: ${stored?.sha256}`)
    await faults.stop()
    faults = undefined
  }, 60_000)

  test('a top file replaced meanwhile: the If-Match PUT is refused, the run merges again, both packages stay', async () => {
    const direct = (): S3Store => store(conditional.url, 'merge')
    await publish({ files: [deb('gamma', '1.0', 1)], type: 'dev', store: direct() })
    // Publisher A's Release PUTs are held 5 s; B publishes in the meantime, straight to the stand-in.
    faults = await startProxy({
      target: conditional.url,
      rates: { slow: 1 },
      slowMs: 5000,
      faultable: (method, path) => method === 'PUT' && path.endsWith('/merge/deb-dev/dists/stable/Release')
    })
    const proxied = faults
    const a = publish({ files: [deb('alpha', '1.0', 1)], type: 'dev', store: store(proxied.url, 'merge') })
    for (let i = 0; i < 300 && proxied.stats().faults.slow === 0; i++)
      await new Promise(d => setTimeout(d, 50))
    expect(proxied.stats().faults.slow).toBe(1)
    await publish({ files: [deb('beta', '1.0', 1)], type: 'dev', store: direct() })
    await a
    expect(conditional.stats().refused).toContain(`If-Match /${s3.bucket}/merge/deb-dev/dists/stable/Release`)
    const s = store(s3.endpoint, 'merge')
    const gz = await s.read('deb-dev/dists/stable/main/binary-amd64/Packages.gz')
    const names = [
      ...gunzipSync(gz as Buffer)
        .toString()
        .matchAll(/^Package: (\S+)$/gm)
    ].map(m => m[1])
    expect(names.sort()).toEqual(['alpha', 'beta', 'gamma'])
  }, 120_000)
})
