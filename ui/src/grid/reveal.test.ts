import { describe, expect, it } from 'vitest'
import { revealOffsets } from './reveal'

// A grid 600×300 at (100, 100); frozen columns end at x=400, the header at y=160.
const view = { left: 100, top: 100, right: 700, bottom: 400 }

describe('revealing a cell', () => {
  it('scrolls a cell hidden under the frozen columns out from under them', () => {
    const cell = { left: 300, top: 200, right: 420, bottom: 232 }
    expect(revealOffsets(cell, view, { left: 500, top: 0 }, 400, 160)).toEqual({ left: 396, top: 0 })
  })

  it('scrolls a cell cut at the right edge fully in', () => {
    const cell = { left: 650, top: 200, right: 770, bottom: 232 }
    expect(revealOffsets(cell, view, { left: 0, top: 0 }, 400, 160)).toEqual({ left: 74, top: 0 })
  })

  it('scrolls a cell under the frozen header down into view, and one below the bottom up', () => {
    expect(revealOffsets({ left: 450, top: 140, right: 560, bottom: 172 }, view, { left: 0, top: 100 }, 400, 160)).toEqual({ left: 0, top: 76 })
    expect(revealOffsets({ left: 450, top: 390, right: 560, bottom: 422 }, view, { left: 0, top: 0 }, 400, 160)).toEqual({ left: 0, top: 26 })
  })

  it('leaves a visible cell alone and never scrolls past the start', () => {
    expect(revealOffsets({ left: 450, top: 200, right: 560, bottom: 232 }, view, { left: 30, top: 10 }, 400, 160)).toEqual({ left: 30, top: 10 })
    expect(revealOffsets({ left: 300, top: 200, right: 380, bottom: 232 }, view, { left: 20, top: 0 }, 400, 160)).toEqual({ left: 0, top: 0 })
  })

  it('a cell wider than the free area starts at its left edge', () => {
    expect(revealOffsets({ left: 500, top: 200, right: 1000, bottom: 232 }, view, { left: 0, top: 0 }, 400, 160)).toEqual({ left: 96, top: 0 })
  })
})
