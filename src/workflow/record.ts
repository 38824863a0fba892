import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../errors.js'
import type { Plan, Published } from '../plan.js'
import { redact } from '../redact.js'
import type { Release } from '../release.js'
import type { ArtifactClient } from './artifacts.js'

/** Marks a JSON file as a publication record, so a summary job never mistakes some other JSON for one. */
export const RECORD_FORMAT = 'publish-artifacts/record@1'

/**
 * What one run of the action did, uploaded as a workflow artifact so that a later job (the merged summary, an
 * index or a notification job) can read it: the `published` output plus the plan it came from.
 */
export interface PublicationRecord {
  format: typeof RECORD_FORMAT
  /** The artifact name it was uploaded as (unique per workflow run, e.g. one per matrix shard). */
  name: string
  kind: string
  release?: Release
  destination?: string
  dryRun: boolean
  /** The failure, when the run failed; already redacted. */
  error?: string
  run: { repository: string; sha: string; ref: string; runId: string; runAttempt: string; job: string }
  /** The plan without bodies: what was meant to be written and deleted, and why. */
  plan?: {
    writes: {
      key: string
      repo?: string
      role: string
      size: number
      sha256: string
      immutable: boolean
      reason: string
    }[]
    deletes: { key: string; repo?: string; reason: string }[]
    notes: string[]
  }
  published: Published[]
  createdAt: string
}

export interface RecordInput {
  name: string
  kind: string
  release?: Release
  plan?: Plan
  published: Published[]
  destination?: string
  dryRun: boolean
  error?: string
}

export function makeRecord(input: RecordInput, env: NodeJS.ProcessEnv = process.env): PublicationRecord {
  const { plan } = input
  return {
    format: RECORD_FORMAT,
    name: input.name,
    kind: input.kind,
    release: input.release,
    destination: input.destination,
    dryRun: input.dryRun,
    error: input.error,
    run: {
      repository: env.GITHUB_REPOSITORY ?? '',
      sha: env.GITHUB_SHA ?? '',
      ref: env.GITHUB_REF ?? '',
      runId: env.GITHUB_RUN_ID ?? '',
      runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
      job: env.GITHUB_JOB ?? ''
    },
    plan: plan && {
      // Bodies are left out: a path on the build runner means nothing later, and index bytes can be large.
      writes: plan.writes.map(w => ({
        key: w.key,
        repo: w.repo,
        role: w.role,
        size: w.size,
        sha256: w.sha256,
        immutable: w.immutable,
        reason: w.reason
      })),
      deletes: plan.deletes.map(d => ({ key: d.key, repo: d.repo, reason: d.reason })),
      notes: plan.notes
    },
    published: input.published,
    createdAt: new Date().toISOString()
  }
}

/** The file name a record is stored under inside its artifact: the artifact name, so merged downloads never clash. */
export function recordFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.json`
}

/**
 * Uploads a record as the artifact `name`. The text is redacted as a whole, like the outputs: the record lands
 * outside the log, where the runner's masking does not reach.
 */
export async function uploadRecord(
  record: PublicationRecord,
  client: ArtifactClient,
  tempDir = process.env.RUNNER_TEMP || tmpdir()
): Promise<{ id?: number; size?: number }> {
  const dir = await mkdtemp(join(tempDir, 'publish-record-'))
  const file = join(dir, recordFileName(record.name))
  await writeFile(file, `${redact(JSON.stringify(record, null, 2))}\n`)
  const res = await client.uploadArtifact(record.name, [file], dir)
  return { id: res.id, size: res.size }
}

/** Parses and checks a record file; anything else is refused with the file named. */
export function parseRecord(text: string, where: string): PublicationRecord {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Not the parser's message: it quotes the file's first characters.
    throw new InputError('files', `${where} is not valid JSON.`)
  }
  const r = value as Partial<PublicationRecord> | null
  if (!r || typeof r !== 'object' || r.format !== RECORD_FORMAT)
    throw new InputError(
      'files',
      `${where} is not a publication record (no "format": "${RECORD_FORMAT}"); point files or artifact at record-artifact uploads only.`
    )
  if (typeof r.name !== 'string' || typeof r.kind !== 'string' || !Array.isArray(r.published))
    throw new InputError(
      'files',
      `${where} is a damaged publication record: name, kind or published is missing.`
    )
  return r as PublicationRecord
}
