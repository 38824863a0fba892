import { describe, expect, test } from '@jest/globals'
import { parseChallenge } from '../src/images/auth.js'
import { parseImageName, parseRemoteRef } from '../src/images/name.js'
import { nextLink } from '../src/images/registry.js'
import { highestStableTag, tagsFor } from '../src/images/tags.js'
import type { Release } from '../src/release.js'

const stable = (version: string): Release => ({
  type: 'stable',
  version,
  reason: '',
  prerelease: false,
  tag: version
})
const dev: Release = { type: 'dev', version: '0.41.0-12+abc1234', reason: '', prerelease: true }
const rc: Release = { type: 'dev', version: '0.40.0-rc1', reason: '', prerelease: true, tag: '0.40.0-rc1' }
const opts = { devTags: ['master'], suffix: '' }

describe('tagsFor', () => {
  test.each<[string, Release, { devTags: string[]; suffix: string }, string[], string[]]>([
    ['first stable release gets latest', stable('0.39.0'), opts, [], ['0.39.0', 'latest']],
    [
      'higher stable moves latest',
      stable('0.40.0'),
      opts,
      ['0.39.0', 'latest', 'master'],
      ['0.40.0', 'latest']
    ],
    ['backport does not move latest', stable('0.38.3'), opts, ['0.39.0', '0.38.2', 'latest'], ['0.38.3']],
    [
      're-run of the highest keeps latest',
      stable('0.39.0'),
      opts,
      ['0.39.0', 'latest'],
      ['0.39.0', 'latest']
    ],
    ['v-prefixed tags in the registry count', stable('1.2.0'), opts, ['v1.10.0'], ['1.2.0']],
    [
      'prereleases in the registry do not count',
      stable('0.39.0'),
      opts,
      ['0.40.0-rc1'],
      ['0.39.0', 'latest']
    ],
    ['semver order, not string order', stable('0.10.0'), opts, ['0.9.9'], ['0.10.0', 'latest']],
    ['dev gets the dev tags', dev, opts, ['0.39.0'], ['master']],
    [
      'dev tags may hold the version (+ becomes -)',
      dev,
      { devTags: ['master', '{version}'], suffix: '' },
      [],
      ['master', '0.41.0-12-abc1234']
    ],
    ['prerelease gets only its own tag', rc, opts, ['0.39.0'], ['0.40.0-rc1']],
    [
      'suffix on every tag',
      stable('0.39.0'),
      { devTags: ['master'], suffix: '-debian' },
      ['0.38.0-debian'],
      ['0.39.0-debian', 'latest-debian']
    ],
    [
      'suffix: only suffixed tags count',
      stable('0.38.5'),
      { devTags: ['master'], suffix: '-debian' },
      ['0.39.0', '0.38.0-debian'],
      ['0.38.5-debian', 'latest-debian']
    ],
    [
      'suffix: a higher suffixed version keeps latest',
      stable('0.38.5'),
      { devTags: ['master'], suffix: '-debian' },
      ['0.39.0-debian'],
      ['0.38.5-debian']
    ],
    ['suffix on dev tags', dev, { devTags: ['master'], suffix: '-debian' }, [], ['master-debian']]
  ])('%s', (_name, release, options, existing, expected) => {
    expect(tagsFor(release, options, existing).tags).toEqual(expected)
  })

  // Input latest, as docker/metadata-action's flavor latest=auto|true|false.
  test.each<[string, Release, 'auto' | 'true' | 'false', string[], string[]]>([
    ['auto is the rule above', stable('0.38.3'), 'auto', ['0.39.0'], ['0.38.3']],
    ['true: a backport moves latest too', stable('0.38.3'), 'true', ['0.39.0'], ['0.38.3', 'latest']],
    ['true: a dev release moves latest too', dev, 'true', [], ['master', 'latest']],
    ['true: a prerelease moves latest too', rc, 'true', [], ['0.40.0-rc1', 'latest']],
    ['false: the highest stable does not get latest', stable('0.40.0'), 'false', ['0.39.0'], ['0.40.0']]
  ])('latest %s', (_name, release, latest, existing, expected) => {
    expect(tagsFor(release, { ...opts, latest }, existing).tags).toEqual(expected)
  })

  test('latest: true and false say so', () => {
    expect(tagsFor(stable('0.38.3'), { ...opts, latest: 'true' }, ['0.39.0']).latestReason).toBe(
      'latest: true'
    )
    expect(tagsFor(stable('0.40.0'), { ...opts, latest: 'false' }, []).latestReason).toBe('latest: false')
  })

  test('says why latest stays', () => {
    expect(tagsFor(stable('0.38.3'), opts, ['0.39.0']).latestReason).toMatch(/0\.38\.3 < 0\.39\.0/)
  })

  test('nothing for a run that publishes nothing', () => {
    expect(tagsFor({ type: 'none', version: '', reason: '', prerelease: false }, opts, []).tags).toEqual([])
  })

  test.each([
    [{ devTags: ['bad tag'], suffix: '' }, dev, "Input 'dev-tags'"],
    [{ devTags: ['master'], suffix: '/x' }, stable('1.0.0'), "Input 'tag-suffix'"],
    // A dev release's tags come from dev-tags, but a bad suffix is still the suffix's fault.
    [{ devTags: ['master'], suffix: '-debian;rm' }, dev, "Input 'tag-suffix'"],
    [{ devTags: ['-leading'], suffix: '' }, dev, "Input 'dev-tags'"],
    [{ devTags: ['a'.repeat(129)], suffix: '' }, dev, "Input 'dev-tags'"]
  ])('invalid tags are refused naming the input (%#)', (options, release, message) => {
    expect(() => tagsFor(release, options, [])).toThrow(message)
  })

  test('highestStableTag ignores other suffixes', () => {
    expect(highestStableTag(['0.39.0-debian', '0.38.0', 'latest'], '')).toBe('0.38.0')
  })
})

