//! Deciding one file's outcome, on the writing thread in input order: duplicates, rejections
//! (each recorded with its bytes), the key decision, the unit's re-check and the file's place
//! in the unit's signed order — with the clerk's message in both languages.

use super::*;

/// Decides a file's outcome and stores it, inside a savepoint of the batch transaction.
pub(super) fn decide(
    tx: &Db,
    c: &Checked,
    ctx: &Ctx<'_>,
    seen: &mut HashSet<String>,
) -> Result<FileResult> {
    let mut r = blank_result(&c.file, c.sha256.clone());
    if c.cancelled {
        return Ok(not_processed(&c.file));
    }
    if let Some((reason, message)) = &c.failure {
        r.reason = *reason;
        r.message = message.clone();
        if c.bytes.is_some() {
            store_rejection(tx, c, &r, ctx)?;
        }
        return Ok(r);
    }
    if let (Some(summary), Some(bytes)) = (&c.summary, &c.bytes) {
        if !seen.insert(c.sha256.clone()) {
            r.outcome = FileOutcome::Skipped;
            r.reason = Reason::Duplicate;
            r.message = same_in_batch();
            return Ok(r);
        }
        let file = crate::county::upward::SummaryFile {
            name: &r.file,
            sha256: &c.sha256,
            size: c.size,
            bytes,
        };
        let up = crate::county::upward::UpCtx {
            rd: ctx.rd,
            trust_new: ctx.opts.trust_new,
            year: ctx.opts.year,
            division: &ctx.division,
            now: &ctx.now,
            actor: ctx.actor,
        };
        return crate::county::upward::decide(tx, &file, summary, &up);
    }
    let Some(v) = &c.verification else {
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = imported_before();
        if let Some((uscc, year, fp)) = repo::file_identity(tx, &c.sha256)? {
            (r.uscc, r.year, r.fingerprint) = (uscc, year, fp);
        }
        return Ok(r);
    };
    if !seen.insert(c.sha256.clone()) {
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = same_in_batch();
        return Ok(r);
    }
    // Another clerk (on a shared server, or another process on the file) may have imported
    // these bytes since this run read the list of settled files: decided now, under the write
    // lock, the file is skipped rather than recorded twice.
    if repo::file_settled(tx, &c.sha256)? {
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = imported_before();
        if let Some((uscc, year, fp)) = repo::file_identity(tx, &c.sha256)? {
            (r.uscc, r.year, r.fingerprint) = (uscc, year, fp);
        }
        return Ok(r);
    }
    r.uscc = v.uscc.clone();
    r.year = v.year;
    r.fingerprint = v.fingerprint.clone();
    r.revision = v.revision;
    r.signed_at = v.signed_at.clone();
    let rejection = match v.status {
        Status::Valid => None,
        Status::Tampered => {
            let cells: Vec<String> = v
                .changes
                .iter()
                .take(5)
                .map(|ch| format!("{}（签名时 {}，现为 {}）", ch.cell, ch.signed, ch.found))
                .collect();
            let cells_en: Vec<String> = v
                .changes
                .iter()
                .take(5)
                .map(|ch| format!("{} (signed {}, now {})", ch.cell, ch.signed, ch.found))
                .collect();
            let more = v.changes.len() > 5;
            Some((
                Reason::Tampered,
                Text::new(
                    format!(
                        "数据在签名后被改动，共{}处：{}{}",
                        v.changes.len(),
                        cells.join("；"),
                        if more { "……" } else { "" }
                    ),
                    format!(
                        "changed after signing, in {} {}: {}{}",
                        v.changes.len(),
                        if v.changes.len() == 1 {
                            "cell"
                        } else {
                            "cells"
                        },
                        cells_en.join("; "),
                        if more { "…" } else { "" }
                    ),
                ),
            ))
        }
        Status::BadSignature => Some((
            Reason::BadSignature,
            Text::new(
                format!("签名无效：{}；请企业重新导出", v.text.zh),
                format!(
                    "invalid signature: {}; ask the unit to export the file again",
                    v.text.en
                ),
            ),
        )),
        Status::Unsigned => Some((
            Reason::Unsigned,
            Text::new(
                format!("未签名：{}。请企业用能报签名后重新报送", v.text.zh),
                format!(
                    "not signed: {}. Ask the unit to sign it in Nengbao and submit it again",
                    v.text.en
                ),
            ),
        )),
        Status::UnknownFormat if v.over_limit => Some((
            Reason::Oversized,
            Text::new(
                format!("{}；已拒收，本批其余文件照常导入", v.text.zh),
                format!(
                    "{}; rejected, the other files of this batch are imported as usual",
                    v.text.en
                ),
            ),
        )),
        Status::UnknownFormat => Some((
            Reason::Unreadable,
            Text::new(
                format!("无法识别的文件：{}", v.text.zh),
                format!("unrecognised file: {}", v.text.en),
            ),
        )),
    };
    if let Some((reason, message)) = rejection {
        r.reason = reason;
        r.message = message;
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    }
    let Some(report) = v.report.clone() else {
        r.reason = Reason::UnknownFormat;
        r.message = Text::new(
            "签名数据中没有可读的报告",
            "the signed payload holds no readable report",
        );
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    };
    r.name = Some(report.enterprise.name.clone());
    let payload_sm3 = v.digest.clone().unwrap_or_default();
    let fp = v.fingerprint.as_deref().unwrap_or_default();
    if let Some((id, status)) =
        repo::submission_by_payload(tx, &report.enterprise.uscc, report.year, &payload_sm3, fp)?
    {
        if status == SubmissionStatus::Discarded {
            r.reason = Reason::KeyRejected;
            r.message = Text::new(
                format!("该文件所用密钥（指纹 {fp}）已被经办人拒绝，不予接收"),
                format!("the key this file is signed with (fingerprint {fp}) was rejected by the clerk; not accepted"),
            );
            store_rejection(tx, c, &r, ctx)?;
            return Ok(r);
        }
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = match repo::version_of(tx, id)? {
            Some(n) => Text::new(
                format!("与已收到的第{n}版签名内容相同，跳过"),
                format!("same signed content as version {n} already received; skipped"),
            ),
            None => Text::new(
                "与已收到的一份报送签名内容相同，跳过",
                "same signed content as a submission already received; skipped",
            ),
        };
        let sp = tx.savepoint()?;
        repo::file_record(&sp, &file_row(c, &r, &ctx.now, Some(id)), None)?;
        sp.commit()?;
        return Ok(r);
    }
    if ctx.opts.year.is_some_and(|y| y != report.year) {
        let y = ctx.opts.year.unwrap_or_default();
        r.reason = Reason::WrongYear;
        r.message = Text::new(
            format!(
                "报告年度为{}年，本次只接收{y}年的报告；改选年度后再次导入即可",
                report.year
            ),
            format!(
                "the report is for {}, this import takes {y} only; choose that year and import again",
                report.year
            ),
        );
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    }
    if !crate::county::office::within(ctx.rd, &report.enterprise.division_code, &ctx.division) {
        let place = ctx
            .rd
            .region(report.enterprise.division_code.trim())
            .map(|x| x.name.clone())
            .unwrap_or_default();
        r.reason = Reason::NotInCounty;
        r.message = Text::new(
            format!(
                "企业所在区划为{} {place}，不属于本县（{}），请转交所属县级部门",
                report.enterprise.division_code, ctx.division
            ),
            format!(
                "the unit is in division {} {place}, not in this county ({}); pass it to that county's office",
                report.enterprise.division_code, ctx.division
            ),
        );
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    }
    let sp = tx.savepoint()?;
    match accept(&sp, c, v, &report, r.clone(), &payload_sm3, ctx) {
        Ok(done) => {
            sp.commit()?;
            Ok(done)
        }
        Err(e) => {
            drop(sp);
            r.reason = Reason::Storage;
            let why = e.text();
            r.message = Text::new(
                format!("保存失败：{}；文件未受影响，可再次导入", why.zh),
                format!(
                    "saving failed: {}; the file is not affected and can be imported again",
                    why.en
                ),
            );
            Ok(r)
        }
    }
}

