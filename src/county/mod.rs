//! 县级汇总 — county intake: batch import of submissions, key registry, versions, roster, totals.
//!
//! Import runs the expensive part (reading, hashing, verifying each workbook) on every core and
//! the decisions and writes on one thread, in input order, so a batch is deterministic. Each file
//! is written inside its own savepoint: one bad file never stops or corrupts the batch. Files are
//! committed in groups; a batch cut short is resumed by running it again (files are skipped by
//! content hash).

pub mod generate;
pub mod summary;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::refdata::RefData;
use crate::store::{self, LedgerClaim};
use crate::validate::{self, Outcome};
use crate::workspace::Clock;
use crate::xlsx::{self, Status, Verification};

/// The county workspace database ("NBC1").
pub const COUNTY: store::Kind = store::Kind {
    application_id: 0x4E42_4331,
    name: "县级工作区",
    migrations: &[
        ("0001_county", include_str!("migrations/0001_county.sql")),
        (
            "0002_lookup_indexes",
            include_str!("migrations/0002_lookup_indexes.sql"),
        ),
    ],
};

/// Files committed per transaction during import.
const COMMIT_EVERY: usize = 64;

/// The outcome of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FileOutcome {
    Accepted,
    AcceptedWithWarnings,
    /// Signature fine, but the key waits for a clerk (unconfirmed or changed).
    Held,
    Rejected,
    /// Already imported (same bytes).
    Skipped,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileResult {
    pub file: String,
    pub outcome: FileOutcome,
    /// A machine word: ok, tampered, bad_signature, unsigned, unreadable, unknown_format,
    /// wrong_year, not_in_county, key_unconfirmed, key_changed, duplicate.
    pub reason: String,
    pub uscc: Option<String>,
    pub name: Option<String>,
    pub year: Option<i32>,
    pub errors: usize,
    pub warnings: usize,
    /// For the clerk, in Chinese.
    pub message: String,
    pub sha256: String,
    /// Fingerprint of the signing key, when the signature could be read.
    pub fingerprint: Option<String>,
}

/// Totals of one import run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportTotals {
    pub files: usize,
    pub accepted: usize,
    pub accepted_with_warnings: usize,
    pub held: usize,
    pub rejected: usize,
    pub skipped: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub files: Vec<FileResult>,
    pub totals: ImportTotals,
}

/// Progress of a running import.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub file: String,
    pub outcome: FileOutcome,
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Register and trust keys seen for the first time (the clerk has compared fingerprints).
    pub trust_new: bool,
    /// Only this reporting year is accepted.
    pub year: Option<i32>,
}

/// A key of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyEntry {
    pub uscc: String,
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    /// trusted | unconfirmed
    pub status: String,
    /// first_use | key_card | decision
    pub source: String,
    pub first_seen: String,
    pub confirmed_at: Option<String>,
    pub confirmed_by: Option<String>,
}

/// A version of a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionRow {
    pub id: i64,
    pub version: i64,
    pub status: String,
    pub received_at: String,
    pub fingerprint: String,
    pub file_sha256: String,
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDiff {
    pub path: String,
    pub before: String,
    pub after: String,
}

/// The work a core does for one file.
struct Checked {
    index: usize,
    file: PathBuf,
    sha256: String,
    size: usize,
    bytes: Option<Vec<u8>>,
    verification: Option<Verification>,
    read_error: Option<String>,
}

/// An open county workspace.
pub struct County {
    conn: Connection,
    refdata: &'static RefData,
    clock: Box<dyn Clock>,
    actor: String,
}

impl std::fmt::Debug for County {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("County").finish_non_exhaustive()
    }
}

fn db_err(e: rusqlite::Error) -> Error {
    Error::from(e)
}

impl County {
    /// Creates a county workspace for a county-level division.
    pub fn init(path: &Path, division: &str, name: &str, clock: Box<dyn Clock>) -> Result<Self> {
        let rd = RefData::builtin()?;
        match rd.region(division.trim()) {
            Some(r) if r.level == "county" => {}
            Some(r) => {
                return Err(Error::Input {
                    location: "--division".into(),
                    message: format!("{division}（{}）不是县级行政区划代码", r.name),
                })
            }
            None => {
                return Err(Error::Input {
                    location: "--division".into(),
                    message: format!("{division} 不在GB/T 2260代码表中"),
                })
            }
        }
        if path.exists() {
            return Err(Error::Input {
                location: path.display().to_string(),
                message: "a file already exists there; open it instead of initialising".into(),
            });
        }
        let mut c = County::open(path, clock)?;
        let tx = c.conn.transaction().map_err(db_err)?;
        store::setting_set(&tx, "division", division.trim())?;
        store::setting_set(&tx, "name", name.trim())?;
        let now = c.clock.now().to_rfc3339();
        store::audit::append(&tx, &now, &c.actor, "county.init", division, name)?;
        tx.commit().map_err(db_err)?;
        Ok(c)
    }

    /// Opens an existing (or new, empty) county workspace.
    pub fn open(path: &Path, clock: Box<dyn Clock>) -> Result<Self> {
        let conn = store::open_kind(path, COUNTY)?;
        // Every statement an import runs per file stays prepared (rusqlite keeps 16 by default).
        conn.set_prepared_statement_cache_capacity(64);
        Ok(County {
            conn,
            refdata: RefData::builtin()?,
            clock,
            actor: std::env::var("NENGBAO_ACTOR")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_else(|_| "unknown".into()),
        })
    }

