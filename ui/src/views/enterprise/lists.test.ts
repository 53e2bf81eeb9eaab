// The coded lists come from the core's catalog (the mock serves the fixture the Rust test writes
// from the same call): in English a 碳排放 dropdown and a ledger dropdown show English labels,
// and the ledger's tables take their columns from the pack.
import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { createPinia, setActivePinia } from 'pinia'
import { installMockBackend } from '../../mock/backend'
import { mountApp } from '../../test/setup'
import { i18n } from '../../i18n'
import { useApp } from '../../stores/app'
import { useReport } from '../../stores/report'
import CarbonView from './CarbonView.vue'
import LedgerView from './LedgerView.vue'
import { recordsRegion, targetsRegion } from './ledgerColumns'

afterEach(() => {
  clearMocks()
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
})

// Mounting a whole screen over the mock takes seconds on a busy machine: generous waits.
const BUDGET = 60_000

async function until(cond: () => boolean, ms = 20_000) {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The demo report open, the catalog and the pack loaded, as the enterprise shell leaves them. */
async function openDemo() {
  installMockBackend({ mode: 'enterprise', demo: true })
  const pinia = createPinia()
  setActivePinia(pinia)
  const app = useApp()
  await app.init()
  await app.loadCatalog()
  await app.loadPack()
  const store = useReport()
  await store.open('91522601MA6DQ7K169', 2024)
  return { pinia, store }
}

describe('coded lists in English', () => {
  it('a 碳排放 electricity source shows English labels from the catalog', async () => {
    const { pinia, store } = await openDemo()
    store.add('carbon.electricity', { source: 'green_trade', quantity: '120.0000' })
    const carbon = mountApp(CarbonView, {}, pinia)
    i18n.global.locale.value = 'en'
    ;(carbon.vm as unknown as { tab: string }).tab = 'electricity'
    await until(() => carbon.findAllComponents({ name: 'ElOption' }).length > 0)
    const sources = carbon.findAllComponents({ name: 'ElOption' }).map((o) => String(o.props('label')))
    expect(sources).toContain('Green power trade')
    expect(sources).toContain('Grid purchase')
    expect(sources.join(' ')).not.toMatch(/绿电交易|电网购电/)
  }, BUDGET)

  it('a ledger review status and pollutant show English labels in English, the workbook’s in Chinese', async () => {
    const { pinia } = await openDemo()
    const ledger = mountApp(LedgerView, {}, pinia)
    i18n.global.locale.value = 'en'
    await until(() => ledger.text().includes('Pollutant'))
    const labels = ledger.findAllComponents({ name: 'ElOption' }).map((o) => String(o.props('label')))
    for (const want of ['Accepted', 'Submitted', 'Monthly', 'NOx nitrogen oxides']) expect(labels).toContain(want)
    expect(labels.join(' ')).not.toMatch(/已认可|已提交|氮氧化物/)

    // In Chinese the same lists read as the workbook's dropdowns.
    i18n.global.locale.value = 'zh-CN'
    await until(() => ledger.findAllComponents({ name: 'ElOption' }).some((o) => o.props('label') === '已认可'))
    expect(ledger.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))).toContain('NOx 氮氧化物')
  }, BUDGET)

  it('the ledger tables have the pack’s columns: targets and operating records', async () => {
    const { pinia } = await openDemo()
    const ledger = mountApp(LedgerView, {}, pinia)
    await until(() => ledger.text().includes('目标来源'))
    const pack = useApp().pack!
    const heads = ledger.findAll('th').map((th) => th.text())
    for (const h of ['污染物', '目标减排量（吨）', '目标来源']) expect(heads.some((x) => x.includes(h)), h).toBe(true)

    // 减排表3 inside a project's card: the pack's columns without the project key, on the
    // card's own list, worded in the interface language.
    const table = pack.tables.find((t) => t.id === 'records')!.region!
    const records = recordsRegion(pack, 'reduction_projects[1]')!
    expect(records.rows).toBe('reduction_projects[1].records')
    expect(records.columns.map((c) => c.path)).toEqual(table.columns.filter((c) => !c.key).map((c) => c.path))
    expect(records.columns.map((c) => [c.kind, c.scale])).toEqual(table.columns.filter((c) => !c.key).map((c) => [c.kind, c.scale]))
    i18n.global.locale.value = 'en'
    expect(recordsRegion(pack, 'reduction_projects[1]')!.columns.map((c) => c.heading)).toContain('Outlet concentration')
    expect(targetsRegion(pack)!.columns.map((c) => c.heading)).toEqual(['Pollutant', 'Target (t)', 'Source'])
  }, BUDGET)
})
