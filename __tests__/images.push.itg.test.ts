/**
 * Images against real registries on 127.0.0.1: Debian's docker-registry with htpasswd (Basic) auth and a second
 * one with token (Bearer) auth backed by a token issuer in the test process. Test images are built with umoci
 * and skopeo (no Docker); what was pushed is checked with skopeo. The publisher is called directly here; the
 * bundled action is run end to end in images.action.itg.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { imagesPublisher } from '../src/images/publisher.js'
import { indexTar } from '../src/images/tarindex.js'
import { getInputs } from '../src/inputs.js'
import type { Published } from '../src/plan.js'
import type { PublishContext } from '../src/publisher.js'
import type { Release } from '../src/release.js'
import { buildLayout, dockerArchive, fetchImage, inspectRaw, listTags } from '../testing/images.js'
import { type RegistryHandle, startRegistry } from '../testing/servers/registry.js'

let dir: string
let basic: RegistryHandle
let token: RegistryHandle
let layout: string

const stable = (version: string): Release => ({
  type: 'stable',
  version,
  reason: 'test',
  prerelease: false,
  tag: version
})
const devRelease: Release = { type: 'dev', version: '0.41.0-3+abc1234', reason: 'test', prerelease: true }

function context(
  inputs: Record<string, string>,
  release: Release,
  env: NodeJS.ProcessEnv = {}
): PublishContext {
  const parsed = getInputs(name => inputs[name] ?? '')
  Object.assign(process.env, { DOCKER_CONFIG: join(dir, 'no-docker-config') }, env)
  return {
    inputs: parsed,
    release,
    run: {} as PublishContext['run'],
    baseDir: dir,
    store: async () => {
      throw new Error('images use no store')
    }
  }
}

async function publish(ctx: PublishContext): Promise<Published[]> {
  const plan = await imagesPublisher.plan(ctx)
  return imagesPublisher.apply(plan, ctx)
}

/** Blob writes seen by a registry: upload starts, PUTs and PATCHes under /blobs/uploads/. */
const blobWrites = (r: RegistryHandle): number =>
  r.requests().filter(q => q.path.includes('/blobs/uploads/')).length

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pa-images-'))
  ;[basic, token] = await Promise.all([startRegistry({ auth: 'htpasswd' }), startRegistry({ auth: 'token' })])
  layout = buildLayout(dir, { archs: ['amd64', 'arm64'], layerBytes: 64 << 10, layers: 2 })
  dockerArchive(layout, 'amd64', join(dir, 'falco-amd64.tar'))
  dockerArchive(layout, 'arm64', join(dir, 'falco-arm64.tar'))
}, 60_000)

afterAll(async () => {
  await Promise.all([basic?.stop(), token?.stop()])
  rmSync(dir, { recursive: true, force: true })
})

