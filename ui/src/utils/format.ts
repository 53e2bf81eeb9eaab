// Display helpers. Decimals arrive as fixed-scale strings; they are shown with thousands
// separators and every digit they carry — never rounded, never converted to a float.

const DEC = /^(-?)(\d+)(\.\d+)?$/

/** "1234567.8900" → "1,234,567.8900"; null/empty → "—"; anything else is shown as it is. */
export function fmtDec(v: unknown, empty = '—'): string {
  if (v === null || v === undefined || v === '') return empty
  const s = String(v)
  const m = DEC.exec(s)
  if (!m) return s
  const int = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${m[1]}${int}${m[3] ?? ''}`
}

/**
 * A computed decimal shown to its field's scale: missing fractional digits are padded with zeros
 * (76000 → 76000.000 at scale 3); a value with more digits than the scale is left as computed,
 * never rounded here.
 */
export function padScale(v: unknown, scale: number | undefined): unknown {
  if (scale === undefined || scale <= 0 || v === null || v === undefined || v === '') return v
  const s = String(v)
  const m = /^(-?\d+)(?:\.(\d*))?$/.exec(s)
  if (!m) return v
  const frac = m[2] ?? ''
  return frac.length >= scale ? s : `${m[1]}.${frac.padEnd(scale, '0')}`
}

/** A decimal string as a JS number, for charts only. */
export function num(v: unknown): number {
  if (v === null || v === undefined || v === '') return 0
  const n = Number(v)
  return Number.isFinite(n) ? n : 0
}

/**
 * Cleans what the user typed into a decimal cell: digits, one point, a leading minus; at most
 * `scale` fraction digits (the Rust side refuses more). Returns the text to keep showing.
 */
export function sanitizeDecimal(text: string, scale: number, allowNegative = true): string {
  let s = text.replace(/[，,\s]/g, '').replace(/[。．]/g, '.')
  const neg = allowNegative && s.startsWith('-')
  s = s.replace(/[^\d.]/g, '')
  const dot = s.indexOf('.')
  if (dot >= 0) {
    const int = s.slice(0, dot)
    let frac = s.slice(dot + 1).replace(/\./g, '')
    if (scale <= 0) return (neg ? '-' : '') + int
    frac = frac.slice(0, scale)
    s = `${int}.${frac}`
  }
  return (neg ? '-' : '') + s
}

/** The value to store for a sanitized decimal text: null when nothing usable was typed. */
export function decimalValue(text: string): string | null {
  let s = text
  if (s.endsWith('.')) s = s.slice(0, -1)
  if (s === '' || s === '-') return null
  if (s.startsWith('.')) s = '0' + s
  if (s.startsWith('-.')) s = '-0' + s.slice(1)
  return s
}

export function sanitizeInteger(text: string): string {
  return text.replace(/[^\d]/g, '')
}

/** "AEEC8F6D…" or "AEEC 8F6D …" → "AEEC 8F6D …" (groups of four). */
export function groupFingerprint(fp: string | null | undefined): string {
  if (!fp) return ''
  const s = fp.replace(/\s+/g, '').toUpperCase()
  return (s.match(/.{1,4}/g) ?? []).join(' ')
}

export function shortHash(h: string | null | undefined, n = 12): string {
  if (!h) return ''
  return h.length > n ? `${h.slice(0, n)}…` : h
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Today in local time, "YYYY-MM-DD". */
export function today(d: Date = new Date()): string {
  const p = (x: number) => String(x).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** "2025-03-18T09:12:33Z" or "2025-03-18 09:12:33" → "2025-03-18 09:12". */
export function fmtTime(s: string | null | undefined): string {
  if (!s) return '—'
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(s)
  return m ? `${m[1]} ${m[2]}` : s
}

/**
 * A moment with its zone ("2025-03-20T02:00:00Z", "…+08:00") in this computer's local time,
 * "2025-03-20 10:00"; a time without a zone is shown as written (see fmtTime).
 */
export function fmtInstant(s: string | null | undefined): string {
  if (!s || !/(Z|[+-]\d{2}:?\d{2})$/.test(s)) return fmtTime(s)
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return fmtTime(s)
  const p = (x: number) => String(x).padStart(2, '0')
  return `${today(d)} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/** Characters as a reader counts them (a Chinese character is one). */
export function charCount(s: string): number {
  return [...s.trim()].length
}

/** Last path component, for showing a file name. */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/)
  return parts[parts.length - 1] || p
}

export function dirName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'))
  return i > 0 ? p.slice(0, i) : ''
}
