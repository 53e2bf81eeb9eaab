//! A unit's versions, the intake log and the digest lookup as rows: what the store reads and the county serves
//! as it is (the store fills every field but a found submission's version, which the county
//! ranks). They live in the model so the store can return them without importing the county.

use serde::{Deserialize, Serialize};

use super::county_state::{FileOutcome, Reason, SubmissionStatus};
use crate::text::Text;

/// A submission found by its digest (`nengbao county find`, the 按摘要查找 box).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DigestFound {
    pub id: i64,
    pub uscc: String,
    pub name: String,
    pub year: i32,
    /// 1, 2, … in signed order; none for held or discarded submissions.
    pub version: Option<i64>,
    pub status: SubmissionStatus,
    pub held_reason: Option<Reason>,
    pub revision: u32,
    pub signed_at: Option<String>,
    pub received_at: String,
    pub fingerprint: String,
    /// SM3 of the signed payload, as printed on the paper copy.
    pub digest: String,
    pub file_sha256: String,
    /// Name of the file the submission was received in.
    pub file: String,
}

/// One import run of the intake log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportRun {
    pub id: i64,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub actor: String,
    /// The year the run was restricted to; none when each file's own year was taken.
    pub year: Option<i32>,
    pub trust_new: bool,
    pub files: i64,
    pub cancelled: bool,
    /// Files per final outcome in this run.
    pub outcomes: Vec<(FileOutcome, i64)>,
}

/// One file's outcome in a run of the intake log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogEntry {
    pub run_id: i64,
    pub seq: i64,
    pub file: String,
    pub sha256: String,
    pub outcome: FileOutcome,
    pub reason: Reason,
    pub message: Text,
    pub uscc: Option<String>,
    pub year: Option<i32>,
}

/// A submission of a unit and year. Accepted ones are numbered by signed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionRow {
    pub id: i64,
    /// 1, 2, … in signed order; none for held or discarded submissions.
    pub version: Option<i64>,
    pub status: SubmissionStatus,
    pub held_reason: Option<Reason>,
    /// The signed revision (0 for files of the first format).
    pub revision: u32,
    /// The signed signing time, UTC.
    pub signed_at: Option<String>,
    pub received_at: String,
    pub fingerprint: String,
    pub file_sha256: String,
}
