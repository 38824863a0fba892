/**
 * Dev retention: keep the newest `keep` versions of each package per architecture, by the package manager's
 * own version ordering (not by upload time). Packages being published now are never pruned.
 */
export interface Versioned {
  name: string
  arch: string
}

/** Returns the entries to prune. `protect` tells which entries are being published now. */
export function prune<T extends Versioned>(
  entries: readonly T[],
  keep: number,
  compare: (a: T, b: T) => number,
  protect: (entry: T) => boolean
): T[] {
  const groups = new Map<string, T[]>()
  for (const e of entries) {
    const id = `${e.name}\0${e.arch}`
    const group = groups.get(id)
    if (group) group.push(e)
    else groups.set(id, [e])
  }
  const pruned: T[] = []
  for (const group of groups.values()) {
    const newestFirst = [...group].sort((a, b) => compare(b, a))
    pruned.push(...newestFirst.slice(keep).filter(e => !protect(e)))
  }
  return pruned
}
