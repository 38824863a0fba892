import { basename } from 'node:path'
import { InputError } from '../errors.js'
import type { PlanWrite } from '../plan.js'
import { show } from '../version.js'
import { type DebPackage, readDeb } from './deb.js'
import { checkIdentity } from './identity.js'
import { type PackageFormat, formatOf, tarballArch } from './route.js'
import { type RpmPackage, readRpm } from './rpm.js'

/** What retention and the indexes need of any package: read from the package, not from its file name. */
interface Common {
  name: string
  version: string
  /** The package's own architecture name (Debian names for .deb, rpm names for .rpm, the file's for tarballs). */
  arch: string
}

export type PackageMeta =
  | (Common & { format: 'deb'; deb: DebPackage })
  | (Common & { format: 'rpm'; rpm: RpmPackage })
  | (Common & { format: 'bin' })

/** A package being published: the file, what it says about itself, and its planned artifact write. */
export interface Artifact {
  path: string
  name: string
  /** Seconds since the epoch (createrepo's `time file`). */
  mtime: number
  meta: PackageMeta
  write: PlanWrite
  /** SHA1 and SHA512 of a .deb (apt's Packages lists them, as apt-ftparchive does). */
  hashes?: { sha1: string; sha512: string }
}

/**
 * Reads a package's metadata, with an error naming the file (and the input) when it is corrupt, truncated or not
 * the package its extension claims. Called while planning, so a bad package stops the run before any write.
 */
export async function readPackage(path: string): Promise<PackageMeta> {
  const name = basename(path)
  const format: PackageFormat | undefined = formatOf(name)
  try {
    switch (format) {
      case 'deb': {
        const deb = await readDeb(path)
        checkIdentity(format, { name: deb.name, version: deb.version, arch: deb.arch })
        return { format, name: deb.name, version: deb.version, arch: deb.arch, deb }
      }
      case 'rpm': {
        const rpm = await readRpm(path)
        checkIdentity(format, {
          name: rpm.name,
          version: rpm.version,
          release: rpm.release,
          arch: rpm.arch
        })
        const version = `${rpm.epoch !== undefined ? `${rpm.epoch}:` : ''}${rpm.version}-${rpm.release}`
        return { format, name: rpm.name, version, arch: rpm.arch, rpm }
      }
      case 'bin':
        return { format, ...tarballName(name) }
      default:
        throw new InputError('files', `${show(name)} is not a package: expected .deb, .rpm, .tar.gz or .tgz.`)
    }
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError(
      'files',
      `${show(path, 300)} is not a valid ${format === 'deb' ? '.deb' : '.rpm'} package: ${(err as Error).message}. Nothing was published.`
    )
  }
}

/**
 * `<name>-<version>[-<variant>]-<arch>.tar.gz` (Falco: falco-0.40.0-x86_64.tar.gz, falco-0.40.0-static-x86_64.tar.gz):
 * the version starts at the first `-<digit>`; a trailing all-letters part is a variant and joins the name, so
 * retention counts `falco` and `falco-static` apart.
 */
export function tarballName(file: string): Common {
  const arch = tarballArch(file)
  const stem = file.replace(/\.(tar\.gz|tgz)$/, '').slice(0, -(arch.length + 1))
  const m = /^(.+?)-(\d.*?)(?:-([A-Za-z][A-Za-z_]*))?$/.exec(stem)
  if (!m)
    throw new InputError(
      'files',
      `cannot read the version of tarball ${show(file)}: expected <name>-<version>-<arch>.tar.gz (e.g. falco-0.40.0-x86_64.tar.gz).`
    )
  return { name: m[3] ? `${m[1]}-${m[3]}` : m[1], version: m[2], arch }
}
