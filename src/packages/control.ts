/**
 * deb822 paragraphs (Debian control files, Packages and Release): fields in their original order, continuation
 * lines kept verbatim so a paragraph written back is byte-for-byte what was read.
 */

export type Paragraph = [name: string, value: string][]

/** Parses paragraphs separated by blank lines. A value keeps its continuation lines (`\n` + leading space). */
export function parseParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = []
  let current: Paragraph = []
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.length) out.push(current)
      current = []
    } else if (/^[ \t]/.test(line)) {
      const last = current[current.length - 1]
      if (!last) throw new Error(`continuation line without a field: ${JSON.stringify(line.slice(0, 60))}`)
      last[1] += `\n${line}`
    } else if (!line.startsWith('#')) {
      const colon = line.indexOf(':')
      if (colon <= 0) throw new Error(`not a 'Field: value' line: ${JSON.stringify(line.slice(0, 60))}`)
      current.push([line.slice(0, colon), line.slice(colon + 1).trim()])
    }
  }
  if (current.length) out.push(current)
  return out
}

/** The value of a field (case-insensitive, as deb822 field names are). */
export function field(p: Paragraph, name: string): string | undefined {
  const lower = name.toLowerCase()
  return p.find(([n]) => n.toLowerCase() === lower)?.[1]
}

/** Writes one paragraph, without the blank line that separates it from the next. */
export function formatParagraph(p: Paragraph): string {
  return p.map(([n, v]) => (v.startsWith('\n') ? `${n}:${v}` : `${n}: ${v}`)).join('\n') + '\n'
}
