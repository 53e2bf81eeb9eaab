import { defineStore } from 'pinia'
import { api, type AppError, type Computed, type Report, type ReportSummary } from './api'

export const useReports = defineStore('reports', {
  state: () => ({
    list: [] as ReportSummary[],
    current: null as Report | null,
    computed: null as Computed | null,
    error: null as AppError | null,
    loading: false,
  }),
  actions: {
    async load() {
      this.loading = true
      this.error = null
      try {
        this.list = await api.reportList()
        if (this.list.length > 0 && !this.current) {
          await this.open(this.list[0].uscc, this.list[0].year)
        }
      } catch (e) {
        this.error = e as AppError
      } finally {
        this.loading = false
      }
    },
    async open(uscc: string, year: number) {
      try {
        this.current = await api.reportGet(uscc, year)
        this.computed = await api.reportCompute(this.current)
      } catch (e) {
        this.error = e as AppError
      }
    },
  },
})
