import { randomBytes } from 'node:crypto'
import { PublishError } from '../errors.js'
import type { Store } from '../stores/store.js'

/** A lock held on a repository while its indexes are read, merged and written. */
export interface Lock {
  readonly key: string
  release(): Promise<void>
}

interface LockBody {
  owner: string
  expires: number
}

export interface LockOptions {
  /** Who holds it, for the message another publisher sees (run id, job, host). */
  owner: string
  /** How long a lock counts as held; after that it is stale (its holder died) and may be broken. */
  ttlMs: number
  /** How long to wait for another publisher before failing. */
  waitMs: number
}

const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms))

export function lockOptions(env: NodeJS.ProcessEnv = process.env): LockOptions {
  const owner = [env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID, env.GITHUB_JOB, `pid ${process.pid}`]
    .filter(Boolean)
    .join(' ')
  return {
    owner,
    ttlMs: Number(env.PUBLISH_ARTIFACTS_LOCK_TTL_MS) || 10 * 60_000,
    waitMs: Number(env.PUBLISH_ARTIFACTS_LOCK_WAIT_MS) || 10 * 60_000
  }
}

/**
 * Takes a lock object with `store.createExclusive` (O_EXCL on a folder, If-None-Match: * on S3/HTTP). Returns
 * undefined when the store cannot create objects exclusively: the caller then relies on re-checking the indexes.
 * A lock past its expiry is broken, but only if it is still the same lock (not one taken again meanwhile).
 */
export async function acquireLock(
  store: Store,
  key: string,
  options: LockOptions
): Promise<Lock | undefined> {
  if (!store.createExclusive) return undefined
  const deadline = Date.now() + options.waitMs
  const nonce = randomBytes(8).toString('hex')
  let delay = 100
  let unreadableSince: number | undefined
  for (;;) {
    const body: LockBody = { owner: `${options.owner} ${nonce}`, expires: Date.now() + options.ttlMs }
    const text = JSON.stringify(body)
    if (await store.createExclusive(key, Buffer.from(text)))
      return {
        key,
        async release() {
          const now = await store.read(key).catch(() => undefined)
          if (now?.toString('utf8') === text) await store.delete(key)
        }
      }
    const held = await store.read(key)
    if (held) {
      let other: LockBody | undefined
      try {
        other = JSON.parse(held.toString('utf8')) as LockBody
      } catch {
        other = undefined
      }
      // An unreadable lock may be one being written this instant: only a lasting one counts as garbage.
      if (!other || typeof other.expires !== 'number') unreadableSince ??= Date.now()
      else unreadableSince = undefined
      const garbage = unreadableSince !== undefined && Date.now() - unreadableSince > 5000
      if (garbage || (other && other.expires < Date.now())) {
        // Stale: break it, unless it changed since we read it.
        const again = await store.read(key)
        if (again?.equals(held)) await store.delete(key)
        unreadableSince = undefined
        continue
      }
      if (Date.now() > deadline)
        throw new PublishError(
          `another publisher holds the lock ${key} in ${store.description} (${other?.owner ?? 'unknown owner'}, until ${other ? new Date(other.expires).toISOString() : '?'}). ` +
            'Nothing was written; re-run the job, or delete the lock object if that publisher is gone.'
        )
    }
    await sleep(delay + Math.floor(Math.random() * delay))
    delay = Math.min(delay * 2, 2000)
  }
}
