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

/// A unit taken from a summary's evidence.
struct Taken {
    current: CurrentSubmission,
}

fn figures_named(f: &UnitFigures) -> Vec<(String, String)> {
    let e = &f.energy;
    let mut out = energy_named(e);
    out.push(("直接排放（tCO₂）".into(), f.carbon.direct_co2_t.to_string()));
    out.push((
        "间接排放（tCO₂）".into(),
        f.carbon.indirect_co2_t.to_string(),
    ));
    out.push((
        "二氧化碳排放总量（tCO₂）".into(),
        f.carbon.total_co2_t.to_string(),
    ));
    for (pol, t) in &f.reductions {
        out.push((format!("计入减排量 {pol}（吨）"), t.to_string()));
    }
    out
}

fn energy_named(e: &EnergyTotals) -> Vec<(String, String)> {
    vec![
        (
            "综合能源消费量（当量值，吨标准煤）".into(),
            e.comprehensive_tce.to_string(),
        ),
        (
            "综合能源消费量（等价值，吨标准煤）".into(),
            e.comprehensive_equal_value_tce.to_string(),
        ),
        ("原料用能（吨标准煤）".into(), e.feedstock_tce.to_string()),
        (
            "绿电（吨标准煤）".into(),
            e.green_electricity_tce.to_string(),
        ),
        (
            "扣除原料用能和绿电后（当量值，吨标准煤）".into(),
            e.assessed_tce.to_string(),
        ),
        (
            "扣除原料用能和绿电后（等价值，吨标准煤）".into(),
            e.assessed_equal_value_tce.to_string(),
        ),
    ]
}

fn totals_named(t: &CountyTotals) -> Vec<(String, String)> {
    let mut out = vec![("单位数".to_string(), t.units.to_string())];
    out.extend(
        energy_named(&t.energy)
            .into_iter()
            .map(|(k, v)| (format!("合计 {k}"), v)),
    );
    out.push((
        "合计 二氧化碳排放总量（tCO₂）".into(),
        t.carbon.total_co2_t.to_string(),
    ));
    out.push((
        "合计 直接排放（tCO₂）".into(),
        t.carbon.direct_co2_t.to_string(),
    ));
    out.push((
        "合计 间接排放（tCO₂）".into(),
        t.carbon.indirect_co2_t.to_string(),
    ));
    for i in &t.by_industry {
        out.push((format!("行业{} 单位数", i.division), i.units.to_string()));
        out.push((
            format!("行业{} 综合能源消费量（当量值）", i.division),
            i.energy.comprehensive_tce.to_string(),
        ));
        out.push((
            format!("行业{} 二氧化碳排放总量", i.division),
            i.carbon.total_co2_t.to_string(),
        ));
    }
    for r in &t.reductions {
        out.push((
            format!("计入减排量 {}（吨）", r.pollutant),
            r.counted_t.to_string(),
        ));
    }
    out
}

/// Compares named figures (the one field comparison, [`crate::model::diff::fields`]); a field
/// on one side only counts as a difference, shown as —.
fn differences(
    claimed: &[(String, String)],
    found: &[(String, String)],
) -> Vec<(String, String, String)> {
    crate::model::diff::fields(claimed.iter().cloned(), found.iter().cloned())
        .into_iter()
        .map(|c| {
            let shown = |v: Option<String>| v.unwrap_or_else(|| "—".into());
            (c.path, shown(c.before), shown(c.after))
        })
        .collect()
}

