import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'

export interface Measured {
  seconds: number
  peakRssMiB: number
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs a command and measures wall time and the peak RSS of the child (via GNU time's %M where present,
 * else /proc polling), so ours and the peer tool are measured the same way. Dirty pages are flushed first
 * (`sync`): otherwise the kernel's write-back of what the previous tool wrote (hundreds of MB into s3rver's
 * folder) is billed to whichever tool runs next.
 */
export async function measure(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}
): Promise<Measured> {
  spawnSync('sync')
  const start = process.hrtime.bigint()
  const child = spawn(cmd, args, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  let peak = 0
  const poll = setInterval(() => {
    peak = Math.max(peak, rssOfTree(child.pid))
  }, 50)
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000)
  const code = await new Promise<number | null>(done => child.on('close', done))
  clearInterval(poll)
  clearTimeout(timer)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { seconds, peakRssMiB: peak / 1024, code, stdout, stderr }
}

/** RSS in KiB of a process and its descendants, read from /proc. */
function rssOfTree(pid: number | undefined): number {
  if (!pid) return 0
  let total = 0
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const list = children.get(ppid) ?? []
      list.push(Number(entry))
      children.set(ppid, list)
    } catch {
      // the process ended while we looked
    }
  }
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop() as number
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8')
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    } catch {
      // gone
    }
    stack.push(...(children.get(p) ?? []))
  }
  return total
}
