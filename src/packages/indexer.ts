import type { Inputs } from '../inputs.js'
import type { Plan, PlanDelete, PlanWrite } from '../plan.js'
import { hashBytes } from '../hash.js'
import type { Store } from '../stores/store.js'
import type { Artifact } from './read.js'
import { type Signer, signatureKeyIds } from './sign.js'

/** What an indexer may use: the store (read only while planning), the inputs, the signer and the clock. */
export interface IndexContext {
  store: Store
  inputs: Inputs
  type: 'dev' | 'stable'
  signer?: Signer
  now: Date
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
