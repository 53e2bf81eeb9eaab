//! The reduction ledger: counted totals, due records, evidence store, audit trail.

use chrono::NaiveDate;
use nengbao::ledger::{self, Exclusion};
use nengbao::model::*;
use nengbao::store::audit::Verdict;
use nengbao::workspace::{EvidenceProblem, FixedClock};
use nengbao::Workspace;

use crate::builder::{d, od};

/// By hand: SCR 612.864 − 218.88 = 393.984 t NOx, target 350 → 112.57 %;
/// VOCs 4.32 − 0.864 = 3.456 t, of which 1 t is a 区域削减 offset → 2.456 t counted,
/// target 2 → 122.80 %.
#[test]
fn demo_counted_totals_match_hand_calculation() {
    let s = ledger::summary(&nengbao::demo::report_2024());
    let nox = s
        .totals
        .iter()
        .find(|t| t.pollutant == Pollutant::Nox)
        .unwrap();
    assert_eq!(
        (nox.gross_t, nox.offset_t, nox.counted_t),
        (d("393.984"), d("0"), d("393.984"))
    );
    assert_eq!(nox.completion_pct, od("112.57"));
    let voc = s
        .totals
        .iter()
        .find(|t| t.pollutant == Pollutant::Vocs)
        .unwrap();
    assert_eq!(
        (voc.gross_t, voc.offset_t, voc.counted_t),
        (d("3.456"), d("1"), d("2.456"))
    );
    assert_eq!(voc.completion_pct, od("122.8"));
    let cod = s
        .totals
        .iter()
        .find(|t| t.pollutant == Pollutant::Cod)
        .unwrap();
    assert_eq!(
        cod.projects, 0,
        "the four 十四五 pollutants are always listed"
    );
    assert!(
        s.totals.iter().all(|t| t.pollutant != Pollutant::So2),
        "SO₂ only when claimed"
    );
}

#[test]
fn excluded_projects_count_zero_with_their_reasons() {
    let mut r = nengbao::demo::report_2024();
    r.reduction_projects[0].emergency = true;
    r.reduction_projects[1].evidence.clear();
    r.reduction_projects[1].accepted_on = NaiveDate::from_ymd_opt(2023, 12, 1);
    let s = ledger::summary(&r);
    assert_eq!(s.projects[0].excluded, vec![Exclusion::Emergency]);
    assert_eq!(s.projects[0].counted_t, d("0"));
    assert_eq!(
        s.projects[1].excluded,
        vec![Exclusion::NotAcceptedInYear, Exclusion::NoEvidence]
    );
    assert!(s.totals.iter().all(|t| t.counted_t.is_zero()));
}

#[test]
fn an_offset_larger_than_the_reduction_counts_nothing_rather_than_negative() {
    let mut r = nengbao::demo::report_2024();
    r.reduction_projects[1].offset_t = od("5");
    let s = ledger::standing(&r.reduction_projects[1], 2024);
    assert_eq!(s.counted_t, d("0"));
}

#[test]
fn due_records_follow_frequency_and_operating_period() {
    let mut p = ReductionProject {
        commissioned_on: NaiveDate::from_ymd_opt(2024, 10, 15),
        ..Default::default()
    };
    assert_eq!(
        ledger::due_periods(&p, 2024),
        ["2024-10", "2024-11", "2024-12"]
    );
    assert_eq!(
        ledger::due_periods(&p, 2025).len(),
        12,
        "a full year after commissioning"
    );
    assert!(
        ledger::due_periods(&p, 2023).is_empty(),
        "nothing before commissioning"
    );
    p.record_frequency = RecordFrequency::Day;
    p.commissioned_on = NaiveDate::from_ymd_opt(2024, 12, 30);
    assert_eq!(ledger::due_periods(&p, 2024), ["2024-12-30", "2024-12-31"]);
    p.records.push(OperatingRecord {
        period: "2024-12-31".into(),
        ..Default::default()
    });
    assert_eq!(ledger::missing_periods(&p, 2024), ["2024-12-30"]);
    p.record_frequency = RecordFrequency::Event;
    assert!(
        ledger::due_periods(&p, 2024).is_empty(),
        "event records have no schedule"
    );
}

