import { describe, expect, it } from 'vitest'
import { charCount, decimalValue, fmtDec, fmtInstant, groupFingerprint, padScale, sanitizeDecimal, sanitizeInteger, today } from './format'
import { colIndex, colLetters, parseA1 } from './a1'

describe('display of decimals', () => {
  it('groups thousands and keeps every digit', () => {
    expect(fmtDec('107449.1760')).toBe('107,449.1760')
    expect(fmtDec('0.03412')).toBe('0.03412')
    expect(fmtDec('-3316.0200')).toBe('-3,316.0200')
    expect(fmtDec('1234567890123.12345')).toBe('1,234,567,890,123.12345')
    expect(fmtDec(620)).toBe('620')
    expect(fmtDec(null)).toBe('—')
    expect(fmtDec('n/a')).toBe('n/a')
  })
})

describe('computed decimals at their scale', () => {
  it('pads a computed figure to its field scale without rounding', () => {
    expect(fmtDec(padScale('76000', 3))).toBe('76,000.000')
    expect(padScale('1.5', 2)).toBe('1.50')
    expect(padScale('-2', 2)).toBe('-2.00')
    // more digits than the scale: shown as computed, never rounded here
    expect(padScale('0.53661', 4)).toBe('0.53661')
    expect(padScale('', 2)).toBe('')
    expect(padScale('n/a', 2)).toBe('n/a')
    expect(padScale('12', undefined)).toBe('12')
  })
})

describe('typing numbers', () => {
  it('keeps digits, one point and at most the scale', () => {
    expect(sanitizeDecimal('1,234.56789', 4)).toBe('1234.5678')
    expect(sanitizeDecimal('12a.3.4', 4)).toBe('12.34')
    expect(sanitizeDecimal('-5', 2)).toBe('-5')
    expect(sanitizeDecimal('-5', 2, false)).toBe('5')
    expect(sanitizeDecimal('3.9', 0)).toBe('3')
    expect(sanitizeDecimal('０.５'.normalize('NFKC'), 2)).toBe('0.5')
    expect(sanitizeInteger('6 2x0')).toBe('620')
  })

  it('stores a clean string, null when nothing usable was typed', () => {
    expect(decimalValue('135500')).toBe('135500')
    expect(decimalValue('12.')).toBe('12')
    expect(decimalValue('.5')).toBe('0.5')
    expect(decimalValue('-')).toBeNull()
    expect(decimalValue('')).toBeNull()
  })
})

describe('helpers', () => {
  it('groups fingerprints in fours', () => {
    expect(groupFingerprint('aeec8f6d7b786bc0')).toBe('AEEC 8F6D 7B78 6BC0')
    expect(groupFingerprint('AEEC 8F6D 7B')).toBe('AEEC 8F6D 7B')
  })
  it('counts characters as a reader does', () => {
    expect(charCount(' 按实测热值 ')).toBe(5)
  })
  it('formats today', () => {
    expect(today(new Date(2025, 2, 8))).toBe('2025-03-08')
  })
  it('reads A1 references', () => {
    expect(parseA1('B3')).toEqual({ col: 2, row: 3 })
    expect(parseA1('AA12')).toEqual({ col: 27, row: 12 })
    expect(parseA1('3B')).toBeNull()
    expect(colIndex('AB')).toBe(28)
    expect(colLetters(28)).toBe('AB')
  })
})

describe('display of times', () => {
  it('shows a zoned moment in local time and a plain time as written', () => {
    const utc = '2025-03-20T02:00:00Z'
    const d = new Date(utc)
    const p = (x: number) => String(x).padStart(2, '0')
    expect(fmtInstant(utc)).toBe(`${today(d)} ${p(d.getHours())}:${p(d.getMinutes())}`)
    expect(fmtInstant('2025-03-20T10:00:00+08:00')).toBe(fmtInstant(utc))
    expect(fmtInstant('2025-03-20 09:00:00')).toBe('2025-03-20 09:00')
    expect(fmtInstant(null)).toBe('—')
  })
})