/// Takes in a summary whose office key is trusted: every unit's evidence verified and stored,
/// every figure recomputed and compared. Returns the findings.
fn apply(
    tx: &Db,
    summary_id: i64,
    file_sha: &str,
    bytes: &[u8],
    doc: &SummaryDocument,
    ctx: &UpCtx<'_>,
) -> Result<Vec<Finding>> {
    let office = &doc.office;
    let listed: BTreeMap<&str, &super::office::SummaryUnit> =
        doc.units.iter().map(|u| (u.uscc.as_str(), u)).collect();
    let mut findings: Vec<Finding> = Vec::new();
    let mut taken: BTreeMap<String, Taken> = BTreeMap::new();
    let mut builder = TotalsBuilder::new(doc.year);
    let mut failure: Option<Error> = None;
    let pkg =
        Package::open(bytes).map_err(|e| Error::input(Text::new("汇总表", "summary"), e.text()))?;
    let unit_label = |uscc: &str| match listed.get(uscc) {
        Some(u) => format!("{}（{uscc}）", u.name),
        None => uscc.to_string(),
    };
    let unit_label_en = |uscc: &str| match listed.get(uscc) {
        Some(u) => format!("{} ({uscc})", u.name),
        None => uscc.to_string(),
    };
    pkg.evidence(|i, line| {
        let e: super::office::Evidence = match serde_json::from_str(line) {
            Ok(e) => e,
            Err(_) => {
                findings.push(Finding {
                    kind: OfficeFindingKind::UnitInvented,
                    uscc: None,
                    field: None,
                    claimed: None,
                    found: None,
                    message: Text::new(
                        format!("{}：所附企业报告第{}条无法读取", office.name, i + 1),
                        format!("{}: attached unit report no. {} cannot be read", office.name, i + 1),
                    ),
                });
                return true;
            }
        };
        let v = xlsx::verify_payload(&e.payload, &e.public_key, &e.signature);
        let invented = |zh: String, en: String| Finding {
            kind: OfficeFindingKind::UnitInvented,
            uscc: Some(e.uscc.clone()),
            field: None,
            claimed: None,
            found: None,
            message: Text::new(
                format!("{}：{}{zh}，未计入", office.name, unit_label(&e.uscc)),
                format!("{}: {}{en}; not counted", office.name, unit_label_en(&e.uscc)),
            ),
        };
        if v.status != Status::Valid {
            findings.push(invented(
                format!("的报告企业签名无效（{}）", v.text.zh),
                format!(": the unit's signature on its report is invalid ({})", v.text.en),
            ));
            return true;
        }
        let Some(report) = v.report.clone() else {
            findings.push(invented(
                "的报告无法读取".into(),
                ": its report cannot be read".into(),
            ));
            return true;
        };
        if report.enterprise.uscc != e.uscc || report.year != doc.year {
            findings.push(invented(
                format!(
                    "所附报告实为{}（{}）{}年度的报告",
                    report.enterprise.name, report.enterprise.uscc, report.year
                ),
                format!(
                    ": the attached report is in fact {} ({})'s report for {}",
                    report.enterprise.name, report.enterprise.uscc, report.year
                ),
            ));
            return true;
        }
        let digest = v.digest.clone().unwrap_or_default();
        match listed.get(e.uscc.as_str()) {
            Some(u) if u.payload_sm3 == digest => {}
            Some(_) => {
                findings.push(invented(
                    "所附报告不是汇总所列的版本".into(),
                    ": the attached report is not the version the summary lists".into(),
                ));
                return true;
            }
            None => {}
        }
        if !within(ctx.rd, &report.enterprise.division_code, &office.division) {
            findings.push(Finding {
                kind: OfficeFindingKind::UnitOutside,
                uscc: Some(e.uscc.clone()),
                field: Some("行政区划".into()),
                claimed: Some(office.division.clone()),
                found: Some(report.enterprise.division_code.clone()),
                message: Text::new(
                    format!(
                        "{}：{}所在区划为{}，不在其辖区内，未计入",
                        office.name,
                        unit_label(&e.uscc),
                        report.enterprise.division_code
                    ),
                    format!(
                        "{}: {} is in division {}, outside its jurisdiction; not counted",
                        office.name,
                        unit_label_en(&e.uscc),
                        report.enterprise.division_code
                    ),
                ),
            });
            return true;
        }
        // A key this level registered for the unit (from its key card, or its own files) is
        // the unit's; a report signed with another key is not the unit's report.
        let fp = v.fingerprint.clone().unwrap_or_default();
        match county_repo::trusted_key(tx, &e.uscc) {
            Ok(Some(k)) if k.fingerprint != fp => {
                findings.push(invented(
                    format!(
                        "的报告所用密钥（指纹 {fp}）与本级登记的该单位密钥（指纹 {}）不同",
                        k.fingerprint
                    ),
                    format!(
                        ": its report is signed with a key (fingerprint {fp}) other than the one registered here for the unit (fingerprint {})",
                        k.fingerprint
                    ),
                ));
                return true;
            }
            Ok(_) => {}
            Err(err) => {
                failure = Some(err.into());
                return false;
            }
        }
        match take(tx, summary_id, file_sha, &e, &v, report, &digest, ctx) {
            Ok(t) => {
                builder.add(&t.current, ctx.rd);
                if let Some(u) = listed.get(e.uscc.as_str()) {
                    let found = UnitFigures::of(&t.current);
                    for (field, claimed, found) in
                        differences(&figures_named(&u.figures), &figures_named(&found))
                    {
                        findings.push(Finding {
                            kind: OfficeFindingKind::FigureChanged,
                            uscc: Some(e.uscc.clone()),
                            message: Text::new(
                                format!(
                                    "{}：{}的{field}，汇总为{claimed}，企业签名报告为{found}",
                                    office.name,
                                    unit_label(&e.uscc)
                                ),
                                format!(
                                    "{}: {} {field} is {claimed} in the summary, {found} in the unit's signed report",
                                    office.name,
                                    unit_label_en(&e.uscc)
                                ),
                            ),
                            field: Some(field),
                            claimed: Some(claimed),
                            found: Some(found),
                        });
                    }
                }
                taken.insert(e.uscc.clone(), t);
                true
            }
            Err(err) => {
                failure = Some(err);
                false
            }
        }
    })
    .map_err(|e| Error::input(Text::new("汇总表", "summary"), e.text()))?;
    if let Some(e) = failure {
        return Err(e);
    }
    for u in &doc.units {
        if !taken.contains_key(&u.uscc)
            && !findings
                .iter()
                .any(|f| f.uscc.as_deref() == Some(u.uscc.as_str()))
        {
            findings.push(Finding {
                kind: OfficeFindingKind::UnitInvented,
                uscc: Some(u.uscc.clone()),
                field: None,
                claimed: None,
                found: None,
                message: Text::new(
                    format!(
                        "{}：汇总列出了{}（{}），但没有附该单位的签名报告，未计入",
                        office.name, u.name, u.uscc
                    ),
                    format!(
                        "{}: the summary lists {} ({}) but attaches no signed report of it; not counted",
                        office.name, u.name, u.uscc
                    ),
                ),
            });
        }
    }
    for r in &doc.roster {
        let reported = matches!(
            r.status,
            FilingStatus::Filed | FilingStatus::Late | FilingStatus::Failing
        );
        if reported && !taken.contains_key(&r.uscc) && !listed.contains_key(r.uscc.as_str()) {
            findings.push(Finding {
                kind: OfficeFindingKind::UnitDropped,
                uscc: Some(r.uscc.clone()),
                field: Some("报送情况".into()),
                claimed: Some(r.status.zh().into()),
                found: Some("未附报告".into()),
                message: Text::new(
                    format!(
                        "{}：名单显示{}（{}）{}，但汇总中没有该单位",
                        office.name,
                        r.name,
                        r.uscc,
                        r.status.zh()
                    ),
                    format!(
                        "{}: the roster shows {} ({}) as {}, but the summary leaves the unit out",
                        office.name,
                        r.name,
                        r.uscc,
                        r.status.en()
                    ),
                ),
            });
        }
    }
    let mut dropped: BTreeMap<String, u32> = BTreeMap::new();
    for (revision, uscc) in
        repo::units_of_other_revisions(tx, &office.division, doc.year, summary_id)?
    {
        if revision < doc.revision && !listed.contains_key(uscc.as_str()) {
            dropped.insert(uscc, revision);
        }
    }
    for (uscc, revision) in dropped {
        findings.push(Finding {
            kind: OfficeFindingKind::UnitDropped,
            uscc: Some(uscc.clone()),
            field: None,
            claimed: None,
            found: None,
            message: Text::new(
                format!(
                    "{}：第{revision}次签署的汇总包含{uscc}，本次（第{}次）没有；该单位已收到的报告仍计入",
                    office.name, doc.revision
                ),
                format!(
                    "{}: the summary signed {revision} time(s) included {uscc}, this one (signing {}) does not; the unit's reports already received still count",
                    office.name, doc.revision
                ),
            ),
        });
    }
    let targets: Vec<(String, String, String)> = doc
        .targets
        .iter()
        .map(|t| (t.pollutant.clone(), t.target_t.clone(), t.source.clone()))
        .collect();
    let found = builder.finish(&targets);
    for (field, claimed, found) in differences(&totals_named(&doc.totals), &totals_named(&found)) {
        findings.push(Finding {
            kind: OfficeFindingKind::FigureChanged,
            uscc: None,
            message: Text::new(
                format!(
                    "{}：{field}，汇总为{claimed}，按所附企业签名报告重算为{found}",
                    office.name
                ),
                format!(
                    "{}: {field} is {claimed} in the summary, {found} recomputed from the attached signed reports",
                    office.name
                ),
            ),
            field: Some(field),
            claimed: Some(claimed),
            found: Some(found),
        });
    }
    Ok(findings)
}