    pub fn set_actor(&mut self, name: &str) {
        if !name.trim().is_empty() {
            self.actor = name.trim().to_string();
        }
    }

    pub fn division(&self) -> Result<String> {
        Ok(store::setting_get(&self.conn, "division")?.unwrap_or_default())
    }

    pub fn name(&self) -> Result<String> {
        Ok(store::setting_get(&self.conn, "name")?.unwrap_or_default())
    }

    pub fn setting_set(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.conn.transaction().map_err(db_err)?;
        store::setting_set(&tx, key, value)?;
        tx.commit().map_err(db_err)?;
        Ok(())
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

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn refdata(&self) -> &'static RefData {
        self.refdata
    }

    // ---- keys ----------------------------------------------------------------------------

    pub fn keys(&self) -> Result<Vec<KeyEntry>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT uscc, name, public_key, fingerprint, status, source, first_seen, confirmed_at, confirmed_by
                 FROM enterprise_key ORDER BY uscc",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(KeyEntry {
                    uscc: r.get(0)?,
                    name: r.get(1)?,
                    public_key: r.get(2)?,
                    fingerprint: r.get(3)?,
                    status: r.get(4)?,
                    source: r.get(5)?,
                    first_seen: r.get(6)?,
                    confirmed_at: r.get(7)?,
                    confirmed_by: r.get(8)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_err)
    }

    fn key_of(tx: &Connection, uscc: &str) -> rusqlite::Result<Option<(String, String)>> {
        tx.query_row(
            "SELECT fingerprint, status FROM enterprise_key WHERE uscc = ?1",
            [uscc],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
    }

    /// Registers an enterprise's key from its key card (trusted at once), replacing any other.
    pub fn key_register(&mut self, uscc: &str, name: &str, public_hex: &str) -> Result<KeyEntry> {
        let pk = crate::sign::parse_public(public_hex).map_err(|_| Error::Input {
            location: "public key".into(),
            message: "not an SM2 public key (65 bytes, 04‖x‖y, hex)".into(),
        })?;
        let fp = crate::sign::fingerprint(&pk);
        let now = self.clock.now().to_rfc3339();
        let tx = self.conn.transaction().map_err(db_err)?;
        tx.execute(
            "INSERT INTO enterprise_key (uscc, name, public_key, fingerprint, status, source, first_seen, confirmed_at, confirmed_by)
             VALUES (?1, ?2, ?3, ?4, 'trusted', 'key_card', ?5, ?5, ?6)
             ON CONFLICT(uscc) DO UPDATE SET name = excluded.name, public_key = excluded.public_key,
                 fingerprint = excluded.fingerprint, status = 'trusted', source = 'key_card',
                 confirmed_at = excluded.confirmed_at, confirmed_by = excluded.confirmed_by",
            params![uscc, name, public_hex.trim().to_lowercase(), fp, now, self.actor],
        )
        .map_err(db_err)?;
        store::audit::append(&tx, &now, &self.actor, "key.register", uscc, &fp)?;
        tx.commit().map_err(db_err)?;
        self.release_held(uscc)?;
        self.keys()?
            .into_iter()
            .find(|k| k.uscc == uscc)
            .ok_or_else(|| Error::NotFound(uscc.into()))
    }

    /// The clerk's decision: trust the key with this fingerprint for the enterprise (confirming a
    /// first-use key or accepting a changed one), then release the files that were waiting for it.
    pub fn key_trust(&mut self, uscc: &str, fingerprint: &str) -> Result<usize> {
        let want = crate::sign::normalize_hex(fingerprint);
        let held: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT s.fingerprint, s.name FROM submission s WHERE s.uscc = ?1 AND s.status = 'held'
                 ORDER BY s.id DESC",
                [uscc],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db_err)?;
        let known = self.keys()?.into_iter().find(|k| k.uscc == uscc);
        let public = match (&known, &held) {
            (Some(k), _) if crate::sign::normalize_hex(&k.fingerprint) == want => {
                k.public_key.clone()
            }
            (_, Some((fp, _))) if crate::sign::normalize_hex(fp) == want => {
                self.held_public_key(uscc, fp)?
            }
            _ => {
                return Err(Error::NotFound(format!(
                    "{uscc} 没有指纹为 {fingerprint} 的待确认密钥"
                )))
            }
        };
        let name = held
            .map(|h| h.1)
            .or(known.map(|k| k.name))
            .unwrap_or_default();
        let fp = crate::sign::fingerprint(&hex::decode(&public).unwrap_or_default());
        let now = self.clock.now().to_rfc3339();
        let tx = self.conn.transaction().map_err(db_err)?;
        tx.execute(
            "INSERT INTO enterprise_key (uscc, name, public_key, fingerprint, status, source, first_seen, confirmed_at, confirmed_by)
             VALUES (?1, ?2, ?3, ?4, 'trusted', 'decision', ?5, ?5, ?6)
             ON CONFLICT(uscc) DO UPDATE SET public_key = excluded.public_key, fingerprint = excluded.fingerprint,
                 status = 'trusted', source = 'decision', confirmed_at = excluded.confirmed_at,
                 confirmed_by = excluded.confirmed_by",
            params![uscc, name, public, fp, now, self.actor],
        )
        .map_err(db_err)?;
        store::audit::append(&tx, &now, &self.actor, "key.trust", uscc, &fp)?;
        tx.commit().map_err(db_err)?;
        self.release_held(uscc)
    }

    fn held_public_key(&self, uscc: &str, fingerprint: &str) -> Result<String> {
        let sha: String = self
            .conn
            .query_row(
                "SELECT file_sha256 FROM submission WHERE uscc = ?1 AND status = 'held' AND fingerprint = ?2 LIMIT 1",
                params![uscc, fingerprint],
                |r| r.get(0),
            )
            .map_err(db_err)?;
        let bytes: Vec<u8> = self
            .conn
            .query_row("SELECT bytes FROM blob WHERE sha256 = ?1", [&sha], |r| {
                r.get(0)
            })
            .map_err(db_err)?;
        xlsx::verify(&bytes, self.refdata, None)
            .public_key
            .ok_or_else(|| Error::NotFound("held file has no key".into()))
    }

    /// Turns held submissions of an enterprise signed with its now-trusted key into versions.
    fn release_held(&mut self, uscc: &str) -> Result<usize> {
        let Some(trusted_fp): Option<String> = self
            .conn
            .query_row(
                "SELECT fingerprint FROM enterprise_key WHERE uscc = ?1 AND status = 'trusted'",
                [uscc],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err)?
        else {
            return Ok(0);
        };
        let held: Vec<(i64, i32, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, year, file_sha256 FROM submission WHERE uscc = ?1 AND status = 'held' AND fingerprint = ?2 ORDER BY id")
                .map_err(db_err)?;
            let rows = stmt
                .query_map(params![uscc, trusted_fp], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .map_err(db_err)?;
            rows.collect::<rusqlite::Result<_>>().map_err(db_err)?
        };
        let now = self.clock.now().to_rfc3339();
        let tx = self.conn.transaction().map_err(db_err)?;
        for (id, year, sha) in &held {
            let version: i64 = tx
                .query_row(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM submission WHERE uscc = ?1 AND year = ?2 AND status <> 'held'",
                    params![uscc, year],
                    |r| r.get(0),
                )
                .map_err(db_err)?;
            tx.execute(
                "UPDATE submission SET status = 'superseded' WHERE uscc = ?1 AND year = ?2 AND status = 'current'",
                params![uscc, year],
            )
            .map_err(db_err)?;
            tx.execute(
                "UPDATE submission SET status = 'current', version = ?1 WHERE id = ?2",
                params![version, id],
            )
            .map_err(db_err)?;
            tx.execute(
                "UPDATE file SET outcome = CASE WHEN errors + warnings > 0 THEN 'accepted_with_warnings' ELSE 'accepted' END,
                     reason = 'ok', message = '密钥经确认后接收' WHERE sha256 = ?1",
                [sha],
            )
            .map_err(db_err)?;
            store::audit::append(
                &tx,
                &now,
                &self.actor,
                "submission.release",
                &format!("{uscc}/{year}"),
                &format!("version {version}"),
            )?;
        }
        tx.commit().map_err(db_err)?;
        Ok(held.len())
    }

    // ---- import --------------------------------------------------------------------------

    /// Imports files (folders are expanded to the files inside them).
    pub fn import(
        &mut self,
        inputs: &[PathBuf],
        opts: &ImportOptions,
        progress: &(dyn Fn(&Progress) + Sync),
    ) -> Result<ImportReport> {
        let files = expand(inputs)?;
        let known: HashSet<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT sha256 FROM file")
                .map_err(db_err)?;
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(db_err)?;
            rows.filter_map(|r| r.ok()).collect()
        };
        let known = Arc::new(known);
        let files = Arc::new(files);
        let next = Arc::new(AtomicUsize::new(0));
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8);
        let (tx, rx) = mpsc::channel::<Checked>();
        let rd = self.refdata;
        let mut handles = Vec::new();
        for _ in 0..workers {
            let (files, next, known, tx) = (files.clone(), next.clone(), known.clone(), tx.clone());
            handles.push(std::thread::spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(path) = files.get(i) else { break };
                let c = check_file(i, path, &known, rd);
                if tx.send(c).is_err() {
                    break;
                }
            }));
        }
        drop(tx);
        let total = files.len();
        let mut pending: BTreeMap<usize, Checked> = BTreeMap::new();
        let mut next_write = 0usize;
        let mut report = ImportReport::default();
        let mut seen_in_batch: HashSet<String> = HashSet::new();
        let mut txn = Some(self.conn.unchecked_transaction().map_err(db_err)?);
        let mut since_commit = 0;
        for c in rx {
            pending.insert(c.index, c);
            while let Some(c) = pending.remove(&next_write) {
                next_write += 1;
                let t = txn
                    .as_mut()
                    .ok_or_else(|| Error::NotFound("transaction".into()))?;
                let result = decide_and_store(
                    t,
                    &c,
                    opts,
                    &mut seen_in_batch,
                    rd,
                    &*self.clock,
                    &self.actor,
                )?;
                progress(&Progress {
                    done: next_write,
                    total,
                    file: result.file.clone(),
                    outcome: result.outcome,
                });
                report.files.push(result);
                since_commit += 1;
                if since_commit >= COMMIT_EVERY {
                    if let Some(t) = txn.take() {
                        t.commit().map_err(db_err)?;
                    }
                    txn = Some(self.conn.unchecked_transaction().map_err(db_err)?);
                    since_commit = 0;
                }
            }
        }
        if let Some(t) = txn.take() {
            t.commit().map_err(db_err)?;
        }
        drop(txn);
        for h in handles {
            let _ = h.join();
        }
        // Files held for an unconfirmed key that the clerk now trusts (`--trust-new` on a
        // second run): confirm the key and release them.
        if opts.trust_new {
            let mut waiting: Vec<(usize, String, String)> = Vec::new();
            for (i, f) in report.files.iter().enumerate() {
                let row: Option<(String, String, String)> = self
                    .conn
                    .query_row(
                        "SELECT reason, uscc, fingerprint FROM file WHERE sha256 = ?1",
                        [&f.sha256],
                        |r| {
                            Ok((
                                r.get(0)?,
                                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                            ))
                        },
                    )
                    .optional()
                    .map_err(db_err)?;
                if let Some((reason, uscc, fp)) = row {
                    if reason == "key_unconfirmed" {
                        waiting.push((i, uscc, fp));
                    }
                }
            }
            for (i, uscc, fp) in waiting {
                let released = self.key_trust(&uscc, &fp)?;
                if released > 0 {
                    let f = &mut report.files[i];
                    f.outcome = if f.errors + f.warnings > 0 {
                        FileOutcome::AcceptedWithWarnings
                    } else {
                        FileOutcome::Accepted
                    };
                    f.reason = "ok".into();
                    f.message = "密钥已确认，暂存的报送已接收".into();
                }
            }
        }
        for f in &report.files {
            let t = &mut report.totals;
            t.files += 1;
            match f.outcome {
                FileOutcome::Accepted => t.accepted += 1,
                FileOutcome::AcceptedWithWarnings => t.accepted_with_warnings += 1,
                FileOutcome::Held => t.held += 1,
                FileOutcome::Rejected => t.rejected += 1,
                FileOutcome::Skipped => t.skipped += 1,
            }
        }
        Ok(report)
    }

    // ---- submissions ---------------------------------------------------------------------

    pub fn versions(&self, uscc: &str, year: i32) -> Result<Vec<VersionRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, version, status, received_at, fingerprint, file_sha256 FROM submission
                 WHERE uscc = ?1 AND year = ?2 ORDER BY status = 'held', version",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map(params![uscc, year], |r| {
                Ok(VersionRow {
                    id: r.get(0)?,
                    version: r.get(1)?,
                    status: r.get(2)?,
                    received_at: r.get(3)?,
                    fingerprint: r.get(4)?,
                    file_sha256: r.get(5)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_err)
    }

    /// The report of a submission version (the current one when `version` is `None`).
    pub fn report(&self, uscc: &str, year: i32, version: Option<i64>) -> Result<AnnualReport> {
        let body: Option<String> = match version {
            Some(v) => self.conn.query_row(
                "SELECT report FROM submission WHERE uscc = ?1 AND year = ?2 AND version = ?3 AND status <> 'held'",
                params![uscc, year, v],
                |r| r.get(0),
            ),
            None => self.conn.query_row(
                "SELECT report FROM submission WHERE uscc = ?1 AND year = ?2 AND status = 'current'",
                params![uscc, year],
                |r| r.get(0),
            ),
        }
        .optional()
        .map_err(db_err)?;
        let body =
            body.ok_or_else(|| Error::NotFound(format!("{uscc} {year} 没有该版本的报送")))?;
        serde_json::from_str(&body)
            .map_err(|e| Error::Store(store::StoreError::Corrupt(e.to_string())))
    }

    /// Field-level differences between two versions (default: the previous and the current).
    pub fn diff(
        &self,
        uscc: &str,
        year: i32,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<Vec<FieldDiff>> {
        let versions: Vec<i64> = self
            .versions(uscc, year)?
            .into_iter()
            .filter(|v| v.status != "held")
            .map(|v| v.version)
            .collect();
        let to = to
            .or(versions.last().copied())
            .ok_or_else(|| Error::NotFound(format!("{uscc} {year} 没有报送")))?;
        let from = from
            .or_else(|| versions.iter().rev().find(|v| **v < to).copied())
            .ok_or_else(|| Error::NotFound(format!("{uscc} {year} 只有一个版本")))?;
        let a = serde_json::to_value(self.report(uscc, year, Some(from))?).unwrap_or_default();
        let b = serde_json::to_value(self.report(uscc, year, Some(to))?).unwrap_or_default();
        let (mut fa, mut fb) = (BTreeMap::new(), BTreeMap::new());
        flatten("", &a, &mut fa);
        flatten("", &b, &mut fb);
        let mut keys: Vec<&String> = fa.keys().chain(fb.keys()).collect();
        keys.sort();
        keys.dedup();
        Ok(keys
            .into_iter()
            .filter(|k| fa.get(*k) != fb.get(*k))
            .map(|k| FieldDiff {
                path: k.clone(),
                before: fa.get(k).cloned().unwrap_or_default(),
                after: fb.get(k).cloned().unwrap_or_default(),
            })
            .collect())
    }

    /// Current submissions of a year: (uscc, name, report, computed, findings, received_at).
    pub fn current(&self, year: i32) -> Result<Vec<CurrentSubmission>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT uscc, name, version, report, computed, findings, received_at, industry_code FROM submission
                 WHERE year = ?1 AND status = 'current' ORDER BY uscc",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([year], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .map_err(db_err)?;
        let mut out = Vec::new();
        for row in rows {
            let (uscc, name, version, report, computed, findings, received_at, industry_code) =
                row.map_err(db_err)?;
            out.push(CurrentSubmission {
                uscc,
                name,
                version,
                report: serde_json::from_str(&report)
                    .map_err(|e| Error::Store(store::StoreError::Corrupt(e.to_string())))?,
                computed: computed.and_then(|c| serde_json::from_str(&c).ok()),
                findings: serde_json::from_str(&findings)
                    .map_err(|e| Error::Store(store::StoreError::Corrupt(e.to_string())))?,
                received_at,
                industry_code,
            });
        }
        Ok(out)
    }

    /// Files received, newest first.
    pub fn files(&self) -> Result<Vec<FileResult>> {
        let mut stmt = self
            .conn
            .prepare(
                                "SELECT f.name, f.outcome, f.reason, f.uscc, f.year, f.errors, f.warnings, f.message, f.sha256,
                        (SELECT name FROM submission s WHERE s.file_sha256 = f.sha256 LIMIT 1), f.fingerprint
                 FROM file f ORDER BY f.received_at DESC, f.name",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([], |r| {
                let outcome: String = r.get(1)?;
                Ok(FileResult {
                    file: r.get(0)?,
                    outcome: serde_json::from_value(serde_json::Value::String(outcome))
                        .unwrap_or(FileOutcome::Rejected),
                    reason: r.get(2)?,
                    uscc: r.get(3)?,
                    year: r.get(4)?,
                    errors: r.get::<_, i64>(5)? as usize,
                    warnings: r.get::<_, i64>(6)? as usize,
                    message: r.get(7)?,
                    sha256: r.get(8)?,
                    name: r.get(9)?,
                    fingerprint: r.get(10)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_err)
    }

    // ---- targets and roster --------------------------------------------------------------

    pub fn target_set(
        &mut self,
        year: i32,
        pollutant: &str,
        target_t: &str,
        source: &str,
    ) -> Result<()> {
        crate::model::Tonnes::parse(target_t).map_err(|e| Error::Input {
            location: "target".into(),
            message: e.to_string(),
        })?;
        let now = self.clock.now().to_rfc3339();
        let tx = self.conn.transaction().map_err(db_err)?;
        tx.execute(
            "INSERT INTO target (year, pollutant, target_t, source) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(year, pollutant) DO UPDATE SET target_t = excluded.target_t, source = excluded.source",
            params![year, pollutant, target_t, source],
        )
        .map_err(db_err)?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "target.set",
            &format!("{year}/{pollutant}"),
            target_t,
        )?;
        tx.commit().map_err(db_err)?;
        Ok(())
    }

    pub fn targets(&self, year: i32) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT pollutant, target_t, source FROM target WHERE year = ?1 ORDER BY pollutant",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_err)
    }

    /// Replaces the roster of a year with rows (uscc, name, category).
    pub fn roster_set(&mut self, year: i32, rows: &[(String, String, String)]) -> Result<usize> {
        let now = self.clock.now().to_rfc3339();
        let tx = self.conn.transaction().map_err(db_err)?;
        tx.execute("DELETE FROM roster WHERE year = ?1", [year])
            .map_err(db_err)?;
        for (uscc, name, cat) in rows {
            tx.execute(
                "INSERT OR REPLACE INTO roster (year, uscc, name, category) VALUES (?1, ?2, ?3, ?4)",
                params![year, uscc, name, cat],
            )
            .map_err(db_err)?;
        }
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "roster.set",
            &year.to_string(),
            &format!("{} units", rows.len()),
        )?;
        tx.commit().map_err(db_err)?;
        Ok(rows.len())
    }

    /// Roster rows of a year.
    pub fn roster_rows(&self, year: i32) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT uscc, name, category FROM roster WHERE year = ?1 ORDER BY uscc")
            .map_err(db_err)?;
        let rows = stmt
            .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_err)
    }

    /// Held submissions per enterprise (uscc → reason).
    fn held(&self, year: i32) -> Result<BTreeMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.uscc, f.reason FROM submission s JOIN file f ON f.sha256 = s.file_sha256
                 WHERE s.year = ?1 AND s.status = 'held'",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([year], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db_err)
    }

    /// Filing status of every roster unit, and submissions from units not on it.
    pub fn roster_status(&self, year: i32) -> Result<Vec<RosterStatus>> {
        let current: BTreeMap<String, CurrentSubmission> = self
            .current(year)?
            .into_iter()
            .map(|c| (c.uscc.clone(), c))
            .collect();
        let held = self.held(year)?;
        let deadline = self.deadline(year)?;
        let mut out = Vec::new();
        let roster = self.roster_rows(year)?;
        for (uscc, name, category) in &roster {
            let c = current.get(uscc);
            let status = match c {
                Some(c) if c.findings.summary.errors > 0 => "failing",
                Some(c) if received_date(&c.received_at) > Some(deadline) => "late",
                Some(_) => "filed",
                None => match held.get(uscc).map(String::as_str) {
                    Some("key_changed") => "key_changed",
                    Some(_) => "key_unconfirmed",
                    None => "missing",
                },
            };
            out.push(RosterStatus {
                uscc: uscc.clone(),
                name: c.map(|c| c.name.clone()).unwrap_or_else(|| name.clone()),
                category: category.clone(),
                on_roster: true,
                status: status.into(),
                version: c.map(|c| c.version),
                received_at: c.map(|c| c.received_at.clone()),
                errors: c.map_or(0, |c| c.findings.summary.errors),
                warnings: c.map_or(0, |c| c.findings.summary.warnings),
            });
        }
        for (uscc, c) in &current {
            if !roster.iter().any(|(u, _, _)| u == uscc) {
                out.push(RosterStatus {
                    uscc: uscc.clone(),
                    name: c.name.clone(),
                    category: String::new(),
                    on_roster: false,
                    status: if c.findings.summary.errors > 0 {
                        "failing".into()
                    } else {
                        "filed".into()
                    },
                    version: Some(c.version),
                    received_at: Some(c.received_at.clone()),
                    errors: c.findings.summary.errors,
                    warnings: c.findings.summary.warnings,
                });
            }
        }
        Ok(out)
    }

    /// Verifies the county's audit log.
    pub fn audit_verify(&self) -> Result<store::audit::Verdict> {
        Ok(store::audit::verify(&self.conn)?)
    }
}

