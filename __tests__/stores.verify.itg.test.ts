/**
 * The S3 store's fast paths still catch a bad upload. s3rver (a real S3 look-alike on 127.0.0.1) checks neither
 * Content-MD5 nor the signed sha256, so the store's own checks are all that stands between a damaged body and a
 * damaged object: a PUT's ETag against the MD5 of what was sent, each part's, and a read-back (HEAD) where the
 * answer cannot tell. Faults come from the chaos proxy (testing/chaos/proxy.ts): `corrupt` changes one byte of
 * a request body on its way, `swallow` answers 200 without forwarding anything.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import diagnostics from 'node:diagnostics_channel'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyPlan } from '../src/apply.js'
import { hashBytes, hashFile, hashForUpload } from '../src/hash.js'
import type { Plan, PlanWrite } from '../src/plan.js'
import { knownObjects } from '../src/stores/known.js'
import { S3Store } from '../src/stores/s3.js'
import { type Answer, type ProxyHandle, startProxy } from '../testing/chaos/proxy.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'

let s3: S3rverHandle
let proxy: ProxyHandle
const tmp = mkdtempSync(join(tmpdir(), 'stores-verify-'))
const MiB = 1024 * 1024

beforeAll(async () => {
  s3 = await startS3rver()
  proxy = await startProxy({ target: s3.endpoint, maxMs: 120_000 })
}, 30_000)

afterAll(async () => {
  await proxy?.stop()
  await s3?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

function store(over: Partial<ConstructorParameters<typeof S3Store>[0]> = {}): S3Store {
  return new S3Store({
    bucket: s3.bucket,
    prefix: 'verify',
    region: 'us-east-1',
    endpoint: proxy.url,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
    concurrency: 4,
    tries: 3,
    ...over
  })
}

/**
 * The object as a user downloads it: the AWS CLI (the real one: a pyenv shim may shadow `aws`) straight from
 * s3rver, not through the proxy. Undefined when there is no such object.
 */
async function stored(key: string): Promise<Buffer | undefined> {
  const out = join(tmp, `get-${Math.random().toString(36).slice(2)}`)
  try {
    execFileSync(
      '/usr/bin/aws',
      [
        '--endpoint-url',
        s3.endpoint,
        's3api',
        'get-object',
        '--bucket',
        s3.bucket,
        '--key',
        `verify/${key}`,
        out
      ],
      { env: { ...process.env, ...s3.env, AWS_PAGER: '' }, stdio: ['ignore', 'ignore', 'pipe'] }
    )
  } catch (err) {
    if (/NoSuchKey|Not Found|404/.test(String((err as { stderr?: Buffer }).stderr ?? ''))) return undefined
    throw err
  }
  return readFileSync(out)
}

/** An answer for the first `times` requests that match. */
function firstTimes(
  times: number,
  what: 'corrupt' | 'swallow',
  match: (m: string, p: string) => boolean
): Answer {
  let left = times
  return (method, path) => (match(method, path) && left-- > 0 ? what : undefined)
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

function bytes(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size)
  for (let i = 0; i < size; i += 997) data[i] = (i + seed) % 251
  return data
}

