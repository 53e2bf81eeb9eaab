//! County intake under attack: each test builds the hostile input from a genuine export and
//! asserts the resisting behaviour — a neighbour's key takeover, a replayed old version, a file
//! that would stall the batch, a lost held file, lying unsigned cells, cancelling.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::TimeZone;
use nengbao::county::{generate, County, FileOutcome, ImportOptions, ImportReport, Reason};
use nengbao::model::AnnualReport;
use nengbao::pack::Pack;
use nengbao::refdata::RefData;
use nengbao::sign::Key;
use nengbao::validate::{self, Settings};
use nengbao::workspace::{cst, FixedClock};
use nengbao::xlsx::{self, Signing, Status};
use proptest::prelude::*;

use crate::backend::Backend;
use crate::submission::{put, rezip, unzip, Put};

const DIVISION: &str = "522601";

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

/// A signed export at a given revision, signed on day `day` of March 2025 (UTC+8).
fn signed(r: &AnnualReport, key: &Key, revision: u32, day: u32) -> Vec<u8> {
    let out = validate::validate(r, rd(), None, &[], &Settings::from_refdata(rd()));
    let c = nengbao::calc::compute(r, rd()).ok();
    let signing = Signing {
        revision,
        signed_at: cst().with_ymd_and_hms(2025, 3, day, 10, 0, 0).unwrap(),
        audit_head: None,
    };
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
    County::init_at(
        &crate::backend::fresh(b, dir),
        DIVISION,
        "凯里市发展和改革局",
        Box::new(FixedClock::at(2025, 3, 25)),
    )
    .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import(c: &mut County, paths: &[PathBuf], trust_new: bool) -> ImportReport {
    c.import(
        paths,
        &ImportOptions {
            trust_new,
            ..Default::default()
        },
        &|_| {},
    )
    .unwrap()
}

fn outcomes(r: &ImportReport) -> Vec<(FileOutcome, Reason)> {
    r.files.iter().map(|f| (f.outcome, f.reason)).collect()
}

fn current_employees(c: &County, uscc: &str) -> Option<u32> {
    c.report(uscc, 2024, None)
        .ok()
        .and_then(|r| r.indicators.employees.current)
}

fn comprehensive(c: &County) -> rust_decimal::Decimal {
    c.totals(2024).unwrap().energy.comprehensive_tce.value()
}

on_both_backends! {
    /// Enterprise A (1) holds a trusted key. It signs enterprise B's (2) report with its own key,
    /// and edits the unsigned manifest of its own report to B's code. Neither can become B's report
    /// or change B's key — not even after a `--trust-new` re-run.
    fn a_neighbour_cannot_take_over_another_units_key_or_report(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        let mut c = county(b, dir.path());
        let (ra, ka) = (
            generate::report(DIVISION, 1, rd()),
            generate::key(1).unwrap(),
        );
        let (rb, kb) = (
            generate::report(DIVISION, 2, rd()),
            generate::key(2).unwrap(),
        );
        let uscc_b = rb.enterprise.uscc.clone();
        let a = write(&inbox, "a.xlsx", &signed(&ra, &ka, 1, 1));
        let b = write(&inbox, "b.xlsx", &signed(&rb, &kb, 1, 1));
        import(&mut c, &[a, b], true);
        let b_key = kb.fingerprint();
        let total_before = comprehensive(&c);

        // 1. B's report with a higher headcount and a later revision, signed with A's key.
        let mut forged = rb.clone();
        forged.indicators.employees.current = Some(9_999);
        let f1 = write(&inbox, "forged_b.xlsx", &signed(&forged, &ka, 5, 10));
        // 2. A's own report, manifest edited to B's code and name.
        let own = signed(&ra, &ka, 2, 10);
        // The manifest is written key per row from A1: format, status, pack, pack_version,
        // app_version, rule_pack_version, uscc (row 7), …
        assert_eq!(
            xlsx::inspect(&put(&own, "_manifest", "A7", Put::Text("probe")), rd())
                .unwrap()
                .manifest
                .get("probe")
                .map(String::as_str),
            Some(ra.enterprise.uscc.as_str()),
            "row 7 holds the unit code"
        );
        let relabelled = put(&own, "_manifest", "B7", Put::Text(&uscc_b));
        let f2 = write(&inbox, "relabelled.xlsx", &relabelled);

        let r = import(&mut c, &[f1.clone(), f2.clone()], false);
        assert_eq!(
            outcomes(&r),
            [
                (FileOutcome::Held, Reason::KeyChanged),
                (FileOutcome::Rejected, Reason::Tampered)
            ],
            "{:#?}",
            r.files
        );
        assert!(
            r.files[1].message.zh.contains("_manifest!B7"),
            "the lying manifest cell is named: {}",
            r.files[1].message
        );
        // The clerk re-runs with --trust-new: nothing about B changes.
        let again = import(&mut c, &[f1, f2], true);
        assert_ne!(
            again.files[0].outcome,
            FileOutcome::Accepted,
            "{:?}",
            again.files[0]
        );
        let keys = c.keys().unwrap();
        let trusted_b: Vec<_> = keys
            .iter()
            .filter(|k| k.uscc == uscc_b && k.status == nengbao::county::KeyStatus::Trusted)
            .collect();
        assert_eq!(trusted_b.len(), 1);
        assert_eq!(
            trusted_b[0].fingerprint, b_key,
            "B's registered key is unchanged"
        );
        assert_eq!(
            current_employees(&c, &uscc_b),
            rb.indicators.employees.current
        );
        assert_eq!(comprehensive(&c), total_before, "totals unchanged");
        // The held file is listed beside B's registered key for the clerk to compare.
        let held = keys
            .iter()
            .find(|k| k.uscc == uscc_b && k.held_files == 1)
            .unwrap();
        assert_eq!(held.registered_fingerprint.as_deref(), Some(b_key.as_str()));
    }
}

on_both_backends! {
    /// A unit with no key yet: a file for it signed with a key already trusted for another unit
    /// is never trusted by `--trust-new` (one unit cannot sign for another).
    fn trust_new_never_hands_one_units_key_to_another_unit(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        let mut c = county(b, dir.path());
        let (ra, ka) = (
            generate::report(DIVISION, 1, rd()),
            generate::key(1).unwrap(),
        );
        let rb = generate::report(DIVISION, 2, rd());
        let a = write(&inbox, "a.xlsx", &signed(&ra, &ka, 1, 1));
        import(&mut c, &[a], true);
        let forged = write(&inbox, "b_by_a.xlsx", &signed(&rb, &ka, 1, 2));
        let r = import(&mut c, std::slice::from_ref(&forged), true);
        assert_eq!(outcomes(&r), [(FileOutcome::Held, Reason::KeyOfOtherUnit)]);
        let r = import(&mut c, &[forged], true);
        assert_eq!(r.files[0].outcome, FileOutcome::Skipped);
        assert!(
            c.keys().unwrap().iter().all(
                |k| k.uscc != rb.enterprise.uscc || k.status != nengbao::county::KeyStatus::Trusted
            ),
            "no key became trusted for B"
        );
        assert!(c
            .current(2024)
            .unwrap()
            .iter()
            .all(|s| s.uscc != rb.enterprise.uscc));
    }
}

on_both_backends! {
    /// An old signed version, re-zipped (other bytes, same signed content) or never seen before,
    /// arriving after a newer one: it is a duplicate or kept as history, and the current figures
    /// and totals stay those of the newest signed revision.
    fn a_replayed_old_version_never_rolls_the_totals_back(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        let mut c = county(b, dir.path());
        let k = generate::key(1).unwrap();
        let r1 = generate::report(DIVISION, 1, rd());
        let mut r2 = r1.clone();
        r2.indicators.employees.current = Some(777);
        let mut r0 = r1.clone();
        r0.indicators.employees.current = Some(100);
        let v1 = signed(&r1, &k, 1, 1);
        let v2 = signed(&r2, &k, 2, 5);
        let a = write(&inbox, "v1.xlsx", &v1);
        let b = write(&inbox, "v2.xlsx", &v2);
        import(&mut c, &[a, b], true);
        let uscc = r1.enterprise.uscc.clone();
        assert_eq!(current_employees(&c, &uscc), Some(777));
        let total = comprehensive(&c);

        // v1 re-zipped without compression: new bytes, same signed payload.
        let parts = unzip(&v1);
        let stored: Vec<u8> = {
            use std::io::Write;
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (n, d) in &parts {
                w.start_file(n.as_str(), opts).unwrap();
                w.write_all(d).unwrap();
            }
            w.finish().unwrap().into_inner()
        };
        assert_ne!(stored, v1);
        let replay = write(&inbox, "zzz_latest_v1.xlsx", &stored);
        // A revision older than both, never seen, under a name that sorts last.
        let older = write(&inbox, "zzzz_newest.xlsx", &signed(&r0, &k, 0, 9));
        let r = import(&mut c, &[replay, older], false);
        assert_eq!(
            outcomes(&r),
            [
                (FileOutcome::Skipped, Reason::Duplicate),
                (FileOutcome::Stale, Reason::Stale)
            ],
            "{:#?}",
            r.files
        );
        assert!(
            r.files[1].message.zh.contains("已有更新的版本"),
            "{}",
            r.files[1].message
        );
        assert_eq!(
            current_employees(&c, &uscc),
            Some(777),
            "current is still revision 2"
        );
        assert_eq!(comprehensive(&c), total, "totals unchanged");
        let versions = c.versions(&uscc, 2024).unwrap();
        assert_eq!(
            versions
                .iter()
                .map(|v| (v.version, v.revision))
                .collect::<Vec<_>>(),
            [(Some(1), 0), (Some(2), 1), (Some(3), 2)],
            "history in signed order, the stale file included"
        );
    }
}

on_both_backends! {
    /// A manifest that declares an absurd number of payload parts used to make `county import` run
    /// forever. It is rejected, and the rest of the batch is imported.
    fn a_file_declaring_endless_payload_parts_is_rejected_and_the_batch_goes_on(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        let mut c = county(b, dir.path());
        let k = generate::key(1).unwrap();
        let good = signed(&generate::report(DIVISION, 1, rd()), &k, 1, 1);
        let row = (1..40)
            .find(|r| {
                let probe = put(&good, "_manifest", &format!("A{r}"), Put::Text("probe"));
                xlsx::inspect(&probe, rd())
                    .map(|i| !i.manifest.contains_key("payload_parts"))
                    .unwrap_or(false)
            })
            .expect("the payload_parts row");
        let hostile = put(
            &good,
            "_manifest",
            &format!("B{row}"),
            Put::Text("999999999999999999"),
        );
        let files = vec![
            write(&inbox, "1_hostile.xlsx", &hostile),
            write(
                &inbox,
                "2_good.xlsx",
                &signed(
                    &generate::report(DIVISION, 2, rd()),
                    &generate::key(2).unwrap(),
                    1,
                    1,
                ),
            ),
        ];
        let r = import(&mut c, &files, true);
        assert_eq!(r.files.len(), 2, "one result per input file");
        assert_eq!(
            r.files[0].outcome,
            FileOutcome::Rejected,
            "{:?}",
            r.files[0]
        );
        assert_eq!(
            r.files[1].outcome,
            FileOutcome::Accepted,
            "{:?}",
            r.files[1]
        );
    }
}

on_both_backends! {
    /// Two files held for the same unit and year (an unconfirmed key) used to collide on version 0;
    /// the second was recorded as imported and lost. Both are kept and released in signed order.
    fn every_held_file_is_kept_and_released_in_signed_order(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        let mut c = county(b, dir.path());
        let k = generate::key(1).unwrap();
        let r1 = generate::report(DIVISION, 1, rd());
        let mut r2 = r1.clone();
        r2.indicators.employees.current = Some(700);
        // The newer revision arrives first.
        let newer = write(&inbox, "a.xlsx", &signed(&r2, &k, 3, 9));
        let older = write(&inbox, "b.xlsx", &signed(&r1, &k, 2, 2));
        let r = import(&mut c, &[newer, older], false);
        assert_eq!(
            outcomes(&r),
            [
                (FileOutcome::Held, Reason::KeyUnconfirmed),
                (FileOutcome::Held, Reason::KeyUnconfirmed)
            ]
        );
        let uscc = r1.enterprise.uscc.clone();
        assert_eq!(
            c.versions(&uscc, 2024).unwrap().len(),
            2,
            "both held files kept"
        );
        assert_eq!(c.key_trust(&uscc, &k.fingerprint()).unwrap(), 2);
        let v = c.versions(&uscc, 2024).unwrap();
        assert_eq!(
            v.iter()
                .map(|v| (v.version, v.revision, v.status.as_str()))
                .collect::<Vec<_>>(),
            [(Some(1), 2, "superseded"), (Some(2), 3, "current")]
        );
        assert_eq!(current_employees(&c, &uscc), Some(700));
        let files = c.files().unwrap();
        assert!(files.iter().any(|f| f.outcome == FileOutcome::Stale));
        assert!(files.iter().any(|f| f.outcome == FileOutcome::Accepted));
    }
}

on_both_backends! {
    /// The clerk rejects a key: its held files are discarded with the reason, kept, never counted.
    fn rejecting_a_key_discards_its_held_files_with_the_reason(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        let mut c = county(b, dir.path());
        let r1 = generate::report(DIVISION, 1, rd());
        let f = write(
            &inbox,
            "a.xlsx",
            &signed(&r1, &generate::key(50).unwrap(), 1, 1),
        );
        import(&mut c, std::slice::from_ref(&f), false);
        let fp = generate::key(50).unwrap().fingerprint();
        assert_eq!(
            c.key_reject(&r1.enterprise.uscc, &fp, "企业称未更换密钥")
                .unwrap(),
            1
        );
        let files = c.files().unwrap();
        assert_eq!(files[0].reason, Reason::KeyRejected);
        assert!(files[0].message.zh.contains("企业称未更换密钥"));
        assert!(c.current(2024).unwrap().is_empty());
        // The rejected file is looked at again on a later import, never skipped as already
        // imported: it is rejected again for its rejected key, with the reason.
        let again = import(&mut c, &[f], false);
        assert_eq!(
            outcomes(&again),
            [(FileOutcome::Rejected, Reason::KeyRejected)]
        );
    }
}

on_both_backends! {
    /// A file rejected only for the import's year comes in when imported again without it.
    fn a_rejected_file_is_processed_again_on_the_next_import(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        let mut c = county(b, dir.path());
        let f = write(
            &inbox,
            "a.xlsx",
            &signed(
                &generate::report(DIVISION, 1, rd()),
                &generate::key(1).unwrap(),
                1,
                1,
            ),
        );
        let first = c
            .import(
                std::slice::from_ref(&f),
                &ImportOptions {
                    trust_new: true,
                    year: Some(2023),
                    ..Default::default()
                },
                &|_| {},
            )
            .unwrap();
        assert_eq!(
            outcomes(&first),
            [(FileOutcome::Rejected, Reason::WrongYear)]
        );
        let second = import(&mut c, &[f], true);
        assert_eq!(outcomes(&second), [(FileOutcome::Accepted, Reason::Ok)]);
        // The intake log keeps both runs, each with the file's outcome in it.
        let runs = c.import_runs().unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].outcomes, [(FileOutcome::Accepted, 1)]);
        assert_eq!(runs[1].outcomes, [(FileOutcome::Rejected, 1)]);
        assert_eq!(runs[1].year, Some(2023));
        let log = c.import_log(None).unwrap();
        assert_eq!(
            log.iter().map(|e| (e.run_id, e.reason)).collect::<Vec<_>>(),
            [(runs[0].id, Reason::Ok), (runs[1].id, Reason::WrongYear)]
        );
    }
}

