import { defineStore } from 'pinia'
import { nextTick, ref } from 'vue'
import type { Pack, PackTable } from '../api'
import { isWithin } from '../utils/path'
import { revealInGrid } from '../grid/reveal'
import { fieldPath, routeFor, type CarbonTab } from '../findings/route'

export type EnterpriseView = 'checklist' | 'info' | 'tables' | 'ledger' | 'charts' | 'carbon' | 'export' | 'import' | 'versions' | 'next' | 'settings'
export type CountyView = 'import' | 'roster' | 'keys' | 'view' | 'totals' | 'offices' | 'log' | 'settings'

/** Whether a table of the pack shows the field at `path`. Nested regions are the more specific. */
export function tableHolds(t: PackTable, path: string): boolean {
  const r = t.region
  if (r) {
    if (r.nested) {
      const re = new RegExp(`^${escapeRe(r.rows)}\\[\\d+\\]\\.${escapeRe(r.nested)}(\\[|$)`)
      if (re.test(path)) return true
    } else if (isWithin(path, r.rows)) {
      const nestedElsewhere = /\]\.(records|evidence)(\[|$)/.test(path) && r.rows === 'reduction_projects'
      if (!nestedElsewhere) return true
    }
    if (r.footer.some((c) => c.path === path)) return true
  }
  return t.cells.some((c) => c.path === path || isWithin(path, c.path))
}

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The table of `pack` holding `path`, nested regions first. */
export function tableFor(pack: Pack | null, path: string): PackTable | null {
  if (!pack) return null
  const nested = pack.tables.filter((t) => t.region?.nested)
  const rest = pack.tables.filter((t) => !t.region?.nested)
  return [...nested, ...rest].find((t) => tableHolds(t, path)) ?? null
}

/** Finds the element of a field, or the first one inside it ("energy" → energy[0].…). */
export function findField(path: string, root: ParentNode = document): HTMLElement | null {
  // The findings panel names paths too; only the page's own fields count.
  const all = Array.from(root.querySelectorAll<HTMLElement>('[data-path]')).filter((el) => !el.closest('.findings'))
  const exact = all.find((el) => el.getAttribute('data-path') === path)
  if (exact) return exact
  const inside = all.find((el) => isWithin(el.getAttribute('data-path') ?? '', path))
  if (inside) return inside
  // A path below what the page shows (an evidence file shown only as part of its list).
  let p = path
  for (;;) {
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))
    if (cut <= 0) break
    p = p.slice(0, cut)
    const el = all.find((x) => x.getAttribute('data-path') === p)
    if (el) return el
  }
  return null
}

/** Navigation of the single-window app (no router: a handful of screens). */
export const useUi = defineStore('ui', () => {
  const view = ref<EnterpriseView>('info')
  const countyView = ref<CountyView>('import')
  const tableId = ref<string>('basic')
  const findingsOpen = ref(true)
  /** The path a finding or an undo last led to (a collapsed part of the page opens for it). */
  const target = ref('')
  /** The open tab of the 碳排放 screen (a finding on a CO₂ input opens the tab holding it). */
  const carbonTab = ref<CarbonTab>('breakdown')

  function go(v: EnterpriseView) {
    view.value = v
  }

  /** Shows the field at `path` (switching screen or table), scrolls to it, focuses and flashes it. */
  async function focusPath(path: string, pack: Pack | null) {
    path = fieldPath(path)
    target.value = path
    const here = findField(path)
    // Where the field is fixed (findings/route.ts). A field already shown on the screen at hand
    // is edited there, except where only one control fixes it: the credit code (单位信息), a
    // project's fields and evidence (its card in 减排台账), the signing key (导出).
    const route = routeFor(path, pack, tableFor)
    const only = route && (route.view === 'ledger' || route.view === 'export' || path === 'enterprise.uscc')
    const shown = here && (view.value === 'info' || view.value === 'ledger' || view.value === 'tables' || view.value === 'carbon')
    const stay = shown && (!only || route.view === view.value)
    if (!stay) {
      view.value = route?.view ?? 'tables'
      if (route?.tableId) tableId.value = route.tableId
    }
    if (route?.carbonTab && (view.value === 'carbon' || !stay)) carbonTab.value = route.carbonTab
    for (let i = 0; i < 20; i++) {
      await nextTick()
      const el = findField(path)
      if (el) {
        flash(el)
        return el
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    return null
  }

  return { view, countyView, tableId, findingsOpen, target, carbonTab, go, focusPath }
})

export function flash(el: HTMLElement) {
  // A cell of a grid: the page scrolls to the grid, the grid shows the cell whole beside its
  // frozen row label (not under the frozen columns or header).
  if (el.closest('[data-grid-scroll]')) {
    el.closest<HTMLElement>('[data-grid-scroll]')?.scrollIntoView?.({ block: 'nearest' })
    revealInGrid(el)
  } else {
    el.scrollIntoView?.({ block: 'center', behavior: 'smooth' })
  }
  const focusable = el.matches('input,textarea,select,button,[tabindex]') ? el : null
  if (focusable) focusable.focus({ preventScroll: true })
  const box = (el.closest('.field') as HTMLElement | null) ?? el
  box.classList.remove('flash')
  void box.offsetWidth
  box.classList.add('flash')
  setTimeout(() => box.classList.remove('flash'), 1600)
}
