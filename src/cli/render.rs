//! Text renderers: how each command prints its answer for a person (`--format text`). The
//! figures and the county answers have their own files; the enterprise side's other answers and
//! the shared layout helpers are here.

use std::io::{Result, Write};
use std::path::Path;

use nengbao::model::AnnualReport;

mod county;
mod figures;

pub(super) use county::{
    county_diff, county_import, county_keys, county_offices, county_roster, county_totals,
    digest_found, import_log, import_runs, office_keys, summary_verification,
};
pub(super) use figures::{carbon, check, computed, WithCarbon};

/// Lines of `label：value`.
fn labelled(out: &mut dyn Write, lines: &[(&str, String)]) -> Result<()> {
    for (label, value) in lines {
        writeln!(out, "{label}：{value}")?;
    }
    Ok(())
}

/// The verdict on a signed file in a word.
fn status_zh(status: nengbao::xlsx::Status) -> &'static str {
    use nengbao::xlsx::Status;
    match status {
        Status::Valid => "有效",
        Status::Tampered => "已被改动",
        Status::BadSignature => "签名无效",
        Status::Unsigned => "未签名",
        Status::UnknownFormat => "无法识别",
    }
}

pub(super) fn ledger(
    out: &mut dyn Write,
    r: &AnnualReport,
    s: &nengbao::ledger::LedgerSummary,
) -> Result<()> {
    use nengbao::ledger::t;
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

/// The rule list of `nengbao rules`.
pub(super) fn rules(out: &mut dyn Write) -> Result<()> {
    for r in nengbao::validate::RULES {
        writeln!(
            out,
            "{}  {:<8} {}  {}",
            r.id,
            r.severity.zh(),
            r.name,
            r.title_zh
        )?;
    }
    Ok(())
}

pub(super) fn report_list(
    out: &mut dyn Write,
    list: &[nengbao::store::ReportSummary],
) -> Result<()> {
    for r in list {
        writeln!(
            out,
            "{}  {}  {}年  修订{}  版本{}  {}",
            r.uscc, r.enterprise_name, r.year, r.revision, r.versions, r.updated_at
        )?;
    }
    if list.is_empty() {
        writeln!(out, "（工作区中还没有报告）")?;
    }
    Ok(())
}

pub(super) fn evidence_issues(
    out: &mut dyn Write,
    issues: &[nengbao::workspace::EvidenceIssue],
) -> Result<()> {
    for i in issues {
        let what = match i.problem {
            nengbao::workspace::EvidenceProblem::Missing => "缺失",
            nengbao::workspace::EvidenceProblem::Changed => "已被改动",
        };
        writeln!(out, "{what}  {}  {}  {}", i.path, i.name, i.sha256)?;
    }
    if issues.is_empty() {
        writeln!(out, "证明材料完整，未被改动。")?;
    }
    Ok(())
}

pub(super) fn verification(out: &mut dyn Write, v: &nengbao::xlsx::Verification) -> Result<()> {
    let word = status_zh(v.status);
    writeln!(out, "{word}：{}", v.message)?;
    if let Some(d) = &v.digest {
        writeln!(out, "数据摘要（SM3）：{d}")?;
    }
    if let Some(fp) = &v.fingerprint {
        writeln!(out, "公钥指纹：{fp}")?;
    }
    for c in &v.changes {
        writeln!(out, "  {}  签名时：{}  现为：{}", c.cell, c.signed, c.found)?;
    }
    Ok(())
}

pub(super) fn import_issues(
    out: &mut dyn Write,
    imported: &nengbao::xlsx::Imported,
    dest: &Path,
) -> Result<()> {
    writeln!(out, "已导入（{}）→ {}", imported.pack, dest.display())?;
    for i in &imported.issues {
        let sev = if i.severity == "error" {
            "错误"
        } else {
            "提醒"
        };
        writeln!(out, "{sev}  {}!{}  {}", i.sheet, i.cell, i.message.zh)?;
    }
    Ok(())
}

pub(super) fn audit_verdict(out: &mut dyn Write, v: &nengbao::store::audit::Verdict) -> Result<()> {
    use nengbao::store::audit::Verdict;
    match v {
        Verdict::Intact { entries, head } => {
            writeln!(out, "审计日志完整：{entries} 条记录，末条哈希 {head}")
        }
        Verdict::Broken { seq, reason } => {
            writeln!(out, "审计日志已被破坏：第 {seq} 条 — {reason}")
        }
    }
}

pub(super) fn audit_anchored(
    out: &mut dyn Write,
    head: &str,
    v: &nengbao::store::audit::Anchored,
) -> Result<()> {
    use nengbao::store::audit::Anchored;
    match v {
        Anchored::Found { seq, entries, .. } => writeln!(
            out,
            "审计日志完整，且包含该文件记录的末条哈希（第 {seq} 条，现共 {entries} 条）"
        ),
        Anchored::NotFound { reason, .. } => writeln!(
            out,
            "审计日志中没有该文件记录的末条哈希 {head}：数据库可能被回退或替换（{reason}）"
        ),
        Anchored::Broken { seq, reason } => {
            writeln!(out, "审计日志已被破坏：第 {seq} 条 — {reason}")
        }
    }
}

pub(super) fn audit_list(out: &mut dyn Write, list: &[nengbao::store::audit::Entry]) -> Result<()> {
    for e in list {
        writeln!(
            out,
            "{:>5}  {}  {}  {}  {}  {}",
            e.seq, e.at, e.actor, e.action, e.object, e.detail
        )?;
    }
    Ok(())
}
