import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, type AppError, type CountyInfo, type FileOutcome, type FileResult, type FilingStatus, type ImportReport, type ImportTotals, type KeyEntry, type OfficeLevel, type Progress, type SubmissionStatus } from '../api'

/** A key seen on held files, waiting for the clerk's decision. */
export interface HeldKey {
  entry: KeyEntry
  /** Units that already trust this key (signing for another unit is not allowed). */
  otherUnits: { uscc: string; name: string }[]
}

/** A unit with keys waiting for a decision, and its registered (trusted) key if any. */
export interface HeldUnit {
  uscc: string
  name: string
  registered: string | null
  files: number
  keys: HeldKey[]
}

const bare = (fp: string) => fp.replace(/\s+/g, '').toUpperCase()

/** True when two fingerprints are the same key (spacing and case aside). */
export function sameFingerprint(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && bare(a) === bare(b)
}

/**
 * The keys of the registry that wait for a decision, grouped by unit in the registry's order.
 * Each carries the unit's registered fingerprint (from the entry, or the unit's trusted key)
 * and the other units that trust the same key.
 */
export function groupHeldKeys(keys: KeyEntry[]): HeldUnit[] {
  const trusted = keys.filter((k) => k.status === 'trusted')
  const units = new Map<string, HeldUnit>()
  for (const k of keys) {
    if (k.status === 'trusted') continue
    let u = units.get(k.uscc)
    if (!u) {
      const own = trusted.find((x) => x.uscc === k.uscc)
      u = { uscc: k.uscc, name: k.name || own?.name || '', registered: k.registered_fingerprint ?? own?.fingerprint ?? null, files: 0, keys: [] }
      units.set(k.uscc, u)
    }
    u.files += k.held_files
    const otherUnits = trusted.filter((x) => x.uscc !== k.uscc && sameFingerprint(x.fingerprint, k.fingerprint)).map((x) => ({ uscc: x.uscc, name: x.name }))
    u.keys.push({ entry: k, otherUnits })
  }
  return [...units.values()]
}

/** Totals of a list of file results (after a key decision changed some of them). */
export function totalsOf(files: FileResult[]): ImportTotals {
  const t: ImportTotals = { files: files.length, accepted: 0, accepted_with_warnings: 0, stale: 0, held: 0, rejected: 0, skipped: 0, cancelled: 0 }
  for (const f of files) t[f.outcome] += 1
  return t
}

/** The county workspace: its identity, the year being worked on, the running import and the keys. */
export const useCounty = defineStore('county', () => {
  const info = ref<CountyInfo | null>(null)
  const loaded = ref(false)
  const error = ref<AppError | null>(null)
  const year = ref(new Date().getFullYear() - 1)
  /** A submission to open in 报告查看 (set from the roster or the file list). */
  const viewing = ref<{ uscc: string; year: number } | null>(null)

  async function load() {
    try {
      info.value = await api.countyInfo()
      error.value = null
    } catch (e) {
      error.value = e as AppError
    } finally {
      loaded.value = true
    }
  }

  async function init(division: string, name: string, level: OfficeLevel = 'county') {
    info.value = await api.countyInit(division, name, level)
  }

  // ---- the import: kept here so it goes on (and can be followed) while other screens are open

  const running = ref(false)
  const cancelling = ref(false)
  const progress = ref<Progress | null>(null)
  const report = ref<ImportReport | null>(null)
  const importError = ref<AppError | null>(null)

  async function runImport(paths: string[], trustNew: boolean, importYear: number | null) {
    if (paths.length === 0) return
    await run((onProgress) => api.countyImport(paths, trustNew, importYear, onProgress))
  }

  /** 重新处理: rejected files again, from the bytes the county kept. */
  async function reprocess(sha256s: string[], trustNew: boolean, importYear: number | null) {
    if (sha256s.length === 0) return
    await run((onProgress) => api.countyReprocess(sha256s, trustNew, importYear, onProgress))
  }

  async function run(work: (onProgress: (p: Progress) => void) => Promise<ImportReport>) {
    if (running.value) return
    running.value = true
    cancelling.value = false
    importError.value = null
    report.value = null
    progress.value = null
    try {
      report.value = await work((p) => {
        progress.value = p
      })
    } catch (e) {
      importError.value = e as AppError
    } finally {
      running.value = false
      cancelling.value = false
    }
    await loadKeys()
  }

  /** Asks the running import to stop after the files in work; its report then says what was left. */
  async function cancelImport() {
    if (!running.value || cancelling.value) return
    cancelling.value = true
    try {
      const stopping = await api.countyImportCancel()
      // Nothing was running any more: the report is on its way.
      if (!stopping) cancelling.value = false
    } catch (e) {
      cancelling.value = false
      throw e
    }
  }

  // ---- keys

  const keys = ref<KeyEntry[]>([])
  const keysError = ref<AppError | null>(null)
  const keysLoading = ref(false)
  const heldUnits = computed(() => groupHeldKeys(keys.value))

  async function loadKeys() {
    keysLoading.value = true
    try {
      keys.value = await api.countyKeys()
      keysError.value = null
    } catch (e) {
      keysError.value = e as AppError
    } finally {
      keysLoading.value = false
    }
  }

  /** After a key decision: the import's rows show what became of their files. */
  async function refreshReport() {
    const r = report.value
    if (!r) return
    const now = new Map((await api.countyFiles()).map((f) => [f.sha256, f]))
    const files = r.files.map((f) => {
      const n = f.sha256 ? now.get(f.sha256) : undefined
      return n ? { ...f, outcome: n.outcome, reason: n.reason, message: n.message, errors: n.errors, warnings: n.warnings } : f
    })
    report.value = { ...r, files, totals: totalsOf(files) }
  }

  async function trustKey(uscc: string, fingerprint: string): Promise<number> {
    const n = await api.countyKeyTrust(uscc, fingerprint)
    await Promise.all([loadKeys(), refreshReport().catch(() => undefined)])
    return n
  }

  async function rejectKey(uscc: string, fingerprint: string, why: string): Promise<number> {
    const n = await api.countyKeyReject(uscc, fingerprint, why)
    await Promise.all([loadKeys(), refreshReport().catch(() => undefined)])
    return n
  }

  return {
    info,
    loaded,
    error,
    year,
    viewing,
    load,
    init,
    running,
    cancelling,
    progress,
    report,
    importError,
    runImport,
    reprocess,
    cancelImport,
    keys,
    keysError,
    keysLoading,
    heldUnits,
    loadKeys,
    trustKey,
    rejectKey,
  }
})

type Tag = 'success' | 'warning' | 'info' | 'danger' | 'primary'

export const OUTCOME_TAG: Record<FileOutcome, Tag> = {
  accepted: 'success',
  accepted_with_warnings: 'warning',
  stale: 'info',
  held: 'primary',
  rejected: 'danger',
  skipped: 'info',
  cancelled: 'info',
}

export const ROSTER_TAG: Record<FilingStatus, Tag> = {
  filed: 'success',
  missing: 'info',
  late: 'warning',
  failing: 'danger',
  key_unconfirmed: 'primary',
  key_changed: 'warning',
}

export const SUBMISSION_TAG: Record<SubmissionStatus, Tag> = {
  current: 'success',
  superseded: 'info',
  held: 'warning',
  discarded: 'danger',
}
