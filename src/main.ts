import * as core from './core.js'
import { classifyEvent, defaultBranchOf } from './classify.js'
import { type RunContext, readContext } from './context.js'
import { PartialPublishError, errorMessage } from './errors.js'
import { allowRoots } from './inside.js'
import { gitFacts } from './facts.js'
import { compareApi } from './github.js'
import { type Inputs, getInputs } from './inputs.js'
import { type Plan, type Published, describePlan, plannedEntries } from './plan.js'
import { publisherFor } from './kinds.js'
import type { PublishContext } from './publisher.js'
import { redact } from './redact.js'
import { type Release, resolveRelease } from './release.js'
import { setOutputs, writeSummary } from './report.js'
import { type Destination, openStore, parseDestination } from './stores/open.js'
import type { Store } from './stores/store.js'
import { fetchArtifacts, requireChecks, saveRecord } from './workflow/handoff.js'
import * as log from './log.js'

/** The whole run: context → classify → plan → apply → report. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // kind summary merges other jobs' publication records: no classification, no destination (issue 7).
  if (core.getInput('kind').trim() === 'summary')
    return (await import('./workflow/summary.js')).summarize(env)
  // kind resign re-signs a whole repository with the current signing-key: no classification (issue 17).
  if (core.getInput('kind').trim() === 'resign') return (await import('./packages/resign.js')).resignRun(env)
  let inputs: Inputs | undefined
  let planned: Plan | undefined
  let release: Release | undefined
  let published: Published[] = []
  let extraOutputs: Record<string, string> = {}
  let destination: Destination | undefined
  let store: Store | undefined
  let opening: Promise<Store> | undefined
  let failure: string | undefined
  try {
    inputs = getInputs()
    const ctx = readContext(env)
    allowRoots(ctx.workspace)
    const current = inputs
    destination = current.destination ? parseDestination(current.destination, ctx.workspace) : undefined
    release = await log.group('Classify release', () => classify(ctx, current))
    log.info(`${release.type}${release.version ? ` ${release.version}` : ''}: ${release.reason}`)
    core.setOutput('release-type', release.type)
    core.setOutput('version', release.version)
    if (release.type === 'none') {
      // A release tag that publishes nothing is most likely a misconfiguration: say so loudly.
      if (release.warn) log.warning(`Nothing published: ${release.reason}.`)
      else log.notice(`Nothing published: ${release.reason}.`)
      return
    }

    const dest = destination
    const publishCtx: PublishContext = {
      inputs: current,
      release,
      run: ctx,
      baseDir: ctx.workspace,
      destination: dest,
      // One store however many callers ask at once (the drivers plan asks while it reads the configs); a store
      // that failed to open is tried again by the next caller, which then reports the error.
      store: async () => {
        if (!dest) throw new Error('this kind needs the destination input')
        opening ??= openStore(dest, current).then(
          opened => (store = opened),
          (err: unknown) => {
            opening = undefined
            throw err
          }
        )
        return opening
      }
    }
    if (current.requireChecks.length > 0)
      await log.group('Required checks', () => requireChecks(current, ctx))
    if (current.artifact) {
      publishCtx.baseDir = await log.group('Download artifacts', () => fetchArtifacts(current, ctx, env))
      allowRoots(publishCtx.baseDir)
    }
    const publisher = await publisherFor(current.kind)
    const plan: Plan = await log.group('Plan', async () => {
      const p = await publisher.plan(publishCtx)
      log.info(describePlan(p))
      return p
    })
    planned = plan
    const classified = release
    // github-release is planned before anything is written: a conflicting stable asset stops the run here.
    const releaseStep = current.githubRelease
      ? await log.group('Plan GitHub release assets', async () =>
          (await import('./github/release.js')).planRelease(plan, current, classified, ctx)
        )
      : undefined
    if (current.dryRun) {
      published = plannedEntries(plan)
      log.info('Dry run: nothing was written.')
      return
    }
    published = await log
      .group(`Publish ${current.kind}`, () => publisher.apply(plan, publishCtx))
      .catch((err: unknown) => {
        // What did land is still reported (e.g. the digest a version tag really has after a lost race).
        if (err instanceof PartialPublishError) {
          published = err.published
          extraOutputs = publisher.outputs?.(published) ?? {}
        }
        throw err
      })
    extraOutputs = publisher.outputs?.(published) ?? {}
    // Around the repositories (issue 17): only once everything landed.
    if (current.cloudfrontDistributionId) {
      const { invalidateCdn } = await import('./cdn/step.js')
      const done = published
      Object.assign(
        extraOutputs,
        await log.group('Invalidate CloudFront', () => invalidateCdn(done, current, dest, env))
      )
    }
    if (releaseStep) {
      const { applyRelease } = await import('./github/release.js')
      const assets = await log.group('Upload GitHub release assets', () => applyRelease(releaseStep))
      published = [...published, ...assets]
    }
  } catch (err) {
    failure = redact(errorMessage(err))
  } finally {
    await store?.close().catch(() => undefined)
    // Outputs first, so a later step can read what happened even when this one fails.
    setOutputs(release, published, extraOutputs)
    const destinationShown = destination?.display && redact(destination.display)
    const state = { inputs, release, plan: planned, published, destination: destinationShown, error: failure }
    const recordFailure = await saveRecord(state, env)
    failure ??= recordFailure
    await writeSummary({
      kind: inputs?.kind ?? '?',
      release,
      published,
      dryRun: inputs?.dryRun ?? false,
      error: failure,
      destination: destination?.display
    }).catch(err => log.warning(`could not write the job summary: ${errorMessage(err)}`))
    if (failure) log.fail(failure)
  }
}

async function classify(ctx: RunContext, inputs: Inputs): Promise<Release> {
  const defaultBranch = defaultBranchOf(ctx, inputs.defaultBranch)
  if (core.isDebug()) log.debug(`event payload: ${redact(JSON.stringify(ctx.payload))}`)
  const trigger = classifyEvent(ctx, defaultBranch)
  const facts = gitFacts(ctx.workspace, compareApi(inputs.githubToken, ctx.repository, ctx.apiUrl))
  return resolveRelease(
    trigger,
    {
      releaseType: inputs.releaseType,
      version: inputs.version,
      defaultBranch,
      releaseBranches: inputs.releaseBranches,
      sha: ctx.sha,
      branch: ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined
    },
    facts
  )
}
