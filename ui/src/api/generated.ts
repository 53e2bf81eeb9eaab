// Generated from the Rust types by `make types` (src-tauri/src/typescript.rs). Do not edit:
// `make test` fails when this file and the Rust types disagree.
import type { Report } from './report'

export type AppInfo = { mode: string | null, workspace_path: string, county_path: string, version: string, rule_pack: string, packs: Array<PackName>, settings: Settings, 
/**
 * The defaults of every setting, from the core.
 */
defaults: Settings, };

/**
 * 能效标杆水平和基准水平 — one field's levels in one edition.
 */
export type Benchmark = { key: string, edition: number, field: string, name: string, name_en: string, unit: string, 
/**
 * 标杆水平 (better or equal is leading)
 */
benchmark: string, 
/**
 * 基准水平 (worse is below the floor)
 */
baseline: string, 
/**
 * Transcribed from a seen source; `false` means the value is unverified.
 */
verified: boolean, source: string, };

/**
 * A sentence in both languages, with the field it is about.
 */
export type CarbonNote = { zh: string, en: string, 
/**
 * Report field path, empty when the note is about the whole block.
 */
path: string, };

/**
 * The county's CO₂ cap for the year against its total.
 */
export type CarbonTarget = { target_t: Dec, source: string, 
/**
 * The county total as a percentage of the target.
 */
share_pct: Dec | null, };

/**
 * CO₂ added up over a set of units, tCO₂: the sum of each unit's own signed figures.
 */
export type CarbonTotals = { 
/**
 * Units whose current submission carries signed CO₂ figures (files of the first format
 * carry none).
 */
units: number, direct_co2_t: Dec, indirect_co2_t: Dec, total_co2_t: Dec, };

/**
 * The CO₂ block as the 碳排放 screen shows it.
 */
export type CarbonView = { year: number, 
/**
 * The figures are accounted (no gap); otherwise `gaps` says why.
 */
accounted: boolean, gaps: Array<CarbonNote>, 
/**
 * 核算口径, one statement per setting.
 */
settings: Array<string>, 
/**
 * Factors standing in for a year no edition covers yet (warning CB019).
 */
fallbacks: Array<CarbonNote>, 
/**
 * Editions used: fuel (one or more), grid, heat.
 */
fuel_editions: Array<string>, grid_edition: string | null, heat_edition: string | null, fuels: Array<FuelRowView>, electricity: ElectricityView | null, lines: Array<LineView>, heat: HeatView | null, totals: TotalsView | null, prior: PriorView | null, certificates: Array<CertificateView>, certificate_totals: CertificateTotalsView, 
/**
 * `computed.carbon` as the packs map it: the 碳表 tables read their shaded cells here.
 */
document: Record<string, unknown>, };

/**
 * Key cards read for registering many units at once, and what could not be read.
 */
export type CardsRead = { 
/**
 * The cards (without their QR images).
 */
cards: Array<KeyCard>, 
/**
 * Each card or row that could not be read: its file, line and why.
 */
errors: Array<string>, };

export type Catalog = { energy: Array<CatalogEnergy>, 
/**
 * 能效标杆/基准水平, every edition (the UI picks the one for the report's year).
 */
benchmarks: Array<Benchmark>, 
/**
 * Every dropdown list a built-in pack uses, by the name the pack gives it, and the lists
 * of the app's own screens (`model::lists::APP_LISTS`).
 */
lists: { [key in string]: Array<ListEntry> }, regions: Array<CodeEntry>, industries: Array<CodeEntry>, 
/**
 * Intake's closed sets (outcomes, reasons, statuses) with their zh/en labels.
 */
states: StateLabels, };

/**
 * 205-1 能源目录的一行 — an energy of the catalog with its reference coefficient.
 */
export type CatalogEnergy = { code: string, name: string, 
/**
 * The English name the app shows in English.
 */
name_en: string, unit: string, 
/**
 * Other spellings of `unit` accepted on input (`;`-separated in the seed).
 */
aliases: Array<string>, 
/**
 * 参考折标系数 (丁), tce per unit; absent when no reference value exists.
 */
factor: Dec | null, 
/**
 * Allowed range of the adopted coefficient.
 */
min: Dec, max: Dec, 
/**
 * Electricity and heat: the adopted coefficient must equal the reference.
 */
fixed: boolean, kind: EnergyKind, 
/**
 * The GB/T 2589-2020 Annex A entry this coefficient is taken from, if any.
 */
gbt2589: string, confidence: Confidence, };

