//! Backups of both kinds of database, restores in the audit log, and the audit head anchored
//! outside the database.

use std::path::Path;

use nengbao::county::{County, COUNTY};
use nengbao::store::audit::{self, Anchored, Verdict};
use nengbao::store::{self, backup, StoreError, ENTERPRISE};
use nengbao::workspace::FixedClock;
use nengbao::Workspace;

fn workspace(path: &Path) -> Workspace {
    let mut ws = Workspace::open(path, Box::new(FixedClock::at(2025, 3, 18))).unwrap();
    ws.set_actor("张敏");
    ws
}

fn county(path: &Path) -> County {
    County::init(
        path,
        "522601",
        "凯里市",
        Box::new(FixedClock::at(2025, 4, 1)),
    )
    .unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn last_entry(conn: &rusqlite::Connection) -> audit::Entry {
    audit::list(conn, None).unwrap().pop().unwrap()
}

#[test]
fn county_and_workspace_daily_backups_share_a_folder_without_clashing() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let ws = workspace(&dir.path().join("workspace.db"));
    let c = county(&dir.path().join("county.db"));
    assert_eq!(backup::backup_stem(ENTERPRISE), "workspace");
    assert_eq!(backup::backup_stem(COUNTY), "county");

    // A manual copy in the same folder is not part of the rotation.
    std::fs::create_dir_all(&backups).unwrap();
    backup::backup_to(
        ws.connection(),
        &backups.join("workspace-manual-20250301-101010.db"),
    )
    .unwrap();

    for day in 1..=4 {
        let today = format!("202503{day:02}");
        let w = backup::auto_backup(ws.connection(), ENTERPRISE, &backups, 2, &today).unwrap();
        let k = backup::auto_backup(c.connection().unwrap(), COUNTY, &backups, 2, &today).unwrap();
        assert_eq!(w.unwrap(), backups.join(format!("workspace-{today}.db")));
        assert_eq!(k.unwrap(), backups.join(format!("county-{today}.db")));
    }
    // Same day again makes nothing new.
    assert!(
        backup::auto_backup(c.connection().unwrap(), COUNTY, &backups, 2, "20250304")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        names(&backups),
        [
            "county-20250303.db",
            "county-20250304.db",
            "workspace-20250303.db",
            "workspace-20250304.db",
            "workspace-manual-20250301-101010.db",
        ]
    );
    // Each copy is a whole database of its own kind.
    for (name, kind) in [
        ("county-20250304.db", COUNTY),
        ("workspace-20250304.db", ENTERPRISE),
    ] {
        let info = backup::inspect(&backups.join(name)).unwrap();
        assert!(info.integrity_ok, "{name}");
        assert_eq!(info.application_id, kind.application_id, "{name}");
    }
    let copy = County::open(
        &backups.join("county-20250304.db"),
        Box::new(FixedClock::at(2025, 4, 1)),
    )
    .unwrap();
    assert_eq!(copy.division().unwrap(), "522601");

    // A connection is never backed up under another kind's name.
    assert!(matches!(
        backup::auto_backup(c.connection().unwrap(), ENTERPRISE, &backups, 2, "20250305"),
        Err(StoreError::WrongKind { .. })
    ));
    assert!(matches!(
        backup::auto_backup(ws.connection(), COUNTY, &backups, 2, "20250305"),
        Err(StoreError::WrongKind { .. })
    ));
    assert!(!backups.join("workspace-20250305.db").exists());
    assert!(!backups.join("county-20250305.db").exists());
}

#[test]
fn a_restore_is_recorded_in_the_restored_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut ws = workspace(&db);
    ws.report_save(&nengbao::demo::report_2024()).unwrap();
    let bak = dir.path().join("bak.db");
    ws.backup(&bak).unwrap();
    let mut r = nengbao::demo::report_2024();
    r.indicators.employees.current = Some(1);
    ws.report_save(&r).unwrap();
    drop(ws);

    let kept = backup::restore_as(
        &db,
        &bak,
        ENTERPRISE,
        "20250318090000",
        "2025-03-18T09:00:00+08:00",
        "李华",
    )
    .unwrap()
    .unwrap();
    assert_eq!(kept, dir.path().join("w.db.before-restore-20250318090000"));

    let ws = workspace(&db);
    let e = last_entry(ws.connection());
    assert_eq!(e.action, "backup.restore");
    assert_eq!(e.object, "bak.db");
    assert_eq!(e.detail, "w.db.before-restore-20250318090000");
    assert_eq!(e.actor, "李华");
    assert_eq!(e.at, "2025-03-18T09:00:00+08:00");
    assert!(matches!(ws.audit_verify().unwrap(), Verdict::Intact { .. }));
    // The restored data is the backup's.
    assert_eq!(
        ws.report_load(nengbao::demo::DEMO_USCC, 2024)
            .unwrap()
            .indicators
            .employees
            .current,
        Some(620)
    );
    // The kept file's log is untouched: its last entry is the edit made before the restore.
    let old = workspace(&kept);
    assert_ne!(last_entry(old.connection()).action, "backup.restore");
    assert!(matches!(
        old.audit_verify().unwrap(),
        Verdict::Intact { .. }
    ));
}

