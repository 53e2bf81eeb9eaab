//! Submissions as the county holds them: versions in signed order, a version's report, field
//! diffs between versions, the current submissions of a year, and the received files.

use serde::{Deserialize, Serialize};

use super::intake::FileResult;
use super::state::SubmissionStatus;
use super::County;
use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::store::county as repo;
use crate::store::StoreError;
use crate::validate::Outcome;

pub use crate::model::intake_rows::{DigestFound, ImportRun, LogEntry, VersionRow};

/// Fewest hex digits of a digest a search takes: fewer would match too much to be a lookup.
pub const DIGEST_MIN_DIGITS: usize = 6;

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDiff {
    pub path: String,
    pub before: String,
    pub after: String,
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
    /// The CO₂ figures the unit signed (none for files of the first format).
    pub carbon: Option<crate::carbon::SignedCarbon>,
    /// Name of the file the submission was received in.
    pub file: String,
}

fn corrupt(e: serde_json::Error) -> Error {
    Error::Store(StoreError::Corrupt(e.to_string()))
}

impl County {
    pub fn versions(&self, uscc: &str, year: i32) -> Result<Vec<VersionRow>> {
        Ok(repo::versions(&self.conn, uscc, year)?)
    }

    /// The report of a submission version (the current one when `version` is `None`).
    pub fn report(&self, uscc: &str, year: i32, version: Option<i64>) -> Result<AnnualReport> {
        let body = match version {
            Some(n) => match self
                .versions(uscc, year)?
                .into_iter()
                .find(|v| v.version == Some(n))
            {
                Some(v) => repo::report_of(&self.conn, v.id)?,
                None => None,
            },
            None => repo::current_report(&self.conn, uscc, year)?,
        };
        let body = body.ok_or_else(|| {
            Error::not_found(
                format!("{uscc} {year} 没有该版本的报送"),
                format!("{uscc} {year} has no such version"),
            )
        })?;
        serde_json::from_str(&body).map_err(corrupt)
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
            .filter_map(|v| v.version)
            .collect();
        let to = to.or(versions.last().copied()).ok_or_else(|| {
            Error::not_found(
                format!("{uscc} {year} 没有报送"),
                format!("{uscc} {year} has no submission"),
            )
        })?;
        let from = from
            .or_else(|| versions.iter().rev().find(|v| **v < to).copied())
            .ok_or_else(|| {
                Error::not_found(
                    format!("{uscc} {year} 只有一个版本"),
                    format!("{uscc} {year} has only one version"),
                )
            })?;
        let a = serde_json::to_value(self.report(uscc, year, Some(from))?).unwrap_or_default();
        let b = serde_json::to_value(self.report(uscc, year, Some(to))?).unwrap_or_default();
        Ok(crate::model::diff::fields(
            crate::model::diff::flatten(&a),
            crate::model::diff::flatten(&b),
        )
        .into_iter()
        .map(|c| FieldDiff {
            path: c.path,
            before: c.before.unwrap_or_default(),
            after: c.after.unwrap_or_default(),
        })
        .collect())
    }

    /// Submissions whose signed payload's SM3 digest matches what a clerk typed or scanned: the
    /// whole digest, its first digits (at least [`DIGEST_MIN_DIGITS`]; spaces and case ignored),
    /// or the QR payload of a printed copy ([`crate::print::qr_text`]).
    pub fn find_by_digest(&self, query: &str) -> Result<Vec<DigestFound>> {
        let prefix = crate::print::digest_of_query(query)
            .filter(|d| d.len() >= DIGEST_MIN_DIGITS)
            .ok_or_else(|| {
                Error::input(
                    crate::text::Text::new("摘要", "digest"),
                    crate::text::Text::new(
                        format!("请输入打印件上的SM3摘要（至少{DIGEST_MIN_DIGITS}位十六进制数字），或扫描打印件上的二维码"),
                        format!("type at least {DIGEST_MIN_DIGITS} hex digits of the SM3 digest, or scan the copy's QR code"),
                    ),
                )
            })?;
        repo::submissions_by_digest(&self.conn, &prefix, 50)?
            .into_iter()
            .map(|mut found| {
                if matches!(
                    found.status,
                    SubmissionStatus::Current | SubmissionStatus::Superseded
                ) {
                    found.version = repo::version_of(&self.conn, found.id)?;
                }
                Ok(found)
            })
            .collect()
    }

