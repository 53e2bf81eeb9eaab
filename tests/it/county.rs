//! County intake: a folder of mixed files imports in one run with the right outcome for each.

use std::path::Path;

use nengbao::county::generate;
use nengbao::county::{County, FileOutcome, ImportOptions, ImportReport};
use nengbao::model::AnnualReport;
use nengbao::pack::Pack;
use nengbao::refdata::RefData;
use nengbao::sign::Key;
use nengbao::validate::{self, Settings};
use nengbao::workspace::FixedClock;
use nengbao::xlsx;

use crate::backend::Backend;
use crate::submission::{put, Put};

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

fn export(r: &AnnualReport, key: Option<&Key>) -> Vec<u8> {
    let out = validate::validate(r, rd(), None, &[], &Settings::from_refdata(rd()));
    let c = nengbao::calc::compute(r, rd()).ok();
    xlsx::export(
        r,
        c.as_ref(),
        &out,
        Pack::builtin("national").unwrap(),
        key,
        rd(),
    )
    .unwrap()
    .bytes
}

/// A signed export at a later revision (a resubmission from the enterprise's workspace).
fn export_revision(r: &AnnualReport, key: &Key, revision: u32) -> Vec<u8> {
    let out = validate::validate(r, rd(), None, &[], &Settings::from_refdata(rd()));
    let c = nengbao::calc::compute(r, rd()).ok();
    let mut signing = xlsx::Signing::of_report(r);
    signing.revision = revision;
    xlsx::export_signed(
        r,
        c.as_ref(),
        &out,
        Pack::builtin("national").unwrap(),
        Some(key),
        rd(),
        &signing,
    )
    .unwrap()
    .bytes
}

fn county(b: Backend, dir: &Path) -> County {
    let mut c = County::init_at(
        &crate::backend::fresh(b, dir),
        "522601",
        "凯里市发展和改革局",
        Box::new(FixedClock::at(2025, 3, 20)),
    )
    .unwrap();
    c.set_actor("李科员");
    c
}

/// The fixture folder: what a clerk finds on a USB stick at the deadline.
/// Imports files or folders with first-use keys trusted and no progress display.
pub fn import_trusting(c: &mut County, path: impl AsRef<Path>, year: Option<i32>) -> ImportReport {
    c.import(
        &[path.as_ref().to_path_buf()],
        &ImportOptions {
            trust_new: true,
            year,
            ..Default::default()
        },
        &|_| {},
    )
    .unwrap()
}

fn fixture_folder(dir: &Path) {
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(inbox.join(name), bytes).unwrap();
    let (r1, k1) = (
        generate::report("522601", 1, rd()),
        generate::key(1).unwrap(),
    );
    let (r2, k2) = (
        generate::report("522601", 2, rd()),
        generate::key(2).unwrap(),
    );
    let r3 = generate::report("522601", 3, rd());
    w("01_ent1.xlsx", &export(&r1, Some(&k1)));
    w("02_ent2.xlsx", &export(&r2, Some(&k2)));
    // Enterprise 3's file, edited after signing.
    let signed3 = export(&r3, Some(&generate::key(3).unwrap()));
    w(
        "03_ent3_edited.xlsx",
        &put(&signed3, "表2 能源消费结构", "H6", Put::Number("1")),
    );
    // Random bytes with an .xlsx name.
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    w("04_random.xlsx", &noise);
    // Enterprise 1 resubmits with a corrected headcount, same key.
    let mut r1b = r1.clone();
    r1b.indicators.employees.current = Some(612);
    w("05_ent1_resubmitted.xlsx", &export_revision(&r1b, &k1, 2));
    // Enterprise 2's next revision, signed with another key.
    w(
        "06_ent2_other_key.xlsx",
        &export_revision(&r2, &generate::key(99).unwrap(), 2),
    );
    // An enterprise of 黄平县, not this county.
    let r5 = generate::report("522622", 5, rd());
    w(
        "07_other_county.xlsx",
        &export(&r5, Some(&generate::key(5).unwrap())),
    );
    // An unsigned draft.
    w(
        "08_draft.xlsx",
        &export(&generate::report("522601", 6, rd()), None),
    );
    // An empty file.
    w("09_empty.xlsx", b"");
}

