import { describe, expect, it } from 'vitest'
import { coerce, isBlock, normalisePeriod, parseClipboard, planPaste, readDate, readNumber, roundDecimal, type ColSpec } from './paste'

describe('clipboard blocks', () => {
  it('reads what Excel puts on the clipboard: tabs, CRLF, a final line break', () => {
    expect(parseClipboard('原煤\t吨\t01\r\n电力\t万千瓦时\t33\r\n')).toEqual([
      ['原煤', '吨', '01'],
      ['电力', '万千瓦时', '33'],
    ])
  })

  it('keeps empty cells and reads quoted cells with tabs, line breaks and quotes', () => {
    expect(parseClipboard('a\t\tc\n"x\ty"\t"line1\nline2"\t"say ""hi"""\n')).toEqual([
      ['a', '', 'c'],
      ['x\ty', 'line1\nline2', 'say "hi"'],
    ])
  })

  it('drops blank lines at the end but keeps a single cell', () => {
    expect(parseClipboard('12.5\r\n\r\n')).toEqual([['12.5']])
    expect(parseClipboard('12.5')).toEqual([['12.5']])
    expect(parseClipboard('')).toEqual([])
  })

  it('tells a block from text typed into one field', () => {
    expect(isBlock('12.5')).toBe(false)
    expect(isBlock('12.5\r\n')).toBe(true)
    expect(isBlock('a\tb')).toBe(true)
  })
})

describe('values as people write them', () => {
  it('numbers with separators, full-width digits, exponents', () => {
    expect(readNumber('1,234.50')).toBe('1234.50')
    expect(readNumber('１２３．４')).toBe('123.4')
    expect(readNumber(' -12 ')).toBe('-12')
    expect(readNumber('1.5E+3')).toBe('1500')
    expect(readNumber('12吨')).toBeNull()
    expect(readNumber('')).toBeNull()
  })

  it('rounds half away from zero to the scale', () => {
    expect(roundDecimal('1.23456', 4)).toBe('1.2346')
    expect(roundDecimal('-1.23455', 4)).toBe('-1.2346')
    expect(roundDecimal('9.999', 2)).toBe('10.00')
    expect(roundDecimal('0.001', 2)).toBe('0.00')
    expect(roundDecimal('-0.001', 2)).toBe('0.00')
    expect(roundDecimal('12.5', 4)).toBe('12.5')
    expect(roundDecimal('2.5', 0)).toBe('3')
  })

  it('dates and record periods', () => {
    expect(readDate('2025/6/1')).toBe('2025-06-01')
    expect(readDate('2025年6月30日')).toBe('2025-06-30')
    expect(readDate('2025-02-30')).toBeNull()
    expect(normalisePeriod('2025年6月')).toBe('2025-06')
    expect(normalisePeriod('2025/6')).toBe('2025-06')
    expect(normalisePeriod('2025.06')).toBe('2025-06')
    expect(normalisePeriod('2025年6月15日')).toBe('2025-06-15')
    expect(normalisePeriod('2025-06')).toBe('2025-06')
    expect(normalisePeriod('2025-13')).toBeNull()
    expect(normalisePeriod('六月')).toBeNull()
  })

  const energy: [string, string][] = [
    ['01', '01 原煤'],
    ['33', '33 电力'],
  ]
  const code: ColSpec = { path: 'code', kind: 'text', scale: 0, list: 'energy_codes' }

  it('codes by code, label, name or without the leading zero — never free text', () => {
    expect(coerce(code, '01', energy)).toEqual({ ok: true, value: '01' })
    expect(coerce(code, '01 原煤', energy)).toEqual({ ok: true, value: '01' })
    expect(coerce(code, '电力', energy)).toEqual({ ok: true, value: '33' })
    const one = coerce(code, '1', energy)
    expect(one.ok && one.value).toBe('01')
    expect(one.ok && one.note).toEqual({ key: 'asCode', raw: '1', value: '01' })
    expect(coerce(code, '原', energy).ok).toBe(false)
  })

  it('yes/no, decimals over their scale with a note, empty cells clear', () => {
    expect(coerce({ path: 'emergency', kind: 'bool', scale: 0, list: 'yes_no' }, '否')).toEqual({ ok: true, value: false })
    const d = coerce({ path: 'factor', kind: 'decimal', scale: 4, list: '' }, '0.714300001')
    expect(d).toEqual({ ok: true, value: '0.7143', note: { key: 'rounded', raw: '0.714300001', value: '0.7143', scale: 4 } })
    expect(coerce({ path: 'factor', kind: 'decimal', scale: 4, list: '' }, '  ')).toEqual({ ok: true, value: undefined })
    expect(coerce({ path: 'period', kind: 'text', scale: 0, list: '' }, '2025年6月')).toEqual({ ok: true, value: '2025-06', note: { key: 'asPeriod', raw: '2025年6月', value: '2025-06' } })
  })
})

describe('paste plan', () => {
  const cols: ColSpec[] = [
    { path: 'name', kind: 'text', scale: 0, list: '' },
    { path: 'unit', kind: 'text', scale: 0, list: '' },
    { path: 'opening_stock', kind: 'decimal', scale: 4, list: '' },
    { path: 'computed.rows[].tce', kind: 'decimal', scale: 4, list: '', readonly: true },
  ]

  it('writes from the cursor, adds rows, skips computed columns and cuts what does not fit', () => {
    const block = parseClipboard('原煤\t吨\t1,200\t999\textra\r\n焦炭\t吨\tabc\t1\r\n')
    const plan = planPaste(block, { row: 1, col: 0 }, cols, 2, 10)
    expect(plan.addRows).toBe(1)
    expect(plan.cutCols).toBe(1)
    expect(plan.writes).toEqual([
      { row: 1, col: 0, value: '原煤' },
      { row: 1, col: 1, value: '吨' },
      { row: 1, col: 2, value: '1200' },
      { row: 2, col: 0, value: '焦炭' },
      { row: 2, col: 1, value: '吨' },
    ])
    expect(plan.notes).toEqual([{ row: 2, col: 2, msg: { key: 'notNumber', raw: 'abc' }, taken: false }])
  })

  it('stops at the table size', () => {
    const block = [['a'], ['b'], ['c']]
    const plan = planPaste(block, { row: 1, col: 0 }, cols, 1, 2)
    expect(plan.addRows).toBe(1)
    expect(plan.cutRows).toBe(2)
    expect(plan.writes.map((w) => w.value)).toEqual(['a'])
  })
})
