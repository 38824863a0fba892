import semver from 'semver'
import type { ListedObject } from '../stores/store.js'
import { type ObjectKind, encodeKey, parseObjectName } from './name.js'

/**
 * Listings: `<driverversion>/<arch>/index.{json,html}` per driver version and arch, and a root `index.{json,html}`
 * of driver versions. Built from a listing of the store (pure), so whichever shard writes last writes everything
 * every shard uploaded: nothing is merged from a possibly stale earlier listing.
 */

export const INDEX_FILES = ['index.json', 'index.html'] as const

/** A config's own fields for one object: what the listing shows, never read back from the object's name. */
export interface KernelFields {
  target: string
  kernelrelease: string
  kernelversion: string
  /** The arch folder (`x86_64`, `aarch64`). */
  arch: string
}

export interface ListedDriver {
  name: string
  kind?: ObjectKind
  target?: string
  kernelrelease?: string
  kernelversion?: string
  arch?: string
  size: number
  sha256?: string
  /** ISO 8601, as the store reports it. */
  lastModified?: string
}

/** Driver objects grouped by `<driverversion>/<arch>/`, each list sorted by name. */
export type Grid = Map<string, Map<string, ListedDriver[]>>

/** What the listings know of objects beyond a listing of the store. */
export interface Facts {
  /** The kernel fields of every object a config of this grid produces, by key. */
  fields?: ReadonlyMap<string, KernelFields>
  /** sha256 of objects whose bytes this run hashed, by key. */
  digests?: ReadonlyMap<string, string>
}

/**
 * Keeps the driver objects (`<driverversion>/<arch>/<name>.ko|.o`) of a listing, grouped; the rest is ignored.
 * Kernel fields come from the configs (`facts.fields`); an object no config names (a config since removed) gets
 * what its name tells unambiguously, and fillFromPrevious() may add what an earlier listing recorded.
 */
export function gridOf(objects: Iterable<ListedObject>, driverName?: string, facts: Facts = {}): Grid {
  const grid: Grid = new Map()
  // Runs over every object of every listing built (tens of thousands): slices and one object per entry, not
  // split() arrays and spread-then-clean copies.
  for (const o of objects) {
    const { key } = o
    const first = key.indexOf('/')
    const second = first < 0 ? -1 : key.indexOf('/', first + 1)
    // `<version>/<arch>/<name>.ko|.o`, exactly three segments.
    if (second < 0 || key.indexOf('/', second + 1) >= 0) continue
    const name = key.slice(second + 1)
    if (!name.endsWith('.ko') && !name.endsWith('.o')) continue
    const version = key.slice(0, first)
    const arch = key.slice(first + 1, second)
    const fields = facts.fields?.get(key)
    const driver: ListedDriver = { name, size: o.size }
    if (fields) {
      // A config's object is named by objectKey(), so its name always parses, to the kind its extension says:
      // only the names of objects no config names are read back.
      driver.kind = name.endsWith('.ko') ? 'module' : 'probe'
      driver.target = fields.target
      driver.kernelrelease = fields.kernelrelease
      driver.kernelversion = fields.kernelversion
      driver.arch = fields.arch
    } else {
      const parsed = parseObjectName(name, driverName)
      if (parsed) {
        driver.kind = parsed.kind
        driver.target = parsed.target
        if (parsed.kernelrelease !== undefined) driver.kernelrelease = parsed.kernelrelease
        if (parsed.kernelversion !== undefined) driver.kernelversion = parsed.kernelversion
        driver.arch = arch
      }
    }
    const sha256 = o.sha256 ?? facts.digests?.get(key)
    if (sha256 !== undefined) driver.sha256 = sha256
    if (o.lastModified !== undefined) driver.lastModified = o.lastModified
    let arches = grid.get(version)
    if (!arches) grid.set(version, (arches = new Map<string, ListedDriver[]>()))
    const list = arches.get(arch)
    if (list) list.push(driver)
    else arches.set(arch, [driver])
  }
  for (const arches of grid.values()) for (const list of arches.values()) list.sort(byName)
  return grid
}

