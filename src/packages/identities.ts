/**
 * A package's identity is what clients resolve (deb: name, version, arch; rpm: name, epoch, version, release,
 * arch), not its file name. Two files with one identity in one run would collapse into one index entry while
 * both are uploaded; a file named for another identity than its metadata is very likely a mistake.
 */
import * as log from '../log.js'
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

/** The names an architecture goes by in file names (Falco names its .deb files x86_64, dpkg says amd64). */
const ALIASES: Record<string, string[]> = {
  amd64: ['amd64', 'x86_64', 'x86-64'],
  x86_64: ['x86_64', 'amd64', 'x86-64'],
  arm64: ['arm64', 'aarch64'],
  aarch64: ['aarch64', 'arm64'],
  all: ['all', 'noarch'],
  noarch: ['noarch', 'all']
}

/**
 * What of the package's identity its file name does not mention: the name, the version (without epoch) and
 * the architecture, in any of the layouts in use (`falco_0.45.0_amd64.deb`, `falco-0.45.0-x86_64.deb`).
 */
export function nameMismatch(a: Artifact): string[] {
  const m = a.meta
  if (m.format === 'bin') return []
  const file = a.name.toLowerCase()
  const version = m.format === 'deb' ? m.version.replace(/^\d+:/, '') : m.rpm.version
  const out: string[] = []
  if (!file.includes(m.name.toLowerCase())) out.push(`name ${m.name}`)
  if (!file.includes(version.toLowerCase())) out.push(`version ${version}`)
  const arch = m.arch.toLowerCase()
  if (!(ALIASES[arch] ?? [arch]).some(x => file.includes(x)) && !['all', 'noarch'].includes(arch))
    out.push(`architecture ${m.arch}`)
  return out
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
    const missing = nameMismatch(a)
    if (missing.length)
      log.warning(
        `${show(a.name, 300)} is package ${identity} by its metadata, but the file name does not say its ${missing.join(', ')}: check that the right file was built.`
      )
  }
}
