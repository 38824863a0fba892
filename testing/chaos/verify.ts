/**
 * Invariant checks for the chaos suite, read straight from the servers (never through the fault proxy): every
 * index references only objects that exist with the checksum (or size) it states. Used after a run, and by a
 * poller during a run ("nothing a user can see ever points to something missing").
 *
 * Each check returns a list of problems; an empty list means the invariant holds. A repository whose top index
 * does not exist yet is not a problem (nothing is visible yet).
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/** Reads one object by key; undefined when absent. */
export type Reader = (key: string) => Promise<Buffer | undefined>

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

export function diskReader(root: string): Reader {
  return async key => readFile(join(root, key)).catch(() => undefined)
}

async function expectObject(
  read: Reader,
  key: string,
  want: { sha256?: string; size?: number },
  from: string,
  problems: string[]
): Promise<Buffer | undefined> {
  const got = await read(key)
  if (!got) problems.push(`${from} references ${key}, which does not exist`)
  else if (want.sha256 && sha256(got) !== want.sha256) problems.push(`${from}: ${key} has another sha256`)
  else if (want.size !== undefined && got.length !== want.size)
    problems.push(`${from}: ${key} is ${got.length} bytes, not ${want.size}`)
  return got
}

/** apt: Release → Packages files (sha256), Packages → .deb files (sha256). */
export async function checkApt(read: Reader, repo: string, suite = 'stable'): Promise<string[]> {
  const problems: string[] = []
  const dists = `${repo}/dists/${suite}`
  const release = await read(`${dists}/Release`)
  const lists = new Set<string>()
  if (release) {
    const section = /^SHA256:\n((?: .+\n?)+)/m.exec(release.toString('utf8'))?.[1] ?? ''
    for (const line of section.split('\n').filter(Boolean)) {
      const [hash, size, path] = line.trim().split(/\s+/)
      await expectObject(
        read,
        `${dists}/${path}`,
        { sha256: hash, size: Number(size) },
        `${dists}/Release`,
        problems
      )
      if (path.endsWith('/Packages')) lists.add(`${dists}/${path}`)
    }
  }
  for (const arch of ['amd64', 'arm64']) lists.add(`${dists}/main/binary-${arch}/Packages`)
  for (const key of lists) {
    const text = (await read(key))?.toString('utf8')
    if (!text) continue
    for (const stanza of text.split(/\n\n+/).filter(s => s.trim())) {
      const field = (name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(stanza)?.[1]
      const file = field('Filename')
      if (!file) {
        problems.push(`${key}: a stanza without Filename`)
        continue
      }
      await expectObject(
        read,
        `${repo}/${file}`,
        { sha256: field('SHA256'), size: Number(field('Size')) },
        key,
        problems
      )
    }
  }
  return problems
}

/** yum: repomd.xml → metadata files (sha256), primary.xml.gz → .rpm files (sha256). */
export async function checkYum(read: Reader, repo: string): Promise<string[]> {
  const problems: string[] = []
  const repomd = (await read(`${repo}/repodata/repomd.xml`))?.toString('utf8')
  if (!repomd) return problems
  for (const data of repomd.matchAll(/<data type="(\w+)">([\s\S]*?)<\/data>/g)) {
    const hash = /<checksum type="sha256">([0-9a-f]+)<\/checksum>/.exec(data[2])?.[1]
    const href = /<location href="([^"]+)"/.exec(data[2])?.[1]
    if (!hash || !href) {
      problems.push(`${repo}/repodata/repomd.xml: ${data[1]} without checksum or location`)
      continue
    }
    const body = await expectObject(
      read,
      `${repo}/${href}`,
      { sha256: hash },
      `${repo}/repodata/repomd.xml`,
      problems
    )
    if (data[1] !== 'primary' || !body) continue
    const primary = gunzipSync(body).toString('utf8')
    for (const pkg of primary.matchAll(/<package [\s\S]*?<\/package>/g)) {
      const sum = /<checksum type="sha256"[^>]*>([0-9a-f]+)<\/checksum>/.exec(pkg[0])?.[1]
      const loc = /<location href="([^"]+)"/.exec(pkg[0])?.[1]
      if (!sum || !loc) problems.push(`${href}: a package without checksum or location`)
      else await expectObject(read, `${repo}/${loc}`, { sha256: sum }, `${repo}/${href}`, problems)
    }
  }
  return problems
}

/** bin: index.json → tarballs (sha256). */
export async function checkBin(read: Reader, repo: string): Promise<string[]> {
  const problems: string[] = []
  const text = (await read(`${repo}/index.json`))?.toString('utf8')
  if (!text) return problems
  const index = JSON.parse(text) as { packages: { path: string; sha256: string; size: number }[] }
  for (const p of index.packages)
    await expectObject(
      read,
      `${repo}/${p.path}`,
      { sha256: p.sha256, size: p.size },
      `${repo}/index.json`,
      problems
    )
  return problems
}

