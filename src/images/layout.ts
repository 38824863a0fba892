import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InputError } from '../errors.js'
import { requireInside } from '../inside.js'
import { showPath } from '../version.js'
import {
  type Descriptor,
  INDEX_TYPES,
  MAX_JSON_BYTES,
  type Platform,
  isDigest,
  parseManifest,
  platformOfConfig
} from './media.js'
import { type Blob, type Manifest, fileRange, readSmallBlob } from './model.js'
import { type TarEntry, resolveEntry } from './tarindex.js'

/** Where a layout's blobs are: files under `blobs/sha256/` of a folder, or members of a tar. */
export interface BlobFiles {
  origin: string
  /** Locates a blob's bytes: a file and a byte range, or undefined when the layout lacks it. */
  locate(digest: string): { path: string; offset: number; size: number } | undefined
  readIndex(): Promise<Buffer>
}

export function layoutDir(dir: string): BlobFiles {
  return {
    origin: showPath(dir),
    locate(digest) {
      const path = join(dir, 'blobs', ...digest.split(':'))
      if (!isDigest(digest) || !existsSync(path)) return undefined
      // A blob symlinked out of the workspace is refused before a byte of it is read.
      const real = requireInside(path, 'files', dir)
      return { path: real, offset: 0, size: statSync(real).size }
    },
    readIndex: async () => readFile(requireInside(join(dir, 'index.json'), 'files', dir))
  }
}

export function layoutTar(path: string, entries: Map<string, TarEntry>): BlobFiles {
  const member = (name: string): TarEntry | undefined => resolveEntry(entries, name)
  return {
    origin: showPath(path),
    locate(digest) {
      const e = isDigest(digest) ? member(`blobs/${digest.replace(':', '/')}`) : undefined
      return e ? { path, offset: e.offset, size: e.size } : undefined
    },
    async readIndex() {
      const e = member('index.json')
      if (!e) throw new Error(`${path}: no index.json`)
      return readRange(path, e.offset, e.size)
    }
  }
}

export async function readRange(path: string, offset: number, size: number): Promise<Buffer> {
  if (size > MAX_JSON_BYTES) throw new Error(`${path}: a ${size}-byte metadata file is not plausible`)
  const parts: Buffer[] = []
  for await (const chunk of await fileRange(path, offset, size)()) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

/** A blob of a layout; its bytes are hashed later, with every other blob, before anything is pushed. */
function blobOf(files: BlobFiles, d: Descriptor): Blob {
  const at = files.locate(d.digest)
  if (!at) throw new Error(`${files.origin}: blob ${d.digest} is missing from the layout`)
  if (at.size !== d.size)
    throw new Error(
      `${files.origin}: blob ${d.digest} is ${at.size} bytes, but its descriptor says ${d.size}; the layout is corrupt`
    )
  return {
    digest: d.digest,
    size: d.size,
    mediaType: d.mediaType,
    open: fileRange(at.path, at.offset, at.size),
    span: at
  }
}

const IMAGE_CONFIGS = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json'
])

/** Loads a manifest (and, for an index, its children) by descriptor, checking every digest. */
export async function loadManifest(
  d: Descriptor,
  readBlob: (d: Descriptor) => Blob,
  where: string
): Promise<Manifest> {
  const bytes = await readSmallBlob(readBlob(d), MAX_JSON_BYTES, where)
  const { json, mediaType } = parseManifest(bytes, d.mediaType, `${where} ${d.digest}`)
  if (INDEX_TYPES.has(mediaType)) {
    const children: Manifest[] = []
    for (const child of json.manifests ?? []) children.push(await loadManifest(child, readBlob, where))
    return {
      digest: d.digest,
      mediaType,
      bytes,
      platform: d.platform,
      annotations: d.annotations,
      blobs: [],
      children,
      origin: where
    }
  }
  const config = readBlob(json.config as Descriptor)
  let platform: Platform | undefined = d.platform
  if (IMAGE_CONFIGS.has(config.mediaType)) {
    const configBytes = await readSmallBlob(config, MAX_JSON_BYTES, where)
    config.checked = true
    platform ??= platformOfConfig(configBytes, `${where} ${config.digest}`)
  }
  const layers = (json.layers ?? []).map(readBlob)
  return {
    digest: d.digest,
    mediaType,
    bytes,
    platform,
    annotations: d.annotations,
    blobs: [config, ...layers],
    children: [],
    origin: where
  }
}

/** Every image named by an OCI layout's index.json (one per tag, or one multi-arch index). */
export async function readLayout(files: BlobFiles): Promise<Manifest[]> {
  let index: { schemaVersion?: number; manifests?: Descriptor[] }
  try {
    index = JSON.parse((await files.readIndex()).toString('utf8')) as typeof index
  } catch (err) {
    if (err instanceof InputError) throw err
    // Not the parser's message: it quotes the file's first characters, which may be someone else's file.
    throw new Error(
      `${files.origin}: index.json is unreadable: ${err instanceof SyntaxError ? 'not valid JSON' : ((err as NodeJS.ErrnoException).code ?? 'read error')}`
    )
  }
  if (!Array.isArray(index.manifests) || index.manifests.length === 0)
    throw new Error(`${files.origin}: index.json lists no images`)
  const out: Manifest[] = []
  const seen = new Set<string>()
  for (const d of index.manifests) {
    if (seen.has(d.digest)) continue
    seen.add(d.digest)
    out.push(await loadManifest(d, desc => blobOf(files, desc), files.origin))
  }
  return out
}
