import { minimatch } from 'minimatch'
import type { ReleaseType, Trigger } from './classify.js'
import { InputError } from './errors.js'
import type { ReleaseTypeInput } from './inputs.js'
import { parseReleaseTag, show } from './version.js'

/** The outcome of classification: what kind of release this run is, its version, and why. */
export interface Release {
  type: ReleaseType
  version: string
  reason: string
  /** True for a prerelease version (X.Y.Z-rc1): goes to dev repositories, never moves `latest`. */
  prerelease: boolean
  tag?: string
  /** A release tag that published nothing: reported as a warning, not a notice. */
  warn?: boolean
}

/** The branches whose release tags are stable: the default branch and those matching release-branches. */
export interface AllowedBranches {
  defaultBranch: string
  globs: string[]
}

export interface BranchCheck {
  /** The first allowed branch that contains the commit; undefined when none does. */
  branch?: string
  /** The allowed branches looked at, default branch first. */
  tried: string[]
}

/** What resolveRelease needs from git (or the GitHub API): injected so the logic stays testable. */
export interface ReleaseFacts {
  /** Which allowed branch contains the commit; throws when nothing can tell. */
  branchContaining(sha: string, allowed: AllowedBranches): Promise<BranchCheck>
  /** The dev version of a commit built on a branch (libs' scheme); throws with advice on a shallow clone. */
  devVersion(sha: string, branch: string | undefined): Promise<string>
}

export interface Overrides {
  releaseType: ReleaseTypeInput
  version: string
  defaultBranch: string | undefined
  /** Globs of the branches besides the default one whose release tags are stable (input release-branches). */
  releaseBranches: string[]
  /** The run's commit (GITHUB_SHA), used when the event names none. */
  sha: string
  /** The run's branch (from GITHUB_REF), used for a forced dev version when the event names none. */
  branch?: string
}

export function isAllowed(name: string, allowed: AllowedBranches): boolean {
  return name === allowed.defaultBranch || allowed.globs.some(glob => minimatch(name, glob))
}

/** The default branch first, then the others newest-looking first (release/0.44.x before release/0.9.x). */
export function triedOrder(names: string[], defaultBranch: string): string[] {
  const others = [...new Set(names)].filter(n => n !== defaultBranch)
  others.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
  return [defaultBranch, ...others]
}

/** Turns the event's trigger into a release, checking tags against the default branch with git. */
export async function resolveRelease(
  trigger: Trigger,
  overrides: Overrides,
  facts: ReleaseFacts
): Promise<Release> {
  const explicit = overrides.version ? overrides.version.replace(/^v/, '') : ''
  if (overrides.releaseType !== 'auto') return forced(trigger, overrides, explicit, facts)

  if (trigger.kind === 'none') return { type: 'none', version: '', reason: trigger.reason, prerelease: false }

  if (trigger.kind === 'branch') {
    const version = explicit || (await facts.devVersion(trigger.sha, trigger.branch))
    return { type: 'dev', version, reason: trigger.reason, prerelease: true }
  }

  const defaultBranch = overrides.defaultBranch
  if (!defaultBranch)
    throw new InputError(
      'default-branch',
      'the default branch is unknown: the event payload has no repository; set this input.'
    )
  const allowed = { defaultBranch, globs: overrides.releaseBranches }
  const check = await facts.branchContaining(trigger.sha, allowed)
  const branch = check.branch
  if (!branch)
    return {
      type: 'none',
      version: '',
      reason: `${trigger.reason}: ${notAllowed(trigger.sha, check, allowed)}`,
      prerelease: trigger.prerelease,
      tag: trigger.tag,
      warn: true
    }
  return {
    type: trigger.prerelease ? 'dev' : 'stable',
    version: explicit || trigger.version,
    reason: trigger.prerelease
      ? `${trigger.reason} on '${branch}': a prerelease, published as a dev release`
      : `${trigger.reason} on '${branch}'`,
    prerelease: trigger.prerelease,
    tag: trigger.tag
  }
}

/** Why a release tag publishes nothing: its commit, the branches tried and what to change. */
function notAllowed(sha: string, check: BranchCheck, allowed: AllowedBranches): string {
  const commit = `its commit ${sha.slice(0, 7)} is not on the default branch '${allowed.defaultBranch}'`
  if (allowed.globs.length === 0)
    return `${commit} and release-branches is empty, so nothing is published (if releases are tagged on release branches, set release-branches, e.g. release/*)`
  const others = check.tried.filter(b => b !== allowed.defaultBranch)
  const shown = others.slice(0, 10).map(b => show(b))
  if (others.length > shown.length) shown.push(`and ${others.length - shown.length} more`)
  const tried = others.length ? `tried ${shown.join(', ')}` : 'no branch matches them'
  return `${commit} nor on a branch matching release-branches '${allowed.globs.join(', ')}' (${tried}), so nothing is published`
}

async function forced(
  trigger: Trigger,
  overrides: Overrides,
  explicit: string,
  facts: ReleaseFacts
): Promise<Release> {
  const type = overrides.releaseType === 'stable' ? 'stable' : 'dev'
  const reason = `release-type forced to '${type}' (the event alone says: ${trigger.reason})`
  const tagVersion = trigger.kind === 'tag' ? trigger.version : ''
  if (type === 'dev') {
    const [sha, branch] =
      trigger.kind === 'branch' ? [trigger.sha, trigger.branch] : [overrides.sha, overrides.branch]
    const version = explicit || tagVersion || (await facts.devVersion(sha, branch))
    return { type, version, reason, prerelease: true, tag: trigger.kind === 'tag' ? trigger.tag : undefined }
  }
  const version = explicit || tagVersion
  if (!version)
    throw new InputError(
      'version',
      "release-type 'stable' needs a version: run on a release tag or set the version input."
    )
  if (parseReleaseTag(version)?.prerelease !== false)
    throw new InputError(
      'release-type',
      `'stable' with version '${version}' is refused: only X.Y.Z versions are stable; prereleases and builds go to the dev repositories.`
    )
  return { type, version, reason, prerelease: false, tag: trigger.kind === 'tag' ? trigger.tag : undefined }
}