#[test]
fn a_county_restore_is_recorded_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let c = county(&db);
    let bak = dir.path().join("county-20250401.db");
    backup::auto_backup(c.connection().unwrap(), COUNTY, dir.path(), 14, "20250401").unwrap();
    drop(c);
    // Restoring over a missing database keeps nothing, and still records the restore.
    std::fs::remove_file(&db).unwrap();
    let _ = std::fs::remove_file(dir.path().join("county.db-wal"));
    let _ = std::fs::remove_file(dir.path().join("county.db-shm"));
    let kept =
        backup::restore_as(&db, &bak, COUNTY, "x", "2025-03-18T09:00:00+08:00", "测试").unwrap();
    assert!(kept.is_none());
    let c = County::open(&db, Box::new(FixedClock::at(2025, 4, 2))).unwrap();
    let e = last_entry(c.connection().unwrap());
    assert_eq!(
        (e.action.as_str(), e.object.as_str(), e.detail.as_str()),
        ("backup.restore", "county-20250401.db", "")
    );
    assert!(matches!(
        c.audit_verify().unwrap(),
        Verdict::Intact { entries: 2, .. }
    ));
    assert_eq!(c.division().unwrap(), "522601");
}

#[test]
fn the_audit_head_anchors_the_log_outside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut ws = workspace(&db);
    assert_eq!(audit::head(ws.connection()).unwrap(), None, "empty log");
    ws.report_save(&nengbao::demo::report_2023()).unwrap();
    let before_anchor = dir.path().join("before.db");
    ws.backup(&before_anchor).unwrap();
    ws.report_save(&nengbao::demo::report_2024()).unwrap();

    // The anchor: what an export would put in its manifest.
    let anchor = audit::head(ws.connection()).unwrap().unwrap();
    let Verdict::Intact { entries, head } = ws.audit_verify().unwrap() else {
        panic!("intact")
    };
    assert_eq!(anchor, head);
    assert_eq!(anchor.len(), 64);

    // Intact chain: found, also after more entries, and in the recorded `seq:hash` form.
    assert_eq!(
        audit::verify_against(ws.connection(), &anchor).unwrap(),
        Anchored::Found {
            seq: entries,
            entries,
            head: anchor.clone()
        }
    );
    let mut r = nengbao::demo::report_2024();
    r.indicators.employees.current = Some(7);
    ws.report_save(&r).unwrap();
    match audit::verify_against(
        ws.connection(),
        &format!(" {entries}:{} ", anchor.to_uppercase()),
    )
    .unwrap()
    {
        Anchored::Found {
            seq,
            entries: now,
            head,
        } => {
            assert_eq!(seq, entries);
            assert!(now > entries);
            assert_ne!(head, anchor);
        }
        other => panic!("{other:?}"),
    }
    // Something that is not a digest is not found, and says why.
    match audit::verify_against(ws.connection(), "not a head").unwrap() {
        Anchored::NotFound { reason, .. } => assert!(reason.contains("64 hex"), "{reason}"),
        other => panic!("{other:?}"),
    }
    drop(ws);

    // Rolled back to a copy from before the anchor (a file copy, no trace in the log).
    let rolled = dir.path().join("rolled.db");
    std::fs::copy(&before_anchor, &rolled).unwrap();
    let conn = store::open(&rolled).unwrap();
    assert!(matches!(
        audit::verify(&conn).unwrap(),
        Verdict::Intact { .. }
    ));
    match audit::verify_against(&conn, &anchor).unwrap() {
        Anchored::NotFound { reason, .. } => assert!(reason.contains("rolled back"), "{reason}"),
        other => panic!("{other:?}"),
    }
    drop(conn);
    // Rolled back through a restore: the log says so, and the anchor is still not found.
    backup::restore_as(
        &db,
        &before_anchor,
        ENTERPRISE,
        "r",
        "2025-03-18T09:00:00+08:00",
        "测试",
    )
    .unwrap();
    let conn = store::open(&db).unwrap();
    assert_eq!(last_entry(&conn).action, "backup.restore");
    assert!(matches!(
        audit::verify_against(&conn, &anchor).unwrap(),
        Anchored::NotFound { .. }
    ));
    drop(conn);

    // An entry before the anchor altered (triggers dropped): the chain is broken.
    let altered = dir.path().join("altered.db");
    {
        let mut ws = workspace(&altered);
        ws.report_save(&nengbao::demo::report_2023()).unwrap();
        ws.report_save(&nengbao::demo::report_2024()).unwrap();
    }
    let conn = store::open(&altered).unwrap();
    let anchor = audit::head(&conn).unwrap().unwrap();
    assert!(matches!(
        audit::verify_against(&conn, &anchor).unwrap(),
        Anchored::Found { .. }
    ));
    conn.execute_batch("DROP TRIGGER audit_no_update;").unwrap();
    conn.execute("UPDATE audit SET actor = '某人' WHERE seq = 1", [])
        .unwrap();
    assert!(matches!(
        audit::verify_against(&conn, &anchor).unwrap(),
        Anchored::Broken { seq: 1, .. }
    ));
}

#[test]
fn a_rewritten_log_with_its_head_is_caught_only_by_the_anchor() {
    // Someone rewrites the whole log consistently (new hashes, new recorded head): the chain
    // verifies on its own, but the anchor kept outside no longer matches.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut ws = workspace(&db);
    ws.report_save(&nengbao::demo::report_2024()).unwrap();
    let anchor = audit::head(ws.connection()).unwrap().unwrap();
    let entries = audit::list(ws.connection(), None).unwrap();
    drop(ws);

    let conn = store::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit;")
        .unwrap();
    for e in &entries {
        audit::append(
            &conn,
            &e.at,
            "someone else",
            &e.action,
            &e.object,
            &e.detail,
        )
        .unwrap();
    }
    assert!(matches!(
        audit::verify(&conn).unwrap(),
        Verdict::Intact { .. }
    ));
    assert!(matches!(
        audit::verify_against(&conn, &anchor).unwrap(),
        Anchored::NotFound { .. }
    ));
}
