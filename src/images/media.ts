import { createHash } from 'node:crypto'

/** The manifest and blob media types pushed and read (Docker v2 schema 2 and OCI). */
export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip'
} as const

export const MANIFEST_TYPES = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest]
export const INDEX_TYPES = new Set<string>([MEDIA.ociIndex, MEDIA.dockerList])

/** Configs and manifests are read into memory; layers never are. */
export const MAX_JSON_BYTES = 16 << 20

export interface Platform {
  os: string
  architecture: string
  variant?: string
  'os.version'?: string
  'os.features'?: string[]
}

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: Platform
  annotations?: Record<string, string>
}

export interface ManifestJson {
  schemaVersion: number
  mediaType?: string
  config?: Descriptor
  layers?: Descriptor[]
  manifests?: Descriptor[]
}

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

const DIGEST = /^sha256:[a-f0-9]{64}$/

export function isDigest(text: unknown): text is string {
  return typeof text === 'string' && DIGEST.test(text)
}

/**
 * Parses manifest bytes and checks the shape we rely on; the media type comes from the bytes or, for OCI
 * manifests that omit it, from the descriptor that pointed at them.
 */
export function parseManifest(
  bytes: Uint8Array,
  hint: string | undefined,
  where: string
): { json: ManifestJson; mediaType: string } {
  let json: ManifestJson
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8')) as ManifestJson
  } catch {
    throw new Error(`${where}: the manifest is not JSON`)
  }
  if (!json || json.schemaVersion !== 2)
    throw new Error(`${where}: only schema version 2 manifests (Docker v2 schema 2, OCI) are supported`)
  const mediaType = json.mediaType ?? hint ?? (json.manifests ? MEDIA.ociIndex : MEDIA.ociManifest)
  if (!MANIFEST_TYPES.includes(mediaType as (typeof MANIFEST_TYPES)[number]))
    throw new Error(`${where}: unsupported manifest media type ${mediaType}`)
  const check = (d: Descriptor | undefined, what: string): void => {
    if (
      !d ||
      !isDigest(d.digest) ||
      !Number.isSafeInteger(d.size) ||
      d.size < 0 ||
      typeof d.mediaType !== 'string'
    )
      throw new Error(`${where}: ${what} is not a valid sha256 descriptor`)
  }
  if (INDEX_TYPES.has(mediaType)) {
    if (!Array.isArray(json.manifests)) throw new Error(`${where}: the index has no manifests`)
    json.manifests.forEach((d, i) => check(d, `manifests[${i}]`))
  } else {
    check(json.config, 'config')
    if (!Array.isArray(json.layers)) throw new Error(`${where}: the manifest has no layers`)
    json.layers.forEach((d, i) => check(d, `layers[${i}]`))
  }
  return { json, mediaType }
}

/** `linux/arm64/v8`: how platforms are shown and compared. */
export function platformKey(p: Platform | undefined): string {
  if (!p) return 'unknown'
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

/** The platform an image config declares. */
export function platformOfConfig(config: Uint8Array, where: string): Platform {
  let json: { os?: unknown; architecture?: unknown; variant?: unknown; 'os.version'?: unknown }
  try {
    json = JSON.parse(Buffer.from(config).toString('utf8')) as typeof json
  } catch {
    throw new Error(`${where}: the image config is not JSON`)
  }
  if (typeof json.os !== 'string' || typeof json.architecture !== 'string')
    throw new Error(`${where}: the image config names no os/architecture`)
  const p: Platform = { os: json.os, architecture: json.architecture }
  if (typeof json.variant === 'string' && json.variant) p.variant = json.variant
  if (typeof json['os.version'] === 'string' && json['os.version']) p['os.version'] = json['os.version']
  return p
}
