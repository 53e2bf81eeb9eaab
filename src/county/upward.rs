//! Upper-level intake: the signed summaries of the offices directly below, through the same
//! import pipeline as the units' own files.
//!
//! A summary is taken on the office's signature only after its key is trusted (held, trusted or
//! rejected per office and fingerprint, exactly like a unit's key); then every unit's own
//! signed report inside it is verified again and stored as that unit's submission (versions in
//! the unit's signed order, whichever way it arrived), and every figure the office signed — per
//! unit and in total — is recomputed from those reports. A figure the office changed, a unit it
//! dropped or invented, a unit outside its jurisdiction, is a finding naming the unit, the
//! field and the office. Across offices, a unit reported by two of them and a reduction project
//! or green certificate claimed under two of them are findings too. This level's totals are
//! always the units' own figures, never an office's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::intake::FileResult;
use super::office::{
    check_summary, subordinates, within, OfficeStatus, SummaryCheck, SummaryDocument, UnitFigures,
};
use super::state::{
    FileOutcome, FilingStatus, KeySource, OfficeFindingKind, OfficeLevel, Reason, SubmissionStatus,
};
use super::submissions::CurrentSubmission;
use super::summary::{CountyTotals, EnergyTotals, TotalsBuilder};
use super::County;
use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::refdata::RefData;
use crate::store::county::{self as county_repo, FileRow, NewSubmission};
use crate::store::office::{self as repo, Finding};
use crate::store::{self, Db};
use crate::text::Text;
use crate::xlsx::package::Package;
use crate::xlsx::{self, Status};

mod keys;
mod recheck;
mod view;

pub use keys::OfficeKeyEntry;
use recheck::apply;
pub use view::{OfficeFinding, OfficeTotal};

/// What deciding a summary needs from the import run.
pub(super) struct UpCtx<'a> {
    pub rd: &'static RefData,
    pub trust_new: bool,
    pub year: Option<i32>,
    /// This office's division and level.
    pub division: &'a str,
    pub now: &'a str,
    pub actor: &'a str,
}

/// A received summary file.
pub(super) struct SummaryFile<'a> {
    pub name: &'a str,
    pub sha256: &'a str,
    pub size: usize,
    pub bytes: &'a [u8],
}

fn blank(f: &SummaryFile<'_>) -> FileResult {
    FileResult {
        file: f.name.to_string(),
        outcome: FileOutcome::Rejected,
        reason: Reason::Unreadable,
        uscc: None,
        name: None,
        year: None,
        errors: 0,
        warnings: 0,
        message: Text::default(),
        sha256: f.sha256.to_string(),
        fingerprint: None,
        revision: None,
        signed_at: None,
    }
}

fn record(
    tx: &Db,
    f: &SummaryFile<'_>,
    r: &FileResult,
    ctx: &UpCtx<'_>,
    action: &str,
) -> Result<()> {
    county_repo::file_record(
        tx,
        &FileRow {
            sha256: f.sha256,
            name: &r.file,
            size: f.size,
            received_at: ctx.now,
            outcome: r.outcome,
            reason: r.reason,
            message: &r.message,
            uscc: r.uscc.as_deref(),
            year: r.year,
            fingerprint: r.fingerprint.as_deref(),
            errors: r.errors,
            warnings: r.warnings,
            submission_id: None,
        },
        Some(f.bytes),
    )?;
    store::audit::append(
        tx,
        ctx.now,
        ctx.actor,
        action,
        f.sha256,
        &format!("{}: {}", r.file, r.reason),
    )?;
    Ok(())
}

