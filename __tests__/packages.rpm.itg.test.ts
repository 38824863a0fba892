/**
 * rpm repositories end to end: packages built by rpmbuild (x86_64, aarch64, noarch) and in pure JS, published to
 * a real LocalStore; the metadata is compared field by field with what createrepo_c writes for the same files,
 * the signatures are checked with gpgv, and dnf reads the repository over HTTP with repo_gpgcheck on.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { basename, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import { LocalStore } from '../src/stores/local.js'
import { parseRepomd } from '../src/packages/repodata.js'
import { buildRpm } from '../testing/samples.js'
import { type StaticServer, startStatic } from '../testing/servers/static.js'
import { type TestKey, publish, rpmbuild, stopGpgAgents, testKey, tmp } from './helpers/packages.js'

let dir: string
let key: TestKey
let rpms: string[]
let server: StaticServer | undefined
let dest: string

/** Async: the static server runs in this process, so a blocking exec would starve it. */
const run = promisify(execFile)
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

function metadata(repo: string): Record<string, { xml: string; record: string }> {
  const repomd = readFileSync(join(repo, 'repodata/repomd.xml'), 'utf8')
  const out: Record<string, { xml: string; record: string }> = {}
  for (const r of parseRepomd(repomd)) {
    const gz = readFileSync(join(repo, r.href))
    out[r.type] = { xml: gunzipSync(gz).toString('utf8'), record: r.xml }
    expect(r.xml).toContain(`<checksum type="sha256">${sha256(gz)}</checksum>`)
    expect(r.xml).toContain(`<size>${gz.length}</size>`)
  }
  return out
}

/** The `<package>` chunks of a metadata document, sorted (createrepo_c orders by file discovery). */
const chunks = (xml: string): string[] => (xml.match(/<package[ >][\s\S]*?<\/package>/g) ?? []).sort()

beforeAll(async () => {
  dir = tmp('rpm')
  key = await testKey(dir)
  const built = join(dir, 'built')
  mkdirSync(built)
  rpms = [
    rpmbuild(built, { name: 'hello', version: '1.2.3', arch: 'x86_64', requires: 'bash' }),
    rpmbuild(built, { name: 'hello', version: '1.2.3', arch: 'aarch64', requires: 'bash' }),
    rpmbuild(built, { name: 'hello-data', version: '1.2.3', arch: 'noarch' })
  ]
  const js = join(built, 'sample-0.1.0-1.x86_64.rpm')
  writeFileSync(js, buildRpm({ name: 'sample', version: '0.1.0', arch: 'x86_64' }))
  rpms.push(js)
  dest = join(dir, 'dest')
  await publish({
    files: rpms,
    type: 'stable',
    store: new LocalStore(dest),
    inputs: { 'signing-key': key.armored }
  })
  server = await startStatic(dest)
}, 120_000)

afterAll(async () => {
  await server?.close()
  stopGpgAgents(dir)
})

