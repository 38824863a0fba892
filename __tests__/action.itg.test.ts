/**
 * End-to-end: runs dist/index.js as the runner does (INPUT_* env, event file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files) against real git repositories and a local folder destination.
 */
import { describe, expect, test } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { runAction } from '../testing/runner.js'
import { TestRepo } from '../testing/repo.js'
import { LibsVersionOracle } from './helpers/libs-version.js'
import { tree } from './helpers/tree.js'

const repoPayload = { repository: { default_branch: 'main', full_name: 'example/project' } }

function tarball(repo: TestRepo, name: string, content = name): string {
  return repo.write(`build/${name}`, gzipSync(Buffer.from(content)))
}

/** A repo with a stable tag on main, one more commit, and a tag on a side branch. */
function releaseRepo(): { repo: TestRepo; tagSha: string; sideSha: string; head: string } {
  const repo = TestRepo.create()
  repo.commit()
  const tagSha = repo.tag('v1.4.0')
  repo.git('checkout', '-q', '-b', 'side')
  const sideSha = repo.commit()
  repo.tag('1.4.1')
  repo.git('checkout', '-q', 'main')
  const head = repo.commit()
  repo.addOrigin()
  return { repo, tagSha, sideSha, head }
}

describe('the bundled action', () => {
  test('a tag push on the default branch is a stable release: outputs, files and summary', async () => {
    const { repo, tagSha } = releaseRepo()
    tarball(repo, 'tool-1.4.0-x86_64.tar.gz')
    tarball(repo, 'tool-1.4.0-aarch64.tar.gz')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*.tar.gz', destination: 'out' },
      eventName: 'push',
      payload: { ref: 'refs/tags/v1.4.0', ...repoPayload },
      ref: 'refs/tags/v1.4.0',
      sha: tagSha,
      workspace: repo.dir
    })
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('stable')
    expect(r.outputs.version).toBe('1.4.0')
    const published = JSON.parse(r.outputs.published) as { path: string; status: string; sha256: string }[]
    expect(published.map(p => [p.path, p.status]).sort()).toEqual([
      ['bin/aarch64/SHA256SUMS', 'uploaded'],
      ['bin/aarch64/tool-1.4.0-aarch64.tar.gz', 'uploaded'],
      ['bin/index.json', 'uploaded'],
      ['bin/x86_64/SHA256SUMS', 'uploaded'],
      ['bin/x86_64/tool-1.4.0-x86_64.tar.gz', 'uploaded']
    ])
    expect(tree(join(repo.dir, 'out'))).toEqual([
      'bin/aarch64/SHA256SUMS',
      'bin/aarch64/tool-1.4.0-aarch64.tar.gz',
      'bin/index.json',
      'bin/x86_64/SHA256SUMS',
      'bin/x86_64/tool-1.4.0-x86_64.tar.gz'
    ])
    expect(r.summary).toContain('<td>uploaded</td>')
    expect(r.summary).toContain('stable')

    // Re-run: the same bytes are already there.
    const again = await runAction({
      inputs: { kind: 'packages', files: 'build/*.tar.gz', destination: 'out' },
      eventName: 'push',
      payload: { ref: 'refs/tags/v1.4.0', ...repoPayload },
      ref: 'refs/tags/v1.4.0',
      sha: tagSha,
      workspace: repo.dir
    })
    expect(again.code).toBe(0)
    expect((JSON.parse(again.outputs.published) as { status: string }[]).map(p => p.status)).toEqual(
      Array(5).fill('unchanged')
    )
  })

  test('a tag that is not on the default branch publishes nothing and says why', async () => {
    const { repo, sideSha } = releaseRepo()
    tarball(repo, 'tool-1.4.1-x86_64.tar.gz')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*.tar.gz', destination: 'out' },
      eventName: 'push',
      payload: { ref: 'refs/tags/1.4.1', ...repoPayload },
      ref: 'refs/tags/1.4.1',
      sha: sideSha,
      workspace: repo.dir
    })
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('none')
    expect(r.outputs.published).toBe('[]')
    expect(r.stdout).toMatch(/not on the default branch 'main'/)
    expect(r.summary).toMatch(/Nothing was published/)
    expect(existsSync(join(repo.dir, 'out'))).toBe(false)
  })

  test('a push to the default branch is a dev release into the -dev repositories', async () => {
    const { repo, head } = releaseRepo()
    tarball(repo, 'tool-1.5.0-x86_64.tar.gz')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*.tar.gz', destination: `file://${join(repo.dir, 'pub')}` },
      eventName: 'push',
      payload: { ref: 'refs/heads/main', ...repoPayload },
      ref: 'refs/heads/main',
      sha: head,
      workspace: repo.dir
    })
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('dev')
    // libs' scheme counts from the highest X.Y.Z tag of all (1.4.1, on the side branch) and its merge-base.
    expect(r.outputs.version).toBe(new LibsVersionOracle(repo.dir).version('main', head))
    expect(tree(join(repo.dir, 'pub'))).toEqual([
      'bin-dev/index.json',
      'bin-dev/x86_64/SHA256SUMS',
      'bin-dev/x86_64/tool-1.5.0-x86_64.tar.gz'
    ])
  })

  test('dry-run prints the plan, sets planned outputs and writes nothing', async () => {
    const { repo, tagSha } = releaseRepo()
    tarball(repo, 'tool-1.4.0-x86_64.tar.gz')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*', destination: 'out', 'dry-run': 'true' },
      eventName: 'release',
      payload: { action: 'published', release: { tag_name: 'v1.4.0' }, ...repoPayload },
      ref: 'refs/tags/v1.4.0',
      sha: tagSha,
      workspace: repo.dir
    })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/write {2}bin\/x86_64\/tool-1\.4\.0-x86_64\.tar\.gz/)
    expect(JSON.parse(r.outputs.published)).toEqual([
      expect.objectContaining({ status: 'planned', path: 'bin/x86_64/tool-1.4.0-x86_64.tar.gz' }),
      expect.objectContaining({ status: 'planned', path: 'bin/x86_64/SHA256SUMS', role: 'index' }),
      expect.objectContaining({ status: 'planned', path: 'bin/index.json', role: 'index' })
    ])
    expect(existsSync(join(repo.dir, 'out'))).toBe(false)
  })

  test('a stable artifact with different bytes is refused and nothing else is written', async () => {
    const { repo, tagSha } = releaseRepo()
    const run = () =>
      runAction({
        inputs: { kind: 'packages', files: 'build/*', destination: 'out' },
        eventName: 'push',
        payload: { ref: 'refs/tags/v1.4.0', ...repoPayload },
        ref: 'refs/tags/v1.4.0',
        sha: tagSha,
        workspace: repo.dir
      })
    tarball(repo, 'tool-1.4.0-x86_64.tar.gz', 'first build')
    expect((await run()).code).toBe(0)
    tarball(repo, 'tool-1.4.0-x86_64.tar.gz', 'a different build')
    tarball(repo, 'tool-1.4.0-aarch64.tar.gz', 'new arch')
    const r = await run()
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /::error::.*refusing to overwrite 1 stable artifact.*bin\/x86_64\/tool-1\.4\.0-x86_64\.tar\.gz.*Nothing was written/
    )
    // Only what the first, successful run wrote: the refused run added neither the new arch nor a new index.
    expect(tree(join(repo.dir, 'out'))).toEqual([
      'bin/index.json',
      'bin/x86_64/SHA256SUMS',
      'bin/x86_64/tool-1.4.0-x86_64.tar.gz'
    ])
    expect(readFileSync(join(repo.dir, 'out/bin/index.json'), 'utf8')).not.toContain('aarch64')
    expect(readFileSync(join(repo.dir, 'out/bin/x86_64/tool-1.4.0-x86_64.tar.gz'))).toEqual(
      gzipSync(Buffer.from('first build'))
    )
    // Outputs are set before the failure is raised.
    expect(r.outputs['release-type']).toBe('stable')
  })
})

