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
 * The deletes that leave, in each series, the live and previous files plus the files of the `keep - 1`
 * generations before those (the most recently written others). A store whose listing has no dates keeps only
 * the live and previous files, as it cannot tell which others are newer.
 */
export async function pruneGenerations(store: Store, rule: GenerationRule): Promise<PlanDelete[]> {
  const bySeries = new Map<string, ListedObject[]>()
  for await (const object of store.list(rule.prefix)) {
    if (rule.live.has(object.key) || rule.previous.has(object.key)) continue
    const series = rule.series(object.key)
    if (series === undefined) continue
    const list = bySeries.get(series) ?? []
    list.push(object)
    bySeries.set(series, list)
  }
  const extra = Math.max(0, rule.keep - 1) * rule.perGeneration
  const deletes: PlanDelete[] = []
  for (const objects of bySeries.values()) {
    const dated = objects.every(o => o.modified !== undefined)
    const older = dated ? objects.sort((a, b) => (b.modified ?? 0) - (a.modified ?? 0)).slice(extra) : objects
    for (const o of older)
      deletes.push({ kind: 'packages', repo: rule.repo, key: o.key, reason: rule.reason })
  }
  return deletes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
