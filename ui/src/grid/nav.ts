// Moving between the cells of a record grid the way a spreadsheet does: arrows, Enter / Shift+Enter
// down and up, Tab / Shift+Tab right and left (wrapping to the next or previous row), and Enter
// after a run of Tabs going back to the column where the run started. Cells that take no input
// (computed figures, the key column) are stepped over.

export interface Pos {
  row: number
  col: number
}

export interface Bounds {
  rows: number
  cols: number
  /** Whether a cell takes input; every cell does when absent. */
  editable?: (p: Pos) => boolean
}

export type Key = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Enter' | 'Tab' | 'Home' | 'End'

export const NAV_KEYS: readonly string[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Enter', 'Tab', 'Home', 'End']

function ok(b: Bounds, p: Pos): boolean {
  return p.row >= 0 && p.row < b.rows && p.col >= 0 && p.col < b.cols && (b.editable ? b.editable(p) : true)
}

/** The next editable cell in a row from `col` stepping by `dir`, or null. */
function inRow(b: Bounds, row: number, col: number, dir: 1 | -1): Pos | null {
  for (let c = col; c >= 0 && c < b.cols; c += dir) if (ok(b, { row, col: c })) return { row, col: c }
  return null
}

/** The next row from `row` stepping by `dir` whose cell in `col` takes input, or null. */
function inCol(b: Bounds, row: number, col: number, dir: 1 | -1): Pos | null {
  for (let r = row; r >= 0 && r < b.rows; r += dir) if (ok(b, { row: r, col })) return { row: r, col }
  return null
}

/**
 * Where a key moves from `p`; null when it leaves the grid (the caller lets the key through, or
 * stays). `anchor` is the column where a run of Tabs started (see `GridCursor`).
 */
export function step(p: Pos, key: Key, shift: boolean, b: Bounds, anchor: number | null = null): Pos | null {
  switch (key) {
    case 'ArrowUp':
      return inCol(b, p.row - 1, p.col, -1)
    case 'ArrowDown':
      return inCol(b, p.row + 1, p.col, 1)
    case 'ArrowLeft':
      return inRow(b, p.row, p.col - 1, -1)
    case 'ArrowRight':
      return inRow(b, p.row, p.col + 1, 1)
    case 'Home':
      return inRow(b, p.row, 0, 1)
    case 'End':
      return inRow(b, p.row, b.cols - 1, -1)
    case 'Enter': {
      if (shift) return inCol(b, p.row - 1, p.col, -1)
      const col = anchor ?? p.col
      const down = p.row + 1 < b.rows ? (ok(b, { row: p.row + 1, col }) ? { row: p.row + 1, col } : inRow(b, p.row + 1, col, 1) ?? inRow(b, p.row + 1, col, -1)) : null
      return down
    }
    case 'Tab': {
      if (shift) {
        const left = inRow(b, p.row, p.col - 1, -1)
        if (left) return left
        for (let r = p.row - 1; r >= 0; r--) {
          const last = inRow(b, r, b.cols - 1, -1)
          if (last) return last
        }
        return null
      }
      const right = inRow(b, p.row, p.col + 1, 1)
      if (right) return right
      for (let r = p.row + 1; r < b.rows; r++) {
        const first = inRow(b, r, 0, 1)
        if (first) return first
      }
      return null
    }
  }
  return null
}

/**
 * The cursor of one grid: the current cell and the Tab anchor. Tab and Shift+Tab within a row
 * keep the anchor at the column the run started from; anything else resets it.
 */
export class GridCursor {
  pos: Pos | null = null
  private anchor: number | null = null

  /** The user put the cursor into a cell (click, focus): a new Tab run starts there. */
  place(p: Pos) {
    if (this.pos && this.pos.row === p.row && this.pos.col === p.col) return
    this.pos = { ...p }
    this.anchor = null
  }

  /** Applies a key; returns the cell to go to, or null when the key does not move. */
  key(key: Key, shift: boolean, b: Bounds): Pos | null {
    if (!this.pos) return null
    const from = this.pos
    const to = step(from, key, shift, b, key === 'Enter' && !shift ? this.anchor : null)
    if (!to) return null
    if (key === 'Tab') {
      this.anchor = to.row === from.row ? (this.anchor ?? from.col) : null
    } else {
      this.anchor = null
    }
    this.pos = to
    return to
  }
}

/**
 * Whether an arrow key inside a text field moves to another cell (true) or moves the caret
 * (false): Left at the start, Right at the end, or the whole text selected (as after arriving
 * in a cell); Up and Down always move.
 */
export function arrowLeavesField(key: string, value: string, selStart: number | null, selEnd: number | null): boolean {
  if (key === 'ArrowUp' || key === 'ArrowDown') return true
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return false
  if (selStart === null || selEnd === null) return true
  if (selStart === 0 && selEnd === value.length) return true
  if (selStart !== selEnd) return false
  return key === 'ArrowLeft' ? selStart === 0 : selEnd === value.length
}
