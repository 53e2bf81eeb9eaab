//! SQLite store: migrations, round trips, versions, ledger index.

use nengbao::model::*;
use nengbao::store::{self, StoreError};
use nengbao::workspace::FixedClock;
use nengbao::Workspace;
use proptest::prelude::*;

fn ws() -> Workspace {
    Workspace::in_memory(Box::new(FixedClock::at(2025, 3, 18))).unwrap()
}

#[test]
fn schema_matches_golden_snapshot() {
    let conn = store::open_in_memory().unwrap();
    assert_eq!(store::schema_version(&conn).unwrap(), store::SCHEMA_VERSION);
    insta::assert_snapshot!("schema", store::schema_dump(&conn).unwrap());
}

#[test]
fn refuses_a_database_from_a_newer_app() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    {
        let conn = store::open(&path).unwrap();
        conn.pragma_update(None, "user_version", store::SCHEMA_VERSION + 1)
            .unwrap();
    }
    let err = store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer version"));
}

#[test]
fn migrations_are_idempotent_on_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut w = Workspace::open(&path, Box::new(FixedClock::at(2025, 1, 1))).unwrap();
    w.report_save(&nengbao::demo::report_2024()).unwrap();
    drop(w);
    let w = Workspace::open(&path, Box::new(FixedClock::at(2025, 1, 2))).unwrap();
    assert_eq!(w.report_list(None).unwrap().len(), 1);
}

#[test]
fn demo_reports_round_trip() {
    let mut w = ws();
    for r in [nengbao::demo::report_2023(), nengbao::demo::report_2024()] {
        w.report_save(&r).unwrap();
        let back = w.report_load(&r.enterprise.uscc, r.year).unwrap();
        assert_eq!(back, r, "model → SQLite → model must be identity");
    }
    let c = w
        .report_computed(nengbao::demo::DEMO_USCC, 2024)
        .unwrap()
        .unwrap();
    assert_eq!(
        c.comprehensive_energy_tce.to_string(),
        "107449.1760",
        "computed figures stored"
    );
}

#[test]
fn save_bumps_revision_only_on_change() {
    let mut w = ws();
    let mut r = nengbao::demo::report_2024();
    let a = w.report_save(&r).unwrap();
    let b = w.report_save(&r).unwrap();
    assert_eq!((a.revision, b.revision, b.changed), (1, 1, false));
    r.explanations.increase = "新增一条说明".into();
    let c = w.report_save(&r).unwrap();
    assert_eq!((c.revision, c.changed), (2, true));
}

#[test]
fn frozen_versions_are_kept_and_not_duplicated() {
    let mut w = ws();
    let mut r = nengbao::demo::report_2024();
    w.report_save(&r).unwrap();
    let uscc = r.enterprise.uscc.clone();
    assert_eq!(w.report_freeze(&uscc, 2024, "导出").unwrap(), 1);
    assert_eq!(
        w.report_freeze(&uscc, 2024, "导出").unwrap(),
        1,
        "same body, same version"
    );
    r.indicators.employees.current = Some(621);
    w.report_save(&r).unwrap();
    assert_eq!(w.report_freeze(&uscc, 2024, "签名").unwrap(), 2);
    let v = w.report_versions(&uscc, 2024).unwrap();
    assert_eq!(
        v.iter().map(|x| x.reason.as_str()).collect::<Vec<_>>(),
        ["导出", "签名"]
    );
    let first = w.report_version_load(&uscc, 2024, 1).unwrap();
    assert_eq!(
        first.indicators.employees.current,
        Some(620),
        "version 1 keeps the old body"
    );
}

#[test]
fn ledger_projects_removed_from_a_report_are_marked_not_deleted() {
    let mut w = ws();
    let r23 = nengbao::demo::report_2023();
    w.report_save(&r23).unwrap();
    let r24 = nengbao::demo::report_2024();
    w.report_save(&r24).unwrap();
    let claims = w.ledger_claims_elsewhere(&r24).unwrap();
    assert_eq!(claims.len(), 1, "2023's project is visible from 2024");
    assert_eq!(claims[0].reduction_t.as_deref(), Some("130.000"));

    let mut r23b = r23.clone();
    r23b.reduction_projects.clear();
    w.report_save(&r23b).unwrap();
    assert!(
        w.ledger_claims_elsewhere(&r24).unwrap().is_empty(),
        "removed claim no longer live"
    );
    // Putting it back revives the same row rather than adding a second one.
    w.report_save(&r23).unwrap();
    assert_eq!(w.ledger_claims_elsewhere(&r24).unwrap().len(), 1);
}

#[test]
fn settings_round_trip() {
    let mut w = ws();
    assert_eq!(w.setting("yoy_threshold").unwrap(), None);
    w.setting_set("yoy_threshold", "25").unwrap();
    w.setting_set("yoy_threshold", "30").unwrap();
    assert_eq!(w.setting("yoy_threshold").unwrap().as_deref(), Some("30"));
}

