//! SQLite storage: migrations and repositories. The only module that runs SQL.
//!
//! Invariants: `PRAGMA user_version` is the number of applied migrations; migrations are
//! append-only and each runs in one transaction; a database newer than this build is refused;
//! WAL and foreign keys are on. Reads take `&Connection`, writes take `&Transaction`.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::args;
use crate::model::{AnnualReport, Enterprise};

/// Append-only list of migrations; index + 1 is the schema version after applying it.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("migrations/0001_init.sql")),
    (
        "0002_evidence_audit",
        include_str!("migrations/0002_evidence_audit.sql"),
    ),
    (
        "0003_enterprise_archive",
        include_str!("migrations/0003_enterprise_archive.sql"),
    ),
];

pub mod audit;
pub mod backup;
pub mod county;
pub mod db;
pub mod pg;
mod words;

pub use db::{Db, Location, Sql};
pub mod office;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database was written by a newer version of Nengbao (schema {found}, this version understands up to {supported}); update the app")]
    TooNew { found: u32, supported: u32 },
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("这个文件不是{expected}数据库 (the file is not a {expected} database)")]
    WrongKind { expected: &'static str },
    #[error("数据库服务器出错：{0} (database server error)")]
    Postgres(String, #[source] ::postgres::Error),
    #[error("无法连接数据库服务器 {0}；请检查地址、端口、用户名和密码，以及服务器是否允许本机连接 (cannot connect to the database server)")]
    Connect(String),
}

impl StoreError {
    /// The message in both languages (errors without Chinese words are the same in both).
    pub fn text(&self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            StoreError::WrongKind { expected } => Text::new(
                format!("这个文件不是{expected}数据库"),
                format!("the file is not a {expected} database"),
            ),
            StoreError::Postgres(m, _) => {
                Text::new(format!("数据库服务器出错：{m}"), "database server error")
            }
            StoreError::Connect(at) => Text::new(
                format!("无法连接数据库服务器 {at}；请检查地址、端口、用户名和密码，以及服务器是否允许本机连接"),
                "cannot connect to the database server",
            ),
            StoreError::Sqlite(_) | StoreError::TooNew { .. } | StoreError::Corrupt(_) => {
                Text::same(self.to_string())
            }
        }
    }
}

impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> Self {
        StoreError::Postgres(db::pg_message(&e), e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Which kind of database a file is (`PRAGMA application_id`), so an enterprise workspace is never
/// opened as a county one or the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub application_id: i32,
    pub name: &'static str,
    pub migrations: &'static [(&'static str, &'static str)],
}

/// The enterprise workspace ("NBE1").
pub const ENTERPRISE: Kind = Kind {
    application_id: 0x4E42_4531,
    name: "企业工作区",
    migrations: MIGRATIONS,
};

/// Opens (creating if needed) an enterprise workspace and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    open_kind(path, ENTERPRISE)
}

/// An in-memory enterprise database with the current schema (tests, previews).
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    stamp_and_migrate(&conn, ENTERPRISE)?;
    Ok(conn)
}

/// Opens a database of the given kind.
pub fn open_kind(path: &Path, kind: Kind) -> Result<Connection> {
    let conn = Connection::open(path)?;
    configure(&conn)?;
    stamp_and_migrate(&conn, kind)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // journal_mode returns a row; in-memory databases answer "memory".
    let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;")?;
    Ok(())
}

fn stamp_and_migrate(conn: &Connection, kind: Kind) -> Result<()> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app == 0 && schema_version(conn)? == 0 {
        conn.pragma_update(None, "application_id", kind.application_id)?;
    } else if app != kind.application_id {
        return Err(StoreError::WrongKind {
            expected: kind.name,
        });
    }
    migrate_list(conn, kind.migrations)
}

pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies pending migrations of a list, each in its own transaction.
pub fn migrate_list(conn: &Connection, migrations: &[(&str, &str)]) -> Result<()> {
    let current = schema_version(conn)?;
    let supported = migrations.len() as u32;
    if current > supported {
        return Err(StoreError::TooNew {
            found: current,
            supported,
        });
    }
    for (i, (_, sql)) in migrations.iter().enumerate().skip(current as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as u32)?;
        tx.commit()?;
    }
    Ok(())
}

