import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs'
import { basename, dirname, resolve, sep } from 'node:path'
import { applyPlan, sameBytes } from '../apply.js'
import { InputError } from '../errors.js'
import { resolveFiles } from '../files.js'
import { requireInside } from '../inside.js'
import { type Digest, hashBytes, md5File } from '../hash.js'
import { mapLimit } from '../limit.js'
import type { Plan, PlanDelete, PlanWrite, Published } from '../plan.js'
import type { PublishContext, Publisher } from '../publisher.js'
import type { ListedObject, Store } from '../stores/store.js'
import { hasControlChars, show } from '../version.js'
import { type DriverConfig, type InvalidConfig, type ReadHooks, readConfigTree } from './config.js'
import { excluder } from './exclude.js'
import { type Known, findExisting, listAll } from './existing.js'
import { type StatCache, completeGrid } from './complete.js'
import {
  type Facts,
  type KernelFields,
  type ListedDriver,
  archListing,
  contentTypeOf,
  fillFromPrevious,
  gridOf,
  listings,
  parseArchListing,
  rootListing
} from './listing.js'
import {
  type ExpectedObject,
  type Match,
  type MatchedObject,
  expectedObjects,
  matchFiles,
  matchOutputs,
  outputFile
} from './match.js'
import { type OwnListing, ownListing } from './vouch.js'
import { Hasher, type PartialDigest } from './digests.js'
import { objectKey, prefixOf } from './name.js'
import { chooseRetention, storedVersions } from './retention.js'
import { inShard } from './shard.js'
import { addDriversSummary, compact, prefixOfKey } from './summary.js'
import * as log from '../log.js'

/** What plan() learned that apply() reuses: one existence check per run, the versions being pruned. */
interface DriversState {
  known: Known
  /** The prefixes this run publishes to (`<driverversion>/<arch>/`), each as listed in full by plan(). */
  prefixes: Map<string, Map<string, ListedObject>>
  /** Driver versions retention removes: left out of the root listing before their objects are deleted. */
  dropped: Set<string>
  /** What the listings show beyond the store's listing: the configs' fields, this shard's sha256s. */
  facts: Facts
  /** Our own listings of prefixes where they vouched for every object of this run (not listed from the store). */
  own: Map<string, OwnListing>
}
const states = new WeakMap<Plan, DriversState>()

// How many times a sharded run re-lists the store to check its listings still hold every shard's objects.
const LISTING_ROUNDS = 4
// Bad files named in the error message; the log names every one.
const MAX_NAMED = 30
// Skipped configs listed one by one in the published output; the rest are counted.
const MAX_SKIPPED_LISTED = 1000

/**
 * Drivers: objects built by driverkit from the Drivers Build Grid's configs, published as
 * `<driverversion>/<arch>/<driver-name>_<target>_<kernelrelease>_<kernelversion>.ko|.o`, with listings.
 */
export const driversPublisher: Publisher = {
  async plan(ctx) {
    if (ctx.release.type === 'none') throw new Error('no plan for a run that publishes nothing')
    const early = startEarly(ctx)
    try {
      return await planWith(ctx, early)
    } finally {
      early.hasher.close()
    }
  },

  async apply(plan, ctx) {
    const { inputs } = ctx
    const store = await ctx.store()
    const state: DriversState = states.get(plan) ?? {
      known: new Map(),
      dropped: new Set(),
      prefixes: new Map(),
      facts: {},
      own: new Map()
    }
    const options = {
      concurrency: inputs.concurrency,
      cacheControlArtifacts: inputs.cacheControlArtifacts,
      cacheControlIndexes: inputs.cacheControlIndexes
    }
    const artifacts = await applyPlan(
      { ...plan, writes: plan.writes.filter(w => w.role !== 'index'), deletes: [], extra: [] },
      store,
      { ...options, known: state.known }
    )
    // A run that changed nothing only checks the listings it would touch (from the listings plan() already took),
    // instead of listing the whole destination again: the cheap path for a grid that is all there.
    // Versions being pruned must leave the root listing in every shard's run, even one with nothing to upload
    // and nothing to delete itself (only shard 1 deletes): then the listings are always rebuilt.
    const changed =
      artifacts.some(a => a.status !== 'unchanged') || plan.deletes.length > 0 || state.dropped.size > 0
    const indexes =
      (!changed && (await currentListings(plan, store, state, inputs.driverName))) ||
      (await publishListings(plan, store, ctx, state, options))
    const deleted =
      plan.deletes.length > 0
        ? await applyPlan({ ...plan, writes: [], extra: [] }, store, options)
        : ([] as Published[])
    const published = compact([...artifacts, ...indexes, ...deleted, ...plan.extra]).map(p =>
      p.url ? { ...p, url: encodePlus(p.url) } : p
    )
    addDriversSummary(published)
    return published
  }
}

