// The import screen over the fake backend: cancelling a running import, the new outcomes, and
// the keys that wait for a decision after the run.
import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { installMockBackend } from '../../mock/backend'
import { mountApp } from '../../test/setup'
import { i18n } from '../../i18n'
import CountyImportView from './CountyImportView.vue'
import CountyKeysView from './CountyKeysView.vue'

afterEach(() => {
  clearMocks()
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
})

async function until(cond: () => boolean, ms = 4000) {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const $ = (sel: string) => document.querySelector<HTMLElement>(sel)
const text = (sel: string) => $(sel)?.textContent?.trim() ?? ''

async function startImport(w: { vm: { $nextTick: () => Promise<void> } }) {
  const path = $('input[data-testid=county-path]') as HTMLInputElement
  path.value = '/收件'
  path.dispatchEvent(new Event('input', { bubbles: true }))
  await w.vm.$nextTick()
  $('[data-testid=county-import-start]')!.click()
}

describe('county import', () => {
  it('cancels a running import: the button calls the command and the rest is listed as not processed', async () => {
    const backend = installMockBackend({ mode: 'county', county: true, importStep: 40 })
    const w = mountApp(CountyImportView)
    await until(() => !!$('input[data-testid=county-path]'))
    expect($('[data-testid=county-import-cancel]')).toBeNull()
    await startImport(w)
    await until(() => !!$('[data-testid=county-import-cancel]'))
    await until(() => text('[data-testid=county-progress-file]').includes('01_凯峰水泥.xlsx'))
    expect(text('[data-testid=county-progress-file]')).toContain('已处理 1 / 11')
    $('[data-testid=county-import-cancel]')!.click()
    await until(() => backend.calls.some((c) => c.cmd === 'county_import_cancel'))
    await until(() => text('[data-testid=county-import-cancel]') === '正在取消…')
    await until(() => !!$('[data-testid=county-results]'))
    expect($('[data-testid=county-import-cancel]')).toBeNull()
    expect($('[data-testid=county-cancelled]')).not.toBeNull()
    const cancelled = Number(text('[data-testid=county-count-cancelled]'))
    expect(cancelled).toBeGreaterThan(0)
    expect(cancelled).toBeLessThan(11)
    expect(text('[data-testid=county-cancelled]')).toContain(`${cancelled} 个未处理`)
    expect(document.querySelectorAll('[data-outcome=cancelled]').length).toBe(cancelled)
    expect(text('[data-testid=county-notes]')).toContain('未处理（已取消）')
    w.unmount()
  })

  it('shows every outcome with the catalog’s words, explains the new ones and filters by outcome', async () => {
    installMockBackend({ mode: 'county', county: true })
    const w = mountApp(CountyImportView)
    await until(() => !!$('input[data-testid=county-path]'))
    await startImport(w)
    await until(() => !!$('[data-testid=county-results]'))
    const counts = Object.fromEntries(['accepted', 'stale', 'held', 'rejected', 'skipped', 'cancelled'].map((o) => [o, text(`[data-testid=county-count-${o}]`)]))
    expect(counts).toEqual({ accepted: '2', stale: '1', held: '4', rejected: '3', skipped: '1', cancelled: '0' })
    expect(text('.count-row')).toContain('已有更新版本')
    const notes = text('[data-testid=county-notes]')
    expect(notes).toContain('本文件作为历史版本保存，不影响汇总')
    expect(notes).toContain('文件结构异常或过大')
    expect(notes).toContain('一个单位不能替另一个单位签名')
    // A count box filters the table.
    ;($('[data-testid=county-count-stale]')!.closest('button') as HTMLElement).click()
    await w.vm.$nextTick()
    expect(document.querySelectorAll('[data-outcome]').length).toBe(1)
    expect($('[data-outcome=stale]')).not.toBeNull()
    // The keys waiting for a decision, by unit.
    await until(() => !!$('[data-testid=held-keys]'))
    expect(document.querySelectorAll('.held-unit').length).toBe(3)
    expect(text('[data-testid=held-unit-91522601MA00000232]')).toContain('与登记的不同')
    expect(text('[data-testid=held-unit-91522601MA00000419]')).toContain('暂存文件 2 份')
    expect($('[data-testid=held-unit-91522601MA00000661] [data-testid=held-other-unit]')).not.toBeNull()

    i18n.global.locale.value = 'en'
    await w.vm.$nextTick()
    expect(text('.count-row')).toContain('not processed (cancelled)')
    w.unmount()
  })
})

describe('processing rejected files again', () => {
  it('sends a rejected file back through the intake from its kept bytes', async () => {
    const backend = installMockBackend({ mode: 'county', county: true })
    const w = mountApp(CountyImportView)
    await until(() => !!$('input[data-testid=county-path]'))
    await startImport(w)
    await until(() => !!$('[data-testid=county-results]'))
    const buttons = document.querySelectorAll<HTMLElement>('[data-testid=county-reprocess]')
    expect(buttons.length).toBe(3)
    expect($('[data-testid=county-reprocess-all]')).not.toBeNull()
    buttons[0].click()
    await until(() => backend.calls.some((c) => c.cmd === 'county_reprocess'))
    const call = backend.calls.find((c) => c.cmd === 'county_reprocess')!
    expect((call.args as { sha256s: string[] }).sha256s).toHaveLength(1)
    await until(() => !!$('[data-testid=county-results]'))
    w.unmount()
  })
})

describe('key decisions', () => {
  it('rejects a held key only with a reason, and trusts one after the comparison', async () => {
    const backend = installMockBackend({ mode: 'county', county: true })
    const w = mountApp(CountyKeysView)
    await until(() => !!$('[data-testid=held-reject-91522601MA00000232]'))
    $('[data-testid=held-reject-91522601MA00000232]')!.click()
    await until(() => !!$('textarea[data-testid=held-why]'))
    const confirm = () => $('[data-testid=held-confirm]') as HTMLButtonElement
    expect(confirm().disabled).toBe(true)
    const why = $('textarea[data-testid=held-why]') as HTMLTextAreaElement
    why.value = '企业确认未更换密钥'
    why.dispatchEvent(new Event('input', { bubbles: true }))
    await w.vm.$nextTick()
    expect(confirm().disabled).toBe(false)
    confirm().click()
    await until(() => backend.calls.some((c) => c.cmd === 'county_key_reject'))
    expect(backend.calls.find((c) => c.cmd === 'county_key_reject')!.args).toEqual({
      uscc: '91522601MA00000232',
      fingerprint: '1A2B 3C4D 9F9F 7081 92A3 B4C5 2222 F809 1A2B 3C4D 5E6F 7081 AAAA B4C5 D6E7 F809',
      why: '企业确认未更换密钥',
    })
    await until(() => !$('[data-testid=held-unit-91522601MA00000232]'))

    $('[data-testid=held-trust-91522601MA00000419]')!.click()
    await until(() => !!$('[data-testid=held-dialog] [data-testid=fp-held]'))
    expect(text('[data-testid=held-dialog]')).toContain('密钥卡')
    ;($('[data-testid=held-confirm]') as HTMLButtonElement).click()
    await until(() => backend.calls.some((c) => c.cmd === 'county_key_trust'))
    await until(() => !$('[data-testid=held-unit-91522601MA00000419]'))
    await until(() => text('[data-testid=keys-table]').includes('凯里市某陶瓷有限公司'))
    w.unmount()
  })
})
