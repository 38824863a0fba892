/**
 * Real packages built in pure JS, so the demo, tests and benchmarks run on a machine without dpkg-deb or
 * rpmbuild: a .deb (ar: debian-binary, control.tar.gz, data.tar.gz), an .rpm (lead, signature header with
 * digests, header with an immutable region, gzipped cpio payload) and a tarball, each with one small file.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface SampleSpec {
  name: string
  version: string
  /** Debian arch for .deb (amd64, arm64, all), rpm arch for .rpm (x86_64, aarch64, noarch). */
  arch: string
  /** rpm release (default 1). */
  release?: string
  summary?: string
  description?: string
  /** Extra control fields for a .deb (Depends, Maintainer, …). */
  fields?: Record<string, string>
  /** Seconds since the epoch for every timestamp inside (default: fixed, so builds are reproducible). */
  time?: number
  /** An old-style source rpm (.rpm only): the lead says source, no SOURCEPACKAGE or SOURCERPM tag. */
  oldSource?: boolean
}

const DEFAULT_TIME = 1_700_000_000

/** A gzipped ustar archive, written by hand so the samples stay synchronous (names under 100 bytes). */
export function tarGz(files: { name: string; data: Buffer; mode?: number }[], time: number): Buffer {
  const blocks: Buffer[] = []
  for (const f of files) {
    const h = Buffer.alloc(512)
    const put = (text: string, at: number, len: number): void =>
      void h.write(text.slice(0, len), at, 'latin1')
    const octal = (n: number, len: number): string => `${n.toString(8).padStart(len - 1, '0')}\0`
    put(f.name, 0, 100)
    put(octal(f.mode ?? 0o644, 8), 100, 8)
    put(octal(0, 8), 108, 8)
    put(octal(0, 8), 116, 8)
    put(octal(f.data.length, 12), 124, 12)
    put(octal(time, 12), 136, 12)
    put('        ', 148, 8)
    put('0', 156, 1)
    put('ustar\0' + '00', 257, 8)
    put('root', 265, 32)
    put('root', 297, 32)
    const sum = h.reduce((a, b) => a + b, 0)
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
    blocks.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(blocks))
}

function arMember(name: string, data: Buffer, time: number): Buffer {
  const header =
    name.padEnd(16) +
    String(time).padEnd(12) +
    '0'.padEnd(6) +
    '0'.padEnd(6) +
    '100644'.padEnd(8) +
    String(data.length).padEnd(10) +
    '`\n'
  return Buffer.concat([
    Buffer.from(header, 'latin1'),
    data,
    data.length % 2 ? Buffer.from('\n') : Buffer.alloc(0)
  ])
}

/** A .deb as dpkg-deb builds it (control.tar.gz with ./control, data.tar.gz with ./usr/share/doc/<name>/README). */
export function buildDeb(spec: SampleSpec): Buffer {
  const time = spec.time ?? DEFAULT_TIME
  const readme = Buffer.from(`${spec.name} ${spec.version}\n`)
  const fields: Record<string, string> = {
    Package: spec.name,
    Version: spec.version,
    Architecture: spec.arch,
    Maintainer: 'Sample Maintainer <sample@example.org>',
    'Installed-Size': '1',
    Section: 'utils',
    Priority: 'optional',
    ...spec.fields,
    Description: `${spec.summary ?? `sample package ${spec.name}`}\n ${spec.description ?? 'Built in pure JS for the publish-artifacts demo.'}`
  }
  const control = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('')
  const controlTar = tarGz([{ name: './control', data: Buffer.from(control) }], time)
  const dataTar = tarGz([{ name: `./usr/share/doc/${spec.name}/README`, data: readme }], time)
  return Buffer.concat([
    Buffer.from('!<arch>\n'),
    arMember('debian-binary', Buffer.from('2.0\n'), time),
    arMember('control.tar.gz', controlTar, time),
    arMember('data.tar.gz', dataTar, time)
  ])
}

