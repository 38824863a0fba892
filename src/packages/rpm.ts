import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

/** A dependency as rpm stores it: name, sense flags and `[epoch:]version[-release]`. */
export interface RpmDep {
  name: string
  flags: number
  version: string
}

export interface RpmFile {
  path: string
  mode: number
  flags: number
}

export interface RpmChangelog {
  author: string
  time: number
  text: string
}

/** What createrepo needs from an .rpm, read from its signature header and header (never the payload). */
export interface RpmPackage {
  name: string
  epoch?: number
  version: string
  release: string
  arch: string
  summary: string
  description: string
  packager: string
  url: string
  license: string
  vendor: string
  group: string
  buildhost: string
  sourcerpm: string
  buildTime: number
  installedSize: number
  archiveSize: number
  headerStart: number
  headerEnd: number
  files: RpmFile[]
  provides: RpmDep[]
  requires: RpmDep[]
  conflicts: RpmDep[]
  obsoletes: RpmDep[]
  suggests: RpmDep[]
  enhances: RpmDep[]
  recommends: RpmDep[]
  supplements: RpmDep[]
  changelogs: RpmChangelog[]
}

const LEAD = 96
/** The lead's type field: 0 binary, 1 source. */
const LEAD_SOURCE = 1
const HEADER_MAGIC = 0x8eade801
/** rpm refuses headers over 256 MB (HEADER_DATA_MAX); we do the same before allocating. */
const MAX_HEADER = 256 << 20

type Value = string | string[] | number[] | Buffer

/** A parsed rpm header: tag → value (strings, string arrays or numbers). */
export class RpmHeader {
  constructor(readonly tags: Map<number, Value>) {}
  str(tag: number): string {
    const v = this.tags.get(tag)
    if (typeof v === 'string') return v
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0]
    return ''
  }
  strs(tag: number): string[] {
    const v = this.tags.get(tag)
    if (typeof v === 'string') return [v]
    return Array.isArray(v) && (v.length === 0 || typeof v[0] === 'string') ? (v as string[]) : []
  }
  nums(tag: number): number[] {
    const v = this.tags.get(tag)
    return Array.isArray(v) && typeof v[0] === 'number' ? (v as number[]) : []
  }
  num(tag: number): number | undefined {
    return this.nums(tag)[0]
  }
}

async function readExactly(
  file: FileHandle,
  length: number,
  position: number,
  what: string
): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  const { bytesRead } = await file.read(buf, 0, length, position)
  if (bytesRead < length) throw new Error(`truncated: the ${what} ends at byte ${position + bytesRead}`)
  return buf
}

/** Reads one header structure at `pos`: returns it and its length in bytes (without padding). */
async function readHeaderAt(
  file: FileHandle,
  pos: number,
  fileSize: number,
  what: string
): Promise<[RpmHeader, number]> {
  const intro = await readExactly(file, 16, pos, what)
  if (intro.readUInt32BE(0) !== HEADER_MAGIC) throw new Error(`bad ${what} magic at offset ${pos}`)
  const il = intro.readUInt32BE(8)
  const dl = intro.readUInt32BE(12)
  if (il > 0xffff || il * 16 + dl > MAX_HEADER)
    throw new Error(`implausible ${what} size: ${il} index entries and ${dl} data bytes announced`)
  // Checked before allocating: a header announcing 200 MB in a 1 KB file is refused, not allocated.
  if (pos + 16 + il * 16 + dl > fileSize)
    throw new Error(
      `truncated: the ${what} announces ${il * 16 + dl} bytes but the file ends ${fileSize - pos - 16} bytes after its start`
    )
  const body = await readExactly(file, il * 16 + dl, pos + 16, what)
  return [parseHeader(body, il, dl, what), 16 + il * 16 + dl]
}

