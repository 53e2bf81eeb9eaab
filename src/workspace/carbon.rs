//! The check of the evidence files a report's CO₂ inputs list (绿证, 绿电交易 and meter records,
//! 实测参数, 过程排放) against the store. The CO₂ block itself is computed by the report's check
//! (`submission::report_check`).

use super::{EvidenceIssue, EvidenceProblem};
use crate::model::AnnualReport;

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
