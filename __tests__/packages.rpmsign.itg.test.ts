/**
 * Embedded rpm header signatures, checked with the tools users run: rpmkeys --checksig against a temporary rpmdb
 * (RSA 2048, RSA 4096, Ed25519 keys), rpm's own query of the signature tags, rpmsign --addsign/--resign as the
 * byte-for-byte reference, dnf with gpgcheck=1 and repo_gpgcheck=1, and zypper with --gpgcheck-strict, both
 * installing into private roots from the published repository served over HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import * as openpgp from 'openpgp'
import { parseRepomd } from '../src/packages/repodata.js'
import { readRpm } from '../src/packages/rpm.js'
import { signRpm } from '../src/packages/rpmsign.js'
import { type Signer, loadSigner } from '../src/packages/sign.js'
import { LocalStore } from '../src/stores/local.js'
import { type StaticServer, startStatic } from '../testing/servers/static.js'
import { publish, rpmbuild, stopGpgAgents, tmp } from './helpers/packages.js'

/** Async: the static server runs in this process, so a blocking exec would starve it. */
const run = promisify(execFile)
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

interface Key {
  name: string
  armored: string
  publicFile: string
  signer: Signer
}

let dir: string
let keys: Key[]
let plain: string
let server: StaticServer | undefined

async function makeKey(name: string, options: { type?: 'rsa'; rsaBits?: number }): Promise<Key> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    userIDs: [{ name: `rpmsign ${name}`, email: `${name}@example.org` }],
    format: 'armored',
    ...options
  })
  const publicFile = join(dir, `${name}.pub.asc`)
  writeFileSync(publicFile, publicKey)
  return { name, armored: privateKey, publicFile, signer: await loadSigner(privateKey, '') }
}

/** `rpmkeys --checksig -v` against a fresh rpmdb holding only `imported`: its output and exit status. */
async function checksig(file: string, imported: Key[]): Promise<{ ok: boolean; out: string }> {
  const db = tmp('rpmdb')
  for (const k of imported) await run('rpmkeys', ['--dbpath', db, '--import', k.publicFile])
  try {
    const { stdout } = await run('rpmkeys', ['--dbpath', db, '--checksig', '-v', file])
    return { ok: true, out: stdout }
  } catch (err) {
    return { ok: false, out: (err as { stdout: string }).stdout }
  }
}

/** The GnuPG home rpmsign uses (the same keys, imported). */
let gnupg: string
async function rpmsign(file: string, key: Key, mode: '--addsign' | '--resign'): Promise<void> {
  const fpr = (await openpgp.readKey({ armoredKey: readFileSync(key.publicFile, 'utf8') })).getFingerprint()
  await run(
    'rpmsign',
    ['--define', '__gpg /usr/bin/gpg', '--define', `_gpg_name ${fpr.toUpperCase()}`, mode, file],
    { env: { ...process.env, GNUPGHOME: gnupg } }
  )
}

/** The OpenPGP packet in an rpm's header signature tag (RSA 268 or DSA 267). */
function signaturePacket(file: string): Buffer {
  const b = readFileSync(file)
  const il = b.readUInt32BE(96 + 8)
  const store = 96 + 16 + il * 16
  for (let i = 0; i < il; i++) {
    const at = 96 + 16 + i * 16
    const tag = b.readUInt32BE(at)
    if (tag === 267 || tag === 268)
      return b.subarray(
        store + b.readInt32BE(at + 8),
        store + b.readInt32BE(at + 8) + b.readUInt32BE(at + 12)
      )
  }
  throw new Error(`${file} has no header signature`)
}

beforeAll(async () => {
  dir = tmp('rpmsign')
  keys = [
    await makeKey('rsa2048', { type: 'rsa', rsaBits: 2048 }),
    await makeKey('rsa4096', { type: 'rsa', rsaBits: 4096 }),
    await makeKey('ed25519', {})
  ]
  gnupg = join(dir, 'gnupg')
  mkdirSync(gnupg, { mode: 0o700 })
  for (const k of keys) {
    const file = join(dir, `${k.name}.sec.asc`)
    writeFileSync(file, k.armored)
    await run('gpg', ['--batch', '--quiet', '--import', file], { env: { ...process.env, GNUPGHOME: gnupg } })
  }
  const built = join(dir, 'built')
  mkdirSync(built)
  plain = rpmbuild(built, { name: 'signme', version: '1.0.0', arch: 'x86_64', autoreq: false })
}, 180_000)

afterAll(async () => {
  await server?.close()
  // gpg-agents started by rpmsign's gpg and by dnf's repo_gpgcheck: stopped so nothing outlives the tests.
  stopGpgAgents(dir)
})

