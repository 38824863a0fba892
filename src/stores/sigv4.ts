import { createHash, createHmac } from 'node:crypto'

export interface SigningCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Headers never signed (as the AWS SDKs and aws4): proxies and clients may change them. */
const UNSIGNED = new Set([
  'authorization',
  'connection',
  'x-amzn-trace-id',
  'user-agent',
  'expect',
  'presigned-expires',
  'range'
])

/**
 * AWS Signature Version 4 in the Authorization header, for requests whose path this code built itself (each
 * key segment already RFC 3986-encoded by encodeKey). The same signature aws4 computes
 * (`__tests__/stores.sigv4.test.ts` compares them), at a fraction of the cost per request: the signing key is
 * derived once a day instead of looked up, and the path is not parsed and re-encoded. A first publish of
 * 10,000 drivers signs 10,000 PUTs, and the S3 server shares the machine's cores with us.
 */
export class SigV4 {
  private day = ''
  private key: Buffer = Buffer.alloc(0)

  constructor(
    private readonly credentials: SigningCredentials,
    private readonly region: string,
    private readonly service = 's3'
  ) {}

  /**
   * The headers to send: `headers` (lower-case names) with x-amz-date, the session token when there is one,
   * and Authorization. `path` is the encoded path with its query; `host` the Host header undici will send.
   * `headers` must hold x-amz-content-sha256 (S3 signs the payload's hash, or UNSIGNED-PAYLOAD).
   */
  sign(
    method: string,
    host: string,
    path: string,
    headers: Record<string, string>,
    now = new Date()
  ): Record<string, string> {
    const stamp = now.toISOString()
    const amzDate = `${stamp.slice(0, 4)}${stamp.slice(5, 7)}${stamp.slice(8, 13)}${stamp.slice(14, 16)}${stamp.slice(17, 19)}Z`
    const day = amzDate.slice(0, 8)
    const out: Record<string, string> = { ...headers, 'x-amz-date': amzDate }
    if (this.credentials.sessionToken) out['x-amz-security-token'] = this.credentials.sessionToken
    const names = ['host', ...Object.keys(out).filter(n => !UNSIGNED.has(n) && n !== 'host')].sort()
    const value = (name: string) => (name === 'host' ? host : String(out[name]).trim().replace(/\s+/g, ' '))
    const signedHeaders = names.join(';')
    const at = path.indexOf('?')
    const canonical = [
      method,
      at < 0 ? path : path.slice(0, at),
      at < 0 ? '' : canonicalQuery(path.slice(at + 1)),
      names.map(n => `${n}:${value(n)}`).join('\n') + '\n',
      signedHeaders,
      out['x-amz-content-sha256'] ?? ''
    ].join('\n')
    const scope = `${day}/${this.region}/${this.service}/aws4_request`
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical, 'utf8').digest('hex')}`
    const signature = createHmac('sha256', this.signingKey(day)).update(toSign, 'utf8').digest('hex')
    out.authorization = `AWS4-HMAC-SHA256 Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
    return out
  }

  private signingKey(day: string): Buffer {
    if (day !== this.day) {
      const hmac = (key: string | Buffer, text: string) =>
        createHmac('sha256', key).update(text, 'utf8').digest()
      const kDate = hmac(`AWS4${this.credentials.secretAccessKey}`, day)
      this.key = hmac(hmac(hmac(kDate, this.region), this.service), 'aws4_request')
      this.day = day
    }
    return this.key
  }
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** A query string in SigV4's canonical form: each name and value decoded, RFC 3986-encoded, sorted by name. */
function canonicalQuery(query: string): string {
  const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '))
  const pairs = new Map<string, string>()
  for (const part of query.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const name = encodeRfc3986(decode(eq < 0 ? part : part.slice(0, eq)))
    // S3 signs the first value of a repeated name.
    if (name && !pairs.has(name)) pairs.set(name, encodeRfc3986(decode(eq < 0 ? '' : part.slice(eq + 1))))
  }
  return [...pairs.keys()]
    .sort()
    .map(name => `${name}=${pairs.get(name)}`)
    .join('&')
}
