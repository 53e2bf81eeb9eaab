// The only module that talks to the Rust side. Every command's errors arrive as
// {code, message, detail}; anything else is wrapped as code "unavailable".
import { invoke, Channel } from '@tauri-apps/api/core'
import { i18n } from '../i18n'
import { inLanguage } from '../utils/bilingual'

export interface AppError {
  code: 'invalid_input' | 'not_found' | 'storage' | 'too_new' | 'internal' | 'unavailable'
  message: string
  detail: string | null
}

export function toAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const err = e as AppError
    return { ...err, message: inLanguage(String(err.message), i18n.global.locale.value) }
  }
  return { code: 'unavailable', message: String(e), detail: null }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    throw toAppError(e)
  }
}

// ---- shapes (mirrors of the Rust types; decimals are fixed-scale strings) --------------------

export type Dec = string
export type Json = Record<string, unknown>

export interface AppInfo {
  mode: 'enterprise' | 'county' | null
  workspace_path: string
  county_path: string
  version: string
  rule_pack: string
  packs: { id: string; name: string }[]
  settings: Settings
}

export interface Settings {
  language: 'zh-CN' | 'en'
  pack: string
  yoy_threshold_pct: string
  min_justification_chars: string
  actor: string
  key_path: string
}

export interface ReportSummary {
  id: number
  uscc: string
  enterprise_name: string
  year: number
  revision: number
  versions: number
  updated_at: string
}

export interface RowFigures {
  code: string
  name: string
  unit: string
  factor: Dec
  tce: Dec
  total_tce: Dec
  equal_value_tce: Dec
  feedstock_tce: Dec
  expected_closing_stock: Dec
}

export interface Computed {
  year: number
  industrial_basis: boolean
  rows: RowFigures[]
  consumption_tce: Dec
  conversion_output_tce: Dec
  recovered_tce: Dec
  comprehensive_energy_tce: Dec
  comprehensive_energy_equal_value_tce: Dec
  feedstock_tce: Dec
  green_electricity_tce: Dec
  assessed_tce: Dec
  assessed_equal_value_tce: Dec
  energy_cost: Dec
  per_output_value: Dec | null
  per_value_added: Dec | null
  products: { name: string; current: Dec | null; prior: Dec | null; change_pct: Dec | null; saving_tce: Dec | null }[]
  saving_target_completion_pct: Dec | null
  [k: string]: unknown
}

/** A report in the nengbao.report/1 contract. The UI edits it by field path. */
export type Report = Json & { year: number; enterprise: Json & { name: string; uscc: string } }

export type Severity = 'error' | 'warning' | 'info'

export interface Finding {
  rule: string
  severity: Severity
  message: { zh: string; en: string }
  location: { path: string; sheet?: string; cell?: string; record?: string }
  justification?: string
}

export interface Outcome {
  findings: Finding[]
  summary: { errors: number; warnings: number; justified: number; infos: number }
}

export interface Saved {
  report_id: number
  revision: number
  changed: boolean
}

export interface Checked {
  computed: Computed | null
  outcome: Outcome
}

export interface Field {
  kind: 'text' | 'decimal' | 'integer' | 'date' | 'bool'
  scale: number
  list: string
  unit: string
  note: string
  required: boolean
}

export interface PackCell extends Field {
  label: string
  label_cell: string
  cell: string
  path: string
  span: number
  height: number
}

export interface PackColumn extends Field {
  col: string
  mark: string
  heading: string
  group: string
  width: number
  path: string
  key: boolean
}

export interface PackTable {
  id: string
  number: string
  title: string
  sheet: string
  intro: string
  /** Column widths by letter, in characters (fixed-cell tables). */
  widths?: Record<string, number>
  labels: { cell: string; text: string; span: number }[]
  cells: PackCell[]
  region: null | {
    rows: string
    nested: string
    header_row: number
    first_row: number
    max_rows: number
    columns: PackColumn[]
    footer: PackCell[]
  }
}

export interface Pack {
  pack: { id: string; version: string; name: string; province: string; deadline: string }
  tables: PackTable[]
}

/** The Rust side serializes the table list under its TOML name `table`; the UI calls it `tables`. */
export function normalizePack(raw: Omit<Pack, 'tables'> & { tables?: PackTable[]; table?: PackTable[] }): Pack {
  return { pack: raw.pack, tables: raw.tables ?? raw.table ?? [] }
}

export interface Catalog {
  energy: { code: string; name: string; unit: string; factor: Dec | null; min: Dec; max: Dec; fixed: boolean; kind: string; confidence: string }[]
  lists: Record<string, [string, string][]>
  regions: { code: string; name: string; level: string; parent: string }[]
  industries: { code: string; name: string; level: string; parent: string }[]
}

export interface Evidence {
  name: string
  kind: string
  size: number
  sha256: string
}

export interface Exported {
  path: string
  signed: boolean
  digest: string
  fingerprint: string | null
}

export interface KeyInfo {
  path: string
  public_key: string
  fingerprint: string
}

export interface Verification {
  status: 'valid' | 'tampered' | 'bad_signature' | 'unsigned' | 'unknown_format'
  message: string
  pack?: string
  uscc?: string
  year?: number
  fingerprint?: string
  digest?: string
  changes?: { cell: string; signed: string; found: string }[]
}

export interface ImportIssue {
  sheet: string
  cell: string
  path: string
  severity: 'error' | 'warning'
  message_zh: string
  message_en: string
}

export interface Imported {
  pack: string
  report: Report
  issues: ImportIssue[]
}

