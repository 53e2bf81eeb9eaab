//! The county repository: every statement the intake runs against its database.
//!
//! A submission is one signed payload of one unit and year (UNIQUE on the payload's digest);
//! accepted submissions are ordered by their *signed* revision and signing time, never by
//! arrival, and the version number shown is the rank in that order, computed when read.
//! Every statement is written once and runs on SQLite and on PostgreSQL ([`super::db`]): reads
//! take `&Db`, writes a transaction or savepoint (which deref to `&Db`).

use std::collections::{BTreeMap, HashSet};

use super::db::{Backend, Db, Row, Sql};
use super::{Kind, Result};
use crate::args;
use crate::model::county_state::{FileOutcome, KeySource, Reason, SubmissionStatus};
use crate::model::intake_rows::{DigestFound, VersionRow};
use crate::text::Text;

mod intake_log;
mod keys;
pub use intake_log::*;
pub use keys::*;

/// The county workspace database ("NBC1").
pub const COUNTY: Kind = Kind {
    application_id: 0x4E42_4331,
    name: "县级工作区",
    migrations: &[
        (
            "0001_county",
            include_str!("migrations/county/0001_county.sql"),
        ),
        (
            "0002_lookup_indexes",
            include_str!("migrations/county/0002_lookup_indexes.sql"),
        ),
        (
            "0003_signed_order",
            include_str!("migrations/county/0003_signed_order.sql"),
        ),
        (
            "0004_import_log",
            include_str!("migrations/county/0004_import_log.sql"),
        ),
        (
            "0005_carbon",
            include_str!("migrations/county/0005_carbon.sql"),
        ),
        (
            "0006_offices",
            include_str!("migrations/county/0006_offices.sql"),
        ),
        (
            "0007_messages_en",
            include_str!("migrations/county/0007_messages_en.sql"),
        ),
    ],
};

/// Signed order, oldest first: revision, signing time, then — for files of the first format,
/// which carry neither — arrival, and the payload digest so that equal stamps still give one
/// order whatever order files arrive in.
const SIGNED_ORDER: &str = "revision, COALESCE(signed_at, ''), \
     CASE WHEN signed_at IS NULL THEN id ELSE 0 END, payload_sm3, fingerprint";

/// A received file as recorded.
#[derive(Debug, Clone)]
pub struct FileRow<'a> {
    pub sha256: &'a str,
    pub name: &'a str,
    pub size: usize,
    pub received_at: &'a str,
    pub outcome: FileOutcome,
    pub reason: Reason,
    pub message: &'a Text,
    pub uscc: Option<&'a str>,
    pub year: Option<i32>,
    pub fingerprint: Option<&'a str>,
    pub errors: usize,
    pub warnings: usize,
    pub submission_id: Option<i64>,
}

/// Files whose bytes need no second look: accepted, stale, held or skipped ones. Rejected files
/// are processed again.
pub fn settled_files(db: &Db) -> Result<HashSet<String>> {
    let rows = db.map("SELECT sha256, outcome FROM file", args![], |mut r| {
        Ok((r.get::<String>(0)?, r.get::<String>(1)?))
    })?;
    Ok(rows
        .into_iter()
        .filter(|(_, outcome)| FileOutcome::parse(outcome).is_some_and(FileOutcome::is_settled))
        .map(|(sha, _)| sha)
        .collect())
}

/// Whether a file with these bytes is recorded as settled now (another clerk may have imported
/// it since this import began).
pub fn file_settled(db: &Db, sha256: &str) -> Result<bool> {
    Ok(db
        .value::<FileOutcome>("SELECT outcome FROM file WHERE sha256 = ?1", args![sha256])?
        .is_some_and(FileOutcome::is_settled))
}

