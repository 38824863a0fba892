import { Readable } from 'node:stream'
import { loadManifest } from './layout.js'
import { type Descriptor, parseManifest } from './media.js'
import type { Blob, Manifest } from './model.js'
import { verifying } from './model.js'
import type { RemoteRef } from './name.js'
import type { Registry } from './registry.js'

/**
 * Reads an image (or a multi-arch index) from a registry to copy it: manifests are fetched and checked now;
 * layers are streamed from the source into the destination at push time, hashed on the way, and mounted
 * instead when the destination is another repository of the same registry.
 */
export async function readRemote(ref: RemoteRef, registry: Registry): Promise<Manifest> {
  const { name, reference } = ref
  const where = `docker://${name.display}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`
  const top = await registry.getManifest(name.repository, reference)
  if (!top) throw new Error(`${where} does not exist`)
  const { mediaType } = parseManifest(top.bytes, top.mediaType || undefined, where)
  const cache = new Map<string, Buffer>([[top.digest, top.bytes]])
  const descriptor: Descriptor = { mediaType, digest: top.digest, size: top.bytes.length }

  // Child manifests are fetched ahead (they are small) so loadManifest can stay synchronous per blob.
  const prefetch = async (d: Descriptor): Promise<void> => {
    const bytes = cache.get(d.digest) ?? (await registry.getManifest(name.repository, d.digest))?.bytes
    if (!bytes) throw new Error(`${where}: manifest ${d.digest} is missing from the registry`)
    cache.set(d.digest, bytes)
    const parsed = parseManifest(bytes, d.mediaType, where)
    for (const child of parsed.json.manifests ?? []) await prefetch(child)
  }
  await prefetch(descriptor)

  const blobOf = (d: Descriptor): Blob => {
    const bytes = cache.get(d.digest)
    const open = async (): Promise<Readable> => {
      if (bytes) return Readable.from([bytes])
      const body = await registry.getBlob(name.repository, d.digest)
      const check = verifying(d.digest, d.size, where)
      body.on('error', err => check.destroy(err))
      return body.pipe(check)
    }
    return {
      digest: d.digest,
      size: d.size,
      mediaType: d.mediaType,
      open,
      mountFrom: { registry: name.registry, repository: name.repository },
      checked: !bytes
    }
  }
  return loadManifest(descriptor, blobOf, where)
}