/** Drops undefined fields, so the JSON is the same whichever way an entry was put together. */
function clean<T extends object>(d: T): T {
  // A loop, not Object.entries/fromEntries: this runs for every object of every listing built (tens of thousands).
  const out: Record<string, unknown> = {}
  for (const k in d) if (d[k] !== undefined) out[k] = d[k]
  return out as T
}

/**
 * Completes entries from the listing this prefix had before (`previous`): the sha256 of an object whose size and
 * last-modified date are unchanged (so are its bytes), and the kernel fields of an object no config names any
 * more. Returns the entries whose sha256 is still to be asked of the store: new or changed objects.
 */
export function fillFromPrevious(
  drivers: ListedDriver[],
  previous: ListedDriver[] | undefined
): ListedDriver[] {
  const before = new Map((previous ?? []).map(p => [p.name, p]))
  const ask: ListedDriver[] = []
  for (const d of drivers) {
    const p = before.get(d.name)
    if (p && d.kernelrelease === undefined && p.kernelrelease !== undefined)
      Object.assign(
        d,
        clean({
          target: p.target,
          kernelrelease: p.kernelrelease,
          kernelversion: p.kernelversion,
          arch: p.arch
        })
      )
    if (d.sha256) continue
    const same = p && p.size === d.size && p.lastModified !== undefined && p.lastModified === d.lastModified
    // Unchanged and hashless before (uploaded by another tool, with no checksum the store can give): asking
    // again would only cost a request per object per run.
    if (same && p.sha256) d.sha256 = p.sha256
    else if (!same) ask.push(d)
  }
  return ask
}

const SHA256 = /^[0-9a-f]{64}$/

/** Reads the entries of a stored `<driverversion>/<arch>/index.json`; undefined when it is not one of ours. */
export function parseArchListing(data: Buffer | undefined): ListedDriver[] | undefined {
  if (!data) return undefined
  let doc: unknown
  try {
    doc = JSON.parse(data.toString('utf8'))
  } catch {
    return undefined
  }
  const objects = (doc as { objects?: unknown } | null)?.objects
  if (!Array.isArray(objects)) return undefined
  const out: ListedDriver[] = []
  for (const o of objects as Record<string, unknown>[]) {
    if (!o || typeof o.name !== 'string' || typeof o.size !== 'number') continue
    const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined)
    out.push(
      clean({
        name: o.name,
        size: o.size,
        target: str('target'),
        kernelrelease: str('kernelrelease'),
        kernelversion: str('kernelversion'),
        arch: str('arch'),
        sha256: SHA256.test(str('sha256') ?? '') ? str('sha256') : undefined,
        lastModified: str('lastModified')
      })
    )
  }
  return out
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

