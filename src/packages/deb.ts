import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { extract } from 'tar-stream'
import { arMembers } from './ar.js'
import { type Paragraph, field, parseParagraphs } from './control.js'
import { inflateBounded } from './inflate.js'

/** What a .deb says about itself: its control paragraph, read from the package, not from its name. */
export interface DebPackage {
  name: string
  version: string
  /** Debian architecture (amd64, arm64, all, …). */
  arch: string
  control: Paragraph
}

/** A control.tar is a few KB; anything this large is not a control member. */
const MAX_CONTROL = 16 << 20
/** Decompressed, too: md5sums of a package with 100k files is a few MB, so 64 MiB is no package's. */
const MAX_CONTROL_TAR = 64 << 20

/**
 * Reads a .deb's control file: the ar member headers and the control.tar member only, never the data member.
 * Errors say what is wrong; the caller adds the file name.
 */
export async function readDeb(path: string): Promise<DebPackage> {
  const file = await open(path, 'r')
  let compressed: Buffer
  let member: string
  try {
    const { size } = await file.stat()
    const members = await arMembers(file, size)
    if (members[0]?.name !== 'debian-binary') throw new Error('first ar member is not debian-binary')
    const control = members.find(m => m.name.startsWith('control.tar'))
    if (!control) throw new Error('no control.tar member')
    if (!members.some(m => m.name.startsWith('data.tar'))) throw new Error('no data.tar member')
    if (control.size > MAX_CONTROL) throw new Error(`control member is ${control.size} bytes, too large`)
    member = control.name
    compressed = Buffer.alloc(control.size)
    await file.read(compressed, 0, control.size, control.offset)
  } finally {
    await file.close()
  }
  const tar = await decompress(member, compressed)
  const text = await controlFile(tar)
  const paragraph = parseParagraphs(text)[0]
  if (!paragraph) throw new Error('the control file is empty')
  const name = field(paragraph, 'Package')
  const version = field(paragraph, 'Version')
  const arch = field(paragraph, 'Architecture')
  if (!name || !version || !arch) throw new Error('the control file lacks Package, Version or Architecture')
  return { name, version, arch, control: paragraph }
}

const COMPRESSED: Record<string, 'gz' | 'xz' | 'zst' | undefined> = {
  'control.tar.gz': 'gz',
  'control.tar.xz': 'xz',
  'control.tar.zst': 'zst'
}

async function decompress(member: string, data: Buffer): Promise<Buffer> {
  if (member === 'control.tar') return data
  const format = COMPRESSED[member]
  if (format) return inflateBounded(format, data, MAX_CONTROL_TAR, `member ${member}`)
  throw new Error(`unsupported control member ${member}`)
}

/** The `control` entry of a control tarball (`./control` as dpkg-deb writes it, or `control`). */
async function controlFile(tar: Buffer): Promise<string> {
  const ex = extract()
  let found: string | undefined
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: unknown) => chunks.push(c as Buffer))
      stream.on('end', () => {
        if (header.type === 'file' && header.name.replace(/^\.\//, '') === 'control')
          found = Buffer.concat(chunks).toString('utf8')
        next()
      })
      stream.on('error', reject)
    })
    ex.on('finish', resolve)
    ex.on('error', reject)
  })
  Readable.from([tar]).pipe(ex)
  await done
  if (found === undefined) throw new Error('the control tarball has no control file')
  return found
}
