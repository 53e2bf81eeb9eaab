import { describe, expect, it, afterEach } from 'vitest'
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks'
import { api, normalizePack, toAppError } from './index'
import { i18n } from '../i18n'

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
    expect(toAppError('boom')).toEqual({ code: 'unavailable', message: 'boom', text: { zh: 'boom', en: 'boom' }, detail: null })
  })

  it('shows the half of the core message in the interface language, without parsing the message', () => {
    const wire = { code: 'invalid_input', message: '文件为空 (the file is empty)', text: { zh: '文件为空', en: 'the file is empty' }, detail: null }
    i18n.global.locale.value = 'zh-CN'
    expect(toAppError(wire).message).toBe('文件为空')
    i18n.global.locale.value = 'en'
    expect(toAppError(wire).message).toBe('the file is empty')
    i18n.global.locale.value = 'zh-CN'
  })

  it('returns command results', async () => {
    mockIPC((cmd) => (cmd === 'report_list' ? [{ id: 1, uscc: 'U', enterprise_name: '某厂', year: 2024, revision: 1, versions: 0, updated_at: '' }] : null))
    const list = await api.reportList()
    expect(list[0].enterprise_name).toBe('某厂')
  })
})

describe('commands added for the shell', () => {
  it('pass dialog arguments in camelCase and return what the shell picked', async () => {
    const seen: [string, unknown][] = []
    mockIPC((cmd, args) => {
      seen.push([cmd, args])
      if (cmd === 'dialog_open') return ['/a/b.xlsx']
      if (cmd === 'dialog_save') return null
      return null
    })
    expect(await api.dialogOpen('选择文件', ['xlsx'], false, true)).toEqual(['/a/b.xlsx'])
    expect(await api.dialogSave('另存为', '某厂-2024-能源利用状况报告.xlsx')).toBeNull()
    expect(seen).toEqual([
      ['dialog_open', { title: '选择文件', extensions: ['xlsx'], directory: false, multiple: true }],
      ['dialog_save', { title: '另存为', defaultName: '某厂-2024-能源利用状况报告.xlsx' }],
    ])
  })

  it('reads the pack table list whether it arrives as "table" or "tables"', async () => {
    const info = { id: 'national', version: '2025.1', name: '全国', province: '全国', deadline: '03-31', source: '' }
    mockIPC(() => ({ pack: info, table: [{ id: 'basic' }] }))
    expect((await api.pack('national')).tables.map((t) => t.id)).toEqual(['basic'])
    expect(normalizePack({ pack: info, tables: [] }).tables).toEqual([])
  })

  it('maps errors of any command the same way', async () => {
    mockIPC(() => {
      throw 'shell gone'
    })
    await expect(api.dialogOpen('x', [], true, false)).rejects.toEqual({ code: 'unavailable', message: 'shell gone', text: { zh: 'shell gone', en: 'shell gone' }, detail: null })
  })
})