/** plan(), with the work started early (listings read, objects hashed while the configs are read). */
async function planWith(ctx: PublishContext, early: Early): Promise<Plan> {
  const { inputs, release } = ctx
  const { configs, skipped } = await readConfigs(ctx, early)
  const mine = configs.filter(c => inShard(c.path, inputs.shard))
  const { shard } = inputs
  log.info(
    `${configs.length} driverkit config(s)${shard.count > 1 ? `, ${mine.length} in shard ${shard.index}/${shard.count}` : ''}`
  )
  const match = skipOrphansOf(await matchObjects(ctx, configs, mine), skipped)
  refuseOrphans(match)
  const missing = reportMissing(match.missing, ctx)

  const fields = fieldsOf(configs, inputs.driverName)
  const { hashed, known, prefixes, full, own, vouched } = await hashAndLookUp(ctx, match.found, fields, early)

  const writes: PlanWrite[] = []
  const unchanged = new Map<string, number>()
  for (const { o, digest } of hashed) {
    const existing = known.get(o.key)
    if (vouched.has(o.key) || (existing && sameBytes(existing, digest))) {
      unchanged.set(prefixOf(o.config), (unchanged.get(prefixOf(o.config)) ?? 0) + 1)
      continue
    }
    writes.push({
      kind: 'drivers',
      repo: o.config.driverversion,
      key: o.key,
      body: { path: o.file },
      ...digest,
      role: 'artifact',
      // Not immutable, even in a stable run: driverkit builds are not reproducible (toolchains, timestamps), so
      // rebuilding a config gives other bytes under the same key, and the grid rebuilds a config on purpose when
      // it changes (fixed kernel URLs, a new builder image). The key names the config; the newest build wins.
      immutable: false,
      contentType: 'application/octet-stream',
      reason: `${o.kind} for ${o.config.target} ${o.config.kernelrelease} (${o.config.path})${existing ? ', replacing different bytes' : ''}`
    })
  }
  const extra: Published[] = [
    ...[...unchanged].map<Published>(([prefix, count]) => ({
      kind: 'drivers',
      repo: prefix.split('/')[0],
      path: prefix,
      status: 'unchanged',
      role: 'artifact',
      count,
      reason: `${count} object(s) already there with the same bytes`
    })),
    ...missing,
    ...skippedEntries(skipped)
  ]

  const plan: Plan = {
    kind: 'drivers',
    release,
    destination: ctx.destination?.display ?? '',
    writes,
    deletes: [],
    extra,
    notes: []
  }
  const dropped = new Set<string>()
  if (inputs.prune && full) planRetention(plan, ctx, configs, full, dropped)
  const facts: Facts = {
    fields,
    digests: new Map(hashed.map(({ o, digest }) => [o.key, digest.sha256]))
  }
  plan.writes.push(...previewListings(full, known, writes, dropped, inputs.driverName, facts, own))
  states.set(plan, { known, dropped, prefixes, facts, own })
  return plan
}

/** A prefix's stored index.json, as read: its bytes and its entries (undefined when absent or not a listing). */
interface StoredListing {
  data: Buffer | undefined
  entries: ListedDriver[] | undefined
}

/** Work started while the configs are read: each prefix's own listing fetched, the objects hashed. */
interface Early {
  /** Whether our own listings are read at all (trust-listings, and no prune). */
  trust: boolean
  hasher: Hasher
  /** The stored `<prefix>index.json` (undefined when absent or unreadable) and its entries, fetched once. */
  listing(prefix: string): Promise<StoredListing>
  onConfig(config: DriverConfig): void
  /** The number of configs about to be read: a grid big enough gets the worker started before them. */
  onFound(count: number): void
  /** The worker reads the config files ahead of this thread's parsing, before it hashes. */
  readAhead: ReadHooks['readAhead']
}

/**
 * Starts, for each valid config of this shard as soon as it is read, the GET of its prefix's listing and the
 * hashing of its built files (on the worker thread, announced by the output paths the config names; the files
 * are checked by matchObjects() before any digest is used). With `files` globs the objects are only known after
 * the configs, so nothing is hashed early.
 */
