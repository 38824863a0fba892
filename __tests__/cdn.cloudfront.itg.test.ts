/**
 * CloudFront invalidation after a publish. CloudFront cannot run here, so the API is a loopback stand-in
 * (testing/servers/cloudfront.ts) that re-signs every request with AWS's own SigV4 implementation
 * (@smithy/signature-v4, as in the AWS SDK v3) and compares, and checks the InvalidationBatch XML as the API
 * defines it. The packages are published by the bundled action to a real S3 look-alike (s3rver).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import aws4 from 'aws4'
import { request } from 'undici'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { type FakeCloudFront, startFakeCloudFront } from '../testing/servers/cloudfront.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import {
  CloudFrontApi,
  MAX_PATHS,
  cloudfrontEndpoint,
  invalidationBatch,
  invalidationPaths
} from '../src/cdn/cloudfront.js'
import { cdnPrefix } from '../src/cdn/step.js'
import type { Published } from '../src/plan.js'
import { testKey } from './helpers/packages.js'

process.env.PUBLISH_ARTIFACTS_RETRY_BASE_MS = '5'
const DIST = 'E2QWRUHAPOMQZL'
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', sessionToken: 'session-token-for-test' }

const up = (path: string, role: Published['role'], extra: Partial<Published> = {}): Published => ({
  kind: 'packages',
  path,
  status: 'uploaded',
  role,
  ...extra
})

describe('what is invalidated (pure)', () => {
  test.each([
    ['a new artifact is not', [up('bin/x86_64/a.tar.gz', 'artifact')], []],
    [
      'a replaced artifact and its signature are',
      [
        up('bin-dev/x86_64/a.tar.gz', 'artifact', { replaced: true }),
        up('bin-dev/x86_64/a.tar.gz.asc', 'signature', { replaced: true })
      ],
      ['/p/bin-dev/x86_64/a.tar.gz', '/p/bin-dev/x86_64/a.tar.gz.asc']
    ],
    ['every index written is, new or not', [up('bin/index.json', 'index')], ['/p/bin/index.json']],
    ['an unchanged index is not', [{ ...up('bin/index.json', 'index'), status: 'unchanged' as const }], []],
    [
      'a deleted object is',
      [{ kind: 'packages', path: 'deb-dev/stable/old.deb', status: 'deleted', role: 'delete' } as Published],
      ['/p/deb-dev/stable/old.deb']
    ],
    [
      'a key with + in both spellings, other characters encoded',
      [up('bin-dev/x86_64/t-1.0.0-1+abc x.tar.gz', 'artifact', { replaced: true })],
      ['/p/bin-dev/x86_64/t-1.0.0-1%2Babc%20x.tar.gz', '/p/bin-dev/x86_64/t-1.0.0-1+abc%20x.tar.gz']
    ],
    [
      'a folded entry (thousands of driver objects) is a wildcard',
      [up('8.0.0+driver/x86_64/', 'artifact', { count: 9000, replaced: true })],
      ['/p/8.0.0%2Bdriver/x86_64/*', '/p/8.0.0+driver/x86_64/*']
    ]
  ])('%s', (_name, published, paths) => {
    expect(invalidationPaths(published as Published[], '/p')).toEqual(paths)
  })

  test('more paths than one invalidation takes: their folders instead', () => {
    const many = Array.from({ length: MAX_PATHS + 1 }, (_, i) =>
      up(`driver/${i % 2 ? 'x86_64' : 'aarch64'}/f${i}.ko`, 'artifact', { replaced: true })
    )
    expect(invalidationPaths(many, '')).toEqual(['/driver/aarch64/*', '/driver/x86_64/*'])
  })

  test('the prefix: the input, else the s3:// prefix or https:// path; the endpoint as the AWS CLI reads it', () => {
    expect(
      cdnPrefix({ cloudfrontPathPrefix: '' }, { scheme: 's3', bucket: 'b', prefix: 'packages', display: '' })
    ).toBe('/packages')
    expect(
      cdnPrefix({ cloudfrontPathPrefix: 'dl/' }, { scheme: 's3', bucket: 'b', prefix: 'x', display: '' })
    ).toBe('/dl')
    expect(cdnPrefix({ cloudfrontPathPrefix: '' }, { scheme: 'file', root: '/tmp', display: '' })).toBe('')
    expect(cloudfrontEndpoint({}).href).toBe('https://cloudfront.amazonaws.com/')
    expect(
      cloudfrontEndpoint({
        AWS_ENDPOINT_URL: 'https://a.example',
        AWS_ENDPOINT_URL_CLOUDFRONT: 'https://b.example'
      }).host
    ).toBe('b.example')
    expect(cloudfrontEndpoint({ AWS_ENDPOINT_URL: 'https://a.example' }).host).toBe('a.example')
    // Credentials never go over plain HTTP to anything but loopback.
    expect(() => cloudfrontEndpoint({ AWS_ENDPOINT_URL_CLOUDFRONT: 'http://cdn.example' })).toThrow(
      /cloudfront-distribution-id.*loopback/
    )
  })
})

describe('the CloudFront API stand-in is strict', () => {
  let cf: FakeCloudFront
  beforeAll(async () => {
    cf = await startFakeCloudFront({ distributions: [DIST], credentials: creds })
  })
  afterAll(() => cf?.close())

  test('a request signed with the wrong secret is refused (SignatureDoesNotMatch), the right one accepted', async () => {
    const bad = new CloudFrontApi(new URL(cf.url), { ...creds, secretAccessKey: 'wrong' }, 1)
    await expect(bad.create(DIST, ['/x'], 'ref-bad')).rejects.toThrow(/403 SignatureDoesNotMatch/)
    await bad.close()
    const good = new CloudFrontApi(new URL(cf.url), creds, 1)
    const inv = await good.create(DIST, ['/x'], 'ref-good')
    expect(inv).toEqual({ id: cf.invalidations[0].id, status: 'InProgress' })
    // The same reference and batch is the same invalidation (a retry whose answer was lost).
    expect((await good.create(DIST, ['/x'], 'ref-good')).id).toBe(inv.id)
    await expect(good.create(DIST, ['/y'], 'ref-good')).rejects.toThrow(/409 InvalidationBatchAlreadyExists/)
    await expect(good.create('ENOSUCH', ['/x'], 'r')).rejects.toThrow(
      /404 NoSuchDistribution.*distribution-id/
    )
    await good.close()
    expect(cf.invalidations).toHaveLength(1)
  })

  test('a body changed after signing, or a malformed batch, is refused', async () => {
    const path = `/2020-05-31/distribution/${DIST}/invalidation`
    const send = async (signedBody: string, sentBody: string) => {
      const host = new URL(cf.url).host
      const s = aws4.sign(
        {
          host,
          path,
          method: 'POST',
          service: 'cloudfront',
          region: 'us-east-1',
          body: signedBody,
          headers: { 'content-type': 'application/xml' }
        },
        creds
      )
      const headers = Object.fromEntries(
        Object.entries(s.headers ?? {}).filter(([k]) => !/^(host|content-length)$/i.test(k))
      ) as Record<string, string>
      const res = await request(`${cf.url}${path}`, { method: 'POST', headers, body: sentBody })
      return { status: res.statusCode, text: await res.body.text() }
    }
    const good = invalidationBatch(['/a'], 'ref-tamper')
    const tampered = await send(good, good.replace('/a', '/b'))
    expect(tampered.status).toBe(403)
    expect(tampered.text).toContain('SignatureDoesNotMatch')
    const wrongCount = good.replace('<Quantity>1</Quantity>', '<Quantity>2</Quantity>')
    expect(await send(wrongCount, wrongCount)).toMatchObject({ status: 400 })
    const noNs = good.replace(/ xmlns="[^"]+"/, '')
    expect(await send(noNs, noNs)).toMatchObject({ status: 400 })
    const midWildcard = invalidationBatch(['/a*/b'], 'ref-w')
    expect(await send(midWildcard, midWildcard)).toMatchObject({ status: 400 })
  })
})

