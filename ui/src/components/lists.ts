// Options and labels of the coded dropdown lists, all from the core's catalog: each entry carries
// its code, its Chinese and its English label (`ListEntry`), and the interface shows the half of
// its language. The interface keeps no list of its own.
import type { Catalog, ListEntry } from '../api'
import { i18n } from '../i18n'

/** The label of an entry in `lang` (Chinese unless English). */
export function entryLabel(e: ListEntry, lang: string = i18n.global.locale.value): string {
  return lang === 'en' ? e.en : e.zh
}

/** Options of a list as [code, label] in `lang` (the interface language by default). */
export function listOptionsFor(list: string, catalog: Catalog | null | undefined, lang?: string): [string, string][] {
  if (!list) return []
  return (catalog?.lists[list] ?? []).map((e) => [e.code, entryLabel(e, lang)])
}

/** The label of `code` in a list; the code itself when the catalog lacks it. */
export function listLabel(list: string, code: string, catalog: Catalog | null | undefined, lang?: string): string {
  const hit = catalog?.lists[list]?.find((e) => e.code === code)
  return hit ? entryLabel(hit, lang) : code
}

/** A pollutant as the lists show it: its code and name ("NOx 氮氧化物"). */
export function pollutantLabel(code: string, catalog: Catalog | null | undefined, lang?: string): string {
  return listLabel('pollutants', code, catalog, lang)
}

/** A pollutant's name alone ("氮氧化物"), for beside its code. */
export function pollutantName(code: string, catalog: Catalog | null | undefined, lang?: string): string {
  const label = pollutantLabel(code, catalog, lang)
  return label.startsWith(`${code} `) ? label.slice(code.length + 1) : ''
}