function startEarly(ctx: PublishContext): Early {
  const { inputs } = ctx
  const trust = inputs.trustListings && !inputs.prune
  const reads = new Map<string, Promise<StoredListing>>()
  // The object names of each listing read so far (null: none readable): an object it names needs no md5.
  const names = new Map<string, Set<string> | null>()
  const listing = (prefix: string): Promise<StoredListing> => {
    let read = reads.get(prefix)
    if (!read) {
      // Unreadable counts as absent: the store's listing decides then, and reports the store's error if any.
      read = ctx
        .store()
        .then(store => store.read(`${prefix}index.json`))
        .catch(() => undefined)
        .then(data => {
          const entries = parseArchListing(data)
          names.set(prefix, entries ? new Set(entries.map(e => e.name)) : null)
          return { data, entries }
        })
      reads.set(prefix, read)
    }
    return read
  }
  // md5 is only for S3 ETags (the store's answer) and uploads: skipped for objects a listing may vouch for. One
  // still missing when the store has to decide is computed then.
  const hasher = new Hasher((_, key) => {
    if (!trust) return true
    const prefix = prefixOfKey(key)
    const listed = names.get(prefix)
    return listed !== undefined && !listed?.has(key.slice(prefix.length))
  })
  let outputDir: string | undefined
  if (inputs.files.length === 0)
    try {
      outputDir = resolve(ctx.baseDir, inputs.outputDir || '.')
      requireInside(outputDir, 'output-dir', ctx.baseDir)
    } catch {
      outputDir = undefined // matchObjects() says why, in its turn
    }
  // The store's module and credentials are loaded while the config folder is read, not on the first config
  // (a store that cannot be opened fails the plan where it is first needed, with its error).
  void ctx.store().catch(() => undefined)
  return {
    trust,
    hasher,
    listing,
    onFound(count) {
      if (outputDir) hasher.expect(count)
    },
    readAhead: (paths, maxBytes) => hasher.readAhead(paths, maxBytes),
    onConfig(config) {
      if (!inShard(config.path, inputs.shard)) return
      if (trust) void listing(prefixOf(config))
      if (outputDir)
        for (const kind of ['module', 'probe'] as const) {
          const output = config[kind]
          // The same path matchOutputs() builds, so the digest is found by it.
          if (output) hasher.add(outputFile(outputDir, output), objectKey(inputs.driverName, config, kind))
        }
    }
  }
}

/** What the store holds, as far as the store was asked (or listed in full, for retention). */
interface LookedUp {
  full: Map<string, ListedObject> | undefined
  known: Known
  prefixes: Map<string, Map<string, ListedObject>>
}

/** The objects hashed, and what is known of each one's key: vouched for by our own listing, or the store's answer. */
interface Existing extends LookedUp {
  hashed: { o: MatchedObject; digest: Digest }[]
  /** Keys our own listing names with the local file's sha256 and size: unchanged, the store was not asked. */
  vouched: Set<string>
  /** Our own listings of prefixes where every object of this run is vouched for (so apply can reuse them). */
  own: Map<string, OwnListing>
}

/**
 * Hashes the objects while finding out what the store holds. With trust-listings (and no prune, which needs the
 * whole store listed), each prefix's own index.json is read first: an object it lists with the local sha256 and
 * size is unchanged; the store is asked only about the others, and about every object of a prefix whose listing
 * is missing, unreadable or not ours. Otherwise every prefix is listed, as before. Reads and listings mostly wait
 * on the network, hashing on the CPU: they overlap. A file that cannot be read still fails the run first.
 */
async function hashAndLookUp(
  ctx: PublishContext,
  found: MatchedObject[],
  fields: Facts['fields'],
  early: Early
): Promise<Existing> {
  const { inputs } = ctx
  const lookUps: Promise<LookedUp>[] = []
  const ask = (keys: string[]): void => {
    if (keys.length === 0) return
    const looked = lookUp(ctx, keys)
    looked.catch(() => undefined) // awaited below; this only keeps it from counting as unhandled meanwhile
    lookUps.push(looked)
  }
  const settle = () => Promise.allSettled(lookUps)
  const own = new Map<string, OwnListing>()
  let reading: Promise<unknown> = Promise.resolve()
  if (!early.trust) ask(found.map(o => o.key))
  else {
    const byPrefix = new Map<string, string[]>()
    for (const o of found) {
      const prefix = prefixOf(o.config)
      const keys = byPrefix.get(prefix)
      if (keys) keys.push(o.key)
      else byPrefix.set(prefix, [o.key])
    }
    reading = mapLimit([...byPrefix], Math.min(inputs.concurrency, 4), async ([prefix, keys]) => {
      const { data, entries } = await early.listing(prefix)
      const listing = ownListing(prefix, data, fields, inputs.driverName, entries)
      if (listing) own.set(prefix, listing)
      else ask(keys)
    })
  }
  const digests = await early.hasher
    .all(
      found.map(o => ({ file: o.file, tag: o.key })),
      Math.max(inputs.concurrency, 16)
    )
    .catch(async (err: unknown) => {
      await reading.catch(() => undefined)
      await settle()
      throw err
    })
  const hashed = found.map((o, i) => ({ o, digest: digests[i] }))
  await reading
  const vouched = new Set<string>()
  const doubted = new Set<string>()
  const doubts: { o: MatchedObject; digest: PartialDigest }[] = []
  for (const h of hashed) {
    const prefix = prefixOf(h.o.config)
    const listing = own.get(prefix)
    if (!listing) continue
    const listed = listing.byName.get(h.o.key.slice(prefix.length))
    if (listed && listed.size === h.digest.size && listed.sha256 === h.digest.sha256) vouched.add(h.o.key)
    else {
      doubts.push(h)
      doubted.add(prefix)
    }
  }
  ask(doubts.map(h => h.o.key))
  for (const prefix of doubted) own.delete(prefix)
  // Every object the store decides about is compared by md5 where the store lists no sha256 (an S3 ETag).
  await mapLimit(
    hashed.filter(h => !vouched.has(h.o.key) && !h.digest.md5),
    Math.max(inputs.concurrency, 16),
    async h => {
      h.digest.md5 = await md5File(h.o.file)
    }
  ).catch(async err => {
    await settle()
    throw err
  })
  const looked = await Promise.all(lookUps)
  const known: Known = new Map()
  const prefixes = new Map<string, Map<string, ListedObject>>()
  for (const l of looked) {
    for (const [k, v] of l.known) known.set(k, v)
    for (const [k, v] of l.prefixes) prefixes.set(k, v)
  }
  return {
    full: looked.find(l => l.full)?.full,
    known,
    prefixes,
    hashed: hashed as { o: MatchedObject; digest: Digest }[],
    vouched,
    own
  }
}

