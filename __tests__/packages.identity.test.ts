/**
 * Identity immutability in stable repositories: what clients resolve is the package's identity (deb: name,
 * version, arch; rpm: name, epoch, version, release, arch), not its file name. Real packages (the pure-JS
 * builders in testing/samples.ts, rebuilt at another time so their bytes differ) published to a LocalStore.
 */
import { describe, expect, test } from '@jest/globals'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LocalStore } from '../src/stores/local.js'
import { nameMismatch } from '../src/packages/identities.js'
import { readPackage } from '../src/packages/read.js'
import { buildDeb, buildRpm } from '../testing/samples.js'
import { publish, tmp } from './helpers/packages.js'
import { tree } from './helpers/tree.js'

function write(dir: string, name: string, data: Buffer): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, data)
  return path
}

/** Every file of the store with its bytes, to show that nothing was written. */
const snapshot = (dest: string): string[] =>
  tree(dest).map(f => `${f}:${readFileSync(join(dest, f)).toString('base64')}`)

describe('stable identities', () => {
  test.each([
    [
      'deb',
      (time: number) => buildDeb({ name: 'falco', version: '0.45.0', arch: 'amd64', time }),
      'falco_0.45.0_amd64.deb',
      'falco-0.45.0-x86_64.deb',
      /falco 0\.45\.0 \(amd64\) is already in the stable repository deb as stable\/falco_0\.45\.0_amd64\.deb with other bytes/
    ],
    [
      'rpm',
      (time: number) => buildRpm({ name: 'falco', version: '0.45.0', arch: 'x86_64', time }),
      'falco-0.45.0-1.x86_64.rpm',
      'falco-0.45.0-x86_64.rpm',
      /falco 0:0\.45\.0-1 \(x86_64\) is already in the stable repository rpm as falco-0\.45\.0-1\.x86_64\.rpm with other bytes/
    ]
  ] as const)(
    '%s: the same identity rebuilt with other bytes under another file name is refused, nothing written',
    async (_format, build, first, second, message) => {
      const dir = tmp('identity')
      const dest = join(dir, 'dest')
      await publish({
        files: [write(join(dir, 'a'), first, build(1_700_000_000))],
        type: 'stable',
        store: new LocalStore(dest)
      })
      const before = snapshot(dest)
      const rebuilt = write(join(dir, 'b'), second, build(1_700_000_999))
      expect(readFileSync(rebuilt)).not.toEqual(readFileSync(join(dir, 'a', first)))
      await expect(
        publish({ files: [rebuilt], type: 'stable', store: new LocalStore(dest) })
      ).rejects.toThrow(message)
      expect(snapshot(dest)).toEqual(before)
      // The same bytes again, under either name, are fine (a re-run, or a copy).
      const copy = write(join(dir, 'c'), second, build(1_700_000_000))
      await publish({ files: [copy], type: 'stable', store: new LocalStore(dest) })
    }
  )

  test('dev repositories may replace an identity (dev builds are mutable)', async () => {
    const dir = tmp('identity-dev')
    const dest = join(dir, 'dest')
    const build = (time: number) => buildDeb({ name: 'falco', version: '0.46.0-1+abc', arch: 'amd64', time })
    await publish({
      files: [write(join(dir, 'a'), 'falco_0.46.0-1+abc_amd64.deb', build(1))],
      type: 'dev',
      store: new LocalStore(dest)
    })
    await publish({
      files: [write(join(dir, 'b'), 'falco-0.46.0-1+abc-x86_64.deb', build(2))],
      type: 'dev',
      store: new LocalStore(dest)
    })
    const packages = readFileSync(join(dest, 'deb-dev/dists/stable/main/binary-amd64/Packages'), 'utf8')
    expect(packages.match(/^Package: falco$/gm)).toHaveLength(1)
    expect(packages).toContain('Filename: stable/falco-0.46.0-1+abc-x86_64.deb')
  })

  test('the same identity twice in one run is an error naming both files, before anything is written', async () => {
    const dir = tmp('identity-twice')
    const dest = join(dir, 'dest')
    const one = write(
      join(dir, 'a'),
      'falco_0.45.0_amd64.deb',
      buildDeb({ name: 'falco', version: '0.45.0', arch: 'amd64', time: 1 })
    )
    const two = write(
      join(dir, 'b'),
      'falco-0.45.0-x86_64.deb',
      buildDeb({ name: 'falco', version: '0.45.0', arch: 'amd64', time: 2 })
    )
    await expect(publish({ files: [one, two], type: 'dev', store: new LocalStore(dest) })).rejects.toThrow(
      new RegExp(`"${one}" and "${two}" are both deb package falco 0\\.45\\.0 \\(amd64\\)`)
    )
    expect(tree(dest)).toEqual([])
  })
})

describe('file names against the metadata', () => {
  test.each([
    ['falco_0.45.0_amd64.deb', []],
    ['falco-0.45.0-x86_64.deb', []],
    ['falco-0.44.0-x86_64.deb', ['version 0.45.0']],
    ['falco-0.45.0-aarch64.deb', ['architecture amd64']],
    ['sysdig_0.45.0_amd64.deb', ['name falco']]
  ])('%s holding falco 0.45.0 (amd64): warns of %j', async (name, missing) => {
    const dir = tmp('names')
    const path = write(dir, name, buildDeb({ name: 'falco', version: '0.45.0', arch: 'amd64' }))
    const meta = await readPackage(path)
    const artifact = { path, name, mtime: 0, meta, write: {} as never }
    expect(nameMismatch(artifact)).toEqual(missing)
  })

  test('rpm: the version and arch, in rpmbuild and Falco layouts', async () => {
    const dir = tmp('names-rpm')
    for (const [name, missing] of [
      ['falco-0.45.0-1.x86_64.rpm', []],
      ['falco-0.45.0-x86_64.rpm', []],
      ['falco-0.45.0-1.aarch64.rpm', ['architecture x86_64']]
    ] as const) {
      const path = write(dir, name, buildRpm({ name: 'falco', version: '0.45.0', arch: 'x86_64' }))
      const artifact = { path, name, mtime: 0, meta: await readPackage(path), write: {} as never }
      expect(nameMismatch(artifact)).toEqual(missing)
    }
  })
})
