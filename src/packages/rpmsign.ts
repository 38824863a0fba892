/**
 * Embedded OpenPGP header signatures in .rpm files, as `rpmsign --addsign` (rpm 4.18) writes them, without gpg
 * or rpmsign: the signature header gains a v4 signature of the header (RPMSIGTAG_RSA for RSA keys,
 * RPMSIGTAG_DSA for EdDSA, ECDSA and DSA keys), while the lead, the header and the payload stay byte-identical,
 * so the header digests (SHA1, SHA256) and the payload digest that rpm checks remain valid.
 *
 * This is what `gpgcheck=1` in a .repo file (dnf), `--gpgcheck-strict` (zypper) and `rpmkeys --checksig` verify;
 * the detached `.asc` next to a package plays no part for them.
 *
 * Policy for an rpm that is already signed (rpm 4.18 keeps one header signature, and its `--addsign` and
 * `--resign` both replace whatever signature is there):
 * - signed by this key, and the signature verifies: kept as it is (`kept`), so re-signing is a no-op;
 * - signed by another key (or by this key, but no longer valid): every OpenPGP signature tag is replaced by
 *   ours (`replaced`), as `rpmsign --resign` does; the replaced key IDs are reported.
 *
 * Layout, as rpm writes it: the signature header's entries sorted by tag, data aligned to the type's width, one
 * immutable region (RPMTAG_HEADERSIGNATURES) over all entries with its trailer at the end of the data, then
 * zero padding to a multiple of 8 bytes. rpmbuild reserves space in the signature header
 * (RPMSIGTAG_RESERVEDSPACE); it shrinks by what the signature adds, so the header usually stays where it was.
 *
 * Only the lead and the two headers are held in memory; the payload is streamed to the output (and its SHA256
 * digest checked on the way, so a corrupt package is refused rather than signed).
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { type FileHandle, copyFile, open, rename, rm } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as openpgp from 'openpgp'
import { show } from '../version.js'
import type { Signer } from './sign.js'

/** What `signRpm` did: wrote our signature (`signed`), kept our valid one, or replaced another signature. */
export type RpmSignStatus = 'signed' | 'kept' | 'replaced'

export interface RpmSignResult {
  status: RpmSignStatus
  /** Key IDs (16 hex digits, lower case) of the signatures that were removed; empty unless `replaced`. */
  replaced: string[]
}

const LEAD = 96
const LEAD_MAGIC = 0xedabeedb
const HEADER_MAGIC = Buffer.from('8eade80100000000', 'hex')
/** The lead's signature_type: a header-style signature section (every rpm since rpm 3). */
const RPMSIGTYPE_HEADERSIG = 5
/** rpm refuses signature headers over 64 MB and headers over 256 MB; checked before allocating. */
const MAX_SIG = 64 << 20
const MAX_HEADER = 256 << 20

const RPMTAG_HEADERSIGNATURES = 62
const SIGTAG = {
  BADSHA1_1: 264,
  BADSHA1_2: 265,
  DSA: 267,
  RSA: 268,
  SHA1: 269,
  SHA256: 273,
  SIZE: 1000,
  LONGSIZE: 270,
  PGP: 1002,
  GPG: 1005,
  PGP5: 1006,
  RESERVEDSPACE: 1008
} as const
/** Tags rpmsign drops before it adds a signature: OpenPGP signatures (header-only and legacy header+payload). */
const DROPPED: ReadonlySet<number> = new Set([
  RPMTAG_HEADERSIGNATURES,
  SIGTAG.BADSHA1_1,
  SIGTAG.BADSHA1_2,
  SIGTAG.DSA,
  SIGTAG.RSA,
  SIGTAG.PGP,
  SIGTAG.GPG,
  SIGTAG.PGP5
])
const RPMTAG_BUILDTIME = 1006
const RPMTAG_PAYLOADDIGEST = 5092
const RPMTAG_PAYLOADDIGESTALGO = 5093
const PGPHASHALGO_SHA256 = 8
/** OpenPGP public-key algorithms rpm files under RPMSIGTAG_RSA (RSA, RSA encrypt-or-sign, RSA sign-only). */
const RSA_ALGORITHMS = new Set([1, 2, 3])

