/**
 * Stores against what other tools and people do to them (issue 11), on real servers: nginx WebDAV where another
 * tool replaced an object but left its `.sha256` sidecar (the sidecar must not vouch for the new bytes), and
 * s3rver, which like AWS escapes `'` in listings as `&#x27;` (a key with a quote must list as itself, or it is
 * uploaded again on every run).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { type NginxHandle, startNginx } from '../testing/servers/nginx.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import { HttpStore } from '../src/stores/http.js'
import { S3Store } from '../src/stores/s3.js'

let dav: NginxHandle
let s3: S3rverHandle

beforeAll(async () => {
  ;[dav, s3] = await Promise.all([startNginx(), startS3rver()])
}, 30_000)

afterAll(async () => {
  await Promise.all([dav?.stop(), s3?.stop()])
})

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

/** What another tool does: a plain PUT, no sidecar. */
async function otherToolPut(url: string, data: string): Promise<void> {
  const auth = Buffer.from(`${dav.username}:${dav.password}`).toString('base64')
  const res = await fetch(url, { method: 'PUT', body: data, headers: { authorization: `Basic ${auth}` } })
  expect(res.ok).toBe(true)
}

describe('HTTP store sidecars', () => {
  const store = () =>
    new HttpStore({
      url: new URL('hostile/', dav.url),
      username: dav.username,
      password: dav.password,
      concurrency: 2
    })

  test('an object replaced after its sidecar is hashed again, not taken as unchanged', async () => {
    const s = store()
    const first = Buffer.from('falco 1.5.0 stable bytes')
    await s.write('stable/tool-1.5.0.tar.gz', { data: first }, { size: first.length, sha256: sha256(first) })
    expect((await s.stat('stable/tool-1.5.0.tar.gz'))?.sha256).toBe(sha256(first))
    // HTTP dates have one-second resolution: the replacement must land in a later second to be seen as newer.
    await sleep(1100)
    await otherToolPut(
      new URL('hostile/stable/tool-1.5.0.tar.gz', dav.url).toString(),
      'other bytes, same name'
    )
    expect((await s.stat('stable/tool-1.5.0.tar.gz'))?.sha256).toBe(sha256('other bytes, same name'))
    await s.close()
  })

  test('a sidecar newer than its object is still what stat reports (no needless download)', async () => {
    const s = store()
    const data = Buffer.from('dev bytes')
    await s.write('dev/tool.tar.gz', { data }, { size: data.length, sha256: sha256(data) })
    await sleep(1100)
    // A sidecar rewritten later vouches for the object: stat trusts it, so it really is the sidecar being read.
    await otherToolPut(
      new URL('hostile/dev/tool.tar.gz.sha256', dav.url).toString(),
      `${'a'.repeat(64)}  tool.tar.gz\n`
    )
    expect((await s.stat('dev/tool.tar.gz'))?.sha256).toBe('a'.repeat(64))
    await s.close()
  })
})

describe('S3 listings with XML character references', () => {
  test('a key with \' & < > " lists as itself', async () => {
    const s = new S3Store({
      bucket: s3.bucket,
      prefix: 'hostile',
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
      concurrency: 2
    })
    const key = `drivers/it's & <x> "q".ko`
    const data = Buffer.from('driver')
    await s.write(key, { data }, { size: data.length, sha256: sha256(data) })
    // s3rver writes `it&#x27;s` in the listing, as AWS does.
    const raw = await fetch(`${s3.endpoint}/${s3.bucket}?list-type=2&prefix=hostile/`).then(r => r.text())
    expect(raw).toContain('it&#x27;s')
    const listed: string[] = []
    for await (const o of s.list('drivers/')) listed.push(o.key)
    expect(listed).toEqual([key])
    await s.close()
  })
})
