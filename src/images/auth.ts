import { registerSecret } from '../redact.js'
import type { Credentials } from './credentials.js'

export type { Credentials } from './credentials.js'

/** A `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export interface Challenge {
  scheme: 'basic' | 'bearer'
  params: Record<string, string>
}

/** Parses a WWW-Authenticate header; Bearer wins when a server offers both. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined
  const found: Challenge[] = []
  // A new challenge starts at a scheme name; its parameters run until the next one.
  const starts = [...header.matchAll(/(?:^|[\s,])(Basic|Bearer)(?=\s|$)/gi)]
  starts.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length
    const text = header.slice(from, starts[i + 1]?.index ?? header.length)
    const params: Record<string, string> = {}
    for (const p of text.matchAll(/([A-Za-z0-9_-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
      params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1')
    found.push({ scheme: m[1].toLowerCase() as Challenge['scheme'], params })
  })
  if (found.length === 0 && /^\s*basic\b/i.test(header)) found.push({ scheme: 'basic', params: {} })
  return found.find(c => c.scheme === 'bearer') ?? found[0]
}

export function basicAuth(creds: Credentials): string {
  const value = Buffer.from(`${creds.username}:${creds.password}`).toString('base64')
  registerSecret(value)
  return `Basic ${value}`
}
