/**
 * End to end: the bundled action (dist/index.js, run as the runner does) pushes a multi-arch image built from
 * two `docker save` archives to two real registries on 127.0.0.1 in one step (Basic auth from the inputs,
 * Bearer auth from the docker config for the other), verified with skopeo.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { cosignEncryptedKey } from '../testing/cosign-key.js'
import { buildLayout, cosignSignature, dockerArchive, inspectRaw, listTags } from '../testing/images.js'
import { runAction } from '../testing/runner.js'
import { type RegistryHandle, startRegistry } from '../testing/servers/registry.js'

let dir: string
let basic: RegistryHandle
let token: RegistryHandle

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pa-images-e2e-'))
  ;[basic, token] = await Promise.all([
    startRegistry({ auth: 'htpasswd' }),
    startRegistry({ auth: 'token', username: 'robot', password: 'token-pw-5678' })
  ])
  const layout = buildLayout(join(dir, 'src'), { archs: ['amd64', 'arm64'], layerBytes: 32 << 10 })
  mkdirSync(join(dir, 'ws', 'images'), { recursive: true })
  dockerArchive(layout, 'amd64', join(dir, 'ws', 'images', 'falco-x86_64.tar'))
  dockerArchive(layout, 'arm64', join(dir, 'ws', 'images', 'falco-aarch64.tar'))
  mkdirSync(join(dir, 'docker'))
  // What docker/login-action writes: one entry per registry (no credentials in the inputs).
  writeFileSync(
    join(dir, 'docker', 'config.json'),
    JSON.stringify({
      auths: {
        [token.host]: { auth: Buffer.from('robot:token-pw-5678').toString('base64') },
        [basic.host]: { auth: Buffer.from(basic.creds).toString('base64') }
      }
    })
  )
}, 60_000)

afterAll(async () => {
  await Promise.all([basic?.stop(), token?.stop()])
  rmSync(dir, { recursive: true, force: true })
})

test('the action pushes a multi-arch release to two registries with digest and tags outputs', async () => {
  const run = (version: string) =>
    runAction({
      inputs: {
        kind: 'images',
        files: 'images/*.tar',
        images: `${basic.host}/falcosecurity/falco\n${token.host}/falcosecurity/falco`,
        'release-type': 'stable',
        version
      },
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      workspace: join(dir, 'ws'),
      env: { DOCKER_CONFIG: join(dir, 'docker') },
      timeoutMs: 90_000
    })
  const r = await run('0.39.0')
  // The only place a password may appear is the runner's mask command.
  const log = (r.stderr + r.stdout).split('\n').filter(l => !l.startsWith('::add-mask::'))
  expect(log.join('\n')).not.toContain('token-pw-5678')
  expect(r.code).toBe(0)
  expect(r.outputs['release-type']).toBe('stable')
  const digest = r.outputs.digest
  expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/)
  expect(r.outputs.tags.split('\n').sort()).toEqual(
    ['0.39.0', 'latest']
      .flatMap(t => [`${basic.host}/falcosecurity/falco:${t}`, `${token.host}/falcosecurity/falco:${t}`])
      .sort()
  )
  for (const reg of [basic, token]) {
    expect(await listTags(`${reg.host}/falcosecurity/falco`, reg.creds)).toEqual(['0.39.0', 'latest'])
    const raw = await inspectRaw(`${reg.host}/falcosecurity/falco:0.39.0`, reg.creds)
    expect(raw.digest).toBe(digest)
    expect(raw.manifest.manifests?.map(m => m.platform?.architecture).sort()).toEqual(['amd64', 'arm64'])
  }
  const published = JSON.parse(r.outputs.published) as { ref: string; status: string; digest: string }[]
  expect(published.filter(p => p.ref.endsWith(':latest')).map(p => p.status)).toEqual([
    'uploaded',
    'uploaded'
  ])
  expect(r.summary).toContain(`${basic.host}/falcosecurity/falco:latest`)
  expect(r.summary).toContain(digest.slice(0, 19))

  // The backport: pushed, but latest stays on 0.39.0.
  const back = await run('0.38.3')
  expect(back.code).toBe(0)
  expect(back.outputs.tags.split('\n').sort()).toEqual(
    [`${basic.host}/falcosecurity/falco:0.38.3`, `${token.host}/falcosecurity/falco:0.38.3`].sort()
  )
  expect((await inspectRaw(`${token.host}/falcosecurity/falco:latest`, token.creds)).digest).toBe(digest)
}, 120_000)

test('the bundled action pushes arch tags and signs with an encrypted cosign key', async () => {
  const key = join(dir, 'cosign-src.pem')
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key])
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', join(dir, 'cosign.pub')])
  const password = 'e2e-cosign-pw-31'
  const repo = `${token.host}/falcosecurity/falco-signed`
  const r = await runAction({
    inputs: {
      kind: 'images',
      files: 'images/*.tar',
      images: repo,
      'release-type': 'stable',
      version: '0.40.0',
      'arch-tags': 'true',
      'cosign-key': cosignEncryptedKey(key, password),
      'cosign-password': password
    },
    eventName: 'workflow_dispatch',
    payload: { repository: { default_branch: 'main' } },
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    workspace: join(dir, 'ws'),
    env: { DOCKER_CONFIG: join(dir, 'docker') },
    timeoutMs: 90_000
  })
  const log = (r.stderr + r.stdout).split('\n').filter(l => !l.startsWith('::add-mask::'))
  expect(log.join('\n')).not.toContain(password)
  expect(r.code).toBe(0)
  const index = await inspectRaw(`${repo}:0.40.0`, token.creds)
  expect(index.digest).toBe(r.outputs.digest)
  const children = index.manifest.manifests ?? []
  const signed = [r.outputs.digest, ...children.map(c => c.digest)]
  expect(r.outputs.signatures.split('\n').sort()).toEqual(
    signed.map(d => `${repo}:${d.replace(':', '-')}.sig`).sort()
  )
  expect(r.outputs.tags.split('\n').sort()).toEqual(
    ['0.40.0', 'latest', 'x86_64-0.40.0', 'x86_64-latest', 'aarch64-0.40.0', 'aarch64-latest']
      .map(t => `${repo}:${t}`)
      .sort()
  )
  const amd64 = children.find(c => c.platform?.architecture === 'amd64')?.digest
  expect((await inspectRaw(`${repo}:x86_64-0.40.0`, token.creds)).digest).toBe(amd64)
  for (const d of signed) {
    const sig = await cosignSignature(repo, d, token.creds, dir)
    expect(sig.payload.critical.image['docker-manifest-digest']).toBe(d)
    expect(sig.verifiedBy(join(dir, 'cosign.pub'))).toBe(true)
  }
}, 120_000)
