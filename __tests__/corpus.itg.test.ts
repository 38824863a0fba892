/**
 * The bad-input corpus (__tests__/fixtures/corpus/*.json, run by scripts/chaos/corpus.ts): every hostile or
 * broken input runs the bundled action and must fail clearly (or publish nothing, with a reason), naming the
 * input, with a bounded message, no injected workflow command and nothing written. Cases for a module that is
 * not in this build are listed in the report rather than run.
 */
import { describe, expect, test } from '@jest/globals'
import { loadCorpus, missingModules, runCase } from '../scripts/chaos/corpus.js'

const corpus = loadCorpus()
const runnable = corpus.filter(c => missingModules(c).length === 0)

describe('bad-input corpus', () => {
  test('holds at least 50 cases, each with a title and an expectation', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50)
    for (const c of corpus) {
      expect(c.title).toBeTruthy()
      expect(() => new RegExp(c.expect.message)).not.toThrow()
    }
    // Every publisher's own input (driverkit configs, packages, images) keeps its share of hostile cases.
    for (const module of ['drivers', 'packages', 'images'])
      expect(corpus.filter(c => c.needs?.includes(module)).length).toBeGreaterThanOrEqual(8)
  })

  test.concurrent.each(runnable.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = await runCase(c)
    expect(outcome.problems).toEqual([])
  })
})
