/**
 * Kind drivers through the bundled action (dist/index.js run as the runner does): a push to master publishes a
 * driverkit grid to a local folder and to s3rver in two matrix shards, re-runs upload nothing, a dry run shows
 * retention, and a hostile config fails the job with nothing published.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAction } from '../testing/runner.js'
import { TestRepo } from '../testing/repo.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'
import { type GridOptions, makeGrid, write } from '../testing/driverkit-fixtures.js'
import { S3Store } from '../src/stores/s3.js'
import { tree } from './helpers/tree.js'

let s3: S3rverHandle

beforeAll(async () => {
  s3 = await startS3rver()
}, 30_000)

afterAll(async () => {
  await s3?.stop()
})

interface Entry {
  path: string
  status: string
  role?: string
  count?: number
  url?: string
}

/** A repository with one commit on main and a driverkit grid (configs and built objects) in its workspace. */
function workspace(opts: Partial<GridOptions> = {}) {
  const repo = TestRepo.create()
  repo.commit()
  const sha = repo.head()
  const grid = makeGrid({ root: repo.dir, perTarget: 3, probeEvery: 4, ...opts })
  return { repo, sha, grid }
}

function run(repo: TestRepo, sha: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runAction({
    inputs: { kind: 'drivers', 'driverkit-config': 'config', ...inputs },
    eventName: 'push',
    payload: { ref: 'refs/heads/main', repository: { default_branch: 'main', full_name: 'example/drivers' } },
    ref: 'refs/heads/main',
    sha,
    workspace: repo.dir,
    env
  })
}

const published = (outputs: Record<string, string>): Entry[] => JSON.parse(outputs.published) as Entry[]

