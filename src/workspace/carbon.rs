//! The CO₂ block of a report as the workspace sees it: accounted with last year's report from
//! this workspace (year-on-year), the screen's view of it, and the check of the evidence files
//! its inputs list (绿证, 绿电交易 and meter records, 实测参数, 过程排放) against the store.

use super::{EvidenceIssue, EvidenceProblem, Workspace};
use crate::carbon::{CarbonResult, CarbonView};
use crate::error::Result;
use crate::model::AnnualReport;

impl Workspace {
    /// The CO₂ block of `report`, with last year's report from this workspace.
    pub fn carbon(&self, report: &AnnualReport) -> Result<CarbonResult> {
        let prior = self.prior_report(report)?;
        Ok(crate::carbon::compute(
            report,
            self.refdata(),
            prior.as_ref(),
        ))
    }

    /// The 碳排放 screen's view of `report` (figures, factors with their provenance, the
    /// document the 碳表 tables read).
    pub fn carbon_view(&self, report: &AnnualReport) -> Result<CarbonView> {
        let result = self.carbon(report)?;
        Ok(CarbonView::of(report, &result, self.refdata()))
    }
}

/// The evidence files of the CO₂ inputs that `problem` (the store's check of one SHA-256) finds
/// missing or changed. `project_id` carries the record the file proves (`绿证台账第1条` …).
pub(super) fn evidence_issues(
    report: &AnnualReport,
    problem: impl Fn(&str) -> Option<EvidenceProblem>,
) -> Vec<EvidenceIssue> {
    crate::carbon::evidence_refs(report)
        .into_iter()
        .filter_map(|r| {
            let problem = problem(r.evidence.sha256.trim())?;
            Some(EvidenceIssue {
                path: r.path,
                project_id: r.record,
                name: r.evidence.name.clone(),
                sha256: r.evidence.sha256.clone(),
                problem,
            })
        })
        .collect()
}