/// Records a file (a file processed again replaces its earlier outcome) and keeps its bytes.
pub fn file_record(tx: &Db, f: &FileRow<'_>, bytes: Option<&[u8]>) -> Result<()> {
    tx.exec(
        "INSERT INTO file (sha256, name, size, received_at, outcome, reason, message, uscc, year,
             fingerprint, errors, warnings, submission_id, message_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (sha256) DO UPDATE SET name = excluded.name, received_at = excluded.received_at,
             outcome = excluded.outcome, reason = excluded.reason, message = excluded.message,
             message_en = excluded.message_en, uscc = excluded.uscc, year = excluded.year, fingerprint = excluded.fingerprint,
             errors = excluded.errors, warnings = excluded.warnings,
             submission_id = excluded.submission_id",
        args![
            f.sha256,
            f.name,
            f.size,
            f.received_at,
            f.outcome,
            f.reason,
            f.message.zh,
            f.uscc,
            f.year,
            f.fingerprint,
            f.errors,
            f.warnings,
            f.submission_id,
            f.message.en
        ],
    )?;
    if let Some(b) = bytes {
        tx.exec(
            "INSERT INTO blob (sha256, bytes) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
            args![f.sha256, b],
        )?;
    }
    Ok(())
}

/// What was recorded of a file: unit, year, key fingerprint.
pub type FileIdentity = (Option<String>, Option<i32>, Option<String>);

pub fn file_identity(db: &Db, sha256: &str) -> Result<Option<FileIdentity>> {
    db.row(
        "SELECT uscc, year, fingerprint FROM file WHERE sha256 = ?1",
        args![sha256],
    )?
    .map(|mut r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .transpose()
}

/// Changes a recorded file's outcome (a key decision released or discarded it).
pub fn file_set_outcome(
    tx: &Db,
    sha256: &str,
    outcome: FileOutcome,
    reason: Reason,
    message: &Text,
) -> Result<()> {
    tx.exec(
        "UPDATE file SET outcome = ?2, reason = ?3, message = ?4, message_en = ?5 WHERE sha256 = ?1",
        args![sha256, outcome, reason, message.zh, message.en],
    )?;
    Ok(())
}

/// A recorded file with the unit name of its submission.
#[derive(Debug, Clone)]
pub struct FileListed {
    pub name: String,
    pub outcome: FileOutcome,
    pub reason: Reason,
    pub uscc: Option<String>,
    pub year: Option<i32>,
    pub errors: usize,
    pub warnings: usize,
    pub message: Text,
    pub sha256: String,
    pub unit_name: Option<String>,
    pub fingerprint: Option<String>,
}

/// Every recorded file, newest first.
pub fn files(db: &Db) -> Result<Vec<FileListed>> {
    db.map(
        "SELECT f.name, f.outcome, f.reason, f.uscc, f.year, f.errors, f.warnings, f.message,
                f.sha256, s.name, f.fingerprint, f.message_en
         FROM file f LEFT JOIN submission s ON s.id = f.submission_id
         ORDER BY f.received_at DESC, f.name",
        args![],
        |mut r| {
            let (outcome, reason) = (r.get(1)?, r.get(2)?);
            Ok(FileListed {
                name: r.get(0)?,
                outcome,
                reason,
                uscc: r.get(3)?,
                year: r.get(4)?,
                errors: r.get(5)?,
                warnings: r.get(6)?,
                message: logged_text(r.get(7)?, r.get(11)?, outcome, reason),
                sha256: r.get(8)?,
                unit_name: r.get(9)?,
                fingerprint: r.get(10)?,
            })
        },
    )
}

/// A logged message: its two halves, or — for a row written before the English half was kept
/// (migration 0007) — the Chinese with the English label of its reason (of its outcome for a
/// file taken as it was), the words the English interface showed for it then.
fn logged_text(zh: String, en: String, outcome: FileOutcome, reason: Reason) -> Text {
    if !en.is_empty() || zh.is_empty() {
        return Text::new(zh, en);
    }
    let label = if reason == Reason::Ok {
        outcome.en()
    } else {
        reason.en()
    };
    Text::new(zh, label)
}

/// The recorded name of a file.
pub fn file_name(db: &Db, sha256: &str) -> Result<Option<String>> {
    db.value("SELECT name FROM file WHERE sha256 = ?1", args![sha256])
}

/// The stored bytes of a received file.
pub fn blob(db: &Db, sha256: &str) -> Result<Option<Vec<u8>>> {
    db.value("SELECT bytes FROM blob WHERE sha256 = ?1", args![sha256])
}

// ---- keys ----------------------------------------------------------------------------------

/// A submission to insert.
#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    pub uscc: &'a str,
    pub name: &'a str,
    pub year: i32,
    pub status: SubmissionStatus,
    pub held_reason: Option<Reason>,
    pub revision: u32,
    pub signed_at: Option<&'a str>,
    pub payload_sm3: &'a str,
    pub public_key: &'a str,
    pub fingerprint: &'a str,
    pub file_sha256: &'a str,
    pub received_at: &'a str,
    pub division_code: &'a str,
    pub industry_code: &'a str,
    pub report: &'a str,
    pub computed: Option<&'a str>,
    pub findings: &'a str,
    /// The CO₂ figures as signed (`carbon::SignedCarbon`), when the file carries them.
    pub carbon: Option<&'a str>,
}

