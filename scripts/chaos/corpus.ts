/**
 * The bad-input corpus: one JSON fixture per hostile or broken input under __tests__/fixtures/corpus/. Each case
 * runs the bundled action (dist/index.js) as the runner does, in a copy of a small git repository, and is
 * checked for the same things: the expected exit code, an error (or a `none` reason) that names the input, a
 * bounded message, no injected workflow command, and nothing written anywhere in the workspace.
 *
 * Used by __tests__/corpus.itg.test.ts and by `npm run chaos`.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type Forged, forge } from './forge.js'
import { ROOT, type RunResult, runAction } from '../runner.js'
import { TestRepo } from '../repo.js'

export const CORPUS_DIR = join(ROOT, '__tests__', 'fixtures', 'corpus')

/** A string in a fixture, or a generated one: `{ "$repeat": "x", "times": 100000, "prefix": "v" }`. */
type Value = string | { $repeat: string; times: number; prefix?: string; suffix?: string }

export interface CorpusCase {
  /** The file name without .json. */
  name: string
  title: string
  /** Inputs over the defaults (kind packages, files build/*, destination out). */
  inputs?: Record<string, Value>
  event?: string
  /** The payload; `repository.default_branch: main` is added unless `bareRepository` is set. */
  payload?: Record<string, unknown>
  /** The payload file's text as is (malformed JSON, a JSON array, …). */
  payloadText?: string
  /** An event fixture from __tests__/fixtures/ (e.g. event_pr_synchronize_fork.json). */
  payloadFixture?: string
  bareRepository?: boolean
  /** GITHUB_REF; defaults to the payload's ref. */
  ref?: Value
  /** Which commit GITHUB_SHA names: the tagged one on main, the head of main, or a commit on a side branch. */
  sha?: 'tag' | 'head' | 'side'
  /**
   * Files to create, by workspace path. Content: `text:…`, `gzip:…` (a small valid tarball-like gzip),
   * `base64:…`, or `repeat:<char>:<count>`; or an object for a forged package or image (see forge.ts:
   * `{ "make": "deb", "fields": { "Architecture": "../x" } }`). Default: one valid dev tarball
   * build/tool-1.5.0-x86_64.tar.gz.
   */
  files?: Record<string, string | Forged>
  /** Extra environment. */
  env?: Record<string, string>
  expect: {
    /** Exit code: 1 by default, 0 when releaseType is none. */
    code?: number
    /** The input the error must name (`Input 'version': …`), or null when the message names it otherwise. */
    input?: string | null
    /** A regular expression the error message (or the none reason) must match. */
    message: string
    releaseType?: 'none'
    /** Values that must not appear anywhere in stdout, stderr, outputs or summary (credentials). */
    secret?: string[]
  }
  /** Modules the case needs (src/<module>/publisher.ts): left out, with a note, when one is missing. */
  needs?: string[]
}

const DEFAULT_FILES = { 'build/tool-1.5.0-x86_64.tar.gz': 'gzip:tool 1.5.0' }
const REPO_PAYLOAD = { repository: { default_branch: 'main', full_name: 'example/project' } }
/** Longest message line we accept: a hostile 100 kB value must not be echoed whole. */
export const MAX_MESSAGE = 4000
/** Workflow commands that would let an input change the job (the runner still obeys some of them). */
const INJECTED = /^::(set-output|set-env|add-path|save-state|stop-commands)\b/m

export function value(v: Value): string {
  if (typeof v === 'string') return v
  return `${v.prefix ?? ''}${v.$repeat.repeat(v.times)}${v.suffix ?? ''}`
}

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  return readdirSync(dir)
    .filter(f => f.endsWith('.json'))
    .sort()
    .map(f => ({
      name: f.slice(0, -5),
      ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<CorpusCase, 'name'>)
    }))
}

/** The modules a case needs that are not in this build yet. */
export function missingModules(c: CorpusCase): string[] {
  return (c.needs ?? []).filter(m => !existsSync(join(ROOT, 'src', m, 'publisher.ts')))
}

function content(spec: string): Buffer {
  const at = spec.indexOf(':')
  const [kind, rest] = [spec.slice(0, at), spec.slice(at + 1)]
  switch (kind) {
    case 'text':
      return Buffer.from(rest)
    case 'gzip':
      return gzipSync(Buffer.from(rest))
    case 'base64':
      return Buffer.from(rest, 'base64')
    case 'repeat': {
      const [ch, count] = rest.split(':')
      return Buffer.alloc(Number(count), ch)
    }
    default:
      throw new Error(`unknown file content '${kind}'`)
  }
}

interface Template {
  dir: string
  tag: string
  head: string
  side: string
}
let template: Template | undefined

/** One repository made once and copied per case: main with v1.4.0 tagged, one more commit, a side branch. */
function repoTemplate(): Template {
  if (template && existsSync(template.dir)) return template
  const repo = TestRepo.create()
  repo.commit()
  const tag = repo.tag('v1.4.0')
  repo.git('checkout', '-q', '-b', 'side')
  const side = repo.commit()
  repo.git('checkout', '-q', 'main')
  const head = repo.commit()
  repo.addOrigin()
  template = { dir: repo.dir, tag, head, side }
  return template
}

