// How far a report is: which findings only say that something is not filled in yet (待填写), and
// each table's state — so a new report opens as a list of what to fill, not as a page of red.

import type { Finding, Pack, PackTable } from '../api'
import { tableFor } from '../stores/ui'
import { getList, getPath } from '../utils/path'

/** The completeness rules (CP…): "未填写 …". */
export const COMPLETENESS = /^CP\d+$/

function empty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true
  if (Array.isArray(v)) return v.length === 0
  return false
}

/** Whether a table holds anything typed (a row of its region, or a fixed input cell). */
/** Fields a report is created with: they do not make a table "started". */
const GIVEN = ['year', 'enterprise.uscc', 'enterprise.name']

export function hasInput(table: PackTable, report: unknown, keyPaths: readonly string[] = GIVEN): boolean {
  if (table.region) {
    const r = table.region
    if (r.nested) {
      if (getList(report, r.rows).some((p) => getList(p, r.nested).length > 0)) return true
    } else if (getList(report, r.rows).length > 0) return true
    if (r.footer.some((c) => !c.path.startsWith('computed.') && !empty(getPath(report, c.path)))) return true
  }
  return table.cells.some((c) => !c.path.startsWith('computed.') && !keyPaths.includes(c.path) && !empty(getPath(report, c.path)))
}

/**
 * A finding is 待填写 (to fill in, not wrong) when it is a completeness rule, when the field it
 * points at is still empty, or when its table has nothing typed yet. It still blocks signing.
 */
export function isPending(f: Finding, report: unknown, pack: Pack | null): boolean {
  if (f.severity === 'info') return false
  if (COMPLETENESS.test(f.rule)) return true
  const path = f.location.path
  if (path && !path.startsWith('computed.') && empty(getPath(report, path))) return true
  // A wrong credit code or year given when the report was created is wrong, not unfilled.
  if (GIVEN.includes(path)) return false
  const t = tableFor(pack, path)
  return !!t && !hasInput(t, report)
}

export type TableState = 'todo' | 'errors' | 'warnings' | 'done' | 'optional'

export interface TableProgress {
  state: TableState
  errors: number
  warnings: number
  pending: number
}

/** Counts of the open findings of a list: errors, unexplained warnings and 待填写 items. */
export function countOpen(findings: Finding[], pending: (f: Finding) => boolean): { errors: number; warnings: number; pending: number } {
  const c = { errors: 0, warnings: 0, pending: 0 }
  for (const f of findings) {
    if (f.severity === 'info' || (f.severity === 'warning' && f.justification)) continue
    if (pending(f)) c.pending++
    else if (f.severity === 'error') c.errors++
    else c.warnings++
  }
  return c
}

/** Where each table stands: 待填写, errors, warnings to explain, done, or optional and empty. */
export function tableProgress(pack: Pack | null, report: unknown, findings: Finding[], pending: (f: Finding) => boolean): Map<string, TableProgress> {
  const out = new Map<string, TableProgress>()
  if (!pack) return out
  const byTable = new Map<string, Finding[]>()
  for (const f of findings) {
    const t = tableFor(pack, f.location.path)
    if (!t) continue
    byTable.set(t.id, [...(byTable.get(t.id) ?? []), f])
  }
  for (const t of pack.tables) {
    const c = countOpen(byTable.get(t.id) ?? [], pending)
    const filled = hasInput(t, report)
    let state: TableState
    if (c.errors > 0) state = 'errors'
    else if (c.pending > 0) state = 'todo'
    else if (c.warnings > 0) state = 'warnings'
    else state = filled ? 'done' : 'optional'
    out.set(t.id, { state, ...c })
  }
  return out
}
