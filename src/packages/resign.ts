import { createHash } from 'node:crypto'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { applyPlan } from '../apply.js'
import { InputError, PublishError, errorMessage } from '../errors.js'
import { type Inputs, getInputs } from '../inputs.js'
import { mapLimit } from '../limit.js'
import { type Plan, type PlanWrite, type Published, describePlan, plannedEntries } from '../plan.js'
import { redact } from '../redact.js'
import type { Release } from '../release.js'
import { setOutputs, writeSummary } from '../report.js'
import { openStore, parseDestination } from '../stores/open.js'
import type { Store } from '../stores/store.js'
import { type IndexContext, indexWrite } from './indexer.js'
import { type KeyPair, combineClearsigned, combineDetached, loadKeys, signedExactlyBy } from './keys.js'
import { type Lock, acquireLock, lockOptions } from './lock.js'
import { lockKey } from './publisher.js'
import { type Artifact, readPackage } from './read.js'
import { signRpm } from './rpmsign.js'
import { yumIndexer } from './yum.js'
import * as log from '../log.js'

/** Files a detached `.asc` is made for even when none is there yet: the packages and the checksum lists. */
const PACKAGE = /(\.(deb|rpm|tar\.gz|tgz)|(^|\/)SHA256SUMS)$/
const RELEASE = /(^|\/)dists\/[^/]+\/Release$/
const REPOMD = /(^|\/)repodata\/repomd\.xml$/
/** Written last, after everything they name or sign (as a publish writes them). */
const TOP = /(^|\/)(Release|InRelease|Release\.gpg|repomd\.xml|repomd\.xml\.asc)$/

/** What kind resign found to sign, before anything is read: pure, from one listing of the destination. */
export interface Targets {
  /** `<file>.asc` for every package and every other file that already has a `.asc`. */
  detached: string[]
  /** apt `dists/<codename>/Release`: InRelease and Release.gpg are made from it. */
  releases: string[]
  /** `repodata/repomd.xml`: repomd.xml.asc is made from it. */
  repomds: string[]
  /** `.asc` files whose signed file is gone (reported, left alone). */
  orphans: string[]
}

export function findTargets(keys: Iterable<string>): Targets {
  const all = new Set(keys)
  const t: Targets = { detached: [], releases: [], repomds: [], orphans: [] }
  for (const key of [...all].sort()) {
    if (key.endsWith('/.publish-lock') || key === '.publish-lock') continue
    if (RELEASE.test(key)) t.releases.push(key)
    else if (REPOMD.test(key)) t.repomds.push(key)
    else if (key.endsWith('.asc')) {
      const base = key.slice(0, -4)
      if (REPOMD.test(base)) continue
      if (!all.has(base)) t.orphans.push(key)
      else if (!PACKAGE.test(base)) t.detached.push(base)
    } else if (PACKAGE.test(key)) t.detached.push(key)
  }
  return t
}

/** The repositories (top-level folders) a key belongs to, for the publish locks. */
const repoOf = (key: string): string => key.split('/')[0]

/** Clearsigning normalises line ends and trailing blanks; compare texts the same way. */
const canonical = (text: string): string =>
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map(l => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '')