pub fn submission_insert(tx: &Db, s: &NewSubmission<'_>) -> Result<i64> {
    tx.value(
        "INSERT INTO submission (uscc, name, year, status, held_reason, revision, signed_at,
             payload_sm3, public_key, fingerprint, file_sha256, received_at, division_code,
             industry_code, report, computed, findings, carbon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         RETURNING id",
        args![
            s.uscc,
            s.name,
            s.year,
            s.status,
            s.held_reason,
            s.revision,
            s.signed_at,
            s.payload_sm3,
            s.public_key,
            s.fingerprint,
            s.file_sha256,
            s.received_at,
            s.division_code,
            s.industry_code,
            s.report,
            s.computed,
            s.findings,
            s.carbon
        ],
    )?
    .ok_or_else(|| super::StoreError::Corrupt("INSERT … RETURNING id returned no row".into()))
}

/// Leading digits of a certificate code naming its project.
const PROJECT_DIGITS: usize = crate::carbon::certificates::PROJECT_DIGITS;

/// Records the certificate ranges a submission claims: (entry index, first code, last code).
pub fn certificate_claims_insert(
    tx: &Db,
    submission_id: i64,
    claims: &[(usize, String, String)],
) -> Result<()> {
    for (entry, first, last) in claims {
        let project = first.get(..PROJECT_DIGITS).unwrap_or(first);
        tx.exec(
            "INSERT INTO certificate_claim (submission_id, entry, project, first, last)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            args![submission_id, *entry, project, first, last],
        )?;
    }
    Ok(())
}

/// Ranges overlapping `first..=last` (32-digit codes) that other units claim in their current
/// submissions of `year`, with the unit, the file and the entry.
pub fn certificates_claimed_elsewhere(
    db: &Db,
    uscc: &str,
    year: i32,
    first: &str,
    last: &str,
) -> Result<Vec<crate::carbon::ClaimElsewhere>> {
    // On SQLite, CROSS JOIN keeps the claims (by project and code) as the outer loop: the
    // lookup costs the claims of one project, never every current submission of the year.
    // PostgreSQL plans the join itself (and has no CROSS JOIN … ON).
    let join = match db.backend() {
        Backend::Sqlite => "CROSS JOIN",
        Backend::Postgres => "JOIN",
    };
    let project = first.get(..PROJECT_DIGITS).unwrap_or(first);
    db.map(
        &format!(
            "SELECT s.uscc, s.name, COALESCE(f.name, ''), c.entry, c.first, c.last
             FROM certificate_claim c
             {join} submission s ON s.id = c.submission_id
             LEFT JOIN file f ON f.sha256 = s.file_sha256
             WHERE c.project = ?5 AND c.first <= ?4 AND c.last >= ?3
               AND s.year = ?1 AND s.status = 'current' AND s.uscc <> ?2
             ORDER BY s.uscc, c.entry"
        ),
        args![year, uscc, first, last, project],
        |mut r| {
            Ok(crate::carbon::ClaimElsewhere {
                uscc: r.get(0)?,
                name: r.get(1)?,
                file: r.get(2)?,
                entry: r.get(3)?,
                first: r.get(4)?,
                last: r.get(5)?,
            })
        },
    )
}

