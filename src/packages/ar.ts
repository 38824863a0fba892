import type { FileHandle } from 'node:fs/promises'

/** One member of an `ar` archive: where its bytes are in the file, not the bytes. */
export interface ArMember {
  name: string
  offset: number
  size: number
}

const MAGIC = '!<arch>\n'
const HEADER = 60

/**
 * Lists the members of an `ar` archive (the container of a .deb) by reading only the 60-byte member headers,
 * so a 100 MB package costs a few hundred bytes of reads. Throws on anything that is not a well-formed archive.
 */
export async function arMembers(file: FileHandle, fileSize: number): Promise<ArMember[]> {
  const magic = Buffer.alloc(8)
  await file.read(magic, 0, 8, 0)
  if (magic.toString('latin1') !== MAGIC) throw new Error('not an ar archive (bad magic)')
  const members: ArMember[] = []
  const header = Buffer.alloc(HEADER)
  let pos = 8
  while (pos < fileSize) {
    const { bytesRead } = await file.read(header, 0, HEADER, pos)
    if (bytesRead < HEADER) throw new Error(`truncated ar member header at offset ${pos}`)
    if (header.toString('latin1', 58, 60) !== '`\n') throw new Error(`bad ar member header at offset ${pos}`)
    const name = header.toString('latin1', 0, 16).trimEnd().replace(/\/$/, '')
    const sizeText = header.toString('latin1', 48, 58).trim()
    if (!/^\d+$/.test(sizeText)) throw new Error(`bad ar member size at offset ${pos}`)
    const size = Number(sizeText)
    const offset = pos + HEADER
    if (offset + size > fileSize)
      throw new Error(
        `ar member ${name} is truncated (${size} bytes announced, ${fileSize - offset} present)`
      )
    members.push({ name, offset, size })
    pos = offset + size + (size % 2)
  }
  return members
}
