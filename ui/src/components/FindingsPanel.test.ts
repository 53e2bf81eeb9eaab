import { describe, expect, it } from 'vitest'
import type { Finding } from '../api'
import FindingsPanel from './FindingsPanel.vue'
import { mountApp } from '../test/setup'

const findings: Finding[] = [
  { rule: 'RF001', severity: 'error', message: { zh: '统一社会信用代码校验位有误。', en: 'Wrong check character.' }, location: { path: 'enterprise.uscc', sheet: '表1 基本情况', cell: 'B4' } },
  { rule: 'EN011', severity: 'warning', message: { zh: '天然气的采用折标系数超出参考范围。', en: 'Coefficient out of range.' }, location: { path: 'energy[2].factor', sheet: '表2 能源消费结构', cell: 'M8' } },
  { rule: 'YY001', severity: 'warning', message: { zh: '综合能源消费量变化超过30%。', en: 'Changed by more than 30%.' }, location: { path: 'indicators.comprehensive_energy_tce.current' }, justification: '新生产线投产' },
  { rule: 'CP002', severity: 'error', message: { zh: '未填写能源管理负责人职称。', en: 'Title missing.' }, location: { path: 'enterprise.energy_manager.title' } },
  { rule: 'PR006', severity: 'info', message: { zh: '达到能效标杆水平。', en: 'Reaches the benchmark.' }, location: { path: 'products[0].numerator' } },
]

describe('the findings panel', () => {
  it('groups by severity with counts, errors first', () => {
    const w = mountApp(FindingsPanel, { props: { findings } })
    const groups = w.findAll('.fgroup')
    expect(groups.map((g) => g.attributes('data-severity'))).toEqual(['error', 'warning', 'info'])
    expect(w.get('[data-testid=findings-group-error]').text()).toBe('2')
    expect(w.get('[data-testid=findings-group-warning]').text()).toBe('2')
    expect(w.get('[data-testid=findings-group-info]').text()).toBe('1')
    expect(w.get('[data-testid=findings-count-error]').text()).toBe('2')
    expect(groups[0].text()).toContain('错误')
    expect(groups[1].text()).toContain('警告')
    expect(groups[2].text()).toContain('提示')
    expect(groups[0].findAll('[data-testid^=finding-]').map((f) => f.attributes('data-testid'))).toEqual(['finding-RF001', 'finding-CP002'])
    w.unmount()
  })

  it('lists what is only not filled in yet as 待填写, apart from the errors and not counted with them', () => {
    const w = mountApp(FindingsPanel, { props: { findings, pending: (f: Finding) => f.rule.startsWith('CP') } })
    expect(w.findAll('.fgroup').map((g) => g.attributes('data-severity'))).toEqual(['error', 'todo', 'warning', 'info'])
    expect(w.get('[data-testid=findings-count-error]').text()).toBe('1')
    expect(w.get('[data-testid=findings-count-todo]').text()).toBe('1')
    const todo = w.get('.fgroup[data-severity=todo]')
    expect(todo.text()).toContain('待填写')
    expect(todo.findAll('[data-testid^=finding-]').map((f) => f.attributes('data-testid'))).toEqual(['finding-CP002'])
    w.unmount()
  })

  it('shows the message, rule and sheet!cell, and marks explained warnings', () => {
    const w = mountApp(FindingsPanel, { props: { findings } })
    const en011 = w.get('[data-testid=finding-EN011]')
    expect(en011.text()).toContain('天然气的采用折标系数超出参考范围。')
    expect(en011.text()).toContain('EN011')
    expect(en011.text()).toContain('表2 能源消费结构!M8')
    expect(en011.attributes('data-path')).toBe('energy[2].factor')
    expect(w.get('[data-testid=finding-YY001]').text()).toContain('已说明')
    expect(en011.text()).not.toContain('已说明')
    w.unmount()
  })

  it('emits the path of a clicked finding', async () => {
    const w = mountApp(FindingsPanel, { props: { findings } })
    await w.get('[data-testid=finding-EN011]').trigger('click')
    await w.get('[data-testid=finding-RF001]').trigger('click')
    expect(w.emitted('focus')).toEqual([['energy[2].factor'], ['enterprise.uscc']])
    w.unmount()
  })

  it('takes a justification for warnings only, hinting when it is too short', async () => {
    const w = mountApp(FindingsPanel, { props: { findings, minChars: 6, justificationOf: (rule: string) => (rule === 'YY001' ? '新生产线投产' : '') } })
    expect(w.find('[data-testid=justify-RF001]').exists()).toBe(false)
    const area = w.get('textarea[data-testid=justify-EN011]')
    expect((w.get('textarea[data-testid=justify-YY001]').element as HTMLTextAreaElement).value).toBe('新生产线投产')
    await area.setValue('实测')
    expect(w.text()).toContain('不少于6个字才计入')
    await area.setValue('按化验报告实测热值')
    expect(w.text()).not.toContain('不少于6个字才计入')
    await w.get('[data-testid=justify-save-EN011]').trigger('click')
    expect(w.emitted('justify')).toEqual([['EN011', 'energy[2].factor', '按化验报告实测热值']])
    expect(w.emitted('focus')).toBeUndefined()
    w.unmount()
  })

  it('shows English messages in English', async () => {
    const w = mountApp(FindingsPanel, { props: { findings } })
    const { i18n } = await import('../i18n')
    i18n.global.locale.value = 'en'
    await w.vm.$nextTick()
    expect(w.get('[data-testid=finding-EN011]').text()).toContain('Coefficient out of range.')
    expect(w.text()).toContain('Warnings')
    i18n.global.locale.value = 'zh-CN'
    w.unmount()
  })
})
