import { describe, expect, it } from 'vitest'
import type { PackTable } from '../api'
import { groupOf, groupTables, shortTitle } from './tableList'

const t = (id: string, number: string, sheet: string) => ({ id, number, sheet, title: `${number}标题` }) as unknown as PackTable

describe('the grouped table list', () => {
  it('groups by the table number', () => {
    expect(groupOf('表2-1')).toBe('energy')
    expect(groupOf('碳表3')).toBe('carbon')
    expect(groupOf('减排表1')).toBe('reduction')
    expect(groupOf('附表')).toBe('other')
  })

  it('shows the sheet name without its number', () => {
    expect(shortTitle(t('energy', '表2', '表2 能源消费结构'))).toBe('能源消费结构')
    expect(shortTitle(t('x', '附表', '情况说明'))).toBe('附表标题')
  })

  it('keeps pack order in each group and takes added entries', () => {
    const tables = [t('basic', '表1', '表1 基本情况'), t('carbon', '碳表1', '碳1 二氧化碳排放'), t('energy', '表2', '表2 能源消费结构'), t('j', '附表', '情况说明')]
    const g = groupTables(tables, [
      { id: 'carbon-overview', number: '', title: '碳排放总览', group: 'carbon', view: 'carbon' },
      { id: 'late', number: '', title: '末尾', group: 'energy', after: true },
    ])
    expect(g.map((x) => x.group)).toEqual(['energy', 'carbon', 'other'])
    expect(g[0].entries.map((e) => e.id)).toEqual(['basic', 'energy', 'late'])
    expect(g[1].entries.map((e) => e.id)).toEqual(['carbon-overview', 'carbon'])
  })
})
