/**
 * Reading packages themselves: .deb files built by dpkg-deb with gzip, xz and zstd control members, .rpm files
 * built by rpmbuild, and the pure-JS samples; tarball names; corrupt input.
 */
import { beforeAll, describe, expect, test } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { checkIdentity } from '../src/packages/identity.js'
import { inflateBounded } from '../src/packages/inflate.js'
import { readPackage, tarballName } from '../src/packages/read.js'
import { forge } from '../testing/chaos/forge.js'
import { makeSamplePackages } from '../testing/samples.js'
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

describe('hostile input', () => {
  test.each([
    ['deb', 'amd64'],
    ['deb', 'all'],
    ['deb', 'arm64'],
    ['deb', 'musl-linux-arm64'],
    ['rpm', 'x86_64'],
    ['rpm', 'noarch'],
    ['rpm', 'hppa2.0']
  ] as const)('%s architecture %s is accepted', (format, arch) => {
    expect(() => checkIdentity(format, { name: 'tool', version: '1.0', release: '1', arch })).not.toThrow()
  })

  test.each([
    ['deb', { arch: '../../x' }, /Architecture "..\/..\/x" is not an architecture name/],
    ['deb', { arch: 'amd64\u001b[31m' }, /Architecture .* is not an architecture name/],
    ['deb', { arch: 'x86_64' }, /is not an architecture name/],
    ['deb', { arch: 'pdp11' }, /"pdp11" is not a Debian architecture/],
    ['deb', { name: 'Tool/../x' }, /Package .* is not a Debian package name/],
    ['deb', { version: '1.0 rm' }, /Version .* is not a Debian version/],
    ['rpm', { arch: 'x86_64/../..' }, /arch .* is not an architecture name/],
    ['rpm', { arch: '..' }, /arch "\.\." is not an architecture name/],
    ['rpm', { version: '1.0-2' }, /version "1\.0-2" is not an rpm version/],
    ['rpm', { name: 'tool\n' }, /name .* is not an rpm package name/],
    ['rpm', { arch: 'a'.repeat(300) }, /longer than 256 characters/]
  ] as const)('%s %j is refused, saying which field', (format, fields, message) => {
    expect(() =>
      checkIdentity(format, { name: 'tool', version: '1.0', release: '1', arch: 'amd64', ...fields })
    ).toThrow(message)
  })

  test('a forged .deb whose control names a hostile architecture names the file', async () => {
    const file = join(dir, 'hostile_1.0_amd64.deb')
    forge(file, { make: 'deb', fields: { Architecture: '../../etc' } })
    await expect(readPackage(file)).rejects.toThrow(
      /Input 'files': .*hostile_1\.0_amd64\.deb" is not a valid \.deb package: the control file's Architecture/
    )
  })

  test('decompression is capped: gzip, and zstd frames announcing a huge window', async () => {
    const chunk = gzipSync(Buffer.alloc(16 << 20))
    const bomb = Buffer.concat(new Array<Buffer>(8).fill(chunk))
    await expect(inflateBounded('gz', bomb, 64 << 20, 'member x')).rejects.toThrow(
      'member x decompresses to more than 67108864 bytes'
    )
    await expect(inflateBounded('gz', chunk, 64 << 20, 'member x')).resolves.toHaveLength(16 << 20)
    // A zstd frame header with a 3.75 TiB window (descriptor 0xff) and one last RLE block.
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xff, 0x03, 0x00, 0x00, 0x00])
    await expect(inflateBounded('zst', zstd, 64 << 20, 'member y')).rejects.toThrow(
      'member y decompresses to more than'
    )
  })

  test('an .rpm header announcing 200 MB in a small file is refused before allocating it', async () => {
    const file = join(dir, 'big-header.rpm')
    forge(file, { make: 'rpm', dataLength: 200 << 20 })
    await expect(readPackage(file)).rejects.toThrow(/big-header\.rpm" .*truncated: the header announces/)
  })
})
