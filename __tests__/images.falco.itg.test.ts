/**
 * Images as Falco ships them, against real registries on loopback: Debian's docker-registry with htpasswd, and
 * with token auth backed by this suite's own token issuer (testing/servers/registry.ts: a push user, a
 * pull-only reader, a refresh token, a public repository; one issuer on another loopback address). Checked
 * with skopeo and openssl: per-arch tags, cosign signatures verified over the payload bytes fetched from the
 * registry, credential helpers run from PATH, pull-only logins refused with nothing written, version tags that
 * never move, credentials kept to their hosts, buildx attestations kept.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PartialPublishError } from '../src/errors.js'
import { imagesPublisher } from '../src/images/publisher.js'
import { getInputs } from '../src/inputs.js'
import type { Published } from '../src/plan.js'
import type { PublishContext } from '../src/publisher.js'
import type { Release } from '../src/release.js'
import {
  buildLayout,
  buildxLayout,
  cosignSignature,
  fetchImage,
  dockerArchive,
  inspectRaw,
  listTags,
  ociIndex,
  skopeoCopy
} from '../testing/images.js'
import { cosignEncryptedKey } from '../testing/cosign-key.js'
import { type RegistryHandle, startRegistry } from '../testing/servers/registry.js'

let dir: string
let basic: RegistryHandle
let token: RegistryHandle
let far: RegistryHandle
let layout: string
const PUSH = { 'registry-username': 'pusher', 'registry-password': 'secret-pw-1234' }
const REFRESH = 'rt-9f8e7d6c5b4a'

const stable = (version: string): Release => ({
  type: 'stable',
  version,
  reason: 'test',
  prerelease: false,
  tag: version
})

function context(
  inputs: Record<string, string>,
  release: Release,
  env: NodeJS.ProcessEnv = {}
): PublishContext {
  Object.assign(process.env, { DOCKER_CONFIG: join(dir, 'no-docker-config') }, env)
  return {
    inputs: getInputs(name => inputs[name] ?? ''),
    release,
    run: {} as PublishContext['run'],
    baseDir: dir,
    store: async () => {
      throw new Error('images use no store')
    }
  }
}

async function publish(ctx: PublishContext): Promise<Published[]> {
  return imagesPublisher.apply(await imagesPublisher.plan(ctx), ctx)
}

/** A docker config folder holding this config.json. */
function dockerConfig(name: string, config: object): string {
  const folder = join(dir, name)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'config.json'), JSON.stringify(config))
  return folder
}

const settle = (): Promise<void> => new Promise(done => setTimeout(done, 200)) // the access log trails

/** Checks the cosign signature of one manifest digest as `cosign verify --key` does, with openssl. */
async function checkSignature(
  repo: string,
  digest: string,
  creds: string,
  publicKey: string
): Promise<boolean> {
  const sig = await cosignSignature(repo, digest, creds, dir)
  expect(sig.mediaTypes).toEqual(['application/vnd.dev.cosign.simplesigning.v1+json'])
  expect(sig.payload.critical.image['docker-manifest-digest']).toBe(digest)
  expect(sig.payload.critical.identity['docker-reference']).toBe(repo)
  expect(sig.payload.critical.type).toBe('cosign container image signature')
  return sig.verifiedBy(publicKey)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pa-images-falco-'))
  ;[basic, token, far] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startRegistry({
      auth: 'token',
      readers: { reader: 'read-only-pw-42' },
      refreshTokens: { [REFRESH]: 'pusher' },
      publicRepos: ['public/base']
    }),
    startRegistry({ auth: 'token', realmHost: '127.0.0.2' })
  ])
  layout = buildLayout(dir, { archs: ['amd64', 'arm64'], layerBytes: 16 << 10 })
  dockerArchive(layout, 'amd64', join(dir, 'falco-amd64.tar'))
  dockerArchive(layout, 'arm64', join(dir, 'falco-arm64.tar'))
  execFileSync(
    'openssl',
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', join(dir, 'key.pem')],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  execFileSync('openssl', ['pkey', '-in', join(dir, 'key.pem'), '-pubout', '-out', join(dir, 'key.pub')])
  execFileSync(
    'openssl',
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', join(dir, 'other.pem')],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  execFileSync('openssl', ['pkey', '-in', join(dir, 'other.pem'), '-pubout', '-out', join(dir, 'other.pub')])
}, 90_000)

