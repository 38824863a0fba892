import { InputError } from '../errors.js'
import { platformKey } from './media.js'
import type { Manifest } from './model.js'
import { TAG } from './name.js'

/** Falco's names for its architectures (`x86_64-0.40.0`, `aarch64-0.40.0`); others keep their OCI name. */
const FALCO_ARCH: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64' }

export function archName(architecture: string): string {
  return FALCO_ARCH[architecture] ?? architecture
}

/** A per-architecture tag and the platform manifest it points at. */
export interface ArchTag {
  tag: string
  manifest: Manifest
}

/**
 * `<arch>-<tag>` for every tag and platform (input arch-tags), each pointing at that platform's manifest (the
 * digest inside the index; the image itself for a single-arch push). Attestations (`unknown` platforms) get
 * none; two platforms with one architecture name (linux/arm/v6 and linux/arm/v7) are refused.
 */
export function archTags(top: Manifest, tags: string[]): ArchTag[] {
  const images = top.children.length ? top.children.filter(c => c.platform?.os !== 'unknown') : [top]
  const byArch = new Map<string, Manifest>()
  for (const m of images) {
    if (!m.platform) continue
    const arch = archName(m.platform.architecture)
    const other = byArch.get(arch)
    if (other)
      throw new InputError(
        'arch-tags',
        `${platformKey(other.platform)} and ${platformKey(m.platform)} would both get the ${arch}-<tag> tags; push them as separate images or set arch-tags: false.`
      )
    byArch.set(arch, m)
  }
  const out: ArchTag[] = []
  for (const [arch, manifest] of byArch)
    for (const t of tags) {
      const tag = `${arch}-${t}`
      if (!TAG.test(tag))
        throw new InputError(
          'arch-tags',
          `${JSON.stringify(tag)} is not a valid image tag (at most 128 characters).`
        )
      out.push({ tag, manifest })
    }
  return out
}
