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

/**
 * A publish that failed part-way, with what it did publish (outputs and summary still report it). `T` is the
 * entry type (`Published` of src/plan.ts): generic, so that this module, which nearly every module imports,
 * imports nothing back.
 */
export class PartialPublishError<T = never> extends PublishError {
  constructor(
    message: string,
    readonly published: T[]
  ) {
    super(message)
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
