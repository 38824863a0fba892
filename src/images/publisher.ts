import * as core from '@actions/core'
import { PublishError } from '../errors.js'
import { mapLimit } from '../limit.js'
import type { Plan, Published } from '../plan.js'
import type { Publisher } from '../publisher.js'
import { credentialsFor } from './auth.js'
import { platformKey } from './media.js'
import { type Manifest, allBlobs, verifyBlob } from './model.js'
import { type ImageName, canonicalRegistry, parseImageName } from './name.js'
import { Registry } from './registry.js'
import { Scratch } from './scratch.js'
import { combine, readSources } from './sources.js'
import { tagsFor, versionTag } from './tags.js'

/** One destination image and the tags it gets. */
interface Target {
  name: ImageName
  tags: string[]
}

/** What apply needs beyond the printed plan: the images read, the registries logged into, the scratch folder. */
interface ImagePlan {
  top: Manifest
  targets: Target[]
  registries: Map<string, Registry>
  scratch: Scratch
}

const plans = new WeakMap<Plan, ImagePlan>()

/**
 * Container images: reads the sources, checks every blob, logs into every destination registry and works out
 * the tags (plan); then pushes blobs, child manifests and the image or index to every destination, and only
 * then the tags (apply).
 */
export const imagesPublisher: Publisher = {
  async plan(ctx) {
    const { inputs, release } = ctx
    if (release.type === 'none') throw new Error('no plan for a run that publishes nothing')
    const names = dedupe(inputs.images.map(i => parseImageName(i, 'images', inputs.insecureRegistries)))
    // The tags this release gets, checked before any source is read or registry contacted (a bad tag-suffix or
    // dev-tags fails here); the registry's tags only decide `latest`, later.
    tagsFor(release, { devTags: inputs.devTags, suffix: inputs.tagSuffix, latest: inputs.latest }, [])
    const registries = new Map<string, Registry>()
    const registryFor = (name: ImageName): Registry => {
      const key = `${name.scheme}://${name.registry}`
      let r = registries.get(key)
      if (!r) {
        const credentials = credentialsFor(name.registry, {
          username: inputs.registryUsername,
          password: inputs.registryPassword
        })
        r = new Registry(name.registry, name.scheme, { credentials })
        registries.set(key, r)
      }
      return r
    }
    const scratch = new Scratch()
    try {
      const manifests = await readSources(inputs.files, {
        baseDir: ctx.baseDir,
        ifNoFilesFound: inputs.ifNoFilesFound,
        insecure: inputs.insecureRegistries,
        scratch,
        concurrency: inputs.concurrency,
        registryFor: ref => registryFor(ref.name)
      })
      const notes: string[] = []
      if (manifests.length === 0) {
        scratch.cleanup()
        return {
          kind: 'images',
          release,
          destination: names.map(n => n.display).join(', '),
          writes: [],
          deletes: [],
          extra: [],
          notes: ['no image to push']
        }
      }
      const top = combine(manifests)
      // Every blob is hashed before anything is pushed: a corrupt archive fails here, with nothing written.
      const blobs = allBlobs(top)
      await mapLimit(
        blobs.filter(b => !b.checked),
        inputs.concurrency,
        b => verifyBlob(b, top.origin)
      )
      const platforms = top.children.length
        ? top.children.map(c => platformKey(c.platform))
        : [platformKey(top.platform)]
      notes.push(
        `${top.children.length ? `multi-arch index (${top.mediaType})` : `image (${top.mediaType})`} ${top.digest}: ${platforms.join(', ')}; ${blobs.length} blobs, ${blobs.reduce((n, b) => n + b.size, 0)} bytes`
      )

      const targets: Target[] = []
      const extra: Published[] = []
      for (const name of names) {
        const registry = registryFor(name)
        await registry.login([Registry.scope(name.repository, 'pull,push')])
        const existing = await registry.listTags(name.repository)
        const decision = tagsFor(
          release,
          { devTags: inputs.devTags, suffix: inputs.tagSuffix, latest: inputs.latest },
          existing
        )
        if (decision.latestReason) notes.push(`${name.display}: ${decision.latestReason}`)
        if (release.type === 'stable')
          await refuseMovingStable(registry, name, versionTag(release.version) + inputs.tagSuffix, top.digest)
        targets.push({ name, tags: decision.tags })
        extra.push({
          kind: 'images',
          repo: name.display,
          ref: `${name.display}@${top.digest}`,
          status: 'planned',
          digest: top.digest,
          size: top.bytes.length,
          role: 'index',
          reason: top.origin
        })
        for (const tag of decision.tags)
          extra.push({
            kind: 'images',
            repo: name.display,
            ref: `${name.display}:${tag}`,
            status: 'planned',
            digest: top.digest,
            role: 'index',
            reason: 'tag'
          })
      }
      const plan: Plan = {
        kind: 'images',
        release,
        destination: names.map(n => n.display).join(', '),
        writes: [],
        deletes: [],
        extra,
        notes
      }
      plans.set(plan, { top, targets, registries, scratch })
      return plan
    } catch (err) {
      scratch.cleanup()
      throw err
    } finally {
      // Idle connections would keep a dry run's process alive; apply opens new ones (tokens are kept).
      await closeAll(registries)
    }
  },

  async apply(plan, ctx) {
    const state = plans.get(plan)
    if (!state) return []
    const { top, targets, registries, scratch } = state
    const concurrency = ctx.inputs.concurrency
    const published: Published[] = []
    try {
      // Per registry, the first repository gets the uploads; the others mount from it.
      const firstRepo = new Map<string, string>()
      for (const target of targets) {
        const { name } = target
        const registry = registryOf(registries, name)
        const host = canonicalRegistry(name.registry)
        const sibling = firstRepo.get(host)
        {
          // main.ts already runs apply in a log group (groups do not nest).
          core.info(`Push ${name.display}`)
          const blobs = allBlobs(top)
          const outcomes = await mapLimit(blobs, concurrency, async blob => {
            const from =
              sibling ??
              (blob.mountFrom && canonicalRegistry(blob.mountFrom.registry) === host
                ? blob.mountFrom.repository
                : undefined)
            return registry.pushBlob(name.repository, blob, from)
          })
          blobs.forEach((blob, i) =>
            published.push({
              kind: 'images',
              repo: name.display,
              ref: `${name.display}@${blob.digest}`,
              status: outcomes[i] === 'present' ? 'unchanged' : 'uploaded',
              digest: blob.digest,
              size: blob.size,
              role: 'artifact',
              reason:
                outcomes[i] === 'mounted'
                  ? 'blob mounted'
                  : outcomes[i] === 'present'
                    ? 'blob already there'
                    : 'blob uploaded'
            })
          )
          const counts = outcomes.reduce<Record<string, number>>(
            (m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }),
            {}
          )
          core.info(
            `${name.display}: blobs ${Object.entries(counts)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')}`
          )
          // Children before the index that names them.
          for (const m of [...top.children, top]) {
            const there = (await registry.manifestDigest(name.repository, m.digest)) === m.digest
            if (!there) await registry.putManifest(name.repository, m.digest, m.mediaType, m.bytes)
            published.push({
              kind: 'images',
              repo: name.display,
              ref: `${name.display}@${m.digest}`,
              status: there ? 'unchanged' : 'uploaded',
              digest: m.digest,
              size: m.bytes.length,
              role: m === top ? 'index' : 'artifact',
              reason: m === top ? top.origin : `manifest for ${platformKey(m.platform)}`
            })
          }
        }
        if (!sibling) firstRepo.set(host, name.repository)
      }
      // Tags last, once every destination holds everything they point to.
      {
        core.info('Tags')
        for (const { name, tags } of targets) {
          const registry = registryOf(registries, name)
          for (const tag of tags) {
            const before = await registry.manifestDigest(name.repository, tag)
            if (before !== top.digest)
              await registry.putManifest(name.repository, tag, top.mediaType, top.bytes)
            core.info(
              `${name.display}:${tag} → ${top.digest}${before === top.digest ? ' (unchanged)' : before ? ` (was ${before})` : ''}`
            )
            published.push({
              kind: 'images',
              repo: name.display,
              ref: `${name.display}:${tag}`,
              status: before === top.digest ? 'unchanged' : 'uploaded',
              digest: top.digest,
              role: 'index',
              reason: before && before !== top.digest ? `tag moved from ${before}` : 'tag'
            })
          }
        }
      }
      return published
    } finally {
      scratch.cleanup()
      await closeAll(registries)
    }
  },

  outputs(published) {
    const refs = published.filter(p => p.role === 'index' && p.ref && p.status !== 'planned')
    const digest = refs.find(p => p.ref?.includes('@'))?.digest ?? ''
    const tags = refs.filter(p => !p.ref?.includes('@')).map(p => p.ref as string)
    return { digest, tags: tags.join('\n') }
  }
}

/** A stable version tag is never moved to other bytes: a re-run of the same release must push the same image. */
async function refuseMovingStable(
  registry: Registry,
  name: ImageName,
  tag: string,
  digest: string
): Promise<void> {
  const current = await registry.manifestDigest(name.repository, tag)
  if (current && current !== digest)
    throw new PublishError(
      `${name.display}:${tag} already points to ${current}, not to this image ${digest}: stable tags are never overwritten. Publish a new version instead.`
    )
}

function registryOf(registries: Map<string, Registry>, name: ImageName): Registry {
  const r = registries.get(`${name.scheme}://${name.registry}`)
  if (!r) throw new Error(`no client for ${name.registry}`)
  return r
}

async function closeAll(registries: Map<string, Registry>): Promise<void> {
  await Promise.all([...registries.values()].map(r => r.close().catch(() => undefined)))
}

function dedupe(names: ImageName[]): ImageName[] {
  const seen = new Set<string>()
  return names.filter(n => !seen.has(n.display) && seen.add(n.display))
}