fn file_ws(dir: &std::path::Path) -> Workspace {
    let mut ws = Workspace::open(&dir.join("w.db"), Box::new(FixedClock::at(2025, 3, 18))).unwrap();
    ws.set_actor("张敏");
    ws
}

#[test]
fn evidence_is_stored_by_hash_once_and_changes_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = file_ws(dir.path());
    let src = dir.path().join("验收报告.txt");
    std::fs::write(&src, "验收意见：同意通过").unwrap();
    let e = ws.evidence_add(&src, "验收报告").unwrap();
    assert_eq!(
        e.sha256,
        nengbao::store::sha256_hex("验收意见：同意通过".as_bytes())
    );
    assert_eq!(e.size, "验收意见：同意通过".len() as u64);
    let stored = dir.path().join("w.evidence").join(&e.sha256);
    assert!(
        stored.is_file(),
        "copied into the evidence store under its hash"
    );
    let again = ws.evidence_add(&src, "验收报告").unwrap();
    assert_eq!(again, e);
    assert_eq!(
        ws.audit_list(Some(&e.sha256)).unwrap().len(),
        1,
        "added once, logged once"
    );

    let mut r = nengbao::demo::report_2024();
    r.reduction_projects[0].evidence = vec![e.clone()];
    r.reduction_projects[1].evidence = vec![e.clone()];
    assert_eq!(ws.evidence_check(&r).unwrap().unwrap(), vec![]);

    std::fs::write(&stored, "验收意见：不同意").unwrap();
    let issues = ws.evidence_check(&r).unwrap().unwrap();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0].problem, EvidenceProblem::Changed);
    assert_eq!(issues[0].path, "reduction_projects[0].evidence[0]");
    let out = ws.validate(&r, None).unwrap();
    assert!(
        out.findings.iter().any(|f| f.rule == "LG014"),
        "a changed file is an error finding"
    );

    std::fs::remove_file(&stored).unwrap();
    let issues = ws.evidence_check(&r).unwrap().unwrap();
    assert_eq!(issues[0].problem, EvidenceProblem::Missing);
    // Adding the original back repairs the store.
    ws.evidence_add(&src, "验收报告").unwrap();
    assert!(ws.evidence_check(&r).unwrap().unwrap().is_empty());
}

#[test]
fn ledger_edits_are_audited_and_the_chain_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = file_ws(dir.path());
    let mut r = nengbao::demo::report_2024();
    ws.report_save(&r).unwrap();
    r.reduction_projects[0].after_t = od("220");
    ws.report_save(&r).unwrap();
    r.reduction_projects.remove(1);
    ws.report_save(&r).unwrap();
    let actions: Vec<(String, String)> = ws
        .audit_list(None)
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect();
    assert!(
        actions.contains(&("ledger.update".into(), "changed: after_t".into())),
        "{actions:?}"
    );
    assert!(actions.iter().any(|(a, _)| a == "ledger.remove"));
    assert!(ws
        .audit_list(None)
        .unwrap()
        .iter()
        .all(|e| e.actor == "张敏"));
    assert!(matches!(
        ws.audit_verify().unwrap(),
        Verdict::Intact { entries: 7, .. }
    ));
}

#[test]
fn the_audit_log_refuses_edits_and_detects_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = file_ws(dir.path());
    ws.report_save(&nengbao::demo::report_2023()).unwrap();
    ws.report_save(&nengbao::demo::report_2024()).unwrap();
    let conn = ws.connection();
    assert!(
        conn.execute("UPDATE audit SET actor = 'x' WHERE seq = 2", [])
            .is_err(),
        "triggers refuse edits"
    );
    assert!(conn.execute("DELETE FROM audit WHERE seq = 2", []).is_err());

    // Someone removes the triggers and edits an entry: the chain shows where.
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    conn.execute("UPDATE audit SET detail = 'revision 9' WHERE seq = 3", [])
        .unwrap();
    assert!(matches!(
        ws.audit_verify().unwrap(),
        Verdict::Broken { seq: 3, .. }
    ));
}

