import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A temporary folder for layers compressed from `docker save` archives (and gunzipped archives): created on
 * first use under RUNNER_TEMP, removed after the push, and at the latest when the process exits.
 */
export class Scratch {
  private dir: string | undefined
  private count = 0
  private readonly onExit = (): void => this.cleanup()

  constructor(private readonly parent = process.env.RUNNER_TEMP || tmpdir()) {}

  /** A fresh file path inside the folder. */
  file(suffix: string): string {
    if (!this.dir) {
      this.dir = mkdtempSync(join(this.parent, 'pa-images-'))
      process.once('exit', this.onExit)
    }
    return join(this.dir, `${++this.count}${suffix}`)
  }

  cleanup(): void {
    if (!this.dir) return
    rmSync(this.dir, { recursive: true, force: true })
    this.dir = undefined
    process.removeListener('exit', this.onExit)
  }
}