/// Stores one unit's verified report from a summary (or finds it, when the same signed payload
/// came before, by any route) and links it to the summary.
#[allow(clippy::too_many_arguments)]
fn take(
    tx: &Db,
    summary_id: i64,
    file_sha: &str,
    e: &super::office::Evidence,
    v: &xlsx::Verification,
    report: AnnualReport,
    digest: &str,
    ctx: &UpCtx<'_>,
) -> Result<Taken> {
    let uscc = report.enterprise.uscc.clone();
    let fp = v.fingerprint.clone().unwrap_or_default();
    let computed = crate::calc::compute(&report, ctx.rd).ok();
    let prior: Option<AnnualReport> = county_repo::current_report(tx, &uscc, report.year - 1)?
        .and_then(|b| serde_json::from_str(&b).ok());
    let claims = super::intake::claims_elsewhere(tx, &uscc, report.year)?;
    let ranges = crate::carbon::claimed_ranges(&report);
    let certificates = super::intake::certificates_elsewhere(tx, &report, &ranges)?;
    let outcome = crate::validate::validate_county(
        &report,
        ctx.rd,
        prior.as_ref(),
        &claims,
        &certificates,
        &crate::validate::Settings::from_refdata(ctx.rd),
    );
    let id = match county_repo::submission_by_payload(tx, &uscc, report.year, digest, &fp)? {
        Some((id, _)) => id,
        None => {
            let id = county_repo::submission_insert(
                tx,
                &NewSubmission {
                    uscc: &uscc,
                    name: &report.enterprise.name,
                    year: report.year,
                    status: SubmissionStatus::Superseded,
                    held_reason: None,
                    revision: v.revision.unwrap_or(0),
                    signed_at: v
                        .signed_at
                        .as_deref()
                        .map(crate::county::intake::utc_text)
                        .as_deref(),
                    payload_sm3: digest,
                    public_key: v.public_key.as_deref().unwrap_or_default(),
                    fingerprint: &fp,
                    file_sha256: file_sha,
                    received_at: ctx.now,
                    division_code: &report.enterprise.division_code,
                    industry_code: &report.enterprise.industry_code,
                    report: &serde_json::to_string(&report).unwrap_or_default(),
                    computed: computed
                        .as_ref()
                        .and_then(|c| serde_json::to_string(c).ok())
                        .as_deref(),
                    findings: &serde_json::to_string(&outcome).unwrap_or_default(),
                    carbon: v
                        .carbon
                        .as_ref()
                        .and_then(|c| serde_json::to_string(c).ok())
                        .as_deref(),
                },
            )?;
            let codes: Vec<(usize, String, String)> = ranges
                .iter()
                .map(|(i, r)| {
                    let (first, last) = r.codes();
                    (*i, first, last)
                })
                .collect();
            county_repo::certificate_claims_insert(tx, id, &codes)?;
            repo::evidence_insert(tx, id, &e.payload, &e.signature, &e.public_key)?;
            county_repo::settle(tx, &uscc, report.year)?;
            id
        }
    };
    repo::unit_link(tx, summary_id, id, &uscc)?;
    Ok(Taken {
        current: CurrentSubmission {
            uscc,
            name: report.enterprise.name.clone(),
            version: 0,
            industry_code: report.enterprise.industry_code.clone(),
            report,
            computed,
            findings: outcome,
            received_at: ctx.now.to_string(),
            carbon: v.carbon.clone(),
            file: String::new(),
        },
    })
}

