/**
 * Decompresses a small package member (a .deb's control.tar.gz/.xz/.zst) with a cap on the output: a few KB of
 * gzip can announce or expand to gigabytes, and a hostile package must fail with a clear error, not exhaust the
 * runner's memory. Every format stops as soon as the output passes the cap.
 */
import { gunzipSync } from 'node:zlib'
import { Decompress as ZstdStream } from 'fzstd'

type XzModule = typeof import('xz-decompress')

/** Returns the decompressed bytes, or throws when they would exceed `max` bytes (or the data is corrupt). */
export async function inflateBounded(
  format: 'gz' | 'xz' | 'zst',
  data: Buffer,
  max: number,
  what: string
): Promise<Buffer> {
  const tooBig = (): Error =>
    new Error(`${what} decompresses to more than ${max} bytes: refusing it (a decompression bomb?)`)
  switch (format) {
    case 'gz':
      try {
        return gunzipSync(data, { maxOutputLength: max })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig()
        throw err
      }
    case 'zst': {
      // fzstd allocates (and shifts) a whole window per frame: refuse windows over the cap before it does.
      if (zstdWindow(data, what) > max) throw tooBig()
      const parts: Uint8Array[] = []
      let length = 0
      const stream = new ZstdStream(chunk => {
        length += chunk.length
        if (length > max) throw tooBig()
        parts.push(chunk)
      })
      stream.push(data, true)
      return Buffer.concat(parts)
    }
    case 'xz': {
      // A CommonJS (webpack) module: its named exports are reachable through the default export when bundled,
      // and directly under tsx.
      const mod = (await import('xz-decompress')) as XzModule & { default?: XzModule }
      const { XzReadableStream } = mod.default ?? mod
      const reader = new XzReadableStream(new Blob([data]).stream()).getReader()
      const parts: Uint8Array[] = []
      let length = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        length += value.length
        if (length > max) {
          await reader.cancel().catch(() => undefined)
          throw tooBig()
        }
        parts.push(value)
      }
      return Buffer.concat(parts)
    }
  }
}

/**
 * The largest window any frame of a zstd stream asks for (its content size for single-segment frames), read
 * from the frame and block headers without decompressing anything. Throws on data that is not zstd.
 */
export function zstdWindow(data: Buffer, what: string): number {
  const corrupt = (why: string): Error => new Error(`${what} is not valid zstd data: ${why}`)
  let pos = 0
  let max = 0
  while (pos < data.length) {
    if (pos + 8 > data.length) throw corrupt(`truncated frame at byte ${pos}`)
    const magic = data.readUInt32LE(pos)
    if (magic >>> 4 === 0x184d2a5) {
      // A skippable frame: magic, length, then that many bytes nobody reads.
      pos += 8 + data.readUInt32LE(pos + 4)
      continue
    }
    if (magic !== 0xfd2fb528) throw corrupt(`bad frame magic at byte ${pos}`)
    const fhd = data[pos + 4]
    const single = (fhd >> 5) & 1
    let at = pos + 5
    let window = 0
    if (!single) {
      const wd = data[at++]
      const base = 2 ** (10 + (wd >> 3))
      window = base + (base / 8) * (wd & 7)
    }
    at += [0, 1, 2, 4][fhd & 3]
    const fcsBytes = [single, 2, 4, 8][fhd >> 6]
    if (at + fcsBytes > data.length) throw corrupt(`truncated frame header at byte ${pos}`)
    if (single) {
      let fcs = 0
      for (let i = fcsBytes - 1; i >= 0; i--) fcs = fcs * 256 + data[at + i]
      window = fcsBytes === 2 ? fcs + 256 : fcs
    }
    at += fcsBytes
    max = Math.max(max, window)
    for (let last = 0; !last;) {
      if (at + 3 > data.length) throw corrupt(`truncated block at byte ${at}`)
      const header = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16)
      last = header & 1
      const type = (header >> 1) & 3
      if (type === 3) throw corrupt(`reserved block type at byte ${at}`)
      // An RLE block stores one byte, whatever size it expands to.
      at += 3 + (type === 1 ? 1 : header >>> 3)
    }
    pos = at + ((fhd >> 2) & 1 ? 4 : 0)
  }
  return max
}
