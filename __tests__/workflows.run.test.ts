/**
 * The workflow hand-off through run(): build artifacts downloaded before planning, the publication record
 * uploaded after, records of several jobs merged by `kind: summary`, and require-checks refusing before
 * anything is written. Real git repositories and a real local destination.
 *
 * FAKES, and why: the artifact service only exists on GitHub's runners, so `@actions/artifact` is replaced
 * (jest.unstable_mockModule) by a fake with the library's interface (__tests__/helpers/artifact-service.ts).
 * The GitHub API is a fake HTTP server on 127.0.0.1 (testing/servers/github.ts) reached by the real octokit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { parseOutputFile } from '../testing/runner.js'
import { TestRepo } from '../testing/repo.js'
import { type FakeGitHub, startFakeGitHub } from '../testing/servers/github.js'
import { FakeArtifactService } from './helpers/artifact-service.js'

let service = new FakeArtifactService()
jest.unstable_mockModule('@actions/artifact', () => ({
  DefaultArtifactClient: class {
    listArtifacts = (...a: Parameters<FakeArtifactService['listArtifacts']>) => service.listArtifacts(...a)
    downloadArtifact = (...a: Parameters<FakeArtifactService['downloadArtifact']>) =>
      service.downloadArtifact(...a)
    uploadArtifact = (...a: Parameters<FakeArtifactService['uploadArtifact']>) => service.uploadArtifact(...a)
  }
}))
const { run } = await import('../src/main.js')

process.env.PUBLISH_ARTIFACTS_RETRY_BASE_MS = '5'
const scratch = mkdtempSync(join(tmpdir(), 'pa-wf-run-'))
// @actions/core remembers the summary file path on first use: one file for the whole test file.
const summaryFile = join(scratch, 'summary.md')
const repoPayload = { repository: { default_branch: 'main', full_name: 'example/project' } }

interface Result {
  outputs: Record<string, string>
  summary: string
  failed: boolean
}

/** Runs run() as the runner would: INPUT_* variables, event file, output and summary files. */
async function runWith(
  inputs: Record<string, string>,
  ctx: { workspace: string; sha: string; env?: Record<string, string> }
): Promise<Result> {
  const dir = mkdtempSync(join(scratch, 'run-'))
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', ...repoPayload }))
  const outputFile = join(dir, 'output')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: ctx.sha,
    GITHUB_REPOSITORY: 'example/project',
    GITHUB_WORKSPACE: ctx.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_RUN_ID: '4242',
    GITHUB_JOB: 'publish',
    RUNNER_TEMP: dir,
    ...ctx.env
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    await run(process.env)
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  }
  const failed = process.exitCode === 1
  process.exitCode = 0
  return {
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    failed
  }
}

function tree(dir: string): string[] {
  if (!existsSync(dir)) return []
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name).slice(dir.length + 1))
    .filter(p => p.endsWith('.tar.gz')) // the packages themselves; indexes are the packages kind's business
    .sort()
}

function mainRepo(): { repo: TestRepo; head: string } {
  const repo = TestRepo.create()
  repo.commit()
  repo.tag('v1.4.0')
  const head = repo.commit()
  repo.addOrigin()
  return { repo, head }
}

const tgz = (text: string) => gzipSync(Buffer.from(text))

beforeEach(() => {
  service = new FakeArtifactService()
})

