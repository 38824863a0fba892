/**
 * The `dists/<suite>/` tree of an existing apt repository, as other tools write it (apt-ftparchive, reprepro,
 * aptly, Falco's own scripts): its Release parsed without losing anything, and its Packages indexes read in
 * whichever compression they were written. A repository we cannot read fully is an error naming the file, never
 * a smaller index: the packages it lists would vanish for every user.
 */
import { createHash } from 'node:crypto'
import type { Store } from '../stores/store.js'
import { type Paragraph, field, formatParagraph, parseParagraphs } from './control.js'
import { inflateBounded } from './inflate.js'

/** The hash lists of a Release, weakest first, with the by-hash folder names apt-ftparchive uses. */
export const HASHES = [
  { field: 'MD5Sum', alg: 'md5' },
  { field: 'SHA1', alg: 'sha1' },
  { field: 'SHA256', alg: 'sha256' },
  { field: 'SHA512', alg: 'sha512' }
] as const
export type HashField = (typeof HASHES)[number]['field']

/** One file of a Release's hash lists; a hash the old Release did not list is absent. */
export interface HashLine {
  path: string
  size: number
  hashes: Partial<Record<HashField, string>>
}

/** The Release fields this action writes itself; every other field of an existing Release is kept. */
const OWN = new Set(
  ['Origin', 'Label', 'Suite', 'Codename', 'Date', 'Architectures', 'Components', 'Acquire-By-Hash']
    .concat(HASHES.map(h => h.field))
    .map(f => f.toLowerCase())
)
/** Kept fields that would turn false once the Release changes: apt refuses a Release past its Valid-Until. */
const STALE = new Set(['valid-until'])

/** An index file of an arch: plain first (cheapest), then the compressions apt and the tools write. */
const VARIANTS = ['', '.gz', '.xz', '.bz2'] as const

/** Release lists are separated by spaces in Debian's tools, by commas in some home-made ones. */
export const words = (value: string | undefined): string[] => (value ?? '').split(/[\s,]+/).filter(Boolean)

export function hashLine(path: string, data: Uint8Array): HashLine {
  const hashes: HashLine['hashes'] = {}
  for (const h of HASHES) hashes[h.field] = createHash(h.alg).update(data).digest('hex')
  return { path, size: data.length, hashes }
}

export interface OldRelease {
  paragraph: Paragraph
  architectures: string[]
  components: string[]
  lines: Map<string, HashLine>
  byHash: boolean
  /** Fields we do not write (Description, Version, NotAutomatic, …), in their order, minus stale ones. */
  kept: Paragraph
  dropped: string[]
}

/** Parses a Release; throws with the key in the message when it is not a deb822 paragraph with sane lists. */
export function parseRelease(text: string, key: string): OldRelease {
  let paragraph: Paragraph
  try {
    const all = parseParagraphs(text)
    if (all.length !== 1) throw new Error(`expected one paragraph, found ${all.length}`)
    paragraph = all[0]
  } catch (err) {
    throw new Error(`${key} cannot be parsed (${(err as Error).message})`)
  }
  const lines = new Map<string, HashLine>()
  for (const h of HASHES) {
    for (const raw of (field(paragraph, h.field) ?? '').split('\n')) {
      if (!raw.trim()) continue
      const [hash, size, path, extra] = raw.trim().split(/\s+/)
      if (!path || extra !== undefined || !/^[0-9a-f]+$/i.test(hash) || !/^\d+$/.test(size))
        throw new Error(`${key} has a malformed ${h.field} line: ${JSON.stringify(raw.trim().slice(0, 120))}`)
      const line = lines.get(path) ?? { path, size: Number(size), hashes: {} }
      line.hashes[h.field] = hash.toLowerCase()
      lines.set(path, line)
    }
  }
  const kept: Paragraph = []
  const dropped: string[] = []
  for (const [name, value] of paragraph) {
    const lower = name.toLowerCase()
    if (OWN.has(lower)) continue
    if (STALE.has(lower)) dropped.push(name)
    else kept.push([name, value])
  }
  return {
    paragraph,
    architectures: words(field(paragraph, 'Architectures')),
    components: words(field(paragraph, 'Components')),
    lines,
    byHash: /^yes$/i.test(field(paragraph, 'Acquire-By-Hash') ?? ''),
    kept,
    dropped
  }
}

