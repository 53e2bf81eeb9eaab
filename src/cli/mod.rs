//! The `nengbao` command line: a thin adapter over [`crate::workspace`] and the core modules.
//!
//! Exit codes (stable, documented in README):
//! 0 success · 1 the report has error findings (`check`) · 2 unusable input (unreadable file,
//! invalid JSON, wrong format, bad number, unknown code) · 3 signature tampered/bad ·
//! 4 unsigned or unknown format · 5 storage or internal failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::calc::Computed;
use crate::error::{Error, ErrorCode};
use crate::interchange::{read_report, report_to_json, write_atomic};
use crate::model::AnnualReport;
use crate::workspace::{SystemClock, Workspace};

/// Exit code: the command did what was asked.
pub const EXIT_OK: u8 = 0;
/// Exit code: the report has error findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the input could not be used.
pub const EXIT_INPUT: u8 = 2;
/// Exit code: storage or internal failure.
pub const EXIT_FAILURE: u8 = 5;

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
    /// Create a county workspace.
    Init {
        #[arg(long)]
        db: PathBuf,
        /// County-level GB/T 2260 code, e.g. 522601.
        #[arg(long)]
        division: String,
        #[arg(long)]
        name: String,
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
    /// Write the summary workbook for the city.
    Summary {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
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

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli, &mut std::io::stdout().lock()) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("nengbao: {e}");
            ExitCode::from(exit_code(&e))
        }
    }
}

/// The exit code for an error.
pub fn exit_code(e: &Error) -> u8 {
    match e.code() {
        ErrorCode::InvalidInput
        | ErrorCode::NotFound
        | ErrorCode::NotSignable
        | ErrorCode::WrongPassphrase => EXIT_INPUT,
        ErrorCode::Storage | ErrorCode::TooNew | ErrorCode::Internal => EXIT_FAILURE,
    }
}

fn out_err(e: std::io::Error) -> Error {
    Error::io("standard output", e)
}

