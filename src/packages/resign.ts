import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
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
import { indexWrite } from './indexer.js'
import { type KeyPair, combineClearsigned, combineDetached, loadKeys, signedExactlyBy } from './keys.js'
import { type Lock, acquireLock, lockOptions } from './lock.js'
import { lockKey } from './publisher.js'

/** Files a detached `.asc` is made for even when none is there yet: the packages and the checksum lists. */
const PACKAGE = /(\.(deb|rpm|tar\.gz|tgz)|(^|\/)SHA256SUMS)$/
const RELEASE = /(^|\/)dists\/[^/]+\/Release$/
const REPOMD = /(^|\/)repodata\/repomd\.xml$/

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
export async function planResign(store: Store, keys: KeyPair[], concurrency: number): Promise<Resigned> {
  const listed = new Map<string, number>()
  for await (const o of store.list('')) listed.set(o.key, o.size)
  const targets = findTargets(listed.keys())
  const primary = keys[0]
  const scratch = await mkdtemp(join(tmpdir(), 'publish-resign-'))
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
  try {
    // Detached signatures of artifacts: the key IDs tell whether one is ours (the artifact is not fetched
    // again for that), and only what needs a new signature is streamed to disk and signed.
    await mapLimit(targets.detached, concurrency, async (file, i) => {
      const key = `${file}.asc`
      const old = listed.has(key) ? await store.read(key) : undefined
      if (old && (await signatureKeyIdsOf(old)) === primary.signer.keyId) {
        unchanged(key, `already signed by ${primary.signer.keyId}`)
        return
      }
      const path = join(scratch, `${i}`)
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
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  for (const o of targets.orphans) plan.notes.push(`${o}: the file it signs is gone; left as it is`)
  plan.writes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  plan.notes.push(
    `${targets.detached.length} detached signature(s), ${targets.repomds.length} repomd.xml, ${targets.releases.length} apt Release file(s); ` +
      `${plan.writes.length} to write, ${plan.extra.length} already signed by ${keys.map(k => k.signer.keyId).join(' and ')}`
  )
  return { plan, sources }
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
    cacheControlArtifacts: inputs.cacheControlIndexes
  }
  try {
    for (const repo of repos) {
      const lock = await acquireLock(store, lockKey(repo), lockOptions())
      if (lock) locks.push(lock)
    }
    const first = await applyPlan(
      { ...plan, writes: plan.writes.filter(w => w.role === 'signature'), extra: [] },
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
    const top = plan.writes.filter(w => w.role === 'index')
    const previous = new Map<string, Buffer | undefined>()
    for (const w of top) previous.set(w.key, await store.read(w.key))
    const last = await applyPlan({ ...plan, writes: top, extra: [] }, store, options)
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
    return [...first, ...last, ...plan.extra]
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
    core.info(
      `Re-signing with ${keys[0].signer.keyId}${keys[1] ? `, and InRelease/Release.gpg also with ${keys[1].signer.keyId}` : ''}.`
    )
    const opened = await openStore(destination, inputs)
    store = opened
    const current = inputs
    const resigned = await core.group('Plan', async () => {
      const r = await planResign(opened, keys, current.concurrency)
      core.info(redact(describePlan(r.plan)))
      return r
    })
    if (inputs.dryRun) {
      published = plannedEntries(resigned.plan)
      core.info('Dry run: nothing was written.')
      return
    }
    published = await core.group('Re-sign', () => applyResign(resigned, opened, current))
  } catch (err) {
    failure = redact(errorMessage(err))
  } finally {
    await store?.close().catch(() => undefined)
    setOutputs(RESIGN_RELEASE, published)
    await writeSummary({
      kind: 'resign',
      release: RESIGN_RELEASE,
      published,
      dryRun: inputs?.dryRun ?? false,
      error: failure,
      destination: display
    }).catch(err => core.warning(`could not write the job summary: ${errorMessage(err)}`))
    if (failure) core.setFailed(failure)
  }
}