/// The submission holding this signed payload, signed with this key, for the unit and year.
pub fn submission_by_payload(
    db: &Db,
    uscc: &str,
    year: i32,
    payload_sm3: &str,
    fingerprint: &str,
) -> Result<Option<(i64, SubmissionStatus)>> {
    db.row(
        "SELECT id, status FROM submission
         WHERE uscc = ?1 AND year = ?2 AND payload_sm3 = ?3 AND fingerprint = ?4",
        args![uscc, year, payload_sm3, fingerprint],
    )?
    .map(|mut r| Ok((r.get(0)?, r.get(1)?)))
    .transpose()
}

/// Submissions whose signed payload's SM3 digest (lowercase hex) starts with `prefix`, at most
/// `limit`, newest year first, their version left for the county to rank. A range on the column
/// (`prefix` ≤ digest < `prefix`‖`g`: every hex digit sorts below `g` on both backends' byte
/// order), so it needs no LIKE.
pub fn submissions_by_digest(db: &Db, prefix: &str, limit: i64) -> Result<Vec<DigestFound>> {
    db.map(
        "SELECT id, uscc, s.name, year, status, held_reason, revision, signed_at, s.received_at,
                fingerprint, payload_sm3, file_sha256,
                COALESCE((SELECT f.name FROM file f WHERE f.sha256 = s.file_sha256), '')
         FROM submission s WHERE payload_sm3 >= ?1 AND payload_sm3 < ?2
         ORDER BY year DESC, uscc, revision, id LIMIT ?3",
        args![prefix, format!("{prefix}g"), limit],
        |mut r| {
            Ok(DigestFound {
                id: r.get(0)?,
                uscc: r.get(1)?,
                name: r.get(2)?,
                year: r.get(3)?,
                version: None,
                status: r.get(4)?,
                held_reason: r.get(5)?,
                revision: r.get(6)?,
                signed_at: r.get(7)?,
                received_at: r.get(8)?,
                fingerprint: r.get(9)?,
                digest: r.get(10)?,
                file_sha256: r.get(11)?,
                file: r.get(12)?,
            })
        },
    )
}

/// Makes the highest signed revision of a unit's accepted submissions of a year current and
/// the others superseded; returns the current one's id and its version number.
pub fn settle(tx: &Db, uscc: &str, year: i32) -> Result<Option<(i64, i64)>> {
    settle_signed(tx, "submission", "uscc", SIGNED_ORDER, uscc, year)
}

/// The version number (rank in signed order) of an accepted submission.
pub fn version_of(db: &Db, id: i64) -> Result<Option<i64>> {
    version_in_signed_order(db, "submission", "uscc", SIGNED_ORDER, id)
}

/// Settles the accepted rows of one sender and year in `table` (submissions of a unit, summaries
/// of an office): the last in `order` becomes current, the others superseded; returns the current
/// row's id and how many there are. `table`, `key` and `order` are this module's own names.
pub(super) fn settle_signed(
    tx: &Db,
    table: &str,
    key: &str,
    order: &str,
    sender: &str,
    year: i32,
) -> Result<Option<(i64, i64)>> {
    let ids: Vec<i64> = tx.map(
        &format!(
            "SELECT id FROM {table} WHERE {key} = ?1 AND year = ?2
                 AND status IN ('current', 'superseded') ORDER BY {order}"
        ),
        args![sender, year],
        |mut r| r.get(0),
    )?;
    let Some(&current) = ids.last() else {
        return Ok(None);
    };
    tx.exec(
        &format!(
            "UPDATE {table} SET status = CASE WHEN id = ?3 THEN 'current' ELSE 'superseded' END
             WHERE {key} = ?1 AND year = ?2 AND status IN ('current', 'superseded')"
        ),
        args![sender, year, current],
    )?;
    Ok(Some((current, ids.len() as i64)))
}

/// The version number (rank in `order` among the accepted rows of the same sender and year) of
/// the row `id` of `table`.
pub(super) fn version_in_signed_order(
    db: &Db,
    table: &str,
    key: &str,
    order: &str,
    id: i64,
) -> Result<Option<i64>> {
    db.value(
        &format!(
            "SELECT v FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY {order}) AS v
                 FROM {table}
                 WHERE ({key}, year) = (SELECT {key}, year FROM {table} WHERE id = ?1)
                   AND status IN ('current', 'superseded')) ranked
             WHERE id = ?1"
        ),
        args![id],
    )
}