describe('artifact hand-off', () => {
  test('downloads the build artifacts of the run, publishes from there, uploads the record', async () => {
    const { repo, head } = mainRepo()
    service.add('packages-x86_64', { 'tool-1.5.0-x86_64.tar.gz': tgz('x86') })
    service.add('packages-aarch64', { 'tool-1.5.0-aarch64.tar.gz': tgz('arm') })
    service.add('image-x86_64', { 'image.tar': 'not a package' })
    const out = join(repo.dir, 'pub')
    const r = await runWith(
      {
        kind: 'packages',
        artifact: 'packages-*',
        files: '*.tar.gz',
        destination: out,
        'record-artifact': 'publish-record-packages'
      },
      { workspace: repo.dir, sha: head }
    )
    expect(r.failed).toBe(false)
    expect(tree(out)).toEqual([
      'bin-dev/aarch64/tool-1.5.0-aarch64.tar.gz',
      'bin-dev/x86_64/tool-1.5.0-x86_64.tar.gz'
    ])
    // Only the matching artifacts were fetched.
    expect(service.downloads).toHaveLength(2)

    const files = service.contents('publish-record-packages')
    expect(Object.keys(files)).toEqual(['publish-record-packages.json'])
    const record = JSON.parse(files['publish-record-packages.json'])
    expect(record).toMatchObject({
      format: 'publish-artifacts/record@1',
      name: 'publish-record-packages',
      kind: 'packages',
      dryRun: false,
      release: { type: 'dev', version: `1.5.0-1+${head.slice(0, 7)}` },
      run: { repository: 'example/project', sha: head, runId: '4242', job: 'publish' }
    })
    expect(record.published.map((p: { path: string; status: string }) => [p.path, p.status])).toEqual(
      JSON.parse(r.outputs.published).map((p: { path: string; status: string }) => [p.path, p.status])
    )
    const artifacts = record.plan.writes.filter((w: { role: string }) => w.role === 'artifact')
    expect(artifacts.map((w: { key: string }) => w.key).sort()).toEqual([
      'bin-dev/aarch64/tool-1.5.0-aarch64.tar.gz',
      'bin-dev/x86_64/tool-1.5.0-x86_64.tar.gz'
    ])
    // The plan is recorded without bodies: local paths of the build runner mean nothing to a later job.
    expect(JSON.stringify(record.plan)).not.toContain('publish-artifacts-')
    expect(record.plan.writes[0]).not.toHaveProperty('body')
  })

  test('no matching artifact fails before anything is written, naming the input and what exists', async () => {
    const { repo, head } = mainRepo()
    service.add('image-x86_64', { 'image.tar': 'x' })
    const out = join(repo.dir, 'pub')
    const r = await runWith(
      { kind: 'packages', artifact: 'packages-*', files: '*.tar.gz', destination: out },
      { workspace: repo.dir, sha: head }
    )
    expect(r.failed).toBe(true)
    expect(r.summary).toMatch(/Input &#39;artifact&#39;|Input 'artifact'/)
    expect(r.summary).toContain('image-x86_64')
    expect(existsSync(out)).toBe(false)
  })

  test('a failed run still uploads its record, with the error', async () => {
    const { repo, head } = mainRepo()
    const r = await runWith(
      {
        kind: 'packages',
        files: 'nothing/*.tar.gz',
        destination: join(repo.dir, 'pub'),
        'record-artifact': 'rec'
      },
      { workspace: repo.dir, sha: head }
    )
    expect(r.failed).toBe(true)
    const record = JSON.parse(service.contents('rec')['rec.json'])
    expect(record.error).toMatch(/no files matched/)
    expect(record.published).toEqual([])
  })

  test('a record name already used in the run fails the step (a later job would read the wrong one)', async () => {
    const { repo, head } = mainRepo()
    repo.write('build/tool-1.5.0-x86_64.tar.gz', tgz('x'))
    service.add('rec', { 'rec.json': '{}' })
    const r = await runWith(
      {
        kind: 'packages',
        files: 'build/*.tar.gz',
        destination: join(repo.dir, 'pub'),
        'record-artifact': 'rec'
      },
      { workspace: repo.dir, sha: head }
    )
    expect(r.failed).toBe(true)
    expect(r.summary).toMatch(/could not upload the publication record/)
    // The publication itself happened and is in the outputs.
    expect(JSON.parse(r.outputs.published)).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 'uploaded', role: 'artifact' })])
    )
  })
})

