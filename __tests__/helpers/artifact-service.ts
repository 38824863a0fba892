/**
 * A FAKE of @actions/artifact's client for the tests: the real artifact service only exists inside GitHub's
 * runners. It keeps the library's interface and the behaviour we rely on: artifacts of one run are listed with
 * name, id, size and digest; a download unpacks into `path`; an upload stores the files relative to
 * `rootDirectory` and refuses a name that already exists in the run (artifacts v4 semantics).
 */
import type * as artifact from '@actions/artifact'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { createHash } from 'node:crypto'

interface Stored {
  id: number
  name: string
  dir: string
  size: number
  digest: string
}

export class FakeArtifactService implements Pick<
  artifact.ArtifactClient,
  'listArtifacts' | 'downloadArtifact' | 'uploadArtifact'
> {
  readonly artifacts: Stored[] = []
  readonly downloads: number[] = []
  /** Ids whose download reports a digest mismatch (corruption in transit). */
  readonly corrupt = new Set<number>()
  private nextId = 100
  private readonly root = mkdtempSync(join(tmpdir(), 'pa-fake-artifacts-'))

  /** Adds an artifact as a build job would: `files` maps relative paths to contents. */
  add(name: string, files: Record<string, string | Buffer>): number {
    const dir = join(this.root, `a${this.nextId}`)
    for (const [rel, data] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true })
      writeFileSync(join(dir, rel), data)
    }
    return this.store(name, dir)
  }

  /** The files of a stored artifact: relative path → contents. */
  contents(name: string): Record<string, string> {
    const a = this.artifacts.find(x => x.name === name)
    if (!a) throw new Error(`no artifact ${name}`)
    const out: Record<string, string> = {}
    for (const f of walk(a.dir)) out[relative(a.dir, f)] = readFileSync(f, 'utf8')
    return out
  }

  async listArtifacts(): Promise<artifact.ListArtifactsResponse> {
    return {
      artifacts: this.artifacts.map(a => ({ name: a.name, id: a.id, size: a.size, digest: a.digest }))
    }
  }

  async downloadArtifact(
    id: number,
    options?: artifact.DownloadArtifactOptions
  ): Promise<artifact.DownloadArtifactResponse> {
    const a = this.artifacts.find(x => x.id === id)
    if (!a) throw new Error(`Artifact not found: ${id}`)
    this.downloads.push(id)
    const path = options?.path ?? process.env.GITHUB_WORKSPACE ?? process.cwd()
    mkdirSync(path, { recursive: true })
    cpSync(a.dir, path, { recursive: true })
    return {
      downloadPath: path,
      digestMismatch:
        this.corrupt.has(id) || (options?.expectedHash ? options.expectedHash !== a.digest : false)
    }
  }

  async uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string
  ): Promise<artifact.UploadArtifactResponse> {
    if (this.artifacts.some(a => a.name === name))
      throw new Error(
        `Failed to CreateArtifact: an artifact with this name already exists on the workflow run`
      )
    const dir = join(this.root, `a${this.nextId}`)
    for (const f of files) {
      const target = join(dir, relative(rootDirectory, f))
      mkdirSync(dirname(target), { recursive: true })
      cpSync(f, target)
    }
    const id = this.store(name, dir)
    const a = this.artifacts.find(x => x.id === id) as Stored
    return { id, size: a.size, digest: a.digest }
  }

  private store(name: string, dir: string): number {
    const id = this.nextId++
    const hash = createHash('sha256')
    let size = 0
    for (const f of walk(dir)) {
      const data = readFileSync(f)
      hash.update(relative(dir, f)).update(data)
      size += data.length
    }
    this.artifacts.push({ id, name, dir, size, digest: `sha256:${hash.digest('hex')}` })
    return id
  }
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p))
    else if (statSync(p).isFile()) out.push(p)
  }
  return out.sort()
}
