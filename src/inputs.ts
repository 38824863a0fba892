import * as core from './core.js'
import { InputError } from './errors.js'
import { parseList } from './list.js'
import { registerSecret } from './redact.js'
import { isBranchName, show } from './version.js'

export const KINDS = ['packages', 'drivers', 'images', 'summary', 'resign'] as const
export type Kind = (typeof KINDS)[number]
export const RELEASE_TYPES = ['auto', 'dev', 'stable'] as const
export type ReleaseTypeInput = (typeof RELEASE_TYPES)[number]
export const NO_FILES_POLICIES = ['error', 'warn', 'ignore'] as const
export type NoFilesPolicy = (typeof NO_FILES_POLICIES)[number]
export const INVALID_CONFIG_POLICIES = ['error', 'warn'] as const
export type InvalidConfigPolicy = (typeof INVALID_CONFIG_POLICIES)[number]
export const LATEST_MODES = ['auto', 'true', 'false'] as const
export type LatestMode = (typeof LATEST_MODES)[number]

/** Every input of the action, parsed and validated once. Names match action.yml. */
export interface Inputs {
  /** What is published: packages (deb/rpm/tarballs), drivers (driverkit objects) or images. */
  kind: Kind
  /** Globs of the files to publish. */
  files: string[]
  /** Where to publish: a path, file://, s3:// or http(s):// URL. Empty only for kind images. */
  destination: string
  /** Image names for kind images. */
  images: string[]
  releaseType: ReleaseTypeInput
  /** Explicit version; overrides what the classifier works out. */
  version: string
  /** Default branch; empty means: from the event payload. */
  defaultBranch: string
  /** Globs of branches whose release tags are stable too (release/*); empty: only the default branch. */
  releaseBranches: string[]
  dryRun: boolean
  ifNoFilesFound: NoFilesPolicy
  /** Token for the GitHub API (compare fallback, required checks). */
  githubToken: string
  /** Bound on parallel transfers. */
  concurrency: number

  // Object stores
  s3Endpoint: string
  s3Region: string
  s3ForcePathStyle: boolean
  s3Acl: string
  cacheControlArtifacts: string
  cacheControlIndexes: string
  httpUsername: string
  httpPassword: string
  httpToken: string

  // Package repositories
  signingKey: string
  signingKeyPassphrase: string
  keep: number
  /** Earlier index generations (apt by-hash copies, old rpm repodata) kept for clients holding an old top file. */
  keepIndexGenerations: number
  aptSuite: string
  aptCodename: string
  aptComponent: string
  aptOrigin: string
  aptLabel: string

  // Drivers
  driverkitConfig: string
  outputDir: string
  driverName: string
  shard: { index: number; count: number }
  keepDriverVersions: number
  prune: boolean
  /** Non-semver (legacy SHA-named) driver versions that prune deletes too; retention never picks them itself. */
  pruneDriverVersions: string[]
  /** An invalid driverkit config fails the run (error) or is skipped with a warning (warn). */
  onInvalidConfig: InvalidConfigPolicy
  /** Globs of config paths (relative to driverkit-config) left out unread, e.g. legacy SHA-named folders. */
  driverkitConfigExclude: string[]
  /**
   * Objects our own listings name with the local file's sha256 and size are unchanged without asking the store;
   * false checks every object against a listing of the store (and repairs objects changed behind our back).
   */
  trustListings: boolean

  // Images
  registryUsername: string
  registryPassword: string
  devTags: string[]
  tagSuffix: string
  /** When `latest` is tagged: auto (highest stable only), true (every release), false (never). */
  latest: LatestMode
  insecureRegistries: string[]
  /** Also push `<arch>-<tag>` (x86_64, aarch64, …) pointing at each platform's manifest. */
  archTags: boolean
  /** cosign private key (PEM contents) and its password: sign the index and every platform manifest. */
  cosignKey: string
  cosignPassword: string

  // Around the repositories (src/cdn/, src/github/)
  /** A CloudFront distribution in front of the destination, invalidated after a publish. */
  cloudfrontDistributionId: string
  /** The viewer path the distribution serves the destination's root at; '' = derived from the destination. */
  cloudfrontPathPrefix: string
  /** Wait until the invalidation has completed. */
  cloudfrontWait: boolean
  /** Packages: also attach them (and SHA256SUMS) to the GitHub release of the run's tag. */
  githubRelease: boolean