describe('pushing images', () => {
  test('two docker save archives become one multi-arch index in two registries; a re-push uploads no blob', async () => {
    const images = `${basic.host}/falcosecurity/falco\n${token.host}/falcosecurity/falco`
    const inputs = {
      kind: 'images',
      files: 'falco-*.tar',
      images,
      'registry-username': 'pusher',
      'registry-password': 'secret-pw-1234'
    }
    const ctx = context(inputs, stable('0.39.0'))
    const first = await publish(ctx)
    const { digest, tags } = imagesPublisher.outputs?.(first) ?? {}
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(tags?.split('\n').sort()).toEqual(
      [
        `${basic.host}/falcosecurity/falco:0.39.0`,
        `${basic.host}/falcosecurity/falco:latest`,
        `${token.host}/falcosecurity/falco:0.39.0`,
        `${token.host}/falcosecurity/falco:latest`
      ].sort()
    )
    for (const r of [basic, token]) {
      const ref = `${r.host}/falcosecurity/falco`
      expect(await listTags(ref, r.creds)).toEqual(['0.39.0', 'latest'])
      const latest = await inspectRaw(`${ref}:latest`, r.creds)
      expect(latest.digest).toBe(digest)
      expect(latest.manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
      expect(
        latest.manifest.manifests?.map(m => `${m.platform?.os}/${m.platform?.architecture}`).sort()
      ).toEqual(['linux/amd64', 'linux/arm64'])
      const amd64 = latest.manifest.manifests?.find(m => m.platform?.architecture === 'amd64')
      const image = await inspectRaw(`${ref}@${amd64?.digest}`, r.creds)
      expect(image.manifest.layers?.map(l => l.mediaType)).toEqual(
        Array(2).fill('application/vnd.docker.image.rootfs.diff.tar.gzip')
      )
    }
    // The Bearer flow was used: the token registry's issuer saw granted requests with push scope.
    expect(
      token.tokenRequests.some(
        t => t.granted && t.scopes.includes('repository:falcosecurity/falco:pull,push')
      )
    ).toBe(true)

    basic.resetRequests()
    token.resetRequests()
    const again = await publish(context(inputs, stable('0.39.0')))
    await new Promise(done => setTimeout(done, 200)) // the access log is written after each response
    expect(blobWrites(basic)).toBe(0)
    expect(blobWrites(token)).toBe(0)
    expect(basic.requests().filter(q => q.method === 'PUT')).toEqual([])
    // A stable release asks for the registry's tags: they decide whether latest moves.
    expect(basic.requests().some(q => q.path.includes('/tags/list'))).toBe(true)
    expect(again.every(p => p.status === 'unchanged')).toBe(true)
    expect(imagesPublisher.outputs?.(again).digest).toBe(digest)
  })

  test('latest does not move backwards: 0.39.0 then the backport 0.38.3', async () => {
    const image = `${basic.host}/org/backport`
    const creds = { 'registry-username': 'pusher', 'registry-password': 'secret-pw-1234' }
    await publish(
      context({ kind: 'images', files: 'falco-amd64.tar', images: image, ...creds }, stable('0.39.0'))
    )
    const latest = (await inspectRaw(`${image}:latest`, basic.creds)).digest
    const backport = await publish(
      context({ kind: 'images', files: 'falco-arm64.tar', images: image, ...creds }, stable('0.38.3'))
    )
    expect(await listTags(image, basic.creds)).toEqual(['0.38.3', '0.39.0', 'latest'])
    expect((await inspectRaw(`${image}:latest`, basic.creds)).digest).toBe(latest)
    expect((await inspectRaw(`${image}:0.38.3`, basic.creds)).digest).not.toBe(latest)
    expect(backport.filter(p => p.ref?.endsWith(':latest'))).toEqual([])
  })

  test('an OCI layout with one image per arch, dev tags with a suffix, credentials from the docker config', async () => {
    const config = join(dir, 'docker-config')
    const auth = Buffer.from('pusher:secret-pw-1234').toString('base64')
    rmSync(config, { recursive: true, force: true })
    mkdirSync(config)
    writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [token.host]: { auth } } }))
    const ctx = context(
      { kind: 'images', files: 'layout', images: `${token.host}/org/dev`, 'tag-suffix': '-debian' },
      devRelease,
      { DOCKER_CONFIG: config }
    )
    token.resetRequests()
    const out = await publish(ctx)
    await new Promise(done => setTimeout(done, 200)) // the access log is written after each response
    // A dev release's tags are dev-tags whatever the registry holds: its tags are not listed.
    expect(token.requests().filter(q => q.path.includes('/manifests/')).length).toBeGreaterThan(0)
    expect(token.requests().filter(q => q.path.includes('/tags/list'))).toEqual([])
    expect(await listTags(`${token.host}/org/dev`, token.creds)).toEqual(['master-debian'])
    const raw = await inspectRaw(`${token.host}/org/dev:master-debian`, token.creds)
    expect(raw.manifest.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(raw.digest).toBe(imagesPublisher.outputs?.(out).digest)
  })

  test('a wrong password fails with a clear error before anything is pushed', async () => {
    for (const r of [basic, token]) {
      r.resetRequests()
      const ctx = context(
        {
          kind: 'images',
          files: 'falco-*.tar',
          images: `${r.host}/org/denied`,
          'registry-username': 'pusher',
          'registry-password': 'wrong-password'
        },
        stable('1.0.0')
      )
      await expect(publish(ctx)).rejects.toThrow(
        `registry ${r.host} rejected the login of user 'pusher' from the registry-username/registry-password inputs`
      )
      expect(blobWrites(r)).toBe(0)
    }
  })

  test('no credentials for a registry that needs them: says how to log in', async () => {
    const ctx = context(
      { kind: 'images', files: 'falco-amd64.tar', images: `${basic.host}/org/anon` },
      stable('1.0.0')
    )
    await expect(publish(ctx)).rejects.toThrow(
      /asks for a login: set registry-username and registry-password, or log in first/
    )
  })

  test('a corrupt archive is refused before anything is pushed', async () => {
    const bad = join(dir, 'corrupt', 'falco-amd64.tar')
    mkdirSync(join(dir, 'corrupt'), { recursive: true })
    const bytes = readFileSync(join(dir, 'falco-amd64.tar'))
    const entries = await indexTar(join(dir, 'falco-amd64.tar'))
    const layer = [...entries.values()].find(
      e => e.type === 'file' && e.name.endsWith('.tar') && e.size > 60_000
    )
    if (!layer) throw new Error('no layer found in the archive')
    bytes[layer.offset + 30_000] ^= 0xff
    writeFileSync(bad, bytes)
    basic.resetRequests()
    const ctx = context(
      {
        kind: 'images',
        files: 'corrupt/*.tar',
        images: `${basic.host}/org/corrupt`,
        'registry-username': 'pusher',
        'registry-password': 'secret-pw-1234'
      },
      stable('1.0.0')
    )
    await expect(publish(ctx)).rejects.toThrow(/the archive is corrupt, nothing was pushed/)
    expect(basic.requests()).toEqual([])
  })

  test('a corrupt OCI layout blob is refused before anything is pushed', async () => {
    const copy = join(dir, 'bad-layout')
    cpSync(layout, copy, { recursive: true })
    const index = JSON.parse(readFileSync(join(copy, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[]
    }
    const manifest = JSON.parse(
      readFileSync(join(copy, 'blobs', 'sha256', index.manifests[0].digest.slice(7)), 'utf8')
    ) as { layers: { digest: string }[] }
    const blob = join(copy, 'blobs', 'sha256', manifest.layers[0].digest.slice(7))
    const bytes = readFileSync(blob)
    bytes[100] ^= 0xff
    writeFileSync(blob, bytes)
    basic.resetRequests()
    const ctx = context(
      {
        kind: 'images',
        files: 'bad-layout',
        images: `${basic.host}/org/corrupt`,
        'registry-username': 'pusher',
        'registry-password': 'secret-pw-1234'
      },
      stable('1.0.0')
    )
    await expect(publish(ctx)).rejects.toThrow(new RegExp(`blob ${manifest.layers[0].digest} is corrupt`))
    await new Promise(done => setTimeout(done, 200)) // the access log is written after each response
    // The registry is asked what it holds (a blob it holds is trusted, see below), but nothing is written:
    // no upload session, no manifest, no tag.
    const seen = basic.requests()
    expect(seen.filter(q => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(q.method))).toEqual([])
    expect(seen.every(q => q.method === 'GET' || q.method === 'HEAD')).toBe(true)
    await expect(listTags(`${basic.host}/org/corrupt`, basic.creds)).rejects.toThrow()
  })

  test('a corrupt local blob that the registry already holds is never uploaded; the image stays intact', async () => {
    const image = `${basic.host}/org/trusted`
    const creds = { 'registry-username': 'pusher', 'registry-password': 'secret-pw-1234' }
    const copy = join(dir, 'trusted-layout')
    cpSync(layout, copy, { recursive: true })
    const first = await publish(
      context({ kind: 'images', files: 'trusted-layout', images: image, ...creds }, stable('1.0.0'))
    )
    const digest = imagesPublisher.outputs?.(first).digest
    // The same layout again, one layer now corrupt on disk (same size, one byte flipped).
    const index = JSON.parse(readFileSync(join(copy, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[]
    }
    const manifestDigest = index.manifests[0].digest
    const manifest = JSON.parse(
      readFileSync(join(copy, 'blobs', 'sha256', manifestDigest.slice(7)), 'utf8')
    ) as {
      layers: { digest: string }[]
    }
    const layer = manifest.layers[0].digest
    const intact = readFileSync(join(layout, 'blobs', 'sha256', layer.slice(7)))
    const bytes = Buffer.from(intact)
    bytes[100] ^= 0xff
    writeFileSync(join(copy, 'blobs', 'sha256', layer.slice(7)), bytes)
    basic.resetRequests()
    const again = await publish(
      context({ kind: 'images', files: 'trusted-layout', images: image, ...creds }, stable('1.0.1'))
    )
    await new Promise(done => setTimeout(done, 200))
    // Trusted as it is: no blob uploaded; the only writes are the push-access probe (an upload session opened
    // and cancelled, as the htpasswd registry does not say what a login may do) and the new tag.
    expect(
      basic
        .requests()
        .filter(q => !['GET', 'HEAD'].includes(q.method))
        .map(q => `${q.method} ${q.path.replace(/uploads\/[^?]+(\?.*)?$/, 'uploads/<session>')} ${q.status}`)
    ).toEqual([
      'POST /v2/org/trusted/blobs/uploads/ 202',
      'DELETE /v2/org/trusted/blobs/uploads/<session> 204',
      'PUT /v2/org/trusted/manifests/1.0.1 201'
    ])
    expect(imagesPublisher.outputs?.(again).digest).toBe(digest)
    expect(again.find(p => p.ref === `${image}@${layer}`)?.status).toBe('unchanged')
    // Pulled back with skopeo (which checks every digest): the image the new tag names holds the intact layer.
    const pulled = await fetchImage(`${image}@${manifestDigest}`, basic.creds, dir)
    expect(
      (JSON.parse(pulled.manifest.toString('utf8')) as { layers: { digest: string }[] }).layers.map(
        l => l.digest
      )
    ).toEqual(manifest.layers.map(l => l.digest))
    expect(pulled.blob(layer).equals(intact)).toBe(true)
    expect((await inspectRaw(`${image}:1.0.1`, basic.creds)).digest).toBe(digest)
  })

  test('a stable tag is never moved to other bytes', async () => {
    const image = `${basic.host}/org/immutable`
    const creds = { 'registry-username': 'pusher', 'registry-password': 'secret-pw-1234' }
    await publish(
      context({ kind: 'images', files: 'falco-amd64.tar', images: image, ...creds }, stable('2.0.0'))
    )
    basic.resetRequests()
    await expect(
      publish(context({ kind: 'images', files: 'falco-arm64.tar', images: image, ...creds }, stable('2.0.0')))
    ).rejects.toThrow(
      /:2\.0\.0 already points to sha256:[a-f0-9]+, not to this image .*stable tags are never overwritten/
    )
    await new Promise(done => setTimeout(done, 100))
    expect(blobWrites(basic)).toBe(0)
  })

  test('a registry source is copied: blobs mounted within the registry, streamed across registries', async () => {
    const source = `docker://${basic.host}/falcosecurity/falco:0.39.0`
    basic.resetRequests()
    const ctx = context(
      {
        kind: 'images',
        files: source,
        images: `${basic.host}/mirror/falco\n${token.host}/mirror/falco`,
        'registry-username': 'pusher',
        'registry-password': 'secret-pw-1234'
      },
      stable('0.39.0')
    )
    const out = await publish(ctx)
    const sourceDigest = (await inspectRaw(`${basic.host}/falcosecurity/falco:0.39.0`, basic.creds)).digest
    expect(imagesPublisher.outputs?.(out).digest).toBe(sourceDigest)
    expect((await inspectRaw(`${token.host}/mirror/falco:0.39.0`, token.creds)).digest).toBe(sourceDigest)
    const mounted = out.filter(p => p.repo === `${basic.host}/mirror/falco` && p.reason === 'blob mounted')
    expect(mounted.length).toBeGreaterThan(0)
    await new Promise(done => setTimeout(done, 100))
    expect(basic.requests().filter(q => q.method === 'PUT' && q.path.includes('/blobs/uploads/'))).toEqual([])
  })
})
