import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

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

/** md5 alone, of a file (streamed): completes a sha256-only digest once an S3 ETag or an upload needs it. */
export async function md5File(path: string): Promise<string> {
  const md5 = createHash('md5')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) md5.update(chunk as Buffer)
  return md5.digest('hex')
}
