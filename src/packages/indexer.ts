import type { Inputs } from '../inputs.js'
import type { Plan, PlanDelete, PlanWrite } from '../plan.js'
import { hashBytes } from '../hash.js'
import type { Store } from '../stores/store.js'
import type { Artifact } from './read.js'
import { type Versioned, prune } from './retention.js'
import { type Signer, signatureKeyIds } from './sign.js'

/** What an indexer may use: the store (read only while planning), the inputs, the signer and the clock. */
export interface IndexContext {
  store: Store
  inputs: Inputs
  type: 'dev' | 'stable'
  signer?: Signer
  now: Date
  /**
   * A re-sign (kind resign): packages get new embedded signatures, so a stable identity legitimately comes with
   * new bytes; the identity check is left out.
   */
  resigning?: boolean
}

/**
 * The seam for repository metadata: given the artifacts planned for one repository, an indexer reads the
 * repository's current index files (only those), merges, and returns the index writes and retention deletes.
 */
export interface RepositoryIndexer {
  plan(
    repo: string,
    artifacts: Artifact[],
    ctx: IndexContext
  ): Promise<Pick<Plan, 'writes' | 'deletes' | 'notes'>>
}

/** A generated index file as a plan write. */
export function indexWrite(
  repo: string,
  key: string,
  data: Uint8Array | string,
  reason: string,
  contentType: string
): PlanWrite {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const { size, sha256, md5 } = hashBytes(bytes)
  return {
    kind: 'packages',
    repo,
    key,
    body: { data: bytes },
    size,
    sha256,
    md5,
    role: 'index',
    immutable: false,
    contentType,
    reason
  }
}

/** True when an armored signature (detached or clearsigned) was made by the signer's key. */
export async function signedBy(armored: Buffer | undefined, signer: Signer): Promise<boolean> {
  if (!armored) return false
  return (await signatureKeyIds(armored.toString('utf8'))).includes(signer.keyId)
}

/** Deletes for a pruned artifact and its `.asc` (only when the signature exists, so the output stays truthful). */
export async function pruneDeletes(
  repo: string,
  key: string,
  store: Store,
  reason: string
): Promise<PlanDelete[]> {
  const out: PlanDelete[] = [{ kind: 'packages', repo, key, reason }]
  if (await store.stat(`${key}.asc`)) out.push({ kind: 'packages', repo, key: `${key}.asc`, reason })
  return out
}

/**
 * Dev retention for one repository: drops from `index` every entry beyond the newest `keep` versions of its
 * package and arch, and returns the deletes of their files (and signatures), which run after the new index is
 * written. Stable repositories are never pruned; entries published now never are either.
 */
export async function retire<T extends Versioned>(
  repo: string,
  index: Map<string, T>,
  ctx: IndexContext,
  compare: (a: T, b: T) => number,
  fileOf: (entry: T) => string,
  isNew: (entry: T) => boolean
): Promise<{ deletes: PlanDelete[]; count: number }> {
  if (ctx.type !== 'dev') return { deletes: [], count: 0 }
  const gone = new Set(prune([...index.values()], ctx.inputs.keep, compare, isNew))
  const deletes: PlanDelete[] = []
  for (const [key, entry] of index) {
    if (!gone.has(entry)) continue
    index.delete(key)
    const reason = `retention: keeps the newest ${ctx.inputs.keep} versions of ${entry.name} (${entry.arch})`
    deletes.push(...(await pruneDeletes(repo, `${repo}/${fileOf(entry)}`, ctx.store, reason)))
  }
  return { deletes, count: gone.size }
}
