import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { hasControlChars } from '../version.js'
import { LocalStore } from './local.js'
import type { Store } from './store.js'

export type Destination =
  | { scheme: 'file'; root: string; display: string }
  | { scheme: 's3'; bucket: string; prefix: string; display: string }
  | { scheme: 'http'; url: URL; display: string }

/** Parses the destination input: a plain path, file:///abs/dir, s3://bucket/prefix or http(s)://host/path. */
export function parseDestination(raw: string, workspace: string): Destination {
  const value = raw.trim()
  if (hasControlChars(value)) throw new InputError('destination', 'contains control characters.')
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase()
  if (!scheme || (scheme.length === 1 && /^[a-z]:[\\/]/i.test(value))) {
    const root = isAbsolute(value) ? value : resolve(workspace, value)
    return { scheme: 'file', root, display: root }
  }
  // The URL parser folds `..` away silently (s3://b/a/../x becomes s3://b/x), so look at the raw text first.
  if (value.split(/[/\\]/).some(part => /^(\.|%2e){2}$/i.test(part)))
    throw new InputError('destination', "a URL must not contain '..' path segments.")
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError('destination', `'${redactUrl(value)}' is not a valid URL.`)
  }
  if (url.username || url.password)
    throw new InputError(
      'destination',
      'must not embed credentials: pass them through http-username/http-password or http-token (HTTP) or the AWS environment (S3), from secrets.'
    )
  if (url.search || url.hash)
    throw new InputError('destination', 'must not carry a query string or fragment.')
  switch (scheme) {
    case 'file':
      if (url.host && url.host !== 'localhost')
        throw new InputError('destination', 'file:// URLs must name a local path (file:///abs/dir).')
      return { scheme: 'file', root: fileURLToPath(url), display: fileURLToPath(url) }
    case 's3': {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname))
        throw new InputError(
          'destination',
          `'${url.hostname}' is not a valid S3 bucket name (s3://bucket/prefix).`
        )
      const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '')
      return { scheme: 's3', bucket: url.hostname, prefix, display: `s3://${url.hostname}/${prefix}` }
    }
    case 'http':
    case 'https':
      return { scheme: 'http', url, display: url.toString() }
    default:
      throw new InputError(
        'destination',
        `scheme '${scheme}:' is not supported; use a path, file://, s3:// or https://.`
      )
  }
}

function redactUrl(value: string): string {
  return value.replace(/\/\/[^/@]*@/, '//***@')
}

/** Opens the store for a destination; remote adapters are loaded only when used. */
export async function openStore(dest: Destination, inputs: Inputs): Promise<Store> {
  switch (dest.scheme) {
    case 'file':
      return new LocalStore(dest.root)
    case 's3': {
      const { s3StoreFrom } = await import('./s3.js')
      return s3StoreFrom(dest, inputs)
    }
    case 'http': {
      const { httpStoreFrom } = await import('./http.js')
      return httpStoreFrom(dest.url, inputs)
    }
  }
}
