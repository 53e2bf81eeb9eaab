// 设置's key card shows what 导出's shows: the public key as text and the QR code beside the
// fingerprint (it once had the fingerprint only).
import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { createPinia, setActivePinia } from 'pinia'
import { installMockBackend } from '../mock/backend'
import { mountApp } from '../test/setup'
import { useApp } from '../stores/app'
import SettingsView from './SettingsView.vue'

afterEach(() => {
  clearMocks()
  document.body.innerHTML = ''
})

async function until(cond: () => boolean, ms = 4000) {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const $ = (sel: string) => document.querySelector<HTMLElement>(sel)

describe('the key card in 设置', () => {
  it('carries the public key and its QR code, like the export page', async () => {
    const backend = installMockBackend({ mode: 'enterprise' })
    const pinia = createPinia()
    setActivePinia(pinia)
    const app = useApp()
    await app.init()
    app.settings.key_path = '/home/user/密钥/企业.key'
    mountApp(SettingsView, {}, pinia)
    await until(() => !!$('[data-testid=key-card-show]') && !$('[data-testid=key-card-show]')!.hasAttribute('disabled'))
    $('[data-testid=key-card-show]')!.click()
    await until(() => !!$('[data-testid=key-card-dialog] [data-testid=key-card]'))
    await until(() => !!$('[data-testid=key-card] img'))
    expect($('[data-testid=key-card-public-key]')?.textContent?.replace(/\s/g, '')).toBe('04' + 'ab'.repeat(64))
    expect(backend.calls.some((c) => c.cmd === 'key_card')).toBe(true)
  })
})
