import { createHash } from 'node:crypto'
import { githubRetrying } from './retry.js'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import * as core from '../core.js'
import { type Dispatcher, request } from 'undici'
import { InputError, PublishError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import { signedBy } from '../packages/indexer.js'
import { loadSigner } from '../packages/sign.js'
import type { Plan, Published } from '../plan.js'
import { redact, registerSecret } from '../redact.js'
import type { Release } from '../release.js'
import { RetryableError, isRetryableStatus, retryAfterMs, withRetry } from '../retry.js'
import type { Body } from '../stores/store.js'
import { show } from '../version.js'
import { type AssetPlan, type LocalAsset, type RemoteAsset, planAssets, sha256sums } from './assets.js'
import * as log from '../log.js'
import { esc } from '../markup.js'

const SUMS = 'SHA256SUMS'
const SUMS_ASC = 'SHA256SUMS.asc'

interface GitHubRelease {
  id: number
  uploadUrl: string
  htmlUrl: string
}

interface ListedAsset extends RemoteAsset {
  url: string
}

/** The part of the GitHub REST API github-release uses: octokit for JSON calls, undici for streamed bytes. */
class ReleaseApi {
  private readonly owner: string
  private readonly repo: string
  constructor(
    private readonly token: string,
    repository: string,
    private readonly apiUrl: string
  ) {
    const [owner, repo] = repository.split('/')
    if (!owner || !repo)
      throw new InputError('github-release', `GITHUB_REPOSITORY ${show(repository)} is not owner/name.`)
    this.owner = owner
    this.repo = repo
  }

  private async octokit() {
    const { getOctokit } = await import('@actions/github')
    return getOctokit(this.token, { baseUrl: this.apiUrl })
  }

  async byTag(tag: string): Promise<GitHubRelease | undefined> {
    return retrying(`get the release of tag ${tag}`, async () => {
      const o = await this.octokit()
      try {
        const r = await o.rest.repos.getReleaseByTag({ owner: this.owner, repo: this.repo, tag })
        return { id: r.data.id, uploadUrl: r.data.upload_url, htmlUrl: r.data.html_url }
      } catch (err) {
        if ((err as { status?: number }).status === 404) return undefined
        throw err
      }
    })
  }

  async create(tag: string, prerelease: boolean): Promise<GitHubRelease> {
    return retrying(`create the release of tag ${tag}`, async () => {
      const o = await this.octokit()
      const r = await o.rest.repos.createRelease({
        owner: this.owner,
        repo: this.repo,
        tag_name: tag,
        name: tag,
        prerelease
      })
      return { id: r.data.id, uploadUrl: r.data.upload_url, htmlUrl: r.data.html_url }
    })
  }

  async assets(releaseId: number): Promise<ListedAsset[]> {
    return retrying(`list the assets of release ${releaseId}`, async () => {
      const o = await this.octokit()
      const list = await o.paginate(o.rest.repos.listReleaseAssets, {
        owner: this.owner,
        repo: this.repo,
        release_id: releaseId,
        per_page: 100
      })
      return list.map(a => {
        const digest = (a as { digest?: string | null }).digest ?? undefined
        return {
          id: a.id,
          name: a.name,
          size: a.size,
          state: a.state,
          url: a.browser_download_url,
          sha256: digest?.startsWith('sha256:') ? digest.slice(7) : undefined
        }
      })
    })
  }

  async remove(assetId: number): Promise<void> {
    await retrying(`delete release asset ${assetId}`, async () => {
      const o = await this.octokit()
      await o.rest.repos.deleteReleaseAsset({ owner: this.owner, repo: this.repo, asset_id: assetId })
    })
  }

  /**
   * An asset's bytes, streamed into `sink`. The API answers with a redirect to a storage host: the token is for
   * the API only, so the redirect is followed without it.
   */
  async download(assetId: number, sink: (chunk: Buffer) => void): Promise<void> {
    const what = `download release asset ${assetId}`
    await withRetry(
      async () => {
        let url = `${this.apiUrl}/repos/${this.owner}/${this.repo}/releases/assets/${assetId}`
        let headers: Record<string, string> = {
          authorization: `token ${this.token}`,
          accept: 'application/octet-stream',
          'user-agent': 'publish-artifacts'
        }
        for (let hop = 0; hop < 5; hop++) {
          const res = await request(url, { headers })
          if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
            await res.body.dump()
            const next = new URL(String(res.headers.location), url)
            if (next.origin !== new URL(this.apiUrl).origin) headers = { accept: 'application/octet-stream' }
            url = next.href
            continue
          }
          await check(res, what)
          for await (const chunk of res.body as AsyncIterable<Buffer>) sink(chunk)
          return
        }
        throw new Error(`${what}: too many redirects`)
      },
      { what }
    )
  }

  async read(assetId: number): Promise<Buffer> {
    const chunks: Buffer[] = []
    await this.download(assetId, c => chunks.push(c))
    return Buffer.concat(chunks)
  }

  /** Uploads one asset, streamed from disk; a half-done upload left by a failed try is deleted before the next. */
  async upload(release: GitHubRelease, name: string, body: Body, size: number): Promise<string> {
    const what = `upload release asset ${name}`
    const target = new URL(release.uploadUrl.replace(/\{[^}]*\}$/, ''))
    if (target.protocol !== 'https:' && !/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(target.hostname))
      throw new Error(`${what}: the API gave a non-https upload URL`)
    target.searchParams.set('name', name)
    return withRetry(
      async attempt => {
        if (attempt > 1)
          for (const a of await this.assets(release.id)) if (a.name === name) await this.remove(a.id)
        const res = await request(target.href, {
          method: 'POST',
          headers: {
            authorization: `token ${this.token}`,
            'content-type': contentType(name),
            'content-length': String(size),
            accept: 'application/vnd.github+json',
            'user-agent': 'publish-artifacts'
          },
          body: 'path' in body ? createReadStream(body.path) : Buffer.from(body.data)
        })
        await check(res, what)
        const json = (await res.body.json()) as { browser_download_url?: string }
        return json.browser_download_url ?? ''
      },
      { what }
    )
  }
}

