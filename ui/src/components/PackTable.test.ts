import { describe, expect, it, vi } from 'vitest'
import type { Catalog, PackTable as Table, Report } from '../api'
import PackTable from './PackTable.vue'
import type { Editor } from './editor'
import { mountApp } from '../test/setup'

const field = { kind: 'text' as const, scale: 0, list: '', unit: '', note: '', required: false }
const cell = (c: Partial<Table['cells'][number]> & { cell: string; path: string }) => ({ ...field, label: '', label_cell: '', span: 0, height: 0, ...c })
const col = (c: Partial<NonNullable<Table['region']>['columns'][number]> & { col: string; path: string; heading: string }) => ({
  ...field,
  mark: '',
  group: '',
  width: 10,
  key: false,
  ...c,
})

const basic: Table = {
  id: 'basic',
  number: '表1',
  title: '基本情况表',
  sheet: '表1 基本情况',
  intro: '金额单位：万元',
  widths: { A: 30, B: 20 },
  labels: [{ cell: 'A5', text: '指标名称', span: 0 }],
  cells: [
    cell({ label: '单位名称', label_cell: 'A3', cell: 'B3', path: 'enterprise.name', required: true, note: '全称' }),
    cell({ label: '工业总产值', label_cell: 'A6', cell: 'B6', path: 'indicators.output_value.current', kind: 'decimal', scale: 2 }),
    cell({ cell: 'C6', path: 'computed.per_output_value', kind: 'decimal', scale: 4 }),
    cell({ label: '说明', label_cell: 'A8', cell: 'A9', path: 'explanations.decrease', span: 3, height: 110 }),
  ],
  region: null,
}

const energy: Table = {
  id: 'energy',
  number: '表2',
  title: '能源消费结构表',
  sheet: '表2 能源消费结构',
  intro: '',
  widths: {},
  labels: [],
  cells: [],
  region: {
    rows: 'energy',
    nested: '',
    header_row: 3,
    first_row: 6,
    max_rows: 3,
    columns: [
      col({ col: 'A', mark: '甲', heading: '能源名称', path: 'name' }),
      col({ col: 'B', mark: '乙', heading: '计量单位', path: 'unit' }),
      col({ col: 'C', mark: '丙', heading: '代码', path: 'code', list: 'energy_codes' }),
      col({ col: 'D', mark: '1', group: '消费量', heading: '合计', path: 'consumed_total', kind: 'decimal', scale: 4 }),
      col({ col: 'E', mark: '2', group: '消费量', heading: '工业生产消费', path: 'consumed_industrial', kind: 'decimal', scale: 4 }),
      col({ col: 'F', mark: '3', heading: '采用折标系数', path: 'factor', kind: 'decimal', scale: 5 }),
      col({ col: 'G', mark: '4', heading: '折标量', path: 'computed.rows[].tce', kind: 'decimal', scale: 4 }),
    ],
    footer: [cell({ label: '综合能源消费量', label_cell: 'A20', cell: 'G20', path: 'computed.comprehensive_energy_tce', kind: 'decimal', scale: 4 })],
  },
}

const records: Table = {
  id: 'records',
  number: '减排表3',
  title: '运行记录',
  sheet: '减排3 运行记录',
  intro: '',
  widths: {},
  labels: [],
  cells: [],
  region: {
    rows: 'reduction_projects',
    nested: 'records',
    header_row: 3,
    first_row: 5,
    max_rows: 100,
    columns: [col({ col: 'A', mark: '甲', heading: '工程编号', path: 'id', key: true }), col({ col: 'B', mark: '乙', heading: '记录期', path: 'period' }), col({ col: 'C', mark: '1', heading: '运行小时', path: 'hours', kind: 'decimal', scale: 4 })],
    footer: [],
  },
}

const catalog: Catalog = {
  energy: [{ code: '15', name: '天然气', name_en: 'Natural gas', unit: '万立方米', factor: '12.45000', min: '11', max: '13.3', fixed: false, kind: 'gas', confidence: 'S', aliases: [], gbt2589: '' }],
  benchmarks: [],
  lists: { energy_codes: [{ code: '15', zh: '15 天然气', en: '15 Natural gas' }] },
  regions: [],
  industries: [],
  // The county's labels play no part here.
  states: {} as Catalog['states'],
}

