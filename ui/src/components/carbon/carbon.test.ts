import { describe, expect, it } from 'vitest'
import type { CarbonView } from '../../api'
import { tr } from '../../i18n'
import { demoCarbon } from '../../mock/carbon'
import { mountApp, flush } from '../../test/setup'
import { bySource, changeTone, dropTarget, rowAt, evidenceKind, fmtChange, intensityPairs, newRow, provenanceLines } from './carbon'
import CarbonBreakdown from './CarbonBreakdown.vue'
import type { Report } from '../../api/report'

const report = { year: 2024, enterprise: { uscc: 'X', name: 'Y' }, carbon: { certificates: [] } } as unknown as Report

function view(): CarbonView {
  return demoCarbon(report)
}

describe('emissions by source', () => {
  it('lists the fuels in the total, electricity and heat, largest first, leaving zeros out', () => {
    const bars = bySource(view(), tr)
    expect(bars.map((b) => b.key)).toEqual(['energy[0]', 'electricity', 'energy[1]'])
    expect(bars[0]).toMatchObject({ label: '一般烟煤', raw: '223814.82' })
    expect(bars.some((b) => b.key === 'heat')).toBe(false)
  })

  it('shows outward supply as a negative bar', () => {
    const v = view()
    v.electricity!.exported_co2_t = '536.60'
    const bars = bySource(v, tr)
    const out = bars.find((b) => b.key === 'exported_electricity')!
    expect(out.value).toBe(-536.6)
    expect(out.raw).toBe('-536.60')
    expect(bars[bars.length - 1].key).toBe('exported_electricity')
  })

  it('draws nothing when the block cannot be accounted', () => {
    const v = view()
    v.totals = null
    v.accounted = false
    expect(bySource(v, tr)).toEqual([])
    expect(intensityPairs(v, tr)).toEqual([])
    expect(bySource(null, tr)).toEqual([])
  })

  it('leaves out fuels not in the total (biomass, recovered heat)', () => {
    const v = view()
    v.fuels[1].in_total = false
    expect(bySource(v, tr).map((b) => b.key)).not.toContain('energy[1]')
  })
})

describe('intensity year on year', () => {
  it('pairs last year with this year, with the change the core computed', () => {
    const [va, ov, total] = intensityPairs(view(), tr)
    expect(va).toMatchObject({ key: 'per_value_added', prior: '14.8810', current: '13.9101', changePct: '-6.52', unit: 'tCO₂/万元' })
    expect(ov.key).toBe('per_output_value')
    expect(total).toMatchObject({ prior: '301220.45', unit: 'tCO₂' })
  })

  it('has no prior values without last year', () => {
    const v = view()
    v.prior = null
    expect(intensityPairs(v, tr).every((p) => p.prior === null && p.changePct === null)).toBe(true)
  })
})

describe('evidence dropped on a row', () => {
  it('goes to the evidence of that record, with the kind of material', () => {
    expect(dropTarget('carbon.certificates[2]')).toEqual({ listPath: 'carbon.certificates[2].evidence', kind: '绿证核销凭证' })
    expect(dropTarget('carbon.electricity[0]')).toEqual({ listPath: 'carbon.electricity[0].evidence', kind: '绿电交易结算凭证' })
    expect(dropTarget('carbon.measured[10]')?.kind).toBe('检测报告')
    expect(evidenceKind('carbon.process[0].evidence')).toBe('核算材料')
  })

  it('finds the row under the pointer by its box, whatever layer is on top', () => {
    const root = document.createElement('div')
    root.innerHTML = '<table><tr data-row="carbon.certificates[0]"></tr><tr data-row="carbon.certificates[1]"></tr><tr data-row="carbon.measured[0]"></tr></table>'
    const boxes = [
      { left: 100, right: 900, top: 300, bottom: 336 },
      { left: 100, right: 900, top: 336, bottom: 372 },
      { left: 0, right: 0, top: 0, bottom: 0 }, // a hidden tab: no box
    ]
    root.querySelectorAll('tr').forEach((tr, i) => {
      const b = boxes[i]
      tr.getBoundingClientRect = () => ({ ...b, width: b.right - b.left, height: b.bottom - b.top, x: b.left, y: b.top, toJSON: () => b }) as DOMRect
    })
    expect(rowAt(230, 350, root)).toBe('carbon.certificates[1]')
    expect(rowAt(230, 310, root)).toBe('carbon.certificates[0]')
    expect(rowAt(50, 310, root)).toBeNull()
    expect(rowAt(0, 0, root)).toBeNull()
  })

  it('never lands by guess', () => {
    for (const row of [null, undefined, '', 'energy[0]', 'reduction_projects[0]', 'carbon.certificates', 'carbon.certificates[0].evidence[0]']) {
      expect(dropTarget(row)).toBeNull()
    }
  })
})

