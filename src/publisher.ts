import type { RunContext } from './context.js'
import type { Inputs, Kind } from './inputs.js'
import type { Plan, Published } from './plan.js'
import type { Release } from './release.js'
import type { Destination } from './stores/open.js'
import type { Store } from './stores/store.js'

/** Everything a publisher may use; the store is opened on first use (dry runs read indexes but never write). */
export interface PublishContext {
  inputs: Inputs
  release: Release
  run: RunContext
  /** Where relative `files` globs are resolved (the workspace, or where downloaded artifacts landed). */
  baseDir: string
  destination?: Destination
  store(): Promise<Store>
}

/** One kind of artifact: computes its plan, then carries it out. */
export interface Publisher {
  plan(ctx: PublishContext): Promise<Plan>
  apply(plan: Plan, ctx: PublishContext): Promise<Published[]>
  /** Extra outputs for the kind (e.g. digest and tags for images). */
  outputs?(published: Published[]): Record<string, string>
}

/** Publishers are loaded only for the kind in use, so a run parses only the code it needs. */
export async function publisherFor(kind: Kind): Promise<Publisher> {
  switch (kind) {
    case 'packages':
      return (await import('./packages/publisher.js')).packagesPublisher
    case 'summary':
      // main.ts hands kind summary to src/workflow/summary.ts before any publisher is needed.
      throw new Error("kind 'summary' merges publication records and has no publisher")
    case 'drivers':
      return (await import('./drivers/publisher.js')).driversPublisher
    case 'images':
      return (await import('./images/publisher.js')).imagesPublisher
  }
}
