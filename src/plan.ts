import type { Kind } from './inputs.js'
import type { Release } from './release.js'
import type { Body } from './stores/store.js'

/** Artifacts are written first, then their signatures, then indexes and listings: never an index to a missing file. */
export type Role = 'artifact' | 'signature' | 'index'
export const ROLE_ORDER: readonly Role[] = ['artifact', 'signature', 'index']

export interface PlanWrite {
  kind: Kind
  /** The repository for packages (deb, rpm-dev, …) or the driver version for drivers. */
  repo?: string
  /** Object key relative to the destination root. */
  key: string
  body: Body
  size: number
  sha256: string
  md5?: string
  role: Role
  /** A stable artifact: existing different bytes are refused, never overwritten. */
  immutable: boolean
  contentType?: string
  /** Why this object is written, in words. */
  reason: string
}

export interface PlanDelete {
  kind: Kind
  repo?: string
  key: string
  reason: string
}

/** The whole publication as data: printed in dry runs, executed by apply, reported in the summary. */
export interface Plan {
  kind: Kind
  release: Release
  destination: string
  writes: PlanWrite[]
  /** Run after every write has landed (retention): indexes stop naming a file before it is deleted. */
  deletes: PlanDelete[]
  /** Entries reported without writing anything (e.g. objects missing for a config). */
  extra: Published[]
  notes: string[]
}

export type Status = 'uploaded' | 'skipped' | 'unchanged' | 'planned' | 'deleted' | 'missing' | 'invalid'

/** One entry of the `published` output. */
export interface Published {
  kind: Kind
  repo?: string
  path?: string
  ref?: string
  url?: string
  status: Status
  sha256?: string
  digest?: string
  size?: number
  role?: Role | 'delete'
  reason?: string
  /** An upload that replaced other bytes under the same key (a CDN in front may still serve the old ones). */
  replaced?: boolean
  /** A summary entry standing for this many objects (e.g. thousands of unchanged drivers); absent means one. */
  count?: number
}

/** What a dry run reports: every write and delete with status `planned`. */
export function plannedEntries(plan: Plan): Published[] {
  return [
    ...plan.writes.map<Published>(w => ({
      kind: w.kind,
      repo: w.repo,
      path: w.key,
      status: 'planned',
      sha256: w.sha256,
      size: w.size,
      role: w.role
    })),
    ...plan.deletes.map<Published>(d => ({
      kind: d.kind,
      repo: d.repo,
      path: d.key,
      status: 'planned',
      role: 'delete',
      reason: d.reason
    })),
    ...plan.extra
  ]
}

/** A plan printed for people: one line per object, grouped by role. */
export function describePlan(plan: Plan): string {
  const lines = [
    `${plan.release.type} release ${plan.release.version} of ${plan.kind} to ${plan.destination}`
  ]
  for (const w of plan.writes)
    lines.push(
      `  write  ${w.key}  (${w.role}, ${w.size} bytes, sha256 ${w.sha256.slice(0, 12)}…)  ${w.reason}`
    )
  for (const d of plan.deletes) lines.push(`  delete ${d.key}  ${d.reason}`)
  for (const e of plan.extra)
    lines.push(`  ${e.status.padEnd(6)} ${e.path ?? e.ref ?? ''}  ${e.reason ?? ''}`)
  for (const n of plan.notes) lines.push(`  note: ${n}`)
  const planned = plan.extra.filter(e => e.status === 'planned').length
  if (plan.writes.length + plan.deletes.length + planned === 0) lines.push('  (nothing to write)')
  return lines.join('\n')
}
