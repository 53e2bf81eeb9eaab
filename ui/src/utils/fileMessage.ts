import type { FileResult } from '../api'
import { i18n } from '../i18n'
import { inLanguage } from './bilingual'

/**
 * The clerk's explanation of an imported file's outcome, in the interface language. The core
 * writes it in Chinese with the specifics (changed cells, version numbers); in English the
 * reason code picks a translated sentence, falling back to the message's English part.
 */
export function fileMessage(row: FileResult): string {
  const { t, te, locale } = i18n.global
  if (locale.value !== 'en') return inLanguage(row.message, 'zh-CN')
  const reason = row.reason === 'ok' && row.outcome === 'accepted_with_warnings' ? 'okProblems' : row.reason
  const key = `county.reason.${reason}`
  return te(key) ? t(key, { errors: row.errors, warnings: row.warnings, fingerprint: row.fingerprint ?? '' }) : inLanguage(row.message, 'en')
}
