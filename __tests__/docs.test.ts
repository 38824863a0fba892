import { describe, expect, test } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { REUSABLE, cell, currentBlock, referenceBlock, withReference } from '../scripts/reference.js'

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
    const fresh = await withReference(
      readme,
      actionText,
      join(root, 'README.md'),
      readFileSync(join(root, REUSABLE), 'utf8')
    )
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
      if (/^\| (Input|Output|Secret) /.test(row)) width = cells(row)
      else if (cells(row) !== width) bad.push(row)
    }
    expect(bad).toEqual([])
  })

  test('a description with | < > _ is escaped, so the check above can fail', async () => {
    const yml =
      "inputs:\n  x:\n    description: 'a | b <c>_d'\n    default: 'p|q'\noutputs:\n  y:\n    description: 'z'\n"
    const block = referenceBlock(yml)
    expect(block).toContain('| `x` | `p\\|q` | a \\| b &lt;c&gt;\\_d |')
    expect(cell('a | b').split('|').length).toBe(2)
    const workflow =
      "on:\n  workflow_call:\n    inputs:\n      w:\n        type: string\n        description: 'a | b'\n    secrets:\n      S:\n        description: \"cost $'1\"\n"
    expect(referenceBlock(yml, workflow)).toContain('| `w` | string |  | a \\| b |')
    // `$'` is a replacement pattern of String.replace: the block must land as written.
    const md = await withReference(`# t\n\n${currentBlock(readme)}\n`, yml, join(root, 'README.md'), workflow)
    expect(md).toContain("cost $'1")
    expect(() => currentBlock('no markers')).toThrow(/markers/)
  })
})

describe('troubleshooting', () => {
  /** Every source file of src/, with InputError(name, text) written as the message it makes. */
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap(e =>
      e.isDirectory()
        ? sources(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [readFileSync(join(dir, e.name), 'utf8')]
          : []
    )
  const code = sources(join(root, 'src'))
    .join('\n')
    .replace(/new InputError\(\s*'([^']+)',\s*[`'"]/g, "Input '$1': ")
    .replace(/\$\{[^}]*\}/g, '…')
  const section = readme.slice(
    readme.indexOf('## Troubleshooting'),
    readme.indexOf('\n## ', readme.indexOf('## Troubleshooting') + 5)
  )
  /** Our own messages: first cells that start with a code span (S3's, apt's and dnf's are named by the tool). */
  const quoted = section
    .split('\n')
    .filter(line => line.startsWith('| `'))
    .flatMap(line => [...(line.split(' | ')[0] ?? '').matchAll(/`([^`]+)`/g)].map(m => m[1]))

  // A quote renders a message: placeholders (…, <image>, N, a URL) stand for what the code fills in, so each
  // quote must share a literal run of at least 12 characters with the code, not all of its text.
  const invented = (messages: string[]) =>
    messages.filter(
      message =>
        !message
          .replace(/^::warning::/, '')
          .split(/…|<[^>]+>|\bN\b|\S*:\/\/\S*/)
          .map(part => part.trim())
          .some(part => part.length >= 12 && code.includes(part))
    )

  test('quotes error messages the code really gives', () => {
    expect(quoted.length).toBeGreaterThan(8)
    expect(invented(quoted)).toEqual([])
  })

  test('a message the code never gives is caught (the check can fail)', () => {
    expect(invented(['the bucket is on fire: call <someone>'])).toHaveLength(1)
  })
})

test('every #link in README names a heading (GitHub anchor rules)', () => {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  let fenced = false
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const m = !fenced && /^#{1,6} (.+)$/.exec(line)
    if (!m) continue
    // GitHub's slugger: lower case, punctuation dropped (letters, digits, spaces, - and _ kept), spaces to -.
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n ? `${base}-${n}` : base)
  }
  const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map(m => m[1])
  expect(links.length).toBeGreaterThan(10)
  expect(links.filter(l => !anchors.has(l))).toEqual([])
})

test('every relative link in README and CHANGELOG names a file of the repository', () => {
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8')
  const links = [...`${readme}\n${changelog}`.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map(m => m[1])
    .filter(l => !/^[a-z]+:/.test(l))
  expect(links.length).toBeGreaterThan(5)
  expect(links.filter(l => !existsSync(join(root, l)))).toEqual([])
})
