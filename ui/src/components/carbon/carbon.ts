// The 碳排放 screen's logic, kept apart from its components so it is tested on its own: what the
// charts draw, where a dropped file goes, what a factor's hover says, how a change is coloured.
// Figures arrive as fixed-scale decimal strings (tCO₂ at 2 decimals) and are shown as they are.
import type { CarbonView, Provenance } from '../../api'
import { num } from '../../utils/format'

type Tr = (key: string, named?: Record<string, unknown>) => string

/** One bar of "emissions by source" (negative for what is supplied outward). */
export interface SourceBar {
  key: string
  label: string
  value: number
  raw: string
}

/**
 * Emissions by source, largest first: each fuel row in the total, process emissions, purchased
 * electricity and heat, then the outward supply subtracted (negative). Rows at zero are left out.
 */
export function bySource(view: CarbonView | null, t: Tr): SourceBar[] {
  if (!view || !view.totals) return []
  const bars: SourceBar[] = []
  for (const f of view.fuels) {
    if (!f.in_total || f.co2_t === null || num(f.co2_t) === 0) continue
    bars.push({ key: f.path, label: f.name || f.code, value: num(f.co2_t), raw: f.co2_t })
  }
  const add = (key: string, label: string, raw: string | null | undefined, sign = 1) => {
    if (raw === null || raw === undefined || num(raw) === 0) return
    const value = sign * num(raw)
    bars.push({ key, label, value, raw: sign < 0 ? `-${raw}` : raw })
  }
  add('process', t('carbon.src.process'), view.totals.process_co2_t)
  add('electricity', t('carbon.src.electricity'), view.electricity?.co2_t)
  add('heat', t('carbon.src.heat'), view.heat?.co2_t)
  add('exported_electricity', t('carbon.src.exportedElectricity'), view.electricity?.exported_co2_t, -1)
  add('exported_heat', t('carbon.src.exportedHeat'), view.heat?.exported_co2_t, -1)
  return bars.sort((a, b) => b.value - a.value)
}

/** One group of the year-on-year intensity chart. */
export interface IntensityPair {
  key: 'per_value_added' | 'per_output_value' | 'total'
  label: string
  unit: string
  prior: string | null
  current: string | null
  changePct: string | null
}

/** Intensities (and the total) this year against last year, as the report computed them. */
export function intensityPairs(view: CarbonView | null, t: Tr): IntensityPair[] {
  if (!view || !view.totals) return []
  const p = view.prior
  return [
    {
      key: 'per_value_added',
      label: t('carbon.kpi.perValueAdded'),
      unit: t('carbon.unit.perTenThousand'),
      prior: p?.per_value_added ?? null,
      current: view.totals.per_value_added,
      changePct: p?.per_value_added_change_pct ?? null,
    },
    {
      key: 'per_output_value',
      label: t('carbon.kpi.perOutputValue'),
      unit: t('carbon.unit.perTenThousand'),
      prior: p?.per_output_value ?? null,
      current: view.totals.per_output_value,
      changePct: p?.per_output_value_change_pct ?? null,
    },
    {
      key: 'total',
      label: t('carbon.kpi.total'),
      unit: t('carbon.unit.t'),
      prior: p?.total_co2_t ?? null,
      current: view.totals.total_co2_t,
      changePct: p?.total_change_pct ?? null,
    },
  ]
}

/** Lists of the CO₂ inputs that carry evidence, and the kind a new file gets there. */
export const EVIDENCE_LISTS: Record<string, string> = {
  certificates: '绿证核销凭证',
  electricity: '绿电交易结算凭证',
  measured: '检测报告',
  process: '核算材料',
}

/**
 * Where files dropped on a row go: `carbon.certificates[2]` → that entry's evidence list and the
 * kind of material; null for a row of anything else (a dropped file never lands by guess).
 */
export function dropTarget(rowBase: string | null | undefined): { listPath: string; kind: string } | null {
  if (!rowBase) return null
  const m = /^carbon\.(certificates|electricity|measured|process)\[(\d+)\]$/.exec(rowBase)
  if (!m) return null
  return { listPath: `${rowBase}.evidence`, kind: EVIDENCE_LISTS[m[1]] }
}

/**
 * The record row (`data-row`) under a point of the window. Found by the rows' boxes rather than
 * the topmost element, so a grid's frozen columns or scroll layers over the cells do not hide it.
 */
export function rowAt(x: number, y: number, root: ParentNode = document): string | null {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-row]'))) {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) continue
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return el.dataset.row ?? null
  }
  return null
}

/** The evidence kind for a list path such as `carbon.measured[0].evidence`. */
export function evidenceKind(listPath: string): string {
  const m = /^carbon\.(certificates|electricity|measured|process)\[/.exec(listPath)
  return m ? EVIDENCE_LISTS[m[1]] : '其他'
}

/** What the hover over a value says about its source, one line each. */
export function provenanceLines(p: Provenance, t: Tr): string[] {
  const lines: string[] = []
  if (p.kind === 'measured') {
    lines.push(t('carbon.prov.measured', { row: (p.measured_index ?? 0) + 1 }))
    if (p.source) lines.push(t('carbon.prov.method', { text: p.source }))
    lines.push(p.evidence > 0 ? t('carbon.prov.evidence', { n: p.evidence }) : t('carbon.prov.noEvidence'))
    return lines
  }
  lines.push(t(p.kind === 'fallback' ? 'carbon.prov.fallback' : 'carbon.prov.default', { edition: p.edition }))
  if (p.notice) lines.push(t('carbon.prov.notice', { text: p.notice }))
  if (p.data_year !== null) lines.push(t('carbon.prov.dataYear', { year: p.data_year, published: p.published }))
  if (p.valid_from) lines.push(t('carbon.prov.validity', { from: p.valid_from, to: p.valid_to || t('carbon.prov.open') }))
  if (p.source) lines.push(t('carbon.prov.source', { text: p.source }))
  if (p.confidence) lines.push(t(`carbon.prov.confidence${p.confidence}`))
  if (p.note) lines.push(t('carbon.prov.note', { text: p.note }))
  return lines
}

/** Up is worse for emissions: a rise is marked as one, a fall as good. */
export function changeTone(pct: string | null | undefined): 'up' | 'down' | 'flat' | 'none' {
  if (pct === null || pct === undefined || pct === '') return 'none'
  const n = num(pct)
  return n > 0 ? 'up' : n < 0 ? 'down' : 'flat'
}

/** "+3.20%" / "-1.05%" with the sign always shown; "—" when there is no change to show. */
export function fmtChange(pct: string | null | undefined): string {
  if (pct === null || pct === undefined || pct === '') return '—'
  return pct.startsWith('-') ? `${pct}%` : `+${pct}%`
}

/** A factor's value with its unit for the hover ("0.5366 tCO₂/MWh"). */
export function factorText(value: string | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '—'
  return `${value} ${unit.replace('CO2', 'CO₂')}`
}

/**
 * What a new row of a CO₂ input list starts with: a 绿证 entry of the report year, bought
 * separately and not yet 核销 (the filer changes what differs); other lists start empty.
 */
export function newRow(listPath: string, year: number | null): Record<string, unknown> {
  if (listPath === 'carbon.certificates') {
    return { quantity: 1, production_year: year ?? undefined, status: 'held', source: 'unbundled', in_province: false }
  }
  if (listPath === 'carbon.electricity') return { source: 'grid' }
  return {}
}
