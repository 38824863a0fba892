/**
 * A package's identity is what clients resolve (deb: name, version, arch; rpm: name, epoch, version, release,
 * arch), not its file name. Two files with one identity in one run would collapse into one index entry while
 * both are uploaded; a file named for another identity than its metadata is very likely a mistake.
 */
import * as core from '@actions/core'
import { show } from '../version.js'
import type { Artifact } from './read.js'

/** The identity a client resolves, in words for messages, or undefined for tarballs (named by their file). */
export function identityOf(a: Artifact): string | undefined {
  const m = a.meta
  if (m.format === 'deb') return `${m.name} ${m.version} (${m.arch})`
  if (m.format === 'rpm')
    return `${m.name} ${m.rpm.epoch ? `${m.rpm.epoch}:` : ''}${m.rpm.version}-${m.rpm.release} (${m.arch})`
  return undefined
}

/** The file name the format's own tools give the package (dpkg-name; rpmbuild). */
export function canonicalName(a: Artifact): string | undefined {
  const m = a.meta
  if (m.format === 'deb') return `${m.name}_${m.version.replace(/^\d+:/, '')}_${m.arch}.deb`
  if (m.format === 'rpm') return `${m.name}-${m.rpm.version}-${m.rpm.release}.${m.arch}.rpm`
  return undefined
}

/** Throws when two files of one run have one identity; warns for file names that disagree with the metadata. */
export function checkIdentities(artifacts: Artifact[]): void {
  const seen = new Map<string, Artifact>()
  for (const a of artifacts) {
    const identity = identityOf(a)
    if (identity === undefined) continue
    const key = `${a.write.repo}\0${identity}`
    const other = seen.get(key)
    if (other)
      throw new Error(
        `${show(other.path, 300)} and ${show(a.path, 300)} are both ${a.meta.format} package ${identity}: an index lists one file per package, so one of them would silently vanish. Publish one of them. Nothing was written.`
      )
    seen.set(key, a)
    const canonical = canonicalName(a)
    if (canonical && canonical !== a.name)
      core.warning(
        `${show(a.name, 300)} is package ${identity} by its metadata, which its tools would name ${canonical}: check that the right file was built.`
      )
  }
}
