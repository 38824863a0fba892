/**
 * Kind drivers end to end through the publisher (plan → apply) into a real local folder: keys, re-runs, shards,
 * listings, retention and hostile configs. The S3 side is in drivers.s3.itg.test.ts, the bundled action in
 * drivers.action.itg.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driversPublisher } from '../src/drivers/publisher.js'
import type { Plan, Published } from '../src/plan.js'
import type { PublishContext } from '../src/publisher.js'
import { LocalStore } from '../src/stores/local.js'
import {
  type Grid,
  configYaml,
  context,
  kernel,
  makeGrid,
  makeTestInfraTree,
  write
} from '../testing/driverkit-fixtures.js'
import { findExisting } from '../src/drivers/existing.js'
import { Hasher, ONE_READ_BYTES } from '../src/drivers/digests.js'
import { hashBytes } from '../src/hash.js'
import type { Store } from '../src/stores/store.js'
import { tree } from './helpers/tree.js'

async function publish(ctx: PublishContext): Promise<{ plan: Plan; published: Published[] }> {
  const plan = await driversPublisher.plan(ctx)
  const published = await driversPublisher.apply(plan, ctx)
  return { plan, published }
}

function count(published: Published[], status: string): number {
  return published
    .filter(p => p.status === status && p.role !== 'index')
    .reduce((n, p) => n + (p.count ?? 1), 0)
}

function driverKeys(dir: string): string[] {
  return tree(dir).filter(k => /\.(ko|o)$/.test(k))
}

function fresh(opts: Partial<Parameters<typeof makeGrid>[0]> = {}): { ws: string; grid: Grid } {
  const ws = mkdtempSync(join(tmpdir(), 'drivers-'))
  return { ws, grid: makeGrid({ root: ws, probeEvery: 3, ...opts }) }
}

describe('drivers to a local folder', () => {
  test('keys exactly as expected, with listings; a second run uploads nothing', async () => {
    const { ws, grid } = fresh()
    const out = join(ws, 'out')
    const store = new LocalStore(out)
    const first = await publish(context(ws, store, {}))
    expect(driverKeys(out)).toEqual(grid.keys)
    expect(grid.keys.some(k => k.includes('+bpo-amd64'))).toBe(true)
    expect(grid.keys.some(k => k.includes('~20.04.1'))).toBe(true)
    expect(count(first.published, 'uploaded')).toBe(grid.keys.length)
    expect(
      first.published
        .filter(p => p.status === 'uploaded' && p.role === 'artifact')
        .map(p => p.path)
        .sort()
    ).toEqual(grid.keys)
    // The bytes are the built ones.
    const c = grid.configs[0]
    expect(readFileSync(join(out, c.keys[0]))).toEqual(readFileSync(join(ws, c.outputs[0])))
    expect(tree(out).filter(k => k.endsWith('index.json'))).toEqual([
      '8.0.0+driver/aarch64/index.json',
      '8.0.0+driver/x86_64/index.json',
      'index.json'
    ])

    const again = await publish(context(ws, store, {}))
    expect(again.plan.writes.filter(w => w.role === 'artifact')).toEqual([])
    expect(count(again.published, 'uploaded')).toBe(0)
    expect(count(again.published, 'unchanged')).toBe(grid.keys.length)
    // Listings unchanged too: nothing at all was written.
    expect(again.published.filter(p => p.status === 'uploaded')).toEqual([])

    // A run that stopped between its objects and its listings: the next run, with nothing to upload, mends them.
    rmSync(join(out, '8.0.0+driver/x86_64/index.html'))
    writeFileSync(join(out, 'index.json'), '{"driverversions":[]}\n')
    const mend = await publish(context(ws, store, {}))
    expect(
      mend.published
        .filter(p => p.status === 'uploaded')
        .map(p => p.path)
        .sort()
    ).toEqual(['8.0.0+driver/x86_64/index.html', 'index.json'])
    expect(readFileSync(join(out, 'index.json'), 'utf8')).toContain('8.0.0+driver')
    rmSync(ws, { recursive: true, force: true })
  })

  test('a grid big enough to hash on the worker while the configs are read: the same answers, symlinks still refused', async () => {
    // 800 configs: past the worker's threshold, so objects are announced and hashed during the config reading.
    const { ws, grid } = fresh({ perTarget: 80, probeEvery: 0 })
    const store = new LocalStore(join(ws, 'out'))
    expect(count((await publish(context(ws, store, {}))).published, 'uploaded')).toBe(grid.keys.length)
    const [one, two] = [grid.configs[10], grid.configs[500]]
    writeFileSync(join(ws, one.outputs[0]), 'rebuilt')
    const r = await publish(context(ws, store, {}))
    expect(
      r.published.filter(p => p.status === 'uploaded' && p.role === 'artifact').map(p => p.path)
    ).toEqual([one.keys[0]])
    expect(readFileSync(join(ws, 'out', one.keys[0]), 'utf8')).toBe('rebuilt')
    expect(count(r.published, 'unchanged')).toBe(grid.keys.length - 1)
    // An output the worker was handed early as a symlink out of output-dir is still refused before anything.
    const secret = join(mkdtempSync(join(tmpdir(), 'secret-')), 'token')
    writeFileSync(secret, 'hunter2')
    rmSync(join(ws, two.outputs[0]))
    symlinkSync(secret, join(ws, two.outputs[0]))
    await expect(driversPublisher.plan(context(ws, store, {}))).rejects.toThrow(/output-dir.*outside/)
    rmSync(ws, { recursive: true, force: true })
  })

  test('configs read ahead by the worker: a symlinked, a huge and a FIFO config are still refused by name', async () => {
    // 800 configs: the worker reads them ahead of the parser. The files it must not read are left to this thread,
    // which reports them exactly as without a worker.
    const { ws, grid } = fresh({ perTarget: 80, probeEvery: 0 })
    const config = (i: number) => join(ws, 'config', grid.configs[i].path)
    const outside = join(mkdtempSync(join(tmpdir(), 'elsewhere-')), 'c.yaml')
    writeFileSync(outside, readFileSync(config(300)))
    rmSync(config(300))
    symlinkSync(outside, config(300))
    writeFileSync(
      config(600),
      `${readFileSync(config(600), 'utf8')}kernelconfigdata: ${'Q'.repeat(4 << 20)}\n`
    )
    rmSync(config(700))
    execFileSync('mkfifo', [config(700)])
    const err = await driversPublisher.plan(context(ws, new LocalStore(join(ws, 'out')), {})).then(
      () => undefined,
      (e: Error) => e
    )
    expect(err?.message).toMatch(/3 invalid driverkit config/)
    expect(err?.message).toContain(`${grid.configs[300].path}: not a regular file (symlinks are refused)`)
    expect(err?.message).toContain(
      `${grid.configs[600].path}: more than 4 MiB: too big for a driverkit config`
    )
    expect(err?.message).toContain(`${grid.configs[700].path}: not a regular file`)
    expect(existsSync(join(ws, 'out'))).toBe(false)
    // The same grid without them: every config read ahead gives the plan the configs read here would.
    for (const i of [300, 600, 700]) rmSync(config(i))
    const { published } = await publish(context(ws, new LocalStore(join(ws, 'out')), {}))
    expect(count(published, 'uploaded')).toBe(grid.keys.length - 3)
    rmSync(ws, { recursive: true, force: true })
  })

  test('a rebuild with other bytes replaces the objects (drivers are not immutable)', async () => {
    const { ws, grid } = fresh({ targets: ['centos'], perTarget: 2, arches: ['x86_64'] })
    const store = new LocalStore(join(ws, 'out'))
    await publish(context(ws, store, {}))
    makeGrid({
      root: ws,
      targets: ['centos'],
      perTarget: 2,
      arches: ['x86_64'],
      probeEvery: 3,
      salt: 'rebuild'
    })
    const { plan, published } = await publish(context(ws, store, {}))
    expect(
      plan.writes.filter(w => w.role === 'artifact').every(w => /replacing different bytes/.test(w.reason))
    ).toBe(true)
    expect(count(published, 'uploaded')).toBe(grid.keys.length)
    rmSync(ws, { recursive: true, force: true })
  })

  test('4 shards cover every config exactly once, and the listings are complete afterwards', async () => {
    const { ws, grid } = fresh({ perTarget: 6 })
    const out = join(ws, 'out')
    const store = new LocalStore(out)
    const seen: string[] = []
    // Concurrently, as matrix jobs would.
    const runs = await Promise.all([1, 2, 3, 4].map(i => publish(context(ws, store, { shard: `${i}/4` }))))
    for (const r of runs)
      seen.push(
        ...r.published
          .filter(p => p.status === 'uploaded' && p.role === 'artifact')
          .map(p => p.path as string)
      )
    expect(runs.every(r => count(r.published, 'uploaded') > 0)).toBe(true)
    expect(seen.sort()).toEqual(grid.keys)
    expect(driverKeys(out)).toEqual(grid.keys)
    const listed = ['x86_64', 'aarch64'].flatMap(arch => {
      const index = JSON.parse(readFileSync(join(out, `8.0.0+driver/${arch}/index.json`), 'utf8'))
      return (index.objects as { name: string }[]).map(o => `8.0.0+driver/${arch}/${o.name}`)
    })
    expect(listed.sort()).toEqual(grid.keys)
    const root = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))
    expect(
      root.driverversions[0].arches
        .map((a: { count: number }) => a.count)
        .reduce((a: number, b: number) => a + b)
    ).toBe(grid.keys.length)
    const html = readFileSync(join(out, '8.0.0+driver/x86_64/index.html'), 'utf8')
    expect(html).toContain('%2Bbpo-amd64')
    rmSync(ws, { recursive: true, force: true })
  })

  test('pruning keeps the 2 newest driver versions; SHA-named ones are never touched; dry-run plan shows it', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'drivers-'))
    const out = join(ws, 'out')
    const store = new LocalStore(out)
    const legacy = '2aa88dcf6243982697811df4c1b484bcbe9488a2'
    // Earlier runs published four driver versions (one by one, as the grid does).
    for (const v of [legacy, '6.0.0+driver', '7.0.0+driver', '8.0.0+driver']) {
      const g = join(ws, `g-${v}`)
      makeGrid({ root: g, versions: [v], perTarget: 1, targets: ['flatcar', 'debian'] })
      const ctx = context(g, store, {})
      ctx.destination = { scheme: 'file', root: out, display: out }
      await publish(ctx)
    }
    expect(tree(out).some(k => k.startsWith('6.0.0+driver/'))).toBe(true)

    const { grid } = {
      grid: makeGrid({ root: ws, versions: ['9.0.0+driver'], perTarget: 1, targets: ['centos'] })
    }
    const ctx = context(ws, store, { prune: 'true' })
    const plan = await driversPublisher.plan(ctx)
    // The plan (what a dry run prints) names every object it will delete, nothing of the kept versions.
    const doomed = tree(out).filter(k => k.startsWith('6.0.0+driver/') || k.startsWith('7.0.0+driver/'))
    expect(plan.deletes.map(d => d.key).sort()).toEqual(doomed)
    expect(plan.notes.join('\n')).toContain(legacy)
    const published = await driversPublisher.apply(plan, ctx)
    expect(
      published
        .filter(p => p.status === 'deleted')
        .map(p => p.path)
        .sort()
    ).toEqual(doomed)
    const versions = [...new Set(tree(out).map(k => k.split('/')[0]))].filter(v => !v.startsWith('index'))
    expect(versions.sort()).toEqual([legacy, '8.0.0+driver', '9.0.0+driver'].sort())
    const root = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))
    expect(root.driverversions.map((v: { version: string }) => v.version)).toEqual([
      '9.0.0+driver',
      '8.0.0+driver',
      legacy
    ])
    expect(driverKeys(out).filter(k => k.startsWith('9.0.0'))).toEqual(grid.keys)

    // Listed explicitly, the legacy version goes too, object by object, with the reason.
    const listed = context(ws, store, { prune: 'true', 'prune-driver-versions': legacy })
    const legacyKeys = tree(out).filter(k => k.startsWith(`${legacy}/`))
    expect(legacyKeys.length).toBeGreaterThan(0)
    const second = await driversPublisher.plan(listed)
    expect(second.deletes.map(d => d.key).sort()).toEqual(legacyKeys)
    expect(second.deletes[0].reason).toMatch(/listed in prune-driver-versions/)
    await driversPublisher.apply(second, listed)
    expect(tree(out).some(k => k.startsWith(`${legacy}/`))).toBe(false)
    rmSync(ws, { recursive: true, force: true })
  })

  test('hostile and mismatched configs: every one reported, nothing published', async () => {
    const { ws } = fresh({ perTarget: 1 })
    const bad = {
      '8.0.0+driver/x86_64/centos_..%2F..%2Fetc_1.yaml':
        'target: centos\nkernelrelease: ../../etc\nkernelversion: 1\noutput: {module: a.ko}\n',
      '8.0.0+driver/x86_64/ubuntu-generic_5.15.0-1-generic_1.yaml': configYaml(
        '8.0.0+driver',
        'x86_64',
        kernel('ubuntu-generic', 7, 'x86_64')
      ),
      '8.0.0+driver/aarch64/flatcar_3510.2.0_1.yaml': configYaml(
        '8.0.0+driver',
        'x86_64',
        kernel('flatcar', 0, 'x86_64')
      ),
      '8.0.0+driver/x86_64/debian_6.6.13+bpo-amd64_1.yml': configYaml(
        '8.0.0+driver',
        'x86_64',
        kernel('debian', 0, 'x86_64')
      )
    }
    for (const [path, text] of Object.entries(bad)) write(join(ws, 'config', path), text)
    const out = join(ws, 'out')
    const ctx = context(ws, new LocalStore(out), {})
    const err = await driversPublisher.plan(ctx).then(
      () => undefined,
      (e: Error) => e
    )
    expect(err?.message).toMatch(/driverkit-config.*4 invalid driverkit config/)
    for (const path of Object.keys(bad)) expect(err?.message).toContain(path)
    expect(err?.message).toMatch(/'kernelrelease' "\.\.\/\.\.\/etc" contains '\/'/)
    expect(err?.message).toMatch(/file name does not match/)
    expect(err?.message).toMatch(/'architecture' "amd64" does not match the arch folder aarch64/)
    expect(err?.message).toMatch(/same driver as/)
    expect(existsSync(out)).toBe(false)
    rmSync(ws, { recursive: true, force: true })
  })

  test('a missing object fails the run before anything is written; with warn it is reported as missing', async () => {
    const { ws, grid } = fresh({ perTarget: 1, targets: ['amazonlinux2'] })
    rmSync(join(ws, grid.configs[0].outputs[0]))
    const out = join(ws, 'out')
    await expect(driversPublisher.plan(context(ws, new LocalStore(out), {}))).rejects.toThrow(
      /1 driver object\(s\) promised by driverkit configs are missing/
    )
    expect(existsSync(out)).toBe(false)
    const { published } = await publish(context(ws, new LocalStore(out), { 'if-no-files-found': 'warn' }))
    expect(published.filter(p => p.status === 'missing').map(p => p.path)).toEqual([grid.configs[0].keys[0]])
    expect(count(published, 'uploaded')).toBe(grid.keys.length - 1)
    rmSync(ws, { recursive: true, force: true })
  })

  test('files globs: objects matched by name; an object with no config is refused', async () => {
    const { ws, grid } = fresh({ perTarget: 1, targets: ['ubuntu-generic', 'centos'] })
    const out = join(ws, 'out')
    const ok = await publish(context(ws, new LocalStore(out), { files: 'output/**/*.{ko,o}' }))
    expect(count(ok.published, 'uploaded')).toBe(grid.keys.length)
    writeFileSync(join(ws, 'output', 'falco_madeup_1.0_1.ko'), 'x')
    const out2 = join(ws, 'out2')
    await expect(
      driversPublisher.plan(context(ws, new LocalStore(out2), { files: 'output/**/*.ko' }, 'out2'))
    ).rejects.toThrow(/files.*1 file\(s\) match no driverkit config[\s\S]*falco_madeup_1.0_1.ko/)
    expect(existsSync(out2)).toBe(false)
    rmSync(ws, { recursive: true, force: true })
  })

  test('a config over 4 MiB is invalid and named; under warn it is skipped and the rest published', async () => {
    const { ws, grid } = fresh({ perTarget: 1, targets: ['centos'] })
    const huge = '8.0.0+driver/x86_64/bottlerocket_6.1.1_1_1.0.0-aws.yaml'
    // A real config with an absurd kernelconfigdata: never read whole, whatever it holds.
    write(
      join(ws, 'config', huge),
      `target: bottlerocket\nkernelrelease: 6.1.1\nkernelversion: 1_1.0.0-aws\noutput: {module: a.ko}\nkernelconfigdata: ${'Q'.repeat(4 * 1024 * 1024)}\n`
    )
    const out = join(ws, 'out')
    await expect(driversPublisher.plan(context(ws, new LocalStore(out), {}))).rejects.toThrow(
      `${huge}: more than 4 MiB: too big for a driverkit config`
    )
    expect(existsSync(out)).toBe(false)
    const { published } = await publish(context(ws, new LocalStore(out), { 'on-invalid-config': 'warn' }))
    expect(published.filter(p => p.status === 'invalid')).toEqual([
      {
        kind: 'drivers',
        path: huge,
        status: 'invalid',
        reason: 'more than 4 MiB: too big for a driverkit config'
      }
    ])
    expect(driverKeys(out)).toEqual(grid.keys)
    rmSync(ws, { recursive: true, force: true })
  })

  test('files globs under warn: the built file of a skipped config is left out, not refused as an orphan', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'drivers-'))
    const t = makeTestInfraTree(ws)
    const out = join(ws, 'out')
    // The misnamed amazonlinux2022 config's object was built (driverkit does not care about file names).
    expect(
      existsSync(
        join(ws, 'output/2.0.0+driver/aarch64/falco_amazonlinux2022_5.4.209-116.367.amzn2.aarch64.ko')
      )
    ).toBe(true)
    const { published } = await publish(
      context(ws, new LocalStore(out), { files: 'output/**/*.{ko,o}', 'on-invalid-config': 'warn' })
    )
    expect(driverKeys(out)).toEqual(t.keys)
    expect(published.filter(p => p.status === 'invalid').map(p => p.path)).toEqual(t.invalid)
    // Excluded configs are not read at all, so their files are no one's: still refused, as any stray file.
    await expect(
      driversPublisher.plan(
        context(ws, new LocalStore(out), {
          files: 'output/**/*.{ko,o}',
          'driverkit-config-exclude': '2.0.0+driver/aarch64/amazonlinux2022_*, 2aa88dcf*'
        })
      )
    ).rejects.toThrow(
      /1 file\(s\) match no driverkit config[\s\S]*falco_amazonlinux2022_5\.4\.209-116\.367\.amzn2\.aarch64\.ko/
    )
    rmSync(ws, { recursive: true, force: true })
  })

  test('an output symlinked outside output-dir is refused', async () => {
    const { ws, grid } = fresh({ perTarget: 1, targets: ['centos'], arches: ['x86_64'] })
    const secret = join(mkdtempSync(join(tmpdir(), 'secret-')), 'token')
    writeFileSync(secret, 'hunter2')
    rmSync(join(ws, grid.configs[0].outputs[0]))
    symlinkSync(secret, join(ws, grid.configs[0].outputs[0]))
    await expect(driversPublisher.plan(context(ws, new LocalStore(join(ws, 'out')), {}))).rejects.toThrow(
      /output-dir.*outside/
    )
    rmSync(ws, { recursive: true, force: true })
  })
})