on_both_backends! {
    fn a_mixed_folder_imports_in_one_run_with_the_right_outcome_for_each(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        fixture_folder(dir.path());
        let mut c = county(b, dir.path());
        let report = import_trusting(&mut c, dir.path().join("inbox"), Some(2024));
        let got: Vec<(String, FileOutcome, String)> = report
            .files
            .iter()
            .map(|f| (f.file.clone(), f.outcome, f.reason.as_str().to_string()))
            .collect();
        let want: Vec<(String, FileOutcome, String)> = [
            ("01_ent1.xlsx", FileOutcome::Accepted, "ok"),
            ("02_ent2.xlsx", FileOutcome::Accepted, "ok"),
            ("03_ent3_edited.xlsx", FileOutcome::Rejected, "tampered"),
            ("04_random.xlsx", FileOutcome::Rejected, "unreadable"),
            ("05_ent1_resubmitted.xlsx", FileOutcome::Accepted, "ok"),
            ("06_ent2_other_key.xlsx", FileOutcome::Held, "key_changed"),
            (
                "07_other_county.xlsx",
                FileOutcome::Rejected,
                "not_in_county",
            ),
            ("08_draft.xlsx", FileOutcome::Rejected, "unsigned"),
            ("09_empty.xlsx", FileOutcome::Rejected, "unreadable"),
        ]
        .into_iter()
        .map(|(a, b, c)| (a.to_string(), b, c.to_string()))
        .collect();
        assert_eq!(got, want);
        let t = &report.totals;
        assert_eq!((t.files, t.accepted, t.held, t.rejected), (9, 3, 1, 5));
        let tampered = &report.files[2];
        assert!(
            tampered.message.zh.contains("表2 能源消费结构!H6"),
            "the clerk is told which cell: {}",
            tampered.message
        );
        insta::assert_json_snapshot!("county_import_outcomes", report.files.iter().map(|f| serde_json::json!({
            "file": f.file, "outcome": f.outcome, "reason": f.reason, "uscc": f.uscc, "year": f.year,
            "errors": f.errors, "warnings": f.warnings, "message": f.message,
        })).collect::<Vec<_>>());

        // The resubmission superseded the first version; history is kept and diffable.
        let uscc1 = generate::uscc("522601", 1);
        let versions = c.versions(&uscc1, 2024).unwrap();
        assert_eq!(
            versions
                .iter()
                .map(|v| (v.version, v.status.as_str()))
                .collect::<Vec<_>>(),
            [(Some(1), "superseded"), (Some(2), "current")]
        );
        let diff = c.diff(&uscc1, 2024, None, None).unwrap();
        assert_eq!(diff.len(), 1, "{diff:?}");
        assert_eq!(
            (
                diff[0].path.as_str(),
                diff[0].before.as_str(),
                diff[0].after.as_str()
            ),
            ("indicators.employees.current", "620", "612")
        );

        // A second run over the same folder changes nothing: the kept files are skipped, the
        // rejected ones are looked at again and rejected again.
        let again = import_trusting(&mut c, dir.path().join("inbox"), Some(2024));
        assert_eq!((again.totals.skipped, again.totals.rejected), (4, 5));

        // The clerk accepts enterprise 2's new key: the held file becomes version 2.
        let uscc2 = generate::uscc("522601", 2);
        let fp99 = generate::key(99).unwrap().fingerprint();
        assert_eq!(c.key_trust(&uscc2, &fp99).unwrap(), 1);
        let v2 = c.versions(&uscc2, 2024).unwrap();
        assert_eq!(
            v2.last().map(|v| (v.version, v.status.as_str())),
            Some((Some(2), "current"))
        );
        assert!(matches!(
            c.audit_verify().unwrap(),
            nengbao::store::audit::Verdict::Intact { .. }
        ));
    }
}

on_both_backends! {
    fn first_use_keys_wait_for_the_clerk_then_release(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        fixture_folder(dir.path());
        let mut c = county(b, dir.path());
        let first = c
            .import(
                &[dir.path().join("inbox/01_ent1.xlsx")],
                &ImportOptions::default(),
                &|_| {},
            )
            .unwrap();
        assert_eq!(
            (first.files[0].outcome, first.files[0].reason.as_str()),
            (FileOutcome::Held, "key_unconfirmed")
        );
        assert!(
            first.files[0].message.zh.contains("密钥卡"),
            "tells the clerk to compare the key card"
        );
        // Confirming on a second run releases it.
        let second = import_trusting(&mut c, dir.path().join("inbox/01_ent1.xlsx"), None);
        assert_eq!(second.files[0].outcome, FileOutcome::Accepted);
        assert_eq!(c.current(2024).unwrap().len(), 1);
    }
}

