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

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
