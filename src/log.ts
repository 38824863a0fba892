import * as core from './core.js'
import { redact } from './redact.js'

/**
 * The one way this action writes to the runner log. The runner reads every line of stdout and stderr for workflow
 * commands: a line starting with `::` (after white space) and the legacy `##[command]` form anywhere in a line.
 * Text printed here often carries what a contributor or a server chose (docker RepoTags, layout folder names,
 * record names, server error messages), so every line is neutralised before it is written:
 *
 * - a line that would start with `::` gets a `\` first (`\::set-output …`), so it is shown, never obeyed;
 * - `##[` becomes `##\[`, which the legacy parser does not match;
 * - carriage returns (a line break to the runner), other control characters, line and paragraph separators and
 *   bidi controls are shown as `\r`, `\u001b`, `\u202e`, so no text can hide or reorder what follows it.
 *
 * Line feeds are kept as structure (a multi-line message stays readable); each line is neutralised on its own, and
 * inside an annotation @actions/core encodes them as %0A, so no workflow command ever holds a raw CR or LF. Every
 * text is also redacted (credentials in URLs, registered secrets, Authorization values) before it is printed.
 *
 * ESLint refuses direct core.info/warning/error/notice/debug/setFailed calls outside this module.
 */

/** Characters shown escaped: C0 (but tab and line feed), DEL, C1, U+2028/2029, bidi embeddings and isolates. */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

function escapeChar(c: string): string {
  if (c === '\r') return '\\r'
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/** One line made inert for the runner: no leading `::`, no `##[`, no hidden characters. */
function neutralLine(line: string): string {
  const shown = line.replace(HIDDEN, escapeChar).replace(/##\[/g, '##\\[')
  // The runner trims white space (JavaScript's \s is a superset of .NET's) before looking for `::`.
  return shown.replace(/^(\s*)::/, '$1\\::')
}

/** Makes a text safe to print: redacted, and every line neutralised (see the module comment). */
export function neutral(text: string): string {
  return redact(text).split('\n').map(neutralLine).join('\n')
}

/** Like neutral(), but on one line: line feeds are shown as `\n` (for a value inside a sentence). */
export function oneLine(text: string): string {
  return neutral(text.replace(/\r?\n/g, '\\n'))
}

export function info(text: string): void {
  core.info(neutral(text))
}

export function debug(text: string): void {
  core.debug(neutral(text))
}

/** Whether debug lines are shown (the runner sets RUNNER_DEBUG with step debug logging): else they are dropped. */
export function debugging(): boolean {
  return core.isDebug()
}

export function warning(text: string, props?: core.AnnotationProperties): void {
  core.warning(neutral(text), props)
}

export function notice(text: string, props?: core.AnnotationProperties): void {
  core.notice(neutral(text), props)
}

export function error(text: string, props?: core.AnnotationProperties): void {
  core.error(neutral(text), props)
}

/** Marks the step failed with an `::error::` line holding the neutralised message. */
export function fail(text: string): void {
  core.setFailed(neutral(text))
}

/** A collapsible group in the log; its title is neutralised like any line. */
export function group<T>(title: string, fn: () => Promise<T>): Promise<T> {
  return core.group(oneLine(title), fn)
}