on_both_backends! {
    fn keys_registered_from_key_cards_are_trusted_without_asking(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        fixture_folder(dir.path());
        let mut c = county(b, dir.path());
        let k1 = generate::key(1).unwrap();
        c.key_register(
            &generate::uscc("522601", 1),
            "凯里市第1焦化有限公司",
            &k1.public_hex(),
        )
        .unwrap();
        let r = c
            .import(
                &[dir.path().join("inbox/01_ent1.xlsx")],
                &ImportOptions::default(),
                &|_| {},
            )
            .unwrap();
        assert_eq!(r.files[0].outcome, FileOutcome::Accepted);
        assert!(
            c.key_register("X", "", "zz").is_err(),
            "a malformed key card is refused"
        );
    }
}

on_both_backends! {
    fn roster_totals_and_the_summary_workbook(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        fixture_folder(dir.path());
        let mut c = county(b, dir.path());
        import_trusting(&mut c, dir.path().join("inbox"), Some(2024));
        let roster_csv = dir.path().join("名单.csv");
        std::fs::write(
            &roster_csv,
            format!(
                "统一社会信用代码,单位名称,类别\n{},凯里市第1焦化有限公司,≥10000\n{},凯里市第2钢铁有限公司,≥10000\n{},凯里市第3化工有限公司,≥5000\n",
                generate::uscc("522601", 1),
                generate::uscc("522601", 2),
                generate::uscc("522601", 3)
            ),
        )
        .unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(["county", "roster", "--db"])
            .arg(crate::backend::arg(c.location()))
            .args(["--year", "2024", "--import"])
            .arg(&roster_csv)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let status: Vec<nengbao::county::RosterStatus> =
            serde_json::from_slice(&o.stdout[o.stdout.iter().position(|b| *b == b'[').unwrap()..])
                .unwrap();
        let st: Vec<(&str, &str)> = status
            .iter()
            .map(|s| (s.uscc.as_str(), s.status.as_str()))
            .collect();
        assert_eq!(st.len(), 3);
        assert_eq!(st[0].1, "filed");
        assert_eq!(
            st[1].1, "filed",
            "enterprise 2 has a current version; its new-key file waits"
        );
        assert_eq!(st[2].1, "missing", "enterprise 3's only file was tampered");

        // Totals are the sums of the current submissions' own figures.
        c.target_set(
            2024,
            "NOx",
            "1130",
            "黔东南府发〔2023〕4号 州级目标（示例）",
        )
        .unwrap();
        let t = c.totals(2024).unwrap();
        let mut want = rust_decimal::Decimal::ZERO;
        for s in c.current(2024).unwrap() {
            // 报告查看 shows a unit's current report with the findings recorded at intake.
            let view = c.submission_view(&s.uscc, 2024, None).unwrap();
            assert_eq!(view.outcome, s.findings, "{}", s.uscc);
            assert_eq!(view.report.enterprise.uscc, s.uscc);
            want += nengbao::calc::compute(&s.report, rd())
                .unwrap()
                .comprehensive_energy_tce
                .value();
        }
        assert_eq!(t.units, 2);
        assert_eq!(t.energy.comprehensive_tce.value(), want);
        assert_eq!(t.by_industry.iter().map(|i| i.units).sum::<usize>(), 2);
        let nox = t.reductions.iter().find(|r| r.pollutant == "NOx").unwrap();
        assert_eq!(
            nox.target_t.map(|x| x.to_string()).as_deref(),
            Some("1130.000")
        );
        assert!(nox.counted_t.value() > rust_decimal::Decimal::ZERO);

        let bytes = c.summary_workbook(2024).unwrap();
        use calamine::Reader;
        let mut x: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            x.sheet_names(),
            [
                "报送情况",
                "企业主要指标",
                "分行业汇总",
                "碳排放",
                "减排量与目标",
                "重复计算",
                "_manifest"
            ]
        );
        let by = x.worksheet_range("分行业汇总").unwrap();
        let total_row = (0..by.height())
            .find(|r| by.get((*r, 0)).is_some_and(|v| *v == "合计"))
            .unwrap();
        let total: f64 = by.get((total_row, 3)).unwrap().to_string().parse().unwrap();
        assert!(
            (total - t.energy.comprehensive_tce.to_f64()).abs() < 1e-6,
            "the workbook shows the county total"
        );
        let status_sheet = x.worksheet_range("报送情况").unwrap();
        assert!(status_sheet.used_cells().any(|(_, _, v)| *v == "未报送"));
    }
}