afterAll(async () => {
  await Promise.all([basic?.stop(), token?.stop(), far?.stop()])
  rmSync(dir, { recursive: true, force: true })
})

describe('per-arch tags and cosign signatures', () => {
  test('arch-tags point at the platform manifests; the index and each platform manifest are signed', async () => {
    const images = `${basic.host}/falcosecurity/falco\n${token.host}/falcosecurity/falco`
    const inputs = {
      kind: 'images',
      files: 'falco-*.tar',
      images,
      'arch-tags': 'true',
      'cosign-key': readFileSync(join(dir, 'key.pem'), 'utf8'),
      ...PUSH
    }
    const out = await publish(context(inputs, stable('0.40.0')))
    const outputs = imagesPublisher.outputs?.(out) ?? {}
    const digest = outputs.digest
    for (const r of [basic, token]) {
      const repo = `${r.host}/falcosecurity/falco`
      const index = await inspectRaw(`${repo}:0.40.0`, r.creds)
      expect(index.digest).toBe(digest)
      const child = (arch: string): string =>
        index.manifest.manifests?.find(m => m.platform?.architecture === arch)?.digest ?? 'none'
      for (const [falcoArch, oci] of [
        ['x86_64', 'amd64'],
        ['aarch64', 'arm64']
      ])
        for (const tag of ['0.40.0', 'latest']) {
          const got = await inspectRaw(`${repo}:${falcoArch}-${tag}`, r.creds)
          expect(got.digest).toBe(child(oci))
          expect(got.manifest.layers?.length).toBeGreaterThan(0)
        }
      const signed = [digest, child('amd64'), child('arm64')]
      expect(await listTags(repo, r.creds)).toEqual(
        [
          '0.40.0',
          'latest',
          'x86_64-0.40.0',
          'x86_64-latest',
          'aarch64-0.40.0',
          'aarch64-latest',
          ...signed.map(d => `${d.replace(':', '-')}.sig`)
        ].sort()
      )
      for (const d of signed) {
        expect(await checkSignature(repo, d, r.creds, join(dir, 'key.pub'))).toBe(true)
        expect(await checkSignature(repo, d, r.creds, join(dir, 'other.pub'))).toBe(false)
      }
    }
    expect(outputs.signatures.split('\n').sort()).toEqual(
      [basic, token]
        .flatMap(r => out.filter(p => p.role === 'signature' && p.repo === `${r.host}/falcosecurity/falco`))
        .map(p => p.ref)
        .sort()
    )
    expect(outputs.signatures.split('\n')).toHaveLength(6)
    expect(outputs.tags.split('\n')).toHaveLength(12)

    // A re-run signs nothing again: our signature is recognised, so no manifest is written.
    basic.resetRequests()
    const again = await publish(context(inputs, stable('0.40.0')))
    await settle()
    expect(basic.requests().filter(q => q.method === 'PUT' || q.method === 'POST')).toEqual([])
    expect(again.filter(p => p.role === 'signature').every(p => p.status === 'unchanged')).toBe(true)
  })

  test('an image pushed without cosign-key has no signature', async () => {
    const repo = `${basic.host}/org/unsigned`
    const out = await publish(
      context({ kind: 'images', files: 'falco-amd64.tar', images: repo, ...PUSH }, stable('1.0.0'))
    )
    const digest = imagesPublisher.outputs?.(out).digest ?? ''
    expect(imagesPublisher.outputs?.(out).signatures).toBe('')
    await expect(fetchImage(`${repo}:${digest.replace(':', '-')}.sig`, basic.creds, dir)).rejects.toThrow()
    expect(await listTags(repo, basic.creds)).toEqual(['1.0.0', 'latest'])
  })

  test("cosign's encrypted key format is read; a wrong password fails before any request", async () => {
    // Made the way cosign generate-key-pair makes it, with tools other than the action's own.
    const password = 'correct horse battery'
    const pem = cosignEncryptedKey(join(dir, 'key.pem'), password)
    const repo = `${basic.host}/org/encrypted`
    const inputs = { kind: 'images', files: 'falco-arm64.tar', images: repo, 'cosign-key': pem, ...PUSH }

    basic.resetRequests()
    await expect(
      publish(context({ ...inputs, 'cosign-password': 'wrong' }, stable('1.0.0')))
    ).rejects.toThrow(/Input 'cosign-password': does not decrypt cosign-key/)
    await settle()
    expect(basic.requests()).toEqual([])

    const out = await publish(context({ ...inputs, 'cosign-password': password }, stable('1.0.0')))
    const digest = imagesPublisher.outputs?.(out).digest ?? ''
    expect(imagesPublisher.outputs?.(out).signatures).toBe(`${repo}:${digest.replace(':', '-')}.sig`)
    expect(await checkSignature(repo, digest, basic.creds, join(dir, 'key.pub'))).toBe(true)
    expect(await checkSignature(repo, digest, basic.creds, join(dir, 'other.pub'))).toBe(false)
  })

  test('a key that is not EC P-256 is refused naming cosign-key', async () => {
    const rsa = execFileSync(
      'openssl',
      ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
    )
    await expect(
      publish(
        context(
          {
            kind: 'images',
            files: 'falco-arm64.tar',
            images: `${basic.host}/org/rsa`,
            'cosign-key': rsa,
            ...PUSH
          },
          stable('1.0.0')
        )
      )
    ).rejects.toThrow(/Input 'cosign-key': is a rsa key: cosign keys are ECDSA P-256/)
  })
})

