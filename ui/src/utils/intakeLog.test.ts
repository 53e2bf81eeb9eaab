import { describe, expect, it } from 'vitest'
import type { ImportRun, LogEntry } from '../api'
import { logRows, rowMatches, runCount } from './intakeLog'

const e = (seq: number, file: string, outcome: LogEntry['outcome'], reason: LogEntry['reason'] = 'ok'): LogEntry => ({ run_id: 1, seq, file, sha256: file, outcome, reason, message: { zh: '', en: '' }, uscc: null, year: null })

describe('the intake log', () => {
  it('shows each file of a run once, with its final outcome and what came before', () => {
    const rows = logRows([e(3, 'b', 'rejected', 'tampered'), e(1, 'a', 'held', 'key_unconfirmed'), e(2, 'a', 'accepted')])
    expect(rows.map((r) => [r.entry.file, r.entry.outcome, r.earlier.map((x) => x.outcome)])).toEqual([
      ['a', 'accepted', ['held']],
      ['b', 'rejected', []],
    ])
  })

  it('filters by outcome, accepted including accepted with warnings', () => {
    const rows = logRows([e(1, 'a', 'accepted'), e(2, 'b', 'accepted_with_warnings'), e(3, 'c', 'held', 'key_changed')])
    expect(rows.filter((r) => rowMatches(r, 'accepted')).length).toBe(2)
    expect(rows.filter((r) => rowMatches(r, 'held')).length).toBe(1)
    expect(rows.filter((r) => rowMatches(r, 'all')).length).toBe(3)
  })

  it('reads a run’s count per outcome', () => {
    const run: ImportRun = { id: 1, started_at: '', finished_at: null, actor: '', year: null, trust_new: false, files: 3, cancelled: true, outcomes: [['accepted', 2], ['cancelled', 1]] }
    expect(runCount(run, 'accepted')).toBe(2)
    expect(runCount(run, 'held')).toBe(0)
  })
})
