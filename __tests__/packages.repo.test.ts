/**
 * Repository updates against a real LocalStore with packages built in pure JS (testing/samples.ts): incremental
 * updates of a 1,000-package repository (store operations counted by a wrapping store), dev retention,
 * corrupt packages, concurrent publishers and publish locks, bin repositories.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { LocalStore } from '../src/stores/local.js'
import type { Body, WriteOptions } from '../src/stores/store.js'
import { field, parseParagraphs } from '../src/packages/control.js'
import { lockKey } from '../src/packages/publisher.js'
import { buildDeb, buildRpm, tarGz } from '../testing/samples.js'
import { publish, testKey, tmp } from './helpers/packages.js'

interface Op {
  op: 'stat' | 'read' | 'write' | 'delete' | 'list' | 'createExclusive'
  key: string
  bytes?: number
}

/** A LocalStore that records every operation, to assert what an update touched. */
class CountingStore extends LocalStore {
  ops: Op[] = []
  override async stat(key: string) {
    this.ops.push({ op: 'stat', key })
    return super.stat(key)
  }
  override async read(key: string) {
    const data = await super.read(key)
    this.ops.push({ op: 'read', key, bytes: data?.length ?? 0 })
    return data
  }
  override async write(key: string, body: Body, options: WriteOptions) {
    this.ops.push({ op: 'write', key, bytes: options.size })
    return super.write(key, body, options)
  }
  override async delete(key: string) {
    this.ops.push({ op: 'delete', key })
    return super.delete(key)
  }
  override async *list(prefix: string) {
    this.ops.push({ op: 'list', key: prefix })
    yield* super.list(prefix)
  }
  override async createExclusive(key: string, data: Uint8Array) {
    this.ops.push({ op: 'createExclusive', key })
    return super.createExclusive(key, data)
  }
}

function deb(dir: string, name: string, version: string, arch = 'amd64'): string {
  const file = join(dir, `${name}_${version}_${arch}.deb`)
  writeFileSync(file, buildDeb({ name, version, arch }))
  return file
}

function rpm(dir: string, name: string, version: string, release = '1', arch = 'x86_64'): string {
  const file = join(dir, `${name}-${version}-${release}.${arch}.rpm`)
  writeFileSync(file, buildRpm({ name, version, release, arch }))
  return file
}

function tree(root: string): string[] {
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name).slice(root.length + 1))
    .sort()
}

const savedEnv = { ...process.env }
afterEach(() => {
  process.env = { ...savedEnv }
})