/// A current submission.
#[derive(Debug, Clone)]
pub struct CurrentSubmission {
    pub uscc: String,
    pub name: String,
    pub version: i64,
    pub report: AnnualReport,
    pub computed: Option<crate::calc::Computed>,
    pub findings: Outcome,
    pub received_at: String,
    pub industry_code: String,
}

/// A roster line with its filing status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterStatus {
    pub uscc: String,
    pub name: String,
    pub category: String,
    pub on_roster: bool,
    /// filed | missing | late | failing | key_unconfirmed | key_changed
    pub status: String,
    pub version: Option<i64>,
    pub received_at: Option<String>,
    pub errors: usize,
    pub warnings: usize,
}

pub fn status_zh(s: &str) -> &'static str {
    match s {
        "filed" => "已报送",
        "missing" => "未报送",
        "late" => "逾期报送",
        "failing" => "有错误",
        "key_unconfirmed" => "密钥待确认",
        "key_changed" => "密钥变更待处理",
        _ => "—",
    }
}

fn received_date(rfc3339: &str) -> Option<chrono::NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|d| d.date_naive())
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, out);
            }
        }
        serde_json::Value::Null => {}
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
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

/// The per-core part: read, hash, verify.
fn check_file(index: usize, path: &Path, known: &HashSet<String>, rd: &RefData) -> Checked {
    let mut c = Checked {
        index,
        file: path.to_path_buf(),
        sha256: String::new(),
        size: 0,
        bytes: None,
        verification: None,
        read_error: None,
    };
    let meta = std::fs::metadata(path);
    if let Ok(m) = &meta {
        if m.len() as usize > xlsx::read::limits::MAX_FILE_BYTES {
            c.size = m.len() as usize;
            c.read_error = Some(format!("文件过大（{} 字节，上限50MB）", m.len()));
            c.sha256 = store::sha256_hex(path.display().to_string().as_bytes());
            return c;
        }
    }
    match std::fs::read(path) {
        Err(e) => {
            c.read_error = Some(format!("无法读取文件：{e}"));
            c.sha256 = store::sha256_hex(path.display().to_string().as_bytes());
        }
        Ok(bytes) => {
            c.sha256 = store::sha256_hex(&bytes);
            c.size = bytes.len();
            if !known.contains(&c.sha256) {
                c.verification = Some(xlsx::verify(&bytes, rd, None));
                c.bytes = Some(bytes);
            }
        }
    }
    c
}

