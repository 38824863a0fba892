/** `npm run demo` as a newcomer runs it: a dev and a stable release into a folder, signed, with real indexes. */
import { expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { readCleartextMessage, readKey, verify } from 'openpgp'
import { ROOT } from '../testing/runner.js'

test('the demo publishes a dev and a stable release with signed repositories', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'pa-demo-')), 'demo-out')
  const { stdout } = await promisify(execFile)(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['scripts/demo.ts', out],
    {
      cwd: ROOT,
      timeout: 120_000
    }
  )
  expect(stdout).toMatch(
    /classified {2}release-type=dev version=0\.2\.0-2\+[0-9a-f]{7}\n.*push to the default branch/
  )
  expect(stdout).toMatch(/classified {2}release-type=stable version=0\.2\.0\n/)
  // The story, not the runner's protocol: no workflow command reaches the terminal (the key is not echoed).
  expect(stdout.split('\n').filter(line => line.trim().startsWith('::'))).toEqual([])
  expect(stdout).not.toContain('PGP PRIVATE KEY')
  // The re-run of the stable release writes nothing.
  expect(stdout).toMatch(/3\. .*\n.*\n.*\n {3}published {3}\d+ unchanged\n/)
  const logs = /(\S*pa-demo-logs-\S+)/.exec(stdout)?.[1] ?? ''
  expect(readFileSync(join(logs, '1-dev.summary.md'), 'utf8')).toContain('deb-dev')
  for (const file of [
    'deb/stable/demo-0.2.0-x86_64.deb',
    'deb/stable/demo-0.2.0-x86_64.deb.asc',
    'deb/dists/stable/InRelease',
    'deb/dists/stable/main/binary-arm64/Packages.gz',
    'rpm/repodata/repomd.xml.asc',
    'bin/x86_64/demo-0.2.0-x86_64.tar.gz',
    'bin/index.json'
  ])
    expect(existsSync(join(out, file))).toBe(true)
  expect(existsSync(join(out, 'deb-dev/dists/stable/InRelease'))).toBe(true)
  // InRelease verifies with the key the demo printed.
  const key = await readKey({ armoredKey: readFileSync(join(out, 'demo-key.asc'), 'utf8') })
  const message = await readCleartextMessage({
    cleartextMessage: readFileSync(join(out, 'deb/dists/stable/InRelease'), 'utf8')
  })
  const { signatures, data } = await verify({ message, verificationKeys: key })
  await expect(signatures[0].verified).resolves.toBe(true)
  expect(data).toMatch(/^Suite: stable$/m)
  rmSync(logs, { recursive: true, force: true })
  rmSync(dirname(out), { recursive: true, force: true })
}, 150_000)
