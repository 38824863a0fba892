/**
 * What the runner would obey in an action's output. Every line of stdout and stderr is read for workflow commands:
 * a line starting with `::` (after white space), and the legacy `##[command]` form anywhere in a line. The action's
 * own commands are the ones @actions/core prints (annotations, groups, masks), with properties the action sets
 * (an annotation title from the list below) and untrusted text only after the `::` terminator, where core has
 * encoded CR and LF. Anything else (a command an input forged, `##[`, a bare carriage return, which the runner
 * also takes as a line break) is a problem.
 *
 * Used by the bad-input corpus (corpus.ts) on every run, and by __tests__/hostile.test.ts.
 */

/** Commands @actions/core prints for this action; set-output, set-env, add-path, save-state go to files. */
const OWN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup', 'add-mask'])
/** The annotation titles the action sets itself (src/drivers/publisher.ts). */
export const OWN_TITLES = [
  'invalid driverkit config',
  'invalid driverkit config skipped',
  'object without a config',
  'driver object missing'
]

export function commandProblems(text: string, extraTitles: string[] = []): string[] {
  const problems: string[] = []
  const titles = new Set([...OWN_TITLES, ...extraTitles])
  if (/\r(?!\n)/.test(text)) problems.push('a bare carriage return (the runner starts a new line there)')
  // The runner splits lines at CR too: what follows a bare CR is a line of its own.
  for (const line of text.split(/\r\n|\r|\n/)) {
    const shown = line.slice(0, 200)
    if (line.includes('##[')) problems.push(`a legacy ##[ command: ${shown}`)
    const trimmed = line.trimStart()
    if (!trimmed.startsWith('::')) continue
    const m = /^::([A-Za-z-]+)(?: ([^:]*))?::/.exec(trimmed)
    if (!m || !OWN_COMMANDS.has(m[1])) {
      problems.push(`a line starting with :: that is not one of the action's commands: ${shown}`)
      continue
    }
    for (const prop of (m[2] ?? '').split(',').filter(Boolean)) {
      const [key, ...rest] = prop.split('=')
      const value = decodeURIComponent(rest.join('=').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))
      if (key !== 'title' || !titles.has(value))
        problems.push(`a command property the action does not set (${prop.slice(0, 80)}): ${shown}`)
    }
  }
  return problems
}