/// Decides a file's outcome and stores it, inside a savepoint of the batch transaction.
fn decide_and_store(
    tx: &mut Transaction,
    c: &Checked,
    opts: &ImportOptions,
    seen: &mut HashSet<String>,
    rd: &RefData,
    clock: &dyn Clock,
    actor: &str,
) -> Result<FileResult> {
    let file = c
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut r = FileResult {
        file: file.clone(),
        outcome: FileOutcome::Rejected,
        reason: String::new(),
        uscc: None,
        name: None,
        year: None,
        errors: 0,
        warnings: 0,
        message: String::new(),
        sha256: c.sha256.clone(),
        fingerprint: None,
    };
    let reject = |mut r: FileResult, reason: &str, message: String| {
        r.outcome = FileOutcome::Rejected;
        r.reason = reason.into();
        r.message = message;
        r
    };
    if let Some(e) = &c.read_error {
        // Unreadable from disk: reported, not stored (there are no bytes to keep).
        return Ok(reject(r, "unreadable", e.clone()));
    }
    let Some(v) = &c.verification else {
        r.outcome = FileOutcome::Skipped;
        r.reason = "duplicate".into();
        r.message = "此文件已导入过（内容相同），跳过".into();
        return Ok(r);
    };
    if !seen.insert(c.sha256.clone()) {
        r.outcome = FileOutcome::Skipped;
        r.reason = "duplicate".into();
        r.message = "本批中已有内容相同的文件，跳过".into();
        return Ok(r);
    }
    r.uscc = v.uscc.clone();
    r.year = v.year;
    r.fingerprint = v.fingerprint.clone();
    r.name = v.report.as_ref().map(|x| x.enterprise.name.clone());
    let division = store::setting_get(tx, "division")?.unwrap_or_default();
    let now = clock.now().to_rfc3339();
    r = match v.status {
        Status::UnknownFormat => reject(r, "unreadable", format!("无法识别的文件：{}", v.message)),
        Status::Unsigned => reject(
            r,
            "unsigned",
            format!("未签名：{}。请企业用能报签名后重新报送", v.message),
        ),
        Status::BadSignature => reject(
            r,
            "bad_signature",
            "签名无效：文件不是由所示密钥签名的，或签名数据被改动，请企业重新导出".into(),
        ),
        Status::Tampered => {
            let cells: Vec<String> = v
                .changes
                .iter()
                .take(5)
                .map(|ch| format!("{}（签名时 {}，现为 {}）", ch.cell, ch.signed, ch.found))
                .collect();
            reject(
                r,
                "tampered",
                format!(
                    "数据在签名后被改动，共{}处：{}{}",
                    v.changes.len(),
                    cells.join("；"),
                    if v.changes.len() > 5 { "……" } else { "" }
                ),
            )
        }
        Status::Valid => {
            let report = v.report.clone().unwrap_or_default();
            if opts.year.is_some_and(|y| y != report.year) {
                let y = opts.year.unwrap_or_default();
                reject(
                    r,
                    "wrong_year",
                    format!("报告年度为{}年，本次只接收{y}年的报告", report.year),
                )
            } else if report.enterprise.division_code.trim() != division {
                let place = rd
                    .region(report.enterprise.division_code.trim())
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                reject(
                    r,
                    "not_in_county",
                    format!(
                        "企业所在区划为{} {place}，不属于本县（{division}），请转交所属县级部门",
                        report.enterprise.division_code
                    ),
                )
            } else {
                let sp = tx.savepoint().map_err(db_err)?;
                let res = accept(&sp, c, v, report, r.clone(), opts, rd, &now, actor);
                match res {
                    Ok(done) => {
                        sp.commit().map_err(db_err)?;
                        done
                    }
                    Err(e) => {
                        drop(sp);
                        reject(r, "storage", format!("保存失败：{e}"))
                    }
                }
            }
        }
    };
    // Every received file is recorded with its bytes (accepted ones inside `accept`).
    if r.outcome == FileOutcome::Rejected {
        let sp = tx.savepoint().map_err(db_err)?;
        let stored =
            record_file(&sp, c, &file, &r, v.fingerprint.as_deref(), None, &now).and_then(|_| {
                store::audit::append(
                    &sp,
                    &now,
                    actor,
                    "file.reject",
                    &c.sha256,
                    &format!("{file}: {}", r.reason),
                )
                .map(|_| ())
                .map_err(|e| match e {
                    store::StoreError::Sqlite(s) => s,
                    other => rusqlite::Error::InvalidParameterName(other.to_string()),
                })
            });
        if stored.is_ok() {
            sp.commit().map_err(db_err)?;
        }
    }
    Ok(r)
}