/** Type → [element width, alignment]; strings are measured by their terminators. */
const WIDTH: Record<number, [number, number]> = {
  0: [0, 1],
  1: [1, 1],
  2: [1, 1],
  3: [2, 2],
  4: [4, 4],
  5: [8, 8],
  7: [1, 1]
}
const STRING = 6
const STRING_ARRAY = 8
const I18NSTRING = 9
const BIN = 7

interface Entry {
  tag: number
  type: number
  count: number
  data: Buffer
}

/**
 * Signs the rpm at `input` with `signer` and writes the signed rpm to `output` (which may be `input`: the file
 * is replaced atomically, through a temporary file next to it). `output` is always written, also when the
 * package already carried our valid signature (`kept`: a copy). Throws, naming what is wrong, when the file is
 * not an rpm, is truncated, or its header or payload do not match their digests; `output` is then untouched.
 */
export async function signRpm(input: string, output: string, signer: Signer): Promise<RpmSignResult> {
  try {
    return await sign(input, output, signer)
  } catch (err) {
    throw new Error(`cannot sign ${show(input, 300)}: ${(err as Error).message}`, { cause: err })
  }
}

async function sign(input: string, output: string, signer: Signer): Promise<RpmSignResult> {
  const parsed = await readSigned(input)
  const existing = parsed.entries.filter(e => e.tag === SIGTAG.RSA || e.tag === SIGTAG.DSA)
  const legacy = parsed.entries.filter(
    e => e.tag === SIGTAG.PGP || e.tag === SIGTAG.GPG || e.tag === SIGTAG.PGP5
  )
  const ours = async (e: Entry): Promise<boolean> =>
    (await keyIds(e.data)).includes(signer.keyId) && (await signer.verifyBinary(e.data, parsed.header))
  if (existing.length === 1 && !legacy.length && (await ours(existing[0]))) {
    await writeAtomically(output, async tmp => {
      await verifyPayload(input, parsed)
      await copyFile(input, tmp)
    })
    return { status: 'kept', replaced: [] }
  }
  const replaced = [...new Set((await Promise.all([...existing, ...legacy].map(e => keyIds(e.data)))).flat())]
  const signature = Buffer.from(await signer.signBinary(parsed.header, new Date(parsed.buildTime * 1000)))
  const entries = parsed.entries.filter(e => !DROPPED.has(e.tag))
  entries.push({
    tag: RSA_ALGORITHMS.has(signer.algorithm) ? SIGTAG.RSA : SIGTAG.DSA,
    type: BIN,
    count: signature.length,
    data: signature
  })
  const sig = reserve(entries, parsed.sigSize)
  await writeAtomically(output, async tmp => {
    const out = createWriteStream(tmp)
    const pad = Buffer.alloc((8 - (sig.length % 8)) % 8)
    const digest = createHash('sha256')
    const head = Buffer.concat([parsed.lead, sig, pad, parsed.header])
    async function* bytes(): AsyncGenerator<Buffer> {
      yield head
      for await (const chunk of createReadStream(input, {
        start: parsed.headerEnd,
        highWaterMark: 1 << 20
      })) {
        digest.update(chunk as Buffer)
        yield chunk as Buffer
      }
    }
    await pipeline(bytes, out)
    checkPayload(parsed, digest.digest('hex'))
  })
  return { status: replaced.length ? 'replaced' : 'signed', replaced }
}

/** The lead, the signature header's entries, the header bytes (signed data) and what the checks need. */
interface Parsed {
  lead: Buffer
  entries: Entry[]
  /** Bytes of the signature header (intro, index and data, without the padding). */
  sigSize: number
  header: Buffer
  headerEnd: number
  buildTime: number
  payloadDigest?: string
}

