import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { setImmediate } from 'node:timers/promises'
import { parse } from 'yaml'
import { readBounded } from '../hash.js'
import { hasControlChars, show } from '../version.js'
import { parseFlatYaml } from './flatyaml.js'

/** The arch folders of the Drivers Build Grid and the driverkit `architecture` each one stands for. */
export const ARCH_FOLDERS = { x86_64: 'amd64', aarch64: 'arm64' } as const
export type ArchFolder = keyof typeof ARCH_FOLDERS

/** One driverkit config, validated: everything needed to name and find its objects. */
export interface DriverConfig {
  /** Path relative to the config folder, forward slashes: `<driverversion>/<arch>/<file>.yaml`. */
  path: string
  driverversion: string
  arch: ArchFolder
  target: string
  kernelrelease: string
  kernelversion: string
  /** driverkit's output paths (relative to output-dir); at least one is set. */
  module?: string
  probe?: string
}

/** A config that cannot be published, with the reason in words. */
export interface InvalidConfig {
  path: string
  reason: string
  /** The file names its output.module/output.probe would have, when readable: built files to skip, not refuse. */
  outputs?: string[]
}

export type ParsedConfig = { config: DriverConfig } | { invalid: InvalidConfig }

// Most configs are a few hundred bytes, but bottlerocket, minikube and talos configs embed the kernel config
// (kernelconfigdata, base64): ~190-220 KB in test-infra's grid. 4 MiB leaves room for any real kernel config and
// still bounds what one file can cost; the YAML limits (no aliases, unique keys) stay whatever the size.
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024
// How long the synchronous reading runs before it lets other work in.
const SLICE_MS = 10

/** A field value that may become part of an object key: no `/`, `..`, backslash or control characters. */
function badField(value: string): string | undefined {
  if (value.trim() === '') return 'is empty'
  if (value !== value.trim()) return 'has leading or trailing white space'
  if (hasControlChars(value)) return 'contains control characters'
  if (value.includes('/') || value.includes('\\')) return "contains '/' or '\\'"
  if (value.includes('..')) return "contains '..'"
  return undefined
}

/** An output path relative to output-dir: no absolute path, no `..` segment, no control characters. */
function badOutputPath(value: string): string | undefined {
  if (value.trim() === '') return 'is empty'
  if (hasControlChars(value)) return 'contains control characters'
  if (value.startsWith('/') || /^[a-z]:[\\/]/i.test(value) || value.includes('\\'))
    return 'must be a relative path with forward slashes'
  if (value.split('/').some(part => part === '..')) return "must not contain '..' segments"
  return undefined
}

/** A scalar field as text (the failsafe schema keeps every scalar a string: `5.10` stays `5.10`). */
function text(doc: Record<string, unknown>, name: string): string | undefined {
  const value = doc[name]
  return typeof value === 'string' ? value : undefined
}

/**
 * Validates one config from its path (`<driverversion>/<arch>/<target>_<kernelrelease>_<kernelversion>.yaml`,
 * relative to the config folder) and its YAML text. Pure: the reader and the tests share it.
 */