interface Resigned {
  plan: Plan
  /** Index files the top signatures were made from, with their sha256: re-checked before the top writes. */
  sources: Map<string, string>
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')

function signatureWrite(key: string, data: string | Buffer, reason: string, contentType: string): PlanWrite {
  return { ...indexWrite(repoOf(key), key, data, reason, contentType), kind: 'packages', role: 'signature' }
}

/**
 * Plans the re-signing of a whole repository with `keys` (the first one signs everything; a second one, during a
 * rotation, also signs InRelease and Release.gpg). A signature already made by exactly these keys over the
 * current bytes is left alone, so a re-run (or a run after an interrupted one) only does what is left.
 */
export async function planResign(
  store: Store,
  keys: KeyPair[],
  inputs: Inputs,
  scratch: string
): Promise<Resigned> {
  const concurrency = inputs.concurrency
  const listed = new Map<string, number>()
  for await (const o of store.list('')) listed.set(o.key, o.size)
  const targets = findTargets(listed.keys())
  const primary = keys[0]
  const plan: Plan = {
    kind: 'packages',
    release: RESIGN_RELEASE,
    destination: store.description,
    writes: [],
    deletes: [],
    extra: [],
    notes: []
  }
  const sources = new Map<string, string>()
  const unchanged = (key: string, reason: string): void => {
    plan.extra.push({ kind: 'packages', repo: repoOf(key), path: key, status: 'unchanged', reason })
  }
  // rpms first: a new header signature changes the package's bytes, so its .asc and its repository's metadata
  // are made from the re-signed file (by the yum indexer, as a publish does), and repomd.xml.asc with them.
  const rpmRepos = await resignRpms(store, primary, targets, inputs, scratch, plan)
  for (const repomd of rpmRepos) {
    const data = await store.read(repomd)
    if (data) sources.set(repomd, sha256(data))
  }
  {
    // Detached signatures of artifacts: the key IDs tell whether one is ours (the artifact is not fetched
    // again for that), and only what needs a new signature is streamed to disk and signed.
    await mapLimit(targets.detached, concurrency, async (file, i) => {
      if (plan.writes.some(w => w.key === file)) return // a re-signed rpm: its .asc is made from the new bytes
      const key = `${file}.asc`
      const old = listed.has(key) ? await store.read(key) : undefined
      if (old && (await signatureKeyIdsOf(old)) === primary.signer.keyId) {
        unchanged(key, `already signed by ${primary.signer.keyId}`)
        return
      }
      const path = join(scratch, `d${i}`)
      if (!(await fetchTo(store, file, path))) return
      const armored = await primary.signer.detachFile(path)
      await rm(path, { force: true })
      plan.writes.push(
        signatureWrite(
          key,
          armored,
          `detached signature of ${file} by ${primary.signer.keyId}`,
          'application/pgp-signature'
        )
      )
    })
    for (const repomd of targets.repomds) {
      if (rpmRepos.has(repomd)) continue
      const data = await store.read(repomd)
      if (!data) continue
      sources.set(repomd, sha256(data))
      const key = `${repomd}.asc`
      if (await signedExactlyBy(await store.read(key), [primary], data)) {
        unchanged(key, `already signed by ${primary.signer.keyId}`)
        continue
      }
      plan.writes.push({
        ...signatureWrite(
          key,
          await primary.signer.detach(data),
          'rpm repository metadata signature',
          'application/pgp-signature'
        ),
        role: 'index'
      })
      const keyFile = `${repomd}.key`
      const pub = Buffer.from(primary.signer.publicKey, 'utf8')
      const oldKey = await store.read(keyFile)
      if (oldKey?.equals(pub)) unchanged(keyFile, 'the public key of the signing key already')
      else
        plan.writes.push(
          indexWrite(
            repoOf(keyFile),
            keyFile,
            pub,
            'public key of the rpm repository and package signatures',
            'application/pgp-keys'
          )
        )
    }
    for (const release of targets.releases) {
      const data = await store.read(release)
      if (!data) continue
      sources.set(release, sha256(data))
      const text = data.toString('utf8')
      const dir = release.slice(0, -'Release'.length)
      const inKey = `${dir}InRelease`
      const gpgKey = `${dir}Release.gpg`
      const oldIn = await store.read(inKey)
      const inOk =
        (await signedExactlyBy(oldIn, keys)) &&
        canonical((await readClearText(oldIn as Buffer)) ?? '') === canonical(text)
      if (inOk) unchanged(inKey, `already signed by ${keys.map(k => k.signer.keyId).join(' and ')}`)
      else
        plan.writes.push({
          ...signatureWrite(
            inKey,
            await combineClearsigned(await Promise.all(keys.map(k => k.signer.clearsign(text)))),
            'apt Release, clearsigned',
            'text/plain; charset=utf-8'
          ),
          role: 'index'
        })
      if (await signedExactlyBy(await store.read(gpgKey), keys, data))
        unchanged(gpgKey, `already signed by ${keys.map(k => k.signer.keyId).join(' and ')}`)
      else
        plan.writes.push({
          ...signatureWrite(
            gpgKey,
            await combineDetached(await Promise.all(keys.map(k => k.signer.detach(data)))),
            'apt Release signature',
            'application/pgp-signature'
          ),
          role: 'index'
        })
    }
  }
  for (const o of targets.orphans) plan.notes.push(`${o}: the file it signs is gone; left as it is`)
  plan.writes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  plan.notes.push(
    `${targets.detached.length} detached signature(s), ${targets.repomds.length} repomd.xml, ${targets.releases.length} apt Release file(s); ` +
      `${plan.writes.length} to write, ${plan.extra.length} already signed by ${keys.map(k => k.signer.keyId).join(' and ')}`
  )
  return { plan, sources }
}

/**
 * Gives every rpm the primary key's embedded header signature (rpmsign.ts: kept when it already is ours). The
 * re-signed files replace the old ones (the one case where a stable package's bytes change: the payload and
 * header do not, only the signature header), get a new `.asc`, and their repository's metadata is re-made by
 * the yum indexer. Returns the repomd.xml keys of the repositories whose metadata is re-made.
 */
async function resignRpms(
  store: Store,
  primary: KeyPair,
  targets: Targets,
  inputs: Inputs,
  scratch: string,
  plan: Plan
): Promise<Set<string>> {
  const rpms = targets.detached.filter(k => k.endsWith('.rpm'))
  const changed: Artifact[] = []
  await mapLimit(rpms, inputs.concurrency, async (key, i) => {
    const path = join(scratch, `r${i}-in.rpm`)
    if (!(await fetchTo(store, key, path))) return
    const out = join(scratch, `r${i}-${basename(key)}`)
    const result = await signRpm(path, out, primary.signer)
    await rm(path, { force: true })
    if (result.status === 'kept') {
      await rm(out, { force: true })
      return
    }
    const meta = await readPackage(out)
    const digest = await hashFileInfo(out)
    const write: PlanWrite = {
      kind: 'packages',
      repo: repoOf(key),
      key,
      body: { path: out },
      ...digest,
      role: 'artifact',
      immutable: false,
      contentType: 'application/x-rpm',
      reason: `rpm header signature by ${primary.signer.keyId}${result.replaced.length ? ` (was ${result.replaced.join(', ')})` : ''}`
    }
    plan.writes.push(write)
    plan.writes.push(
      signatureWrite(
        `${key}.asc`,
        await primary.signer.detachFile(out),
        `detached signature of ${key} by ${primary.signer.keyId}`,
        'application/pgp-signature'
      )
    )
    const mtime = Math.floor((await stat(out)).mtimeMs / 1000)
    changed.push({ path: out, name: basename(key), mtime, meta, write })
  })
  const redone = new Set<string>()
  const byRepo = new Map<string, Artifact[]>()
  for (const a of changed) {
    const repo = targets.repomds.find(r => a.write.key.startsWith(r.slice(0, -'repodata/repomd.xml'.length)))
    if (!repo) continue
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), a])
  }
  for (const [repomd, artifacts] of [...byRepo].sort()) {
    const root = repomd.slice(0, -'/repodata/repomd.xml'.length)
    // type stable: re-signing never prunes, whatever the repository.
    const ctx: IndexContext = {
      store,
      inputs,
      type: 'stable',
      signer: primary.signer,
      now: new Date(),
      resigning: true
    }
    const part = await yumIndexer.plan(root, artifacts, ctx)
    plan.writes.push(...part.writes.map(w => ({ ...w, kind: 'packages' as const })))
    plan.deletes.push(...part.deletes)
    plan.notes.push(...part.notes, `${root}: ${artifacts.length} rpm(s) re-signed, metadata re-made`)
    redone.add(repomd)
  }
  return redone
}

