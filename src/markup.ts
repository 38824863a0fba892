import { redact } from './redact.js'

/**
 * The one escaping function for text in the job summary. GitHub renders the summary as Markdown with HTML: an
 * HTML block lasts until a blank line, after which anything renders as Markdown (images, links). So untrusted text
 * (file and record names, statuses, server error messages) is HTML-escaped, its line breaks become `<br>` (never
 * a blank line), and control and bidi characters are shown as `\uXXXX`. It is redacted too: the runner's masking
 * does not reach the summary file.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // Not special in HTML, but inline Markdown where a renderer falls back to it.
  '`': '&#96;',
  '|': '&#124;'
}

export function esc(text: string): string {
  return redact(text)
    .replace(/[&<>"'`|]/g, c => ENTITIES[c] as string)
    .replace(HIDDEN, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/\t/g, ' ')
}
