/**
 * Parses a list input the way users write them in workflows: one item per line or comma-separated,
 * optional quotes, `#` comments, and no splitting inside braces so `*.{deb,rpm}` stays one glob.
 */
export function parseList(raw: string): string[] {
  const items: string[] = []
  for (const line of raw.split(/\r?\n/)) {
    const text = stripComment(line)
    let depth = 0
    let quote = ''
    let current = ''
    for (const ch of text) {
      if (quote) {
        if (ch === quote) quote = ''
        else current += ch
        continue
      }
      if (ch === '"' || ch === "'") quote = ch
      else if (ch === ',' && depth === 0) {
        push(items, current)
        current = ''
      } else {
        if (ch === '{') depth++
        if (ch === '}') depth = Math.max(0, depth - 1)
        current += ch
      }
    }
    push(items, current)
  }
  return items
}

function stripComment(line: string): string {
  // A `#` starts a comment only at the start of a line or after white space, so `a#b` stays intact.
  const match = /(^|\s)#/.exec(line)
  return match ? line.slice(0, match.index) : line
}

function push(items: string[], value: string): void {
  const trimmed = value.trim()
  if (trimmed) items.push(trimmed)
}
