import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { classifyEvent, defaultBranchOf } from '../src/classify.js'
import { type RunContext, parsePayload } from '../src/context.js'

const fixture = (name: string) =>
  parsePayload(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'))

function ctx(
  eventName: string,
  file: string,
  ref = '',
  sha = '5f1a2b3c4d5e6f708192a3b4c5d6e7f809102030'
): RunContext {
  return {
    eventName,
    ref,
    sha,
    repository: 'falcosecurity/falco',
    payload: fixture(file),
    workspace: '/nonexistent',
    apiUrl: 'http://127.0.0.1:1',
    serverUrl: 'https://github.com'
  }
}

// [description, event name, fixture, GITHUB_REF, expected trigger kind, expected version (tags), reason fragment]
const cases: [string, string, string, string, 'none' | 'branch' | 'tag', string, RegExp][] = [
  [
    'push to the default branch',
    'push',
    'event_push_default.json',
    'refs/heads/master',
    'branch',
    '',
    /default branch 'master'/
  ],
  [
    'push to another branch',
    'push',
    'event_push_branch.json',
    'refs/heads/release/0.40.x',
    'none',
    '',
    /not the default branch/
  ],
  ['deleted branch', 'push', 'event_push_deleted.json', 'refs/heads/master', 'none', '', /deleted/],
  ['tag X.Y.Z', 'push', 'event_push_tag.json', 'refs/tags/0.40.0', 'tag', '0.40.0', /tag push/],
  ['tag vX.Y.Z', 'push', 'event_push_tag_v.json', 'refs/tags/v0.40.1', 'tag', '0.40.1', /v0\.40\.1/],
  [
    'prerelease tag',
    'push',
    'event_push_tag_rc.json',
    'refs/tags/0.41.0-rc1',
    'tag',
    '0.41.0-rc1',
    /0\.41\.0-rc1/
  ],
  [
    'non-semver tag',
    'push',
    'event_push_tag_nonsemver.json',
    'refs/tags/nightly',
    'none',
    '',
    /not a release version/
  ],
  [
    'tag with build metadata',
    'push',
    'event_push_tag_build.json',
    'refs/tags/0.40.0+build5',
    'none',
    '',
    /no \+build/
  ],
  [
    '4-part tag',
    'push',
    'event_push_tag_4part.json',
    'refs/tags/1.2.3.4',
    'none',
    '',
    /not a release version/
  ],
  ['deleted tag', 'push', 'event_push_tag_deleted.json', 'refs/tags/0.40.0', 'none', '', /deleted/],
  [
    'merged pull request',
    'pull_request',
    'event_pr_merged.json',
    'refs/pull/3400/merge',
    'branch',
    '',
    /merged into the default branch/
  ],
  [
    'merged pull request (target)',
    'pull_request_target',
    'event_pr_merged.json',
    'refs/heads/master',
    'branch',
    '',
    /merged/
  ],
  [
    'merged pull request from a fork',
    'pull_request',
    'event_pr_merged_fork.json',
    'refs/pull/3400/merge',
    'branch',
    '',
    /merged/
  ],
  [
    'merged into another branch',
    'pull_request',
    'event_pr_merged_other_base.json',
    'refs/pull/1/merge',
    'none',
    '',
    /release\/0\.40\.x/
  ],
  [
    'closed without merging',
    'pull_request',
    'event_pr_closed_unmerged.json',
    'refs/pull/1/merge',
    'none',
    '',
    /without merging/
  ],
  ['opened', 'pull_request', 'event_pr_opened.json', 'refs/pull/1/merge', 'none', '', /opened/],
  [
    'fork synchronize',
    'pull_request_target',
    'event_pr_synchronize_fork.json',
    'refs/heads/master',
    'none',
    '',
    /synchronize/
  ],
  [
    'published release',
    'release',
    'event_release_published.json',
    'refs/tags/0.40.0',
    'tag',
    '0.40.0',
    /published release/
  ],
  [
    'published prerelease',
    'release',
    'event_release_published_rc.json',
    'refs/tags/0.41.0-rc2',
    'tag',
    '0.41.0-rc2',
    /rc2/
  ],
  [
    'created (not published) release',
    'release',
    'event_release_created.json',
    'refs/tags/0.40.0',
    'none',
    '',
    /created/
  ],
  [
    'workflow_dispatch',
    'workflow_dispatch',
    'event_workflow_dispatch.json',
    'refs/heads/master',
    'none',
    '',
    /workflow_dispatch/
  ],
  ['schedule', 'schedule', 'event_schedule.json', 'refs/heads/master', 'none', '', /schedule/],
  // A reusable workflow (workflow_call) is handed the caller's event name and payload by the runner.
  [
    'reusable workflow called on a push',
    'push',
    'event_push_default.json',
    'refs/heads/master',
    'branch',
    '',
    /default branch/
  ]
]

describe('classifyEvent', () => {
  test.each(cases)('%s', (_name, event, file, ref, kind, version, reason) => {
    const c = ctx(event, file, ref)
    const trigger = classifyEvent(c, defaultBranchOf(c, ''))
    expect(trigger.kind).toBe(kind)
    expect(trigger.reason).toMatch(reason)
    if (trigger.kind === 'tag') expect(trigger.version).toBe(version)
  })

  test('a prerelease tag is marked prerelease, a plain one is not', () => {
    const rc = classifyEvent(ctx('push', 'event_push_tag_rc.json'), 'master')
    const plain = classifyEvent(ctx('push', 'event_push_tag.json'), 'master')
    expect(rc.kind === 'tag' && rc.prerelease).toBe(true)
    expect(plain.kind === 'tag' && plain.prerelease).toBe(false)
  })

  test('a release marked prerelease on GitHub is a prerelease even with an X.Y.Z tag', () => {
    const t = classifyEvent(ctx('release', 'event_release_marked_prerelease.json'), 'master')
    expect(t.kind === 'tag' && t.prerelease).toBe(true)
  })

  test('a merged pull request publishes its merge commit', () => {
    const t = classifyEvent(ctx('pull_request', 'event_pr_merged.json'), 'master')
    expect(t.kind === 'branch' && t.sha).toBe('9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807')
  })

  test('the default-branch input overrides the payload', () => {
    const c = ctx('push', 'event_push_branch.json')
    expect(classifyEvent(c, defaultBranchOf(c, 'release/0.40.x')).kind).toBe('branch')
    expect(classifyEvent(c, defaultBranchOf(c, '')).kind).toBe('none')
  })

  test('hostile tags are shown escaped and never classified as releases', () => {
    const c = {
      ...ctx('push', 'event_push_tag.json'),
      payload: { ref: 'refs/tags/v1.2.3;rm -rf /\u001b[31m' }
    }
    const t = classifyEvent(c, 'master')
    expect(t.kind).toBe('none')
    expect(t.reason).not.toContain('\u001b')
    expect(t.reason).toContain('\\u001b')
  })
})

describe('parsePayload', () => {
  test('malformed JSON names GITHUB_EVENT_PATH', () => {
    expect(() => fixture('event_malformed.json')).toThrow(/GITHUB_EVENT_PATH.*not valid JSON/)
  })
  test('fields of the wrong type are refused', () => {
    expect(() => fixture('event_wrong_types.json')).toThrow(/'ref' should be a string/)
  })
  test('a JSON array is not a payload', () => {
    expect(() => parsePayload('[1]')).toThrow(/not a JSON object/)
  })
})