function report(): Report {
  return {
    format: 'nengbao.report/1',
    year: 2024,
    enterprise: { name: '黔东南州凯峰水泥有限公司', uscc: 'X' },
    indicators: { output_value: { current: '68000.00' } },
    explanations: { decrease: '余热发电提效' },
    energy: [
      { code: '01', name: '原煤', unit: '吨', consumed_total: '135500.0000', factor: '0.71430' },
      { code: '33', name: '电力', unit: '万千瓦时', consumed_total: '9580.0000' },
    ],
    reduction_projects: [
      { id: 'RP-2024-01', records: [{ period: '2024-03', hours: '240.0000' }, { period: '2024-04' }] },
      { id: 'RP-2024-02', records: [{ period: '2024-05' }] },
    ],
  } as unknown as Report
}
const computed = { per_output_value: '1.5801', rows: [{ tce: '96787.6500' }, { tce: '11614.0500' }], comprehensive_energy_tce: '107449.1760' }

function editor(): Editor & { [k: string]: ReturnType<typeof vi.fn> } {
  return { set: vi.fn(), add: vi.fn(), remove: vi.fn(), move: vi.fn() }
}

describe('the table renderer', () => {
  it('shows the title and intro and places fixed cells by their A1 references', () => {
    const w = mountApp(PackTable, { props: { table: basic, report: report(), computed, editor: editor(), catalog } })
    expect(w.get('.pt-title').text()).toBe('表1　基本情况表')
    expect(w.get('.pt-intro').text()).toBe('金额单位：万元')
    const cells = w.findAll('.fg-cell')
    const at = (text: string) => cells.find((c) => c.text().includes(text))!.attributes('style')
    // Rows 3, (gap), 5, 6, (gap), 8, 9 become grid rows 1, 3, 4, 6, 7.
    expect(at('单位名称')).toContain('grid-column: 1 / span 1')
    expect(at('单位名称')).toContain('grid-row: 1')
    expect(at('指标名称')).toContain('grid-row: 3')
    expect(at('工业总产值')).toContain('grid-row: 4')
    const name = w.get('input[data-path="enterprise.name"]')
    expect((name.element as HTMLInputElement).value).toBe('黔东南州凯峰水泥有限公司')
    expect(name.element.closest('.fg-cell')!.getAttribute('style')).toContain('grid-column: 2 / span 1')
    // A wide text cell spans its columns and its label above it does too.
    const area = w.get('textarea[data-path="explanations.decrease"]')
    expect(area.element.closest('.fg-cell')!.getAttribute('style')).toContain('grid-column: 1 / span 3')
    expect(at('说明')).toContain('span 3')
    w.unmount()
  })

  it('shows computed cells read-only and shaded, from the computed figures', () => {
    const w = mountApp(PackTable, { props: { table: basic, report: report(), computed, editor: editor(), catalog } })
    const c = w.get('[data-path="computed.per_output_value"]')
    expect(c.element.tagName).toBe('DIV')
    expect(c.text()).toBe('1.5801')
    expect(c.element.closest('.fg-value')!.classList.contains('shaded')).toBe(true)
    expect(w.find('input[data-path="computed.per_output_value"]').exists()).toBe(false)
    w.unmount()
  })

  it('sends typed numbers as strings, digits only, and marks required labels', async () => {
    const ed = editor()
    const w = mountApp(PackTable, { props: { table: basic, report: report(), computed, editor: ed, catalog } })
    const input = w.get('input[data-path="indicators.output_value.current"]')
    expect((input.element as HTMLInputElement).value).toBe('68000.00')
    await input.setValue('70,000.123')
    expect(ed.set).toHaveBeenLastCalledWith('indicators.output_value.current', '70000.12')
    await input.setValue('')
    expect(ed.set).toHaveBeenLastCalledWith('indicators.output_value.current', undefined)
    expect(w.findAll('.fg-label .req')).toHaveLength(1)
    w.unmount()
  })

  it('moves like a spreadsheet: Enter down, Tab right, arrows, Enter back to where the Tabs began', async () => {
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: editor(), catalog } })
    const at = () => document.activeElement?.getAttribute('data-path')
    const key = async (k: string, shift = false) => {
      const el = document.activeElement as HTMLElement
      el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true, cancelable: true }))
      await w.vm.$nextTick()
    }
    ;(w.get('input[data-path="energy[0].consumed_total"]').element as HTMLInputElement).focus()
    await key('Enter')
    expect(at()).toBe('energy[1].consumed_total')
    await key('Enter', true)
    expect(at()).toBe('energy[0].consumed_total')
    await key('Tab')
    expect(at()).toBe('energy[0].consumed_industrial')
    await key('Tab')
    expect(at()).toBe('energy[0].factor')
    await key('Enter')
    expect(at()).toBe('energy[1].consumed_total')
    await key('ArrowUp')
    expect(at()).toBe('energy[0].consumed_total')
    // The text is selected on arrival: Left leaves the cell.
    await key('ArrowLeft')
    expect(w.get('td:focus-within').attributes('data-c')).toBe('2')
    w.unmount()
  })

  it('keeps the lettered columns and the header frozen', () => {
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: editor(), catalog } })
    const frozen = w.findAll('tbody tr:first-child td.frozen')
    // 序号 and 甲 乙 丙.
    expect(frozen).toHaveLength(4)
    expect(frozen[3].attributes('style')).toContain('left:')
    expect(w.findAll('tbody tr:first-child td.frozen-last')).toHaveLength(1)
    expect(w.find('[data-grid-scroll]').exists()).toBe(true)
    w.unmount()
  })

  it('pastes a block copied from Excel from the cursor, adding rows and reading codes and numbers', async () => {
    const ed = editor()
    ed.batch = vi.fn(<T,>(fn: () => T): T => fn()) as unknown as ReturnType<typeof vi.fn>
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: ed, catalog } })
    const cell = w.get('input[data-path="energy[1].unit"]')
    const ev = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent
    Object.defineProperty(ev, 'clipboardData', { value: { getData: () => '万立方米\t天然气\t1,200.5\t１００\r\n吨\t煤\tx\t\r\n' } })
    cell.element.dispatchEvent(ev)
    await w.vm.$nextTick()
    expect(ev.defaultPrevented).toBe(true)
    expect(ed.batch).toHaveBeenCalledTimes(1)
    // One row added (the block reaches past the two rows), max_rows 3.
    expect(ed.add).toHaveBeenCalledWith('energy', {})
    expect(ed.set).toHaveBeenCalledWith('energy[1].unit', '万立方米')
    // The name of a catalog energy stands for its code.
    expect(ed.set).toHaveBeenCalledWith('energy[1].code', '15')
    expect(ed.set).toHaveBeenCalledWith('energy[1].consumed_total', '1200.5')
    expect(ed.set).toHaveBeenCalledWith('energy[1].consumed_industrial', '100')
    expect(ed.set).toHaveBeenCalledWith('energy[2].unit', '吨')
    // "煤" is no code and "x" no number: not taken, and said so.
    expect(ed.set).not.toHaveBeenCalledWith('energy[2].code', expect.anything())
    expect(ed.set).not.toHaveBeenCalledWith('energy[2].consumed_total', expect.anything())
    const result = w.get('[data-testid="paste-result"]').text()
    expect(result).toContain('已粘贴 2 行 × 4 列')
    expect(result).toContain('“煤”不是可选的代码')
    expect(result).toContain('第3行“合计”')
    w.unmount()
  })

  it('lets a single value typed or pasted without a line break go into the field as usual', async () => {
    const ed = editor()
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: ed, catalog } })
    const ev = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent
    Object.defineProperty(ev, 'clipboardData', { value: { getData: () => '12.5' } })
    w.get('input[data-path="energy[0].consumed_total"]').element.dispatchEvent(ev)
    expect(ev.defaultPrevented).toBe(false)
    expect(ed.set).not.toHaveBeenCalled()
    w.unmount()
  })

  it('pastes record periods as written in a sheet into the project of the cursor', async () => {
    const ed = editor()
    const w = mountApp(PackTable, { props: { table: records, report: report(), computed: {}, editor: ed, catalog } })
    const ev = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent
    Object.defineProperty(ev, 'clipboardData', { value: { getData: () => '2024年4月\t200\r\n2024/5\t310\r\n' } })
    w.get('input[data-path="reduction_projects[0].records[1].period"]').element.dispatchEvent(ev)
    expect(ed.set).toHaveBeenCalledWith('reduction_projects[0].records[1].period', '2024-04')
    expect(ed.add).toHaveBeenCalledWith('reduction_projects[0].records', {})
    expect(ed.set).toHaveBeenCalledWith('reduction_projects[0].records[2].period', '2024-05')
    expect(ed.set).toHaveBeenCalledWith('reduction_projects[0].records[2].hours', '310')
    w.unmount()
  })

  it('renders a region: group heading, headings, marks, one row per record, totals', () => {
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: editor(), catalog } })
    const head = w.findAll('thead tr')
    expect(head).toHaveLength(3)
    const group = head[0].findAll('th').find((th) => th.text() === '消费量')!
    expect(group.attributes('colspan')).toBe('2')
    expect(head[0].findAll('th').find((th) => th.text().startsWith('能源名称'))!.attributes('rowspan')).toBe('2')
    expect(head[1].findAll('th').map((th) => th.text())).toEqual(['合计', '工业生产消费'])
    expect(head[2].findAll('th').map((th) => th.text()).filter(Boolean)).toEqual(['甲', '乙', '丙', '1', '2', '3', '4'])
    const rows = w.findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect((w.get('input[data-path="energy[1].consumed_total"]').element as HTMLInputElement).value).toBe('9580.0000')
    // The computed column is read-only, row by row.
    expect(w.get('[data-path="computed.rows[1].tce"]').text()).toBe('11,614.0500')
    expect(w.find('input[data-path="computed.rows[0].tce"]').exists()).toBe(false)
    expect(w.get('[data-path="computed.comprehensive_energy_tce"]').text()).toBe('107,449.1760')
    // The code dropdown keeps data-path on its real input.
    expect(w.get('[data-path="energy[0].code"]').element.tagName).toBe('INPUT')
    w.unmount()
  })

  it('adds and removes rows within max_rows', async () => {
    const ed = editor()
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: ed, catalog } })
    await w.get('[data-testid="add-row-energy"]').trigger('click')
    expect(ed.add).toHaveBeenCalledWith('energy', {})
    const full = report()
    ;(full.energy as unknown[]).push({ code: '15' })
    await w.setProps({ report: full })
    expect(w.get('[data-testid="add-row-energy"]').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('fills name, unit and the reference coefficient when an energy code is chosen', async () => {
    const ed = editor()
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: ed, catalog } })
    const select = w.findAllComponents({ name: 'ElSelect' })[0]
    select.vm.$emit('update:modelValue', '15')
    expect(ed.set).toHaveBeenCalledWith('energy[0].code', '15')
    expect(ed.set).toHaveBeenCalledWith('energy[0].name', '天然气')
    expect(ed.set).toHaveBeenCalledWith('energy[0].unit', '万立方米')
    expect(ed.set).toHaveBeenCalledWith('energy[0].factor', '12.45000')
    w.unmount()
  })

  it('takes the highlighted match of a code list on Enter; search text alone is never stored', async () => {
    const ed = editor()
    const w = mountApp(PackTable, { props: { table: energy, report: report(), computed, editor: ed, catalog } })
    const select = w.findAllComponents({ name: 'ElSelect' })[0]
    expect(select.props('defaultFirstOption')).toBe(true)
    const input = select.get('input')
    await input.trigger('click')
    await input.setValue('天然')
    await new Promise((r) => setTimeout(r, 50))
    await input.trigger('keydown', { key: 'Enter', code: 'Enter' })
    await new Promise((r) => setTimeout(r, 50))
    expect(ed.set).toHaveBeenCalledWith('energy[0].code', '15')
    expect(ed.set).not.toHaveBeenCalledWith('energy[0].code', '天然')
    w.unmount()
  })

  it('renders a nested region with the parent id in the key column', () => {
    const w = mountApp(PackTable, { props: { table: records, report: report(), computed, editor: null, catalog } })
    const rows = w.findAll('tbody tr')
    expect(rows).toHaveLength(3)
    expect(rows.map((r) => r.findAll('td')[1].text())).toEqual(['RP-2024-01', 'RP-2024-01', 'RP-2024-02'])
    expect(w.get('[data-path="reduction_projects[1].records[0].period"]').text()).toBe('2024-05')
    expect(w.get('[data-path="reduction_projects[0].records[0].hours"]').text()).toBe('240.0000')
    // Read-only: no inputs, no row buttons.
    expect(w.findAll('input')).toHaveLength(0)
    expect(w.find('.region-actions').exists()).toBe(false)
    w.unmount()
  })
})
