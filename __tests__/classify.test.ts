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
    'full release (released), e.g. a promoted prerelease',
    'release',
    'event_release_released.json',
    'refs/tags/0.44.1',
    'tag',
    '0.44.1',
    /full release \(action released\) of tag "0\.44\.1"/
  ],
  [
    'workflow_run: success of a push to the default branch',
    'workflow_run',
    'event_workflow_run_success_default.json',
    'refs/heads/master',
    'branch',
    '',
    /workflow run "CI Build" succeeded for a push to the default branch 'master'/
  ],
  [
    'workflow_run: success of a release tag push (head_branch is the tag)',
    'workflow_run',
    'event_workflow_run_success_tag.json',
    'refs/heads/master',
    'tag',
    '0.44.1',
    /workflow run "CI Build" succeeded for a push of tag "0\.44\.1"/
  ],
  [
    'workflow_run: success of an rc tag push',
    'workflow_run',
    'event_workflow_run_success_tag_rc.json',
    'refs/heads/master',
    'tag',
    '0.45.0-rc1',
    /0\.45\.0-rc1/
  ],
  [
    'workflow_run: failure',
    'workflow_run',
    'event_workflow_run_failure.json',
    'refs/heads/master',
    'none',
    '',
    /"CI Build" concluded "failure": only a successful run publishes/
  ],
  [
    'workflow_run: cancelled',
    'workflow_run',
    'event_workflow_run_cancelled.json',
    'refs/heads/master',
    'none',
    '',
    /concluded "cancelled"/
  ],
  [
    'workflow_run: requested',
    'workflow_run',
    'event_workflow_run_requested.json',
    'refs/heads/master',
    'none',
    '',
    /requested: only a completed run publishes/
  ],
  [
    'workflow_run: success of a push to another branch',
    'workflow_run',
    'event_workflow_run_success_branch.json',
    'refs/heads/master',
    'none',
    '',
    /"release\/0\.44\.x", which is neither the default branch 'master' nor a release tag/
  ],
  [
    'workflow_run: success of a pull request from a fork',
    'workflow_run',
    'event_workflow_run_success_pr_fork.json',
    'refs/heads/master',
    'none',
    '',
    /ran for a "pull_request" event/
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

  test("workflow_run publishes the commit the other workflow tested, not the run's own", () => {
    const ok = classifyEvent(
      ctx('workflow_run', 'event_workflow_run_success_default.json', '', 'f'.repeat(40)),
      'master'
    )
    expect(ok).toMatchObject({
      kind: 'branch',
      sha: '5f1a2b3c4d5e6f708192a3b4c5d6e7f809102030',
      branch: 'master'
    })
    const tag = classifyEvent(
      ctx('workflow_run', 'event_workflow_run_success_tag.json', '', 'f'.repeat(40)),
      'master'
    )
    expect(tag).toMatchObject({
      kind: 'tag',
      sha: '5f1a2b3c4d5e6f708192a3b4c5d6e7f809102030',
      prerelease: false
    })
  })

  test('a workflow_run head_sha that is not a commit id is refused (it becomes a git argument)', () => {
    const text = readFileSync(
      join(import.meta.dirname, 'fixtures', 'event_workflow_run_success_default.json'),
      'utf8'
    )
    expect(() =>
      parsePayload(text.replaceAll('5f1a2b3c4d5e6f708192a3b4c5d6e7f809102030', '--output=x'))
    ).toThrow(/'workflow_run.head_sha' is not a commit id/)
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
