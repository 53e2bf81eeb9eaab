//! Facts about a report that live outside it, as the rule engine reads them: the reduction
//! projects the same unit claimed in other years, and evidence files the store cannot vouch
//! for. The store and the workspace produce them; `validate` only reads them.

use serde::{Deserialize, Serialize};

/// A reduction project as claimed in some year, for cross-year double-counting checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerClaim {
    pub year: i32,
    pub project_id: String,
    pub name: String,
    pub pollutant: Option<String>,
    pub permit_no: String,
    pub facility: String,
    pub design_capacity: Option<String>,
    pub reduction_t: Option<String>,
}

/// An evidence file the report lists that the store cannot vouch for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceIssue {
    /// Field path of the evidence entry, e.g. `reduction_projects[0].evidence[1]`.
    pub path: String,
    pub project_id: String,
    pub name: String,
    pub sha256: String,
    pub problem: EvidenceProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceProblem {
    /// The file is not in the evidence folder.
    Missing,
    /// The stored file's bytes no longer hash to the recorded SHA-256.
    Changed,
}
