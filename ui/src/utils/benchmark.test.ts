import { describe, expect, it } from 'vitest'
import type { Benchmark } from '../api'
import { benchmarkFor } from './benchmark'

const b = (edition: number, benchmark: string, unit = 'kgce/t'): Benchmark => ({
  key: 'cement-clinker',
  edition,
  field: '建材',
  name: '水泥熟料',
  name_en: 'Cement clinker',
  unit,
  benchmark,
  baseline: '117',
  verified: true,
  source: '',
})

describe('benchmarkFor', () => {
  const all = [b(2021, '100'), b(2023, '98')]

  it('takes the newest edition not after the report year', () => {
    expect(benchmarkFor(all, 'cement-clinker', 'kgce/t', 2022)?.benchmark).toBe('100')
    expect(benchmarkFor(all, 'cement-clinker', 'kgce/t', 2024)?.benchmark).toBe('98')
  })

  it('falls back to the oldest edition for earlier years', () => {
    expect(benchmarkFor(all, 'cement-clinker', 'kgce/t', 2019)?.edition).toBe(2021)
  })

  it('needs the same unit and a known key', () => {
    expect(benchmarkFor(all, 'cement-clinker', 'kgce/t熟料', 2024)).toBeNull()
    expect(benchmarkFor(all, 'flat-glass', 'kgce/t', 2024)).toBeNull()
    expect(benchmarkFor(all, ' ', 'kgce/t', 2024)).toBeNull()
  })
})
