// Field paths as the Rust side writes them: "enterprise.name", "energy[3].factor",
// "computed.indicator_changes[0][1].change_pct". The same syntax is used everywhere in the UI.

export type Seg = string | number

/** Splits a path into keys and indices; null when the path is malformed. */
export function parsePath(path: string): Seg[] | null {
  if (path === '') return null
  const out: Seg[] = []
  for (const part of path.split('.')) {
    const i = part.indexOf('[')
    const key = i < 0 ? part : part.slice(0, i)
    let rest = i < 0 ? '' : part.slice(i)
    if (key === '') return null
    out.push(key)
    while (rest.startsWith('[')) {
      const close = rest.indexOf(']')
      if (close < 0) return null
      const n = rest.slice(1, close)
      if (!/^\d+$/.test(n)) return null
      out.push(Number(n))
      rest = rest.slice(close + 1)
    }
    if (rest !== '') return null
  }
  return out
}

export function joinPath(segs: Seg[]): string {
  let s = ''
  for (const seg of segs) {
    if (typeof seg === 'number') s += `[${seg}]`
    else s += s === '' ? seg : `.${seg}`
  }
  return s
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(root: unknown, path: string): unknown {
  const segs = parsePath(path)
  if (!segs) return undefined
  let v: unknown = root
  for (const s of segs) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[s]
  }
  return v
}

/**
 * Sets `path` to `value`, creating objects and arrays on the way. `undefined` removes the key
 * (so the Rust default applies — an empty optional number is absent, not null).
 * Returns false when the path is malformed or crosses a value of another shape.
 */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): boolean {
  const segs = parsePath(path)
  if (!segs) return false
  let v: unknown = root
  for (let n = 0; n < segs.length; n++) {
    const s = segs[n]
    const last = n === segs.length - 1
    if (v === null || typeof v !== 'object') return false
    if (typeof s === 'number' && !Array.isArray(v)) return false
    if (typeof s === 'string' && Array.isArray(v)) return false
    const container = v as Record<string | number, unknown>
    if (last) {
      if (value === undefined) {
        if (Array.isArray(container)) container[s as number] = null
        else delete container[s]
      } else {
        container[s] = value
      }
      return true
    }
    let next = container[s]
    if (next === null || next === undefined) {
      next = typeof segs[n + 1] === 'number' ? [] : {}
      if (Array.isArray(container)) {
        while (container.length < (s as number)) container.push(null)
      }
      container[s] = next
    }
    v = next
  }
  return false
}

/** Replaces the `[]` placeholder of a column template with the row index. */
export function rowPath(template: string, index: number): string {
  return template.replace('[]', `[${index}]`)
}

/** A list at `path` (an empty array when absent). */
export function getList(root: unknown, path: string): Record<string, unknown>[] {
  const v = getPath(root, path)
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : []
}

/** Whether `path` is `prefix` itself or lies inside it ("energy[2].factor" lies inside "energy[2]"). */
export function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[')
}