async function check(res: Dispatcher.ResponseData, what: string): Promise<void> {
  if (res.statusCode >= 200 && res.statusCode < 300) return
  const text = (await res.body.text()).slice(0, 300)
  const message = redact(`${what}: GitHub answered ${res.statusCode} ${text}`)
  const retryAfter = res.headers['retry-after']
  if (isRetryableStatus(res.statusCode))
    throw new RetryableError(message, retryAfterMs(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter))
  throw new Error(
    res.statusCode === 403 || res.statusCode === 404
      ? `${message}; the token needs 'contents: write' permission.`
      : message
  )
}

function contentType(name: string): string {
  if (name.endsWith('.deb')) return 'application/vnd.debian.binary-package'
  if (name.endsWith('.rpm')) return 'application/x-rpm'
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'application/gzip'
  if (name.endsWith('.asc')) return 'application/pgp-signature'
  return 'text/plain; charset=utf-8'
}

/** What github-release will do, worked out (and conflicts refused) before anything is published. */
export interface ReleaseStep {
  tag: string
  api: ReleaseApi
  release?: GitHubRelease
  prerelease: boolean
  bodies: Map<string, Body>
  plan: AssetPlan
  /** Every asset name, for the published entries. */
  roles: Map<string, 'artifact' | 'index'>
}

/**
 * Plans the release assets: the packages of the plan, and SHA256SUMS (+ .asc) over every package asset of the
 * release (the ones other jobs attached are kept in it). Fails, before the packages are published, when a stable
 * release already has an asset of the same name with other bytes.
 */
