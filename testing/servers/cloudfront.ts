/**
 * A stand-in for the CloudFront API (CreateInvalidation, GetInvalidation) on 127.0.0.1 with an ephemeral port:
 * CloudFront cannot run here. It is as strict as the service where it matters:
 * - **SigV4**: every request is re-signed with AWS's own signer implementation (`@smithy/signature-v4`, the one
 *   the AWS SDK for JavaScript v3 uses) from the received method, path, body, signed headers and x-amz-date, and
 *   the Authorization header must match it exactly; the credential scope must be `<date>/us-east-1/cloudfront/
 *   aws4_request`, the clock skew under 15 minutes, the session token the one given. Otherwise 403, as AWS
 *   answers (`SignatureDoesNotMatch`, `InvalidClientTokenId`, `RequestExpired`).
 * - **XML shape**: the body must be an `InvalidationBatch` in the 2020-05-31 namespace with exactly `Paths`
 *   (`Quantity` equal to the number of `Items/Path`, 1–3000, each starting with `/`, a `*` only at the end) and
 *   a non-empty `CallerReference`, and nothing else; otherwise 400 `MalformedInput`/`InvalidArgument`.
 * - **Idempotency**: the same CallerReference with the same paths returns the existing invalidation; with other
 *   paths, 409 `InvalidationBatchAlreadyExists`. An unknown distribution is 404 `NoSuchDistribution`.
 */
import { type IncomingMessage, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Sha256 } from '@aws-crypto/sha256-js'
import { SignatureV4 } from '@smithy/signature-v4'
import { XMLParser } from 'fast-xml-parser'

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

export interface FakeInvalidation {
  id: string
  distributionId: string
  callerReference: string
  paths: string[]
  /** GetInvalidation calls seen; the status is Completed once `completeAfter` of them were answered. */
  polls: number
}

export interface FakeCloudFront {
  url: string
  invalidations: FakeInvalidation[]
  /** Every request: method, path, the verdict on its signature, and the status answered. */
  requests: { method: string; path: string; signature: 'valid' | string; status: number }[]
  /** Answer the next N requests with this status (e.g. 503, or 400 for Throttling) before serving normally. */
  failNext(count: number, status: number, code?: string): void
  close(): Promise<void>
}

export interface FakeCloudFrontOptions {
  distributions: string[]
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** GetInvalidation answers InProgress this many times before Completed. */
  completeAfter?: number
}

const xml = new XMLParser({ parseTagValue: false, ignoreAttributes: false, isArray: name => name === 'Path' })

interface Reply {
  status: number
  body: string
  headers?: Record<string, string>
}

