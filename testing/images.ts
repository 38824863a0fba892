/**
 * Builds test images without Docker: `umoci` makes an OCI image layout with one tagged single-arch image per
 * architecture (each with its own random-content layers, platform set in the config), `skopeo copy oci:…
 * docker-archive:…` turns one into a `docker save` archive, and ociIndex() adds a multi-arch index to the
 * layout (what `docker buildx --output type=oci` writes, and what `skopeo copy --all` reads).
 * Shared by the image tests and the benchmark.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export interface LayoutOptions {
  /** Architectures (GOARCH names: amd64, arm64, s390x, ppc64le, …); each becomes a tag of that name. */
  archs: string[]
  /** Random bytes per layer (incompressible, so the pushed size is about this). */
  layerBytes?: number
  /** Layers per image. */
  layers?: number
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 })
}

/** Writes `size` random bytes to a file, 1 MiB at a time. */
function randomFile(path: string, size: number): void {
  const fd = openSync(path, 'w')
  try {
    for (let left = size; left > 0; left -= 1 << 20) writeSync(fd, randomBytes(Math.min(left, 1 << 20)))
  } finally {
    closeSync(fd)
  }
}

/** Makes `<dir>/layout`: an OCI layout with one image per architecture, tagged with the architecture. */
export function buildLayout(dir: string, options: LayoutOptions): string {
  const layout = join(dir, 'layout')
  const work = join(dir, 'work')
  mkdirSync(work, { recursive: true })
  run('umoci', ['init', '--layout', layout])
  for (const arch of options.archs) {
    const image = `${layout}:${arch}`
    run('umoci', ['new', '--image', image])
    for (let i = 0; i < (options.layers ?? 1); i++) {
      const file = join(work, `${arch}-${i}.bin`)
      randomFile(file, options.layerBytes ?? 4096)
      run('umoci', ['insert', '--rootless', '--image', image, file, `/data/${arch}-${i}.bin`])
    }
    run('umoci', [
      'config',
      '--image',
      image,
      '--os',
      'linux',
      '--architecture',
      arch,
      '--config.cmd',
      `/bin/${arch}`
    ])
  }
  run('umoci', ['gc', '--layout', layout])
  return layout
}

/** `docker save` of one tag of a layout, via skopeo. */
export function dockerArchive(layout: string, tag: string, out: string, name = `example/app:${tag}`): string {
  run('skopeo', ['copy', '--quiet', `oci:${layout}:${tag}`, `docker-archive:${out}:${name}`])
  return out
}

interface IndexJson {
  schemaVersion: number
  manifests: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[]
}

/** Adds an OCI image index over the given tags to the layout, tagged `indexTag`; returns its digest. */
export function ociIndex(layout: string, tags: string[], indexTag: string): string {
  const indexPath = join(layout, 'index.json')
  const top = JSON.parse(readFileSync(indexPath, 'utf8')) as IndexJson
  const children = tags.map(tag => {
    const d = top.manifests.find(m => m.annotations?.['org.opencontainers.image.ref.name'] === tag)
    if (!d) throw new Error(`no tag ${tag} in ${layout}`)
    const manifest = JSON.parse(readFileSync(join(layout, 'blobs', ...d.digest.split(':')), 'utf8')) as {
      config: { digest: string }
    }
    const config = JSON.parse(
      readFileSync(join(layout, 'blobs', ...manifest.config.digest.split(':')), 'utf8')
    ) as {
      os: string
      architecture: string
    }
    return {
      mediaType: d.mediaType,
      digest: d.digest,
      size: d.size,
      platform: { architecture: config.architecture, os: config.os }
    }
  })
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: children
    })
  )
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  writeFileSync(join(layout, 'blobs', 'sha256', digest.slice(7)), bytes)
  top.manifests = top.manifests.filter(m => m.annotations?.['org.opencontainers.image.ref.name'] !== indexTag)
  top.manifests.push({
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest,
    size: bytes.length,
    annotations: { 'org.opencontainers.image.ref.name': indexTag }
  })
  writeFileSync(indexPath, JSON.stringify(top))
  return digest
}

/** A layout holding only the given tag of another (so a source is exactly one image or one index). */
export function copyTag(layout: string, tag: string, out: string): string {
  run('skopeo', ['copy', '--quiet', '--all', `oci:${layout}:${tag}`, `oci:${out}:${tag}`])
  return out
}

// Inspection is asynchronous: a token issuer in the calling process must keep answering while skopeo runs.
async function skopeo(args: string[]): Promise<Buffer> {
  const { stdout } = await execFileAsync('skopeo', args, {
    encoding: 'buffer',
    maxBuffer: 16 << 20,
    timeout: 60_000
  })
  return stdout
}

const tls = (creds?: string): string[] => ['--tls-verify=false', ...(creds ? ['--creds', creds] : [])]

export interface RawManifest {
  mediaType?: string
  manifests?: { digest: string; mediaType: string; platform?: { architecture: string; os: string } }[]
  layers?: { digest: string; mediaType: string }[]
}

/** Skopeo's view of a pushed image: the raw manifest (parsed) and its digest. */
export async function inspectRaw(
  ref: string,
  creds?: string
): Promise<{ manifest: RawManifest; digest: string }> {
  const raw = await skopeo(['inspect', '--raw', ...tls(creds), `docker://${ref}`])
  return {
    manifest: JSON.parse(raw.toString('utf8')) as RawManifest,
    digest: `sha256:${createHash('sha256').update(raw).digest('hex')}`
  }
}