/** Architectures that have a Packages index of `component` in the Release's hash lists. */
export function listedArchitectures(release: OldRelease, component: string): string[] {
  const found = new Set<string>()
  const re = new RegExp(`^${escape(component)}/binary-([^/]+)/Packages(?:\\.(?:gz|xz|bz2|lzma|zst))?$`)
  for (const path of release.lines.keys()) {
    const m = re.exec(path)
    if (m) found.add(m[1])
  }
  return [...found]
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Paths of the Packages variants of one arch (relative to dists/<suite>/). */
export const packagesPaths = (component: string, arch: string): string[] =>
  VARIANTS.map(v => `${component}/binary-${arch}/Packages${v}`)

/** Decompresses an index by its extension; a big cap, as Packages of a large repository run to many MB. */
async function decode(path: string, data: Buffer, key: string): Promise<Buffer> {
  const max = 1 << 30
  try {
    if (path.endsWith('.gz')) return await inflateBounded('gz', data, max, key)
    if (path.endsWith('.xz')) return await inflateBounded('xz', data, max, key)
    if (path.endsWith('.bz2')) {
      const { decode: bunzip } = await import('seek-bzip')
      return Buffer.from(bunzip(data, undefined, true))
    }
    return data
  } catch (err) {
    throw new Error(`${key} cannot be decompressed (${(err as Error).message})`)
  }
}

export interface ReadIndex {
  /** The file the paragraphs came from. */
  key: string
  paragraphs: Paragraph[]
}

/**
 * Reads the Packages index of one arch: by-hash first when the Release asks for it (the copy that matches the
 * Release even while another publisher rewrites the plain files), then the plain file and its compressions.
 * Only variants the Release lists are tried when it lists any. Undefined when the arch has no index at all.
 */
export async function readPackages(
  store: Store,
  dists: string,
  component: string,
  arch: string,
  release: OldRelease | undefined
): Promise<ReadIndex | undefined> {
  const all = packagesPaths(component, arch)
  const listed = release ? all.filter(p => release.lines.has(p)) : []
  const candidates: string[] = []
  for (const path of listed.length ? listed : all) {
    const line = release?.lines.get(path)
    const sha256 = line?.hashes.SHA256
    if (release?.byHash && sha256) candidates.push(`${dirOf(path)}/by-hash/SHA256/${sha256}#${path}`)
    candidates.push(path)
  }
  for (const candidate of candidates) {
    const [where, named] = candidate.split('#')
    const path = named ?? where
    const key = `${dists}/${where}`
    const data = await store.read(key)
    if (!data) continue
    const text = (await decode(path, data, key)).toString('utf8')
    let paragraphs: Paragraph[]
    try {
      paragraphs = parseParagraphs(text)
    } catch (err) {
      throw new Error(`${key} cannot be parsed (${(err as Error).message})`)
    }
    paragraphs.forEach((p, i) => {
      const missing = ['Package', 'Version', 'Architecture', 'Filename'].filter(f => !field(p, f))
      if (missing.length) throw new Error(`${key}: paragraph ${i + 1} has no ${missing.join(', ')} field`)
    })
    return { key, paragraphs }
  }
  if (listed.length)
    throw new Error(
      `${dists}/Release lists ${listed.join(', ')} under ${dists}, but none of them is in the store`
    )
  return undefined
}

export const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/'))

/** Renders a Release: our fields, the kept ones, then every hash list apt-ftparchive writes. */
export function renderRelease(fields: Paragraph, lines: HashLine[]): string {
  const width = Math.max(8, ...lines.map(l => String(l.size).length))
  const list = (name: HashField): string =>
    lines
      .filter(l => l.hashes[name])
      .map(l => `\n ${l.hashes[name]} ${String(l.size).padStart(width)} ${l.path}`)
      .join('')
  const sums: Paragraph = HASHES.map(h => [h.field, list(h.field)] as [string, string]).filter(([, v]) => v)
  return formatParagraph([...fields, ...sums])
}
