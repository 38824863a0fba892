import { closeSync, openSync, readSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { setImmediate } from 'node:timers/promises'
import type { Worker } from 'node:worker_threads'
import { hashFile } from '../hash.js'
import { mapLimit } from '../limit.js'

/** A digest whose md5 may be missing: not needed where a listing with sha256s decides. */
export interface PartialDigest {
  size: number
  sha256: string
  md5?: string
}

// Driver objects are tens of KiB: read whole into one reused buffer, which costs no allocation per file (ten
// thousand 20 KiB buffers are 200 MB of garbage). Bigger files are streamed.
export const ONE_READ_BYTES = 1 << 20
// Files per batch handed out to the main thread or the worker.
const BATCH = 128
// Below this many files a worker's start-up (≈ 40 ms) is not worth it.
const WORKER_MIN_FILES = 1024

/**
 * sha256 (and md5 where `md5Wanted` says so, asked when the file's batch is handed out) of every file, in order.
 * Small files are read synchronously (a few microseconds each, where an async read costs a thread-pool round
 * trip) in batches shared between this thread and, for many files on a machine with a core to spare, one worker
 * thread: hashing then runs beside whatever this thread does between its batches (the listings, the store's
 * answers). Big files are streamed.
 */
export async function digestAll(
  files: string[],
  concurrency: number,
  md5Wanted: (index: number) => boolean
): Promise<PartialDigest[]> {
  const digests = new Array<PartialDigest | undefined>(files.length)
  const buffer = Buffer.allocUnsafe(ONE_READ_BYTES + 1)
  let next = 0
  const take = (): { start: number; md5: boolean[] } | undefined => {
    if (next >= files.length) return undefined
    const start = next
    next = Math.min(files.length, next + BATCH)
    return { start, md5: Array.from({ length: next - start }, (_, i) => md5Wanted(start + i)) }
  }
  const helper =
    files.length >= WORKER_MIN_FILES && availableParallelism() > 1 ? await startWorker() : undefined
  const helping = helper ? helpWith(helper, files, digests, take) : Promise.resolve()
  try {
    for (let batch = take(); batch; batch = take()) {
      batch.md5.forEach((md5, i) => {
        digests[batch.start + i] = digestSmall(files[batch.start + i], buffer, md5)
      })
      // Lets the worker's answers, the listings and the store's answers in.
      await setImmediate()
    }
    await helping
  } finally {
    void helper?.terminate()
  }
  // Big files, and any the worker could not read (this thread reads them again, and fails with the real error).
  const rest = files.map((_, i) => i).filter(i => !digests[i])
  await mapLimit(rest, concurrency, async i => {
    digests[i] = await hashFile(files[i])
  })
  return digests as PartialDigest[]
}

/** A file read whole into `buffer`; undefined when it is bigger than the buffer (streamed instead). */
function digestSmall(file: string, buffer: Buffer, md5: boolean): PartialDigest | undefined {
  const fd = openSync(file, 'r')
  let size = 0
  try {
    for (let n; (n = readSync(fd, buffer, size, buffer.length - size, null)) > 0;) {
      size += n
      if (size === buffer.length) return undefined
    }
  } finally {
    closeSync(fd)
  }
  const data = buffer.subarray(0, size)
  return {
    size,
    sha256: createHash('sha256').update(data).digest('hex'),
    ...(md5 && { md5: createHash('md5').update(data).digest('hex') })
  }
}

// The worker's code, self-contained (no bundled module to find at run time): the same read as digestSmall.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { closeSync, openSync, readSync } = require('node:fs')
const { createHash } = require('node:crypto')
const buffer = Buffer.allocUnsafe(${ONE_READ_BYTES + 1})
function digest(file, md5) {
  const fd = openSync(file, 'r')
  let size = 0
  try {
    for (let n; (n = readSync(fd, buffer, size, buffer.length - size, null)) > 0; ) {
      size += n
      if (size === buffer.length) return null
    }
  } finally {
    closeSync(fd)
  }
  const data = buffer.subarray(0, size)
  return [size, createHash('sha256').update(data).digest('hex'), md5 ? createHash('md5').update(data).digest('hex') : '']
}
parentPort.on('message', ({ files, md5 }) => {
  parentPort.postMessage(files.map((file, i) => { try { return digest(file, md5[i]) } catch { return null } }))
})
`

async function startWorker(): Promise<Worker | undefined> {
  try {
    const { Worker } = await import('node:worker_threads')
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.unref()
    return worker
  } catch {
    return undefined
  }
}

/** Feeds the worker one batch at a time until none is left; a batch it fails on is left to this thread. */
function helpWith(
  worker: Worker,
  files: string[],
  digests: (PartialDigest | undefined)[],
  take: () => { start: number; md5: boolean[] } | undefined
): Promise<void> {
  return new Promise<void>(done => {
    let batch: { start: number; md5: boolean[] } | undefined
    const send = (): void => {
      batch = take()
      if (!batch) return done()
      worker.postMessage({ files: files.slice(batch.start, batch.start + batch.md5.length), md5: batch.md5 })
    }
    worker.on('message', (out: ([number, string, string] | null)[]) => {
      if (batch)
        out.forEach((d, i) => {
          if (d)
            digests[(batch as { start: number }).start + i] = {
              size: d[0],
              sha256: d[1],
              ...(d[2] && { md5: d[2] })
            }
        })
      send()
    })
    // A worker that cannot run leaves its batch (and the rest) to this thread.
    worker.on('error', () => done())
    worker.on('exit', () => done())
    send()
  })
}
