import { gzipSync } from 'node:zlib'
import type { PlanWrite } from '../plan.js'
import { byHashPaths, byHashWrites } from './byhash.js'
import { compareDebianVersions } from './compare.js'
import { type Paragraph, field, formatParagraph } from './control.js'
import {
  type HashLine,
  type OldRelease,
  dirOf,
  hashLine,
  listedArchitectures,
  packagesPaths,
  parseRelease,
  readPackages,
  renderRelease
} from './dists.js'
import { pruneGenerations } from './generations.js'
import { type RepositoryIndexer, indexWrite, retire } from './indexer.js'

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

/** The digest an index lists for a package file, strongest first, to tell whether two entries are the same bytes. */
function digestOf(p: Paragraph): string | undefined {
  for (const name of ['SHA256', 'SHA512', 'SHA1', 'MD5sum']) {
    const v = field(p, name)
    if (v) return `${name}:${v.toLowerCase()}`
  }
  return undefined
}

/**
 * apt repositories (deb, deb-dev) in download.falco.org's layout: packages under `<repo>/stable/`, indexes under
 * `<repo>/dists/<codename>/`. Reads Release and the component's Packages files (any compression, as other tools
 * wrote them), merges the new packages, prunes dev repositories, and writes Packages(.gz) per architecture with
 * their by-hash copies, then Release, InRelease and Release.gpg (written last, by the publisher).
 */