/**
 * A cell whose value differs from the signed one.
 */
export type CellChange = { 
/**
 * `sheet!A1`
 */
cell: string, signed: string, found: string, };

/**
 * One unit's claim of certificates that another unit also claims.
 */
export type CertificateClaimant = { uscc: string, name: string, 
/**
 * The file the claim was received in.
 */
file: string, 
/**
 * Entry of the unit's certificate ledger, from 1.
 */
entry: number, 
/**
 * The codes as claimed (`first` or `first—last`).
 */
codes: string, };

/**
 * Certificate codes claimed by more than one unit of the county.
 */
export type CertificateDoubleClaim = { 
/**
 * The span of the overlapping claims, 32-digit codes.
 */
first: string, last: string, claims: Array<CertificateClaimant>, };

/**
 * The ledger in certificates (= MWh).
 */
export type CertificateTotalsView = { listed: number, counted_unbundled: number, counted_trade: number, energy_deductible: number, };

/**
 * One certificate entry, assessed.
 */
export type CertificateView = { index: number, quantity: number, valid_until: string | null, counted: boolean, 
/**
 * Why it does not count, one reason each.
 */
reasons: Array<string>, };

/**
 * A paired indicator with its change rate.
 */
export type Change = { current: Dec | null, prior: Dec | null, change_pct: Dec | null, };

/**
 * The app's live check of a report as the filer types: the figures (absent when the report
 * cannot be computed), the findings located in the chosen pack, and the CO₂ block laid out for
 * the 碳排放 screen and the 碳表 tables, with last year's report from the workspace.
 */
export type Checked = { computed: Computed | null, 
/**
 * The CO₂ block (碳排放 screen and the 碳表 tables), with last year's report from the workspace.
 */
carbon: CarbonView, outcome: Outcome, };

/**
 * A code list entry (GB/T 2260 region or GB/T 4754 industry).
 */
export type CodeEntry = { code: string, name: string, level: string, parent: string, };

/**
 * One column of a region.
 */
export type Column = { col: string, 
/**
 * Column mark of the statistical form: 甲 乙 丙 丁 or 1 2 3 ….
 */
mark: string, heading: string, 
/**
 * Heading of a group of columns, merged over consecutive columns with the same group.
 */
group: string, width: number, 
/**
 * Path relative to the record, or an absolute template with `[]` for the row index
 * (`computed.rows[].tce`). In a nested region, `key = true` marks the parent's id column.
 */
path: string, key: boolean, kind: Kind, 
/**
 * Fraction digits of a decimal.
 */
scale: number, 
/**
 * Dropdown source (see [`list_values`]).
 */
list: string, 
/**
 * Unit shown in the heading.
 */
unit: string, 
/**
 * Note on the heading: the field's definition and source.
 */
note: string, 
/**
 * Required on import (an empty cell is reported).
 */
required: boolean, };

/**
 * Every derived figure of a report. Stored beside the report so the signed value is the shown one.
 */
export type Computed = { year: number, 
/**
 * Whether 综合能耗 is on the 工业生产消费 basis.
 */
industrial_basis: boolean, rows: Array<RowFigures>, 
/**
 * Σ basis consumption, 当量值.
 */
consumption_tce: Dec, 
/**
 * 能源加工转换产出 折标量 (deducted).
 */
conversion_output_tce: Dec, 
/**
 * 回收利用 折标量 (deducted).
 */
recovered_tce: Dec, 
/**
 * 综合能源消费量（当量值）.
 */
comprehensive_energy_tce: Dec, 
/**
 * 综合能源消费量（等价值）.
 */
comprehensive_energy_equal_value_tce: Dec, 
/**
 * Electricity 等价值 coefficient used, tce/万kWh, and the year of its 供电煤耗.
 */
electricity_equal_factor: Dec, electricity_equal_factor_year: number, 
/**
 * 原料用能, 当量值.
 */
feedstock_tce: Dec, 
/**
 * 绿电 (proved by 绿证), 当量值 and 等价值.
 */
green_electricity_tce: Dec, green_electricity_equal_value_tce: Dec, 
/**
 * 扣除原料用能后.
 */
excluding_feedstock_tce: Dec, 
/**
 * 扣除原料用能和绿电后 — the figure assessed under 能耗双控.
 */
assessed_tce: Dec, assessed_equal_value_tce: Dec, 
/**
 * 能源消费成本 万元 (Σ 购进金额 千元 ÷ 10).
 */
energy_cost: Dec, 
/**
 * 能源消费占生产成本比例 %.
 */
energy_cost_share_pct: Dec | null, 
/**
 * 单位产值综合能耗 tce/万元 (comparable-price output).
 */
per_output_value: Dec | null, 
/**
 * 单位工业增加值能耗 tce/万元.
 */
per_value_added: Dec | null, 
/**
 * 单位产值 / 增加值能耗 last year, from the prior columns of table 1.
 */
per_output_value_prior: Dec | null, per_value_added_prior: Dec | null, 
/**
 * Year-on-year changes of table 1, keyed by indicator.
 */
indicator_changes: Array<[string, Change]>, products: Array<ProductFigures>, 
/**
 * 节能目标完成率 % = 累计 ÷ 目标 × 100.
 */
saving_target_completion_pct: Dec | null, 
/**
 * 能源计量器具 配备率 / 完好率 / 检定率 %, over all rows.
 */
metering_equipped_pct: Dec | null, metering_working_pct: Dec | null, metering_calibrated_pct: Dec | null, };

