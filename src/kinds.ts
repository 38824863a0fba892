import type { Kind } from './inputs.js'
import type { Publisher } from './publisher.js'

/** Publishers are loaded only for the kind in use, so a run parses only the code it needs. */
export async function publisherFor(kind: Kind): Promise<Publisher> {
  switch (kind) {
    case 'packages':
      return (await import('./packages/publisher.js')).packagesPublisher
    case 'summary':
      // main.ts hands kind summary to src/workflow/summary.ts before any publisher is needed.
      throw new Error("kind 'summary' merges publication records and has no publisher")
    case 'resign':
      // main.ts hands kind resign to src/packages/resign.ts: it re-signs what is there, with no release.
      throw new Error("kind 'resign' re-signs a repository and has no publisher")
    case 'drivers':
      return (await import('./drivers/publisher.js')).driversPublisher
    case 'images':
      return (await import('./images/publisher.js')).imagesPublisher
  }
}
