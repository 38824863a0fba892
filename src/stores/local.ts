import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { hashFile } from '../hash.js'
import {
  type Body,
  type ListedObject,
  type ObjectInfo,
  type Store,
  type WriteOptions,
  safeKey
} from './store.js'

/** A folder on the runner's disk. Writes are atomic: a temp file in the same folder, then rename. */
export class LocalStore implements Store {
  readonly description: string

  constructor(readonly root: string) {
    this.description = `local folder ${root}`
  }

  private path(key: string): string {
    return join(this.root, ...safeKey(key).split('/'))
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    const path = this.path(key)
    const info = await stat(path).catch(() => undefined)
    if (!info?.isFile()) return undefined
    // Deleted between the two calls (another publisher pruning) is absent, not an error.
    return hashFile(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw err
    })
  }

  async read(key: string): Promise<Buffer | undefined> {
    return readFile(this.path(key)).catch(err => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    })
  }

  async download(key: string, path: string): Promise<boolean> {
    const source = this.path(key)
    const info = await stat(source).catch(() => undefined)
    if (!info?.isFile()) return false
    // Pruned by another publisher between the two calls: absent, like stat.
    return pipeline(createReadStream(source), createWriteStream(path)).then(
      () => true,
      (err: NodeJS.ErrnoException) => absent(err) ?? false
    )
  }

  async write(key: string, body: Body, _options: WriteOptions): Promise<void> {
    const target = this.path(key)
    await mkdir(dirname(target), { recursive: true })
    const temp = join(dirname(target), `.${randomBytes(6).toString('hex')}.tmp`)
    try {
      if ('path' in body) await pipeline(createReadStream(body.path), createWriteStream(temp))
      else {
        const handle = await open(temp, 'w')
        try {
          await handle.writeFile(body.data)
          await handle.sync()
        } finally {
          await handle.close()
        }
      }
      await rename(temp, target)
    } catch (err) {
      await rm(temp, { force: true })
      throw err
    }
  }

  /** O_EXCL: exactly one of several concurrent callers creates the file (publish locks). */
  async createExclusive(key: string, data: Uint8Array): Promise<boolean> {
    const target = this.path(key)
    await mkdir(dirname(target), { recursive: true })
    let handle
    try {
      handle = await open(target, 'wx')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw err
    }
    try {
      await handle.writeFile(data)
    } finally {
      await handle.close()
    }
    return true
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true })
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    const base = prefix ? this.path(prefix.replace(/\/$/, '')) : this.root
    yield* this.walk(base)
  }

  /**
   * Another publisher may prune files and folders while this one lists (old by-hash copies, retired driver
   * versions): whatever vanishes between readdir and stat is simply not listed. Any other error is raised.
   */
  private async *walk(dir: string): AsyncIterable<ListedObject> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(absent)
    for (const entry of (entries ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        yield* this.walk(full)
        continue
      }
      if (!entry.isFile() || (entry.name.startsWith('.') && entry.name.endsWith('.tmp'))) continue
      const info = await stat(full).catch(absent)
      if (!info) continue
      yield {
        key: relative(this.root, full).split(sep).join('/'),
        size: info.size,
        lastModified: info.mtime.toISOString()
      }
    }
  }

  url(key: string): string {
    return `file://${this.path(key)}`
  }

  async close(): Promise<void> {}
}

/** ENOENT (and ENOTDIR: a folder replaced by a file) means absent; anything else is a real error. */
function absent(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined
  throw err
}
