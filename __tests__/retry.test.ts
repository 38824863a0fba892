import { describe, expect, test } from '@jest/globals'
import { RetryableError, isRetryable, retryAfterMs, withRetry } from '../src/retry.js'

describe('withRetry', () => {
  test('retries retryable failures and succeeds', async () => {
    let calls = 0
    const retries: number[] = []
    const v = await withRetry(
      async () => {
        if (++calls < 3) throw new RetryableError('503 Service Unavailable')
        return 'ok'
      },
      { what: 'PUT x', baseMs: 1, onRetry: a => retries.push(a) }
    )
    expect(v).toBe('ok')
    expect(retries).toEqual([1, 2])
  })

  test('gives up after the tries with what, where and how many', async () => {
    await expect(
      withRetry(async () => Promise.reject(new RetryableError('500 boom')), {
        what: 'PUT s3://b/k',
        tries: 3,
        baseMs: 1
      })
    ).rejects.toThrow('PUT s3://b/k failed after 3 tries: 500 boom')
  })

  test('does not retry other errors', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw new Error('403 Forbidden')
        },
        { what: 'x', baseMs: 1 }
      )
    ).rejects.toThrow('403 Forbidden')
    expect(calls).toBe(1)
  })

  test('waits at least Retry-After', async () => {
    const delays: number[] = []
    let calls = 0
    await withRetry(
      async () => {
        if (++calls === 1) throw new RetryableError('429', 30)
        return 1
      },
      { what: 'x', baseMs: 1, onRetry: (_a, _e, d) => delays.push(d) }
    )
    expect(delays[0]).toBeGreaterThanOrEqual(30)
  })
})

test('network errors by code, also nested as cause', () => {
  expect(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true)
  expect(
    isRetryable(
      new Error('fetch failed', { cause: Object.assign(new Error('y'), { code: 'UND_ERR_SOCKET' }) })
    )
  ).toBe(true)
  expect(isRetryable(new Error('no'))).toBe(false)
})

test('Retry-After in seconds or as a date', () => {
  expect(retryAfterMs('2')).toBe(2000)
  expect(retryAfterMs(new Date(10_000).toUTCString(), 5_000)).toBe(5000)
  expect(retryAfterMs('junk')).toBeUndefined()
  expect(retryAfterMs('3600')).toBe(60_000)
})