function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter(e => !e.isDirectory())
    .map(e => relative(dir, join(e.parentPath, e.name)))
    .filter(p => !p.startsWith('.git'))
    .sort()
}

export interface CaseOutcome {
  name: string
  result: RunResult
  /** The ::error:: line, else the release reason line. */
  message: string
  /** What went wrong, empty when the case holds. */
  problems: string[]
}

/** Runs one case and checks every corpus rule; problems lists each rule that failed. */
export async function runCase(c: CorpusCase): Promise<CaseOutcome> {
  const t = repoTemplate()
  const workspace = mkdtempSync(join(tmpdir(), `pa-corpus-${c.name}-`))
  cpSync(t.dir, workspace, { recursive: true })
  const repo = new TestRepo(workspace)
  for (const [path, spec] of Object.entries(c.files ?? DEFAULT_FILES))
    if (typeof spec === 'string') repo.write(path, content(spec))
    else {
      mkdirSync(join(workspace, path, '..'), { recursive: true })
      forge(join(workspace, path), spec)
    }
  const before = tree(workspace)

  const payload =
    c.payloadText !== undefined
      ? writePayload(workspace, c.payloadText)
      : c.payloadFixture
        ? join(ROOT, '__tests__', 'fixtures', c.payloadFixture)
        : expand({ ...(c.bareRepository ? {} : REPO_PAYLOAD), ...(c.payload ?? { ref: 'refs/heads/main' }) })
  const ref =
    c.ref !== undefined ? value(c.ref) : (((c.payload?.ref as string) ?? 'refs/heads/main') as string)
  const inputs: Record<string, string> = { kind: 'packages', files: 'build/*', destination: 'out' }
  for (const [k, v] of Object.entries(c.inputs ?? {})) inputs[k] = value(v)

  const result = await runAction({
    inputs,
    eventName: c.event ?? 'push',
    payload,
    ref,
    sha: t[c.sha ?? 'head'],
    workspace,
    env: c.env,
    timeoutMs: 60_000
  })
  const problems = check(c, result, before, tree(workspace))
  const message =
    /^::error::(.*)$/m.exec(result.stdout)?.[1] ?? /^(?:none|dev|stable)\b.*$/m.exec(result.stdout)?.[0] ?? ''
  if (problems.length === 0) {
    rmSync(workspace, { recursive: true, force: true })
    if (c.payloadText !== undefined) rmSync(payload as string, { force: true })
  } else problems.push(`(workspace kept at ${workspace})`)
  return { name: c.name, result, message, problems }
}

function writePayload(dir: string, text: string): string {
  const path = join(dir, '..', `${dir.split('/').pop()}-event.json`)
  writeFileSync(path, text)
  return path
}

function expand(payload: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(payload, (_k, v: unknown) =>
      v && typeof v === 'object' && '$repeat' in (v as object) ? value(v as Value) : v
    )
  ) as Record<string, unknown>
}

function check(c: CorpusCase, r: RunResult, before: string[], after: string[]): string[] {
  const problems: string[] = []
  const none = c.expect.releaseType === 'none'
  const code = c.expect.code ?? (none ? 0 : 1)
  if (r.code !== code) problems.push(`exit code ${r.code}, expected ${code}`)
  const errorLine = /^::error::(.*)$/m.exec(r.stdout)?.[1]
  const text = none ? r.stdout : (errorLine ?? '')
  if (!none && !errorLine) problems.push('no ::error:: line')
  if (!new RegExp(c.expect.message, 's').test(text))
    problems.push(`message does not match /${c.expect.message}/: ${(errorLine ?? r.stdout).slice(0, 600)}`)
  if (!none && c.expect.input !== null && !errorLine?.includes(`Input '${c.expect.input ?? ''}'`))
    problems.push(`the error does not name the input '${c.expect.input}': ${errorLine?.slice(0, 300)}`)
  if (none && r.outputs['release-type'] !== 'none')
    problems.push(`release-type is ${r.outputs['release-type']}, expected none`)
  for (const line of r.stdout.split('\n'))
    if (line.length > MAX_MESSAGE && !line.startsWith('::debug::'))
      problems.push(`an output line of ${line.length} characters: messages must be bounded`)
  if (INJECTED.test(r.stdout))
    problems.push(`an input injected a workflow command: ${INJECTED.exec(r.stdout)?.[0]}`)
  const published = r.outputs.published ?? '[]'
  if (published !== '[]') problems.push(`published is ${published.slice(0, 300)}, expected []`)
  const added = after.filter(p => !before.includes(p))
  if (added.length > 0) problems.push(`files written in the workspace: ${added.slice(0, 5).join(', ')}`)
  // The one place a secret may appear is the runner's own mask command, which hides it everywhere else.
  const masked = (text: string): string =>
    text
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
  const everything = [masked(r.stdout), r.stderr, JSON.stringify(r.outputs), r.summary].join('\n')
  for (const s of c.expect.secret ?? [])
    if (everything.includes(s)) problems.push(`the secret '${s}' was printed`)
  return problems
}
