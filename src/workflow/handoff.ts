import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunContext } from '../context.js'
import { errorMessage } from '../errors.js'
import type { Inputs } from '../inputs.js'
import type { Plan, Published } from '../plan.js'
import { redact } from '../redact.js'
import type { Release } from '../release.js'
import { type ArtifactClient, defaultArtifactClient, downloadArtifacts } from './artifacts.js'
import { type ChecksApi, checksApi, verifyChecks } from './checks.js'
import { makeRecord, uploadRecord } from './record.js'
import * as log from '../log.js'

/**
 * The steps that tie a publishing job to the rest of its workflow run, called by main.ts around the plan:
 * required checks and the artifact download before, the publication record after. The artifact client and the
 * checks API can be handed in (tests), otherwise the real ones are loaded on first use.
 */
export interface Handoff {
  artifacts?: () => Promise<ArtifactClient>
  checks?: ChecksApi
}

/**
 * The commit being published: the merge commit of a merged pull request, the tested commit of a workflow_run,
 * else the run's commit.
 */
export function publishedCommit(ctx: RunContext): string {
  const pr = ctx.payload.pull_request
  const tested = ctx.eventName === 'workflow_run' ? ctx.payload.workflow_run?.head_sha : undefined
  return (pr?.merged && pr.merge_commit_sha) || tested || ctx.sha
}

/** Fails unless every `require-checks` name passed on the commit being published. */
export async function requireChecks(inputs: Inputs, ctx: RunContext, deps: Handoff = {}): Promise<void> {
  if (inputs.requireChecks.length === 0) return
  const sha = publishedCommit(ctx)
  const api = deps.checks ?? checksApi(inputs.githubToken, ctx.repository, ctx.apiUrl)
  const passed = await verifyChecks(inputs.requireChecks, sha, api)
  log.info(`Required checks passed on ${sha.slice(0, 7)}: ${passed.join(', ')}`)
}

/**
 * Downloads the `artifact` input's artifacts of this run into a fresh folder under RUNNER_TEMP and returns it:
 * `files` globs are then resolved from there. Without the input, the workspace stays the base.
 */
export async function fetchArtifacts(
  inputs: Inputs,
  ctx: RunContext,
  env: NodeJS.ProcessEnv = process.env,
  deps: Handoff = {}
): Promise<string> {
  if (!inputs.artifact) return ctx.workspace
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'publish-artifacts-'))
  const client = await (deps.artifacts ?? defaultArtifactClient)()
  const got = await downloadArtifacts(inputs.artifact, dir, client, Math.min(inputs.concurrency, 4))
  for (const a of got.artifacts) log.info(`${a.name}: ${a.files} file(s)`)
  log.info(`files are resolved from ${dir}`)
  return dir
}

/**
 * Uploads the publication record when `record-artifact` is set, also for dry runs and failed runs (a summary
 * job wants to show those too). Returns the failure message when the upload failed: a later job depends on it.
 */
export async function saveRecord(
  state: {
    inputs?: Inputs
    release?: Release
    plan?: Plan
    published: Published[]
    destination?: string
    error?: string
  },
  env: NodeJS.ProcessEnv = process.env,
  deps: Handoff = {}
): Promise<string | undefined> {
  const { inputs } = state
  if (!inputs?.recordArtifact) return undefined
  try {
    const record = makeRecord(
      {
        name: inputs.recordArtifact,
        kind: inputs.kind,
        release: state.release,
        plan: state.plan,
        published: state.published,
        destination: state.destination,
        dryRun: inputs.dryRun,
        error: state.error
      },
      env
    )
    const client = await (deps.artifacts ?? defaultArtifactClient)()
    const res = await uploadRecord(record, client, env.RUNNER_TEMP || tmpdir())
    log.info(`Publication record uploaded as artifact '${inputs.recordArtifact}' (id ${res.id ?? '?'})`)
    return undefined
  } catch (err) {
    return redact(`Input 'record-artifact': could not upload the publication record: ${errorMessage(err)}`)
  }
}
