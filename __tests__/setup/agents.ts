/**
 * gpg starts a gpg-agent per GnuPG home that outlives the command, and dnf (librepo's `tmpdir.*` keyrings),
 * libzypp and rpmsign delete their homes while the agent still runs. Tests stop the agents under their own folder
 * (stopGpgAgents in helpers/packages.ts); as the global teardown, this module stops every agent whose home is gone,
 * or is a test folder (`pa-*` under the temp folder), so the suite leaves no process behind on the host.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The running gpg-agents with the GnuPG home each was started for, read from their command lines. */
export function gpgAgents(): { pid: number; home: string }[] {
  const agents: { pid: number; home: string }[] = []
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    let args: string[]
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    } catch {
      continue // ended meanwhile
    }
    const at = args.indexOf('--homedir')
    if (args[0]?.endsWith('gpg-agent') && at >= 0 && args[at + 1])
      agents.push({ pid: Number(pid), home: args[at + 1] })
  }
  return agents
}

export default function stopLeftoverAgents(): void {
  const ours = join(tmpdir(), 'pa-')
  for (const { pid, home } of gpgAgents()) {
    if (existsSync(home) && !home.startsWith(ours)) continue
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
}
