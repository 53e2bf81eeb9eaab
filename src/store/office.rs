//! The office repository: every statement about subordinate offices — their keys, the signed
//! summaries received from them (versions by signed order), the units each summary carried,
//! the units' own signed payloads kept as evidence, what re-checking found, and the summaries
//! this office signed itself.
//!
//! Standard SQL only (`ON CONFLICT`, `RETURNING`, window functions; no `INSERT OR …`): every
//! statement runs on SQLite and on PostgreSQL ([`super::db`]). Reads take `&Db`, writes a
//! transaction or savepoint (which deref to `&Db`), like [`super::county`].

use super::db::{Db, Row, Sql};
use super::Result;
use crate::args;
use crate::model::county_state::{
    KeySource, OfficeFindingKind, OfficeLevel, Reason, SubmissionStatus,
};
use crate::text::Text;

/// Signed order of an office's summaries, oldest first.
const SIGNED_ORDER: &str = "revision, signed_at, payload_sm3, fingerprint";

fn corrupt(what: &str) -> super::StoreError {
    super::StoreError::Corrupt(format!("{what} returned no row"))
}

// ---- office keys ---------------------------------------------------------------------------

/// The trusted key of a subordinate office.
#[derive(Debug, Clone)]
pub struct OfficeKey {
    pub division: String,
    pub name: String,
    pub level: OfficeLevel,
    pub public_key: String,
    pub fingerprint: String,
    pub source: KeySource,
    pub first_seen: String,
    pub confirmed_at: Option<String>,
    pub confirmed_by: Option<String>,
}

const KEY_COLUMNS: &str =
    "division, name, level, public_key, fingerprint, source, first_seen, confirmed_at, confirmed_by";

fn key_of(mut r: Row) -> Result<OfficeKey> {
    Ok(OfficeKey {
        division: r.get(0)?,
        name: r.get(1)?,
        level: r.get(2)?,
        public_key: r.get(3)?,
        fingerprint: r.get(4)?,
        source: r.get(5)?,
        first_seen: r.get(6)?,
        confirmed_at: r.get(7)?,
        confirmed_by: r.get(8)?,
    })
}

pub fn office_key(db: &Db, division: &str) -> Result<Option<OfficeKey>> {
    db.row(
        &format!("SELECT {KEY_COLUMNS} FROM office_key WHERE division = ?1"),
        args![division],
    )?
    .map(key_of)
    .transpose()
}

pub fn office_keys(db: &Db) -> Result<Vec<OfficeKey>> {
    db.map(
        &format!("SELECT {KEY_COLUMNS} FROM office_key ORDER BY division"),
        args![],
        key_of,
    )
}

/// Offices other than `division` whose trusted key has this fingerprint.
pub fn offices_trusting(db: &Db, fingerprint: &str, division: &str) -> Result<Vec<String>> {
    db.map(
        "SELECT division FROM office_key WHERE fingerprint = ?1 AND division <> ?2 ORDER BY division",
        args![fingerprint, division],
        |mut r| r.get(0),
    )
}

/// Trusts a key for one office (replacing its earlier key); no other office's entry changes.
#[allow(clippy::too_many_arguments)]
pub fn office_key_trust(
    tx: &Db,
    division: &str,
    name: &str,
    level: OfficeLevel,
    public_key: &str,
    fingerprint: &str,
    source: KeySource,
    now: &str,
    actor: &str,
) -> Result<()> {
    tx.exec(
        "INSERT INTO office_key (division, name, level, public_key, fingerprint, source, first_seen,
             confirmed_at, confirmed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)
         ON CONFLICT (division) DO UPDATE SET name = excluded.name, level = excluded.level,
             public_key = excluded.public_key, fingerprint = excluded.fingerprint,
             source = excluded.source, confirmed_at = excluded.confirmed_at,
             confirmed_by = excluded.confirmed_by",
        args![division, name, level, public_key, fingerprint, source, now, actor],
    )?;
    Ok(())
}

