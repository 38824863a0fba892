/**
 * Every workflow file (examples/ and .github/workflows/) and every `yaml` block of README.md is parsed and validated with GitHub's own parser
 * (@actions/workflow-parser: schema, expressions, contexts, job graph), and then checked against this action:
 * every `with:` key given to it exists in action.yml, every call of the reusable workflow passes only inputs
 * and secrets it declares, third-party actions are pinned to a full commit SHA with a version comment, and
 * `permissions:` is set.
 */
import { describe, expect, test } from '@jest/globals'
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

const root = join(import.meta.dirname, '..')
const ACTION_REPO = 'falcosecurity/publish-artifacts'
const REUSABLE = '.github/workflows/publish.yaml'

type Map = Record<string, unknown>
interface Step {
  uses?: string
  with?: Map
}
interface Job {
  uses?: string
  with?: Map
  secrets?: Map | 'inherit'
  steps?: Step[]
}
interface Workflow {
  on: Map
  permissions?: unknown
  jobs: Record<string, Job>
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: unknown }>
}
const reusable = parse(readFileSync(join(root, REUSABLE), 'utf8')) as Workflow
const call = reusable.on.workflow_call as {
  inputs: Record<string, { required?: boolean; type: string }>
  secrets: Record<string, { required?: boolean }>
}

function workflowFiles(): string[] {
  const found: string[] = []
  for (const dir of ['examples', '.github/workflows'])
    if (existsSync(join(root, dir)))
      for (const name of readdirSync(join(root, dir)).sort())
        if (/\.ya?ml$/.test(name)) found.push(`${dir}/${name}`)
  return found
}
const files = workflowFiles()

/**
 * README's `yaml` blocks: whole workflows as they are; a map of jobs or a list of steps is wrapped into the
 * smallest workflow around it, text and comments kept (the pinning check reads the version comments).
 */
function readmeWorkflows(): Array<[string, string]> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const blocks: Array<[string, string]> = []
  for (const m of readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    const line = readme.slice(0, m.index).split('\n').length
    const body = m[1]
    const indent = (text: string, n: number) =>
      text
        .split('\n')
        .map(l => (l ? ' '.repeat(n) + l : l))
        .join('\n')
    const value = parse(body) as unknown
    let text: string
    if (Array.isArray(value))
      text = `on: push\npermissions:\n  contents: read\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${indent(body, 6)}`
    else if (value && typeof value === 'object' && 'jobs' in value) text = body
    else {
      // Jobs the fragment needs but does not show (your build and test jobs) get a stand-in step.
      const jobs = value as Record<string, { needs?: string | string[] }>
      const needed = Object.values(jobs).flatMap(j => [j.needs ?? []].flat())
      const stubs = [...new Set(needed)]
        .filter(n => !(n in jobs))
        .map(n => `  ${n}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n`)
      text = `on: push\npermissions:\n  contents: read\njobs:\n${stubs.join('')}${indent(body, 2)}`
    }
    blocks.push([`README.md:${line}`, text])
  }
  return blocks
}
const readmeBlocks = readmeWorkflows()
const sources: Array<[string, string]> = [
  ...files.map((file): [string, string] => [file, readFileSync(join(root, file), 'utf8')]),
  ...readmeBlocks
]

/** Steps that run this action: `uses: ./`, the checkout of it in the reusable workflow, or its repository. */
function isThisAction(uses: string): boolean {
  return uses === './' || uses === './.publish-artifacts-action' || uses.startsWith(`${ACTION_REPO}@`)
}

function isReusableCall(uses: string): boolean {
  return uses === `./${REUSABLE}` || uses.startsWith(`${ACTION_REPO}/${REUSABLE}@`)
}

test('the three examples and the reusable workflow exist', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'examples/release.yaml',
      'examples/master.yaml',
      'examples/drivers.yaml',
      REUSABLE
    ])
  )
})

test('README shows complete workflows for packages, drivers and images', () => {
  const kinds = readmeBlocks.map(([, text]) => /kind: (packages|drivers|images)\b/.exec(text)?.[1])
  expect(new Set(kinds)).toEqual(new Set(['packages', 'drivers', 'images', undefined]))
  expect(
    readmeBlocks.filter(([, text]) => /^on:/m.test(text) && !text.startsWith('on: push\npermissions')).length
  ).toBeGreaterThanOrEqual(3)
})

