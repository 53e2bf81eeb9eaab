// Bringing a cell of a grid fully into view: not under the frozen columns on the left, not under
// the frozen header rows, not cut at the right or bottom edge — so a finding's jump shows the cell
// whole, next to its row label in the frozen columns.

export interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/**
 * The scroll offsets of a scrolling box that show `cell` whole. `view` is the box's visible area
 * and `cell` the cell, both in the same (viewport) coordinates at the current offsets; `frozenRight`
 * and `headerBottom` are where the frozen columns end and the frozen rows end, in the same
 * coordinates. A cell wider or taller than the free area is aligned to its start.
 */
export function revealOffsets(cell: Box, view: Box, scroll: { left: number; top: number }, frozenRight: number, headerBottom: number, margin = 4): { left: number; top: number } {
  let { left, top } = scroll
  const freeLeft = Math.max(view.left, frozenRight)
  const freeTop = Math.max(view.top, headerBottom)
  if (cell.right > view.right - margin) left += cell.right - view.right + margin
  // After the shift above, the cell's left edge moved by the same amount.
  const shiftedLeft = cell.left - (left - scroll.left)
  if (shiftedLeft < freeLeft + margin) left -= freeLeft + margin - shiftedLeft
  if (cell.bottom > view.bottom - margin) top += cell.bottom - view.bottom + margin
  const shiftedTop = cell.top - (top - scroll.top)
  if (shiftedTop < freeTop + margin) top -= freeTop + margin - shiftedTop
  return { left: Math.max(0, left), top: Math.max(0, top) }
}

function box(r: DOMRect): Box {
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
}

/**
 * Scrolls the grid holding `el` (if any) so the cell of `el` is fully visible beside the frozen
 * columns and under the frozen header. Returns whether `el` is in a grid.
 */
export function revealInGrid(el: HTMLElement): boolean {
  const scroller = el.closest<HTMLElement>('[data-grid-scroll]')
  const cell = el.closest<HTMLElement>('td, th') ?? el
  if (!scroller) return false
  const r = scroller.getBoundingClientRect()
  // The visible area without the scroll bars.
  const view: Box = { left: r.left + scroller.clientLeft, top: r.top + scroller.clientTop, right: r.left + scroller.clientLeft + scroller.clientWidth, bottom: r.top + scroller.clientTop + scroller.clientHeight }
  const frozen = Array.from(scroller.querySelectorAll<HTMLElement>('thead th.frozen'))
  const frozenRight = frozen.length > 0 && !cell.classList.contains('frozen') ? Math.max(...frozen.map((f) => f.getBoundingClientRect().right)) : view.left
  const head = scroller.querySelector<HTMLElement>('thead')
  const headerBottom = head ? head.getBoundingClientRect().bottom : view.top
  const to = revealOffsets(box(cell.getBoundingClientRect()), view, { left: scroller.scrollLeft, top: scroller.scrollTop }, frozenRight, headerBottom)
  scroller.scrollLeft = to.left
  scroller.scrollTop = to.top
  return true
}