pub fn submission_set_status(tx: &Db, id: i64, status: SubmissionStatus) -> Result<()> {
    tx.exec(
        "UPDATE submission SET status = ?2, held_reason = CASE WHEN ?2 = 'held' THEN held_reason END WHERE id = ?1",
        args![id, status],
    )?;
    Ok(())
}

/// A held submission waiting for a key decision.
#[derive(Debug, Clone)]
pub struct Held {
    pub id: i64,
    pub year: i32,
    pub file_sha256: String,
    pub name: String,
    pub public_key: String,
    pub errors_warnings: (usize, usize),
}

/// Held submissions of a unit signed with this key, in signed order.
pub fn held_for(db: &Db, uscc: &str, fingerprint: &str) -> Result<Vec<Held>> {
    db.map(
        &format!(
            "SELECT id, year, file_sha256, name, public_key,
                    (SELECT errors FROM file f WHERE f.sha256 = s.file_sha256),
                    (SELECT warnings FROM file f WHERE f.sha256 = s.file_sha256)
             FROM submission s
             WHERE uscc = ?1 AND fingerprint = ?2 AND status = 'held'
             ORDER BY year, {SIGNED_ORDER}"
        ),
        args![uscc, fingerprint],
        |mut r| {
            Ok(Held {
                id: r.get(0)?,
                year: r.get(1)?,
                file_sha256: r.get(2)?,
                name: r.get(3)?,
                public_key: r.get(4)?,
                errors_warnings: (
                    r.get::<Option<usize>>(5)?.unwrap_or(0),
                    r.get::<Option<usize>>(6)?.unwrap_or(0),
                ),
            })
        },
    )
}

/// Accepted versions in signed order (numbered), then held and discarded ones.
pub fn versions(db: &Db, uscc: &str, year: i32) -> Result<Vec<VersionRow>> {
    db.map(
        &format!(
            "SELECT id,
                    CASE WHEN status IN ('current', 'superseded') THEN
                        ROW_NUMBER() OVER (PARTITION BY status IN ('current', 'superseded') ORDER BY {SIGNED_ORDER})
                    END AS v,
                    status, held_reason, revision, signed_at, received_at, fingerprint, file_sha256
             FROM submission WHERE uscc = ?1 AND year = ?2
             ORDER BY status NOT IN ('current', 'superseded'), {SIGNED_ORDER}"
        ),
        args![uscc, year],
        |mut r| {
            Ok(VersionRow {
                id: r.get(0)?,
                version: r.get(1)?,
                status: r.get(2)?,
                held_reason: r.get(3)?,
                revision: r.get(4)?,
                signed_at: r.get(5)?,
                received_at: r.get(6)?,
                fingerprint: r.get(7)?,
                file_sha256: r.get(8)?,
            })
        },
    )
}

/// The report JSON of a submission by id.
pub fn report_of(db: &Db, id: i64) -> Result<Option<String>> {
    db.value("SELECT report FROM submission WHERE id = ?1", args![id])
}

/// The current report JSON of a unit and year.
pub fn current_report(db: &Db, uscc: &str, year: i32) -> Result<Option<String>> {
    db.value(
        "SELECT report FROM submission WHERE uscc = ?1 AND year = ?2 AND status = 'current'",
        args![uscc, year],
    )
}

