import { realpathSync } from 'node:fs'
import { sep } from 'node:path'
import { InputError } from './errors.js'
import { show } from './version.js'

/**
 * Containment of what the action reads for publishing. A file a glob matches (or a layout, a config, a driver
 * output) may be a symlink, sit under a symlinked folder, or come from a `../` or absolute glob: whatever it is,
 * its real path must be inside the workspace or the folder artifacts were downloaded to. Otherwise a hostile
 * contributor's `build/tool.tar.gz -> ~/.ssh/id_rsa` would publish the runner's key.
 */

// Folders every read may resolve into, registered once per run (the workspace, the artifact download folder).
const registered = new Set<string>()

/** Registers the folders reads may resolve into for this run (folders that do not exist are ignored). */
export function allowRoots(...dirs: (string | undefined)[]): void {
  for (const dir of dirs) {
    const real = realOf(dir)
    if (real) registered.add(real)
  }
}

/** For tests: forget the registered folders. */
export function resetRoots(): void {
  registered.clear()
}

function realOf(path: string | undefined): string | undefined {
  if (!path) return undefined
  try {
    return realpathSync.native(path)
  } catch {
    return undefined
  }
}

function within(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)
}

/**
 * Returns the real path of `path` when it lies inside one of `roots` (or a registered folder); throws an error
 * naming the input, the path and where it resolves otherwise. A path that does not exist is returned as it is:
 * reading it fails on its own, with nothing to leak.
 */
export function requireInside(path: string, input: string, ...roots: (string | undefined)[]): string {
  let real: string
  try {
    real = realpathSync.native(path)
  } catch {
    return path
  }
  const allowed = [...new Set([...roots.map(realOf).filter((r): r is string => !!r), ...registered])]
  if (allowed.some(root => within(real, root))) return real
  throw new InputError(
    input,
    `${show(path, 200)} resolves to ${show(real, 200)}, outside ${allowed.map(r => show(r, 200)).join(' and ') || 'the workspace'}; only files inside the workspace or the artifact download folder are published (check symlinks and ../ or absolute globs). Nothing was published.`
  )
}
