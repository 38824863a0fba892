/** One measured case: ours against a peer tool on the same data, in the same process run. */
export interface BenchRow {
  scenario: string
  tool: string
  seconds: number
  /** Peak resident memory in MiB of the process that did the work (ours: a child running dist/index.js). */
  peakRssMiB?: number
  /** Bytes read from the store, where it matters (incremental index updates). */
  bytesRead?: number
  note?: string
}

/**
 * The goals of issue 19, by scenario (its start) and peer: ours/peer must be at most `max`. Printed with each
 * ratio as ✓ or ✗, so a run says at once which goals hold on this machine.
 */
export const GOALS: { scenario: RegExp; tool: string; max: number }[] = [
  { scenario: /^drivers first publish/, tool: 'aws s3 sync', max: 0.5 },
  { scenario: /^drivers re-run/, tool: 'aws s3 sync', max: 0.25 },
  { scenario: /^s3 upload: \d+ small objects/, tool: 'rclone copy', max: 1.0 },
  // 90% of aws's throughput: ours may take 1/0.9 of its time.
  { scenario: /^s3 upload: one \d+ MiB file/, tool: 'aws s3 sync', max: 1 / 0.9 },
  { scenario: /^s3 re-run, all present: one \d+ MiB file/, tool: 'aws s3 sync', max: 1.0 },
  { scenario: /^3-arch image/, tool: 'skopeo copy --all', max: 0.8 },
  { scenario: /^re-push, all blobs present/, tool: 'skopeo copy --all', max: 1.5 }
]

function goalOf(scenario: string, tool: string): number | undefined {
  return GOALS.find(g => g.scenario.test(scenario) && g.tool === tool)?.max
}

/** Prints rows grouped by scenario with the ratio ours/peer (below 1 means we are faster). */
export function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'tool', 'seconds', 'peak RSS MiB', 'bytes read', 'ours/peer', 'goal', 'note']
  const lines: string[][] = [header]
  const scenarios = [...new Set(rows.map(r => r.scenario))]
  for (const scenario of scenarios) {
    const group = rows.filter(r => r.scenario === scenario)
    const ours = group.find(r => r.tool === 'publish-artifacts')
    for (const r of group) {
      const value = ours && r !== ours && r.seconds > 0 ? ours.seconds / r.seconds : undefined
      const ratio = value !== undefined ? value.toFixed(2) : ''
      const max = goalOf(scenario, r.tool)
      const goal =
        max === undefined || value === undefined ? '' : `${value <= max ? '✓' : '✗'} ≤ ${max.toFixed(2)}`
      lines.push([
        scenario,
        r.tool,
        r.seconds.toFixed(2),
        r.peakRssMiB !== undefined ? r.peakRssMiB.toFixed(0) : '',
        r.bytesRead !== undefined ? String(r.bytesRead) : '',
        ratio,
        goal,
        r.note ?? ''
      ])
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map(l => l[i].length)))
  for (const l of lines)
    console.log(
      l
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd()
    )
}
