import { describe, expect, test } from '@jest/globals'
import { devBase, devVersion, extractVersion, parseReleaseTag } from '../src/version.js'

describe('parseReleaseTag', () => {
  test.each([
    ['0.40.0', { version: '0.40.0', prerelease: false }],
    ['v0.40.0', { version: '0.40.0', prerelease: false }],
    ['0.40.0-rc1', { version: '0.40.0-rc1', prerelease: true }],
    ['v1.2.3-alpha.1', { version: '1.2.3-alpha.1', prerelease: true }],
    ['1.2.3+build', undefined],
    ['01.2.3', undefined],
    ['1.2', undefined],
    ['1.2.3.4', undefined],
    ['v1.2.3;rm -rf /', undefined],
    ['vv1.2.3', undefined],
    ['1.2.3-', undefined],
    ['latest', undefined]
  ])('%s', (tag, expected) => {
    expect(parseReleaseTag(tag)).toEqual(expected)
  })
})

describe('devVersion', () => {
  test('base, commits since the merge-base, short sha', () => {
    expect(devVersion('0.45.0', 36, '1307474abcdef')).toBe('0.45.0-36+1307474')
  })
  test('no base tag at all', () => {
    expect(devVersion(undefined, 7, 'fedcba9876')).toBe('0.0.0-7+fedcba9')
  })
})

// The rules of libs' get_version_from_git once git has named the tags (the git side: release.falco.itg.test.ts).
describe('devBase', () => {
  test.each([
    [
      'master: next minor after the highest tag',
      { branch: 'master', highestTag: '0.44.1' },
      '0.45.0',
      '0.44.1'
    ],
    [
      'release branch: next patch after its latest tag',
      { branch: 'release/0.40.x', branchTag: '0.40.1', highestTag: '0.44.1' },
      '0.40.2',
      '0.40.1'
    ],
    [
      'release branch whose latest tag is an rc: libs reads its X.Y.Z',
      { branch: 'release/0.45.x', branchTag: '0.45.0-rc1', highestTag: '0.44.1' },
      '0.45.1',
      '0.45.0-rc1'
    ],
    [
      'release branch without a tag falls back to the highest tag',
      { branch: 'release/0.46.x', highestTag: '0.44.1' },
      '0.45.0',
      '0.44.1'
    ],
    [
      'a branch tag only counts on release/ branches',
      { branch: 'feature/x', branchTag: '0.40.1', highestTag: '0.44.1' },
      '0.45.0',
      '0.44.1'
    ],
    ['a leading v is read', { branch: 'main', highestTag: 'v1.9.0' }, '1.10.0', 'v1.9.0'],
    // cmake's `MATCHES "0.0.0"` is an unanchored regex: 0.999.x → 0.1000.0 reads as "not found" there too.
    ['the 0.0.0 regex quirk is kept', { branch: 'main', highestTag: '0.999.0' }, undefined, undefined]
  ])('%s', (_name, tags, next, tag) => {
    const base = devBase(tags)
    expect(base?.next).toBe(next)
    expect(base?.tag).toBe(tag)
  })
  test('no tag at all', () => {
    expect(devBase({ branch: 'main' })).toBeUndefined()
  })
  test('extractVersion reads the first X.Y.Z like libs', () => {
    expect(extractVersion('1.2.3.4')).toEqual([1, 2, 3])
    expect(extractVersion('0.45.0-rc1')).toEqual([0, 45, 0])
    expect(extractVersion('nightly')).toBeUndefined()
  })
})
