/**
 * apt's by-hash layout (`Acquire-By-Hash: yes`): every index file is also stored under
 * `<dir>/by-hash/<HASH>/<hex>` for each hash the Release lists. A client holding an older InRelease then still
 * finds the Packages it names while a publish replaces the plain files (apt asks for the strongest hash and falls
 * back to the plain file only on a 404), so a reader in the middle of a publish never sees a size mismatch.
 */
import type { PlanWrite } from '../plan.js'
import { HASHES, type HashLine, dirOf } from './dists.js'
import { indexWrite } from './indexer.js'

/** The by-hash key of an index file (relative to dists/<suite>/) for one hash. */
export const byHashPath = (path: string, hash: string, hex: string): string =>
  `${dirOf(path)}/by-hash/${hash}/${hex}`

/** Every by-hash path a Release line names (the old Release's, to keep them while clients may hold it). */
export function byHashPaths(line: HashLine): string[] {
  return HASHES.flatMap(h => {
    const hex = line.hashes[h.field]
    return hex ? [byHashPath(line.path, h.field, hex)] : []
  })
}

/** The by-hash copies of one index file, one per hash in the Release. */
export function byHashWrites(
  repo: string,
  dists: string,
  line: HashLine,
  data: Uint8Array,
  contentType: string
): PlanWrite[] {
  return byHashPaths(line).map(path =>
    indexWrite(repo, `${dists}/${path}`, data, `apt by-hash copy of ${line.path}`, contentType)
  )
}
