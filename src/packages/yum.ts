import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { PlanWrite } from '../plan.js'
import type { Store } from '../stores/store.js'
import { compareEvr } from './compare.js'
import { pruneGenerations } from './generations.js'
import { type RepositoryIndexer, indexWrite, retire } from './indexer.js'
import {
  type RepomdData,
  type RpmEntry,
  parseEntries,
  parseRepomd,
  renderDocument,
  renderRepomd,
  rpmEntry
} from './repodata.js'

const TYPES = ['primary', 'filelists', 'other'] as const
/** createrepo's sqlite databases: we do not write them, so stale ones are dropped from repomd.xml and deleted. */
const DROPPED = new Set(['primary_db', 'filelists_db', 'other_db'])

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')
const nevra = (e: RpmEntry): string => `${e.name}\0${e.epoch}\0${e.version}\0${e.release}\0${e.arch}`

function byNevra(a: RpmEntry, b: RpmEntry): number {
  return (
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    compareEvr(a, b) ||
    (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0) ||
    (a.href < b.href ? -1 : a.href > b.href ? 1 : 0)
  )
}

/**
 * rpm repositories (rpm, rpm-dev): packages at `<repo>/<file>`, metadata in `<repo>/repodata/` as createrepo_c
 * writes it (`<sha256>-primary.xml.gz` etc. and repomd.xml, plus repomd.xml.asc). Reads repomd.xml and the three
 * metadata files, splices in the new packages' chunks, prunes dev repositories, writes new metadata files, then
 * repomd.xml last; the replaced metadata files are deleted after.
 */
type DocType = (typeof TYPES)[number]

/**
 * Reads repomd.xml and the metadata it names. Another publisher may replace them meanwhile (a new repomd.xml,
 * then the old files deleted): a named file gone while repomd.xml changed means read again from the new one;
 * gone while repomd.xml stayed the same means the repository is broken.
 */
