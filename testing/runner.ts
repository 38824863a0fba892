/**
 * Runs the bundled action (dist/index.js) the way the GitHub runner does: a child process with INPUT_*
 * variables, an event payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files read back afterwards.
 * Used by the end-to-end tests, the demo, the benchmarks and the chaos suite.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const ACTION = join(ROOT, 'dist', 'index.js')

export interface RunOptions {
  /** Action inputs by their action.yml names (`kind`, `files`, …). */
  inputs: Record<string, string>
  eventName: string
  /** The event payload (written to a file) or a path to an existing payload file. */
  payload: object | string
  ref?: string
  sha?: string
  repository?: string
  workspace: string
  /** More environment (AWS_*, GITHUB_API_URL, HOME, …). */
  env?: Record<string, string>
  /** Kill the child after this many ms (tests stay bounded). */
  timeoutMs?: number
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

export async function runAction(opts: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pa-run-'))
  const eventPath = typeof opts.payload === 'string' ? opts.payload : join(dir, 'event.json')
  if (typeof opts.payload !== 'string') writeFileSync(eventPath, JSON.stringify(opts.payload))
  const outputPath = join(dir, 'output')
  const summaryPath = join(dir, 'summary.md')
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: opts.ref ?? '',
    GITHUB_SHA: opts.sha ?? '',
    GITHUB_REPOSITORY: opts.repository ?? 'example/project',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    ...opts.env
  }
  for (const [name, value] of Object.entries(opts.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  const child = spawn(process.execPath, [ACTION], {
    cwd: opts.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000)
  const code = await new Promise<number | null>(done => child.on('close', done))
  clearTimeout(timer)
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8')
  }
}

/** Reads a GITHUB_OUTPUT file (`name<<delimiter` blocks, as @actions/core writes them). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const value: string[] = []
      while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i])
      out[m[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return out
}