/// A finding of re-checking a subordinate office's summary, or of comparing offices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeFinding {
    pub kind: OfficeFindingKind,
    /// The office (division code and name); for findings across offices, every one involved.
    pub offices: Vec<(String, String)>,
    pub uscc: Option<String>,
    pub field: Option<String>,
    pub claimed: Option<String>,
    pub found: Option<String>,
    /// For the clerk, in both languages.
    pub message: Text,
}

/// A subordinate office's units added up from their own signed reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeTotal {
    /// Division and name of the office; empty for units whose own files this level imported.
    pub division: String,
    pub name: String,
    pub units: usize,
    pub totals: CountyTotals,
}

/// A subordinate office's key held for a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeKeyEntry {
    pub division: String,
    pub name: String,
    pub level: OfficeLevel,
    pub public_key: String,
    pub fingerprint: String,
    /// Trusted, or held (unconfirmed or changed).
    pub status: super::state::KeyStatus,
    pub source: KeySource,
    pub files: usize,
    pub first_seen: String,
    pub confirmed_at: Option<String>,
    pub confirmed_by: Option<String>,
    /// For a held key, the office's registered key it differs from.
    pub registered: Option<String>,
}

impl County {
    /// The offices directly below this one and their summaries of a year: filed, late, with
    /// findings, waiting for a key decision, or missing.
    pub fn offices(&self, year: i32) -> Result<Vec<OfficeStatus>> {
        let division = self.division()?;
        let deadline = self.deadline(year)?;
        let all = repo::summaries(&self.conn, year)?;
        let mut out = Vec::new();
        let mut expected = subordinates(self.refdata, &division);
        for s in &all {
            if !expected.iter().any(|(d, _, _)| *d == s.division) {
                expected.push((s.division.clone(), s.name.clone(), s.level));
            }
        }
        for (div, name, level) in expected {
            let mine: Vec<&repo::SummaryListed> =
                all.iter().filter(|s| s.division == div).collect();
            let current = mine.iter().find(|s| s.status == SubmissionStatus::Current);
            let held = mine.iter().find(|s| s.status == SubmissionStatus::Held);
            let line = match (current, held) {
                (Some(c), _) => {
                    let late = chrono::DateTime::parse_from_rfc3339(&c.received_at)
                        .map(|d| d.date_naive() > deadline)
                        .unwrap_or(false);
                    OfficeStatus {
                        division: div,
                        name: c.name.clone(),
                        level: c.level,
                        status: if c.findings > 0 {
                            FilingStatus::Failing
                        } else if late {
                            FilingStatus::Late
                        } else {
                            FilingStatus::Filed
                        },
                        revision: Some(c.revision),
                        signed_at: Some(c.signed_at.clone()),
                        version: repo::version_of(&self.conn, c.id)?,
                        received_at: Some(c.received_at.clone()),
                        fingerprint: Some(c.fingerprint.clone()),
                        units: c.units,
                        findings: c.findings,
                        summary_id: Some(c.id),
                    }
                }
                (None, Some(h)) => OfficeStatus {
                    division: div,
                    name: h.name.clone(),
                    level: h.level,
                    status: match h.held_reason {
                        Some(Reason::KeyChanged) | Some(Reason::KeyOfOtherUnit) => {
                            FilingStatus::KeyChanged
                        }
                        _ => FilingStatus::KeyUnconfirmed,
                    },
                    revision: Some(h.revision),
                    signed_at: Some(h.signed_at.clone()),
                    version: None,
                    received_at: Some(h.received_at.clone()),
                    fingerprint: Some(h.fingerprint.clone()),
                    units: h.units,
                    findings: 0,
                    summary_id: Some(h.id),
                },
                (None, None) => OfficeStatus {
                    division: div,
                    name,
                    level,
                    status: FilingStatus::Missing,
                    revision: None,
                    signed_at: None,
                    version: None,
                    received_at: None,
                    fingerprint: None,
                    units: 0,
                    findings: 0,
                    summary_id: None,
                },
            };
            out.push(line);
        }
        Ok(out)
    }