export function parseConfig(path: string, yamlText: string): ParsedConfig {
  const known: { outputs?: string[] } = {}
  const fail = (reason: string): ParsedConfig => ({ invalid: { path, reason, ...known } })
  const parts = path.split('/')
  // Parsed first, so even a config refused for its place in the tree says which built files are its own.
  let doc: unknown = parseFlatYaml(yamlText)
  if (doc === undefined)
    try {
      // failsafe: every scalar stays the exact text written (no 5.10 → 5.1, no octal or date surprises).
      doc = parse(yamlText, { schema: 'failsafe', uniqueKeys: true, maxAliasCount: 0 })
    } catch (err) {
      return fail(`not valid YAML: ${(err as Error).message.split('\n')[0]}`)
    }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('not a YAML mapping')
  const fields = doc as Record<string, unknown>
  const outputs = outputNames(fields.output)
  if (outputs) known.outputs = outputs

  if (parts.length !== 3)
    return fail(
      parts.length === 2
        ? 'no arch folder (a legacy layout): expected <driverversion>/<x86_64|aarch64>/<target>_<kernelrelease>_<kernelversion>.yaml'
        : 'expected <driverversion>/<x86_64|aarch64>/<target>_<kernelrelease>_<kernelversion>.yaml'
    )
  const [folderVersion, archFolder, file] = parts
  const versionProblem = badField(folderVersion)
  if (versionProblem) return fail(`the driver version folder ${show(folderVersion)} ${versionProblem}`)
  if (!Object.hasOwn(ARCH_FOLDERS, archFolder))
    return fail(`the arch folder ${show(archFolder)} is not one of ${Object.keys(ARCH_FOLDERS).join(', ')}`)
  const arch = archFolder as ArchFolder

  const values: Record<string, string> = {}
  for (const name of ['target', 'kernelrelease', 'kernelversion']) {
    const value = text(fields, name)
    if (value === undefined) return fail(`field '${name}' is missing or not a string`)
    const problem = badField(value)
    if (problem) return fail(`field '${name}' ${show(value)} ${problem}`)
    values[name] = value
  }
  const { target, kernelrelease, kernelversion } = values

  const architecture = fields.architecture
  if (architecture !== undefined) {
    if (architecture !== ARCH_FOLDERS[arch])
      return fail(
        `field 'architecture' ${show(String(architecture))} does not match the arch folder ${archFolder} (expected ${ARCH_FOLDERS[arch]})`
      )
  }
  const driverversion = fields.driverversion
  if (driverversion !== undefined && driverversion !== folderVersion)
    return fail(
      `field 'driverversion' ${show(String(driverversion))} does not match its folder ${show(folderVersion)}`
    )

  const expected = `${target}_${kernelrelease}_${kernelversion}`
  const stem = file.replace(/\.ya?ml$/, '')
  if (stem !== expected)
    return fail(`the file name does not match its fields: expected ${show(`${expected}.yaml`, 200)}`)

  const output = fields.output
  if (!output || typeof output !== 'object' || Array.isArray(output))
    return fail("field 'output' is missing: it must name output.module and/or output.probe")
  const out = output as Record<string, unknown>
  const paths: { module?: string; probe?: string } = {}
  for (const name of ['module', 'probe'] as const) {
    const value = out[name]
    if (value === undefined || value === '') continue
    if (typeof value !== 'string') return fail(`field 'output.${name}' is not a string`)
    const problem = badOutputPath(value)
    if (problem) return fail(`field 'output.${name}' ${show(value)} ${problem}`)
    paths[name] = value
  }
  if (!paths.module && !paths.probe) return fail("neither 'output.module' nor 'output.probe' is set")

  return {
    config: { path, driverversion: folderVersion, arch, target, kernelrelease, kernelversion, ...paths }
  }
}

/** The base names of output.module/output.probe when they are strings (whatever else is wrong). */
function outputNames(output: unknown): string[] | undefined {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return undefined
  const names = (['module', 'probe'] as const)
    .map(name => (output as Record<string, unknown>)[name])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .map(v => v.slice(v.lastIndexOf('/') + 1))
  return names.length > 0 ? names : undefined
}

/** Everything found under the config folder: valid configs sorted by path, and every bad file with its reason. */
export interface ConfigTree {
  configs: DriverConfig[]
  invalid: InvalidConfig[]
  /** Config files left out unread by `exclude`, by path. */
  excluded: string[]
}

/** What the caller of readConfigTree() does alongside. */
export interface ReadHooks {
  /** Called with each valid config as soon as it is read (before duplicates are known), to start work early. */
  onConfig?: (config: DriverConfig) => void
  /** Called once with the number of config files about to be read, before the first one is. */
  onFound?: (count: number) => void
  /**
   * Reads the files (absolute paths, in order) on another thread: their texts, `chunk` files per promise, null
   * for one this thread must read itself (which then says what is wrong with it). Undefined: none can.
   */
  readAhead?: (
    paths: string[],
    maxBytes: number
  ) => { chunk: number; texts: Promise<(string | null)[]>[] } | undefined
}