/** Newest semver driver version first, then non-semver (legacy SHA) versions by name. */
export function compareVersions(a: string, b: string): number {
  const va = semver.parse(a)
  const vb = semver.parse(b)
  if (va && vb) return semver.rcompare(va, vb) || (a < b ? -1 : a > b ? 1 : 0)
  if (va) return -1
  if (vb) return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/** The listing of one driver version and arch. */
export function archListing(version: string, arch: string, drivers: ListedDriver[]): Map<string, Uint8Array> {
  const json = {
    driverversion: version,
    arch,
    count: drivers.length,
    // One key order whatever filled an entry in, so equal listings are equal bytes.
    objects: drivers.map(d =>
      clean({
        name: d.name,
        kind: d.kind,
        target: d.target,
        kernelrelease: d.kernelrelease,
        kernelversion: d.kernelversion,
        arch: d.arch,
        size: d.size,
        sha256: d.sha256,
        lastModified: d.lastModified,
        href: encodeURIComponent(d.name)
      })
    )
  }
  const rows = drivers
    .map(
      d =>
        `<tr><td><a href="${encodeURIComponent(d.name)}">${esc(d.name)}</a></td><td>${esc(d.target ?? '')}</td>` +
        `<td>${esc(d.kernelrelease ?? '')}</td><td>${esc(d.kernelversion ?? '')}</td><td>${esc(d.arch ?? '')}</td>` +
        `<td>${d.size}</td><td>${esc(d.lastModified ?? '')}</td><td><code>${esc(d.sha256 ?? '')}</code></td></tr>`
    )
    .join('\n')
  const html = page(
    `${version} / ${arch}: ${drivers.length} prebuilt drivers`,
    `<p><a href="../../index.html">All driver versions</a></p>\n<table>\n` +
      `<tr><th>Object</th><th>Target</th><th>Kernel release</th><th>Kernel version</th><th>Arch</th>` +
      `<th>Bytes</th><th>Last modified</th><th>SHA-256</th></tr>\n${rows}\n</table>`
  )
  const prefix = `${version}/${arch}/`
  return new Map([
    [`${prefix}index.json`, utf8(`${JSON.stringify(json)}\n`)],
    [`${prefix}index.html`, utf8(html)]
  ])
}

/** The root listing: every driver version (newest first) with its arches and counts. */
export function rootListing(grid: Grid): Map<string, Uint8Array> {
  const versions = [...grid.keys()].sort(compareVersions)
  const json = {
    driverversions: versions.map(version => ({
      version,
      arches: [...(grid.get(version) as Map<string, ListedDriver[]>).entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([arch, list]) => ({
          arch,
          count: list.length,
          index: `${encodeKey(`${version}/${arch}`)}/index.json`
        }))
    }))
  }
  const rows = json.driverversions
    .flatMap(v =>
      v.arches.map(
        a =>
          `<tr><td>${esc(v.version)}</td><td><a href="${encodeKey(`${v.version}/${a.arch}`)}/index.html">${esc(a.arch)}</a></td><td>${a.count}</td></tr>`
      )
    )
    .join('\n')
  const html = page(
    'Prebuilt drivers',
    `<table>\n<tr><th>Driver version</th><th>Arch</th><th>Drivers</th></tr>\n${rows}\n</table>`
  )
  return new Map([
    ['index.json', utf8(`${JSON.stringify(json, null, 1)}\n`)],
    ['index.html', utf8(html)]
  ])
}

/**
 * Every listing to write: one per driver version and arch in `prefixes` (or every one in the grid when omitted),
 * and the root. Versions in `dropped` (being pruned) are left out of the root, so it stops naming them first.
 */
export function listings(
  grid: Grid,
  dropped: Set<string>,
  prefixes?: Set<string>,
  /** Listing files already built for some prefixes (from the same entries), by prefix: not built again. */
  built?: ReadonlyMap<string, Map<string, Uint8Array>>
): Map<string, Uint8Array> {
  const kept: Grid = new Map([...grid].filter(([v]) => !dropped.has(v)))
  const out = new Map<string, Uint8Array>()
  for (const [version, arches] of kept)
    for (const [arch, list] of arches) {
      const prefix = `${version}/${arch}/`
      if (!prefixes || prefixes.has(prefix))
        for (const [k, v] of built?.get(prefix) ?? archListing(version, arch, list)) out.set(k, v)
    }
  for (const [k, v] of rootListing(kept)) out.set(k, v)
  return out
}

export function contentTypeOf(key: string): string {
  return key.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8'
}

function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n` +
    `<body><h1>${esc(title)}</h1>\n${body}\n</body></html>\n`
  )
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

const SPECIAL = /[&<>"']/

function esc(text: string): string {
  // Most names need nothing escaped: a test is much cheaper than a replace with a callback, row after row.
  if (!SPECIAL.test(text)) return text
  return text.replace(
    /[&<>"']/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string
  )
}