export async function planRelease(
  plan: Plan,
  inputs: Inputs,
  release: Release,
  run: { repository: string; apiUrl: string }
): Promise<ReleaseStep | undefined> {
  const tag = release.tag
  if (!tag) {
    log.info('github-release: this run has no tag, so no GitHub release to attach assets to.')
    return undefined
  }
  if (!inputs.githubToken)
    throw new InputError('github-token', 'is empty, but github-release uploads through the GitHub API.')
  registerSecret(inputs.githubToken)
  const api = new ReleaseApi(inputs.githubToken, run.repository, run.apiUrl)
  const bodies = new Map<string, Body>()
  const roles = new Map<string, 'artifact' | 'index'>()
  const local: LocalAsset[] = []
  for (const w of plan.writes) {
    if (w.role !== 'artifact' || !('path' in w.body)) continue
    const name = basename(w.key)
    if (bodies.has(name) || name === SUMS || name === SUMS_ASC)
      throw new InputError('github-release', `two packages would be the release asset ${show(name)}.`)
    bodies.set(name, w.body)
    roles.set(name, 'artifact')
    local.push({ name, size: w.size, sha256: w.sha256 })
  }
  const gh = await api.byTag(tag)
  const remote = gh ? await api.assets(gh.id) : []

  // SHA256SUMS lists this run's packages and those other jobs attached (a matrix per arch).
  const byName = new Map(remote.map(r => [r.name, r]))
  const entries = new Map(local.map(a => [a.name, a.sha256]))
  const oldSums = byName.get(SUMS)
  const oldText = oldSums?.state === 'uploaded' ? (await api.read(oldSums.id)).toString('utf8') : undefined
  for (const line of (oldText ?? '').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line)
    if (m && !entries.has(m[2]) && byName.has(m[2])) entries.set(m[2], m[1])
  }
  const text = sha256sums([...entries].map(([name, sha256]) => ({ name, sha256, size: 0 })))
  const sums = Buffer.from(text, 'utf8')
  const mutable: LocalAsset[] = [hashed(SUMS, sums)]
  const knownIndexes = new Map<number, string>()
  if (oldSums && oldText !== undefined)
    knownIndexes.set(oldSums.id, hashed(SUMS, Buffer.from(oldText)).sha256)
  bodies.set(SUMS, { data: sums })
  roles.set(SUMS, 'index')
  if (inputs.signingKey) {
    const signer = await loadSigner(inputs.signingKey, inputs.signingKeyPassphrase)
    const oldAsc = byName.get(SUMS_ASC)
    const oldAscBytes =
      oldText === text && oldAsc?.state === 'uploaded' ? await api.read(oldAsc.id) : undefined
    const asc =
      oldAscBytes && (await signedBy(oldAscBytes, signer))
        ? oldAscBytes
        : Buffer.from(await signer.detach(sums), 'utf8')
    if (oldAsc && oldAscBytes) knownIndexes.set(oldAsc.id, hashed(SUMS_ASC, oldAscBytes).sha256)
    mutable.push(hashed(SUMS_ASC, asc))
    bodies.set(SUMS_ASC, { data: asc })
    roles.set(SUMS_ASC, 'index')
  }

  const stable = release.type === 'stable'
  // Packages of a stable release are immutable; its checksum list is an index and follows the packages.
  let assetPlan = planAssets(local, remote, stable)
  const known = new Map<number, string>()
  for (const a of assetPlan.actions)
    if (a.action === 'compare') {
      const hash = createHash('sha256')
      await api.download(a.remote.id, c => hash.update(c))
      known.set(a.remote.id, hash.digest('hex'))
    }
  if (known.size) assetPlan = planAssets(local, remote, stable, known)
  const indexes = planAssets(mutable, remote, false, knownIndexes)
  if (assetPlan.conflicts.length)
    throw new PublishError(
      `github-release: the stable release ${show(tag)} already has asset(s) with other bytes: ${assetPlan.conflicts.map(n => show(n)).join(', ')}. ` +
        'Assets of a stable release are immutable like its packages: publish a new version instead. Nothing was written.'
    )
  for (const a of [...assetPlan.actions, ...indexes.actions])
    log.info(`release ${show(tag)}: ${a.action === 'compare' ? 'replace' : a.action} ${show(a.asset.name)}`)
  return {
    tag,
    api,
    release: gh,
    prerelease: release.prerelease,
    bodies,
    roles,
    plan: { actions: [...assetPlan.actions, ...indexes.actions], conflicts: [] }
  }
}

function hashed(name: string, data: Buffer): LocalAsset {
  return { name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') }
}

/** Uploads what the plan says, packages first and the checksum list last; returns one entry per asset. */
export async function applyRelease(step: ReleaseStep): Promise<Published[]> {
  const release = step.release ?? (await step.api.create(step.tag, step.prerelease))
  const out: Published[] = []
  const ordered = [
    ...step.plan.actions.filter(a => step.roles.get(a.asset.name) === 'artifact'),
    ...step.plan.actions.filter(a => a.asset.name === SUMS),
    ...step.plan.actions.filter(a => a.asset.name === SUMS_ASC)
  ]
  for (const a of ordered) {
    const { name, size, sha256 } = a.asset
    let url = a.action === 'unchanged' ? (a.remote as ListedAsset).url : undefined
    let status: Published['status'] = 'unchanged'
    // A checksum list whose bytes could not be compared (no digest from the API) is written again.
    const replaces = a.action === 'compare' ? a.remote : a.action === 'upload' ? a.replaces : undefined
    if (a.action !== 'unchanged') {
      if (replaces) await step.api.remove(replaces.id)
      url = await step.api.upload(release, name, step.bodies.get(name) as Body, size)
      status = 'uploaded'
      log.info(`${replaces ? 'replaced' : 'uploaded'} release asset ${show(name)}`)
    }
    out.push({
      kind: 'packages',
      repo: 'github-release',
      path: `${step.tag}/${name}`,
      url,
      status,
      ...(replaces && status === 'uploaded' && { replaced: true }),
      sha256,
      size,
      role: step.roles.get(name)
    })
  }
  core.summary.addRaw(
    `<p>GitHub release <a href="${esc(release.htmlUrl)}">${esc(step.tag)}</a>: ${out.filter(p => p.status === 'uploaded').length} asset(s) uploaded, ${out.filter(p => p.status === 'unchanged').length} unchanged.</p>`,
    true
  )
  return out
}

const retrying = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
  githubRetrying(what, "'contents: write' permission", fn)