describe('the existence check', () => {
  test('lists a prefix once for many keys, but abandons a huge listing for a few stats', async () => {
    const root = mkdtempSync(join(tmpdir(), 'drivers-exist-'))
    for (let i = 0; i < 1500; i++) write(join(root, '8.0.0+driver/x86_64', `falco_x_${i}_1.ko`), String(i))
    const calls = { list: 0, listed: 0, stat: 0 }
    const local = new LocalStore(root)
    const store: Store = Object.assign(Object.create(local) as LocalStore, {
      stat: (key: string) => (calls.stat++, local.stat(key)),
      list: async function* (prefix: string) {
        calls.list++
        for await (const o of local.list(prefix)) {
          calls.listed++
          yield o
        }
      }
    })
    // One key among 1500 objects: a 1000-object listing budget is exceeded, so one stat answers instead.
    const one = await findExisting(store, ['8.0.0+driver/x86_64/falco_x_7_1.ko'], 4)
    expect(calls).toMatchObject({ list: 1, stat: 1 })
    expect(calls.listed).toBeLessThanOrEqual(1002)
    expect(one.get('8.0.0+driver/x86_64/falco_x_7_1.ko')).toMatchObject({ size: 1 })
    // Two keys: the whole prefix is listed (2000 budget), a missing key is known absent without a request.
    calls.stat = 0
    const two = await findExisting(
      store,
      ['8.0.0+driver/x86_64/falco_x_8_1.ko', '8.0.0+driver/x86_64/falco_new_1_1.ko'],
      4
    )
    expect(two.has('8.0.0+driver/x86_64/falco_new_1_1.ko')).toBe(true)
    expect(two.get('8.0.0+driver/x86_64/falco_new_1_1.ko')).toBeUndefined()
    // A local folder lists sizes only, so the present key is hashed to compare (an S3 listing carries the MD5).
    expect(calls.stat).toBe(1)
    rmSync(root, { recursive: true, force: true })
  })
})

