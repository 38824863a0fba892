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

/** The `X.Y.Z` at the start of a tag, as libs' `_falcosecurity_extract_version` reads it (a leading v allowed). */
export function extractVersion(tag: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(tag)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

/** What libs' get_version_from_git reads from git to pick the base of a dev version. */
export interface VersionTags {
  /** The branch being built (libs: `git rev-parse --abbrev-ref HEAD`). */
  branch?: string
  /** On a `release/` branch, the latest tag of the branch (`git describe --tags --match '*.*.*' --abbrev=0`). */
  branchTag?: string
  /** The highest `X.Y.Z`-shaped tag of all (`git for-each-ref --sort=-version:refname refs/tags/[0-9]*.[0-9]*.[0-9]`). */
  highestTag?: string
}

/** The next version a dev build leads to and the tag it counts from; undefined when there is none. */
export interface DevBase {
  next: string
  tag: string
}

/**
 * The base of a dev version, as falcosecurity/libs `cmake/modules/GetVersionFromGit.cmake` picks it: on a
 * `release/` branch the patch after the branch's latest tag, otherwise (and as the fallback) the minor after the
 * highest X.Y.Z tag of the whole repository, wherever it is.
 */
export function devBase(tags: VersionTags): DevBase | undefined {
  // libs tests its "not found" value with `MATCHES "0.0.0"`, an unanchored regex: kept, so the same cases fall through.
  const unset = (v: string) => /0.0.0/.test(v)
  let base: DevBase | undefined
  if (tags.branch?.startsWith('release/') && tags.branchTag) {
    const v = extractVersion(tags.branchTag)
    if (v) base = { next: `${v[0]}.${v[1]}.${v[2] + 1}`, tag: tags.branchTag }
  }
  if (!base || unset(base.next)) {
    base = undefined
    const v = tags.highestTag ? extractVersion(tags.highestTag) : undefined
    if (v && tags.highestTag) base = { next: `${v[0]}.${v[1] + 1}.0`, tag: tags.highestTag }
  }
  return base && !unset(base.next) ? base : undefined
}

/**
 * A dev version `<x.y.z>-<count>+<sha7>`, where count is the number of commits since the merge-base of the commit
 * and the base tag (e.g. `0.45.0-36+1307474`); `0.0.0-<count>+<sha7>` when there is no base tag.
 */
export function devVersion(base: string | undefined, count: number, sha: string): string {
  return `${base ?? '0.0.0'}-${count}+${sha.slice(0, 7)}`
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