#[test]
fn a_removed_or_cut_off_audit_entry_is_detected() {
    for (what, sql) in [
        ("middle", "DELETE FROM audit WHERE seq = 2"),
        (
            "tail",
            "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = file_ws(dir.path());
        ws.report_save(&nengbao::demo::report_2023()).unwrap();
        ws.report_save(&nengbao::demo::report_2024()).unwrap();
        let conn = ws.connection();
        conn.execute_batch("DROP TRIGGER audit_no_delete;").unwrap();
        conn.execute(sql, []).unwrap();
        assert!(
            matches!(ws.audit_verify().unwrap(), Verdict::Broken { .. }),
            "{what} removal must be detected"
        );
    }
}

#[test]
fn record_periods_written_another_way_are_kept_as_months_or_named_as_format_problems() {
    for (typed, kept) in [
        ("2025年6月", Some("2025-06")),
        ("2025/6", Some("2025-06")),
        ("2025.06", Some("2025-06")),
        ("２０２５年６月", Some("2025-06")),
        ("202506", Some("2025-06")),
        (" 2025-06 ", Some("2025-06")),
        ("2025年6月3日", Some("2025-06-03")),
        ("2025/6/3", Some("2025-06-03")),
        ("2025年13月", None),
        ("六月", None),
        ("2025-02-30", None),
    ] {
        assert_eq!(ledger::normalize_period(typed).as_deref(), kept, "{typed}");
    }

    // Saved through the workspace (the path of the form, `report save` and imports): kept as 2025-06.
    let dir = tempfile::tempdir().unwrap();
    let mut ws = file_ws(dir.path());
    let mut report = nengbao::demo::report_2024();
    let p = report
        .reduction_projects
        .iter_mut()
        .find(|p| p.records.iter().any(|r| r.period == "2024-06"))
        .unwrap();
    let k = p
        .records
        .iter()
        .position(|r| r.period == "2024-06")
        .unwrap();
    p.records[k].period = "2024年6月".into();
    let check = |r: &AnnualReport| {
        let rd = nengbao::refdata::RefData::builtin().unwrap();
        nengbao::validate::validate(
            r,
            rd,
            None,
            &[],
            &nengbao::validate::Settings::from_refdata(rd),
        )
        .findings
        .into_iter()
        .filter(|f| f.rule == "LG012")
        .collect::<Vec<_>>()
    };
    assert!(
        check(&report).is_empty(),
        "2024年6月 is June, not a missing month: {:#?}",
        check(&report)
    );
    ws.report_save(&report).unwrap();
    let loaded = ws.report_load(&report.enterprise.uscc, 2024).unwrap();
    assert!(loaded
        .reduction_projects
        .iter()
        .flat_map(|p| &p.records)
        .any(|r| r.period == "2024-06"));
    assert!(!loaded
        .reduction_projects
        .iter()
        .flat_map(|p| &p.records)
        .any(|r| r.period.contains('年')));

    // A period that names no month is a format problem naming the value.
    let mut bad = report.clone();
    let p = bad
        .reduction_projects
        .iter_mut()
        .find(|p| p.records.iter().any(|r| r.period == "2024年6月"))
        .unwrap();
    let k = p
        .records
        .iter()
        .position(|r| r.period == "2024年6月")
        .unwrap();
    p.records[k].period = "2024年13月".into();
    let hits = check(&bad);
    assert!(
        hits.iter()
            .any(|f| f.message.zh.contains("“2024年13月”格式无法识别")
                && f.location.path.ends_with(&format!("records[{k}].period"))),
        "{hits:#?}"
    );
}
