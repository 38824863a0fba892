import type { ObjectInfo, Store } from './store.js'

/**
 * One listing instead of a HEAD per object, for `applyPlan`'s `known` option: the objects under `prefix`
 * whose listing carries a hash (an S3 single-part ETag is the MD5). Objects listed without one (multipart
 * uploads, HTTP servers) are left out, so applyPlan still stats them and decides by sha256.
 *
 * Worth it when most of a large plan is probably there already (re-runs, driver repositories); for a handful
 * of objects the HEADs are cheaper than listing a big prefix.
 */
export async function knownObjects(store: Store, prefix: string): Promise<Map<string, ObjectInfo>> {
  const known = new Map<string, ObjectInfo>()
  for await (const object of store.list(prefix))
    if (object.sha256 || object.md5)
      known.set(object.key, { size: object.size, sha256: object.sha256, md5: object.md5 })
  return known
}
