import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import type { Report, ReportSummary } from '../api'
import { useApp } from './app'
import { CHECK_DELAY_MS, SAVE_DELAY_MS, useReport } from './report'
import { flushAll, handleCloseRequest } from '../utils/closeGuard'

function report(): Report {
  return {
    format: 'nengbao.report/1',
    year: 2024,
    enterprise: { name: '某厂', uscc: '91522601MA6DQ7K169' },
    energy: [{ code: '01', name: '原煤', unit: '吨', factor: '0.71430' }],
    indicators: { comprehensive_energy_tce: { current: '1.0000' } },
    justifications: [],
  } as unknown as Report
}

let calls: { cmd: string; args: Record<string, unknown> }[] = []
let failSave = false
/** What the fake workspace holds: code → [name, years, archived]. */
let units: Map<string, { name: string; years: number[]; archived: boolean }>
const summaries = (): ReportSummary[] =>
  [...units.entries()].flatMap(([uscc, u]) => u.years.map((year, i) => ({ id: i + 1, uscc, enterprise_name: u.name, year, revision: 1, versions: 0, updated_at: '', archived: u.archived })))

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  calls = []
  failSave = false
  units = new Map([['91522601MA6DQ7K169', { name: '某厂', years: [2024], archived: false }]])
  let revision = 1
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown>
    calls.push({ cmd, args: a })
    switch (cmd) {
      case 'report_list':
        return summaries()
      case 'report_get':
        return report()
      case 'report_check':
        return { computed: { comprehensive_energy_tce: '1.0000' }, outcome: { findings: [], summary: { errors: 0, warnings: 0, justified: 0, infos: 0 } } }
      case 'ledger_summary':
        return { year: 2024, totals: [], projects: [] }
      case 'report_save': {
        if (failSave) throw { code: 'storage', message: 'disk full', detail: null }
        const r = a.report as Report
        const u = units.get(r.enterprise.uscc) ?? { name: r.enterprise.name, years: [], archived: false }
        if (!u.years.includes(r.year)) u.years.push(r.year)
        units.set(r.enterprise.uscc, u)
        revision += 1
        return { report_id: 1, revision, changed: true }
      }
      case 'enterprise_recode': {
        const next = String(a.new)
        if (next.length !== 18) throw { code: 'invalid_input', message: `${next} 不是有效的统一社会信用代码`, detail: null }
        if (units.has(next)) throw { code: 'invalid_input', message: `${next} 已是本工作区中另一个单位的代码`, detail: null }
        const u = units.get(String(a.old))!
        units.delete(String(a.old))
        units.set(next, u)
        return summaries()
      }
      case 'enterprise_archive':
        units.get(String(a.uscc))!.archived = a.archived as boolean
        return summaries()
      case 'app_close_answer':
        return null
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
    useApp().settings.pack = 'guangdong'
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
    expect(checked?.pack).toBe('guangdong')
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

  it('saves a draft whatever its state: an imported report with a malformed code is stored and says so', async () => {
    const store = useReport()
    await store.loadList()
    const r = report()
    r.enterprise.uscc = '91522601MA6DQ7K1690'
    r.year = 2025
    const notes = [{ sheet: '表1 基本情况', cell: 'B4', path: 'enterprise.uscc', severity: 'warning', message: { zh: '首尾有空格，已去除', en: 'Spaces removed' } }]
    await store.adopt(r, notes)
    expect(count('report_save')).toBe(1)
    expect((calls.find((c) => c.cmd === 'report_save')?.args.report as Report).enterprise.uscc).toBe('91522601MA6DQ7K1690')
    expect(store.saveState).toBe('saved')
    expect(store.stored).toBe(true)
    // What the import noted stays beside the findings until dismissed.
    expect(store.importNotes.map((n) => n.cell)).toEqual(['B4'])
    // Later edits save at once too, whatever the code looks like.
    store.set('enterprise.name', '某某厂')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(count('report_save')).toBe(2)
    store.dismissImportNotes()
    expect(store.importNotes).toEqual([])
  })

  it('keeps an adopted report in the editor and says why when the core refuses to store it', async () => {
    const store = useReport()
    await store.loadList()
    failSave = true
    const r = report()
    r.year = 2025
    await expect(store.adopt(r)).rejects.toMatchObject({ message: 'disk full' })
    expect(store.report?.year).toBe(2025)
    expect(store.saveState).toBe('error')
    expect(store.revision).toBeNull()
    // The next edit tries again.
    failSave = false
    store.set('enterprise.name', '某某厂')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(store.saveState).toBe('saved')
  })

  it('saves when the window loses focus, and before the window closes answers the shell', async () => {
    const store = await opened()
    const unbind = store.bindWindow()
    store.set('enterprise.address', '凯里市')
    window.dispatchEvent(new Event('blur'))
    await vi.advanceTimersByTimeAsync(0)
    expect(count('report_save')).toBe(1)

    // Typed a moment before closing: the close request saves it first, then lets the window go.
    store.set('enterprise.address', '凯里市开发区')
    expect(count('report_save')).toBe(1)
    await handleCloseRequest(async () => true)
    expect(count('report_save')).toBe(2)
    expect((calls.filter((c) => c.cmd === 'report_save')[1].args.report as Report).enterprise.address).toBe('凯里市开发区')
    const answers = calls.filter((c) => c.cmd === 'app_close_answer')
    expect(answers.map((c) => c.args.close)).toEqual([true])
    expect(calls.findIndex((c) => c.cmd === 'app_close_answer')).toBeGreaterThan(calls.findIndex((c, i) => c.cmd === 'report_save' && i > 0))
    unbind()
    expect(await flushAll()).toEqual([])
  })

  it('keeps the window open while the user decides when the last edits cannot be saved', async () => {
    const store = await opened()
    const unbind = store.bindWindow()
    failSave = true
    store.set('enterprise.name', '新名称')
    let asked: string[] = []
    await handleCloseRequest(async (reasons) => {
      asked = reasons
      return false
    })
    expect(asked).toEqual(['disk full'])
    expect(calls.filter((c) => c.cmd === 'app_close_answer').map((c) => c.args.close)).toEqual([false])
    // Closing anyway.
    calls = []
    await handleCloseRequest(async () => true)
    expect(calls.filter((c) => c.cmd === 'app_close_answer').map((c) => c.args.close)).toEqual([false, true])
    expect(store.report?.enterprise.name).toBe('新名称')
    unbind()
  })

  it('corrects the credit code of a stored report: the same enterprise, pending edits saved first', async () => {
    const store = await opened()
    store.set('enterprise.name', '某厂（更名）')
    // Typing over the code does not file a second report.
    store.set('enterprise.uscc', '915226')
    expect(store.report?.enterprise.uscc).toBe('91522601MA6DQ7K169')
    await store.recode('91522601ma00000232')
    const order = calls.filter((c) => c.cmd === 'report_save' || c.cmd === 'enterprise_recode').map((c) => c.cmd)
    expect(order).toEqual(['report_save', 'enterprise_recode'])
    expect(calls.find((c) => c.cmd === 'enterprise_recode')?.args).toEqual({ old: '91522601MA6DQ7K169', new: '91522601MA00000232' })
    expect(store.report?.enterprise.uscc).toBe('91522601MA00000232')
    expect(new Set(store.list.map((r) => r.uscc))).toEqual(new Set(['91522601MA00000232']))
    expect(store.saveState).toBe('saved')
    // Later saves go under the corrected code.
    store.set('enterprise.address', '凯里市')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect((calls.filter((c) => c.cmd === 'report_save').pop()?.args.report as Report).enterprise.uscc).toBe('91522601MA00000232')
    expect(units.size).toBe(1)
  })

  it('leaves everything as it was when the core refuses a code', async () => {
    const store = await opened()
    units.set('91522601MA00000232', { name: '另一厂', years: [2024], archived: false })
    await expect(store.recode('91522601MA00000232')).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(store.recode('9152')).rejects.toMatchObject({ code: 'invalid_input' })
    expect(store.report?.enterprise.uscc).toBe('91522601MA6DQ7K169')
    expect(units.has('91522601MA6DQ7K169')).toBe(true)
  })

  it('archives an enterprise and opens another one that is in use', async () => {
    units.set('91522601MA00000232', { name: '另一厂', years: [2023], archived: false })
    const store = await opened()
    await store.archive('91522601MA6DQ7K169', true)
    expect(store.list.filter((r) => r.archived).map((r) => r.uscc)).toEqual(['91522601MA6DQ7K169'])
    expect(calls.some((c) => c.cmd === 'report_get')).toBe(true)
    await store.archive('91522601MA6DQ7K169', false)
    expect(store.list.every((r) => !r.archived)).toBe(true)
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
  it('undoes and redoes edits: a typed field in one step, a pasted block in one, a removed row', async () => {
    const store = await opened()
    store.set('energy[0].factor', '0.7')
    store.set('energy[0].factor', '0.75')
    store.sealTyping()
    store.batch(() => {
      store.add('energy', {})
      store.set('energy[1].name', '电力')
      store.set('energy[1].code', '33')
    })
    store.remove('energy', 0)
    expect(store.canUndo).toBe(true)
    expect(store.undo()).toBe('energy[0]')
    expect(store.get('energy[0].name')).toBe('原煤')
    expect(store.undo()).toBe('energy')
    expect(store.get('energy')).toHaveLength(1)
    expect(store.get('energy[0].factor')).toBe('0.75')
    expect(store.undo()).toBe('energy[0].factor')
    expect(store.get('energy[0].factor')).toBe('0.71430')
    expect(store.undo()).toBeNull()
    expect(store.redo()).toBe('energy[0].factor')
    expect(store.get('energy[0].factor')).toBe('0.75')
    // Undone edits are edits: checked and saved.
    expect(store.saveState).toBe('pending')
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    const saved = calls.filter((c) => c.cmd === 'report_save').pop()?.args.report as Report
    expect((saved.energy as { factor: string }[])[0].factor).toBe('0.75')
    // Opening a report starts a new history.
    await store.open('91522601MA6DQ7K169', 2024)
    expect(store.canUndo).toBe(false)
  })
  it('drops a 表1 综合能源消费量 stated by an earlier version: the figure is computed from 表2, never typed', async () => {
    const store = await opened()
    const path = 'indicators.comprehensive_energy_tce.current'
    expect(store.get(path)).toBeNull()
    // Checking or saving never writes the computed figure back as an input.
    await store.checkNow()
    expect(store.get(path)).toBeNull()
    const checked = calls.filter((c) => c.cmd === 'report_check').pop()?.args.report as Report
    expect((checked.indicators as { comprehensive_energy_tce: { current: unknown } }).comprehensive_energy_tce.current).toBeNull()
  })
})