fn arb_qty() -> impl Strategy<Value = Option<Qty>> {
    prop_oneof![
        Just(None),
        (-10_000_000_000i64..10_000_000_000i64)
            .prop_map(|n| Some(Qty::round(rust_decimal::Decimal::new(n, 4)))),
    ]
}

fn arb_row() -> impl Strategy<Value = EnergyRow> {
    (
        prop::sample::select(vec!["01", "15", "21", "33", "37"]),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        ".{0,12}",
    )
        .prop_map(|(code, a, b, c, e, name)| EnergyRow {
            code: code.into(),
            name,
            opening_stock: a,
            purchased_qty: b,
            consumed_total: c,
            consumed_industrial: c,
            closing_stock: e,
            ..Default::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn any_report_round_trips_through_sqlite(rows in prop::collection::vec(arb_row(), 0..8),
                                             name in "\\PC{0,30}", year in 2015i32..2040) {
        let mut r = nengbao::demo::report_2024();
        r.year = year;
        r.enterprise.name = name;
        r.energy = rows;
        let mut w = ws();
        w.report_save(&r).unwrap();
        let back = w.report_load(&r.enterprise.uscc, year).unwrap();
        prop_assert_eq!(back, r);
    }
}

/// Correcting a mistyped credit code keeps one enterprise: its reports and frozen history move
/// with it, the correction is audited, and archiving hides a stale entry without deleting it.
#[test]
fn correcting_the_credit_code_keeps_one_enterprise_with_its_history() {
    use nengbao::workspace::FixedClock;
    let mut ws = nengbao::Workspace::in_memory(Box::new(FixedClock::at(2025, 3, 1))).unwrap();
    let mut r = nengbao::demo::report_2024();
    let right = r.enterprise.uscc.clone();
    // A typo that still passes the checksum is not needed: the store takes any code.
    let wrong = "91522601MA6DQ7K16X".to_string();
    r.enterprise.uscc = wrong.clone();
    ws.report_save(&r).unwrap();
    ws.report_freeze(&wrong, 2024, "签名导出").unwrap();
    ws.enterprise_recode(&wrong, &right).unwrap();
    let list = ws.report_list(None).unwrap();
    assert_eq!(list.len(), 1, "one enterprise, not a fork: {list:?}");
    assert_eq!(list[0].uscc, right);
    assert_eq!(list[0].versions, 1, "the frozen history moved with it");
    assert_eq!(ws.report_load(&right, 2024).unwrap().enterprise.uscc, right);
    assert!(ws.report_load(&wrong, 2024).is_err());
    let audit = ws.audit_list(Some(&wrong)).unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "enterprise.recode" && e.detail == right));
    // A malformed code, or one another enterprise has, is refused.
    assert!(ws.enterprise_recode(&right, "123").is_err());
    let mut other = nengbao::demo::report_2024();
    other.enterprise.uscc = nengbao::county::generate::uscc("522601", 9);
    ws.report_save(&other).unwrap();
    assert!(ws
        .enterprise_recode(&right, &other.enterprise.uscc)
        .is_err());
    // Archiving hides, never deletes.
    ws.enterprise_archive(&other.enterprise.uscc, true).unwrap();
    let list = ws.report_list(None).unwrap();
    assert_eq!(list.iter().filter(|r| r.archived).count(), 1);
    assert_eq!(list.len(), 2);
}

/// An enterprise workspace of the previous schema opens, is migrated forward, and keeps its
/// reports and an intact audit log.
#[test]
fn a_workspace_of_the_previous_schema_is_migrated_forward() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workspace.db");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/format1/workspace-schema2.db"
        ),
        &db,
    )
    .unwrap();
    let ws = nengbao::Workspace::open(
        &db,
        Box::new(nengbao::workspace::FixedClock::at(2025, 3, 1)),
    )
    .unwrap();
    assert_eq!(
        nengbao::store::schema_version(ws.connection()).unwrap(),
        nengbao::store::SCHEMA_VERSION
    );
    let list = ws.report_list(None).unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert!(list.iter().all(|r| !r.archived));
    assert!(matches!(
        ws.audit_verify().unwrap(),
        nengbao::store::audit::Verdict::Intact { .. }
    ));
}

/// 表1 综合能源消费量 is computed from 表2: a value an earlier version stored as typed is not
/// kept, so it can never disagree with the figure shown (CS001 on a hidden field).
#[test]
fn a_stated_table_1_total_is_not_kept_on_save() {
    let mut w = ws();
    let mut r = nengbao::demo::report_2024();
    r.indicators.comprehensive_energy_tce.current = Some("1.0000".parse().unwrap());
    w.report_save(&r).unwrap();
    let back = w.report_load(&r.enterprise.uscc, r.year).unwrap();
    assert_eq!(back.indicators.comprehensive_energy_tce.current, None);
    assert_eq!(
        back.indicators.comprehensive_energy_tce.prior, r.indicators.comprehensive_energy_tce.prior,
        "last year's figure is an input and stays"
    );
}
