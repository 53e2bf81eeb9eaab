import type { FileResult, StateLabels } from '../api'
import { i18n } from '../i18n'
import { inLanguage } from './bilingual'
import { groupFingerprint } from './format'
import { findLabel } from './states'

/**
 * The clerk's explanation of an imported file's outcome, in the interface language. The core
 * writes it in Chinese with the specifics (changed cells, version numbers), which zh-CN shows
 * as is. In English the reason's label from the catalog leads (the outcome's, for a file taken
 * as it is), followed by the figures the file carries: re-check counts, the signing key of a
 * held file, the signed revision of a past version.
 */
export function fileMessage(row: FileResult, states: StateLabels | null | undefined, lang: string = i18n.global.locale.value): string {
  if (lang !== 'en') return inLanguage(row.message, 'zh-CN')
  const { t } = i18n.global
  const main = row.reason === 'ok' ? findLabel(states, 'file_outcome', row.outcome, 'en') : findLabel(states, 'reason', row.reason, 'en')
  if (main === undefined) return inLanguage(row.message, 'en')
  const more: string[] = []
  if (row.errors > 0 || row.warnings > 0) more.push(t('county.import.recheck', { errors: row.errors, warnings: row.warnings }))
  if (row.revision !== undefined && row.revision > 0 && row.outcome === 'stale') more.push(t('county.import.revision', { n: row.revision }))
  if (row.fingerprint && (row.outcome === 'held' || row.reason === 'key_rejected')) more.push(t('county.import.key', { fp: groupFingerprint(row.fingerprint) }))
  return more.length > 0 ? `${main} — ${more.join('; ')}` : main
}
