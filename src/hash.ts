import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

export interface Digest {
  size: number
  sha256: string
  md5: string
}

/** Hashes a file in one streamed pass (sha256 for identity, md5 because S3 ETags use it). */
export async function hashFile(path: string): Promise<Digest> {
  const sha = createHash('sha256')
  const md5 = createHash('md5')
  let size = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    sha.update(chunk as Buffer)
    md5.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { size, sha256: sha.digest('hex'), md5: md5.digest('hex') }
}

export function hashBytes(data: Uint8Array): Digest {
  return {
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    md5: createHash('md5').update(data).digest('hex')
  }
}
