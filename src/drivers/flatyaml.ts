/**
 * A fast reader for the one YAML shape the Drivers Build Grid's generator writes (top-level `key: value` lines,
 * one level of indented `key: value` or `- item` lines under a key, plain or simple double-quoted scalars):
 * profiling a 10,000-config re-run showed the full YAML library parsing them took most of the run.
 *
 * It gives exactly what `yaml`'s parse with the failsafe schema gives for that shape (every scalar a string),
 * and undefined for anything else (comments, quotes with escapes, flow collections, anchors, tags, block
 * scalars, duplicate keys, tabs, CR, a BOM, …), so the caller parses those with the library, whose answers and
 * error messages stay the reference. __tests__/drivers.flatyaml.test.ts compares both on the grid's shapes
 * and on the shapes it must refuse.
 */
export type FlatValue = string | string[] | Record<string, string>

// A plain scalar without anything YAML could read otherwise: no spaces (so no ` #` comment and no `: `),
// no indicator first character, no quotes, brackets, braces, commas or backslashes anywhere.
const PLAIN = /^[A-Za-z0-9._/~+=][A-Za-z0-9._/~+=:@%-]*$/
// Control characters are excluded on purpose: a quoted value holding one is left to the library.
// eslint-disable-next-line no-control-regex
const QUOTED = /^"([^"\\\x00-\x1f\x7f]*)"$/
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/

function scalar(raw: string): string | undefined {
  if (PLAIN.test(raw)) return raw.endsWith(':') ? undefined : raw
  return QUOTED.exec(raw)?.[1]
}

/** A `key: value` or `key:` line split in two, or undefined when it is not that shape. */
function pair(line: string): [string, string | undefined] | undefined {
  const colon = line.indexOf(':')
  if (colon <= 0) return undefined
  const key = line.slice(0, colon)
  if (!KEY.test(key) || key === '__proto__') return undefined
  const rest = line.slice(colon + 1)
  if (rest === '') return [key, undefined]
  if (rest[0] !== ' ') return undefined
  const value = scalar(rest.slice(1).replace(/ +$/, ''))
  return value === undefined ? undefined : [key, value]
}

export function parseFlatYaml(text: string): Record<string, FlatValue> | undefined {
  if (/[\t\r\ufeff]/.test(text)) return undefined
  const lines = text.split('\n')
  const doc: Record<string, FlatValue> = {}
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    if (line === '') {
      i++
      continue
    }
    if (line[0] === ' ') return undefined
    const top = pair(line)
    if (!top || Object.hasOwn(doc, top[0])) return undefined
    i++
    if (top[1] !== undefined) {
      doc[top[0]] = top[1]
      continue
    }
    // A key with nothing after it: its indented children, all at one indentation, all items or all pairs.
    const indent = /^ */.exec(lines[i] ?? '')?.[0].length ?? 0
    if (indent === 0) return undefined
    const items: string[] = []
    const map: Record<string, string> = {}
    let kind: 'items' | 'map' | undefined
    while (i < lines.length && lines[i].startsWith(' ')) {
      const child = lines[i]
      if (child.length <= indent || child[indent] === ' ' || child.slice(0, indent).trim() !== '')
        return undefined
      const body = child.slice(indent)
      if (body.startsWith('- ')) {
        if (kind === 'map') return undefined
        kind = 'items'
        const value = scalar(body.slice(2).replace(/ +$/, ''))
        if (value === undefined) return undefined
        items.push(value)
      } else {
        if (kind === 'items') return undefined
        kind = 'map'
        const p = pair(body)
        if (!p || p[1] === undefined || Object.hasOwn(map, p[0])) return undefined
        map[p[0]] = p[1]
      }
      i++
    }
    if (!kind) return undefined
    doc[top[0]] = kind === 'items' ? items : map
  }
  return Object.keys(doc).length > 0 ? doc : undefined
}
