//! 审计与备份 — the workspace's audit log (list, verify) and its backups (on demand, daily
//! rotating). Backup names are stamped from the workspace's clock, one format for all
//! ([`super::backup_stamp`]); the adapters never read the time.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Clock, Workspace};
use crate::error::{Error, Result};
use crate::store::{self, Kind};

impl Workspace {
    /// The audit log, oldest first (optionally for one object such as `USCC/2024`).
    pub fn audit_list(&self, object: Option<&str>) -> Result<Vec<store::audit::Entry>> {
        Ok(store::audit::list(&self.conn, object)?)
    }

    /// Verifies the audit log's hash chain.
    pub fn audit_verify(&self) -> Result<store::audit::Verdict> {
        Ok(store::audit::verify(&self.conn)?)
    }

    /// Writes a backup copy of the workspace (consistent even while it is in use).
    pub fn backup(&mut self, dest: &Path) -> Result<()> {
        store::backup::backup_to(&self.conn, dest)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "workspace.backup",
            &dest.display().to_string(),
            "",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Today's copy among the daily rotating backups beside the workspace (`backups/`), made
    /// unless one exists; the newest [`DAILY_BACKUPS_KEPT`] are kept. `None` for an in-memory
    /// workspace or when today's copy exists.
    pub fn backup_daily(&mut self) -> Result<Option<PathBuf>> {
        let Some(db) = self.path.clone() else {
            return Ok(None);
        };
        daily_backup(&self.conn, store::ENTERPRISE, &db, self.clock.as_ref())
    }

    /// A backup on demand, beside the daily ones: `backups/workspace-manual-<stamp>.db`, the
    /// stamp from [`super::backup_stamp`]. Returns its path.
    pub fn backup_manual(&mut self) -> Result<PathBuf> {
        let db = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from("workspace.db"));
        let dir = backups_dir(&db);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display(), e))?;
        let stamp = super::backup_stamp(self.clock.as_ref());
        let dest = dir.join(format!("workspace-manual-{stamp}.db"));
        self.backup(&dest)?;
        Ok(dest)
    }
}

/// Restores the enterprise workspace database at `db` (closed by the caller) from the backup
/// `from`; a backup of another kind or from a newer app is refused. The current file is kept
/// beside it first (`<db>.before-restore-<stamp>`, stamped from `clock`) and the restore is an
/// audit entry by `actor`. Returns the kept copy's path.
pub fn restore_workspace(
    db: &Path,
    from: &Path,
    clock: &dyn Clock,
    actor: &str,
) -> Result<Option<PathBuf>> {
    Ok(store::backup::restore_as(
        db,
        from,
        store::ENTERPRISE,
        &super::backup_stamp(clock),
        &clock.now().to_rfc3339(),
        actor,
    )?)
}

/// How many daily backups of each database are kept.
pub const DAILY_BACKUPS_KEPT: usize = 14;

/// Where the backups of the database at `db` go: `backups/` beside it. The enterprise and the
/// county workspace share the folder; their copies have distinct names (`workspace-…`,
/// `county-…`).
pub fn backups_dir(db: &Path) -> PathBuf {
    match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join("backups"),
        _ => PathBuf::from("backups"),
    }
}

/// Today's daily backup of the open database `conn` of `kind` at `db` (either side), today read
/// from `clock`: made in [`backups_dir`] unless one exists, the newest [`DAILY_BACKUPS_KEPT`] kept.
pub fn daily_backup(
    conn: &Connection,
    kind: Kind,
    db: &Path,
    clock: &dyn Clock,
) -> Result<Option<PathBuf>> {
    let today = clock.now().format("%Y%m%d").to_string();
    Ok(store::backup::auto_backup(
        conn,
        kind,
        &backups_dir(db),
        DAILY_BACKUPS_KEPT,
        &today,
    )?)
}
