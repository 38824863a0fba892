import type * as artifact from '@actions/artifact'
import { minimatch } from 'minimatch'
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { InputError } from '../errors.js'
import { hashFile } from '../hash.js'
import { mapLimit } from '../limit.js'
import { show } from '../version.js'
import * as log from '../log.js'

/** The part of @actions/artifact's client this action uses: tests hand in a fake with the same shape. */
export type ArtifactClient = Pick<
  artifact.ArtifactClient,
  'listArtifacts' | 'downloadArtifact' | 'uploadArtifact'
>

/**
 * The real client, imported on first use: @actions/artifact and its Azure SDK are several megabytes that a run
 * without `artifact` or `record-artifact` should never parse (the bundler puts them in their own chunk).
 */
export async function defaultArtifactClient(): Promise<ArtifactClient> {
  const { DefaultArtifactClient } = await import('@actions/artifact')
  return new DefaultArtifactClient()
}

export interface Downloaded {
  /** The folder every matched artifact was unpacked into; `files` globs are resolved from here. */
  dir: string
  artifacts: { name: string; id: number; files: number }[]
}

/**
 * Downloads every artifact of this workflow run whose name matches `pattern` (a name, or a glob such as
 * `packages-*`) and merges their contents into `dir`, the way download-artifact's merge-multiple does, except
 * that two artifacts holding the same path with different bytes is an error rather than a silent overwrite:
 * which of the two would be published is not something to leave to download order.
 */
export async function downloadArtifacts(
  pattern: string,
  dir: string,
  client: ArtifactClient,
  concurrency = 4
): Promise<Downloaded> {
  const listed = await client.listArtifacts({ latest: true })
  const matched = listed.artifacts
    .filter(a => minimatch(a.name, pattern, { dot: true }))
    .sort((a, b) => a.name.localeCompare(b.name))
  if (matched.length === 0) {
    const names = listed.artifacts.map(a => a.name).sort()
    throw new InputError(
      'artifact',
      `no artifact of this workflow run matches ${show(pattern)} (the run has ${names.length ? names.map(n => show(n)).join(', ') : 'none'}). ` +
        'Upload it with actions/upload-artifact in a job that this one lists in `needs:`.'
    )
  }
  const staging = join(dir, '.publish-artifacts-staging')
  await mkdir(staging, { recursive: true })
  try {
    // Each artifact lands in its own folder first, so a clash between two of them can be seen and refused.
    const folders = await mapLimit(matched, concurrency, async a => {
      const into = join(staging, String(a.id))
      log.info(`Downloading artifact ${show(a.name)} (${a.size} bytes)`)
      const res = await client.downloadArtifact(a.id, { path: into, expectedHash: a.digest })
      if (res.digestMismatch)
        throw new Error(
          `artifact ${show(a.name)} does not match the digest recorded at upload: it was corrupted in transit; re-run the job.`
        )
      return into
    })
    const owner = new Map<string, string>()
    const result: Downloaded = { dir, artifacts: [] }
    for (const [i, a] of matched.entries()) {
      let files = 0
      for (const file of await listFiles(folders[i])) {
        const rel = relative(folders[i], file)
        const target = join(dir, rel)
        const previous = owner.get(rel)
        if (previous !== undefined) {
          const [x, y] = await Promise.all([hashFile(target), hashFile(file)])
          if (x.sha256 !== y.sha256)
            throw new InputError(
              'artifact',
              `artifacts ${show(previous)} and ${show(a.name)} both hold ${show(rel.split(sep).join('/'))} with different contents; ` +
                'give each build job its own file names, or narrow the pattern.'
            )
          continue
        }
        owner.set(rel, a.name)
        await mkdir(dirname(target), { recursive: true })
        await rename(file, target)
        files++
      }
      result.artifacts.push({ name: a.name, id: a.id, files })
    }
    return result
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** Regular files under a folder, recursively, in a stable order. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, e.name)
      if (e.isDirectory()) await walk(path)
      else if (e.isFile()) out.push(path)
    }
  }
  await walk(root)
  return out
}
