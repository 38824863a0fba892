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

/** Prints rows grouped by scenario with the ratio ours/peer (below 1 means we are faster). */
export function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'tool', 'seconds', 'peak RSS MiB', 'bytes read', 'ours/peer', 'note']
  const lines: string[][] = [header]
  const scenarios = [...new Set(rows.map(r => r.scenario))]
  for (const scenario of scenarios) {
    const group = rows.filter(r => r.scenario === scenario)
    const ours = group.find(r => r.tool === 'publish-artifacts')
    for (const r of group) {
      const ratio = ours && r !== ours && r.seconds > 0 ? (ours.seconds / r.seconds).toFixed(2) : ''
      lines.push([
        scenario,
        r.tool,
        r.seconds.toFixed(2),
        r.peakRssMiB !== undefined ? r.peakRssMiB.toFixed(0) : '',
        r.bytesRead !== undefined ? String(r.bytesRead) : '',
        ratio,
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
