// Where a finding (or a checklist step) leads: the screen whose control fixes the field at its
// path. One table, read top to bottom, first match wins; a path no rule claims goes to the
// table of the pack that shows it. Tested rule by rule in route.test.ts.
import type { Pack } from '../api'
import type { EnterpriseView } from '../stores/ui'

/** The tabs of the 碳排放 screen that hold inputs (and the computed breakdown). */
export type CarbonTab = 'breakdown' | 'charts' | 'certificates' | 'electricity' | 'measured'

/** A place in the app: a screen, and on 报表 the table, on 碳排放 the tab. */
export interface Route {
  view: EnterpriseView
  tableId?: string
  carbonTab?: CarbonTab
}

/** A pseudo path for "no signing key yet": the export page's key creation. */
export const KEY_PATH = 'signing.key'

interface RouteRule {
  /** What the rule is about (for the tests and for reading). */
  name: string
  test: RegExp
  route: (path: string) => Route
}

const carbon = (carbonTab: CarbonTab) => () => ({ view: 'carbon', carbonTab }) as Route

/**
 * The routing table. Order matters: the credit code before the rest of the profile, evidence
 * before the record it belongs to (both go to the same screen, the evidence area flashes).
 */
export const ROUTES: readonly RouteRule[] = [
  { name: 'missing signing key', test: /^signing\.key$/, route: () => ({ view: 'export' }) },
  // The credit code is edited in 单位信息 only (the tables show it read-only).
  { name: 'credit code', test: /^enterprise\.uscc$/, route: () => ({ view: 'info' }) },
  { name: 'unit profile', test: /^enterprise(\.|$)/, route: () => ({ view: 'info' }) },
  // A project's fields, records and evidence are edited in 减排台账 (its card: records opened,
  // evidence area), never in the read-only evidence table of the pack.
  { name: 'ledger evidence', test: /^reduction_projects\[\d+\]\.evidence(\[|$)/, route: () => ({ view: 'ledger' }) },
  { name: 'ledger project or record', test: /^reduction_(projects|targets)(\[|\.|$)/, route: () => ({ view: 'ledger' }) },
  // The CO₂ inputs and their evidence: the 碳排放 screen's tab holding the row.
  { name: 'certificate ledger (绿证)', test: /^carbon\.certificates(\[|\.|$)/, route: carbon('certificates') },
  { name: 'electricity by source', test: /^carbon\.(electricity|exported_electricity|exported_heat)(\[|\.|$)/, route: carbon('electricity') },
  { name: 'measured parameters and process emissions', test: /^carbon\.(measured|process)(\[|\.|$)/, route: carbon('measured') },
  { name: 'CO₂ factor editions and computed rows', test: /^(computed\.)?carbon(\.|$)/, route: carbon('breakdown') },
]

/**
 * Paths findings name that the screens show under another path: 表1 综合能源消费量 was typed
 * (`indicators…current`) and is now the figure computed from 表2, shown in its cell.
 */
export const ALIASES: Readonly<Record<string, string>> = {
  'indicators.comprehensive_energy_tce.current': 'computed.comprehensive_energy_tce',
}

/** The path of the control that shows the field a finding names. */
export function fieldPath(path: string): string {
  return ALIASES[path] ?? path
}

/** The place the field at `path` is fixed in; `null` when nothing in the pack or the app shows it. */
export function routeFor(path: string, pack: Pack | null, tableFor: (pack: Pack | null, path: string) => { id: string } | null): Route | null {
  path = fieldPath(path)
  const rule = ROUTES.find((r) => r.test.test(path))
  if (rule) return rule.route(path)
  const t = tableFor(pack, path)
  if (t) return { view: 'tables', tableId: t.id }
  return null
}

/** The name of the rule that routes `path` (tests, and nothing else). */
export function routeName(path: string): string | null {
  return ROUTES.find((r) => r.test.test(path))?.name ?? null
}
