/**
 * The last step of a publication: the top index files (Release, InRelease, Release.gpg; repomd.xml and its .asc;
 * index.json), which every client fetches first and which name everything else. They are written only once the
 * store holds every file written before them, read back after, and, when any of them fails, the previous bytes of
 * each are put back, so clients keep a consistent old state instead of a new Release with an old InRelease.
 */
import { createHash } from 'node:crypto'
import * as log from '../log.js'
import { type ApplyOptions, applyPlan, sameBytes } from '../apply.js'
import { PublishError, errorMessage } from '../errors.js'
import { mapLimit } from '../limit.js'
import type { Plan, PlanWrite, Published } from '../plan.js'
import { redact } from '../redact.js'
import { type ObjectInfo, PreconditionFailed, type Store, type WriteOptions } from '../stores/store.js'

/** The index files every client fetches first: written after everything they point to. */
export const TOP = /\/(Release|InRelease|Release\.gpg|repomd\.xml|repomd\.xml\.asc|index\.json)$/

/** Within a repository: the unsigned file, its detached signature, then the clearsigned one apt prefers. */
const ORDER = ['Release', 'Release.gpg', 'InRelease', 'repomd.xml', 'repomd.xml.asc', 'index.json']
const rank = (key: string): number => ORDER.indexOf(key.slice(key.lastIndexOf('/') + 1))

/** Keys named by their content (apt by-hash copies, rpm `<sha256>-primary.xml.gz`): no one writes other bytes there. */
const CONTENT_NAMED = /\/by-hash\/[^/]+\/[0-9a-f]+$|\/repodata\/[0-9a-f]{32,128}-[^/]+$/

/**
 * Asks the store for every written file (one HEAD each): present, and, for artifacts and files named by their
 * content, with the size (and hash, when the store tells) that was written. A server that answered 2xx but
 * stored nothing stops the run here, before any index names the missing file. Plain index files and
 * signatures are only checked to be there: a concurrent publisher may rightly have replaced them meanwhile.
 */
