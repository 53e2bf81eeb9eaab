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

fn county(dir: &Path) -> County {
    let mut c = County::init(
        &dir.join("county.db"),
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

#[test]
fn a_mixed_folder_imports_in_one_run_with_the_right_outcome_for_each() {
    let dir = tempfile::tempdir().unwrap();
    fixture_folder(dir.path());
    let mut c = county(dir.path());
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
        tampered.message.contains("表2 能源消费结构!H6"),
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

#[test]
fn first_use_keys_wait_for_the_clerk_then_release() {
    let dir = tempfile::tempdir().unwrap();
    fixture_folder(dir.path());
    let mut c = county(dir.path());
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
        first.files[0].message.contains("密钥卡"),
        "tells the clerk to compare the key card"
    );
    // Confirming on a second run releases it.
    let second = import_trusting(&mut c, dir.path().join("inbox/01_ent1.xlsx"), None);
    assert_eq!(second.files[0].outcome, FileOutcome::Accepted);
    assert_eq!(c.current(2024).unwrap().len(), 1);
}

#[test]
fn keys_registered_from_key_cards_are_trusted_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    fixture_folder(dir.path());
    let mut c = county(dir.path());
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

#[test]
fn roster_totals_and_the_summary_workbook() {
    let dir = tempfile::tempdir().unwrap();
    fixture_folder(dir.path());
    let mut c = county(dir.path());
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
        .arg(dir.path().join("county.db"))
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

#[test]
fn the_same_project_claimed_by_two_enterprises_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = county(dir.path());
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

#[test]
fn import_uses_every_core_and_keeps_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    for (name, bytes, _) in generate::submissions("522601", 12, rd()) {
        std::fs::write(inbox.join(name), bytes).unwrap();
    }
    let mut c = county(dir.path());
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

#[test]
fn per_file_lookups_use_an_index_so_import_time_grows_linearly() {
    let dir = tempfile::tempdir().unwrap();
    drop(county(dir.path()));
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
