/**
 * createrepo_c parity on packages as projects really build them (rpmbuild from a spec and a C source: glibc
 * symbol-versioned requires, Latin-1 header text, Epoch, weak deps, scriptlets, many files, a long changelog, the
 * source rpm) and on an old-style source rpm: primary, filelists and other are compared with what createrepo_c
 * writes over the same (published, signed) files, package by package and line by line.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { buildRpm } from '../testing/samples.js'
import { compareLibc, parseRepomd } from '../src/packages/repodata.js'
import { decodeText } from '../src/packages/rpm.js'
import { LocalStore } from '../src/stores/local.js'
import { publish, rpmbuildRich, testKey, tmp } from './helpers/packages.js'

type Docs = Record<'primary' | 'filelists' | 'other', Map<string, string[]>>

/** Each metadata document split per package (keyed by file name for primary, by name+arch+pkgid otherwise). */
function documents(repo: string): Docs {
  const repomd = readFileSync(join(repo, 'repodata/repomd.xml'), 'utf8')
  const out = {} as Docs
  for (const r of parseRepomd(repomd)) {
    if (r.type !== 'primary' && r.type !== 'filelists' && r.type !== 'other') continue
    const xml = gunzipSync(readFileSync(join(repo, r.href))).toString('utf8')
    const map = new Map<string, string[]>()
    for (const chunk of xml.match(/<package[ >][\s\S]*?<\/package>/g) ?? []) {
      const key = /<location href="([^"]*)"/.exec(chunk)?.[1] ?? /pkgid="([^"]*)"/.exec(chunk)?.[1] ?? ''
      map.set(key, chunk.split('\n'))
    }
    out[r.type] = map
  }
  return out
}

let dir: string
let files: string[]
let ours: Docs
let theirs: Docs
let pkgids: Map<string, string>

beforeAll(async () => {
  dir = tmp('parity')
  const key = await testKey(dir)
  const built = join(dir, 'built')
  mkdirSync(built)
  const [binary, source] = rpmbuildRich(built)
  const old = join(built, 'oldsrc-1.0-1.src.rpm')
  writeFileSync(old, buildRpm({ name: 'oldsrc', version: '1.0', arch: 'x86_64', oldSource: true }))
  files = [binary, source, old]
  const dest = join(dir, 'dest')
  await publish({
    files,
    type: 'stable',
    store: new LocalStore(dest),
    inputs: { 'signing-key': key.armored }
  })
  const cr = join(dir, 'createrepo')
  mkdirSync(cr)
  for (const f of files) {
    copyFileSync(join(dest, 'rpm', basename(f)), join(cr, basename(f)))
    const { atime, mtime } = statSync(f)
    utimesSync(join(cr, basename(f)), atime, mtime)
  }
  execFileSync('createrepo_c', ['--quiet', '--no-database', cr])
  ours = documents(join(dest, 'rpm'))
  theirs = documents(cr)
  pkgids = new Map(
    [...ours.primary].map(([href, lines]) => [href, /pkgid="YES">([^<]*)</.exec(lines.join('\n'))?.[1] ?? ''])
  )
}, 180_000)

