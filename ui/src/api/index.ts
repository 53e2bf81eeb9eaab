// The only module that talks to the Rust side. Every command's errors arrive as
// {code, message, detail}; anything else is wrapped as code "unavailable".
import { invoke, Channel } from '@tauri-apps/api/core'
import { i18n } from '../i18n'

/** A command's error; `unavailable` when the Rust side could not be reached at all. */
export type AppError = Omit<WireError, 'code'> & { code: ErrorCode | 'unavailable' }

export function toAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const err = e as AppError
    // The core sends every message in both languages (`text`); the interface shows its own half.
    const text = err.text as AppError['text'] | undefined
    const message = text ? (i18n.global.locale.value === 'en' ? text.en : text.zh) : String(err.message)
    return { ...err, message }
  }
  return { code: 'unavailable', message: String(e), text: { zh: String(e), en: String(e) }, detail: null }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    throw toAppError(e)
  }
}

// ---- shapes: generated from the Rust types (generated.ts, kept in step by `make types`) ------

import type {
  AppInfo,
  Catalog,
  Checked,
  Column,
  Computed,
  CountyInfo,
  CountySubmission,
  CountyTotals,
  ErrorCode,
  Evidence,
  Exported,
  FieldDiff,
  FileOutcome,
  FileResult,
  FixedCell,
  Imported,
  ImportReport,
  ImportRun,
  Issue,
  KeyEntry,
  KeyInfo,
  LedgerSummary,
  LogEntry,
  PackInfo,
  Pack as WirePack,
  Progress,
  ReportSummary,
  RosterStatus,
  Saved,
  Settings,
  Table,
  Verification,
  VersionSummary,
  WireError,
  OfficeFinding,
  OfficeKeyEntry,
  OfficeLevel,
  OfficeStatus,
  OfficeTotal,
  SignedSummary,
} from './generated'
import type { Report } from './report'
export type * from './generated'
export type { Json, Report } from './report'

/** A pack as the interface uses it: the Rust side names the table list `table` (its TOML name). */
export type Pack = Omit<WirePack, 'table'> & { tables: Table[] }
export type PackTable = Table
/** What a cell or column holds (flattened into both on the Rust side). */
export type Field = Pick<FixedCell, 'kind' | 'scale' | 'list' | 'unit' | 'note' | 'required'>
export type PackCell = FixedCell
export type PackColumn = Column
export type ImportIssue = Issue
export type CatalogEnergy = Catalog['energy'][number]

export function normalizePack(raw: { pack: PackInfo; table?: PackTable[]; tables?: PackTable[] }): Pack {
  return { pack: raw.pack, tables: raw.tables ?? raw.table ?? [] }
}

// ---- commands ---------------------------------------------------------------------------------

