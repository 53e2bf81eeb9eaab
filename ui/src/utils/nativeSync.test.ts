import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { ElInput } from 'element-plus'
import { mountApp } from '../test/setup'
import { syncNativeChanges } from './nativeSync'

describe('changes made without typing', () => {
  it('reach the model (WebDriver clear fires change only)', async () => {
    const off = syncNativeChanges()
    const model = ref('2024')
    const w = mountApp(defineComponent({ setup: () => () => h(ElInput, { modelValue: model.value, 'onUpdate:modelValue': (v: string) => (model.value = v), 'data-testid': 'year' }) }))
    const input = w.get('input[data-testid=year]').element as HTMLInputElement
    input.value = ''
    input.dispatchEvent(new Event('change', { bubbles: true }))
    await w.vm.$nextTick()
    expect(model.value).toBe('')
    expect(input.value).toBe('')
    off()
    w.unmount()
  })
})
