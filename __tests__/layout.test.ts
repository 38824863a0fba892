/**
 * The module graph of src/ has no cycles: a module never imports (even only types, even lazily) something that
 * imports it back, so each one can be read, tested and loaded on its own (e.g. the kind publishers import
 * src/publisher.ts, the types, and only src/kinds.ts imports the kind publishers).
 */
import { expect, test } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const src = join(import.meta.dirname, '..', 'src')

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

/** Relative imports of a module: static (`from './x.js'`, types included), re-exports and dynamic `import()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)]
  return specs.map(m => resolve(dirname(file), m[1].replace(/\.js$/, '.ts')))
}

export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return found
}

test('src/ has no import cycles', () => {
  const graph = new Map(modules(src).map(file => [file, importsOf(file)]))
  const named = cycles(graph).map(c => c.map(f => relative(src, f)).join(' → '))
  expect(named).toEqual([])
})

test('the cycle check finds a cycle (it can fail)', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']]
  ])
  expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']])
})
