import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { registerSecret } from '../redact.js'
import { show } from '../version.js'
import { canonicalRegistry } from './name.js'

/**
 * A login for one registry, and where it came from (for error messages; never the secret itself). An
 * `identityToken` is an OAuth refresh token (`docker login` with a token, or a helper answering `<token>`): it is
 * exchanged at the Bearer realm with grant_type=refresh_token, never sent as a password.
 */
export interface Credentials {
  username: string
  password: string
  identityToken?: string
  source: string
}

interface AuthEntry {
  auth?: string
  username?: string
  password?: string
  identitytoken?: string
}

interface DockerConfig {
  auths?: Record<string, AuthEntry | null>
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** The docker config file docker/login-action writes: `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json')
}

/** Docker config keys are URLs or hosts (`https://index.docker.io/v1/`, `ghcr.io`): compared by host. */
function keyHost(key: string): string {
  return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''))
}

const HUB_KEY = 'https://index.docker.io/v1/'

/** Which registries a run may send the registry-username/registry-password inputs to: its `images` only. */
export interface CredentialInputs {
  username: string
  password: string
  /** Hosts of the destinations (canonical): a `docker://` source elsewhere gets the docker config or nothing. */
  destinations: Set<string>
}

/**
 * Credentials for a registry, in docker's order: the registry-username/registry-password inputs (for the
 * destination registries only), else the docker config: `credHelpers[host]`, an inline `auths` entry, then
 * `credsStore`. A helper is run as docker runs it (`docker-credential-<name> get`, the server URL on stdin).
 * Each entry only ever serves the host it is keyed by. Every secret found is masked.
 */
export async function credentialsFor(
  registry: string,
  inputs: CredentialInputs,
  env: NodeJS.ProcessEnv = process.env
): Promise<Credentials | undefined> {
  const host = canonicalRegistry(registry)
  if ((inputs.username || inputs.password) && inputs.destinations.has(host)) {
    registerSecret(inputs.password)
    return {
      username: inputs.username,
      password: inputs.password,
      source: 'the registry-username/registry-password inputs'
    }
  }
  const path = dockerConfigPath(env)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  let config: DockerConfig
  try {
    config = JSON.parse(text) as DockerConfig
  } catch {
    throw new Error(`the docker config ${path} is not valid JSON`)
  }
  const helperKey = Object.keys(config.credHelpers ?? {}).find(k => keyHost(k) === host)
  if (helperKey) {
    const helper = config.credHelpers?.[helperKey] ?? ''
    return fromHelper(helper, helperKey, `the docker config ${path} (credHelpers ${helperKey})`, env)
  }
  const authKeys = Object.keys(config.auths ?? {}).filter(k => keyHost(k) === host)
  for (const key of authKeys) {
    const found = fromEntry(config.auths?.[key] ?? undefined, `the docker config ${path} (entry ${key})`)
    if (found) return found
  }
  if (config.credsStore) {
    // A credential store keeps the key `docker login` was given: the auths key, or Docker Hub's legacy URL.
    const key = authKeys[0] ?? (host === 'registry-1.docker.io' ? HUB_KEY : registry)
    return fromHelper(
      config.credsStore,
      key,
      `the docker config ${path} (credsStore ${config.credsStore})`,
      env
    )
  }
  return undefined
}

function fromEntry(entry: AuthEntry | undefined, source: string): Credentials | undefined {
  if (!entry) return undefined
  let username = entry.username ?? ''
  let password = entry.password ?? ''
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return undefined
    username = decoded.slice(0, colon)
    password = decoded.slice(colon + 1)
    registerSecret(entry.auth)
  }
  registerSecret(password)
  if (entry.identitytoken) {
    registerSecret(entry.identitytoken)
    return { username, password, identityToken: entry.identitytoken, source }
  }
  if (!password) return undefined
  return { username, password, source }
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/** Runs `docker-credential-<name> get`; "credentials not found" means no login (anonymous), as for docker. */
async function fromHelper(
  name: string,
  serverUrl: string,
  source: string,
  env: NodeJS.ProcessEnv
): Promise<Credentials | undefined> {
  if (!HELPER_NAME.test(name)) throw new Error(`${source}: ${show(name)} is not a credential helper name`)
  const program = `docker-credential-${name}`
  const { code, stdout, stderr, missing } = await new Promise<{
    code: number
    stdout: string
    stderr: string
    missing: boolean
  }>(resolve => {
    const child = execFile(
      program,
      ['get'],
      { env, timeout: 60_000, maxBuffer: 1 << 20, encoding: 'utf8' },
      (err, out, errOut) => {
        const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
          stdout: out,
          stderr: errOut,
          missing: e?.code === 'ENOENT'
        })
      }
    )
    child.stdin?.end(serverUrl)
  })
  if (missing)
    throw new Error(
      `${source} names the credential helper ${program}, but it is not on PATH: install it or log in with docker/login-action`
    )
  if (code !== 0) {
    // The helpers' own wording for "no login stored for this server".
    if (/credentials not found/i.test(stdout + stderr)) return undefined
    const why = (stderr || stdout).split('\n')[0].slice(0, 200)
    throw new Error(`${program} get failed for ${serverUrl} (exit ${code}): ${show(why)}`)
  }
  let json: { Username?: unknown; Secret?: unknown }
  try {
    json = JSON.parse(stdout) as typeof json
  } catch {
    throw new Error(`${program} get answered something that is not JSON for ${serverUrl}`)
  }
  const username = typeof json.Username === 'string' ? json.Username : ''
  const secret = typeof json.Secret === 'string' ? json.Secret : ''
  if (!secret) return undefined
  registerSecret(secret)
  // Docker's convention: the user `<token>` means the secret is an identity (refresh) token.
  if (username === '<token>') return { username: '', password: '', identityToken: secret, source }
  return { username, password: secret, source }
}
