import type { ReleaseType, Trigger } from './classify.js'
import { InputError } from './errors.js'
import type { ReleaseTypeInput } from './inputs.js'
import { parseReleaseTag } from './version.js'

/** The outcome of classification: what kind of release this run is, its version, and why. */
export interface Release {
  type: ReleaseType
  version: string
  reason: string
  /** True for a prerelease version (X.Y.Z-rc1): goes to dev repositories, never moves `latest`. */
  prerelease: boolean
  tag?: string
}

/** What resolveRelease needs from git (or the GitHub API): injected so the logic stays testable. */
export interface ReleaseFacts {
  /** Whether the commit is reachable from the default branch; throws when nothing can tell. */
  onDefaultBranch(sha: string, branch: string): Promise<boolean>
  /** The dev version of a commit (X.(Y+1).0-N+sha7); throws with advice on a shallow clone. */
  devVersion(sha: string): Promise<string>
}

export interface Overrides {
  releaseType: ReleaseTypeInput
  version: string
  defaultBranch: string | undefined
  /** The run's commit (GITHUB_SHA), used when the event names none. */
  sha: string
}

/** Turns the event's trigger into a release, checking tags against the default branch with git. */
export async function resolveRelease(
  trigger: Trigger,
  overrides: Overrides,
  facts: ReleaseFacts
): Promise<Release> {
  const explicit = overrides.version ? overrides.version.replace(/^v/, '') : ''
  if (overrides.releaseType !== 'auto')
    return forced(trigger, overrides.releaseType, explicit, overrides.sha, facts)

  if (trigger.kind === 'none') return { type: 'none', version: '', reason: trigger.reason, prerelease: false }

  if (trigger.kind === 'branch') {
    const version = explicit || (await facts.devVersion(trigger.sha))
    return { type: 'dev', version, reason: trigger.reason, prerelease: true }
  }

  const branch = overrides.defaultBranch
  if (!branch)
    throw new InputError(
      'default-branch',
      'the default branch is unknown: the event payload has no repository; set this input.'
    )
  if (!(await facts.onDefaultBranch(trigger.sha, branch)))
    return {
      type: 'none',
      version: '',
      reason: `${trigger.reason}: its commit ${trigger.sha.slice(0, 7)} is not on the default branch '${branch}', so nothing is published`,
      prerelease: trigger.prerelease,
      tag: trigger.tag
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

async function forced(
  trigger: Trigger,
  type: 'dev' | 'stable',
  explicit: string,
  sha: string,
  facts: ReleaseFacts
): Promise<Release> {
  const reason = `release-type forced to '${type}' (the event alone says: ${trigger.reason})`
  const tagVersion = trigger.kind === 'tag' ? trigger.version : ''
  if (type === 'dev') {
    const version =
      explicit || tagVersion || (await facts.devVersion(trigger.kind === 'none' ? sha : trigger.sha))
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
