import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { constants, createGunzip, createGzip } from 'node:zlib'
import { mapLimit } from '../limit.js'
import { show, showPath } from '../version.js'
import { readRange } from './layout.js'
import { MEDIA, type Platform, platformOfConfig, sha256Digest } from './media.js'
import { type Blob, type Manifest, fileRange } from './model.js'
import type { Scratch } from './scratch.js'
import { type TarEntry, resolveEntry } from './tarindex.js'

interface SaveEntry {
  Config?: string
  RepoTags?: string[] | null
  Layers?: string[]
}

/** Node's gzip writes a fixed header (no name, mtime 0), so the same layer compresses to the same digest. */
const GZIP_LEVEL = constants.Z_DEFAULT_COMPRESSION

/**
 * Reads a `docker save` archive (what build jobs pass between jobs): one image per manifest.json entry.
 * Each layer is checked against the config's diff_ids and, when stored uncompressed (as docker save does),
 * gzip-compressed into the scratch folder (streamed, never in memory) so the pushed image is what `docker
 * push` would send. The manifest is Docker v2 schema 2, built with a fixed key order so a re-push of the same
 * archive has the same digest.
 */
export async function readDockerArchive(
  path: string,
  entries: Map<string, TarEntry>,
  scratch: Scratch,
  concurrency: number
): Promise<Manifest[]> {
  const member = (name: string, what: string): TarEntry => {
    const e = resolveEntry(entries, name)
    if (!e) throw new Error(`${path}: ${what} ${JSON.stringify(name)} is missing from the archive`)
    return e
  }
  const manifestEntry = member('manifest.json', 'the file')
  let list: SaveEntry[]
  try {
    list = JSON.parse(
      (await readRange(path, manifestEntry.offset, manifestEntry.size)).toString('utf8')
    ) as SaveEntry[]
  } catch {
    throw new Error(`${path}: manifest.json is not JSON`)
  }
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${path}: manifest.json lists no images`)
  const out: Manifest[] = []
  for (const [i, item] of list.entries()) {
    // RepoTags are whatever the archive says: quoted and escaped, so a newline in one stays on its line.
    const tags = Array.isArray(item.RepoTags) ? item.RepoTags.map(t => show(String(t))).join(' ') : ''
    const where = `${showPath(path)} (image ${i + 1}${tags ? `, ${tags}` : ''})`
    if (!item.Config || !Array.isArray(item.Layers))
      throw new Error(`${where}: manifest.json lacks Config or Layers`)
    const configEntry = member(item.Config, 'the config')
    const configBytes = await readRange(path, configEntry.offset, configEntry.size)
    const configDigest = sha256Digest(configBytes)
    const named = /([a-f0-9]{64})(?:\.json)?$/.exec(item.Config)?.[1]
    if (named && `sha256:${named}` !== configDigest)
      throw new Error(
        `${where}: the config ${item.Config} hashes to ${configDigest}; the archive is corrupt, nothing was pushed`
      )
    const platform: Platform = platformOfConfig(configBytes, where)
    const diffIds =
      (JSON.parse(configBytes.toString('utf8')) as { rootfs?: { diff_ids?: string[] } }).rootfs?.diff_ids ??
      []
    if (diffIds.length !== item.Layers.length)
      throw new Error(
        `${where}: ${item.Layers.length} layers but the config lists ${diffIds.length} diff_ids`
      )
    const layers = await mapLimit(item.Layers, Math.min(4, concurrency), (name, n) =>
      layerBlob(path, member(name, 'the layer'), diffIds[n], scratch, `${where} layer ${name}`)
    )
    const config: Blob = {
      digest: configDigest,
      size: configBytes.length,
      mediaType: MEDIA.dockerConfig,
      open: fileRange(path, configEntry.offset, configEntry.size),
      checked: true
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { mediaType: config.mediaType, size: config.size, digest: config.digest },
      layers: layers.map(l => ({ mediaType: l.mediaType, size: l.size, digest: l.digest }))
    }
    const bytes = Buffer.from(JSON.stringify(manifest, null, 2))
    out.push({
      digest: sha256Digest(bytes),
      mediaType: MEDIA.dockerManifest,
      bytes,
      platform,
      blobs: [config, ...layers],
      children: [],
      origin: where
    })
  }
  return out
}

async function layerBlob(
  path: string,
  e: TarEntry,
  diffId: string,
  scratch: Scratch,
  where: string
): Promise<Blob> {
  const head = await readRange(path, e.offset, Math.min(4, e.size))
  const corrupt = (got: string): Error =>
    new Error(
      `${where}: the layer hashes to ${got} but the config says ${diffId}; the archive is corrupt, nothing was pushed`
    )
  if (head[0] === 0x1f && head[1] === 0x8b) {
    // Already gzip: pushed as it is, its uncompressed bytes checked against the diff_id; one read gives both
    // digests.
    const diff = createHash('sha256')
    const packed = createHash('sha256')
    await pipeline(
      await fileRange(path, e.offset, e.size)(),
      tap(c => packed.update(c)),
      createGunzip(),
      hashInto(diff)
    )
    const got = `sha256:${diff.digest('hex')}`
    if (got !== diffId) throw corrupt(got)
    return {
      digest: `sha256:${packed.digest('hex')}`,
      size: e.size,
      mediaType: MEDIA.dockerLayerGzip,
      open: fileRange(path, e.offset, e.size),
      checked: true
    }
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528)
    throw new Error(
      `${where}: zstd-compressed layers in docker save archives are not supported; push an OCI layout instead`
    )
  const out = scratch.file('.tar.gz')
  const diff = createHash('sha256')
  const packed = createHash('sha256')
  let size = 0
  await pipeline(
    await fileRange(path, e.offset, e.size)(),
    tap(c => diff.update(c)),
    createGzip({ level: GZIP_LEVEL }),
    tap(c => {
      packed.update(c)
      size += c.length
    }),
    createWriteStream(out)
  )
  const got = `sha256:${diff.digest('hex')}`
  if (got !== diffId) throw corrupt(got)
  if ((await stat(out)).size !== size)
    throw new Error(`${where}: the compressed layer was not written completely`)
  return {
    digest: `sha256:${packed.digest('hex')}`,
    size,
    mediaType: MEDIA.dockerLayerGzip,
    open: fileRange(out, 0, size),
    checked: true
  }
}

function tap(fn: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      fn(chunk)
      done(null, chunk)
    }
  })
}

function hashInto(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done()
    }
  })
}
