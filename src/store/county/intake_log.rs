//! The intake log: every import run and each file's outcome in it, kept across sessions, and
//! the change stamp screens poll to follow other clerks.

use super::*;
use crate::model::intake_rows::{ImportRun, LogEntry};

/// Starts a logged import run; returns its id.
pub fn run_start(
    tx: &Db,
    now: &str,
    actor: &str,
    year: Option<i32>,
    trust_new: bool,
    files: usize,
) -> Result<i64> {
    tx.value(
        "INSERT INTO import_run (started_at, actor, year, trust_new, files) VALUES (?1, ?2, ?3, ?4, ?5)
         RETURNING id",
        args![now, actor, year, trust_new, files],
    )?
    .ok_or_else(|| crate::store::StoreError::Corrupt("INSERT … RETURNING id returned no row".into()))
}

pub fn run_finish(tx: &Db, run: i64, now: &str, cancelled: bool) -> Result<()> {
    tx.exec(
        "UPDATE import_run SET finished_at = ?2, cancelled = ?3 WHERE id = ?1",
        args![run, now, cancelled],
    )?;
    Ok(())
}

/// What changes whenever anything is recorded in the workspace, by this process or another
/// one on the same server: the audit log's last entry (every decision, accepted or rejected
/// file, roster, key), and the intake log's runs, finished runs and file events (a run of
/// duplicates writes no audit entry). Four index-backed aggregates, cheap enough to poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeStamp {
    pub audit_seq: i64,
    pub runs: i64,
    pub finished_runs: i64,
    pub events: i64,
}

pub fn change_stamp(db: &Db) -> Result<ChangeStamp> {
    let row = db.row(
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM audit),
                (SELECT COUNT(*) FROM import_run),
                (SELECT COUNT(finished_at) FROM import_run),
                (SELECT COUNT(*) FROM import_event)",
        args![],
    )?;
    let Some(mut r) = row else {
        return Ok(ChangeStamp {
            audit_seq: 0,
            runs: 0,
            finished_runs: 0,
            events: 0,
        });
    };
    Ok(ChangeStamp {
        audit_seq: r.get(0)?,
        runs: r.get(1)?,
        finished_runs: r.get(2)?,
        events: r.get(3)?,
    })
}

/// One logged file outcome of a run.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub file: &'a str,
    pub sha256: &'a str,
    pub outcome: FileOutcome,
    pub reason: Reason,
    pub message: &'a Text,
    pub uscc: Option<&'a str>,
    pub year: Option<i32>,
}

pub fn event_append(tx: &Db, run: i64, e: &Event<'_>) -> Result<()> {
    tx.exec(
        "INSERT INTO import_event (run_id, seq, file, sha256, outcome, reason, message, uscc, year,
             message_en)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM import_event WHERE run_id = ?1),
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        args![
            run,
            e.file,
            e.sha256,
            e.outcome,
            e.reason,
            e.message.zh,
            e.uscc,
            e.year,
            e.message.en
        ],
    )?;
    Ok(())
}

/// Runs, newest first.
pub fn runs(db: &Db) -> Result<Vec<ImportRun>> {
    let mut out = db.map(
        "SELECT id, started_at, finished_at, actor, year, trust_new, files, cancelled
         FROM import_run ORDER BY id DESC",
        args![],
        |mut r| {
            Ok(ImportRun {
                id: r.get(0)?,
                started_at: r.get(1)?,
                finished_at: r.get(2)?,
                actor: r.get(3)?,
                year: r.get(4)?,
                trust_new: r.get(5)?,
                files: r.get(6)?,
                cancelled: r.get(7)?,
                outcomes: Vec::new(),
            })
        },
    )?;
    for run in &mut out {
        run.outcomes = db.map(
            "SELECT outcome, COUNT(*) FROM import_event e
             WHERE run_id = ?1 AND seq = (SELECT MAX(seq) FROM import_event x
                                          WHERE x.run_id = e.run_id AND x.sha256 = e.sha256 AND x.file = e.file)
             GROUP BY outcome ORDER BY outcome",
            args![run.id],
            |mut r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    }
    Ok(out)
}

/// Logged outcomes of one run (or of every run), in order.
pub fn events(db: &Db, run: Option<i64>) -> Result<Vec<LogEntry>> {
    let event = |mut r: Row| {
        let (outcome, reason) = (r.get(4)?, r.get(5)?);
        Ok(LogEntry {
            run_id: r.get(0)?,
            seq: r.get(1)?,
            file: r.get(2)?,
            sha256: r.get(3)?,
            outcome,
            reason,
            message: logged_text(r.get(6)?, r.get(9)?, outcome, reason),
            uscc: r.get(7)?,
            year: r.get(8)?,
        })
    };
    match run {
        Some(run) => db.map(
            "SELECT run_id, seq, file, sha256, outcome, reason, message, uscc, year, message_en
             FROM import_event
             WHERE run_id = ?1 ORDER BY run_id DESC, seq",
            args![run],
            event,
        ),
        None => db.map(
            "SELECT run_id, seq, file, sha256, outcome, reason, message, uscc, year, message_en
             FROM import_event
             ORDER BY run_id DESC, seq",
            args![],
            event,
        ),
    }
}