describe('version tags never move', () => {
  test('a dev run (a release marked prerelease on a plain tag) does not move an existing X.Y.Z tag', async () => {
    const repo = `${basic.host}/org/prerelease`
    await publish(
      context({ kind: 'images', files: 'falco-amd64.tar', images: repo, ...PUSH }, stable('3.0.0'))
    )
    const before = (await inspectRaw(`${repo}:3.0.0`, basic.creds)).digest
    basic.resetRequests()
    const dev: Release = {
      type: 'dev',
      version: '3.0.0',
      reason: 'release marked prerelease',
      prerelease: true,
      tag: '3.0.0'
    }
    await expect(
      publish(context({ kind: 'images', files: 'falco-arm64.tar', images: repo, ...PUSH }, dev))
    ).rejects.toThrow(
      /org\/prerelease:3\.0\.0 already points to sha256:[a-f0-9]{64}, not to this image .*no run type moves a version tag/
    )
    await settle()
    expect(basic.requests().filter(q => q.method !== 'GET' && q.method !== 'HEAD')).toEqual([])
    expect((await inspectRaw(`${repo}:3.0.0`, basic.creds)).digest).toBe(before)
  })

  test('two concurrent stable runs of one version: the second is refused at the tag and reports the digest the tag has', async () => {
    const repo = `${token.host}/org/race`
    const a = context(
      { kind: 'images', files: 'falco-amd64.tar', images: repo, 'arch-tags': 'true', ...PUSH },
      stable('4.0.0')
    )
    const planA = await imagesPublisher.plan(a)
    const b = context(
      { kind: 'images', files: 'falco-arm64.tar', images: repo, 'arch-tags': 'true', ...PUSH },
      stable('4.0.0')
    )
    const planB = await imagesPublisher.plan(b)
    // Both planned before either pushed (the race); A lands first.
    const outA = await imagesPublisher.apply(planA, a)
    const digestA = imagesPublisher.outputs?.(outA).digest
    const err = await imagesPublisher.apply(planB, b).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(PartialPublishError)
    expect((err as Error).message).toContain(`${repo}:4.0.0 points to ${digestA}`)
    const outputsB = imagesPublisher.outputs?.((err as PartialPublishError).published) ?? {}
    expect(outputsB.digest).toBe(digestA)
    expect(outputsB.tags).toBe('')
    // Neither the version tag nor latest moved to B's image.
    expect((await inspectRaw(`${repo}:4.0.0`, token.creds)).digest).toBe(digestA)
    expect((await inspectRaw(`${repo}:latest`, token.creds)).digest).toBe(digestA)
    expect((await inspectRaw(`${repo}:x86_64-4.0.0`, token.creds)).digest).toBe(digestA)
    expect(await listTags(repo, token.creds)).toEqual(['4.0.0', 'latest', 'x86_64-4.0.0', 'x86_64-latest'])
  })
})