  // Workflows
  artifact: string
  recordArtifact: string
  requireChecks: string[]
}

type Getter = (name: string) => string

/** Reads inputs through @actions/core (INPUT_* variables); tests may pass their own getter. */
export function getInputs(get: Getter = name => core.getInput(name)): Inputs {
  const str = (name: string, fallback = ''): string => get(name).trim() || fallback
  const kind = oneOf(str('kind'), KINDS, 'kind', true)

  const secrets = [
    'http-password',
    'http-token',
    'signing-key',
    'signing-key-passphrase',
    'registry-password',
    'github-token',
    'cosign-key',
    'cosign-password'
  ]
  for (const name of secrets) registerSecret(get(name))

  const inputs: Inputs = {
    kind,
    files: parseList(get('files')),
    destination: str('destination'),
    images: parseList(get('images')),
    releaseType: oneOf(str('release-type', 'auto'), RELEASE_TYPES, 'release-type'),
    version: str('version'),
    defaultBranch: str('default-branch'),
    releaseBranches: parseList(get('release-branches')).map(branchGlob),
    dryRun: bool(str('dry-run', 'false'), 'dry-run'),
    ifNoFilesFound: oneOf(str('if-no-files-found', 'error'), NO_FILES_POLICIES, 'if-no-files-found'),
    githubToken: str('github-token'),
    concurrency: int(str('concurrency', '8'), 'concurrency', 1, 256),

    s3Endpoint: str('s3-endpoint'),
    s3Region: str('s3-region'),
    s3ForcePathStyle: bool(str('s3-force-path-style', 'false'), 's3-force-path-style'),
    s3Acl: str('s3-acl'),
    cacheControlArtifacts: str('cache-control-artifacts', 'public, max-age=86400'),
    cacheControlIndexes: str('cache-control-indexes', 'no-cache, max-age=0'),
    httpUsername: str('http-username'),
    httpPassword: get('http-password'),
    httpToken: str('http-token'),

    signingKey: get('signing-key').trim(),
    signingKeyPassphrase: get('signing-key-passphrase'),
    keep: int(str('keep', '10'), 'keep', 1, 100000),
    keepIndexGenerations: int(str('keep-index-generations', '3'), 'keep-index-generations', 1, 1000),
    aptSuite: safeWord(str('apt-suite', 'stable'), 'apt-suite'),
    aptCodename: safeWord(str('apt-codename', 'stable'), 'apt-codename'),
    aptComponent: safeWord(str('apt-component', 'main'), 'apt-component'),
    aptOrigin: str('apt-origin', 'publish-artifacts'),
    aptLabel: str('apt-label', 'publish-artifacts'),

    driverkitConfig: str('driverkit-config'),
    outputDir: str('output-dir'),
    driverName: safeWord(str('driver-name', 'falco'), 'driver-name'),
    shard: shard(str('shard', '1/1')),
    keepDriverVersions: int(str('keep-driver-versions', '2'), 'keep-driver-versions', 1, 1000),
    prune: bool(str('prune', 'false'), 'prune'),
    pruneDriverVersions: parseList(get('prune-driver-versions')).map(v =>
      pathSegment(v, 'prune-driver-versions')
    ),
    onInvalidConfig: oneOf(str('on-invalid-config', 'error'), INVALID_CONFIG_POLICIES, 'on-invalid-config'),
    driverkitConfigExclude: parseList(get('driverkit-config-exclude')),
    trustListings: bool(str('trust-listings', 'true'), 'trust-listings'),

    registryUsername: str('registry-username'),
    registryPassword: get('registry-password'),
    devTags: parseList(get('dev-tags') || 'master'),
    tagSuffix: str('tag-suffix'),
    latest: oneOf(str('latest', 'auto'), LATEST_MODES, 'latest'),
    insecureRegistries: parseList(get('insecure-registries')),
    archTags: bool(str('arch-tags', 'false'), 'arch-tags'),
    cosignKey: get('cosign-key').trim(),
    cosignPassword: get('cosign-password'),

    cloudfrontDistributionId: str('cloudfront-distribution-id'),
    cloudfrontPathPrefix: str('cloudfront-path-prefix'),
    cloudfrontWait: bool(str('cloudfront-wait', 'false'), 'cloudfront-wait'),
    githubRelease: bool(str('github-release', 'false'), 'github-release'),

    artifact: str('artifact'),
    recordArtifact: str('record-artifact'),
    requireChecks: parseList(get('require-checks'))
  }
  validate(inputs)
  return inputs
}