/// Decides a summary's outcome and stores it, inside its own savepoint.
pub(super) fn decide(
    tx: &Db,
    f: &SummaryFile<'_>,
    check: &SummaryCheck,
    ctx: &UpCtx<'_>,
) -> Result<FileResult> {
    let mut r = blank(f);
    r.fingerprint = check.fingerprint.clone();
    let reject = |tx: &Db, r: &mut FileResult, reason: Reason, message: Text| {
        r.outcome = FileOutcome::Rejected;
        r.reason = reason;
        r.message = message;
        let sp = tx.savepoint()?;
        record(&sp, f, r, ctx, "file.reject")?;
        sp.commit()?;
        Ok::<(), Error>(())
    };
    let Some(doc) = &check.document else {
        reject(tx, &mut r, check.reason, check.message.clone())?;
        return Ok(r);
    };
    r.uscc = Some(doc.office.division.clone());
    r.name = Some(doc.office.name.clone());
    r.year = Some(doc.year);
    r.revision = Some(doc.revision);
    r.signed_at = Some(doc.signed_at.clone());
    let office = &doc.office;
    let fp = check.fingerprint.clone().unwrap_or_default();
    let below = ctx
        .rd
        .region(&office.division)
        .filter(|reg| reg.parent == ctx.division && reg.level == office.level.region_level());
    if below.is_none() {
        let place = ctx
            .rd
            .region(&office.division)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        reject(
            tx,
            &mut r,
            Reason::NotInCounty,
            Text::new(
                format!(
                    "汇总来自{} {place}（{}），不是本级（{}）的直接下级，请转交其上级部门",
                    office.division,
                    office.level.zh(),
                    ctx.division
                ),
                format!(
                    "the summary comes from {} {place} ({}), not an office directly below this one ({}); pass it to its own upper office",
                    office.division,
                    office.level.en(),
                    ctx.division
                ),
            ),
        )?;
        return Ok(r);
    }
    if let Some(y) = ctx.year.filter(|y| *y != doc.year) {
        reject(
            tx,
            &mut r,
            Reason::WrongYear,
            Text::new(
                format!(
                    "汇总年度为{}年，本次只接收{y}年的材料；改选年度后再次导入即可",
                    doc.year
                ),
                format!(
                    "the summary is for {}, this import takes {y} only; choose that year and import again",
                    doc.year
                ),
            ),
        )?;
        return Ok(r);
    }
    if let Some((id, status)) =
        repo::summary_by_payload(tx, &office.division, doc.year, &check.payload_sm3, &fp)?
    {
        if status == SubmissionStatus::Discarded {
            reject(
                tx,
                &mut r,
                Reason::KeyRejected,
                Text::new(
                    format!("该汇总所用密钥（指纹 {fp}）已被经办人拒绝，不予接收"),
                    format!("the key this summary is signed with (fingerprint {fp}) was rejected by the clerk; not accepted"),
                ),
            )?;
            return Ok(r);
        }
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = match repo::version_of(tx, id)? {
            Some(n) => Text::new(
                format!("与已收到的{}第{n}版汇总签名内容相同，跳过", office.name),
                format!(
                    "same signed content as version {n} of {}'s summary already received; skipped",
                    office.name
                ),
            ),
            None => Text::new(
                "与已收到的一份汇总签名内容相同，跳过",
                "same signed content as a summary already received; skipped",
            ),
        };
        return Ok(r);
    }
    let sp = tx.savepoint()?;
    let held = key_decision(
        &sp,
        doc,
        &check.public_key.clone().unwrap_or_default(),
        &fp,
        ctx,
    )?;
    let id = repo::summary_insert(
        &sp,
        &repo::NewSummary {
            division: &office.division,
            name: &office.name,
            level: office.level,
            year: doc.year,
            status: if held.is_some() {
                SubmissionStatus::Held
            } else {
                SubmissionStatus::Superseded
            },
            held_reason: held,
            revision: doc.revision,
            signed_at: &crate::county::intake::utc_text(&doc.signed_at),
            payload_sm3: &check.payload_sm3,
            public_key: check.public_key.as_deref().unwrap_or_default(),
            fingerprint: &fp,
            file_sha256: f.sha256,
            received_at: ctx.now,
            units: doc.units.len(),
            document: &doc.payload(),
        },
    )?;
    match held {
        Some(reason) => {
            r.outcome = FileOutcome::Held;
            r.reason = reason;
            r.message = held_message(reason, &office.name, &fp);
        }
        None => {
            let findings = apply(&sp, id, f.sha256, f.bytes, doc, ctx)?;
            conclude(&sp, id, doc, findings, &mut r)?;
        }
    }
    record(&sp, f, &r, ctx, "summary.import")?;
    sp.commit()?;
    Ok(r)
}

fn held_message(reason: Reason, office: &str, fp: &str) -> Text {
    match reason {
        Reason::KeyChanged => Text::new(
            format!("{office}的汇总签名正确，但所用密钥（指纹 {fp}）与登记的不同，已暂存；请向该单位核实后接受或拒绝新密钥"),
            format!("{office}'s summary signature is valid, but the key (fingerprint {fp}) is not the registered one; held — check with the office, then accept or reject the new key"),
        ),
        Reason::KeyOfOtherUnit => Text::new(
            format!("汇总签名正确，但所用密钥（指纹 {fp}）已登记为另一下级部门的密钥，已暂存；一个部门不能替另一个部门签名，请核实"),
            format!("the summary signature is valid, but the key (fingerprint {fp}) is registered to another office below; held — one office cannot sign for another, please check"),
        ),
        _ => Text::new(
            format!("首次收到{office}的密钥（指纹 {fp}），请与该部门盖章的密钥卡核对后确认，确认前暂存"),
            format!("first key seen for {office} (fingerprint {fp}); compare it with the office's stamped key card and confirm it — held until then"),
        ),
    }
}

