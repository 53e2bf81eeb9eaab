// The intake log as the clerk reads it: each file of a run once, with its final outcome (what the
// run's counts add up) and the outcomes it had before in that run (held, then released …).
import type { FileOutcome, ImportRun, LogEntry } from '../api'

export interface LogRow {
  /** The file's last entry in the run. */
  entry: LogEntry
  /** Its earlier entries in the run, oldest first. */
  earlier: LogEntry[]
}

/** One row per file (path and content) of a run, in the order the run met them. */
export function logRows(entries: LogEntry[]): LogRow[] {
  const rows = new Map<string, LogRow>()
  for (const e of [...entries].sort((a, b) => a.run_id - b.run_id || a.seq - b.seq)) {
    const k = `${e.run_id}\u0000${e.file}\u0000${e.sha256}`
    const row = rows.get(k)
    if (row) {
      row.earlier.push(row.entry)
      row.entry = e
    } else {
      rows.set(k, { entry: e, earlier: [] })
    }
  }
  return [...rows.values()]
}

/** Whether a row counts under `filter` (accepted includes accepted with warnings, as the run's boxes do). */
export function rowMatches(row: LogRow, filter: FileOutcome | 'all'): boolean {
  if (filter === 'all') return true
  if (filter === 'accepted') return row.entry.outcome === 'accepted' || row.entry.outcome === 'accepted_with_warnings'
  return row.entry.outcome === filter
}

/** Files of a run with `outcome`, from the run's counts. */
export function runCount(run: ImportRun, outcome: FileOutcome): number {
  return run.outcomes.find(([o]) => o === outcome)?.[1] ?? 0
}
