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
 * folder) is billed to whichever tool runs next. Then it waits for the machine to go idle (bounded): a server
 * still working off the previous tool's requests (s3rver after rclone's 10,000 checks) would do the same.
 * `warm` folders are read once first, for every tool alike: on a runner the files were just built or
 * downloaded, so they are in the page cache, while this machine's DAMON pages out file pages untouched for
 * about a minute (a 10,000-object re-run read 200 MB from disk after the peers' long runs).
 */
export async function measure(
  cmd: string,
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv
    cwd?: string
    timeoutMs?: number
    /** Folders the tool reads: read once beforehand, as a build that just wrote them leaves them cached. */
    warm?: string[]
  } = {}
): Promise<Measured> {
  spawnSync('sync')
  for (const dir of opts.warm ?? [])
    spawnSync('find', [dir, '-type', 'f', '-exec', 'cat', '{}', '+'], {
      stdio: ['ignore', 'ignore', 'inherit']
    })
  await settle()
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

/** Busy and total jiffies of all CPUs, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const total = fields.reduce((a, b) => a + b, 0)
  // idle and iowait
  return { busy: total - fields[3] - (fields[4] ?? 0), total }
}

/** Waits until the CPUs are ≥ 90% idle over a quarter second, for at most 15 s. */
async function settle(): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const a = cpuTimes()
    await new Promise(done => setTimeout(done, 250))
    const b = cpuTimes()
    if (b.total > a.total && (b.busy - a.busy) / (b.total - a.total) < 0.1) return
  }
}
