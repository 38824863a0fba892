import { expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

const root = join(import.meta.dirname, '..')
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
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
