import type { ObjectInfo, Store } from './store.js'

/**
 * One listing instead of a HEAD per object, for `applyPlan`'s `known` option: the objects under `prefix`
 * whose listing carries a hash (an S3 single-part ETag is the MD5). Objects listed without one (multipart
 * uploads, HTTP servers) are left out, so applyPlan still stats them and decides by sha256.
 *
 * With `keys` (the plan's keys, relative to the store's root like the listing's), each of them under `prefix`
 * that the listing does not show at all is known to be absent (mapped to undefined): a first upload then makes
 * no request but its PUTs. Their writes still verify what the store took, and a stable one is still created
 * only if absent (If-None-Match), so a publisher that created it since the listing is not overwritten.
 *
 * Worth it when a plan is large (re-runs, driver repositories, first uploads); for a handful of objects the
 * HEADs are cheaper than listing a big prefix.
 */
export async function knownObjects(
  store: Store,
  prefix: string,
  keys?: Iterable<string>
): Promise<Map<string, ObjectInfo | undefined>> {
  const known = new Map<string, ObjectInfo | undefined>()
  const listed = new Set<string>()
  for await (const object of store.list(prefix)) {
    listed.add(object.key)
    if (object.sha256 || object.md5)
      known.set(object.key, { size: object.size, sha256: object.sha256, md5: object.md5 })
  }
  for (const key of keys ?? []) if (key.startsWith(prefix) && !listed.has(key)) known.set(key, undefined)
  return known
}
