// The words of intake's closed sets (file outcomes, reasons, submission, key and filing
// statuses) come from the core's catalog in both languages; the interface keeps no copy.
import { computed } from 'vue'
import type { StateLabels } from '../api'
import { i18n } from '../i18n'
import { useApp } from '../stores/app'

export type StateSet = keyof StateLabels

/** The label of `code` in `set`, in `lang`; undefined when the catalog lacks it. */
export function findLabel(states: StateLabels | null | undefined, set: StateSet, code: string, lang: string): string | undefined {
  const l = states?.[set]?.find((x) => x.code === code)
  return l && (lang === 'en' ? l.en : l.zh)
}

/** The label of `code` in `set`, in `lang`; the code itself when the catalog lacks it. */
export function stateLabel(states: StateLabels | null | undefined, set: StateSet, code: string, lang: string): string {
  return findLabel(states, set, code, lang) ?? code
}

/** Label lookup in the interface language, over the app's catalog (loaded on first use). */
export function useStates() {
  const app = useApp()
  if (!app.catalog) void app.loadCatalog()
  const states = computed(() => app.catalog?.states ?? null)
  const label = (set: StateSet, code: string) => stateLabel(states.value, set, code, i18n.global.locale.value)
  /** The codes of `set` in the core's order (empty until the catalog has loaded). */
  const codes = <C extends string>(set: StateSet): C[] => (states.value?.[set] ?? []).map((l) => l.code as C)
  return { states, label, codes }
}
