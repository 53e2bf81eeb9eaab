import { defineStore } from 'pinia'
import { computed, ref, toRaw } from 'vue'
import { api, type AppError, type CarbonView, type Computed, type Finding, type ImportIssue, type LedgerSummary, type Outcome, type Report, type ReportSummary } from '../api'
import { getList, getPath, setPath } from '../utils/path'
import { today } from '../utils/format'
import { onBeforeClose } from '../utils/closeGuard'
import { isKeyPath } from '../components/editor'
import { History, applyOp, pathOf, type Op } from '../grid/undo'
import { countOpen, isPending } from '../progress/progress'
import { useApp } from './app'

export const CHECK_DELAY_MS = 400
export const SAVE_DELAY_MS = 800

/**
 * Figures a report of an earlier version stated by hand and the app now computes (表1
 * 综合能源消费量 from 表2): dropped when a report is shown, so no stale copy is checked.
 */
export const STATED_FIGURES: string[] = ['indicators.comprehensive_energy_tce.current']

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error'

export { KEY_PATHS, isKeyPath } from '../components/editor'

const keyOf = (uscc: string, year: number) => `${uscc}/${year}`

function without<T>(m: Record<string, T>, k: string): Record<string, T> {
  return Object.fromEntries(Object.entries(m).filter(([x]) => x !== k))
}

export interface Justification {
  rule: string
  location: string
  text: string
  by: string
  on: string | null
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(toRaw(v))) as T
}

/**
 * The open report: every edit goes into `report` at once (so nothing typed is ever lost), then a
 * debounced check refreshes the computed figures and findings, and a debounced save writes the
 * working copy whatever its state (a draft with errors is still saved; only the core can refuse
 * it, and then the reason is shown and the data stays in the editor). Ctrl+S, leaving the
 * window, hiding the page and closing the window save at once.
 */