/**
 * What the store holds for these keys. Retention needs every driver version in the store: one listing of
 * everything, which also answers "is it there already?" for free. Without prune, only the prefixes this run
 * writes to are listed.
 */
async function lookUp(ctx: PublishContext, keys: string[]): Promise<LookedUp> {
  const store = await ctx.store()
  const full = ctx.inputs.prune ? await listAll(store) : undefined
  const prefixes = new Map<string, Map<string, ListedObject>>()
  const known = await findExisting(store, keys, ctx.inputs.concurrency, full, prefixes)
  return { full, known, prefixes }
}

/** The valid configs, and the invalid ones skipped under on-invalid-config: warn. */
interface Configs {
  configs: DriverConfig[]
  skipped: InvalidConfig[]
}

/**
 * Reads and validates every config not excluded. An invalid one fails the run here, before anything is written
 * (on-invalid-config: error), or is skipped with a warning naming it (warn).
 */
async function readConfigs(ctx: PublishContext, hooks?: ReadHooks): Promise<Configs> {
  const { inputs } = ctx
  if (!inputs.driverkitConfig)
    throw new InputError(
      'driverkit-config',
      "is required for kind 'drivers': the folder of driverkit configs (<driverversion>/<x86_64|aarch64>/<target>_<kernelrelease>_<kernelversion>.yaml)."
    )
  const dir = resolve(ctx.run.workspace, inputs.driverkitConfig)
  // The folder itself may be a symlink or a path out of the workspace; the files in it are never symlinks.
  requireInside(dir, 'driverkit-config', ctx.run.workspace)
  const exclude = excluder(inputs.driverkitConfigExclude)
  const tree = await readConfigTree(dir, exclude, hooks).catch(err => {
    throw new InputError('driverkit-config', `${(err as Error).message}.`)
  })
  if (tree.excluded.length > 0)
    log.info(`${tree.excluded.length} config(s) left out by driverkit-config-exclude`)
  const dupes = duplicates(tree.configs)
  const found: InvalidConfig[] = [...tree.invalid, ...dupes]
  const configs = tree.configs.filter(c => !dupes.some(d => d.path === c.path))
  // File names may hold anything, newlines and `::` included: shown quoted and escaped wherever they are printed
  // (the plan goes to the log as plain lines), so no file name can start a workflow command.
  const invalid = found.map(bad => ({ ...bad, path: printable(bad.path) }))
  if (invalid.length > 0 && inputs.onInvalidConfig === 'warn') {
    for (const bad of invalid)
      log.warning(`${bad.path}: ${bad.reason}`, { title: 'invalid driverkit config skipped' })
    log.warning(
      `${invalid.length} invalid driverkit config(s) skipped (on-invalid-config: warn); the ${configs.length} valid one(s) are published.`
    )
  } else if (invalid.length > 0) {
    for (const bad of invalid) log.error(`${bad.path}: ${bad.reason}`, { title: 'invalid driverkit config' })
    throw new InputError(
      'driverkit-config',
      `${invalid.length} invalid driverkit config(s) under ${dir}; nothing was published (set on-invalid-config to warn to publish the valid ones, or leave files out with driverkit-config-exclude):\n` +
        named(invalid.map(b => `${b.path}: ${b.reason}`))
    )
  }
  if (configs.length === 0) {
    const message = `no driverkit configs (*.yaml) under ${dir}`
    if (inputs.ifNoFilesFound === 'error')
      throw new InputError('driverkit-config', `${message}. Check the folder, or set if-no-files-found.`)
    if (inputs.ifNoFilesFound === 'warn') log.warning(message)
    else log.info(message)
  }
  return { configs, skipped: invalid }
}

