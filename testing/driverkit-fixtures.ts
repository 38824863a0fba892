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

/**
 * The kernel config driverkit embeds as `kernelconfigdata` (base64, one line), the size of the real ones: test-infra's
 * `2.0.0+driver/aarch64/bottlerocket_5.10.165_1_1.13.1-aws.yaml` is 219 KB, nearly all of it this field.
 */
export function kernelConfigData(bytes: number, seed: string): string {
  const lines: string[] = [`# Linux kernel configuration (${seed})`]
  let size = 0
  for (let i = 0; size < (bytes * 3) / 4; i++) {
    const line = i % 7 === 0 ? `# CONFIG_OPTION_${i} is not set` : `CONFIG_OPTION_${i}=${i % 3 ? 'y' : 'm'}`
    lines.push(line)
    size += line.length + 1
  }
  return Buffer.from(`${lines.join('\n')}\n`).toString('base64')
}

/** A config laid out and written the way test-infra's generator writes one (kernelconfigdata last, one line). */
function testInfraYaml(version: string, arch: Arch | undefined, k: Kernel, extra: string[] = []): string {
  const out = `output/${version}/${arch ? `${arch}/` : ''}falco_${configName(k)}`
  return [
    `kernelversion: ${k.kernelversion}`,
    `kernelrelease: ${k.kernelrelease}`,
    `target: ${k.target}`,
    ...(arch ? [`architecture: ${ARCHITECTURE[arch]}`] : []),
    'output:',
    `  module: ${out}.ko`,
    ...extra,
    ''
  ].join('\n')
}

export interface TestInfraTree {
  configDir: string
  outputDir: string
  /** Valid configs: what a publish with on-invalid-config: warn must produce. */
  configs: GridConfig[]
  keys: string[]
  /** Config paths that are invalid, with a word on why (the legacy SHA folder, the misnamed file). */
  invalid: string[]
  /** The legacy SHA-named driver version (configs in `<sha>/`, no arch folder). */
  legacy: string
  /** The YAML size of the largest config written. */
  largestConfig: number
}

export const LEGACY_SHA = '2aa88dcf6243982697811df4c1b484bcbe9488a2'

/**
 * A tree shaped like falcosecurity/test-infra's `driverkit/config/` (its real paths and fields): bottlerocket
 * configs with ~190 KB of kernelconfigdata and `1_<os version>-<variant>` kernel versions, minikube's
 * `1_<minikube version>`, RHEL-style `_` in releases, Debian's `+`, Ubuntu's `~`; a legacy SHA-named folder with
 * no arch folder; and the committed amazonlinux2022 file whose name lacks `_<kernelversion>`. Objects are built
 * where the configs' output paths say (also for the invalid ones, as driverkit would).
 */
export function makeTestInfraTree(root: string, opts: { salt?: string } = {}): TestInfraTree {
  const configDir = join(root, 'config')
  const base = randomBytes(4096)
  const configs: GridConfig[] = []
  let largestConfig = 0
  const add = (version: string, arch: Arch, k: Kernel, extra: string[] = []): void => {
    const path = `${version}/${arch}/${configName(k)}.yaml`
    const yaml = testInfraYaml(version, arch, k, extra)
    largestConfig = Math.max(largestConfig, yaml.length)
    write(join(configDir, path), yaml)
    const output = `output/${version}/${arch}/falco_${configName(k)}.ko`
    write(join(root, output), fakeObject(base, `${output}${opts.salt ?? ''}`))
    configs.push({
      path,
      version,
      arch,
      kernel: k,
      keys: [`${version}/${arch}/falco_${configName(k)}.ko`],
      outputs: [output]
    })
  }
  for (const arch of ['x86_64', 'aarch64'] as const) {
    const a = ARCHITECTURE[arch]
    add(
      '8.0.0+driver',
      arch,
      { target: 'bottlerocket', kernelrelease: '6.1.102', kernelversion: '1_1.21.1-aws' },
      [`kernelconfigdata: ${kernelConfigData(190_000, `bottlerocket 6.1.102 ${arch}`)}`]
    )
    add(
      '8.0.0+driver',
      arch,
      { target: 'bottlerocket', kernelrelease: '5.15.160', kernelversion: '1_1.20.3-aws' },
      [`kernelconfigdata: ${kernelConfigData(185_000, `bottlerocket 5.15.160 ${arch}`)}`]
    )
    add('8.0.0+driver', arch, { target: 'minikube', kernelrelease: '5.10.207', kernelversion: '1_1.33.0' }, [
      `kernelconfigdata: ${kernelConfigData(120_000, `minikube 5.10.207 ${arch}`)}`
    ])
    add('8.0.0+driver', arch, {
      target: 'centos',
      kernelrelease: `4.18.0-553.el8_10.${arch}`,
      kernelversion: '1'
    })
    add(
      '8.0.0+driver',
      arch,
      { target: 'debian', kernelrelease: `6.1.119-1+deb12u1-${a}`, kernelversion: '1' },
      ['  probe: ' + `output/8.0.0+driver/${arch}/falco_debian_6.1.119-1+deb12u1-${a}_1.o`]
    )
    add('8.0.0+driver', arch, kernel('ubuntu-generic', 4, arch))
  }
  // The debian config above names a probe too (the eBPF build driverkit dropped): only the module is built.
  for (const c of configs.filter(c => c.kernel.target === 'debian')) {
    c.keys.push(c.keys[0].replace(/\.ko$/, '.o'))
    const output = c.outputs[0].replace(/\.ko$/, '.o')
    c.outputs.push(output)
    write(join(root, output), fakeObject(base, `${output}${opts.salt ?? ''}`))
  }
  add(
    '2.0.0+driver',
    'aarch64',
    {
      target: 'bottlerocket',
      kernelrelease: '5.10.165',
      kernelversion: '1_1.13.1-aws'
    },
    [`kernelconfigdata: ${kernelConfigData(160_000, 'bottlerocket 5.10.165 aarch64')}`]
  )

  // Invalid, as committed in test-infra: the misnamed 2.0.0+driver file, and the legacy SHA-named folder.
  const misnamed = '2.0.0+driver/aarch64/amazonlinux2022_5.4.209-116.367.amzn2.aarch64.yaml'
  const al = { target: 'amazonlinux2022', kernelrelease: '5.4.209-116.367.amzn2.aarch64', kernelversion: '1' }
  write(
    join(configDir, misnamed),
    [
      'kernelversion: 1',
      `kernelrelease: ${al.kernelrelease}`,
      `target: ${al.target}`,
      'architecture: arm64',
      'output:',
      `  module: output/2.0.0+driver/aarch64/falco_${al.target}_${al.kernelrelease}.ko`,
      ''
    ].join('\n')
  )
  write(
    join(root, `output/2.0.0+driver/aarch64/falco_${al.target}_${al.kernelrelease}.ko`),
    fakeObject(base, 'al')
  )
  const invalid = [misnamed]
  for (const release of ['4.14.101-91.76.amzn2.x86_64', '5.4.20-12.75.amzn2.x86_64']) {
    const k = { target: 'amazonlinux2', kernelrelease: release, kernelversion: '1' }
    const path = `${LEGACY_SHA}/${configName(k)}.yaml`
    write(join(configDir, path), testInfraYaml(LEGACY_SHA, undefined, k))
    invalid.push(path)
  }
  return {
    configDir,
    outputDir: root,
    configs,
    keys: configs.flatMap(c => c.keys).sort(),
    invalid: invalid.sort(),
    legacy: LEGACY_SHA,
    largestConfig
  }
}
