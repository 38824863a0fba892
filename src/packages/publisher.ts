import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { applyPlan, sameBytes } from '../apply.js'
import { InputError, PublishError } from '../errors.js'
import { resolveFiles } from '../files.js'
import { hashBytes, hashFileWith } from '../hash.js'
import { mapLimit } from '../limit.js'
import type { Plan, PlanWrite, Published } from '../plan.js'
import type { PublishContext, Publisher } from '../publisher.js'
import { type ObjectInfo, PreconditionFailed, type Store } from '../stores/store.js'
import { aptIndexer } from './apt.js'
import { binIndexer } from './bin.js'
import { TOP, commitTop, verifyStored } from './commit.js'
import { embedRpmSignatures, removeSignedCopies } from './embed.js'
import { checkIdentities } from './identities.js'
import { type IndexContext, type RepositoryIndexer } from './indexer.js'
import { type Lock, acquireLock, lockOptions } from './lock.js'
import { type Artifact, readPackage } from './read.js'
import { type PackageFormat, routePackage } from './route.js'
import { type Signer, loadSigner } from './sign.js'
import { yumIndexer } from './yum.js'
import { checkPackageVersion } from './versionrule.js'
import { show } from '../version.js'
import * as log from '../log.js'

export type { RepositoryIndexer } from './indexer.js'

const indexers: Record<PackageFormat, RepositoryIndexer> = {
  deb: aptIndexer,
  rpm: yumIndexer,
  bin: binIndexer
}

/** The key of a repository's publish lock. */
export const lockKey = (repo: string): string => `${repo}/.publish-lock`

/** What plan() knew, for apply(): the packages, the signer, and the index files read (to detect a race). */
interface Planned {
  artifacts: Artifact[]
  signer?: Signer
  reads: Map<string, ObjectInfo | undefined>
}
const planned = new WeakMap<Plan, Planned>()

type Reads = Map<string, ObjectInfo | undefined>
/** The index files each plan (the first one, or a re-merge) was merged from: top files are replaced only if still so. */
const mergedFrom = new WeakMap<Plan, Reads>()

/** Remembers what was read, so apply can tell whether another publisher changed an index since. */
function recording(store: Store, reads: Map<string, ObjectInfo | undefined>): Store {
  return Object.assign(Object.create(store) as Store, {
    async read(key: string) {
      const data = await store.read(key)
      reads.set(key, data ? hashBytes(data) : undefined)
      return data
    }
  })
}

async function planIndexes(plan: Plan, artifacts: Artifact[], ctx: IndexContext): Promise<void> {
  const repos = new Map<string, PackageFormat>()
  for (const a of artifacts) repos.set(a.write.repo as string, a.meta.format)
  for (const [repo, format] of [...repos].sort()) {
    const part = await indexers[format].plan(
      repo,
      artifacts.filter(a => a.write.repo === repo),
      ctx
    )
    plan.writes.push(...part.writes)
    plan.deletes.push(...part.deletes)
    plan.notes.push(...part.notes)
  }
}

/** `<file>.asc`: reuses the existing signature when the artifact is unchanged and it is ours (re-runs are no-ops). */
async function artifactSignature(a: Artifact, signer: Signer, store: Store): Promise<PlanWrite> {
  const key = `${a.write.key}.asc`
  let armored: string | Buffer | undefined
  const existing = await store.stat(a.write.key)
  if (existing && sameBytes(existing, a.write)) {
    const old = await store.read(key)
    // Ours and of exactly these bytes: a half-failed run can leave our signature of an older file here.
    if (await signer.signsFile(old, a.path)) armored = old
  }
  armored ??= await signer.detachFile(a.path)
  const bytes = typeof armored === 'string' ? Buffer.from(armored, 'utf8') : armored
  return {
    kind: 'packages',
    repo: a.write.repo,
    key,
    body: { data: bytes },
    ...hashBytes(bytes),
    role: 'signature',
    immutable: false,
    contentType: 'application/pgp-signature',
    reason: `detached OpenPGP signature of ${a.name}`
  }
}

/** The package-version rule (versionrule.ts): every refusal named at once, before anything is written. */
function checkVersions(
  artifacts: { name: string; meta: { name: string; version: string } }[],
  type: 'dev' | 'stable',
  version: string,
  repository: string
): void {
  const refused: string[] = []
  for (const a of artifacts) {
    const verdict = checkPackageVersion(
      { name: a.meta.name, version: a.meta.version, file: show(a.name) },
      { type, version },
      repository
    )
    if (verdict.action === 'refuse') refused.push(verdict.message)
    else if (verdict.action === 'warn') log.warning(verdict.message)
    else if (verdict.action === 'notice') log.notice(verdict.message)
  }
  if (refused.length > 0) throw new InputError('files', refused.join('\n'))
}

