//! 审计与备份 — the workspace's audit log (list, verify) and its backups (on demand, daily
//! rotating).

use std::path::{Path, PathBuf};

use super::Workspace;
use crate::error::Result;
use crate::store;

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

    /// Daily rotating backups into `dir`, keeping the newest `keep`.
    pub fn auto_backup(&mut self, dir: &Path, keep: usize) -> Result<Option<PathBuf>> {
        let today = self.clock.now().format("%Y%m%d").to_string();
        Ok(store::backup::rotate(
            &self.conn,
            dir,
            "workspace",
            &today,
            keep,
        )?)
    }
}