    /// Findings of a year: what re-checking each office's current summary found, and what
    /// comparing offices finds (a unit reported by two, a reduction project or certificate
    /// claimed under two, a unit on this level's roster registered in an office's area that
    /// no one reported).
    pub fn office_findings(&self, year: i32) -> Result<Vec<OfficeFinding>> {
        let mut out = Vec::new();
        let all = repo::summaries(&self.conn, year)?;
        for s in all.iter().filter(|s| s.status == SubmissionStatus::Current) {
            for f in repo::findings(&self.conn, s.id)? {
                out.push(OfficeFinding {
                    kind: f.kind,
                    offices: vec![(s.division.clone(), s.name.clone())],
                    uscc: f.uscc,
                    field: f.field,
                    claimed: f.claimed,
                    found: f.found,
                    message: f.message,
                });
            }
        }
        let mut by_unit: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (uscc, div, name) in repo::unit_offices(&self.conn, year)? {
            by_unit.entry(uscc).or_default().push((div, name));
        }
        let mine = self.name()?;
        for uscc in repo::direct_units(&self.conn, year)? {
            if let Some(v) = by_unit.get_mut(&uscc) {
                v.push((self.division()?, format!("{mine}（直接报送）")));
            }
        }
        for (uscc, offices) in &by_unit {
            if offices.len() > 1 {
                let names: Vec<&str> = offices.iter().map(|(_, n)| n.as_str()).collect();
                out.push(OfficeFinding {
                    kind: OfficeFindingKind::UnitTwice,
                    offices: offices.clone(),
                    uscc: Some(uscc.clone()),
                    field: None,
                    claimed: None,
                    found: None,
                    message: Text::new(
                        format!(
                            "{uscc}由{}分别报送（迁移或重复统计）；本级按该单位签名顺序只计最新一版",
                            names.join("、")
                        ),
                        format!(
                            "{uscc} is reported by {} (moved, or counted twice); this level counts only its latest version in signed order",
                            names.join(", ")
                        ),
                    ),
                });
            }
        }
        let office_of = |uscc: &str| -> Vec<(String, String)> {
            by_unit
                .get(uscc)
                .cloned()
                .unwrap_or_else(|| vec![(String::new(), format!("{mine}（直接报送）"))])
        };
        let spans = |usccs: &[&str]| -> Vec<(String, String)> {
            let mut v: Vec<(String, String)> = usccs.iter().flat_map(|u| office_of(u)).collect();
            v.sort();
            v.dedup();
            v
        };
        let totals = self.totals(year)?;
        for d in &totals.double_claims {
            let usccs: Vec<&str> = d.claims.iter().map(|c| c.0.as_str()).collect();
            let offices = spans(&usccs);
            if offices.len() > 1 {
                let who: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{}（{}）工程{}", c.1, c.0, c.2))
                    .collect();
                let who_en: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{} ({}) project {}", c.1, c.0, c.2))
                    .collect();
                let names: Vec<&str> = offices.iter().map(|o| o.1.as_str()).collect();
                out.push(OfficeFinding {
                    kind: OfficeFindingKind::ProjectTwice,
                    offices: offices.clone(),
                    uscc: None,
                    field: Some(format!("{} {}", d.pollutant, d.facility)),
                    claimed: None,
                    found: None,
                    message: Text::new(
                        format!(
                            "减排工程（{}，{}，许可证{}）在{}辖区重复申报：{}",
                            d.pollutant,
                            d.facility,
                            d.permit_no,
                            names.join("、"),
                            who.join("；")
                        ),
                        format!(
                            "reduction project ({}, {}, permit {}) claimed in the areas of {}: {}",
                            d.pollutant,
                            d.facility,
                            d.permit_no,
                            names.join(", "),
                            who_en.join("; ")
                        ),
                    ),
                });
            }
        }
        for d in &totals.certificate_double_claims {
            let usccs: Vec<&str> = d.claims.iter().map(|c| c.uscc.as_str()).collect();
            let offices = spans(&usccs);
            if offices.len() > 1 {
                let who: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{}（{}）台账第{}条", c.name, c.uscc, c.entry))
                    .collect();
                let who_en: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{} ({}) ledger entry {}", c.name, c.uscc, c.entry))
                    .collect();
                let names: Vec<&str> = offices.iter().map(|o| o.1.as_str()).collect();
                out.push(OfficeFinding {
                    kind: OfficeFindingKind::CertificateTwice,
                    offices: offices.clone(),
                    uscc: None,
                    field: Some(format!("{}—{}", d.first, d.last)),
                    claimed: None,
                    found: None,
                    message: Text::new(
                        format!(
                            "绿证{}—{}在{}辖区重复申报：{}",
                            d.first,
                            d.last,
                            names.join("、"),
                            who.join("；")
                        ),
                        format!(
                            "green certificates {}–{} claimed in the areas of {}: {}",
                            d.first,
                            d.last,
                            names.join(", "),
                            who_en.join("; ")
                        ),
                    ),
                });
            }
        }
        // Units on this level's roster nobody reported, attributed to the office whose area
        // holds their registration (统一社会信用代码 digits 3–8).
        let subs = subordinates(self.refdata, &self.division()?);
        let counted: BTreeSet<String> = self.current(year)?.into_iter().map(|c| c.uscc).collect();
        for (uscc, name, _) in self.roster_rows(year)? {
            if counted.contains(&uscc) {
                continue;
            }
            let registered = uscc.get(2..8).unwrap_or("");
            if let Some((div, oname, _)) = subs
                .iter()
                .find(|(d, _, _)| within(self.refdata, registered, d))
            {
                if all
                    .iter()
                    .any(|s| s.division == *div && s.status == SubmissionStatus::Current)
                {
                    out.push(OfficeFinding {
                        kind: OfficeFindingKind::UnitDropped,
                        offices: vec![(div.clone(), oname.clone())],
                        uscc: Some(uscc.clone()),
                        field: None,
                        claimed: None,
                        found: None,
                        message: Text::new(
                            format!(
                                "本级名单内的{name}（{uscc}）登记在{oname}辖区，{oname}的汇总中没有该单位，也未直接收到其报告"
                            ),
                            format!(
                                "{name} ({uscc}) on this level's roster is registered in {oname}'s area, but {oname}'s summary leaves it out and no report of it came in directly"
                            ),
                        ),
                    });
                }
            }
        }
        Ok(out)
    }

