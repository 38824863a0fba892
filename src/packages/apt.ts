import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { PlanWrite } from '../plan.js'
import { compareDebianVersions } from './compare.js'
import { type Paragraph, field, formatParagraph, parseParagraphs } from './control.js'
import { type RepositoryIndexer, indexWrite, retire, signedBy } from './indexer.js'

/** One package in a Packages index: identity, file, and the paragraph as it will be written. */
interface AptEntry {
  name: string
  version: string
  arch: string
  filename: string
  paragraph: Paragraph
}

/** Fields we compute for each file; a control file's own copies (there should be none) are dropped. */
const FILE_FIELDS = new Set(['filename', 'size', 'md5sum', 'sha1', 'sha256', 'sha512'])

const id = (e: { name: string; version: string; arch: string }): string =>
  `${e.name}\0${e.version}\0${e.arch}`

/** `Date:` as Debian writes it (RFC 2822, UTC). */
export function releaseDate(d: Date): string {
  return d.toUTCString().replace(/GMT$/, 'UTC')
}

function entryOf(p: Paragraph): AptEntry | undefined {
  const name = field(p, 'Package')
  const version = field(p, 'Version')
  const arch = field(p, 'Architecture')
  const filename = field(p, 'Filename')
  if (!name || !version || !arch || !filename) return undefined
  return { name, version, arch, filename, paragraph: p }
}

function sortEntries(entries: AptEntry[]): AptEntry[] {
  return entries.sort(
    (a, b) =>
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      compareDebianVersions(a.version, b.version) ||
      (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0)
  )
}

interface HashLine {
  path: string
  size: number
  md5: string
  sha1: string
  sha256: string
}

function hashLine(path: string, data: Uint8Array): HashLine {
  const h = (alg: string): string => createHash(alg).update(data).digest('hex')
  return { path, size: data.length, md5: h('md5'), sha1: h('sha1'), sha256: h('sha256') }
}

/** Hash lines of an existing Release, by path, so components we do not touch keep theirs. */
function oldHashLines(release: Paragraph): Map<string, HashLine> {
  const lines = new Map<string, HashLine>()
  const read = (name: string, set: (l: HashLine, hash: string) => void): void => {
    for (const line of (field(release, name) ?? '').split('\n')) {
      const [hash, size, path] = line.trim().split(/\s+/)
      if (!hash || !path) continue
      const l = lines.get(path) ?? { path, size: Number(size), md5: '', sha1: '', sha256: '' }
      set(l, hash)
      lines.set(path, l)
    }
  }
  read('MD5Sum', (l, h) => (l.md5 = h))
  read('SHA1', (l, h) => (l.sha1 = h))
  read('SHA256', (l, h) => (l.sha256 = h))
  return lines
}

function renderRelease(fields: Paragraph, lines: HashLine[]): string {
  const width = Math.max(8, ...lines.map(l => String(l.size).length))
  const list = (pick: (l: HashLine) => string): string =>
    lines
      .filter(pick)
      .map(l => `\n ${pick(l)} ${String(l.size).padStart(width)} ${l.path}`)
      .join('')
  return formatParagraph([
    ...fields,
    ['MD5Sum', list(l => l.md5)],
    ['SHA1', list(l => l.sha1)],
    ['SHA256', list(l => l.sha256)]
  ])
}

/**
 * apt repositories (deb, deb-dev) in download.falco.org's layout: packages under `<repo>/stable/`, indexes under
 * `<repo>/dists/<codename>/`. Reads Release and the component's Packages files, merges the new packages,
 * prunes dev repositories, and writes Packages(.gz) per architecture, then Release, InRelease and Release.gpg.
 */