fn record_file(
    tx: &Connection,
    c: &Checked,
    file: &str,
    r: &FileResult,
    fingerprint: Option<&str>,
    submission: Option<i64>,
    now: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO file (sha256, name, size, received_at, outcome, reason, message, uscc, year, fingerprint, errors, warnings, submission_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )
    .and_then(|mut s| s.execute(params![
            c.sha256,
            file,
            c.size as i64,
            now,
            serde_json::to_value(r.outcome).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            r.reason,
            r.message,
            r.uscc,
            r.year,
            fingerprint,
            r.errors as i64,
            r.warnings as i64,
            submission
        ]))?;
    if let Some(b) = &c.bytes {
        tx.prepare_cached("INSERT OR IGNORE INTO blob (sha256, bytes) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![c.sha256, b]))?;
    }
    Ok(())
}

/// Claims of reduction projects by an enterprise in other years, from the county's submissions.
fn claims_elsewhere(tx: &Connection, uscc: &str, year: i32) -> rusqlite::Result<Vec<LedgerClaim>> {
    let mut stmt = tx.prepare_cached(
        "SELECT year, report FROM submission WHERE uscc = ?1 AND year <> ?2 AND status = 'current'",
    )?;
    let rows = stmt.query_map(params![uscc, year], |r| {
        Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (y, body) = row?;
        let Ok(rep) = serde_json::from_str::<AnnualReport>(&body) else {
            continue;
        };
        for p in rep.reduction_projects {
            out.push(LedgerClaim {
                year: y,
                project_id: p.id.clone(),
                name: p.name.clone(),
                pollutant: p.pollutant.map(|x| x.code().to_string()),
                permit_no: p.permit_no.clone(),
                facility: p.facility.clone(),
                design_capacity: p.design_capacity.map(|c| c.to_string()),
                reduction_t: None,
            });
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn accept(
    tx: &Connection,
    c: &Checked,
    v: &Verification,
    report: AnnualReport,
    mut r: FileResult,
    opts: &ImportOptions,
    rd: &RefData,
    now: &str,
    actor: &str,
) -> Result<FileResult> {
    let uscc = report.enterprise.uscc.clone();
    let fp = v.fingerprint.clone().unwrap_or_default();
    let public = v.public_key.clone().unwrap_or_default();
    // Key registry: trust on first use only when the clerk says so; a different key is held.
    let held_reason = match County::key_of(tx, &uscc).map_err(db_err)? {
        None => {
            let status = if opts.trust_new {
                "trusted"
            } else {
                "unconfirmed"
            };
            tx.prepare_cached(
                "INSERT INTO enterprise_key (uscc, name, public_key, fingerprint, status, source, first_seen, confirmed_at, confirmed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'first_use', ?6, ?7, ?8)",
            )
            .and_then(|mut s| s.execute(params![
                    uscc,
                    report.enterprise.name,
                    public,
                    fp,
                    status,
                    now,
                    opts.trust_new.then_some(now),
                    opts.trust_new.then_some(actor)
                ]))
            .map_err(db_err)?;
            store::audit::append(
                tx,
                now,
                actor,
                if opts.trust_new {
                    "key.trust_first_use"
                } else {
                    "key.seen"
                },
                &uscc,
                &fp,
            )?;
            (!opts.trust_new).then_some("key_unconfirmed")
        }
        Some((known, status)) if known == fp => {
            if status == "trusted" {
                None
            } else if opts.trust_new {
                tx.prepare_cached(
                    "UPDATE enterprise_key SET status = 'trusted', confirmed_at = ?2, confirmed_by = ?3 WHERE uscc = ?1",
                )
                .and_then(|mut s| s.execute(params![uscc, now, actor]))
                .map_err(db_err)?;
                store::audit::append(tx, now, actor, "key.trust_first_use", &uscc, &fp)?;
                None
            } else {
                Some("key_unconfirmed")
            }
        }
        Some(_) => Some("key_changed"),
    };
    let prior: Option<AnnualReport> = tx
        .prepare_cached(
            "SELECT report FROM submission WHERE uscc = ?1 AND year = ?2 AND status = 'current'",
        )
        .and_then(|mut s| s.query_row(params![uscc, report.year - 1], |x| x.get::<_, String>(0)))
        .optional()
        .map_err(db_err)?
        .and_then(|b| serde_json::from_str(&b).ok());
    let claims = claims_elsewhere(tx, &uscc, report.year).map_err(db_err)?;
    let outcome = validate::validate(
        &report,
        rd,
        prior.as_ref(),
        &claims,
        &validate::Settings::from_refdata(rd),
    );
    let computed = crate::calc::compute(&report, rd).ok();
    r.errors = outcome.summary.errors;
    r.warnings = outcome.summary.warnings;
    let version: i64 = tx
        .prepare_cached(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM submission WHERE uscc = ?1 AND year = ?2 AND status <> 'held'",
        )
        .and_then(|mut s| s.query_row(params![uscc, report.year],
            |x| x.get(0)))
        .map_err(db_err)?;
    let status = if held_reason.is_some() {
        "held"
    } else {
        "current"
    };
    if held_reason.is_none() {
        tx.prepare_cached(
            "UPDATE submission SET status = 'superseded' WHERE uscc = ?1 AND year = ?2 AND status = 'current'",
        )
        .and_then(|mut s| s.execute(params![uscc, report.year]))
        .map_err(db_err)?;
    }
    tx.prepare_cached(
        "INSERT INTO submission (uscc, name, year, version, status, file_sha256, received_at, division_code, industry_code, report, computed, findings, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )
    .and_then(|mut s| s.execute(params![
            uscc,
            report.enterprise.name,
            report.year,
            if held_reason.is_some() { 0 } else { version },
            status,
            r.sha256,
            now,
            report.enterprise.division_code,
            report.enterprise.industry_code,
            serde_json::to_string(&report).unwrap_or_default(),
            computed.as_ref().and_then(|c| serde_json::to_string(c).ok()),
            serde_json::to_string(&outcome).unwrap_or_default(),
            fp
        ]))
    .map_err(db_err)?;
    let submission_id = tx.last_insert_rowid();
    match held_reason {
        Some("key_changed") => {
            r.outcome = FileOutcome::Held;
            r.reason = "key_changed".into();
            r.message = format!("签名正确，但所用密钥（指纹 {fp}）与登记的密钥不同，已暂存，请核实后决定是否接受新密钥");
        }
        Some(_) => {
            r.outcome = FileOutcome::Held;
            r.reason = "key_unconfirmed".into();
            r.message = format!(
                "首次收到该单位的密钥（指纹 {fp}），请与企业盖章的密钥卡核对后确认，确认前暂存"
            );
        }
        None => {
            r.reason = "ok".into();
            let e = outcome.summary;
            if e.errors + e.warnings == 0 {
                r.outcome = FileOutcome::Accepted;
                r.message = if version > 1 {
                    format!("已接收（第{version}版，替代前一版）")
                } else {
                    "已接收".into()
                };
            } else {
                r.outcome = FileOutcome::AcceptedWithWarnings;
                r.message = format!(
                    "已接收{}，复核发现{}个错误、{}个未说明的警告",
                    if version > 1 {
                        format!("（第{version}版）")
                    } else {
                        String::new()
                    },
                    e.errors,
                    e.warnings
                );
            }
        }
    }
    record_file(tx, c, &r.file, &r, Some(&fp), Some(submission_id), now).map_err(db_err)?;
    store::audit::append(
        tx,
        now,
        actor,
        "file.import",
        &r.sha256,
        &format!("{}: {} (submission {submission_id})", r.file, r.reason),
    )?;
    Ok(r)
}
