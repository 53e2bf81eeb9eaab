import type { InjectionKey, Ref } from 'vue'

/** What the table renderer needs to change a report. Absent in read-only views. */
export interface Editor {
  set(path: string, value: unknown): void
  add(listPath: string, item?: Record<string, unknown>): void
  remove(listPath: string, index: number): void
  move(fromList: string, index: number, toList: string): void
  /** Runs several edits as one undo step (a pasted block). */
  batch?<T>(fn: () => T): T
  /** The cursor left a field: its typing is one undo step from here on. */
  sealTyping?(): void
}

export type Mark = 'error' | 'warning' | 'info'

/**
 * The fields that key a stored report. Changing them is not an edit of the working copy: the
 * credit code is corrected in 单位信息 (the same unit, its history moves with it), and the year
 * is chosen when a report is created.
 */
export const KEY_PATHS = ['enterprise.uscc', 'year'] as const
export const isKeyPath = (path: string) => (KEY_PATHS as readonly string[]).includes(path)

/** Field marks (worst open finding per path), provided by the page that shows findings. */
export const MarksKey: InjectionKey<Ref<Map<string, Mark>>> = Symbol('marks')

/** Moves focus to the next field when Enter is pressed in a plain input (not selects/pickers). */
export function enterToNext(e: KeyboardEvent) {
  // The record grid moves by itself (and marks the key as handled).
  if (e.key !== 'Enter' || e.defaultPrevented || e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return
  const target = e.target as HTMLElement | null
  if (!target || target.tagName !== 'INPUT') return
  if (target.closest('.el-select, .el-select-v2, .el-date-editor, .el-picker-panel')) return
  const root = (e.currentTarget as HTMLElement | null) ?? document.body
  const fields = Array.from(root.querySelectorAll<HTMLElement>('input[data-path], textarea[data-path]')).filter(
    (el) => !(el as HTMLInputElement).disabled && !(el as HTMLInputElement).readOnly && el.offsetParent !== null,
  )
  const all = fields.length > 0 ? fields : Array.from(root.querySelectorAll<HTMLElement>('input[data-path], textarea[data-path]'))
  const i = all.indexOf(target)
  if (i < 0) return
  e.preventDefault()
  const next = all[i + 1]
  if (next) {
    next.focus()
    if (next instanceof HTMLInputElement) next.select()
  }
}
