import { describe, expect, it, afterEach } from 'vitest'
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks'
import { api, toAppError } from './index'

afterEach(() => clearMocks())

describe('api error mapping', () => {
  it('passes the wire error through', async () => {
    mockIPC(() => {
      throw { code: 'not_found', message: 'no report for X in 2024', detail: null }
    })
    await expect(api.reportGet('X', 2024)).rejects.toEqual({
      code: 'not_found',
      message: 'no report for X in 2024',
      detail: null,
    })
  })

  it('wraps anything else as unavailable', () => {
    expect(toAppError('boom')).toEqual({ code: 'unavailable', message: 'boom', detail: null })
  })

  it('returns command results', async () => {
    mockIPC((cmd) => (cmd === 'report_list' ? [{ id: 1, uscc: 'U', enterprise_name: '某厂', year: 2024, revision: 1, versions: 0, updated_at: '' }] : null))
    const list = await api.reportList()
    expect(list[0].enterprise_name).toBe('某厂')
  })
})