describe('the bundled action invalidates after publishing to S3', () => {
  let s3: S3rverHandle
  let cf: FakeCloudFront
  beforeAll(async () => {
    s3 = await startS3rver()
    cf = await startFakeCloudFront({ distributions: [DIST], credentials: creds, completeAfter: 2 })
  }, 30_000)
  afterAll(async () => {
    await cf?.close()
    await s3?.stop()
  })

  const repo = TestRepo.create()
  const head = repo.commit()
  const publish = (inputs: Record<string, string> = {}) =>
    runAction({
      inputs: {
        kind: 'packages',
        files: 'build/*.tar.gz',
        destination: `s3://${s3.bucket}/packages`,
        's3-endpoint': s3.endpoint,
        's3-force-path-style': 'true',
        'release-type': 'dev',
        version: '1.5.0-1+abc1234',
        'cloudfront-distribution-id': DIST,
        ...inputs
      },
      eventName: 'push',
      payload: {
        ref: 'refs/heads/main',
        repository: { default_branch: 'main', full_name: 'example/project' }
      },
      ref: 'refs/heads/main',
      sha: head,
      workspace: repo.dir,
      env: {
        ...s3.env,
        AWS_SESSION_TOKEN: creds.sessionToken,
        AWS_ENDPOINT_URL_CLOUDFRONT: cf.url,
        PUBLISH_ARTIFACTS_RETRY_BASE_MS: '5',
        PUBLISH_ARTIFACTS_CLOUDFRONT_POLL_MS: '20',
        GITHUB_RUN_ID: '777'
      },
      timeoutMs: 120_000
    })

  test('one signed invalidation naming exactly the replaced objects and the indexes written, retried, in outputs and summary', async () => {
    const x86 = 'build/tool-1.5.0-1+abc1234-x86_64.tar.gz'
    repo.write(x86, gzipSync(Buffer.from('first build')))
    const first = await publish()
    expect(first.code).toBe(0)
    // A first publish: only the indexes (they may have been cached as 404s); the new tarball is not.
    expect(cf.invalidations.map(i => i.paths)).toEqual([
      ['/packages/bin-dev/index.json', '/packages/bin-dev/x86_64/SHA256SUMS']
    ])
    expect(first.outputs['cloudfront-invalidation-id']).toBe(cf.invalidations[0].id)

    // A dev rebuild under the same name, and a new arch; CloudFront throttles once and fails once first.
    repo.write(x86, gzipSync(Buffer.from('rebuilt')))
    repo.write('build/tool-1.5.0-1+abc1234-aarch64.tar.gz', gzipSync(Buffer.from('new arch')))
    cf.failNext(1, 400, 'Throttling')
    const before = cf.requests.length
    const second = await publish()
    expect(second.code).toBe(0)
    expect(cf.invalidations).toHaveLength(2)
    expect(cf.invalidations[1].paths).toEqual([
      '/packages/bin-dev/aarch64/SHA256SUMS',
      '/packages/bin-dev/index.json',
      '/packages/bin-dev/x86_64/SHA256SUMS',
      '/packages/bin-dev/x86_64/tool-1.5.0-1%2Babc1234-x86_64.tar.gz',
      '/packages/bin-dev/x86_64/tool-1.5.0-1+abc1234-x86_64.tar.gz'
    ])
    expect(cf.requests.slice(before).map(r => r.status)).toEqual([400, 201])
    expect(second.outputs['cloudfront-invalidation-id']).toBe(cf.invalidations[1].id)
    expect(second.summary).toContain(`CloudFront invalidation <code>${cf.invalidations[1].id}</code>`)
    expect(cf.requests.filter(r => r.status !== 400).every(r => r.signature === 'valid')).toBe(true)

    // A re-run changes nothing: no invalidation at all.
    const third = await publish()
    expect(third.code).toBe(0)
    expect(cf.invalidations).toHaveLength(2)
    expect(third.outputs['cloudfront-invalidation-id']).toBe('')
  })

  test('cloudfront-wait polls GetInvalidation until Completed', async () => {
    repo.write('build/tool-1.5.0-1+abc1234-x86_64.tar.gz', gzipSync(Buffer.from('rebuilt again')))
    const r = await publish({ 'cloudfront-wait': 'true' })
    expect(r.code).toBe(0)
    const inv = cf.invalidations[cf.invalidations.length - 1]
    expect(inv.polls).toBe(3) // InProgress twice, then Completed
    expect(r.summary).toMatch(/path\(s\), Completed/)
    const log = (r.stdout + r.stderr).split('\n').filter(l => !l.startsWith('::add-mask::'))
    expect(log.join('\n')).not.toContain(creds.sessionToken)
  })

  test('kind resign invalidates every signature it replaced, and only those', async () => {
    const a = await testKey(mkdtempSync(join(tmpdir(), 'pa-cf-a-')))
    const b = await testKey(mkdtempSync(join(tmpdir(), 'pa-cf-b-')))
    repo.write('build/tool-1.5.0-1+abc1234-x86_64.tar.gz', gzipSync(Buffer.from('signed build')))
    const signed = await publish({ 'signing-key': a.armored, destination: `s3://${s3.bucket}/signed` })
    expect(signed.code).toBe(0)
    const count = cf.invalidations.length
    const r = await runAction({
      inputs: {
        kind: 'resign',
        destination: `s3://${s3.bucket}/signed`,
        's3-endpoint': s3.endpoint,
        's3-force-path-style': 'true',
        'signing-key': b.armored,
        'cloudfront-distribution-id': DIST
      },
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main', full_name: 'example/project' } },
      ref: 'refs/heads/main',
      sha: head,
      workspace: repo.dir,
      env: {
        ...s3.env,
        AWS_SESSION_TOKEN: creds.sessionToken,
        AWS_ENDPOINT_URL_CLOUDFRONT: cf.url,
        PUBLISH_ARTIFACTS_RETRY_BASE_MS: '5'
      },
      timeoutMs: 120_000
    })
    expect(r.stdout).not.toMatch(/::error::/)
    expect(cf.invalidations.length).toBe(count + 1)
    // Both tarballs of the build folder (x86_64 and aarch64) were signed with A: every .asc is replaced.
    expect(cf.invalidations[count].paths).toEqual([
      '/signed/bin-dev/aarch64/SHA256SUMS.asc',
      '/signed/bin-dev/aarch64/tool-1.5.0-1%2Babc1234-aarch64.tar.gz.asc',
      '/signed/bin-dev/aarch64/tool-1.5.0-1+abc1234-aarch64.tar.gz.asc',
      '/signed/bin-dev/x86_64/SHA256SUMS.asc',
      '/signed/bin-dev/x86_64/tool-1.5.0-1%2Babc1234-x86_64.tar.gz.asc',
      '/signed/bin-dev/x86_64/tool-1.5.0-1+abc1234-x86_64.tar.gz.asc'
    ])
    expect(r.outputs['cloudfront-invalidation-id']).toBe(cf.invalidations[count].id)
  })

  test('a bad distribution ID is refused before anything is written, naming the input', async () => {
    const r = await publish({ 'cloudfront-distribution-id': 'not-an-id' })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/cloudfront-distribution-id/)
  })
})
