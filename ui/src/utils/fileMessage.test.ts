import { afterEach, describe, expect, it } from 'vitest'
import type { FileResult } from '../api'
import { i18n } from '../i18n'
import { fileMessage } from './fileMessage'

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
    expect(fileMessage(row({}))).toContain('表1 基本情况!C5')
  })

  it('translates by reason in English, with the counts and fingerprint', () => {
    i18n.global.locale.value = 'en'
    expect(fileMessage(row({}))).toMatch(/changed after signing/)
    expect(fileMessage(row({ outcome: 'accepted_with_warnings', reason: 'ok', errors: 1, warnings: 2, message: '已接收，复核发现1个错误、2个未说明的警告' }))).toBe(
      'Accepted; the re-check found 1 error(s) and 2 unexplained warning(s)',
    )
    expect(fileMessage(row({ outcome: 'held', reason: 'key_changed', fingerprint: 'AB12' }))).toContain('AB12')
  })

  it('falls back to the English part of a message with an unknown reason', () => {
    i18n.global.locale.value = 'en'
    expect(fileMessage(row({ reason: 'something_new', message: '文件为空 (the file is empty)' }))).toBe('the file is empty')
  })
})
