import { describe, expect, test } from '@jest/globals'
import { devVersion, highestStable, parseReleaseTag } from '../src/version.js'

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
  test('next minor after the latest stable tag, commits since, short sha', () => {
    expect(devVersion('0.39.2', 15, 'abc1234def')).toBe('0.40.0-15+abc1234')
    expect(devVersion('v1.9.0', 1, '0123456789')).toBe('1.10.0-1+0123456')
  })
  test('no tag at all', () => {
    expect(devVersion(undefined, 7, 'fedcba9876')).toBe('0.0.0-7+fedcba9')
  })
  test('highest stable ignores prereleases and orders by semver', () => {
    expect(highestStable(['0.9.0', '0.10.0', '0.11.0-rc1', 'v0.10.1', 'junk'])).toBe('v0.10.1')
  })
})