/** rpm's integer types (CHAR, INT8, INT16, INT32, INT64): byte width and big-endian reader. */
const INTEGERS: Record<number, [number, (b: Buffer, at: number) => number]> = {
  1: [1, (b, at) => b.readUInt8(at)],
  2: [1, (b, at) => b.readUInt8(at)],
  3: [2, (b, at) => b.readUInt16BE(at)],
  4: [4, (b, at) => b.readUInt32BE(at)],
  5: [8, (b, at) => Number(b.readBigUInt64BE(at))]
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A header string as createrepo_c writes it: UTF-8 when it is valid UTF-8, else read as ISO-8859-1 (old packages)
 * the way its cr_latin1_to_utf8 does, which drops the C1 range (0x80-0xBF, mostly misencoded CP-1252).
 */
export function decodeText(bytes: Uint8Array): string {
  let ascii = true
  for (const b of bytes)
    if (b >= 0x80) {
      ascii = false
      break
    }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  try {
    return utf8.decode(bytes)
  } catch {
    let out = ''
    for (const b of bytes) if (b < 0x80 || b >= 0xc0) out += String.fromCharCode(b)
    return out
  }
}

function parseHeader(body: Buffer, il: number, dl: number, what: string): RpmHeader {
  const store = body.subarray(il * 16)
  const tags = new Map<number, Value>()
  const cstr = (at: number): [string, number] => {
    const end = store.indexOf(0, at)
    if (end < 0) throw new Error(`unterminated string in the ${what}`)
    return [decodeText(store.subarray(at, end)), end + 1]
  }
  for (let i = 0; i < il; i++) {
    const tag = body.readUInt32BE(i * 16)
    const type = body.readUInt32BE(i * 16 + 4)
    const offset = body.readInt32BE(i * 16 + 8)
    const count = body.readUInt32BE(i * 16 + 12)
    if (offset < 0 || offset > dl) throw new Error(`bad offset for tag ${tag} in the ${what}`)
    const need = (width: number): void => {
      if (offset + width * count > dl) throw new Error(`tag ${tag} overruns the ${what}`)
    }
    const integer = INTEGERS[type]
    if (integer) {
      const [width, read] = integer
      need(width)
      tags.set(
        tag,
        Array.from({ length: count }, (_, k) => read(store, offset + width * k))
      )
      continue
    }
    switch (type) {
      case 6: // STRING
        tags.set(tag, cstr(offset)[0])
        break
      case 7: // BIN
        need(1)
        tags.set(tag, store.subarray(offset, offset + count))
        break
      case 8: // STRING_ARRAY
      case 9: {
        // I18NSTRING: the first string is the C locale's
        const list: string[] = []
        let at = offset
        for (let k = 0; k < count; k++) {
          const [s, next] = cstr(at)
          list.push(s)
          at = next
        }
        tags.set(tag, type === 9 ? (list[0] ?? '') : list)
        break
      }
      default:
        break
    }
  }
  return new RpmHeader(tags)
}

export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  SUMMARY: 1004,
  DESCRIPTION: 1005,
  BUILDTIME: 1006,
  BUILDHOST: 1007,
  SIZE: 1009,
  VENDOR: 1011,
  LICENSE: 1014,
  PACKAGER: 1015,
  GROUP: 1016,
  URL: 1020,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  FILEMODES: 1030,
  FILEFLAGS: 1037,
  SOURCERPM: 1044,
  ARCHIVESIZE: 1046,
  PROVIDENAME: 1047,
  REQUIREFLAGS: 1048,
  REQUIRENAME: 1049,
  REQUIREVERSION: 1050,
  CONFLICTFLAGS: 1053,
  CONFLICTNAME: 1054,
  CONFLICTVERSION: 1055,
  CHANGELOGTIME: 1080,
  CHANGELOGNAME: 1081,
  CHANGELOGTEXT: 1082,
  OBSOLETENAME: 1090,
  SOURCEPACKAGE: 1106,
  PROVIDEFLAGS: 1112,
  PROVIDEVERSION: 1113,
  OBSOLETEFLAGS: 1114,
  OBSOLETEVERSION: 1115,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  LONGSIZE: 5009,
  RECOMMENDNAME: 5046,
  RECOMMENDVERSION: 5047,
  RECOMMENDFLAGS: 5048,
  SUGGESTNAME: 5049,
  SUGGESTVERSION: 5050,
  SUGGESTFLAGS: 5051,
  SUPPLEMENTNAME: 5052,
  SUPPLEMENTVERSION: 5053,
  SUPPLEMENTFLAGS: 5054,
  ENHANCENAME: 5055,
  ENHANCEVERSION: 5056,
  ENHANCEFLAGS: 5057
} as const

/** Signature header tags: the payload (cpio archive) size, as rpm merges it into RPMTAG_ARCHIVESIZE. */
const SIGTAG_PAYLOADSIZE = 1007
const SIGTAG_LONGARCHIVESIZE = 271

function deps(h: RpmHeader, nameTag: number, flagsTag: number, versionTag: number): RpmDep[] {
  const names = h.strs(nameTag)
  const flags = h.nums(flagsTag)
  const versions = h.strs(versionTag)
  return names.map((name, i) => ({ name, flags: flags[i] ?? 0, version: versions[i] ?? '' }))
}

