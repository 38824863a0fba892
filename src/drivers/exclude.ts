import { minimatch } from 'minimatch'
import { InputError } from '../errors.js'
import { show } from '../version.js'

/**
 * driverkit-config-exclude: globs of config paths relative to the config folder (forward slashes). A glob that
 * names a folder leaves out everything under it, so `2aa88dcf*` drops a legacy SHA-named folder whole.
 * Returns whether a config path is left out.
 */
export function excluder(globs: string[]): (path: string) => boolean {
  for (const glob of globs) {
    // A leading '!' would be a negation in minimatch, an absolute or '..' glob can never match a relative path:
    // all three are mistakes better named than silently matching nothing.
    if (glob.startsWith('!'))
      throw new InputError('driverkit-config-exclude', `${show(glob)}: negations are not supported.`)
    if (glob.startsWith('/') || glob.split('/').includes('..'))
      throw new InputError(
        'driverkit-config-exclude',
        `${show(glob)} must be relative to driverkit-config (e.g. 2aa88dcf*/** or 2.0.0+driver/aarch64/bad.yaml).`
      )
  }
  const patterns = globs.map(glob => glob.replace(/\/+$/, ''))
  if (patterns.length === 0) return () => false
  return path => {
    const parts = path.split('/')
    for (let i = 1; i <= parts.length; i++) {
      const head = parts.slice(0, i).join('/')
      if (patterns.some(p => minimatch(head, p, { dot: true }))) return true
    }
    return false
  }
}