/// Unsigned cells that repeat signed facts — the cover's unit name — cannot disagree with them.
#[test]
fn a_cover_that_lies_makes_the_file_tampered_naming_the_cell() {
    let k = generate::key(1).unwrap();
    let good = signed(&generate::report(DIVISION, 1, rd()), &k, 1, 1);
    // The cover's lines start on row 4 with the unit name.
    let row = 4;
    let lied = put(&good, "封面", &format!("B{row}"), Put::Text("别人的公司"));
    let v = xlsx::verify(&lied, rd(), None);
    assert_eq!(v.status, Status::Tampered);
    assert_eq!(v.changes.len(), 1, "{:?}", v.changes);
    assert_eq!(v.changes[0].cell, format!("封面!B{row}"));
    assert_eq!(v.changes[0].found, "别人的公司");
}

on_both_backends! {
    /// Cancelling stops the import with one result per file; what was decided is kept and the next
    /// run finishes the rest.
    fn a_cancelled_import_is_consistent_and_resumes(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        std::fs::create_dir_all(&inbox).unwrap();
        for (name, bytes, _) in generate::submissions(DIVISION, 8, rd()) {
            std::fs::write(inbox.join(name), bytes).unwrap();
        }
        let mut c = county(b, dir.path());
        let cancel = Arc::new(AtomicBool::new(false));
        let opts = ImportOptions {
            trust_new: true,
            year: Some(2024),
            cancel: Some(cancel.clone()),
        };
        let r = c
            .import(std::slice::from_ref(&inbox), &opts, &|p| {
                if p.done == 2 {
                    cancel.store(true, Ordering::SeqCst);
                }
            })
            .unwrap();
        assert_eq!(r.files.len(), 8, "one result per input file");
        assert!(r.cancelled);
        let done = r.totals.accepted;
        assert!(done >= 2 && r.totals.cancelled > 0, "{:?}", r.totals);
        assert_eq!(
            c.current(2024).unwrap().len(),
            done,
            "decided files were kept"
        );
        let rest = import(&mut c, &[inbox], true);
        assert_eq!(rest.totals.skipped, done);
        assert_eq!(rest.totals.accepted, 8 - done);
        assert!(matches!(
            c.audit_verify().unwrap(),
            nengbao::store::audit::Verdict::Intact { .. }
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 12 } else { 6 }))]

    /// Whatever order a unit's signed versions arrive in and whatever they are named, the current
    /// version and the totals are the same.
    #[test]
    fn arrival_order_and_file_names_never_change_the_current_version(
        order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
        names in proptest::collection::vec("[a-z]{1,6}", 4),
    ) {
        let k = generate::key(1).unwrap();
        let base = generate::report(DIVISION, 1, rd());
        let files: Vec<Vec<u8>> = (0..4u32)
            .map(|i| {
                let mut r = base.clone();
                r.indicators.employees.current = Some(600 + i);
                // Revisions 1, 2, 2, 3: a tie on revision is ordered by signing time.
                signed(&r, &k, [1, 2, 2, 3][i as usize], [1, 2, 3, 4][i as usize])
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let mut c = county(Backend::Sqlite, dir.path());
        let paths: Vec<PathBuf> = order
            .iter()
            .enumerate()
            .map(|(n, &i)| write(&dir.path().join("in"), &format!("{n}_{}.xlsx", names[n]), &files[i]))
            .collect();
        // One at a time, so arrival order is exactly `order`.
        for p in &paths {
            import(&mut c, std::slice::from_ref(p), true);
        }
        prop_assert_eq!(current_employees(&c, &base.enterprise.uscc), Some(603));
        let v = c.versions(&base.enterprise.uscc, 2024).unwrap();
        prop_assert_eq!(
            v.iter().map(|v| (v.version, v.revision)).collect::<Vec<_>>(),
            vec![(Some(1), 1), (Some(2), 2), (Some(3), 2), (Some(4), 3)]
        );
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/format1")
        .join(name)
}

/// A file of the first format, already in the field, still verifies and imports; any file of
/// the current format is newer than it.
#[test]
fn a_file_of_the_first_format_still_verifies_and_imports() {
    let bytes = std::fs::read(fixture("demo-2024-submission1.xlsx")).unwrap();
    let v = xlsx::verify(&bytes, rd(), None);
    assert_eq!(v.status, Status::Valid, "{}", v.message);
    assert_eq!((v.revision, v.signed_at.as_deref()), (Some(0), None));
    let dir = tempfile::tempdir().unwrap();
    let mut c = County::init(
        &dir.path().join("county.db"),
        DIVISION,
        "凯里市发展和改革局",
        Box::new(FixedClock::at(2025, 3, 25)),
    )
    .unwrap();
    let old = write(&dir.path().join("in"), "old.xlsx", &bytes);
    assert_eq!(
        outcomes(&import(&mut c, &[old], true)),
        [(FileOutcome::Accepted, Reason::Ok)]
    );
}

/// A county database of the previous schema is migrated forward: accepted submissions keep
/// their order, the held file keeps its reason and can be released, and a file of the current
/// format becomes the newest version.
#[test]
fn a_county_database_of_the_previous_schema_is_migrated_forward() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    std::fs::copy(fixture("county-schema2.db"), &db).unwrap();
    let mut c = County::open(&db, Box::new(FixedClock::at(2025, 3, 26))).unwrap();
    assert_eq!(
        nengbao::store::schema_version(c.connection().unwrap()).unwrap(),
        nengbao::store::county::COUNTY.migrations.len() as u32
    );
    assert_eq!(c.current(2024).unwrap().len(), 4);
    let demo = nengbao::demo::DEMO_USCC;
    let v = c.versions(demo, 2024).unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].status.as_str(), v[0].held_reason),
        ("held", Some(Reason::KeyUnconfirmed))
    );
    let keys = c.keys().unwrap();
    let held = keys.iter().find(|k| k.uscc == demo).unwrap();
    assert_eq!(held.held_files, 1);
    assert_eq!(c.key_trust(demo, &held.fingerprint.clone()).unwrap(), 1);
    assert_eq!(c.current(2024).unwrap().len(), 5);
    // A unit's next file, of the current format, is newer than its first-format version.
    let first = c
        .current(2024)
        .unwrap()
        .into_iter()
        .find(|s| s.uscc != demo)
        .unwrap();
    let number = (1..=4u32)
        .find(|i| generate::uscc(DIVISION, *i) == first.uscc)
        .unwrap();
    let mut next = first.report.clone();
    next.indicators.employees.current = Some(4321);
    let f = write(
        &dir.path().join("in"),
        "next.xlsx",
        &signed(&next, &generate::key(number).unwrap(), 1, 20),
    );
    assert_eq!(
        outcomes(&import(&mut c, &[f], false)),
        [(FileOutcome::Accepted, Reason::Ok)]
    );
    assert_eq!(current_employees(&c, &first.uscc), Some(4321));
    assert!(matches!(
        c.audit_verify().unwrap(),
        nengbao::store::audit::Verdict::Intact { .. }
    ));
}