/**
 * Where a value comes from and how sure we are of it.
 */
export type Confidence = "P" | "S" | "M";

export type CountyInfo = { path: string, division: string, name: string, 
/**
 * 县级, 市级 or 省级.
 */
level: OfficeLevel, };

export type CountySubmission = { report: Report, computed: Computed | null, outcome: Outcome, versions: Array<VersionRow>, };

/**
 * Everything the county adds up for a year.
 */
export type CountyTotals = { year: number, units: number, by_industry: Array<IndustryTotal>, reductions: Array<ReductionTotal>, double_claims: Array<DoubleClaim>, 
/**
 * CO₂ beside the energy totals: the units' own signed figures added up.
 */
carbon: CarbonTotals, 
/**
 * The county's CO₂ target (key `CO2` in the targets), when one is set.
 */
carbon_target: CarbonTarget | null, 
/**
 * Certificates claimed by more than one unit's current submission.
 */
certificate_double_claims: Array<CertificateDoubleClaim>, 
/**
 * 综合能源消费量 当量值 and 等价值.
 */
comprehensive_tce: Dec, comprehensive_equal_value_tce: Dec, 
/**
 * 原料用能.
 */
feedstock_tce: Dec, 
/**
 * 绿电.
 */
green_electricity_tce: Dec, 
/**
 * 扣除原料用能和绿电后, 当量值 and 等价值.
 */
assessed_tce: Dec, assessed_equal_value_tce: Dec, };

/**
 * A decimal written with exactly its field's number of fraction digits, e.g. "12.3400".
 */
export type Dec = string;

/**
 * A submission found by its digest (`nengbao county find`, the 按摘要查找 box).
 */
export type DigestFound = { id: number, uscc: string, name: string, year: number, 
/**
 * 1, 2, … in signed order; none for held or discarded submissions.
 */
version: number | null, status: SubmissionStatus, held_reason: Reason | null, revision: number, signed_at: string | null, received_at: string, fingerprint: string, 
/**
 * SM3 of the signed payload, as printed on the paper copy.
 */
digest: string, file_sha256: string, 
/**
 * Name of the file the submission was received in.
 */
file: string, };

/**
 * A reduction claimed by more than one enterprise.
 */
export type DoubleClaim = { pollutant: string, facility: string, permit_no: string, 
/**
 * Why these claims are the same: `permit` (same permit + facility + pollutant) or
 * `facility` (same facility + pollutant under different permits, e.g. a park's shared plant).
 */
basis: string, 
/**
 * (uscc, enterprise, project id, project name)
 */
claims: Array<[string, string, string, string]>, };

/**
 * Electricity: purchased, proved green, charged at the factor, supplied outward.
 */
export type ElectricityView = { purchased_mwh: Dec, green_trade_mwh: Dec, certificate_mwh: Dec, unproved_green_mwh: Dec, charged_mwh: Dec, factor: FactorView | null, co2_t: Dec, exported_mwh: Dec, exported_co2_t: Dec, self_renewable_mwh: Dec, self_fossil_mwh: Dec, };

/**
 * Energy kind of a 205-1 row, used to group charts and to find electricity and heat.
 */
export type EnergyKind = "coal" | "coke" | "gas" | "oil" | "heat" | "electricity" | "other";

/**
 * A small code the UI and the CLI branch on.
 */
export type ErrorCode = "invalid_input" | "not_found" | "not_signable" | "wrong_passphrase" | "unreadable_file" | "storage" | "too_new" | "internal";

