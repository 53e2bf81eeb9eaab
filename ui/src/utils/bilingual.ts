// Messages from the Rust core that have no separate translations are written in both languages
// as "中文 (English)". The interface shows the part in its own language: the Chinese alone in
// zh-CN, the English part in en (the whole message when it has no English part).

const TRAILING_ENGLISH = /^([\s\S]*\p{Script=Han}[\s\S]*?)\s*\(([^()\p{Script=Han}]+)\)\s*$/u

export function inLanguage(message: string, lang: string): string {
  const m = TRAILING_ENGLISH.exec(message)
  if (!m) return message
  return lang === 'en' ? m[2].trim() : m[1].trim()
}
