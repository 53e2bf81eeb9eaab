import { describe, expect, it } from 'vitest'
import type { Finding, Pack, PackTable } from '../api'
import { countOpen, hasInput, isPending, tableProgress } from './progress'

const field = { kind: 'text' as const, scale: 0, list: '', unit: '', note: '', required: false }
const cell = (path: string, c = 'B3') => ({ ...field, label: '', label_cell: '', span: 0, height: 0, cell: c, path })
const col = (path: string) => ({ ...field, col: 'A', mark: '', group: '', width: 10, key: false, heading: path, path })

const basic: PackTable = { id: 'basic', number: '表1', title: '基本情况', sheet: '表1', intro: '', widths: {}, labels: [], cells: [cell('year'), cell('enterprise.name'), cell('enterprise.address'), cell('indicators.output_value.current')], region: null }
const energy: PackTable = {
  id: 'energy',
  number: '表2',
  title: '能源消费结构',
  sheet: '表2',
  intro: '',
  widths: {},
  labels: [],
  cells: [],
  region: { rows: 'energy', nested: '', header_row: 3, first_row: 6, max_rows: 40, columns: [col('code'), col('consumed_total')], footer: [] },
}
const conversion: PackTable = { ...energy, id: 'conversion', number: '表2-1', region: { ...energy.region!, rows: 'conversion' } }
const pack = { id: 'national', tables: [basic, energy, conversion] } as unknown as Pack

function finding(rule: string, path: string, severity: Finding['severity'] = 'error', justification: string | null = null): Finding {
  return { rule, severity, message: { zh: '', en: '' }, location: { path, sheet: null, cell: null }, justification } as unknown as Finding
}

const fresh = { year: 2025, enterprise: { name: '某厂', uscc: 'X' } }

describe('progress of a report', () => {
  it('a table has input once a row or a typed cell is there (the key fields do not count)', () => {
    expect(hasInput(basic, fresh)).toBe(false)
    expect(hasInput(basic, { ...fresh, enterprise: { ...fresh.enterprise, address: '凯里' } })).toBe(true)
    expect(hasInput(energy, fresh)).toBe(false)
    expect(hasInput(energy, { energy: [{}] })).toBe(true)
  })

  it('missing fields, empty fields and findings of untouched tables are 待填写, not errors', () => {
    expect(isPending(finding('CP004', 'energy'), fresh, pack)).toBe(true)
    // A rule about a value that is not there yet.
    expect(isPending(finding('CS007', 'indicators.output_value.current', 'warning'), fresh, pack)).toBe(true)
    // A typed value that is wrong is an error.
    const typed = { ...fresh, energy: [{ code: '99', consumed_total: '1' }] }
    expect(isPending(finding('EN001', 'energy[0].code'), typed, pack)).toBe(false)
    expect(isPending(finding('RF001', 'enterprise.uscc'), fresh, pack)).toBe(false)
    expect(isPending(finding('XX001', 'enterprise.address'), { ...fresh, enterprise: { ...fresh.enterprise, address: '?' } }, pack)).toBe(false)
  })

  it('counts open findings: justified warnings and hints are not open', () => {
    const fs = [finding('CP001', 'enterprise.address'), finding('EN001', 'energy[0].code'), finding('YY001', 'x', 'warning'), finding('YY002', 'y', 'warning', '新线投产'), finding('CS008', 'z', 'info')]
    expect(countOpen(fs, (f) => f.rule.startsWith('CP'))).toEqual({ errors: 1, warnings: 1, pending: 1 })
  })

  it('a new report lists its tables as 待填写 or optional, a filled one as done or with its errors', () => {
    const fs = [finding('CP001', 'enterprise.address'), finding('CP004', 'energy')]
    const pending = (f: Finding) => isPending(f, fresh, pack)
    const p = tableProgress(pack, fresh, fs, pending)
    expect(p.get('basic')).toEqual({ state: 'todo', errors: 0, warnings: 0, pending: 1 })
    expect(p.get('energy')?.state).toBe('todo')
    expect(p.get('conversion')?.state).toBe('optional')

    const filled = { ...fresh, enterprise: { ...fresh.enterprise, address: '凯里' }, energy: [{ code: '99', consumed_total: '1' }], conversion: [{}] }
    const later = [finding('EN001', 'energy[0].code')]
    const q = tableProgress(pack, filled, later, (f) => isPending(f, filled, pack))
    expect(q.get('basic')?.state).toBe('done')
    expect(q.get('energy')).toEqual({ state: 'errors', errors: 1, warnings: 0, pending: 0 })
    expect(q.get('conversion')?.state).toBe('done')
  })
})
