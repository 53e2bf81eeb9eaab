import { afterEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { attempt } from './attempt'

afterEach(() => vi.restoreAllMocks())

describe('attempt', () => {
  it('keeps busy true while the work runs and false after', async () => {
    const busy = ref(false)
    let during = false
    await attempt(async () => {
      during = busy.value
    }, busy)
    expect(during).toBe(true)
    expect(busy.value).toBe(false)
  })

  it('shows a failure as an error message and still clears busy', async () => {
    const shown = vi.spyOn(ElMessage, 'error').mockImplementation(() => ({ close: () => {} }) as never)
    const busy = ref(false)
    await attempt(async () => {
      throw { code: 'storage', message: '磁盘已满', detail: null }
    }, busy)
    expect(shown).toHaveBeenCalledWith('磁盘已满')
    expect(busy.value).toBe(false)
  })
})
