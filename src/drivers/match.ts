import { basename, dirname, join, sep } from 'node:path'
import type { DriverConfig } from './config.js'
import { type ObjectKind, objectKey, objectName } from './name.js'

/** One object a config produces: where driverkit wrote it and the key it is published under. */
export interface ExpectedObject {
  config: DriverConfig
  kind: ObjectKind
  key: string
  /** driverkit's output path, relative to output-dir as written in the config. */
  output: string
}

/** A built file matched to its config: ready to hash and publish. */
export interface MatchedObject extends ExpectedObject {
  /** Absolute path of the file on the runner. */
  file: string
}

export interface Match {
  found: MatchedObject[]
  /** Objects a config promises that were not built. */
  missing: ExpectedObject[]
  /** Files no config names: refused, they would be published under a made-up name. */
  orphans: { file: string; reason: string }[]
}

/** The objects each config promises (module and/or probe), in config order. */
export function expectedObjects(configs: DriverConfig[], driverName: string): ExpectedObject[] {
  const out: ExpectedObject[] = []
  for (const config of configs)
    for (const kind of ['module', 'probe'] as const) {
      const output = config[kind]
      if (output) out.push({ config, kind, key: objectKey(driverName, config, kind), output })
    }
  return out
}

// An empty, `.` or `..` segment: such a path is normalized by path.join (`..` is refused before it gets here).
const ODD_SEGMENT = /(^|\/)\.{0,2}(\/|$)/

/**
 * Where driverkit wrote an output: `output` (forward slashes, relative) under `outputDir` (resolved). Plain paths
 * are joined by concatenation, which gives what path.join gives for them at a fraction of the cost over ten
 * thousand objects; anything path.join would normalize goes through it.
 */
export function outputFile(outputDir: string, output: string): string {
  if (sep !== '/' || ODD_SEGMENT.test(output)) return join(outputDir, ...output.split('/'))
  return outputDir.endsWith('/') ? outputDir + output : `${outputDir}/${output}`
}

/**
 * Output-path mode: each config's `output.module`/`output.probe`, relative to output-dir. `exists` says whether
 * a path is a regular file (injected so this stays pure).
 */
export function matchOutputs(
  expected: ExpectedObject[],
  outputDir: string,
  exists: (file: string) => boolean
): Match {
  const found: MatchedObject[] = []
  const missing: ExpectedObject[] = []
  for (const e of expected) {
    const file = outputFile(outputDir, e.output)
    // One literal of one shape, not a spread: ten thousand of them in a grid.
    if (exists(file)) found.push({ config: e.config, kind: e.kind, key: e.key, output: e.output, file })
    else missing.push(e)
  }
  return { found, missing, orphans: [] }
}

/**
 * Glob mode (`files`): a file belongs to the config whose object name it carries. When several driver versions or
 * arches share a name, the file's two parent folders (`<driverversion>/<arch>/`, driverkit's own layout) decide.
 * `all` is every valid config (so a file for another shard is not an orphan); `expected` is this shard's objects.
 */
export function matchFiles(
  files: string[],
  all: DriverConfig[],
  expected: ExpectedObject[],
  driverName: string
): Match {
  const byName = new Map<string, { config: DriverConfig; kind: ObjectKind }[]>()
  for (const config of all)
    for (const kind of ['module', 'probe'] as const) {
      if (!config[kind]) continue
      const name = objectName(driverName, config, kind)
      const list = byName.get(name) ?? []
      list.push({ config, kind })
      byName.set(name, list)
    }
  const wanted = new Map(expected.map(e => [e.key, e]))
  const taken = new Map<string, string>()
  const found: MatchedObject[] = []
  const orphans: Match['orphans'] = []
  for (const file of files) {
    const name = basename(file)
    let candidates = byName.get(name) ?? []
    if (candidates.length > 1) {
      const arch = basename(dirname(file))
      const version = basename(dirname(dirname(file)))
      candidates = candidates.filter(c => c.config.arch === arch && c.config.driverversion === version)
    }
    if (candidates.length !== 1) {
      orphans.push({
        file,
        reason:
          (byName.get(name)?.length ?? 0) > 1
            ? `several configs produce ${name}: put the file under <driverversion>/<arch>/ to say which`
            : `no driverkit config produces ${name}`
      })
      continue
    }
    const key = objectKey(driverName, candidates[0].config, candidates[0].kind)
    const e = wanted.get(key)
    if (!e) continue // another shard's object
    const other = taken.get(key)
    if (other) {
      orphans.push({ file, reason: `${other} already matched ${key}` })
      continue
    }
    taken.set(key, file)
    found.push({ ...e, file })
  }
  const missing = expected.filter(e => !taken.has(e.key))
  return { found, missing, orphans }
}
