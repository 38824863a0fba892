import { open } from 'node:fs/promises'
import { posix } from 'node:path'

/** Where one member's bytes sit inside an uncompressed tar file. */
export interface TarEntry {
  name: string
  offset: number
  size: number
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other'
  linkname?: string
}

const BLOCK = 512

/**
 * Indexes a tar file by reading only its 512-byte headers and seeking over the contents, so a layer inside a
 * `docker save` archive or an OCI layout tar can later be streamed straight from the file, never held in memory.
 * Handles ustar prefixes, pax (`path`, `size`, `linkpath`) and GNU long names.
 */
export async function indexTar(path: string): Promise<Map<string, TarEntry>> {
  const fh = await open(path, 'r')
  const entries = new Map<string, TarEntry>()
  try {
    const { size: fileSize } = await fh.stat()
    const header = Buffer.alloc(BLOCK)
    let pos = 0
    let pax: Record<string, string> = {}
    let longName: string | undefined
    let longLink: string | undefined
    while (pos + BLOCK <= fileSize) {
      const { bytesRead } = await fh.read(header, 0, BLOCK, pos)
      if (bytesRead < BLOCK) break
      if (header.every(b => b === 0)) break
      if (!checksumOk(header))
        throw new Error(`${path} is not a tar file (bad header checksum at byte ${pos})`)
      const typeflag = String.fromCharCode(header[156] || 0x30)
      let size = readSize(header.subarray(124, 136))
      if (pax.size !== undefined) size = Number(pax.size)
      const dataStart = pos + BLOCK
      if (dataStart + size > fileSize) throw new Error(`${path} is truncated (member at byte ${pos})`)
      const next = dataStart + Math.ceil(size / BLOCK) * BLOCK
      if (typeflag === 'x' || typeflag === 'L' || typeflag === 'K') {
        if (size > 1 << 20) throw new Error(`${path}: an extended header of ${size} bytes is not plausible`)
        const data = Buffer.alloc(size)
        await fh.read(data, 0, size, dataStart)
        if (typeflag === 'x') pax = { ...pax, ...parsePax(data) }
        else if (typeflag === 'L') longName = cString(data)
        else longLink = cString(data)
        pos = next
        continue
      }
      if (typeflag !== 'g') {
        const prefix = cString(header.subarray(345, 500))
        const base = cString(header.subarray(0, 100))
        const raw = pax.path ?? longName ?? (prefix ? `${prefix}/${base}` : base)
        const name = normalize(raw)
        const linkname = pax.linkpath ?? longLink ?? cString(header.subarray(157, 257))
        const type =
          typeflag === '0' || typeflag === '\0' || typeflag === '7'
            ? 'file'
            : typeflag === '5'
              ? 'dir'
              : typeflag === '2'
                ? 'symlink'
                : typeflag === '1'
                  ? 'hardlink'
                  : 'other'
        if (name) entries.set(name, { name, offset: dataStart, size, type, linkname: linkname || undefined })
      }
      pax = {}
      longName = undefined
      longLink = undefined
      pos = next
    }
  } finally {
    await fh.close()
  }
  return entries
}

/** Follows symlinks and hard links (docker save links `<id>/layer.tar` to the real file) to a regular file. */
export function resolveEntry(entries: Map<string, TarEntry>, name: string): TarEntry | undefined {
  let current = entries.get(normalize(name))
  for (let hops = 0; current && current.type !== 'file' && hops < 8; hops++) {
    if (!current.linkname || (current.type !== 'symlink' && current.type !== 'hardlink')) return undefined
    const target =
      current.type === 'symlink'
        ? posix.join(posix.dirname(current.name), current.linkname)
        : current.linkname
    current = entries.get(normalize(target))
  }
  return current?.type === 'file' ? current : undefined
}

function normalize(name: string): string {
  return posix
    .normalize(name)
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '')
}

function cString(buf: Buffer): string {
  const end = buf.indexOf(0)
  return buf.subarray(0, end < 0 ? buf.length : end).toString('utf8')
}

function readSize(field: Buffer): number {
  // GNU base-256 for members of 8 GiB and more.
  if (field[0] & 0x80) {
    let n = 0
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]
    return n
  }
  const text = cString(field).trim()
  return text ? parseInt(text, 8) : 0
}

function checksumOk(header: Buffer): boolean {
  const stored = parseInt(cString(header.subarray(148, 156)).trim(), 8)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]
  return stored === sum
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let pos = 0
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos)
    if (space < 0) break
    const len = Number(data.subarray(pos, space).toString('ascii'))
    if (!Number.isSafeInteger(len) || len <= 0) break
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8')
    const eq = record.indexOf('=')
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1)
    pos += len
  }
  return out
}