/**
 * 证明材料 — a file kept in the workspace's evidence store by SHA-256.
 */
export type Evidence = { 
/**
 * Original file name
 */
name: string, 
/**
 * 材料类型 (验收报告, 在线监测数据, 执行报告, 票据, 其他)
 */
kind: string, size: number, 
/**
 * Lowercase hex SHA-256 of the file bytes
 */
sha256: string, };

/**
 * Why a project does not count this year.
 */
export type Exclusion = "emergency" | "over_limit" | "not_accepted_in_year" | "no_evidence" | "no_valid_reduction" | "no_pollutant";

export type Exported = { path: string, signed: boolean, digest: string, fingerprint: string | null, };

/**
 * A grid or heat factor as used.
 */
export type FactorView = { value: string, unit: string, 
/**
 * The series in words (全国电网平均 …).
 */
series: string, provenance: Provenance, };

/**
 * One field that differs between two versions.
 */
export type FieldDiff = { path: string, before: string, after: string, };

/**
 * The outcome of one file offered for import.
 */
export type FileOutcome = "accepted" | "accepted_with_warnings" | "stale" | "held" | "rejected" | "skipped" | "cancelled";

/**
 * The result of importing one file.
 */
export type FileResult = { file: string, outcome: FileOutcome, reason: Reason, 
/**
 * The unit as signed (accepted, stale, held, skipped); for rejected files, what the file
 * claims — shown, never trusted.
 */
uscc: string | null, name: string | null, year: number | null, errors: number, warnings: number, 
/**
 * For the clerk, with the specifics, in both languages (built where the outcome is
 * decided; the log keeps both halves).
 */
message: Text, sha256: string, 
/**
 * Fingerprint of the signing key, when the signature could be read.
 */
fingerprint: string | null, 
/**
 * The signed revision and signing time, when the file carries them.
 */
revision?: number, signed_at?: string, };

/**
 * A roster unit's filing status.
 */
export type FilingStatus = "filed" | "missing" | "late" | "failing" | "key_unconfirmed" | "key_changed";

/**
 * One finding.
 */
export type Finding = { rule: string, severity: Severity, message: Text, location: Location, 
/**
 * The written reason accepting this warning, when one counts.
 */
justification?: string, };

/**
 * A label and one value cell.
 */
export type FixedCell = { label: string, 
/**
 * Where the label goes (A1 notation); omitted for cells inside a labelled grid.
 */
label_cell: string, 
/**
 * The value cell (A1 notation).
 */
cell: string, path: string, 
/**
 * Merge the value cell across this many columns.
 */
span: number, 
/**
 * Row height for long text.
 */
height: number, kind: Kind, 
/**
 * Fraction digits of a decimal.
 */
scale: number, 
/**
 * Dropdown source (see [`list_values`]).
 */
list: string, 
/**
 * Unit shown in the heading.
 */
unit: string, 
/**
 * Note on the heading: the field's definition and source.
 */
note: string, 
/**
 * Required on import (an empty cell is reported).
 */
required: boolean, };

/**
 * The CO₂ of one 205-1 row.
 */
export type FuelRowView = { 
/**
 * `energy[i]`
 */
path: string, code: string, name: string, unit: string, 
/**
 * How the row enters the block, in words (燃料燃烧, 生物质 …).
 */
treatment: string, consumed: Dec | null, feedstock: Dec | null, transformation: Dec | null, burned: Dec | null, params: Array<ParamView>, co2_t: Dec | null, in_total: boolean, };

/**
 * Heat: purchased and supplied outward.
 */
export type HeatView = { purchased_gj: Dec, exported_gj: Dec, factor: FactorView | null, co2_t: Dec, exported_co2_t: Dec, };

export type ImportReport = { files: Array<FileResult>, totals: ImportTotals, 
/**
 * The clerk cancelled the run; files not processed are listed as cancelled.
 */
cancelled: boolean, };

/**
 * One import run of the intake log.
 */
export type ImportRun = { id: number, started_at: string, finished_at: string | null, actor: string, 
/**
 * The year the run was restricted to; none when each file's own year was taken.
 */
year: number | null, trust_new: boolean, files: number, cancelled: boolean, 
/**
 * Files per final outcome in this run.
 */
outcomes: Array<[FileOutcome, number]>, };

/**
 * Totals of one import run.
 */
export type ImportTotals = { files: number, accepted: number, accepted_with_warnings: number, stale: number, held: number, rejected: number, skipped: number, cancelled: number, };