describe('signRpm', () => {
  test.each(['rsa2048', 'rsa4096', 'ed25519'])(
    '%s: rpmkeys --checksig says OK with the key imported, NOKEY without; header and payload unchanged',
    async name => {
      const key = keys.find(k => k.name === name) as Key
      const out = join(dir, `${name}.rpm`)
      expect(await signRpm(plain, out, key.signer)).toEqual({ status: 'signed', replaced: [] })
      const without = await checksig(out, [])
      expect(without.ok).toBe(false)
      expect(without.out).toMatch(/Signature, key ID [0-9a-f]{8}: NOKEY/)
      const withKey = await checksig(out, [key])
      expect(withKey.ok).toBe(true)
      const algo = name.startsWith('rsa') ? 'RSA' : 'EdDSA'
      expect(withKey.out).toMatch(
        new RegExp(`Header V4 ${algo}/SHA\\d+ Signature, key ID ${key.signer.keyId.slice(-8)}: OK`)
      )
      expect(withKey.out).toContain('Header SHA256 digest: OK')
      expect(withKey.out).toContain('Payload SHA256 digest: OK')
      expect(withKey.out).not.toMatch(/BAD|NOTFOUND|NOKEY/)
      // RSA keys sign into RPMSIGTAG_RSA, EdDSA into RPMSIGTAG_DSA, as rpm reads them back.
      const { stdout } = await run('rpm', [
        '--dbpath',
        tmp('rpmdb'),
        '-qp',
        '--qf',
        '%{RSAHEADER:pgpsig}|%{DSAHEADER:pgpsig}',
        out
      ])
      const [rsa, dsa] = stdout.split('|')
      expect(name.startsWith('rsa') ? rsa : dsa).toContain(`Key ID ${key.signer.keyId}`)
      expect(name.startsWith('rsa') ? dsa : rsa).toBe('(none)')
      // The lead, the header and the payload are the input's bytes.
      const [a, b] = [readFileSync(plain), readFileSync(out)]
      const [ra, rb] = [await readRpm(plain), await readRpm(out)]
      expect(b.subarray(0, 96)).toEqual(a.subarray(0, 96))
      expect(b.subarray(rb.headerStart)).toEqual(a.subarray(ra.headerStart))
      // rpmbuild's reserved space absorbs the signature: the header stays where it was.
      expect(rb.headerStart).toBe(ra.headerStart)
    },
    60_000
  )

  test.each(['rsa2048', 'ed25519'])(
    '%s: byte for byte what rpmsign --addsign writes, given the same signature packet',
    async name => {
      const key = keys.find(k => k.name === name) as Key
      const theirs = join(dir, `rpmsign-${name}.rpm`)
      copyFileSync(plain, theirs)
      await rpmsign(theirs, key, '--addsign')
      const packet = signaturePacket(theirs)
      const replay: Signer = { ...key.signer, signBinary: async () => packet }
      const ours = join(dir, `ours-${name}.rpm`)
      await signRpm(plain, ours, replay)
      expect(readFileSync(ours).equals(readFileSync(theirs))).toBe(true)
    },
    60_000
  )

  test("another key's signature is replaced, as rpmsign --resign does, byte for byte", async () => {
    const [rsa, , ed] = keys
    const other = join(dir, 'other.rpm')
    await signRpm(plain, other, rsa.signer)
    const theirs = join(dir, 'resigned-by-rpmsign.rpm')
    copyFileSync(other, theirs)
    await rpmsign(theirs, ed, '--resign')
    const ours = join(dir, 'resigned.rpm')
    const replay: Signer = { ...ed.signer, signBinary: async () => signaturePacket(theirs) }
    expect(await signRpm(other, ours, replay)).toEqual({ status: 'replaced', replaced: [rsa.signer.keyId] })
    expect(readFileSync(ours).equals(readFileSync(theirs))).toBe(true)
    // With real signing: only the new key verifies it; the old key alone no longer does.
    const real = join(dir, 'resigned-real.rpm')
    expect((await signRpm(other, real, ed.signer)).status).toBe('replaced')
    expect((await checksig(real, [ed])).ok).toBe(true)
    expect((await checksig(real, [rsa])).out).toContain('NOKEY')
  })

  test('idempotent: the same input signs to the same bytes; our own valid signature is kept', async () => {
    for (const key of [keys[0], keys[2]]) {
      const a = join(dir, `again-a-${key.name}.rpm`)
      const b = join(dir, `again-b-${key.name}.rpm`)
      await signRpm(plain, a, key.signer)
      await signRpm(plain, b, key.signer)
      expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
      const kept = join(dir, `kept-${key.name}.rpm`)
      expect(await signRpm(a, kept, key.signer)).toEqual({ status: 'kept', replaced: [] })
      expect(readFileSync(kept).equals(readFileSync(a))).toBe(true)
      // In place (output = input), as the resign kind does over a repository.
      const inPlace = join(dir, `inplace-${key.name}.rpm`)
      copyFileSync(plain, inPlace)
      await signRpm(inPlace, inPlace, key.signer)
      expect(readFileSync(inPlace).equals(readFileSync(a))).toBe(true)
    }
  })

  test('corrupt packages are refused with a reason, and no output is left', async () => {
    const good = readFileSync(plain)
    const { headerStart, headerEnd } = await readRpm(plain)
    const cases: [string, Buffer, RegExp][] = [
      ['payload', Buffer.from(good).fill(0x55, headerEnd + 40, headerEnd + 41), /payload does not match/],
      [
        'header',
        Buffer.from(good).fill(0x55, headerStart + 200, headerStart + 201),
        /header does not match its SHA256/
      ],
      ['truncated', good.subarray(0, headerEnd - 10), /truncated/],
      ['not-rpm', Buffer.from('hello world, not an rpm'.padEnd(200, '.')), /not an rpm/]
    ]
    for (const [name, bytes, reason] of cases) {
      const input = join(dir, `bad-${name}.rpm`)
      writeFileSync(input, bytes)
      const out = join(dir, `bad-${name}-signed.rpm`)
      await expect(signRpm(input, out, keys[0].signer)).rejects.toThrow(reason)
      await expect(signRpm(input, out, keys[0].signer)).rejects.toThrow(basename(input))
      expect(existsSync(out)).toBe(false)
    }
  })
})

