import { mapLimit } from '../limit.js'
import type { Store } from '../stores/store.js'
import { type Grid, type ListedDriver, fillFromPrevious, parseArchListing } from './listing.js'

/** sha256 answers already asked of the store in this run, by key, size and date (sharded runs list in rounds). */
export type StatCache = Map<string, string | undefined>

/**
 * Completes a grid built from a listing of the store with what that listing lacks (S3 lists no sha256): each
 * prefix's earlier listing gives the sha256 of unchanged objects and the fields of objects no config names any
 * more; the store is asked (HEAD) only for objects new or changed since, typically those another shard uploaded.
 * An object the store keeps no sha256 for is listed without one.
 */
export async function completeGrid(
  grid: Grid,
  store: Store,
  concurrency: number,
  cache: StatCache = new Map()
): Promise<void> {
  const ask: { key: string; driver: ListedDriver }[] = []
  const prefixes = [...grid].flatMap(([version, arches]) =>
    [...arches].map(([arch, drivers]) => ({ prefix: `${version}/${arch}/`, drivers }))
  )
  await mapLimit(prefixes, Math.min(concurrency, 4), async ({ prefix, drivers }) => {
    if (drivers.every(d => d.sha256 && d.kernelrelease !== undefined)) return
    const previous = parseArchListing(await store.read(`${prefix}index.json`))
    for (const driver of fillFromPrevious(drivers, previous))
      ask.push({ key: `${prefix}${driver.name}`, driver })
  })
  await mapLimit(ask, concurrency, async ({ key, driver }) => {
    const id = `${key}\u0000${driver.size}\u0000${driver.lastModified ?? ''}`
    if (!cache.has(id)) cache.set(id, (await store.stat(key))?.sha256)
    const sha256 = cache.get(id)
    if (sha256) driver.sha256 = sha256
  })
}
