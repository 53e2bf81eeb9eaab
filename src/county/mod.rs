//! 县级汇总 — county intake: batch import of submissions, key registry, versions, roster, totals.
//!
//! Trust comes from signed content only. A file's unit, year and place among the unit's versions
//! come from its signed payload; unsigned cells that disagree make it tampered. Keys are pinned
//! per unit; a key decision names the unit and the key's fingerprint and acts on the held
//! submissions of exactly that pair. Untrusted files are read under hard limits, so one file
//! can neither stall nor exhaust a batch. Parts:
//! - [`intake`]: the import pipeline (parallel reading and verifying, decisions in input order);
//! - [`keys`]: the key registry and the clerk's decisions;
//! - [`submissions`]: versions in signed order, reports, diffs, received files;
//! - [`roster`]: the expected units, their filing status, and targets;
//! - [`summary`]: totals and the summary workbook; [`generate`]: realistic test submissions;
//! - [`state`]: the closed sets (outcomes, reasons, statuses) with their labels.
//!
//! All SQL is in [`crate::store::county`].

pub mod generate;
pub mod intake;
pub mod keys;
pub mod office;
pub mod roster;
/// The closed sets (outcomes, reasons, statuses) live in the model, so the store returns them.
pub use crate::model::county_state as state;
pub mod submissions;
pub mod summary;
pub mod upward;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::refdata::RefData;
use crate::store;
use crate::store::{Db, Location};
use crate::text::Text;

pub use crate::store::county::COUNTY;
pub use intake::{FileResult, ImportOptions, ImportReport, ImportTotals, Progress};
pub use keys::KeyEntry;
pub use roster::RosterStatus;
pub use state::{FileOutcome, FilingStatus, KeySource, KeyStatus, Reason, SubmissionStatus};
pub use submissions::{
    CountySubmission, CurrentSubmission, FieldDiff, ImportRun, LogEntry, VersionRow,
};

/// An open county workspace: a SQLite file, or a database on a shared PostgreSQL server that
/// several clerks use at once ([`store::db`]).
pub struct County {
    conn: Db,
    location: Location,
    refdata: &'static RefData,
    clock: Box<dyn Clock>,
    actor: String,
}

impl std::fmt::Debug for County {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("County").finish_non_exhaustive()
    }
}

impl County {
    /// Creates a county workspace for a county-level division in a new file.
    pub fn init(path: &Path, division: &str, name: &str, clock: Box<dyn Clock>) -> Result<Self> {
        Self::init_at(&Location::File(path.to_path_buf()), division, name, clock)
    }

    /// Creates a county workspace at a location: a new file, or an empty database (schema) on
    /// a PostgreSQL server.
    pub fn init_at(
        location: &Location,
        division: &str,
        name: &str,
        clock: Box<dyn Clock>,
    ) -> Result<Self> {
        let rd = RefData::builtin()?;
        match rd.region(division.trim()) {
            Some(r) if r.level == "county" => {}
            Some(r) => {
                return Err(Error::input(
                    Text::same("--division"),
                    Text::new(
                        format!("{division}（{}）不是县级行政区划代码", r.name),
                        format!(
                            "{division} ({}) is not a county-level division code",
                            r.name
                        ),
                    ),
                ))
            }
            None => {
                return Err(Error::input(
                    Text::same("--division"),
                    Text::new(
                        format!("{division} 不在GB/T 2260代码表中"),
                        format!("{division} is not in the GB/T 2260 code list"),
                    ),
                ))
            }
        }
        if let Location::File(path) = location {
            if path.exists() {
                return Err(Error::input(
                    Text::same(path.display().to_string()),
                    Text::new(
                        "该位置已有文件：请直接打开它，而不是新建工作区",
                        "a file already exists there; open it instead of initialising",
                    ),
                ));
            }
        }
        let c = County::open_at(location, clock)?;
        if store::setting_get(&c.conn, "division")?.is_some() {
            return Err(Error::input(
                Text::same(location.display()),
                Text::new(
                    "该数据库中已有县级工作区，请直接打开",
                    "a county workspace already exists there; open it instead of initialising",
                ),
            ));
        }
        let now = c.now();
        let tx = c.conn.transaction()?;
        store::setting_set(&tx, "division", division.trim())?;
        store::setting_set(&tx, "name", name.trim())?;
        store::audit::append(&tx, &now, &c.actor, "county.init", division, name)?;
        tx.commit()?;
        Ok(c)
    }