async function readSigned(path: string): Promise<Parsed> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    const lead = await readAt(file, LEAD, 0, size, 'lead')
    if (lead.readUInt32BE(0) !== LEAD_MAGIC) throw new Error('not an rpm package (bad lead magic)')
    if (lead.readUInt16BE(78) !== RPMSIGTYPE_HEADERSIG)
      throw new Error(`unsupported signature type ${lead.readUInt16BE(78)} in the lead (rpm 2 package?)`)
    const sigIntro = await readAt(file, 16, LEAD, size, 'signature header')
    const sigSize = checkIntro(sigIntro, MAX_SIG, 'signature header')
    const sigBody = await readAt(file, sigSize - 16, LEAD + 16, size, 'signature header')
    const entries = parseEntries(sigBody, sigIntro.readUInt32BE(8), 'signature header')
    const headerStart = LEAD + sigSize + ((8 - (sigSize % 8)) % 8)
    const intro = await readAt(file, 16, headerStart, size, 'header')
    const headerSize = checkIntro(intro, MAX_HEADER, 'header')
    const header = Buffer.concat([
      intro,
      await readAt(file, headerSize - 16, headerStart + 16, size, 'header')
    ])
    const headerEnd = headerStart + headerSize
    checkHeader(entries, header, size - headerStart)
    const tags = parseEntries(header.subarray(16), intro.readUInt32BE(8), 'header')
    const int = (tag: number): number | undefined => {
      const e = tags.find(t => t.tag === tag)
      return e?.type === 4 && e.data.length >= 4 ? e.data.readUInt32BE(0) : undefined
    }
    const digestEntry = tags.find(t => t.tag === RPMTAG_PAYLOADDIGEST)
    const payloadDigest =
      digestEntry && int(RPMTAG_PAYLOADDIGESTALGO) === PGPHASHALGO_SHA256
        ? digestEntry.data.toString('latin1').split('\0')[0]
        : undefined
    return { lead, entries, sigSize, header, headerEnd, buildTime: int(RPMTAG_BUILDTIME) ?? 0, payloadDigest }
  } finally {
    await file.close()
  }
}

async function readAt(
  file: FileHandle,
  length: number,
  at: number,
  size: number,
  what: string
): Promise<Buffer> {
  if (at + length > size)
    throw new Error(`truncated: the ${what} ends past the end of the file (${size} bytes)`)
  const buf = Buffer.alloc(length)
  await file.read(buf, 0, length, at)
  return buf
}

/** Checks a header intro and returns the structure's size in bytes (intro, index and data). */
function checkIntro(intro: Buffer, max: number, what: string): number {
  if (!intro.subarray(0, 8).equals(HEADER_MAGIC)) throw new Error(`${what}: bad magic`)
  const il = intro.readUInt32BE(8)
  const dl = intro.readUInt32BE(12)
  if (il < 1 || il > 0xffff || il * 16 + dl > max)
    throw new Error(`${what}: implausible size (${il} index entries, ${dl} data bytes)`)
  return 16 + il * 16 + dl
}

/** Splits index and data into entries with their raw data bytes (bounds checked). */
function parseEntries(body: Buffer, il: number, what: string): Entry[] {
  const store = body.subarray(il * 16)
  const entries: Entry[] = []
  for (let i = 0; i < il; i++) {
    const tag = body.readUInt32BE(i * 16)
    const type = body.readUInt32BE(i * 16 + 4)
    const offset = body.readInt32BE(i * 16 + 8)
    const count = body.readUInt32BE(i * 16 + 12)
    if (offset < 0 || offset > store.length) throw new Error(`${what}: bad offset for tag ${tag}`)
    let end: number
    if (type === STRING || type === STRING_ARRAY || type === I18NSTRING) {
      end = offset
      for (let k = 0; k < (type === STRING ? 1 : count); k++) {
        const nul = store.indexOf(0, end)
        if (nul < 0) throw new Error(`${what}: unterminated string in tag ${tag}`)
        end = nul + 1
      }
    } else {
      const width = WIDTH[type]
      if (!width) throw new Error(`${what}: unknown type ${type} for tag ${tag}`)
      end = offset + width[0] * count
    }
    if (end > store.length) throw new Error(`${what}: tag ${tag} overruns the data`)
    entries.push({ tag, type, count, data: store.subarray(offset, end) })
  }
  return entries
}

/** The header must match the digests the signature header holds for it, and the sizes must add up. */
function checkHeader(entries: Entry[], header: Buffer, headerAndPayload: number): void {
  const str = (tag: number): string | undefined =>
    entries
      .find(e => e.tag === tag && e.type === STRING)
      ?.data.toString('latin1')
      .replace(/\0$/, '')
  const sha256 = str(SIGTAG.SHA256)
  const sha1 = str(SIGTAG.SHA1)
  if (sha256 !== undefined && createHash('sha256').update(header).digest('hex') !== sha256)
    throw new Error('the header does not match its SHA256 digest (corrupt package)')
  if (sha1 !== undefined && createHash('sha1').update(header).digest('hex') !== sha1)
    throw new Error('the header does not match its SHA1 digest (corrupt package)')
  const sizeEntry = entries.find(e => e.tag === SIGTAG.LONGSIZE || e.tag === SIGTAG.SIZE)
  const declared =
    sizeEntry?.type === 5
      ? Number(sizeEntry.data.readBigUInt64BE(0))
      : sizeEntry?.type === 4
        ? sizeEntry.data.readUInt32BE(0)
        : undefined
  if (declared !== undefined && declared !== headerAndPayload)
    throw new Error(
      `truncated or padded: header and payload are ${headerAndPayload} bytes, the signature header says ${declared}`
    )
}

