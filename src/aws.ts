import { InputError } from './errors.js'
import { registerSecret } from './redact.js'

/** AWS credentials as aws4 takes them. */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/**
 * Reads the standard AWS environment (what aws-actions/configure-aws-credentials exports), masking the secret
 * parts before anything can print them. Missing keys are an error of `input` (the one that asked for AWS) that starts with `missing`.
 */
export function awsCredentials(input: string, missing: string, env: NodeJS.ProcessEnv): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim()
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim()
  const sessionToken = env.AWS_SESSION_TOKEN?.trim() || undefined
  registerSecret(secretAccessKey)
  registerSecret(sessionToken)
  if (!accessKeyId || !secretAccessKey)
    throw new InputError(
      input,
      `${missing} (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ` +
        'plus AWS_SESSION_TOKEN for temporary ones): run aws-actions/configure-aws-credentials before this step.'
    )
  return { accessKeyId, secretAccessKey, sessionToken }
}