function error(status: number, code: string, message: string): Reply {
  return {
    status,
    body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`
  }
}

/** Checks the request's SigV4 against AWS's signer; returns undefined when it is valid, else why not. */
async function verifySignature(
  req: IncomingMessage,
  body: Buffer,
  creds: FakeCloudFrontOptions['credentials']
): Promise<string | undefined> {
  const auth = req.headers.authorization ?? ''
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth
    )
  if (!m) return 'no SigV4 Authorization header'
  const [, keyId, day, region, service, signedList] = m
  if (keyId !== creds.accessKeyId) return 'InvalidClientTokenId'
  if (region !== 'us-east-1' || service !== 'cloudfront') return `wrong credential scope ${region}/${service}`
  const amzDate = String(req.headers['x-amz-date'] ?? '')
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  if (!d || amzDate.slice(0, 8) !== day) return 'x-amz-date missing or not the credential date'
  const date = new Date(Date.UTC(+d[1], +d[2] - 1, +d[3], +d[4], +d[5], +d[6]))
  if (Math.abs(Date.now() - date.getTime()) > 15 * 60_000) return 'RequestExpired'
  const signed = signedList.split(';')
  for (const required of ['host', 'x-amz-date'])
    if (!signed.includes(required)) return `${required} not signed`
  if (creds.sessionToken && req.headers['x-amz-security-token'] !== creds.sessionToken)
    return 'x-amz-security-token missing or wrong'
  const headers: Record<string, string> = {}
  for (const name of signed) {
    const value = req.headers[name]
    if (value === undefined) return `signed header ${name} not sent`
    if (name !== 'x-amz-date' && name !== 'x-amz-security-token')
      headers[name] = Array.isArray(value) ? value.join(',') : value
  }
  const url = new URL(req.url ?? '/', 'http://stand-in')
  const query: Record<string, string> = {}
  for (const [k, v] of url.searchParams) query[k] = v
  const signer = new SignatureV4({
    service: 'cloudfront',
    region: 'us-east-1',
    credentials: creds,
    sha256: Sha256,
    applyChecksum: false
  })
  const again = await signer.sign(
    {
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: String(req.headers.host).split(':')[0],
      port: Number(String(req.headers.host).split(':')[1]) || undefined,
      path: url.pathname,
      query,
      headers,
      body: body.length ? body : undefined
    },
    { signingDate: date, signableHeaders: new Set(signed) }
  )
  return again.headers.authorization === auth ? undefined : 'SignatureDoesNotMatch'
}

/** Validates an InvalidationBatch document; returns the paths and reference, or the error to answer. */
function readBatch(body: Buffer): { paths: string[]; reference: string } | Reply {
  let doc: Record<string, unknown>
  try {
    doc = xml.parse(body.toString('utf8'), true) as Record<string, unknown>
  } catch (err) {
    return error(400, 'MalformedInput', `not XML: ${(err as Error).message}`)
  }
  const roots = Object.keys(doc).filter(k => k !== '?xml')
  if (roots.length !== 1 || roots[0] !== 'InvalidationBatch')
    return error(400, 'MalformedInput', `root element must be InvalidationBatch, got ${roots.join(',')}`)
  const batch = doc.InvalidationBatch as Record<string, unknown>
  if (batch['@_xmlns'] !== NS) return error(400, 'MalformedInput', 'wrong or missing xmlns')
  const fields = Object.keys(batch).filter(k => !k.startsWith('@_'))
  if (fields.sort().join(',') !== 'CallerReference,Paths')
    return error(400, 'MalformedInput', `unexpected elements: ${fields.join(',')}`)
  const reference = batch.CallerReference
  if (typeof reference !== 'string' || !reference)
    return error(400, 'InvalidArgument', 'empty CallerReference')
  const paths = batch.Paths as { Quantity?: string; Items?: { Path?: string[] } }
  if (
    Object.keys(paths ?? {})
      .sort()
      .join(',') !== 'Items,Quantity'
  )
    return error(400, 'MalformedInput', 'Paths must hold Quantity and Items')
  const list = paths.Items?.Path ?? []
  if (!/^\d+$/.test(paths.Quantity ?? '') || Number(paths.Quantity) !== list.length)
    return error(400, 'InvalidArgument', 'Quantity does not match the number of paths')
  if (list.length < 1 || list.length > 3000) return error(400, 'TooManyInvalidationsInProgress', 'bad count')
  for (const p of list)
    if (typeof p !== 'string' || !p.startsWith('/') || p.slice(0, -1).includes('*') || /[\s\0]/.test(p))
      return error(400, 'InvalidArgument', `invalid path ${JSON.stringify(p)}`)
  return { paths: list, reference }
}

function invalidationXml(inv: FakeInvalidation, status: string): string {
  return (
    `<?xml version="1.0"?>\n<Invalidation xmlns="${NS}"><Id>${inv.id}</Id><Status>${status}</Status>` +
    `<CreateTime>2026-12-01T00:00:00.000Z</CreateTime><InvalidationBatch><Paths><Quantity>${inv.paths.length}</Quantity>` +
    `<Items>${inv.paths.map(p => `<Path>${p}</Path>`).join('')}</Items></Paths>` +
    `<CallerReference>${inv.callerReference}</CallerReference></InvalidationBatch></Invalidation>`
  )
}

export async function startFakeCloudFront(options: FakeCloudFrontOptions): Promise<FakeCloudFront> {
  const invalidations: FakeInvalidation[] = []
  const requests: FakeCloudFront['requests'] = []
  let failures = { count: 0, status: 500, code: 'ServiceUnavailable' }
  let url = ''

  const handle = async (
    req: IncomingMessage,
    body: Buffer,
    entry: FakeCloudFront['requests'][number]
  ): Promise<Reply> => {
    if (failures.count > 0) {
      failures.count--
      return error(failures.status, failures.code, 'injected failure')
    }
    const problem = await verifySignature(req, body, options.credentials)
    entry.signature = problem ?? 'valid'
    if (problem)
      return error(
        403,
        problem === 'InvalidClientTokenId' || problem === 'RequestExpired'
          ? problem
          : 'SignatureDoesNotMatch',
        problem
      )
    const path = new URL(req.url ?? '/', url).pathname
    const create = /^\/2020-05-31\/distribution\/([A-Z0-9]+)\/invalidation$/.exec(path)
    const get = /^\/2020-05-31\/distribution\/([A-Z0-9]+)\/invalidation\/([A-Z0-9]+)$/.exec(path)
    const dist = create?.[1] ?? get?.[1]
    if (!dist || (create && req.method !== 'POST') || (get && req.method !== 'GET'))
      return error(404, 'NotFound', 'no such operation')
    if (!options.distributions.includes(dist)) return error(404, 'NoSuchDistribution', dist)
    if (get) {
      const inv = invalidations.find(i => i.id === get[2] && i.distributionId === dist)
      if (!inv) return error(404, 'NoSuchInvalidation', get[2])
      inv.polls++
      return {
        status: 200,
        body: invalidationXml(inv, inv.polls > (options.completeAfter ?? 0) ? 'Completed' : 'InProgress')
      }
    }
    const batch = readBatch(body)
    if ('status' in batch) return batch
    const same = invalidations.find(i => i.distributionId === dist && i.callerReference === batch.reference)
    if (same) {
      if (same.paths.join('\n') !== batch.paths.join('\n'))
        return error(409, 'InvalidationBatchAlreadyExists', 'same CallerReference, other batch')
      return { status: 201, body: invalidationXml(same, 'InProgress') }
    }
    const inv: FakeInvalidation = {
      id: `I${String(invalidations.length + 1).padStart(13, '0')}`,
      distributionId: dist,
      callerReference: batch.reference,
      paths: batch.paths,
      polls: 0
    }
    invalidations.push(inv)
    return {
      status: 201,
      body: invalidationXml(inv, 'InProgress'),
      headers: { location: `${url}/2020-05-31/distribution/${dist}/invalidation/${inv.id}` }
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const entry = { method: req.method ?? '', path: req.url ?? '', signature: 'unchecked', status: 0 }
      requests.push(entry)
      handle(req, Buffer.concat(chunks), entry)
        .catch(err => error(500, 'InternalError', (err as Error).message))
        .then(r => {
          entry.status = r.status
          res.writeHead(r.status, { 'content-type': 'text/xml', ...r.headers })
          res.end(r.body)
        })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    invalidations,
    requests,
    failNext(count, status, code = status === 400 ? 'Throttling' : 'ServiceUnavailable') {
      failures = { count, status, code }
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
