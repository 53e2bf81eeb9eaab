import { afterEach, describe, expect, it } from 'vitest'
import type { FileResult, LogEntry } from '../api'
import { i18n } from '../i18n'
import { inLanguage } from './text'

const held: FileResult = {
  file: '02_化工.xlsx',
  outcome: 'held',
  reason: 'key_changed',
  uscc: '91522601MA00000232',
  name: '凯里市某化工有限公司',
  year: 2024,
  errors: 0,
  warnings: 0,
  message: {
    zh: '签名正确，但所用密钥（指纹 AB12 CD34）与登记的密钥不同，已暂存；请向企业核实后接受或拒绝新密钥',
    en: 'the signature is valid, but the key (fingerprint AB12 CD34) is not the registered one; held — check with the unit, then accept or reject the new key',
  },
  sha256: 'bb',
  fingerprint: 'ab12cd34',
}

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('inLanguage', () => {
  it('shows the Chinese half in zh-CN and the English half in en, as the core wrote them', () => {
    expect(inLanguage(held.message)).toBe(held.message.zh)
    i18n.global.locale.value = 'en'
    expect(inLanguage(held.message)).toBe(held.message.en)
    expect(inLanguage(held.message, 'zh-CN')).toBe(held.message.zh)
  })

  it('never splits a message: parentheses in either half stay where they are', () => {
    const entry: LogEntry = {
      run_id: 1,
      seq: 1,
      file: '04_random.xlsx',
      sha256: 'cc',
      outcome: 'rejected',
      reason: 'unreadable',
      message: { zh: '无法识别的文件：不是xlsx工作簿：文件不是zip格式 (zip)', en: 'unrecognised file: not an xlsx workbook (zip)' },
      uscc: null,
      year: null,
    }
    expect(inLanguage(entry.message, 'zh-CN')).toBe('无法识别的文件：不是xlsx工作簿：文件不是zip格式 (zip)')
    expect(inLanguage(entry.message, 'en')).toBe('unrecognised file: not an xlsx workbook (zip)')
  })
})