/// A key seen on held summaries.
#[derive(Debug, Clone)]
pub struct HeldOfficeKey {
    pub division: String,
    pub name: String,
    pub level: OfficeLevel,
    pub public_key: String,
    pub fingerprint: String,
    pub reason: Option<Reason>,
    pub files: usize,
    pub first_seen: String,
}

pub fn held_office_keys(db: &Db) -> Result<Vec<HeldOfficeKey>> {
    db.map(
        "SELECT division, MAX(name), MAX(level), public_key, fingerprint, MAX(held_reason),
                COUNT(*), MIN(received_at)
         FROM office_summary WHERE status = 'held'
         GROUP BY division, fingerprint, public_key ORDER BY division, MIN(received_at)",
        args![],
        |mut r| {
            Ok(HeldOfficeKey {
                division: r.get(0)?,
                name: r.get(1)?,
                level: r.get(2)?,
                public_key: r.get(3)?,
                fingerprint: r.get(4)?,
                reason: r.get(5)?,
                files: r.get(6)?,
                first_seen: r.get(7)?,
            })
        },
    )
}

/// Whether the office has summaries held for a key other than this one.
pub fn held_for_other_key(db: &Db, division: &str, fingerprint: &str) -> Result<bool> {
    Ok(db
        .value::<i64>(
            "SELECT 1 FROM office_summary
             WHERE division = ?1 AND status = 'held' AND fingerprint <> ?2",
            args![division, fingerprint],
        )?
        .is_some())
}

/// Held summaries of an office signed with this key, in signed order: (id, file sha256).
pub fn held_for(db: &Db, division: &str, fingerprint: &str) -> Result<Vec<(i64, String)>> {
    db.map(
        &format!(
            "SELECT id, file_sha256 FROM office_summary
             WHERE division = ?1 AND fingerprint = ?2 AND status = 'held'
             ORDER BY year, {SIGNED_ORDER}"
        ),
        args![division, fingerprint],
        |mut r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Once an office trusts a key, its summaries held for other keys wait as changed keys.
pub fn held_now_changed(tx: &Db, division: &str, fingerprint: &str) -> Result<()> {
    tx.exec(
        "UPDATE office_summary SET held_reason = 'key_changed'
         WHERE division = ?1 AND status = 'held' AND fingerprint <> ?2",
        args![division, fingerprint],
    )?;
    Ok(())
}

// ---- summaries -----------------------------------------------------------------------------

/// A summary to record.
#[derive(Debug, Clone)]
pub struct NewSummary<'a> {
    pub division: &'a str,
    pub name: &'a str,
    pub level: OfficeLevel,
    pub year: i32,
    pub status: SubmissionStatus,
    pub held_reason: Option<Reason>,
    pub revision: u32,
    pub signed_at: &'a str,
    pub payload_sm3: &'a str,
    pub public_key: &'a str,
    pub fingerprint: &'a str,
    pub file_sha256: &'a str,
    pub received_at: &'a str,
    pub units: usize,
    pub document: &'a str,
}

pub fn summary_insert(tx: &Db, s: &NewSummary<'_>) -> Result<i64> {
    tx.value(
        "INSERT INTO office_summary (division, name, level, year, status, held_reason,
             revision, signed_at, payload_sm3, public_key, fingerprint, file_sha256,
             received_at, units, document)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         RETURNING id",
        args![
            s.division,
            s.name,
            s.level,
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
            s.units,
            s.document
        ],
    )?
    .ok_or_else(|| corrupt("INSERT INTO office_summary … RETURNING id"))
}

/// The summary holding this signed payload with this key.
pub fn summary_by_payload(
    db: &Db,
    division: &str,
    year: i32,
    payload_sm3: &str,
    fingerprint: &str,
) -> Result<Option<(i64, SubmissionStatus)>> {
    db.row(
        "SELECT id, status FROM office_summary
         WHERE division = ?1 AND year = ?2 AND payload_sm3 = ?3 AND fingerprint = ?4",
        args![division, year, payload_sm3, fingerprint],
    )?
    .map(|mut r| Ok((r.get(0)?, r.get(1)?)))
    .transpose()
}

