import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'

export interface Digest {
  size: number
  sha256: string
  md5: string
}

/** Files up to this size are read with blocking calls: a stream's open, reads and close cost more for them. */
export const SMALL_FILE = 256 * 1024

/** A small file's bytes, or undefined when it is larger than SMALL_FILE (then streamed). */
function readIfSmall(path: string): Buffer | undefined {
  const fd = openSync(path, 'r')
  try {
    const { size } = fstatSync(fd)
    if (size > SMALL_FILE) return undefined
    const data = Buffer.allocUnsafe(size)
    let got = 0
    for (let n = 1; got < size && n > 0; got += n) n = readSync(fd, data, got, size - got, got)
    return got === size ? data : data.subarray(0, got)
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads a file into `buffer` (one byte longer than the largest file accepted) and returns the bytes read, or
 * undefined when the file does not fit: a huge file is never read whole. The result is only valid until the next
 * call reuses the buffer.
 */
export function readBounded(path: string, buffer: Buffer): Buffer | undefined {
  const fd = openSync(path, 'r')
  try {
    let length = 0
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
      if (length === buffer.length) return undefined
    }
    return buffer.subarray(0, length)
  } finally {
    closeSync(fd)
  }
}

const CHUNK = 1 << 20

/**
 * Feeds a file to `use` in chunks through two buffers that are reused: the next chunk is read (on libuv's
 * threads) while this one is hashed, and no fresh buffer is allocated, and page-faulted, per chunk (a stream
 * allocates one per read: 512 of them for a 512 MiB file). `use` must not keep the chunk. With `span`, only
 * that byte range (a layer inside a tar); a file shorter than it gives the size it has.
 */
export async function eachChunk(
  path: string,
  use: (chunk: Buffer) => void,
  span: { offset: number; size: number } = { offset: 0, size: Infinity }
): Promise<number> {
  const file = await open(path, 'r')
  try {
    const length = Math.max(1, Math.min(CHUNK, span.size))
    const buffers = [Buffer.allocUnsafe(length), Buffer.allocUnsafe(length)]
    let size = 0
    let which = 0
    const next = (): Promise<{ bytesRead: number }> =>
      file.read(buffers[which], 0, Math.min(length, span.size - size), span.offset + size)
    let pending = next()
    for (;;) {
      const { bytesRead } = await pending
      if (bytesRead === 0) return size
      const chunk = buffers[which].subarray(0, bytesRead)
      size += bytesRead
      which ^= 1
      pending = size < span.size ? next() : Promise.resolve({ bytesRead: 0 })
      use(chunk)
    }
  } finally {
    await file.close()
  }
}

/** Hashes a file in one streamed pass (sha256 for identity, md5 because S3 ETags use it). */
export async function hashFile(path: string): Promise<Digest> {
  const { size, sha256, md5 } = await hashFileWith(path, [])
  return { size, sha256, md5 }
}

/** Hashes some indexes list besides sha256 and md5 (apt's Packages: SHA1 and SHA512). */
export type ExtraHash = 'sha1' | 'sha512'

/** hashFile, plus `extra` hashes computed in the same pass. */
export async function hashFileWith<E extends ExtraHash>(
  path: string,
  extra: readonly E[]
): Promise<Digest & { extra: Record<E, string> }> {
  const sha = createHash('sha256')
  const md5 = createHash('md5')
  const more = extra.map(alg => [alg, createHash(alg)] as const)
  const update = (chunk: Buffer) => {
    sha.update(chunk)
    md5.update(chunk)
    for (const [, h] of more) h.update(chunk)
  }
  const small = readIfSmall(path)
  if (small) update(small)
  const size = small ? small.length : await eachChunk(path, update)
  const digests = Object.fromEntries(more.map(([alg, h]) => [alg, h.digest('hex')])) as Record<E, string>
  return { size, sha256: sha.digest('hex'), md5: md5.digest('hex'), extra: digests }
}

/**
 * Files up to this size get an MD5 from hashForUpload: they go up in one PUT, whose ETag is that MD5. Larger
 * files go up in parts (8 MiB by default, src/stores/s3.ts), each hashed on its own as it is sent.
 */
export const UPLOAD_MD5_MAX = 8 * 1024 * 1024

/**
 * What an upload needs, in one pass: the sha256 (identity, compared with the store's metadata) and, for a
 * file up to `md5Max`, the MD5. A large file's MD5 is of no use to any store (an S3 multipart ETag is not it)
 * and would cost twice the sha256's time (≈ 1.5 vs 0.7 ns/byte with SHA-NI): a re-run of a 512 MiB file
 * hashes it in a third of the time.
 */
export async function hashForUpload(
  path: string,
  md5Max = UPLOAD_MD5_MAX
): Promise<{ size: number; sha256: string; md5?: string }> {
  const small = readIfSmall(path)
  if (small && small.length <= md5Max) return hashBytes(small)
  const sha = createHash('sha256')
  // Only while the file may still turn out small enough: past md5Max it is dropped.
  let md5: ReturnType<typeof createHash> | undefined = createHash('md5')
  let seen = 0
  const size = await eachChunk(path, chunk => {
    sha.update(chunk)
    seen += chunk.length
    if (seen > md5Max) md5 = undefined
    md5?.update(chunk)
  })
  return { size, sha256: sha.digest('hex'), ...(md5 && { md5: md5.digest('hex') }) }
}

export function hashBytes(data: Uint8Array): Digest {
  return {
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    md5: createHash('md5').update(data).digest('hex')
  }
}

/** md5 alone, of a file (streamed): completes a sha256-only digest once an S3 ETag or an upload needs it. */
export async function md5File(path: string): Promise<string> {
  const md5 = createHash('md5')
  const small = readIfSmall(path)
  if (small) md5.update(small)
  else await eachChunk(path, chunk => md5.update(chunk))
  return md5.digest('hex')
}
