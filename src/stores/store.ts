import { hasControlChars } from '../version.js'

/** What a store knows of an object it holds. `sha256`/`md5` are present when the store can tell cheaply. */
export interface ObjectInfo {
  size: number
  sha256?: string
  md5?: string
}

export interface ListedObject extends ObjectInfo {
  /** Key relative to the store's root, forward slashes. */
  key: string
  /** When the object was last written (ISO 8601), where the listing says (S3, WebDAV, a folder). */
  lastModified?: string
}

/** A listing's date (ISO 8601 or an HTTP date) as ISO 8601; undefined when absent or unreadable. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** Bytes to write: a file on disk (streamed, never loaded whole) or a small generated buffer (indexes). */
export type Body = { path: string } | { data: Uint8Array }

export interface WriteOptions {
  size: number
  sha256: string
  md5?: string
  contentType?: string
  cacheControl?: string
  /**
   * Write only if the object is absent (`absent`) or still holds the bytes with this MD5 (a single-part S3 ETag):
   * S3's `If-None-Match: *` and `If-Match`. Stores that cannot check it (s3rver, WebDAV, folders) write anyway:
   * callers keep their own re-check for those.
   */
  condition?: { absent: true } | { md5: string }
}

/** A conditional write refused because the object is not as expected (HTTP 412, or 409 for a write in flight). */
export class PreconditionFailed extends Error {
  override name = 'PreconditionFailed'
  constructor(
    readonly key: string,
    message: string
  ) {
    super(message)
  }
}

/**
 * A place artifacts are written to: a local folder, an S3 bucket, an HTTP/WebDAV server. Keys are relative,
 * forward-slash paths checked by safeKey(); stores never see `..` or absolute keys.
 */
export interface Store {
  /** A description safe to print: never holds credentials. */
  readonly description: string
  stat(key: string): Promise<ObjectInfo | undefined>
  /** Reads a small object (an index) whole; undefined when it does not exist. */
  read(key: string): Promise<Buffer | undefined>
  write(key: string, body: Body, options: WriteOptions): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Streams an object into a local file (for artifacts, which are never read whole); false when it does not
   * exist. A store without it is read with read().
   */
  download?(key: string, path: string): Promise<boolean>
  /** Every object under a prefix (recursively). */
  list(prefix: string): AsyncIterable<ListedObject>
  /**
   * Creates a small object only if the key does not exist yet (If-None-Match: *, O_EXCL): true when created,
   * false when it already existed. Used for publish locks; a store that cannot do it atomically omits it.
   */
  createExclusive?(key: string, data: Uint8Array): Promise<boolean>
  /** True when write() enforces `condition` (S3's If-None-Match / If-Match); other stores ignore it. */
  readonly conditionalWrites?: boolean
  /** The URL a user would download the key from, when the store has one. */
  url?(key: string): string
  close(): Promise<void>
}

/** Validates a store key: relative, forward slashes, no empty, `.` or `..` segment, no control characters. */
export function safeKey(key: string): string {
  const bad =
    !key ||
    key.startsWith('/') ||
    key.includes('\\') ||
    hasControlChars(key) ||
    key.split('/').some(part => part === '' || part === '.' || part === '..')
  if (bad) throw new Error(`refusing unsafe object key ${JSON.stringify(key)}`)
  return key
}

export function joinKey(...parts: string[]): string {
  return parts
    .filter(Boolean)
    .join('/')
    .replace(/\/{2,}/g, '/')
}