pub fn summary_set_status(tx: &Db, id: i64, status: SubmissionStatus) -> Result<()> {
    tx.exec(
        "UPDATE office_summary SET status = ?2,
             held_reason = CASE WHEN ?2 = 'held' THEN held_reason END
         WHERE id = ?1",
        args![id, status],
    )?;
    Ok(())
}

/// Makes the highest signed revision of an office's accepted summaries of a year current and
/// the others superseded; returns the current one's id and how many there are.
pub fn settle(tx: &Db, division: &str, year: i32) -> Result<Option<(i64, i64)>> {
    super::county::settle_signed(
        tx,
        "office_summary",
        "division",
        SIGNED_ORDER,
        division,
        year,
    )
}

/// The version number (rank in signed order) of an accepted summary.
pub fn version_of(db: &Db, id: i64) -> Result<Option<i64>> {
    super::county::version_in_signed_order(db, "office_summary", "division", SIGNED_ORDER, id)
}

/// A recorded summary, as listed.
#[derive(Debug, Clone)]
pub struct SummaryListed {
    pub id: i64,
    pub division: String,
    pub name: String,
    pub level: OfficeLevel,
    pub year: i32,
    pub status: SubmissionStatus,
    pub held_reason: Option<Reason>,
    pub revision: u32,
    pub signed_at: String,
    pub fingerprint: String,
    pub received_at: String,
    pub units: usize,
    pub file_sha256: String,
    pub findings: usize,
}

const SUMMARY_COLUMNS: &str = "s.id, s.division, s.name, s.level, s.year, s.status, s.held_reason,
     s.revision, s.signed_at, s.fingerprint, s.received_at, s.units, s.file_sha256,
     (SELECT COUNT(*) FROM office_finding f WHERE f.summary_id = s.id)";

fn summary_of(mut r: Row) -> Result<SummaryListed> {
    Ok(SummaryListed {
        id: r.get(0)?,
        division: r.get(1)?,
        name: r.get(2)?,
        level: r.get(3)?,
        year: r.get(4)?,
        status: r.get(5)?,
        held_reason: r.get(6)?,
        revision: r.get(7)?,
        signed_at: r.get(8)?,
        fingerprint: r.get(9)?,
        received_at: r.get(10)?,
        units: r.get(11)?,
        file_sha256: r.get(12)?,
        findings: r.get(13)?,
    })
}

/// Every summary of a year, by office, in signed order.
pub fn summaries(db: &Db, year: i32) -> Result<Vec<SummaryListed>> {
    db.map(
        &format!(
            "SELECT {SUMMARY_COLUMNS} FROM office_summary s WHERE s.year = ?1
             ORDER BY s.division, s.revision, s.signed_at, s.payload_sm3"
        ),
        args![year],
        summary_of,
    )
}

pub fn summary(db: &Db, id: i64) -> Result<Option<SummaryListed>> {
    db.row(
        &format!("SELECT {SUMMARY_COLUMNS} FROM office_summary s WHERE s.id = ?1"),
        args![id],
    )?
    .map(summary_of)
    .transpose()
}

/// The signed payload of a summary.
pub fn summary_document(db: &Db, id: i64) -> Result<Option<String>> {
    db.value(
        "SELECT document FROM office_summary WHERE id = ?1",
        args![id],
    )
}

/// Links a summary to a submission it carried.
pub fn unit_link(tx: &Db, summary_id: i64, submission_id: i64, uscc: &str) -> Result<()> {
    tx.exec(
        "INSERT INTO office_unit (summary_id, submission_id, uscc) VALUES (?1, ?2, ?3)
         ON CONFLICT (summary_id, submission_id) DO NOTHING",
        args![summary_id, submission_id, uscc],
    )?;
    Ok(())
}

