import type { DriverConfig } from './config.js'

/** A kernel module (`.ko`) or a legacy eBPF probe (`.o`): the two objects a driverkit config can produce. */
export type ObjectKind = 'module' | 'probe'
export const EXTENSIONS: Record<ObjectKind, string> = { module: '.ko', probe: '.o' }

/** `<drivername>_<target>_<kernelrelease>_<kernelversion>.ko|.o`, the name Falco's driver loader asks for. */
export function objectName(driverName: string, config: DriverConfig, kind: ObjectKind): string {
  return `${driverName}_${config.target}_${config.kernelrelease}_${config.kernelversion}${EXTENSIONS[kind]}`
}

/** `<driverversion>/<arch>/`: the prefix a config's objects and listing live under. */
export function prefixOf(config: Pick<DriverConfig, 'driverversion' | 'arch'>): string {
  return `${config.driverversion}/${config.arch}/`
}

/**
 * The object key under the destination. It keeps the literal `+` of `8.0.0+driver`: S3 stores the key as given,
 * and clients ask for `%2B`, which S3 decodes back to `+`.
 */
export function objectKey(driverName: string, config: DriverConfig, kind: ObjectKind): string {
  return `${prefixOf(config)}${objectName(driverName, config, kind)}`
}

/**
 * A key as a URL path, every segment percent-encoded (`8.0.0+driver` → `8.0.0%2Bdriver`): a literal `+` in a URL
 * path is read as a space by some servers and proxies, so the links we show always encode it.
 */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/')
}

/** The URL a user downloads a key from, given the base URL of the destination (`https://download.falco.org/driver`). */
export function publicUrl(base: string, key: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeKey(key)}`
}

/** The parts of an object name, when it follows the naming scheme. */
export interface NameParts {
  driverName: string
  target: string
  /** Only when the name tells them apart: see parseObjectName. */
  kernelrelease?: string
  kernelversion?: string
  kind: ObjectKind
}

/**
 * Reads an object name back, as far as it can be read. Targets never hold `_`, but kernel releases
 * (`4.18.0-553.el8_10.x86_64`) and kernel versions (minikube's `1_1.26.0`, bottlerocket's `1_1.13.1-aws`) both
 * may, so `<kernelrelease>_<kernelversion>` splits only when it holds a single `_`; otherwise the two are left
 * unknown rather than guessed (listings take them from the configs). The driver name is matched as given when
 * known (it may itself hold `_`).
 */
export function parseObjectName(name: string, driverName?: string): NameParts | undefined {
  const known = driverName && name.startsWith(`${driverName}_`)
  const rest = known ? name.slice(driverName.length + 1) : name.slice(name.indexOf('_') + 1)
  const driver = known ? driverName : name.slice(0, Math.max(0, name.indexOf('_')))
  const m = /^([^_]+)_(.+_.+)\.(ko|o)$/.exec(rest)
  if (!driver || !m) return undefined
  const kernel = m[2].split('_')
  return {
    driverName: driver,
    target: m[1],
    ...(kernel.length === 2 && { kernelrelease: kernel[0], kernelversion: kernel[1] }),
    kind: m[3] === 'ko' ? 'module' : 'probe'
  }
}
