/**
 * The workflow features through the bundled action (dist/index.js run as the runner does): the lazily loaded
 * chunks (summary, @actions/artifact) load from the bundle, `kind: summary` needs no destination, and
 * require-checks reaches the GitHub API given by GITHUB_API_URL.
 *
 * FAKE: the GitHub API is a fake HTTP server on 127.0.0.1 (testing/servers/github.ts). The artifact service
 * is not reachable here at all, which is what the record-artifact test relies on: the real client must fail
 * with a clear error, after the publication itself.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { type FakeGitHub, startFakeGitHub } from '../testing/servers/github.js'

const repoPayload = { repository: { default_branch: 'main', full_name: 'example/project' } }

function mainRepo(): { repo: TestRepo; head: string } {
  const repo = TestRepo.create()
  repo.commit()
  repo.tag('v2.0.0')
  const head = repo.commit()
  repo.addOrigin()
  return { repo, head }
}

const push = (repo: TestRepo, head: string) => ({
  eventName: 'push',
  payload: { ref: 'refs/heads/main', ...repoPayload },
  ref: 'refs/heads/main',
  sha: head,
  workspace: repo.dir,
  timeoutMs: 60_000
})

describe('workflow features in the bundle', () => {
  let gh: FakeGitHub
  beforeAll(async () => {
    gh = await startFakeGitHub()
  })
  afterAll(async () => gh.close())

  test('kind summary merges record files without a destination', async () => {
    const { repo, head } = mainRepo()
    for (const shard of [1, 2])
      repo.write(
        `records/publish-record-drivers-${shard}.json`,
        JSON.stringify({
          format: 'publish-artifacts/record@1',
          name: `publish-record-drivers-${shard}`,
          kind: 'drivers',
          dryRun: false,
          release: { type: 'dev', version: '2.1.0-1+abcdef0', reason: 'push', prerelease: true },
          published: [
            { kind: 'drivers', path: `8.0.0+driver/x86_64/falco_k${shard}.ko`, status: 'uploaded' },
            { kind: 'drivers', path: `8.0.0+driver/x86_64/falco_u${shard}.ko`, status: 'unchanged' }
          ]
        })
      )
    const r = await runAction({ inputs: { kind: 'summary', files: 'records/*.json' }, ...push(repo, head) })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('dev')
    expect(JSON.parse(r.outputs.published)).toHaveLength(4)
    expect(r.summary).toContain('publish-artifacts: 2 publications')
    expect(r.summary).toContain('2 uploaded, 2 unchanged')
  })

  test('record-artifact outside a runner: published, then a clear failure naming the input', async () => {
    const { repo, head } = mainRepo()
    repo.write('build/tool-2.1.0-x86_64.tar.gz', gzipSync('x'))
    const out = join(repo.dir, 'pub')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*.tar.gz', destination: out, 'record-artifact': 'rec' },
      ...push(repo, head)
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Input 'record-artifact': could not upload the publication record/)
    expect(existsSync(join(out, 'bin-dev/x86_64/tool-2.1.0-x86_64.tar.gz'))).toBe(true)
    expect(JSON.parse(r.outputs.published)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'bin-dev/x86_64/tool-2.1.0-x86_64.tar.gz', status: 'uploaded' })
      ])
    )
  })

  test('require-checks refuses a commit whose check failed, before writing anything', async () => {
    const { repo, head } = mainRepo()
    repo.write('build/tool-2.1.0-x86_64.tar.gz', gzipSync('x'))
    gh.commits.set(head, {
      checkRuns: [{ id: 1, name: 'test', status: 'completed', conclusion: 'failure' }],
      statuses: []
    })
    const out = join(repo.dir, 'pub')
    const r = await runAction({
      inputs: {
        kind: 'packages',
        files: 'build/*.tar.gz',
        destination: out,
        'require-checks': 'test',
        'github-token': 'ghs_bundle_token'
      },
      ...push(repo, head),
      env: { GITHUB_API_URL: gh.url, PUBLISH_ARTIFACTS_RETRY_BASE_MS: '5' }
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/not publishing commit [0-9a-f]{7}: "test" concluded failure/)
    // The token is registered for masking and appears nowhere else.
    expect(r.stdout.split('\n').filter(l => l.includes('ghs_bundle_token'))).toEqual([
      '::add-mask::ghs_bundle_token'
    ])
    expect(existsSync(out)).toBe(false)
  })
})
