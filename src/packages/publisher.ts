import { basename } from 'node:path'
import { applyPlan } from '../apply.js'
import { resolveFiles } from '../files.js'
import { hashFile } from '../hash.js'
import { mapLimit } from '../limit.js'
import type { Plan, PlanWrite } from '../plan.js'
import type { PublishContext, Publisher } from '../publisher.js'
import { type PackageFormat, routePackage } from './route.js'

/**
 * The seam for repository metadata: given the artifacts planned for one repository, an indexer adds the index
 * writes (and retention deletes) that make it a real apt/rpm/bin repository.
 */
export interface RepositoryIndexer {
  plan(
    repo: string,
    artifacts: PlanWrite[],
    ctx: PublishContext
  ): Promise<Pick<Plan, 'writes' | 'deletes' | 'notes'>>
}

const indexers: Partial<Record<PackageFormat, RepositoryIndexer>> = {}

/** Packages: deb, rpm and tarballs, each routed to its stable or dev repository. */
export const packagesPublisher: Publisher = {
  async plan(ctx) {
    const { inputs, release } = ctx
    if (release.type === 'none') throw new Error('no plan for a run that publishes nothing')
    const type = release.type
    const files = await resolveFiles(inputs.files, ctx.baseDir, inputs.ifNoFilesFound)
    const routed = files.map(path => ({ path, route: routePackage(basename(path), type) }))
    const keys = new Map<string, string>()
    for (const { path, route } of routed) {
      const other = keys.get(route.key)
      if (other) throw new Error(`files '${other}' and '${path}' would both be published as ${route.key}`)
      keys.set(route.key, path)
    }
    const writes = await mapLimit(routed, inputs.concurrency, async ({ path, route }) => {
      const digest = await hashFile(path)
      return {
        kind: 'packages',
        repo: route.repo,
        key: route.key,
        body: { path },
        ...digest,
        role: 'artifact',
        immutable: type === 'stable',
        reason: `${route.format} package for the ${type} release ${release.version}`
      } satisfies PlanWrite
    })
    const plan: Plan = {
      kind: 'packages',
      release,
      destination: ctx.destination?.display ?? '',
      writes,
      deletes: [],
      extra: [],
      notes: []
    }
    const repos = [...new Set(routed.map(r => r.route))].reduce(
      (m, r) => m.set(r.repo, r.format),
      new Map<string, PackageFormat>()
    )
    for (const [repo, format] of repos) {
      const indexer = indexers[format]
      if (!indexer) continue
      const part = await indexer.plan(
        repo,
        writes.filter(w => w.repo === repo),
        ctx
      )
      plan.writes.push(...part.writes)
      plan.deletes.push(...part.deletes)
      plan.notes.push(...part.notes)
    }
    return plan
  },

  async apply(plan, ctx) {
    const { inputs } = ctx
    return applyPlan(plan, await ctx.store(), {
      concurrency: inputs.concurrency,
      cacheControlArtifacts: inputs.cacheControlArtifacts,
      cacheControlIndexes: inputs.cacheControlIndexes
    })
  }
}
