/**
 * Global teardown: gpg starts a gpg-agent per GnuPG home that outlives the command, and dnf (librepo's
 * `tmpdir.*` keyrings), libzypp and rpmsign delete their homes while the agent still runs. A test cannot always
 * reach those, so after the whole run every gpg-agent whose home is gone, or is a test folder (`pa-*` under the
 * temp folder), is stopped: the suite leaves no process behind on the host.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function stopLeftoverAgents() {
  const ours = join(tmpdir(), 'pa-')
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    let args
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    } catch {
      continue // ended meanwhile
    }
    if (!args[0]?.endsWith('gpg-agent')) continue
    const home = args[args.indexOf('--homedir') + 1]
    if (!home || args.indexOf('--homedir') < 0) continue
    if (existsSync(home) && !home.startsWith(ours)) continue
    try {
      process.kill(Number(pid), 'SIGTERM')
    } catch {
      // already gone
    }
  }
}