describe('rpm repository', () => {
  test('layout: packages with .asc, repodata with repomd.xml and repomd.xml.asc', () => {
    const files = readdirSync(join(dest, 'rpm')).sort()
    for (const r of rpms) expect(files).toEqual(expect.arrayContaining([basename(r), `${basename(r)}.asc`]))
    expect(readdirSync(join(dest, 'rpm/repodata')).filter(f => f.endsWith('.xml.gz'))).toHaveLength(3)
    expect(files).toEqual(expect.arrayContaining(['repodata']))
    expect(readdirSync(join(dest, 'rpm/repodata'))).toEqual(
      expect.arrayContaining(['repomd.xml', 'repomd.xml.asc', 'repomd.xml.key'])
    )
  })

  test('metadata equals what createrepo_c writes for the same packages, field by field', () => {
    const cr = join(dir, 'createrepo')
    mkdirSync(cr)
    // The published rpms are the signed ones: createrepo_c indexes those (with the input's mtime, as we do).
    for (const r of rpms) {
      copyFileSync(join(dest, 'rpm', basename(r)), join(cr, basename(r)))
      const { atime, mtime } = statSync(r)
      utimesSync(join(cr, basename(r)), atime, mtime)
    }
    execFileSync('createrepo_c', ['--quiet', '--no-database', cr])
    const theirs = metadata(cr)
    const ours = metadata(join(dest, 'rpm'))
    expect(Object.keys(ours).sort()).toEqual(['filelists', 'other', 'primary'])
    expect(Object.keys(theirs).sort()).toEqual(['filelists', 'other', 'primary'])
    for (const type of ['primary', 'filelists', 'other']) {
      expect(chunks(ours[type].xml)).toEqual(chunks(theirs[type].xml))
      // Same document shell: XML declaration, root element with namespaces and package count.
      expect(ours[type].xml.split('\n').slice(0, 2)).toEqual(theirs[type].xml.split('\n').slice(0, 2))
      expect(ours[type].xml.slice(-20)).toEqual(theirs[type].xml.slice(-20))
      // The repomd record carries the same fields (values differ only by compression and time).
      const fields = (rec: string): string[] => [...rec.matchAll(/<([a-z-]+)[ >]/g)].map(m => m[1])
      expect(fields(ours[type].record)).toEqual(fields(theirs[type].record))
    }
  })

  test('gpgv accepts repomd.xml.asc and every package signature', () => {
    const repo = join(dest, 'rpm')
    execFileSync(
      'gpgv',
      ['--keyring', key.keyring, join(repo, 'repodata/repomd.xml.asc'), join(repo, 'repodata/repomd.xml')],
      {
        stdio: 'pipe'
      }
    )
    for (const r of rpms)
      execFileSync(
        'gpgv',
        ['--keyring', key.keyring, join(repo, `${basename(r)}.asc`), join(repo, basename(r))],
        {
          stdio: 'pipe'
        }
      )
  })

  test('dnf reads the repository over HTTP with repo_gpgcheck and installs a package into a private root', async () => {
    const root = join(dir, 'dnfroot')
    mkdirSync(root)
    // No host state: no plugins (dnf-plugins-core's local plugin keeps a copy of every installed package under
    // /var/lib/dnf/plugins/local), no repositories of the host; cache, logs and history stay under `dir`.
    const base = [
      '-q',
      '-y',
      '--disableplugin=*',
      `--installroot=${root}`,
      '--setopt=reposdir=/nonexistent',
      `--setopt=cachedir=${join(dir, 'dnfcache')}`,
      '--setopt=install_weak_deps=0',
      `--repofrompath=t,${server?.url}/rpm`,
      '--repo=t',
      '--setopt=t.gpgcheck=0',
      '--setopt=t.repo_gpgcheck=1',
      `--setopt=t.gpgkey=file://${join(dir, 'key.asc')}`,
      '--forcearch=x86_64',
      '--releasever=1'
    ]
    const { stdout: q } = await run(
      'dnf',
      [...base, 'repoquery', '--qf', '%{name}-%{version}-%{release}.%{arch}'],
      {
        timeout: 60_000
      }
    )
    expect(server?.requests).toEqual(
      expect.arrayContaining(['/rpm/repodata/repomd.xml', '/rpm/repodata/repomd.xml.asc'])
    )
    expect(q.split('\n').filter(Boolean).sort()).toEqual(
      expect.arrayContaining(['hello-1.2.3-1.x86_64', 'hello-data-1.2.3-1.noarch', 'sample-0.1.0-1.x86_64'])
    )
    // `sample` (built in pure JS) has no dependencies, so it installs into an empty root.
    await run('dnf', [...base, 'install', 'sample'], { timeout: 60_000 })
    expect(readFileSync(join(root, 'usr/share/doc/sample/README'), 'utf8')).toBe('sample 0.1.0-1\n')
  })

  test('a re-run with the same packages changes nothing', async () => {
    const before = readFileSync(join(dest, 'rpm/repodata/repomd.xml'))
    const { published } = await publish({
      files: rpms,
      type: 'stable',
      store: new LocalStore(dest),
      inputs: { 'signing-key': key.armored }
    })
    expect(published.length).toBeGreaterThan(rpms.length * 2)
    expect(published.filter(p => p.status !== 'unchanged')).toEqual([])
    expect(readFileSync(join(dest, 'rpm/repodata/repomd.xml'))).toEqual(before)
  })
})
