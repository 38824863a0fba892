import type { RunContext } from './context.js'
import { parseReleaseTag, show } from './version.js'

export type ReleaseType = 'dev' | 'stable' | 'none'

/** What the event asks for, before git has confirmed that a tag is on an allowed branch. */
export type Trigger =
  | { kind: 'none'; reason: string }
  | { kind: 'branch'; reason: string; sha: string; branch: string }
  | { kind: 'tag'; reason: string; sha: string; tag: string; version: string; prerelease: boolean }

const MERGED_PR_EVENTS = new Set(['pull_request', 'pull_request_target'])
// A full release fires `published` and `released`; a prerelease `published` and `prereleased`; promoting a
// prerelease fires only `released`. Subscribing to [prereleased, released] sees each publication once.
const RELEASE_ACTIONS: Record<string, string> = {
  published: 'published release',
  released: 'full release (action released)',
  prereleased: 'prerelease (action prereleased)'
}
const UNKNOWN_DEFAULT =
  'the default branch is unknown (no repository in the payload): set the default-branch input'

/** The default branch: the input when given, else the repository's default from the event payload. */
export function defaultBranchOf(ctx: RunContext, input: string): string | undefined {
  return input || ctx.payload.repository?.default_branch || undefined
}

/**
 * Classifies a run from its context alone (pure). A tag still needs the git check that its commit is on the
 * default branch; resolveRelease() does that.
 */
export function classifyEvent(ctx: RunContext, defaultBranch: string | undefined): Trigger {
  const { eventName, payload } = ctx
  const none = (reason: string): Trigger => ({ kind: 'none', reason })
  const needBranch = (): string | undefined => defaultBranch

  if (eventName === 'push') {
    const ref = payload.ref || ctx.ref
    if (payload.deleted) return none(`the push deleted ${show(ref)}; a deleted ref publishes nothing`)
    if (ref.startsWith('refs/tags/')) return tagTrigger(ref.slice('refs/tags/'.length), ctx.sha, 'tag push')
    if (ref.startsWith('refs/heads/')) {
      const branch = ref.slice('refs/heads/'.length)
      const main = needBranch()
      if (!main) return none(UNKNOWN_DEFAULT)
      if (branch === main)
        return { kind: 'branch', reason: `push to the default branch '${main}'`, sha: ctx.sha, branch: main }
      return none(`push to branch ${show(branch)}, not the default branch '${main}'`)
    }
    return none(`push to ${show(ref)}, which is neither a branch nor a tag`)
  }

  if (MERGED_PR_EVENTS.has(eventName)) {
    const pr = payload.pull_request
    if (!pr) return none(`the ${eventName} payload has no pull_request`)
    if (payload.action !== 'closed')
      return none(`pull request ${payload.action ?? 'event'}: only a merged pull request publishes`)
    if (pr.merged !== true) return none('pull request closed without merging')
    const main = needBranch()
    const base = pr.base?.ref ?? ''
    if (!main) return none(UNKNOWN_DEFAULT)
    if (base !== main) return none(`pull request merged into ${show(base)}, not the default branch '${main}'`)
    return {
      kind: 'branch',
      reason: `pull request merged into the default branch '${main}'`,
      sha: pr.merge_commit_sha || ctx.sha,
      branch: main
    }
  }

  if (eventName === 'workflow_run') return workflowRunTrigger(ctx, defaultBranch)

  if (eventName === 'release') {
    const what = RELEASE_ACTIONS[payload.action ?? '']
    if (!what)
      return none(
        `release ${payload.action ?? 'event'}: only published, released and prereleased releases publish`
      )
    const release = payload.release
    const tag = release?.tag_name ?? ''
    if (!tag) return none('the release payload has no tag_name')
    const trigger = tagTrigger(tag, ctx.sha, what)
    if (trigger.kind === 'tag' && release?.prerelease && !trigger.prerelease)
      return { ...trigger, prerelease: true, reason: `${trigger.reason}, marked as a prerelease on GitHub` }
    return trigger
  }

  return none(
    `event '${eventName}' does not publish (only pushes to the default branch, merged pull requests, release tags, published releases and successful workflow runs of those pushes do)`
  )
}

/**
 * A completed run of another workflow (`on: workflow_run`), the usual way to publish only what the test workflow
 * passed: its push is classified as if it were this run's, at the commit it tested (`head_sha`). For a tag push
 * GitHub puts the tag's name in `head_branch`.
 */
function workflowRunTrigger(ctx: RunContext, main: string | undefined): Trigger {
  const none = (reason: string): Trigger => ({ kind: 'none', reason })
  const run = ctx.payload.workflow_run
  if (!run) return none('the workflow_run payload has no workflow_run')
  const name = `workflow run ${show(run.name ?? '?')}`
  if (ctx.payload.action !== 'completed')
    return none(`${name} ${ctx.payload.action ?? 'event'}: only a completed run publishes`)
  if (run.conclusion !== 'success')
    return none(`${name} concluded ${show(run.conclusion ?? 'nothing')}: only a successful run publishes`)
  const sha = run.head_sha ?? ''
  if (!sha) return none(`${name} has no head_sha`)
  if (run.event !== 'push')
    return none(`${name} ran for a ${show(run.event ?? '?')} event: only runs for pushes publish`)
  const from = run.head_repository?.full_name
  const here = ctx.payload.repository?.full_name
  if (from && here && from !== here) return none(`${name} ran on ${show(from)}, not on ${show(here)}`)
  const ref = run.head_branch ?? ''
  if (main && ref === main)
    return {
      kind: 'branch',
      reason: `${name} succeeded for a push to the default branch '${main}'`,
      sha,
      branch: main
    }
  // The payload does not say whether head_branch was a branch or a tag; a release-shaped name is read as the tag
  // (a branch named like one would still have to be on an allowed branch to publish).
  if (parseReleaseTag(ref)) return tagTrigger(ref, sha, `${name} succeeded for a push`)
  if (!main) return none(UNKNOWN_DEFAULT)
  return none(
    `${name} succeeded for a push to ${show(ref)}, which is neither the default branch '${main}' nor a release tag`
  )
}

function tagTrigger(tag: string, sha: string, what: string): Trigger {
  const parsed = parseReleaseTag(tag)
  if (!parsed)
    return {
      kind: 'none',
      reason: `${what} of tag ${show(tag)}, which is not a release version (X.Y.Z or vX.Y.Z, optionally -prerelease, no +build)`
    }
  return { kind: 'tag', reason: `${what} of tag ${show(tag)}`, sha, tag, ...parsed }
}