/**
 * Reads every `*.yaml`/`*.yml` under the folder (other files are ignored), validating each one. Paths `exclude`
 * says yes to are left out unread.
 */
export async function readConfigTree(
  dir: string,
  exclude: (path: string) => boolean = () => false,
  hooks: ReadHooks = {}
): Promise<ConfigTree> {
  const { onConfig, onFound, readAhead } = hooks
  const info = await stat(dir).catch(() => undefined)
  if (!info?.isDirectory()) throw new Error(`${show(dir, 200)} is not a folder`)
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const configs: DriverConfig[] = []
  const invalid: InvalidConfig[] = []
  const found = entries
    .filter(e => /\.ya?ml$/.test(e.name) && !e.isDirectory())
    .map(e => ({ entry: e, path: relativeTo(dir, e) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const files: typeof found = []
  const excluded: string[] = []
  for (const f of found) {
    if (exclude(f.path)) excluded.push(f.path)
    else files.push(f)
  }
  onFound?.(files.length)
  const paths = files.map(({ entry }) => `${entry.parentPath}${sep}${entry.name}`)
  const ahead = readAhead?.(paths, MAX_CONFIG_BYTES)
  // Chunks the other thread has read so far. One not there yet when its turn comes is read here instead: this
  // thread never waits (the other one starts up meanwhile, and reads ahead of this one afterwards).
  const ready: (string | null)[][] = []
  ahead?.texts.forEach((texts, k) => void texts.then(t => (ready[k] = t)))
  let texts: (string | null)[] = []
  // Synchronous reads: most configs are a few hundred bytes, so a read costs a few microseconds while an async one
  // costs a thread-pool round trip (≈ 5× slower over ten thousand files). In slices, so the caller's requests and
  // worker move on meanwhile.
  const buffer = Buffer.allocUnsafe(MAX_CONFIG_BYTES + 1)
  let slice = performance.now()
  for (const [i, { entry, path }] of files.entries()) {
    if (ahead && i % ahead.chunk === 0) texts = ready[i / ahead.chunk] ?? []
    const text = ahead ? (texts[i % ahead.chunk] ?? null) : null
    // A symlink could pull in a file from anywhere on the runner; configs are plain files.
    const parsed: ParsedConfig = !entry.isFile()
      ? { invalid: { path, reason: 'not a regular file (symlinks are refused)' } }
      : text !== null
        ? parseConfig(path, text)
        : parseRead(path, readBounded(paths[i], buffer))
    if ('config' in parsed) {
      configs.push(parsed.config)
      onConfig?.(parsed.config)
    } else invalid.push(parsed.invalid)
    if (performance.now() - slice > SLICE_MS) {
      await setImmediate()
      slice = performance.now()
    }
  }
  return { configs, invalid, excluded }
}

/**
 * A found file's path relative to `dir`, forward slashes. `dir` is resolved (no trailing separator) and readdir's
 * parent paths start with it: a slice, not path.relative/join (a measurable cost over ten thousand files).
 */
function relativeTo(dir: string, entry: Dirent): string {
  const parent = entry.parentPath
  const inner =
    parent.startsWith(dir) && parent[dir.length] === sep && !dir.endsWith(sep)
      ? parent.slice(dir.length + 1)
      : undefined
  const path =
    parent === dir
      ? entry.name
      : inner !== undefined
        ? `${inner}${sep}${entry.name}`
        : relative(dir, join(parent, entry.name))
  return sep === '/' ? path : path.split(sep).join('/')
}

function parseRead(path: string, data: Buffer | undefined): ParsedConfig {
  if (!data)
    return {
      invalid: {
        path,
        reason: `more than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB: too big for a driverkit config`
      }
    }
  return parseConfig(path, data.toString('utf8'))
}