describe('createrepo_c parity on rpmbuild packages', () => {
  test('both index the same packages', () => {
    expect([...ours.primary.keys()].sort()).toEqual(files.map(f => basename(f)).sort())
    expect([...theirs.primary.keys()].sort()).toEqual([...ours.primary.keys()].sort())
  })

  test.each(['rich-2.1-4.x86_64.rpm', 'rich-2.1-4.src.rpm'])(
    'primary.xml of %s equals createrepo_c, line by line',
    href => {
      expect(ours.primary.get(href)).toEqual(theirs.primary.get(href))
    }
  )

  test.each(['rich-2.1-4.x86_64.rpm', 'rich-2.1-4.src.rpm', 'oldsrc-1.0-1.src.rpm'])(
    'filelists.xml and other.xml of %s equal createrepo_c',
    href => {
      const id = pkgids.get(href) as string
      for (const type of ['filelists', 'other'] as const) {
        const find = (docs: Docs): string[] | undefined =>
          [...docs[type].values()]
            .find(lines => lines[0].includes(`pkgid="${id}"`))
            ?.map(l =>
              // createrepo_c names the old source rpm's arch from its header (x86_64); we say src (see below).
              href.startsWith('oldsrc') ? l.replace(' arch="src"', ' arch="x86_64"') : l
            )
        expect(find(ours)).toBeDefined()
        expect(find(ours)).toEqual(find(theirs))
      }
    }
  )

  test('the fixture exercises what the comparison is about', () => {
    const primary = ours.primary.get('rich-2.1-4.x86_64.rpm')?.join('\n') ?? ''
    // The highest GLIBC symbol version is kept (not libc.so.6()(64bit), whose "64" is no version).
    expect(primary).toContain('<rpm:entry name="libc.so.6(GLIBC_2.')
    expect(primary).not.toContain('libc.so.6()(64bit)')
    // Latin-1 header text converted to UTF-8, the C1 byte 0xBB dropped as createrepo_c does.
    expect(primary).toContain('<summary>Résumé of a café  tool</summary>')
    expect(primary).toContain('à la façon')
    expect(primary).not.toContain('\uFFFD')
    expect(primary).toContain('<version epoch="3" ver="2.1" rel="4"/>')
    expect(primary).toContain('<rpm:entry name="/bin/sh" pre="1"/>')
    for (const tag of ['recommends', 'suggests', 'supplements', 'enhances', 'conflicts', 'obsoletes'])
      expect(primary).toContain(`<rpm:${tag}>`)
    const id = pkgids.get('rich-2.1-4.x86_64.rpm') as string
    const filelist = [...ours.filelists.values()].find(l => l[0].includes(id)) ?? []
    expect(filelist.filter(l => l.includes('<file')).length).toBeGreaterThan(150)
    expect(filelist).toEqual(expect.arrayContaining(['  <file type="ghost">/var/lib/rich/state</file>']))
    const other = [...ours.other.values()].find(l => l[0].includes(id)) ?? []
    expect(other.filter(l => l.includes('<changelog')).length).toBe(10)
    expect(other.join('\n')).toContain('author="Jos&#xE9; Tester &lt;t@example.org&gt; - 3:2.1-12"')
  })

  test('an old-style source rpm (source in the lead, no SOURCEPACKAGE) is indexed as src, not installable', () => {
    const mine = ours.primary.get('oldsrc-1.0-1.src.rpm') as string[]
    const cr = theirs.primary.get('oldsrc-1.0-1.src.rpm') as string[]
    expect(mine).toContain('  <arch>src</arch>')
    expect(mine).toContain('    <rpm:sourcerpm></rpm:sourcerpm>')
    // Deliberately unlike createrepo_c 0.17, which takes the header's arch and prints "(none)" for the missing
    // SOURCERPM, so dnf would offer the source package for installation. Everything else is the same.
    expect(cr).toContain('  <arch>x86_64</arch>')
    const normalized = mine.map(l =>
      l === '  <arch>src</arch>'
        ? '  <arch>x86_64</arch>'
        : l === '    <rpm:sourcerpm></rpm:sourcerpm>'
          ? '    <rpm:sourcerpm>(none)</rpm:sourcerpm>'
          : l
    )
    expect(normalized).toEqual(cr)
  })
})

describe('createrepo_c rules, table-driven', () => {
  test.each([
    ['libc.so.6()(64bit)', 'libc.so.6(GLIBC_2.34)(64bit)', 2],
    ['libc.so.6(GLIBC_2.34)(64bit)', 'libc.so.6()(64bit)', 1],
    ['libc.so.6(GLIBC_2.2.5)(64bit)', 'libc.so.6(GLIBC_2.34)(64bit)', 2],
    ['libc.so.6(GLIBC_2.34)(64bit)', 'libc.so.6(GLIBC_2.4)(64bit)', 1],
    ['libc.so.6(GLIBC_2.3.4)', 'libc.so.6(GLIBC_2.3.4)', 0],
    ['libc.so.6', 'libc.so.6(GLIBC_2.0)', 2],
    ['libc.so.6(GLIBC_PRIVATE)(64bit)', 'libc.so.6(GLIBC_2.17)(64bit)', 2],
    ['libc.so.6()(64bit)', 'libc.so.6()', 0]
  ])('compareLibc(%s, %s) = %i', (a, b, expected) => {
    expect(compareLibc(a, b)).toBe(expected)
  })

  test.each([
    [Buffer.from('caf\u00e9', 'utf8'), 'caf\u00e9'],
    [Buffer.from('caf\u00e9', 'latin1'), 'caf\u00e9'],
    [Buffer.from([0x61, 0x93, 0x62, 0x94, 0xe0]), 'ab\u00e0'],
    [Buffer.from('plain'), 'plain']
  ])('decodeText(%p) = %p', (bytes, text) => {
    expect(decodeText(bytes)).toBe(text)
  })
})