describe('push access is proven before anything is written', () => {
  test('a pull-only login on the second destination is refused in the plan; the first holds nothing', async () => {
    const config = dockerConfig('docker-reader', {
      auths: {
        [basic.host]: { auth: Buffer.from(basic.creds).toString('base64') },
        [token.host]: { auth: Buffer.from('reader:read-only-pw-42').toString('base64') }
      }
    })
    basic.resetRequests()
    token.resetRequests()
    const inputs = {
      kind: 'images',
      files: 'falco-*.tar',
      images: `${basic.host}/org/perm\n${token.host}/org/perm`
    }
    await expect(publish(context(inputs, stable('5.0.0'), { DOCKER_CONFIG: config }))).rejects.toThrow(
      new RegExp(
        `the login of user 'reader' from the docker config .* may not push to ${token.host}/org/perm \\(the token service granted only pull\\)`
      )
    )
    await settle()
    // The htpasswd registry says nothing about scopes: an upload session was opened and cancelled, no more.
    const writes = basic.requests().filter(q => !['GET', 'HEAD'].includes(q.method))
    expect(writes.map(q => `${q.method} ${q.status}`)).toEqual(['POST 202', 'DELETE 204'])
    expect(token.requests().filter(q => !['GET', 'HEAD'].includes(q.method))).toEqual([])
    await expect(listTags(`${basic.host}/org/perm`, basic.creds)).rejects.toThrow()
  })

  test('a dry run opens no upload session, and still refuses a pull-only token', async () => {
    basic.resetRequests()
    const plan = await imagesPublisher.plan(
      context(
        {
          kind: 'images',
          files: 'falco-amd64.tar',
          images: `${basic.host}/org/dry`,
          'dry-run': 'true',
          ...PUSH
        },
        stable('5.1.0')
      )
    )
    expect(plan.notes.join('\n')).toContain('not proven (dry run')
    await settle()
    expect(basic.requests().filter(q => !['GET', 'HEAD'].includes(q.method))).toEqual([])
    const reader = dockerConfig('docker-reader-dry', {
      auths: { [token.host]: { auth: Buffer.from('reader:read-only-pw-42').toString('base64') } }
    })
    await expect(
      imagesPublisher.plan(
        context(
          { kind: 'images', files: 'falco-amd64.tar', images: `${token.host}/org/dry`, 'dry-run': 'true' },
          stable('5.1.0'),
          { DOCKER_CONFIG: reader }
        )
      )
    ).rejects.toThrow(/may not push to .*granted only pull/)
  })

  test('no login for a public repository anonymous clients may pull: refused in the plan, nothing written', async () => {
    token.resetRequests()
    await expect(
      publish(
        context(
          { kind: 'images', files: 'falco-amd64.tar', images: `${token.host}/public/base` },
          stable('5.0.0')
        )
      )
    ).rejects.toThrow(
      /an anonymous client \(no login found for this registry\) may not push to .*public\/base \(the token service granted only pull\)/
    )
    await settle()
    expect(token.requests().filter(q => !['GET', 'HEAD'].includes(q.method))).toEqual([])
  })
})