/**
 * Reads an .rpm's lead, signature header and header: a few KB from the start of the file, never the payload.
 * Errors say what is wrong; the caller adds the file name.
 */
export async function readRpm(path: string): Promise<RpmPackage> {
  const file = await open(path, 'r')
  try {
    const lead = await readExactly(file, LEAD, 0, 'lead')
    if (lead.readUInt32BE(0) !== 0xedabeedb) throw new Error('not an rpm package (bad lead magic)')
    const { size } = await file.stat()
    const [sig, sigLength] = await readHeaderAt(file, LEAD, size, 'signature header')
    const headerStart = LEAD + sigLength + ((8 - (sigLength % 8)) % 8)
    const [h, hLength] = await readHeaderAt(file, headerStart, size, 'header')
    const headerEnd = headerStart + hLength
    if (size < headerEnd) throw new Error('truncated after the header')
    const name = h.str(TAG.NAME)
    const version = h.str(TAG.VERSION)
    if (!name || !version) throw new Error('the header has no name or version')
    // Old source rpms have no SOURCEPACKAGE tag: their lead says source, and they name no source rpm.
    const source =
      h.tags.has(TAG.SOURCEPACKAGE) || (lead.readUInt16BE(6) === LEAD_SOURCE && !h.tags.has(TAG.SOURCERPM))
    return {
      name,
      epoch: h.num(TAG.EPOCH),
      version,
      release: h.str(TAG.RELEASE),
      arch: source ? 'src' : h.str(TAG.ARCH),
      summary: h.str(TAG.SUMMARY),
      description: h.str(TAG.DESCRIPTION),
      packager: h.str(TAG.PACKAGER),
      url: h.str(TAG.URL),
      license: h.str(TAG.LICENSE),
      vendor: h.str(TAG.VENDOR),
      group: h.str(TAG.GROUP),
      buildhost: h.str(TAG.BUILDHOST),
      sourcerpm: h.str(TAG.SOURCERPM),
      buildTime: h.num(TAG.BUILDTIME) ?? 0,
      installedSize: h.num(TAG.LONGSIZE) ?? h.num(TAG.SIZE) ?? 0,
      archiveSize:
        sig.num(SIGTAG_LONGARCHIVESIZE) ?? sig.num(SIGTAG_PAYLOADSIZE) ?? h.num(TAG.ARCHIVESIZE) ?? 0,
      headerStart,
      headerEnd,
      files: files(h),
      provides: deps(h, TAG.PROVIDENAME, TAG.PROVIDEFLAGS, TAG.PROVIDEVERSION),
      requires: deps(h, TAG.REQUIRENAME, TAG.REQUIREFLAGS, TAG.REQUIREVERSION),
      conflicts: deps(h, TAG.CONFLICTNAME, TAG.CONFLICTFLAGS, TAG.CONFLICTVERSION),
      obsoletes: deps(h, TAG.OBSOLETENAME, TAG.OBSOLETEFLAGS, TAG.OBSOLETEVERSION),
      suggests: deps(h, TAG.SUGGESTNAME, TAG.SUGGESTFLAGS, TAG.SUGGESTVERSION),
      enhances: deps(h, TAG.ENHANCENAME, TAG.ENHANCEFLAGS, TAG.ENHANCEVERSION),
      recommends: deps(h, TAG.RECOMMENDNAME, TAG.RECOMMENDFLAGS, TAG.RECOMMENDVERSION),
      supplements: deps(h, TAG.SUPPLEMENTNAME, TAG.SUPPLEMENTFLAGS, TAG.SUPPLEMENTVERSION),
      changelogs: changelogs(h)
    }
  } finally {
    await file.close()
  }
}

function files(h: RpmHeader): RpmFile[] {
  const modes = h.nums(TAG.FILEMODES)
  const flags = h.nums(TAG.FILEFLAGS)
  const basenames = h.strs(TAG.BASENAMES)
  const paths = basenames.length
    ? basenames.map((b, i) => `${h.strs(TAG.DIRNAMES)[h.nums(TAG.DIRINDEXES)[i]] ?? ''}${b}`)
    : h.strs(TAG.OLDFILENAMES)
  return paths.map((path, i) => ({ path, mode: modes[i] ?? 0, flags: flags[i] ?? 0 }))
}

function changelogs(h: RpmHeader): RpmChangelog[] {
  const times = h.nums(TAG.CHANGELOGTIME)
  const names = h.strs(TAG.CHANGELOGNAME)
  const texts = h.strs(TAG.CHANGELOGTEXT)
  return times.map((time, i) => ({ time, author: names[i] ?? '', text: texts[i] ?? '' }))
}
