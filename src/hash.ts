import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'

export interface Digest {
  size: number
  sha256: string
  md5: string
}

/** Hashes a file in one streamed pass (sha256 for identity, md5 because S3 ETags use it). */
export async function hashFile(path: string): Promise<Digest> {
  const { size, sha256, md5 } = await hashFileWith(path, [])
  return { size, sha256, md5 }
}

/**
 * Files up to this size get an MD5 from hashForUpload: they go up in one PUT, whose ETag is that MD5. Larger
 * files go up in parts (8 MiB by default, src/stores/s3.ts), each hashed on its own as it is sent.
 */
export const UPLOAD_MD5_MAX = 8 * 1024 * 1024

/**
 * What an upload needs, in one streamed pass: the sha256 (identity, compared with the store's metadata) and,
 * for a file up to `md5Max`, the MD5. A large file's MD5 is of no use to any store (an S3 multipart ETag is
 * not it) and would cost twice the sha256's time (≈ 1.5 vs 0.7 ns/byte with SHA-NI): a re-run of a 512 MiB
 * file hashes it in a third of the time.
 */
export async function hashForUpload(
  path: string,
  md5Max = UPLOAD_MD5_MAX
): Promise<{ size: number; sha256: string; md5?: string }> {
  if ((await stat(path)).size <= md5Max) return hashFile(path)
  const sha = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
    sha.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  // Grown past the limit since the stat: still fine without an MD5; shrunk below it: hashed again in full.
  return size <= md5Max ? hashFile(path) : { size, sha256: sha.digest('hex') }
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
  let size = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    sha.update(chunk as Buffer)
    md5.update(chunk as Buffer)
    for (const [, h] of more) h.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  const digests = Object.fromEntries(more.map(([alg, h]) => [alg, h.digest('hex')])) as Record<E, string>
  return { size, sha256: sha.digest('hex'), md5: md5.digest('hex'), extra: digests }
}

export function hashBytes(data: Uint8Array): Digest {
  return {
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    md5: createHash('md5').update(data).digest('hex')
  }
}