describe('hashing the objects (Hasher)', () => {
  test('thousands of files, shared with the worker thread: every digest right, md5 only where asked; big and unreadable files too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'drivers-digest-'))
    const files: string[] = []
    for (let i = 0; i < 3000; i++) {
      files.push(join(root, `f${i}`))
      writeFileSync(files[i], `object ${i} `.repeat(i % 50))
    }
    // Bigger than one read: streamed. Exactly one read's size: still read whole.
    files.push(join(root, 'big'))
    writeFileSync(files.at(-1) as string, Buffer.alloc(ONE_READ_BYTES + 5, 7))
    files.push(join(root, 'edge'))
    writeFileSync(files.at(-1) as string, Buffer.alloc(ONE_READ_BYTES, 9))
    const asked = (file: string): boolean => Number(file.slice(file.lastIndexOf('f') + 1)) % 3 === 0
    const items = files.map(file => ({ file, tag: file }))
    // Half announced early (the worker starts on them), all asked for at the end.
    const hasher = new Hasher(asked)
    for (const item of items.slice(0, 1500)) hasher.add(item.file, item.tag)
    const digests = await hasher.all(items, 4)
    files.forEach((file, i) => {
      const { size, sha256, md5 } = hashBytes(readFileSync(file))
      expect(digests[i].size).toBe(size)
      expect(digests[i].sha256).toBe(sha256)
      // Streamed files get both; a small one gets its md5 exactly when asked.
      if (size <= ONE_READ_BYTES) expect(digests[i].md5).toBe(asked(file) ? md5 : undefined)
      else expect(digests[i].md5).toBe(md5)
    })
    // A file that cannot be read fails with the file's own error, whichever thread met it first.
    rmSync(files[1500])
    await expect(new Hasher(() => false).all(items, 4)).rejects.toThrow(/ENOENT.*f1500/)
    rmSync(root, { recursive: true, force: true })
  })

  test('config files read ahead: texts of regular files, null for whatever this thread must read itself', async () => {
    const root = mkdtempSync(join(tmpdir(), 'drivers-ahead-'))
    const files = Array.from({ length: 600 }, (_, i) => join(root, `c${i}.yaml`))
    files.forEach((file, i) => writeFileSync(file, `target: t${i}\nné: ü\n`))
    writeFileSync(join(root, 'secret'), 'hunter2')
    rmSync(files[5])
    symlinkSync(join(root, 'secret'), files[5])
    rmSync(files[6])
    execFileSync('mkfifo', [files[6]])
    writeFileSync(files[7], 'x'.repeat(2000))
    rmSync(files[8])
    const hasher = new Hasher(() => false)
    expect(hasher.readAhead(files, 1000)).toBeUndefined() // no worker yet
    hasher.expect(files.length)
    const ahead = hasher.readAhead(files, 1000)
    expect(ahead).toBeDefined()
    const texts = (await Promise.all(ahead?.texts ?? [])).flat()
    expect(texts).toHaveLength(files.length)
    files.forEach((_, i) => expect(texts[i]).toBe([5, 6, 7, 8].includes(i) ? null : `target: t${i}\nné: ü\n`))
    // A worker gone with chunks still out leaves them all to this thread.
    const gone = new Hasher(() => false)
    gone.expect(files.length)
    const lost = gone.readAhead(files, 1000)
    gone.close()
    expect((await Promise.all(lost?.texts ?? [])).flat().every(t => t === null)).toBe(true)
    hasher.close()
    rmSync(root, { recursive: true, force: true })
  })

  test('files announced early are never read through a symlink or from a FIFO by the worker', async () => {
    const root = mkdtempSync(join(tmpdir(), 'drivers-early-'))
    const items = Array.from({ length: 1000 }, (_, i) => ({ file: join(root, `f${i}`), tag: String(i) }))
    for (const { file } of items) writeFileSync(file, file)
    const secret = join(root, 'secret')
    writeFileSync(secret, 'hunter2')
    symlinkSync(secret, join(root, 'link'))
    execFileSync('mkfifo', [join(root, 'fifo')])
    const hasher = new Hasher(() => true)
    // Announced first (the worker starts as more arrive): a FIFO it opened to read would block it for good.
    hasher.add(join(root, 'fifo'), 'fifo')
    hasher.add(join(root, 'link'), 'link')
    for (const { file, tag } of items) hasher.add(file, tag)
    // Time for the worker to start and take its first batch, the FIFO in it, before all() takes the rest back.
    await new Promise(done => setTimeout(done, 500))
    const digests = await hasher.all([...items, { file: join(root, 'link'), tag: 'link' }], 4)
    expect(digests.slice(0, -1).map(d => d.sha256)).toEqual(
      items.map(i => hashBytes(Buffer.from(i.file)).sha256)
    )
    // Once checked and asked for, a symlink is hashed by this thread: what it points to.
    expect(digests.at(-1)?.sha256).toBe(hashBytes(Buffer.from('hunter2')).sha256)
    rmSync(root, { recursive: true, force: true })
  })
})
