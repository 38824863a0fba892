import semver from 'semver'

export interface RetentionChoice {
  /** Semver driver versions kept, newest first. */
  keep: string[]
  /** Semver driver versions beyond the newest N, newest first: their objects are deleted when prune is on. */
  prune: string[]
  /** Versions retention never touches: legacy libs commit SHAs and anything else that is not semver. */
  untouched: string[]
  /** Older versions kept anyway because this run publishes them (pruning what we just wrote makes no sense). */
  protectedVersions: string[]
}

/** `8.0.0+driver` → parsed semver (build metadata is ignored for order); SHA-named versions are not semver. */
function parse(version: string): semver.SemVer | null {
  return semver.parse(version)
}

/**
 * Which driver versions to keep: the newest `keep` by semver order of `N.N.N+driver`. Folders that are not semver
 * (legacy SHA-named versions like `2aa88dcf6243982697811df4c1b484bcbe9488a2`) are never touched unless listed in
 * `explicit`. Versions in
 * `publishing` are kept even when older.
 */
export function chooseRetention(
  versions: string[],
  keep: number,
  publishing: Set<string>,
  explicit: ReadonlySet<string> = new Set()
): RetentionChoice {
  const semverVersions = [...new Set(versions)].filter(v => parse(v) !== null)
  const legacy = [...new Set(versions)].filter(v => parse(v) === null).sort()
  // A legacy version is deleted only when named explicitly (prune-driver-versions), never by age.
  const listed = legacy.filter(v => explicit.has(v) && !publishing.has(v))
  const untouched = legacy.filter(v => !listed.includes(v))
  semverVersions.sort((a, b) => semver.rcompare(a, b) || (a < b ? 1 : a > b ? -1 : 0))
  const kept = semverVersions.slice(0, keep)
  const older = semverVersions.slice(keep)
  const protectedVersions = older.filter(v => publishing.has(v))
  return {
    keep: [...kept, ...protectedVersions],
    prune: [...older.filter(v => !publishing.has(v)), ...listed],
    untouched,
    protectedVersions
  }
}

/**
 * The driver versions a store holds: the first folder of every driver object (`.ko`/`.o`), in either layout,
 * `<driverversion>/<arch>/<name>` or the legacy `<driverversion>/<name>` of SHA-named versions on
 * download.falco.org (`driver/<sha>/falco_*.ko`, no arch folder).
 */
export function storedVersions(keys: Iterable<string>): string[] {
  const versions = new Set<string>()
  for (const key of keys) {
    const parts = key.split('/')
    if ((parts.length === 2 || parts.length === 3) && /\.(ko|o)$/.test(parts[parts.length - 1]))
      versions.add(parts[0])
  }
  return [...versions].sort()
}