function validate(inputs: Inputs): void {
  // kind summary only reads other jobs' publication records (src/workflow/summary.ts).
  if (inputs.kind !== 'images' && inputs.kind !== 'summary' && !inputs.destination)
    throw new InputError(
      'destination',
      `is required for kind '${inputs.kind}': give a path, file://, s3:// or https:// URL.`
    )
  if (inputs.kind === 'images' && inputs.images.length === 0)
    throw new InputError(
      'images',
      "is required for kind 'images': list the image names to push, one per line."
    )
  if (
    inputs.version &&
    (inputs.version.length > MAX_VERSION ||
      !/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(inputs.version))
  )
    throw new InputError(
      'version',
      `${quote(inputs.version)} is not a semantic version (X.Y.Z, X.Y.Z-pre, X.Y.Z-pre+build).`
    )
  if (inputs.githubRelease && inputs.kind !== 'packages')
    throw new InputError(
      'github-release',
      `attaches packages to a release: it needs kind 'packages', not '${inputs.kind}'.`
    )
  if (inputs.cloudfrontDistributionId && !/^[A-Z0-9]{1,64}$/.test(inputs.cloudfrontDistributionId))
    throw new InputError(
      'cloudfront-distribution-id',
      `${quote(inputs.cloudfrontDistributionId)} is not a CloudFront distribution ID (upper-case letters and digits, e.g. E2QWRUHAPOMQZL).`
    )
  const prefix = inputs.cloudfrontPathPrefix
  if (
    prefix &&
    (!/^\/?[A-Za-z0-9._~%+@=,:-]+(\/[A-Za-z0-9._~%+@=,:-]+)*\/?$/.test(prefix) || prefix.includes('..'))
  )
    throw new InputError(
      'cloudfront-path-prefix',
      `${quote(prefix)} is not a URL path such as /packages (no wildcards, query or '..').`
    )
  if (inputs.defaultBranch && !isBranchName(inputs.defaultBranch))
    throw new InputError('default-branch', `${quote(inputs.defaultBranch)} is not a branch name.`)
}

// A version longer than any real one is refused rather than carried into keys and messages.
const MAX_VERSION = 128

/** A user value in a message: quoted, control characters escaped and cut short (a 100 kB input stays short). */
function quote(value: string): string {
  return `'${show(value).slice(1, -1)}'`
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string, required = false): T {
  if (!value && required) throw new InputError(name, `is required; use one of: ${allowed.join(', ')}.`)
  if (!(allowed as readonly string[]).includes(value))
    throw new InputError(name, `${quote(value)} is not valid; use one of: ${allowed.join(', ')}.`)
  return value as T
}

function bool(value: string, name: string): boolean {
  if (/^(true|yes|1|on)$/i.test(value)) return true
  if (/^(false|no|0|off)$/i.test(value)) return false
  throw new InputError(name, `${quote(value)} is not a boolean; use true or false.`)
}

function int(value: string, name: string, min: number, max: number): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InputError(name, `${quote(value)} is not a whole number from ${min} to ${max}.`)
  return n
}

function safeWord(value: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) || value.includes('..'))
    throw new InputError(name, `${quote(value)} may only hold letters, digits, '.', '_' and '-'.`)
  return value
}

function shard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value)
  const index = m ? Number(m[1]) : 0
  const count = m ? Number(m[2]) : 0
  if (!m || count < 1 || index < 1 || index > count)
    throw new InputError(
      'shard',
      `${quote(value)} is not 'i/n' with 1 <= i <= n (e.g. 2/4 for the second of four shards).`
    )
  return { index, count }
}

/** A branch glob: it becomes a git fetch refspec, so only branch-name characters and glob syntax. */
function branchGlob(value: string): string {
  if (!/^[\w.*?{},[\]/-]+$/.test(value) || /\.\.|^[-/]|\/$/.test(value))
    throw new InputError(
      'release-branches',
      `${quote(value)} is not a branch glob (letters, digits, '.', '_', '-', '/' and * ? [ ] { }, e.g. release/*).`
    )
  return value
}

/** A value that becomes one path segment of an object key: no '/', no '..', no control characters. */
function pathSegment(value: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+~-]*$/.test(value) || value.includes('..'))
    throw new InputError(
      name,
      `${quote(value)} is not a driver version (letters, digits, '.', '_', '+', '~', '-').`
    )
  return value
}