describe('incremental updates', () => {
  test.each([
    ['deb', (d: string, i: number) => deb(d, `pkg${i}`, '1.0.0'), /^deb\/dists\//],
    ['rpm', (d: string, i: number) => rpm(d, `pkg${i}`, '1.0.0'), /^rpm\/repodata\//]
  ] as const)(
    '%s: adding 1 package to 1,000 reads and writes only the index files and the new package',
    async (_format, make, isIndex) => {
      const src = tmp('inc-src')
      const dest = tmp('inc-dest')
      const seed = Array.from({ length: 1000 }, (_, i) => make(src, i))
      await publish({ files: seed, type: 'stable', store: new LocalStore(dest) })
      const store = new CountingStore(dest)
      const added = make(src, 1000)
      const { published } = await publish({ files: [added], type: 'stable', store })
      const newKey = published.find(p => p.role === 'artifact')?.path as string
      expect(published.find(p => p.role === 'artifact')?.status).toBe('uploaded')
      // Nothing but index files, the new package and the publish lock was touched; nothing was listed.
      const other = store.ops.filter(
        o => !isIndex.test(o.key) && o.key !== newKey && o.key !== lockKey(newKey.split('/')[0])
      )
      expect(other).toEqual([])
      const written = store.ops.filter(o => o.op === 'write').map(o => o.key)
      expect(written).toContain(newKey)
      expect(written.filter(k => k !== newKey).every(k => isIndex.test(k))).toBe(true)
      // Packages are never read, only the indexes (a few hundred KB for 1,000 packages).
      expect(
        store.ops
          .filter(o => o.op === 'read' && !o.key.endsWith('.publish-lock'))
          .every(o => isIndex.test(o.key))
      ).toBe(true)
      expect(store.ops.filter(o => o.op === 'delete').map(o => o.key)).toEqual(
        _format === 'rpm' ? expect.any(Array) : [lockKey('deb')]
      )
    },
    120_000
  )

  test('deb: the merged index holds all 1,001 packages and a re-run writes nothing', async () => {
    const src = tmp('inc2-src')
    const dest = tmp('inc2-dest')
    const files = Array.from({ length: 30 }, (_, i) => deb(src, `p${i}`, '1.0', i % 2 ? 'amd64' : 'arm64'))
    await publish({ files: files.slice(0, 20), type: 'stable', store: new LocalStore(dest) })
    await publish({ files: files.slice(20), type: 'stable', store: new LocalStore(dest) })
    const amd64 = parseParagraphs(
      readFileSync(join(dest, 'deb/dists/stable/main/binary-amd64/Packages'), 'utf8')
    )
    const arm64 = parseParagraphs(
      readFileSync(join(dest, 'deb/dists/stable/main/binary-arm64/Packages'), 'utf8')
    )
    expect(amd64).toHaveLength(15)
    expect(arm64).toHaveLength(15)
    const store = new CountingStore(dest)
    const { published } = await publish({ files, type: 'stable', store })
    expect(published.every(p => p.status === 'unchanged')).toBe(true)
    expect(store.ops.filter(o => o.op === 'write' && !o.key.endsWith('.publish-lock'))).toEqual([])
  })
})

describe('retention of dev repositories', () => {
  test('15 dev versions: the newest 10 by version ordering stay in the index and on the store, 5 are deleted', async () => {
    const src = tmp('ret-src')
    const dest = tmp('ret-dest')
    const key = await testKey(src)
    // Published in a shuffled order: retention follows version ordering, not upload order.
    const order = [3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    for (const n of order) {
      const v = `0.41.0-${n}+abc${n}`
      await publish({
        files: [
          deb(src, 'falco', v),
          rpm(src, 'falco', '0.41.0', `${n}.abc${n}`),
          (() => {
            const f = join(src, `falco-${v}-x86_64.tar.gz`)
            writeFileSync(f, tarGz([{ name: 'falco', data: Buffer.from(v) }], 0))
            return f
          })()
        ],
        type: 'dev',
        version: v,
        store: new LocalStore(dest),
        inputs: { 'signing-key': key.armored, keep: '10' }
      })
    }
    const kept = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    const debIndex = parseParagraphs(
      readFileSync(join(dest, 'deb-dev/dists/stable/main/binary-amd64/Packages'), 'utf8')
    )
    expect(debIndex.map(p => field(p, 'Version'))).toEqual(kept.map(n => `0.41.0-${n}+abc${n}`))
    expect(tree(join(dest, 'deb-dev/stable'))).toEqual(
      kept
        .flatMap(n => [`falco_0.41.0-${n}+abc${n}_amd64.deb`, `falco_0.41.0-${n}+abc${n}_amd64.deb.asc`])
        .sort()
    )
    // The live metadata, and that of the 3 generations before it (keep-index-generations' default).
    const repomd = readFileSync(join(dest, 'rpm-dev/repodata/repomd.xml'), 'utf8')
    const primary = /href="repodata\/([0-9a-f]{64}-primary\.xml\.gz)"/.exec(repomd)?.[1] as string
    const primaries = readdirSync(join(dest, 'rpm-dev/repodata')).filter(f => f.endsWith('-primary.xml.gz'))
    expect(primaries).toHaveLength(4)
    expect(primaries).toContain(primary)
    const xml = gunzipSync(readFileSync(join(dest, 'rpm-dev/repodata', primary))).toString()
    expect([...xml.matchAll(/<version [^>]*rel="(\d+)\.abc/g)].map(m => Number(m[1]))).toEqual(kept)
    expect(tree(join(dest, 'rpm-dev')).filter(f => f.endsWith('.rpm'))).toHaveLength(10)
    expect(tree(join(dest, 'rpm-dev')).filter(f => f.endsWith('.rpm.asc'))).toHaveLength(10)
    expect(readdirSync(join(dest, 'rpm-dev/repodata'))).toHaveLength(4 * 3 + 3) // 4 generations + repomd.xml(.asc, .key)
    // apt by-hash: Packages and Packages.gz of the live and 3 earlier generations in each hash folder.
    for (const hash of ['MD5Sum', 'SHA1', 'SHA256', 'SHA512'])
      expect(readdirSync(join(dest, `deb-dev/dists/stable/main/binary-amd64/by-hash/${hash}`))).toHaveLength(
        8
      )
    const bin = JSON.parse(readFileSync(join(dest, 'bin-dev/index.json'), 'utf8')) as {
      packages: { version: string; path: string }[]
    }
    expect(bin.packages.map(p => p.version)).toEqual(kept.map(n => `0.41.0-${n}+abc${n}`))
    expect(tree(join(dest, 'bin-dev/x86_64'))).toHaveLength(22) // 10 tarballs, their .asc, SHA256SUMS and its .asc
  }, 120_000)

  test('stable repositories are never pruned', async () => {
    const src = tmp('ret-st-src')
    const dest = tmp('ret-st-dest')
    for (let n = 1; n <= 4; n++)
      await publish({
        files: [deb(src, 'tool', `1.${n}.0`)],
        type: 'stable',
        store: new LocalStore(dest),
        inputs: { keep: '2' }
      })
    expect(tree(join(dest, 'deb/stable'))).toHaveLength(4)
  })
})

describe('corrupt packages', () => {
  test.each([
    ['a truncated .deb', 'bad_1.0_amd64.deb', (b: Buffer) => b.subarray(0, 200), /truncated/],
    ['a .deb that is a text file', 'bad_1.0_amd64.deb', () => Buffer.from('hello\n'), /not an ar archive/],
    [
      'an .rpm with a wrong magic',
      'bad-1.0-1.x86_64.rpm',
      (b: Buffer) => Buffer.concat([Buffer.from('XXXX'), b.subarray(4)]),
      /bad lead magic/
    ],
    ['a truncated .rpm', 'bad-1.0-1.x86_64.rpm', (b: Buffer) => b.subarray(0, 300), /truncated/]
  ])('%s: a clear error naming the file, nothing published', async (_what, name, corrupt, reason) => {
    const src = tmp('bad-src')
    const dest = tmp('bad-dest')
    const good = deb(src, 'good', '1.0')
    const sample = name.endsWith('.deb')
      ? buildDeb({ name: 'bad', version: '1.0', arch: 'amd64' })
      : buildRpm({ name: 'bad', version: '1.0', arch: 'x86_64' })
    writeFileSync(join(src, name), corrupt(sample))
    const run = publish({ files: [good, join(src, name)], type: 'stable', store: new LocalStore(dest) })
    await expect(run).rejects.toThrow(
      new RegExp(`Input 'files': .*${name.replace(/\./g, '\\.')}.*is not a valid`)
    )
    await expect(run).rejects.toThrow(reason)
    expect(tree(dest)).toEqual([])
  })
})

describe('concurrent publishers', () => {
  test('two jobs (one per arch) publishing at once: no lost update', async () => {
    const src = tmp('conc-src')
    const dest = tmp('conc-dest')
    await Promise.all([
      publish({ files: [deb(src, 'falco', '1.0.0', 'amd64')], type: 'stable', store: new LocalStore(dest) }),
      publish({ files: [deb(src, 'falco', '1.0.0', 'arm64')], type: 'stable', store: new LocalStore(dest) }),
      publish({
        files: [rpm(src, 'falco', '1.0.0', '1', 'x86_64')],
        type: 'stable',
        store: new LocalStore(dest)
      }),
      publish({
        files: [rpm(src, 'falco', '1.0.0', '1', 'aarch64')],
        type: 'stable',
        store: new LocalStore(dest)
      })
    ])
    const release = parseParagraphs(readFileSync(join(dest, 'deb/dists/stable/Release'), 'utf8'))[0]
    expect(field(release, 'Architectures')).toBe('amd64 arm64')
    // The live one (earlier generations stay for readers holding an older repomd.xml).
    const repomd = readFileSync(join(dest, 'rpm/repodata/repomd.xml'), 'utf8')
    const primary = /href="repodata\/([0-9a-f]{64}-primary\.xml\.gz)"/.exec(repomd)?.[1] as string
    const xml = gunzipSync(readFileSync(join(dest, 'rpm/repodata', primary))).toString()
    expect([...xml.matchAll(/<arch>(\w+)<\/arch>/g)].map(m => m[1]).sort()).toEqual(['aarch64', 'x86_64'])
    expect(tree(dest).filter(f => f.includes('publish-lock'))).toEqual([])
  })

  test('a stale lock (its holder died) is broken; a live one makes the run fail after waiting, writing nothing', async () => {
    const src = tmp('lock-src')
    const dest = tmp('lock-dest')
    const store = new LocalStore(dest)
    await store.createExclusive(
      lockKey('deb'),
      Buffer.from(JSON.stringify({ owner: 'gone', expires: Date.now() - 1 }))
    )
    await publish({ files: [deb(src, 'a', '1.0')], type: 'stable', store })
    expect(existsSync(join(dest, 'deb/stable/a_1.0_amd64.deb'))).toBe(true)

    await store.createExclusive(
      lockKey('deb'),
      Buffer.from(JSON.stringify({ owner: 'job 7', expires: Date.now() + 60_000 }))
    )
    process.env.PUBLISH_ARTIFACTS_LOCK_WAIT_MS = '300'
    await expect(publish({ files: [deb(src, 'b', '1.0')], type: 'stable', store })).rejects.toThrow(
      /another publisher holds the lock deb\/\.publish-lock .*job 7/
    )
    expect(existsSync(join(dest, 'deb/stable/b_1.0_amd64.deb'))).toBe(false)
  })
})

describe('bin repositories', () => {
  test('<repo>/<arch>/<file> and an index.json listing name, version, arch, size and sha256', async () => {
    const src = tmp('bin-src')
    const dest = tmp('bin-dest')
    const files = ['x86_64', 'aarch64'].map(arch => {
      const f = join(src, `falco-0.40.0-static-${arch}.tar.gz`)
      writeFileSync(f, tarGz([{ name: 'falco', data: Buffer.from(arch) }], 0))
      return f
    })
    await publish({ files, type: 'stable', store: new LocalStore(dest) })
    expect(tree(dest)).toEqual([
      'bin/aarch64/SHA256SUMS',
      'bin/aarch64/falco-0.40.0-static-aarch64.tar.gz',
      'bin/index.json',
      'bin/x86_64/SHA256SUMS',
      'bin/x86_64/falco-0.40.0-static-x86_64.tar.gz'
    ])
    // sha256sum itself checks the folder against its SHA256SUMS.
    execFileSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], {
      cwd: join(dest, 'bin/x86_64'),
      stdio: 'pipe'
    })
    const index = JSON.parse(readFileSync(join(dest, 'bin/index.json'), 'utf8'))
    expect(index.packages).toEqual([
      expect.objectContaining({
        name: 'falco-static',
        version: '0.40.0',
        arch: 'aarch64',
        path: 'aarch64/falco-0.40.0-static-aarch64.tar.gz'
      }),
      expect.objectContaining({
        name: 'falco-static',
        version: '0.40.0',
        arch: 'x86_64',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/)
      })
    ])
  })

  test('SHA256SUMS lists every tarball of the folder, is signed, follows retention, and a re-run keeps it', async () => {
    const src = tmp('sums-src')
    const dest = tmp('sums-dest')
    const keyDir = tmp('sums-key')
    const key = await testKey(keyDir)
    const store = new LocalStore(dest)
    const inputs = { 'signing-key': key.armored, keep: '2' }
    for (const v of ['0.41.0-1+aaaaaaa', '0.41.0-2+bbbbbbb', '0.41.0-3+ccccccc']) {
      const f = join(src, `falco-${v}-x86_64.tar.gz`)
      writeFileSync(f, tarGz([{ name: 'falco', data: Buffer.from(v) }], 0))
      await publish({ files: [f], type: 'dev', store, inputs })
    }
    const folder = join(dest, 'bin-dev/x86_64')
    const sums = readFileSync(join(folder, 'SHA256SUMS'), 'utf8')
    // keep 2: the oldest left the index, its file and the checksum list.
    expect(
      sums
        .split('\n')
        .filter(Boolean)
        .map(l => l.split('  ')[1])
    ).toEqual(['falco-0.41.0-2+bbbbbbb-x86_64.tar.gz', 'falco-0.41.0-3+ccccccc-x86_64.tar.gz'])
    execFileSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: folder, stdio: 'pipe' })
    execFileSync('gpgv', ['--keyring', key.keyring, 'SHA256SUMS.asc', 'SHA256SUMS'], {
      cwd: folder,
      stdio: 'pipe'
    })
    const again = await publish({
      files: [join(src, 'falco-0.41.0-3+ccccccc-x86_64.tar.gz')],
      type: 'dev',
      store,
      inputs
    })
    expect(again.published.filter(p => p.status !== 'unchanged')).toEqual([])
  })

  test('a wasm tarball (a platform, not a CPU) goes to wasm-dev/ with its own listing and retention', async () => {
    const src = tmp('wasm-src')
    const dest = tmp('wasm-dest')
    const store = new LocalStore(dest)
    const published: string[] = []
    for (const v of ['0.45.0-1+aaaaaaa', '0.45.0-2+bbbbbbb']) {
      const f = join(src, `falco-${v}-wasm.tar.gz`)
      writeFileSync(f, tarGz([{ name: 'falco.wasm', data: Buffer.from(v) }], 0))
      const { published: p } = await publish({ files: [f], type: 'dev', store, inputs: { keep: '1' } })
      published.push(...p.filter(e => e.role === 'artifact').map(e => e.path ?? ''))
    }
    expect(published).toEqual([
      'wasm-dev/falco-0.45.0-1+aaaaaaa-wasm.tar.gz',
      'wasm-dev/falco-0.45.0-2+bbbbbbb-wasm.tar.gz'
    ])
    expect(tree(dest)).toEqual([
      'wasm-dev/SHA256SUMS',
      'wasm-dev/falco-0.45.0-2+bbbbbbb-wasm.tar.gz',
      'wasm-dev/index.json'
    ])
    const index = JSON.parse(readFileSync(join(dest, 'wasm-dev/index.json'), 'utf8'))
    expect(index.packages).toEqual([
      expect.objectContaining({
        name: 'falco',
        version: '0.45.0-2+bbbbbbb',
        arch: 'wasm',
        path: 'falco-0.45.0-2+bbbbbbb-wasm.tar.gz'
      })
    ])
    execFileSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], {
      cwd: join(dest, 'wasm-dev'),
      stdio: 'pipe'
    })
    // Stable goes to wasm/, and a name that ends in no arch nor platform is still refused, naming the input.
    const stable = join(src, 'falco-0.45.0-wasm.tar.gz')
    writeFileSync(stable, tarGz([{ name: 'falco.wasm', data: Buffer.from('s') }], 0))
    await publish({ files: [stable], type: 'stable', store })
    expect(existsSync(join(dest, 'wasm/falco-0.45.0-wasm.tar.gz'))).toBe(true)
    const odd = join(src, 'falco-0.45.0-sparc.tar.gz')
    writeFileSync(odd, tarGz([{ name: 'x', data: Buffer.from('x') }], 0))
    await expect(publish({ files: [odd], type: 'stable', store })).rejects.toThrow(
      /files.*architecture of tarball.*wasm/
    )
  })
})
