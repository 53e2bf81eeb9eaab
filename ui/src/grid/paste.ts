// A block copied from a spreadsheet, put into the cells of a record grid. Excel (and WPS,
// LibreOffice) put tab-separated text on the clipboard: rows end with CRLF (or LF), the last row
// too, and a cell holding a tab, a line break or a quote is wrapped in quotes with "" inside.
// What people have in their sheets is read as they meant it: thousands separators, full-width
// digits, "01 原煤" or the bare name for a code, 2025年6月 for a period; what cannot be read is
// left out and said, never stored as something else.

export type Cell = string

/** Splits clipboard text into rows of cells. */
export function parseClipboard(text: string): Cell[][] {
  const rows: Cell[][] = []
  let row: Cell[] = []
  let cell = ''
  let i = 0
  let quoted = false
  let atCellStart = true
  while (i < text.length) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      cell += ch
      i++
      continue
    }
    if (ch === '"' && atCellStart) {
      quoted = true
      atCellStart = false
      i++
      continue
    }
    if (ch === '\t') {
      row.push(cell)
      cell = ''
      atCellStart = true
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      atCellStart = true
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      continue
    }
    cell += ch
    atCellStart = false
    i++
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  // Trailing blank lines (a copied block ends with a line break; a selection can reach past it).
  while (rows.length > 0 && rows[rows.length - 1].every((c) => c.trim() === '')) rows.pop()
  return rows
}

/** Whether pasted text is a block (more than what goes into one field as typed). */
export function isBlock(text: string): boolean {
  return /[\t\r\n]/.test(text.replace(/[\r\n]+$/, '')) || /[\r\n]$/.test(text)
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\u3000]/g
/** Full-width digits, point, comma, minus and space as their ASCII forms. */
export function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
}

/** A column of the grid as the paste needs it. */
export interface ColSpec {
  path: string
  kind: string
  scale: number
  list: string
  /** Cells of this column take no input (computed, key): pasted values there are skipped. */
  readonly?: boolean
}

/** What the paste says about a cell: a key of the locale's grid.msg and its parameters. */
export interface Msg {
  key: 'asCode' | 'notCode' | 'notNumber' | 'rounded' | 'notInteger' | 'truncated' | 'notYesNo' | 'notDate' | 'notPeriod' | 'asPeriod'
  raw: string
  value?: string
  scale?: number
}

export type Coerced = { ok: true; value: unknown; note?: Msg } | { ok: false; reason: Msg }

/** Rounds a plain decimal string half away from zero to `scale` fraction digits. */
export function roundDecimal(s: string, scale: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s)
  if (!m) return s
  const [, sign, int, frac = ''] = m
  if (frac.length <= scale) return s
  const keep = frac.slice(0, scale)
  const up = frac.charCodeAt(scale) - 48 >= 5
  let digits = (int + keep).split('').map(Number)
  if (up) {
    let k = digits.length - 1
    while (k >= 0) {
      if (digits[k] === 9) {
        digits[k] = 0
        k--
      } else {
        digits[k]++
        break
      }
    }
    if (k < 0) digits = [1, ...digits]
  }
  const all = digits.join('')
  const intPart = all.slice(0, all.length - scale).replace(/^0+(?=\d)/, '') || '0'
  const fracPart = scale > 0 ? all.slice(all.length - scale) : ''
  const out = fracPart ? `${intPart}.${fracPart}` : intPart
  return /^0(\.0*)?$/.test(out) ? out : sign + out
}

