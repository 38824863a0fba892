import { describe, expect, test } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyPlan } from '../src/apply.js'
import { hashBytes } from '../src/hash.js'
import { mapLimit } from '../src/limit.js'
import type { Plan, PlanWrite } from '../src/plan.js'
import { LocalStore } from '../src/stores/local.js'
import { safeKey } from '../src/stores/store.js'
import type { Body, Store, WriteOptions } from '../src/stores/store.js'

const release = { type: 'stable' as const, version: '1.0.0', reason: 'test', prerelease: false }

function write(key: string, text: string, role: PlanWrite['role'] = 'artifact', immutable = true): PlanWrite {
  const data = Buffer.from(text)
  return { kind: 'packages', key, body: { data }, ...hashBytes(data), role, immutable, reason: 'test' }
}

function plan(writes: PlanWrite[], deletes: Plan['deletes'] = []): Plan {
  return { kind: 'packages', release, destination: 'test', writes, deletes, extra: [], notes: [] }
}

/** Wraps a store to record the order of operations. */
function recording(store: Store): { store: Store; ops: string[] } {
  const ops: string[] = []
  return {
    ops,
    store: {
      ...store,
      description: store.description,
      stat: k => (ops.push(`stat ${k}`), store.stat(k)),
      read: k => store.read(k),
      write: (k: string, b: Body, o: WriteOptions) => (ops.push(`write ${k}`), store.write(k, b, o)),
      delete: k => (ops.push(`delete ${k}`), store.delete(k)),
      list: p => store.list(p),
      close: () => store.close()
    }
  }
}

describe('applyPlan', () => {
  test('artifacts, then signatures, then indexes, then deletes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pa-apply-'))
    writeFileSync(join(root, 'old.deb'), 'old')
    const { store, ops } = recording(new LocalStore(root))
    const result = await applyPlan(
      plan(
        [
          write('idx/Packages', 'index', 'index', false),
          write('a.deb.asc', 'sig', 'signature'),
          write('a.deb', 'pkg')
        ],
        [{ kind: 'packages', key: 'old.deb', reason: 'retention' }]
      ),
      store,
      { concurrency: 1 }
    )
    expect(ops.filter(o => !o.startsWith('stat'))).toEqual([
      'write a.deb',
      'write a.deb.asc',
      'write idx/Packages',
      'delete old.deb'
    ])
    expect(result.map(r => r.status)).toEqual(['uploaded', 'uploaded', 'uploaded', 'deleted'])
    expect(existsSync(join(root, 'old.deb'))).toBe(false)
    expect(readFileSync(join(root, 'idx/Packages'), 'utf8')).toBe('index')
  })

  test('identical bytes are unchanged and not rewritten', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pa-apply-'))
    await applyPlan(plan([write('a.deb', 'pkg')]), new LocalStore(root), { concurrency: 2 })
    const { store, ops } = recording(new LocalStore(root))
    const result = await applyPlan(plan([write('a.deb', 'pkg')]), store, { concurrency: 2 })
    expect(result[0].status).toBe('unchanged')
    expect(ops).toEqual(['stat a.deb'])
  })

  test('a stable conflict stops the run before any write; dev files are replaced', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pa-apply-'))
    writeFileSync(join(root, 'a.deb'), 'first')
    const { store, ops } = recording(new LocalStore(root))
    await expect(
      applyPlan(plan([write('b.deb', 'new'), write('a.deb', 'second')]), store, { concurrency: 2 })
    ).rejects.toThrow(/refusing to overwrite 1 stable artifact.*a\.deb.*Nothing was written/)
    expect(ops.some(o => o.startsWith('write'))).toBe(false)
    expect(readdirSync(root)).toEqual(['a.deb'])
    await applyPlan(plan([write('a.deb', 'second', 'artifact', false)]), new LocalStore(root), {
      concurrency: 1
    })
    expect(readFileSync(join(root, 'a.deb'), 'utf8')).toBe('second')
  })

  test('a known listing replaces stats', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pa-apply-'))
    const w = write('a.ko', 'module', 'artifact', false)
    const { store, ops } = recording(new LocalStore(root))
    const result = await applyPlan(plan([w]), store, {
      concurrency: 1,
      known: new Map([['a.ko', { size: w.size, md5: w.md5 }]])
    })
    expect(result[0].status).toBe('unchanged')
    expect(ops).toEqual([])
  })
})

describe('LocalStore', () => {
  test('writes atomically and leaves no temp files; list and stat', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pa-local-'))
    const store = new LocalStore(root)
    const src = join(root, '..', `src-${Date.now()}`)
    writeFileSync(src, 'streamed')
    await store.write('x/y/z.bin', { path: src }, { size: 8, sha256: '' })
    await store.write('x/w.bin', { data: Buffer.from('data') }, { size: 4, sha256: '' })
    const listed = []
    for await (const o of store.list('x')) listed.push(o.key)
    expect(listed.sort()).toEqual(['x/w.bin', 'x/y/z.bin'])
    expect(await store.stat('x/w.bin')).toMatchObject(hashBytes(Buffer.from('data')))
    expect(await store.stat('nope')).toBeUndefined()
    expect(await store.read('nope')).toBeUndefined()
  })

  test.each(['../x', '/abs', 'a//b', 'a/./b', 'a\\b', 'a\u0001b', ''])('unsafe key %j is refused', key => {
    expect(() => safeKey(key)).toThrow(/unsafe object key/)
  })
})

describe('mapLimit', () => {
  test('bounds concurrency and keeps order', async () => {
    let running = 0
    let peak = 0
    const out = await mapLimit([5, 1, 3, 2, 4], 2, async n => {
      peak = Math.max(peak, ++running)
      await new Promise(r => setTimeout(r, n))
      running--
      return n * 10
    })
    expect(out).toEqual([50, 10, 30, 20, 40])
    expect(peak).toBe(2)
  })
  test('the first failure is rethrown and stops new work', async () => {
    const started: number[] = []
    await expect(
      mapLimit([1, 2, 3, 4], 1, async n => {
        started.push(n)
        if (n === 2) throw new Error('boom')
        return n
      })
    ).rejects.toThrow('boom')
    expect(started).toEqual([1, 2])
  })
})