/// The schema as SQLite reports it, for the golden snapshot.
pub fn schema_dump(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = String::new();
    for r in rows {
        out.push_str(&r?);
        out.push_str(";\n");
    }
    Ok(out)
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

// ---- enterprises ----------------------------------------------------------------------------

/// A row of the enterprise list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseSummary {
    pub id: i64,
    pub uscc: String,
    pub name: String,
    pub updated_at: String,
}

/// Inserts or updates an enterprise keyed by USCC; returns its id.
pub fn enterprise_upsert(tx: &Transaction, e: &Enterprise, now: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO enterprise (uscc, name, body, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(uscc) DO UPDATE SET name = excluded.name, body = excluded.body,
             updated_at = excluded.updated_at
         WHERE enterprise.body <> excluded.body",
        params![e.uscc, e.name, json(e)?, now],
    )?;
    Ok(tx.query_row(
        "SELECT id FROM enterprise WHERE uscc = ?1",
        [&e.uscc],
        |r| r.get(0),
    )?)
}

pub fn enterprise_get(conn: &Connection, uscc: &str) -> Result<Option<(i64, Enterprise)>> {
    let row: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, body FROM enterprise WHERE uscc = ?1",
            [uscc],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(id, body)| Ok((id, from_json(&body)?)))
        .transpose()
}

/// Corrects an enterprise's 统一社会信用代码: the same unit, so its reports (working copies,
/// with the code inside them changed) and their frozen history stay with it. Frozen versions
/// keep the code they were frozen with.
pub fn enterprise_recode(tx: &Transaction, old: &str, new: &str, now: &str) -> Result<i64> {
    let Some((id, mut e)) = enterprise_get(tx, old)? else {
        return Err(StoreError::Corrupt(format!("no enterprise {old}")));
    };
    e.uscc = new.to_string();
    tx.execute(
        "UPDATE enterprise SET uscc = ?1, body = ?2, updated_at = ?3 WHERE id = ?4",
        params![new, json(&e)?, now, id],
    )?;
    let reports: Vec<(String, Option<String>)> = {
        let mut stmt = tx.prepare("SELECT body, computed FROM report WHERE enterprise_id = ?1")?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (body, computed) in reports {
        let mut r: AnnualReport = from_json(&body)?;
        r.enterprise.uscc = new.to_string();
        report_save(tx, id, &r, computed.as_deref(), now)?;
    }
    Ok(id)
}

/// Archives an enterprise (or brings it back): it leaves the selector, nothing is deleted.
pub fn enterprise_archive(tx: &Transaction, uscc: &str, archived: bool, now: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE enterprise SET archived_at = CASE WHEN ?2 THEN ?3 END WHERE uscc = ?1",
        params![uscc, archived, now],
    )? > 0)
}