export async function verifyStored(writes: PlanWrite[], store: Store, concurrency: number): Promise<void> {
  const bad = (
    await mapLimit(writes, concurrency, async w => {
      const info = await store.stat(w.key)
      if (!info) return `${w.key} is missing`
      const exact = w.role === 'artifact' || CONTENT_NAMED.test(w.key)
      if (exact && sameBytes(info, w) === false)
        return `${w.key} holds ${info.size} bytes${info.size === w.size ? ' with another hash' : ''}, not the ${w.size} written`
      return undefined
    })
  ).filter((x): x is string => x !== undefined)
  if (bad.length)
    throw new PublishError(
      `${store.description} accepted writes it does not hold: ${bad.slice(0, 10).join('; ')}${bad.length > 10 ? '; …' : ''}. ` +
        'No index was changed, so clients still see the previous state; check the server (a full disk, a proxy or a read-only mount that answers success) and re-run.'
    )
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')
const isWrite = (data: Buffer, w: PlanWrite): boolean => data.length === w.size && sha256(data) === w.sha256

/**
 * Writes the top files one by one, reads each back, and on any failure restores the bytes every one of them had
 * before (deleting those that did not exist), then fails with a message saying what happened.
 */
export async function commitTop(
  tops: PlanWrite[],
  store: Store,
  options: ApplyOptions,
  base: Omit<Plan, 'writes' | 'deletes' | 'extra'>,
  mergedFrom?: ReadonlyMap<string, ObjectInfo | undefined>,
  /** This run holds the repositories' locks: no one else writes, so a read-back of the old bytes is a failure. */
  exclusive = true
): Promise<Published[]> {
  if (!tops.length) return []
  const ordered = [...tops].sort(
    (a, b) =>
      ((a.repo ?? '') < (b.repo ?? '') ? -1 : (a.repo ?? '') > (b.repo ?? '') ? 1 : 0) ||
      rank(a.key) - rank(b.key)
  )
  const before = new Map<string, Buffer | undefined>()
  await mapLimit(ordered, options.concurrency, async w => void before.set(w.key, await store.read(w.key)))
  const conditions = await conditionsFor(ordered, before, store, mergedFrom)
  const attempted: PlanWrite[] = []
  const published: Published[] = []
  try {
    for (const w of ordered) {
      attempted.push(w)
      const one = { ...base, writes: [w], deletes: [], extra: [] }
      published.push(...(await applyPlan(one, store, { ...options, conditions })))
    }
    for (const w of ordered) {
      const back = await store.read(w.key)
      const old = before.get(w.key)
      if (back && isWrite(back, w)) continue
      // Other bytes than ours (without a lock, even the previous ones): another publisher's, merged again by the
      // caller's loop.
      if (back && !(exclusive && old && back.equals(old))) continue
      throw new PublishError(
        `${w.key} reads back ${back ? 'with its previous bytes' : 'as missing'} right after it was written (the server answered success but did not store it)`
      )
    }
    return published
  } catch (err) {
    // Another publisher replaced a top file first: it wrote them in the same order, so nothing is mixed, and
    // the caller merges again from what it wrote.
    if (err instanceof PreconditionFailed) throw err
    const failed = await restore(attempted, before, store, options.cacheControlIndexes)
    const cause = errorMessage(err)
    const names = ordered.map(w => w.key).join(', ')
    throw new PublishError(
      redact(
        failed.length
          ? `${cause}. Restoring the previous index files failed too (${failed.join('; ')}): the repository may be inconsistent until this job is re-run.`
          : `${cause}. The previous ${names} were restored, so clients keep the previous consistent state; the packages are uploaded: re-run the job to complete the publication.`
      )
    )
  }
}

/**
 * For each top file the merge read: the condition that makes the write fail if another publisher replaced it
 * since (absent then, or still the same MD5, which is a single-part S3 ETag). A file whose bytes already
 * differ from the merged ones means the merge is stale: the caller merges again. A store whose ETag is not
 * the MD5 (SSE-KMS) gets no condition and relies on the re-checks.
 */
async function conditionsFor(
  tops: PlanWrite[],
  before: Map<string, Buffer | undefined>,
  store: Store,
  mergedFrom: ReadonlyMap<string, ObjectInfo | undefined> | undefined
): Promise<Map<string, WriteOptions['condition']>> {
  const conditions = new Map<string, WriteOptions['condition']>()
  if (!mergedFrom) return conditions
  for (const w of tops) {
    if (!mergedFrom.has(w.key)) continue
    const seen = mergedFrom.get(w.key)
    const now = before.get(w.key)
    if (!seen !== !now || (seen && now && sha256(now) !== seen.sha256))
      throw new PreconditionFailed(w.key, `${w.key} was replaced by another publisher since it was merged`)
    if (!store.conditionalWrites) continue
    if (!seen) conditions.set(w.key, { absent: true })
    else if ((await store.stat(w.key))?.md5 === seen.md5 && seen.md5) conditions.set(w.key, { md5: seen.md5 })
  }
  return conditions
}

/** Puts back what each top file held before; returns what could not be restored. */
async function restore(
  attempted: PlanWrite[],
  before: Map<string, Buffer | undefined>,
  store: Store,
  cacheControl: string | undefined
): Promise<string[]> {
  const failed: string[] = []
  for (const w of [...attempted].reverse()) {
    const old = before.get(w.key)
    try {
      const now = await store.read(w.key)
      // Only what this run wrote is put back: other bytes are a concurrent publisher's, and stay.
      if (!now || !isWrite(now, w)) continue
      if (old === undefined) await store.delete(w.key)
      else {
        const digest = sha256(old)
        const md5 = createHash('md5').update(old).digest('hex')
        await store.write(
          w.key,
          { data: old },
          {
            size: old.length,
            sha256: digest,
            md5,
            contentType: w.contentType,
            cacheControl
          }
        )
      }
      log.info(`restored the previous ${w.key}`)
    } catch (err) {
      failed.push(`${w.key}: ${errorMessage(err)}`)
    }
  }
  return failed
}