export const api = {
  // app and settings
  appInfo: () => call<AppInfo>('app_info'),
  appModeSet: (mode: 'enterprise' | 'county') => call<AppInfo>('app_mode_set', { mode }),
  appReady: () => call<void>('app_ready'),
  /** Answers the shell's close request: `close` once everything is saved (or the user chose to close anyway). */
  appCloseAnswer: (close: boolean) => call<void>('app_close_answer', { close }),
  /** The user's documents folder, where files are offered to be saved. */
  documentsDir: () => call<string>('documents_dir'),
  settingsSet: (settings: Settings) => call<Settings>('settings_set', { settings }),
  demoLoad: () => call<ReportSummary[]>('demo_load'),
  catalog: () => call<Catalog>('catalog_get'),
  pack: (id: string) => call<Parameters<typeof normalizePack>[0]>('pack_get', { id }).then(normalizePack),

  // enterprise reports
  reportList: () => call<ReportSummary[]>('report_list'),
  reportGet: (uscc: string, year: number) => call<Report>('report_get', { uscc, year }),
  reportNew: (year: number, fromUscc: string | null) => call<Report>('report_new', { year, fromUscc }),
  reportSave: (report: Report) => call<Saved>('report_save', { report }),
  /** Corrects an enterprise's credit code: its reports and frozen history move with it. */
  enterpriseRecode: (old: string, next: string) => call<ReportSummary[]>('enterprise_recode', { old, new: next }),
  /** Archives an enterprise (it leaves the selector, nothing is deleted) or brings it back. */
  enterpriseArchive: (uscc: string, archived: boolean) => call<ReportSummary[]>('enterprise_archive', { uscc, archived }),
  reportCheck: (report: Report, pack: string) => call<Checked>('report_check', { report, pack }),
  reportCompute: (report: Report) => call<Computed>('report_compute', { report }),
  reportVersions: (uscc: string, year: number) => call<VersionSummary[]>('report_versions', { uscc, year }),
  reportVersionGet: (uscc: string, year: number, version: number) => call<Report>('report_version_get', { uscc, year, version }),
  ledgerSummary: (report: Report) => call<LedgerSummary>('ledger_summary', { report }),
  evidenceAdd: (path: string, kind: string) => call<Evidence>('evidence_add', { path, kind }),

  // files
  submissionExport: (args: { uscc: string; year: number; pack: string; out: string; draft: boolean; keyPath: string; passphrase: string }) =>
    call<Exported>('submission_export', args),
  submissionVerify: (path: string) => call<Verification>('submission_verify', { path }),
  /** The print-ready copy of a signed file (verified first; an altered file is refused). */
  printPreview: (path: string) => call<import('./generated').PrintPreview>('print_preview', { path }),
  /** Writes the print-ready copy of a signed file as one HTML file; its path. */
  printSave: (path: string, out: string) => call<string>('print_save', { path, out }),
  xlsxImport: (path: string) => call<Imported>('xlsx_import', { path }),
  templateSave: (pack: string, year: number, out: string) => call<string>('template_save', { pack, year, out }),
  revealInFolder: (path: string) => call<void>('folder_reveal', { path }),

  // native file dialogs (run in the shell; the page holds no file permission)
  /** Asks for files or a folder to open; an empty list when cancelled. */
  dialogOpen: (title: string, extensions: string[], directory: boolean, multiple: boolean) =>
    call<string[]>('dialog_open', { title, extensions, directory, multiple }),
  /** Asks where to save a file; null when cancelled. */
  dialogSave: (title: string, defaultName: string) => call<string | null>('dialog_save', { title, defaultName }),

  // keys
  keyCreate: (path: string, passphrase: string) => call<KeyInfo>('key_create', { path, passphrase }),
  keyShow: (path: string) => call<KeyInfo>('key_show', { path }),
  /** The key card: public key as text and QR code (SVG) beside the fingerprint. */
  keyCard: (name: string, uscc: string, publicKey: string, date: string) => call<import('./generated').KeyCard>('key_card', { name, uscc, publicKey, date }),
  /** Writes the key card as a small file (nengbao.keycard/1); its path. */
  keyCardSave: (name: string, uscc: string, publicKey: string, date: string, out: string) => call<string>('key_card_save', { name, uscc, publicKey, date, out }),
  /** Key cards to register at once (a folder of card files or a CSV list), each with its fingerprint. */
  keyCardsRead: (path: string) => call<import('./generated').CardsRead>('key_cards_read', { path }),
  keyPasswd: (path: string, old: string, next: string) => call<KeyInfo>('key_passwd', { path, old, next }),

  // backups
  backupNow: () => call<string>('backup_now'),
  backupRestore: (from: string) => call<string>('backup_restore', { from }),

  // county
  countyInfo: () => call<CountyInfo | null>('county_info'),
  countyInit: (division: string, name: string, level: OfficeLevel = 'county') => call<CountyInfo>('county_init', { division, name, level }),
  countyImport: (paths: string[], trustNew: boolean, year: number | null, onProgress: (p: Progress) => void) => {
    const channel = new Channel<Progress>()
    channel.onmessage = onProgress
    return call<ImportReport>('county_import', { paths, trustNew, year, channel })
  },
  /** Processes received files again from the bytes the county kept (重新处理). */
  countyReprocess: (sha256s: string[], trustNew: boolean, year: number | null, onProgress: (p: Progress) => void) => {
    const channel = new Channel<Progress>()
    channel.onmessage = onProgress
    return call<ImportReport>('county_reprocess', { sha256s, trustNew, year, channel })
  },
  /** Stops the running import after the files in work; false when none was running. */
  countyImportCancel: () => call<boolean>('county_import_cancel'),
  countyFiles: () => call<FileResult[]>('county_files'),
  /** The intake log: every import run, newest first. */
  countyImportRuns: () => call<ImportRun[]>('county_import_runs'),
  /** Each file's outcome in one run of the intake log. */
  countyImportLog: (run: number) => call<LogEntry[]>('county_import_log', { run }),
  /** Submissions whose SM3 digest matches a typed digest, its first digits or a copy's scanned QR code. */
  countyFind: (query: string) => call<import('./generated').DigestFound[]>('county_find', { query }),
  /** The workspace's change stamp (equal stamps: nothing recorded in between, by anyone); null
   *  while there is no workspace. Intake screens poll it (utils/intakeLive). */
  countyChangeStamp: () => call<string | null>('county_change_stamp'),
  countyRosterImport: (path: string, year: number) => call<RosterStatus[]>('county_roster_import', { path, year }),
  countyRoster: (year: number) => call<RosterStatus[]>('county_roster', { year }),
  countyKeys: () => call<KeyEntry[]>('county_keys'),
  /** Trusts a unit's key; returns how many of its held files were released. */
  countyKeyTrust: (uscc: string, fingerprint: string) => call<number>('county_key_trust', { uscc, fingerprint }),
  /** Rejects a unit's key seen on held files; returns how many held files were discarded. */
  countyKeyReject: (uscc: string, fingerprint: string, why: string) => call<number>('county_key_reject', { uscc, fingerprint, why }),
  countyKeyRegister: (uscc: string, name: string, publicKey: string) => call<KeyEntry>('county_key_register', { uscc, name, publicKey }),
  countyTotals: (year: number) => call<CountyTotals>('county_totals', { year }),
  countyTargetSet: (year: number, pollutant: string, tonnes: string, source: string) => call<void>('county_target_set', { year, pollutant, tonnes, source }),
  countySubmission: (uscc: string, year: number, version: number | null) => call<CountySubmission>('county_submission', { uscc, year, version }),
  countyDiff: (uscc: string, year: number) => call<FieldDiff[]>('county_diff', { uscc, year }),
  countySummarySave: (year: number, out: string) => call<string>('county_summary_save', { year, out }),
  // offices at three levels
  countySummarySign: (year: number, out: string, keyPath: string, passphrase: string) =>
    call<SignedSummary>('county_summary_sign', { year, out, keyPath, passphrase }),
  countyOffices: (year: number) => call<OfficeStatus[]>('county_offices', { year }),
  countyOfficeTotals: (year: number) => call<OfficeTotal[]>('county_office_totals', { year }),
  countyOfficeFindings: (year: number) => call<OfficeFinding[]>('county_office_findings', { year }),
  countyOfficeKeys: () => call<OfficeKeyEntry[]>('county_office_keys'),
  countyOfficeTrust: (division: string, fingerprint: string) => call<number>('county_office_trust', { division, fingerprint }),
  countyOfficeReject: (division: string, fingerprint: string, why: string) => call<number>('county_office_reject', { division, fingerprint, why }),
}
