// Labels of the coded dropdown lists. The catalog gives [code, label] pairs; energy codes and
// pollutants carry only their code there, so their names come from the catalog and the locale.
import type { Catalog } from '../api'
import { tr } from '../i18n'

export const POLLUTANTS = ['COD', 'NH3-N', 'NOx', 'VOCs', 'SO2', 'PM'] as const

export function pollutantName(code: string): string {
  const key = `pollutant.${code}`
  const s = tr(key)
  return s === key ? code : s
}

export function listOptionsFor(list: string, catalog: Catalog | null | undefined, _locale?: string): [string, string][] {
  if (!list) return []
  if (list === 'energy_codes' && catalog) return catalog.energy.map((e) => [e.code, `${e.code} ${e.name}`])
  const pairs = catalog?.lists[list] ?? []
  if (list === 'pollutants') {
    const codes = pairs.length > 0 ? pairs.map(([c]) => c) : [...POLLUTANTS]
    return codes.map((c) => [c, `${c} ${pollutantName(c)}`])
  }
  if (list === 'yes_no') return pairs.map(([c]) => [c, c === '是' ? tr('common.yes') : c === '否' ? tr('common.no') : c])
  if (['metering_levels', 'record_frequencies', 'review_status'].includes(list)) {
    return pairs.map(([c, l]) => {
      const key = `lists.${list}.${c}`
      const s = tr(key)
      return [c, s === key ? l : s]
    })
  }
  return pairs
}

export function listLabel(list: string, code: string, catalog: Catalog | null | undefined, locale?: string): string {
  const hit = listOptionsFor(list, catalog, locale).find(([c]) => c === code)
  return hit ? hit[1] : code
}
