/**
 * The fault suite: real servers (s3rver, nginx WebDAV, docker-registry) behind the fault-injecting proxy at 20%
 * faults of every kind (5xx, 429 + Retry-After, resets mid-request and mid-response, truncated bodies, slow
 * answers). A full publication (signed apt/yum/bin repositories, 500 driver objects, a 2-arch image) must
 * complete; every index must reference only objects that exist with the right checksum, during the run (a poller)
 * and after it; runs SIGKILLed at seeded random moments followed by a re-run must converge to the state of an
 * undisturbed run. CHAOS_SEED replays another sequence of faults.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { chaosSeed } from '../testing/chaos/random.js'
import {
  type Servers,
  fullPublication,
  killAndConverge,
  spreadRates,
  startServers
} from '../testing/chaos/suite.js'

const seed = chaosSeed()
let servers: Servers

beforeAll(async () => {
  servers = await startServers(spreadRates(0.2), seed)
}, 60_000)

afterAll(async () => {
  await servers?.stop()
})

describe(`under 20% injected faults (seed ${seed})`, () => {
  test('a full publication completes and no index ever points to something missing', async () => {
    const rows = await fullPublication(servers, { drivers: 500, tag: 'full' })
    expect(rows.map(r => r.scenario.split(' ')[0])).toEqual(['packages', 'drivers', 'images'])
    for (const row of rows) {
      expect({ scenario: row.scenario, problems: row.problems }).toEqual({
        scenario: row.scenario,
        problems: []
      })
      expect(row.outcome).toBe('published')
      // The poller really ran while the action was publishing.
      expect(row.invariants.checked).toBeGreaterThan(2)
      expect(row.invariants.held).toBe(row.invariants.checked)
      // Every fault the proxy injected was retried by the action.
      expect(row.retries).toBeGreaterThanOrEqual(row.faults)
    }
    const drivers = rows[1]
    expect(drivers.faults).toBeGreaterThan(50)
    expect(Object.keys(drivers.faultTypes)).toEqual(
      expect.arrayContaining(['429', 'reset-request', 'reset-response', 'truncated', 'slow'])
    )
    const stats = servers.proxies.s3.stats()
    expect(stats.faults['over-budget']).toBe(0)
  }, 240_000)

  test('runs SIGKILLed at random moments, then a re-run, converge to the undisturbed final state', async () => {
    const row = await killAndConverge(servers, { kills: 4, seed, tag: 'killed' })
    expect(row.problems).toEqual([])
    expect(row.outcome).toBe('converged')
    expect(row.invariants).toEqual({ held: 6, checked: 6 })
    expect(row.faults).toBeGreaterThan(0)
  }, 240_000)
})
