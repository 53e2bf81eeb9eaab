//! Re-checking a summary taken in: every unit's own signed report verified again and stored as
//! that unit's submission, every figure the office signed recomputed from those reports, and a
//! finding for each figure changed and each unit dropped, invented or outside the office's area.

use super::*;

/// A unit taken from a summary's evidence.
struct Taken {
    current: CurrentSubmission,
}

/// A figure's name in both languages (the Chinese one is the key figures are compared by and
/// the field a finding records) and its value.
type Named = Vec<(Text, String)>;

fn named(zh: impl Into<String>, en: impl Into<String>, value: impl ToString) -> (Text, String) {
    (Text::new(zh, en), value.to_string())
}

fn figures_named(f: &UnitFigures) -> Named {
    let mut out = energy_named(&f.energy);
    out.push(named(
        "直接排放（tCO₂）",
        "direct emissions (tCO₂)",
        f.carbon.direct_co2_t,
    ));
    out.push(named(
        "间接排放（tCO₂）",
        "indirect emissions (tCO₂)",
        f.carbon.indirect_co2_t,
    ));
    out.push(named(
        "二氧化碳排放总量（tCO₂）",
        "total CO₂ emissions (tCO₂)",
        f.carbon.total_co2_t,
    ));
    for (pol, t) in &f.reductions {
        out.push(named(
            format!("计入减排量 {pol}（吨）"),
            format!("counted reduction of {pol} (t)"),
            t,
        ));
    }
    out
}

fn energy_named(e: &EnergyTotals) -> Named {
    vec![
        named(
            "综合能源消费量（当量值，吨标准煤）",
            "comprehensive energy consumption (calorific value, tce)",
            e.comprehensive_tce,
        ),
        named(
            "综合能源消费量（等价值，吨标准煤）",
            "comprehensive energy consumption (equivalent value, tce)",
            e.comprehensive_equal_value_tce,
        ),
        named(
            "原料用能（吨标准煤）",
            "feedstock use (tce)",
            e.feedstock_tce,
        ),
        named(
            "绿电（吨标准煤）",
            "green electricity (tce)",
            e.green_electricity_tce,
        ),
        named(
            "扣除原料用能和绿电后（当量值，吨标准煤）",
            "net of feedstock and green electricity (calorific value, tce)",
            e.assessed_tce,
        ),
        named(
            "扣除原料用能和绿电后（等价值，吨标准煤）",
            "net of feedstock and green electricity (equivalent value, tce)",
            e.assessed_equal_value_tce,
        ),
    ]
}

fn totals_named(t: &CountyTotals) -> Named {
    let mut out = vec![named("单位数", "units", t.units)];
    out.extend(energy_named(&t.energy).into_iter().map(|(k, v)| {
        (
            Text::new(format!("合计 {}", k.zh), format!("total {}", k.en)),
            v,
        )
    }));
    out.push(named(
        "合计 二氧化碳排放总量（tCO₂）",
        "total CO₂ emissions (tCO₂)",
        t.carbon.total_co2_t,
    ));
    out.push(named(
        "合计 直接排放（tCO₂）",
        "total direct emissions (tCO₂)",
        t.carbon.direct_co2_t,
    ));
    out.push(named(
        "合计 间接排放（tCO₂）",
        "total indirect emissions (tCO₂)",
        t.carbon.indirect_co2_t,
    ));
    for i in &t.by_industry {
        let d = &i.division;
        out.push(named(
            format!("行业{d} 单位数"),
            format!("industry {d} units"),
            i.units,
        ));
        out.push(named(
            format!("行业{d} 综合能源消费量（当量值）"),
            format!("industry {d} comprehensive energy consumption (calorific value)"),
            i.energy.comprehensive_tce,
        ));
        out.push(named(
            format!("行业{d} 二氧化碳排放总量"),
            format!("industry {d} total CO₂ emissions"),
            i.carbon.total_co2_t,
        ));
    }
    for r in &t.reductions {
        out.push(named(
            format!("计入减排量 {}（吨）", r.pollutant),
            format!("counted reduction of {} (t)", r.pollutant),
            r.counted_t,
        ));
    }
    out
}

/// Compares named figures (the one field comparison, [`crate::model::diff::fields`], keyed by
/// the Chinese name); a field on one side only counts as a difference, shown as —. Each
/// difference comes back with its name in both languages.
fn differences(claimed: &Named, found: &Named) -> Vec<(Text, String, String)> {
    let names: BTreeMap<&str, &Text> = claimed
        .iter()
        .chain(found)
        .map(|(k, _)| (k.zh.as_str(), k))
        .collect();
    let keyed = |n: &Named| -> Vec<(String, String)> {
        n.iter().map(|(k, v)| (k.zh.clone(), v.clone())).collect()
    };
    crate::model::diff::fields(keyed(claimed), keyed(found))
        .into_iter()
        .map(|c| {
            let shown = |v: Option<String>| v.unwrap_or_else(|| "—".into());
            let name = names
                .get(c.path.as_str())
                .map(|t| (*t).clone())
                .unwrap_or_else(|| Text::same(c.path.as_str()));
            (name, shown(c.before), shown(c.after))
        })
        .collect()
}

/// Takes in a summary whose office key is trusted: every unit's evidence verified and stored,
/// every figure recomputed and compared. Returns the findings.
pub(super) fn apply(
    tx: &Db,
    summary_id: i64,
    file_sha: &str,
    bytes: &[u8],
    doc: &SummaryDocument,
    ctx: &UpCtx<'_>,
) -> Result<Vec<Finding>> {
    let office = &doc.office;
    let listed: BTreeMap<&str, &crate::county::office::SummaryUnit> =
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
        let e: crate::county::office::Evidence = match serde_json::from_str(line) {
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
                                    "{}：{}的{}，汇总为{claimed}，企业签名报告为{found}",
                                    office.name,
                                    unit_label(&e.uscc),
                                    field.zh
                                ),
                                format!(
                                    "{}: {} {} is {claimed} in the summary, {found} in the unit's signed report",
                                    office.name,
                                    unit_label_en(&e.uscc),
                                    field.en
                                ),
                            ),
                            field: Some(field.zh),
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
                    "{}：{}，汇总为{claimed}，按所附企业签名报告重算为{found}",
                    office.name, field.zh
                ),
                format!(
                    "{}: {} is {claimed} in the summary, {found} recomputed from the attached signed reports",
                    office.name, field.en
                ),
            ),
            field: Some(field.zh),
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
    e: &crate::county::office::Evidence,
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
    let claims = crate::county::intake::claims_elsewhere(tx, &uscc, report.year)?;
    let ranges = crate::carbon::claimed_ranges(&report);
    let certificates = crate::county::intake::certificates_elsewhere(tx, &report, &ranges)?;
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
