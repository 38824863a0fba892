import semver from 'semver'
import type { ListedObject } from '../stores/store.js'
import { type ObjectKind, encodeKey, parseObjectName } from './name.js'

/**
 * Listings: `<driverversion>/<arch>/index.{json,html}` per driver version and arch, and a root `index.{json,html}`
 * of driver versions. Built from a listing of the store (pure), so whichever shard writes last writes everything
 * every shard uploaded: nothing is merged from a possibly stale earlier listing.
 */

export const INDEX_FILES = ['index.json', 'index.html'] as const

export interface ListedDriver {
  name: string
  size: number
  kind?: ObjectKind
  target?: string
  kernelrelease?: string
  kernelversion?: string
}

/** Driver objects grouped by `<driverversion>/<arch>/`, each list sorted by name. */
export type Grid = Map<string, Map<string, ListedDriver[]>>

/** Keeps the driver objects (`<driverversion>/<arch>/<name>.ko|.o`) of a listing, grouped; the rest is ignored. */
export function gridOf(objects: Iterable<ListedObject>, driverName?: string): Grid {
  const grid: Grid = new Map()
  for (const o of objects) {
    const parts = o.key.split('/')
    if (parts.length !== 3 || !/\.(ko|o)$/.test(parts[2])) continue
    const [version, arch, name] = parts
    const parsed = parseObjectName(name, driverName)
    const arches = grid.get(version) ?? new Map<string, ListedDriver[]>()
    const list = arches.get(arch) ?? []
    list.push({
      name,
      size: o.size,
      ...(parsed && {
        kind: parsed.kind,
        target: parsed.target,
        kernelrelease: parsed.kernelrelease,
        kernelversion: parsed.kernelversion
      })
    })
    arches.set(arch, list)
    grid.set(version, arches)
  }
  for (const arches of grid.values()) for (const list of arches.values()) list.sort(byName)
  return grid
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
    objects: drivers.map(d => ({ ...d, href: encodeURIComponent(d.name) }))
  }
  const rows = drivers
    .map(
      d =>
        `<tr><td><a href="${encodeURIComponent(d.name)}">${esc(d.name)}</a></td><td>${esc(d.target ?? '')}</td>` +
        `<td>${esc(d.kernelrelease ?? '')}</td><td>${esc(d.kernelversion ?? '')}</td><td>${d.size}</td></tr>`
    )
    .join('\n')
  const html = page(
    `${version} / ${arch}: ${drivers.length} prebuilt drivers`,
    `<p><a href="../../index.html">All driver versions</a></p>\n<table>\n` +
      `<tr><th>Object</th><th>Target</th><th>Kernel release</th><th>Kernel version</th><th>Bytes</th></tr>\n${rows}\n</table>`
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
export function listings(grid: Grid, dropped: Set<string>, prefixes?: Set<string>): Map<string, Uint8Array> {
  const kept: Grid = new Map([...grid].filter(([v]) => !dropped.has(v)))
  const out = new Map<string, Uint8Array>()
  for (const [version, arches] of kept)
    for (const [arch, list] of arches)
      if (!prefixes || prefixes.has(`${version}/${arch}/`))
        for (const [k, v] of archListing(version, arch, list)) out.set(k, v)
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

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string
  )
}