describe('bad input: a clear error naming the input, nothing written', () => {
  const base = () => {
    const { repo, head } = releaseRepo()
    tarball(repo, 'tool-1.5.0-x86_64.tar.gz')
    return { repo, head }
  }
  const push = { ref: 'refs/heads/main', ...repoPayload }

  test.each([
    [
      'unknown kind',
      { kind: 'sboms' },
      /Input 'kind': 'sboms' is not valid; use one of: packages, drivers, images/
    ],
    ['missing kind', { kind: '' }, /Input 'kind': is required/],
    [
      'unsupported destination scheme',
      { destination: 'ftp://example.invalid/x' },
      /Input 'destination': scheme 'ftp:' is not supported/
    ],
    [
      'credentials in the destination',
      { destination: 'https://user:hunter2@example.invalid/x' },
      /Input 'destination': must not embed credentials/
    ],
    ['invalid boolean', { 'dry-run': 'maybe' }, /Input 'dry-run': 'maybe' is not a boolean/],
    ['bad release type', { 'release-type': 'none' }, /Input 'release-type': 'none' is not valid/],
    ['bad version', { version: '1.2.3.4' }, /Input 'version': '1.2.3.4' is not a semantic version/],
    [
      'files match nothing',
      { files: 'nothing/*.deb' },
      /Input 'files': no files matched "nothing\/\*\.deb".*if-no-files-found/
    ],
    ['not a package', { files: 'build/*', extra: 'notes.txt' }, /Input 'files': "notes.txt" is not a package/]
  ])('%s', async (_name, inputs, message) => {
    const { repo, head } = base()
    const { extra, ...rest } = inputs as Record<string, string>
    if (extra) repo.write(`build/${extra}`, 'hello')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*.tar.gz', destination: 'out', ...rest },
      eventName: 'push',
      payload: push,
      ref: 'refs/heads/main',
      sha: head,
      workspace: repo.dir
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(message)
    expect(r.stdout).not.toContain('hunter2')
    expect(existsSync(join(repo.dir, 'out'))).toBe(false)
  })

  test('a file name with control characters is refused', async () => {
    const { repo, head } = base()
    repo.write('build/tool-1.5.0\u0007-x86_64.tar.gz', 'x')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*', destination: 'out' },
      eventName: 'push',
      payload: push,
      ref: 'refs/heads/main',
      sha: head,
      workspace: repo.dir
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Input 'files': the file name .*\\u0007.* is not publishable/)
    expect(existsSync(join(repo.dir, 'out'))).toBe(false)
  })

  test('if-no-files-found: warn and ignore publish nothing and succeed', async () => {
    for (const policy of ['warn', 'ignore']) {
      const { repo, head } = base()
      const r = await runAction({
        inputs: { kind: 'packages', files: 'nothing/*', destination: 'out', 'if-no-files-found': policy },
        eventName: 'push',
        payload: push,
        ref: 'refs/heads/main',
        sha: head,
        workspace: repo.dir
      })
      expect(r.code).toBe(0)
      expect(r.stdout.includes('::warning::no files matched')).toBe(policy === 'warn')
      expect(r.outputs.published).toBe('[]')
    }
  })

  test('a missing event file names GITHUB_EVENT_PATH', async () => {
    const { repo, head } = base()
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*', destination: 'out' },
      eventName: 'push',
      payload: join(repo.dir, 'no-such-event.json'),
      ref: 'refs/heads/main',
      sha: head,
      workspace: repo.dir
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Input 'GITHUB_EVENT_PATH': the event file .* cannot be read/)
  })

  test('a malformed payload names GITHUB_EVENT_PATH', async () => {
    const { repo, head } = base()
    const dir = mkdtempSync(join(tmpdir(), 'pa-event-'))
    writeFileSync(join(dir, 'event.json'), '{"ref": ')
    const r = await runAction({
      inputs: { kind: 'packages', files: 'build/*', destination: 'out' },
      eventName: 'push',
      payload: join(dir, 'event.json'),
      ref: 'refs/heads/main',
      sha: head,
      workspace: repo.dir
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/GITHUB_EVENT_PATH.*not valid JSON/)
    expect(existsSync(join(repo.dir, 'out'))).toBe(false)
  })
})
