/** Pure parts of the remote stores: addressing, key encoding, error wording, input checks. No server. */
import { afterEach, describe, expect, test } from '@jest/globals'
import { InputError } from '../src/errors.js'
import { redact, resetSecrets } from '../src/redact.js'
import { httpStoreFrom } from '../src/stores/http.js'
import { encodeKey, snippet } from '../src/stores/request.js'
import { XMLParser } from 'fast-xml-parser'
import { explainS3, listPage, s3StoreFrom } from '../src/stores/s3.js'

const s3Inputs = { s3Endpoint: '', s3Region: '', s3ForcePathStyle: false, s3Acl: '', concurrency: 4 }
const creds = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-key-value-123' }
const httpInputs = { httpUsername: '', httpPassword: '', httpToken: '', concurrency: 4 }

afterEach(() => resetSecrets())

describe('encodeKey', () => {
  test.each([
    ['driver/8.0.0+driver/x86_64/falco_x.ko', 'driver/8.0.0%2Bdriver/x86_64/falco_x.ko'],
    ['a b/c(1)!.deb', 'a%20b/c%281%29%21.deb'],
    ['deb/stable/Packages.gz', 'deb/stable/Packages.gz'],
    ['ü/é', '%C3%BC/%C3%A9']
  ])('%s', (key, encoded) => expect(encodeKey(key)).toBe(encoded))
})

describe('S3 addressing', () => {
  test('AWS virtual-host style by default, with the region from the environment', async () => {
    const store = s3StoreFrom({ bucket: 'falco-dist', prefix: 'packages' }, s3Inputs, {
      ...creds,
      AWS_REGION: 'eu-west-1'
    })
    expect(store.url('deb/stable/falco-1.0.0-x86_64.deb')).toBe(
      'https://falco-dist.s3.eu-west-1.amazonaws.com/packages/deb/stable/falco-1.0.0-x86_64.deb'
    )
    expect(store.description).toBe('s3://falco-dist/packages')
    await store.close()
  })

  test('path style on a custom endpoint; s3-region wins over AWS_REGION', async () => {
    const store = s3StoreFrom(
      { bucket: 'b1', prefix: '' },
      { ...s3Inputs, s3Endpoint: 'http://127.0.0.1:9000', s3ForcePathStyle: true, s3Region: 'auto' },
      { ...creds, AWS_REGION: 'eu-west-1' }
    )
    expect(store.url('driver/8.0.0+driver/a.ko')).toBe('http://127.0.0.1:9000/b1/driver/8.0.0%2Bdriver/a.ko')
    expect(store.description).toBe('s3://b1/ at 127.0.0.1:9000')
    await store.close()
  })

  test('virtual-host style on a custom endpoint puts the bucket in the host name', async () => {
    const store = s3StoreFrom(
      { bucket: 'b1', prefix: 'p' },
      { ...s3Inputs, s3Endpoint: 'https://minio.example.com:9000' },
      creds
    )
    expect(store.url('x')).toBe('https://b1.minio.example.com:9000/p/x')
    await store.close()
  })

  test('missing credentials name the variables and the action that sets them', () => {
    expect(() => s3StoreFrom({ bucket: 'b1', prefix: '' }, s3Inputs, {})).toThrow(InputError)
    expect(() => s3StoreFrom({ bucket: 'b1', prefix: '' }, s3Inputs, {})).toThrow(
      /AWS_ACCESS_KEY_ID.*configure-aws-credentials/
    )
  })

  test.each(['ftp://x', 'http://user:pw@host', 'not a url', 'https://h/?a=b'])(
    'a bad s3-endpoint %s is refused by name',
    endpoint => {
      expect(() =>
        s3StoreFrom({ bucket: 'b1', prefix: '' }, { ...s3Inputs, s3Endpoint: endpoint }, creds)
      ).toThrow(/s3-endpoint/)
    }
  )

  test('the secret key and session token are registered and redacted', async () => {
    const store = s3StoreFrom({ bucket: 'b1', prefix: '' }, s3Inputs, {
      ...creds,
      AWS_SESSION_TOKEN: 'session-token-abcdef'
    })
    expect(redact('x secret-key-value-123 y session-token-abcdef')).toBe('x *** y ***')
    await store.close()
  })
})

