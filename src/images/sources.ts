import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { InputError } from '../errors.js'
import { expandBraces } from '../files.js'
import { requireInside } from '../inside.js'
import type { NoFilesPolicy } from '../inputs.js'
import { show } from '../version.js'
import { readDockerArchive } from './archive.js'
import { layoutDir, layoutTar, readLayout } from './layout.js'
import { MEDIA, type Platform, platformKey, sha256Digest } from './media.js'
import type { Manifest } from './model.js'
import { REMOTE_PREFIX, type RemoteRef, parseRemoteRef } from './name.js'
import type { Registry } from './registry.js'
import { readRemote } from './remote.js'
import type { Scratch } from './scratch.js'
import { tarGuard } from './targuard.js'
import { indexTar } from './tarindex.js'
import * as log from '../log.js'

export interface SourceOptions {
  baseDir: string
  ifNoFilesFound: NoFilesPolicy
  insecure: string[]
  scratch: Scratch
  concurrency: number
  registryFor(ref: RemoteRef): Promise<Registry>
}

/**
 * Reads every source of the `files` input: `docker save` archives (`.tar`, or gzipped), OCI image layouts
 * (a folder holding `oci-layout`, or its tar) and registry references (`docker://host/repo:tag`).
 */
export async function readSources(patterns: string[], opts: SourceOptions): Promise<Manifest[]> {
  const out: Manifest[] = []
  const paths: string[] = []
  const globs: string[] = []
  for (const p of patterns) {
    if (p.startsWith(REMOTE_PREFIX)) {
      const ref = parseRemoteRef(p, opts.insecure)
      out.push(await readRemote(ref, await opts.registryFor(ref)))
    } else
      globs.push(
        ...expandBraces(p).map(g =>
          g.startsWith('!') ? `!${anchor(g.slice(1), opts.baseDir)}` : anchor(g, opts.baseDir)
        )
      )
  }
  if (globs.some(g => !g.startsWith('!'))) {
    for (const path of await matchPaths(globs)) {
      const s = await stat(path)
      if (s.isDirectory() ? existsSync(join(path, 'oci-layout')) : s.isFile()) {
        requireInside(path, 'files', opts.baseDir)
        paths.push(path)
      }
    }
  }
  if (paths.length === 0 && out.length === 0) {
    const message = `no image archives or layouts matched ${patterns.map(p => show(p)).join(', ') || '(no pattern given)'} under ${opts.baseDir}`
    if (opts.ifNoFilesFound === 'error')
      throw new InputError(
        'files',
        `${message}. Give docker save archives, OCI layouts or docker:// references.`
      )
    if (opts.ifNoFilesFound === 'warn') log.warning(message)
    else log.info(message)
  }
  for (const path of paths) out.push(...(await readLocal(path, opts)))
  return out
}