on_both_backends! {
    fn the_same_project_claimed_by_two_enterprises_is_flagged(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut c = county(b, dir.path());
        let inbox = dir.path().join("in");
        std::fs::create_dir_all(&inbox).unwrap();
        let r1 = generate::report("522601", 1, rd());
        let mut r2 = generate::report("522601", 2, rd());
        // Enterprise 2 claims enterprise 1's SCR under the same permit and facility.
        r2.reduction_projects[0].permit_no = r1.reduction_projects[0].permit_no.clone();
        r2.reduction_projects[0].facility = r1.reduction_projects[0].facility.clone();
        std::fs::write(
            inbox.join("a.xlsx"),
            export(&r1, Some(&generate::key(1).unwrap())),
        )
        .unwrap();
        std::fs::write(
            inbox.join("b.xlsx"),
            export(&r2, Some(&generate::key(2).unwrap())),
        )
        .unwrap();
        import_trusting(&mut c, inbox, None);
        let t = c.totals(2024).unwrap();
        assert_eq!(t.double_claims.len(), 1, "{:?}", t.double_claims);
        let d = &t.double_claims[0];
        assert_eq!(
            (d.pollutant.as_str(), d.basis.as_str(), d.claims.len()),
            ("NOx", "permit", 2)
        );
    }
}

on_both_backends! {
    fn import_uses_every_core_and_keeps_input_order(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        std::fs::create_dir_all(&inbox).unwrap();
        for (name, bytes, _) in generate::submissions("522601", 12, rd()) {
            std::fs::write(inbox.join(name), bytes).unwrap();
        }
        let mut c = county(b, dir.path());
        let seen = std::sync::Mutex::new(Vec::new());
        let r = c
            .import(
                &[inbox],
                &ImportOptions {
                    trust_new: true,
                    year: Some(2024),
                    ..Default::default()
                },
                &|p| seen.lock().unwrap().push(p.done),
            )
            .unwrap();
        assert_eq!(
            r.totals.accepted,
            12,
            "{:?}",
            r.files
                .iter()
                .filter(|f| f.outcome != FileOutcome::Accepted)
                .collect::<Vec<_>>()
        );
        let names: Vec<&str> = r.files.iter().map(|f| f.file.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(
            names, sorted,
            "results come in input order whatever core finished first"
        );
        assert_eq!(
            *seen.lock().unwrap(),
            (1..=12).collect::<Vec<_>>(),
            "progress reported for every file"
        );
    }
}

#[test]
fn per_file_lookups_use_an_index_so_import_time_grows_linearly() {
    let dir = tempfile::tempdir().unwrap();
    drop(county(Backend::Sqlite, dir.path()));
    let conn = rusqlite::Connection::open(dir.path().join("county.db")).unwrap();
    // The lookups the import makes for every file it accepts.
    for sql in [
        "SELECT year, report FROM submission WHERE uscc = ?1 AND year <> ?2 AND status = 'current'",
        "SELECT report FROM submission WHERE uscc = ?1 AND year = ?2 AND status = 'current'",
        "SELECT id FROM submission WHERE uscc = ?1 AND year = ?2 AND status IN ('current', 'superseded')",
        "SELECT id, status FROM submission WHERE uscc = ?1 AND year = ?2 AND payload_sm3 = ?1 AND fingerprint = ?2",
        "SELECT uscc FROM submission WHERE uscc = ?1 AND fingerprint = ?2 AND status = 'held'",
    ] {
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(
                rusqlite::params_from_iter(["x", "2024"].iter().take(sql.matches('?').count())),
                |r| r.get::<_, String>(3),
            )
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" / ");
        // By unit (not by year, which holds every unit of the county) or by file hash.
        assert!(
            plan.contains(" (uscc=?"),
            "{sql}: {plan}"
        );
    }
}

/// A signed file of a generated unit, its warnings justified the way a filer would.
fn signed_justified(r: &AnnualReport, key: &Key) -> Vec<u8> {
    let settings = Settings::from_refdata(rd());
    let mut r = r.clone();
    for f in validate::validate(&r, rd(), None, &[], &settings)
        .findings
        .into_iter()
        .filter(|f| f.severity == validate::Severity::Warning)
    {
        r.justifications.push(nengbao::model::Justification {
            rule: f.rule,
            location: f.location.path,
            text: "生产规模调整，已核实数据无误".into(),
            by: r.signatories.preparer.clone(),
            on: r.signatories.date,
        });
    }
    export(&r, Some(key))
}

