//! 校验 — the check of a report as the filer sees it: the computed figures, the findings
//! located in a template pack, and the CO₂ block, with last year's report taken from the
//! workspace unless one is given.

use serde::Serialize;

use super::Workspace;
use crate::calc::Computed;
use crate::carbon::CarbonResult;
use crate::error::Result;
use crate::model::AnnualReport;
use crate::validate::Outcome;

/// A report's check: figures (absent when the report cannot be computed), findings, CO₂.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub computed: Option<Computed>,
    pub outcome: Outcome,
    pub carbon: CarbonResult,
}

impl Workspace {
    /// Checks `report`: computes it, validates it (with `prior`, else last year's report and
    /// the ledger claims stored here), names each finding's sheet and cell in the pack `pack`
    /// (left unnamed when there is no such pack) and computes its CO₂ block.
    pub fn report_check(
        &self,
        report: &AnnualReport,
        prior: Option<&AnnualReport>,
        pack: &str,
    ) -> Result<Checked> {
        let mut outcome = self.validate(report, prior)?;
        if let Ok(p) = crate::pack::Pack::builtin(pack) {
            crate::validate::locate(&mut outcome, p);
        }
        let stored;
        let last = match prior {
            Some(p) => Some(p),
            None => {
                stored = self.prior_report(report)?;
                stored.as_ref()
            }
        };
        Ok(Checked {
            computed: self.compute(report).ok(),
            carbon: crate::carbon::compute(report, self.refdata(), last),
            outcome,
        })
    }

    /// The computed figures of `report` (an error when it cannot be computed) and its CO₂ block
    /// against `prior` (for the year-on-year change).
    pub fn report_compute(
        &self,
        report: &AnnualReport,
        prior: Option<&AnnualReport>,
    ) -> Result<(Computed, CarbonResult)> {
        let c = self.compute(report)?;
        Ok((c, crate::carbon::compute(report, self.refdata(), prior)))
    }
}