async function hashFileInfo(path: string): Promise<{ size: number; sha256: string; md5?: string }> {
  const { hashFile } = await import('../hash.js')
  return hashFile(path)
}

const RESIGN_RELEASE: Release = {
  type: 'none',
  version: '',
  reason: 'kind resign re-signs what the destination holds; it publishes no release',
  prerelease: false
}

async function signatureKeyIdsOf(armored: Buffer): Promise<string> {
  const { signatureKeyIds } = await import('./sign.js')
  return (await signatureKeyIds(armored.toString('utf8'))).sort().join()
}

async function readClearText(armored: Buffer): Promise<string | undefined> {
  const openpgp = await import('openpgp')
  try {
    return (await openpgp.readCleartextMessage({ cleartextMessage: armored.toString('utf8') })).getText()
  } catch {
    return undefined
  }
}

/** Streams an object to a local file (the store's download when it has one); false when it is gone. */
async function fetchTo(store: Store, key: string, path: string): Promise<boolean> {
  if (store.download) return store.download(key, path)
  const data = await store.read(key)
  if (!data) return false
  await writeFile(path, data)
  return true
}

/**
 * Applies a re-sign plan under the repositories' publish locks: detached signatures first, then (after checking
 * that Release and repomd.xml are still the bytes that were signed) repomd.xml.asc, Release.gpg and InRelease.
 * Each top file is read back after it is written; one that does not hold what was written is restored.
 */
