import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { eachChunk } from '../hash.js'
import { Readable, Transform } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { Platform } from './media.js'

/** A blob to push: its identity, and how to stream its bytes (from a file, a range of a tar, or a registry). */
export interface Blob {
  digest: string
  size: number
  mediaType: string
  open(): Promise<Readable>
  /** A repository on some registry that already holds it: destinations on that registry mount instead. */
  mountFrom?: { registry: string; repository: string }
  /** Already checked (hashed while it was made), or checked while streamed (a registry source). */
  checked?: boolean
  /** Where its bytes lie in a local file, when they do: hashed from there without a stream. */
  span?: FileSpan
}

/** A byte range of a local file: a layout's blob file, or a member of a tar. */
export interface FileSpan {
  path: string
  offset: number
  size: number
}

/** A manifest with its exact bytes (their digest is what gets tagged) and what it refers to. */
export interface Manifest {
  digest: string
  mediaType: string
  bytes: Buffer
  platform?: Platform
  /** The annotations of the descriptor that named it (kept when it joins another index). */
  annotations?: Record<string, string>
  /** Config and layers of an image manifest. */
  blobs: Blob[]
  /** The manifests of an index, pushed before it. */
  children: Manifest[]
  /** Where it came from, for messages. */
  origin: string
}

/** Streams a byte range of a file (a blob inside a tar, or a whole blob file). */
export function fileRange(path: string, start: number, size: number): () => Promise<Readable> {
  return async () =>
    size === 0
      ? Readable.from([])
      : createReadStream(path, { start, end: start + size - 1, highWaterMark: 1 << 20 })
}

/** Hashes a stream's bytes: sha256 digest and size. */
export async function digestStream(stream: Readable): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of stream) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { digest: `sha256:${hash.digest('hex')}`, size }
}

/** Hashes a byte range of a file through reused buffers: no stream and no garbage per chunk. */
export async function digestSpan(span: FileSpan): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256')
  const size = await eachChunk(span.path, chunk => hash.update(chunk), span)
  return { digest: `sha256:${hash.digest('hex')}`, size }
}

/** Checks a blob's bytes against its digest and size, reading it once (before anything is pushed). */
export async function verifyBlob(blob: Blob, where: string): Promise<void> {
  const got = blob.span ? await digestSpan(blob.span) : await digestStream(await blob.open())
  if (got.digest !== blob.digest || got.size !== blob.size)
    throw new Error(
      `${where}: blob ${blob.digest} is corrupt: its bytes hash to ${got.digest} (${got.size} bytes, expected ${blob.size}); nothing was pushed`
    )
}

/**
 * Passes bytes through while hashing them, and fails the stream at its end when they do not match the
 * expected digest (blobs streamed from a source registry straight into a destination).
 */
export function verifying(digest: string, size: number, where: string): Transform {
  const hash = createHash('sha256')
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      seen += chunk.length
      done(null, chunk)
    },
    flush(done) {
      const got = `sha256:${hash.digest('hex')}`
      done(
        got === digest && seen === size
          ? null
          : new Error(`${where}: blob ${digest} arrived as ${got} (${seen} bytes, expected ${size})`)
      )
    }
  })
}

/** Discards a response body so its connection can be reused. */
export async function drain(stream: Readable): Promise<void> {
  stream.resume()
  await finished(stream).catch(() => undefined)
}

/** Reads a small blob (a config) into memory, checking it against its digest. */
export async function readSmallBlob(blob: Blob, max: number, where: string): Promise<Buffer> {
  if (blob.size > max)
    throw new Error(`${where}: ${blob.digest} is ${blob.size} bytes, more than a config may be`)
  const parts: Buffer[] = []
  for await (const chunk of await blob.open()) parts.push(chunk as Buffer)
  const bytes = Buffer.concat(parts)
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  if (digest !== blob.digest || bytes.length !== blob.size)
    throw new Error(
      `${where}: ${blob.digest} is corrupt: its bytes hash to ${digest} (${bytes.length} bytes, expected ${blob.size}); nothing was pushed`
    )
  return bytes
}

/** Every blob of a manifest tree, each digest once. */
export function allBlobs(top: Manifest): Blob[] {
  const seen = new Map<string, Blob>()
  const walk = (m: Manifest): void => {
    for (const b of m.blobs) if (!seen.has(b.digest)) seen.set(b.digest, b)
    for (const c of m.children) walk(c)
  }
  walk(top)
  return [...seen.values()]
}
