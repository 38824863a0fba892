import type { Published } from './plan.js'
/** An error caused by what the user gave us: its message names the input and says what to do. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}': ${message}`)
    this.name = 'InputError'
  }
}

/** A refusal to publish that protects what is already there (e.g. overwriting a stable artifact). */
export class PublishError extends Error {
  override name = 'PublishError'
}

/** A publish that failed part-way, with what it did publish (outputs and summary still report it). */
export class PartialPublishError extends PublishError {
  constructor(
    message: string,
    readonly published: Published[]
  ) {
    super(message)
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