pub fn enterprise_list(conn: &Connection) -> Result<Vec<EnterpriseSummary>> {
    let mut stmt =
        conn.prepare("SELECT id, uscc, name, updated_at FROM enterprise ORDER BY name, uscc")?;
    let rows = stmt.query_map([], |r| {
        Ok(EnterpriseSummary {
            id: r.get(0)?,
            uscc: r.get(1)?,
            name: r.get(2)?,
            updated_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- reports --------------------------------------------------------------------------------

/// A row of the report list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportSummary {
    pub id: i64,
    pub uscc: String,
    pub enterprise_name: String,
    pub year: i32,
    pub revision: i64,
    pub versions: i64,
    pub updated_at: String,
    /// The enterprise was archived: kept, but no longer offered in the selector.
    pub archived: bool,
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Saved {
    pub report_id: i64,
    pub revision: i64,
    /// False when the body was identical to the stored one (nothing written).
    pub changed: bool,
}

/// Saves the working copy of a report (with its computed figures, if any) and refreshes its
/// ledger index. The caller's transaction makes the whole save atomic.
pub fn report_save(
    tx: &Transaction,
    enterprise_id: i64,
    report: &AnnualReport,
    computed_json: Option<&str>,
    now: &str,
) -> Result<Saved> {
    let body = json(report)?;
    let sha = sha256_hex(body.as_bytes());
    let existing: Option<(i64, i64, String)> = tx
        .query_row(
            "SELECT id, revision, body_sha256 FROM report WHERE enterprise_id = ?1 AND year = ?2",
            params![enterprise_id, report.year],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (report_id, revision, changed) = match existing {
        Some((id, rev, old_sha)) if old_sha == sha => (id, rev, false),
        Some((id, rev, _)) => {
            tx.execute(
                "UPDATE report SET body = ?1, computed = ?2, body_sha256 = ?3, revision = ?4,
                     updated_at = ?5 WHERE id = ?6",
                params![body, computed_json, sha, rev + 1, now, id],
            )?;
            (id, rev + 1, true)
        }
        None => {
            tx.execute(
                "INSERT INTO report (enterprise_id, year, revision, body, computed, body_sha256,
                     created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?6)",
                params![enterprise_id, report.year, body, computed_json, sha, now],
            )?;
            (tx.last_insert_rowid(), 1, true)
        }
    };
    if changed {
        ledger_index(tx, enterprise_id, report, now)?;
    }
    Ok(Saved {
        report_id,
        revision,
        changed,
    })
}

fn ledger_index(
    tx: &Transaction,
    enterprise_id: i64,
    report: &AnnualReport,
    now: &str,
) -> Result<()> {
    let mut ids = Vec::with_capacity(report.reduction_projects.len());
    for p in &report.reduction_projects {
        let reduction = match (p.before_t, p.after_t) {
            (Some(b), Some(a)) => Some((b - a).to_string()),
            _ => None,
        };
        tx.execute(
            "INSERT INTO ledger_project (enterprise_id, year, project_id, name, pollutant, permit_no,
                 facility, design_capacity, reduction_t, body, updated_at, removed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL)
             ON CONFLICT(enterprise_id, year, project_id) DO UPDATE SET name = excluded.name,
                 pollutant = excluded.pollutant, permit_no = excluded.permit_no,
                 facility = excluded.facility, design_capacity = excluded.design_capacity,
                 reduction_t = excluded.reduction_t, body = excluded.body,
                 updated_at = excluded.updated_at, removed_at = NULL",
            params![
                enterprise_id,
                report.year,
                p.id,
                p.name,
                p.pollutant.map(|x| x.code()),
                p.permit_no,
                p.facility,
                p.design_capacity.map(|c| c.to_string()),
                reduction,
                json(p)?,
                now
            ],
        )?;
        ids.push(p.id.clone());
    }
    // Projects no longer in the report are marked, never deleted.
    let mut stmt = tx.prepare(
        "SELECT id, project_id FROM ledger_project
         WHERE enterprise_id = ?1 AND year = ?2 AND removed_at IS NULL",
    )?;
    let stale: Vec<i64> = stmt
        .query_map(params![enterprise_id, report.year], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .filter_map(|r| r.ok())
        .filter(|(_, pid)| !ids.contains(pid))
        .map(|(id, _)| id)
        .collect();
    for id in stale {
        tx.execute(
            "UPDATE ledger_project SET removed_at = ?1 WHERE id = ?2",
            params![now, id],
        )?;
    }
    Ok(())
}

pub fn report_load(conn: &Connection, uscc: &str, year: i32) -> Result<Option<AnnualReport>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT r.body FROM report r JOIN enterprise e ON e.id = r.enterprise_id
             WHERE e.uscc = ?1 AND r.year = ?2",
            params![uscc, year],
            |r| r.get(0),
        )
        .optional()?;
    body.map(|b| from_json(&b)).transpose()
}

/// The stored computed figures of a report, as JSON.
pub fn report_computed(conn: &Connection, uscc: &str, year: i32) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT r.computed FROM report r JOIN enterprise e ON e.id = r.enterprise_id
             WHERE e.uscc = ?1 AND r.year = ?2",
            params![uscc, year],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

pub fn report_list(conn: &Connection, uscc: Option<&str>) -> Result<Vec<ReportSummary>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, e.uscc, e.name, r.year, r.revision,
                (SELECT COUNT(*) FROM report_version v WHERE v.report_id = r.id), r.updated_at,
                e.archived_at IS NOT NULL
         FROM report r JOIN enterprise e ON e.id = r.enterprise_id
         WHERE ?1 IS NULL OR e.uscc = ?1
         ORDER BY e.name, r.year DESC",
    )?;
    let rows = stmt.query_map([uscc], |r| {
        Ok(ReportSummary {
            id: r.get(0)?,
            uscc: r.get(1)?,
            enterprise_name: r.get(2)?,
            year: r.get(3)?,
            revision: r.get(4)?,
            versions: r.get(5)?,
            updated_at: r.get(6)?,
            archived: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A frozen version of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionSummary {
    pub version: i64,
    pub revision: i64,
    pub reason: String,
    pub body_sha256: String,
    pub created_at: String,
}

/// Freezes the current working copy as the next version; returns the version number. Freezing an
/// unchanged body twice returns the existing version.
pub fn report_freeze(tx: &Transaction, report_id: i64, reason: &str, now: &str) -> Result<i64> {
    let (revision, body, sha): (i64, String, String) = tx.query_row(
        "SELECT revision, body, body_sha256 FROM report WHERE id = ?1",
        [report_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT version, body_sha256 FROM report_version WHERE report_id = ?1
             ORDER BY version DESC LIMIT 1",
            [report_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((v, last_sha)) = &last {
        if *last_sha == sha {
            return Ok(*v);
        }
    }
    let version = last.map(|(v, _)| v + 1).unwrap_or(1);
    tx.execute(
        "INSERT INTO report_version (report_id, version, revision, reason, body, body_sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![report_id, version, revision, reason, body, sha, now],
    )?;
    Ok(version)
}

pub fn report_versions(conn: &Connection, report_id: i64) -> Result<Vec<VersionSummary>> {
    let mut stmt = conn.prepare(
        "SELECT version, revision, reason, body_sha256, created_at FROM report_version
         WHERE report_id = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([report_id], |r| {
        Ok(VersionSummary {
            version: r.get(0)?,
            revision: r.get(1)?,
            reason: r.get(2)?,
            body_sha256: r.get(3)?,
            created_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn report_version_load(
    conn: &Connection,
    report_id: i64,
    version: i64,
) -> Result<Option<AnnualReport>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM report_version WHERE report_id = ?1 AND version = ?2",
            params![report_id, version],
            |r| r.get(0),
        )
        .optional()?;
    body.map(|b| from_json(&b)).transpose()
}

pub use crate::model::LedgerClaim;

/// Live (not removed) claims of an enterprise in years other than `except_year`.
pub fn ledger_claims(
    conn: &Connection,
    enterprise_id: i64,
    except_year: i32,
) -> Result<Vec<LedgerClaim>> {
    let mut stmt = conn.prepare(
        "SELECT year, project_id, name, pollutant, permit_no, facility, design_capacity, reduction_t
         FROM ledger_project WHERE enterprise_id = ?1 AND year <> ?2 AND removed_at IS NULL
         ORDER BY year, project_id",
    )?;
    let rows = stmt.query_map(params![enterprise_id, except_year], |r| {
        Ok(LedgerClaim {
            year: r.get(0)?,
            project_id: r.get(1)?,
            name: r.get(2)?,
            pollutant: r.get(3)?,
            permit_no: r.get(4)?,
            facility: r.get(5)?,
            design_capacity: r.get(6)?,
            reduction_t: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- settings -------------------------------------------------------------------------------

pub fn setting_get(conn: &impl Sql, key: &str) -> Result<Option<String>> {
    conn.value("SELECT value FROM setting WHERE key = ?1", args![key])
}

pub fn setting_set(tx: &impl Sql, key: &str, value: &str) -> Result<()> {
    tx.exec(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        args![key, value],
    )?;
    Ok(())
}

// ---- evidence -------------------------------------------------------------------------------

/// Records an evidence file in the index (first name and kind win); true when it was new.
pub fn evidence_insert(tx: &Transaction, e: &crate::model::Evidence, now: &str) -> Result<bool> {
    let n = tx.execute(
        "INSERT INTO evidence (sha256, name, kind, size, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(sha256) DO NOTHING",
        params![e.sha256, e.name, e.kind, e.size as i64, now],
    )?;
    Ok(n > 0)
}
