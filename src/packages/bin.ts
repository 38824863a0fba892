import type { PlanWrite } from '../plan.js'
import { compareDebianVersions } from './compare.js'
import { type IndexContext, type RepositoryIndexer, indexWrite, retire } from './indexer.js'

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

/** `sha256sum` format (two spaces, file name), sorted: `sha256sum -c SHA256SUMS` checks a download folder. */
export function renderSha256Sums(entries: { file: string; sha256: string }[]): string {
  return entries
    .map(e => `${e.sha256}  ${e.file}\n`)
    .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : a.slice(66) > b.slice(66) ? 1 : 0))
    .join('')
}

/**
 * `SHA256SUMS` in every folder that holds tarballs (`bin/x86_64/`, `wasm-dev/`), listing what the index lists
 * there, and `SHA256SUMS.asc` beside it when a key is set. An unchanged list keeps its signature (re-runs are
 * no-ops).
 */
async function checksumFiles(repo: string, packages: BinEntry[], ctx: IndexContext): Promise<PlanWrite[]> {
  const folders = new Map<string, { file: string; sha256: string }[]>()
  for (const e of packages) {
    const cut = e.path.lastIndexOf('/')
    const folder = cut < 0 ? '' : e.path.slice(0, cut)
    const list = folders.get(folder) ?? []
    list.push({ file: e.path.slice(cut + 1), sha256: e.sha256 })
    folders.set(folder, list)
  }
  const writes: PlanWrite[] = []
  for (const [folder, list] of [...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const key = `${repo}/${folder ? `${folder}/` : ''}SHA256SUMS`
    const text = renderSha256Sums(list)
    writes.push(
      indexWrite(repo, key, text, 'checksums of the tarballs in the folder', 'text/plain; charset=utf-8')
    )
    const signer = ctx.signer
    if (!signer) continue
    const old = await ctx.store.read(key)
    const oldAsc = old?.toString('utf8') === text ? await ctx.store.read(`${key}.asc`) : undefined
    const asc =
      oldAsc && (await signer.signs(oldAsc, text)) ? oldAsc : await signer.detach(Buffer.from(text, 'utf8'))
    writes.push(indexWrite(repo, `${key}.asc`, asc, 'signature of SHA256SUMS', 'application/pgp-signature'))
  }
  return writes
}

/**
 * Tarball repositories (bin, bin-dev, and a platform's own such as wasm-dev): `<repo>/<arch>/<file>` (+ `.asc`),
 * `SHA256SUMS` per folder, and an `index.json` listing them, so a client (or a person) can find the newest build
 * without listing the bucket. No timestamp inside, so a re-run writes the same bytes.
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
    const writes = [
      ...(await checksumFiles(repo, packages, ctx)),
      indexWrite(repo, key, body, 'tarball listing', 'application/json')
    ]
    return { writes, deletes, notes }
  }
}
