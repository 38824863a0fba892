import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { S3rverHandle } from '../testing/servers/s3rver.js'

/**
 * The environment for the peer tools (aws CLI and rclone) pointed at one s3rver, set up the same way in every
 * suite: path-style addressing, the same concurrency as ours, and no user config read from the machine.
 */
export function peerEnv(
  s3: S3rverHandle,
  work: string,
  concurrency: number,
  base: NodeJS.ProcessEnv
): NodeJS.ProcessEnv {
  const awsConfig = join(work, 'aws-config')
  writeFileSync(
    awsConfig,
    `[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n  max_concurrent_requests = ${concurrency}\n`
  )
  const rcloneConfig = join(work, 'rclone.conf')
  writeFileSync(rcloneConfig, '')
  return {
    ...base,
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    AWS_PAGER: '',
    RCLONE_CONFIG: rcloneConfig,
    RCLONE_CONFIG_S3R_TYPE: 's3',
    RCLONE_CONFIG_S3R_PROVIDER: 'Other',
    RCLONE_CONFIG_S3R_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_S3R_ACCESS_KEY_ID: s3.env.AWS_ACCESS_KEY_ID,
    RCLONE_CONFIG_S3R_SECRET_ACCESS_KEY: s3.env.AWS_SECRET_ACCESS_KEY,
    RCLONE_CONFIG_S3R_REGION: 'us-east-1',
    RCLONE_CONFIG_S3R_FORCE_PATH_STYLE: 'true'
  }
}
