import { describe, expect, it } from 'vitest'
import { inLanguage } from './bilingual'

describe('inLanguage', () => {
  const both = '无法识别的文件：无法读取：不是xlsx工作簿：文件不是zip格式 (not an xlsx workbook)'

  it('shows only the Chinese in zh-CN', () => {
    expect(inLanguage(both, 'zh-CN')).toBe('无法识别的文件：无法读取：不是xlsx工作簿：文件不是zip格式')
  })

  it('shows the English part in en', () => {
    expect(inLanguage(both, 'en')).toBe('not an xlsx workbook')
  })

  it('keeps parentheses that belong to the Chinese text', () => {
    const zh = '解压后超过200MB（可能是压缩炸弹）'
    expect(inLanguage(zh, 'zh-CN')).toBe(zh)
    const code = '统一社会信用代码校验位错误 (GB 32100)：请核对'
    expect(inLanguage(code, 'zh-CN')).toBe(code)
  })

  it('leaves messages without a Chinese part alone', () => {
    expect(inLanguage('database is locked (code 5)', 'zh-CN')).toBe('database is locked (code 5)')
    expect(inLanguage('已接收', 'en')).toBe('已接收')
  })
})
