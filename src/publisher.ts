/**
 * What a kind publisher is and what it is given: types only, so the kind publishers (packages/, drivers/,
 * images/) import them without importing the registry that loads them (src/kinds.ts).
 */
import type { RunContext } from './context.js'
import type { Inputs } from './inputs.js'
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