export type Imported = { pack: string, report: Report, issues: Array<Issue>, };

/**
 * Totals of one industry.
 */
export type IndustryTotal = { 
/**
 * GB/T 4754 大类 code and name.
 */
division: string, name: string, units: number, carbon: CarbonTotals, 
/**
 * 综合能源消费量 当量值 and 等价值.
 */
comprehensive_tce: Dec, comprehensive_equal_value_tce: Dec, 
/**
 * 原料用能.
 */
feedstock_tce: Dec, 
/**
 * 绿电.
 */
green_electricity_tce: Dec, 
/**
 * 扣除原料用能和绿电后, 当量值 and 等价值.
 */
assessed_tce: Dec, assessed_equal_value_tce: Dec, };

/**
 * A problem found reading a cell.
 */
export type Issue = { sheet: string, cell: string, path: string, 
/**
 * `error` (the value was not taken) or `warning` (taken after a correction).
 */
severity: string, message: Text, };

/**
 * A key card: the unit and its public key.
 */
export type KeyCard = { name: string, uscc: string, 
/**
 * SEC1 public key, lowercase hex (uncompressed, 130 digits).
 */
public_key: string, 
/**
 * SM3 fingerprint of the key, upper-case hex in groups of four.
 */
fingerprint: string, 
/**
 * The day the card was made, YYYY-MM-DD.
 */
date: string, 
/**
 * The QR code of the card's key line (`qr_text`), as an SVG image.
 */
qr_svg: string, };

/**
 * A key of the registry: a trusted key, or one seen on held files.
 */
export type KeyEntry = { uscc: string, name: string, public_key: string, fingerprint: string, status: KeyStatus, source: KeySource, first_seen: string, confirmed_at: string | null, confirmed_by: string | null, 
/**
 * Files held for this unit and key.
 */
held_files: number, 
/**
 * The unit's trusted key, beside a held one, for the clerk to compare.
 */
registered_fingerprint: string | null, };

/**
 * A key file's public half: where it is, the public key (hex) and its fingerprint.
 */
export type KeyInfo = { path: string, public_key: string, fingerprint: string, };

/**
 * How a key came to be trusted.
 */
export type KeySource = "first_use" | "key_card" | "decision" | "held";

/**
 * A key of the registry.
 */
export type KeyStatus = "trusted" | "unconfirmed" | "changed";

/**
 * Value kinds of a cell.
 */
export type Kind = "text" | "decimal" | "integer" | "date" | "bool";

/**
 * A static text cell.
 */
export type Label = { cell: string, text: string, 
/**
 * Merge across this many columns.
 */
span: number, };

/**
 * The ledger summary of a report.
 */
export type LedgerSummary = { year: number, totals: Array<PollutantTotal>, projects: Array<ProjectStanding>, };

/**
 * One electricity line as accounted.
 */
export type LineView = { source: string, mwh: Dec | null, 
/**
 * Contract, settlement and evidence (green trade) or meter and records (self-generated).
 */
proved: boolean, treatment: string, };

/**
 * One entry of a list as the app receives it.
 */
export type ListEntry = { 
/**
 * What the report stores.
 */
code: string, 
/**
 * What a workbook cell and the Chinese interface show.
 */
zh: string, 
/**
 * What the English interface shows.
 */
en: string, };

/**
 * Where a finding points.
 */
export type Location = { 
/**
 * Field path in the report, e.g. `energy[3].closing_stock`.
 */
path: string, 
/**
 * Sheet and cell, once a template pack maps the path.
 */
sheet?: string, cell?: string, 
/**
 * Ledger project id for ledger findings.
 */
record?: string, };

/**
 * One file's outcome in a run of the intake log.
 */
export type LogEntry = { run_id: number, seq: number, file: string, sha256: string, outcome: FileOutcome, reason: Reason, message: Text, uscc: string | null, year: number | null, };

/**
 * A finding of re-checking a subordinate office's summary, or of comparing offices.
 */
export type OfficeFinding = { kind: OfficeFindingKind, 
/**
 * The office (division code and name); for findings across offices, every one involved.
 */
offices: Array<[string, string]>, uscc: string | null, field: string | null, claimed: string | null, found: string | null, 
/**
 * For the clerk, in both languages.
 */
message: Text, };

/**
 * What re-checking a subordinate office's signed summary found.
 */
export type OfficeFindingKind = "figure_changed" | "unit_invented" | "unit_dropped" | "unit_outside" | "unit_twice" | "project_twice" | "certificate_twice";

