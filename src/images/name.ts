import { InputError } from '../errors.js'
import { show } from '../version.js'

/** Where an image lives: the registry to speak to and the repository inside it. */
export interface ImageName {
  /** The host (and port) requests go to: `registry-1.docker.io` for Docker Hub. */
  registry: string
  /** The repository path: `library/alpine`, `falcosecurity/falco`. */
  repository: string
  /** How people write it: `docker.io/falcosecurity/falco`. */
  display: string
  /** `http` for loopback and `insecure-registries`, `https` otherwise. */
  scheme: 'http' | 'https'
}

const DOCKER_HUB = 'registry-1.docker.io'
const HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com'
])
// The distribution reference grammar for repository path components.
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/** True for a registry on this machine: spoken to over plain HTTP, as docker does. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name)
}

/** Docker Hub's registry is known by several names; credentials and mounts treat them as one. */
export function canonicalRegistry(host: string): string {
  return HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB : host.toLowerCase()
}

/**
 * Parses an image name without tag or digest (`falco`, `docker.io/falcosecurity/falco`, `ghcr.io/org/x`,
 * `127.0.0.1:5000/x`). `input` names the input for errors; `insecure` lists registries spoken to over HTTP.
 */
export function parseImageName(text: string, input: string, insecure: string[] = []): ImageName {
  const name = text.trim()
  const fail = (why: string): never => {
    throw new InputError(input, `${show(name)} is not an image name: ${why}`)
  }
  if (!name) fail('it is empty')
  const parts = name.split('/')
  const first = parts[0]
  if (name.includes('@') || parts[parts.length - 1].includes(':'))
    fail('give the name without a tag or digest; the tags are worked out from the release')
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')
  let host = hasHost ? first : 'docker.io'
  if (hasHost && !HOST.test(host)) fail(`${show(host)} is not a registry host`)
  let path = (hasHost ? parts.slice(1) : parts).join('/')
  host = canonicalRegistry(host)
  if (host === DOCKER_HUB && !path.includes('/')) path = `library/${path}`
  for (const c of path.split('/'))
    if (!COMPONENT.test(c))
      fail(`${show(c)} may only hold lower-case letters, digits and single separators (. _ __ -)`)
  if (path.length > 255) fail('the repository path is longer than 255 characters')
  const insecureSet = new Set(
    insecure.map(h => canonicalRegistry(h.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '')))
  )
  const scheme = isLoopback(host) || insecureSet.has(host) ? 'http' : 'https'
  const display = host === DOCKER_HUB ? `docker.io/${path}` : `${host}/${path}`
  return { registry: host, repository: path, display, scheme }
}

/** A registry reference to copy from: `docker://host/repo:tag` or `docker://host/repo@sha256:…`. */
export interface RemoteRef {
  name: ImageName
  /** A tag or a digest. */
  reference: string
}

export const REMOTE_PREFIX = 'docker://'

/** Parses a `docker://` source from the files input. */
export function parseRemoteRef(text: string, insecure: string[] = []): RemoteRef {
  const ref = text.slice(REMOTE_PREFIX.length)
  const at = ref.indexOf('@')
  let base = ref
  let reference = 'latest'
  if (at >= 0) {
    base = ref.slice(0, at)
    reference = ref.slice(at + 1)
    if (!/^sha256:[a-f0-9]{64}$/.test(reference))
      throw new InputError('files', `${show(text)}: the digest must be sha256:<64 hex digits>.`)
  } else {
    const m = /^(.*\/[^/:]+|[^/:]+):([^/:]+)$/.exec(ref)
    if (m) {
      base = m[1]
      reference = m[2]
      if (!TAG.test(reference))
        throw new InputError('files', `${show(text)}: ${show(reference)} is not a tag.`)
    }
  }
  return { name: parseImageName(base, 'files', insecure), reference }
}

/** The OCI tag grammar. */
export const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