describe('new rows', () => {
  it('start a certificate of the report year, bought separately, not yet cancelled', () => {
    expect(newRow('carbon.certificates', 2024)).toEqual({ quantity: 1, production_year: 2024, status: 'held', source: 'unbundled', in_province: false })
    expect(newRow('carbon.electricity', 2024)).toEqual({ source: 'grid' })
    expect(newRow('carbon.measured', 2024)).toEqual({})
  })
})

describe('provenance on hover', () => {
  it('names the edition, notice, data year, validity, source and confidence of a grid factor', () => {
    const lines = provenanceLines(view().electricity!.factor!.provenance, tr)
    expect(lines[0]).toBe('缺省值，版本 mee-2022-national')
    expect(lines).toContain('2022年数据，2024-12-20发布')
    expect(lines).toContain('适用于 2024-01-01 至 2024-12-31')
    expect(lines.some((l) => l.startsWith('公告：生态环境部'))).toBe(true)
    expect(lines.some((l) => l.startsWith('可信度：二手来源'))).toBe(true)
  })

  it('says a stand-in factor stands in, and an unverified default is unverified', () => {
    const p = { ...view().electricity!.factor!.provenance, kind: 'fallback', edition: 'mee-2023-national' }
    expect(provenanceLines(p, tr)[0]).toContain('代用最新发布的 mee-2023-national')
    const raw = view().fuels[1].params[0].provenance
    expect(provenanceLines(raw, tr)).toContain('可信度：未核实，按经验取值，可用实测值替换')
  })

  it('gives a measured value its row, method and evidence', () => {
    const p = { ...view().fuels[0].params[0].provenance, kind: 'measured', edition: '', source: 'GB/T 213；省煤质检测中心', measured_index: 2, evidence: 0, confidence: null, unverified: true }
    expect(provenanceLines(p, tr)).toEqual(['企业实测值，见实测参数第3行', '检测方法及机构：GB/T 213；省煤质检测中心', '没有证明材料（未核实）'])
  })
})

describe('changes', () => {
  it('carry their sign and a tone (a rise in emissions is not good news)', () => {
    expect(fmtChange('3.20')).toBe('+3.20%')
    expect(fmtChange('-1.05')).toBe('-1.05%')
    expect(fmtChange(null)).toBe('—')
    expect(changeTone('3.20')).toBe('up')
    expect(changeTone('-0.01')).toBe('down')
    expect(changeTone('0.00')).toBe('flat')
    expect(changeTone(undefined)).toBe('none')
  })
})

describe('the computed table', () => {
  it('shows every figure at its scale with thousands separators, tCO₂ at 2 decimals, 未核实 marked', async () => {
    const w = mountApp(CarbonBreakdown, { props: { view: view() } })
    await flush()
    expect(w.get('[data-testid=carbon-total]').text()).toBe('286,926.50')
    expect(w.get('[data-testid=carbon-direct]').text()).toBe('246,144.90')
    const coal = w.get('[data-testid=carbon-row-04]')
    expect(coal.text()).toContain('223,814.82')
    expect(coal.text()).toContain('128,500.0000')
    expect(coal.text()).not.toContain('未核实')
    // 原煤 has no C.1 row: its defaults are marked unverified.
    expect(w.get('[data-testid=carbon-row-01]').findAll('.sv-tag.unverified').length).toBe(3)
    // Electricity: charged MWh × the factor, with its edition on hover.
    expect(w.get('[data-testid=carbon-grid-factor]').text()).toContain('0.5366')
    for (const cell of w.findAll('.cb-sum td.num')) expect(cell.text()).toMatch(/^−?[\d,]+\.\d{2}$/)
    w.unmount()
  })
})
