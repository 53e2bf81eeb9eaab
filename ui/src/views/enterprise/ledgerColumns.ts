// The ledger screen's own tables — a project's operating records and the reduction targets — are
// the pack's 减排表3 (`records`) and 减排表2 (`reduction_targets`): their columns (path, kind,
// scale, list, width) come from the pack the app serves, so the screen and the workbook cannot
// disagree. A record is drawn inside its project's card, so the records table loses its key
// column (the project id) and lists the card's project directly. Headings and notes are the
// screen's words in the interface language (`ledger.columns.<path>`), the pack's where none.
import type { Pack, PackColumn, Region } from '../../api'
import { tr } from '../../i18n'

function worded(c: PackColumn): PackColumn {
  const said = (key: string, fallback: string) => {
    const s = tr(key)
    return s === key ? fallback : s
  }
  return { ...c, heading: said(`ledger.columns.${c.path}`, c.heading), note: c.note ? said(`ledger.notes.${c.path}`, c.note) : '' }
}

function tableRegion(pack: Pack | null | undefined, id: string): Region | null {
  return pack?.tables.find((t) => t.id === id)?.region ?? null
}

/** The operating records of the project at `base` (`reduction_projects[2]`). */
export function recordsRegion(pack: Pack | null | undefined, base: string): Region | null {
  const r = tableRegion(pack, 'records')
  if (!r) return null
  return { ...r, rows: `${base}.${r.nested}`, nested: '', columns: r.columns.filter((c) => !c.key).map(worded), footer: [] }
}

/** The reduction targets of the report. */
export function targetsRegion(pack: Pack | null | undefined): Region | null {
  const r = tableRegion(pack, 'reduction_targets')
  return r && { ...r, columns: r.columns.map(worded) }
}