/// The key decision for a summary whose signature holds: `None` to take it in, or why it waits.
fn key_decision(
    tx: &Db,
    doc: &SummaryDocument,
    public_key: &str,
    fp: &str,
    ctx: &UpCtx<'_>,
) -> Result<Option<Reason>> {
    let division = &doc.office.division;
    if let Some(k) = repo::office_key(tx, division)? {
        return Ok((k.fingerprint != fp).then_some(Reason::KeyChanged));
    }
    if !repo::offices_trusting(tx, fp, division)?.is_empty() {
        return Ok(Some(Reason::KeyOfOtherUnit));
    }
    if ctx.trust_new && !repo::held_for_other_key(tx, division, fp)? {
        repo::office_key_trust(
            tx,
            division,
            &doc.office.name,
            doc.office.level,
            public_key,
            fp,
            KeySource::FirstUse,
            ctx.now,
            ctx.actor,
        )?;
        store::audit::append(
            tx,
            ctx.now,
            ctx.actor,
            "office_key.trust_first_use",
            division,
            fp,
        )?;
        return Ok(None);
    }
    Ok(Some(Reason::KeyUnconfirmed))
}

/// After a summary was taken in: its place among the office's summaries, its findings, the
/// message for the clerk.
fn conclude(
    tx: &Db,
    id: i64,
    doc: &SummaryDocument,
    findings: Vec<Finding>,
    r: &mut FileResult,
) -> Result<()> {
    repo::findings_set(tx, id, &findings)?;
    let current = repo::settle(tx, &doc.office.division, doc.year)?;
    let version = repo::version_of(tx, id)?.unwrap_or(1);
    r.errors = findings.len();
    match current {
        Some((cur, n)) if cur != id => {
            r.outcome = FileOutcome::Stale;
            r.reason = Reason::Stale;
            r.message = Text::new(
                format!(
                    "已有{}更新的汇总（当前为第{n}版），本汇总签署在前，作为第{version}版历史保存；其中的企业报告已按企业签名顺序收录",
                    doc.office.name
                ),
                format!(
                    "a newer summary of {} is current (version {n}); this one was signed before it and is kept as version {version} in the history; the units' reports in it are taken in their signed order",
                    doc.office.name
                ),
            );
        }
        _ => {
            r.outcome = if findings.is_empty() {
                FileOutcome::Accepted
            } else {
                FileOutcome::AcceptedWithWarnings
            };
            r.reason = Reason::Ok;
            let first_zh: Vec<&str> = findings
                .iter()
                .take(3)
                .map(|f| f.message.zh.as_str())
                .collect();
            let first_en: Vec<&str> = findings
                .iter()
                .take(3)
                .map(|f| f.message.en.as_str())
                .collect();
            let more = findings.len() > 3;
            r.message = if findings.is_empty() {
                Text::new(
                    format!(
                        "已接收{}的{}年度汇总（第{version}版，签署第{}次），{}家单位的企业签名全部复核通过，数字与企业报告一致",
                        doc.office.name,
                        doc.year,
                        doc.revision,
                        doc.units.len()
                    ),
                    format!(
                        "accepted {}'s summary for {} (version {version}, signing {}); the signatures of all {} units verified again and the figures match their reports",
                        doc.office.name,
                        doc.year,
                        doc.revision,
                        doc.units.len()
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "已接收{}的汇总（第{version}版），复核发现{}处问题：{}{}；本级汇总只计企业签名报告中的数字",
                        doc.office.name,
                        findings.len(),
                        first_zh.join("；"),
                        if more { "……" } else { "" }
                    ),
                    format!(
                        "accepted {}'s summary (version {version}); the re-check found {} problems: {}{}; this level counts only the figures of the units' signed reports",
                        doc.office.name,
                        findings.len(),
                        first_en.join("; "),
                        if more { "…" } else { "" }
                    ),
                )
            };
        }
    }
    Ok(())
}

/// Checks the summary in a file as the import's workers do (exposed for `nengbao verify`).
pub fn check(bytes: &[u8]) -> SummaryCheck {
    check_summary(bytes)
}
