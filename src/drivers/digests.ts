import { constants } from 'node:fs'
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { setImmediate } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { hashFile, readBounded } from '../hash.js'
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
// Files per batch handed out to this thread or the worker.
const BATCH = 128
// Below this many files a worker's start-up (≈ 40 ms of the other core) is not worth it.
const WORKER_MIN_FILES = 512
// Batches the worker may hold at once: in practice every full batch announced. This thread answers the worker
// only between its 10 ms slices of config parsing, and not at all while it matches the outputs and checks the
// listings (~0.2 s at 10,000 objects): with three (and a batch sent as soon as one file was announced), the worker
// had hashed 5,000 of 10,000 files when the configs were read; with sixteen it sat idle through those checks.
const IN_FLIGHT = 64
// Config files per read-ahead message: enough that a message costs little, few enough that parsing starts soon.
const READ_AHEAD = 256

type Item = { file: string; tag: string }

/**
 * sha256 (and md5 where `md5Wanted(file, tag)` says so, asked when the file's batch is handed out) of many files.
 * Files announced early with add() are hashed by one worker thread while this thread does something else (reads
 * the configs); all() then hashes whatever is left in batches shared by both threads. Small files are read
 * synchronously into one buffer (a few microseconds each, where an async read costs a thread-pool round trip);
 * big ones are streamed. One worker at most, and only on a machine with a core to spare.
 */
export class Hasher {
  private readonly done = new Map<string, PartialDigest | null>()
  /** Files sent to the worker and not answered yet. */
  private readonly pending = new Set<string>()
  private queue: Item[] = []
  private worker?: Worker
  private tried = false
  private closed = false
  private inFlight = 0
  private waiting: (() => void)[] = []
  private readonly buffer = Buffer.allocUnsafe(ONE_READ_BYTES + 1)

  constructor(private readonly md5Wanted: (file: string, tag: string) => boolean) {}

  /**
   * About this many files will be add()ed: enough of them starts the worker now, so that its start-up (a thread
   * and a node environment, ≈ 0.1 s) overlaps the reading of the configs instead of delaying the first hashes.
   */
  expect(files: number): void {
    this.startFor(files)
  }

  /** Queues a file for the worker: hashed beside this thread's work, if the worker runs (else by all()). */
  add(file: string, tag: string): void {
    this.queue.push({ file, tag })
    this.startFor(this.queue.length)
    // Full batches only: a file sent alone would take a place in flight for a whole slice.
    if (this.queue.length >= BATCH) this.pump()
  }

  /** The digests of `files` (in order): what the worker already did, the rest shared between both threads. */
  async all(items: Item[], concurrency: number): Promise<PartialDigest[]> {
    try {
      // What the worker has not taken yet is redone as asked now (add()ed files that are not wanted are dropped).
      // Files out with the worker are not hashed twice: if it fails them, they are left for the end, as below.
      this.queue = items.filter(i => !this.done.has(i.file) && !this.pending.has(i.file))
      this.startFor(this.queue.length)
      this.pump()
      while (this.queue.length > 0) {
        for (const { file, tag } of this.queue.splice(0, BATCH))
          this.done.set(file, digestSmall(file, this.buffer, this.md5Wanted(file, tag)) ?? null)
        // Lets the worker's answers, the listings and the store's answers in.
        await setImmediate()
      }
      while (this.inFlight > 0) await new Promise<void>(done => this.waiting.push(done))
    } finally {
      this.close()
    }
    // Big files, and any the worker could not read: this thread hashes them (and fails with the real error).
    const out = items.map(i => this.done.get(i.file))
    const rest = items.map((_, i) => i).filter(i => !out[i])
    await mapLimit(rest, concurrency, async i => {
      out[i] = await hashFile(items[i].file)
    })
    return out as PartialDigest[]
  }

  /** Stops the worker (all() does; a plan that fails before it calls this). */
  close(): void {
    this.queue = []
    void this.worker?.terminate()
    this.worker = undefined
    this.closed = true
    this.inFlight = 0
    for (const w of this.waiting.splice(0)) w()
  }