/** What @actions/glob would match, by the glob's own rules. */
async function matchPaths(globs: string[]): Promise<string[]> {
  // Plain paths (a layout folder, an archive's name) match themselves when they exist: no need to load the
  // glob library (and the @actions/core and HTTP client it brings) to learn that.
  if (globs.every(g => !/[*?[\]{}~!#\\]/.test(g))) {
    const found = new Set<string>()
    for (const g of globs) {
      const path = resolve(g)
      if (
        await stat(path).then(
          () => true,
          () => false
        )
      )
        found.add(path)
    }
    return [...found].sort()
  }
  const glob = await import('@actions/glob')
  const globber = await glob.create(globs.join('\n'), { matchDirectories: true, implicitDescendants: false })
  return (await globber.glob()).sort()
}

async function readLocal(path: string, opts: SourceOptions): Promise<Manifest[]> {
  if ((await stat(path)).isDirectory()) return readLayout(layoutDir(path))
  let tar = path
  if (await isGzip(path)) {
    // `docker save | gzip`: unpacked once into the scratch folder so members can be read by offset.
    tar = opts.scratch.file('.tar')
    // Checked as it is inflated: a bomb fails after its first blocks, not after filling RUNNER_TEMP.
    await pipeline(
      createReadStream(path),
      createGunzip(),
      tarGuard(show(path)),
      createWriteStream(tar)
    ).catch((err: Error) => {
      throw new InputError('files', err.message)
    })
  }
  let entries
  try {
    entries = await indexTar(tar)
  } catch (err) {
    throw new InputError(
      'files',
      `${show(path)} is not a docker save archive or an OCI layout: ${err instanceof Error ? err.message : String(err)}`
    )
  }
  if (entries.has('manifest.json')) return readDockerArchive(tar, entries, opts.scratch, opts.concurrency)
  if (entries.has('index.json') && entries.has('oci-layout')) return readLayout(layoutTar(tar, entries))
  throw new InputError(
    'files',
    `${show(path)} is neither a docker save archive (manifest.json) nor an OCI layout (oci-layout, index.json).`
  )
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.alloc(2)
    await fh.read(buf, 0, 2, 0)
    return buf[0] === 0x1f && buf[1] === 0x8b
  } finally {
    await fh.close()
  }
}

function anchor(pattern: string, baseDir: string): string {
  return isAbsolute(pattern) ? pattern : join(baseDir, pattern)
}

/**
 * What gets pushed: one source image or index as it is (its exact bytes, so its digest is kept), or several
 * combined into one multi-arch index with each image's platform (indexes among them are flattened; descriptor
 * annotations, such as buildx's `vnd.docker.reference.*` on attestation manifests, are kept). Images that an
 * index among the sources already holds (a layout naming both its index and the per-arch images) are that
 * index. Two images for the same platform are refused.
 */
export function combine(all: Manifest[]): Manifest {
  if (all.length === 0) throw new InputError('files', 'no image to push.')
  const inIndex = new Set(all.flatMap(m => m.children.map(c => c.digest)))
  const manifests = all.filter(
    (m, i) => !inIndex.has(m.digest) && all.findIndex(o => o.digest === m.digest) === i
  )
  if (manifests.length === 1) return manifests[0]
  const children: Manifest[] = []
  const seen = new Map<string, string>()
  for (const m of manifests) {
    for (const child of m.children.length ? m.children : [m]) {
      // A layout may name an image both by its own tag and through an index: one entry.
      if (children.some(c => c.digest === child.digest)) continue
      if (!child.platform)
        throw new InputError(
          'files',
          `${child.origin}: image ${child.digest} has no platform, so it cannot join a multi-arch index.`
        )
      const key = platformKey(child.platform)
      const attestation = child.platform.os === 'unknown'
      const other = seen.get(key)
      if (other && !attestation)
        throw new InputError(
          'files',
          `two images for ${key}: ${other} and ${child.origin}; give one image per platform.`
        )
      seen.set(key, child.origin)
      children.push(child)
    }
  }
  const allDocker = children.every(c => c.mediaType === MEDIA.dockerManifest)
  const mediaType = allDocker ? MEDIA.dockerList : MEDIA.ociIndex
  const index = {
    schemaVersion: 2,
    mediaType,
    manifests: children.map(c => ({
      mediaType: c.mediaType,
      size: c.bytes.length,
      digest: c.digest,
      platform: c.platform as Platform,
      ...descriptorAnnotations(c.annotations)
    }))
  }
  const bytes = Buffer.from(JSON.stringify(index, null, 2))
  return {
    digest: sha256Digest(bytes),
    mediaType,
    bytes,
    blobs: [],
    children,
    origin: `index of ${children.length} images`
  }
}

/** A layout's names for its images (`org.opencontainers.image.ref.name`, containerd's) say nothing in an index. */
const LAYOUT_NAMES = new Set(['org.opencontainers.image.ref.name', 'io.containerd.image.name'])

function descriptorAnnotations(annotations: Record<string, string> | undefined): {
  annotations?: Record<string, string>
} {
  const kept = Object.entries(annotations ?? {}).filter(([k]) => !LAYOUT_NAMES.has(k))
  return kept.length ? { annotations: Object.fromEntries(kept) } : {}
}