/** drivers: `<version>/<arch>/index.json` → objects (size). */
export async function checkDriverListing(read: Reader, listing: string): Promise<string[]> {
  const problems: string[] = []
  type Listing = { count: number; objects: { name: string; size: number }[] }
  // s3rver writes an object in place (real S3 replaces it atomically), so a poller can read a listing half
  // written: read again a few times, and only a listing that stays unparseable is a problem.
  let json: Listing | undefined
  for (let attempt = 1; json === undefined; attempt++) {
    const text = (await read(listing))?.toString('utf8')
    if (!text) return problems
    try {
      json = JSON.parse(text) as Listing
    } catch {
      if (attempt >= 5) return [`${listing}: not valid JSON (${text.length} bytes)`]
      await new Promise(done => setTimeout(done, 100))
    }
  }
  const dir = listing.slice(0, listing.lastIndexOf('/') + 1)
  if (json.count !== json.objects.length)
    problems.push(`${listing}: count ${json.count} but ${json.objects.length} objects`)
  for (const o of json.objects)
    await expectObject(read, `${dir}${o.name}`, { size: o.size }, listing, problems)
  return problems
}

/** Every package repository the packages scenario publishes. */
export async function checkPackages(read: Reader, prefix = ''): Promise<string[]> {
  const p = prefix ? `${prefix.replace(/\/+$/, '')}/` : ''
  const all = await Promise.all([
    checkApt(read, `${p}deb`),
    checkYum(read, `${p}rpm`),
    checkBin(read, `${p}bin`)
  ])
  return all.flat()
}

export interface RegistryAccess {
  /** http://127.0.0.1:PORT (the registry itself, not the proxy). */
  base: string
  username?: string
  password?: string
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** images: the tag → its index → each child manifest (sha256) → config and layers exist. */
export async function checkImageTag(reg: RegistryAccess, repo: string, tag: string): Promise<string[]> {
  const problems: string[] = []
  const headers: Record<string, string> = { accept: MANIFEST_TYPES }
  if (reg.username)
    headers.authorization = `Basic ${Buffer.from(`${reg.username}:${reg.password}`).toString('base64')}`
  const get = async (path: string, method = 'GET') =>
    fetch(`${reg.base}/v2/${repo}/${path}`, { method, headers })
  const top = await get(`manifests/${tag}`)
  if (top.status === 404) return problems
  if (!top.ok) return [`${repo}:${tag}: ${top.status}`]
  const index = (await top.json()) as { manifests?: { digest: string }[]; layers?: unknown }
  const manifests = index.manifests ?? []
  for (const child of manifests) {
    const res = await get(`manifests/${child.digest}`)
    if (!res.ok) {
      problems.push(`${repo}:${tag} references manifest ${child.digest}: ${res.status}`)
      continue
    }
    const body = Buffer.from(await res.arrayBuffer())
    if (`sha256:${sha256(body)}` !== child.digest)
      problems.push(`${repo}: manifest ${child.digest} has another digest`)
    const m = JSON.parse(body.toString('utf8')) as {
      config: { digest: string }
      layers: { digest: string }[]
    }
    for (const blob of [m.config, ...m.layers]) {
      const b = await get(`blobs/${blob.digest}`, 'HEAD')
      if (!b.ok)
        problems.push(`${repo}: manifest ${child.digest} references blob ${blob.digest}: ${b.status}`)
    }
  }
  return problems
}

/**
 * Runs `check` every `everyMs` until stopped, collecting every problem seen (de-duplicated): the "never visible
 * while broken" invariant. Counts rounds so a test can tell the poller really ran.
 */
export function poll(
  check: () => Promise<string[]>,
  everyMs = 100
): { stop(): Promise<{ rounds: number; problems: string[] }> } {
  const problems = new Set<string>()
  let rounds = 0
  let running = true
  const loop = (async () => {
    while (running) {
      try {
        for (const p of await check()) problems.add(p)
      } catch (err) {
        problems.add(`poller: ${(err as Error).message}`)
      }
      rounds++
      await new Promise(r => setTimeout(r, everyMs))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return { rounds, problems: [...problems] }
    }
  }
}

/**
 * A comparable picture of a published tree: key → sha256, with what legitimately differs between two runs of the
 * same publication taken out (dates in Release and repomd.xml, signature bytes, lock objects).
 */
export function normalize(files: Map<string, Buffer>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, body] of files) {
    if (/\.publish-lock$|\.sha256$/.test(key)) continue
    if (/(\.asc|\.gpg|InRelease)$/.test(key)) out.set(key, 'signature')
    else if (/\/Release$/.test(key))
      out.set(key, sha256(Buffer.from(body.toString('utf8').replace(/^Date: .*$/m, ''))))
    else if (/repomd\.xml$/.test(key))
      out.set(key, sha256(Buffer.from(body.toString('utf8').replace(/<(revision|timestamp)>\d+<\/\1>/g, ''))))
    else out.set(key, sha256(body))
  }
  return out
}
