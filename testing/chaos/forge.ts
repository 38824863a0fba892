/**
 * Broken packages and images for the bad-input corpus, made byte by byte so a fixture can say exactly what is
 * wrong with them: a .deb (ar + control.tar.gz + data.tar.gz) whose control file says anything, an .rpm whose
 * header says anything or announces absurd sizes, a `docker save` archive and an OCI layout with one fault.
 * Real packages (dpkg-deb, rpmbuild) come from scenarios.ts; both can be cut short with `truncate`.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildDeb, buildRpm } from './scenarios.js'

/** A file (or, for oci-layout, a folder) to make, as a corpus fixture writes it. */
export type Forged =
  /** A real package built by dpkg-deb or rpmbuild (tool 1.5.0, amd64 / x86_64). */
  | { make: 'dpkg-deb' | 'rpmbuild'; truncate?: number }
  | ({ make: 'deb'; truncate?: number } & DebFaults)
  | ({ make: 'rpm'; truncate?: number } & RpmFaults)
  | ({ make: 'docker-save'; fault?: 'layer-digest' } & SaveFaults)
  | {
      make: 'oci-layout'
      fault?: 'missing-manifest' | 'missing-layer'
      /** index.json is a symlink to this path instead of the layout's index. */
      indexSymlink?: string
    }

export interface SaveFaults {
  /** The RepoTags of manifest.json (JSON escapes give newlines and control characters). */
  repoTags?: string[]
  /** `docker save | gzip`. */
  gzip?: boolean
  /** Gzipped, followed by this many MiB of zeros in more gzip members (a bomb: ~1 KiB per MiB). */
  bombMiB?: number
}

export interface DebFaults {
  /** Control fields over Package tool, Version 1.5.0, Architecture amd64 (JSON escapes give control chars). */
  fields?: Record<string, string>
  /** The control member decompresses to this many MiB of zeros (a gzip bomb: ~1 KiB per MiB). */
  bombMiB?: number
  /** The size the ar header announces for the control member, whatever its real size. */
  controlSize?: string
}

export interface RpmFaults {
  name?: string
  version?: string
  arch?: string
  /** The lead's magic, in hex (edabeedb for an rpm). */
  leadMagic?: string
  /** The main header's index entry count and data length, as announced (not as written). */
  indexCount?: number
  dataLength?: number
}

/** Writes `spec` at `path` (a folder for oci-layout). */
export function forge(path: string, spec: Forged): void {
  if (spec.make === 'oci-layout') return ociLayout(path, spec.fault, spec.indexSymlink)
  let bytes: Buffer
  switch (spec.make) {
    case 'dpkg-deb':
    case 'rpmbuild':
      bytes = real(spec.make)
      break
    case 'deb':
      bytes = deb(spec)
      break
    case 'rpm':
      bytes = rpm(spec)
      break
    case 'docker-save':
      bytes = dockerSave(spec.fault, spec)
      break
  }
  const { truncate } = spec as { truncate?: number }
  // truncate: bytes to keep (negative: bytes to cut from the end).
  if (truncate !== undefined) bytes = bytes.subarray(0, truncate < 0 ? bytes.length + truncate : truncate)
  writeFileSync(path, bytes)
}

const realCache = new Map<string, Buffer>()

