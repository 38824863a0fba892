/**
 * Quiet tests: what the code under test prints (core.info lines, e.g. every driver deleted by retention) is held
 * back per test and shown only when that test, or a hook, fails, so a green run is a few lines and a red one
 * shows everything that led to it.
 *
 * Workflow commands (`::add-mask::`, `::error::`) are never passed through as they are: when the suite runs
 * inside GitHub Actions the runner would act on them. A failing test's held-back lines show them with a
 * `[command] ` prefix, which the runner does not read.
 *
 * jest-environment-node is jest's own default environment (installed with jest).
 */
import { TestEnvironment } from 'jest-environment-node'

const COMMAND = /^(\s*)::/

export default class QuietEnvironment extends TestEnvironment {
  held = []
  write = undefined

  async setup() {
    await super.setup()
    const stdout = process.stdout
    this.write = stdout.write
    stdout.write = (chunk, encoding, callback) => {
      this.held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      const done = typeof encoding === 'function' ? encoding : callback
      if (typeof done === 'function') process.nextTick(done)
      return true
    }
  }

  async teardown() {
    if (this.write) process.stdout.write = this.write
    this.held = []
    await super.teardown()
  }

  handleTestEvent(event) {
    if (event.name === 'test_done') {
      if (event.test.errors.length > 0) this.flush(`output of the failed test "${event.test.name}"`)
      this.held = []
    } else if (event.name === 'hook_failure') this.flush(`output before the failed ${event.hook.type} hook`)
  }

  flush(title) {
    const text = this.held.join('')
    this.held = []
    if (!text.trim() || !this.write) return
    const lines = text.split('\n').map(line => line.replace(COMMAND, '$1[command] ::'))
    this.write.call(process.stdout, `\n── ${title}\n${lines.join('\n')}\n── end of output\n`)
  }
}
