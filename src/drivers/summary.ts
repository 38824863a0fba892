import * as core from '../core.js'
import { esc } from '../markup.js'
import type { Published } from '../plan.js'
import * as log from '../log.js'

/**
 * GitHub caps an output at 1 MB; past this the per-object uploaded/deleted entries are folded into counts per
 * driver version and arch too (the listings name every object anyway).
 */
export const MAX_PUBLISHED_JSON = 900_000

/** `8.0.0+driver/x86_64/…` → `8.0.0+driver/x86_64/`; the root listing has no prefix. */
export function prefixOfKey(key: string | undefined): string {
  // What `${parts[0]}/${parts[1]}/` of split('/') gives, without the array: asked once per object, often twice.
  if (!key) return ''
  const first = key.indexOf('/')
  const second = first < 0 ? -1 : key.indexOf('/', first + 1)
  return second < 0 ? '' : key.slice(0, second + 1)
}

/**
 * Keeps the `published` output usable at thousands of objects: unchanged driver objects become one entry per
 * driver version and arch with a count; uploaded, missing, invalid and deleted objects stay listed one by one
 * unless the output would pass GitHub's size limit.
 */
export function compact(entries: Published[], limit = MAX_PUBLISHED_JSON): Published[] {
  const listed: Published[] = []
  const folded = fold(entries, e => e.status === 'unchanged' && e.role === 'artifact', listed)
  const out = [...listed, ...folded]
  if (JSON.stringify(out).length <= limit) return out
  const small: Published[] = []
  const more = fold(out, e => e.role === 'artifact' || e.role === 'delete', small)
  log.notice(
    `${out.length} published entries would pass the 1 MB output limit: uploaded and deleted objects are counted per driver version and arch; the listings name every object.`
  )
  return [...small, ...more]
}

/** Folds the entries `pick` selects into one entry per status, role and prefix, with a count. */
function fold(entries: Published[], pick: (e: Published) => boolean, rest: Published[]): Published[] {
  const groups = new Map<string, Published>()
  for (const e of entries) {
    if (!pick(e)) {
      rest.push(e)
      continue
    }
    const prefix = e.count !== undefined ? (e.path ?? '') : prefixOfKey(e.path)
    const id = `${e.status}\u0000${e.role}\u0000${prefix}`
    const group = groups.get(id)
    if (group) {
      group.count = (group.count ?? 0) + (e.count ?? 1)
      if (e.replaced) group.replaced = true
      if (e.size !== undefined) group.size = (group.size ?? 0) + e.size
    } else
      groups.set(id, {
        kind: e.kind,
        repo: e.repo,
        path: prefix,
        status: e.status,
        role: e.role,
        count: e.count ?? 1,
        ...(e.replaced && { replaced: true }),
        ...(e.size !== undefined && { size: e.size })
      })
  }
  for (const g of groups.values())
    g.reason = `${g.count} object(s) ${g.status === 'unchanged' ? 'already there with the same bytes' : g.status}`
  return [...groups.values()]
}

export interface Totals {
  prefix: string
  uploaded: number
  unchanged: number
  missing: number
  deleted: number
}

/** Driver objects per status for each driver version and arch (listings are not counted). */
export function totals(published: Published[]): Totals[] {
  const rows = new Map<string, Totals>()
  for (const p of published) {
    // Listings are not driver objects; skipped configs have their own section.
    if (p.role === 'index' || p.status === 'invalid') continue
    const prefix = p.count !== undefined ? (p.path ?? '') : prefixOfKey(p.path)
    const row = rows.get(prefix) ?? { prefix, uploaded: 0, unchanged: 0, missing: 0, deleted: 0 }
    const n = p.count ?? 1
    if (p.status === 'uploaded') row.uploaded += n
    else if (p.status === 'unchanged') row.unchanged += n
    else if (p.status === 'missing') row.missing += n
    else if (p.status === 'deleted') row.deleted += n
    rows.set(prefix, row)
  }
  return [...rows.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : 1))
}

const MAX_LISTED = 500

/** Adds the drivers section to the job summary: totals per driver version and arch, failures, deletions. */
export function addDriversSummary(published: Published[]): void {
  const rows = totals(published)
  const skipped = published.filter(p => p.status === 'invalid')
  if (rows.length === 0 && skipped.length === 0) return
  const s = core.summary.addHeading('Drivers per driver version and arch', 3)
  if (rows.length > 0)
    s.addTable([
      ['Driver version / arch', 'Uploaded', 'Unchanged', 'Missing', 'Deleted'].map(data => ({
        data,
        header: true
      })),
      ...rows.map(r => [
        `<code>${esc(r.prefix)}</code>`,
        String(r.uploaded),
        String(r.unchanged),
        String(r.missing),
        String(r.deleted)
      ])
    ])
  if (skipped.length > 0) {
    const total = skipped.reduce((n, p) => n + (p.count ?? 1), 0)
    s.addRaw(
      `<p>⚠️ ${total} invalid driverkit config(s) skipped (on-invalid-config: warn):</p>`,
      true
    ).addList(
      skipped.slice(0, MAX_LISTED).map(f => `<code>${esc(f.path ?? '')}</code>: ${esc(f.reason ?? '')}`)
    )
  }
  const failures = published.filter(p => p.status === 'missing')
  if (failures.length > 0)
    s.addRaw(`<p>❌ ${failures.length} object(s) not published:</p>`, true).addList(
      failures
        .slice(0, MAX_LISTED)
        .map(f => `<code>${esc(f.path ?? '')}</code>: ${esc(f.reason ?? f.status)}`)
    )
  const deleted = published.filter(p => p.status === 'deleted' && p.count === undefined)
  if (deleted.length > 0)
    s.addDetails(
      `🗑 ${deleted.length} object(s) deleted by retention`,
      `<ul>${deleted
        .slice(0, MAX_LISTED * 4)
        .map(d => `<li><code>${esc(d.path ?? '')}</code>: ${esc(d.reason ?? '')}</li>`)
        .join(
          ''
        )}${deleted.length > MAX_LISTED * 4 ? `<li>… and ${deleted.length - MAX_LISTED * 4} more (see the log)</li>` : ''}</ul>`
    )
}