// rpm header types and the tags a minimal, installable package carries.
const T = { INT16: 3, INT32: 4, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const
type Entry = { tag: number; type: number; value: string | string[] | number[] | Buffer }

/** One header structure (magic, index, store) with an immutable region tag, as rpm requires since 4.x. */
function header(entries: Entry[], regionTag: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag)
  const il = sorted.length + 1
  const parts: Buffer[] = []
  let size = 0
  const index: Buffer[] = []
  const align = (n: number): void => {
    const pad = (n - (size % n)) % n
    if (pad) {
      parts.push(Buffer.alloc(pad))
      size += pad
    }
  }
  for (const e of sorted) {
    let data: Buffer
    let count: number
    if (e.type === T.INT32 || e.type === T.INT16) {
      const width = e.type === T.INT32 ? 4 : 2
      align(width)
      const nums = e.value as number[]
      data = Buffer.alloc(nums.length * width)
      nums.forEach((n, i) => (width === 4 ? data.writeUInt32BE(n, i * 4) : data.writeUInt16BE(n, i * 2)))
      count = nums.length
    } else if (e.type === T.BIN) {
      data = e.value as Buffer
      count = data.length
    } else {
      const list = typeof e.value === 'string' ? [e.value] : (e.value as string[])
      data = Buffer.concat(list.map(s => Buffer.from(`${s}\0`)))
      count = list.length
    }
    const ie = Buffer.alloc(16)
    ie.writeUInt32BE(e.tag, 0)
    ie.writeUInt32BE(e.type, 4)
    ie.writeUInt32BE(size, 8)
    ie.writeUInt32BE(count, 12)
    index.push(ie)
    parts.push(data)
    size += data.length
  }
  // The region trailer: an index entry stored at the end of the data, pointing back over the whole index.
  const trailer = Buffer.alloc(16)
  trailer.writeUInt32BE(regionTag, 0)
  trailer.writeUInt32BE(T.BIN, 4)
  trailer.writeInt32BE(-il * 16, 8)
  trailer.writeUInt32BE(16, 12)
  const region = Buffer.alloc(16)
  region.writeUInt32BE(regionTag, 0)
  region.writeUInt32BE(T.BIN, 4)
  region.writeUInt32BE(size, 8)
  region.writeUInt32BE(16, 12)
  parts.push(trailer)
  size += 16
  const intro = Buffer.alloc(16)
  intro.writeUInt32BE(0x8eade801, 0)
  intro.writeUInt32BE(il, 8)
  intro.writeUInt32BE(size, 12)
  return Buffer.concat([intro, region, ...index, ...parts])
}

function cpioNewc(files: { name: string; data: Buffer; mode: number; time: number }[]): Buffer {
  const out: Buffer[] = []
  const pad4 = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4)
  const entry = (name: string, data: Buffer, mode: number, time: number, ino: number): void => {
    const hex = (n: number): string => n.toString(16).padStart(8, '0')
    const fields = [ino, mode, 0, 0, 1, time, data.length, 0, 0, 0, 0, name.length + 1, 0]
    const head = Buffer.from(`070701${fields.map(hex).join('')}${name}\0`)
    out.push(head, pad4(head.length), data, pad4(data.length))
  }
  files.forEach((f, i) => entry(f.name, f.data, f.mode, f.time, i + 1))
  entry('TRAILER!!!', Buffer.alloc(0), 0, 0, 0)
  return Buffer.concat(out)
}