function checkPayload(parsed: Parsed, sha256: string): void {
  if (parsed.payloadDigest !== undefined && parsed.payloadDigest !== sha256)
    throw new Error('the payload does not match its SHA256 digest (corrupt package)')
}

async function verifyPayload(path: string, parsed: Parsed): Promise<void> {
  if (parsed.payloadDigest === undefined) return
  const digest = createHash('sha256')
  await pipeline(
    createReadStream(path, { start: parsed.headerEnd, highWaterMark: 1 << 20 }),
    new Transform({
      transform(chunk: Buffer, _, done) {
        digest.update(chunk)
        done()
      }
    })
  )
  checkPayload(parsed, digest.digest('hex'))
}

/**
 * The signature header rpm writes for `entries`; when it holds reserved space, the reserve shrinks by what the
 * new entries added (if it can), so the header keeps its size and place, as rpmsign does.
 */
function reserve(entries: Entry[], oldSize: number): Buffer {
  const first = serialize(entries)
  const i = entries.findIndex(e => e.tag === SIGTAG.RESERVEDSPACE && e.type === BIN)
  const diff = first.length - oldSize
  if (i < 0 || diff <= 0 || diff >= entries[i].count) return first
  const count = entries[i].count - diff
  const adjusted = entries.map((e, k) => (k === i ? { ...e, count, data: Buffer.alloc(count) } : e))
  return serialize(adjusted)
}

function serialize(unsorted: Entry[]): Buffer {
  const entries = [...unsorted].sort((a, b) => a.tag - b.tag)
  const il = entries.length + 1
  const index = Buffer.alloc(il * 16)
  const data: Buffer[] = []
  let dl = 0
  entries.forEach((e, k) => {
    const align = e.type === STRING || e.type === STRING_ARRAY || e.type === I18NSTRING ? 1 : WIDTH[e.type][1]
    const pad = (align - (dl % align)) % align
    if (pad) data.push(Buffer.alloc(pad))
    dl += pad
    const at = (k + 1) * 16
    index.writeUInt32BE(e.tag, at)
    index.writeUInt32BE(e.type, at + 4)
    index.writeInt32BE(dl, at + 8)
    index.writeUInt32BE(e.count, at + 12)
    data.push(e.data)
    dl += e.data.length
  })
  // The region: its index entry points at a trailer (at the end of the data) whose offset covers all entries.
  const trailer = Buffer.alloc(16)
  trailer.writeUInt32BE(RPMTAG_HEADERSIGNATURES, 0)
  trailer.writeUInt32BE(BIN, 4)
  trailer.writeInt32BE(-il * 16, 8)
  trailer.writeUInt32BE(16, 12)
  index.writeUInt32BE(RPMTAG_HEADERSIGNATURES, 0)
  index.writeUInt32BE(BIN, 4)
  index.writeInt32BE(dl, 8)
  index.writeUInt32BE(16, 12)
  data.push(trailer)
  dl += 16
  const intro = Buffer.alloc(16)
  HEADER_MAGIC.copy(intro)
  intro.writeUInt32BE(il, 8)
  intro.writeUInt32BE(dl, 12)
  return Buffer.concat([intro, index, ...data])
}

/** Issuer key IDs of binary signature packets; empty when they cannot be read. */
async function keyIds(binarySignature: Uint8Array): Promise<string[]> {
  try {
    const signature = await openpgp.readSignature({ binarySignature })
    return signature.getSigningKeyIDs().map(id => id.toHex().toLowerCase())
  } catch {
    return []
  }
}

/** Writes through a temporary file next to `path`, renamed into place only when `write` succeeded. */
async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await write(tmp)
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}
