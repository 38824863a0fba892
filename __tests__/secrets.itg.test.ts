/**
 * No secret leaks: every end-to-end scenario (local folder, s3rver, nginx WebDAV with basic auth, a registry
 * with a password, a passphrase-protected signing key), successful and failing on a wrong credential, runs the
 * bundled action with distinctive secret values and debug logging on. None of the secrets, nor their base64,
 * URL-encoded or Basic-auth forms, may appear in stdout, stderr, GITHUB_OUTPUT, the job summary or the
 * publication record. The record's upload needs GitHub's artifact service, which only exists on a runner: the
 * record file is written first and read here, and the upload's own failure is the only error accepted.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Scenario,
  type SigningKey,
  driversScenario,
  imagesScenario,
  packagesScenario,
  signingKey
} from '../testing/chaos/scenarios.js'
import { type RunResult, runAction } from '../testing/runner.js'
import { type NginxHandle, startNginx } from '../testing/servers/nginx.js'
import { type RegistryHandle, startRegistry } from '../testing/servers/registry.js'
import { type S3rverHandle, startS3rver } from '../testing/servers/s3rver.js'

// Characters that base64 and URL encoding change, so each form is a different string to look for.
const tag = (prefix: string) => `${prefix}/Zq+${randomBytes(6).toString('hex')}=&x`
const SECRETS = {
  githubToken: tag('ghs_Leak'),
  passphrase: tag('pass-Phr4se'),
  httpPassword: tag('dav-Pa55'),
  sessionToken: tag('sess-T0ken'),
  awsSecret: tag('wJalr-S3cr3t'),
  wrongAwsSecret: tag('wJalr-Wr0ng'),
  wrongPassphrase: tag('pass-Wr0ng'),
  wrongHttpPassword: tag('dav-Wr0ng'),
  registryPassword: tag('reg-Pa55'),
  wrongRegistryPassword: tag('reg-Wr0ng')
}

let key: SigningKey
let s3: S3rverHandle
let dav: NginxHandle
let registry: RegistryHandle

beforeAll(async () => {
  ;[key, s3, dav, registry] = await Promise.all([
    signingKey(SECRETS.passphrase),
    startS3rver(),
    startNginx({ password: SECRETS.httpPassword, createFullPutPath: true }),
    startRegistry({ auth: 'htpasswd', password: SECRETS.registryPassword })
  ])
}, 60_000)

afterAll(async () => {
  await Promise.all([s3?.stop(), dav?.stop(), registry?.stop()])
})

/** Every form a secret could leak in. */
function forms(secret: string, username?: string): string[] {
  const out = [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    JSON.stringify(secret).slice(1, -1)
  ]
  if (username) out.push(Buffer.from(`${username}:${secret}`).toString('base64'))
  return out
}

/** The private key's own lines (armored body): any of them printed is a leak. */
function keyLines(armored: string): string[] {
  return armored
    .split('\n')
    .map(l => l.trim())
    .filter(l => l.length >= 20 && !l.startsWith('-----'))
}

interface Run {
  result: RunResult
  /** Everything the run left outside the log's masking: outputs, summary, record. */
  everything: string
}

async function run(s: Scenario): Promise<Run> {
  const temp = mkdtempSync(join(tmpdir(), 'pa-secrets-temp-'))
  const result = await runAction({
    ...s,
    inputs: { 'github-token': SECRETS.githubToken, 'record-artifact': 'publication', ...s.inputs },
    env: { RUNNER_DEBUG: '1', RUNNER_TEMP: temp, ...s.env },
    timeoutMs: 90_000
  })
  const records = readdirSync(temp)
    .filter(d => d.startsWith('publish-record-'))
    .flatMap(d => readdirSync(join(temp, d)).map(f => readFileSync(join(temp, d, f), 'utf8')))
  expect(records.length).toBe(1)
  expect(records[0]).toContain('publish-artifacts/record@1')
  // `::add-mask::` lines are how the runner is told to mask a value: it consumes them, they never reach the log.
  const log = result.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  const everything = [log, result.stderr, JSON.stringify(result.outputs), result.summary, ...records].join(
    '\n=====\n'
  )
  return { result, everything }
}

function expectNoLeak(r: Run): void {
  const all: [string, string][] = []
  for (const [name, secret] of Object.entries(SECRETS)) for (const f of forms(secret)) all.push([name, f])
  for (const f of forms(SECRETS.httpPassword, dav.username)) all.push(['http basic', f])
  for (const f of forms(SECRETS.wrongHttpPassword, dav.username)) all.push(['wrong http basic', f])
  for (const f of forms(SECRETS.registryPassword, registry.username)) all.push(['registry basic', f])
  for (const line of keyLines(key.armored)) all.push(['signing key line', line])
  const leaked = all.filter(([, f]) => r.everything.includes(f)).map(([name, f]) => `${name}: ${f}`)
  expect(leaked).toEqual([])
}

