import { type Dirent, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Every file below a folder, as sorted relative paths ([] when the folder does not exist). */
export function tree(dir: string): string[] {
  if (!existsSync(dir)) return []
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort()
}
