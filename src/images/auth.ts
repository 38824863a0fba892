import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { registerSecret } from '../redact.js'
import { canonicalRegistry } from './name.js'

/** A login for one registry, and where it came from (for error messages; never the secret itself). */
export interface Credentials {
  username: string
  password: string
  source: string
}

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

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
}

/** The docker config file docker/login-action writes: `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json')
}

/** Docker config keys are URLs or hosts (`https://index.docker.io/v1/`, `ghcr.io`): compared by host. */
function keyHost(key: string): string {
  return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''))
}

/**
 * Credentials for a registry: the registry-username/registry-password inputs when given, else the matching
 * `auths` entry of the docker config (base64 `user:password` in `auth`). Every password found is masked.
 */
export function credentialsFor(
  registry: string,
  inputs: { username: string; password: string },
  env: NodeJS.ProcessEnv = process.env
): Credentials | undefined {
  if (inputs.username || inputs.password) {
    registerSecret(inputs.password)
    return {
      username: inputs.username,
      password: inputs.password,
      source: 'the registry-username/registry-password inputs'
    }
  }
  const path = dockerConfigPath(env)
  let config: DockerConfig
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as DockerConfig
  } catch {
    return undefined
  }
  const host = canonicalRegistry(registry)
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (keyHost(key) !== host || !entry) continue
    let username = entry.username ?? ''
    let password = entry.password ?? ''
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon < 0) continue
      username = decoded.slice(0, colon)
      password = decoded.slice(colon + 1)
    }
    if (entry.identitytoken) {
      // An OAuth refresh token (docker login with a token): sent as the password of the `<token>` user.
      username = username || '<token>'
      password = entry.identitytoken
    }
    if (!password) continue
    registerSecret(password)
    registerSecret(entry.auth)
    return { username, password, source: `the docker config ${path} (entry ${key})` }
  }
  return undefined
}

export function basicAuth(creds: Credentials): string {
  const value = Buffer.from(`${creds.username}:${creds.password}`).toString('base64')
  registerSecret(value)
  return `Basic ${value}`
}
