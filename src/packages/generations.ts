/**
 * Index files of earlier generations (apt by-hash copies, replaced rpm repodata, as createrepo_c
 * `--retain-old-md` keeps them): a client that fetched the previous top file (or a CDN that cached it) still
 * finds every file it names. They are pruned later, keeping `keep` earlier generations; the deletes run only
 * after the new top files are verified live.
 */
import type { PlanDelete } from '../plan.js'
import type { ListedObject, Store } from '../stores/store.js'

export interface GenerationRule {
  repo: string
  /** Folder to list (`<repo>/repodata/`, `…/binary-amd64/by-hash/`). */
  prefix: string
  /** Which series a file belongs to (an rpm metadata type, a by-hash folder); undefined: not an old index file. */
  series: (key: string) => string | undefined
  /** Files the new top files name. */
  live: ReadonlySet<string>
  /** Files the top files being replaced name: always kept, so readers in the middle of this publish succeed. */
  previous: ReadonlySet<string>
  /** Earlier generations to keep (at least the previous one, which `previous` holds). */
  keep: number
  /** Files one generation adds to a series (apt writes Packages and Packages.gz into each by-hash folder). */
  perGeneration: number
  reason: string
}

/**
 * The deletes that leave, in each series, the live and previous files plus the `keep - 1` most recently written
 * files older than the previous generation's. Files written after the previous generation that neither top file
 * names may be another publisher's generation in flight (or a failed run's): they are never deleted here, and
 * become older generations once a later publish replaces the current one. A store whose listing has no dates
 * prunes nothing, as it cannot tell old files from files in flight.
 */
export async function pruneGenerations(store: Store, rule: GenerationRule): Promise<PlanDelete[]> {
  type Dated = ListedObject & { modified: number }
  const series = new Map<string, { floor?: number; others: Dated[]; dated: boolean }>()
  for await (const object of store.list(rule.prefix)) {
    const name = rule.series(object.key)
    if (name === undefined || rule.live.has(object.key)) continue
    const s = series.get(name) ?? { others: [], dated: true }
    series.set(name, s)
    const modified = object.lastModified ? Date.parse(object.lastModified) : NaN
    if (Number.isNaN(modified)) s.dated = false
    if (rule.previous.has(object.key)) s.floor = Math.max(s.floor ?? 0, modified)
    else s.others.push({ ...object, modified })
  }
  const extra = Math.max(0, rule.keep - 1) * rule.perGeneration
  const deletes: PlanDelete[] = []
  for (const s of series.values()) {
    if (!s.dated || s.floor === undefined) continue
    const floor = s.floor
    const older = s.others
      .filter(o => o.modified < floor)
      .sort((a, b) => b.modified - a.modified)
      .slice(extra)
    for (const o of older)
      deletes.push({ kind: 'packages', repo: rule.repo, key: o.key, reason: rule.reason })
  }
  return deletes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
