import {
  type Facts,
  type ListedDriver,
  archListing,
  fillFromPrevious,
  gridOf,
  parseArchListing
} from './listing.js'

/**
 * One of our own `<driverversion>/<arch>/index.json` listings, as a first answer to "is it there already?": a
 * re-run of a grid that is all there then reads one listing per prefix instead of listing the store (one request
 * per 1000 objects, the slowest part of a re-run).
 */
export interface OwnListing {
  prefix: string
  /** The listed objects by name, as archListing takes them (fields complete, sorted by name in `drivers`). */
  byName: Map<string, ListedDriver>
  drivers: ListedDriver[]
  /** The prefix's listing files rebuilt from these entries: index.json is the stored one, byte for byte. */
  files: Map<string, Uint8Array>
}

/**
 * The stored listing of `prefix` when it is ours and current with the configs: rebuilt from its own entries and
 * the configs' fields, it gives back exactly the stored bytes. Anything else (absent, truncated, not JSON, another
 * tool's or an older format, hand-edited, fields the configs no longer give) is undefined: the store decides.
 * Pure: the caller reads the listing.
 */
export function ownListing(
  prefix: string,
  stored: Buffer | undefined,
  fields: Facts['fields'],
  driverName: string,
  /** `parseArchListing(stored)`, when the caller has it already. */
  entries: ListedDriver[] | undefined = parseArchListing(stored)
): OwnListing | undefined {
  if (!stored || !entries) return undefined
  const [version, arch, rest] = prefix.split('/')
  if (!version || !arch || rest !== '') return undefined
  const objects = entries.map(e => ({
    key: `${prefix}${e.name}`,
    size: e.size,
    sha256: e.sha256,
    lastModified: e.lastModified
  }))
  // Only the listing's own sha256s: this run's digests must not fill in what the listing does not say.
  const drivers = gridOf(objects, driverName, { fields }).get(version)?.get(arch) ?? []
  fillFromPrevious(drivers, entries)
  const files = archListing(version, arch, drivers)
  const json = files.get(`${prefix}index.json`)
  if (!json || drivers.length !== entries.length || Buffer.compare(stored, json) !== 0) return undefined
  return { prefix, byName: new Map(drivers.map(d => [d.name, d])), drivers, files }
}
