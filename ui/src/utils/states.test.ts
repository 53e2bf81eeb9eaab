import { afterEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { StateLabels } from '../api'
import { i18n } from '../i18n'
import catalog from '../mock/fixtures/catalog.json'
import { useApp } from '../stores/app'
import { findLabel, stateLabel, useStates } from './states'

const states = catalog.states as StateLabels

afterEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('labels of the closed sets, from the catalog', () => {
  it('reads each set in Chinese and in English', () => {
    expect(stateLabel(states, 'file_outcome', 'stale', 'zh-CN')).toBe('已有更新版本')
    expect(stateLabel(states, 'file_outcome', 'cancelled', 'zh-CN')).toBe('未处理（已取消）')
    expect(stateLabel(states, 'file_outcome', 'cancelled', 'en')).toBe('not processed (cancelled)')
    expect(stateLabel(states, 'reason', 'key_of_other_unit', 'zh-CN')).toBe('密钥属于其他单位')
    expect(stateLabel(states, 'reason', 'key_of_other_unit', 'en')).toBe('key registered to another unit')
    expect(stateLabel(states, 'submission_status', 'superseded', 'zh-CN')).toBe('历史版本')
    expect(stateLabel(states, 'key_status', 'changed', 'zh-CN')).toBe('与登记的不同')
    expect(stateLabel(states, 'key_source', 'key_card', 'en')).toBe('registered from the key card')
    expect(stateLabel(states, 'filing_status', 'key_changed', 'zh-CN')).toBe('密钥变更待处理')
  })

  it('shows the code itself when the catalog lacks it', () => {
    expect(findLabel(states, 'reason', 'something_new', 'en')).toBeUndefined()
    expect(stateLabel(states, 'reason', 'something_new', 'en')).toBe('something_new')
    expect(stateLabel(null, 'reason', 'ok', 'zh-CN')).toBe('ok')
  })

  it('follows the interface language over the app’s catalog', () => {
    setActivePinia(createPinia())
    useApp().catalog = catalog as never
    const { label } = useStates()
    expect(label('file_outcome', 'held')).toBe('暂存待确认')
    i18n.global.locale.value = 'en'
    expect(label('file_outcome', 'held')).toBe('held')
  })
})