/** A successful publication: uploads happened; the only error allowed is the record upload (no service here). */
function expectPublished(r: Run): void {
  const errors = r.result.stdout.split('\n').filter(l => l.startsWith('::error::'))
  expect(errors.every(e => /could not upload the publication record/.test(e))).toBe(true)
  const published = JSON.parse(r.result.outputs.published ?? '[]') as { status: string }[]
  expect(published.filter(p => p.status === 'uploaded').length).toBeGreaterThan(0)
}

function expectFailure(r: Run, pattern: RegExp): void {
  expect(r.result.code).toBe(1)
  expect(r.result.stdout).toMatch(pattern)
}

const davInputs = () => ({ 'http-username': dav.username, 'http-password': SECRETS.httpPassword })
const s3Inputs = (bucketPrefix: string) => ({
  destination: `s3://${s3.bucket}/${bucketPrefix}`,
  's3-endpoint': s3.endpoint,
  's3-force-path-style': 'true'
})
// s3rver checks the access key id but not the signature, so a distinctive secret key still gets through.
const s3Env = () => ({
  ...s3.env,
  AWS_SECRET_ACCESS_KEY: SECRETS.awsSecret,
  AWS_SESSION_TOKEN: SECRETS.sessionToken
})

describe('secrets never leak', () => {
  test.concurrent('local folder, packages signed with a passphrase-protected key', async () => {
    const s = packagesScenario({ destination: 'out', key })
    const r = await run(s)
    expectPublished(r)
    expect(existsSync(join(s.workspace, 'out/deb/dists/stable/InRelease'))).toBe(true)
    expectNoLeak(r)
  })

  test.concurrent('a wrong passphrase fails naming the input', async () => {
    const s = packagesScenario({ destination: 'out', key: { ...key, passphrase: SECRETS.wrongPassphrase } })
    const r = await run(s)
    expectFailure(r, /Input 'signing-key-passphrase'/)
    expectNoLeak(r)
  })

  test.concurrent('s3rver with a secret key and a session token', async () => {
    const s = packagesScenario({ destination: '', key })
    Object.assign(s.inputs, s3Inputs('secrets-ok'))
    Object.assign(s.env, s3Env())
    const r = await run(s)
    expectPublished(r)
    expectNoLeak(r)
  })

  test.concurrent('s3rver refusing an unknown access key', async () => {
    const s = packagesScenario({ destination: '' })
    Object.assign(s.inputs, s3Inputs('secrets-wrong'))
    Object.assign(s.env, {
      ...s3Env(),
      AWS_ACCESS_KEY_ID: 'AKIACHAOSWRONGKEY',
      AWS_SECRET_ACCESS_KEY: SECRETS.wrongAwsSecret
    })
    const r = await run(s)
    expectFailure(r, /InvalidAccessKeyId|403|credentials/i)
    expect(r.result.outputs.published).not.toMatch(/uploaded/)
    expectNoLeak(r)
  })

  test.concurrent('nginx WebDAV with basic auth', async () => {
    const s = packagesScenario({ destination: `${dav.url}packages`, key })
    Object.assign(s.inputs, davInputs())
    const r = await run(s)
    expectPublished(r)
    expectNoLeak(r)
  })

  test.concurrent('nginx WebDAV refusing a wrong password', async () => {
    const s = packagesScenario({ destination: `${dav.url}refused` })
    Object.assign(s.inputs, { ...davInputs(), 'http-password': SECRETS.wrongHttpPassword })
    const r = await run(s)
    expectFailure(r, /401|http-password|credentials/i)
    expectNoLeak(r)
  })

  test.concurrent('drivers to WebDAV with basic auth', async () => {
    const s = driversScenario({ destination: `${dav.url}driver`, count: 20 })
    Object.assign(s.inputs, davInputs())
    const r = await run(s)
    expectPublished(r)
    expectNoLeak(r)
  })

  test.concurrent('a registry with a password', async () => {
    const s = imagesScenario({ image: `${registry.host}/example/secret`, registryHost: registry.host })
    Object.assign(s.inputs, {
      'registry-username': registry.username,
      'registry-password': SECRETS.registryPassword
    })
    const r = await run(s)
    expectPublished(r)
    expectNoLeak(r)
  })

  test.concurrent('a registry refusing a wrong password', async () => {
    const s = imagesScenario({ image: `${registry.host}/example/refused`, registryHost: registry.host })
    Object.assign(s.inputs, {
      'registry-username': registry.username,
      'registry-password': SECRETS.wrongRegistryPassword
    })
    const r = await run(s)
    expectFailure(r, /401|registry-password|credentials|unauthorized/i)
    expectNoLeak(r)
  })
})