/// The county schema as migrated, so a change to it is deliberate.
#[test]
fn county_schema_matches_golden_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let c = county(Backend::Sqlite, dir.path());
    insta::assert_snapshot!(
        "county_schema",
        nengbao::store::schema_dump(c.connection().unwrap()).unwrap()
    );
}

on_both_backends! {
    /// Each signed export carries the head of the workspace's audit chain, each county summary the
    /// county's: `nengbao audit verify --against FILE` finds it in the database, and no longer does
    /// once the database is rolled back to before the file was written.
    fn signed_files_and_summaries_anchor_the_audit_log_outside_the_database(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("workspace.db");
        let before = dir.path().join("before.db");
        {
            let mut ws = nengbao::Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 18))).unwrap();
            ws.report_save(&nengbao::demo::report_2024()).unwrap();
            ws.backup(&before).unwrap();
        }
        let cli = |args: &[&std::ffi::OsStr]| {
            std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
                .args(args)
                .output()
                .unwrap()
        };
        // A signed file anchors the log: a generated unit's report exported from the workspace.
        let mut ws = nengbao::Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 19))).unwrap();
        // Its evidence files are not in this workspace's store: the ledger is left out here.
        let mut unit = generate::report(DIVISION, 3, rd());
        unit.reduction_projects.clear();
        unit.reduction_targets.clear();
        let signed_path = dir.path().join("signed.xlsx");
        let out = ws
            .submission_export(
                &unit,
                Pack::builtin("national").unwrap(),
                Some(&generate::key(3).unwrap()),
                None,
                &signed_path,
            )
            .unwrap();
        assert!(out.signed);
        let head = xlsx::anchored_head(&std::fs::read(&signed_path).unwrap(), rd()).unwrap();
        assert!(matches!(
            nengbao::store::audit::verify_against(ws.connection(), &head).unwrap(),
            nengbao::store::audit::Anchored::Found { .. }
        ));
        drop(ws);
        let o = cli(&[
            "audit".as_ref(),
            "verify".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--against".as_ref(),
            signed_path.as_os_str(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        // Rolled back to the copy taken before the export: the anchored head is gone.
        std::fs::copy(&before, &db).unwrap();
        let _ = std::fs::remove_file(dir.path().join("workspace.db-wal"));
        let o = cli(&[
            "audit".as_ref(),
            "verify".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--against".as_ref(),
            signed_path.as_os_str(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );

        // A county summary records the county's head.
        let cdir = dir.path().join("county");
        std::fs::create_dir_all(&cdir).unwrap();
        let mut c = county(b, &cdir);
        let f = write(
            &cdir.join("in"),
            "a.xlsx",
            &signed(
                &generate::report(DIVISION, 1, rd()),
                &generate::key(1).unwrap(),
                1,
                1,
            ),
        );
        import(&mut c, &[f], true);
        let summary = c.summary_workbook(2024).unwrap();
        let head = xlsx::anchored_head(&summary, rd()).unwrap();
        assert!(matches!(
            nengbao::store::audit::verify_against(c.db(), &head).unwrap(),
            nengbao::store::audit::Anchored::Found { .. }
        ));
    }
}

on_both_backends! {
    /// `nengbao county log` lists the runs, and one run's files, from the intake log.
    fn the_intake_log_is_listed_from_the_command_line(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut c = county(b, dir.path());
        let f = write(
            &dir.path().join("in"),
            "a.xlsx",
            &signed(
                &generate::report(DIVISION, 1, rd()),
                &generate::key(1).unwrap(),
                1,
                1,
            ),
        );
        import(&mut c, &[f], true);
        let db = crate::backend::arg(c.location());
        drop(c);
        let run = |args: &[&str]| {
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
                .args(["county", "log", "--db"])
                .arg(&db)
                .args(args)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
        };
        let runs = run(&["--format", "json"]);
        assert_eq!(runs.as_array().unwrap().len(), 1);
        assert_eq!(runs[0]["outcomes"], serde_json::json!([["accepted", 1]]));
        let id = runs[0]["id"].as_i64().unwrap().to_string();
        let files = run(&["--run", &id, "--format", "json"]);
        assert_eq!(files[0]["file"], "a.xlsx");
        assert_eq!(files[0]["reason"], "ok");
        // The county's audit chain is checked from the command line on either backend.
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(["audit", "verify", "--format", "json", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["status"], "intact");
        assert!(v["entries"].as_i64().unwrap() >= 2, "{v}");
    }
}

/// A roster comes from outside too: one long shared string referenced by every cell used to be
/// copied in full per cell. It is read under the reader's budgets and refused, not expanded.
#[test]
fn a_roster_workbook_is_read_under_the_readers_budgets() {
    let dir = tempfile::tempdir().unwrap();
    // Built as the attacker would: a small genuine roster whose shared strings gain one
    // 32,000-character entry that 20,000 cells reference (a few hundred KB on disk).
    let path = dir.path().join("名单.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "统一社会信用代码").unwrap();
    ws.write_string(0, 1, "单位名称").unwrap();
    let genuine = wb.save_to_buffer().unwrap();
    let parts: Vec<(String, Vec<u8>)> = unzip(&genuine)
        .into_iter()
        .map(|(name, data)| {
            let xml = String::from_utf8(data).unwrap();
            let data = if name == "xl/sharedStrings.xml" {
                let n = xml.matches("<si>").count();
                let long = format!("<si><t>{}</t></si></sst>", "长".repeat(32_000));
                assert_eq!(n, 2);
                xml.replace("</sst>", &long)
            } else if name == "xl/worksheets/sheet1.xml" {
                let rows: String = (2..2_002)
                    .map(|r| {
                        let cells: String = (0..10u8)
                            .map(|c| {
                                format!("<c r=\"{}{r}\" t=\"s\"><v>2</v></c>", (b'A' + c) as char)
                            })
                            .collect();
                        format!("<row r=\"{r}\">{cells}</row>")
                    })
                    .collect();
                xml.replace("</sheetData>", &format!("{rows}</sheetData>"))
            } else {
                xml
            };
            (name, data.into_bytes())
        })
        .collect();
    std::fs::write(&path, rezip(&parts)).unwrap();
    let err = nengbao::county::roster::read_roster_file(&path).unwrap_err();
    assert!(
        err.to_string().contains("文件结构异常或过大"),
        "refused for a limit: {err}"
    );
    // A genuine roster reads.
    let ok = dir.path().join("ok.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["统一社会信用代码", "单位名称", "类别"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, generate::uscc(DIVISION, 1)).unwrap();
    ws.write_string(1, 1, "凯里市第1焦化有限公司").unwrap();
    ws.write_string(1, 2, "≥10000").unwrap();
    wb.save(&ok).unwrap();
    assert_eq!(
        nengbao::county::roster::read_roster_file(&ok).unwrap(),
        [(
            generate::uscc(DIVISION, 1),
            "凯里市第1焦化有限公司".to_string(),
            "≥10000".to_string()
        )]
    );
}

on_both_backends! {
    /// 重新处理: a rejected file is processed again from the bytes the county kept, under its
    /// received name, without the clerk finding the file again.
    fn a_rejected_file_is_processed_again_from_the_kept_bytes(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut c = county(b, dir.path());
        let f = write(
            &dir.path().join("in"),
            "凯里 第1家.xlsx",
            &signed(
                &generate::report(DIVISION, 1, rd()),
                &generate::key(1).unwrap(),
                1,
                1,
            ),
        );
        let first = c
            .import(
                std::slice::from_ref(&f),
                &ImportOptions {
                    trust_new: true,
                    year: Some(2023),
                    ..Default::default()
                },
                &|_| {},
            )
            .unwrap();
        assert_eq!(first.files[0].reason, Reason::WrongYear);
        std::fs::remove_file(&f).unwrap();
        let again = c
            .reprocess(
                &[first.files[0].sha256.clone()],
                &ImportOptions {
                    trust_new: true,
                    ..Default::default()
                },
                &|_| {},
            )
            .unwrap();
        assert_eq!(outcomes(&again), [(FileOutcome::Accepted, Reason::Ok)]);
        assert_eq!(again.files[0].file, "凯里 第1家.xlsx");
    }
}
