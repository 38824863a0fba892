/**
 * rpm-md metadata (primary, filelists, other) rendered as createrepo_c renders it, one `<package>` chunk per
 * package, so an unchanged package keeps byte-identical chunks and a merge is a splice of strings.
 */
import { parseEvr, rpmvercmp } from './compare.js'
import type { RpmDep, RpmPackage } from './rpm.js'

/** One package of a repository: its three metadata chunks and what merge and retention need. */
export interface RpmEntry {
  name: string
  arch: string
  epoch: string
  version: string
  release: string
  href: string
  pkgid: string
  primary: string
  filelists: string
  other: string
}

export const NS = {
  common: 'http://linux.duke.edu/metadata/common',
  rpm: 'http://linux.duke.edu/metadata/rpm',
  filelists: 'http://linux.duke.edu/metadata/filelists',
  other: 'http://linux.duke.edu/metadata/other',
  repo: 'http://linux.duke.edu/metadata/repo'
}

/** createrepo_c keeps the newest 10 changelog entries by default. */
const CHANGELOG_LIMIT = 10
const RPMFILE_GHOST = 1 << 6
const RPMSENSE_PREREQ = 1 << 6
const RPMSENSE_SCRIPT_PRE = 1 << 9
const RPMSENSE_SCRIPT_POST = 1 << 10

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

/** As libxml2 serializes attributes without a document encoding: non-ASCII characters as `&#xHEX;`. */
export function escapeAttr(s: string): string {
  return escapeText(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;')
    .replace(/[^\t\n\r -\x7f]/gu, c => `&#x${(c.codePointAt(0) as number).toString(16).toUpperCase()};`)
}

export function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'amp') return '&'
    if (e === 'lt') return '<'
    if (e === 'gt') return '>'
    if (e === 'quot') return '"'
    if (e === 'apos') return "'"
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
  })
}

const FLAGS: Record<number, string> = { 2: 'LT', 4: 'GT', 8: 'EQ', 10: 'LE', 12: 'GE' }

/** The files createrepo lists in primary.xml (the rest only in filelists.xml). */
export function isPrimaryFile(path: string): boolean {
  return path.startsWith('/etc/') || path === '/usr/lib/sendmail' || path.includes('bin/')
}

function entry(d: RpmDep & { pre?: boolean }): string {
  let attrs = ` name="${escapeAttr(d.name)}"`
  const flags = FLAGS[d.flags & 0xf]
  if (flags) {
    attrs += ` flags="${flags}"`
    if (d.version) {
      const evr = parseEvr(d.version)
      attrs += ` epoch="${escapeAttr(evr.epoch ?? '0')}"`
      if (evr.version) attrs += ` ver="${escapeAttr(evr.version)}"`
      if (evr.release) attrs += ` rel="${escapeAttr(evr.release)}"`
    }
  }
  if (d.pre) attrs += ' pre="1"'
  return `      <rpm:entry${attrs}/>\n`
}

function depList(tag: string, list: (RpmDep & { pre?: boolean })[]): string {
  const items = list.filter(d => d.name)
  if (!items.length) return ''
  return `    <rpm:${tag}>\n${items.map(entry).join('')}    </rpm:${tag}>\n`
}

/**
 * Requires as createrepo_c lists them: no rpmlib(), no own primary files, none that equals one of the package's
 * provides (name, flags and version), no repeats, and of the libc.so.6 requires only the highest GLIBC version.
 */
function requires(pkg: RpmPackage): (RpmDep & { pre: boolean })[] {
  const files = new Set(pkg.files.map(f => f.path))
  const nfv = (d: RpmDep): string => `${d.name}\0${FLAGS[d.flags & 0xf] ?? ''}\0${d.version}`
  const provided = new Set(pkg.provides.map(nfv))
  const seen = new Map<string, string>()
  const out: (RpmDep & { pre: boolean })[] = []
  let libc: (RpmDep & { pre: boolean }) | undefined
  for (const d of pkg.requires) {
    if (d.name.startsWith('rpmlib(')) continue
    if (d.name.startsWith('/') && files.has(d.name) && isPrimaryFile(d.name)) continue
    if (provided.has(nfv(d))) continue
    const pre = (d.flags & (RPMSENSE_PREREQ | RPMSENSE_SCRIPT_PRE | RPMSENSE_SCRIPT_POST)) !== 0
    const sig = `${FLAGS[d.flags & 0xf] ?? ''}\0${d.version}\0${pre}`
    if (seen.get(d.name) === sig) continue
    const dep = { ...d, pre }
    if (d.name.startsWith('libc.so.6')) {
      if (!libc || compareLibc(libc.name, d.name) === 2) libc = dep
      continue
    }
    out.push(dep)
    seen.set(d.name, sig)
  }
  if (libc) out.push(libc)
  return out
}