describe('image names', () => {
  test.each([
    ['falco', 'registry-1.docker.io', 'library/falco', 'docker.io/library/falco', 'https'],
    [
      'docker.io/falcosecurity/falco',
      'registry-1.docker.io',
      'falcosecurity/falco',
      'docker.io/falcosecurity/falco',
      'https'
    ],
    [
      'index.docker.io/library/alpine',
      'registry-1.docker.io',
      'library/alpine',
      'docker.io/library/alpine',
      'https'
    ],
    [
      'public.ecr.aws/falcosecurity/falco',
      'public.ecr.aws',
      'falcosecurity/falco',
      'public.ecr.aws/falcosecurity/falco',
      'https'
    ],
    ['ghcr.io/org/x', 'ghcr.io', 'org/x', 'ghcr.io/org/x', 'https'],
    ['127.0.0.1:5000/x', '127.0.0.1:5000', 'x', '127.0.0.1:5000/x', 'http'],
    ['localhost:5000/a/b', 'localhost:5000', 'a/b', 'localhost:5000/a/b', 'http'],
    ['registry.lan:5000/a', 'registry.lan:5000', 'a', 'registry.lan:5000/a', 'http']
  ])('%s', (text, registry, repository, display, scheme) => {
    expect(parseImageName(text, 'images', ['registry.lan:5000'])).toEqual({
      registry,
      repository,
      display,
      scheme
    })
  })

  test.each([
    'falco:1.0',
    'ghcr.io/org/x:latest',
    'ghcr.io/org/x@sha256:' + 'a'.repeat(64),
    'ghcr.io/Org/x',
    'ghcr.io//x',
    ''
  ])('refuses %j naming the input', text => {
    expect(() => parseImageName(text, 'images')).toThrow("Input 'images'")
  })

  test('registry sources', () => {
    expect(parseRemoteRef('docker://127.0.0.1:5000/a/b:1.0')).toMatchObject({
      name: { registry: '127.0.0.1:5000', repository: 'a/b' },
      reference: '1.0'
    })
    expect(parseRemoteRef('docker://ghcr.io/a/b')).toMatchObject({ reference: 'latest' })
    const d = 'sha256:' + 'b'.repeat(64)
    expect(parseRemoteRef(`docker://ghcr.io/a/b@${d}`)).toMatchObject({ reference: d })
    expect(() => parseRemoteRef('docker://ghcr.io/a/b@sha256:short')).toThrow("Input 'files'")
  })
})

describe('protocol details', () => {
  test.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:a/b:pull,push'
        }
      }
    ],
    ['Basic realm="Registry Realm"', { scheme: 'basic', params: { realm: 'Registry Realm' } }],
    [
      'Basic realm="x", Bearer realm="https://t/token",service=s',
      { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } }
    ],
    ['basic', { scheme: 'basic', params: {} }]
  ])('challenge %s', (header, expected) => {
    expect(parseChallenge(header)).toEqual(expected)
  })

  test('Link pagination', () => {
    expect(nextLink('</v2/a/tags/list?last=x&n=2>; rel="next"')).toBe('/v2/a/tags/list?last=x&n=2')
    expect(nextLink(undefined)).toBeUndefined()
  })
})
