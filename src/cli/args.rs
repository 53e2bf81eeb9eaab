//! Argument definitions of the `nengbao` command line (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

#[derive(Debug, Parser)]
#[command(
    name = "nengbao",
    version,
    about = "能报 Nengbao — 重点用能单位能源利用状况报告与减排台账（离线填报、校验、签名导出）"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the demo enterprise (two years of reports, evidence files, a workspace database).
    Demo {
        /// Output directory (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Also fill the workspace with this many years of history (for footprint measurements).
        #[arg(long, default_value_t = 2)]
        years: u32,
    },
    /// Compute the derived figures of a report (综合能源消费量 当量值/等价值, 原料用能, 绿电,
    /// 二氧化碳排放 …).
    Compute {
        report: PathBuf,
        /// Last year's report, for the year-on-year change of CO₂.
        #[arg(long)]
        prior: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Check a report against the statutory rules (exit 0: no errors; 1: errors; 2: unusable input).
    Check {
        report: PathBuf,
        /// Last year's report, for year-on-year checks.
        #[arg(long)]
        prior: Option<PathBuf>,
        /// A workspace to take last year's report and earlier ledger claims from.
        #[arg(long)]
        db: Option<PathBuf>,
        /// Template pack used to name each finding's sheet and cell.
        #[arg(long, default_value = "national")]
        pack: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        #[arg(long, value_enum, default_value_t)]
        lang: Lang,
    },
    /// List the validation rules (`--markdown` prints docs/RULES.md).
    Rules {
        #[arg(long)]
        markdown: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print the JSON Schema of the report format `nengbao.report/1`.
    Schema,
    /// Enterprise signing keys (SM2), stored encrypted with a passphrase.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Export a report as an Excel submission, signed with the enterprise key (or a draft).
    Export {
        report: PathBuf,
        /// Key file from `nengbao key new` (passphrase from NENGBAO_PASSPHRASE or a prompt).
        #[arg(long, required_unless_present = "draft")]
        key: Option<PathBuf>,
        /// Template pack: national, guangdong.
        #[arg(long, default_value = "national")]
        pack: String,
        #[arg(long)]
        out: PathBuf,
        /// An unsigned draft (allowed with errors; says so on its cover).
        #[arg(long)]
        draft: bool,
        /// Last year's report, for year-on-year checks.
        #[arg(long)]
        prior: Option<PathBuf>,
        /// Workspace for last year's report, earlier ledger claims and the evidence store.
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Verify a submission (exit 0 valid, 3 tampered or bad signature, 4 unsigned or unknown format, 2 unreadable).
    Verify {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// The public key (hex) or fingerprint the signature must come from.
        #[arg(long)]
        trust: Option<String>,
    },
    /// Write the print-ready copy of a signed submission (for signing and stamping on paper) as
    /// one HTML document: every page carries the unit, year, SM3 digest, key fingerprint, page
    /// n/m and a QR code of them. The file is verified first; an altered file is refused.
    /// Print it, or save it as PDF, from a browser.
    Print {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print a submission's report and manifest (public key, signature, distinguishing ID, the
    /// exact signed payload) as JSON.
    Inspect {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Write the blank workbook of a pack for filling in Excel.
    Template {
        #[arg(long, default_value = "national")]
        pack: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Read a filled workbook (template, draft, earlier submission) into report JSON.
    Import {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// County intake: import submissions, keys, roster, totals, summary for the city.
    County {
        #[command(subcommand)]
        command: CountyCommand,
    },
    /// Copy a workspace (enterprise or county) to a backup file, safely while in use.
    Backup {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a workspace from a backup; the current file is kept beside it first. A backup
    /// from a newer app is refused.
    Restore {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        from: PathBuf,
    },
    /// Development aids (crash-test child, …); not for daily use.
    #[command(hide = true)]
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
    /// The reduction ledger (减排台账).
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Evidence files (证明材料) kept in a workspace's evidence store.
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
    /// The workspace's hash-chained audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Work with the reports stored in a workspace database.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum CountyCommand {
    /// Create an intake workspace: a county (the default), a city or a province office.
    Init {
        /// A file (embedded SQLite), or a shared intake server: postgres://user@host/database
        /// (every county command takes either; see README “共享汇总服务器”).
        #[arg(long)]
        db: PathBuf,
        /// GB/T 2260 code of the office's division at its level, e.g. 522601 (county), 522600
        /// (city), 520000 (province).
        #[arg(long)]
        division: String,
        #[arg(long)]
        name: String,
        /// county (县), city (市) or province (省).
        #[arg(long, default_value = "county")]
        level: String,
    },
    /// Import submissions (files or folders), in parallel; files already imported are skipped.
    Import {
        inputs: Vec<PathBuf>,
        #[arg(long)]
        db: PathBuf,
        /// Trust keys seen for the first time (after comparing fingerprints with the key cards).
        #[arg(long)]
        trust_new: bool,
        /// Accept only this reporting year.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The key registry.
    Keys {
        #[arg(long)]
        db: PathBuf,
        /// Register a key from an enterprise's key card: USCC.
        #[arg(long, requires = "public_key")]
        register: Option<String>,
        #[arg(long)]
        public_key: Option<String>,
        #[arg(long, default_value = "")]
        name: String,
        /// Trust the key with --fingerprint for this USCC (confirm a first-use key or accept a changed one).
        #[arg(long, requires = "fingerprint")]
        trust: Option<String>,
        /// Reject the key with --fingerprint for this USCC: its held files are discarded (kept,
        /// never counted) with --why as the reason.
        #[arg(long, requires = "fingerprint", conflicts_with = "trust")]
        reject: Option<String>,
        #[arg(long)]
        fingerprint: Option<String>,
        /// The reason for a rejection, shown to the clerk and kept in the audit log.
        #[arg(long, default_value = "")]
        why: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import the expected list of key units (CSV or xlsx: 统一社会信用代码, 单位名称, 类别), or show
    /// the filing status of each.
    Roster {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        import: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Set a county reduction target (--pollutant NOx --tonnes 1130 --source "…"), or the
    /// county's CO₂ cap for the year (--pollutant CO2 --tonnes 250000, tonnes of CO₂), or copy a
    /// local plan's four targets as a starting example (--from-plan 黔东南州).
    Target {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long, required_unless_present = "from_plan")]
        pollutant: Option<String>,
        #[arg(long, required_unless_present = "from_plan")]
        tonnes: Option<String>,
        #[arg(long, default_value = "")]
        source: String,
        #[arg(long)]
        from_plan: Option<String>,
    },
    /// Set the filing deadline (MM-DD of the year after the reported one; default 03-31).
    Deadline {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        date: String,
    },
    /// The intake log: every import run with its outcome counts, or one run's files.
    Log {
        #[arg(long)]
        db: PathBuf,
        /// Show the files of this run.
        #[arg(long)]
        run: Option<i64>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Find a submission by the SM3 digest printed on its paper copy: the whole digest, its
    /// first digits (at least 6), or the copy's scanned QR code text (exit 2 when none matches).
    Find {
        #[arg(long)]
        db: PathBuf,
        /// The digest, its first digits, or the QR code text (NENGBAO-SUB:1:…).
        query: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Field-level differences between two versions of an enterprise's submission.
    Diff {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        uscc: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        from: Option<i64>,
        #[arg(long)]
        to: Option<i64>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// County totals for a year (JSON or text).
    Totals {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Write the summary workbook for the level above; with --sign --key K, the signed summary
    /// that carries every counted unit's own signed report (passphrase from NENGBAO_PASSPHRASE
    /// or a prompt).
    Summary {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, requires = "key")]
        sign: bool,
        /// The office's key file (`nengbao key new`).
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// The offices directly below (市, 省): their signed summaries (filed, late, missing,
    /// waiting for a key decision), this level's totals by office, and what re-checking found.
    Offices {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The keys of the offices directly below: list, register from a key card, trust or reject
    /// a held key (by division and fingerprint), like enterprise keys.
    OfficeKeys {
        #[arg(long)]
        db: PathBuf,
        /// Register an office's key from its key card: the office's division code.
        #[arg(long, requires = "public_key")]
        register: Option<String>,
        #[arg(long)]
        public_key: Option<String>,
        /// Trust the key with --fingerprint for this division; its held summaries are taken in.
        #[arg(long, requires = "fingerprint")]
        trust: Option<String>,
        /// Reject the key with --fingerprint for this division, with --why as the reason.
        #[arg(long, requires = "fingerprint", conflicts_with = "trust")]
        reject: Option<String>,
        #[arg(long)]
        fingerprint: Option<String>,
        #[arg(long, default_value = "")]
        why: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Generate N realistic signed submissions (test data for training and benchmarks).
    Generate {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        count: u32,
        #[arg(long, default_value = "522601")]
        division: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Save reports in a loop, printing `committed N` after each commit (killed by the crash test).
    SaveLoop {
        #[arg(long)]
        db: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Generate a new enterprise key and store it encrypted.
    New {
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the public key and its fingerprint (no passphrase needed).
    Show {
        key: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Change the passphrase (old from NENGBAO_PASSPHRASE or a prompt, new from
    /// NENGBAO_NEW_PASSPHRASE or a prompt).
    Passwd { key: PathBuf },
    /// Copy the sealed key for safekeeping (a USB stick in the office safe). The copy is as
    /// strong as its passphrase.
    Export {
        key: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the key card (unit, public key, fingerprint and its QR code) for the county, and
    /// write it as a card file the county registers (no passphrase needed).
    Card {
        #[arg(long)]
        key: PathBuf,
        /// 统一社会信用代码 of the unit.
        #[arg(long)]
        uscc: String,
        /// 单位名称.
        #[arg(long)]
        name: String,
        /// The card's date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Where to write the card file (nengbao.keycard/1).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Counted reductions per pollutant against the assigned targets.
    Summary {
        report: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Copy a file into the evidence store and print the entry to attach to a project.
    Add {
        file: PathBuf,
        #[arg(long)]
        db: PathBuf,
        /// 材料类型, e.g. 验收报告, 在线监测数据, 执行报告, 票据
        #[arg(long, default_value = "其他")]
        kind: String,
    },
    /// Check that every evidence file a report lists is in the store, unchanged.
    Check {
        report: PathBuf,
        #[arg(long)]
        db: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain (exit 0 intact, 3 broken), of an enterprise or a county database.
    Verify {
        #[arg(long)]
        db: PathBuf,
        /// A signed submission or county summary written from this database: the log must still
        /// hold the audit head it recorded (exit 3 if it does not: rolled back or replaced).
        #[arg(long)]
        against: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print the log, oldest first.
    List {
        #[arg(long)]
        db: PathBuf,
        /// Only entries about this object, e.g. `USCC/2024`.
        #[arg(long)]
        object: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Save a report JSON file into a workspace (creating the database if needed).
    Save {
        report: PathBuf,
        #[arg(long)]
        db: PathBuf,
        /// Name recorded in the audit log (default: $NENGBAO_ACTOR, else the OS user).
        #[arg(long)]
        actor: Option<String>,
    },
    /// List the reports of a workspace.
    List {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print one stored report as JSON.
    Show {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        uscc: String,
        #[arg(long)]
        year: i32,
    },
}
