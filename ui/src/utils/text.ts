import type { Text } from '../api'
import { i18n } from '../i18n'

/**
 * The half of a message in the interface language. The core writes every message it sends —
 * county file results, intake log entries, office findings, errors — in both languages from
 * one message type; the interface picks its half and never parses or splits a message.
 */
export function inLanguage(text: Text, lang: string = i18n.global.locale.value): string {
  return lang === 'en' ? text.en : text.zh
}