/** Packages: deb, rpm and tarballs, each routed to its stable or dev repository, with signed indexes. */
export const packagesPublisher: Publisher = {
  async plan(ctx) {
    const { inputs, release } = ctx
    if (release.type === 'none') throw new Error('no plan for a run that publishes nothing')
    const type = release.type
    const files = await resolveFiles(inputs.files, ctx.baseDir, inputs.ifNoFilesFound)
    // Read every package first: a corrupt one stops the run before anything is written.
    const artifacts = await mapLimit(files, inputs.concurrency, async path => {
      const meta = await readPackage(path)
      const name = basename(path)
      const route = routePackage(name, type, meta.format === 'bin' ? meta.arch : undefined)
      const [{ extra, ...digest }, info] = await Promise.all([
        hashFileWith(path, meta.format === 'deb' ? (['sha1', 'sha512'] as const) : []),
        stat(path)
      ])
      const write: PlanWrite = {
        kind: 'packages',
        repo: route.repo,
        key: route.key,
        body: { path },
        ...digest,
        role: 'artifact',
        immutable: type === 'stable',
        reason: `${route.format} package ${meta.name} ${meta.version} (${meta.arch}) for the ${type} release ${release.version}`
      }
      const hashes =
        'sha1' in extra ? { sha1: extra.sha1 as string, sha512: extra.sha512 as string } : undefined
      return { path, name, mtime: Math.floor(info.mtimeMs / 1000), meta, write, hashes } satisfies Artifact
    })
    checkIdentities(artifacts)
    checkVersions(artifacts, type, release.version, ctx.run.repository)
    const keys = new Map<string, string>()
    for (const a of artifacts) {
      const other = keys.get(a.write.key)
      if (other) throw new Error(`files '${other}' and '${a.path}' would both be published as ${a.write.key}`)
      keys.set(a.write.key, a.path)
    }

    const signer = inputs.signingKey
      ? await loadSigner(inputs.signingKey, inputs.signingKeyPassphrase)
      : undefined
    if (!signer && type === 'stable' && artifacts.length)
      log.warning(
        'No signing-key: the stable repositories and packages are published unsigned; apt and dnf users will need to disable signature checks. Set signing-key (an armored private key secret).'
      )
    // rpms carry their signature inside (what dnf's gpgcheck checks): the signed copy is what gets published.
    const notes = signer ? await embedRpmSignatures(artifacts, signer, inputs.concurrency) : []
    const plan: Plan = {
      kind: 'packages',
      release,
      destination: ctx.destination?.display ?? '',
      writes: artifacts.map(a => a.write),
      deletes: [],
      extra: [],
      notes
    }
    if (artifacts.length === 0) return plan
    const reads = new Map<string, ObjectInfo | undefined>()
    const store = recording(await ctx.store(), reads)
    if (signer)
      plan.writes.push(
        ...(await mapLimit(artifacts, inputs.concurrency, a => artifactSignature(a, signer, store)))
      )
    await planIndexes(plan, artifacts, { store, inputs, type, signer, now: new Date() })
    planned.set(plan, { artifacts, signer, reads })
    mergedFrom.set(plan, reads)
    return plan
  },

  async apply(plan, ctx) {
    const { inputs } = ctx
    const store = await ctx.store()
    const options = {
      concurrency: inputs.concurrency,
      cacheControlArtifacts: inputs.cacheControlArtifacts,
      cacheControlIndexes: inputs.cacheControlIndexes
    }
    const state = planned.get(plan)
    if (!state) return applyPlan(plan, store, options)
    const repos = [...new Set(state.artifacts.map(a => a.write.repo as string))].sort()
    const locks: Lock[] = []
    try {
      for (const repo of repos) {
        const lock = await acquireLock(store, lockKey(repo), lockOptions())
        if (lock) locks.push(lock)
      }
      if (locks.length < repos.length)
        log.info(
          `${store.description} cannot create a lock object exclusively: index files are re-checked just before they are written instead.`
        )
      const current = await stillCurrent(store, state.reads)
      let final = current ? plan : await replan(plan, state, ctx, store)
      let published: Published[]
      // Top files are replaced only if still what the merge read (S3 If-Match); when another publisher got there
      // first, merge again from what it wrote.
      for (let attempt = 1; ; attempt++) {
        try {
          published = await publishInOrder(final, store, options, locks.length === repos.length)
          break
        } catch (err) {
          if (!(err instanceof PreconditionFailed)) throw err
          if (attempt >= 5)
            throw new PublishError(
              `the indexes in ${store.description} kept being replaced by other publishers (${err.message}); this run's packages are uploaded: re-run the job, and serialize publishers with a workflow concurrency group.`
            )
          log.info(`${err.message}: merging the indexes again.`)
          final = await replan(plan, state, ctx, store, false)
        }
      }
      if (locks.length < repos.length) await converge(plan, state, ctx, store, options)
      // Retention and pruning only once the new top files are live: nothing they or the old ones name goes early.
      return [
        ...published,
        ...(await applyPlan({ ...final, writes: [], extra: [] }, store, options)),
        ...final.extra
      ]
    } finally {
      for (const lock of locks) await lock.release().catch(() => undefined)
      await removeSignedCopies(state.artifacts)
    }
  }
}

