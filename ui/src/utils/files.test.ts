import { describe, expect, it } from 'vitest'
import { joinPath, reportFileName, safeFileName, templateFileName } from './files'

describe('file names', () => {
  it('name a report 单位-年度-能源利用状况报告.xlsx', () => {
    expect(reportFileName('黔东南州凯峰水泥有限公司', 2024, '能源利用状况报告')).toBe('黔东南州凯峰水泥有限公司-2024-能源利用状况报告.xlsx')
  })

  it('make a unit name safe as a file name on every system', () => {
    expect(reportFileName('A/B:C*厂?', 2024, '能源利用状况报告')).toBe('A_B_C_厂_-2024-能源利用状况报告.xlsx')
    expect(safeFileName('  .某厂.  ')).toBe('某厂')
    expect(safeFileName('a\tb\nc')).toBe('a b c')
    expect(safeFileName('///')).toBe('___')
    expect(safeFileName('')).toBe('_')
  })

  it('name the blank template after the pack', () => {
    expect(templateFileName('能源利用状况报告-2024年度-空白模板', '全国通用表式')).toBe('能源利用状况报告-2024年度-空白模板（全国通用表式）.xlsx')
    expect(templateFileName('t', '')).toBe('t.xlsx')
  })

  it('join a folder and a name with the folder’s own separator', () => {
    expect(joinPath('/home/user/文档', 'a.xlsx')).toBe('/home/user/文档/a.xlsx')
    expect(joinPath('/home/user/', 'a.xlsx')).toBe('/home/user/a.xlsx')
    expect(joinPath('C:\\Users\\张敏\\Documents', 'a.xlsx')).toBe('C:\\Users\\张敏\\Documents\\a.xlsx')
    expect(joinPath('', 'a.xlsx')).toBe('a.xlsx')
  })
})
