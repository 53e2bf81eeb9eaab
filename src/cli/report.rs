//! Report commands: compute, check, rules, schema, the reports of a workspace, the ledger
//! summary, evidence, the demo and the crash-test save loop.

use std::io::Write;
use std::path::Path;

use nengbao::error::Error;
use nengbao::interchange::{read_report, report_to_json};
use nengbao::model::AnnualReport;
use nengbao::text::Text;
use nengbao::workspace::{SystemClock, Workspace};

use super::render::{self, WithCarbon};
use super::{
    existing_or_memory, open_existing, out_err, print_json, EvidenceCommand, Format, Lang,
    ReportCommand, EXIT_FINDINGS, EXIT_OK,
};

/// Prefixes a calculation error with the file it came from.
fn locate(file: &Path, e: Error) -> Error {
    match e {
        Error::Calc(c) => Error::input(Text::same(file.display().to_string()), c.text()),
        other => other,
    }
}

pub(super) fn compute(
    report: &Path,
    prior: Option<&Path>,
    format: Format,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let r = read_report(report)?;
    let prior = prior.map(read_report).transpose()?;
    let ws = Workspace::in_memory(Box::new(SystemClock))?;
    let (c, carbon) = ws
        .report_compute(&r, prior.as_ref())
        .map_err(|e| locate(report, e))?;
    match format {
        Format::Json => print_json(
            out,
            &WithCarbon {
                inner: &c,
                carbon: &carbon,
            },
        )?,
        Format::Text => {
            render::computed(out, &r, &c).map_err(out_err)?;
            render::carbon(out, &carbon).map_err(out_err)?;
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn check(
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
    let ws = existing_or_memory(db)?;
    let checked = ws.report_check(&r, prior.as_ref(), pack)?;
    match format {
        Format::Json => print_json(
            out,
            &WithCarbon {
                inner: &checked.outcome,
                carbon: &checked.carbon,
            },
        )?,
        Format::Text => render::check(out, &checked, lang).map_err(out_err)?,
    }
    Ok(if checked.outcome.summary.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

pub(super) fn rules(markdown: bool, format: Format, out: &mut dyn Write) -> Result<u8, Error> {
    if markdown {
        write!(out, "{}", nengbao::validate::rules_markdown()).map_err(out_err)?;
    } else if format == Format::Json {
        let list: Vec<_> = nengbao::validate::RULES
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
        render::rules(out).map_err(out_err)?;
    }
    Ok(EXIT_OK)
}

pub(super) fn schema(out: &mut dyn Write) -> Result<u8, Error> {
    let schema = schemars::schema_for!(AnnualReport);
    print_json(out, &schema)?;
    Ok(EXIT_OK)
}

pub(super) fn ledger_summary(
    report: &Path,
    format: Format,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let r = read_report(report)?;
    let sum = nengbao::ledger::summary(&r);
    match format {
        Format::Json => print_json(out, &sum)?,
        Format::Text => render::ledger(out, &r, &sum).map_err(out_err)?,
    }
    Ok(EXIT_OK)
}

pub(super) fn report_cmd(cmd: ReportCommand, out: &mut dyn Write) -> Result<u8, Error> {
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
            let list = open_existing(&db)?.report_list(None)?;
            match format {
                Format::Json => print_json(out, &list)?,
                Format::Text => render::report_list(out, &list).map_err(out_err)?,
            }
            Ok(EXIT_OK)
        }
        ReportCommand::Show { db, uscc, year } => {
            let r = open_existing(&db)?.report_load(&uscc, year)?;
            writeln!(out, "{}", report_to_json(&r)?).map_err(out_err)?;
            Ok(EXIT_OK)
        }
    }
}

pub(super) fn evidence_cmd(cmd: EvidenceCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match cmd {
        EvidenceCommand::Add { file, db, kind } => {
            let mut ws = Workspace::open(&db, Box::new(SystemClock))?;
            let e = ws.evidence_add(&file, &kind)?;
            print_json(out, &e)?;
            Ok(EXIT_OK)
        }
        EvidenceCommand::Check { report, db, format } => {
            let r = read_report(&report)?;
            let issues = open_existing(&db)?.evidence_check(&r)?.unwrap_or_default();
            match format {
                Format::Json => print_json(out, &issues)?,
                Format::Text => render::evidence_issues(out, &issues).map_err(out_err)?,
            }
            Ok(if issues.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            })
        }
    }
}

pub(super) fn demo(dir: &Path, years: u32, out: &mut dyn Write) -> Result<u8, Error> {
    for path in nengbao::workspace::demo::write_folder(dir, years, Box::new(SystemClock))? {
        writeln!(out, "{}", path.display()).map_err(out_err)?;
    }
    Ok(EXIT_OK)
}

/// Saves reports in a loop, printing `committed N` after each commit (killed by the crash test).
pub(super) fn save_loop(db: &Path, out: &mut dyn Write) -> Result<u8, Error> {
    let mut ws = Workspace::open(db, Box::new(SystemClock))?;
    let mut r = nengbao::demo::report_2024();
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
