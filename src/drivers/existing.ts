import { mapLimit } from '../limit.js'
import type { ListedObject, ObjectInfo, Store } from '../stores/store.js'

/** Objects per list request on S3 (ListObjectsV2 pages of 1000 keys): what one request tells us. */
export const LIST_PAGE = 1000

/** What is known of each wanted key: its info, or undefined when it is known to be absent. */
export type Known = Map<string, ObjectInfo | undefined>

/**
 * Answers "is this key there, with which bytes?" for many keys at the price of the fewest requests. Per prefix,
 * one listing costs a request per 1000 objects, a stat costs one request per key: so the prefix is listed, and
 * the listing is abandoned for stats once it has read more than 1000 objects per wanted key (a huge prefix
 * with a handful of keys to check). A listed object without a hash but with the right size is stat'ed too (a
 * local folder lists sizes only), so `sameBytes` can always decide.
 */
export async function findExisting(
  store: Store,
  keys: string[],
  concurrency: number,
  listed?: Map<string, ListedObject>,
  /** Filled with every prefix listed in full (prefix → its objects), for callers that reuse the listings. */
  complete?: Map<string, Map<string, ListedObject>>
): Promise<Known> {
  const known: Known = new Map()
  const byPrefix = new Map<string, string[]>()
  for (const key of keys) {
    const prefix = key.slice(0, key.lastIndexOf('/') + 1)
    const list = byPrefix.get(prefix)
    if (list) list.push(key)
    else byPrefix.set(prefix, [key])
  }
  const toStat: string[] = []
  const prefixes = [...byPrefix]
  await mapLimit(prefixes, Math.min(concurrency, 4), async ([prefix, wanted]) => {
    const seen = listed ?? (await listUpTo(store, prefix, wanted.length * LIST_PAGE))
    if (seen) complete?.set(prefix, listed ? new Map([...seen].filter(([k]) => k.startsWith(prefix))) : seen)
    for (const key of wanted) {
      const info = seen?.get(key)
      if (!seen) toStat.push(key)
      else if (!info) known.set(key, undefined)
      else if (info.sha256 || info.md5) known.set(key, info)
      else toStat.push(key)
    }
  })
  await mapLimit(toStat, concurrency, async key => {
    known.set(key, await store.stat(key))
  })
  return known
}

/** Lists a prefix into a map, or undefined when it holds more than `budget` objects (stats are cheaper then). */
async function listUpTo(
  store: Store,
  prefix: string,
  budget: number
): Promise<Map<string, ListedObject> | undefined> {
  const out = new Map<string, ListedObject>()
  for await (const o of store.list(prefix)) {
    out.set(o.key, o)
    // Returning from the loop ends the listing: no further pages are fetched.
    if (out.size > budget) return undefined
  }
  return out
}

/** Every object under a prefix (the whole destination with ''), by key. */
export async function listAll(store: Store, prefix = ''): Promise<Map<string, ListedObject>> {
  const out = new Map<string, ListedObject>()
  for await (const o of store.list(prefix)) out.set(o.key, o)
  return out
}