/// `quantity` cancelled, evidenced certificates from sequence `first` of one project.
fn certificate(first: u128, quantity: u64) -> nengbao::model::CertificateEntry {
    let base: u128 = 12_345_678_901_234_567 * 1_000_000_000_000_000;
    nengbao::model::CertificateEntry {
        code: format!("{:032}", base + first),
        code_to: format!("{:032}", base + first + u128::from(quantity) - 1),
        quantity,
        production_year: Some(2024),
        production_month: Some(6),
        status: nengbao::model::CertificateStatus::Cancelled,
        cancelled_on: chrono::NaiveDate::from_ymd_opt(2025, 2, 10),
        platform: "中国绿色电力证书交易平台".into(),
        evidence: vec![nengbao::model::Evidence {
            name: "核销凭证.pdf".into(),
            kind: "核销凭证".into(),
            size: 2048,
            sha256: "ab".repeat(32),
        }],
        ..Default::default()
    }
}

on_both_backends! {
    /// Two units claiming overlapping certificate codes: the second file's check has an error that
    /// names the first unit and its file, the import result counts it and says so, and the totals
    /// list both claims; a third unit with the next codes is not flagged.
    fn the_same_certificate_claimed_by_two_units_is_an_error_naming_both(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut c = county(b, dir.path());
        let inbox = dir.path().join("in");
        std::fs::create_dir_all(&inbox).unwrap();
        let mut r1 = generate::report("522601", 1, rd());
        r1.carbon.certificates = vec![certificate(0, 3_000)];
        let mut r2 = generate::report("522601", 2, rd());
        // Unit 2 claims 2 500 of unit 1's codes among its own.
        r2.carbon.certificates = vec![certificate(500, 3_000)];
        let mut r3 = generate::report("522601", 3, rd());
        r3.carbon.certificates = vec![certificate(3_500, 3_000)];
        for (name, r, n) in [("a.xlsx", &r1, 1), ("b.xlsx", &r2, 2), ("c.xlsx", &r3, 3)] {
            let bytes = signed_justified(r, &generate::key(n).unwrap());
            std::fs::write(inbox.join(name), bytes).unwrap();
        }
        let result = import_trusting(&mut c, &inbox, None);
        let by_file = |f: &str| result.files.iter().find(|x| x.file == f).unwrap();
        assert_eq!(by_file("a.xlsx").outcome, FileOutcome::Accepted);
        assert_eq!(
            by_file("c.xlsx").outcome,
            FileOutcome::Accepted,
            "{}",
            by_file("c.xlsx").message
        );
        let b = by_file("b.xlsx");
        assert_eq!(b.outcome, FileOutcome::AcceptedWithWarnings);
        assert_eq!(b.errors, 1, "{}", b.message);
        assert!(
            b.message.zh.contains(&r1.enterprise.name) && b.message.zh.contains("a.xlsx"),
            "the import result names the other unit and its file: {}",
            b.message
        );
        let current = c.current(2024).unwrap();
        let second = current
            .iter()
            .find(|s| s.uscc == r2.enterprise.uscc)
            .unwrap();
        let f = second
            .findings
            .findings
            .iter()
            .find(|f| f.rule == "CB017")
            .expect("the stored check of the second file has the finding");
        assert_eq!(f.severity, validate::Severity::Error);
        assert_eq!(f.location.path, "carbon.certificates[0]");
        for part in [
            r1.enterprise.name.as_str(),
            r1.enterprise.uscc.as_str(),
            "a.xlsx",
            r2.carbon.certificates[0].code.as_str(),
        ] {
            assert!(f.message.zh.contains(part), "{part} in {}", f.message.zh);
        }
        for s in current.iter().filter(|s| s.uscc != r2.enterprise.uscc) {
            assert!(
                s.findings.findings.iter().all(|f| f.rule != "CB017"),
                "{}",
                s.name
            );
        }

        let t = c.totals(2024).unwrap();
        assert_eq!(
            t.certificate_double_claims.len(),
            1,
            "{:?}",
            t.certificate_double_claims
        );
        let d = &t.certificate_double_claims[0];
        let claims: Vec<(&str, &str)> = d
            .claims
            .iter()
            .map(|x| (x.uscc.as_str(), x.file.as_str()))
            .collect();
        assert_eq!(
            claims,
            [
                (r1.enterprise.uscc.as_str(), "a.xlsx"),
                (r2.enterprise.uscc.as_str(), "b.xlsx")
            ]
        );
        let bytes = c.summary_workbook(2024).unwrap();
        use calamine::Reader;
        let mut x: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = x.worksheet_range("重复计算").unwrap();
        for who in [&r1.enterprise.name, &r2.enterprise.name] {
            assert!(sheet.used_cells().any(|(_, _, v)| v.to_string() == *who));
        }
    }
}

