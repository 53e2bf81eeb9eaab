// The whole UI over the fake backend: first run, the demo, the e2e hooks a WebDriver test uses.
import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { installMockBackend } from './mock/backend'
import { mountApp } from './test/setup'
import App from './App.vue'
import { useUi } from './stores/ui'

afterEach(() => {
  clearMocks()
  document.body.innerHTML = ''
})

async function until(cond: () => boolean, ms = 3000) {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const $ = (sel: string) => document.querySelector<HTMLElement>(sel)

describe('the app', () => {
  it('first run: choose enterprise, load the demo, fill and check', async () => {
    const backend = installMockBackend({ mode: null })
    const w = mountApp(App)
    await until(() => !!$('[data-testid=mode-enterprise]'))
    expect($('[data-testid=mode-county]')).not.toBeNull()
    $('[data-testid=mode-enterprise]')!.click()
    await until(() => !!$('[data-testid=load-demo]'))
    $('[data-testid=load-demo]')!.click()
    await until(() => !!$('[data-testid=save-status]') && !!$('[data-testid=findings-panel]'))
    for (const id of ['info', 'tables', 'ledger', 'charts', 'export', 'import', 'versions', 'settings']) expect($(`[data-testid=nav-${id}]`), id).not.toBeNull()
    await until(() => $('[data-testid=save-status]')!.textContent!.includes('已保存'))
    expect($('input[data-path="enterprise.uscc"]')).not.toBeNull()

    $('[data-testid=nav-tables]')!.click()
    await until(() => !!$('[data-testid=table-tab-energy]'))
    for (const id of ['basic', 'energy', 'conversion', 'products', 'saving_target', 'saving_projects', 'metering', 'explanations', 'reduction_projects', 'reduction_targets', 'records', 'evidence', 'justifications'])
      expect($(`[data-testid=table-tab-${id}]`), id).not.toBeNull()
    $('[data-testid=table-tab-energy]')!.click()
    await until(() => !!$('input[data-path="energy[2].factor"]'))
    const factor = $('input[data-path="energy[2].factor"]') as HTMLInputElement
    factor.value = '13.9'
    factor.dispatchEvent(new Event('input', { bubbles: true }))
    await until(() => !!$('[data-testid=finding-EN011]'), 4000)
    await until(() => backend.calls.some((c) => c.cmd === 'report_save'), 4000)
    const saved = backend.calls.filter((c) => c.cmd === 'report_save').pop()!.args.report as { energy: { factor: string }[] }
    expect(saved.energy[2].factor).toBe('13.9')

    // The finding leads to its field.
    $('[data-testid=table-tab-basic]')!.click()
    await until(() => !$('input[data-path="energy[2].factor"]'))
    $('[data-testid=finding-EN011]')!.click()
    await until(() => document.activeElement?.getAttribute('data-path') === 'energy[2].factor')
    expect(useUi().tableId).toBe('energy')

    // A justification long enough counts.
    const area = $('textarea[data-testid=justify-EN011]') as HTMLTextAreaElement
    area.value = '按化验报告的实测热值采用'
    area.dispatchEvent(new Event('input', { bubbles: true }))
    await w.vm.$nextTick()
    $('[data-testid=justify-save-EN011]')!.click()
    await until(() => !!$('[data-testid=finding-EN011]')?.textContent?.includes('已说明'), 4000)
    w.unmount()
  })

  it('exports with the e2e hooks and shows the fingerprint', async () => {
    installMockBackend({ mode: 'enterprise', demo: true })
    const w = mountApp(App)
    await until(() => !!$('[data-testid=nav-export]'))
    $('[data-testid=nav-export]')!.click()
    await until(() => !!$('input[data-testid=export-out-path]'))
    expect($('[data-testid=export-draft]')).not.toBeNull()
    const type = (sel: string, v: string) => {
      const el = $(sel) as HTMLInputElement
      el.value = v
      el.dispatchEvent(new Event('input', { bubbles: true }))
    }
    type('input[data-testid=export-key-path]', '/k.key')
    type('input[data-testid=export-passphrase]', 'correct-horse')
    type('input[data-testid=export-out-path]', '/out.xlsx')
    await w.vm.$nextTick()
    await until(() => !($('[data-testid=export-submit]') as HTMLButtonElement).disabled)
    $('[data-testid=export-submit]')!.click()
    await until(() => !!$('[data-testid=export-result]'))
    expect($('[data-testid=export-result]')!.textContent).toContain('AEEC 8F6D')
    w.unmount()
  })

  it('county: import with progress and counts per outcome', async () => {
    installMockBackend({ mode: 'county', county: true, importStep: 20 })
    const w = mountApp(App)
    await until(() => !!$('input[data-testid=county-path]'))
    for (const id of ['import', 'roster', 'keys', 'view', 'totals']) expect($(`[data-testid=nav-county-${id}]`), id).not.toBeNull()
    expect($('[data-testid=county-trust-new]')).not.toBeNull()
    expect($('input[data-testid=county-year]')).not.toBeNull()
    const path = $('input[data-testid=county-path]') as HTMLInputElement
    path.value = '/收件'
    path.dispatchEvent(new Event('input', { bubbles: true }))
    await w.vm.$nextTick()
    $('[data-testid=county-import-start]')!.click()
    // Other screens stay usable while the import runs; the menu shows how far it got.
    await until(() => !!$('[data-testid=nav-import-progress]'))
    $('[data-testid=nav-county-keys]')!.click()
    await until(() => !!$('[data-testid=keys-table]'))
    await until(() => !$('[data-testid=nav-import-progress]'))
    $('[data-testid=nav-county-import]')!.click()
    await until(() => !!$('[data-testid=county-results]'))
    expect($('[data-testid=county-count-accepted]')!.textContent).toBe('2')
    expect($('[data-testid=county-count-stale]')!.textContent).toBe('1')
    expect($('[data-testid=county-count-held]')!.textContent).toBe('4')
    expect($('[data-testid=county-count-rejected]')!.textContent).toBe('3')
    expect($('[data-testid=county-count-skipped]')!.textContent).toBe('1')

    $('[data-testid=nav-county-roster]')!.click()
    await until(() => !!$('[data-testid=roster-count-filed]'))
    await until(() => $('[data-testid=roster-count-missing]')!.textContent === '1')
    expect($('[data-testid=roster-count-filed]')!.textContent).toBe('1')
    w.unmount()
  })

  it('county first use: set up the workspace', async () => {
    installMockBackend({ mode: 'county', county: false })
    const w = mountApp(App)
    await until(() => !!$('input[data-testid=county-setup-name]'))
    expect($('[data-testid=nav-county-import]')).toBeNull()
    w.unmount()
  })
})
