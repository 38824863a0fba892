import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { cell, currentBlock, referenceBlock, withReference } from '../scripts/reference.js'

const root = join(import.meta.dirname, '..')
const actionText = readFileSync(join(root, 'action.yml'), 'utf8')
const action = parse(actionText) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}
const readme = readFileSync(join(root, 'README.md'), 'utf8')

test('action.yml runs the bundle on node24', () => {
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
})

test('every input and output is documented in README.md', () => {
  const missing = [...Object.keys(action.inputs), ...Object.keys(action.outputs)].filter(
    name => !readme.includes(`| \`${name}\``)
  )
  expect(missing).toEqual([])
})

test('every input the code reads is declared in action.yml', () => {
  const src = readFileSync(join(root, 'src', 'inputs.ts'), 'utf8')
  const read = [...src.matchAll(/(?:str|get|int|bool)\('([a-z0-9-]+)'/g)].map(m => m[1])
  const declared = new Set(Object.keys(action.inputs))
  expect(read.filter(name => !declared.has(name))).toEqual([])
})

describe('the generated reference', () => {
  test('README holds exactly what `npm run docs` generates from action.yml', async () => {
    const fresh = await withReference(readme, actionText, join(root, 'README.md'))
    expect(currentBlock(readme)).toBe(currentBlock(fresh))
  })

  test('every row renders with all its cells on GitHub (no unescaped |)', () => {
    const rows = currentBlock(readme)
      .split('\n')
      .filter(line => line.startsWith('|'))
    expect(rows.length).toBeGreaterThan(Object.keys(action.inputs).length)
    const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length
    const bad: string[] = []
    let width = 0
    for (const row of rows) {
      if (/^\| (Input|Output) /.test(row)) width = cells(row)
      else if (cells(row) !== width) bad.push(row)
    }
    expect(bad).toEqual([])
  })

  test('a description with | < > _ is escaped, so the check above can fail', () => {
    const yml =
      "inputs:\n  x:\n    description: 'a | b <c>_d'\n    default: 'p|q'\noutputs:\n  y:\n    description: 'z'\n"
    const block = referenceBlock(yml)
    expect(block).toContain('| `x` | `p\\|q` | a \\| b &lt;c&gt;\\_d |')
    expect(cell('a | b').split('|').length).toBe(2)
    expect(() => currentBlock('no markers')).toThrow(/markers/)
  })
})
