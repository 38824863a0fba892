/**
 * A signature is reused only when it signs exactly the bytes being published: after a half-failed publish the
 * store can hold our key's InRelease, Release.gpg, repomd.xml.asc or package .asc of an older file next to the
 * newer one, and a re-run must replace them (gpgv and apt would refuse the repository otherwise).
 */
import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LocalStore } from '../src/stores/local.js'
import { buildDeb, buildRpm } from '../testing/samples.js'
import { publish, testKey, tmp } from './helpers/packages.js'

describe('signature reuse', () => {
  test("our key's signatures of older files are replaced by a re-run, and gpgv accepts the result", async () => {
    const dir = tmp('sigs')
    const key = await testKey(dir)
    const dest = join(dir, 'dest')
    const inputs = { 'signing-key': key.armored }
    const write = (name: string, data: Buffer): string => {
      mkdirSync(join(dir, 'in'), { recursive: true })
      writeFileSync(join(dir, 'in', name), data)
      return join(dir, 'in', name)
    }
    const v1 = [
      write('a_1.0_amd64.deb', buildDeb({ name: 'a', version: '1.0', arch: 'amd64', time: 1 })),
      write('a-1.0-1.x86_64.rpm', buildRpm({ name: 'a', version: '1.0', arch: 'x86_64', time: 1 }))
    ]
    await publish({ files: v1, type: 'dev', store: new LocalStore(dest), inputs })
    const saved = join(dir, 'saved')
    mkdirSync(saved)
    const tops = [
      'deb-dev/dists/stable/InRelease',
      'deb-dev/dists/stable/Release.gpg',
      'rpm-dev/repodata/repomd.xml.asc'
    ]
    const asc = 'deb-dev/stable/a_1.0_amd64.deb.asc'
    for (const f of [...tops, asc]) copyFileSync(join(dest, f), join(saved, f.replace(/\//g, '_')))

    // A rebuilt dev package under the same name, and a second package: new indexes, new signatures.
    const v2 = [
      write('a_1.0_amd64.deb', buildDeb({ name: 'a', version: '1.0', arch: 'amd64', time: 2 })),
      write('b_1.0_amd64.deb', buildDeb({ name: 'b', version: '1.0', arch: 'amd64', time: 2 })),
      v1[1],
      write('b-1.0-1.x86_64.rpm', buildRpm({ name: 'b', version: '1.0', arch: 'x86_64', time: 2 }))
    ]
    await publish({ files: v2, type: 'dev', store: new LocalStore(dest), inputs })
    // The half-failed state: the new files with the old signatures (all made by our key).
    for (const f of [...tops, asc]) copyFileSync(join(saved, f.replace(/\//g, '_')), join(dest, f))
    const gpgv = (...args: string[]) =>
      execFileSync('gpgv', ['--keyring', key.keyring, ...args.map(a => join(dest, a))], { stdio: 'pipe' })
    expect(() => gpgv('deb-dev/dists/stable/Release.gpg', 'deb-dev/dists/stable/Release')).toThrow()

    const { published } = await publish({ files: v2, type: 'dev', store: new LocalStore(dest), inputs })
    const rewritten = published.filter(p => p.status === 'uploaded').map(p => p.path)
    expect(rewritten.sort()).toEqual([...tops, asc].sort())
    gpgv('deb-dev/dists/stable/Release.gpg', 'deb-dev/dists/stable/Release')
    gpgv('rpm-dev/repodata/repomd.xml.asc', 'rpm-dev/repodata/repomd.xml')
    gpgv(asc, 'deb-dev/stable/a_1.0_amd64.deb')
    const inRelease = execFileSync(
      'gpgv',
      ['--keyring', key.keyring, '-o', '-', join(dest, 'deb-dev/dists/stable/InRelease')],
      {
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    // gpgv prints the signed text in OpenPGP's canonical form (CRLF line ends).
    expect(inRelease.toString().replace(/\r\n/g, '\n').trimEnd()).toBe(
      readFileSync(join(dest, 'deb-dev/dists/stable/Release'), 'utf8').trimEnd()
    )
  })
})