export const useReport = defineStore('report', () => {
  const list = ref<ReportSummary[]>([])
  const report = ref<Report | null>(null)
  const computedFigures = ref<Computed | null>(null)
  /** The CO₂ block of the last check (碳排放 screen); its document feeds the 碳表 tables. */
  const carbon = ref<CarbonView | null>(null)
  const outcome = ref<Outcome | null>(null)
  const ledger = ref<LedgerSummary | null>(null)
  const revision = ref<number | null>(null)
  const saveState = ref<SaveState>('idle')
  const saveError = ref<AppError | null>(null)
  const checkError = ref<AppError | null>(null)
  const loadError = ref<AppError | null>(null)
  const loading = ref(false)
  /** A credit code typed in 单位信息 that is not applied yet (null: none). */
  const usccDraft = ref<string | null>(null)
  /** What the Excel import noted about cells of a report, by report key, until dismissed. */
  const importNotesByKey = ref<Record<string, ImportIssue[]>>({})

  let editSeq = 0
  let checkSeq = 0
  let appliedCheck = 0
  let checkTimer: ReturnType<typeof setTimeout> | null = null
  let saveTimer: ReturnType<typeof setTimeout> | null = null
  let saving: Promise<void> = Promise.resolve()
  /** Undo/redo of the open report's edits (Ctrl+Z, Ctrl+Y); cleared when another report opens. */
  const history = new History()
  const canUndo = ref(false)
  const canRedo = ref(false)
  function recorded(op: Op) {
    history.record(op)
    canUndo.value = history.canUndo
    canRedo.value = history.canRedo
  }

  const findings = computed<Finding[]>(() => outcome.value?.findings ?? [])
  const summary = computed(() => outcome.value?.summary ?? { errors: 0, warnings: 0, justified: 0, infos: 0 })
  /**
   * Findings that only say something is not filled in yet (待填写): completeness rules, rules on
   * empty fields, anything in a table not started. Shown as what is left to do, not in red;
   * they still block signing.
   */
  const pendingSet = computed(() => {
    const app = useApp()
    return new Set(findings.value.filter((f) => isPending(f, report.value, app.pack)))
  })
  const isPendingFinding = (f: Finding) => pendingSet.value.has(f)
  /** Open findings: errors and unexplained warnings that are not 待填写, and the 待填写 items. */
  const openCounts = computed(() => countOpen(findings.value, isPendingFinding))
  /** Worst severity per field path, for marking inputs (待填写 items are not marked). */
  const severityByPath = computed(() => {
    const m = new Map<string, 'error' | 'warning' | 'info'>()
    const rank = { error: 3, warning: 2, info: 1 }
    for (const f of findings.value) {
      if (f.severity === 'warning' && f.justification) continue
      if (pendingSet.value.has(f)) continue
      const cur = m.get(f.location.path)
      if (!cur || rank[f.severity] > rank[cur]) m.set(f.location.path, f.severity)
    }
    return m
  })
  const key = computed(() => (report.value ? { uscc: report.value.enterprise.uscc, year: report.value.year } : null))
  /** Whether the open report is stored under its key (its code is then changed by `recode`). */
  const stored = computed(() => {
    const r = report.value
    return !!r && list.value.some((x) => x.uscc === String(r.enterprise.uscc ?? '') && x.year === r.year)
  })
  const importNotes = computed<ImportIssue[]>(() => {
    const r = report.value
    return r ? (importNotesByKey.value[keyOf(String(r.enterprise.uscc ?? ''), r.year)] ?? []) : []
  })

  async function loadList() {
    try {
      list.value = await api.reportList()
      loadError.value = null
    } catch (e) {
      loadError.value = e as AppError
    }
    return list.value
  }

  async function open(uscc: string, year: number) {
    await flush()
    loading.value = true
    try {
      const r = await api.reportGet(uscc, year)
      show(r)
      revision.value = list.value.find((x) => x.uscc === uscc && x.year === year)?.revision ?? null
      saveState.value = 'saved'
      loadError.value = null
      await checkNow()
    } catch (e) {
      loadError.value = e as AppError
    } finally {
      loading.value = false
    }
  }

  function show(r: Report) {
    if (checkTimer) clearTimeout(checkTimer)
    if (saveTimer) clearTimeout(saveTimer)
    checkTimer = saveTimer = null
    for (const path of STATED_FIGURES) {
      if (getPath(r, path) !== undefined) setPath(r as Record<string, unknown>, path, null)
    }
    report.value = r
    history.clear()
    canUndo.value = canRedo.value = false
    usccDraft.value = null
    computedFigures.value = null
    carbon.value = null
    outcome.value = null
    ledger.value = null
    saveError.value = null
    checkError.value = null
  }

  /**
   * Takes a report that is not stored yet (new, next year, imported), saves and opens it, whatever
   * its state. When the core refuses to store it, the report stays open in the editor and the
   * refusal is thrown (the caller says what blocks it); the next edit tries again.
   * `notes` (what the Excel import noted) stay beside the findings until dismissed.
   */
  async function adopt(r: Report, notes: ImportIssue[] = []) {
    await flush()
    show(r)
    revision.value = null
    const k = keyOf(String(r.enterprise.uscc ?? ''), r.year)
    const rest = without(importNotesByKey.value, k)
    importNotesByKey.value = notes.length > 0 ? { ...rest, [k]: notes } : rest
    editSeq++
    saveState.value = 'pending'
    await saveNow()
    await loadList()
    await checkNow()
    if ((saveState.value as SaveState) === 'error') throw saveError.value
  }

  /** Forgets what the Excel import noted about the open report. */
  function dismissImportNotes() {
    const r = report.value
    if (!r) return
    importNotesByKey.value = without(importNotesByKey.value, keyOf(String(r.enterprise.uscc ?? ''), r.year))
  }

  function edited() {
    editSeq++
    saveState.value = 'pending'
    if (checkTimer) clearTimeout(checkTimer)
    checkTimer = setTimeout(() => {
      checkTimer = null
      void checkNow()
    }, CHECK_DELAY_MS)
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = setTimeout(() => {
      saveTimer = null
      void saveNow()
    }, SAVE_DELAY_MS)
  }

  function get(path: string): unknown {
    return getPath(report.value, path)
  }

  function set(path: string, value: unknown) {
    if (!report.value) return
    // The year keys the report; clearing it half-way through typing is not an edit.
    if (path === 'year' && (value === undefined || value === null)) return
    // A stored report's key is not edited in place: that would file a second report (see recode).
    if (isKeyPath(path) && stored.value) return
    const old = getPath(report.value, path)
    if (old === value || ((old === undefined || old === null) && value === undefined)) return
    setPath(report.value as Record<string, unknown>, path, value)
    recorded({ kind: 'set', path, before: old, after: value })
    edited()
  }

  function add(listPath: string, item: Record<string, unknown> = {}) {
    if (!report.value) return
    const arr = getPath(report.value, listPath)
    if (Array.isArray(arr)) arr.push(item)
    else setPath(report.value as Record<string, unknown>, listPath, [item])
    const now = getPath(report.value, listPath) as unknown[]
    recorded({ kind: 'insert', list: listPath, index: now.length - 1, item })
    edited()
  }

  function remove(listPath: string, index: number) {
    const arr = getPath(report.value, listPath)
    if (!Array.isArray(arr) || index < 0 || index >= arr.length) return
    const [item] = arr.splice(index, 1)
    recorded({ kind: 'delete', list: listPath, index, item })
    edited()
  }

  /** Runs several edits as one step of the undo history (a pasted block). */
  function batch<T>(fn: () => T): T {
    const out = history.group(fn)
    canUndo.value = history.canUndo
    canRedo.value = history.canRedo
    return out
  }

  /** Ends the typing step of the field being edited (the cursor moved to another field). */
  function sealTyping() {
    history.seal()
  }

  /** Undoes the last edit step; returns the path it was about (null: nothing to undo). */
  function undo(): string | null {
    return replay(history.undo())
  }
  /** Redoes the last undone step; returns the path it was about. */
  function redo(): string | null {
    return replay(history.redo())
  }
  function replay(ops: Op[] | null): string | null {
    canUndo.value = history.canUndo
    canRedo.value = history.canRedo
    if (!ops || ops.length === 0 || !report.value) return null
    for (const op of ops) {
      // The credit code and the year key a stored report: never changed by an undo.
      if (op.kind === 'set' && isKeyPath(op.path) && stored.value) continue
      applyOp(report.value as Record<string, unknown>, op)
    }
    edited()
    return pathOf(ops[ops.length - 1])
  }

  /** Moves an item from one list to another (a record to another project). */
  function move(fromList: string, index: number, toList: string) {
    if (!report.value || fromList === toList) return
    const from = getPath(report.value, fromList)
    if (!Array.isArray(from) || index < 0 || index >= from.length) return
    const [item] = from.splice(index, 1)
    const to = getPath(report.value, toList)
    if (Array.isArray(to)) to.push(item)
    else setPath(report.value as Record<string, unknown>, toList, [item])
    const at = (getPath(report.value, toList) as unknown[]).length - 1
    batch(() => {
      recorded({ kind: 'delete', list: fromList, index, item })
      recorded({ kind: 'insert', list: toList, index: at, item })
    })
    edited()
  }

  async function checkNow() {
    if (checkTimer) {
      clearTimeout(checkTimer)
      checkTimer = null
    }
    if (!report.value) return
    const app = useApp()
    const id = ++checkSeq
    const body = clone(report.value)
    try {
      const [checked, led] = await Promise.all([api.reportCheck(body, app.settings.pack), api.ledgerSummary(body).catch(() => null)])
      if (id < appliedCheck) return
      appliedCheck = id
      // The 碳表 tables read computed.carbon.* (the pack's document) beside the energy figures.
      computedFigures.value = checked.computed ? Object.assign({}, checked.computed, { carbon: checked.carbon?.document ?? null }) : null
      carbon.value = checked.carbon
      outcome.value = checked.outcome
      ledger.value = led
      checkError.value = null
    } catch (e) {
      if (id >= appliedCheck) checkError.value = e as AppError
    }
  }

  /** Saves the working copy now; saves queue behind each other so none overtakes another. */
  function saveNow(): Promise<void> {
    if (saveTimer) {
      clearTimeout(saveTimer)
      saveTimer = null
    }
    saving = saving.then(doSave)
    return saving
  }

  async function doSave() {
    if (!report.value) return
    if (saveState.value === 'saved' || saveState.value === 'idle') return
    const seq = editSeq
    const body = clone(report.value)
    saveState.value = 'saving'
    try {
      const before = list.value.find((x) => x.uscc === body.enterprise.uscc && x.year === body.year)
      const saved = await api.reportSave(body)
      revision.value = saved.revision
      saveError.value = null
      saveState.value = editSeq === seq ? 'saved' : 'pending'
      if (!before || before.enterprise_name !== body.enterprise.name) void loadList()
      else before.revision = saved.revision
    } catch (e) {
      saveError.value = e as AppError
      saveState.value = 'error'
    }
  }

  /** Saves pending edits (before leaving the report or the page). */
  async function flush() {
    if (saveTimer || saveState.value === 'pending' || saveState.value === 'error') await saveNow()
    else await saving
  }

  /** Saves before the window closes; the reason when the edits could not be saved. */
  async function flushForClose(): Promise<string | null> {
    await flush()
    return saveState.value === 'error' ? (saveError.value?.message ?? 'error') : null
  }

  /**
   * Corrects the credit code of the open report's enterprise: the same unit, so its stored
   * reports and frozen history move to the new code (the core refuses a malformed or taken code,
   * and nothing changes then). Pending edits are saved under the old code first; saves wait
   * behind the correction. A report not stored yet simply takes the code.
   */
  async function recode(next: string): Promise<void> {
    const r = report.value
    if (!r) return
    const code = next.trim().toUpperCase()
    const old = String(r.enterprise.uscc ?? '')
    if (code === old) return
    if (!stored.value) {
      setPath(r as Record<string, unknown>, 'enterprise.uscc', code)
      usccDraft.value = null
      edited()
      await saveNow()
      if ((saveState.value as SaveState) === 'error') throw saveError.value
      return
    }
    let failure: unknown = null
    saving = saving.then(async () => {
      await doSave()
      try {
        const fresh = await api.enterpriseRecode(old, code)
        list.value = fresh
        // The stored copies carry the new code now; the open one follows without an edit.
        r.enterprise.uscc = code
        usccDraft.value = null
        revision.value = fresh.find((x) => x.uscc === code && x.year === r.year)?.revision ?? revision.value
        const moved: Record<string, ImportIssue[]> = {}
        for (const [k, v] of Object.entries(importNotesByKey.value)) moved[k.startsWith(`${old}/`) ? `${code}/${k.slice(old.length + 1)}` : k] = v
        importNotesByKey.value = moved
      } catch (e) {
        failure = e
      }
    })
    await saving
    if (failure) throw failure
    void checkNow()
  }

  /**
   * Archives an enterprise (it leaves the selector; nothing is deleted) or brings it back.
   * Archiving the open one opens the latest report of another active enterprise, if any.
   */
  async function archive(uscc: string, archived: boolean): Promise<void> {
    await flush()
    list.value = await api.enterpriseArchive(uscc, archived)
    if (archived && report.value && String(report.value.enterprise.uscc ?? '') === uscc) {
      const next = [...list.value].filter((x) => !x.archived).sort((a, b) => b.year - a.year || b.updated_at.localeCompare(a.updated_at))[0]
      if (next) await open(next.uscc, next.year)
      else close()
    }
  }

  function justification(rule: string, location: string): Justification | null {
    const js = getList(report.value, 'justifications') as unknown as Justification[]
    return js.find((j) => j.rule === rule && j.location === location) ?? null
  }

  /** Writes (or updates) the 情况说明 of a warning; the next check tells whether it counts. */
  function justify(rule: string, location: string, text: string) {
    if (!report.value) return
    const app = useApp()
    const entry: Justification = { rule, location, text: text.trim(), by: app.settings.actor, on: today() }
    const js = getPath(report.value, 'justifications')
    if (!Array.isArray(js)) {
      setPath(report.value as Record<string, unknown>, 'justifications', [entry])
    } else {
      const i = (js as Justification[]).findIndex((j) => j.rule === rule && j.location === location)
      if (i >= 0) js.splice(i, 1, entry)
      else js.push(entry)
    }
    edited()
    void checkNow()
  }

  /**
   * Ctrl+S saves at once; leaving the window, hiding or closing the page saves what is pending,
   * and the window's close waits for the save (see utils/closeGuard). Returns the unbind.
   */
  function bindWindow(target: Window = window): () => void {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) {
        e.preventDefault()
        if (saveState.value === 'saved') saveState.value = 'pending'
        editSeq++
        void saveNow()
      }
    }
    const onHide = () => {
      if (target.document.visibilityState === 'hidden') void flush()
    }
    const onLeave = () => void flush()
    target.addEventListener('keydown', onKey)
    target.document.addEventListener('visibilitychange', onHide)
    target.addEventListener('pagehide', onLeave)
    target.addEventListener('beforeunload', onLeave)
    // Focus leaving the window (another program, the system's shut-down menu): save now.
    target.addEventListener('blur', onLeave)
    const unclose = onBeforeClose(flushForClose)
    return () => {
      unclose()
      target.removeEventListener('blur', onLeave)
      target.removeEventListener('keydown', onKey)
      target.document.removeEventListener('visibilitychange', onHide)
      target.removeEventListener('pagehide', onLeave)
      target.removeEventListener('beforeunload', onLeave)
    }
  }

  function close() {
    show(null as unknown as Report)
    report.value = null
    revision.value = null
    saveState.value = 'idle'
  }

  return {
    list,
    report,
    computed: computedFigures,
    carbon,
    outcome,
    ledger,
    revision,
    saveState,
    saveError,
    checkError,
    loadError,
    loading,
    findings,
    summary,
    openCounts,
    isPendingFinding,
    severityByPath,
    key,
    stored,
    usccDraft,
    importNotes,
    loadList,
    open,
    adopt,
    dismissImportNotes,
    recode,
    archive,
    flushForClose,
    get,
    set,
    add,
    remove,
    move,
    batch,
    sealTyping,
    undo,
    redo,
    canUndo,
    canRedo,
    checkNow,
    saveNow,
    flush,
    justification,
    justify,
    bindWindow,
    close,
  }
})
