/**
 * The bad-input corpus (__tests__/fixtures/corpus/*.json, run by testing/chaos/corpus.ts): every hostile or
 * broken input runs the bundled action and must fail clearly (or publish nothing, with a reason), naming the
 * input, with a bounded message, no injected workflow command and nothing written. Cases for a module that is
 * not in this build are listed in the report rather than run.
 *
 * Every run is also held to the output discipline (testing/chaos/commands.ts): each `::` line of stdout and
 * stderr is one of the action's own commands with no untrusted text before its terminator, no `##[` and no bare
 * carriage return anywhere; every summary line is HTML; no secret (outside files, credentials, their Basic form)
 * is in stdout, stderr, outputs, summary or publication record. Hostile servers (echoing headers, injecting
 * text into S3 and registry errors) are small stand-ins started per case: no real server misbehaves this way.
 */
import { describe, expect, test } from '@jest/globals'
import { commandProblems } from '../testing/chaos/commands.js'
import { loadCorpus, missingModules, runCase, summaryProblems } from '../testing/chaos/corpus.js'

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
    // Issue 11: reads out of the workspace, hostile servers and injected records stay covered.
    expect(
      corpus.filter(c => c.outside || JSON.stringify(c.files ?? {}).includes('symlink:')).length
    ).toBeGreaterThanOrEqual(8)
    expect(corpus.filter(c => c.server).length).toBeGreaterThanOrEqual(5)
  })

  test('the output check refuses what a hostile input would print', () => {
    const forged =
      'dev 1.5.0\n::set-output name=release-type::stable\nimage x ##[add-path]/tmp\r::error title=pwned::x'
    expect(commandProblems(forged)).toHaveLength(4)
    expect(summaryProblems('<p>ok</p>\n\n![x](https://evil.example/p.png)')).toHaveLength(1)
  })

  test.concurrent.each(runnable.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = await runCase(c)
    expect(outcome.problems).toEqual([])
  })
})
