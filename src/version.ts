import semver from 'semver'

// Strict semver (semver.org), no build metadata, optional leading v: what a release tag may look like.
const CORE = '(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)'
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)'
const RELEASE_TAG = new RegExp(`^v?${CORE}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?$`)
const MAX_TAG = 128

export interface TagVersion {
  /** The version without a leading v. */
  version: string
  prerelease: boolean
}

/** Reads a release tag (`X.Y.Z`, `vX.Y.Z`, `X.Y.Z-rc1`); undefined when it is not one. */
export function parseReleaseTag(tag: string): TagVersion | undefined {
  if (tag.length > MAX_TAG) return undefined
  const m = RELEASE_TAG.exec(tag)
  if (!m) return undefined
  return { version: tag.replace(/^v/, ''), prerelease: m[4] !== undefined }
}

/** True for a stable version tag (X.Y.Z or vX.Y.Z, no prerelease). */
export function isStableTag(tag: string): boolean {
  const parsed = parseReleaseTag(tag)
  return parsed !== undefined && !parsed.prerelease
}

/** The highest stable version among tags, by semver order. */
export function highestStable(tags: string[]): string | undefined {
  let best: string | undefined
  for (const tag of tags) {
    if (!isStableTag(tag)) continue
    if (!best || semver.gt(tag.replace(/^v/, ''), best.replace(/^v/, ''))) best = tag
  }
  return best
}

/**
 * The dev version Falco's build uses (libs' GetVersionFromGit): the next minor after the latest stable tag,
 * the number of commits since it and the short commit, e.g. `0.41.0-12+abc1234`; `0.0.0-N+sha7` with no tag.
 */
export function devVersion(latestStableTag: string | undefined, commitsSince: number, sha: string): string {
  const sha7 = sha.slice(0, 7)
  if (!latestStableTag) return `0.0.0-${commitsSince}+${sha7}`
  const v = semver.parse(latestStableTag.replace(/^v/, ''))
  if (!v) throw new Error(`'${latestStableTag}' is not a version`)
  return `${v.major}.${v.minor + 1}.0-${commitsSince}+${sha7}`
}

/** Shows a user-given string safely in a message: quoted, control characters escaped, length bounded. */
export function show(value: string, max = 80): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value
  // JSON escapes ASCII controls; the invisible ones it leaves (bidi, separators, C1) are escaped the same way.
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/** A path in a message: as it is when plain, quoted and escaped (like show) when it holds control characters. */
export function showPath(path: string): string {
  return hasControlChars(path) ? show(path, 300) : path
}

/**
 * True when a text holds control characters (never valid in names, keys or tags): ASCII and C1 controls, line and
 * paragraph separators, and the bidi controls (U+202E right-to-left override and its kin) that make a name read
 * differently from what it is (`tool-\u202eexe.gz` shows as `tool-zg.exe`).
 */
export function hasControlChars(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(value)
}

/**
 * True for a plausible git branch name: word characters, '.', '/', '-'; no '..', no leading '-' or '/', no
 * trailing '/' (never an option, an absolute path or a way out of refs/heads/).
 */
export function isBranchName(value: string): boolean {
  return /^[\w./-]+$/.test(value) && !/\.\.|^[-/]|\/$/.test(value)
}