    /// This level's totals split by the office that carried each unit's current report (and
    /// the units whose own files this level imported), each from the units' own figures.
    pub fn totals_by_office(&self, year: i32) -> Result<Vec<OfficeTotal>> {
        let carried: BTreeMap<String, String> = repo::current_carried(&self.conn, year)?
            .into_iter()
            .collect();
        let names: BTreeMap<String, String> = self
            .offices(year)?
            .into_iter()
            .map(|o| (o.division, o.name))
            .collect();
        let mut builders: BTreeMap<String, TotalsBuilder> = BTreeMap::new();
        for s in &self.current(year)? {
            let key = carried.get(&s.uscc).cloned().unwrap_or_default();
            builders
                .entry(key)
                .or_insert_with(|| TotalsBuilder::new(year))
                .add(s, self.refdata);
        }
        let targets = self.targets(year)?;
        let mine = self.name()?;
        Ok(builders
            .into_iter()
            .map(|(division, b)| {
                let totals = b.finish(&targets);
                OfficeTotal {
                    name: if division.is_empty() {
                        format!("{mine}（直接报送）")
                    } else {
                        names.get(&division).cloned().unwrap_or_default()
                    },
                    division,
                    units: totals.units,
                    totals,
                }
            })
            .collect())
    }

    /// The registry of subordinate offices' keys: trusted ones, and keys seen on held summaries.
    pub fn office_keys(&self) -> Result<Vec<OfficeKeyEntry>> {
        let trusted = repo::office_keys(&self.conn)?;
        let mut out: Vec<OfficeKeyEntry> = trusted
            .iter()
            .map(|k| OfficeKeyEntry {
                division: k.division.clone(),
                name: k.name.clone(),
                level: k.level,
                public_key: k.public_key.clone(),
                fingerprint: k.fingerprint.clone(),
                status: super::state::KeyStatus::Trusted,
                source: k.source,
                files: 0,
                first_seen: k.first_seen.clone(),
                confirmed_at: k.confirmed_at.clone(),
                confirmed_by: k.confirmed_by.clone(),
                registered: None,
            })
            .collect();
        for h in repo::held_office_keys(&self.conn)? {
            let registered = trusted
                .iter()
                .find(|k| k.division == h.division)
                .map(|k| k.fingerprint.clone());
            out.push(OfficeKeyEntry {
                division: h.division,
                name: h.name,
                level: h.level,
                public_key: h.public_key,
                fingerprint: h.fingerprint,
                status: if registered.is_some() {
                    super::state::KeyStatus::Changed
                } else {
                    super::state::KeyStatus::Unconfirmed
                },
                source: KeySource::Held,
                files: h.files,
                first_seen: h.first_seen,
                confirmed_at: None,
                confirmed_by: None,
                registered,
            });
        }
        Ok(out)
    }

