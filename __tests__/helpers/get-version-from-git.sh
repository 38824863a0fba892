#!/usr/bin/env bash
# falcosecurity/libs cmake/modules/GetVersionFromGit.cmake, get_version_from_git(_var "" ""), as Falco calls it,
# transcribed command for command into bash: the oracle of the dev-version tests. Run it in a checkout whose
# HEAD is the commit being built, on the branch being built; it prints the version.
set -u
g() { git "$@" 2>/dev/null; }
# Release version: an exact tag on HEAD.
tag=$(g describe --tags --exact-match --match "*" HEAD) && [ -n "$tag" ] && { printf '%s' "$tag"; exit 0; }
current_hash=$(g rev-parse HEAD)
current_hash_short=$(g rev-parse --short=7 HEAD)
current_branch=$(g rev-parse --abbrev-ref HEAD)
dev_version=0.0.0
# dev version / in a release/M.m.x branch: the latest tag on the branch, next patch.
if [[ $current_branch =~ ^release/ ]]; then
  tag=$(g describe --tags --match "*.*.*" --abbrev=0 "$current_branch")
  if [[ -n $tag && $tag =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]]; then
    dev_version="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))"
  fi
fi
# dev version / all other cases: the highest X.Y.Z tag of all, next minor. (cmake's MATCHES is an unanchored regex.)
if [[ $dev_version =~ 0.0.0 ]]; then
  tag=$(g for-each-ref --count=1 --sort=-version:refname --format "%(refname:short)" "refs/tags/[0-9]*.[0-9]*.[0-9]")
  if [[ $tag =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]]; then
    dev_version="${BASH_REMATCH[1]}.$((BASH_REMATCH[2] + 1)).0"
  fi
fi
if ! [[ $dev_version =~ 0.0.0 ]]; then
  tag_commit=$(g rev-list -n 1 "$tag")
  tag_common_ancestor=$(g merge-base "$current_hash" "$tag_commit")
  commits_count=$(g rev-list --count "$tag_common_ancestor..$current_hash")
  dev_version="$dev_version-$commits_count+$current_hash_short"
fi
printf '%s' "$dev_version"
