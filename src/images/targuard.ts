import { Transform, type TransformCallback } from 'node:stream'

const BLOCK = 512
/** Zeros a tar writer may add after the end-of-archive blocks (records are padded; 1 MiB is far past any). */
export const MAX_TRAILING_BYTES = 1 << 20

/**
 * Watches a tar stream as it is inflated (`docker save | gzip`) and stops it as soon as it stops being the tar its
 * headers declare: a header with a bad checksum, or more than MAX_TRAILING_BYTES after the end-of-archive blocks.
 * So a gzip bomb (1 MB of gzip, 1 GiB of zeros) fails after a few bytes, instead of filling RUNNER_TEMP first; a
 * real archive is inflated exactly to the sizes its members declare.
 */
export function tarGuard(what: string): Transform {
  let pos = 0
  /** Where the next header starts, until the end-of-archive block is seen. */
  let nextHeader = 0
  let ended = -1
  let header = Buffer.alloc(0)
  let paxSize: number | undefined
  let paxWanted = 0
  let pax = Buffer.alloc(0)
  let paxStart = 0

  const fail = (done: TransformCallback, message: string): void => done(new Error(`${what}: ${message}`))

  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const start = pos
      pos += chunk.length
      if (ended >= 0) {
        if (pos - ended > MAX_TRAILING_BYTES)
          return fail(
            done,
            `more than ${MAX_TRAILING_BYTES} bytes after the end of the tar archive (a decompression bomb?); nothing was pushed`
          )
        return done(null, chunk)
      }
      let at = 0
      while (ended < 0) {
        // Collect the pax extended header's data: its `size` overrides the next header's.
        if (paxWanted > 0 && start + at >= paxStart) {
          const take = Math.min(paxWanted, chunk.length - at)
          pax = Buffer.concat([pax, chunk.subarray(at, at + take)])
          paxWanted -= take
          if (paxWanted === 0) paxSize = paxSizeOf(pax)
        }
        const headerAt = nextHeader - start
        if (headerAt >= chunk.length) break
        const from = Math.max(headerAt, at)
        const need = BLOCK - header.length
        const piece = chunk.subarray(from, from + need)
        header = Buffer.concat([header, piece])
        at = from + piece.length
        if (header.length < BLOCK) break
        const h = header
        header = Buffer.alloc(0)
        if (h.every(b => b === 0)) {
          ended = nextHeader + BLOCK
          if (pos - ended > MAX_TRAILING_BYTES)
            return fail(
              done,
              `more than ${MAX_TRAILING_BYTES} bytes after the end of the tar archive (a decompression bomb?); nothing was pushed`
            )
          break
        }
        if (!checksumOk(h))
          return fail(
            done,
            `not a tar archive once decompressed (bad header checksum at byte ${nextHeader}); nothing was pushed`
          )
        const type = String.fromCharCode(h[156] || 0x30)
        let size = readSize(h.subarray(124, 136))
        if (paxSize !== undefined && type !== 'x' && type !== 'g') {
          size = paxSize
          paxSize = undefined
        }
        if (!Number.isSafeInteger(size) || size < 0)
          return fail(done, `a tar header at byte ${nextHeader} declares an impossible size`)
        const dataStart = nextHeader + BLOCK
        if (type === 'x') {
          if (size > 1 << 20) return fail(done, `an extended tar header of ${size} bytes is not plausible`)
          pax = Buffer.alloc(0)
          paxWanted = size
          paxStart = dataStart
          if (size === 0) paxSize = undefined
        }
        nextHeader = dataStart + Math.ceil(size / BLOCK) * BLOCK
        at = Math.max(at, Math.min(chunk.length, dataStart - start))
      }
      done(null, chunk)
    }
  })
}

function paxSizeOf(data: Buffer): number | undefined {
  const m = /(?:^|\n)\d+ size=(\d+)\n/.exec(data.toString('utf8'))
  return m ? Number(m[1]) : undefined
}

function readSize(field: Buffer): number {
  if (field[0] & 0x80) {
    let n = 0
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]
    return n
  }
  const end = field.indexOf(0)
  const text = field
    .subarray(0, end < 0 ? field.length : end)
    .toString('ascii')
    .trim()
  return text ? parseInt(text, 8) : 0
}

function checksumOk(header: Buffer): boolean {
  const end = header.indexOf(0, 148)
  const stored = parseInt(
    header
      .subarray(148, end < 0 || end > 156 ? 156 : end)
      .toString('ascii')
      .trim(),
    8
  )
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]
  return stored === sum
}
