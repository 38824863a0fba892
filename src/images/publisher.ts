import { InputError, PartialPublishError, PublishError } from '../errors.js'
import { mapLimit } from '../limit.js'
import type { Plan, Published } from '../plan.js'
import type { Publisher } from '../publisher.js'
import { registerSecret } from '../redact.js'
import { archTags } from './archtags.js'
import { type SignatureImage, type Signer, loadSigner, signatureImage } from './cosign.js'
import { credentialsFor } from './credentials.js'
import { isVersionTag } from './immutable.js'
import { MEDIA, platformKey } from './media.js'
import { type Manifest, allBlobs, verifyBlob } from './model.js'
import { type ImageName, canonicalRegistry, parseImageName } from './name.js'
import { provePush } from './permissions.js'
import { REGISTRY_SOCKETS, Registry } from './registry.js'
import { Scratch } from './scratch.js'
import { combine, readSources } from './sources.js'
import { tagsFor } from './tags.js'
import * as log from '../log.js'

/** One tag to set: the image or index, or (arch-tags) one platform's manifest. */
interface TagPlan {
  tag: string
  manifest: Manifest
  /** What the tag pointed at while planning (undefined: absent). */
  before?: string
  /** A plain version tag: never moved once it exists. */
  immutable: boolean
}

/** One destination image, the tags it gets and the signatures it gets. */
interface Target {
  name: ImageName
  tags: TagPlan[]
  signatures: SignatureImage[]
  /** Something is missing or differs there (else a re-run: nothing to write, no push access needed). */
  writes: boolean
  /** Digests of the blobs and manifests the registry already holds (HEADs while planning, asked once). */
  present: Set<string>
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
 * Container images: reads the sources, checks every blob, logs into every destination registry, works out the
 * tags and signatures, refuses moving a version tag and proves push access everywhere (plan); then pushes
 * blobs, child manifests and the image or index to every destination, the signatures, and only then the tags
 * (apply).
 */
export const imagesPublisher: Publisher = {
  async plan(ctx) {
    const { inputs, release } = ctx
    if (release.type === 'none') throw new Error('no plan for a run that publishes nothing')
    const names = dedupe(inputs.images.map(i => parseImageName(i, 'images', inputs.insecureRegistries)))
    const tagOptions = { devTags: inputs.devTags, suffix: inputs.tagSuffix, latest: inputs.latest }
    // The tags this release gets, checked before any source is read or registry contacted (a bad tag-suffix or
    // dev-tags fails here); the registry's tags only decide `latest`, later. The signing key too.
    tagsFor(release, tagOptions, [])
    let signer: Signer | undefined
    if (inputs.cosignKey) {
      // Each line too, as a log may show the key line by line; the PEM armour lines are no secret.
      for (const line of inputs.cosignKey.split('\n'))
        if (!line.startsWith('-----')) registerSecret(line.trim())
      signer = await loadSigner(inputs.cosignKey, inputs.cosignPassword)
    } else if (inputs.cosignPassword)
      throw new InputError('cosign-password', 'is set but cosign-key is empty: give the key to sign with.')

    // registry-username/registry-password belong to the destinations: a docker:// source elsewhere never sees them.
    const destinations = new Set(names.map(n => canonicalRegistry(n.registry)))
    const registries = new Map<string, Registry>()
    const registryFor = async (name: ImageName): Promise<Registry> => {
      const key = `${name.scheme}://${name.registry}`
      let r = registries.get(key)
      if (!r) {
        const credentials = await credentialsFor(name.registry, {
          username: inputs.registryUsername,
          password: inputs.registryPassword,
          destinations
        })
        r = registries.get(key) ?? new Registry(name.registry, name.scheme, { credentials })
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
      const blobs = allBlobs(top)
      const platforms = top.children.length
        ? top.children.map(c => platformKey(c.platform))
        : [platformKey(top.platform)]
      notes.push(
        `${top.children.length ? `multi-arch index (${top.mediaType})` : `image (${top.mediaType})`} ${top.digest}: ${platforms.join(', ')}; ${blobs.length} blobs, ${blobs.reduce((n, b) => n + b.size, 0)} bytes`
      )
      // Per-arch tags fail on colliding platforms here, before any registry is asked.
      if (inputs.archTags) archTags(top, tagsFor(release, tagOptions, []).tags)

      const targets: Target[] = []
      const extra: Published[] = []
      const conflicts: string[] = []
      const concurrency = inputs.concurrency
      for (const name of names) {
        const registry = await registryFor(name)
        await registry.login([Registry.scope(name.repository, 'pull,push')])
        // What the registry holds, asked side by side: the tags, the manifests and every blob (a HEAD each).
        const present = new Set<string>()
        const asks: (() => Promise<void>)[] = [
          ...[top, ...top.children].map(m => async () => {
            if ((await registry.manifestDigest(name.repository, m.digest)) === m.digest) present.add(m.digest)
          }),
          ...blobs.map(b => async () => {
            if (await registry.hasBlob(name.repository, b)) present.add(b.digest)
          })
        ]
        // The registry's tags decide `latest` in a stable release, and tell which signatures exist: asked only
        // then (a dev release's tags are what dev-tags says, whatever the registry holds).
        let tagList: string[] = []
        if (release.type === 'stable' || signer)
          asks.unshift(async () => {
            tagList = await registry.listTags(name.repository)
          })
        // The tags this release gets whatever the registry holds (all but `latest`) are asked for in the same
        // round: a re-push needs no second one.
        const heads = new Map<string, string | undefined>()
        for (const tag of planTags(top, tagsFor(release, tagOptions, []).tags, inputs.archTags))
          asks.push(async () => {
            heads.set(tag, await registry.manifestDigest(name.repository, tag))
          })
        await mapLimit(asks, Math.max(concurrency, REGISTRY_SOCKETS), ask => ask())
        const existing = new Set(tagList)
        const decision = tagsFor(release, tagOptions, [...existing])
        if (decision.latestReason) notes.push(`${name.display}: ${decision.latestReason}`)
        const tags: TagPlan[] = decision.tags.map(tag => ({ tag, manifest: top, immutable: false }))
        if (inputs.archTags) tags.push(...archTags(top, decision.tags).map(a => ({ ...a, immutable: false })))
        for (const t of tags) {
          t.immutable = isVersionTag(t.tag, inputs.tagSuffix)
          t.before = heads.get(t.tag)
        }
        const signatures: SignatureImage[] = []
        await mapLimit(
          [
            ...tags.map(t => async () => {
              if (!heads.has(t.tag) && existing.has(t.tag))
                t.before = await registry.manifestDigest(name.repository, t.tag)
            }),
            ...(signer ? [top, ...top.children] : []).map((m, i) => async () => {
              const s = signer as Signer
              const tag = signatureImage(name, m.digest, s, undefined).tag
              const current = existing.has(tag)
                ? (await registry.getManifest(name.repository, tag))?.bytes
                : undefined
              signatures[i] = signatureImage(name, m.digest, s, current)
            })
          ],
          concurrency,
          ask => ask()
        )
        for (const t of tags)
          if (t.immutable && t.before && t.before !== t.manifest.digest)
            conflicts.push(
              `${name.display}:${t.tag} already points to ${t.before}, not to this image ${t.manifest.digest}`
            )
        const writes =
          [top, ...top.children, ...blobs].some(x => !present.has(x.digest)) ||
          tags.some(t => t.before !== t.manifest.digest) ||
          signatures.some(g => !g.unchanged)
        targets.push({ name, tags, signatures, writes, present })
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
        for (const t of tags)
          extra.push({
            kind: 'images',
            repo: name.display,
            ref: `${name.display}:${t.tag}`,
            status: 'planned',
            digest: t.manifest.digest,
            role: 'index',
            reason: t.manifest === top ? 'tag' : `tag for ${platformKey(t.manifest.platform)}`
          })
        for (const g of signatures)
          extra.push({
            kind: 'images',
            repo: name.display,
            ref: `${name.display}:${g.tag}`,
            status: 'planned',
            digest: g.digest,
            role: 'signature',
            reason: `cosign signature of ${g.subject}`
          })
      }
      if (conflicts.length)
        throw new PublishError(
          `${conflicts.join('; ')}: stable tags are never overwritten, and no run type moves a version tag. Publish a new version instead; nothing was written.`
        )
      // Every blob some destination lacks is hashed before anything is written anywhere: a corrupt layout fails
      // here. A blob every destination already holds (same digest, same size) is trusted as it is, as skopeo
      // does: it is never uploaded, so its local copy is not read. Archives and registry sources were checked
      // while they were read.
      await mapLimit(
        blobs.filter(b => !b.checked && targets.some(t => !t.present.has(b.digest))),
        concurrency,
        b => verifyBlob(b, top.origin)
      )
      // Push access is proven on every destination before any write anywhere; nothing to write (a re-run)
      // needs none.
      for (const { name } of targets.filter(t => t.writes)) {
        const registry = await registryFor(name)
        // A dry run touches nothing: only what the token service granted is checked, no upload session opened.
        const how = await provePush(registry, name, registry.who(), !inputs.dryRun)
        notes.push(
          `${name.display}: push access ${how === 'granted' ? 'granted by the token service' : how === 'probed' ? 'proven (an upload session opened and cancelled)' : 'not proven (dry run; the registry does not say what the login may do)'}`
        )
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
          log.info(`Push ${name.display}`)
          const blobs = allBlobs(top)
          const outcomes = await mapLimit(blobs, concurrency, async blob => {
            const from =
              sibling ??
              (blob.mountFrom && canonicalRegistry(blob.mountFrom.registry) === host
                ? blob.mountFrom.repository
                : undefined)
            return registry.pushBlob(name.repository, blob, from, target.present.has(blob.digest))
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
          log.info(
            `${name.display}: blobs ${Object.entries(counts)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')}`
          )
          // Children before the index that names them; the children side by side (a re-push waits on one
          // round of HEADs, not one per platform).
          // The plan's HEADs said which are there already.
          const put = async (m: Manifest): Promise<boolean> => {
            const there = target.present.has(m.digest)
            if (!there) await registry.putManifest(name.repository, m.digest, m.mediaType, m.bytes)
            return there
          }
          const childrenThere = await mapLimit(top.children, concurrency, put)
          const topThere = await put(top)
          for (const [i, m] of [...top.children, top].entries()) {
            const there = i < top.children.length ? childrenThere[i] : topThere
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
      // Signatures before the tags: whoever sees a tag finds it signed.
      for (const { name, signatures } of targets) {
        const registry = registryOf(registries, name)
        for (const g of signatures) {
          if (!g.unchanged) {
            for (const blob of g.blobs) await registry.pushBlob(name.repository, blob)
            await registry.putManifest(name.repository, g.tag, MEDIA.ociManifest, g.manifest)
            log.info(`${name.display}:${g.tag} signs ${g.subject}`)
          }
          published.push({
            kind: 'images',
            repo: name.display,
            ref: `${name.display}:${g.tag}`,
            status: g.unchanged ? 'unchanged' : 'uploaded',
            digest: g.digest,
            size: g.manifest.length,
            role: 'signature',
            reason: `cosign signature of ${g.subject}`
          })
        }
      }
      // Tags last, once every destination holds everything they point to; version tags first everywhere, so
      // a version tag another run holds stops the run before latest or a dev tag moves.
      {
        log.info('Tags')
        const conflicts: string[] = []
        // The release's own version tag before its arch tags: none of them is set when another run holds it.
        const order = (t: TagPlan): number => (t.manifest === top ? 0 : 1)
        for (const immutable of [true, false])
          for (const { name, tags } of targets) {
            const registry = registryOf(registries, name)
            const mine = tags.filter(x => x.immutable === immutable).sort((a, b) => order(a) - order(b))
            for (const t of mine) {
              if (conflicts.length) break
              const entry = await setTag(registry, name, t)
              published.push(entry)
              if (entry.status === 'skipped')
                conflicts.push(`${name.display}:${t.tag} points to ${entry.digest}`)
            }
          }
        if (conflicts.length)
          throw new PartialPublishError(
            `another run set version tags while this one was publishing: ${conflicts.join('; ')}, not to this run's ${top.digest}. They were not moved (version tags never are); this run's image is in the registry by digest only.`,
            published
          )
      }
      return published
    } finally {
      scratch.cleanup()
      await closeAll(registries)
    }
  },

  outputs(published) {
    const refs = published.filter(p => p.role === 'index' && p.ref && p.status !== 'planned')
    // A version tag another run holds: report the digest the tag really has.
    const held = refs.find(p => p.status === 'skipped' && p.reason?.startsWith('held by another run'))
    const digest = held?.digest ?? refs.find(p => p.ref?.includes('@'))?.digest ?? ''
    const tags = refs.filter(p => !p.ref?.includes('@') && p.status !== 'skipped').map(p => p.ref as string)
    const signatures = published
      .filter(p => p.role === 'signature' && p.ref && p.status !== 'planned')
      .map(p => p.ref as string)
    return { digest, tags: tags.join('\n'), signatures: signatures.join('\n') }
  }
}

/**
 * Sets one tag. A version tag is checked again right before the PUT and after it: when another run set it to
 * other bytes meanwhile, it is not moved (or, after a lost race, reported as it really is), status skipped.
 */
async function setTag(registry: Registry, name: ImageName, t: TagPlan): Promise<Published> {
  const want = t.manifest.digest
  const ref = `${name.display}:${t.tag}`
  const entry = (status: Published['status'], digest: string, reason: string): Published => ({
    kind: 'images',
    repo: name.display,
    ref,
    status,
    digest,
    role: 'index',
    reason
  })
  // Already so while planning, a moment ago: nothing to ask again (a version tag never moves once set).
  const before = t.before === want ? want : await registry.manifestDigest(name.repository, t.tag)
  if (before === want) {
    log.info(`${ref} → ${want} (unchanged)`)
    return entry('unchanged', want, 'tag')
  }
  if (t.immutable && before) {
    log.info(`${ref} is held by another run: ${before}`)
    return entry('skipped', before, `held by another run: version tags never move (this run: ${want})`)
  }
  await registry.putManifest(name.repository, t.tag, t.manifest.mediaType, t.manifest.bytes)
  if (t.immutable) {
    const after = await registry.manifestDigest(name.repository, t.tag)
    if (after && after !== want) {
      log.info(`${ref} was set by another run at the same time: ${after}`)
      return entry(
        'skipped',
        after,
        `held by another run: it set the tag at the same time (this run: ${want})`
      )
    }
  }
  log.info(`${ref} → ${want}${before ? ` (was ${before})` : ''}`)
  return entry('uploaded', want, before ? `tag moved from ${before}` : 'tag')
}

/** The names of the tags (and, with arch-tags, per-arch tags) that `tags` give an image. */
function planTags(top: Manifest, tags: string[], withArch: boolean): string[] {
  return [...tags, ...(withArch ? archTags(top, tags).map(a => a.tag) : [])]
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
