/**
 * The pure parts of Falco-style images: which tags are version tags, per-arch tag names, what a token grants,
 * where credentials may go, docker config resolution per host, and cosign signature images (appending, and
 * recognising our own on a re-run). The registry-facing behaviour is in images.falco.itg.test.ts.
 */
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync, verify } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { archName, archTags } from '../src/images/archtags.js'
import {
  SIGNATURE_ANNOTATION,
  loadSigner,
  signatureImage,
  simpleSigningPayload
} from '../src/images/cosign.js'
import { credentialsFor } from '../src/images/credentials.js'
import { isVersionTag } from '../src/images/immutable.js'
import type { Manifest } from '../src/images/model.js'
import { parseImageName } from '../src/images/name.js'
import { checkRealm, covers, grantedScopes } from '../src/images/registry.js'
import { combine } from '../src/images/sources.js'

const manifest = (digest: string, architecture: string, os = 'linux', variant?: string): Manifest => ({
  digest: `sha256:${digest.repeat(64).slice(0, 64)}`,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  bytes: Buffer.from(digest),
  platform: { os, architecture, ...(variant ? { variant } : {}) },
  blobs: [],
  children: [],
  origin: digest
})

describe('version tags', () => {
  test.each([
    ['0.40.0', '', true],
    ['v0.40.0', '', true],
    ['0.40.0-debian', '-debian', true],
    ['x86_64-0.40.0', '', true],
    ['aarch64-0.40.0-debian', '-debian', true],
    ['0.40.0-rc1', '', false],
    ['latest', '', false],
    ['master', '', false],
    ['x86_64-latest', '', false],
    ['0.41.0-3-abc1234', '', false],
    ['0.40', '', false]
  ])('%s (suffix %j) is a version tag: %s', (tag, suffix, expected) => {
    expect(isVersionTag(tag, suffix)).toBe(expected)
  })
})

describe('arch tags', () => {
  test("Falco's names for amd64 and arm64, the OCI name for others; attestations get none", () => {
    expect(['amd64', 'arm64', 's390x', 'ppc64le'].map(archName)).toEqual([
      'x86_64',
      'aarch64',
      's390x',
      'ppc64le'
    ])
    const amd = manifest('a', 'amd64')
    const arm = manifest('b', 'arm64', 'linux', 'v8')
    const top = combine([amd, arm, manifest('c', 'unknown', 'unknown')])
    const tags = archTags(top, ['0.40.0', 'latest'])
    expect(tags.map(t => [t.tag, t.manifest.digest])).toEqual([
      ['x86_64-0.40.0', amd.digest],
      ['x86_64-latest', amd.digest],
      ['aarch64-0.40.0', arm.digest],
      ['aarch64-latest', arm.digest]
    ])
  })

  test('a single image gets arch tags pointing at itself', () => {
    const one = manifest('d', 'arm64')
    expect(archTags(one, ['1.0.0']).map(t => [t.tag, t.manifest.digest])).toEqual([
      ['aarch64-1.0.0', one.digest]
    ])
  })

  test('two platforms with one architecture name are refused naming arch-tags', () => {
    const top = combine([manifest('e', 'arm', 'linux', 'v6'), manifest('f', 'arm', 'linux', 'v7')])
    expect(() => archTags(top, ['1.0.0'])).toThrow(/Input 'arch-tags': linux\/arm\/v6 and linux\/arm\/v7/)
  })
})

describe('combining sources', () => {
  test('images an index among the sources already holds are that index, kept as it is', () => {
    const amd = manifest('a', 'amd64')
    const arm = manifest('b', 'arm64')
    const index: Manifest = { ...manifest('9', 'unknown'), platform: undefined, children: [amd, arm] }
    expect(combine([amd, arm, index])).toBe(index)
  })

  test('descriptor annotations are kept, layout names dropped', () => {
    const amd = { ...manifest('a', 'amd64'), annotations: { 'org.opencontainers.image.ref.name': 'amd64' } }
    const att = {
      ...manifest('c', 'unknown', 'unknown'),
      annotations: {
        'vnd.docker.reference.digest': amd.digest,
        'vnd.docker.reference.type': 'attestation-manifest'
      }
    }
    const top = combine([amd, att])
    const json = JSON.parse(top.bytes.toString('utf8')) as { manifests: { annotations?: object }[] }
    expect(json.manifests.map(m => m.annotations)).toEqual([undefined, att.annotations])
  })
})

