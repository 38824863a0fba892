import * as core from './core.js'

// Secret values registered during this run, also removed from text we write outside the log (outputs,
// job summary, publication record) where the runner's own masking does not reach.
const secrets = new Set<string>()

/** Masks a secret in the runner log and remembers it so redact() strips it from any other text. */
export function registerSecret(value: string | undefined): void {
  if (!value) return
  for (const form of secretForms(value)) {
    if (form.length < 4 || secrets.has(form)) continue
    secrets.add(form)
    core.setSecret(form)
  }
}

/** Masks the Authorization value HTTP Basic sends, base64(user:password), which no single secret's form matches. */
export function registerBasic(username: string | undefined, password: string | undefined): void {
  if (password) registerSecret(Buffer.from(`${username ?? ''}:${password}`).toString('base64'))
}

function secretForms(value: string): string[] {
  const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')]
  // Multi-line secrets (armored keys) are masked line by line, as the runner prints them that way.
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) forms.push(line.trim())
  return forms
}

/**
 * Removes credentials from URLs (`scheme://user:pass@host`), Authorization values (`Basic …`, `Bearer …`, as a
 * server that echoes request headers in an error page shows them) and any registered secret from a text.
 */
export function redact(text: string): string {
  let out = text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@')
    .replace(/\b(Basic|Bearer|Token|Digest)(\s+)[A-Za-z0-9+/=._~-]{8,}/gi, '$1$2***')
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***')
  return out
}

/** For tests: forget registered secrets. */
export function resetSecrets(): void {
  secrets.clear()
}
