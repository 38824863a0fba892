/**
 * Package version against release version (a pure rule; README "Package repositories" documents it).
 *
 * A stable repository is immutable: a `.deb` whose control file says 1.4.0 published in the 1.5.0 release stays
 * there, wrong, for good. So:
 * - the project's **main packages** are those named like the repository (`falco` in falcosecurity/falco), or that
 *   name followed by `-` and more (`falco-static`, `falco-dbgsym`);
 * - a main package's version **matches** the release when, ignoring an epoch and treating `- ~ _ + ^` alike, it
 *   is the release version, or the release version followed by a packaging revision (`1.5.0-1`, rpm `1.5.0-1.el9`,
 *   dev `0.41.0~12+abc1234` for `0.41.0-12+abc1234`);
 * - a mismatch is **refused** in a stable run (nothing is published) and a **warning** in a dev run;
 * - any other package is another component with its own version (a plugin, a tool): published, with a notice
 *   in a stable run when its version is not the release's.
 */

export type VersionVerdict = { action: 'ok' } | { action: 'refuse' | 'warn' | 'notice'; message: string }

function canonical(version: string): string {
  return version
    .replace(/^\d+:/, '')
    .toLowerCase()
    .replace(/[-~_+^]+/g, '.')
}

/** True when a package's version is the release version, possibly with a packaging revision after it. */
export function versionMatches(packageVersion: string, releaseVersion: string): boolean {
  const p = canonical(packageVersion)
  const r = canonical(releaseVersion)
  return p === r || p.startsWith(`${r}.`)
}

/** True for the project's own packages: the repository's name, alone or followed by `-` and a variant. */
export function isMainPackage(packageName: string, repository: string): boolean {
  const project = (repository.split('/').pop() ?? '').toLowerCase()
  const name = packageName.toLowerCase()
  return project !== '' && (name === project || name.startsWith(`${project}-`))
}

export function checkPackageVersion(
  pkg: { name: string; version: string; file: string },
  release: { type: 'dev' | 'stable'; version: string },
  repository: string
): VersionVerdict {
  if (!release.version || versionMatches(pkg.version, release.version)) return { action: 'ok' }
  const main = isMainPackage(pkg.name, repository)
  const says = `${pkg.file} is ${pkg.name} ${pkg.version}, not the ${release.type} release version ${release.version}`
  if (!main)
    return release.type === 'stable'
      ? {
          action: 'notice',
          message: `${says}: published as another component with its own version (its name is not the repository's).`
        }
      : { action: 'ok' }
  if (release.type === 'stable')
    return {
      action: 'refuse',
      message: `${says}; stable packages are immutable, so a main package (named like the repository) must carry the release version. Rebuild it with version ${release.version}; nothing was published.`
    }
  return {
    action: 'warn',
    message: `${says}; the dev build may not have picked up the version (it will be refused in a stable run).`
  }
}
