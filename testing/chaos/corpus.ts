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
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { type AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { commandProblems } from './commands.js'
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
  /**
   * Files made outside the workspace (same content specs), in a folder next to it that a case reaches as
   * `{outside}` in inputs and symlink targets: the runner's home, a system folder, a secret.
   */
  outside?: Record<string, string>
  /** A hostile or broken server on 127.0.0.1, reached as `{server}` in inputs (see HostileServer). */
  server?: HostileServer
  /** Sets record-artifact so the publication record is written (and searched for secrets). */
  record?: boolean
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
    /** Values that must not appear anywhere in stdout, stderr, outputs, summary or record (credentials). */
    secret?: string[]
    /** kind summary: the output repeats the records' entries, which this run did not publish. */
    publishedEcho?: boolean
  }
  /** Modules the case needs (src/<module>/publisher.ts): left out, with a note, when one is missing. */
  needs?: string[]
}

/**
 * A server that answers every request with `status` and `body`, for the error paths of stores and registries:
 * `{headers}` in the body is replaced by the request's headers as received (a server that echoes them, with the
 * Authorization value, in its error page). A stand-in on purpose: no real server is this hostile.
 */
export interface HostileServer {
  status: number
  body: string
  headers?: Record<string, string>
  /** Other answers by exact request path (a registry's `/v2/` probe answered 200, say). */
  routes?: Record<string, { status: number; body: string; headers?: Record<string, string> }>
}

