/**
 * The S3 store against s3rver (a real S3 look-alike server on 127.0.0.1), checked with the AWS CLI, and the
 * bundled action publishing to an s3:// destination. s3rver does not verify SigV4 signatures (a wrong secret
 * passes), so the wrong-credentials cases use an unknown access key id, which it does refuse.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import { S3Store } from '../src/stores/s3.js'

let s3: S3rverHandle
const tmp = mkdtempSync(join(tmpdir(), 'stores-s3-'))
const MiB = 1024 * 1024

beforeAll(async () => {
  s3 = await startS3rver()
}, 30_000)

afterAll(async () => {
  await s3?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

function store(over: Partial<ConstructorParameters<typeof S3Store>[0]> = {}): S3Store {
  return new S3Store({
    bucket: s3.bucket,
    prefix: 'unit',
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
    concurrency: 4,
    ...over
  })
}

/** The AWS CLI (the real one: a pyenv shim may shadow `aws`) against s3rver. */
function aws(...args: string[]): string {
  return execFileSync('/usr/bin/aws', ['--endpoint-url', s3.endpoint, ...args], {
    env: { ...process.env, ...s3.env, AWS_PAGER: '' },
    encoding: 'utf8'
  })
}

function headObject(key: string): {
  ContentLength: number
  Metadata: Record<string, string>
  CacheControl?: string
} {
  return JSON.parse(aws('s3api', 'head-object', '--bucket', s3.bucket, '--key', key)) as ReturnType<
    typeof headObject
  >
}