on_both_backends! {
    /// County CO₂ totals are the units' own signed figures added up, by industry and for the
    /// county, against the county's CO₂ target; the summary workbook shows them on a 碳排放 sheet
    /// with a chart, its county total equal to the sum.
    fn co2_totals_add_up_the_units_own_signed_figures(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        std::fs::create_dir_all(&inbox).unwrap();
        let mut own = nengbao::model::Co2::ZERO;
        let mut direct = nengbao::model::Co2::ZERO;
        let subs = generate::submissions("522601", 6, rd());
        for (name, bytes, _) in &subs {
            let v = xlsx::verify(bytes, rd(), None);
            let signed = v.carbon.expect("each signed file carries its CO₂ figures");
            own = own + signed.total_co2_t;
            direct = direct + signed.direct_co2_t;
            std::fs::write(inbox.join(name), bytes).unwrap();
        }
        let mut c = county(b, dir.path());
        let r = import_trusting(&mut c, &inbox, Some(2024));
        assert_eq!(r.totals.accepted, 6, "{:?}", r.files);
        c.target_set(
            2024,
            "co2",
            "2000000",
            "州下达“十五五”碳排放控制目标（示例）",
        )
        .unwrap();
        let t = c.totals(2024).unwrap();
        assert_eq!(t.carbon.units, 6);
        assert_eq!(t.carbon.total_co2_t, own);
        assert_eq!(t.carbon.direct_co2_t, direct);
        assert_eq!(
            t.carbon.direct_co2_t + t.carbon.indirect_co2_t,
            t.carbon.total_co2_t
        );
        assert_eq!(
            t.by_industry
                .iter()
                .map(|i| i.carbon.total_co2_t)
                .sum::<nengbao::model::Co2>(),
            own
        );
        let target = t
            .carbon_target
            .as_ref()
            .expect("the CO2 target, whatever its case");
        assert_eq!(target.target_t.to_string(), "2000000.000");
        let pct =
            own.value() / rust_decimal::Decimal::from(2_000_000) * rust_decimal::Decimal::ONE_HUNDRED;
        assert_eq!(target.share_pct, Some(nengbao::model::Fixed::round(pct)));

        let bytes = c.summary_workbook(2024).unwrap();
        let charts = crate::submission::unzip(&bytes)
            .into_iter()
            .filter(|(n, _)| n.starts_with("xl/charts/chart"))
            .count();
        assert_eq!(
            charts, 3,
            "industries, CO₂ and reductions each have a chart"
        );
        use calamine::Reader;
        let mut x: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = x.worksheet_range("碳排放").unwrap();
        let total_row = (0..sheet.height())
            .find(|r| sheet.get((*r, 0)).is_some_and(|v| *v == "合计"))
            .unwrap();
        let total: f64 = sheet
            .get((total_row, 5))
            .unwrap()
            .to_string()
            .parse()
            .unwrap();
        assert!(
            (total - own.to_f64()).abs() < 1e-6,
            "the sheet's county total {total} is the sum of the units' figures {own}"
        );
        for (_, bytes, _) in &subs {
            let uscc = xlsx::verify(bytes, rd(), None).uscc.unwrap();
            assert!(
                sheet.used_cells().any(|(_, _, v)| v.to_string() == uscc),
                "{uscc} has its row"
            );
        }
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(["county", "totals", "--db"])
            .arg(crate::backend::arg(c.location()))
            .args(["--year", "2024"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains(&format!("总量 {own} 吨")), "{text}");
    }
}

/// The certificate lookup made for every accepted file goes through the range index, not the
/// county's every claim.
#[test]
fn certificate_lookups_use_the_range_index() {
    let dir = tempfile::tempdir().unwrap();
    drop(county(Backend::Sqlite, dir.path()));
    let conn = rusqlite::Connection::open(dir.path().join("county.db")).unwrap();
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT s.uscc FROM certificate_claim c
             CROSS JOIN submission s ON s.id = c.submission_id
             WHERE c.project = ?3 AND c.first <= ?2 AND c.last >= ?1
               AND s.year = 2024 AND s.status = 'current'",
        )
        .unwrap()
        .query_map(["1", "2", "3"], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.first()
            .is_some_and(|p| p.contains("certificate_claim_range (project=?")),
        "{plan:?}"
    );
}

