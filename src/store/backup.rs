//! 备份与恢复 — copies of a workspace made with SQLite's online backup API, written through a
//! temporary file that is synced and renamed, so a backup is either whole or absent.
//!
//! Daily backups ([`auto_backup`]) serve both kinds of database: each kind has its own file name
//! prefix ([`backup_stem`]), so an enterprise workspace and a county workspace backed up into the
//! same folder never overwrite or rotate away each other's copies. A restore is recorded in the
//! restored database's own audit chain (`backup.restore`).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Kind, Result, StoreError};

/// Copies the open database `conn` to `dest` (atomically).
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    let tmp = temp_beside(dest);
    let _ = std::fs::remove_file(&tmp);
    {
        let mut out = Connection::open(&tmp)?;
        {
            let b = rusqlite::backup::Backup::new(conn, &mut out)?;
            b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        // A backup is a single file: no WAL beside it.
        let _mode: String = out.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
    }
    sync_and_rename(&tmp, dest)
}

fn temp_beside(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    dest.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

fn sync_and_rename(tmp: &Path, dest: &Path) -> Result<()> {
    let io = |e: std::io::Error| StoreError::Corrupt(format!("{}: {e}", dest.display()));
    std::fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    std::fs::rename(tmp, dest).map_err(io)?;
    if let Some(dir) = dest.parent() {
        if let Ok(d) = std::fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// What a backup file is, read without modifying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub schema_version: u32,
    pub application_id: i32,
    pub integrity_ok: bool,
}

pub fn inspect(path: &Path) -> Result<BackupInfo> {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let schema_version: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let application_id: i32 = c.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    Ok(BackupInfo {
        schema_version,
        application_id,
        integrity_ok: check == "ok",
    })
}

/// Restores `from` over the database file `db` of the given kind. Refuses a backup of another
/// kind, from a newer app, or that fails its integrity check; the current file is first kept as
/// `<db>.before-restore-<stamp>`. Returns the path of that kept copy (if there was a database).
///
/// The restore is appended to the restored database's audit chain (action `backup.restore`,
/// object = the backup's file name, detail = the kept file's name) at time `at` (RFC 3339, from
/// the caller's clock) by `actor`. The restored file is opened with the app's schema, so a
/// backup from an older version is migrated at that moment.
pub fn restore_as(
    db: &Path,
    from: &Path,
    kind: Kind,
    stamp: &str,
    at: &str,
    actor: &str,
) -> Result<Option<PathBuf>> {
    let info = inspect(from)?;
    if info.application_id != kind.application_id {
        return Err(StoreError::WrongKind {
            expected: kind.name,
        });
    }
    let supported = kind.migrations.len() as u32;
    if info.schema_version > supported {
        return Err(StoreError::TooNew {
            found: info.schema_version,
            supported,
        });
    }
    if !info.integrity_ok {
        return Err(StoreError::Corrupt(format!(
            "{}: the backup fails its integrity check",
            from.display()
        )));
    }
    let kept = if db.exists() {
        let keep = db.with_file_name(format!(
            "{}.before-restore-{stamp}",
            db.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let current = Connection::open(db)?;
        backup_to(&current, &keep)?;
        Some(keep)
    } else {
        None
    };
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    {
        let mut dst = Connection::open(db)?;
        let b = rusqlite::backup::Backup::new(&src, &mut dst)?;
        b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
    }
    drop(src);
    // The log of the restored database says it was restored, and from what.
    let mut restored = super::open_kind(db, kind)?;
    let tx = restored.transaction()?;
    super::audit::append(
        &tx,
        at,
        actor,
        "backup.restore",
        &file_name(from),
        &kept.as_deref().map(file_name).unwrap_or_default(),
    )?;
    tx.commit()?;
    Ok(kept)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The file name prefix of a kind's daily backups: `workspace` for an enterprise workspace,
/// `county` for a county workspace (another kind: `db-<application id>`).
pub fn backup_stem(kind: Kind) -> String {
    match kind.application_id {
        id if id == super::ENTERPRISE.application_id => "workspace".into(),
        id if id == super::county::COUNTY.application_id => "county".into(),
        id => format!("db-{id:08x}"),
    }
}

/// Daily rotating backup of the open database `conn` of `kind` into `dir`: makes
/// `<stem>-<today>.db` (stem from [`backup_stem`], `today` as `YYYYMMDD`) unless one exists,
/// and keeps the newest `keep` daily copies of that kind. Refuses a connection to a database of
/// another kind, so a copy is never filed under the wrong name. Returns the file made, if any.
pub fn auto_backup(
    conn: &Connection,
    kind: Kind,
    dir: &Path,
    keep: usize,
    today: &str,
) -> Result<Option<PathBuf>> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app != kind.application_id {
        return Err(StoreError::WrongKind {
            expected: kind.name,
        });
    }
    rotate(conn, dir, &backup_stem(kind), today, keep)
}

/// Rotating backups in `dir`: makes `<stem>-YYYYMMDD.db` unless one for `today` exists, and keeps
/// the newest `keep`. Only files named exactly `<stem>-<8 digits>.db` take part in the rotation:
/// manual copies (`<stem>-manual-….db`) and other kinds' backups are never removed.
/// Returns the file made, if any.
pub fn rotate(
    conn: &Connection,
    dir: &Path,
    stem: &str,
    today: &str,
    keep: usize,
) -> Result<Option<PathBuf>> {
    let io = |e: std::io::Error| StoreError::Corrupt(format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let target = dir.join(format!("{stem}-{today}.db"));
    let made = if target.exists() {
        None
    } else {
        backup_to(conn, &target)?;
        Some(target)
    };
    let mut existing: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.strip_prefix(stem)
                    .and_then(|r| r.strip_prefix('-'))
                    .and_then(|r| r.strip_suffix(".db"))
                    .is_some_and(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
            })
        })
        .collect();
    existing.sort();
    while existing.len() > keep.max(1) {
        let old = existing.remove(0);
        let _ = std::fs::remove_file(old);
    }
    Ok(made)
}
