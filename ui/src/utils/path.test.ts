import { describe, expect, it } from 'vitest'
import { getList, getPath, isWithin, joinPath, parsePath, rowPath, setPath } from './path'

describe('field paths', () => {
  it('parses keys and indices the way the Rust side writes them', () => {
    expect(parsePath('energy[3].factor')).toEqual(['energy', 3, 'factor'])
    expect(parsePath('computed.indicator_changes[0][1].change_pct')).toEqual(['computed', 'indicator_changes', 0, 1, 'change_pct'])
    expect(parsePath('reduction_projects[0].records[2].hours')).toEqual(['reduction_projects', 0, 'records', 2, 'hours'])
    expect(parsePath('a..b')).toBeNull()
    expect(parsePath('a[x]')).toBeNull()
    expect(parsePath('')).toBeNull()
    expect(joinPath(['energy', 3, 'factor'])).toBe('energy[3].factor')
  })

  it('gets values, undefined when a step is missing', () => {
    const doc = { enterprise: { name: '某厂' }, energy: [{ code: '01' }, { code: '33', factor: '1.22900' }], pairs: [[null, { pct: '2.26' }]] }
    expect(getPath(doc, 'enterprise.name')).toBe('某厂')
    expect(getPath(doc, 'energy[1].factor')).toBe('1.22900')
    expect(getPath(doc, 'pairs[0][1].pct')).toBe('2.26')
    expect(getPath(doc, 'energy[5].code')).toBeUndefined()
    expect(getPath(doc, 'enterprise.name.x')).toBeUndefined()
    expect(getPath(null, 'a')).toBeUndefined()
  })

  it('sets values, creating objects and arrays on the way', () => {
    const doc: Record<string, unknown> = {}
    expect(setPath(doc, 'energy[1].code', '33')).toBe(true)
    expect(setPath(doc, 'enterprise.energy_manager.name', '陈')).toBe(true)
    expect(doc).toEqual({ energy: [null, { code: '33' }], enterprise: { energy_manager: { name: '陈' } } })
    expect(setPath(doc, 'enterprise.energy_manager.name.x', 1)).toBe(false)
    expect(setPath(doc, 'energy.code', 1)).toBe(false)
  })

  it('removes the key for undefined, so an empty optional number is absent', () => {
    const doc: Record<string, unknown> = { energy: [{ code: '01', factor: '0.71430' }] }
    setPath(doc, 'energy[0].factor', undefined)
    expect(doc).toEqual({ energy: [{ code: '01' }] })
  })

  it('fills the row index of a column template and lists', () => {
    expect(rowPath('computed.rows[].tce', 4)).toBe('computed.rows[4].tce')
    expect(getList({ metering: { rows: [{}, {}] } }, 'metering.rows')).toHaveLength(2)
    expect(getList({}, 'energy')).toEqual([])
  })

  it('knows what lies within a path', () => {
    expect(isWithin('energy[2].factor', 'energy')).toBe(true)
    expect(isWithin('energy[2].factor', 'energy[2]')).toBe(true)
    expect(isWithin('energy_x', 'energy')).toBe(false)
    expect(isWithin('energy', 'energy')).toBe(true)
  })
})
