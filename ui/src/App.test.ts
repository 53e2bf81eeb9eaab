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
  windowWidth(1024)
})

async function until(cond: () => boolean, ms = 3000) {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
/** The window's width as the layout sees it (the findings panel is a drawer below 1500 px). */
function windowWidth(px: number) {
  Object.defineProperty(window, 'innerWidth', { value: px, configurable: true, writable: true })
}

describe('the app', () => {
  it('first run: choose enterprise, load the demo, fill and check', async () => {
    windowWidth(1600)
    const backend = installMockBackend({ mode: null })
    const w = mountApp(App)
    await until(() => !!$('[data-testid=mode-enterprise]'))
    expect($('[data-testid=mode-county]')).not.toBeNull()
    $('[data-testid=mode-enterprise]')!.click()
    // The enterprise screens load on demand: the first time, on a busy machine, that takes a while.
    await until(() => !!$('[data-testid=load-demo]'), 15000)
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

  it('a new report on a 1366-pixel screen: no red, the checklist of what is left, findings in a drawer', async () => {
    windowWidth(1366)
    installMockBackend({ mode: 'enterprise' })
    const w = mountApp(App)
    await until(() => !!$('[data-testid=new-report]'), 15000)
    $('[data-testid=new-report]')!.click()
    await until(() => !!$('input[data-testid=new-name]'))
    const name = $('input[data-testid=new-name]') as HTMLInputElement
    name.value = '凯里市某新材料有限公司'
    name.dispatchEvent(new Event('input', { bubbles: true }))
    const code = $('input[data-testid=new-uscc]') as HTMLInputElement
    code.value = '91522601MA6DQ7K169'
    code.dispatchEvent(new Event('input', { bubbles: true }))
    await w.vm.$nextTick()
    $('[data-testid=new-create]')!.click()
    await until(() => !!$('[data-testid=checklist]') && !!$('[data-testid=badge-todo]'))
    // Nothing typed yet is not an error.
    expect($('[data-testid=badge-errors]')!.textContent).toBe('0')
    expect(Number($('[data-testid=badge-todo]')!.textContent)).toBeGreaterThan(0)
    expect($('[data-testid=checklist-info]')!.className).toContain('st-todo')
    expect($('[data-testid=checklist-table-energy]')!.className).toContain('st-todo')
    expect($('[data-testid=checklist-table-conversion]')!.className).toContain('st-optional')
    expect($('[data-testid=checklist-key]')!.textContent).toContain('签名导出')
    // No panel beside the page at this width; the badge opens it as a drawer.
    expect($('.findings-aside')).toBeNull()
    // The checklist takes the user to the table.
    $('[data-testid=checklist-table-energy]')!.click()
    await until(() => !!$('[data-testid=add-row-energy]'))
    expect($('[data-testid=table-list]')!.textContent).toContain('能源消费结构')
    expect(document.querySelectorAll('.mark-error').length).toBe(0)
    $('[data-testid=findings-toggle]')!.click()
    await until(() => !!$('[data-testid=findings-drawer] [data-testid=findings-panel]'))
    expect($('.fgroup[data-severity=todo]')!.textContent).toContain('能源消费结构表没有任何能源品种')
    expect($('[data-testid=findings-count-error]')!.textContent).toBe('0')
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
    await until(() => !!$('input[data-testid=export-passphrase]'))
    type('input[data-testid=export-passphrase]', 'correct-horse')
    type('input[data-testid=export-out-path]', '/out.xlsx')
    await w.vm.$nextTick()
    await until(() => !($('[data-testid=export-submit]') as HTMLButtonElement).disabled)
    $('[data-testid=export-submit]')!.click()
    await until(() => !!$('[data-testid=export-result]'))
    expect($('[data-testid=export-result]')!.textContent).toContain('AEEC 8F6D')
    w.unmount()
  })

  it('signs without a key: creates one inline with its card, offers the documents folder, says why a button is disabled, tells a wrong passphrase by its code', async () => {
    const backend = installMockBackend({ mode: 'enterprise', demo: true })
    const w = mountApp(App)
    await until(() => !!$('[data-testid=nav-export]'))
    $('[data-testid=nav-export]')!.click()
    await until(() => !!$('[data-testid=export-no-key]'))
    const out = $('input[data-testid=export-out-path]') as HTMLInputElement
    await until(() => out.value !== '')
    expect(out.value).toBe('/home/user/文档/黔东南州凯峰水泥有限公司-2024-能源利用状况报告.xlsx')
    await until(() => !!$('[data-testid=export-why]'))
    expect(($('[data-testid=export-submit]') as HTMLButtonElement).disabled).toBe(true)
    expect($('[data-testid=export-why]')!.textContent).toContain('还没有密钥文件')

    $('[data-testid=export-key-generate]')!.click()
    await until(() => !!$('input[data-testid=key-new-pass1]'))
    await until(() => ($('input[data-testid=key-new-path]') as HTMLInputElement).value !== '')
    expect(($('input[data-testid=key-new-path]') as HTMLInputElement).value).toBe('/home/user/文档/黔东南州凯峰水泥有限公司-签名密钥.key')
    const type = (sel: string, v: string) => {
      const el = $(sel) as HTMLInputElement
      el.value = v
      el.dispatchEvent(new Event('input', { bubbles: true }))
    }
    type('input[data-testid=key-new-pass1]', 'short')
    await until(() => !!$('[data-testid=key-create-why]'))
    expect($('[data-testid=key-strength]')!.textContent).toBe('太短')
    type('input[data-testid=key-new-pass1]', 'Kaifeng-2024')
    type('input[data-testid=key-new-pass2]', 'Kaifeng-2024')
    await until(() => !($('[data-testid=key-create]') as HTMLButtonElement).disabled)
    expect($('[data-testid=key-strength]')!.textContent).toBe('强')
    $('[data-testid=key-create]')!.click()
    await until(() => !!$('[data-testid=key-card]'))
    expect(backend.calls.find((c) => c.cmd === 'key_create')?.args.path).toBe('/home/user/文档/黔东南州凯峰水泥有限公司-签名密钥.key')
    expect($('[data-testid=key-card]')!.textContent).toContain('AEEC 8F6D')
    // The card carries the public key as text and as a QR code, and is saved as a small file.
    expect($('[data-testid=key-card-public-key]')!.textContent).toContain('04ab abab')
    await until(() => !!$('[data-testid=key-card-qr]'))
    expect($('[data-testid=key-card-qr]')!.getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    $('[data-testid=key-card-save]')!.click()
    await until(() => backend.calls.some((c) => c.cmd === 'key_card_save'))
    expect(backend.calls.find((c) => c.cmd === 'key_card_save')?.args).toMatchObject({ uscc: '91522601MA6DQ7K169', out: '/home/user/文档/黔东南州凯峰水泥有限公司-重点用能单位报送签名密钥卡.txt' })
    expect(($('input[data-testid=export-key-path]') as HTMLInputElement).value).toBe('/home/user/文档/黔东南州凯峰水泥有限公司-签名密钥.key')

    await until(() => !!$('input[data-testid=export-passphrase]'))
    expect($('[data-testid=export-why]')!.textContent).toContain('请输入密钥口令')
    type('input[data-testid=export-passphrase]', 'wrong-one')
    await until(() => !($('[data-testid=export-submit]') as HTMLButtonElement).disabled)
    $('[data-testid=export-submit]')!.click()
    await until(() => !!document.querySelector('.el-form-item__error'))
    expect(document.querySelector('.el-form-item__error')!.textContent).toContain('口令不正确')
    expect(($('input[data-testid=export-passphrase]') as HTMLInputElement).value).toBe('')
    expect($('[data-testid=export-error]')).toBeNull()
    type('input[data-testid=export-passphrase]', 'correct-horse')
    await until(() => !($('[data-testid=export-submit]') as HTMLButtonElement).disabled)
    $('[data-testid=export-submit]')!.click()
    await until(() => !!$('[data-testid=export-result]'))
    w.unmount()
  })

  it('imports a workbook: saved as it is, the notes kept beside the findings and leading to their cells', async () => {
    const backend = installMockBackend({ mode: 'enterprise' })
    const w = mountApp(App)
    await until(() => !!$('[data-testid=template-save]'))
    $('[data-testid=template-save]')!.click()
    await until(() => backend.calls.some((c) => c.cmd === 'template_save'))
    expect(backend.calls.find((c) => c.cmd === 'template_save')?.args.out).toMatch(/^\/home\/user\/文档\/能源利用状况报告-\d{4}年度-空白模板（.+）\.xlsx$/)

    $('[data-testid=nav-import]')!.click()
    await until(() => !!$('input[data-testid=import-path]'))
    const path = $('input[data-testid=import-path]') as HTMLInputElement
    path.value = '/home/user/报表.xlsx'
    path.dispatchEvent(new Event('input', { bubbles: true }))
    await w.vm.$nextTick()
    $('[data-testid=import-read]')!.click()
    await until(() => !!$('[data-testid=import-load]'))
    $('[data-testid=import-load]')!.click()
    await until(() => backend.calls.some((c) => c.cmd === 'report_save'))
    await until(() => !!$('[data-testid=import-notes]'))
    expect(backend.reports.size).toBe(1)
    expect(document.body.textContent).toContain('已载入，并保存为当前报告')
    const notes = Array.from(document.querySelectorAll<HTMLElement>('[data-testid=import-note]'))
    expect(notes.map((n) => n.getAttribute('data-path'))).toEqual(['enterprise.uscc', 'energy[2].factor'])
    expect(notes[0].textContent).toContain('表1 基本情况!B4')
    notes[1].click()
    await until(() => document.activeElement?.getAttribute('data-path') === 'energy[2].factor')
    $('[data-testid=import-notes-dismiss]')!.click()
    await until(() => !$('[data-testid=import-notes]'))
    w.unmount()
  })

  it('corrects the credit code after a confirmation: one enterprise, shown with its code', async () => {
    const backend = installMockBackend({ mode: 'enterprise', demo: true })
    const w = mountApp(App)
    await until(() => !!$('input[data-testid=uscc-input]'))
    expect($('[data-testid=enterprise-code]')!.textContent).toBe('91522601MA6DQ7K169')
    const input = $('input[data-testid=uscc-input]') as HTMLInputElement
    input.value = '91522601MA6DQ7K16'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await until(() => !!$('[data-testid=uscc-fix]'))
    expect(($('[data-testid=uscc-apply]') as HTMLButtonElement).disabled).toBe(true)
    expect($('[data-testid=uscc-fix]')!.textContent).toContain('现为 17 位')
    input.value = '91522601ma00000232'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await until(() => !($('[data-testid=uscc-apply]') as HTMLButtonElement).disabled)
    // Nothing is saved under a code that is only typed.
    expect(backend.calls.some((c) => c.cmd === 'report_save' && (c.args.report as { enterprise: { uscc: string } }).enterprise.uscc !== '91522601MA6DQ7K169')).toBe(false)
    $('[data-testid=uscc-apply]')!.click()
    await until(() => !!document.querySelector('.el-message-box'))
    expect(document.querySelector('.el-message-box')!.textContent).toContain('不会新建单位')
    ;(document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click()
    await until(() => backend.calls.some((c) => c.cmd === 'enterprise_recode'))
    await until(() => $('[data-testid=enterprise-code]')!.textContent === '91522601MA00000232')
    expect(new Set([...backend.reports.values()].map((x) => x.report.enterprise.uscc))).toEqual(new Set(['91522601MA00000232']))
    expect(backend.reports.size).toBe(2)
    w.unmount()
  })

  it('county: the intake log lists every run and, for the one selected, its files by outcome', async () => {
    installMockBackend({ mode: 'county', county: true })
    const w = mountApp(App)
    await until(() => !!$('[data-testid=nav-county-log]'))
    $('[data-testid=nav-county-log]')!.click()
    await until(() => !!$('[data-testid=log-run-2]'))
    expect($('[data-testid=log-cancelled]')).not.toBeNull()
    await until(() => $('[data-testid=log-count-cancelled]')?.textContent === '2')
    $('[data-testid=log-run-1]')!.click()
    await until(() => $('[data-testid=log-count-accepted]')?.textContent === '3')
    expect($('[data-testid=log-count-rejected]')!.textContent).toBe('1')
    // A file held, then accepted in the same run, is one row with what came before.
    expect($('[data-testid=log-entries]')!.textContent).toContain('此前：')
    ;($('[data-testid=log-count-rejected]')!.closest('button') as HTMLElement).click()
    await until(() => document.querySelectorAll('[data-testid=log-entries] .el-table__body tr').length === 1)
    expect($('[data-testid=log-reason]')!.textContent).not.toBe('tampered')
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
