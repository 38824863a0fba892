/**
 * The S3 store's own SigV4 signer against aws4 (the library it replaced on the request path) and AWS's published
 * example: the same Authorization for every request shape the store sends. No server.
 */
import { describe, expect, test } from '@jest/globals'
import aws4 from 'aws4'
import { encodeKey } from '../src/stores/request.js'
import { SigV4 } from '../src/stores/sigv4.js'

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
}
const now = new Date('2013-05-24T00:00:00.123Z')
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

function viaAws4(
  method: string,
  host: string,
  path: string,
  headers: Record<string, string>,
  creds: typeof credentials & { sessionToken?: string } = credentials,
  region = 'us-east-1'
): Record<string, string> {
  const signed = aws4.sign(
    { host, path, method, service: 's3', region, headers: { ...headers, 'x-amz-date': '20130524T000000Z' } },
    creds
  )
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(signed.headers ?? {}))
    if (k.toLowerCase() !== 'host') out[k.toLowerCase()] = String(v)
  return out
}

describe('SigV4', () => {
  test('headers proxies may change (Range, User-Agent) are sent but not signed, as aws4 and the SDKs do', () => {
    const headers = { range: 'bytes=0-9', 'user-agent': 'x', 'x-amz-content-sha256': EMPTY }
    const ours = new SigV4(credentials, 'us-east-1').sign(
      'GET',
      'examplebucket.s3.amazonaws.com',
      '/test.txt',
      headers,
      now
    )
    expect(ours['x-amz-date']).toBe('20130524T000000Z')
    expect(ours.range).toBe('bytes=0-9')
    expect(ours.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20130524\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/
    )
    expect(ours).toEqual(viaAws4('GET', 'examplebucket.s3.amazonaws.com', '/test.txt', headers))
  })

  const key = encodeKey("driver/8.0.0+driver/x86_64/falco_ubuntu (1)!'*.ko")
  test.each([
    ['HEAD', `/bucket/${key}`, { 'x-amz-content-sha256': EMPTY }],
    [
      'PUT',
      `/bucket/${key}`,
      {
        'content-type': 'application/octet-stream',
        'x-amz-meta-sha256': 'a'.repeat(64),
        'content-length': '20480',
        'x-amz-content-sha256': 'b'.repeat(64),
        'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==',
        'cache-control': 'public,  max-age=60 ',
        'if-none-match': '*'
      }
    ],
    [
      'POST',
      `/bucket/${key}?uploads=`,
      { 'x-amz-content-sha256': EMPTY, 'content-type': 'application/x-tar' }
    ],
    [
      'PUT',
      `/bucket/big.bin?partNumber=3&uploadId=${encodeURIComponent('a/b+c==')}`,
      { 'x-amz-content-sha256': EMPTY }
    ],
    [
      'GET',
      `/bucket/?${new URLSearchParams({ 'list-type': '2', prefix: 'deb/a b+c/', 'continuation-token': 'AbC/dE+f==' }).toString().replace(/\+/g, '%20')}`,
      { 'x-amz-content-sha256': EMPTY }
    ],
    ['GET', `/?list-type=2&max-keys=7&prefix=`, { 'x-amz-content-sha256': EMPTY }],
    ['DELETE', `/${encodeKey('ü/é.deb')}`, { 'x-amz-content-sha256': EMPTY }]
  ])('%s %s: the same Authorization as aws4', (method, path, headers) => {
    const ours = new SigV4(credentials, 'us-east-1').sign(method, '127.0.0.1:9000', path, headers, now)
    expect(ours).toEqual(viaAws4(method, '127.0.0.1:9000', path, headers))
  })

  test('a session token is sent and signed; another region and day derive another key', () => {
    const creds = { ...credentials, sessionToken: 'token/with+chars=' }
    const signer = new SigV4(creds, 'eu-west-1')
    const headers = { 'x-amz-content-sha256': EMPTY }
    const ours = signer.sign('GET', 'b.s3.eu-west-1.amazonaws.com', '/k', headers, now)
    expect(ours['x-amz-security-token']).toBe('token/with+chars=')
    expect(ours).toEqual(viaAws4('GET', 'b.s3.eu-west-1.amazonaws.com', '/k', headers, creds, 'eu-west-1'))
    const nextDay = signer.sign(
      'GET',
      'b.s3.eu-west-1.amazonaws.com',
      '/k',
      headers,
      new Date('2013-05-25T00:00:00Z')
    )
    const reference = aws4.sign(
      {
        host: 'b.s3.eu-west-1.amazonaws.com',
        path: '/k',
        method: 'GET',
        service: 's3',
        region: 'eu-west-1',
        headers: { ...headers, 'x-amz-date': '20130525T000000Z' }
      },
      creds
    )
    expect(nextDay.authorization).toBe(reference.headers?.Authorization)
  })
})
