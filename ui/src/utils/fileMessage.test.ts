import { afterEach, describe, expect, it } from 'vitest'
import type { FileResult, StateLabels } from '../api'
import { i18n } from '../i18n'
import catalog from '../mock/fixtures/catalog.json'
import { fileMessage } from './fileMessage'

const states = catalog.states as StateLabels

const row = (over: Partial<FileResult>): FileResult => ({
  file: 'a.xlsx',
  outcome: 'rejected',
  reason: 'tampered',
  uscc: null,
  name: null,
  year: 2024,
  errors: 0,
  warnings: 0,
  message: '数据在签名后被改动，共1处：表1 基本情况!C5（签名时 1，现为 2）',
  sha256: '',
  fingerprint: null,
  ...over,
})

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('fileMessage', () => {
  it('keeps the core’s detailed Chinese message in zh-CN', () => {
    expect(fileMessage(row({}), states)).toBe('数据在签名后被改动，共1处：表1 基本情况!C5（签名时 1，现为 2）')
    expect(fileMessage(row({ outcome: 'stale', reason: 'stale', message: '已有更新的版本（当前为第2版），本文件签署在前，作为第1版历史保存，不影响汇总' }), states)).toContain('不影响汇总')
  })

  it('leads with the catalog’s English label of the reason in English', () => {
    i18n.global.locale.value = 'en'
    expect(fileMessage(row({}), states)).toBe('changed after signing')
    expect(fileMessage(row({ reason: 'oversized', message: '文件过大' }), states)).toBe('malformed or too large')
    expect(fileMessage(row({ outcome: 'cancelled', reason: 'cancelled', message: '导入已取消' }), states)).toBe('cancelled')
  })

  it('adds the figures the file carries: re-check counts, held key, signed revision', () => {
    i18n.global.locale.value = 'en'
    expect(fileMessage(row({ outcome: 'accepted_with_warnings', reason: 'ok', errors: 1, warnings: 2, message: '已接收，复核发现1个错误、2个未说明的警告' }), states)).toBe(
      'accepted with findings — re-check: 1 error(s), 2 unexplained warning(s)',
    )
    expect(fileMessage(row({ outcome: 'accepted', reason: 'ok', message: '已接收' }), states)).toBe('accepted')
    const held = fileMessage(row({ outcome: 'held', reason: 'key_changed', fingerprint: 'ab12cd34' }), states)
    expect(held).toBe('key differs from the registered one — key AB12 CD34')
    expect(fileMessage(row({ outcome: 'stale', reason: 'stale', revision: 2 }), states)).toBe('a newer signed version is already current — signed revision 2')
  })

  it('falls back to the English part of the message when the catalog has no label', () => {
    i18n.global.locale.value = 'en'
    expect(fileMessage(row({ message: '文件为空 (the file is empty)' }), null)).toBe('the file is empty')
  })
})
