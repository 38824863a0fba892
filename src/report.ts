import * as core from './core.js'
import { esc } from './markup.js'
import type { Published } from './plan.js'
import { redact } from './redact.js'
import type { Release } from './release.js'

const MAX_ROWS = 200

/** Sets the outputs; called before any failure is raised so later steps can read what happened. */
export function setOutputs(
  release: Release | undefined,
  published: Published[],
  extra: Record<string, string> = {}
): void {
  core.setOutput('release-type', release?.type ?? 'none')
  core.setOutput('version', release?.version ?? '')
  core.setOutput('published', redact(JSON.stringify(published)))
  for (const [name, value] of Object.entries(extra)) core.setOutput(name, redact(value))
}

/** Counts entries per status: `{ uploaded: 3, unchanged: 10 }`. */
export function countByStatus(published: Published[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const p of published) counts[p.status] = (counts[p.status] ?? 0) + (p.count ?? 1)
  return counts
}

/** Writes the job summary: the classification, totals, and a table of what was published. */
export async function writeSummary(opts: {
  kind: string
  release?: Release
  published: Published[]
  dryRun: boolean
  error?: string
  destination?: string
}): Promise<void> {
  const { release, published } = opts
  // Publishers may have added their own sections (e.g. driver totals) while applying: they go below ours.
  const sections = core.summary.stringify()
  core.summary.emptyBuffer()
  const s = core.summary.addHeading(
    `publish-artifacts: ${esc(opts.kind)}${opts.dryRun ? ' (dry run)' : ''}`,
    2
  )
  if (release)
    s.addRaw(
      `<p><b>${esc(release.type)}</b> release${release.version ? ` <code>${esc(release.version)}</code>` : ''}: ${esc(release.reason)}</p>`,
      true
    )
  if (opts.destination) s.addRaw(`<p>Destination: <code>${esc(redact(opts.destination))}</code></p>`, true)
  if (opts.error) s.addRaw(`<p>❌ <b>Failed:</b> ${esc(redact(opts.error))}</p>`, true)
  if (sections) s.addRaw(redact(sections), true)
  const counts = countByStatus(published)
  if (published.length > 0) {
    s.addRaw(
      `<p>${Object.entries(counts)
        .map(([k, n]) => `${n} ${esc(k)}`)
        .join(', ')}</p>`,
      true
    )
    const rows = published
      .slice(0, MAX_ROWS)
      .map(p => [
        esc(p.repo ?? ''),
        p.url && /^https?:/.test(p.url)
          ? `<a href="${esc(p.url)}">${esc(p.path ?? p.ref ?? '')}</a>`
          : `<code>${esc(p.path ?? p.ref ?? '')}</code>`,
        esc(p.status),
        `<code>${esc((p.sha256 ?? p.digest ?? '').slice(0, 19))}</code>`
      ])
    s.addTable([
      [
        { data: 'Repository', header: true },
        { data: 'Object', header: true },
        { data: 'Status', header: true },
        { data: 'Digest', header: true }
      ],
      ...rows
    ])
    if (published.length > MAX_ROWS)
      s.addRaw(`<p>… and ${published.length - MAX_ROWS} more (see the published output).</p>`, true)
  } else if (release?.type === 'none') s.addRaw('<p>Nothing was published.</p>', true)
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await s.write()
}
