/**
 * Adding one package to apt and rpm repositories of 100, 1,000 and 5,000 packages: our incremental update
 * (reads only the index files; in-process plan + apply against a LocalStore, bytes read counted) against the
 * tools Falco runs today on the same data: `apt-ftparchive packages` + `release` and `createrepo_c --update`,
 * which need the whole pool on local disk (their "bytes read" is the pool Falco downloads first).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getInputs } from '../src/inputs.js'
import { packagesPublisher } from '../src/packages/publisher.js'
import type { PublishContext } from '../src/publisher.js'
import { LocalStore } from '../src/stores/local.js'
import { buildDeb, buildRpm } from '../testing/samples.js'
import { measure } from './measure.js'
import type { BenchRow } from './table.js'

const SIZES = (process.env.BENCH_PACKAGE_SIZES ?? '100,1000,5000').split(',').map(Number)

/** Counts the bytes the publisher reads from the store (index files only, if the update is incremental). */
class CountingStore extends LocalStore {
  bytesRead = 0
  override async read(key: string) {
    const data = await super.read(key)
    this.bytesRead += data?.length ?? 0
    return data
  }
}

async function publish(files: string[], store: LocalStore): Promise<void> {
  const inputs = getInputs(
    name => ({ kind: 'packages', files: files.join('\n'), destination: '/unused' })[name] ?? ''
  )
  const ctx: PublishContext = {
    inputs,
    release: { type: 'stable', version: '1.0.0', reason: 'bench', prerelease: false },
    run: {
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: '0'.repeat(40),
      repository: 'bench/bench',
      payload: {},
      workspace: '/',
      apiUrl: '',
      serverUrl: ''
    },
    baseDir: '/',
    store: async () => store
  }
  const plan = await packagesPublisher.plan(ctx)
  await packagesPublisher.apply(plan, ctx)
}

const poolBytes = (dir: string, ext: string): number =>
  readdirSync(dir)
    .filter(f => f.endsWith(ext))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  // The publisher logs one line per object through @actions/core; keep the benchmark output to the table.
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    return await fn()
  } finally {
    process.stdout.write = write
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  for (const n of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), `pa-bench-pkg-${n}-`))
    const src = join(dir, 'src')
    const dest = join(dir, 'dest')
    const debs: string[] = []
    const rpms: string[] = []
    mkdirSync(src, { recursive: true })
    for (let i = 0; i <= n; i++) {
      const deb = join(src, `pkg${i}_1.0.${i}_amd64.deb`)
      writeFileSync(deb, buildDeb({ name: `pkg${i}`, version: `1.0.${i}`, arch: 'amd64' }))
      debs.push(deb)
      const rpm = join(src, `pkg${i}-1.0.${i}-1.x86_64.rpm`)
      writeFileSync(rpm, buildRpm({ name: `pkg${i}`, version: `1.0.${i}`, arch: 'x86_64' }))
      rpms.push(rpm)
    }
    const [newDeb, newRpm] = [debs.pop() as string, rpms.pop() as string]
    await quiet(() => publish([...debs, ...rpms], new LocalStore(dest)))

    // Ours: add one package to each repository.
    for (const [format, file] of [
      ['deb', newDeb],
      ['rpm', newRpm]
    ] as const) {
      const store = new CountingStore(dest)
      const start = process.hrtime.bigint()
      await quiet(() => publish([file], store))
      rows.push({
        scenario: `${format}: add 1 to ${n}`,
        tool: 'publish-artifacts',
        seconds: Number(process.hrtime.bigint() - start) / 1e9,
        bytesRead: store.bytesRead,
        note: 'in-process; reads index files only'
      })
    }

    // apt-ftparchive on the whole pool (already holding the new package), as Falco's publish-deb does.
    const aptRoot = join(dir, 'apt')
    cpSync(join(dest, 'deb'), aptRoot, { recursive: true })
    const apt = await measure(
      'sh',
      [
        '-c',
        'apt-ftparchive packages stable > Packages && gzip -9kf Packages && apt-ftparchive release . > Release',
        'sh'
      ],
      { cwd: aptRoot }
    )
    if (apt.code !== 0) throw new Error(`apt-ftparchive failed: ${apt.stderr}`)
    rows.push({
      scenario: `deb: add 1 to ${n}`,
      tool: 'apt-ftparchive',
      seconds: apt.seconds,
      peakRssMiB: apt.peakRssMiB,
      bytesRead: poolBytes(join(aptRoot, 'stable'), '.deb'),
      note: 'needs the whole pool locally'
    })

    // createrepo_c --update: a repository made by createrepo_c for the n packages, then the new one added.
    const crRoot = join(dir, 'createrepo')
    cpSync(src, crRoot, { recursive: true, filter: f => !f.endsWith('.deb') && f !== newRpm })
    const seed = await measure('createrepo_c', ['--quiet', '--no-database', crRoot])
    if (seed.code !== 0) throw new Error(`createrepo_c failed: ${seed.stderr}`)
    cpSync(newRpm, join(crRoot, newRpm.split('/').pop() as string))
    const cr = await measure('createrepo_c', ['--quiet', '--no-database', '--update', crRoot])
    if (cr.code !== 0) throw new Error(`createrepo_c --update failed: ${cr.stderr}`)
    rows.push({
      scenario: `rpm: add 1 to ${n}`,
      tool: 'createrepo_c --update',
      seconds: cr.seconds,
      peakRssMiB: cr.peakRssMiB,
      bytesRead: poolBytes(crRoot, '.rpm'),
      note: 'needs the whole pool locally'
    })
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