/**
 * createrepo_c's `cr_compare_dependency` for libc.so.6 names: `libc.so.6` < `libc.so.6()(64bit)` <
 * `libc.so.6(GLIBC_2.3.4)(64bit)` < `libc.so.6(GLIBC_2.34)(64bit)`. The version is what follows the first digit
 * inside the first parentheses, compared with rpmvercmp; a first group without a digit (`(GLIBC_PRIVATE)`) counts
 * as no version, never the `64` of a later `(64bit)`. Returns 0 (same), 1 (first higher) or 2 (second higher).
 */
export function compareLibc(a: string, b: string): number {
  const group = (s: string): string | undefined => {
    const open = s.indexOf('(')
    if (open < 0) return undefined
    const close = s.indexOf(')', open)
    return close < 0 ? undefined : s.slice(open + 1, close)
  }
  const x = group(a)
  const y = group(b)
  if (x === undefined && y === undefined) return 0
  if (x === undefined) return 2
  if (y === undefined) return 1
  if (!x && !y) return 0
  if (!x) return 2
  if (!y) return 1
  const vx = /\d.*$/.exec(x)?.[0]
  const vy = /\d.*$/.exec(y)?.[0]
  if (vx === undefined && vy === undefined) return 0
  if (vx === undefined) return 2
  if (vy === undefined) return 1
  const c = rpmvercmp(vx, vy)
  return c < 0 ? 2 : c > 0 ? 1 : 0
}

function fileLine(f: RpmPackage['files'][number], indent: string): string {
  const dir = (f.mode & 0o170000) === 0o040000
  const type = dir ? ' type="dir"' : f.flags & RPMFILE_GHOST ? ' type="ghost"' : ''
  return `${indent}<file${type}>${escapeText(f.path)}</file>\n`
}

export interface RpmFacts {
  sha256: string
  size: number
  mtime: number
  href: string
}

/** The three metadata chunks of one package, byte-for-byte as createrepo_c 0.17 writes them. */
export function rpmEntry(pkg: RpmPackage, facts: RpmFacts): RpmEntry {
  const epoch = String(pkg.epoch ?? 0)
  const t = escapeText
  const a = escapeAttr
  const ver = `<version epoch="${a(epoch)}" ver="${a(pkg.version)}" rel="${a(pkg.release)}"/>`
  const primary =
    `<package type="rpm">\n` +
    `  <name>${t(pkg.name)}</name>\n` +
    `  <arch>${t(pkg.arch)}</arch>\n` +
    `  ${ver}\n` +
    `  <checksum type="sha256" pkgid="YES">${facts.sha256}</checksum>\n` +
    `  <summary>${t(pkg.summary)}</summary>\n` +
    `  <description>${t(pkg.description)}</description>\n` +
    `  <packager>${t(pkg.packager)}</packager>\n` +
    `  <url>${t(pkg.url)}</url>\n` +
    `  <time file="${facts.mtime}" build="${pkg.buildTime}"/>\n` +
    `  <size package="${facts.size}" installed="${pkg.installedSize}" archive="${pkg.archiveSize}"/>\n` +
    `  <location href="${a(facts.href)}"/>\n` +
    `  <format>\n` +
    `    <rpm:license>${t(pkg.license)}</rpm:license>\n` +
    `    <rpm:vendor>${t(pkg.vendor)}</rpm:vendor>\n` +
    `    <rpm:group>${t(pkg.group)}</rpm:group>\n` +
    `    <rpm:buildhost>${t(pkg.buildhost)}</rpm:buildhost>\n` +
    `    <rpm:sourcerpm>${t(pkg.sourcerpm)}</rpm:sourcerpm>\n` +
    `    <rpm:header-range start="${pkg.headerStart}" end="${pkg.headerEnd}"/>\n` +
    depList('provides', pkg.provides) +
    depList('requires', requires(pkg)) +
    depList('conflicts', pkg.conflicts) +
    depList('obsoletes', pkg.obsoletes) +
    depList('suggests', pkg.suggests) +
    depList('enhances', pkg.enhances) +
    depList('recommends', pkg.recommends) +
    depList('supplements', pkg.supplements) +
    pkg.files
      .filter(f => isPrimaryFile(f.path))
      .map(f => fileLine(f, '    '))
      .join('') +
    `  </format>\n` +
    `</package>\n`
  const head = `<package pkgid="${facts.sha256}" name="${a(pkg.name)}" arch="${a(pkg.arch)}">\n  ${ver}\n`
  const filelists = head + pkg.files.map(f => fileLine(f, '  ')).join('') + '</package>\n'
  const other = head + changelogLines(pkg) + '</package>\n'
  return {
    name: pkg.name,
    arch: pkg.arch,
    epoch,
    version: pkg.version,
    release: pkg.release,
    href: facts.href,
    pkgid: facts.sha256,
    primary,
    filelists,
    other
  }
}

