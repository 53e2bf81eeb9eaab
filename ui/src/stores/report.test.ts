import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import type { Report } from '../api'
import { useApp } from './app'
import { CHECK_DELAY_MS, SAVE_DELAY_MS, useReport } from './report'

function report(): Report {
  return {
    format: 'nengbao.report/1',
    year: 2024,
    enterprise: { name: '某厂', uscc: '91522601MA6DQ7K169' },
    energy: [{ code: '01', name: '原煤', unit: '吨', factor: '0.71430' }],
    justifications: [],
  } as unknown as Report
}

let calls: { cmd: string; args: Record<string, unknown> }[] = []
let failSave = false

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  calls = []
  failSave = false
  let revision = 1
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> })
    switch (cmd) {
      case 'report_list':
        return [{ id: 1, uscc: '91522601MA6DQ7K169', enterprise_name: '某厂', year: 2024, revision: 1, versions: 0, updated_at: '' }]
      case 'report_get':
        return report()
      case 'report_check':
        return { computed: { comprehensive_energy_tce: '1.0000' }, outcome: { findings: [], summary: { errors: 0, warnings: 0, justified: 0, infos: 0 } } }
      case 'ledger_summary':
        return { year: 2024, totals: [], projects: [] }
      case 'report_save':
        if (failSave) throw { code: 'storage', message: 'disk full', detail: null }
        revision += 1
        return { report_id: 1, revision, changed: true }
      default:
        return null
    }
  })
})
afterEach(() => {
  clearMocks()
  vi.useRealTimers()
})

const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length

async function opened() {
  const store = useReport()
  await store.loadList()
  await store.open('91522601MA6DQ7K169', 2024)
  calls = []
  return store
}

describe('the report store', () => {
  it('checks after 400 ms and saves after 800 ms, once for a burst of edits, with the latest input', async () => {
    const store = await opened()
    store.set('energy[0].factor', '0.7')
    store.set('energy[0].factor', '0.71')
    store.set('energy[0].factor', '0.7143')
    expect(store.saveState).toBe('pending')
    expect(store.report?.energy).toEqual([{ code: '01', name: '原煤', unit: '吨', factor: '0.7143' }])
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS - 10)
    expect(count('report_check')).toBe(0)
    await vi.advanceTimersByTimeAsync(20)
    expect(count('report_check')).toBe(1)
    expect(count('report_save')).toBe(0)
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - CHECK_DELAY_MS)
    expect(count('report_save')).toBe(1)
    const saved = calls.find((c) => c.cmd === 'report_save')?.args.report as Report
    expect((saved.energy as { factor: string }[])[0].factor).toBe('0.7143')
    expect(store.saveState).toBe('saved')
    expect(store.revision).toBe(2)
    const checked = calls.find((c) => c.cmd === 'report_check')?.args
    expect(checked?.pack).toBe('national')
  })

  it('sends typed numbers as strings and removes emptied ones', async () => {
    const store = await opened()
    store.set('energy[0].consumed_total', '135500')
    store.set('energy[0].factor', undefined)
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    const saved = calls.find((c) => c.cmd === 'report_save')?.args.report as Report
    expect((saved.energy as Record<string, unknown>[])[0]).toEqual({ code: '01', name: '原煤', unit: '吨', consumed_total: '135500' })
  })

  it('saves at once on Ctrl+S', async () => {
    const store = await opened()
    const unbind = store.bindWindow()
    store.set('enterprise.name', '某某厂')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, cancelable: true }))
    await vi.advanceTimersByTimeAsync(0)
    expect(count('report_save')).toBe(1)
    expect(store.saveState).toBe('saved')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(count('report_save')).toBe(1)
    unbind()
  })

  it('saves pending edits when the page is hidden', async () => {
    const store = await opened()
    const unbind = store.bindWindow()
    store.set('enterprise.address', '凯里市')
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(0)
    expect(count('report_save')).toBe(1)
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' })
    unbind()
  })

  it('keeps what was typed when saving fails', async () => {
    const store = await opened()
    failSave = true
    store.set('enterprise.name', '新名称')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(store.saveState).toBe('error')
    expect(store.saveError?.message).toBe('disk full')
    expect(store.report?.enterprise.name).toBe('新名称')
    failSave = false
    await store.saveNow()
    expect(store.saveState).toBe('saved')
  })

  it('waits with autosave while the USCC is half typed, but saves it when the page goes away', async () => {
    const store = await opened()
    const unbind = store.bindWindow()
    store.set('enterprise.uscc', '915226')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(count('report_save')).toBe(0)
    expect(store.hold).toBe('uscc')
    window.dispatchEvent(new Event('pagehide'))
    await vi.advanceTimersByTimeAsync(0)
    expect(count('report_save')).toBe(1)
    store.set('enterprise.uscc', '91522601MA6DQ7K16')
    store.set('enterprise.uscc', '91522601MA6DQ7K169')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(count('report_save')).toBe(2)
    expect(store.hold).toBeNull()
    unbind()
  })

  it('does not count an unchanged value as an edit', async () => {
    const store = await opened()
    store.set('enterprise.name', '某厂')
    expect(store.saveState).toBe('saved')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(count('report_save')).toBe(0)
  })

  it('writes and updates the justification of a warning', async () => {
    const store = await opened()
    const app = useApp()
    app.settings.actor = '张敏'
    vi.setSystemTime(new Date(2025, 2, 18, 10))
    store.justify('EN011', 'energy[0].factor', '  按实测热值采用  ')
    expect(store.report?.justifications).toEqual([{ rule: 'EN011', location: 'energy[0].factor', text: '按实测热值采用', by: '张敏', on: '2025-03-18' }])
    store.justify('EN011', 'energy[0].factor', '按化验报告的实测热值采用')
    store.justify('YY001', 'indicators.output_value.current', '新生产线投产')
    const js = store.report?.justifications as { rule: string; text: string }[]
    expect(js).toHaveLength(2)
    expect(js[0].text).toBe('按化验报告的实测热值采用')
    expect(store.justification('YY001', 'indicators.output_value.current')?.text).toBe('新生产线投产')
    await vi.advanceTimersByTimeAsync(0)
    expect(count('report_check')).toBeGreaterThan(0)
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(count('report_save')).toBe(1)
  })

  it('adds, removes and moves list items as edits', async () => {
    const store = await opened()
    store.add('reduction_projects', { id: 'RP-1', records: [{ period: '2024-01' }] })
    store.add('reduction_projects', { id: 'RP-2' })
    store.move('reduction_projects[0].records', 0, 'reduction_projects[1].records')
    expect(store.get('reduction_projects[1].records[0].period')).toBe('2024-01')
    expect(store.get('reduction_projects[0].records')).toEqual([])
    store.remove('reduction_projects', 0)
    expect(store.get('reduction_projects[0].id')).toBe('RP-2')
    expect(store.saveState).toBe('pending')
  })
})