describe('published rpm repository with signing-key', () => {
  let dest: string
  let unsigned: string
  const key = (): Key => keys[0]

  beforeAll(async () => {
    dest = join(dir, 'dest')
    await publish({
      files: [plain],
      type: 'stable',
      store: new LocalStore(dest),
      inputs: { 'signing-key': key().armored }
    })
    unsigned = join(dir, 'dest-unsigned')
    await publish({ files: [plain], type: 'stable', store: new LocalStore(unsigned) })
    server = await startStatic(dir)
  }, 120_000)

  test('the published rpm is the signed one, and the repodata names its size and checksum', async () => {
    const published = join(dest, 'rpm', basename(plain))
    expect((await checksig(published, [key()])).ok).toBe(true)
    const repomd = readFileSync(join(dest, 'rpm/repodata/repomd.xml'), 'utf8')
    const primary = parseRepomd(repomd).find(r => r.type === 'primary')
    const xml = gunzipSync(readFileSync(join(dest, 'rpm', primary?.href ?? ''))).toString('utf8')
    const bytes = readFileSync(published)
    expect(xml).toContain(`<checksum type="sha256" pkgid="YES">${sha256(bytes)}</checksum>`)
    expect(xml).toContain(`<size package="${bytes.length}"`)
    const { headerStart, headerEnd } = await readRpm(published)
    expect(xml).toContain(`<rpm:header-range start="${headerStart}" end="${headerEnd}"/>`)
    // The detached .asc signs the published (signed) bytes.
    const keyring = join(dir, 'keyring.gpg')
    writeFileSync(
      keyring,
      (await openpgp.readKey({ armoredKey: readFileSync(key().publicFile, 'utf8') })).write()
    )
    await run('gpgv', ['--keyring', keyring, `${published}.asc`, published])
  })

  test('repodata/repomd.xml.key is the armored public key of the signing key', async () => {
    const armored = readFileSync(join(dest, 'rpm/repodata/repomd.xml.key'), 'utf8')
    expect(armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/)
    const published = await openpgp.readKey({ armoredKey: armored })
    const expected = await openpgp.readKey({ armoredKey: readFileSync(key().publicFile, 'utf8') })
    expect(published.getFingerprint()).toBe(expected.getFingerprint())
    expect(published.isPrivate()).toBe(false)
  })

  test('a re-run with the same input rpm writes nothing (the signature is reproduced byte for byte)', async () => {
    const { published } = await publish({
      files: [plain],
      type: 'stable',
      store: new LocalStore(dest),
      inputs: { 'signing-key': key().armored }
    })
    expect(published.filter(p => p.status !== 'unchanged')).toEqual([])
  })

  test('an input rpm signed by another key is published with ours instead, and the plan says so', async () => {
    const [ours, other] = [key(), keys[1]]
    const foreign = join(dir, 'foreign', 'signme-1.0.0-1.x86_64.rpm')
    mkdirSync(join(dir, 'foreign'))
    await signRpm(plain, foreign, other.signer)
    const target = join(dir, 'dest-foreign')
    const { plan } = await publish({
      files: [foreign],
      type: 'stable',
      store: new LocalStore(target),
      inputs: { 'signing-key': ours.armored }
    })
    expect(plan.notes.join('\n')).toContain(
      `signature by key ${other.signer.keyId} is replaced by one by key ${ours.signer.keyId}`
    )
    const published = join(target, 'rpm', basename(foreign))
    expect((await checksig(published, [ours])).ok).toBe(true)
    expect((await checksig(published, [other])).ok).toBe(false)
    // Only our signature is left, over the build's own header and payload (byte for byte). The header may sit
    // elsewhere than in the unsigned build: the 4096-bit signature used more reserved space, which rpm does not
    // give back.
    const { stdout } = await run('rpm', [
      '--dbpath',
      tmp('rpmdb'),
      '-qp',
      '--qf',
      '%{RSAHEADER:pgpsig}',
      published
    ])
    expect(stdout).toContain(`Key ID ${ours.signer.keyId}`)
    const [a, b] = [await readRpm(plain), await readRpm(published)]
    expect(readFileSync(published).subarray(b.headerStart)).toEqual(
      readFileSync(plain).subarray(a.headerStart)
    )
  })

  function dnfArgs(root: string, repo: string, gpgkey: string, extra: string[] = []): string[] {
    return [
      '-q',
      '-y',
      '--disableplugin=*',
      `--installroot=${root}`,
      '--setopt=reposdir=/nonexistent',
      `--setopt=cachedir=${join(root, '.cache')}`,
      `--repofrompath=t,${server?.url}/${repo}/rpm`,
      '--repo=t',
      '--setopt=t.gpgcheck=1',
      `--setopt=t.gpgkey=${gpgkey}`,
      '--forcearch=x86_64',
      '--releasever=1',
      ...extra
    ]
  }

  test('dnf with gpgcheck=1 and repo_gpgcheck=1 installs it, taking the key from repodata/repomd.xml.key', async () => {
    const root = join(dir, 'dnfroot')
    mkdirSync(root)
    const gpgkey = `${server?.url}/dest/rpm/repodata/repomd.xml.key`
    await run(
      'dnf',
      [...dnfArgs(root, 'dest', gpgkey, ['--setopt=t.repo_gpgcheck=1']), 'install', 'signme'],
      {
        timeout: 90_000
      }
    )
    expect(readFileSync(join(root, 'usr/bin/signme'), 'utf8')).toContain('echo 1.0.0')
    expect(server?.requests).toEqual(
      expect.arrayContaining(['/dest/rpm/repodata/repomd.xml.asc', '/dest/rpm/repodata/repomd.xml.key'])
    )
  }, 120_000)

  test('the same package published without signing-key: dnf with gpgcheck=1 refuses it', async () => {
    const root = join(dir, 'dnfroot-unsigned')
    mkdirSync(root)
    const gpgkey = `file://${key().publicFile}`
    const failed = await run('dnf', [...dnfArgs(root, 'dest-unsigned', gpgkey), 'install', 'signme'], {
      timeout: 90_000
    }).then(
      () => '',
      (err: { stderr: string; stdout: string }) => `${err.stdout}${err.stderr}`
    )
    expect(failed).toMatch(/not signed|GPG check FAILED/)
    expect(existsSync(join(root, 'usr/bin/signme'))).toBe(false)
  }, 120_000)

  test('zypper: --gpg-auto-import-keys refreshes, --gpgcheck-strict installs into a private root', async () => {
    const root = join(dir, 'zyproot')
    mkdirSync(root)
    // libzypp logs to /var/log/zypper.log and unpacks to /var/tmp unless told otherwise: kept in the test's folder.
    const env = { ...process.env, ZYPP_LOGFILE: join(dir, 'zypper.log'), ZYPPTMPDIR: join(dir, 'zypptmp') }
    mkdirSync(env.ZYPPTMPDIR)
    const zypper = (args: string[]) =>
      run('zypper', ['--root', root, '--non-interactive', '--no-color', ...args], { env, timeout: 90_000 })
    await zypper(['addrepo', '--gpgcheck-strict', `${server?.url}/dest/rpm`, 't'])
    const { stdout: refresh } = await zypper(['--gpg-auto-import-keys', 'refresh'])
    expect(refresh).toContain('Automatically importing the following key')
    expect(refresh).toContain('All repositories have been refreshed')
    expect(server?.requests).toEqual(expect.arrayContaining(['/dest/rpm/repodata/repomd.xml.key']))
    await zypper(['install', '--no-recommends', 'signme'])
    expect(readFileSync(join(root, 'usr/bin/signme'), 'utf8')).toContain('echo 1.0.0')
  }, 180_000)
})