/// Two clerks import overlapping folders into one county database on a PostgreSQL server at the
/// same time, from two processes: every file is recorded once and decided once (the other
/// clerk's run skips it), every signed payload is one submission, and each unit ends with its
/// two versions numbered 1 and 2 and the newer one current, whichever clerk received which.
#[test]
fn two_clerks_importing_at_once_into_one_server_keep_each_file_once() {
    if crate::backend::pg_url(
        "it::county::two_clerks_importing_at_once_into_one_server_keep_each_file_once",
    )
    .is_none()
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let c = county(Backend::Postgres, dir.path());
    let db = crate::backend::arg(c.location());
    let (a, b) = (dir.path().join("clerk_a"), dir.path().join("clerk_b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    const UNITS: u32 = 12;
    for n in 1..=UNITS {
        let key = generate::key(n).unwrap();
        let r1 = generate::report("522601", n, rd());
        let mut r2 = r1.clone();
        r2.indicators.employees.current = Some(900 + n);
        let v1 = export_revision(&r1, &key, 1);
        let v2 = export_revision(&r2, &key, 2);
        // Both clerks hold every first version; the second versions are split with an overlap.
        std::fs::write(a.join(format!("{n:02}_v1.xlsx")), &v1).unwrap();
        std::fs::write(b.join(format!("{n:02}_v1.xlsx")), &v1).unwrap();
        if n <= 8 {
            std::fs::write(a.join(format!("{n:02}_v2.xlsx")), &v2).unwrap();
        }
        if n >= 5 {
            std::fs::write(b.join(format!("{n:02}_v2.xlsx")), &v2).unwrap();
        }
    }
    let start = |folder: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args([
                "county",
                "import",
                "--trust-new",
                "--format",
                "json",
                "--db",
            ])
            .arg(&db)
            .arg(folder)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (pa, pb) = (start(&a), start(&b));
    let mut totals = ImportReport::default().totals;
    let mut decided = std::collections::BTreeMap::<String, usize>::new();
    for p in [pa, pb] {
        let o = p.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let r: ImportReport = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(r.totals.rejected, 0, "{:?}", r.files);
        totals.files += r.totals.files;
        totals.accepted += r.totals.accepted + r.totals.accepted_with_warnings;
        totals.stale += r.totals.stale;
        totals.skipped += r.totals.skipped;
        for f in r.files.iter().filter(|f| f.outcome != FileOutcome::Skipped) {
            *decided.entry(f.sha256.clone()).or_default() += 1;
        }
    }
    let distinct = (UNITS * 2) as usize;
    assert_eq!(totals.files, 2 * UNITS as usize + 8 + 8);
    assert_eq!(
        totals.accepted + totals.stale,
        distinct,
        "each distinct file decided by one clerk"
    );
    assert_eq!(totals.skipped, totals.files - distinct);
    assert!(decided.values().all(|n| *n == 1), "{decided:?}");
    assert_eq!(decided.len(), distinct);

    let files = c.files().unwrap();
    assert_eq!(files.len(), distinct, "one record per file");
    assert!(files
        .iter()
        .all(|f| f.outcome == FileOutcome::Accepted || f.outcome == FileOutcome::Stale));
    for n in 1..=UNITS {
        let uscc = generate::uscc("522601", n);
        let v = c.versions(&uscc, 2024).unwrap();
        assert_eq!(
            v.iter()
                .map(|v| (v.version, v.revision))
                .collect::<Vec<_>>(),
            vec![(Some(1), 1), (Some(2), 2)],
            "{uscc}"
        );
        assert_eq!(
            c.report(&uscc, 2024, None)
                .unwrap()
                .indicators
                .employees
                .current,
            Some(900 + n),
            "the newer signed version is current"
        );
    }
    assert_eq!(c.current(2024).unwrap().len(), UNITS as usize);
    assert!(matches!(
        c.audit_verify().unwrap(),
        nengbao::store::audit::Verdict::Intact { .. }
    ));
}

/// On a server, a county schema written by a newer build is refused as a newer file is, and a
/// schema that holds other tables is never taken over.
#[test]
fn a_server_schema_of_a_newer_build_or_of_something_else_is_refused() {
    if crate::backend::pg_url(
        "it::county::a_server_schema_of_a_newer_build_or_of_something_else_is_refused",
    )
    .is_none()
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clock = || Box::new(FixedClock::at(2025, 3, 20));
    let loc = crate::backend::fresh(Backend::Postgres, dir.path());
    drop(County::init_at(&loc, "522601", "凯里市发展和改革局", clock()).unwrap());
    let nengbao::store::Location::Postgres(url) = &loc else {
        unreachable!()
    };
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "INSERT INTO nengbao_schema VALUES (99, {}, '0099_future', 'x')",
            nengbao::store::county::COUNTY.application_id
        ))
        .unwrap();
    let err = County::open_at(&loc, clock()).unwrap_err();
    assert_eq!(err.code(), nengbao::ErrorCode::TooNew, "{err}");

    let other = crate::backend::fresh(Backend::Postgres, dir.path());
    let nengbao::store::Location::Postgres(url) = &other else {
        unreachable!()
    };
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .batch_execute("CREATE TABLE ledger_of_something_else (x INTEGER)")
        .unwrap();
    let err = County::open_at(&other, clock()).unwrap_err();
    assert!(err.to_string().contains("县级工作区"), "{err}");
    let tables: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "the stranger's schema is left as it was");
}

