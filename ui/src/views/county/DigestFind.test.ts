// 按摘要查找 over the fake backend: a scanned QR code or the first digits as read off the paper
// find the submission; too few digits say what to type.
import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { installMockBackend } from '../../mock/backend'
import { mountApp } from '../../test/setup'
import DigestFind from './DigestFind.vue'

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
const text = (sel: string) => $(sel)?.textContent?.trim() ?? ''
const DIGEST = '9fba678f39ebe1ec6388f5455d7e7aa834f8287f3e6bdf7fdf053e05f7123c89'

async function search(w: { vm: { $nextTick: () => Promise<void> } }, q: string) {
  const input = $('[data-testid=digest-find-input] input, input[data-testid=digest-find-input]') as HTMLInputElement
  input.value = q
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await w.vm.$nextTick()
  $('[data-testid=digest-find-go]')!.click()
}

describe('find by digest', () => {
  it('finds the submission by a scanned QR code, by the first digits, and says what to type', async () => {
    const backend = installMockBackend({ mode: 'county', county: true })
    const w = mountApp(DigestFind)
    await until(() => !!$('[data-testid=digest-find-input] input, input[data-testid=digest-find-input]'))
    const qr = `NENGBAO-SUB:1:91522601MA6DQ7K169:2024:${DIGEST}:AEEC8F6D`
    await search(w, qr)
    await until(() => !!$('[data-testid=digest-find-results]'))
    expect(backend.calls.find((c) => c.cmd === 'county_find')?.args.query).toBe(qr)
    expect(text('[data-testid=digest-find-digest]')).toBe(DIGEST)
    expect(text('[data-testid=digest-find-results]')).toContain('01_凯峰水泥.xlsx')
    expect(text('[data-testid=digest-find-results]')).toContain('第1版')

    await search(w, '0000 0000')
    await until(() => !!$('[data-testid=digest-find-none]'))
    expect(text('[data-testid=digest-find-none]')).toContain('没有找到')

    await search(w, '9f')
    await until(() => !!$('[data-testid=digest-find-error]'))
    expect(text('[data-testid=digest-find-error]')).toContain('至少6位')
    w.unmount()
  })
})