async function readRepodata(store: Store, repo: string, repomdKey: string) {
  for (let attempt = 1; ; attempt++) {
    const oldRepomd = await store.read(repomdKey)
    const records = oldRepomd ? parseRepomd(oldRepomd.toString('utf8')) : []
    const oldDocs: Partial<Record<DocType, string>> = {}
    const oldRaw: Partial<Record<DocType, Buffer>> = {}
    let missing: string | undefined
    for (const type of TYPES) {
      const rec = records.find(r => r.type === type)
      if (!rec) continue
      const data = await store.read(`${repo}/${rec.href}`)
      if (!data) {
        missing = rec.href
        break
      }
      oldRaw[type] = data
      oldDocs[type] = (rec.href.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8')
    }
    if (!missing) return { oldRepomd, records, oldDocs, oldRaw }
    const now = await store.read(repomdKey)
    const replaced = !now || !oldRepomd || !now.equals(oldRepomd)
    if (!replaced || attempt >= 5)
      throw new Error(`${repomdKey} names ${missing}, which is missing from the store`)
  }
}

export const yumIndexer: RepositoryIndexer = {
  async plan(repo, artifacts, ctx) {
    const { store } = ctx
    const repomdKey = `${repo}/repodata/repomd.xml`
    const { oldRepomd, records, oldDocs, oldRaw } = await readRepodata(store, repo, repomdKey)
    const entries = new Map<string, RpmEntry>()
    if (oldDocs.primary !== undefined)
      for (const e of parseEntries(oldDocs.primary, oldDocs.filelists ?? '', oldDocs.other ?? ''))
        entries.set(nevra(e), e)

    const added = new Set<string>()
    for (const a of artifacts) {
      if (a.meta.format !== 'rpm') continue
      const href = a.write.key.slice(repo.length + 1)
      const e = rpmEntry(a.meta.rpm, { sha256: a.write.sha256, size: a.write.size, mtime: a.mtime, href })
      const published = entries.get(nevra(e))
      // pkgid is the package's sha256 as createrepo_c writes it; another checksum type cannot be compared.
      if (
        ctx.type === 'stable' &&
        !ctx.resigning &&
        published &&
        /^[0-9a-f]{64}$/i.test(published.pkgid) &&
        published.pkgid.toLowerCase() !== a.write.sha256
      )
        throw new Error(
          `refusing ${a.name}: ${e.name} ${e.epoch}:${e.version}-${e.release} (${e.arch}) is already in the stable repository ${repo} as ${published.href} with other bytes. A stable release is immutable: publish a new version instead. Nothing was written.`
        )
      for (const [k, old] of entries) if (old.href === href) entries.delete(k)
      entries.set(nevra(e), e)
      added.add(href)
    }

    const notes: string[] = []
    const { deletes, count } = await retire(
      repo,
      entries,
      ctx,
      compareEvr,
      e => e.href,
      e => added.has(e.href)
    )
    if (count) notes.push(`${repo}: retention prunes ${count} old package version(s)`)

    const all = [...entries.values()].sort(byNevra)
    const docs = {
      primary: renderDocument(
        'primary',
        all.map(e => e.primary)
      ),
      filelists: renderDocument(
        'filelists',
        all.map(e => e.filelists)
      ),
      other: renderDocument(
        'other',
        all.map(e => e.other)
      )
    }
    const same =
      oldRepomd !== undefined &&
      TYPES.every(t => oldDocs[t] === docs[t]) &&
      !records.some(r => DROPPED.has(r.type))
    const writes: PlanWrite[] = []
    let repomd: string | Buffer
    if (same) {
      // Nothing changed: the same files and repomd.xml (and its signature), so a re-run writes nothing.
      for (const t of TYPES) {
        const rec = records.find(r => r.type === t)
        if (rec)
          writes.push(
            indexWrite(
              repo,
              `${repo}/${rec.href}`,
              oldRaw[t] as Buffer,
              `rpm ${t} metadata`,
              'application/gzip'
            )
          )
      }
      repomd = oldRepomd as Buffer
    } else {
      const data: RepomdData[] = []
      for (const t of TYPES) {
        const open = Buffer.from(docs[t], 'utf8')
        const gz = gzipSync(open, { level: 9 })
        const sum = sha256(gz)
        const href = `repodata/${sum}-${t}.xml.gz`
        data.push({
          type: t,
          href,
          sha256: sum,
          size: gz.length,
          openSha256: sha256(open),
          openSize: open.length
        })
        writes.push(indexWrite(repo, `${repo}/${href}`, gz, `rpm ${t} metadata`, 'application/gzip'))
      }
      const kept = records.filter(
        r => !TYPES.includes(r.type as (typeof TYPES)[number]) && !DROPPED.has(r.type)
      )
      repomd = renderRepomd(Math.floor(ctx.now.getTime() / 1000), data, kept)
      // The replaced metadata stays for clients holding the old repomd.xml (createrepo_c --retain-old-md).
      const live = new Set([...data.map(d => d.href), ...kept.map(k => k.href)].map(h => `${repo}/${h}`))
      deletes.push(
        ...(await pruneGenerations(store, {
          repo,
          prefix: `${repo}/repodata/`,
          series: key => /\/repodata\/[0-9a-f]{32,128}-([^/.]+)\.[^/]+$/.exec(key)?.[1],
          live,
          previous: new Set(records.map(r => `${repo}/${r.href}`)),
          keep: ctx.inputs.keepIndexGenerations,
          perGeneration: 1,
          reason: `repository metadata older than the last ${ctx.inputs.keepIndexGenerations} generation(s)`
        }))
      )
    }
    writes.push(indexWrite(repo, repomdKey, repomd, 'rpm repository metadata index', 'text/xml'))
    if (ctx.signer) {
      // Reused only when it signs exactly this repomd.xml: a half-failed publish can leave ours of another one.
      const bytes = typeof repomd === 'string' ? Buffer.from(repomd) : repomd
      const oldAsc = same ? await store.read(`${repomdKey}.asc`) : undefined
      const asc = oldAsc && (await ctx.signer.signs(oldAsc, bytes)) ? oldAsc : await ctx.signer.detach(bytes)
      writes.push(
        indexWrite(
          repo,
          `${repomdKey}.asc`,
          asc,
          'rpm repository metadata signature',
          'application/pgp-signature'
        )
      )
      // Where zypper (--gpg-auto-import-keys) and a .repo file's gpgkey= find the key.
      writes.push(
        indexWrite(
          repo,
          `${repomdKey}.key`,
          ctx.signer.publicKey,
          'public key of the rpm repository and package signatures',
          'application/pgp-keys'
        )
      )
    } else if (!same && (await store.stat(`${repomdKey}.asc`)))
      deletes.push({
        kind: 'packages',
        repo,
        key: `${repomdKey}.asc`,
        reason: 'stale signature of an older repomd.xml (no signing-key)'
      })
    notes.push(`${repo}: ${all.length} package(s) in ${repo}/repodata${same ? ', unchanged' : ''}`)
    return { writes, deletes, notes }
  }
}
