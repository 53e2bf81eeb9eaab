import { describe, expect, it } from 'vitest'
import type { Pack } from '../api'
import { tableFor } from '../stores/ui'
import { KEY_PATH, ROUTES, fieldPath, routeFor, routeName } from './route'

// A pack with the tables the routes fall back to (表1 fixed cells, 表2 and a nested ledger region).
const region = (rows: string, nested = '', footer: { path: string }[] = []) => ({ rows, nested, header_row: 3, first_row: 6, max_rows: 10, columns: [], footer })
const pack = {
  pack: { id: 'national', version: '2026.2', name: '', province: '', deadline: '', source: '' },
  tables: [
    { id: 'basic', cells: [{ path: 'enterprise.name' }, { path: 'indicators.output_value.current' }, { path: 'computed.comprehensive_energy_tce' }, { path: 'signatories.date' }], region: null },
    { id: 'energy', cells: [], region: region('energy', '', [{ path: 'computed.consumption_tce' }]) },
    { id: 'products', cells: [], region: region('products') },
    { id: 'projects', cells: [], region: region('reduction_projects') },
    { id: 'records', cells: [], region: region('reduction_projects', 'records') },
    { id: 'certificates', cells: [], region: region('carbon.certificates') },
  ],
} as unknown as Pack

const to = (path: string) => routeFor(path, pack, tableFor)

describe('where a finding leads', () => {
  it('a missing signing key: the export page, where the key is created', () => {
    expect(to(KEY_PATH)).toEqual({ view: 'export' })
  })
  it('the unit profile (credit code included): 单位信息, even where 表1 shows the field', () => {
    expect(to('enterprise.uscc')).toEqual({ view: 'info' })
    expect(to('enterprise.name')).toEqual({ view: 'info' })
    expect(to('enterprise.energy_manager.phone')).toEqual({ view: 'info' })
  })
  it('a cell of 表2 (or any table): that table, whose grid shows the cell', () => {
    expect(to('energy[3].factor')).toEqual({ view: 'tables', tableId: 'energy' })
    expect(to('energy')).toEqual({ view: 'tables', tableId: 'energy' })
    expect(to('products[0].numerator')).toEqual({ view: 'tables', tableId: 'products' })
    expect(to('signatories.date')).toEqual({ view: 'tables', tableId: 'basic' })
  })
  it('表1 综合能源消费量 as once typed: the computed figure in its 表1 cell', () => {
    expect(fieldPath('indicators.comprehensive_energy_tce.current')).toBe('computed.comprehensive_energy_tce')
    expect(to('indicators.comprehensive_energy_tce.current')).toEqual({ view: 'tables', tableId: 'basic' })
  })
  it('a reduction project, its records and evidence: its card in 减排台账, never the read-only tables', () => {
    expect(to('reduction_projects[1].evidence[0]')).toEqual({ view: 'ledger' })
    expect(routeName('reduction_projects[1].evidence[0]')).toBe('ledger evidence')
    expect(to('reduction_projects[1].records[4].period')).toEqual({ view: 'ledger' })
    expect(to('reduction_projects[0].permit_no')).toEqual({ view: 'ledger' })
    expect(to('reduction_targets[0].target_t')).toEqual({ view: 'ledger' })
  })
  it('CO₂ inputs and their evidence: the 碳排放 tab holding the row', () => {
    expect(to('carbon.certificates[2].code')).toEqual({ view: 'carbon', carbonTab: 'certificates' })
    expect(to('carbon.certificates[2].evidence')).toEqual({ view: 'carbon', carbonTab: 'certificates' })
    expect(to('carbon.certificates')).toEqual({ view: 'carbon', carbonTab: 'certificates' })
    expect(to('carbon.electricity[0].evidence')).toEqual({ view: 'carbon', carbonTab: 'electricity' })
    expect(to('carbon.electricity')).toEqual({ view: 'carbon', carbonTab: 'electricity' })
    expect(to('carbon.exported_heat')).toEqual({ view: 'carbon', carbonTab: 'electricity' })
    expect(to('carbon.measured[1]')).toEqual({ view: 'carbon', carbonTab: 'measured' })
    expect(to('carbon.process[0]')).toEqual({ view: 'carbon', carbonTab: 'measured' })
    expect(to('carbon.basis.grid')).toEqual({ view: 'carbon', carbonTab: 'breakdown' })
    expect(to('computed.carbon.rows[0].co2_t')).toEqual({ view: 'carbon', carbonTab: 'breakdown' })
  })
  it('a path nothing shows has no route (the caller stays on the tables)', () => {
    expect(to('county')).toBeNull()
  })
  it('every rule of the table is reached by one of the paths above', () => {
    const paths = [KEY_PATH, 'enterprise.uscc', 'enterprise.name', 'reduction_projects[1].evidence[0]', 'reduction_targets[0]', 'carbon.certificates[2]', 'carbon.electricity[0]', 'carbon.measured[1]', 'carbon.basis.grid']
    const reached = new Set(paths.map(routeName))
    expect(ROUTES.filter((r) => !reached.has(r.name)).map((r) => r.name)).toEqual([])
  })
})

describe('focusPath follows the routes', () => {
  it('opens the screen, table or tab of the route', async () => {
    const { createPinia, setActivePinia } = await import('pinia')
    const { useUi } = await import('../stores/ui')
    const { vi } = await import('vitest')
    vi.useFakeTimers()
    setActivePinia(createPinia())
    const ui = useUi()
    ui.view = 'tables'
    const go = async (path: string) => {
      const p = ui.focusPath(path, pack)
      await vi.runAllTimersAsync()
      await p
    }
    await go('carbon.measured[0].value')
    expect([ui.view, ui.carbonTab]).toEqual(['carbon', 'measured'])
    await go('energy[1].factor')
    expect([ui.view, ui.tableId]).toEqual(['tables', 'energy'])
    await go('reduction_projects[0].evidence')
    expect(ui.view).toBe('ledger')
    await go(KEY_PATH)
    expect(ui.view).toBe('export')
    await go('enterprise.legal_representative')
    expect(ui.view).toBe('info')
    vi.useRealTimers()
  })
})