describe.each(sources)('%s', (file, text) => {
  const wf = parse(text) as Workflow
  const steps = Object.entries(wf.jobs).flatMap(([id, job]) => (job.steps ?? []).map(s => ({ id, ...s })))

  test("parses and validates with GitHub's workflow parser", async () => {
    const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter())
    expect(result.context.errors.getErrors().map(e => e.message)).toEqual([])
    const template = await convertWorkflowTemplate(result.context, result.value as never)
    expect(template.errors ?? []).toEqual([])
    expect(template.jobs.length).toBe(Object.keys(wf.jobs).length)
  })

  test('sets permissions at the top', () => {
    expect(wf.permissions).toBeDefined()
  })

  test('pins third-party actions to a full commit SHA with a version comment', () => {
    const lines = text.split('\n')
    const bad: string[] = []
    const uses = [...steps.map(s => s.uses), ...Object.values(wf.jobs).map(j => j.uses)].filter(
      (u): u is string => !!u
    )
    for (const u of uses) {
      if (u.startsWith('./') || u.startsWith(`${ACTION_REPO}@`) || u.startsWith(`${ACTION_REPO}/`)) continue
      const line = lines.find(l => l.includes(`uses: ${u}`)) ?? ''
      if (!/@[0-9a-f]{40}$/.test(u) || !/# v\d+(\.\d+)*\s*$/.test(line)) bad.push(u)
    }
    expect(bad).toEqual([])
  })

  test('gives this action only inputs that action.yml declares, and every required one', () => {
    const problems: string[] = []
    for (const s of steps.filter(s => s.uses && isThisAction(s.uses))) {
      const given = Object.keys(s.with ?? {})
      for (const key of given) if (!(key in action.inputs)) problems.push(`${s.id}: unknown input ${key}`)
      for (const [name, spec] of Object.entries(action.inputs))
        if (spec.required && !given.includes(name)) problems.push(`${s.id}: missing required ${name}`)
    }
    expect(problems).toEqual([])
  })

  test('calls the reusable workflow only with inputs and secrets it declares', () => {
    const problems: string[] = []
    for (const [id, job] of Object.entries(wf.jobs).filter(([, j]) => j.uses && isReusableCall(j.uses))) {
      const given = Object.keys(job.with ?? {})
      for (const key of given) if (!(key in call.inputs)) problems.push(`${id}: unknown input ${key}`)
      for (const [name, spec] of Object.entries(call.inputs))
        if (spec.required && !given.includes(name)) problems.push(`${id}: missing required ${name}`)
      if (job.secrets && job.secrets !== 'inherit')
        for (const key of Object.keys(job.secrets))
          if (!(key in call.secrets)) problems.push(`${id}: unknown secret ${key}`)
    }
    expect(problems).toEqual([])
  })
})

describe('the reusable workflow', () => {
  const text = readFileSync(join(root, REUSABLE), 'utf8')

  test('is callable (on: workflow_call) and uses every input and secret it declares, and no other', () => {
    expect(Object.keys(reusable.on)).toEqual(['workflow_call'])
    const usedInputs = new Set([...text.matchAll(/\binputs\.([a-z0-9-]+)/g)].map(m => m[1]))
    const usedSecrets = new Set([...text.matchAll(/\bsecrets\.([A-Z0-9_]+)/g)].map(m => m[1]))
    expect([...usedInputs].filter(n => !(n in call.inputs))).toEqual([])
    expect(Object.keys(call.inputs).filter(n => !usedInputs.has(n))).toEqual([])
    expect([...usedSecrets].filter(n => !(n in call.secrets))).toEqual([])
    expect(Object.keys(call.secrets).filter(n => !usedSecrets.has(n))).toEqual([])
  })

  test('runs the publishing job as a matrix over shards and merges the records in a summary job', () => {
    const publish = reusable.jobs.publish as Job & { strategy: { matrix: Map }; needs: string }
    expect(publish.strategy.matrix.shard).toBe('${{ fromJSON(needs.shards.outputs.list) }}')
    const step = (publish.steps ?? []).find(s => s.uses && isThisAction(s.uses))
    expect(step?.with?.shard).toBe('${{ matrix.shard }}/${{ needs.shards.outputs.count }}')
    expect(String(step?.with?.['record-artifact'])).toContain('${{ matrix.shard }}')
    const summary = (reusable.jobs.summary.steps ?? []).find(s => s.uses && isThisAction(s.uses))
    expect(summary?.with?.kind).toBe('summary')
  })

  test('every secret it passes to the action is an input the action masks', () => {
    const publish = reusable.jobs.publish
    const step = (publish.steps ?? []).find(s => s.uses && isThisAction(s.uses))
    const fromSecrets = Object.entries(step?.with ?? {})
      .filter(([, v]) => String(v).includes('secrets.'))
      .map(([k]) => k)
      .sort()
    const masked = readFileSync(join(root, 'src', 'inputs.ts'), 'utf8')
    for (const name of fromSecrets) expect(masked).toContain(`'${name}'`)
    expect(fromSecrets).toEqual(
      ['http-password', 'http-token', 'registry-password', 'signing-key', 'signing-key-passphrase'].sort()
    )
  })
})

test('the input check catches a misspelt input (the check itself can fail)', () => {
  const given = ['kind', 'destinaton']
  expect(given.filter(k => !(k in action.inputs))).toEqual(['destinaton'])
})

test('the parser check catches a broken workflow (the check itself can fail)', async () => {
  const content =
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [nope]\n    steps:\n      - run: echo ${{ foo.bar }}\n'
  const result = parseWorkflow({ name: 'bad.yaml', content }, new NoOperationTraceWriter())
  expect(
    result.context.errors
      .getErrors()
      .map(e => e.message)
      .join('\n')
  ).toMatch(/Unrecognized named-value: 'foo'/)
})