export async function applyResign(resigned: Resigned, store: Store, inputs: Inputs): Promise<Published[]> {
  const { plan, sources } = resigned
  const repos = [...new Set(plan.writes.map(w => repoOf(w.key)))].sort()
  const locks: Lock[] = []
  const options = {
    concurrency: inputs.concurrency,
    cacheControlIndexes: inputs.cacheControlIndexes,
    cacheControlArtifacts: inputs.cacheControlArtifacts
  }
  try {
    for (const repo of repos) {
      const lock = await acquireLock(store, lockKey(repo), lockOptions())
      if (lock) locks.push(lock)
    }
    const first = await applyPlan(
      { ...plan, writes: plan.writes.filter(w => !TOP.test(w.key)), deletes: [], extra: [] },
      store,
      options
    )
    for (const [key, digest] of sources) {
      const now = await store.read(key)
      if (!now || sha256(now) !== digest)
        throw new PublishError(
          `${key} changed while the repository was being re-signed (another publisher): its signatures were not replaced. Run the re-sign again.`
        )
    }
    const top = plan.writes.filter(w => TOP.test(w.key))
    const previous = new Map<string, Buffer | undefined>()
    for (const w of top) previous.set(w.key, await store.read(w.key))
    const last = await applyPlan({ ...plan, writes: top, deletes: [], extra: [] }, store, options)
    for (const w of top) {
      const back = await store.read(w.key)
      if (back && sha256(back) === w.sha256) continue
      const old = previous.get(w.key)
      if (old)
        await store.write(
          w.key,
          { data: old },
          { size: old.length, sha256: sha256(old), contentType: w.contentType }
        )
      throw new PublishError(
        `${w.key} does not read back as written in ${store.description}; the previous one was restored.`
      )
    }
    // Replaced metadata files go once the new repomd.xml names the new ones.
    const gone = plan.deletes.length
      ? await applyPlan({ ...plan, writes: [], extra: [] }, store, options)
      : []
    return [...first, ...last, ...gone, ...plan.extra]
  } finally {
    for (const lock of locks) await lock.release().catch(() => undefined)
  }
}

/** kind resign: the whole run (no classification: it re-signs what is there, whatever the event). */
export async function resignRun(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let published: Published[] = []
  let failure: string | undefined
  let inputs: Inputs | undefined
  let store: Store | undefined
  let display: string | undefined
  let scratch: string | undefined
  let outputs: Record<string, string> = {}
  try {
    inputs = getInputs()
    if (!inputs.signingKey)
      throw new InputError(
        'signing-key',
        "is required for kind 'resign': the key (or the new and the old key) to sign with."
      )
    const destination = parseDestination(inputs.destination, env.GITHUB_WORKSPACE || process.cwd())
    display = destination.display
    const keys = await loadKeys(inputs.signingKey, inputs.signingKeyPassphrase)
    log.info(
      `Re-signing with ${keys[0].signer.keyId}${keys[1] ? `, and InRelease/Release.gpg also with ${keys[1].signer.keyId}` : ''}.`
    )
    const opened = await openStore(destination, inputs)
    store = opened
    const current = inputs
    scratch = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'publish-resign-'))
    const dir = scratch
    const resigned = await log.group('Plan', async () => {
      const r = await planResign(opened, keys, current, dir)
      log.info(describePlan(r.plan))
      return r
    })
    if (inputs.dryRun) {
      published = plannedEntries(resigned.plan)
      log.info('Dry run: nothing was written.')
      return
    }
    published = await log.group('Re-sign', () => applyResign(resigned, opened, current))
    // Every signature replaced in place is stale in a CDN in front, as after a publish.
    if (current.cloudfrontDistributionId) {
      const { invalidateCdn } = await import('../cdn/step.js')
      const done = published
      outputs = await log.group('Invalidate CloudFront', () => invalidateCdn(done, current, destination, env))
    }
  } catch (err) {
    failure = redact(errorMessage(err))
  } finally {
    await store?.close().catch(() => undefined)
    if (scratch) await rm(scratch, { recursive: true, force: true })
    setOutputs(RESIGN_RELEASE, published, outputs)
    await writeSummary({
      kind: 'resign',
      release: RESIGN_RELEASE,
      published,
      dryRun: inputs?.dryRun ?? false,
      error: failure,
      destination: display
    }).catch(err => log.warning(`could not write the job summary: ${errorMessage(err)}`))
    if (failure) log.fail(failure)
  }
}
