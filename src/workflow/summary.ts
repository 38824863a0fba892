import * as core from '../core.js'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { InputError, errorMessage } from '../errors.js'
import { resolveFiles } from '../files.js'
import { allowRoots } from '../inside.js'
import { getInputs } from '../inputs.js'
import { esc } from '../markup.js'
import type { Published } from '../plan.js'
import { redact } from '../redact.js'
import { show } from '../version.js'
import { countByStatus, setOutputs } from '../report.js'
import { type ArtifactClient, defaultArtifactClient, downloadArtifacts } from './artifacts.js'
import { type PublicationRecord, parseRecord } from './record.js'
import * as log from '../log.js'

const MAX_ROWS = 300

/**
 * `kind: summary`: reads the publication records that earlier jobs (typically the shards of a matrix)
 * uploaded with `record-artifact`, and writes one combined job summary and `published` output. Nothing is
 * classified or published, so it needs no destination and can run `if: always()` after the matrix.
 */
export async function summarize(
  env: NodeJS.ProcessEnv = process.env,
  client?: () => Promise<ArtifactClient>
): Promise<void> {
  let records: PublicationRecord[] = []
  let failure: string | undefined
  try {
    const inputs = getInputs()
    const workspace = env.GITHUB_WORKSPACE || process.cwd()
    let baseDir = workspace
    allowRoots(workspace)
    let patterns = inputs.files
    if (inputs.artifact) {
      const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'publish-records-'))
      const got = await log.group('Download publication records', async () =>
        downloadArtifacts(inputs.artifact, dir, await (client ?? defaultArtifactClient)())
      )
      baseDir = got.dir
      allowRoots(baseDir)
      if (patterns.length === 0) patterns = ['**/*.json']
    } else if (patterns.length === 0)
      throw new InputError(
        'artifact',
        'kind summary reads publication records: give artifact (the record-artifact names, e.g. publish-record-*) or files (record JSON files).'
      )
    const files = await resolveFiles(patterns, baseDir, inputs.ifNoFilesFound)
    records = await Promise.all(
      files.map(async f => parseRecord(await readFile(f, 'utf8'), `the file ${basename(f)}`))
    )
    records.sort((a, b) => a.name.localeCompare(b.name))
    // A record is another job's output: its name is shown quoted and on one line, like any value.
    for (const r of records) if (r.error) log.warning(`${show(r.name)}: ${r.error}`)
    log.info(
      `${records.length} publication record(s): ${records.map(r => show(r.name)).join(', ') || 'none'}`
    )
  } catch (err) {
    failure = redact(errorMessage(err))
  } finally {
    const published = records.flatMap(r => r.published)
    const lead = records.find(r => r.release && r.release.type !== 'none')?.release
    setOutputs(lead, published)
    await writeCombinedSummary(records, failure).catch(err =>
      log.warning(`could not write the job summary: ${errorMessage(err)}`)
    )
    if (failure) log.fail(failure)
  }
}

/** One job summary for many publications: a row per job, then every object with the job it came from. */
export async function writeCombinedSummary(records: PublicationRecord[], error?: string): Promise<void> {
  const s = core.summary.addHeading(
    `publish-artifacts: ${records.length} publication${records.length === 1 ? '' : 's'}`,
    2
  )
  if (error) s.addRaw(`<p>❌ <b>Failed:</b> ${esc(redact(error))}</p>`, true)
  const all = records.flatMap(r => r.published)
  if (all.length > 0) s.addRaw(`<p>${describeCounts(all)}</p>`, true)
  if (records.length > 0)
    s.addTable([
      ['Job', 'Kind', 'Release', 'Destination', 'Result'].map(data => ({ data, header: true })),
      ...records.map(r => [
        `<code>${esc(r.name)}</code>`,
        esc(r.kind) + (r.dryRun ? ' (dry run)' : ''),
        r.release
          ? `${esc(r.release.type)} ${r.release.version ? `<code>${esc(r.release.version)}</code>` : ''}`
          : '',
        r.destination ? `<code>${esc(redact(r.destination))}</code>` : '',
        r.error ? `❌ ${esc(redact(r.error))}` : `✅ ${describeCounts(r.published) || 'nothing to publish'}`
      ])
    ])
  const rows = records.flatMap(r => r.published.map(p => [r.name, p] as const))
  if (rows.length > 0) {
    s.addTable([
      ['Job', 'Repository', 'Object', 'Status', 'Digest'].map(data => ({ data, header: true })),
      ...rows
        .slice(0, MAX_ROWS)
        .map(([name, p]) => [
          esc(name),
          esc(p.repo ?? ''),
          objectCell(p),
          esc(p.status),
          `<code>${esc((p.sha256 ?? p.digest ?? '').slice(0, 19))}</code>`
        ])
    ])
    if (rows.length > MAX_ROWS)
      s.addRaw(`<p>… and ${rows.length - MAX_ROWS} more (see the published output).</p>`, true)
  } else if (!error) s.addRaw('<p>Nothing was published.</p>', true)
  if (!process.env.GITHUB_STEP_SUMMARY) {
    s.emptyBuffer()
    return
  }
  await s.write()
}

function objectCell(p: Published): string {
  const name = esc(redact(p.path ?? p.ref ?? ''))
  return p.url && /^https?:/.test(p.url)
    ? `<a href="${esc(redact(p.url))}">${name}</a>`
    : `<code>${name}</code>`
}

function describeCounts(published: Published[]): string {
  return Object.entries(countByStatus(published))
    .map(([k, n]) => `${n} ${esc(k)}`)
    .join(', ')
}