/**
 * A subordinate office's key held for a decision.
 */
export type OfficeKeyEntry = { division: string, name: string, level: OfficeLevel, public_key: string, fingerprint: string, 
/**
 * Trusted, or held (unconfirmed or changed).
 */
status: KeyStatus, source: KeySource, files: number, first_seen: string, confirmed_at: string | null, confirmed_by: string | null, 
/**
 * For a held key, the office's registered key it differs from.
 */
registered: string | null, };

/**
 * The level of an intake office (GB/T 2260: 县级, 地级, 省级).
 */
export type OfficeLevel = "county" | "city" | "province";

/**
 * A subordinate office as this office sees it.
 */
export type OfficeStatus = { division: string, name: string, level: OfficeLevel, status: FilingStatus, 
/**
 * The current summary's signed revision and signing time, its version number here.
 */
revision: number | null, signed_at: string | null, version: number | null, received_at: string | null, fingerprint: string | null, 
/**
 * Units the current summary carried, and findings of re-checking it.
 */
units: number, findings: number, 
/**
 * Id of the current (or held) summary here.
 */
summary_id: number | null, };

/**
 * A subordinate office's units added up from their own signed reports.
 */
export type OfficeTotal = { 
/**
 * Division and name of the office; empty for units whose own files this level imported.
 */
division: string, name: string, units: number, totals: CountyTotals, };

/**
 * The result of validating a report.
 */
export type Outcome = { findings: Array<Finding>, summary: Summary, };

/**
 * A parsed pack.
 */
export type Pack = { pack: PackInfo, table: Array<Table>, };

export type PackInfo = { id: string, version: string, name: string, province: string, 
/**
 * Filing deadline `MM-DD` of the year after the reported one.
 */
deadline: string, source: string, };

export type PackName = { id: string, name: string, };

/**
 * One parameter of a fuel row.
 */
export type ParamView = { 
/**
 * `ncv`, `carbon_content`, `oxidation`, `carbon_per_unit`
 */
parameter: string, label: string, value: string, unit: string, provenance: Provenance, };

/**
 * 污染物 — pollutants counted in 十四五 总量减排 (SO₂ and 颗粒物 optional). Codes and labels:
 * [`super::lists`].
 */
export type Pollutant = "COD" | "NH3-N" | "NOx" | "VOCs" | "SO2" | "PM";

/**
 * The year's totals for one pollutant.
 */
export type PollutantTotal = { pollutant: Pollutant, projects: number, counted_projects: number, 
/**
 * Σ reductions of counted projects before deducting offsets.
 */
gross_t: Dec, 
/**
 * Σ offsets of counted projects.
 */
offset_t: Dec, 
/**
 * Σ counted amounts.
 */
counted_t: Dec, 
/**
 * The target assigned to the enterprise, if entered.
 */
target_t: Dec | null, 
/**
 * counted ÷ target × 100.
 */
completion_pct: Dec | null, };

/**
 * A signed file's print-ready copy: the HTML document the preview shows and prints, and what
 * its every page carries.
 */
export type PrintPreview = { html: string, unit: string, uscc: string, year: number, 
/**
 * SM3 of the signed payload (as `nengbao verify` prints it).
 */
digest: string, fingerprint: string, revision: number, pages: number, 
/**
 * What every page's QR code holds.
 */
qr_text: string, };

/**
 * Last year's figures and the changes.
 */
export type PriorView = { year: number, total_co2_t: Dec, per_output_value: Dec | null, per_value_added: Dec | null, total_change_pct: Dec | null, per_output_value_change_pct: Dec | null, per_value_added_change_pct: Dec | null, };

/**
 * Figures of one product indicator.
 */
export type ProductFigures = { name: string, 
/**
 * 本期指标值 = 子项 ÷ 母项 × 换算系数.
 */
current: Dec | null, 
/**
 * 上年同期指标值.
 */
prior: Dec | null, 
/**
 * 变化率 % = (本期 − 同期) ÷ 同期 × 100.
 */
change_pct: Dec | null, 
/**
 * 节能量 tce = (本期 − 同期) × 本期母项 ÷ 换算系数; negative means energy saved.
 */
saving_tce: Dec | null, };

/**
 * CO₂ per unit of one product.
 */
export type ProductIntensity = { name: string, unit: string, value: Dec | null, };

/**
 * Progress of a running import: the file just decided.
 */