    /// Trusts an office's key (after comparing its fingerprint with the office's stamped key
    /// card) and takes in the summaries held for exactly that office and key, in signed order.
    /// Returns how many were released.
    pub fn office_trust(&mut self, division: &str, fingerprint: &str) -> Result<usize> {
        let fp = normalize_fp(fingerprint);
        let held = repo::held_office_keys(&self.conn)?;
        let Some(k) = held
            .iter()
            .find(|k| k.division == division && normalize_fp(&k.fingerprint) == fp)
        else {
            return Err(Error::not_found(
                format!("没有{division}以指纹 {fingerprint} 签名、待确认的汇总"),
                format!("no summary of {division} signed with fingerprint {fingerprint} is waiting for confirmation"),
            ));
        };
        let now = self.now();
        let ctx_division = self.division()?;
        let actor = self.actor.clone();
        let tx = self.conn.write()?;
        repo::office_key_trust(
            &tx,
            division,
            &k.name,
            k.level,
            &k.public_key,
            &k.fingerprint,
            KeySource::Decision,
            &now,
            &actor,
        )?;
        repo::held_now_changed(&tx, division, &k.fingerprint)?;
        store::audit::append(
            &tx,
            &now,
            &actor,
            "office_key.trust",
            division,
            &k.fingerprint,
        )?;
        let ctx = UpCtx {
            rd: self.refdata,
            trust_new: false,
            year: None,
            division: &ctx_division,
            now: &now,
            actor: &actor,
        };
        let mut released = 0;
        for (id, sha) in repo::held_for(&tx, division, &k.fingerprint)? {
            let Some(bytes) = county_repo::blob(&tx, &sha)? else {
                continue;
            };
            let check = check_summary(&bytes);
            let Some(doc) = &check.document else { continue };
            repo::summary_set_status(&tx, id, SubmissionStatus::Superseded)?;
            let findings = apply(&tx, id, &sha, &bytes, doc, &ctx)?;
            let name = county_repo::file_name(&tx, &sha)?.unwrap_or_default();
            let mut r = blank(&SummaryFile {
                name: &name,
                sha256: &sha,
                size: bytes.len(),
                bytes: &bytes,
            });
            conclude(&tx, id, doc, findings, &mut r)?;
            county_repo::file_set_outcome(&tx, &sha, r.outcome, r.reason, &r.message)?;
            released += 1;
        }
        tx.commit()?;
        Ok(released)
    }

