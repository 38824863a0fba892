/**
 * Artifact download and merge, and the publication record, against the library's interface.
 * FAKE: the artifact service only exists on GitHub's runners, so the client is a fake with the same interface
 * as @actions/artifact's DefaultArtifactClient (__tests__/helpers/artifact-service.ts).
 */
import { describe, expect, test } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { registerSecret } from '../src/redact.js'
import { downloadArtifacts } from '../src/workflow/artifacts.js'
import { makeRecord, parseRecord, recordFileName, uploadRecord } from '../src/workflow/record.js'
import { FakeArtifactService } from './helpers/artifact-service.js'

const fresh = () => mkdtempSync(join(tmpdir(), 'pa-handoff-'))

function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort()
}

describe('downloadArtifacts', () => {
  test('merges every matching artifact into one folder, keeping their paths', async () => {
    const service = new FakeArtifactService()
    service.add('drivers-x86_64', { '8.0.0+driver/x86_64/falco_a.ko': 'a' })
    service.add('drivers-aarch64', { '8.0.0+driver/aarch64/falco_b.ko': 'b' })
    service.add('logs', { 'build.log': 'x' })
    const dir = fresh()
    const got = await downloadArtifacts('drivers-*', dir, service)
    expect(got.artifacts.map(a => [a.name, a.files])).toEqual([
      ['drivers-aarch64', 1],
      ['drivers-x86_64', 1]
    ])
    expect(tree(dir)).toEqual(['8.0.0+driver/aarch64/falco_b.ko', '8.0.0+driver/x86_64/falco_a.ko'])
  })

  test('an exact name matches only that artifact', async () => {
    const service = new FakeArtifactService()
    service.add('packages', { 'a.deb': 'a' })
    service.add('packages-extra', { 'b.deb': 'b' })
    const dir = fresh()
    await downloadArtifacts('packages', dir, service)
    expect(tree(dir)).toEqual(['a.deb'])
  })

  test('the same file with the same bytes in two artifacts is fine', async () => {
    const service = new FakeArtifactService()
    service.add('a', { LICENSE: 'same', 'x.deb': 'x' })
    service.add('b', { LICENSE: 'same', 'y.deb': 'y' })
    const dir = fresh()
    await downloadArtifacts('*', dir, service)
    expect(tree(dir)).toEqual(['LICENSE', 'x.deb', 'y.deb'])
  })

  test('the same path with different bytes is refused, naming both artifacts', async () => {
    const service = new FakeArtifactService()
    service.add('packages-x86_64', { 'falco.deb': 'one' })
    service.add('packages-aarch64', { 'falco.deb': 'two' })
    const dir = fresh()
    await expect(downloadArtifacts('packages-*', dir, service)).rejects.toThrow(
      /Input 'artifact': artifacts "packages-aarch64" and "packages-x86_64" both hold "falco.deb" with different contents/
    )
    // No staging leftovers for a later glob to pick up.
    expect(existsSync(join(dir, '.publish-artifacts-staging'))).toBe(false)
  })

  test('a download whose digest does not match is refused', async () => {
    const service = new FakeArtifactService()
    const id = service.add('packages', { 'a.deb': 'a' })
    service.corrupt.add(id)
    await expect(downloadArtifacts('packages', fresh(), service)).rejects.toThrow(/corrupted in transit/)
  })

  test('nothing matching lists what the run has', async () => {
    const service = new FakeArtifactService()
    service.add('image-x86_64', { 'i.tar': 'i' })
    await expect(downloadArtifacts('packages-*', fresh(), service)).rejects.toThrow(
      /Input 'artifact': no artifact of this workflow run matches "packages-\*" \(the run has "image-x86_64"\)/
    )
  })
})

describe('publication record', () => {
  const release = { type: 'dev' as const, version: '1.0.0-1+abc1234', reason: 'push', prerelease: true }

  test('round-trips through upload and parse, without secrets', async () => {
    const secret = 'sup3r-s3cret-value'
    registerSecret(secret)
    const service = new FakeArtifactService()
    const record = makeRecord(
      {
        name: 'publish-record-packages',
        kind: 'packages',
        release,
        published: [{ kind: 'packages', path: 'bin-dev/x/a.tar.gz', status: 'uploaded', sha256: 'ab' }],
        destination: 's3://bucket/packages',
        dryRun: false,
        error: `upload failed with ${secret}`
      },
      { GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc', GITHUB_RUN_ID: '7' }
    )
    await uploadRecord(record, service, fresh())
    const text = service.contents('publish-record-packages')[recordFileName('publish-record-packages')]
    expect(text).not.toContain(secret)
    const parsed = parseRecord(text, 'the record')
    expect(parsed).toMatchObject({ name: 'publish-record-packages', kind: 'packages', release })
    expect(parsed.run).toMatchObject({ repository: 'o/r', sha: 'abc', runId: '7' })
    expect(parsed.error).toBe('upload failed with ***')
  })

  test('file names are safe and unique per artifact name', () => {
    expect(recordFileName('publish-record-drivers-3')).toBe('publish-record-drivers-3.json')
    expect(recordFileName('a/b')).toBe('a_b.json')
  })

  test.each([
    ['not JSON', 'nope', /is not valid JSON/],
    ['another JSON file', '{"a":1}', /is not a publication record/],
    ['a damaged record', '{"format":"publish-artifacts/record@1","name":"x"}', /damaged publication record/]
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseRecord(text, 'f.json')).toThrow(message)
  })

  test('the record file on disk is what was uploaded', async () => {
    const service = new FakeArtifactService()
    const temp = fresh()
    const record = makeRecord({ name: 'r', kind: 'drivers', published: [], dryRun: true }, {})
    await uploadRecord(record, service, temp)
    const [folder] = readdirSync(temp)
    expect(readFileSync(join(temp, folder, 'r.json'), 'utf8')).toBe(service.contents('r')['r.json'])
  })
})