describe('token grants and realms', () => {
  const jwt = (claims: object): string =>
    ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.')

  test('the JWT access claim, else an OAuth2 scope field, else unknown', () => {
    expect(
      grantedScopes(jwt({ access: [{ type: 'repository', name: 'org/app', actions: ['pull'] }] }), undefined)
    ).toEqual(['repository:org/app:pull'])
    expect(grantedScopes(jwt({ access: [] }), undefined)).toEqual([])
    expect(grantedScopes('opaque-token', 'repository:org/app:pull,push')).toEqual([
      'repository:org/app:pull,push'
    ])
    expect(grantedScopes('opaque-token', undefined)).toBeUndefined()
  })

  test('credentials go to a realm over https, or over http on the host of an http registry only', () => {
    const ok = (realm: string, base: string): boolean => {
      try {
        checkRealm(new URL(realm), base, new URL(base).host)
        return true
      } catch {
        return false
      }
    }
    expect(ok('https://auth.docker.io/token', 'https://registry-1.docker.io')).toBe(true)
    expect(ok('https://10.0.0.5/token', 'http://127.0.0.1:5000')).toBe(true)
    expect(ok('http://127.0.0.1:9999/token', 'http://127.0.0.1:5000')).toBe(true)
    expect(ok('http://127.0.0.2:9999/token', 'http://127.0.0.1:5000')).toBe(false)
    expect(ok('http://auth.example.com/token', 'https://auth.example.com')).toBe(false)
    expect(ok('http://evil.example/token', 'http://registry.lan:5000')).toBe(false)
  })
})

describe('docker config credentials', () => {
  test('each entry serves its own host; the inputs serve the destinations only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-creds-'))
    try {
      const auth = (s: string): string => Buffer.from(s).toString('base64')
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({
          auths: {
            'https://index.docker.io/v1/': { auth: auth('hubuser:hub-pw-1') },
            'ghcr.io': { auth: auth('octo:ghcr-pw-2') },
            'registry.lan:5000': { identitytoken: 'refresh-3' }
          }
        })
      )
      const env = { DOCKER_CONFIG: dir }
      const none = { username: '', password: '', destinations: new Set<string>() }
      expect((await credentialsFor('docker.io', none, env))?.password).toBe('hub-pw-1')
      expect((await credentialsFor('registry-1.docker.io', none, env))?.username).toBe('hubuser')
      expect((await credentialsFor('ghcr.io', none, env))?.password).toBe('ghcr-pw-2')
      expect(await credentialsFor('ghcr.io:443', none, env)).toBeUndefined()
      expect(await credentialsFor('quay.io', none, env)).toBeUndefined()
      const lan = await credentialsFor('registry.lan:5000', none, env)
      expect([lan?.identityToken, lan?.password]).toEqual(['refresh-3', ''])
      const inputs = { username: 'u', password: 'input-pw', destinations: new Set(['quay.io']) }
      expect((await credentialsFor('quay.io', inputs, env))?.password).toBe('input-pw')
      // A source on another registry gets its own docker config entry, never the inputs.
      expect((await credentialsFor('ghcr.io', inputs, env))?.password).toBe('ghcr-pw-2')
      expect(await credentialsFor('gcr.io', inputs, env)).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('cosign signature images', () => {
  const name = parseImageName('docker.io/falcosecurity/falco', 'images')
  const digest = `sha256:${'ab'.repeat(32)}`
  const pem = (): string =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8'
    }) as string

  test('the payload is the simple-signing document cosign signs, naming the repository as cosign does', () => {
    expect(simpleSigningPayload(name, digest).toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"index.docker.io/falcosecurity/falco"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`
    )
  })

  test('ours is appended to signatures already there, and recognised on a re-run', async () => {
    const mine = await loadSigner(pem(), '')
    const theirs = await loadSigner(pem(), '')
    const first = signatureImage(name, digest, theirs, undefined)
    expect(first.tag).toBe(`sha256-${'ab'.repeat(32)}.sig`)
    const second = signatureImage(name, digest, mine, first.manifest)
    expect(second.unchanged).toBe(false)
    const layers = (
      JSON.parse(second.manifest.toString()) as { layers: { annotations: Record<string, string> }[] }
    ).layers
    expect(layers).toHaveLength(2)
    const payload = simpleSigningPayload(name, digest)
    const sig = (i: number): Buffer => Buffer.from(layers[i].annotations[SIGNATURE_ANNOTATION], 'base64')
    expect(verify('sha256', payload, theirs.publicKey, sig(0))).toBe(true)
    expect(verify('sha256', payload, mine.publicKey, sig(1))).toBe(true)
    const again = signatureImage(name, digest, mine, second.manifest)
    expect(again.unchanged).toBe(true)
    expect(again.blobs).toEqual([])
  })

  test('keys that are not EC P-256 PEMs are refused naming cosign-key', async () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    await expect(loadSigner(ed, '')).rejects.toThrow(/Input 'cosign-key': is a ed25519 key/)
    await expect(loadSigner('not a key', '')).rejects.toThrow(/Input 'cosign-key': is not a PEM private key/)
  })
})

describe('which token serves which request', () => {
  test.each([
    ['repository:a/b:pull,push', ['repository:a/b:pull'], true],
    ['repository:a/b:pull,push', ['repository:a/b:pull,push'], true],
    ['repository:a/b:pull', ['repository:a/b:pull,push'], false],
    ['repository:a/b:pull,push', ['repository:a/c:pull'], false],
    ['repository:a/b:pull,push', ['repository:a/b:pull', 'repository:x/y:pull'], false],
    ['repository:a/b:pull,push repository:x/y:pull', ['repository:a/b:pull', 'repository:x/y:pull'], true],
    ['repository:a/b:push', ['repository:a/b:pull'], false]
  ])('a token asked for %s serves %j: %s', (held, wanted, ok) => {
    expect(covers(held, wanted)).toBe(ok)
  })
})
