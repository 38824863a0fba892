import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { InputError } from '../errors.js'
import { hashFile } from '../hash.js'
import { mapLimit } from '../limit.js'
import type { Artifact } from './read.js'
import { readRpm } from './rpm.js'
import { signRpm } from './rpmsign.js'
import type { Signer } from './sign.js'
import * as log from '../log.js'

/** OpenPGP's ECDSA algorithm number. */
const ECDSA = 19

/** Folders holding signed copies not yet removed; whatever is left when the process exits goes then. */
const pending = new Set<string>()

function signedFolder(): string {
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'publish-rpmsign-'))
  if (!pending.size) process.once('exit', removePending)
  pending.add(dir)
  return dir
}

function removePending(): void {
  for (const dir of pending) rmSync(dir, { recursive: true, force: true })
  pending.clear()
}

/**
 * Gives every rpm among `artifacts` our embedded header signature (see rpmsign.ts): the signed copy, in a
 * temporary folder removed when the process exits, becomes what is published, so its size, checksums and header
 * range are what the repodata names and what the `.asc` signs. The input's mtime is kept (createrepo's
 * `time file`), so a re-run with the same package plans the same bytes and metadata. Returns plan notes.
 */
export async function embedRpmSignatures(
  artifacts: Artifact[],
  signer: Signer,
  concurrency: number
): Promise<string[]> {
  const rpms = artifacts.filter(a => a.meta.format === 'rpm')
  if (!rpms.length) return []
  if (signer.algorithm === ECDSA)
    log.warning(
      'signing-key is an ECDSA key: rpm built without Sequoia (e.g. rpm 4.18 on Debian 12) cannot verify ECDSA package signatures, so gpgcheck=1 fails there; and ECDSA signatures are randomized, so re-running a stable release conflicts. Prefer an RSA or Ed25519 key.'
    )
  const dir = signedFolder()
  const notes = await mapLimit(rpms, concurrency, async (a, i) => {
    const out = join(dir, `${i}-${a.name}`)
    const result = await signRpm(a.path, out, signer).catch((err: Error) => {
      throw new InputError('files', `${err.message}. Nothing was published.`)
    })
    const rpm = await readRpm(out)
    a.meta = { ...a.meta, format: 'rpm', rpm }
    a.path = out
    a.write = {
      ...a.write,
      body: { path: out },
      ...(await hashFile(out)),
      reason: `${a.write.reason}, with an embedded rpm signature by key ${signer.keyId}`
    }
    return result.status === 'replaced'
      ? `${a.name}: its rpm signature by key ${result.replaced.join(', ')} is replaced by one by key ${signer.keyId} (as rpmsign --resign does)`
      : ''
  })
  return notes.filter(Boolean)
}

/** Removes the signed copies once they are published (the exit hook is the fallback, e.g. after a dry run). */
export async function removeSignedCopies(artifacts: Artifact[]): Promise<void> {
  for (const dir of new Set(artifacts.map(a => dirname(a.path))))
    if (pending.delete(dir)) await rm(dir, { recursive: true, force: true })
  if (!pending.size) process.removeListener('exit', removePending)
}