/** A number as people write it: "1,234.5", "１２３", " 12 ", "(12)" is not taken. */
export function readNumber(raw: string): string | null {
  let s = halfWidth(raw).trim().replace(/[,\s']/g, '').replace(/[−–]/g, '-')
  if (s.endsWith('.')) s = s.slice(0, -1)
  if (s.startsWith('.')) s = '0' + s
  if (s.startsWith('-.')) s = '-0' + s.slice(1)
  if (s.startsWith('+')) s = s.slice(1)
  if (/^-?\d+(\.\d+)?[eE][+-]?\d+$/.test(s)) {
    const n = Number(s)
    if (!Number.isFinite(n)) return null
    s = n.toFixed(12).replace(/\.?0+$/, '')
  }
  return /^-?\d+(\.\d+)?$/.test(s) ? s : null
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** "2025-6-1", "2025/06/01", "2025.6.1", "2025年6月1日" → "2025-06-01"; null when not a date. */
export function readDate(raw: string): string | null {
  const s = halfWidth(raw).trim()
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const dt = new Date(Date.UTC(y, mo - 1, d))
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null
  return `${y}-${pad2(mo)}-${pad2(d)}`
}

/**
 * A record period as the rules read it: a month "2025-06" or a day "2025-06-15", from what
 * people write ("2025年6月", "2025/6", "2025.06", "2025年6月15日"). Null when it is neither.
 */
export function normalisePeriod(raw: string): string | null {
  const s = halfWidth(raw).trim()
  const day = readDate(s)
  if (day) return day
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(份)?$/.exec(s)
  if (!m) return null
  const mo = Number(m[2])
  if (mo < 1 || mo > 12) return null
  return `${m[1]}-${pad2(mo)}`
}

const YES = ['是', 'y', 'yes', 'true', '1', '√', '✓']
const NO = ['否', 'n', 'no', 'false', '0', '×', '✗']

/**
 * The value a pasted text stands for in a column. `options` are the [code, label] pairs of the
 * column's list ("01", "01 原煤"): a code, its label, the name in it, or a code without its
 * leading zeros is taken (the last with a note); anything else is not.
 */
export function coerce(col: ColSpec, raw: string, options: [string, string][] = []): Coerced {
  const text = raw.trim()
  if (text === '') return { ok: true, value: undefined }
  if (col.list && col.list !== 'yes_no' && col.kind !== 'bool') {
    const hit = options.find(([c]) => c === text) ?? options.find(([c]) => c.toLowerCase() === text.toLowerCase())
    if (hit) return { ok: true, value: hit[0] }
    const byLabel = options.find(([, l]) => l === text) ?? options.find(([c, l]) => l.replace(c, '').trim() === text)
    if (byLabel) return { ok: true, value: byLabel[0] }
    const lead = /^(\S+)\s+\S/.exec(text)
    if (lead) {
      const c = options.find(([code]) => code === lead[1])
      if (c) return { ok: true, value: c[0] }
    }
    if (/^\d+$/.test(halfWidth(text))) {
      const n = halfWidth(text)
      const padded = options.find(([c]) => /^\d+$/.test(c) && c.length > n.length && c.replace(/^0+/, '') === n.replace(/^0+/, ''))
      if (padded) return { ok: true, value: padded[0], note: { key: 'asCode', raw: text, value: padded[0] } }
    }
    return { ok: false, reason: { key: 'notCode', raw: text } }
  }
  switch (col.kind) {
    case 'decimal': {
      const n = readNumber(text)
      if (n === null) return { ok: false, reason: { key: 'notNumber', raw: text } }
      const r = roundDecimal(n, col.scale)
      return r === n ? { ok: true, value: r } : { ok: true, value: r, note: { key: 'rounded', raw: text, value: r, scale: col.scale } }
    }
    case 'integer': {
      const n = readNumber(text)
      if (n === null || !/^-?\d+$/.test(roundDecimal(n, 0))) return { ok: false, reason: { key: 'notInteger', raw: text } }
      const r = roundDecimal(n, 0)
      return { ok: true, value: Number(r), note: r === n ? undefined : { key: 'truncated', raw: text, value: r } }
    }
    case 'bool': {
      const l = text.toLowerCase()
      if (YES.includes(l)) return { ok: true, value: true }
      if (NO.includes(l)) return { ok: true, value: false }
      return { ok: false, reason: { key: 'notYesNo', raw: text } }
    }
    case 'date': {
      const d = readDate(text)
      return d ? { ok: true, value: d } : { ok: false, reason: { key: 'notDate', raw: text } }
    }
  }
  if (/(^|\.)period$/.test(col.path)) {
    const p = normalisePeriod(text)
    if (p === null) return { ok: false, reason: { key: 'notPeriod', raw: text } }
    return p === text ? { ok: true, value: p } : { ok: true, value: p, note: { key: 'asPeriod', raw: text, value: p } }
  }
  return { ok: true, value: text }
}

export interface PasteWrite {
  row: number
  col: number
  value: unknown
}
export interface PasteNote {
  row: number
  col: number
  msg: Msg
  taken: boolean
}
export interface PastePlan {
  writes: PasteWrite[]
  /** Rows to add at the end before writing (the block reaches past the last row). */
  addRows: number
  notes: PasteNote[]
  /** Rows of the block left out: the table holds no more. */
  cutRows: number
  /** Columns of the block left out: past the last column. */
  cutCols: number
}

/**
 * What pasting `block` with its top-left at `start` does: values per cell (read-only columns
 * skipped, as in a protected sheet), rows to add (up to `maxRows`), and notes on what was read
 * differently or not taken.
 */
export function planPaste(
  block: Cell[][],
  start: { row: number; col: number },
  cols: ColSpec[],
  rows: number,
  maxRows: number,
  optionsOf: (list: string) => [string, string][] = () => [],
): PastePlan {
  const plan: PastePlan = { writes: [], addRows: 0, notes: [], cutRows: 0, cutCols: 0 }
  const room = Math.max(0, maxRows - start.row)
  const used = block.slice(0, room)
  plan.cutRows = block.length - used.length
  plan.addRows = Math.max(0, start.row + used.length - rows)
  const width = Math.max(0, ...block.map((r) => r.length))
  plan.cutCols = Math.max(0, start.col + width - cols.length)
  used.forEach((cells, i) => {
    cells.forEach((raw, j) => {
      const c = start.col + j
      const col = cols[c]
      if (!col || col.readonly) return
      const r = start.row + i
      const v = coerce(col, raw, col.list ? optionsOf(col.list) : [])
      if (!v.ok) {
        plan.notes.push({ row: r, col: c, msg: v.reason, taken: false })
        return
      }
      plan.writes.push({ row: r, col: c, value: v.value })
      if (v.note) plan.notes.push({ row: r, col: c, msg: v.note, taken: true })
    })
  })
  return plan
}