describe('kind summary', () => {
  test('merges the records of several jobs into one summary and one published output', async () => {
    const { repo, head } = mainRepo()
    repo.write('build/tool-1.5.0-x86_64.tar.gz', tgz('x'))
    for (const [i, arch] of ['x86_64', 'aarch64'].entries()) {
      repo.write(`b${i}/tool-1.5.0-${arch}.tar.gz`, tgz(arch))
      await runWith(
        {
          kind: 'packages',
          files: `b${i}/*.tar.gz`,
          destination: join(repo.dir, 'pub'),
          'record-artifact': `publish-record-${arch}`
        },
        { workspace: repo.dir, sha: head }
      )
    }
    service.add('unrelated', { 'other.json': '{"not": "a record"}' })
    const r = await runWith(
      { kind: 'summary', artifact: 'publish-record-*' },
      { workspace: repo.dir, sha: head }
    )
    expect(r.failed).toBe(false)
    expect(r.outputs['release-type']).toBe('dev')
    expect(
      JSON.parse(r.outputs.published)
        .map((p: { path: string }) => p.path)
        .filter((p: string) => p.endsWith('.tar.gz'))
        .sort()
    ).toEqual(['bin-dev/aarch64/tool-1.5.0-aarch64.tar.gz', 'bin-dev/x86_64/tool-1.5.0-x86_64.tar.gz'])
    expect(r.summary).toContain('publish-artifacts: 2 publications')
    expect(r.summary).toContain('<code>publish-record-aarch64</code>')
    expect(r.summary).toContain('<code>publish-record-x86_64</code>')
    expect(r.summary).toMatch(/[1-9]\d* uploaded/)
  })

  test('reads record files from the workspace, and refuses JSON that is not a record', async () => {
    const { repo, head } = mainRepo()
    repo.write(
      'records/a.json',
      JSON.stringify({
        format: 'publish-artifacts/record@1',
        name: 'drivers-1',
        kind: 'drivers',
        dryRun: false,
        error: "Input 'destination': refused",
        published: [{ kind: 'drivers', path: '8.0.0+driver/x86_64/falco_x.ko', status: 'uploaded' }]
      })
    )
    const ok = await runWith({ kind: 'summary', files: 'records/*.json' }, { workspace: repo.dir, sha: head })
    expect(ok.failed).toBe(false)
    expect(ok.summary).toContain('drivers-1')
    expect(ok.summary).toContain('❌')
    repo.write('records/b.json', '{"hello": 1}')
    const bad = await runWith(
      { kind: 'summary', files: 'records/*.json' },
      { workspace: repo.dir, sha: head }
    )
    expect(bad.failed).toBe(true)
    expect(bad.summary).toMatch(/b\.json is not a publication record/)
  })

  test('without artifact or files it says what to give', async () => {
    const { repo, head } = mainRepo()
    const r = await runWith({ kind: 'summary' }, { workspace: repo.dir, sha: head })
    expect(r.failed).toBe(true)
    expect(r.summary).toMatch(/kind summary reads publication records/)
  })
})

describe('require-checks (fake GitHub API on loopback)', () => {
  let gh: FakeGitHub
  beforeAll(async () => {
    gh = await startFakeGitHub()
  })
  afterAll(async () => gh.close())

  test('publishes only when the named checks passed on the commit', async () => {
    const { repo, head } = mainRepo()
    repo.write('build/tool-1.5.0-x86_64.tar.gz', tgz('x'))
    const out = join(repo.dir, 'pub')
    const inputs = {
      kind: 'packages',
      files: 'build/*.tar.gz',
      destination: out,
      'require-checks': 'test, lint',
      'github-token': 'ghs_fake_token_123'
    }
    const env = { GITHUB_API_URL: gh.url }
    gh.commits.set(head, {
      checkRuns: [
        { id: 1, name: 'test', status: 'completed', conclusion: 'failure' },
        { id: 2, name: 'lint', status: 'completed', conclusion: 'success' }
      ],
      statuses: []
    })
    const refused = await runWith(inputs, { workspace: repo.dir, sha: head, env })
    expect(refused.failed).toBe(true)
    expect(refused.summary).toContain('&quot;test&quot; concluded failure')
    expect(existsSync(out)).toBe(false)

    gh.commits.get(head)?.checkRuns.push({
      id: 3,
      name: 'test',
      status: 'completed',
      conclusion: 'success',
      started_at: '2099-01-01T00:00:00Z'
    })
    const passed = await runWith(inputs, { workspace: repo.dir, sha: head, env })
    expect(passed.failed).toBe(false)
    expect(tree(out)).toEqual(['bin-dev/x86_64/tool-1.5.0-x86_64.tar.gz'])
    expect(gh.requests.every(q => q.authorization === 'token ghs_fake_token_123')).toBe(true)
  })
})