describe('kind drivers, bundled', () => {
  test('a push to main publishes the grid to a folder; the re-run uploads nothing; the summary has totals', async () => {
    const { repo, sha, grid } = workspace()
    const r = await run(repo, sha, { destination: 'out' })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['release-type']).toBe('dev')
    const out = join(repo.dir, 'out')
    expect(tree(out).filter(k => /\.(ko|o)$/.test(k))).toEqual(grid.keys)
    const first = published(r.outputs)
    expect(
      first
        .filter(p => p.status === 'uploaded' && p.role === 'artifact')
        .map(p => p.path)
        .sort()
    ).toEqual(grid.keys)
    expect(r.summary).toContain('Drivers per driver version and arch')
    // The run's own heading comes first; the publisher's totals section follows it.
    expect(r.summary.indexOf('publish-artifacts: drivers')).toBeGreaterThanOrEqual(0)
    expect(r.summary.indexOf('publish-artifacts: drivers')).toBeLessThan(
      r.summary.indexOf('Drivers per driver version')
    )
    expect(r.summary).toContain('<code>8.0.0+driver/x86_64/</code>')

    const again = await run(repo, sha, { destination: 'out' })
    expect(again.code).toBe(0)
    const second = published(again.outputs)
    expect(second.filter(p => p.status === 'uploaded')).toEqual([])
    expect(second.filter(p => p.status === 'unchanged' && p.role === 'artifact')).toEqual([
      expect.objectContaining({ path: '8.0.0+driver/aarch64/', count: grid.keys.length / 2 }),
      expect.objectContaining({ path: '8.0.0+driver/x86_64/', count: grid.keys.length / 2 })
    ])
    expect(again.summary).toContain(`${grid.keys.length + 6} unchanged`)
  }, 60_000)

  test('two matrix shards to s3rver: together they publish everything once; listings complete', async () => {
    const { repo, sha, grid } = workspace({ perTarget: 5 })
    const inputs = {
      destination: `s3://${s3.bucket}/driver`,
      's3-endpoint': s3.endpoint,
      's3-force-path-style': 'true'
    }
    const runs = await Promise.all(['1/2', '2/2'].map(shard => run(repo, sha, { ...inputs, shard }, s3.env)))
    for (const r of runs) expect(r.code).toBe(0)
    // One store per run, however many parts of the plan ask for it at once (the configs' listings, the store
    // opened early): its credentials are masked once, and one connection pool is closed at the end.
    for (const r of runs)
      expect(
        r.stdout.split('\n').filter(l => l === `::add-mask::${s3.env.AWS_SECRET_ACCESS_KEY}`)
      ).toHaveLength(1)
    const uploaded = runs.flatMap(r =>
      published(r.outputs)
        .filter(p => p.status === 'uploaded' && p.role === 'artifact')
        .map(p => p.path)
    )
    expect(uploaded.sort()).toEqual(grid.keys)
    const url = published(runs[0].outputs).find(p => p.role === 'artifact')?.url ?? ''
    expect(url).toContain(`${s3.endpoint}/${s3.bucket}/driver/8.0.0%2Bdriver/`)

    const store = new S3Store({
      bucket: s3.bucket,
      prefix: 'driver',
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
      concurrency: 4
    })
    const listed: string[] = []
    for (const arch of ['x86_64', 'aarch64']) {
      const index = JSON.parse(
        ((await store.read(`8.0.0+driver/${arch}/index.json`)) as Buffer).toString()
      ) as {
        objects: { name: string }[]
      }
      listed.push(...index.objects.map(o => `8.0.0+driver/${arch}/${o.name}`))
    }
    expect(listed.sort()).toEqual(grid.keys)
    const root = ((await store.read('index.html')) as Buffer).toString()
    expect(root).toContain('href="8.0.0%2Bdriver/x86_64/index.html"')
    await store.close()
  }, 90_000)

  test('a dry run with prune plans the deletions and writes nothing', async () => {
    const { repo, sha } = workspace({
      perTarget: 1,
      versions: ['6.0.0+driver', '7.0.0+driver', '8.0.0+driver']
    })
    expect((await run(repo, sha, { destination: 'out' })).code).toBe(0)
    const before = tree(join(repo.dir, 'out'))
    const r = await run(repo, sha, {
      destination: 'out',
      prune: 'true',
      'keep-driver-versions': '1',
      'dry-run': 'true'
    })
    expect(r.code).toBe(0)
    // All three versions are in this grid's configs, so none is pruned: retention never deletes what it publishes.
    expect(published(r.outputs).filter(p => p.role === 'delete')).toEqual([])
    expect(r.stdout).toContain('this grid publishes them')

    // A grid that moved on to 9.0.0: now the older ones go (planned only, in a dry run).
    const next = workspace({ perTarget: 1, versions: ['9.0.0+driver'] })
    const dry = await run(next.repo, next.sha, {
      destination: join(repo.dir, 'out'),
      prune: 'true',
      'dry-run': 'true'
    })
    expect(dry.code).toBe(0)
    const planned = published(dry.outputs).filter(p => p.role === 'delete')
    expect(planned.length).toBeGreaterThan(0)
    expect(new Set(planned.map(p => p.path.split('/')[0]))).toEqual(new Set(['6.0.0+driver', '7.0.0+driver']))
    expect(planned.every(p => p.status === 'planned')).toBe(true)
    expect(tree(join(repo.dir, 'out'))).toEqual(before)
  }, 60_000)

  test('on-invalid-config: warn: a ::warning:: per skipped config naming file and reason, listed in the summary; the valid ones publish', async () => {
    const { repo, sha, grid } = workspace({ perTarget: 1 })
    write(
      join(repo.dir, 'config/8.0.0+driver/x86_64/centos_wrong_1.yaml'),
      'target: centos\nkernelrelease: 2\nkernelversion: 1\noutput: {module: a.ko}\n'
    )
    // A committed file name is untrusted text: printed anywhere as is, it would start workflow commands.
    write(
      join(repo.dir, 'config/8.0.0+driver/x86_64/evil\n::error::pwned\n##[error]x_1_1.yaml'),
      'target: evil\nkernelrelease: 1\nkernelversion: 1\noutput: {module: a.ko}\n'
    )
    const r = await run(repo, sha, { destination: 'out', 'on-invalid-config': 'warn' })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    const warnings = lines.filter(l => l.startsWith('::warning'))
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^::warning title=invalid driverkit config skipped::8\.0\.0\+driver\/x86_64\/centos_wrong_1\.yaml: the file name does not match its fields: expected "centos_2_1\.yaml"$/
      )
    )
    expect(warnings.some(l => l.includes('evil') && l.includes('file name does not match'))).toBe(true)
    expect(lines.filter(l => /^\s*::error::pwned|##\[error\]/.test(l))).toEqual([])
    expect(tree(join(repo.dir, 'out')).filter(k => /\.(ko|o)$/.test(k))).toEqual(grid.keys)
    const skipped = published(r.outputs).filter(p => p.status === 'invalid')
    expect(skipped.map(p => p.path)).toEqual([
      '8.0.0+driver/x86_64/centos_wrong_1.yaml',
      '"8.0.0+driver/x86_64/evil\\n::error::pwned\\n##\\[error]x_1_1.yaml"'
    ])
    expect(r.summary).toContain('⚠️ 2 invalid driverkit config(s) skipped (on-invalid-config: warn)')
    expect(r.summary).toContain(
      '<code>8.0.0+driver/x86_64/centos_wrong_1.yaml</code>: the file name does not match its fields: expected &quot;centos_2_1.yaml&quot;'
    )
    expect(r.summary.split('\n').filter(l => l.includes('pwned') && !l.includes('evil'))).toEqual([])
  }, 60_000)

  test('a hostile config fails the job: every bad file named, nothing published, outputs still set', async () => {
    const { repo, sha } = workspace({ perTarget: 1 })
    write(
      join(repo.dir, 'config/8.0.0+driver/x86_64/evil_1_1.yaml'),
      'target: evil\nkernelrelease: 1\nkernelversion: 1\noutput:\n  module: ../../../../etc/passwd\n'
    )
    write(
      join(repo.dir, 'config/8.0.0+driver/x86_64/centos_wrong_1.yaml'),
      'target: centos\nkernelrelease: 2\nkernelversion: 1\noutput: {module: a.ko}\n'
    )
    const r = await run(repo, sha, { destination: 'out' })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('::error')
    expect(r.stdout).toMatch(/evil_1_1\.yaml: field 'output.module' .* '\.\.' segments/)
    expect(r.stdout).toMatch(/centos_wrong_1\.yaml: the file name does not match/)
    expect(r.stdout).toContain("Input 'driverkit-config': 2 invalid driverkit config(s)")
    expect(r.outputs.published).toBe('[]')
    expect(existsSync(join(repo.dir, 'out'))).toBe(false)
    expect(readFileSync(join(repo.dir, 'config/8.0.0+driver/x86_64/evil_1_1.yaml'), 'utf8')).toContain('evil')
  }, 60_000)
})
