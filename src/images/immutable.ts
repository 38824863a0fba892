/**
 * A plain `X.Y.Z` or `vX.Y.Z` tag (with the tag-suffix, and an `<arch>-` prefix of arch-tags): a version tag.
 * Once it exists it never moves, in every run type: a dev run (a release marked prerelease on a plain tag)
 * must not overwrite the image a stable run pushed, nor a second stable run the first one's.
 */
export function isVersionTag(tag: string, suffix: string): boolean {
  const bare = suffix && tag.endsWith(suffix) ? tag.slice(0, tag.length - suffix.length) : tag
  return /^(?:[a-z0-9_]+-)?v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(bare)
}
