// The offices below a city over the fake backend: who filed, who waits for a key decision and who
// is missing, what re-checking found; trusting a held office key takes its summary in. And the
// shell names the level and shows the screen to levels that have offices below only.
import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { installMockBackend } from '../../mock/backend'
import { mountApp } from '../../test/setup'
import { i18n } from '../../i18n'
import CountyOfficesView from './CountyOfficesView.vue'
import CountyShell from './CountyShell.vue'

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

describe('offices below', () => {
  it('lists the offices with their status and the findings, and trusting a held key takes its summary in', async () => {
    const backend = installMockBackend({ mode: 'county', county: true, countyLevel: 'city' })
    mountApp(CountyOfficesView)
    await until(() => text('[data-testid=offices-table]').includes('施秉县发展和改革局'))
    const table = text('[data-testid=offices-table]')
    expect(table).toContain('有错误')
    expect(table).toContain('密钥待确认')
    expect(table).toContain('未报送')
    expect(text('[data-testid=offices-findings]')).toContain('汇总为1.0000')
    expect(text('[data-testid=office-held-keys]')).toContain('黄平县发展和改革局')
    $('[data-testid=office-key-trust]')!.click()
    await until(() => !!$('[data-testid=office-key-confirm]'))
    $('[data-testid=office-key-confirm]')!.click()
    await until(() => backend.calls.some((c) => c.cmd === 'county_office_trust' && c.args.division === '522622'))
    await until(() => !$('[data-testid=office-held-keys]'))
  })

  it('the shell shows the level, and the offices screen only where there are offices below', async () => {
    installMockBackend({ mode: 'county', county: true, countyLevel: 'city' })
    mountApp(CountyShell)
    await until(() => text('[data-testid=county-mode-tag]') === '市级汇总')
    expect($('[data-testid=nav-county-offices]')).not.toBeNull()
    clearMocks()
    document.body.innerHTML = ''
    installMockBackend({ mode: 'county', county: true })
    mountApp(CountyShell)
    await until(() => text('[data-testid=county-mode-tag]') === '县级汇总')
    expect($('[data-testid=nav-county-offices]')).toBeNull()
  })
})