/** The newest entries, oldest first; equal times are nudged apart as createrepo_c does. */
function changelogLines(pkg: RpmPackage): string {
  const kept = pkg.changelogs
    .slice(0, CHANGELOG_LIMIT)
    .map(c => ({ ...c, author: c.author.replace(/ +$/, '') }))
  const out: typeof kept = []
  let last = 0
  for (const c of kept) {
    out.unshift(c)
    if (last === c.time) {
      let t = c.time
      for (let i = 1; i < out.length && out[i].time === t; i++) out[i].time = ++t
    } else last = c.time
  }
  return out
    .map(
      c =>
        `  <changelog author="${escapeAttr(c.author)}" date="${c.time}">${escapeText(c.text)}</changelog>\n`
    )
    .join('')
}

/** A whole metadata document around its chunks, without a final newline (as createrepo_c writes it). */
export function renderDocument(type: 'primary' | 'filelists' | 'other', chunks: string[]): string {
  const open =
    type === 'primary'
      ? `<metadata xmlns="${NS.common}" xmlns:rpm="${NS.rpm}" packages="${chunks.length}">`
      : type === 'filelists'
        ? `<filelists xmlns="${NS.filelists}" packages="${chunks.length}">`
        : `<otherdata xmlns="${NS.other}" packages="${chunks.length}">`
  const close = type === 'primary' ? '</metadata>' : type === 'filelists' ? '</filelists>' : '</otherdata>'
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}\n${chunks.join('')}${close}`
}

const attr = (chunk: string, re: RegExp): string => unescapeXml(re.exec(chunk)?.[1] ?? '')

/**
 * Splits existing metadata (ours or createrepo's) into per-package entries, pairing the three files by pkgid.
 * Throws when the documents do not agree, rather than publishing a repository that lost packages.
 */
export function parseEntries(primary: string, filelists: string, other: string): RpmEntry[] {
  const byId = (doc: string): Map<string, string[]> => {
    const m = new Map<string, string[]>()
    for (const chunk of doc.match(/<package pkgid="[^"]*"[\s\S]*?<\/package>\n?/g) ?? []) {
      const id = attr(chunk, /pkgid="([^"]*)"/)
      m.set(id, [...(m.get(id) ?? []), chunk.endsWith('\n') ? chunk : `${chunk}\n`])
    }
    return m
  }
  const files = byId(filelists)
  const others = byId(other)
  const entries: RpmEntry[] = []
  for (const raw of primary.match(/<package type="rpm">[\s\S]*?<\/package>\n?/g) ?? []) {
    const chunk = raw.endsWith('\n') ? raw : `${raw}\n`
    const pkgid = attr(chunk, /<checksum type="[^"]*" pkgid="YES">([^<]*)</)
    const f = files.get(pkgid)?.shift()
    const o = others.get(pkgid)?.shift()
    if (f === undefined || o === undefined)
      throw new Error(
        `repository metadata is inconsistent: package ${pkgid} is missing from filelists or other`
      )
    entries.push({
      name: attr(chunk, /<name>([^<]*)<\/name>/),
      arch: attr(chunk, /<arch>([^<]*)<\/arch>/),
      epoch: attr(chunk, /<version epoch="([^"]*)"/) || '0',
      version: attr(chunk, /<version [^>]*ver="([^"]*)"/),
      release: attr(chunk, /<version [^>]*rel="([^"]*)"/),
      href: attr(chunk, /<location [^>]*href="([^"]*)"/),
      pkgid,
      primary: chunk,
      filelists: f,
      other: o
    })
  }
  return entries
}

export interface RepomdRecord {
  type: string
  /** The whole `<data>` element, kept verbatim for types we do not write (updateinfo, comps, modules). */
  xml: string
  href: string
}

export function parseRepomd(xml: string): RepomdRecord[] {
  return (xml.match(/<data type="[^"]*">[\s\S]*?<\/data>/g) ?? []).map(d => ({
    type: attr(d, /<data type="([^"]*)"/),
    xml: d,
    href: attr(d, /<location [^>]*href="([^"]*)"/)
  }))
}

export interface RepomdData {
  type: string
  href: string
  sha256: string
  size: number
  openSha256: string
  openSize: number
}

export function renderRepomd(revision: number, data: RepomdData[], kept: RepomdRecord[]): string {
  const records = data.map(
    d =>
      `  <data type="${d.type}">\n` +
      `    <checksum type="sha256">${d.sha256}</checksum>\n` +
      `    <open-checksum type="sha256">${d.openSha256}</open-checksum>\n` +
      `    <location href="${escapeAttr(d.href)}"/>\n` +
      `    <timestamp>${revision}</timestamp>\n` +
      `    <size>${d.size}</size>\n` +
      `    <open-size>${d.openSize}</open-size>\n` +
      `  </data>\n`
  )
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<repomd xmlns="${NS.repo}" xmlns:rpm="${NS.rpm}">\n` +
    `  <revision>${revision}</revision>\n` +
    records.join('') +
    kept.map(k => `  ${k.xml}\n`).join('') +
    `</repomd>\n`
  )
}