    /// Opens an existing (or new, empty) county workspace file; a `postgres://` URL given as
    /// the path opens the database on that server.
    pub fn open(path: &Path, clock: Box<dyn Clock>) -> Result<Self> {
        Self::open_at(&Location::from_path(path), clock)
    }

    /// Opens an existing (or new, empty) county workspace at a location.
    pub fn open_at(location: &Location, clock: Box<dyn Clock>) -> Result<Self> {
        let conn = store::pg::open(location, COUNTY)?;
        if let Some(c) = conn.sqlite() {
            // Every statement an import runs per file stays prepared (rusqlite keeps 16 by default).
            c.set_prepared_statement_cache_capacity(64);
        }
        Ok(County {
            conn,
            location: location.clone(),
            refdata: RefData::builtin()?,
            clock,
            actor: crate::clock::default_actor(),
        })
    }

    pub fn set_actor(&mut self, name: &str) {
        if !name.trim().is_empty() {
            self.actor = name.trim().to_string();
        }
    }

    fn now(&self) -> String {
        self.clock.now().to_rfc3339()
    }

    pub fn division(&self) -> Result<String> {
        Ok(store::setting_get(&self.conn, "division")?.unwrap_or_default())
    }

    pub fn name(&self) -> Result<String> {
        Ok(store::setting_get(&self.conn, "name")?.unwrap_or_default())
    }

    pub fn setting_set(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        store::setting_set(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the filing deadline (`MM-DD` of the year after the reported one).
    pub fn deadline_set(&mut self, month_day: &str) -> Result<()> {
        let ok = month_day.split_once('-').is_some_and(|(m, d)| {
            m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
                && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        });
        if !ok {
            return Err(crate::Error::input(
                Text::same("--date"),
                Text::same("expected MM-DD, e.g. 03-31"),
            ));
        }
        self.setting_set("deadline", month_day)
    }

    /// The filing deadline for reports of `year`: setting `deadline` (MM-DD), else 03-31, of the
    /// following year.
    pub fn deadline(&self, year: i32) -> Result<chrono::NaiveDate> {
        let md = store::setting_get(&self.conn, "deadline")?.unwrap_or_else(|| "03-31".into());
        let (m, d) = md.split_once('-').unwrap_or(("03", "31"));
        Ok(chrono::NaiveDate::from_ymd_opt(
            year + 1,
            m.parse().unwrap_or(3),
            d.parse().unwrap_or(31),
        )
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap_or_default()))
    }

    /// The SQLite connection, when the workspace is a file (backups, schema checks).
    pub fn connection(&self) -> Option<&Connection> {
        self.conn.sqlite()
    }

    /// The database, on whichever backend.
    pub fn db(&self) -> &Db {
        &self.conn
    }

    /// Where the workspace is (a file, or a server's URL).
    pub fn location(&self) -> &Location {
        &self.location
    }

    pub fn refdata(&self) -> &'static RefData {
        self.refdata
    }

    /// Verifies the county's audit log.
    pub fn audit_verify(&self) -> Result<store::audit::Verdict> {
        Ok(store::audit::verify(&self.conn)?)
    }
}

/// Files to import: the given files, and the files directly inside given folders (sorted,
/// hidden files skipped).
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| Error::io(p.display(), e))?;
            let mut v: Vec<PathBuf> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|f| {
                    f.is_file()
                        && !f
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            v.sort();
            out.extend(v);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}
