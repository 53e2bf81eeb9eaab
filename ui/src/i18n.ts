import { createI18n } from 'vue-i18n'
import zh from './locales/zh-CN'
import en from './locales/en'

export type Lang = 'zh-CN' | 'en'

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
  missingWarn: false,
  fallbackWarn: false,
})

export function setLanguage(lang: Lang) {
  i18n.global.locale.value = lang
  document.documentElement.setAttribute('lang', lang)
}

/** Translation outside components (stores, helpers). */
export function tr(key: string, named?: Record<string, unknown>): string {
  return named ? i18n.global.t(key, named) : i18n.global.t(key)
}
