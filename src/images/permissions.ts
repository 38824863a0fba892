import { PublishError } from '../errors.js'
import type { ImageName } from './name.js'
import type { Registry } from './registry.js'

/**
 * Proves that the login may push to a destination before anything is written anywhere: from the scopes the
 * token service granted (no request to the registry), or, when the registry does not say (Basic auth, opaque
 * tokens), by opening an upload session and cancelling it. A login that may only pull is refused here, so a
 * run with two destinations never leaves blobs in the first when the second refuses.
 */
export async function provePush(
  registry: Registry,
  name: ImageName,
  who: string,
  probe = true
): Promise<'granted' | 'probed' | 'unknown'> {
  const actions = await registry.grantedActions(name.repository)
  if (actions) {
    if (actions.includes('push') || actions.includes('*')) return 'granted'
    throw refused(
      name,
      who,
      `the token service granted only ${actions.length ? actions.join(',') : 'no access'}`
    )
  }
  if (!probe) return 'unknown'
  const status = await registry.probeUpload(name.repository)
  if (status === 202) return 'probed'
  throw refused(name, who, `opening an upload session answered ${status}`)
}

function refused(name: ImageName, who: string, why: string): PublishError {
  return new PublishError(
    `${who} may not push to ${name.display} (${why}): it may pull but not push, or not see the repository. Give a login with push (write) access to this repository; nothing was written to any destination.`
  )
}
