import { stat } from 'node:fs/promises'
import { basename, isAbsolute, join } from 'node:path'
import { InputError } from './errors.js'
import { requireInside } from './inside.js'
import type { NoFilesPolicy } from './inputs.js'
import { hasControlChars, show } from './version.js'
import * as log from './log.js'

/**
 * Expands `{a,b}` alternatives (nested too), which @actions/glob does not: `*.{deb,rpm}` => `*.deb`, `*.rpm`.
 */
export function expandBraces(pattern: string): string[] {
  let depth = 0
  let start = -1
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '{' && depth++ === 0) start = i
    else if (ch === '}' && depth > 0 && --depth === 0) {
      const inner = pattern.slice(start + 1, i)
      const parts = splitTopLevel(inner)
      if (parts.length < 2) continue
      const head = pattern.slice(0, start)
      const tail = pattern.slice(i + 1)
      return parts.flatMap(part => expandBraces(head + part + tail))
    }
  }
  return [pattern]
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if (ch === ',' && depth === 0) {
      parts.push(current)
      current = ''
      continue
    }
    if (ch === '{') depth++
    if (ch === '}') depth--
    current += ch
  }
  parts.push(current)
  return parts
}

/** Checks a file's own name before it becomes part of an object key. */
export function checkFileName(path: string): string {
  const name = basename(path)
  if (
    hasControlChars(name) ||
    name.includes('\\') ||
    name.includes('..') ||
    name.startsWith('.') ||
    name.includes('/')
  )
    throw new InputError(
      'files',
      `the file name ${show(name)} is not publishable: no control or bidi characters, backslashes, '..' or leading dot.`
    )
  return name
}

/**
 * Resolves the `files` globs (relative to `baseDir`) to regular files, sorted and de-duplicated, applying the
 * if-no-files-found policy when nothing matches.
 */
export async function resolveFiles(
  patterns: string[],
  baseDir: string,
  policy: NoFilesPolicy
): Promise<string[]> {
  const absolute = patterns
    .flatMap(expandBraces)
    .map(p => (p.startsWith('!') ? `!${anchor(p.slice(1), baseDir)}` : anchor(p, baseDir)))
  const found = new Set<string>()
  if (absolute.some(p => !p.startsWith('!'))) {
    // Loaded here, not with the module: @actions/glob brings @actions/core and its HTTP client along.
    const glob = await import('@actions/glob')
    const globber = await glob.create(absolute.join('\n'), {
      matchDirectories: false,
      implicitDescendants: false
    })
    for (const file of await globber.glob()) if ((await stat(file)).isFile()) found.add(file)
  }
  const files = [...found].sort()
  if (files.length === 0) {
    const message = `no files matched ${patterns.map(p => show(p)).join(', ') || '(no pattern given)'} under ${baseDir}`
    if (policy === 'error')
      throw new InputError(
        'files',
        `${message}. Check the globs, or set if-no-files-found to warn or ignore.`
      )
    if (policy === 'warn') log.warning(message)
    else log.info(message)
  }
  for (const file of files) {
    checkFileName(file)
    requireInside(file, 'files', baseDir)
  }
  return files
}

function anchor(pattern: string, baseDir: string): string {
  return isAbsolute(pattern) ? pattern : join(baseDir, pattern)
}
