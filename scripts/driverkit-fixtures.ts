/**
 * Realistic Drivers Build Grid trees for the tests, the benchmark and the chaos suite: driverkit configs laid out
 * like falcosecurity/test-infra (`<driverversion>/<arch>/<target>_<kernelrelease>_<kernelversion>.yaml`) and
 * small fake objects where driverkit would write them (`output/<driverversion>/<arch>/falco_….ko|.o`).
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { getInputs } from '../src/inputs.js'
import type { PublishContext } from '../src/publisher.js'
import type { Store } from '../src/stores/store.js'

export type Arch = 'x86_64' | 'aarch64'
const ARCHITECTURE: Record<Arch, string> = { x86_64: 'amd64', aarch64: 'arm64' }

export interface Kernel {
  target: string
  kernelrelease: string
  kernelversion: string
}

/**
 * The n-th kernel of a target, shaped like the real ones: Ubuntu's `~` in kernel versions, Debian backports' `+`
 * in kernel releases, RHEL-style `_` inside releases (`el8_10`), Flatcar's own release numbers.
 */
export function kernel(target: string, n: number, arch: Arch): Kernel {
  const a = arch === 'x86_64' ? 'amd64' : 'arm64'
  switch (target) {
    case 'ubuntu-generic':
      return {
        target,
        kernelrelease: `5.15.0-${100 + n}-generic`,
        kernelversion: `${110 + n}~20.04.1`
      }
    case 'amazonlinux2':
      return {
        target,
        kernelrelease: `5.10.${200 + n}-${190 + (n % 7)}.${700 + n}.amzn2.${arch}`,
        kernelversion: '1'
      }
    case 'centos':
      return { target, kernelrelease: `4.18.0-553.${n}.1.el8_10.${arch}`, kernelversion: '1' }
    case 'flatcar':
      return { target, kernelrelease: `${3510 + n}.2.${n % 9}`, kernelversion: '1' }
    case 'debian':
      return { target, kernelrelease: `6.6.${13 + n}+bpo-${a}`, kernelversion: '1' }
    default:
      return { target, kernelrelease: `6.1.${n}-${target}`, kernelversion: '1' }
  }
}

export const TARGETS = ['ubuntu-generic', 'amazonlinux2', 'centos', 'flatcar', 'debian']

export function configName(k: Kernel): string {
  return `${k.target}_${k.kernelrelease}_${k.kernelversion}`
}

/** The YAML test-infra's generator writes (dbg-go), with the kernel URLs and the optional probe. */
export function configYaml(version: string, arch: Arch, k: Kernel, opts: { probe?: boolean } = {}): string {
  const out = `output/${version}/${arch}/falco_${configName(k)}`
  return [
    `kernelversion: "${k.kernelversion}"`,
    `kernelrelease: ${k.kernelrelease}`,
    `target: ${k.target}`,
    `architecture: ${ARCHITECTURE[arch]}`,
    'output:',
    `    module: ${out}.ko`,
    ...(opts.probe ? [`    probe: ${out}.o`] : []),
    'kernelurls:',
    `    - https://mirror.example.org/${k.target}/kernel-devel-${k.kernelrelease}.rpm`,
    ''
  ].join('\n')
}

export interface GridOptions {
  /** Folder to create `config/` and `output/` in. */
  root: string
  versions?: string[]
  arches?: Arch[]
  targets?: string[]
  /** Kernels per target, per arch and driver version. */
  perTarget?: number
  /** Also build the legacy eBPF probe (`.o`) for every n-th config (0: never). */
  probeEvery?: number
  /** Bytes per fake object. */
  objectSize?: number
  /** Write the objects too (false: configs only). */
  build?: boolean
  /** Changes every object's bytes (a rebuild). */
  salt?: string
}

export interface GridConfig {
  /** Relative to the config folder. */
  path: string
  version: string
  arch: Arch
  kernel: Kernel
  /** Keys the objects are published under (module, then probe). */
  keys: string[]
  /** Object files relative to the output folder. */
  outputs: string[]
}

export interface Grid {
  configDir: string
  /** driverkit's output paths are relative to this (the root). */
  outputDir: string
  configs: GridConfig[]
  keys: string[]
}

/** Writes a config tree (and objects) and returns what a publish of it must produce. */
export function makeGrid(opts: GridOptions): Grid {
  const versions = opts.versions ?? ['8.0.0+driver']
  const arches = opts.arches ?? ['x86_64', 'aarch64']
  const targets = opts.targets ?? TARGETS
  const perTarget = opts.perTarget ?? 3
  const size = opts.objectSize ?? 2048
  const configDir = join(opts.root, 'config')
  const base = randomBytes(size)
  const configs: GridConfig[] = []
  let i = 0
  for (const version of versions)
    for (const arch of arches)
      for (const target of targets)
        for (let n = 0; n < perTarget; n++) {
          const k = kernel(target, n, arch)
          const probe = (opts.probeEvery ?? 0) > 0 && i++ % (opts.probeEvery as number) === 0
          const path = `${version}/${arch}/${configName(k)}.yaml`
          write(join(configDir, path), configYaml(version, arch, k, { probe }))
          const exts = probe ? ['.ko', '.o'] : ['.ko']
          const outputs = exts.map(e => `output/${version}/${arch}/falco_${configName(k)}${e}`)
          if (opts.build !== false)
            for (const o of outputs) write(join(opts.root, o), fakeObject(base, `${o}${opts.salt ?? ''}`))
          configs.push({
            path,
            version,
            arch,
            kernel: k,
            keys: exts.map(e => `${version}/${arch}/falco_${configName(k)}${e}`),
            outputs
          })
        }
  return { configDir, outputDir: opts.root, configs, keys: configs.flatMap(c => c.keys).sort() }
}

/** Bytes that look nothing alike per object but cost nothing to make: a shared random body, a unique head. */
export function fakeObject(base: Buffer, id: string): Buffer {
  const out = Buffer.from(base)
  Buffer.from('\x7fELF').copy(out, 0)
  createHash('sha256').update(id).digest().copy(out, 4)
  return out
}

export function write(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, data)
}

/**
 * A PublishContext for kind drivers as main.ts builds it (a dev run of a push to master), with the inputs given
 * by their action.yml names, for driving the publisher directly against any store.
 */
export function context(
  workspace: string,
  store: Store,
  inputs: Record<string, string>,
  destination = 'out'
): PublishContext {
  const all: Record<string, string> = {
    kind: 'drivers',
    destination,
    'driverkit-config': 'config',
    ...inputs
  }
  return {
    inputs: getInputs(name => all[name] ?? ''),
    release: { type: 'dev', version: '0.41.0-3+abc1234', reason: 'push to master', prerelease: true },
    run: {
      eventName: 'push',
      ref: 'refs/heads/master',
      sha: 'abc1234',
      repository: 'example/drivers',
      payload: {},
      workspace,
      apiUrl: 'http://127.0.0.1:9',
      serverUrl: 'http://127.0.0.1:9'
    },
    baseDir: workspace,
    destination: { scheme: 'file', root: join(workspace, destination), display: destination },
    store: async () => store
  }
}
