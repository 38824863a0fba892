/**
 * The HTTP store against nginx's WebDAV (Debian nginx + libnginx-mod-http-dav-ext, auth_basic on, parent
 * folders only through MKCOL), on 127.0.0.1, and the bundled action publishing to an http:// destination.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { TestRepo } from '../testing/repo.js'
import { runAction } from '../testing/runner.js'
import { type NginxHandle, startNginx } from '../testing/servers/nginx.js'
import { HttpStore } from '../src/stores/http.js'

let dav: NginxHandle
const tmp = mkdtempSync(join(tmpdir(), 'stores-http-'))
const MiB = 1024 * 1024

beforeAll(async () => {
  dav = await startNginx()
}, 30_000)

afterAll(async () => {
  await dav?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

function store(path: string, over: Partial<ConstructorParameters<typeof HttpStore>[0]> = {}): HttpStore {
  return new HttpStore({
    url: new URL(path, dav.url),
    username: dav.username,
    password: dav.password,
    concurrency: 4,
    ...over
  })
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const onDisk = (path: string) => readFileSync(join(dav.root, path))

describe('HttpStore on nginx WebDAV', () => {
  test('creates collections, writes object then sidecar, stats, reads, lists and deletes', async () => {
    const s = store('unit/falco/')
    const data = Buffer.from('falco driver bytes')
    const key = 'driver/8.0.0+driver/x86_64/falco_ubuntu generic.ko'
    await s.write(key, { data }, { size: data.length, sha256: sha256(data) })
    // The folders did not exist: nginx here refuses PUT into a missing folder, so MKCOL made them.
    expect(onDisk(`unit/falco/${key}`).equals(data)).toBe(true)
    expect(onDisk(`unit/falco/${key}.sha256`).toString()).toBe(`${sha256(data)}  falco_ubuntu generic.ko\n`)
    expect(await s.stat(key)).toEqual({ size: data.length, sha256: sha256(data) })
    expect((await s.read(key))?.toString()).toBe('falco driver bytes')
    expect(await s.stat('driver/missing.ko')).toBeUndefined()
    expect(await s.read('driver/missing.ko')).toBeUndefined()

    const idx = Buffer.from('index')
    await s.write('deb/stable/Release', { data: idx }, { size: idx.length, sha256: sha256(idx) })
    const listed = []
    for await (const o of s.list('')) listed.push(o)
    // Sidecars next to their object are not listed.
    expect(listed.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'deb/stable/Release', size: 5, lastModified: expect.any(String) },
      { key, size: data.length, lastModified: expect.any(String) }
    ])
    // PROPFIND's getlastmodified (an HTTP date) as ISO 8601: the drivers listings show it per object.
    expect(Math.abs(Date.parse(listed[1].lastModified as string) - Date.now())).toBeLessThan(10 * 60_000)
    expect(listed[1].lastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const underDriver = []
    for await (const o of s.list('driver/8.0.0+driver')) underDriver.push(o.key)
    expect(underDriver).toEqual([key])
    const none = []
    for await (const o of s.list('nothing-here/')) none.push(o)
    expect(none).toEqual([])

    await s.delete(key)
    expect(await s.stat(key)).toBeUndefined()
    expect(existsSync(join(dav.root, `unit/falco/${key}.sha256`))).toBe(false)
    await s.close()
  })

  test('an object without a sidecar (another tool put it there) is hashed from its bytes', async () => {
    mkdirSync(join(dav.root, 'legacy'), { recursive: true })
    writeFileSync(join(dav.root, 'legacy/old.tar.gz'), 'old bytes')
    const s = store('legacy/')
    expect(await s.stat('old.tar.gz')).toEqual({
      size: 9,
      sha256: sha256(Buffer.from('old bytes')),
      md5: createHash('md5').update('old bytes').digest('hex')
    })
    await s.close()
  })

  test('a large file streams up whole and lands byte for byte', async () => {
    const s = store('big/')
    const path = join(tmp, 'big.bin')
    const data = Buffer.alloc(24 * MiB)
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251
    writeFileSync(path, data)
    await s.write('a/b/big.bin', { path }, { size: data.length, sha256: sha256(data) })
    expect(sha256(onDisk('big/a/b/big.bin'))).toBe(sha256(data))
    expect((await s.stat('a/b/big.bin'))?.sha256).toBe(sha256(data))
    await s.close()
  })

  test('a wrong password is a clear error that never shows it', async () => {
    const s = store('unit/', { password: 'wrong-password-77' })
    const data = Buffer.from('x')
    const err = (await s.write('x', { data }, { size: 1, sha256: sha256(data) }).catch(e => e)) as Error
    expect(err.message).toMatch(/HTTP 401: 401 Authorization Required \(the server refused the credentials/)
    expect(err.message).toMatch(/http-username\/http-password/)
    expect(err.message).not.toContain('wrong-password-77')
    const anonymous = store('unit/', { username: undefined, password: undefined })
    await expect(anonymous.stat('x')).rejects.toThrow(/HTTP 401 \(the server wants credentials/)
    await s.close()
    await anonymous.close()
  })
})

describe('the bundled action with an http:// destination', () => {
  const payload = {
    ref: 'refs/tags/v3.0.0',
    repository: { default_branch: 'main', full_name: 'example/project' }
  }

  function artifacts(output: string): Array<{ path: string; status: string; url: string }> {
    return (JSON.parse(output) as Array<{ path: string; status: string; url: string; role: string }>)
      .filter(p => p.role === 'artifact')
      .sort((a, b) => a.path.localeCompare(b.path))
  }

  async function publish(repo: TestRepo, sha: string, inputs: Record<string, string> = {}) {
    return runAction({
      inputs: {
        kind: 'packages',
        files: 'build/*.tar.gz',
        destination: `${dav.url}e2e/packages`,
        'http-username': dav.username,
        'http-password': dav.password,
        ...inputs
      },
      eventName: 'push',
      payload,
      ref: 'refs/tags/v3.0.0',
      sha,
      workspace: repo.dir,
      env: { PUBLISH_ARTIFACTS_RETRY_BASE_MS: '5' },
      timeoutMs: 120_000
    })
  }

  test('publishes, re-runs unchanged, refuses a stable overwrite, and explains a wrong password', async () => {
    const repo = TestRepo.create()
    repo.commit()
    const sha = repo.tag('v3.0.0')
    repo.addOrigin()
    const small = gzipSync(Buffer.from('tool x86_64'))
    repo.write('build/tool-3.0.0-x86_64.tar.gz', small)
    repo.write('build/tool-3.0.0-aarch64.tar.gz', gzipSync(Buffer.from('tool aarch64')))

    const first = await publish(repo, sha)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const published = artifacts(first.outputs.published)
    expect(published.map(p => [p.path, p.status])).toEqual([
      ['bin/aarch64/tool-3.0.0-aarch64.tar.gz', 'uploaded'],
      ['bin/x86_64/tool-3.0.0-x86_64.tar.gz', 'uploaded']
    ])
    expect(published[1].url).toBe(`${dav.url}e2e/packages/bin/x86_64/tool-3.0.0-x86_64.tar.gz`)
    expect(onDisk('e2e/packages/bin/x86_64/tool-3.0.0-x86_64.tar.gz').equals(small)).toBe(true)
    expect(onDisk('e2e/packages/bin/x86_64/tool-3.0.0-x86_64.tar.gz.sha256').toString()).toContain(
      sha256(small)
    )

    const again = await publish(repo, sha)
    expect(again.code).toBe(0)
    expect(artifacts(again.outputs.published).map(p => p.status)).toEqual(['unchanged', 'unchanged'])

    writeFileSync(join(repo.dir, 'build/tool-3.0.0-x86_64.tar.gz'), gzipSync(Buffer.from('rebuilt')))
    const refused = await publish(repo, sha)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(
      /refusing to overwrite 1 stable artifact.*bin\/x86_64\/tool-3\.0\.0-x86_64\.tar\.gz/
    )
    expect(onDisk('e2e/packages/bin/x86_64/tool-3.0.0-x86_64.tar.gz').equals(small)).toBe(true)

    const wrong = 'not-the-password-5521'
    const denied = await publish(repo, sha, { 'http-password': wrong })
    expect(denied.code).toBe(1)
    expect(denied.stdout).toMatch(/::error::.*HTTP 401.*http-username\/http-password/)
    const printed = denied.stdout
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    expect(printed + denied.stderr + denied.summary + JSON.stringify(denied.outputs)).not.toContain(wrong)
    expect(printed).not.toContain(dav.password)
  }, 180_000)
})
