import { describe, expect, it } from 'vitest'
import { GridCursor, arrowLeavesField, step, type Bounds } from './nav'

// 3 rows × 5 columns; column 3 is computed (no input).
const b: Bounds = { rows: 3, cols: 5, editable: (p) => p.col !== 3 }

describe('grid navigation', () => {
  it('arrows move one cell and step over cells without input', () => {
    expect(step({ row: 1, col: 1 }, 'ArrowUp', false, b)).toEqual({ row: 0, col: 1 })
    expect(step({ row: 1, col: 1 }, 'ArrowDown', false, b)).toEqual({ row: 2, col: 1 })
    expect(step({ row: 1, col: 2 }, 'ArrowRight', false, b)).toEqual({ row: 1, col: 4 })
    expect(step({ row: 1, col: 4 }, 'ArrowLeft', false, b)).toEqual({ row: 1, col: 2 })
  })

  it('stops at the edges', () => {
    expect(step({ row: 0, col: 0 }, 'ArrowUp', false, b)).toBeNull()
    expect(step({ row: 0, col: 0 }, 'ArrowLeft', false, b)).toBeNull()
    expect(step({ row: 2, col: 4 }, 'ArrowDown', false, b)).toBeNull()
    expect(step({ row: 2, col: 4 }, 'ArrowRight', false, b)).toBeNull()
  })

  it('Enter goes down, Shift+Enter up; Home and End to the row ends', () => {
    expect(step({ row: 0, col: 2 }, 'Enter', false, b)).toEqual({ row: 1, col: 2 })
    expect(step({ row: 1, col: 2 }, 'Enter', true, b)).toEqual({ row: 0, col: 2 })
    expect(step({ row: 2, col: 2 }, 'Enter', false, b)).toBeNull()
    expect(step({ row: 1, col: 2 }, 'Home', false, b)).toEqual({ row: 1, col: 0 })
    expect(step({ row: 1, col: 0 }, 'End', false, b)).toEqual({ row: 1, col: 4 })
  })

  it('Tab wraps to the next row, Shift+Tab to the previous one', () => {
    expect(step({ row: 0, col: 4 }, 'Tab', false, b)).toEqual({ row: 1, col: 0 })
    expect(step({ row: 1, col: 0 }, 'Tab', true, b)).toEqual({ row: 0, col: 4 })
    expect(step({ row: 2, col: 4 }, 'Tab', false, b)).toBeNull()
    expect(step({ row: 0, col: 0 }, 'Tab', true, b)).toBeNull()
  })

  it('Enter after a run of Tabs returns to the column the run started from', () => {
    const c = new GridCursor()
    c.place({ row: 0, col: 1 })
    expect(c.key('Tab', false, b)).toEqual({ row: 0, col: 2 })
    expect(c.key('Tab', false, b)).toEqual({ row: 0, col: 4 })
    expect(c.key('Enter', false, b)).toEqual({ row: 1, col: 1 })
    // A plain Enter then keeps the column.
    expect(c.key('Enter', false, b)).toEqual({ row: 2, col: 1 })
    // Clicking elsewhere starts a new run.
    c.place({ row: 0, col: 2 })
    c.key('Tab', false, b)
    c.key('ArrowDown', false, b)
    expect(c.key('Enter', false, b)).toEqual({ row: 2, col: 4 })
  })

  it('arrows in a text field move the caret until it reaches the edge', () => {
    expect(arrowLeavesField('ArrowLeft', '123', 1, 1)).toBe(false)
    expect(arrowLeavesField('ArrowLeft', '123', 0, 0)).toBe(true)
    expect(arrowLeavesField('ArrowRight', '123', 2, 2)).toBe(false)
    expect(arrowLeavesField('ArrowRight', '123', 3, 3)).toBe(true)
    // Just arrived: the whole text is selected, the arrow moves on.
    expect(arrowLeavesField('ArrowRight', '123', 0, 3)).toBe(true)
    expect(arrowLeavesField('ArrowLeft', '123', 1, 2)).toBe(false)
    expect(arrowLeavesField('ArrowDown', '123', 1, 1)).toBe(true)
  })
})
