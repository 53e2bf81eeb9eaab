//! 工作区 — the use-case layer. The CLI, the desktop commands and the tests all call this, and
//! nothing else opens the database. One file per use case: `reports` (save, load, new, freeze,
//! versions, next-year prefill), `evidence` (add, check, hash cache), `settings`, `submission`
//! (check and signed export), `keys`, `backup` (audit log and backups), `files` (files outside
//! a workspace: verify, inspect, import, template, restore).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::refdata::RefData;
use crate::store;

pub mod backup;
mod carbon;
pub mod demo;
mod evidence;
pub mod files;
pub mod keys;
mod reports;
mod settings;
mod submission;

pub use backup::{backups_dir, daily_backup, restore_workspace, DAILY_BACKUPS_KEPT};
pub use settings::{Settings, SettingsFile};
pub use submission::{Checked, ScreenCheck, SubmissionExport};

pub use keys::KeyInfo;

/// The stamp a backup or a file kept before a restore is named with (`YYYYmmddHHMMSS`, UTC+8),
/// read from the one clock the caller holds.
pub fn backup_stamp(clock: &dyn Clock) -> String {
    clock.now().format("%Y%m%d%H%M%S").to_string()
}

pub use crate::clock::{cst, default_actor, Clock, FixedClock, SystemClock};

/// An open enterprise workspace: one SQLite file, and beside it the evidence folder
/// (`<name>.evidence/`, files named by their SHA-256).
pub struct Workspace {
    conn: Connection,
    path: Option<PathBuf>,
    refdata: &'static RefData,
    clock: Box<dyn Clock>,
    /// Who is editing, as typed by the user; recorded in the audit log.
    actor: String,
    /// Evidence hashes by size and modification time, for the live check.
    hashes: evidence::HashCache,
}

pub use crate::model::{EvidenceIssue, EvidenceProblem};

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("path", &self.path)
            .finish()
    }
}

impl Workspace {
    /// Opens or creates the workspace database at `path`.
    pub fn open(path: &Path, clock: Box<dyn Clock>) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
        }
        Ok(Workspace {
            conn: store::open(path)?,
            path: Some(path.to_path_buf()),
            refdata: RefData::builtin()?,
            clock,
            actor: default_actor(),
            hashes: evidence::HashCache::default(),
        })
    }

    /// A throwaway workspace in memory.
    pub fn in_memory(clock: Box<dyn Clock>) -> Result<Self> {
        Ok(Workspace {
            conn: store::open_in_memory()?,
            path: None,
            refdata: RefData::builtin()?,
            clock,
            actor: default_actor(),
            hashes: evidence::HashCache::default(),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Sets the name recorded in the audit log for the following edits.
    pub fn set_actor(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            self.actor = name.to_string();
        }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The evidence folder beside the database (`None` for an in-memory workspace).
    pub fn evidence_dir(&self) -> Option<PathBuf> {
        let p = self.path.as_ref()?;
        let stem = p.file_stem()?.to_string_lossy().into_owned();
        Some(p.with_file_name(format!("{stem}.evidence")))
    }

    pub fn refdata(&self) -> &'static RefData {
        self.refdata
    }

    fn now(&self) -> String {
        self.clock.now().to_rfc3339()
    }

    /// The raw connection, for tests that need to tamper with the file.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Loads the demo enterprise (两年: 2023 filed, 2024 in progress); its evidence files are
    /// written to `demo-files/` beside the database.
    pub fn demo_load(&mut self) -> Result<()> {
        let files = match self.path.as_deref().and_then(Path::parent) {
            Some(d) if !d.as_os_str().is_empty() => d.join("demo-files"),
            _ => PathBuf::from("demo-files"),
        };
        demo::load(self, &files)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(store::setting_get(&self.conn, key)?)
    }

    pub fn setting_set(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        store::setting_set(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }
}