describe('single PUT', () => {
  test('a body damaged on the way is detected by its ETag and sent again: the object ends with our bytes', async () => {
    const s = store()
    const data = bytes(20 * 1024, 1)
    const path = join(tmp, 'a.ko')
    writeFileSync(path, data)
    proxy.setAnswer(firstTimes(1, 'corrupt', m => m === 'PUT'))
    await s.write('a.ko', { path }, hashBytes(data))
    proxy.setAnswer(undefined)
    expect(proxy.answered().filter(a => a.includes('/verify/a.ko'))).toHaveLength(1)
    expect((await stored('a.ko'))?.equals(data)).toBe(true)
    await s.close()
  })

  test('a body damaged on every try fails the write, naming the object and both MD5s', async () => {
    const s = store()
    const data = bytes(5000, 2)
    const { md5 } = hashBytes(data)
    proxy.setAnswer((m, p) => (m === 'PUT' && p.includes('/b.ko') ? 'corrupt' : undefined))
    await expect(s.write('b.ko', { data }, { size: data.length, sha256: sha256(data), md5 })).rejects.toThrow(
      new RegExp(
        `PUT s3://publish-test/verify/b.ko failed after 3 tries: .*the store answered ETag [0-9a-f]{32}, not the MD5 ${md5}`
      )
    )
    proxy.setAnswer(undefined)
    await s.close()
  })

  test('without an MD5 from the plan, the store computes one from the bytes it read and still checks', async () => {
    const s = store({ tries: 1 })
    const data = bytes(3000, 3)
    proxy.setAnswer((m, p) => (m === 'PUT' && p.includes('/c.ko') ? 'corrupt' : undefined))
    await expect(s.write('c.ko', { data }, { size: data.length, sha256: sha256(data) })).rejects.toThrow(
      /the store answered ETag/
    )
    proxy.setAnswer(undefined)
    await s.close()
  })

  test('a 200 without an ETag is read back: nothing stored is an error', async () => {
    const s = store()
    const data = bytes(4096, 4)
    proxy.setAnswer((m, p) => (m === 'PUT' && p.includes('/d.ko') ? 'swallow' : undefined))
    await expect(s.write('d.ko', { data }, hashBytes(data))).rejects.toThrow(
      /PUT s3:\/\/publish-test\/verify\/d.ko: the store answered success but holds no object/
    )
    proxy.setAnswer(undefined)
    expect(await stored('d.ko')).toBeUndefined()
    await s.close()
  })

  test('a file changed since it was hashed is refused before anything is sent', async () => {
    const s = store()
    const path = join(tmp, 'e.ko')
    writeFileSync(path, bytes(1000, 5))
    const before = proxy.stats().requests
    await expect(s.write('e.ko', { path }, { size: 999, sha256: 'a'.repeat(64) })).rejects.toThrow(
      /holds 1000 bytes, not the 999 planned/
    )
    expect(proxy.stats().requests).toBe(before)
    await s.close()
  })
})

describe('multipart upload', () => {
  const big = bytes(11 * MiB + 77, 6)
  const path = join(tmp, 'big.bin')
  beforeAll(() => writeFileSync(path, big))

  test('a part damaged on the way is sent again; the object is whole', async () => {
    const s = store({ partSize: 5 * MiB })
    proxy.setAnswer(firstTimes(1, 'corrupt', (m, p) => m === 'PUT' && p.includes('partNumber=2')))
    await s.write('big1.bin', { path }, { size: big.length, sha256: sha256(big) })
    proxy.setAnswer(undefined)
    expect(proxy.answered().filter(a => a.includes('big1.bin'))).toHaveLength(1)
    expect(s.stats.parts).toBe(3)
    expect(sha256((await stored('big1.bin')) ?? Buffer.alloc(0))).toBe(sha256(big))
    await s.close()
  })

  test('a part damaged on every try aborts the upload and leaves no object', async () => {
    const s = store({ partSize: 5 * MiB, tries: 2 })
    proxy.setAnswer((m, p) =>
      m === 'PUT' && p.includes('big2.bin') && p.includes('partNumber=3') ? 'corrupt' : undefined
    )
    await expect(s.write('big2.bin', { path }, { size: big.length, sha256: sha256(big) })).rejects.toThrow(
      /upload part 3\/3 of s3:\/\/publish-test\/verify\/big2.bin failed after 2 tries: .*the store answered ETag/
    )
    proxy.setAnswer(undefined)
    expect(s.stats.abortedUploads).toBe(1)
    expect(await stored('big2.bin')).toBeUndefined()
    await s.close()
  })

  test('a completion answered without assembling anything is caught by the read-back', async () => {
    const s = store({ partSize: 5 * MiB })
    proxy.setAnswer((m, p) => (m === 'POST' && p.includes('big3.bin?uploadId=') ? 'swallow' : undefined))
    await expect(s.write('big3.bin', { path }, { size: big.length, sha256: sha256(big) })).rejects.toThrow(
      /verify\/big3.bin: the store answered success but holds no object/
    )
    proxy.setAnswer(undefined)
    await s.close()
  })

  test('parts in flight are bounded by partConcurrency: each reads its own bytes', async () => {
    const s = store({ partSize: 5 * MiB, partConcurrency: 1 })
    await s.write('big4.bin', { path }, { size: big.length, sha256: sha256(big) })
    expect(sha256((await stored('big4.bin')) ?? Buffer.alloc(0))).toBe(sha256(big))
    await s.close()
  })
})