fn file_row<'a>(c: &'a Checked, r: &'a FileResult, now: &'a str, sub: Option<i64>) -> FileRow<'a> {
    FileRow {
        sha256: &c.sha256,
        name: &r.file,
        size: c.size,
        received_at: now,
        outcome: r.outcome,
        reason: r.reason,
        message: &r.message,
        uscc: r.uscc.as_deref(),
        year: r.year,
        fingerprint: r.fingerprint.as_deref(),
        errors: r.errors,
        warnings: r.warnings,
        submission_id: sub,
    }
}

/// Every rejected file is recorded with its bytes, so nothing a unit handed in is lost; it is
/// processed again on a later import.
fn store_rejection(tx: &Db, c: &Checked, r: &FileResult, ctx: &Ctx<'_>) -> Result<()> {
    let sp = tx.savepoint()?;
    repo::file_record(&sp, &file_row(c, r, &ctx.now, None), c.bytes.as_deref())?;
    store::audit::append(
        &sp,
        &ctx.now,
        ctx.actor,
        "file.reject",
        &c.sha256,
        &format!("{}: {}", r.file, r.reason),
    )?;
    sp.commit()?;
    Ok(())
}

/// Claims of reduction projects by an enterprise in other years, from the county's submissions.
pub(in crate::county) fn claims_elsewhere(
    tx: &Db,
    uscc: &str,
    year: i32,
) -> Result<Vec<LedgerClaim>> {
    let mut out = Vec::new();
    for (y, body) in repo::current_reports_elsewhere(tx, uscc, year)? {
        let Ok(rep) = serde_json::from_str::<AnnualReport>(&body) else {
            continue;
        };
        for p in rep.reduction_projects {
            out.push(LedgerClaim {
                year: y,
                project_id: p.id.clone(),
                name: p.name.clone(),
                pollutant: p.pollutant.map(|x| x.code().to_string()),
                permit_no: p.permit_no.clone(),
                facility: p.facility.clone(),
                design_capacity: p.design_capacity.map(|c| c.to_string()),
                reduction_t: None,
            });
        }
    }
    Ok(out)
}