function real(tool: 'dpkg-deb' | 'rpmbuild'): Buffer {
  const cached = realCache.get(tool)
  if (cached) return cached
  const dir = mkdtempSync(join(tmpdir(), 'pa-forge-'))
  try {
    const file =
      tool === 'dpkg-deb' ? buildDeb(dir, 'tool', '1.5.0', 'amd64') : buildRpm(dir, 'tool', '1.5.0', 'x86_64')
    const bytes = readFileSync(file)
    realCache.set(tool, bytes)
    return bytes
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A ustar archive of plain files (what control.tar and data.tar hold). */
export function tar(files: Record<string, Buffer>): Buffer {
  const blocks: Buffer[] = []
  for (const [name, data] of Object.entries(files)) {
    const h = Buffer.alloc(512)
    h.write(name, 0, 100, 'utf8')
    h.write('0000644\0', 100)
    h.write('0000000\0', 108)
    h.write('0000000\0', 116)
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
    h.write('00000000000\0', 136)
    h.write('        ', 148)
    h.write('0', 156)
    h.write('ustar\0' + '00', 257, 'latin1')
    let sum = 0
    for (const b of h) sum += b
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

function arMember(name: string, data: Buffer, announced?: string): Buffer {
  const h = Buffer.alloc(60, ' ')
  h.write(name, 0, 'latin1')
  h.write('0', 16)
  h.write('0', 28)
  h.write('0', 34)
  h.write('100644', 40)
  h.write(announced ?? String(data.length), 48, 10, 'latin1')
  h.write('`\n', 58, 'latin1')
  return Buffer.concat([h, data, data.length % 2 ? Buffer.from('\n') : Buffer.alloc(0)])
}

function deb(f: DebFaults): Buffer {
  const fields = {
    Package: 'tool',
    Version: '1.5.0',
    Architecture: 'amd64',
    Maintainer: 'Test <test@example.org>',
    Description: 'a forged package',
    ...f.fields
  }
  const control = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('')
  let controlTar: Buffer
  if (f.bombMiB) {
    // Concatenated gzip members decompress as one stream: 16 KiB of gzip per 16 MiB of zeros.
    const chunk = gzipSync(Buffer.alloc(16 << 20))
    controlTar = Buffer.concat(new Array<Buffer>(Math.ceil(f.bombMiB / 16)).fill(chunk))
  } else controlTar = gzipSync(tar({ './control': Buffer.from(control) }))
  const data = gzipSync(tar({ './usr/share/tool/VERSION': Buffer.from('1.5.0\n') }))
  return Buffer.concat([
    Buffer.from('!<arch>\n', 'latin1'),
    arMember('debian-binary', Buffer.from('2.0\n')),
    arMember('control.tar.gz', controlTar, f.controlSize),
    arMember('data.tar.gz', data)
  ])
}

const RPM_STRING = 6
const RPM_INT32 = 4

/** An rpm header structure: magic, counts, index entries, then the data store. */
function rpmHeader(
  tags: [tag: number, type: number, value: string | number][],
  announce?: { il?: number; dl?: number }
): Buffer {
  const index: Buffer[] = []
  const store: Buffer[] = []
  let at = 0
  for (const [tag, type, value] of tags) {
    let data: Buffer
    if (type === RPM_STRING) data = Buffer.from(`${value}\0`)
    else {
      // INT32 values are 4-byte aligned in the store.
      const pad = (4 - (at % 4)) % 4
      store.push(Buffer.alloc(pad))
      at += pad
      data = Buffer.alloc(4)
      data.writeUInt32BE(value as number)
    }
    const e = Buffer.alloc(16)
    e.writeUInt32BE(tag, 0)
    e.writeUInt32BE(type, 4)
    e.writeUInt32BE(at, 8)
    e.writeUInt32BE(1, 12)
    index.push(e)
    store.push(data)
    at += data.length
  }
  const intro = Buffer.alloc(16)
  intro.writeUInt32BE(0x8eade801, 0)
  intro.writeUInt32BE(announce?.il ?? tags.length, 8)
  intro.writeUInt32BE(announce?.dl ?? at, 12)
  return Buffer.concat([intro, ...index, ...store])
}

function rpm(f: RpmFaults): Buffer {
  const lead = Buffer.alloc(96)
  lead.write(f.leadMagic ?? 'edabeedb', 0, 'hex')
  lead.writeUInt8(3, 4)
  lead.writeUInt16BE(1, 8)
  lead.write('tool-1.5.0-1', 10, 'latin1')
  lead.writeUInt16BE(1, 76)
  lead.writeUInt16BE(5, 78)
  const sig = rpmHeader([[1000, RPM_INT32, 1024]])
  const sigPadded = Buffer.concat([sig, Buffer.alloc((8 - (sig.length % 8)) % 8)])
  const header = rpmHeader(
    [
      [1000, RPM_STRING, f.name ?? 'tool'],
      [1001, RPM_STRING, f.version ?? '1.5.0'],
      [1002, RPM_STRING, '1'],
      [1004, RPM_STRING, 'a forged package'],
      [1022, RPM_STRING, f.arch ?? 'x86_64']
    ],
    { il: f.indexCount, dl: f.dataLength }
  )
  return Buffer.concat([lead, sigPadded, header, Buffer.from('a payload that is never read\n')])
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

function imageParts(): { layer: Buffer; config: Buffer } {
  const layer = tar({ 'etc/tool-release': Buffer.from('tool 1.5.0\n') })
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/tool'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(layer)}`] }
    })
  )
  return { layer, config }
}

/** `docker save` of one image; layer-digest: the layer's bytes no longer hash to the config's diff_id. */
function dockerSave(fault?: 'layer-digest', f: SaveFaults = {}): Buffer {
  const { layer, config } = imageParts()
  const configName = `${sha256(config)}.json`
  const layerName = `${sha256(layer)}/layer.tar`
  const stored = fault === 'layer-digest' ? Buffer.from(layer).fill(0x41, 600, 620) : layer
  const manifest = [
    { Config: configName, RepoTags: f.repoTags ?? ['example/app:1.5.0'], Layers: [layerName] }
  ]
  const archive = tar({
    [configName]: config,
    [layerName]: stored,
    'manifest.json': Buffer.from(JSON.stringify(manifest))
  })
  if (!f.gzip && !f.bombMiB) return archive
  const zeros = f.bombMiB
    ? new Array<Buffer>(Math.ceil(f.bombMiB / 16)).fill(gzipSync(Buffer.alloc(16 << 20)))
    : []
  return Buffer.concat([gzipSync(archive), ...zeros])
}

/** An OCI layout of one image; a fault leaves out the blob index.json (or the manifest) names. */
function ociLayout(dir: string, fault?: 'missing-manifest' | 'missing-layer', indexSymlink?: string): void {
  const { layer, config } = imageParts()
  const layerGz = gzipSync(layer)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${sha256(config)}`,
        size: config.length
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: `sha256:${sha256(layerGz)}`,
          size: layerGz.length
        }
      ]
    })
  )
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${sha256(manifest)}`,
        size: manifest.length,
        annotations: { 'org.opencontainers.image.ref.name': '1.5.0' }
      }
    ]
  }
  const blobs = join(dir, 'blobs', 'sha256')
  mkdirSync(blobs, { recursive: true })
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  if (indexSymlink) symlinkSync(indexSymlink, join(dir, 'index.json'))
  else writeFileSync(join(dir, 'index.json'), JSON.stringify(index))
  writeFileSync(join(blobs, sha256(config)), config)
  if (fault !== 'missing-layer') writeFileSync(join(blobs, sha256(layerGz)), layerGz)
  if (fault !== 'missing-manifest') writeFileSync(join(blobs, sha256(manifest)), manifest)
}