  /** Starts the worker, once at most, for this many files to hash (a few are not worth its start-up). */
  private startFor(files: number): void {
    if (this.tried || this.closed || files < WORKER_MIN_FILES) return
    this.tried = true
    if (availableParallelism() < 2) return
    let worker: Worker
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true })
    } catch {
      return // no worker: this thread hashes everything
    }
    worker.unref()
    // The worker answers every message in order: one handler per message sent, taken in turn.
    const replies: ((out: unknown) => void)[] = []
    worker.on('message', (out: unknown) => replies.shift()?.(out))
    // A worker that cannot run leaves what it held to this thread: hashes for all(), config files for the reader.
    const gone = (): void => {
      if (this.worker === worker) this.worker = undefined
      this.post = undefined
      for (const reply of replies.splice(0)) reply(undefined)
      this.settle(true)
    }
    worker.on('error', gone)
    worker.on('exit', gone)
    this.post = (message, reply) => {
      replies.push(reply)
      worker.postMessage(message)
    }
    this.send = items => {
      for (const i of items) this.pending.add(i.file)
      this.post?.(
        { files: items.map(i => i.file), md5: items.map(i => this.md5Wanted(i.file, i.tag)) },
        out => {
          const digests = (out ?? []) as ([number, string, string] | null)[]
          items.forEach(({ file }, i) => {
            this.pending.delete(file)
            const d = digests[i]
            if (!this.done.has(file) && d !== undefined)
              this.done.set(file, d ? { size: d[0], sha256: d[1], ...(d[2] && { md5: d[2] }) } : null)
          })
          if (out !== undefined) {
            this.settle(false)
            this.pump()
          }
        }
      )
    }
    this.worker = worker
    this.pump()
  }

  /**
   * Has the worker read these files (driverkit configs, in this order) ahead of this thread's parsing: the
   * open/read/close of ten thousand small files then costs the worker, not the thread that parses them, and
   * before it hashes anything. One promise per `chunk` files, with their texts (utf8), or null for a file this
   * thread must read itself (not a regular file, a final symlink, larger than `maxBytes`, unreadable, or the
   * worker gone). Undefined when no worker runs.
   */
  readAhead(
    files: string[],
    maxBytes: number
  ): { chunk: number; texts: Promise<(string | null)[]>[] } | undefined {
    const post = this.post
    if (!post) return undefined
    const chunks: Promise<(string | null)[]>[] = []
    for (let i = 0; i < files.length; i += READ_AHEAD) {
      const chunk = files.slice(i, i + READ_AHEAD)
      chunks.push(
        new Promise(resolve =>
          post({ read: chunk, max: maxBytes }, out =>
            resolve((out as (string | null)[] | undefined) ?? chunk.map(() => null))
          )
        )
      )
    }
    return { chunk: READ_AHEAD, texts: chunks }
  }

  private post?: (message: unknown, reply: (out: unknown) => void) => void
  private send?: (items: Item[]) => void

  private pump(): void {
    while (this.worker && this.send && this.inFlight < IN_FLIGHT && this.queue.length > 0) {
      this.inFlight++
      this.send(this.queue.splice(0, BATCH))
    }
  }

  /** One batch answered, or (`all`) the worker gone with whatever it held: all() stops waiting once none is out. */
  private settle(all: boolean): void {
    this.inFlight = all ? 0 : Math.max(0, this.inFlight - 1)
    if (this.inFlight === 0) for (const w of this.waiting.splice(0)) w()
  }
}

/** A file read whole into `buffer`; undefined when it is bigger than the buffer (streamed instead). */
function digestSmall(file: string, buffer: Buffer, md5: boolean): PartialDigest | undefined {
  const data = readBounded(file, buffer)
  if (!data) return undefined
  return {
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    ...(md5 && { md5: createHash('md5').update(data).digest('hex') })
  }
}

// The worker's code, self-contained (no bundled module to find at run time): digestSmall, but for files announced
// before they were checked (symlinks, FIFOs, devices), it reads only regular files, never through a final symlink
// and never blocking on open; anything else is null, left to this thread once the file has been checked.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { closeSync, fstatSync, openSync, readSync } = require('node:fs')
const { createHash } = require('node:crypto')
const FLAGS = ${constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)}
const buffer = Buffer.allocUnsafe(${ONE_READ_BYTES + 1})
// A regular file's bytes if it holds at most \`max\` (valid until the next read reuses the buffer), else null.
function readRegular(file, max) {
  const fd = openSync(file, FLAGS)
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile() || stat.size > max) return null
    const into = stat.size < buffer.length ? buffer : Buffer.allocUnsafe(stat.size + 1)
    let size = 0
    for (let n; (n = readSync(fd, into, size, into.length - size, null)) > 0; ) {
      size += n
      if (size === into.length) return null
    }
    return into.subarray(0, size)
  } finally {
    closeSync(fd)
  }
}
function digest(file, md5) {
  const data = readRegular(file, ${ONE_READ_BYTES})
  if (!data) return null
  return [data.length, createHash('sha256').update(data).digest('hex'), md5 ? createHash('md5').update(data).digest('hex') : '']
}
function text(file, max) {
  const data = readRegular(file, max)
  return data && data.toString('utf8')
}
parentPort.on('message', ({ files, md5, read, max }) => {
  if (read) {
    parentPort.postMessage(read.map(file => { try { return text(file, max) } catch { return null } }))
    return
  }
  parentPort.postMessage(files.map((file, i) => { try { return digest(file, md5[i]) } catch { return null } }))
})
`