/// Runs one command, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        Command::Demo { out: dir, years } => demo(&dir, years, out),
        Command::Compute {
            report,
            prior,
            format,
        } => {
            let r = read_report(&report)?;
            let prior = prior.map(|p| read_report(&p)).transpose()?;
            let ws = Workspace::in_memory(Box::new(SystemClock))?;
            let c = ws.compute(&r).map_err(|e| locate(&report, e))?;
            let carbon = crate::carbon::compute(&r, refdata()?, prior.as_ref());
            match format {
                Format::Json => print_json(
                    out,
                    &WithCarbon {
                        inner: &c,
                        carbon: &carbon,
                    },
                )?,
                Format::Text => {
                    print_computed(out, &r, &c).map_err(out_err)?;
                    print_carbon(out, &carbon).map_err(out_err)?;
                }
            }
            Ok(EXIT_OK)
        }
        Command::Check {
            report,
            prior,
            db,
            pack,
            format,
            lang,
        } => check(
            &report,
            prior.as_deref(),
            db.as_deref(),
            &pack,
            format,
            lang,
            out,
        ),
        Command::Rules { markdown, format } => {
            if markdown {
                write!(out, "{}", crate::validate::rules_markdown()).map_err(out_err)?;
            } else if format == Format::Json {
                let list: Vec<_> = crate::validate::RULES
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.id, "name": r.name, "severity": r.severity,
                            "title": {"zh": r.title_zh, "en": r.title_en},
                            "basis": r.basis, "since": r.since,
                        })
                    })
                    .collect();
                print_json(out, &list)?;
            } else {
                for r in crate::validate::RULES {
                    writeln!(
                        out,
                        "{}  {:<8} {}  {}",
                        r.id,
                        r.severity.zh(),
                        r.name,
                        r.title_zh
                    )
                    .map_err(out_err)?;
                }
            }
            Ok(EXIT_OK)
        }
        Command::Schema => {
            let schema = schemars::schema_for!(AnnualReport);
            print_json(out, &schema)?;
            Ok(EXIT_OK)
        }
        Command::Report { command } => report_cmd(command, out),
        Command::Ledger {
            command: LedgerCommand::Summary { report, format },
        } => {
            let r = read_report(&report)?;
            let sum = crate::ledger::summary(&r);
            match format {
                Format::Json => print_json(out, &sum)?,
                Format::Text => print_ledger(out, &r, &sum).map_err(out_err)?,
            }
            Ok(EXIT_OK)
        }
        Command::Evidence { command } => evidence_cmd(command, out),
        Command::Key { command } => key_cmd(command, out),
        Command::County { command } => county_cmd(command, out),
        Command::Backup { db, out: dest } => {
            let kind = db_kind(&db)?;
            let conn = crate::store::open_kind(&db, kind)?;
            crate::store::backup::backup_to(&conn, &dest)?;
            writeln!(out, "已备份 {} → {}", db.display(), dest.display()).map_err(out_err)?;
            Ok(EXIT_OK)
        }
        Command::Restore { db, from } => {
            let info = crate::store::backup::inspect(&from).map_err(|e| Error::Input {
                location: from.display().to_string(),
                message: e.to_string(),
            })?;
            let kind = if info.application_id == crate::county::COUNTY.application_id {
                crate::county::COUNTY
            } else {
                crate::store::ENTERPRISE
            };
            let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
            let kept = crate::store::backup::restore(&db, &from, kind, &stamp)?;
            if let Some(k) = kept {
                writeln!(out, "原数据库已保留为 {}", k.display()).map_err(out_err)?;
            }
            writeln!(out, "已从 {} 恢复 {}", from.display(), db.display()).map_err(out_err)?;
            Ok(EXIT_OK)
        }
        Command::Dev {
            command: DevCommand::SaveLoop { db },
        } => {
            let mut ws = Workspace::open(&db, Box::new(SystemClock))?;
            let mut r = crate::demo::report_2024();
            let mut i: u32 = 0;
            loop {
                i = i.wrapping_add(1);
                r.indicators.employees.current = Some(i);
                r.explanations.increase = format!("第{i}次保存");
                let saved = ws.report_save(&r)?;
                writeln!(out, "committed {}", saved.revision).map_err(out_err)?;
                out.flush().map_err(out_err)?;
            }
        }
        Command::Export {
            report,
            key,
            pack,
            out: dest,
            draft,
            prior,
            db,
        } => export_cmd(
            &report,
            key.as_deref(),
            &pack,
            &dest,
            draft,
            prior.as_deref(),
            db.as_deref(),
            out,
        ),
        Command::Verify {
            file,
            format,
            trust,
        } => verify_cmd(&file, format, trust.as_deref(), out),
        Command::Inspect { file, format } => {
            let bytes = read_bytes(&file)?;
            let i = crate::xlsx::inspect(&bytes, refdata()?).map_err(|e| Error::Input {
                location: file.display().to_string(),
                message: e.to_string(),
            })?;
            match format {
                Format::Json => print_json(out, &i)?,
                Format::Text => {
                    writeln!(out, "表式：{}", i.pack).map_err(out_err)?;
                    for (k, v) in &i.manifest {
                        writeln!(out, "{k}: {v}").map_err(out_err)?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
        Command::Template {
            pack,
            year,
            out: dest,
        } => {
            let p = crate::pack::Pack::builtin(&pack).map_err(|e| Error::Input {
                location: "--pack".into(),
                message: e.to_string(),
            })?;
            let bytes = crate::xlsx::template(p, year, refdata()?).map_err(|e| Error::Input {
                location: dest.display().to_string(),
                message: e.to_string(),
            })?;
            write_atomic(&dest, &bytes)?;
            writeln!(out, "{}", dest.display()).map_err(out_err)?;
            Ok(EXIT_OK)
        }
        Command::Import {
            file,
            out: dest,
            format,
        } => import_cmd(&file, &dest, format, out),
        Command::Audit { command } => audit_cmd(command, out),
    }
}

/// Prefixes a calculation error with the file it came from.
fn locate(file: &Path, e: Error) -> Error {
    match e {
        Error::Calc(c) => Error::Input {
            location: file.display().to_string(),
            message: c.to_string(),
        },
        other => other,
    }
}

#[allow(clippy::too_many_arguments)]
fn check(
    report: &Path,
    prior: Option<&Path>,
    db: Option<&Path>,
    pack: &str,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let r = read_report(report)?;
    let prior = prior.map(read_report).transpose()?;
    let ws = match db {
        Some(db) => open_existing(db)?,
        None => Workspace::in_memory(Box::new(SystemClock))?,
    };
    let mut outcome = ws.validate(&r, prior.as_ref())?;
    if let Ok(p) = crate::pack::Pack::builtin(pack) {
        crate::validate::locate(&mut outcome, p);
    }
    let last = match prior {
        Some(p) => Some(p),
        None => ws.prior_report(&r)?,
    };
    let carbon = crate::carbon::compute(&r, refdata()?, last.as_ref());
    match format {
        Format::Json => print_json(
            out,
            &WithCarbon {
                inner: &outcome,
                carbon: &carbon,
            },
        )?,
        Format::Text => {
            print_carbon_line(out, &carbon, lang).map_err(out_err)?;
            for f in &outcome.findings {
                let (sev, msg) = match lang {
                    Lang::Zh => (f.severity.zh(), &f.message.zh),
                    Lang::En => (
                        match f.severity {
                            crate::validate::Severity::Error => "error",
                            crate::validate::Severity::Warning => "warning",
                            crate::validate::Severity::Info => "info",
                        },
                        &f.message.en,
                    ),
                };
                let ack = match (&f.justification, lang) {
                    (Some(j), Lang::Zh) => format!("（已说明：{j}）"),
                    (Some(j), Lang::En) => format!(" (justified: {j})"),
                    (None, _) => String::new(),
                };
                let cell = match (&f.location.sheet, &f.location.cell) {
                    (Some(s), Some(c)) => format!("（{s}!{c}）"),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "{sev}  {}  {}{cell}  {msg}{ack}",
                    f.rule, f.location.path
                )
                .map_err(out_err)?;
            }
            let s = outcome.summary;
            match lang {
                Lang::Zh => writeln!(
                    out,
                    "共 {} 个错误，{} 个待说明的警告，{} 个已说明，{} 个提示。",
                    s.errors, s.warnings, s.justified, s.infos
                ),
                Lang::En => writeln!(
                    out,
                    "{} errors, {} unjustified warnings, {} justified, {} infos.",
                    s.errors, s.warnings, s.justified, s.infos
                ),
            }
            .map_err(out_err)?;
        }
    }
    Ok(if outcome.summary.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn print_json<T: serde::Serialize>(out: &mut dyn Write, v: &T) -> Result<(), Error> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::Input {
        location: "output".into(),
        message: e.to_string(),
    })?;
    writeln!(out, "{s}").map_err(out_err)
}

fn report_cmd(cmd: ReportCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match cmd {
        ReportCommand::Save { report, db, actor } => {
            let r = read_report(&report)?;
            let mut ws = Workspace::open(&db, Box::new(SystemClock))?;
            if let Some(a) = actor {
                ws.set_actor(&a);
            }
            let saved = ws.report_save(&r)?;
            writeln!(
                out,
                "已保存 {} {}年 报告（修订 {}{}）",
                r.enterprise.name,
                r.year,
                saved.revision,
                if saved.changed { "" } else { "，内容未变" }
            )
            .map_err(out_err)?;
            Ok(EXIT_OK)
        }
        ReportCommand::List { db, format } => {
            let ws = open_existing(&db)?;
            let list = ws.report_list(None)?;
            match format {
                Format::Json => print_json(out, &list)?,
                Format::Text => {
                    for r in &list {
                        writeln!(
                            out,
                            "{}  {}  {}年  修订{}  版本{}  {}",
                            r.uscc, r.enterprise_name, r.year, r.revision, r.versions, r.updated_at
                        )
                        .map_err(out_err)?;
                    }
                    if list.is_empty() {
                        writeln!(out, "（工作区中还没有报告）").map_err(out_err)?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
        ReportCommand::Show { db, uscc, year } => {
            let ws = open_existing(&db)?;
            let r = ws.report_load(&uscc, year)?;
            writeln!(out, "{}", report_to_json(&r)?).map_err(out_err)?;
            Ok(EXIT_OK)
        }
    }
}

/// Opens a workspace that must already exist (reading commands never create one).
fn open_existing(db: &Path) -> Result<Workspace, Error> {
    if !db.is_file() {
        return Err(Error::Input {
            location: db.display().to_string(),
            message: "workspace database not found".into(),
        });
    }
    Workspace::open(db, Box::new(SystemClock))
}

fn demo(dir: &Path, years: u32, out: &mut dyn Write) -> Result<u8, Error> {
    std::fs::create_dir_all(dir.join("evidence")).map_err(|e| Error::io(dir.display(), e))?;
    let mut ws = Workspace::open(&dir.join("workspace.db"), Box::new(SystemClock))?;
    ws.set_actor("张敏");
    crate::demo::load(&mut ws, &dir.join("evidence"))?;
    let reports = [crate::demo::report_2023(), crate::demo::report_2024()];
    for r in &reports {
        let path = dir.join(format!("report-{}.json", r.year));
        write_atomic(&path, report_to_json(r)?.as_bytes())?;
        ws.report_save(r)?;
        writeln!(out, "{}", path.display()).map_err(out_err)?;
    }
    ws.report_freeze(crate::demo::DEMO_USCC, 2023, "已报送")?;
    // Earlier years: the 2023 report carried back, each frozen as filed.
    for back in 2..years.max(2) {
        let mut r = crate::demo::report_2023();
        r.year = 2023 - back as i32 + 1;
        r.reduction_projects.clear();
        ws.report_save(&r)?;
        ws.report_freeze(crate::demo::DEMO_USCC, r.year, "已报送")?;
    }
    writeln!(out, "{}", dir.join("workspace.db").display()).map_err(out_err)?;
    Ok(EXIT_OK)
}

fn refdata() -> Result<&'static crate::refdata::RefData, Error> {
    Ok(crate::refdata::RefData::builtin()?)
}

fn read_bytes(file: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(file).map_err(|e| Error::Input {
        location: file.display().to_string(),
        message: format!("cannot read file: {e}"),
    })
}

/// The passphrase from NENGBAO_PASSPHRASE, else asked for without echo.
fn passphrase(prompt: &str, confirm: bool) -> Result<zeroize::Zeroizing<String>, Error> {
    if let Ok(p) = std::env::var("NENGBAO_PASSPHRASE") {
        return Ok(zeroize::Zeroizing::new(p));
    }
    let ask = |p: &str| {
        rpassword::prompt_password(p).map_err(|e| Error::Input {
            location: "passphrase".into(),
            message: format!(
                "cannot read the passphrase (set NENGBAO_PASSPHRASE when not on a terminal): {e}"
            ),
        })
    };
    let first = zeroize::Zeroizing::new(ask(prompt)?);
    if confirm && *zeroize::Zeroizing::new(ask("再次输入口令：")?) != *first {
        return Err(Error::Input {
            location: "passphrase".into(),
            message: "两次输入的口令不一致 (the passphrases differ)".into(),
        });
    }
    Ok(first)
}

fn key_error(file: &Path, e: crate::sign::SignError) -> Error {
    Error::Input {
        location: file.display().to_string(),
        message: e.to_string(),
    }
}

/// Asks twice for a new passphrase without echo.
fn ask_new_passphrase() -> Result<zeroize::Zeroizing<String>, Error> {
    let ask = |p: &str| {
        rpassword::prompt_password(p).map(zeroize::Zeroizing::new).map_err(|e| Error::Input {
            location: "passphrase".into(),
            message: format!("cannot read the passphrase (set NENGBAO_NEW_PASSPHRASE when not on a terminal): {e}"),
        })
    };
    let first = ask("新口令（至少8个字符）：")?;
    if *ask("再次输入新口令：")? != *first {
        return Err(Error::Input {
            location: "passphrase".into(),
            message: "两次输入的口令不一致".into(),
        });
    }
    Ok(first)
}

fn key_cmd(cmd: KeyCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match cmd {
        KeyCommand::New { out: dest } => {
            if dest.exists() {
                return Err(Error::Input {
                    location: dest.display().to_string(),
                    message: "a file already exists there; refusing to overwrite a key".into(),
                });
            }
            let pass = passphrase("设置密钥口令（至少8个字符）：", true)?;
            let key = crate::sign::Key::generate().map_err(|e| key_error(&dest, e))?;
            let text = key.seal(&pass).map_err(|e| key_error(&dest, e))?;
            crate::sign::write_key_file(&dest, &text)?;
            writeln!(
                out,
                "已生成密钥：{}
公钥指纹：{}",
                dest.display(),
                key.fingerprint()
            )
            .map_err(out_err)?;
            Ok(EXIT_OK)
        }
        KeyCommand::Passwd { key } => {
            let text = crate::sign::read_key_file(&key)?;
            let old = passphrase("原口令：", false)?;
            let k = crate::sign::Key::open(&text, &old).map_err(|e| key_error(&key, e))?;
            let new = match std::env::var("NENGBAO_NEW_PASSPHRASE") {
                Ok(p) => zeroize::Zeroizing::new(p),
                Err(_) => ask_new_passphrase()?,
            };
            let sealed = k.seal(&new).map_err(|e| key_error(&key, e))?;
            crate::sign::write_key_file(&key, &sealed)?;
            writeln!(out, "口令已更改；公钥指纹不变：{}", k.fingerprint()).map_err(out_err)?;
            Ok(EXIT_OK)
        }
        KeyCommand::Export { key, out: dest } => {
            let text = crate::sign::read_key_file(&key)?;
            let kf = crate::sign::KeyFile::parse(&text).map_err(|e| key_error(&key, e))?;
            crate::sign::write_key_file(&dest, &text)?;
            writeln!(
                out,
                "已备份密钥到 {}（指纹 {}）。\n注意：备份文件与原密钥同样可以签名，只受口令保护；请离线保存于安全处，勿通过邮件或网盘传送。",
                dest.display(),
                kf.fingerprint()
            )
            .map_err(out_err)?;
            Ok(EXIT_OK)
        }
        KeyCommand::Show { key, format } => {
            let text = crate::sign::read_key_file(&key)?;
            let kf = crate::sign::KeyFile::parse(&text).map_err(|e| key_error(&key, e))?;
            let public = hex::encode(&kf.public);
            match format {
                Format::Json => print_json(
                    out,
                    &serde_json::json!({"public_key": public, "fingerprint": kf.fingerprint()}),
                )?,
                Format::Text => writeln!(
                    out,
                    "公钥：{public}
公钥指纹：{}",
                    kf.fingerprint()
                )
                .map_err(out_err)?,
            }
            Ok(EXIT_OK)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn export_cmd(
    report: &Path,
    key: Option<&Path>,
    pack: &str,
    dest: &Path,
    draft: bool,
    prior: Option<&Path>,
    db: Option<&Path>,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let r = read_report(report)?;
    let prior = prior.map(read_report).transpose()?;
    let p = crate::pack::Pack::builtin(pack).map_err(|e| Error::Input {
        location: "--pack".into(),
        message: e.to_string(),
    })?;
    let mut ws = match db {
        Some(db) => open_existing(db)?,
        None => Workspace::in_memory(Box::new(SystemClock))?,
    };
    let key = match (key, draft) {
        (Some(k), false) => {
            let text = crate::sign::read_key_file(k)?;
            let pass = passphrase("密钥口令：", false)?;
            Some(crate::sign::Key::open(&text, &pass).map_err(|e| key_error(k, e))?)
        }
        _ => None,
    };
    let exported = ws
        .submission_export(&r, p, key.as_ref(), prior.as_ref(), dest)
        .map_err(|e| match e {
            Error::NotSignable { .. } => Error::Input {
                location: report.display().to_string(),
                message: e.to_string(),
            },
            other => other,
        })?;
    writeln!(
        out,
        "{}  {}  SM3 {}{}",
        dest.display(),
        if exported.signed {
            "已签名"
        } else {
            "草稿（未签名）"
        },
        exported.digest,
        exported
            .fingerprint
            .map(|f| format!("  公钥指纹 {f}"))
            .unwrap_or_default()
    )
    .map_err(out_err)?;
    Ok(EXIT_OK)
}

fn verify_cmd(
    file: &Path,
    format: Format,
    trust: Option<&str>,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    use crate::xlsx::Status;
    let bytes = read_bytes(file)?;
    if let Err(e) = crate::xlsx::read::check_container(&bytes) {
        return Err(Error::Input {
            location: file.display().to_string(),
            message: e.to_string(),
        });
    }
    let v = crate::xlsx::verify(&bytes, refdata()?, trust);
    match format {
        Format::Json => print_json(out, &v)?,
        Format::Text => {
            let word = match v.status {
                Status::Valid => "有效",
                Status::Tampered => "已被改动",
                Status::BadSignature => "签名无效",
                Status::Unsigned => "未签名",
                Status::UnknownFormat => "无法识别",
            };
            writeln!(out, "{word}：{}", v.message).map_err(out_err)?;
            if let Some(fp) = &v.fingerprint {
                writeln!(out, "公钥指纹：{fp}").map_err(out_err)?;
            }
            for c in &v.changes {
                writeln!(out, "  {}  签名时：{}  现为：{}", c.cell, c.signed, c.found)
                    .map_err(out_err)?;
            }
        }
    }
    Ok(match v.status {
        Status::Valid => EXIT_OK,
        Status::Tampered | Status::BadSignature => 3,
        Status::Unsigned | Status::UnknownFormat => 4,
    })
}

fn import_cmd(file: &Path, dest: &Path, format: Format, out: &mut dyn Write) -> Result<u8, Error> {
    let bytes = read_bytes(file)?;
    let imported = crate::xlsx::import(&bytes, refdata()?).map_err(|e| Error::Input {
        location: file.display().to_string(),
        message: e.to_string(),
    })?;
    write_atomic(dest, report_to_json(&imported.report)?.as_bytes())?;
    match format {
        Format::Json => print_json(
            out,
            &serde_json::json!({"pack": imported.pack, "out": dest.display().to_string(), "issues": imported.issues}),
        )?,
        Format::Text => {
            writeln!(out, "已导入（{}）→ {}", imported.pack, dest.display()).map_err(out_err)?;
            for i in &imported.issues {
                let sev = if i.severity == "error" {
                    "错误"
                } else {
                    "提醒"
                };
                writeln!(out, "{sev}  {}!{}  {}", i.sheet, i.cell, i.message_zh)
                    .map_err(out_err)?;
            }
        }
    }
    let errors = imported.issues.iter().any(|i| i.severity == "error");
    Ok(if errors { EXIT_FINDINGS } else { EXIT_OK })
}

fn evidence_cmd(cmd: EvidenceCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match cmd {
        EvidenceCommand::Add { file, db, kind } => {
            let mut ws = Workspace::open(&db, Box::new(SystemClock))?;
            let e = ws.evidence_add(&file, &kind)?;
            print_json(out, &e)?;
            Ok(EXIT_OK)
        }
        EvidenceCommand::Check { report, db, format } => {
            let r = read_report(&report)?;
            let ws = open_existing(&db)?;
            let issues = ws.evidence_check(&r)?.unwrap_or_default();
            match format {
                Format::Json => print_json(out, &issues)?,
                Format::Text => {
                    for i in &issues {
                        let what = match i.problem {
                            crate::workspace::EvidenceProblem::Missing => "缺失",
                            crate::workspace::EvidenceProblem::Changed => "已被改动",
                        };
                        writeln!(out, "{what}  {}  {}  {}", i.path, i.name, i.sha256)
                            .map_err(out_err)?;
                    }
                    if issues.is_empty() {
                        writeln!(out, "证明材料完整，未被改动。").map_err(out_err)?;
                    }
                }
            }
            Ok(if issues.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            })
        }
    }
}

fn audit_cmd(cmd: AuditCommand, out: &mut dyn Write) -> Result<u8, Error> {
    use crate::store::audit::Verdict;
    match cmd {
        AuditCommand::Verify {
            db,
            against: None,
            format,
        } => {
            let conn = crate::store::open_kind(&db, db_kind(&db)?)?;
            let v = crate::store::audit::verify(&conn)?;
            match format {
                Format::Json => print_json(out, &v)?,
                Format::Text => match &v {
                    Verdict::Intact { entries, head } => {
                        writeln!(out, "审计日志完整：{entries} 条记录，末条哈希 {head}")
                            .map_err(out_err)?
                    }
                    Verdict::Broken { seq, reason } => {
                        writeln!(out, "审计日志已被破坏：第 {seq} 条 — {reason}")
                            .map_err(out_err)?
                    }
                },
            }
            Ok(match v {
                Verdict::Intact { .. } => EXIT_OK,
                Verdict::Broken { .. } => 3,
            })
        }
        AuditCommand::Verify {
            db,
            against: Some(file),
            format,
        } => {
            use crate::store::audit::Anchored;
            let bytes = read_bytes(&file)?;
            let head =
                crate::xlsx::anchored_head(&bytes, refdata()?).map_err(|e| Error::Input {
                    location: file.display().to_string(),
                    message: e.to_string(),
                })?;
            let conn = crate::store::open_kind(&db, db_kind(&db)?)?;
            let v = crate::store::audit::verify_against(&conn, &head)?;
            match format {
                Format::Json => print_json(out, &v)?,
                Format::Text => match &v {
                    Anchored::Found { seq, entries, .. } => writeln!(
                        out,
                        "审计日志完整，且包含该文件记录的末条哈希（第 {seq} 条，现共 {entries} 条）"
                    )
                    .map_err(out_err)?,
                    Anchored::NotFound { reason, .. } => writeln!(
                        out,
                        "审计日志中没有该文件记录的末条哈希 {head}：数据库可能被回退或替换（{reason}）"
                    )
                    .map_err(out_err)?,
                    Anchored::Broken { seq, reason } => {
                        writeln!(out, "审计日志已被破坏：第 {seq} 条 — {reason}")
                            .map_err(out_err)?
                    }
                },
            }
            Ok(match v {
                Anchored::Found { .. } => EXIT_OK,
                _ => 3,
            })
        }
        AuditCommand::List { db, object, format } => {
            let ws = open_existing(&db)?;
            let list = ws.audit_list(object.as_deref())?;
            match format {
                Format::Json => print_json(out, &list)?,
                Format::Text => {
                    for e in &list {
                        writeln!(
                            out,
                            "{:>5}  {}  {}  {}  {}  {}",
                            e.seq, e.at, e.actor, e.action, e.object, e.detail
                        )
                        .map_err(out_err)?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
    }
}

fn print_ledger(
    out: &mut dyn Write,
    r: &AnnualReport,
    s: &crate::ledger::LedgerSummary,
) -> std::io::Result<()> {
    use crate::ledger::t;
    writeln!(
        out,
        "{} {}年 重点工程减排量（吨）",
        r.enterprise.name, r.year
    )?;
    writeln!(
        out,
        "污染物    工程数  计入数  减排量   区域削减扣减  计入减排量  目标    完成率"
    )?;
    for x in &s.totals {
        writeln!(
            out,
            "{:<8}  {:>4}  {:>4}  {:>8}  {:>8}  {:>9}  {:>6}  {}",
            x.pollutant.code(),
            x.projects,
            x.counted_projects,
            t(x.gross_t),
            t(x.offset_t),
            t(x.counted_t),
            x.target_t.map(t).unwrap_or_else(|| "—".into()),
            x.completion_pct
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "—".into())
        )?;
    }
    for p in s.projects.iter().filter(|p| !p.excluded.is_empty()) {
        let why: Vec<&str> = p.excluded.iter().map(|e| e.zh()).collect();
        writeln!(out, "不计入：{}（{}）", p.name, why.join("；"))?;
    }
    Ok(())
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "—".into())
}

/// A JSON object with the CO₂ block added beside the existing keys (which stay as they were).
#[derive(serde::Serialize)]
struct WithCarbon<'a, T: serde::Serialize> {
    #[serde(flatten)]
    inner: &'a T,
    carbon: &'a crate::carbon::CarbonResult,
}

/// The CO₂ block under the computed figures of `nengbao compute`.
fn print_carbon(out: &mut dyn Write, c: &crate::carbon::CarbonResult) -> std::io::Result<()> {
    writeln!(out, "二氧化碳排放（tCO₂）")?;
    let Some(f) = &c.figures else {
        writeln!(out, "无法核算：")?;
        for g in &c.gaps {
            writeln!(out, "  {}", g.message().0)?;
        }
        return print_certificates(out, c);
    };
    writeln!(
        out,
        "{:<4} {:<12} {:>14} {:>14} {:>14} {:>14}",
        "代码", "能源名称", "消费量", "原料用能", "燃烧量", "tCO₂"
    )?;
    for x in &f.fuels {
        let co2 = if x.in_total {
            x.co2_t.to_string()
        } else {
            "不计入".into()
        };
        let unverified = x.parameters.iter().any(|p| {
            matches!(
                p.source,
                crate::carbon::ParameterSource::Default {
                    confidence: crate::refdata::Confidence::M,
                    ..
                }
            )
        });
        writeln!(
            out,
            "{:<4} {:<12} {:>14} {:>14} {:>14} {:>14}{}",
            x.code,
            x.name,
            x.consumed.to_string(),
            x.feedstock.to_string(),
            x.burned.to_string(),
            co2,
            if unverified {
                "  缺省参数未核实"
            } else {
                ""
            }
        )?;
        for p in &x.parameters {
            if let crate::carbon::ParameterSource::Measured { method, lab, .. } = &p.source {
                writeln!(
                    out,
                    "       实测{} {}（{method}；{lab}）",
                    crate::carbon::param_zh(p.parameter),
                    p.value.normalize()
                )?;
            }
        }
    }
    let e = &f.electricity;
    let factor = |x: &Option<crate::carbon::FactorUse>| {
        x.as_ref()
            .map(|u| {
                let tag = if u.confidence == crate::refdata::Confidence::M {
                    "，未核实"
                } else {
                    ""
                };
                format!("{} {}（{}{tag}）", u.value.normalize(), u.unit, u.edition)
            })
            .unwrap_or_else(|| "—".into())
    };
    let lines: Vec<(&str, String)> = vec![
        ("过程排放", f.process_co2_t.to_string()),
        ("直接排放", f.direct_co2_t.to_string()),
        (
            "外购电力",
            format!(
                "购进 {} MWh，绿电交易 {} MWh，绿证 {} MWh 按零排放，{} MWh × {} = {}",
                e.purchased_mwh.normalize(),
                e.green_trade_mwh.normalize(),
                e.certificate_mwh.normalize(),
                e.charged_mwh.normalize(),
                factor(&e.factor),
                e.co2_t
            ),
        ),
        (
            "外购热力",
            format!(
                "{} GJ × {} = {}",
                f.heat.purchased_gj.normalize(),
                factor(&f.heat.factor),
                f.heat.co2_t
            ),
        ),
        (
            "减：外供电力、热力",
            format!("{} + {}", e.exported_co2_t, f.heat.exported_co2_t),
        ),
        ("间接排放", f.indirect_co2_t.to_string()),
        ("二氧化碳排放总量", f.total_co2_t.to_string()),
        (
            "单位产值二氧化碳排放（tCO₂/万元）",
            opt(&f.per_output_value),
        ),
        (
            "单位工业增加值二氧化碳排放（tCO₂/万元）",
            opt(&f.per_value_added),
        ),
    ];
    for (label, value) in lines {
        writeln!(out, "{label}：{value}")?;
    }
    for p in &f.per_product {
        writeln!(
            out,
            "单位产品二氧化碳排放（按“{}”的产量）：{} {}",
            p.name,
            opt(&p.value),
            p.unit
        )?;
    }
    if let Some(p) = &f.prior {
        writeln!(
            out,
            "上年（{}年）：{} tCO₂，变化 {}%；单位增加值排放变化 {}%",
            p.year,
            p.total_co2_t,
            opt(&p.total_change_pct),
            opt(&p.per_value_added_change_pct)
        )?;
    }
    if f.has_feedstock {
        writeln!(
            out,
            "原料用能未计入燃烧排放：可能存在工业过程排放，须按行业标准另行核算。"
        )?;
    }
    if !c.editions.fuel.is_empty() {
        writeln!(out, "燃料参数版本：{}", c.editions.fuel.join("，"))?;
    }
    print_certificates(out, c)
}

fn print_certificates(out: &mut dyn Write, c: &crate::carbon::CarbonResult) -> std::io::Result<()> {
    let a = &c.certificates;
    if a.entries.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "绿证：台账 {} 张，计入单独购买 {} 张、随绿电交易 {} 张，可扣除能耗 {} 张（兆瓦时），未计入 {} 条",
        a.listed,
        a.counted_unbundled,
        a.counted_trade,
        a.energy_deductible,
        a.entries.iter().filter(|e| !e.counted).count()
    )
}

/// One line of CO₂ above the findings of `nengbao check`.
fn print_carbon_line(
    out: &mut dyn Write,
    c: &crate::carbon::CarbonResult,
    lang: Lang,
) -> std::io::Result<()> {
    match (&c.figures, lang) {
        (Some(f), Lang::Zh) => writeln!(
            out,
            "二氧化碳排放总量 {} tCO₂（直接 {}，间接 {}；电力因子 {}）",
            f.total_co2_t,
            f.direct_co2_t,
            f.indirect_co2_t,
            c.editions.grid.as_deref().unwrap_or("—")
        ),
        (Some(f), Lang::En) => writeln!(
            out,
            "CO₂ total {} t (direct {}, indirect {}; grid factor {})",
            f.total_co2_t,
            f.direct_co2_t,
            f.indirect_co2_t,
            c.editions.grid.as_deref().unwrap_or("—")
        ),
        (None, Lang::Zh) => writeln!(out, "二氧化碳排放：无法核算（见下列错误）"),
        (None, Lang::En) => writeln!(out, "CO₂: cannot be accounted (see the errors below)"),
    }
}

fn print_computed(out: &mut dyn Write, r: &AnnualReport, c: &Computed) -> std::io::Result<()> {
    writeln!(out, "{} {}年 能源消费折标准煤", r.enterprise.name, r.year)?;
    writeln!(
        out,
        "{:<4} {:<12} {:<8} {:>10} {:>16}",
        "代码",
        "能源名称",
        "单位",
        "折标系数",
        if c.industrial_basis {
            "工业消费折标(tce)"
        } else {
            "消费折标(tce)"
        }
    )?;
    for row in &c.rows {
        writeln!(
            out,
            "{:<4} {:<12} {:<8} {:>10} {:>16}",
            row.code, row.name, row.unit, row.factor, row.tce
        )?;
    }
    let lines: [(&str, String); 13] = [
        ("消费折标合计", c.consumption_tce.to_string()),
        ("减：加工转换产出", c.conversion_output_tce.to_string()),
        ("减：回收利用", c.recovered_tce.to_string()),
        (
            "综合能源消费量（当量值）",
            c.comprehensive_energy_tce.to_string(),
        ),
        (
            "综合能源消费量（等价值）",
            format!(
                "{}（电力按{}年供电煤耗 {} tce/万kWh）",
                c.comprehensive_energy_equal_value_tce,
                c.electricity_equal_factor_year,
                c.electricity_equal_factor
            ),
        ),
        ("原料用能", c.feedstock_tce.to_string()),
        ("绿电（当量值）", c.green_electricity_tce.to_string()),
        ("扣除原料用能后", c.excluding_feedstock_tce.to_string()),
        ("扣除原料用能和绿电后（当量值）", c.assessed_tce.to_string()),
        (
            "扣除原料用能和绿电后（等价值）",
            c.assessed_equal_value_tce.to_string(),
        ),
        ("能源消费成本（万元）", c.energy_cost.to_string()),
        ("单位产值综合能耗（tce/万元）", opt(&c.per_output_value)),
        ("单位工业增加值能耗（tce/万元）", opt(&c.per_value_added)),
    ];
    for (label, value) in lines {
        writeln!(out, "{label}：{value}")?;
    }
    for p in &c.products {
        writeln!(
            out,
            "{}：本期 {}，上年 {}，变化率 {}%，节能量 {} tce",
            p.name,
            opt(&p.current),
            opt(&p.prior),
            opt(&p.change_pct),
            opt(&p.saving_tce)
        )?;
    }
    if let Some(pct) = c.saving_target_completion_pct {
        writeln!(out, "节能目标完成率：{pct}%")?;
    }
    Ok(())
}

/// Which kind of workspace a database file is.
fn db_kind(db: &Path) -> Result<crate::store::Kind, Error> {
    if !db.is_file() {
        return Err(Error::Input {
            location: db.display().to_string(),
            message: "database not found".into(),
        });
    }
    let info = crate::store::backup::inspect(db).map_err(|e| Error::Input {
        location: db.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(
        if info.application_id == crate::county::COUNTY.application_id {
            crate::county::COUNTY
        } else {
            crate::store::ENTERPRISE
        },
    )
}

fn open_county(db: &Path) -> Result<crate::county::County, Error> {
    if !db.is_file() {
        return Err(Error::Input {
            location: db.display().to_string(),
            message: "county workspace not found (create it with `nengbao county init`)".into(),
        });
    }
    crate::county::County::open(db, Box::new(SystemClock))
}

fn county_cmd(cmd: CountyCommand, out: &mut dyn Write) -> Result<u8, Error> {
    use crate::county::{County, ImportOptions};
    match cmd {
        CountyCommand::Init { db, division, name } => {
            County::init(&db, &division, &name, Box::new(SystemClock))?;
            writeln!(
                out,
                "已创建县级工作区：{}（{division} {name}）",
                db.display()
            )
            .map_err(out_err)?;
            Ok(EXIT_OK)
        }
        CountyCommand::Import {
            inputs,
            db,
            trust_new,
            year,
            format,
        } => {
            let mut c = open_county(&db)?;
            let files = crate::county::expand(&inputs)?;
            let bar = indicatif::ProgressBar::new(files.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            if format == Format::Json {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            // Ctrl-C stops after the files in work; what was decided is kept and a new run
            // resumes. A second Ctrl-C ends the process as usual.
            let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            {
                let cancel = cancel.clone();
                let _ = ctrlc::set_handler(move || {
                    if cancel.swap(true, std::sync::atomic::Ordering::SeqCst) {
                        std::process::exit(130);
                    }
                    eprintln!("\n正在取消导入：处理中的文件完成后停止（再按一次 Ctrl-C 立即退出）");
                });
            }
            let opts = ImportOptions {
                trust_new,
                year,
                cancel: Some(cancel),
            };
            let report = c.import(&inputs, &opts, &|p| {
                bar.set_position(p.done as u64);
                bar.set_message(p.file.clone());
            })?;
            bar.finish_and_clear();
            match format {
                Format::Json => print_json(out, &report)?,
                Format::Text => {
                    for f in &report.files {
                        let word = f.outcome.zh();
                        writeln!(
                            out,
                            "{word}  {}  {}  {}",
                            f.file,
                            f.name.as_deref().unwrap_or(""),
                            f.message
                        )
                        .map_err(out_err)?;
                    }
                    let t = &report.totals;
                    writeln!(
                        out,
                        "共 {} 个文件：接收 {}，接收但有问题 {}，历史版本 {}，暂存 {}，拒收 {}，跳过 {}{}",
                        t.files,
                        t.accepted,
                        t.accepted_with_warnings,
                        t.stale,
                        t.held,
                        t.rejected,
                        t.skipped,
                        if report.cancelled {
                            format!("；已取消，{} 个未处理，再次运行即可继续", t.cancelled)
                        } else {
                            String::new()
                        }
                    )
                    .map_err(out_err)?;
                }
            }
            Ok(EXIT_OK)
        }
        CountyCommand::Keys {
            db,
            register,
            public_key,
            name,
            trust,
            reject,
            fingerprint,
            why,
            format,
        } => {
            let mut c = open_county(&db)?;
            if let (Some(uscc), Some(pk)) = (register, public_key) {
                let k = c.key_register(&uscc, &name, &pk)?;
                writeln!(out, "已登记 {uscc} 的密钥，指纹 {}", k.fingerprint).map_err(out_err)?;
            }
            if let (Some(uscc), Some(fp)) = (trust, fingerprint.as_ref()) {
                let n = c.key_trust(&uscc, fp)?;
                writeln!(out, "已信任 {uscc} 的密钥；放行暂存报送 {n} 份").map_err(out_err)?;
            }
            if let (Some(uscc), Some(fp)) = (reject, fingerprint.as_ref()) {
                let n = c.key_reject(&uscc, fp, &why)?;
                writeln!(out, "已拒绝 {uscc} 的密钥 {fp}；作废暂存报送 {n} 份").map_err(out_err)?;
            }
            let keys = c.keys()?;
            match format {
                Format::Json => print_json(out, &keys)?,
                Format::Text => {
                    for k in &keys {
                        let held = if k.held_files > 0 {
                            format!("  暂存 {} 份", k.held_files)
                        } else {
                            String::new()
                        };
                        let registered = k
                            .registered_fingerprint
                            .as_deref()
                            .map(|f| format!("  （登记的密钥 {f}）"))
                            .unwrap_or_default();
                        writeln!(
                            out,
                            "{}  {}  {}  {}{held}{registered}",
                            k.uscc,
                            k.name,
                            k.status.zh(),
                            k.fingerprint
                        )
                        .map_err(out_err)?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
        CountyCommand::Roster {
            db,
            year,
            import,
            format,
        } => {
            let mut c = open_county(&db)?;
            if let Some(path) = import {
                let rows = crate::county::roster::read_roster_file(&path)?;
                let n = c.roster_set(year, &rows)?;
                writeln!(out, "已导入 {year} 年名单 {n} 家").map_err(out_err)?;
            }
            let status = c.roster_status(year)?;
            match format {
                Format::Json => print_json(out, &status)?,
                Format::Text => {
                    for r in &status {
                        writeln!(
                            out,
                            "{}  {}  {}{}",
                            r.uscc,
                            r.name,
                            r.status.zh(),
                            if r.on_roster {
                                ""
                            } else {
                                "（不在名单内）"
                            }
                        )
                        .map_err(out_err)?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
        CountyCommand::Target {
            db,
            year,
            pollutant,
            tonnes,
            source,
            from_plan,
        } => {
            let mut c = open_county(&db)?;
            let mut set: Vec<(String, String, String)> = Vec::new();
            if let Some(plan) = from_plan {
                let rows: Vec<_> = refdata()?
                    .plan_targets
                    .iter()
                    .filter(|t| t.plan == plan)
                    .collect();
                if rows.is_empty() {
                    let known: std::collections::BTreeSet<&str> = refdata()?
                        .plan_targets
                        .iter()
                        .map(|t| t.plan.as_str())
                        .collect();
                    return Err(Error::Input {
                        location: "--from-plan".into(),
                        message: format!(
                            "no plan \"{plan}\" (known: {})",
                            known.into_iter().collect::<Vec<_>>().join("、")
                        ),
                    });
                }
                for t in rows {
                    set.push((
                        t.pollutant.clone(),
                        t.tonnes.to_string(),
                        format!("{}（{}，示例）", t.source, t.period),
                    ));
                }
            }
            if let (Some(p), Some(t)) = (pollutant, tonnes) {
                set.push((p, t, source));
            }
            for (p, t, src) in &set {
                c.target_set(year, p, t, src)?;
                let what = if p == crate::county::summary::CO2_TARGET {
                    "排放上限"
                } else {
                    "目标"
                };
                writeln!(out, "{year}年 {p} {what} {t} 吨（{src}）").map_err(out_err)?;
            }
            Ok(EXIT_OK)
        }
        CountyCommand::Deadline { db, date } => {
            let ok = date.split_once('-').is_some_and(|(m, d)| {
                m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
                    && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
            });
            if !ok {
                return Err(Error::Input {
                    location: "--date".into(),
                    message: "expected MM-DD, e.g. 03-31".into(),
                });
            }
            let mut c = open_county(&db)?;
            c.setting_set("deadline", &date)?;
            writeln!(
                out,
                "报送截止日期：次年{}",
                date.replacen('-', "月", 1) + "日"
            )
            .map_err(out_err)?;
            Ok(EXIT_OK)
        }
        CountyCommand::Log { db, run, format } => {
            let c = open_county(&db)?;
            match (run, format) {
                (None, Format::Json) => print_json(out, &c.import_runs()?)?,
                (Some(r), Format::Json) => print_json(out, &c.import_log(Some(r))?)?,
                (None, Format::Text) => {
                    for r in c.import_runs()? {
                        let counts: Vec<String> = r
                            .outcomes
                            .iter()
                            .map(|(o, n)| format!("{} {n}", o.zh()))
                            .collect();
                        writeln!(
                            out,
                            "第{}次  {}  {}  {} 个文件{}{}：{}",
                            r.id,
                            r.started_at,
                            r.actor,
                            r.files,
                            r.year.map(|y| format!("（只收{y}年）")).unwrap_or_default(),
                            if r.cancelled { "（已取消）" } else { "" },
                            counts.join("，")
                        )
                        .map_err(out_err)?;
                    }
                }
                (Some(r), Format::Text) => {
                    for e in c.import_log(Some(r))? {
                        writeln!(out, "{}  {}  {}", e.outcome.zh(), e.file, e.message)
                            .map_err(out_err)?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
        CountyCommand::Diff {
            db,
            uscc,
            year,
            from,
            to,
            format,
        } => {
            let c = open_county(&db)?;
            let d = c.diff(&uscc, year, from, to)?;
            match format {
                Format::Json => print_json(out, &d)?,
                Format::Text => {
                    for x in &d {
                        writeln!(out, "{}  {} → {}", x.path, x.before, x.after).map_err(out_err)?;
                    }
                    if d.is_empty() {
                        writeln!(out, "两个版本内容相同。").map_err(out_err)?;
                    }
                }
            }
            Ok(EXIT_OK)
        }
        CountyCommand::Totals { db, year, format } => {
            let c = open_county(&db)?;
            let t = c.totals(year)?;
            match format {
                Format::Json => print_json(out, &t)?,
                Format::Text => {
                    writeln!(out, "{year}年 {} 家：综合能源消费量（当量值）{} 吨标准煤，等价值 {}，扣除原料用能和绿电后 {}", t.units, t.energy.comprehensive_tce, t.energy.comprehensive_equal_value_tce, t.energy.assessed_tce).map_err(out_err)?;
                    for r in &t.reductions {
                        writeln!(
                            out,
                            "{}：计入减排量 {} 吨，目标 {}",
                            r.pollutant,
                            r.counted_t,
                            r.target_t
                                .map(|x| x.to_string())
                                .unwrap_or_else(|| "—".into())
                        )
                        .map_err(out_err)?;
                    }
                    writeln!(out, "跨企业重复申报：{} 处", t.double_claims.len())
                        .map_err(out_err)?;
                    let c = &t.carbon;
                    writeln!(
                        out,
                        "二氧化碳排放（{} 家签名数据）：直接 {}，间接 {}，总量 {} 吨{}",
                        c.units,
                        c.direct_co2_t,
                        c.indirect_co2_t,
                        c.total_co2_t,
                        t.carbon_target
                            .as_ref()
                            .map(|g| format!(
                                "；目标 {} 吨，占 {}%",
                                g.target_t,
                                g.share_pct
                                    .map(|p| p.to_string())
                                    .unwrap_or_else(|| "—".into())
                            ))
                            .unwrap_or_default()
                    )
                    .map_err(out_err)?;
                    writeln!(
                        out,
                        "绿证跨单位重复申报：{} 处",
                        t.certificate_double_claims.len()
                    )
                    .map_err(out_err)?;
                }
            }
            Ok(EXIT_OK)
        }
        CountyCommand::Summary {
            db,
            year,
            out: dest,
        } => {
            let c = open_county(&db)?;
            let bytes = c.summary_workbook(year)?;
            write_atomic(&dest, &bytes)?;
            writeln!(out, "{}", dest.display()).map_err(out_err)?;
            Ok(EXIT_OK)
        }
        CountyCommand::Generate {
            out: dir,
            count,
            division,
        } => {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display(), e))?;
            let subs = crate::county::generate::submissions(&division, count, refdata()?);
            let mut cards = String::from("uscc,name,public_key,fingerprint\n");
            for (n, (name, bytes, key)) in subs.iter().enumerate() {
                write_atomic(&dir.join(name), bytes)?;
                let r = crate::county::generate::report(&division, n as u32 + 1, refdata()?);
                cards.push_str(&format!(
                    "{},{},{},{}\n",
                    r.enterprise.uscc,
                    r.enterprise.name,
                    key.public_hex(),
                    key.fingerprint()
                ));
            }
            // The key cards go beside the folder, so importing the folder sees only submissions.
            let cards_path = dir.with_file_name(format!(
                "{}-keys.csv",
                dir.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "submissions".into())
            ));
            write_atomic(&cards_path, cards.as_bytes())?;
            writeln!(
                out,
                "已生成 {} 份签名报送文件：{}；密钥卡清单：{}",
                subs.len(),
                dir.display(),
                cards_path.display()
            )
            .map_err(out_err)?;
            Ok(EXIT_OK)
        }
    }
}
