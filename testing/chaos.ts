/**
 * `npm run chaos`: runs the fault scenarios (testing/chaos/suite.ts) and the bad-input corpus against real
 * loopback servers behind the fault-injecting proxy, then prints one table: scenario | faults injected | retries |
 * outcome | invariants held. Needs dist/ (npm run bundle) and the Debian tools of scripts/test-deps.sh.
 * CHAOS_SEED=<n> replays another sequence of faults; CHAOS_RATE=<0..1> changes the fault rate (default 0.2).
 */
import { mapLimit } from '../src/limit.js'
import { loadCorpus, missingModules, runCase } from './chaos/corpus.js'
import { chaosSeed } from './chaos/random.js'
import { type Row, fullPublication, killAndConverge, spreadRates, startServers } from './chaos/suite.js'

// @actions/core prints `::add-mask::` when this process reads the S3 credentials: keep workflow commands out.
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
  if (text.startsWith('::')) return true
  return write(text, ...rest)
}) as typeof process.stdout.write

const seed = chaosSeed()
const rate = Number(process.env.CHAOS_RATE ?? 0.2)

async function corpusRow(): Promise<Row> {
  const cases = loadCorpus().filter(c => missingModules(c).length === 0)
  const outcomes = await mapLimit(cases, 6, runCase)
  const failed = outcomes.filter(o => o.problems.length > 0)
  return {
    scenario: `bad-input corpus (${cases.length} cases)`,
    faults: cases.length,
    faultTypes: {},
    retries: 0,
    outcome: failed.length === 0 ? 'all refused cleanly' : `${failed.length} case(s) not refused cleanly`,
    invariants: { held: cases.length - failed.length, checked: cases.length },
    problems: failed.flatMap(f => f.problems.map(p => `${f.name}: ${p}`))
  }
}

function table(rows: Row[]): string {
  const head = ['scenario', 'faults injected', 'retries', 'outcome', 'invariants held']
  const body = rows.map(r => [
    r.scenario,
    `${r.faults}${
      Object.keys(r.faultTypes).length
        ? ` (${Object.entries(r.faultTypes)
            .map(([k, v]) => `${k}×${v}`)
            .join(' ')})`
        : ''
    }`,
    String(r.retries),
    r.outcome,
    `${r.invariants.held}/${r.invariants.checked}`
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(head), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}

const started = Date.now()
console.log(`chaos: seed ${seed}, ${Math.round(rate * 100)}% faults per request\n`)
const servers = await startServers(spreadRates(rate), seed)
const rows: Row[] = []
try {
  rows.push(...(await fullPublication(servers, { drivers: 500, tag: `chaos-${seed}` })))
  rows.push(await killAndConverge(servers, { kills: 4, seed, tag: `kill-${seed}` }))
} finally {
  await servers.stop()
}
rows.push(await corpusRow())
console.log(table(rows))
const problems = rows.flatMap(r => r.problems.map(p => `${r.scenario}: ${p}`))
for (const p of problems.slice(0, 40)) console.log(`  ✗ ${p}`)
console.log(
  `\n${problems.length === 0 ? 'every invariant held' : `${problems.length} problem(s)`} in ${Math.round((Date.now() - started) / 1000)} s`
)
process.exitCode = problems.length === 0 ? 0 : 1