/** An .rpm that `rpm -K`, `rpm -qpi`, createrepo_c and dnf accept: one file, digests in the signature header. */
export function buildRpm(spec: SampleSpec): Buffer {
  const time = spec.time ?? DEFAULT_TIME
  const release = spec.release ?? '1'
  const dir = `/usr/share/doc/${spec.name}/`
  const data = Buffer.from(`${spec.name} ${spec.version}-${release}\n`)
  const mode = 0o100644
  const cpio = cpioNewc([{ name: `.${dir}README`, data, mode, time }])
  const payload = gzipSync(cpio)
  const evr = `${spec.version}-${release}`
  const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
  const main = header(
    [
      { tag: 100, type: T.STRING_ARRAY, value: ['C'] }, // HEADERI18NTABLE
      { tag: 1000, type: T.STRING, value: spec.name },
      { tag: 1001, type: T.STRING, value: spec.version },
      { tag: 1002, type: T.STRING, value: release },
      { tag: 1004, type: T.I18NSTRING, value: spec.summary ?? `sample package ${spec.name}` },
      {
        tag: 1005,
        type: T.I18NSTRING,
        value: spec.description ?? 'Built in pure JS for the publish-artifacts demo.'
      },
      { tag: 1006, type: T.INT32, value: [time] },
      { tag: 1007, type: T.STRING, value: 'localhost' },
      { tag: 1009, type: T.INT32, value: [data.length] },
      { tag: 1014, type: T.STRING, value: 'Apache-2.0' },
      { tag: 1016, type: T.I18NSTRING, value: 'Unspecified' },
      { tag: 1021, type: T.STRING, value: 'linux' },
      { tag: 1022, type: T.STRING, value: spec.arch },
      { tag: 1028, type: T.INT32, value: [data.length] }, // FILESIZES
      { tag: 1030, type: T.INT16, value: [mode] }, // FILEMODES
      { tag: 1033, type: T.INT16, value: [0] }, // FILERDEVS
      { tag: 1034, type: T.INT32, value: [time] }, // FILEMTIMES
      { tag: 1035, type: T.STRING_ARRAY, value: [sha256(data)] }, // FILEDIGESTS
      { tag: 1036, type: T.STRING_ARRAY, value: [''] }, // FILELINKTOS
      { tag: 1037, type: T.INT32, value: [0] }, // FILEFLAGS
      { tag: 1039, type: T.STRING_ARRAY, value: ['root'] },
      { tag: 1040, type: T.STRING_ARRAY, value: ['root'] },
      ...(spec.oldSource ? [] : [{ tag: 1044, type: T.STRING, value: `${spec.name}-${evr}.src.rpm` }]),
      { tag: 1045, type: T.INT32, value: [0xffffffff] }, // FILEVERIFYFLAGS
      {
        tag: 1047,
        type: T.STRING_ARRAY,
        value: [
          spec.name,
          `${spec.name}(${spec.arch === 'aarch64' ? 'aarch-64' : spec.arch === 'x86_64' ? 'x86-64' : spec.arch})`
        ].slice(0, spec.arch === 'noarch' ? 1 : 2)
      },
      { tag: 1048, type: T.INT32, value: [16777226, 16777226, 16777226] }, // REQUIREFLAGS: rpmlib | LE|EQ
      {
        tag: 1049,
        type: T.STRING_ARRAY,
        value: ['rpmlib(CompressedFileNames)', 'rpmlib(FileDigests)', 'rpmlib(PayloadFilesHavePrefix)']
      },
      { tag: 1050, type: T.STRING_ARRAY, value: ['3.0.4-1', '4.6.0-1', '4.0-1'] },
      { tag: 1064, type: T.STRING, value: '4.18.0' }, // RPMVERSION
      { tag: 1095, type: T.INT32, value: [1] }, // FILEDEVICES
      { tag: 1096, type: T.INT32, value: [1] }, // FILEINODES
      { tag: 1097, type: T.STRING_ARRAY, value: [''] }, // FILELANGS
      { tag: 1112, type: T.INT32, value: [8, 8].slice(0, spec.arch === 'noarch' ? 1 : 2) }, // PROVIDEFLAGS: EQ
      { tag: 1113, type: T.STRING_ARRAY, value: [evr, evr].slice(0, spec.arch === 'noarch' ? 1 : 2) },
      { tag: 1116, type: T.INT32, value: [0] }, // DIRINDEXES
      { tag: 1117, type: T.STRING_ARRAY, value: ['README'] }, // BASENAMES
      { tag: 1118, type: T.STRING_ARRAY, value: [dir] }, // DIRNAMES
      { tag: 1124, type: T.STRING, value: 'cpio' },
      { tag: 1125, type: T.STRING, value: 'gzip' },
      { tag: 1126, type: T.STRING, value: '9' },
      { tag: 5011, type: T.INT32, value: [8] } // FILEDIGESTALGO: sha256
    ],
    63 // HEADER_IMMUTABLE
  )
  const headerAndPayload = Buffer.concat([main, payload])
  const sig = header(
    [
      { tag: 269, type: T.STRING, value: createHash('sha1').update(main).digest('hex') },
      { tag: 273, type: T.STRING, value: sha256(main) },
      { tag: 1000, type: T.INT32, value: [headerAndPayload.length] },
      { tag: 1004, type: T.BIN, value: createHash('md5').update(headerAndPayload).digest() },
      { tag: 1007, type: T.INT32, value: [cpio.length] }
    ],
    62 // HEADER_SIGNATURES
  )
  const lead = Buffer.alloc(96)
  lead.writeUInt32BE(0xedabeedb, 0)
  lead.writeUInt8(3, 4)
  lead.writeUInt16BE(spec.oldSource ? 1 : 0, 6) // binary or source
  lead.writeUInt16BE(1, 8)
  lead.write(`${spec.name}-${evr}`.slice(0, 65), 10, 'latin1')
  lead.writeUInt16BE(1, 76) // linux
  lead.writeUInt16BE(5, 78) // signature type: header-style
  const sigPad = Buffer.alloc((8 - (sig.length % 8)) % 8)
  return Buffer.concat([lead, sig, sigPad, headerAndPayload])
}

const RPM_ARCH: Record<string, string> = { x86_64: 'x86_64', aarch64: 'aarch64' }
const DEB_ARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64' }

/**
 * Sample artifacts for the demo: a .deb, an .rpm and a tarball for x86_64 and aarch64, named as Falco names them
 * (`demo-<version>-<arch>.<ext>`). The version is made valid for dpkg/rpm (`-` and `+` in dev versions).
 */
export function makeSamplePackages(dir: string, version: string): string[] {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  const [upstream, ...rest] = version.split('-')
  for (const arch of ['x86_64', 'aarch64']) {
    const deb = join(dir, `demo-${version}-${arch}.deb`)
    writeFileSync(deb, buildDeb({ name: 'demo', version, arch: DEB_ARCH[arch] }))
    const rpm = join(dir, `demo-${version}-${arch}.rpm`)
    const release = rest.length ? rest.join('.').replace(/[^A-Za-z0-9._+~^]/g, '.') : '1'
    writeFileSync(rpm, buildRpm({ name: 'demo', version: upstream, release, arch: RPM_ARCH[arch] }))
    const tgz = join(dir, `demo-${version}-${arch}.tar.gz`)
    writeFileSync(
      tgz,
      tarGz([{ name: `demo-${version}/README`, data: Buffer.from(`demo ${version}\n`) }], DEFAULT_TIME)
    )
    files.push(deb, rpm, tgz)
  }
  return files
}
