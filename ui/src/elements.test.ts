import { describe, expect, it } from 'vitest'
import { elements } from './elements'
import styles from './elementStyles.ts?raw'

// Every template of the app, as text.
const templates = import.meta.glob('./**/*.vue', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

const pascal = (tag: string) =>
  tag
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('')

describe('Element Plus registration', () => {
  it('registers every <el-…> component a template uses', () => {
    const used = new Set<string>()
    for (const src of Object.values(templates)) {
      for (const m of src.matchAll(/<(el-[a-z0-9-]+)/g)) used.add(pascal(m[1]))
    }
    expect(used.size).toBeGreaterThan(20)
    const missing = [...used].filter((name) => !(name in elements))
    expect(missing).toEqual([])
  })

  it('imports the styles of every registered component', () => {
    const kebab = (name: string) =>
      name
        .slice(2)
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
    const unstyled = Object.keys(elements).filter(
      (name) => !styles.includes(`element-plus/es/components/${kebab(name)}/style/css'`),
    )
    expect(unstyled).toEqual([])
  })
})
