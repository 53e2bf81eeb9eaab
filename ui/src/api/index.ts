// The only module that talks to the Rust side. Errors arrive as {code, message, detail}.
import { invoke } from '@tauri-apps/api/core'

export interface AppError {
  code: 'invalid_input' | 'not_found' | 'storage' | 'too_new' | 'internal' | 'unavailable'
  message: string
  detail: string | null
}

export function toAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return e as AppError
  }
  return { code: 'unavailable', message: String(e), detail: null }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    throw toAppError(e)
  }
}

export interface ReportSummary {
  id: number
  uscc: string
  enterprise_name: string
  year: number
  revision: number
  versions: number
  updated_at: string
}

export interface RowFigures {
  code: string
  name: string
  unit: string
  factor: string
  tce: string
  total_tce: string
  equal_value_tce: string
  feedstock_tce: string
}

export interface Computed {
  year: number
  industrial_basis: boolean
  rows: RowFigures[]
  comprehensive_energy_tce: string
  comprehensive_energy_equal_value_tce: string
  feedstock_tce: string
  green_electricity_tce: string
  assessed_tce: string
  energy_cost: string
  per_output_value: string | null
  per_value_added: string | null
}

// The report is passed through as the JSON contract nengbao.report/1.
export type Report = Record<string, unknown> & { year: number; enterprise: { name: string; uscc: string } }

export const api = {
  reportList: () => call<ReportSummary[]>('report_list'),
  reportGet: (uscc: string, year: number) => call<Report>('report_get', { uscc, year }),
    reportCompute: (report: Report) => call<Computed>('report_compute', { report }),
  appReady: () => call<void>('app_ready'),
}