    /// Current submissions of a year, in credit-code order.
    pub fn current(&self, year: i32) -> Result<Vec<CurrentSubmission>> {
        let mut all = Vec::new();
        self.for_each_current(year, |s| {
            all.push(s);
            Ok(())
        })?;
        Ok(all)
    }

    /// Hands each current submission of a year to `f`, in credit-code order, reading the
    /// database a page at a time: what `f` does not keep is let go before the next page, so
    /// adding up a province holds one page of reports, not every unit's.
    pub fn for_each_current(
        &self,
        year: i32,
        mut f: impl FnMut(CurrentSubmission) -> Result<()>,
    ) -> Result<()> {
        const PAGE: i64 = 256;
        let mut after = String::new();
        loop {
            let rows = repo::current_page(&self.conn, year, &after, PAGE)?;
            let last_page = rows.len() < PAGE as usize;
            for row in rows {
                after.clone_from(&row.uscc);
                f(CurrentSubmission {
                    uscc: row.uscc,
                    name: row.name,
                    version: row.version,
                    report: serde_json::from_str(&row.report).map_err(corrupt)?,
                    computed: row.computed.and_then(|c| serde_json::from_str(&c).ok()),
                    findings: serde_json::from_str(&row.findings).map_err(corrupt)?,
                    received_at: row.received_at,
                    industry_code: row.industry_code,
                    carbon: row.carbon.and_then(|c| serde_json::from_str(&c).ok()),
                    file: row.file,
                })?;
            }
            if last_page {
                return Ok(());
            }
        }
    }

    /// The intake log: every import run, newest first.
    pub fn import_runs(&self) -> Result<Vec<ImportRun>> {
        Ok(repo::runs(&self.conn)?)
    }

    /// Each file's outcome in one run of the intake log (or in every run).
    pub fn import_log(&self, run: Option<i64>) -> Result<Vec<LogEntry>> {
        Ok(repo::events(&self.conn, run)?)
    }

    /// A stamp that changes whenever anything is recorded in the workspace — by this clerk or
    /// by another one importing into the same server — so a screen can poll it and reload only
    /// when something changed. Compare stamps for equality only.
    pub fn change_stamp(&self) -> Result<String> {
        let s = repo::change_stamp(&self.conn)?;
        Ok(format!(
            "{}.{}.{}.{}",
            s.audit_seq, s.runs, s.finished_runs, s.events
        ))
    }

    /// Files received, newest first.
    pub fn files(&self) -> Result<Vec<FileResult>> {
        Ok(repo::files(&self.conn)?
            .into_iter()
            .map(|f| FileResult {
                file: f.name,
                outcome: f.outcome,
                reason: f.reason,
                uscc: f.uscc,
                name: f.unit_name,
                year: f.year,
                errors: f.errors,
                warnings: f.warnings,
                message: f.message,
                sha256: f.sha256,
                fingerprint: f.fingerprint,
                revision: None,
                signed_at: None,
            })
            .collect())
    }
}

// A unit's report as the county's 报告查看 screen shows it: a version's report (the current one
// unless one is named), its figures, the findings of the unit's current submission (the report
// checked afresh when it has none) and every version. (A plain comment: the generated
// TypeScript declaration stays as the interface knows it.)
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CountySubmission {
    #[cfg_attr(feature = "ts", ts(type = "Report"))]
    pub report: AnnualReport,
    pub computed: Option<crate::calc::Computed>,
    pub outcome: Outcome,
    pub versions: Vec<VersionRow>,
}

impl County {
    /// The unit `uscc`'s report of `year` for the 报告查看 screen ([`CountySubmission`]).
    pub fn submission_view(
        &self,
        uscc: &str,
        year: i32,
        version: Option<i64>,
    ) -> Result<CountySubmission> {
        let rd = self.refdata;
        let report = self.report(uscc, year, version)?;
        let computed = crate::calc::compute(&report, rd).ok();
        // The findings recorded at intake for the current submission (only this unit's row is
        // read), or a fresh check of a version that is not current.
        let outcome = match repo::current_findings(&self.conn, uscc, year)? {
            Some(f) => serde_json::from_str(&f).map_err(corrupt)?,
            None => crate::validate::validate(
                &report,
                rd,
                None,
                &[],
                &crate::validate::Settings::from_refdata(rd),
            ),
        };
        Ok(CountySubmission {
            versions: self.versions(uscc, year)?,
            report,
            computed,
            outcome,
        })
    }
}
