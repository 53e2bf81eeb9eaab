import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, type AppError, type CountyInfo } from '../api'

/** The county workspace: its identity and the year being worked on. */
export const useCounty = defineStore('county', () => {
  const info = ref<CountyInfo | null>(null)
  const loaded = ref(false)
  const error = ref<AppError | null>(null)
  const year = ref(new Date().getFullYear() - 1)
  /** A submission to open in 报告查看 (set from the roster or the file list). */
  const viewing = ref<{ uscc: string; year: number } | null>(null)

  async function load() {
    try {
      info.value = await api.countyInfo()
      error.value = null
    } catch (e) {
      error.value = e as AppError
    } finally {
      loaded.value = true
    }
  }

  async function init(division: string, name: string) {
    info.value = await api.countyInit(division, name)
  }

  return { info, loaded, error, year, viewing, load, init }
})

export const OUTCOME_TAG: Record<string, 'success' | 'warning' | 'info' | 'danger' | 'primary'> = {
  accepted: 'success',
  accepted_with_warnings: 'warning',
  held: 'primary',
  rejected: 'danger',
  skipped: 'info',
}

export const ROSTER_TAG: Record<string, 'success' | 'warning' | 'info' | 'danger' | 'primary'> = {
  filed: 'success',
  missing: 'info',
  late: 'warning',
  failing: 'danger',
  key_unconfirmed: 'primary',
  key_changed: 'warning',
}
