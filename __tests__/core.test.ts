/**
 * src/core.ts against the real @actions/core (the reference): the same calls give the same bytes on stdout,
 * in GITHUB_OUTPUT (delimiters aside, they are random) and in the job summary.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import * as reference from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ours from '../src/core.js'

type Core = typeof ours

/** What a block of calls writes to stdout. */
async function stdoutOf(fn: () => unknown): Promise<string> {
  let out = ''
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  try {
    await fn()
  } finally {
    spy.mockRestore()
  }
  return out
}

const hostile = 'a%b\r\nc::d,e:f\n::stop-commands::x'

const calls: [string, (c: Core) => unknown][] = [
  ['info', c => c.info(hostile)],
  ['debug', c => c.debug(hostile)],
  ['setSecret', c => c.setSecret(hostile)],
  ['notice without properties', c => c.notice(hostile)],
  ['warning with properties', c => c.warning(hostile, { title: 'T: a, b', file: 'x/y.ts', startLine: 3 })],
  ['error of an Error', c => c.error(new Error(hostile), { endColumn: 7 })],
  ['warning with an empty title', c => c.warning('w', { title: '' })],
  ['group', c => c.group(hostile, async () => c.info('inside'))]
]

afterEach(() => {
  delete process.env.GITHUB_OUTPUT
  delete process.env.GITHUB_STEP_SUMMARY
  delete process.env.INPUT_SOME_NAME
})

describe('src/core.ts writes what @actions/core writes', () => {
  test.each(calls)('%s', async (_name, call) => {
    const want = await stdoutOf(() => call(reference as unknown as Core))
    expect(want.length).toBeGreaterThan(0)
    expect(await stdoutOf(() => call(ours))).toBe(want)
  })

  test('setFailed sets the exit code and prints the error', async () => {
    const saved = process.exitCode
    try {
      const want = await stdoutOf(() => reference.setFailed(hostile))
      process.exitCode = 0
      expect(await stdoutOf(() => ours.setFailed(hostile))).toBe(want)
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = saved
    }
  })

  test('getInput reads INPUT_<NAME> with spaces as underscores, trimmed unless told not to', () => {
    process.env.INPUT_SOME_NAME = '  value \n'
    for (const opts of [undefined, { trimWhitespace: false }])
      expect(ours.getInput('some name', opts)).toBe(reference.getInput('some name', opts))
    expect(ours.getInput('missing')).toBe('')
    expect(() => ours.getInput('missing', { required: true })).toThrow(
      'Input required and not supplied: missing'
    )
  })

  test('setOutput appends the same heredoc to GITHUB_OUTPUT; a value holding newlines stays one output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-core-'))
    try {
      const lines = (c: Core): string => {
        const file = join(dir, 'out')
        writeFileSync(file, '')
        process.env.GITHUB_OUTPUT = file
        c.setOutput('tags', 'a\nb\n::warning::x')
        c.setOutput('n', 3)
        return readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM')
      }
      const want = lines(reference as unknown as Core)
      expect(want).toContain('tags<<DELIM')
      expect(lines(ours)).toBe(want)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the summary builds and writes the same HTML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-core-'))
    try {
      const build = (c: Core) =>
        c.summary
          .emptyBuffer()
          .addHeading('Published <b>', 3)
          .addHeading('bad level', 9)
          .addRaw('raw ')
          .addRaw('line', true)
          .addTable([
            [
              { data: 'a', header: true },
              { data: 'b', header: true, colspan: '2' }
            ],
            ['c', { data: 'd', rowspan: '2' }, '']
          ])
          .addList(['x', 'y'])
          .addList(['1'], true)
          .addDetails('more', '<p>text</p>')
      const want = build(reference as unknown as Core).stringify()
      expect(build(ours).stringify()).toBe(want)
      for (const c of [reference as unknown as Core, ours]) {
        const file = join(dir, c === ours ? 'ours' : 'reference')
        writeFileSync(file, 'before\n')
        process.env.GITHUB_STEP_SUMMARY = file
        await build(c).write()
        expect(c.summary.isEmptyBuffer()).toBe(true)
      }
      expect(readFileSync(join(dir, 'ours'), 'utf8')).toBe(readFileSync(join(dir, 'reference'), 'utf8'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
