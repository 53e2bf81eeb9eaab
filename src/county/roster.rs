//! The expected units of a year (the roster), their filing status, and the county's targets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::state::{FilingStatus, Reason};
use super::submissions::CurrentSubmission;
use super::County;
use crate::error::{Error, Result};
use crate::store;
use crate::store::county as repo;

/// A roster line with its filing status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterStatus {
    pub uscc: String,
    pub name: String,
    pub category: String,
    pub on_roster: bool,
    pub status: FilingStatus,
    pub version: Option<i64>,
    pub received_at: Option<String>,
    pub errors: usize,
    pub warnings: usize,
}

fn received_date(rfc3339: &str) -> Option<chrono::NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|d| d.date_naive())
}

impl County {
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
        let now = self.now();
        let tx = self.conn.transaction()?;
        repo::target_set(&tx, year, pollutant, target_t, source)?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "target.set",
            &format!("{year}/{pollutant}"),
            target_t,
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn targets(&self, year: i32) -> Result<Vec<(String, String, String)>> {
        Ok(repo::targets(&self.conn, year)?)
    }

    /// Replaces the roster of a year with rows (uscc, name, category).
    pub fn roster_set(&mut self, year: i32, rows: &[(String, String, String)]) -> Result<usize> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        repo::roster_set(&tx, year, rows)?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "roster.set",
            &year.to_string(),
            &format!("{} units", rows.len()),
        )?;
        tx.commit()?;
        Ok(rows.len())
    }

    /// Roster rows of a year.
    pub fn roster_rows(&self, year: i32) -> Result<Vec<(String, String, String)>> {
        Ok(repo::roster(&self.conn, year)?)
    }

    /// Filing status of every roster unit, and submissions from units not on it.
    pub fn roster_status(&self, year: i32) -> Result<Vec<RosterStatus>> {
        let current: BTreeMap<String, CurrentSubmission> = self
            .current(year)?
            .into_iter()
            .map(|c| (c.uscc.clone(), c))
            .collect();
        let held = repo::held_units(&self.conn, year)?;
        let deadline = self.deadline(year)?;
        let mut out = Vec::new();
        let roster = self.roster_rows(year)?;
        let line = |uscc: &str, c: &CurrentSubmission, category: &str, on_roster: bool| {
            let status = if c.findings.summary.errors > 0 {
                FilingStatus::Failing
            } else if on_roster && received_date(&c.received_at) > Some(deadline) {
                FilingStatus::Late
            } else {
                FilingStatus::Filed
            };
            RosterStatus {
                uscc: uscc.to_string(),
                name: c.name.clone(),
                category: category.to_string(),
                on_roster,
                status,
                version: Some(c.version),
                received_at: Some(c.received_at.clone()),
                errors: c.findings.summary.errors,
                warnings: c.findings.summary.warnings,
            }
        };
        for (uscc, name, category) in &roster {
            out.push(match current.get(uscc) {
                Some(c) => line(uscc, c, category, true),
                None => RosterStatus {
                    uscc: uscc.clone(),
                    name: name.clone(),
                    category: category.clone(),
                    on_roster: true,
                    status: match held.get(uscc) {
                        Some(Reason::KeyChanged) | Some(Reason::KeyOfOtherUnit) => {
                            FilingStatus::KeyChanged
                        }
                        Some(_) => FilingStatus::KeyUnconfirmed,
                        None => FilingStatus::Missing,
                    },
                    version: None,
                    received_at: None,
                    errors: 0,
                    warnings: 0,
                },
            });
        }
        for (uscc, c) in &current {
            if !roster.iter().any(|(u, _, _)| u == uscc) {
                out.push(line(uscc, c, "", false));
            }
        }
        Ok(out)
    }
}