async function startServer(spec: HostileServer): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume()
    const echoed = Object.entries(req.headers)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('\n')
    const answer = spec.routes?.[new URL(req.url ?? '/', 'http://x').pathname] ?? spec
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers })
    res.end(answer.body.split('{headers}').join(echoed))
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>(done => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
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

function place(path: string, spec: string, vars: Record<string, string>): void {
  mkdirSync(dirname(path), { recursive: true })
  if (spec.startsWith('symlink:')) symlinkSync(fill(spec.slice('symlink:'.length), vars), path)
  else writeFileSync(path, content(spec))
}

/**
 * Replaces `{outside}` (the folder next to the workspace), `{outsideRel}` (the same as `../name`), `{workspace}`,
 * `{server}` (`http://127.0.0.1:port`) and `{serverHost}` (`127.0.0.1:port`) in a fixture's text.
 */
function fill(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\{(outside|outsideRel|server|serverHost|workspace)\}/g,
    (whole, name: string) => vars[name] ?? whole
  )
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
  const outside = `${workspace}-outside`
  const temp = `${workspace}-temp`
  mkdirSync(outside)
  mkdirSync(temp)
  const server = c.server ? await startServer(c.server) : undefined
  const vars: Record<string, string> = {
    outside,
    outsideRel: `../${basename(outside)}`,
    workspace,
    ...(server && { server: server.url, serverHost: new URL(server.url).host })
  }
  for (const [path, spec] of Object.entries(c.outside ?? {})) place(join(outside, path), spec, vars)
  for (const [path, spec] of Object.entries(c.files ?? DEFAULT_FILES))
    if (typeof spec === 'string') place(join(workspace, path), spec, vars)
    else {
      mkdirSync(join(workspace, path, '..'), { recursive: true })
      forge(join(workspace, path), spec)
    }
  const before = tree(workspace)
  const beforeOutside = tree(outside)

  const payload =
    c.payloadText !== undefined
      ? writePayload(workspace, c.payloadText)
      : c.payloadFixture
        ? join(ROOT, '__tests__', 'fixtures', c.payloadFixture)
        : expand({ ...(c.bareRepository ? {} : REPO_PAYLOAD), ...(c.payload ?? { ref: 'refs/heads/main' }) })
  const ref =
    c.ref !== undefined ? value(c.ref) : (((c.payload?.ref as string) ?? 'refs/heads/main') as string)
  const inputs: Record<string, string> = { kind: 'packages', files: 'build/*', destination: 'out' }
  for (const [k, v] of Object.entries(c.inputs ?? {})) inputs[k] = fill(value(v), vars)
  if (c.record) inputs['record-artifact'] = 'corpus-record'

  let result: RunResult
  try {
    result = await runAction({
      inputs,
      eventName: c.event ?? 'push',
      payload,
      ref,
      sha: t[c.sha ?? 'head'],
      workspace,
      env: { RUNNER_TEMP: temp, ...c.env },
      timeoutMs: 60_000
    })
  } finally {
    await server?.stop()
  }
  const records = readdirSync(temp)
    .filter(d => d.startsWith('publish-record-'))
    .flatMap(d => readdirSync(join(temp, d)).map(f => readFileSync(join(temp, d, f), 'utf8')))
  const problems = check(c, result, before, tree(workspace), records)
  if (c.record && records.length !== 1)
    problems.push(`${records.length} publication records written, expected 1`)
  const changedOutside = tree(outside).join('\n') !== beforeOutside.join('\n')
  if (changedOutside) problems.push('files written outside the workspace')
  const message =
    /^::error::(.*)$/m.exec(result.stdout)?.[1] ?? /^(?:none|dev|stable)\b.*$/m.exec(result.stdout)?.[0] ?? ''
  if (problems.length === 0) {
    for (const dir of [workspace, outside, temp]) rmSync(dir, { recursive: true, force: true })
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

function check(c: CorpusCase, r: RunResult, before: string[], after: string[], records: string[]): string[] {
  const problems: string[] = []
  const none = c.expect.releaseType === 'none'
  const code = c.expect.code ?? (none ? 0 : 1)
  if (r.code !== code) problems.push(`exit code ${r.code}, expected ${code}`)
  const errorLine = /^::error::(.*)$/m.exec(r.stdout)?.[1]
  // A run meant to succeed (none, or kind summary over hostile records) is judged on its whole log.
  const plain = none || code === 0
  const text = plain ? r.stdout : (errorLine ?? '')
  if (!plain && !errorLine) problems.push('no ::error:: line')
  if (!new RegExp(c.expect.message, 's').test(text))
    problems.push(`message does not match /${c.expect.message}/: ${(errorLine ?? r.stdout).slice(0, 600)}`)
  if (!plain && c.expect.input !== null && !errorLine?.includes(`Input '${c.expect.input ?? ''}'`))
    problems.push(`the error does not name the input '${c.expect.input}': ${errorLine?.slice(0, 300)}`)
  if (none && r.outputs['release-type'] !== 'none')
    problems.push(`release-type is ${r.outputs['release-type']}, expected none`)
  for (const line of r.stdout.split('\n'))
    if (line.length > MAX_MESSAGE && !line.startsWith('::debug::'))
      problems.push(`an output line of ${line.length} characters: messages must be bounded`)
  if (INJECTED.test(r.stdout))
    problems.push(`an input injected a workflow command: ${INJECTED.exec(r.stdout)?.[0]}`)
  // Every `::` line is one of the action's own commands, with no untrusted text before its terminator.
  for (const [stream, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr]
  ] as const)
    for (const p of commandProblems(text)) problems.push(`${stream}: ${p}`)
  for (const p of summaryProblems(r.summary)) problems.push(`summary: ${p}`)
  const published = r.outputs.published ?? '[]'
  if (published !== '[]' && !c.expect.publishedEcho)
    problems.push(`published is ${published.slice(0, 300)}, expected []`)
  const added = after.filter(p => !before.includes(p))
  if (added.length > 0) problems.push(`files written in the workspace: ${added.slice(0, 5).join(', ')}`)
  // `::add-mask::` lines tell the runner what to mask: it consumes them, they never reach the log.
  const log = r.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  const everything = [log, r.stderr, JSON.stringify(r.outputs), r.summary, ...records].join('\n')
  for (const s of c.expect.secret ?? [])
    if (everything.includes(s)) problems.push(`the secret '${s}' was printed`)
  return problems
}

/**
 * The job summary is HTML in Markdown: every line the action writes starts with a tag, so a line that does not
 * is untrusted text that escaped its cell (and would render as Markdown: images, links).
 */
export function summaryProblems(summary: string): string[] {
  return summary
    .split(/\r?\n/)
    .filter(line => line.trim() !== '' && !line.startsWith('<'))
    .map(line => `a line that is not HTML: ${line.slice(0, 200)}`)
}