export type Progress = { done: number, total: number, file: string, outcome: FileOutcome, };

/**
 * One project's standing in the year's totals.
 */
export type ProjectStanding = { id: string, name: string, pollutant: Pollutant | null, 
/**
 * before − after, when both are known.
 */
reduction_t: Dec | null, offset_t: Dec, 
/**
 * What counts: reduction − offset (0 when excluded).
 */
counted_t: Dec, excluded: Array<Exclusion>, };

/**
 * A factor or parameter value with where it comes from.
 */
export type Provenance = { 
/**
 * `default` (a registry edition), `measured` (the enterprise's own value) or `fallback`
 * (the latest published edition standing in for a year not published yet).
 */
kind: string, 
/**
 * Edition id (`gbt32151.34-2024-c1`, `mee-2022-national` …); empty for a measured value.
 */
edition: string, 
/**
 * The source as recorded (standard and table, notice, or method and lab).
 */
source: string, 
/**
 * 生态环境部公告 number for grid factors.
 */
notice: string, 
/**
 * Validity of the edition (report years it applies to), ISO dates; empty when open.
 */
valid_from: string, valid_to: string, 
/**
 * Date of publication (grid factors).
 */
published: string, 
/**
 * Year the factor describes (grid factors).
 */
data_year: number | null, confidence: Confidence | null, 
/**
 * The value's source is unverified ([M]): the screen marks it 未核实.
 */
unverified: boolean, note: string, 
/**
 * Row of 实测参数 (0-based) for a measured value.
 */
measured_index: number | null, 
/**
 * Number of evidence files of a measured value.
 */
evidence: number, };

/**
 * Why a file got its outcome.
 */
export type Reason = "ok" | "stale" | "tampered" | "bad_signature" | "unsigned" | "unreadable" | "oversized" | "unknown_format" | "wrong_year" | "not_in_county" | "key_unconfirmed" | "key_changed" | "key_of_other_unit" | "key_rejected" | "duplicate" | "storage" | "internal" | "cancelled";

/**
 * Counted reductions of one pollutant against the county's target.
 */
export type ReductionTotal = { pollutant: string, counted_t: Dec, target_t: Dec | null, completion_pct: Dec | null, projects: number, };

/**
 * A row-per-record region.
 */
export type Region = { 
/**
 * List path of the records, e.g. `energy` or `reduction_projects`.
 */
rows: string, 
/**
 * For a nested region: the child list inside each parent record, e.g. `records`.
 */
nested: string, 
/**
 * 1-based row of the first heading row.
 */
header_row: number, 
/**
 * 1-based row of the first record.
 */
first_row: number, max_rows: number, columns: Array<Column>, 
/**
 * Fixed cells under the region (totals and summary figures).
 */
footer: Array<FixedCell>, };

/**
 * A row of the report list.
 */
export type ReportSummary = { id: number, uscc: string, enterprise_name: string, year: number, revision: number, versions: number, updated_at: string, 
/**
 * The enterprise was archived: kept, but no longer offered in the selector.
 */
archived: boolean, };

/**
 * A roster line with its filing status.
 */
export type RosterStatus = { uscc: string, name: string, category: string, on_roster: boolean, status: FilingStatus, version: number | null, received_at: string | null, errors: number, warnings: number, };

/**
 * Figures of one 205-1 energy row.
 */
export type RowFigures = { code: string, name: string, unit: string, 
/**
 * The coefficient used (adopted, or the reference when none was entered).
 */
factor: Dec, 
/**
 * 折标量 of the basis consumption (工业生产消费 for industrial units), 当量值.
 */
tce: Dec, 
/**
 * 折标量 of 消费量合计.
 */
total_tce: Dec, 
/**
 * 折标量 of the basis consumption at 等价值.
 */
equal_value_tce: Dec, 
/**
 * 用于原材料 折标量.
 */
feedstock_tce: Dec, 
/**
 * 期末库存 expected from the balance 期初 + 购进 + 加工转换产出 + 回收利用 − 消费量合计.
 */
expected_closing_stock: Dec, };

/**
 * What a save did.
 */
export type Saved = { report_id: number, revision: number, 
/**
 * False when the body was identical to the stored one (nothing written).
 */
changed: boolean, };

/**
 * The user's settings.
 */
