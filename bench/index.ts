/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line) and prints one table of
 * wall time, peak RSS and the ratio ours/peer. Each suite starts its own loopback servers and stops them.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type BenchRow, printTable } from './table.js'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const suites = readdirSync(here)
  .filter(f => f.endsWith('.bench.ts'))
  .filter(f => only.length === 0 || only.some(o => f.startsWith(o)))
  .sort()

const rows: BenchRow[] = []
for (const file of suites) {
  console.log(`== ${file}`)
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<BenchRow[]> }
  const got = await mod.run()
  rows.push(...got)
  printTable(got)
}
console.log('\n== all suites')
printTable(rows)
process.exit(0)