describe('listPage (ListObjectsV2 answers)', () => {
  const parser = new XMLParser({ parseTagValue: false, isArray: name => name === 'Contents' })
  const object = (key: string, size: number, etag: string) =>
    `<Contents><Key>${key}</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>${etag}</ETag><Size>${size}</Size><Owner><ID>x</ID><DisplayName>y</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>`
  // AWS puts the token before the objects, s3rver and MinIO after them; keys hold escaped XML characters.
  const pages = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys><IsTruncated>true</IsTruncated>${object('p/a&amp;b &lt;c&gt; &quot;q&quot; &apos;s&apos;.ko', 12, '&quot;0123456789abcdef0123456789abcdef&quot;')}${object('p/8.0.0+driver/x.ko', 0, '"d41d8cd98f00b204e9800998ecf8427e"')}${object('p/multi', 99, '"abc-3"')}</ListBucketResult>`,
    `<ListBucketResult><Name>b</Name><Prefix></Prefix><ContinuationToken>t0</ContinuationToken>${object('k', 1, '"e"')}<KeyCount>1</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>`,
    `<ListBucketResult><Name>b</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>`
  ]
  test.each(pages.map((p, i) => ({ i, page: p })))('page $i reads as the XML parser reads it', ({ page }) => {
    const reference = (parser.parse(page) as { ListBucketResult: Record<string, unknown> }).ListBucketResult
    const got = listPage(page)
    expect(got?.IsTruncated).toBe(reference.IsTruncated)
    expect(got?.NextContinuationToken).toBe(reference.NextContinuationToken)
    const contents = (reference.Contents ?? []) as Record<string, string>[]
    expect(got?.Contents).toEqual(
      contents.map(c => ({ Key: c.Key, Size: c.Size, ETag: c.ETag, LastModified: c.LastModified }))
    )
  })
  test('escaped keys are unescaped, character references too (which the XML parser leaves as they are)', () => {
    expect(listPage(pages[0])?.Contents?.[0].Key).toBe(`p/a&b <c> "q" 's'.ko`)
    const page = `<ListBucketResult>${object('&#38;&#x41;&#x1F600;', 1, '"e"')}</ListBucketResult>`
    expect(listPage(page)?.Contents?.[0].Key).toBe('&A\u{1F600}')
  })
  test('an answer that is no listing is refused', () => {
    expect(listPage('<Error><Code>NoSuchBucket</Code></Error>')).toBeUndefined()
  })
})

describe('explainS3', () => {
  test('credential errors say which variables to check', () => {
    const body =
      '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>'
    const { message, code } = explainS3(403, body)
    expect(code).toBe('SignatureDoesNotMatch')
    expect(message).toMatch(/^HTTP 403 SignatureDoesNotMatch: The request signature/)
    expect(message).toMatch(/AWS_SECRET_ACCESS_KEY/)
  })

  test('a HEAD 403 has no body and still gets the hint', () => {
    expect(explainS3(403, '').message).toMatch(/AWS_ACCESS_KEY_ID/)
  })

  test('wrong region and missing bucket point at the inputs', () => {
    expect(explainS3(301, '<Error><Code>PermanentRedirect</Code></Error>').message).toMatch(/s3-region/)
    expect(explainS3(404, '<Error><Code>NoSuchBucket</Code></Error>').message).toMatch(/bucket name/)
  })
})

describe('HTTP store inputs', () => {
  test('token and password together are refused', () => {
    expect(() =>
      httpStoreFrom(new URL('https://h/x/'), {
        ...httpInputs,
        httpToken: 'tok-123456',
        httpUsername: 'u',
        httpPassword: 'p-123456'
      })
    ).toThrow(/http-token/)
  })

  test('a password without a user name is refused', () => {
    expect(() => httpStoreFrom(new URL('https://h/x/'), { ...httpInputs, httpPassword: 'p-123456' })).toThrow(
      /http-username/
    )
  })

  test('credentials over plain http are only allowed to loopback', async () => {
    const creds = { ...httpInputs, httpUsername: 'u', httpPassword: 'p-123456' }
    expect(() => httpStoreFrom(new URL('http://dav.example.com/x/'), creds)).toThrow(/https/)
    const store = httpStoreFrom(new URL('http://127.0.0.1:8080/dav'), creds)
    expect(store.url('driver/8.0.0+driver/a.ko')).toBe('http://127.0.0.1:8080/dav/driver/8.0.0%2Bdriver/a.ko')
    expect(redact('password p-123456 here')).toBe('password *** here')
    await store.close()
  })
})

describe('snippet', () => {
  test('an HTML error page is reduced to its title', () => {
    expect(snippet('<html><head><title>401 Authorization Required</title></head><body>…</body></html>')).toBe(
      ': 401 Authorization Required'
    )
  })
})

describe('local folder listing while another publisher prunes', () => {
  test('files and folders that vanish mid-listing are skipped, not raised', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { LocalStore } = await import('../src/stores/local.js')
    const root = mkdtempSync(join(tmpdir(), 'pa-list-'))
    for (const dir of ['a', 'b/by-hash', 'c']) mkdirSync(join(root, dir), { recursive: true })
    for (const key of ['a/1', 'a/2', 'a/3', 'b/by-hash/x', 'c/keep'])
      writeFileSync(join(root, ...key.split('/')), key)
    const store = new LocalStore(root)
    const seen: string[] = []
    for await (const object of store.list('')) {
      seen.push(object.key)
      // After the first file: prune the rest of its folder and a whole folder not yet listed.
      if (seen.length === 1) {
        rmSync(join(root, 'a', '2'))
        rmSync(join(root, 'a', '3'))
        rmSync(join(root, 'b'), { recursive: true })
      }
    }
    expect(seen).toEqual(['a/1', 'c/keep'])
    rmSync(root, { recursive: true })
  })
})
