/**
 * Version ordering, table-driven, and cross-checked against the real tools: `dpkg --compare-versions` and rpm's
 * own `rpm.vercmp` (through `rpm --eval` with Lua), so retention prunes exactly what apt and dnf consider oldest.
 */
import { describe, expect, test } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { compareDebianVersions, compareEvr, parseEvr, rpmvercmp } from '../src/packages/compare.js'

const debian: [string, string, number][] = [
  ['1.0', '1.0', 0],
  ['1.0', '1.1', -1],
  ['1.10', '1.9', 1],
  ['1.0~rc1', '1.0', -1],
  ['1.0~rc1', '1.0~rc2', -1],
  ['1.0~~', '1.0~', -1],
  ['1.0', '1.0-1', -1],
  ['1.0-1', '1.0-2', -1],
  ['1.0-10', '1.0-9', 1],
  ['1:0.1', '2.0', 1],
  ['0:1.0', '1.0', 0],
  ['1.0a', '1.0', 1],
  ['1.0+b1', '1.0', 1],
  ['1.0.0', '1.0', 1],
  ['0.41.0-2+abc', '0.41.0-10+abc', -1],
  ['0.41.0-15+abc1234', '0.41.0-15+abd', -1],
  ['1.0-a', '1.0-+', -1],
  ['2.0.00', '2.0.0', 0]
]

const rpm: [string, string, number][] = [
  ['1.0', '1.0', 0],
  ['1.0', '2.0', -1],
  ['2.0.1', '2.0', 1],
  ['1.10', '1.9', 1],
  ['1.0a', '1.0', 1],
  ['1.0~rc1', '1.0', -1],
  ['1.0^git1', '1.0', 1],
  ['1.0^git1', '1.0.1', -1],
  ['1.0~rc1^git1', '1.0~rc1', 1],
  ['1.0', '1.0.0', -1],
  ['1.a', '1.1', -1],
  ['001', '1', 0],
  ['1_0', '1.0', 0],
  ['15.abc15', '6.abc6', 1],
  ['abc', 'abd', -1],
  ['1.0', '1..0', 0]
]

describe('Debian versions', () => {
  test.each(debian)('%s vs %s = %i', (a, b, want) => {
    expect(compareDebianVersions(a, b)).toBe(want)
    expect(compareDebianVersions(b, a)).toBe(0 - want || 0)
  })

  test('the table agrees with dpkg --compare-versions', () => {
    for (const [a, b, want] of debian) {
      const op = want < 0 ? 'lt' : want > 0 ? 'gt' : 'eq'
      expect([a, op, b, spawnSync('dpkg', ['--compare-versions', a, op, b]).status]).toEqual([a, op, b, 0])
    }
  })
})

describe('rpm versions', () => {
  test.each(rpm)('rpmvercmp(%s, %s) = %i', (a, b, want) => {
    expect(rpmvercmp(a, b)).toBe(want)
    expect(rpmvercmp(b, a)).toBe(0 - want || 0)
  })

  test("the table agrees with rpm's own rpm.vercmp", () => {
    const lua = rpm.map(([a, b]) => `print(rpm.vercmp("${a}", "${b}") .. " ")`).join(' ')
    const out = execFileSync('rpm', ['--eval', `%{lua: ${lua}}`], { encoding: 'utf8' })
    expect(out.trim().split(/\s+/).map(Number)).toEqual(rpm.map(r => r[2]))
  })

  test('epoch, version, release', () => {
    expect(compareEvr({ epoch: '1', version: '0.1' }, { version: '9.9' })).toBe(1)
    expect(compareEvr({ version: '1.0', release: '2' }, { version: '1.0', release: '10' })).toBe(-1)
    expect(compareEvr({ epoch: '0', version: '1.0', release: '1' }, { version: '1.0', release: '1' })).toBe(0)
    expect(parseEvr('2:1.0-3.el9')).toEqual({ epoch: '2', version: '1.0', release: '3.el9' })
    expect(parseEvr('1.0')).toEqual({ epoch: undefined, version: '1.0' })
  })
})