/**
 * Artifacts and signatures first, then the index files the top files name (by-hash copies, Packages,
 * repodata), each stage checked in the store before the next names it; then the top files, all or none
 * (commit.ts). Deletes are left to the caller.
 */
async function publishInOrder(
  plan: Plan,
  store: Store,
  options: Parameters<typeof applyPlan>[2],
  exclusive: boolean
): Promise<Published[]> {
  const done: Published[] = []
  const stages = [
    plan.writes.filter(w => w.role !== 'index'),
    plan.writes.filter(w => w.role === 'index' && !TOP.test(w.key))
  ]
  for (const writes of stages) {
    const results = await applyPlan({ ...plan, writes, deletes: [], extra: [] }, store, options)
    done.push(...results)
    // Those found unchanged were just seen in the store with these bytes; the ones written are asked again.
    const written = new Set(results.filter(r => r.status === 'uploaded').map(r => r.path))
    await verifyStored(
      writes.filter(w => written.has(w.key)),
      store,
      options.concurrency
    )
  }
  const tops = plan.writes.filter(w => TOP.test(w.key))
  return [...done, ...(await commitTop(tops, store, options, plan, mergedFrom.get(plan), exclusive))]
}

/** True when every index file read while planning is still what it was (nobody published in between). */
async function stillCurrent(store: Store, reads: Map<string, ObjectInfo | undefined>): Promise<boolean> {
  for (const [key, seen] of reads) {
    if (key.endsWith('.asc') && !TOP.test(key)) continue
    const now = await store.stat(key)
    if (!now !== !seen) return false
    if (
      now &&
      seen &&
      sameBytes(now, { size: seen.size, sha256: seen.sha256 ?? '', md5: seen.md5 }) === false
    )
      return false
  }
  return true
}

const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms))

/**
 * Without an exclusive lock, two publishers can both merge from the same old index, and the later write drops the
 * other's packages. So each one re-reads after writing and merges again until the store holds indexes that already
 * contain its packages, twice in a row, with random pauses so that concurrent publishers interleave.
 */
async function converge(
  plan: Plan,
  state: Planned,
  ctx: PublishContext,
  store: Store,
  options: Parameters<typeof applyPlan>[2]
): Promise<void> {
  let clean = 0
  for (let round = 1; round <= 10 && clean < 2; round++) {
    await sleep(150 + Math.random() * 500)
    const again = await replan(plan, state, ctx, store, false)
    const indexes = again.writes.filter(w => w.role === 'index')
    const only: Plan = { ...again, writes: indexes }
    mergedFrom.set(only, mergedFrom.get(again) as Reads)
    const written = await publishInOrder(only, store, options, false).catch((err: unknown) => {
      if (err instanceof PreconditionFailed) return undefined
      throw err
    })
    if (written?.every(p => p.status === 'unchanged')) clean++
    else {
      clean = 0
      log.info("Another publisher replaced the indexes meanwhile: merged this run's packages in again.")
    }
  }
  if (clean < 2)
    throw new PublishError(
      `the indexes in ${store.description} kept changing under concurrent publishers; this run's packages are uploaded but may be missing from the indexes: re-run the job, and serialize publishers with a workflow concurrency group.`
    )
}

/** Another publisher changed the repository since plan(): merge again from what is there now. */
async function replan(
  plan: Plan,
  state: Planned,
  ctx: PublishContext,
  store: Store,
  announce = true
): Promise<Plan> {
  if (announce)
    log.info('The repository changed since the plan was made (another publisher): merging the indexes again.')
  const type = plan.release.type as 'dev' | 'stable'
  const fresh: Plan = {
    ...plan,
    writes: plan.writes.filter(w => w.role !== 'index'),
    deletes: [],
    notes: []
  }
  const reads: Reads = new Map()
  mergedFrom.set(fresh, reads)
  await planIndexes(fresh, state.artifacts, {
    store: recording(store, reads),
    inputs: ctx.inputs,
    type,
    signer: state.signer,
    now: new Date()
  })
  return fresh
}