describe('fewer requests, same decisions', () => {
  test('stats reuse their connection (one TCP connect, not one per HEAD)', async () => {
    const s = store()
    let connects = 0
    const count = () => connects++
    diagnostics.channel('net.client.socket').subscribe(count)
    try {
      for (let i = 0; i < 10; i++) await s.stat(`absent-${i}`)
    } finally {
      diagnostics.channel('net.client.socket').unsubscribe(count)
    }
    // One connection per stat before (10); a pool may open a second while the first is being released.
    expect(connects).toBeLessThanOrEqual(2)
    await s.close()
  })

  test('a listing answers for absent keys: a first upload makes no HEAD, and uploads every object', async () => {
    const s = store({ prefix: 'verify/known' })
    const data = [bytes(100, 7), bytes(200, 8), bytes(300, 9)]
    const present = { ...hashBytes(data[0]) }
    await s.write('x/0', { data: data[0] }, present)
    const writes: PlanWrite[] = data.map((d, i) => ({
      kind: 'packages',
      key: `x/${i}`,
      body: { data: d },
      ...hashBytes(d),
      role: 'artifact',
      immutable: true,
      reason: 'test'
    }))
    const known = await knownObjects(s, 'x/', writes.map(w => w.key).concat('y/elsewhere'))
    expect([...known.entries()].sort()).toEqual([
      ['x/0', { size: 100, md5: present.md5, sha256: undefined }],
      ['x/1', undefined],
      ['x/2', undefined]
    ])
    const plan: Plan = {
      kind: 'packages',
      release: { type: 'stable', version: '1.0.0', reason: 'test', prerelease: false },
      destination: 'test',
      writes,
      deletes: [],
      extra: [],
      notes: []
    }
    proxy.setAnswer(undefined)
    const seen: string[] = []
    proxy.setAnswer((m, p) => {
      seen.push(`${m} ${p.replace(/\?.*/, '')}`)
      return undefined
    })
    const done = await applyPlan(plan, s, { concurrency: 2, known })
    proxy.setAnswer(undefined)
    expect(done.map(d => [d.path, d.status])).toEqual([
      ['x/0', 'unchanged'],
      ['x/1', 'uploaded'],
      ['x/2', 'uploaded']
    ])
    expect(seen.sort()).toEqual(['PUT /publish-test/verify/known/x/1', 'PUT /publish-test/verify/known/x/2'])
    await s.close()
  })

  test('a large file hashed without an MD5 is compared by the sha256 in its metadata, not refused', async () => {
    const s = store({ prefix: 'verify/large', partSize: 5 * MiB })
    const big = bytes(6 * MiB, 10)
    const path = join(tmp, 'large.bin')
    writeFileSync(path, big)
    const digest = await hashForUpload(path, 5 * MiB)
    expect(digest).toEqual({ size: big.length, sha256: sha256(big) })
    expect(await hashForUpload(path)).toEqual(await hashFile(path))
    await s.write('l.bin', { path }, digest)
    // s3rver lists a multipart object with an ETag that looks like an MD5: it must not stand for a comparison.
    const known = await knownObjects(s, '', ['l.bin'])
    expect(known.get('l.bin')?.md5).toMatch(/^[0-9a-f]{32}$/)
    const write: PlanWrite = {
      kind: 'packages',
      key: 'l.bin',
      body: { path },
      ...digest,
      role: 'artifact',
      immutable: true,
      reason: 'test'
    }
    const plan: Plan = {
      kind: 'packages',
      release: { type: 'stable', version: '1.0.0', reason: 'test', prerelease: false },
      destination: 'test',
      writes: [write],
      deletes: [],
      extra: [],
      notes: []
    }
    expect((await applyPlan(plan, s, { concurrency: 1, known }))[0].status).toBe('unchanged')
    // Other bytes under the same stable key are still refused.
    const other = { ...write, sha256: 'f'.repeat(64) }
    await expect(applyPlan({ ...plan, writes: [other] }, s, { concurrency: 1, known })).rejects.toThrow(
      /refusing to overwrite 1 stable artifact/
    )
    await s.close()
  })
})