/// Whether `s` holds a Chinese character.
fn has_han(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x4E00..=0x9FFF))
}

on_both_backends! {
    /// Each file's message carries both languages from where its outcome was decided (the
    /// interface shows one half and never splits a message), and the intake log keeps both
    /// halves across sessions — rejected, held and stale files alike.
    fn every_outcome_says_why_in_both_languages_and_the_log_keeps_both(b: Backend) {
        use nengbao::store::db::Sql;
        let dir = tempfile::tempdir().unwrap();
        fixture_folder(dir.path());
        // An older revision of enterprise 1 arriving after its revision 2: kept as history.
        let late = dir.path().join("late");
        std::fs::create_dir_all(&late).unwrap();
        let mut r1 = generate::report("522601", 1, rd());
        r1.indicators.employees.current = Some(590);
        std::fs::write(
            late.join("10_ent1_older.xlsx"),
            export_revision(&r1, &generate::key(1).unwrap(), 1),
        )
        .unwrap();
        let loc = crate::backend::fresh(b, dir.path());
        let mut c = County::init_at(&loc, "522601", "凯里市发展和改革局", Box::new(FixedClock::at(2025, 3, 20))).unwrap();
        let mut files = import_trusting(&mut c, dir.path().join("inbox"), Some(2024)).files;
        files.extend(import_trusting(&mut c, &late, Some(2024)).files);
        let outcomes: Vec<FileOutcome> = files.iter().map(|f| f.outcome).collect();
        for o in [FileOutcome::Rejected, FileOutcome::Held, FileOutcome::Stale] {
            assert!(outcomes.contains(&o), "the fixture has a {o:?} file: {outcomes:?}");
        }
        for f in &files {
            let (zh, en) = (&f.message.zh, &f.message.en);
            assert!(has_han(zh), "{}: the Chinese half is Chinese: {zh}", f.file);
            assert!(
                en.starts_with(|c: char| c.is_ascii_alphabetic()) && en != zh && !en.contains('，'),
                "{}: the English half is English, not the Chinese again: {en}",
                f.file
            );
        }
        let held = files.iter().find(|f| f.outcome == FileOutcome::Held).unwrap();
        assert!(held.message.en.contains("held"), "{}", held.message.en);
        let stale = files.iter().find(|f| f.outcome == FileOutcome::Stale).unwrap();
        assert!(
            stale.message.en.contains("kept as version 1"),
            "{}",
            stale.message.en
        );

        // Another session: the log and the received files read back with both halves.
        drop(c);
        let c = County::open_at(&loc, Box::new(FixedClock::at(2025, 3, 21))).unwrap();
        let log = c.import_log(None).unwrap();
        for f in &files {
            let e = log
                .iter()
                .find(|e| e.file == f.file && e.outcome == f.outcome)
                .unwrap_or_else(|| panic!("{} is logged", f.file));
            assert_eq!(e.message, f.message, "{}: the log keeps both halves", f.file);
        }
        let received = c.files().unwrap();
        let tampered = received.iter().find(|f| f.file == "03_ent3_edited.xlsx").unwrap();
        assert!(tampered.message.en.starts_with("changed after signing"), "{}", tampered.message.en);

        // Rows logged before the English half was kept read with the English label of their
        // reason (what the English screen showed for them), never a split of the Chinese.
        c.db().exec("UPDATE import_event SET message_en = ''", &[]).unwrap();
        for e in c.import_log(None).unwrap() {
            let label = if e.reason == nengbao::county::Reason::Ok {
                e.outcome.en()
            } else {
                e.reason.en()
            };
            assert_eq!(e.message.en, label, "{}", e.file);
            assert!(has_han(&e.message.zh), "{}", e.message.zh);
        }
    }
}
