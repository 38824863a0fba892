import { readFileSync } from 'node:fs'
import { InputError } from './errors.js'
import { isBranchName, show } from './version.js'

/** The part of the workflow context that decides what a run publishes. Built from the runner's env. */
export interface RunContext {
  eventName: string
  /** The full ref that triggered the run (refs/heads/x, refs/tags/x, refs/pull/n/merge). */
  ref: string
  sha: string
  /** owner/name, for API calls. */
  repository: string
  payload: EventPayload
  workspace: string
  apiUrl: string
  serverUrl: string
}

/** The fields of GitHub's event payloads that we read; everything else is ignored. */
export interface EventPayload {
  action?: string
  ref?: string
  deleted?: boolean
  after?: string
  repository?: { default_branch?: string; full_name?: string }
  pull_request?: {
    merged?: boolean
    merge_commit_sha?: string | null
    base?: { ref?: string; repo?: { full_name?: string } }
    head?: { ref?: string; repo?: { full_name?: string } | null }
  }
  release?: { tag_name?: string; prerelease?: boolean; draft?: boolean }
  /** A completed run of another workflow (event workflow_run). */
  workflow_run?: {
    name?: string
    event?: string
    status?: string
    conclusion?: string | null
    /** The pushed branch, or the tag's name for a tag push. */
    head_branch?: string | null
    head_sha?: string
    head_repository?: { full_name?: string } | null
  }
  [key: string]: unknown
}

type Env = Record<string, string | undefined>

/**
 * Reads the run's context from the variables the runner sets. In a reusable workflow (workflow_call) the
 * runner hands the called workflow the caller's event, so nothing special is needed for that shape.
 */
export function readContext(env: Env = process.env): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  if (!eventName)
    throw new InputError(
      'GITHUB_EVENT_NAME',
      'is not set: run this action from a GitHub workflow, or set it as the runner does.'
    )
  const eventPath = env.GITHUB_EVENT_PATH ?? ''
  if (!eventPath)
    throw new InputError('GITHUB_EVENT_PATH', 'is not set: the runner points it at the event payload file.')
  let text: string
  try {
    text = readFileSync(eventPath, 'utf8')
  } catch {
    throw new InputError('GITHUB_EVENT_PATH', `the event file '${eventPath}' cannot be read.`)
  }
  return {
    eventName,
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    payload: parsePayload(text, eventPath),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com'
  }
}

export function parsePayload(text: string, where = 'event payload'): EventPayload {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new InputError(
      'GITHUB_EVENT_PATH',
      `the event payload in '${where}' is not valid JSON (${(err as Error).message}).`
    )
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InputError('GITHUB_EVENT_PATH', `the event payload in '${where}' is not a JSON object.`)
  const p = value as EventPayload
  const checks: [unknown, string, string][] = [
    [p.action, 'string', 'action'],
    [p.ref, 'string', 'ref'],
    [p.deleted, 'boolean', 'deleted'],
    [p.repository, 'object', 'repository'],
    [p.pull_request, 'object', 'pull_request'],
    [p.release, 'object', 'release'],
    [p.workflow_run, 'object', 'workflow_run']
  ]
  for (const [field, type, name] of checks)
    if (field !== undefined && field !== null && typeof field !== type)
      throw new InputError('GITHUB_EVENT_PATH', `the event payload field '${name}' should be a ${type}.`)
  // The default branch ends up in messages and git refspecs: a newline in it could inject a workflow command.
  const branch: unknown = p.repository?.default_branch
  if (branch !== undefined && branch !== null && (typeof branch !== 'string' || !isBranchName(branch)))
    throw new InputError(
      'GITHUB_EVENT_PATH',
      `the event payload field 'repository.default_branch' is not a branch name: ${show(String(branch))}.`
    )
  // head_sha becomes a git argument: only a commit id, never something git could read as an option.
  const head: unknown = p.workflow_run?.head_sha
  if (
    head !== undefined &&
    head !== null &&
    (typeof head !== 'string' || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(head))
  )
    throw new InputError(
      'GITHUB_EVENT_PATH',
      `the event payload field 'workflow_run.head_sha' is not a commit id: ${show(String(head))}.`
    )
  return p
}
