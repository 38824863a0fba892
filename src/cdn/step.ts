import * as core from '../core.js'
import type { Inputs } from '../inputs.js'
import type { Published } from '../plan.js'
import type { Destination } from '../stores/open.js'
import { invalidate } from './cloudfront.js'
import * as log from '../log.js'
import { esc } from '../markup.js'

/** The viewer path the distribution serves the destination's root at: the input, else the s3:// prefix or URL path. */
export function cdnPrefix(inputs: Pick<Inputs, 'cloudfrontPathPrefix'>, destination?: Destination): string {
  const raw =
    inputs.cloudfrontPathPrefix ||
    (destination?.scheme === 's3'
      ? destination.prefix
      : destination?.scheme === 'http'
        ? destination.url.pathname
        : '')
  const trimmed = raw.replace(/^\/+|\/+$/g, '')
  return trimmed ? `/${trimmed}` : ''
}

/**
 * After a publish, the `cloudfront-distribution-id` step: one invalidation, its id in the outputs and a line in
 * the job summary. Returns the outputs to set.
 */
export async function invalidateCdn(
  published: Published[],
  inputs: Inputs,
  destination: Destination | undefined,
  env: NodeJS.ProcessEnv = process.env
): Promise<Record<string, string>> {
  const result = await invalidate(published, {
    distributionId: inputs.cloudfrontDistributionId,
    pathPrefix: cdnPrefix(inputs, destination),
    wait: inputs.cloudfrontWait,
    runId: `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    env
  })
  if (!result) {
    log.info('CloudFront: nothing was replaced, no index written: no invalidation needed.')
    return { 'cloudfront-invalidation-id': '' }
  }
  log.info(
    `CloudFront invalidation ${result.id} on ${result.distributionId} (${result.status}), ${result.paths.length} path(s):`
  )
  for (const p of result.paths.slice(0, 200)) log.info(`  ${p}`)
  core.summary.addRaw(
    `<p>CloudFront invalidation <code>${esc(result.id)}</code> on distribution <code>${esc(result.distributionId)}</code>: ${result.paths.length} path(s), ${esc(result.status)}.</p>`,
    true
  )
  return { 'cloudfront-invalidation-id': result.id }
}