export type Settings = { 
/**
 * Interface language: `zh-CN` or `en`.
 */
language: string, 
/**
 * Template pack: `national` or a province's.
 */
pack: string, 
/**
 * Year-on-year change (percent) beyond which a warning needs a written reason.
 */
yoy_threshold_pct: string, 
/**
 * A justification shorter than this many characters does not count.
 */
min_justification_chars: string, 
/**
 * Who is editing, recorded in the audit log.
 */
actor: string, 
/**
 * The enterprise's key file.
 */
key_path: string, 
/**
 * The shared intake server of the office (`postgres://user@host/database`); empty for the
 * county workspace file in the app data folder.
 */
county_server: string, };

export type Severity = "error" | "warning" | "info";

/**
 * A signed summary as written.
 */
export type SignedSummary = { revision: number, signed_at: string, digest: string, fingerprint: string, units: number, };

/**
 * A closed-set member with its labels, for the app to show (it holds no copy of its own).
 */
export type StateLabel = { code: string, zh: string, en: string, };

/**
 * Every closed set of intake with its labels.
 */
export type StateLabels = { file_outcome: Array<StateLabel>, reason: Array<StateLabel>, submission_status: Array<StateLabel>, key_status: Array<StateLabel>, key_source: Array<StateLabel>, filing_status: Array<StateLabel>, office_level: Array<StateLabel>, office_finding: Array<StateLabel>, };

/**
 * The result of verifying a submission.
 */
export type Status = "valid" | "tampered" | "bad_signature" | "unsigned" | "unknown_format";

/**
 * Where a submission stands.
 */
export type SubmissionStatus = "current" | "superseded" | "held" | "discarded";

/**
 * Counts by tier. `warnings` counts unjustified warnings only.
 */
export type Summary = { errors: number, warnings: number, justified: number, infos: number, };

/**
 * One table (one sheet).
 */
export type Table = { id: string, 
/**
 * Official numbering, e.g. `表1`.
 */
number: string, title: string, 
/**
 * Sheet name (≤ 31 characters).
 */
sheet: string, 
/**
 * A line under the title (units, instructions).
 */
intro: string, 
/**
 * Column widths by letter, in characters.
 */
widths: { [key in string]: number }, 
/**
 * Static text (grid headings, section titles).
 */
labels: Array<Label>, cells: Array<FixedCell>, region: Region | null, };

/**
 * A message in Chinese and English.
 */
export type Text = { zh: string, en: string, };

/**
 * Direct, indirect, total and intensities.
 */
export type TotalsView = { combustion_co2_t: Dec, process_co2_t: Dec, direct_co2_t: Dec, indirect_co2_t: Dec, total_co2_t: Dec, 
/**
 * Biomass CO₂, reported apart from the total.
 */
biomass_co2_t: Dec, per_output_value: Dec | null, per_value_added: Dec | null, per_product: Array<ProductIntensity>, };

/**
 * Everything verification learned. Unit, year, name, revision and signing time come from the
 * signed payload when the signature holds; for other outcomes they are what the unsigned
 * manifest claims, shown to the clerk and never used for a decision.
 */
export type Verification = { status: Status, 
/**
 * The outcome as one line, as earlier versions wrote it (kept for the CLI and scripts).
 */
message: string, 
/**
 * The outcome in both languages: the interface shows the half of its language.
 */
text: Text, pack?: string, uscc?: string, year?: number, public_key?: string, fingerprint?: string, digest?: string, 
/**
 * The signed revision (0 for files of the first format, which carry none).
 */
revision?: number, 
/**
 * The signed signing time (RFC 3339), when the format carries one.
 */
signed_at?: string, 
/**
 * The signed head of the signer's audit chain at export, when there was one.
 */
audit_head?: string, changes?: Array<CellChange>, };

/**
 * A submission of a unit and year. Accepted ones are numbered by signed order.
 */
export type VersionRow = { id: number, 
/**
 * 1, 2, … in signed order; none for held or discarded submissions.
 */
version: number | null, status: SubmissionStatus, held_reason: Reason | null, 
/**
 * The signed revision (0 for files of the first format).
 */
revision: number, 
/**
 * The signed signing time, UTC.
 */
signed_at: string | null, received_at: string, fingerprint: string, file_sha256: string, };

/**
 * A frozen version of a report.
 */
export type VersionSummary = { version: number, revision: number, reason: string, body_sha256: string, created_at: string, };

/**
 * The wire form of an error for the app: `{code, message, detail}`.
 */
export type WireError = { code: ErrorCode, 
/**
 * The message in the combined form (kept for scripts that read it).
 */
message: string, 
/**
 * The message in both languages: the interface shows the half of its language.
 */
text: Text, detail: string | null, };
