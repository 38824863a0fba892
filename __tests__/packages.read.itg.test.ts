/**
 * Reading packages themselves: .deb files built by dpkg-deb with gzip, xz and zstd control members, .rpm files
 * built by rpmbuild, and the pure-JS samples; tarball names; corrupt input.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readPackage, tarballName } from '../src/packages/read.js'
import { makeSamplePackages } from '../scripts/samples.js'
import { dpkgDeb, rpmbuild, tmp } from './helpers/packages.js'

let dir: string
beforeAll(() => {
  dir = tmp('read')
})

describe('.deb', () => {
  test.each(['gzip', 'xz', 'zstd'] as const)(
    'dpkg-deb -Z%s: fields from the control file',
    async compression => {
      const file = dpkgDeb(dir, {
        name: `tool-${compression}`,
        version: '2:1.0~rc1-3',
        arch: 'arm64',
        compression
      })
      const meta = await readPackage(file)
      expect(meta).toMatchObject({
        format: 'deb',
        name: `tool-${compression}`,
        version: '2:1.0~rc1-3',
        arch: 'arm64'
      })
      if (meta.format !== 'deb') throw new Error('not a deb')
      expect(meta.deb.control.map(([n]) => n)).toEqual([
        'Package',
        'Version',
        'Architecture',
        'Maintainer',
        'Description'
      ])
      expect(meta.deb.control[4][1]).toBe(
        'test package tool-' + compression + '\n A package built by the tests.'
      )
    }
  )
})

describe('.rpm', () => {
  test.each(['x86_64', 'aarch64', 'noarch'])('rpmbuild %s: header fields', async arch => {
    const file = rpmbuild(dir, { name: 'hello', version: '1.2.3', release: '4', arch, requires: 'bash' })
    const meta = await readPackage(file)
    expect(meta).toMatchObject({ format: 'rpm', name: 'hello', version: '1.2.3-4', arch })
    if (meta.format !== 'rpm') throw new Error('not an rpm')
    expect(meta.rpm.summary).toBe('test package hello <&>')
    expect(meta.rpm.license).toBe('Apache-2.0')
    expect(meta.rpm.files.map(f => f.path)).toEqual([
      '/etc/hello',
      '/etc/hello/conf',
      '/etc/hello/state',
      '/usr/bin/hello'
    ])
    expect(meta.rpm.requires.map(r => r.name)).toContain('bash')
    expect(meta.rpm.provides.map(r => r.name)).toContain('hello-tool')
    expect(meta.rpm.changelogs.map(c => c.text)).toEqual(['- first', '- older & <escaped>'])
    expect(meta.rpm.headerStart).toBeGreaterThan(96)
    expect(meta.rpm.headerEnd).toBeGreaterThan(meta.rpm.headerStart)
  })
})

describe('samples built in pure JS', () => {
  test('a .deb, an .rpm and a tarball per arch, readable and routed by their own arch', async () => {
    const files = makeSamplePackages(join(dir, 'samples'), '0.2.0-3+abc1234')
    const metas = await Promise.all(files.map(readPackage))
    expect(metas.map(m => [m.format, m.name, m.arch])).toEqual([
      ['deb', 'demo', 'amd64'],
      ['rpm', 'demo', 'x86_64'],
      ['bin', 'demo', 'x86_64'],
      ['deb', 'demo', 'arm64'],
      ['rpm', 'demo', 'aarch64'],
      ['bin', 'demo', 'aarch64']
    ])
  })
})

describe('tarball names', () => {
  test.each([
    ['falco-0.40.0-x86_64.tar.gz', { name: 'falco', version: '0.40.0', arch: 'x86_64' }],
    ['falco-0.40.0-static-x86_64.tar.gz', { name: 'falco-static', version: '0.40.0', arch: 'x86_64' }],
    [
      'falco-0.41.0-15+abc1234-aarch64.tar.gz',
      { name: 'falco', version: '0.41.0-15+abc1234', arch: 'aarch64' }
    ],
    ['falco-0.41.0-rc1-aarch64.tgz', { name: 'falco', version: '0.41.0-rc1', arch: 'aarch64' }]
  ])('%s', (file, want) => {
    expect(tarballName(file)).toEqual(want)
  })

  test('a name without a version or arch says what was expected', () => {
    expect(() => tarballName('falco-x86_64.tar.gz')).toThrow(/expected <name>-<version>-<arch>\.tar\.gz/)
    expect(() => tarballName('falco-1.0.tar.gz')).toThrow(/Input 'files'.*arch one of/)
  })
})

describe('corrupt input', () => {
  test('an empty .rpm and a .deb without a control member name the file', async () => {
    writeFileSync(join(dir, 'empty.rpm'), '')
    await expect(readPackage(join(dir, 'empty.rpm'))).rejects.toThrow(
      /empty\.rpm" is not a valid \.rpm package: truncated/
    )
    writeFileSync(join(dir, 'nocontrol.deb'), Buffer.from('!<arch>\n'))
    await expect(readPackage(join(dir, 'nocontrol.deb'))).rejects.toThrow(
      /nocontrol\.deb" is not a valid \.deb package/
    )
  })
})
