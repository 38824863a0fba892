import { compareDebianVersions } from './compare.js'
import { type RepositoryIndexer, indexWrite, retire } from './indexer.js'

/** One tarball in `<repo>/index.json`; `path` is relative to the repository root (`x86_64/falco-…tar.gz`). */
export interface BinEntry {
  name: string
  version: string
  arch: string
  path: string
  size: number
  sha256: string
}

export interface BinIndex {
  packages: BinEntry[]
}

/**
 * Tarball repositories (bin, bin-dev): `<repo>/<arch>/<file>` (+ `.asc`) and an `index.json` listing them, so a
 * client (or a person) can find the newest build without listing the bucket. No timestamp inside, so a re-run
 * writes the same bytes.
 */
export const binIndexer: RepositoryIndexer = {
  async plan(repo, artifacts, ctx) {
    const { store } = ctx
    const key = `${repo}/index.json`
    const old = await store.read(key)
    let current: BinEntry[] = []
    if (old) {
      try {
        current = (JSON.parse(old.toString('utf8')) as BinIndex).packages ?? []
      } catch (err) {
        throw new Error(
          `${key} in ${store.description} is not valid JSON (${(err as Error).message}): fix or delete it`
        )
      }
    }
    const byPath = new Map(current.map(e => [e.path, e]))
    const added = new Set<string>()
    for (const a of artifacts) {
      if (a.meta.format !== 'bin') continue
      const path = a.write.key.slice(repo.length + 1)
      byPath.set(path, {
        name: a.meta.name,
        version: a.meta.version,
        arch: a.meta.arch,
        path,
        size: a.write.size,
        sha256: a.write.sha256
      })
      added.add(path)
    }
    const notes: string[] = []
    const { deletes, count } = await retire(
      repo,
      byPath,
      ctx,
      (x, y) => compareDebianVersions(x.version, y.version),
      e => e.path,
      e => added.has(e.path)
    )
    if (count) notes.push(`${repo}: retention prunes ${count} old tarball(s)`)
    const packages = [...byPath.values()].sort(
      (a, b) =>
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0) ||
        compareDebianVersions(a.version, b.version)
    )
    const body = `${JSON.stringify({ packages } satisfies BinIndex, null, 2)}\n`
    return { writes: [indexWrite(repo, key, body, 'tarball listing', 'application/json')], deletes, notes }
  }
}
