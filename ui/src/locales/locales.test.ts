import { describe, expect, it } from 'vitest'
import zh from './zh-CN'
import en from './en'
import { i18n } from '../i18n'

type Tree = { [k: string]: string | Tree }
function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
}
// Every source file of the UI as text (tests, mocks and the locales themselves left out).
const sources = Object.entries(import.meta.glob<string>(['../**/*.vue', '../**/*.ts', '!../**/*.test.ts', '!../mock/**', '!../locales/**'], { query: '?raw', import: 'default', eager: true }))

describe('locales', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(zh as Tree).sort())
  })

  it('hold every key the UI asks for (no raw keys on screen)', () => {
    const have = new Set(keys(zh as Tree))
    const missing: string[] = []
    expect(sources.length).toBeGreaterThan(30)
    for (const [f, text] of sources) {
      for (const m of text.matchAll(/\b(?:t|tr)\(\s*'([a-zA-Z][\w.]*)'/g)) if (!have.has(m[1])) missing.push(`${f}: ${m[1]}`)
      for (const m of text.matchAll(/label: '((?:nav|county\.nav)\.[\w.]+)'/g)) if (!have.has(m[1])) missing.push(`${f}: ${m[1]}`)
    }
    expect(missing).toEqual([])
  })

  it('have no English left in the Chinese texts', () => {
    const latin = keys(zh as Tree).filter((k) => {
      const v = k.split('.').reduce<unknown>((o, p) => (o as Tree)[p], zh) as string
      const words = v.replace(/\{\w+\}/g, '').match(/[A-Za-z]{4,}/g) ?? []
      return words.some((w) => !['SHA', 'Excel', 'CSV', 'xlsx', 'Nengbao'].includes(w))
    })
    expect(latin).toEqual([])
  })
})

describe('messages', () => {
  it('all compile and fill their placeholders', () => {
    const params = { n: 3, year: 2024, name: '某厂', v: '0.1.0', max: 40, e: 1, done: 1, total: 2, path: '/a', file: '/b', fp: 'AEEC', mode: '企业填报' }
    for (const lang of ['zh-CN', 'en'] as const) {
      i18n.global.locale.value = lang
      for (const k of keys((lang === 'en' ? en : zh) as Tree)) {
        const out = i18n.global.t(k, params)
        expect(out, `${lang} ${k}`).not.toBe(k)
        expect(out, `${lang} ${k}`).not.toMatch(/[{}]/)
      }
    }
    i18n.global.locale.value = 'zh-CN'
  })
})