/** Tags skopeo lists for a repository. */
export async function listTags(repo: string, creds?: string): Promise<string[]> {
  const out = await skopeo(['list-tags', ...tls(creds), `docker://${repo}`])
  return ((JSON.parse(out.toString('utf8')) as { Tags: string[] }).Tags ?? []).sort()
}

/** skopeo copy --all, e.g. a layout to a registry (the benchmark's peer). */
export async function skopeoCopy(from: string, to: string, creds?: string): Promise<void> {
  await skopeo([
    'copy',
    '--quiet',
    '--all',
    '--dest-tls-verify=false',
    ...(creds ? ['--dest-creds', creds] : []),
    from,
    to
  ])
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

/**
 * What `docker buildx build --output type=oci` writes for one platform with provenance on: index.json names
 * one OCI index holding the image and an attestation manifest (platform unknown/unknown, an in-toto layer),
 * tied to the image by the `vnd.docker.reference.digest`/`vnd.docker.reference.type` annotations.
 * Returns the image's and the attestation's digests.
 */
export function buildxLayout(
  layout: string,
  arch: string,
  out: string
): { image: string; attestation: string; index: string } {
  mkdirSync(out, { recursive: true })
  run('skopeo', ['copy', '--quiet', `oci:${layout}:${arch}`, `oci:${out}:${arch}`])
  const indexPath = join(out, 'index.json')
  const top = JSON.parse(readFileSync(indexPath, 'utf8')) as IndexJson
  const image = top.manifests[0]
  const put = (bytes: Buffer): string => {
    const digest = sha256(bytes)
    writeFileSync(join(out, 'blobs', 'sha256', digest.slice(7)), bytes)
    return digest
  }
  const statement = Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://slsa.dev/provenance/v0.2',
      subject: [{ name: `pkg:docker/example/app@${arch}`, digest: { sha256: image.digest.slice(7) } }],
      predicate: {
        builder: { id: 'https://github.com/docker/buildx' },
        buildType: 'https://mobyproject.org/buildkit@v1'
      }
    })
  )
  const statementDigest = put(statement)
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'unknown',
      os: 'unknown',
      config: {},
      rootfs: { type: 'layers', diff_ids: [statementDigest] }
    })
  )
  const attestationBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: put(config),
        size: config.length
      },
      layers: [
        {
          mediaType: 'application/vnd.in-toto+json',
          digest: statementDigest,
          size: statement.length,
          annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' }
        }
      ]
    })
  )
  const attestation = put(attestationBytes)
  const indexBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: image.mediaType,
          digest: image.digest,
          size: image.size,
          platform: { architecture: arch, os: 'linux' }
        },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: attestation,
          size: attestationBytes.length,
          annotations: {
            'vnd.docker.reference.digest': image.digest,
            'vnd.docker.reference.type': 'attestation-manifest'
          },
          platform: { architecture: 'unknown', os: 'unknown' }
        }
      ]
    })
  )
  const index = put(indexBytes)
  top.manifests = [
    {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      digest: index,
      size: indexBytes.length,
      annotations: { 'org.opencontainers.image.ref.name': 'latest' }
    }
  ]
  writeFileSync(indexPath, JSON.stringify(top))
  return { image: image.digest, attestation, index }
}

/**
 * skopeo copies an image to a dir: its manifest and blobs exactly as the registry serves them. Asynchronous:
 * a token issuer in the calling process must keep answering while skopeo runs.
 */
export async function fetchImage(
  ref: string,
  creds: string,
  workDir: string
): Promise<{ manifest: Buffer; blob(digest: string): Buffer }> {
  const out = mkdtempSync(join(workDir, 'fetch-'))
  await skopeo([
    'copy',
    '--quiet',
    '--src-tls-verify=false',
    '--src-creds',
    creds,
    `docker://${ref}`,
    `dir:${out}`
  ])
  return {
    manifest: readFileSync(join(out, 'manifest.json')),
    blob: digest => readFileSync(join(out, digest.slice(7)))
  }
}

export interface CosignSignature {
  mediaTypes: string[]
  payload: {
    critical: {
      identity: { 'docker-reference': string }
      image: { 'docker-manifest-digest': string }
      type: string
    }
  }
  /** openssl's verdict on the first layer's signature over the exact payload bytes fetched. */
  verifiedBy(publicKeyPath: string): boolean
}

/** The cosign signature of a manifest digest (the `sha256-<hex>.sig` tag), fetched with skopeo. */
export async function cosignSignature(
  repo: string,
  digest: string,
  creds: string,
  workDir: string
): Promise<CosignSignature> {
  const sig = await fetchImage(`${repo}:${digest.replace(':', '-')}.sig`, creds, workDir)
  const layers = (
    JSON.parse(sig.manifest.toString('utf8')) as {
      layers: { mediaType: string; digest: string; annotations?: Record<string, string> }[]
    }
  ).layers
  const payload = sig.blob(layers[0].digest)
  const signature = Buffer.from(layers[0].annotations?.['dev.cosignproject.cosign/signature'] ?? '', 'base64')
  return {
    mediaTypes: layers.map(l => l.mediaType),
    payload: JSON.parse(payload.toString('utf8')) as CosignSignature['payload'],
    verifiedBy(publicKeyPath) {
      const work = mkdtempSync(join(workDir, 'verify-'))
      writeFileSync(join(work, 'payload'), payload)
      writeFileSync(join(work, 'sig'), signature)
      const r = spawnSync(
        'openssl',
        ['dgst', '-sha256', '-verify', publicKeyPath, '-signature', join(work, 'sig'), join(work, 'payload')],
        { encoding: 'utf8' }
      )
      return r.status === 0 && r.stdout.includes('Verified OK')
    }
  }
}