export const aptIndexer: RepositoryIndexer = {
  async plan(repo, artifacts, ctx) {
    const { store, inputs } = ctx
    const component = inputs.aptComponent
    const dists = `${repo}/dists/${inputs.aptCodename}`
    const notes: string[] = []
    const oldReleaseBytes = await store.read(`${dists}/Release`)
    const oldRelease = oldReleaseBytes ? parseParagraphs(oldReleaseBytes.toString('utf8'))[0] : undefined
    const words = (name: string): string[] =>
      (oldRelease ? (field(oldRelease, name) ?? '').split(/\s+/) : []).filter(Boolean)
    const oldArchs = words('Architectures')

    // The current entries: every architecture's Packages of our component (`all` packages repeat in each).
    const entries = new Map<string, AptEntry>()
    for (const arch of oldArchs) {
      const base = `${dists}/${component}/binary-${arch}/Packages`
      const plain = await store.read(base)
      const gz = plain ? undefined : await store.read(`${base}.gz`)
      const text = plain ?? (gz ? gunzipSync(gz) : undefined)
      if (!text) continue
      for (const p of parseParagraphs(text.toString('utf8'))) {
        const e = entryOf(p)
        if (e) entries.set(id(e), e)
      }
    }

    // Merge the new packages: a new entry replaces one with the same identity or the same file.
    const added = new Set<string>()
    for (const a of artifacts) {
      if (a.meta.format !== 'deb') continue
      const filename = a.write.key.slice(repo.length + 1)
      const paragraph: Paragraph = [
        ...a.meta.deb.control.filter(([n]) => !FILE_FIELDS.has(n.toLowerCase())),
        ['Filename', filename],
        ['Size', String(a.write.size)],
        ['MD5sum', a.write.md5 ?? ''],
        ['SHA256', a.write.sha256]
      ]
      const e: AptEntry = {
        name: a.meta.name,
        version: a.meta.version,
        arch: a.meta.arch,
        filename,
        paragraph
      }
      for (const [k, old] of entries) if (old.filename === filename) entries.delete(k)
      entries.set(id(e), e)
      added.add(filename)
    }

    const { deletes, count } = await retire(
      repo,
      entries,
      ctx,
      (x, y) => compareDebianVersions(x.version, y.version),
      e => e.filename,
      e => added.has(e.filename)
    )
    if (count) notes.push(`${repo}: retention prunes ${count} old package version(s)`)

    // Indexes per architecture: an architecture stays listed even when retention emptied it.
    const all = sortEntries([...entries.values()])
    const concrete = [...new Set([...oldArchs, ...all.map(e => e.arch)])].filter(a => a !== 'all').sort()
    const archs = concrete.length ? concrete : ['all']
    const writes: PlanWrite[] = []
    const lines = new Map<string, HashLine>()
    if (oldRelease)
      for (const [path, l] of oldHashLines(oldRelease))
        if (!path.startsWith(`${component}/`)) lines.set(path, l)
    for (const arch of archs) {
      const text = all
        .filter(e => e.arch === arch || e.arch === 'all')
        .map(e => formatParagraph(e.paragraph))
        .join('\n')
      const plain = Buffer.from(text, 'utf8')
      const gz = gzipSync(plain, { level: 9 })
      const rel = `${component}/binary-${arch}/Packages`
      lines.set(rel, hashLine(rel, plain))
      lines.set(`${rel}.gz`, hashLine(`${rel}.gz`, gz))
      writes.push(
        indexWrite(repo, `${dists}/${rel}`, plain, `apt index for ${arch}`, 'text/plain; charset=utf-8')
      )
      writes.push(indexWrite(repo, `${dists}/${rel}.gz`, gz, `apt index for ${arch}`, 'application/gzip'))
    }

    // Release: unchanged content keeps the old Date (and so its bytes and signatures): a re-run is a no-op.
    const header = (date: string): Paragraph => [
      ['Origin', inputs.aptOrigin],
      ['Label', inputs.aptLabel],
      ['Suite', inputs.aptSuite],
      ['Codename', inputs.aptCodename],
      ['Date', date],
      ['Architectures', archs.join(' ')],
      ['Components', [...new Set([...words('Components'), component])].sort().join(' ')],
      ['Acquire-By-Hash', 'no']
    ]
    const sorted = [...lines.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    const oldDate = oldRelease ? field(oldRelease, 'Date') : undefined
    const same =
      oldDate !== undefined && renderRelease(header(oldDate), sorted) === oldReleaseBytes?.toString('utf8')
    const release = same
      ? (oldReleaseBytes as Buffer).toString('utf8')
      : renderRelease(header(releaseDate(ctx.now)), sorted)
    writes.push(indexWrite(repo, `${dists}/Release`, release, 'apt Release', 'text/plain; charset=utf-8'))

    const signer = ctx.signer
    if (signer) {
      const oldIn = same ? await store.read(`${dists}/InRelease`) : undefined
      const oldGpg = same ? await store.read(`${dists}/Release.gpg`) : undefined
      const keep = same && (await signedBy(oldIn, signer)) && (await signedBy(oldGpg, signer))
      const inRelease = keep ? (oldIn as Buffer) : await signer.clearsign(release)
      const gpg = keep ? (oldGpg as Buffer) : await signer.detach(Buffer.from(release, 'utf8'))
      writes.push(
        indexWrite(
          repo,
          `${dists}/InRelease`,
          inRelease,
          'apt Release, clearsigned',
          'text/plain; charset=utf-8'
        )
      )
      writes.push(
        indexWrite(repo, `${dists}/Release.gpg`, gpg, 'apt Release signature', 'application/pgp-signature')
      )
    } else if (!same) {
      // Old signatures would not match the new Release: apt would refuse the repository. Remove them.
      for (const name of ['InRelease', 'Release.gpg'])
        if (await store.stat(`${dists}/${name}`))
          deletes.push({
            kind: 'packages',
            repo,
            key: `${dists}/${name}`,
            reason: 'stale signature of an older Release (no signing-key)'
          })
    }
    notes.push(
      `${repo}: ${all.length} package(s) in ${dists} (${archs.join(', ')})${same ? ', unchanged' : ''}`
    )
    return { writes, deletes, notes }
  }
}