/**
 * A path as printed: as it is, or quoted with its control characters escaped and `##[` broken (the runner reads
 * the legacy `##[command]` form anywhere in a line), so it reads as a name and never as a workflow command.
 */
function printable(path: string): string {
  return hasControlChars(path) || path.includes('##[') ? show(path, 300).replace(/##\[/g, '##\\[') : path
}

/** How each skipped config shows in the published output and the summary (status invalid). */
function skippedEntries(skipped: InvalidConfig[]): Published[] {
  const listed: Published[] = skipped.slice(0, MAX_SKIPPED_LISTED).map(bad => ({
    kind: 'drivers',
    path: bad.path,
    status: 'invalid',
    reason: bad.reason
  }))
  const more = skipped.length - listed.length
  // A whole legacy folder left in would name thousands: the rest is counted (the log names every one).
  if (more > 0)
    listed.push({
      kind: 'drivers',
      status: 'invalid',
      count: more,
      reason: `${more} more invalid config(s) skipped (see the log)`
    })
  return listed
}

/** The configs' own fields of every object they produce, by key: what the listings show. */
function fieldsOf(configs: DriverConfig[], driverName: string): Map<string, KernelFields> {
  const fields = new Map<string, KernelFields>()
  for (const c of configs)
    for (const kind of ['module', 'probe'] as const)
      if (c[kind])
        fields.set(objectKey(driverName, c, kind), {
          target: c.target,
          kernelrelease: c.kernelrelease,
          kernelversion: c.kernelversion,
          arch: c.arch
        })
  return fields
}

/** `a.yaml` and `a.yml` in one folder would publish the same objects twice. */
function duplicates(configs: DriverConfig[]): InvalidConfig[] {
  const seen = new Map<string, string>()
  const out: InvalidConfig[] = []
  for (const c of configs) {
    const id = `${c.driverversion}/${c.arch}/${c.target}_${c.kernelrelease}_${c.kernelversion}`
    const other = seen.get(id)
    if (other) out.push({ path: c.path, reason: `describes the same driver as ${other}` })
    else seen.set(id, c.path)
  }
  return out
}

function named(lines: string[]): string {
  return (
    lines
      .slice(0, MAX_NAMED)
      .map(l => `  ${l}`)
      .join('\n') +
    (lines.length > MAX_NAMED ? `\n  … and ${lines.length - MAX_NAMED} more (see the log)` : '')
  )
}

/** Finds the built objects: driverkit's output paths under output-dir, or the `files` globs when given. */
async function matchObjects(ctx: PublishContext, all: DriverConfig[], mine: DriverConfig[]): Promise<Match> {
  const { inputs } = ctx
  const expected = expectedObjects(mine, inputs.driverName)
  if (inputs.files.length > 0) {
    const files = await resolveFiles(inputs.files, ctx.baseDir, 'ignore')
    return matchFiles(files, all, expected, inputs.driverName)
  }
  const outputDir = resolve(ctx.baseDir, inputs.outputDir || '.')
  requireInside(outputDir, 'output-dir', ctx.baseDir)
  const root = realpathSync.native(outputDir)
  // Each output folder is read once (one readdir instead of a stat per file); a plain file's real path is then its
  // folder's plus its name, and only a symlink is resolved on its own.
  const folders = new Map<string, { real: string; entries: Map<string, Dirent> } | null>()
  const realFile = (file: string): string | undefined => {
    const folder = dirname(file)
    let seen = folders.get(folder)
    if (seen === undefined) {
      try {
        const entries = readdirSync(folder, { withFileTypes: true })
        seen = { real: realpathSync.native(folder), entries: new Map(entries.map(e => [e.name, e])) }
      } catch {
        seen = null
      }
      folders.set(folder, seen)
    }
    const entry = seen?.entries.get(basename(file))
    if (!seen || !entry) return undefined
    if (entry.isFile()) return seen.real + sep + entry.name
    if (!entry.isSymbolicLink()) return undefined
    const real = realpathSync.native(file)
    return statSync(real).isFile() ? real : undefined
  }
  return matchOutputs(expected, outputDir, file => {
    try {
      // A symlinked output must not publish a file from outside output-dir (say, a runner secret).
      const real = realFile(file)
      if (real === undefined) return false
      if (real === root || !real.startsWith(root.endsWith(sep) ? root : root + sep))
        throw new InputError(
          'output-dir',
          `${file} resolves to ${real}, outside ${root}; refusing to publish it.`
        )
      return true
    } catch (err) {
      if (err instanceof InputError) throw err
      return false
    }
  })
}

/**
 * Built files of a skipped (invalid) config are no orphans: their config was named in a warning already. They are
 * left unpublished, with a note in the log; only files no config at all claims are refused.
 */
function skipOrphansOf(match: Match, skipped: InvalidConfig[]): Match {
  const theirs = new Map<string, string>()
  for (const bad of skipped) for (const name of bad.outputs ?? []) theirs.set(name, bad.path)
  if (theirs.size === 0 || match.orphans.length === 0) return match
  const orphans = match.orphans.filter(o => !theirs.has(basename(o.file)))
  const left = match.orphans.length - orphans.length
  if (left > 0) log.info(`${left} built file(s) of skipped configs left unpublished`)
  return { ...match, orphans }
}

function refuseOrphans(match: Match): void {
  if (match.orphans.length === 0) return
  for (const o of match.orphans) log.error(`${o.file}: ${o.reason}`, { title: 'object without a config' })
  throw new InputError(
    'files',
    `${match.orphans.length} file(s) match no driverkit config and would be published under a made-up name; nothing was published:\n` +
      named(match.orphans.map(o => `${o.file}: ${o.reason}`))
  )
}

/** Objects a config promises but the build did not produce, under the if-no-files-found policy. */
function reportMissing(missing: ExpectedObject[], ctx: PublishContext): Published[] {
  if (missing.length === 0) return []
  const lines = missing.map(m => `${m.config.path}: output.${m.kind} ${m.output} was not built`)
  const policy = ctx.inputs.ifNoFilesFound
  if (policy === 'error') {
    for (const l of lines) log.error(l, { title: 'driver object missing' })
    throw new InputError(
      'if-no-files-found',
      `${missing.length} driver object(s) promised by driverkit configs are missing; nothing was published (set if-no-files-found to warn to publish the rest):\n` +
        named(lines)
    )
  }
  const say = policy === 'warn' ? log.warning : log.info
  say(`${missing.length} driver object(s) missing:\n${named(lines)}`)
  return missing.map((m, i) => ({
    kind: 'drivers',
    repo: m.config.driverversion,
    path: m.key,
    status: 'missing',
    role: 'artifact',
    reason: lines[i]
  }))
}

/**
 * Retention: keeps the newest keep-driver-versions semver driver versions and deletes every object of the older
 * ones. In a sharded run every shard leaves them out of the listings but only shard 1 deletes.
 */
function planRetention(
  plan: Plan,
  ctx: PublishContext,
  configs: DriverConfig[],
  full: Map<string, ListedObject>,
  dropped: Set<string>
): void {
  const { inputs } = ctx
  // The versions this grid publishes count as present: they will be, once the objects land.
  const publishing = new Set(configs.map(c => c.driverversion))
  const stored = storedVersions(full.keys())
  const versions = [...stored, ...publishing]
  const absent = inputs.pruneDriverVersions.filter(v => !stored.includes(v))
  if (absent.length > 0)
    plan.notes.push(
      `prune-driver-versions names driver versions the store does not hold: ${absent.join(', ')}`
    )
  const choice = chooseRetention(
    versions,
    inputs.keepDriverVersions,
    publishing,
    new Set(inputs.pruneDriverVersions)
  )
  for (const v of choice.prune) dropped.add(v)
  if (choice.untouched.length > 0)
    plan.notes.push(`retention never touches non-semver driver versions: ${choice.untouched.join(', ')}`)
  if (choice.protectedVersions.length > 0)
    plan.notes.push(
      `kept although older than the newest ${inputs.keepDriverVersions}: ${choice.protectedVersions.join(', ')} (this grid publishes them)`
    )
  if (choice.prune.length === 0) return
  if (inputs.shard.index !== 1) {
    plan.notes.push(
      `shard 1 deletes driver versions ${choice.prune.join(', ')}; this shard only leaves them out of the listings`
    )
    return
  }
  const deletes: PlanDelete[] = [...full.keys()]
    .filter(key => choice.prune.includes(key.split('/')[0]))
    .sort()
    .map(key => ({
      kind: 'drivers',
      repo: key.split('/')[0],
      key,
      reason: inputs.pruneDriverVersions.includes(key.split('/')[0])
        ? `driver version ${key.split('/')[0]} is listed in prune-driver-versions`
        : `driver version ${key.split('/')[0]} is older than the newest ${inputs.keepDriverVersions} (${choice.keep.slice(0, inputs.keepDriverVersions).join(', ')})`
    }))
  plan.deletes.push(...deletes)
}

/**
 * The listings as far as the plan can tell (what is there plus what will be written), so a dry run shows them.
 * apply() rebuilds them from a fresh listing of the store once the objects have landed.
 */
function previewListings(
  full: Map<string, ListedObject> | undefined,
  known: Known,
  writes: PlanWrite[],
  dropped: Set<string>,
  driverName: string,
  facts: Facts,
  own: Map<string, OwnListing>
): PlanWrite[] {
  const objects = new Map<string, ListedObject>(full ?? [])
  const touched = new Set(writes.map(w => prefixOfKey(w.key)))
  for (const [key, info] of known) if (info) objects.set(key, { key, ...info })
  for (const w of writes) objects.set(w.key, { key: w.key, size: w.size })
  for (const key of known.keys()) touched.add(prefixOfKey(key))
  const grid = gridOf(objects.values(), driverName, facts)
  // Prefixes our own listings vouched for in full: their entries as they are, their files already built.
  const built = new Map<string, Map<string, Uint8Array>>()
  for (const [prefix, listing] of own) {
    const [version, arch] = prefix.split('/')
    const arches = grid.get(version) ?? new Map<string, ListedDriver[]>()
    arches.set(arch, listing.drivers)
    grid.set(version, arches)
    touched.add(prefix)
    built.set(prefix, listing.files)
  }
  return listingWrites(listings(grid, dropped, full ? undefined : touched, built), true)
}

function listingWrites(files: Map<string, Uint8Array>, preview: boolean): PlanWrite[] {
  return [...files].map(([key, data]) => ({
    kind: 'drivers',
    repo: key.includes('/') ? key.split('/')[0] : undefined,
    key,
    body: { data },
    ...listingDigest(data),
    role: 'index',
    immutable: false,
    contentType: contentTypeOf(key),
    reason: preview
      ? 'listing (rebuilt from the store once the objects have landed)'
      : 'listing rebuilt from the store'
  }))
}

/**
 * Writes the listings from a listing of the store taken after the objects landed. A sharded run then lists again
 * and rewrites until what it wrote matches the store: whichever shard finishes last, the listings hold every
 * shard's objects, instead of the last writer's view.
 */
async function publishListings(
  plan: Plan,
  store: Store,
  ctx: PublishContext,
  state: DriversState,
  options: { concurrency: number; cacheControlIndexes?: string }
): Promise<Published[]> {
  const { inputs } = ctx
  const { dropped } = state
  const rounds = inputs.shard.count > 1 ? LISTING_ROUNDS : 1
  const results = new Map<string, Published>()
  const cache: StatCache = new Map()
  let previous: Map<string, Uint8Array> | undefined
  for (let round = 0; round < rounds; round++) {
    const all = await listAll(store)
    const grid = new Map(
      [...gridOf(all.values(), inputs.driverName, state.facts)].filter(([v]) => !dropped.has(v))
    )
    await completeGrid(grid, store, inputs.concurrency, cache)
    const files = listings(grid, dropped)
    if (previous && sameFiles(files, previous)) break
    const writes = listingWrites(files, false)
    const known = await findExisting(
      store,
      writes.map(w => w.key),
      inputs.concurrency,
      all
    )
    const done = await applyPlan({ ...plan, writes, deletes: [], extra: [] }, store, { ...options, known })
    for (const d of done)
      if (d.status === 'uploaded' || !results.has(d.path ?? '')) results.set(d.path ?? '', d)
    previous = files
  }
  return [...results.values()]
}

/**
 * The listings this run would write, when they already match the store: each touched `<driverversion>/<arch>/`
 * listing against that prefix's listing from plan(), and the root's entries for those prefixes against the root
 * index.json. Undefined (so everything is rebuilt) as soon as anything differs or is unknown, e.g. after a run
 * that stopped between its objects and its listings.
 */
async function currentListings(
  plan: Plan,
  store: Store,
  state: DriversState,
  driverName: string
): Promise<Published[] | undefined> {
  const touched = new Set(
    [...plan.extra, ...plan.writes]
      .filter(e => e.role === 'artifact')
      .map(e => prefixOfKey('key' in e ? e.key : e.path))
  )
  if (touched.size === 0) return undefined
  // The root listing is read alongside the checks below, not after them (its error, if any, is still the run's).
  const storedRoot = store.read('index.json')
  storedRoot.catch(() => undefined)
  const files = new Map<string, Uint8Array>()
  const counts = new Map<string, number>()
  const heads: Promise<boolean>[] = []
  for (const prefix of touched) {
    const listed = state.prefixes.get(prefix)
    const own = listed ? undefined : state.own.get(prefix)
    if (own) {
      // Vouched for by its own index.json, which plan() found byte for byte as this run would write it: only its
      // index.html is left to check (one HEAD where the store gives a checksum), all prefixes' at once.
      for (const [key, data] of own.files) {
        if (key.endsWith('.html')) {
          const same = sameHead(store, key, data)
          same.catch(() => undefined) // awaited below, unless another prefix already decided
          heads.push(same)
        }
        files.set(key, data)
      }
      counts.set(prefix, own.drivers.length)
      continue
    }
    if (!listed) return undefined
    const grid = gridOf(listed.values(), driverName, state.facts)
    const [version, arch] = prefix.split('/')
    const drivers = grid.get(version)?.get(arch) ?? []
    counts.set(prefix, drivers.length)
    // The stored listing gives the sha256 of the objects this shard did not hash; any object it cannot vouch
    // for (new or changed since) means the listing is out of date. Unneeded when this shard hashed them all.
    const complete = drivers.every(d => d.sha256 && d.kernelrelease !== undefined)
    const storedJson = complete ? undefined : await store.read(`${prefix}index.json`)
    if (!complete && fillFromPrevious(drivers, parseArchListing(storedJson)).length > 0) return undefined
    for (const [key, data] of archListing(version, arch, drivers)) {
      const info = listed.get(key)
      const same =
        storedJson && key.endsWith('.json')
          ? await sameAsStored(store, key, data, storedJson)
          : info && (info.md5 || info.sha256)
            ? sameBytes(info, listingDigest(data))
            : await sameAsStored(store, key, data)
      if (!same) return undefined
      files.set(key, data)
    }
  }
  if (!(await Promise.all(heads)).every(Boolean)) return undefined
  // The root: its stored entries, with this run's prefixes counted afresh, must give back the same bytes.
  const stored = await storedRoot
  if (!stored) return undefined
  let root: { driverversions?: { version: string; arches: { arch: string; count: number }[] }[] }
  try {
    root = JSON.parse(stored.toString('utf8'))
  } catch {
    return undefined
  }
  const grid = new Map<string, Map<string, ListedDriver[]>>()
  for (const v of root.driverversions ?? [])
    for (const a of v.arches ?? []) {
      const arches = grid.get(v.version) ?? new Map<string, ListedDriver[]>()
      arches.set(a.arch, new Array<ListedDriver>(a.count).fill({ name: '', size: 0 }))
      grid.set(v.version, arches)
    }
  for (const [prefix, n] of counts) {
    const [version, arch] = prefix.split('/')
    const arches = grid.get(version) ?? new Map<string, ListedDriver[]>()
    arches.set(arch, new Array<ListedDriver>(n).fill({ name: '', size: 0 }))
    grid.set(version, arches)
  }
  for (const [key, data] of rootListing(grid)) {
    if (!(await sameAsStored(store, key, data, key === 'index.json' ? stored : undefined))) return undefined
    files.set(key, data)
  }
  return [...files].map(
    ([key, data]) =>
      ({
        kind: 'drivers',
        repo: key.includes('/') ? key.split('/')[0] : undefined,
        path: key,
        url: store.url?.(key),
        status: 'unchanged',
        sha256: listingDigest(data).sha256,
        size: data.length,
        role: 'index'
      }) satisfies Published
  )
}

// A listing's bytes are hashed for the plan, checked against the store and reported: once each.
const listingDigests = new WeakMap<Uint8Array, Digest>()

function listingDigest(data: Uint8Array): Digest {
  let digest = listingDigests.get(data)
  if (!digest) listingDigests.set(data, (digest = hashBytes(data)))
  return digest
}

/** The stored object has these bytes: by the checksum a HEAD gives, else by reading it back. */
async function sameHead(store: Store, key: string, data: Uint8Array): Promise<boolean> {
  const info = await store.stat(key)
  if (!info) return false
  return info.md5 || info.sha256
    ? sameBytes(info, listingDigest(data)) === true
    : sameAsStored(store, key, data)
}

async function sameAsStored(store: Store, key: string, data: Uint8Array, stored?: Buffer): Promise<boolean> {
  const current = stored ?? (await store.read(key))
  return current !== undefined && Buffer.compare(current, data) === 0
}

function sameFiles(a: Map<string, Uint8Array>, b: Map<string, Uint8Array>): boolean {
  if (a.size !== b.size) return false
  for (const [k, v] of a) {
    const w = b.get(k)
    if (!w || Buffer.compare(v, w) !== 0) return false
  }
  return true
}

/** URLs shown to users encode `+` as `%2B` (a bare `+` in a URL path is read as a space by some servers). */
export function encodePlus(url: string): string {
  try {
    const u = new URL(url)
    u.pathname = u.pathname.replace(/\+/g, '%2B')
    return u.toString()
  } catch {
    return url
  }
}