/// Certificate ranges other units of the county claim in their current submissions of the
/// report's year that overlap one of the report's own ranges.
pub(in crate::county) fn certificates_elsewhere(
    tx: &Db,
    report: &AnnualReport,
    ranges: &[(usize, crate::carbon::certificates::CodeRange)],
) -> Result<Vec<crate::carbon::ClaimElsewhere>> {
    let mut out: Vec<crate::carbon::ClaimElsewhere> = Vec::new();
    for (_, r) in ranges {
        let (first, last) = r.codes();
        for c in repo::certificates_claimed_elsewhere(
            tx,
            &report.enterprise.uscc,
            report.year,
            &first,
            &last,
        )? {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// The key decision for a validly signed file: `None` to accept, or why it is held.
fn key_decision(
    tx: &Db,
    uscc: &str,
    name: &str,
    v: &Verification,
    ctx: &Ctx<'_>,
) -> Result<Option<Reason>> {
    let fp = v.fingerprint.as_deref().unwrap_or_default();
    if let Some(k) = repo::trusted_key(tx, uscc)? {
        return Ok((k.fingerprint != fp).then_some(Reason::KeyChanged));
    }
    if !repo::units_trusting(tx, fp, uscc)?.is_empty() {
        return Ok(Some(Reason::KeyOfOtherUnit));
    }
    if ctx.opts.trust_new && !repo::held_for_other_key(tx, uscc, fp)? {
        repo::key_trust(
            tx,
            uscc,
            name,
            v.public_key.as_deref().unwrap_or_default(),
            fp,
            KeySource::FirstUse,
            &ctx.now,
            ctx.actor,
        )?;
        store::audit::append(tx, &ctx.now, ctx.actor, "key.trust_first_use", uscc, fp)?;
        return Ok(None);
    }
    Ok(Some(Reason::KeyUnconfirmed))
}

pub(super) fn held_message(reason: Reason, fp: &str) -> Text {
    match reason {
        Reason::KeyChanged => Text::new(
            format!("签名正确，但所用密钥（指纹 {fp}）与登记的密钥不同，已暂存；请向企业核实后接受或拒绝新密钥"),
            format!("the signature is valid, but the key (fingerprint {fp}) is not the registered one; held — check with the unit, then accept or reject the new key"),
        ),
        Reason::KeyOfOtherUnit => Text::new(
            format!("签名正确，但所用密钥（指纹 {fp}）已登记为其他单位的密钥，已暂存；一个单位不能替另一个单位签名，请核实"),
            format!("the signature is valid, but the key (fingerprint {fp}) is registered to another unit; held — one unit cannot sign for another, please check"),
        ),
        _ => Text::new(
            format!("首次收到该单位的密钥（指纹 {fp}），请与企业盖章的密钥卡核对后确认，确认前暂存"),
            format!("first key seen for this unit (fingerprint {fp}); compare it with the unit's stamped key card and confirm it — held until then"),
        ),
    }
}

fn same_in_batch() -> Text {
    Text::new(
        "本批中已有内容相同的文件，跳过",
        "a file with the same content is in this batch; skipped",
    )
}

fn imported_before() -> Text {
    Text::new(
        "此文件已导入过（内容相同），跳过",
        "this file was imported before (same content); skipped",
    )
}

/// The message for an accepted file: current, or kept as history behind a newer revision.
pub(in crate::county) fn accepted_message(
    tx: &Db,
    id: i64,
    current: Option<(i64, i64)>,
    r: &mut FileResult,
) -> Result<()> {
    let version = repo::version_of(tx, id)?.unwrap_or(1);
    match current {
        Some((cur, n)) if cur != id => {
            r.outcome = FileOutcome::Stale;
            r.reason = Reason::Stale;
            r.message = Text::new(
                format!("已有更新的版本（当前为第{n}版），本文件签署在前，作为第{version}版历史保存，不影响汇总"),
                format!("a newer version is current (version {n}); this file was signed before it and is kept as version {version} in the history, not counted"),
            );
        }
        _ => {
            r.outcome = outcome_of(r.errors, r.warnings);
            r.reason = Reason::Ok;
            r.message = match (r.outcome, version) {
                (FileOutcome::Accepted, 1) => Text::new("已接收", "accepted"),
                (FileOutcome::Accepted, v) => Text::new(
                    format!("已接收（第{v}版，替代前一版）"),
                    format!("accepted (version {v}, replaces the previous one)"),
                ),
                (_, v) => Text::new(
                    format!(
                        "已接收{}，复核发现{}个错误、{}个未说明的警告",
                        if v > 1 {
                            format!("（第{v}版）")
                        } else {
                            String::new()
                        },
                        r.errors,
                        r.warnings
                    ),
                    format!(
                        "accepted{}; the re-check found {} errors and {} unjustified warnings",
                        if v > 1 {
                            format!(" (version {v})")
                        } else {
                            String::new()
                        },
                        r.errors,
                        r.warnings
                    ),
                ),
            };
        }
    }
    Ok(())
}

fn accept(
    tx: &Db,
    c: &Checked,
    v: &Verification,
    report: &AnnualReport,
    mut r: FileResult,
    payload_sm3: &str,
    ctx: &Ctx<'_>,
) -> Result<FileResult> {
    let uscc = report.enterprise.uscc.as_str();
    let fp = v.fingerprint.clone().unwrap_or_default();
    let held = key_decision(tx, uscc, &report.enterprise.name, v, ctx)?;
    let prior: Option<AnnualReport> = repo::current_report(tx, uscc, report.year - 1)?
        .and_then(|b| serde_json::from_str(&b).ok());
    let claims = claims_elsewhere(tx, uscc, report.year)?;
    let ranges = crate::carbon::claimed_ranges(report);
    let certificates = certificates_elsewhere(tx, report, &ranges)?;
    let outcome = validate::validate_county(
        report,
        ctx.rd,
        prior.as_ref(),
        &claims,
        &certificates,
        &validate::Settings::from_refdata(ctx.rd),
    );
    let computed = crate::calc::compute(report, ctx.rd).ok();
    r.errors = outcome.summary.errors;
    r.warnings = outcome.summary.warnings;
    let body = serde_json::to_string(report).unwrap_or_default();
    let computed = computed
        .as_ref()
        .and_then(|c| serde_json::to_string(c).ok());
    let findings = serde_json::to_string(&outcome).unwrap_or_default();
    let carbon = v
        .carbon
        .as_ref()
        .and_then(|c| serde_json::to_string(c).ok());
    let signed_at = v.signed_at.as_deref().map(utc_text);
    let id = repo::submission_insert(
        tx,
        &NewSubmission {
            uscc,
            name: &report.enterprise.name,
            year: report.year,
            status: if held.is_some() {
                SubmissionStatus::Held
            } else {
                SubmissionStatus::Superseded
            },
            held_reason: held,
            revision: v.revision.unwrap_or(0),
            signed_at: signed_at.as_deref(),
            payload_sm3,
            public_key: v.public_key.as_deref().unwrap_or_default(),
            fingerprint: &fp,
            file_sha256: &c.sha256,
            received_at: &ctx.now,
            division_code: &report.enterprise.division_code,
            industry_code: &report.enterprise.industry_code,
            report: &body,
            computed: computed.as_deref(),
            findings: &findings,
            carbon: carbon.as_deref(),
        },
    )?;
    let codes: Vec<(usize, String, String)> = ranges
        .iter()
        .map(|(i, r)| {
            let (first, last) = r.codes();
            (*i, first, last)
        })
        .collect();
    repo::certificate_claims_insert(tx, id, &codes)?;
    match held {
        Some(reason) => {
            r.outcome = FileOutcome::Held;
            r.reason = reason;
            r.message = held_message(reason, &fp);
        }
        None => {
            let current = repo::settle(tx, uscc, report.year)?;
            accepted_message(tx, id, current, &mut r)?;
        }
    }
    if !certificates.is_empty() {
        let mut units: Vec<(String, String)> = Vec::new();
        for c in &certificates {
            let unit = (
                format!("{}（{}，文件“{}”）", c.name, c.uscc, c.file),
                format!("{} ({}, file \"{}\")", c.name, c.uscc, c.file),
            );
            if !units.contains(&unit) {
                units.push(unit);
            }
        }
        let zh: Vec<&str> = units.iter().map(|u| u.0.as_str()).collect();
        let en: Vec<&str> = units.iter().map(|u| u.1.as_str()).collect();
        r.message
            .zh
            .push_str(&format!("；绿证与其他单位重复申报：{}", zh.join("、")));
        r.message.en.push_str(&format!(
            "; green certificates also claimed by other units: {}",
            en.join(", ")
        ));
    }
    repo::file_record(tx, &file_row(c, &r, &ctx.now, Some(id)), c.bytes.as_deref())?;
    store::audit::append(
        tx,
        &ctx.now,
        ctx.actor,
        "file.import",
        &r.sha256,
        &format!("{}: {} (submission {id})", r.file, r.reason),
    )?;
    Ok(r)
}

/// A signed time as the UTC text the order compares (`2025-03-20T02:00:00Z`).
pub(in crate::county) fn utc_text(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}