/// Units of the other accepted summaries of an office and year: (summary revision, uscc).
pub fn units_of_other_revisions(
    db: &Db,
    division: &str,
    year: i32,
    except: i64,
) -> Result<Vec<(u32, String)>> {
    db.map(
        "SELECT DISTINCT s.revision, u.uscc FROM office_unit u
         JOIN office_summary s ON s.id = u.summary_id
         WHERE s.division = ?1 AND s.year = ?2 AND s.id <> ?3
           AND s.status IN ('current', 'superseded')
         ORDER BY s.revision, u.uscc",
        args![division, year, except],
        |mut r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// For every unit of a year carried by a current summary: (uscc, office division, office name).
pub fn unit_offices(db: &Db, year: i32) -> Result<Vec<(String, String, String)>> {
    db.map(
        "SELECT DISTINCT u.uscc, s.division, s.name FROM office_unit u
         JOIN office_summary s ON s.id = u.summary_id
         WHERE s.year = ?1 AND s.status = 'current'
         ORDER BY u.uscc, s.division",
        args![year],
        |mut r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Units whose current submission of a year a summary carried: (uscc, office division).
pub fn current_carried(db: &Db, year: i32) -> Result<Vec<(String, String)>> {
    db.map(
        "SELECT DISTINCT s.uscc, o.division FROM submission s
         JOIN office_unit u ON u.submission_id = s.id
         JOIN office_summary o ON o.id = u.summary_id
         WHERE s.year = ?1 AND s.status = 'current' AND o.status = 'current'
         ORDER BY s.uscc, o.division",
        args![year],
        |mut r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Current submissions of a year that arrived in a file of their own (not inside a summary).
pub fn direct_units(db: &Db, year: i32) -> Result<Vec<String>> {
    db.map(
        "SELECT uscc FROM submission s WHERE year = ?1 AND status = 'current'
           AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.submission_id = s.id)
         ORDER BY uscc",
        args![year],
        |mut r| r.get(0),
    )
}

// ---- evidence ------------------------------------------------------------------------------

pub fn evidence_insert(
    tx: &Db,
    submission_id: i64,
    payload: &str,
    signature: &str,
    public_key: &str,
) -> Result<()> {
    tx.exec(
        "INSERT INTO evidence (submission_id, payload, signature, public_key) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (submission_id) DO NOTHING",
        args![submission_id, payload, signature, public_key],
    )?;
    Ok(())
}

/// A submission counted in a year's totals, with what carrying it upward needs.
#[derive(Debug, Clone)]
pub struct CountedRef {
    pub id: i64,
    pub uscc: String,
    pub file_sha256: String,
    pub payload_sm3: String,
    pub fingerprint: String,
    pub revision: u32,
    pub signed_at: Option<String>,
    /// The unit's own signed payload, signature and key, when it arrived inside a summary.
    pub evidence: Option<(String, String, String)>,
}

/// The current submissions of a year, with their kept evidence.
pub fn counted(db: &Db, year: i32) -> Result<Vec<CountedRef>> {
    db.map(
        "SELECT s.id, s.uscc, s.file_sha256, s.payload_sm3, s.fingerprint, s.revision, s.signed_at,
                e.payload, e.signature, e.public_key
         FROM submission s LEFT JOIN evidence e ON e.submission_id = s.id
         WHERE s.year = ?1 AND s.status = 'current' ORDER BY s.uscc",
        args![year],
        |mut r| {
            let payload: Option<String> = r.get(7)?;
            Ok(CountedRef {
                id: r.get(0)?,
                uscc: r.get(1)?,
                file_sha256: r.get(2)?,
                payload_sm3: r.get(3)?,
                fingerprint: r.get(4)?,
                revision: r.get(5)?,
                signed_at: r.get(6)?,
                evidence: match payload {
                    Some(p) => Some((p, r.get(8)?, r.get(9)?)),
                    None => None,
                },
            })
        },
    )
}

/// Accepted versions of a year that a higher signed revision replaces:
/// (uscc, revision, signed_at, payload digest, fingerprint).
pub type Superseded = (String, u32, Option<String>, String, String);

pub fn superseded(db: &Db, year: i32) -> Result<Vec<Superseded>> {
    db.map(
        "SELECT uscc, revision, signed_at, payload_sm3, fingerprint FROM submission
         WHERE year = ?1 AND status = 'superseded' ORDER BY uscc, revision, signed_at",
        args![year],
        |mut r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
}

/// Held submissions of one unit and key: (uscc, fingerprint, reason, files).
pub type HeldGroup = (String, String, Option<Reason>, i64);

/// Held submissions of a year, by unit and key.
pub fn held_submissions(db: &Db, year: i32) -> Result<Vec<HeldGroup>> {
    db.map(
        "SELECT uscc, fingerprint, MAX(held_reason), COUNT(*) FROM submission
         WHERE year = ?1 AND status = 'held' GROUP BY uscc, fingerprint ORDER BY uscc, fingerprint",
        args![year],
        |mut r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

// ---- findings ------------------------------------------------------------------------------

/// A finding of re-checking a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: OfficeFindingKind,
    pub uscc: Option<String>,
    pub field: Option<String>,
    pub claimed: Option<String>,
    pub found: Option<String>,
    pub message: Text,
}

/// Replaces the findings of a summary.
pub fn findings_set(tx: &Db, summary_id: i64, findings: &[Finding]) -> Result<()> {
    tx.exec(
        "DELETE FROM office_finding WHERE summary_id = ?1",
        args![summary_id],
    )?;
    for (i, f) in findings.iter().enumerate() {
        tx.exec(
            "INSERT INTO office_finding (summary_id, seq, kind, uscc, field, claimed, found, message,
                 message_en)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            args![
                summary_id,
                i + 1,
                f.kind,
                f.uscc,
                f.field,
                f.claimed,
                f.found,
                f.message.zh,
                f.message.en
            ],
        )?;
    }
    Ok(())
}

pub fn findings(db: &Db, summary_id: i64) -> Result<Vec<Finding>> {
    db.map(
        "SELECT kind, uscc, field, claimed, found, message, message_en FROM office_finding
         WHERE summary_id = ?1 ORDER BY seq",
        args![summary_id],
        |mut r| {
            let kind: OfficeFindingKind = r.get(0)?;
            let (zh, en): (String, String) = (r.get(5)?, r.get(6)?);
            // A finding stored before the English half was kept (county migration 0007) is
            // read with the English label of its kind.
            let en = if en.is_empty() && !zh.is_empty() {
                kind.en().to_string()
            } else {
                en
            };
            Ok(Finding {
                kind,
                uscc: r.get(1)?,
                field: r.get(2)?,
                claimed: r.get(3)?,
                found: r.get(4)?,
                message: Text::new(zh, en),
            })
        },
    )
}

// ---- summaries this office signed ----------------------------------------------------------

/// The next revision of this office's summary of a year (1 for the first).
pub fn next_revision(db: &Db, year: i32) -> Result<u32> {
    Ok(db
        .value(
            "SELECT COALESCE(MAX(revision), 0) + 1 FROM summary_signed WHERE year = ?1",
            args![year],
        )?
        .unwrap_or(1))
}

pub fn signed_record(
    tx: &Db,
    year: i32,
    revision: u32,
    signed_at: &str,
    payload_sm3: &str,
    fingerprint: &str,
    units: usize,
) -> Result<()> {
    tx.exec(
        "INSERT INTO summary_signed (year, revision, signed_at, payload_sm3, fingerprint, units)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![year, revision, signed_at, payload_sm3, fingerprint, units],
    )?;
    Ok(())
}
