/**
 * Our side of the stores benchmark, run as its own process (bundled first, so no TypeScript compiler is
 * measured): hash every file under a folder, then publish them to an s3:// destination through the S3 store
 * and applyPlan: for more than 100 files one listing first (knownObjects), then a HEAD for each object the
 * listing did not vouch for, skip what matches, upload the rest.
 *
 *   node stores.child.mjs <folder> s3://bucket/prefix    (S3 settings from the AWS_* environment + S3_ENDPOINT)
 *
 * Prints one JSON line: {"uploaded": n, "unchanged": n}.
 */
import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { applyPlan } from '../src/apply.js'
import { hashForUpload } from '../src/hash.js'
import { mapLimit } from '../src/limit.js'
import type { Plan, PlanWrite } from '../src/plan.js'
import { knownObjects } from '../src/stores/known.js'
import { s3StoreFrom } from '../src/stores/s3.js'

const [folder, destination] = process.argv.slice(2)
const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(destination ?? '')
if (!folder || !match) throw new Error('usage: stores.child.mjs <folder> s3://bucket/prefix')
const concurrency = Number(process.env.CONCURRENCY) || 10

const files = (readdirSync(folder, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
  .filter(e => e.isFile())
  .map(e => join(e.parentPath, e.name))

const writes = await mapLimit(files, concurrency, async path => {
  const digest = await hashForUpload(path)
  return {
    kind: 'packages',
    key: relative(folder, path).split(sep).join('/'),
    body: { path },
    size: digest.size,
    sha256: digest.sha256,
    md5: digest.md5,
    role: 'artifact',
    immutable: true,
    reason: 'benchmark'
  } satisfies PlanWrite
})

const plan: Plan = {
  kind: 'packages',
  release: { type: 'stable', version: '0.0.0', reason: 'benchmark', prerelease: false },
  destination,
  writes,
  deletes: [],
  extra: [],
  notes: []
}
const store = s3StoreFrom(
  { bucket: match[1], prefix: match[2] },
  {
    s3Endpoint: process.env.S3_ENDPOINT ?? '',
    s3Region: '',
    s3ForcePathStyle: true,
    s3Acl: '',
    concurrency
  }
)
// As a publisher does for a large plan: one listing answers for every object it shows with a hash.
const known =
  writes.length > 100
    ? await knownObjects(
        store,
        '',
        writes.map(w => w.key)
      )
    : undefined
const published = await applyPlan(plan, store, { concurrency, known })
await store.close()
const count = (status: string) => published.filter(p => p.status === status).length
process.stdout.write(`${JSON.stringify({ uploaded: count('uploaded'), unchanged: count('unchanged') })}\n`)