/// Current reports of a unit in years other than `year`, with their year.
pub fn current_reports_elsewhere(db: &Db, uscc: &str, year: i32) -> Result<Vec<(i32, String)>> {
    db.map(
        "SELECT year, report FROM submission WHERE uscc = ?1 AND year <> ?2 AND status = 'current'",
        args![uscc, year],
        |mut r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A current submission row as stored.
#[derive(Debug, Clone)]
pub struct CurrentRow {
    pub uscc: String,
    pub name: String,
    pub version: i64,
    pub report: String,
    pub computed: Option<String>,
    pub findings: String,
    pub received_at: String,
    pub industry_code: String,
    pub carbon: Option<String>,
    /// Name of the file the submission was received in.
    pub file: String,
}

/// The current submissions of a year with their version numbers, in credit-code order: at most
/// `limit` of them after the unit `after` (`""` for the first page). A year is read a page at a
/// time so no caller holds every unit's stored report text at once.
pub fn current_page(db: &Db, year: i32, after: &str, limit: i64) -> Result<Vec<CurrentRow>> {
    db.map(
        "SELECT uscc, s.name,
                (SELECT COUNT(*) FROM submission o WHERE o.uscc = s.uscc AND o.year = s.year
                     AND o.status IN ('current', 'superseded')),
                report, computed, findings, s.received_at, industry_code, carbon,
                COALESCE((SELECT f.name FROM file f WHERE f.sha256 = s.file_sha256), '')
         FROM submission s WHERE year = ?1 AND status = 'current' AND uscc > ?2
         ORDER BY uscc LIMIT ?3",
        args![year, after, limit],
        |mut r| {
            Ok(CurrentRow {
                uscc: r.get(0)?,
                name: r.get(1)?,
                version: r.get(2)?,
                report: r.get(3)?,
                computed: r.get(4)?,
                findings: r.get(5)?,
                received_at: r.get(6)?,
                industry_code: r.get(7)?,
                carbon: r.get(8)?,
                file: r.get(9)?,
            })
        },
    )
}

/// The findings (JSON) recorded for one unit's current submission of a year.
pub fn current_findings(db: &Db, uscc: &str, year: i32) -> Result<Option<String>> {
    db.value(
        "SELECT findings FROM submission WHERE uscc = ?1 AND year = ?2 AND status = 'current'",
        args![uscc, year],
    )
}

/// Units of a year with held submissions and the reason that weighs most (a changed key
/// before an unconfirmed one).
pub fn held_units(db: &Db, year: i32) -> Result<BTreeMap<String, Reason>> {
    let rows: Vec<(String, Option<Reason>)> = db.map(
        "SELECT uscc, held_reason FROM submission WHERE year = ?1 AND status = 'held'",
        args![year],
        |mut r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut out: BTreeMap<String, Reason> = BTreeMap::new();
    for (uscc, reason) in rows {
        let reason = reason.unwrap_or(Reason::KeyUnconfirmed);
        let e = out.entry(uscc).or_insert(reason);
        if reason != Reason::KeyUnconfirmed {
            *e = reason;
        }
    }
    Ok(out)
}

// ---- roster and targets --------------------------------------------------------------------

pub fn target_set(tx: &Db, year: i32, pollutant: &str, target_t: &str, source: &str) -> Result<()> {
    tx.exec(
        "INSERT INTO target (year, pollutant, target_t, source) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (year, pollutant) DO UPDATE SET target_t = excluded.target_t, source = excluded.source",
        args![year, pollutant, target_t, source],
    )?;
    Ok(())
}

pub fn targets(db: &Db, year: i32) -> Result<Vec<(String, String, String)>> {
    db.map(
        "SELECT pollutant, target_t, source FROM target WHERE year = ?1 ORDER BY pollutant",
        args![year],
        |mut r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Replaces the roster of a year.
pub fn roster_set(tx: &Db, year: i32, rows: &[(String, String, String)]) -> Result<()> {
    tx.exec("DELETE FROM roster WHERE year = ?1", args![year])?;
    for (uscc, name, cat) in rows {
        tx.exec(
            "INSERT INTO roster (year, uscc, name, category) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (year, uscc) DO UPDATE SET name = excluded.name, category = excluded.category",
            args![year, uscc, name, cat],
        )?;
    }
    Ok(())
}

pub fn roster(db: &Db, year: i32) -> Result<Vec<(String, String, String)>> {
    db.map(
        "SELECT uscc, name, category FROM roster WHERE year = ?1 ORDER BY uscc",
        args![year],
        |mut r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Once a unit trusts a key, its files held for other keys wait as changed keys.
pub fn held_now_changed(tx: &Db, uscc: &str, fingerprint: &str) -> Result<()> {
    tx.exec(
        "UPDATE submission SET held_reason = 'key_changed'
         WHERE uscc = ?1 AND status = 'held' AND fingerprint <> ?2",
        args![uscc, fingerprint],
    )?;
    Ok(())
}