export const aptIndexer: RepositoryIndexer = {
  async plan(repo, artifacts, ctx) {
    const { store, inputs } = ctx
    const component = inputs.aptComponent
    const dists = `${repo}/dists/${inputs.aptCodename}`
    const notes: string[] = []
    const oldReleaseBytes = await store.read(`${dists}/Release`)
    const oldText = oldReleaseBytes?.toString('utf8')
    const old: OldRelease | undefined =
      oldText === undefined ? undefined : parseRelease(oldText, `${dists}/Release`)
    if (old?.dropped.length)
      notes.push(
        `${dists}/Release: dropped ${old.dropped.join(', ')} (it would be false for the new Release)`
      )
    // Architectures as the Release names them (spaces or commas), and any the hash lists show an index for.
    const oldArchs = old
      ? [...new Set([...old.architectures, ...listedArchitectures(old, component)])].sort()
      : []

    // The current entries: every architecture's Packages of our component (`all` packages repeat in each).
    const entries = new Map<string, AptEntry>()
    for (const arch of oldArchs) {
      const index = await readPackages(store, dists, component, arch, old)
      for (const p of index?.paragraphs ?? []) {
        const e = entryOf(p) as AptEntry
        const seen = entries.get(id(e))
        // The same package listed twice with other bytes: a broken index we must not silently halve.
        if (seen && seen.filename !== e.filename && digestOf(seen.paragraph) !== digestOf(p))
          throw new Error(
            `${index?.key} lists ${e.name} ${e.version} (${e.arch}) as both ${seen.filename} and ${e.filename} with other bytes: fix the index before publishing into it`
          )
        entries.set(id(e), e)
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
        ...(a.hashes ? ([['SHA1', a.hashes.sha1]] as Paragraph) : []),
        ['SHA256', a.write.sha256],
        ...(a.hashes ? ([['SHA512', a.hashes.sha512]] as Paragraph) : [])
      ]
      const e: AptEntry = {
        name: a.meta.name,
        version: a.meta.version,
        arch: a.meta.arch,
        filename,
        paragraph
      }
      const published = entries.get(id(e))
      if (
        ctx.type === 'stable' &&
        !ctx.resigning &&
        published &&
        digestOf(published.paragraph) !== `SHA256:${a.write.sha256}`
      ) {
        const theirs = digestOf(published.paragraph)
        const same = theirs?.startsWith('MD5sum:') && theirs === `MD5sum:${a.write.md5}`
        if (!same)
          throw new Error(
            `refusing ${a.path}: ${e.name} ${e.version} (${e.arch}) is already in the stable repository ${repo} as ${published.filename} with other bytes. A stable release is immutable: publish a new version instead. Nothing was written.`
          )
      }
      for (const [k, o] of entries) if (o.filename === filename) entries.delete(k)
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

    // Indexes per architecture: an architecture stays listed even when retention emptied it. `all` gets its own
    // index only when the repository already had one.
    const all = sortEntries([...entries.values()])
    const concrete = [...new Set([...oldArchs, ...all.map(e => e.arch)])].filter(a => a !== 'all').sort()
    const archs = concrete.length ? concrete : ['all']
    if (oldArchs.includes('all') && !archs.includes('all')) archs.push('all')
    const writes: PlanWrite[] = []
    const lines = new Map<string, HashLine>()
    // Every other line is kept: other components, and our component's other files (i18n, Contents, a per-arch
    // Release). Our Packages in other compressions are dropped, never left to name stale content.
    const rewritten = new Set(archs.flatMap(arch => packagesPaths(component, arch)))
    for (const [path, l] of old?.lines ?? []) if (!rewritten.has(path)) lines.set(path, l)
    const live = new Set<string>()
    for (const arch of archs) {
      const text = all
        .filter(
          e => e.arch === arch || (e.arch === 'all' && arch !== 'all') || (arch === 'all' && e.arch === 'all')
        )
        .map(e => formatParagraph(e.paragraph))
        .join('\n')
      const plain = Buffer.from(text, 'utf8')
      const gz = gzipSync(plain, { level: 9 })
      const rel = `${component}/binary-${arch}/Packages`
      for (const [path, data, type] of [
        [rel, plain, 'text/plain; charset=utf-8'],
        [`${rel}.gz`, gz, 'application/gzip']
      ] as const) {
        const line = hashLine(path, data)
        lines.set(path, line)
        const copies = byHashWrites(repo, dists, line, data, type)
        for (const c of copies) live.add(c.key)
        writes.push(...copies)
        writes.push(indexWrite(repo, `${dists}/${path}`, data, `apt index for ${arch}`, type))
      }
    }

    // Release: unchanged content keeps the old Date (and so its bytes and signatures): a re-run is a no-op.
    const header = (date: string): Paragraph => [
      ['Origin', inputs.aptOrigin],
      ['Label', inputs.aptLabel],
      ['Suite', inputs.aptSuite],
      ['Codename', inputs.aptCodename],
      ['Date', date],
      ['Architectures', archs.join(' ')],
      ['Components', [...new Set([...(old?.components ?? []), component])].sort().join(' ')],
      ...(old?.kept ?? []),
      ['Acquire-By-Hash', 'yes']
    ]
    const sorted = [...lines.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    const oldDate = old ? field(old.paragraph, 'Date') : undefined
    const same = oldDate !== undefined && renderRelease(header(oldDate), sorted) === oldText
    const release = same ? (oldText as string) : renderRelease(header(releaseDate(ctx.now)), sorted)
    writes.push(indexWrite(repo, `${dists}/Release`, release, 'apt Release', 'text/plain; charset=utf-8'))

    const signer = ctx.signer
    if (signer) {
      // Reused only when they sign exactly this Release: a half-failed publish can leave ours of another one.
      const oldIn = same ? await store.read(`${dists}/InRelease`) : undefined
      const oldGpg = same ? await store.read(`${dists}/Release.gpg`) : undefined
      const keep = same && (await signer.signs(oldIn, release)) && (await signer.signs(oldGpg, release))
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

    // by-hash copies of earlier generations: the replaced Release's are kept, older ones pruned by count.
    if (!same) {
      const previous = new Set(
        [...(old?.lines.values() ?? [])].flatMap(l => byHashPaths(l).map(p => `${dists}/${p}`))
      )
      for (const arch of archs) {
        const dir = `${dists}/${dirOf(packagesPaths(component, arch)[0])}/by-hash/`
        deletes.push(
          ...(await pruneGenerations(store, {
            repo,
            prefix: dir,
            series: key => key.slice(0, key.lastIndexOf('/')),
            live,
            previous,
            keep: inputs.keepIndexGenerations,
            perGeneration: 2,
            reason: `by-hash copy of an index older than the last ${inputs.keepIndexGenerations} generation(s)`
          }))
        )
      }
    }
    notes.push(
      `${repo}: ${all.length} package(s) in ${dists} (${archs.join(', ')})${same ? ', unchanged' : ''}`
    )
    return { writes, deletes, notes }
  }
}