describe('credentials', () => {
  test('credHelpers and credsStore run docker-credential-<name> get from PATH; an identity token is a refresh token', async () => {
    const bin = join(dir, 'bin')
    mkdirSync(bin, { recursive: true })
    const log = join(dir, 'helper.log')
    // Two helpers as docker runs them: the server URL on stdin, JSON on stdout, "credentials not found" else.
    const helper = (name: string, host: string, answer: object): void => {
      writeFileSync(
        join(bin, `docker-credential-${name}`),
        [
          '#!/bin/sh',
          '[ "$1" = get ] || exit 2',
          'read -r url',
          `echo "${name} $url" >> '${log}'`,
          `if [ "$url" = '${host}' ]; then echo '${JSON.stringify(answer)}'; exit 0; fi`,
          'echo "credentials not found in native keychain"; exit 1',
          ''
        ].join('\n')
      )
      chmodSync(join(bin, `docker-credential-${name}`), 0o755)
    }
    helper('pa-ecr', basic.host, { ServerURL: basic.host, Username: 'pusher', Secret: 'secret-pw-1234' })
    helper('pa-desktop', token.host, { ServerURL: token.host, Username: '<token>', Secret: REFRESH })
    const config = dockerConfig('docker-helpers', {
      auths: { [token.host]: {} },
      credHelpers: { [basic.host]: 'pa-ecr' },
      credsStore: 'pa-desktop'
    })
    token.tokenRequests.length = 0
    const out = await publish(
      context(
        {
          kind: 'images',
          files: 'falco-*.tar',
          images: `${basic.host}/org/helper\n${token.host}/org/helper`
        },
        stable('6.0.0'),
        { DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH}` }
      )
    )
    const digest = imagesPublisher.outputs?.(out).digest
    const requests = [...token.tokenRequests] // before skopeo's own token requests below
    expect((await inspectRaw(`${basic.host}/org/helper:6.0.0`, basic.creds)).digest).toBe(digest)
    expect((await inspectRaw(`${token.host}/org/helper:6.0.0`, token.creds)).digest).toBe(digest)
    // Each helper was asked once, for its own host only.
    expect(readFileSync(log, 'utf8').trim().split('\n').sort()).toEqual([
      `pa-desktop ${token.host}`,
      `pa-ecr ${basic.host}`
    ])
    // The identity token went to the token service as an OAuth2 refresh token, never as a Basic password.
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.every(t => t.method === 'POST' && t.grantType === 'refresh_token' && t.granted)).toBe(
      true
    )
    // Concurrent blob pushes shared their token requests: no scope set was asked for twice.
    const asked = requests.map(t => [...t.scopes].sort().join(' '))
    expect(new Set(asked).size).toBe(asked.length)
  })

  test('a helper named in the config but missing from PATH fails with a clear error', async () => {
    const config = dockerConfig('docker-missing', { credHelpers: { [basic.host]: 'pa-nowhere' } })
    await expect(
      publish(
        context(
          { kind: 'images', files: 'falco-amd64.tar', images: `${basic.host}/org/x` },
          stable('6.0.0'),
          { DOCKER_CONFIG: config }
        )
      )
    ).rejects.toThrow(/credential helper docker-credential-pa-nowhere, but it is not on PATH/)
  })

  test('the inputs login goes to the destinations only: a public docker:// source elsewhere is read anonymously', async () => {
    await skopeoCopy(`oci:${layout}:amd64`, `docker://${token.host}/public/base:1`, token.creds)
    token.tokenRequests.length = 0
    const out = await publish(
      context(
        {
          kind: 'images',
          files: `docker://${token.host}/public/base:1`,
          images: `${basic.host}/org/copy`,
          ...PUSH
        },
        stable('7.0.0')
      )
    )
    const requests = [...token.tokenRequests] // before skopeo's own below
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.filter(t => t.credentials)).toEqual([])
    expect(imagesPublisher.outputs?.(out).digest).toBe(
      (await inspectRaw(`${token.host}/public/base:1`, token.creds)).digest
    )
  })

  test('a docker config entry serves only its own host', async () => {
    const config = dockerConfig('docker-one-host', {
      auths: { [basic.host]: { auth: Buffer.from(basic.creds).toString('base64') } }
    })
    token.tokenRequests.length = 0
    const out = await publish(
      context(
        { kind: 'images', files: `docker://${token.host}/public/base:1`, images: `${basic.host}/org/copy2` },
        stable('7.0.0'),
        {
          DOCKER_CONFIG: config
        }
      )
    )
    expect(imagesPublisher.outputs?.(out).tags).toContain(`${basic.host}/org/copy2:7.0.0`)
    expect(token.tokenRequests.filter(t => t.credentials)).toEqual([])
  })

  test('a Bearer realm on another host over plain http gets no credentials', async () => {
    far.tokenRequests.length = 0
    await expect(
      publish(
        context(
          { kind: 'images', files: 'falco-amd64.tar', images: `${far.host}/org/far`, ...PUSH },
          stable('1.0.0')
        )
      )
    ).rejects.toThrow(
      /sends logins to the token service http:\/\/127\.0\.0\.2:\d+, which is plain http on another host/
    )
    expect(far.tokenRequests.filter(t => t.credentials)).toEqual([])
  })
})

describe('layouts', () => {
  test('buildx layouts (image + provenance attestation) keep their attestations when combined', async () => {
    const amd = buildxLayout(layout, 'amd64', join(dir, 'buildx', 'amd64'))
    const arm = buildxLayout(layout, 'arm64', join(dir, 'buildx', 'arm64'))
    const repo = `${basic.host}/org/buildx`
    const out = await publish(
      context(
        { kind: 'images', files: 'buildx/*', images: repo, 'arch-tags': 'true', ...PUSH },
        stable('8.0.0')
      )
    )
    const index = await inspectRaw(`${repo}:8.0.0`, basic.creds)
    expect(index.digest).toBe(imagesPublisher.outputs?.(out).digest)
    const entries = (
      index.manifest as {
        manifests: {
          digest: string
          platform: { os: string; architecture: string }
          annotations?: Record<string, string>
        }[]
      }
    ).manifests
    expect(entries.map(e => `${e.platform.os}/${e.platform.architecture}`)).toEqual([
      'linux/amd64',
      'unknown/unknown',
      'linux/arm64',
      'unknown/unknown'
    ])
    for (const { image, attestation } of [amd, arm]) {
      const entry = entries.find(e => e.digest === attestation)
      expect(entry?.annotations).toEqual({
        'vnd.docker.reference.digest': image,
        'vnd.docker.reference.type': 'attestation-manifest'
      })
      expect(entries.some(e => e.digest === image)).toBe(true)
      const pushed = await inspectRaw(`${repo}@${attestation}`, basic.creds)
      expect(pushed.manifest.layers?.map(l => l.mediaType)).toEqual(['application/vnd.in-toto+json'])
    }
    // Attestations get no arch tags.
    expect(await listTags(repo, basic.creds)).toEqual([
      '8.0.0',
      'aarch64-8.0.0',
      'aarch64-latest',
      'latest',
      'x86_64-8.0.0',
      'x86_64-latest'
    ])
  })

  test("a layout's own multi-arch index is pushed as it is, even when the layout also names its images", async () => {
    const copy = join(dir, 'multi')
    cpSync(layout, copy, { recursive: true })
    const digest = ociIndex(copy, ['amd64', 'arm64'], 'multi')
    const repo = `${basic.host}/org/multi`
    const out = await publish(
      context({ kind: 'images', files: 'multi', images: repo, ...PUSH }, stable('9.0.0'))
    )
    expect(imagesPublisher.outputs?.(out).digest).toBe(digest)
    expect((await inspectRaw(`${repo}:9.0.0`, basic.creds)).digest).toBe(digest)
  })
})
