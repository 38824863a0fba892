import { RetryableError, isRetryableStatus, retryAfterMs, withRetry } from '../retry.js'

/**
 * Octokit throws RequestError with a status: 5xx and 429 are worth another try (after Retry-After); 403 and 404
 * mean the token lacks `permissions`, which no retry mends, so the error says which ones to grant.
 */
export async function githubRetrying<T>(what: string, permissions: string, fn: () => Promise<T>): Promise<T> {
  return withRetry(
    async () => {
      try {
        return await fn()
      } catch (err) {
        const e = err as { status?: number; response?: { headers?: Record<string, string> } }
        if (typeof e.status === 'number' && isRetryableStatus(e.status))
          throw new RetryableError(
            `${what}: GitHub API answered ${e.status}`,
            retryAfterMs(e.response?.headers?.['retry-after'])
          )
        if (e.status === 403 || e.status === 404)
          throw new Error(`${what}: GitHub API answered ${e.status}; the token needs ${permissions}.`, {
            cause: err
          })
        throw err
      }
    },
    { what, tries: 4 }
  )
}