    /// Rejects an office's key: the summaries held for that office and key are discarded with
    /// the clerk's reason (kept, audited; a later copy of them is rejected for it).
    pub fn office_reject(&mut self, division: &str, fingerprint: &str, why: &str) -> Result<usize> {
        if why.trim().chars().count() < 2 {
            return Err(Error::input(
                Text::same("--why"),
                Text::new("请写明拒绝的理由", "give the reason"),
            ));
        }
        let fp = normalize_fp(fingerprint);
        let held = repo::held_office_keys(&self.conn)?;
        let Some(k) = held
            .iter()
            .find(|k| k.division == division && normalize_fp(&k.fingerprint) == fp)
        else {
            return Err(Error::not_found(
                format!("没有{division}以指纹 {fingerprint} 签名、待确认的汇总"),
                format!("no summary of {division} signed with fingerprint {fingerprint} is waiting for confirmation"),
            ));
        };
        let now = self.now();
        let actor = self.actor.clone();
        let tx = self.conn.write()?;
        let list = repo::held_for(&tx, division, &k.fingerprint)?;
        for (id, sha) in &list {
            repo::summary_set_status(&tx, *id, SubmissionStatus::Discarded)?;
            county_repo::file_set_outcome(
                &tx,
                sha,
                FileOutcome::Rejected,
                Reason::KeyRejected,
                &Text::new(
                    format!(
                        "经办人拒绝了该汇总所用的密钥（指纹 {}）：{why}",
                        k.fingerprint
                    ),
                    format!(
                        "the clerk rejected the key of this summary (fingerprint {}): {why}",
                        k.fingerprint
                    ),
                ),
            )?;
        }
        store::audit::append(
            &tx,
            &now,
            &actor,
            "office_key.reject",
            division,
            &format!("{}: {why}", k.fingerprint),
        )?;
        tx.commit()?;
        Ok(list.len())
    }

    /// Registers an office's key from its stamped key card (before any summary arrives).
    pub fn office_register(&mut self, division: &str, public_key: &str) -> Result<String> {
        let pk = crate::sign::parse_public(public_key)
            .map_err(|e| Error::input(Text::same("--public-key"), e.text()))?;
        let fp = crate::sign::fingerprint(&pk);
        let Some(region) = self.refdata.region(division.trim()) else {
            return Err(Error::input(
                Text::same("--register"),
                Text::new(
                    format!("{division} 不在GB/T 2260代码表中"),
                    format!("{division} is not in the GB/T 2260 code list"),
                ),
            ));
        };
        let level = OfficeLevel::of_region(&region.level).unwrap_or(OfficeLevel::County);
        let now = self.now();
        let actor = self.actor.clone();
        let tx = self.conn.write()?;
        repo::office_key_trust(
            &tx,
            division.trim(),
            &region.name,
            level,
            &hex::encode(&pk),
            &fp,
            KeySource::KeyCard,
            &now,
            &actor,
        )?;
        repo::held_now_changed(&tx, division.trim(), &fp)?;
        store::audit::append(&tx, &now, &actor, "office_key.register", division, &fp)?;
        tx.commit()?;
        Ok(fp)
    }
}

fn normalize_fp(s: &str) -> String {
    crate::sign::normalize_hex(s)
}

/// Checks the summary in a file as the import's workers do (exposed for `nengbao verify`).
pub fn check(bytes: &[u8]) -> SummaryCheck {
    check_summary(bytes)
}
