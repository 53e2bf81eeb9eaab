import type { Ref } from 'vue'
import { ElMessage } from 'element-plus'
import type { AppError } from '../api'

/**
 * Runs what a button or menu starts: `busy` (when given) is true meanwhile, and a failure is
 * shown to the user as an error message rather than escaping as an unhandled rejection.
 */
export async function attempt(work: () => Promise<void>, busy?: Ref<boolean>): Promise<void> {
  if (busy) busy.value = true
  try {
    await work()
  } catch (e) {
    ElMessage.error((e as AppError).message)
  } finally {
    if (busy) busy.value = false
  }
}