export interface LedgerSummary {
  year: number
  totals: { pollutant: string; projects: number; counted_projects: number; gross_t: Dec; offset_t: Dec; counted_t: Dec; target_t: Dec | null; completion_pct: Dec | null }[]
  projects: { id: string; name: string; pollutant: string | null; reduction_t: Dec | null; offset_t: Dec; counted_t: Dec; excluded: string[] }[]
}

export interface VersionSummary {
  version: number
  revision: number
  reason: string
  body_sha256: string
  created_at: string
}

export type FileOutcome = 'accepted' | 'accepted_with_warnings' | 'held' | 'rejected' | 'skipped'

export interface FileResult {
  file: string
  outcome: FileOutcome
  reason: string
  uscc: string | null
  name: string | null
  year: number | null
  errors: number
  warnings: number
  message: string
  sha256: string
  /** Fingerprint of the signing key, when the signature could be read. */
  fingerprint?: string | null
}

export interface ImportReport {
  files: FileResult[]
  totals: { files: number; accepted: number; accepted_with_warnings: number; held: number; rejected: number; skipped: number }
}

export interface Progress {
  done: number
  total: number
  file: string
  outcome: FileOutcome
}

export interface RosterStatus {
  uscc: string
  name: string
  category: string
  on_roster: boolean
  status: 'filed' | 'missing' | 'late' | 'failing' | 'key_unconfirmed' | 'key_changed'
  version: number | null
  received_at: string | null
  errors: number
  warnings: number
}

export interface KeyEntry {
  uscc: string
  name: string
  public_key: string
  fingerprint: string
  status: 'trusted' | 'unconfirmed'
  source: string
  first_seen: string
  confirmed_at: string | null
  confirmed_by: string | null
}

export interface CountyTotals {
  year: number
  units: number
  comprehensive_tce: Dec
  comprehensive_equal_value_tce: Dec
  feedstock_tce: Dec
  green_electricity_tce: Dec
  assessed_tce: Dec
  assessed_equal_value_tce?: Dec
  by_industry: { division: string; name: string; units: number; comprehensive_tce: Dec; assessed_tce: Dec }[]
  reductions: { pollutant: string; counted_t: Dec; target_t: Dec | null; completion_pct: Dec | null; projects: number }[]
  double_claims: { pollutant: string; facility: string; permit_no: string; basis: string; claims: [string, string, string, string][] }[]
}

export interface CountyInfo {
  path: string
  division: string
  name: string
}

export interface CountySubmission {
  report: Report
  computed: Computed | null
  outcome: Outcome
  versions: { id: number; version: number; status: string; received_at: string; fingerprint: string; file_sha256?: string }[]
}

export interface FieldDiff {
  path: string
  before: string
  after: string
}

// ---- commands ---------------------------------------------------------------------------------

export const api = {
  // app and settings
  appInfo: () => call<AppInfo>('app_info'),
  appModeSet: (mode: 'enterprise' | 'county') => call<AppInfo>('app_mode_set', { mode }),
  appReady: () => call<void>('app_ready'),
  settingsSet: (settings: Settings) => call<Settings>('settings_set', { settings }),
  demoLoad: () => call<ReportSummary[]>('demo_load'),
  catalog: () => call<Catalog>('catalog_get'),
  pack: (id: string) => call<Parameters<typeof normalizePack>[0]>('pack_get', { id }).then(normalizePack),

  // enterprise reports
  reportList: () => call<ReportSummary[]>('report_list'),
  reportGet: (uscc: string, year: number) => call<Report>('report_get', { uscc, year }),
  reportNew: (year: number, fromUscc: string | null) => call<Report>('report_new', { year, fromUscc }),
  reportSave: (report: Report) => call<Saved>('report_save', { report }),
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
  keyPasswd: (path: string, old: string, next: string) => call<KeyInfo>('key_passwd', { path, old, next }),

  // backups
  backupNow: () => call<string>('backup_now'),
  backupRestore: (from: string) => call<string>('backup_restore', { from }),

  // county
  countyInfo: () => call<CountyInfo | null>('county_info'),
  countyInit: (division: string, name: string) => call<CountyInfo>('county_init', { division, name }),
  countyImport: (paths: string[], trustNew: boolean, year: number | null, onProgress: (p: Progress) => void) => {
    const channel = new Channel<Progress>()
    channel.onmessage = onProgress
    return call<ImportReport>('county_import', { paths, trustNew, year, channel })
  },
  countyFiles: () => call<FileResult[]>('county_files'),
  countyRosterImport: (path: string, year: number) => call<RosterStatus[]>('county_roster_import', { path, year }),
  countyRoster: (year: number) => call<RosterStatus[]>('county_roster', { year }),
  countyKeys: () => call<KeyEntry[]>('county_keys'),
  countyKeyTrust: (uscc: string, fingerprint: string) => call<number>('county_key_trust', { uscc, fingerprint }),
  countyKeyRegister: (uscc: string, name: string, publicKey: string) => call<KeyEntry>('county_key_register', { uscc, name, publicKey }),
  countyTotals: (year: number) => call<CountyTotals>('county_totals', { year }),
  countyTargetSet: (year: number, pollutant: string, tonnes: string, source: string) => call<void>('county_target_set', { year, pollutant, tonnes, source }),
  countySubmission: (uscc: string, year: number, version: number | null) => call<CountySubmission>('county_submission', { uscc, year, version }),
  countyDiff: (uscc: string, year: number) => call<FieldDiff[]>('county_diff', { uscc, year }),
  countySummarySave: (year: number, out: string) => call<string>('county_summary_save', { year, out }),
}
