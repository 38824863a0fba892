import { PublishError, errorMessage } from './errors.js'
import { mapLimit } from './limit.js'
import { type Plan, type PlanWrite, type Published, ROLE_ORDER } from './plan.js'
import { redact } from './redact.js'
import { type ObjectInfo, PreconditionFailed, type Store, type WriteOptions } from './stores/store.js'
import * as log from './log.js'

export interface ApplyOptions {
  concurrency: number
  cacheControlArtifacts?: string
  cacheControlIndexes?: string
  /**
   * Objects already known (e.g. from one listing of a prefix): saves a stat per object at scale. A key mapped to
   * undefined is known to be absent.
   */
  known?: ReadonlyMap<string, ObjectInfo | undefined>
  /** Conditions for replacing chosen keys (the top index files, against what the merge read). */
  conditions?: ReadonlyMap<string, WriteOptions['condition']>
}

const MAX_LOGGED = 200

type Verdict = 'new' | 'unchanged' | 'replace' | 'conflict'

/** Same bytes? sha256 when the store knows it, else md5 (an S3 ETag); undefined when it cannot tell. */
export function sameBytes(
  existing: ObjectInfo,
  write: Pick<PlanWrite, 'size' | 'sha256' | 'md5'>
): boolean | undefined {
  if (existing.size !== write.size) return false
  if (existing.sha256) return existing.sha256 === write.sha256
  if (existing.md5 && write.md5) return existing.md5 === write.md5
  return undefined
}

function verdict(existing: ObjectInfo | undefined, write: PlanWrite): Verdict {
  if (!existing) return 'new'
  const same = sameBytes(existing, write)
  if (same) return 'unchanged'
  return write.immutable ? 'conflict' : 'replace'
}

/**
 * Executes a plan against a store. Every target is checked first, so a stable artifact that exists with other
 * bytes stops the run before anything is written; then artifacts, signatures, indexes, and deletes last.
 */
export async function applyPlan(plan: Plan, store: Store, options: ApplyOptions): Promise<Published[]> {
  const verdicts = await mapLimit(plan.writes, options.concurrency, async write => {
    let existing = options.known?.has(write.key) ? options.known.get(write.key) : await store.stat(write.key)
    // A listing's MD5 cannot answer for a write hashed without one (a large file): the store's sha256 can.
    if (existing && options.known?.has(write.key) && sameBytes(existing, write) === undefined)
      existing = await store.stat(write.key)
    return verdict(existing, write)
  })
  const conflicts = plan.writes.filter((_, i) => verdicts[i] === 'conflict')
  if (conflicts.length > 0)
    throw new PublishError(
      `refusing to overwrite ${conflicts.length} stable artifact(s) that already exist with different bytes in ${store.description}: ` +
        `${conflicts
          .slice(0, 10)
          .map(c => c.key)
          .join(', ')}${conflicts.length > 10 ? ', …' : ''}. ` +
        'A stable release is immutable: publish a new version instead. Nothing was written.'
    )

  // One line per object is useful for a few packages and noise for a grid of ten thousand drivers: there, debug
  // lines, and none at all unless they are shown (10,000 of them cost a tenth of a first publish's CPU).
  const say = plan.writes.length <= MAX_LOGGED ? log.info : log.debugging() ? log.debug : undefined
  const sayUnchanged = plan.writes.length <= MAX_LOGGED || log.debugging() ? log.debug : undefined
  const results: Published[] = []
  for (const role of ROLE_ORDER) {
    const batch = plan.writes.map((w, i) => ({ w, v: verdicts[i] })).filter(({ w }) => w.role === role)
    const done = await mapLimit(batch, options.concurrency, async ({ w, v }) => {
      if (v !== 'unchanged') {
        const cacheControl = role === 'index' ? options.cacheControlIndexes : options.cacheControlArtifacts
        // A stable artifact is created only if still absent (S3 If-None-Match: *): of two publishers that both
        // found it missing, one wins and the other is refused instead of overwriting it.
        const condition =
          w.immutable && v === 'new' ? { absent: true as const } : options.conditions?.get(w.key)
        try {
          await store.write(w.key, w.body, {
            size: w.size,
            sha256: w.sha256,
            md5: w.md5,
            contentType: w.contentType,
            cacheControl,
            condition
          })
        } catch (err) {
          if (!(err instanceof PreconditionFailed)) {
            throw new PublishError(
              redact(`writing ${w.key} to ${store.description} failed: ${errorMessage(err)}`)
            )
          }
          // A retried PUT whose first try landed is refused too: it is ours when the store holds our bytes.
          const now = await store.stat(w.key)
          if (!now || !sameBytes(now, w)) {
            if (w.immutable)
              throw new PublishError(
                `refusing to overwrite the stable artifact ${w.key}: another publisher created it with other bytes meanwhile in ${store.description}. A stable release is immutable. ${errorMessage(err)}`
              )
            throw err
          }
        }
        say?.(`${v === 'replace' ? 'replaced' : 'uploaded'} ${w.key}`)
      } else sayUnchanged?.(`unchanged ${w.key}`)
      return entry(w, v === 'unchanged' ? 'unchanged' : 'uploaded', store, v === 'replace')
    })
    results.push(...done)
    const written = done.filter(d => d.status === 'uploaded').length
    if (batch.length > MAX_LOGGED)
      log.info(`${role}s: ${written} written, ${batch.length - written} unchanged`)
  }

  const deleted = await mapLimit(plan.deletes, options.concurrency, async d => {
    await store.delete(d.key)
    log.info(`deleted ${d.key} (${d.reason})`)
    return {
      kind: d.kind,
      repo: d.repo,
      path: d.key,
      status: 'deleted',
      role: 'delete',
      reason: d.reason
    } satisfies Published
  })
  return [...results, ...deleted, ...plan.extra]
}

function entry(w: PlanWrite, status: Published['status'], store: Store, replaced: boolean): Published {
  return {
    kind: w.kind,
    repo: w.repo,
    path: w.key,
    url: store.url?.(w.key),
    status,
    ...(replaced && { replaced: true }),
    sha256: w.sha256,
    size: w.size,
    role: w.role
  }
}
