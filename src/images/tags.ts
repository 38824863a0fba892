import semver from 'semver'
import { InputError } from '../errors.js'
import type { Release } from '../release.js'
import { show } from '../version.js'
import { TAG } from './name.js'

export interface TagOptions {
  /** Tags of a dev release (input dev-tags); `{version}` stands for the dev version. */
  devTags: string[]
  /** Appended to every tag (input tag-suffix), e.g. `-debian`. */
  suffix: string
  /** Input latest: auto (the rule below), true (every release moves it), false (never); auto when unset. */
  latest?: 'auto' | 'true' | 'false'
}

export interface TagDecision {
  tags: string[]
  /** Why `latest` is or is not among the tags (stable releases only). */
  latestReason?: string
}

/** Makes a version usable as a tag: `+` (build metadata) is not allowed in tags and becomes `-`. */
export function versionTag(version: string): string {
  return version.replace(/\+/g, '-')
}

/** The highest stable version among a registry's tags that carry the suffix (`0.39.0-debian` → `0.39.0`). */
export function highestStableTag(existing: string[], suffix: string): string | undefined {
  let best: string | undefined
  for (const tag of existing) {
    if (!tag.endsWith(suffix)) continue
    const bare = tag.slice(0, tag.length - suffix.length).replace(/^v/, '')
    // Only X.Y.Z: prereleases and other suffixes (0.39.0-debian when the suffix is empty) do not count.
    if (!/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(bare)) continue
    if (!best || semver.gt(bare, best)) best = bare
  }
  return best
}

/**
 * The tags a release gets (pure):
 * - dev (a merge into the default branch) ⇒ the dev-tags (`master`);
 * - prerelease (a tag such as 0.40.0-rc1) ⇒ its own version tag only;
 * - stable ⇒ `X.Y.Z`, and `latest` only when X.Y.Z ≥ the highest stable version already in the registry, so a
 *   backport (0.38.3 after 0.39.0) never moves `latest` backwards; `latest: true|false` (as in
 *   docker/metadata-action) tags it on every release, or never.
 * Every tag gets the suffix and must match the OCI tag grammar.
 */
export function tagsFor(release: Release, options: TagOptions, existing: string[]): TagDecision {
  const { suffix } = options
  // Checked on its own, so a bad suffix is blamed on tag-suffix even in a dev release (whose tags are dev-tags).
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(suffix))
    throw new InputError(
      'tag-suffix',
      `${show(suffix)} cannot end an image tag: use at most 100 letters, digits, '.', '_' and '-' (e.g. -debian).`
    )
  const out: TagDecision = { tags: [] }
  if (release.type === 'none') return out
  const version = versionTag(release.version)
  if (release.type === 'stable') {
    out.tags.push(version)
    const highest = highestStableTag(existing, suffix)
    const mine = release.version.replace(/^v/, '')
    if (!highest || semver.gte(mine, highest)) {
      out.tags.push('latest')
      out.latestReason = highest
        ? `${mine} ≥ ${highest}, the highest stable version in the registry`
        : 'no stable version in the registry yet'
    } else out.latestReason = `latest stays: ${mine} < ${highest}, the highest stable version in the registry`
  } else if (release.tag) out.tags.push(version)
  else out.tags.push(...options.devTags.map(t => t.replaceAll('{version}', version)))
  if (options.latest === 'false' && out.tags.includes('latest')) {
    out.tags = out.tags.filter(t => t !== 'latest')
    out.latestReason = 'latest: false'
  } else if (options.latest === 'true' && !out.tags.includes('latest')) {
    out.tags.push('latest')
    out.latestReason = 'latest: true'
  }

  const tags = [...new Set(out.tags.map(t => `${t}${suffix}`))]
  for (const tag of tags)
    if (!TAG.test(tag)) {
      const input = release.type === 'dev' && !release.tag ? 'dev-tags' : 'tag-suffix'
      throw new InputError(
        input,
        `the tag ${show(tag)} is not a valid image tag ([A-Za-z0-9_][A-Za-z0-9._-], at most 128 characters).`
      )
    }
  out.tags = tags
  return out
}
