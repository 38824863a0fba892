/**
 * The `latest` input end to end: the bundled action pushes to a real registry on 127.0.0.1 and the tags are read
 * back with skopeo. auto is tested in images.action.itg.test.ts; here false keeps latest off the highest stable
 * version, and true puts it on a backport that auto would leave alone.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildLayout, dockerArchive, listTags } from '../testing/images.js'
import { runAction } from '../testing/runner.js'
import { type RegistryHandle, startRegistry } from '../testing/servers/registry.js'

let dir: string
let reg: RegistryHandle

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pa-images-latest-'))
  reg = await startRegistry({ auth: 'htpasswd' })
  const layout = buildLayout(join(dir, 'src'), { archs: ['amd64'], layerBytes: 4 << 10 })
  mkdirSync(join(dir, 'ws'), { recursive: true })
  dockerArchive(layout, 'amd64', join(dir, 'ws', 'falco-x86_64.tar'))
}, 60_000)

afterAll(async () => {
  await reg?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const push = (version: string, latest: string) => {
  const [username, password] = reg.creds.split(':')
  return runAction({
    inputs: {
      kind: 'images',
      files: '*.tar',
      images: `${reg.host}/falcosecurity/falco`,
      'registry-username': username,
      'registry-password': password,
      'release-type': 'stable',
      version,
      latest
    },
    eventName: 'workflow_dispatch',
    payload: { repository: { default_branch: 'main' } },
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    workspace: join(dir, 'ws'),
    timeoutMs: 90_000
  })
}

test('latest: false never tags latest, latest: true tags it even on a backport', async () => {
  const first = await push('0.39.0', 'false')
  expect(first.code).toBe(0)
  expect(await listTags(`${reg.host}/falcosecurity/falco`, reg.creds)).toEqual(['0.39.0'])

  const backport = await push('0.38.3', 'true')
  expect(backport.code).toBe(0)
  expect(backport.outputs.tags.split('\n').sort()).toEqual(
    [`${reg.host}/falcosecurity/falco:0.38.3`, `${reg.host}/falcosecurity/falco:latest`].sort()
  )
  expect((await listTags(`${reg.host}/falcosecurity/falco`, reg.creds)).sort()).toEqual([
    '0.38.3',
    '0.39.0',
    'latest'
  ])
}, 120_000)