function getObject(key: string): Buffer {
  const out = join(tmp, `get-${Math.random().toString(36).slice(2)}`)
  aws('s3api', 'get-object', '--bucket', s3.bucket, '--key', key, out)
  return readFileSync(out)
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')

describe('S3Store on s3rver', () => {
  test('writes with metadata, stats, reads, lists and deletes; keys with + and spaces', async () => {
    const s = store()
    const data = Buffer.from('falco driver bytes')
    const key = 'driver/8.0.0+driver/x86_64/falco_ubuntu generic.ko'
    await s.write(
      key,
      { data },
      { size: data.length, sha256: sha256(data), md5: md5(data), cacheControl: 'max-age=60' }
    )
    expect(await s.stat(key)).toEqual({ size: data.length, sha256: sha256(data), md5: md5(data) })
    expect((await s.read(key))?.toString()).toBe('falco driver bytes')
    expect(await s.stat('driver/missing.ko')).toBeUndefined()
    expect(await s.read('driver/missing.ko')).toBeUndefined()

    // What another client sees: the same bytes, the sha256 as metadata, the cache policy.
    const head = headObject(`unit/${key}`)
    expect(head.ContentLength).toBe(data.length)
    expect(head.Metadata.sha256).toBe(sha256(data))
    expect(head.CacheControl).toBe('max-age=60')
    expect(getObject(`unit/${key}`).equals(data)).toBe(true)

    const listed = []
    for await (const o of s.list('driver/')) listed.push(o)
    expect(listed).toEqual([{ key, size: data.length, md5: md5(data), lastModified: expect.any(String) }])
    // S3's LastModified, as ISO 8601: the drivers listings show it per object.
    expect(Math.abs(Date.parse(listed[0].lastModified as string) - Date.now())).toBeLessThan(10 * 60_000)

    await s.delete(key)
    expect(await s.stat(key)).toBeUndefined()
    await s.delete(key) // deleting what is gone is fine
    await s.close()
  })

  test('list pages through every object under a prefix, and only that prefix', async () => {
    const s = store({ prefix: 'paged', listPageSize: 7 })
    const keys = Array.from({ length: 23 }, (_, i) => `deb/stable/p${String(i).padStart(2, '0')}.deb`)
    for (const key of keys) {
      const data = Buffer.from(key)
      await s.write(key, { data }, { size: data.length, sha256: sha256(data) })
    }
    const other = Buffer.from('x')
    await s.write('debx/other', { data: other }, { size: 1, sha256: sha256(other) })
    const listed: string[] = []
    for await (const o of s.list('deb/')) listed.push(o.key)
    expect(listed.sort()).toEqual(keys)
    const all: string[] = []
    for await (const o of s.list('')) all.push(o.key)
    expect(all).toHaveLength(24)
    await s.close()
  })

  test('a file above the part size goes up in parts, streamed, with its sha256', async () => {
    const s = store({ partSize: 5 * MiB })
    const path = join(tmp, 'big.bin')
    const data = Buffer.alloc(11 * MiB + 123)
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251
    writeFileSync(path, data)
    await s.write('big/big.bin', { path }, { size: data.length, sha256: sha256(data) })
    expect(s.stats.multipartUploads).toBe(1)
    expect(s.stats.parts).toBe(3)
    expect((await s.stat('big/big.bin'))?.sha256).toBe(sha256(data))
    expect(headObject('unit/big/big.bin').Metadata.sha256).toBe(sha256(data))
    expect(sha256(getObject('unit/big/big.bin'))).toBe(sha256(data))
    await s.close()
  })

  test('a failing multipart upload is aborted and leaves no object', async () => {
    const s = store({ partSize: 5 * MiB, tries: 2 })
    const path = join(tmp, 'short.bin')
    writeFileSync(path, Buffer.alloc(6 * MiB, 1))
    // The plan says 12 MiB but the file holds 6: the second part cannot be read in full.
    await expect(
      s.write('big/short.bin', { path }, { size: 12 * MiB, sha256: 'a'.repeat(64) })
    ).rejects.toThrow(/upload part [23]\/3 of s3:\/\/publish-test\/unit\/big\/short.bin failed after 2 tries/)
    expect(s.stats.abortedUploads).toBe(1)
    expect(await s.stat('big/short.bin')).toBeUndefined()
    await s.close()
  })

  test('an unknown access key is a clear error that never shows the secret', async () => {
    const s = store({ credentials: { accessKeyId: 'NOSUCHKEY', secretAccessKey: 'very-secret-value-42' } })
    const data = Buffer.from('x')
    const err = (await s.write('x', { data }, { size: 1, sha256: sha256(data) }).catch(e => e)) as Error
    expect(err.message).toMatch(/PUT s3:\/\/publish-test\/unit\/x: HTTP 403 InvalidAccessKeyId/)
    expect(err.message).toMatch(/AWS_ACCESS_KEY_ID/)
    expect(err.message).not.toContain('very-secret-value-42')
    await expect(s.stat('x')).rejects.toThrow(/HTTP 403.*AWS_ACCESS_KEY_ID/)
    await s.close()
  })

  test('a missing bucket says so', async () => {
    const s = store({ bucket: 'no-such-bucket' })
    const data = Buffer.from('x')
    await expect(s.write('x', { data }, { size: 1, sha256: sha256(data) })).rejects.toThrow(/NoSuchBucket/)
    await s.close()
  })
})

describe('the bundled action with an s3:// destination', () => {
  const payload = {
    ref: 'refs/tags/v2.1.0',
    repository: { default_branch: 'main', full_name: 'example/project' }
  }

  function release(): { repo: TestRepo; sha: string } {
    const repo = TestRepo.create()
    repo.commit()
    const sha = repo.tag('v2.1.0')
    repo.addOrigin()
    return { repo, sha }
  }

  function artifacts(output: string): Array<{ path: string; status: string; url: string }> {
    return (JSON.parse(output) as Array<{ path: string; status: string; url: string; role: string }>)
      .filter(p => p.role === 'artifact')
      .sort((a, b) => a.path.localeCompare(b.path))
  }

  async function publish(repo: TestRepo, sha: string, env: Record<string, string> = {}) {
    return runAction({
      inputs: {
        kind: 'packages',
        files: 'build/*.tar.gz',
        destination: `s3://${s3.bucket}/e2e/packages`,
        's3-endpoint': s3.endpoint,
        's3-force-path-style': 'true'
      },
      eventName: 'push',
      payload,
      ref: 'refs/tags/v2.1.0',
      sha,
      workspace: repo.dir,
      env: { ...s3.env, PUBLISH_ARTIFACTS_RETRY_BASE_MS: '5', ...env },
      timeoutMs: 120_000
    })
  }

  test('publishes, re-runs unchanged, refuses a stable overwrite, and explains bad credentials', async () => {
    const { repo, sha } = release()
    const small = gzipSync(Buffer.from('tool x86_64'))
    repo.write('build/tool-2.1.0-x86_64.tar.gz', small)
    // Above the part size set below: goes up as a multipart upload inside the action.
    const bigPath = repo.write('build/tool-2.1.0-aarch64.tar.gz', Buffer.alloc(6 * MiB, 3))
    const big = readFileSync(bigPath)

    const first = await publish(repo, sha, { PUBLISH_ARTIFACTS_S3_PART_SIZE: String(5 * MiB) })
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    // Artifacts only: the packages publisher may add its own index objects next to them.
    const published = artifacts(first.outputs.published)
    expect(published.map(p => [p.path, p.status]).sort()).toEqual([
      ['bin/aarch64/tool-2.1.0-aarch64.tar.gz', 'uploaded'],
      ['bin/x86_64/tool-2.1.0-x86_64.tar.gz', 'uploaded']
    ])
    expect(published[0].url).toContain(`${s3.endpoint}/${s3.bucket}/e2e/packages/bin/`)
    expect(getObject('e2e/packages/bin/x86_64/tool-2.1.0-x86_64.tar.gz').equals(small)).toBe(true)
    expect(sha256(getObject('e2e/packages/bin/aarch64/tool-2.1.0-aarch64.tar.gz'))).toBe(sha256(big))
    expect(headObject('e2e/packages/bin/aarch64/tool-2.1.0-aarch64.tar.gz').Metadata.sha256).toBe(sha256(big))

    const again = await publish(repo, sha)
    expect(again.code).toBe(0)
    expect(artifacts(again.outputs.published).map(p => p.status)).toEqual(['unchanged', 'unchanged'])

    // Same stable version, other bytes: refused before anything is written.
    writeFileSync(join(repo.dir, 'build/tool-2.1.0-x86_64.tar.gz'), gzipSync(Buffer.from('rebuilt')))
    const refused = await publish(repo, sha)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(
      /refusing to overwrite 1 stable artifact.*bin\/x86_64\/tool-2\.1\.0-x86_64\.tar\.gz/
    )
    expect(getObject('e2e/packages/bin/x86_64/tool-2.1.0-x86_64.tar.gz').equals(small)).toBe(true)

    const token = 'session-token-do-not-print-7731'
    const denied = await publish(repo, sha, { AWS_ACCESS_KEY_ID: 'NOSUCHKEY', AWS_SESSION_TOKEN: token })
    expect(denied.code).toBe(1)
    expect(denied.stdout).toMatch(/::error::.*HTTP 403 InvalidAccessKeyId.*AWS_ACCESS_KEY_ID/)
    const printed = denied.stdout
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    expect(printed + denied.stderr + denied.summary + JSON.stringify(denied.outputs)).not.toContain(token)
  }, 180_000)

  test('without AWS credentials the action says where they come from', async () => {
    const { repo, sha } = release()
    repo.write('build/tool-2.1.0-x86_64.tar.gz', gzipSync(Buffer.from('t')))
    const r = await publish(repo, sha, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/::error::.*destination.*AWS_ACCESS_KEY_ID.*configure-aws-credentials/)
  }, 60_000)
})
