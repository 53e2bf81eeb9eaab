//! 校验 — the rule engine. One registry of `const` rules, run identically in the app (live), the
//! CLI and county intake.
//!
//! Findings are data: [`validate`] never fails. Order is deterministic: registry order, then the
//! order in which a rule walks the report. Severity tiers: an `error` blocks signing a final
//! submission; a `warning` must be fixed or justified in writing (a justification is matched by
//! rule id and location, and counts only when it is at least `min_justification_chars` long);
//! an `info` is a hint.

mod rules;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calc::{self, Computed};
use crate::model::AnnualReport;
use crate::model::{EvidenceIssue, LedgerClaim};
use crate::refdata::RefData;

pub use rules::{RETIRED, RULES};

/// Version of the rule pack; recorded in submissions.
pub const RULE_PACK_VERSION: &str = "2025.1";

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// Everything a rule may look at.
pub struct Context<'a> {
    pub report: &'a AnnualReport,
    /// `None` when the report cannot be computed (unknown code, missing coefficient); rules that
    /// need figures then stay silent and the rule that explains why fires instead.
    pub computed: Option<&'a Computed>,
    pub refdata: &'a RefData,
    /// Last year's report (workspace or `--prior` file) and its figures.
    pub prior: Option<&'a AnnualReport>,
    pub prior_computed: Option<&'a Computed>,
    /// The CO₂ block (with last year's figures for the year-on-year change); `None` only when a
    /// caller builds a context without it, and the carbon rules then stay silent.
    pub carbon: Option<&'a crate::carbon::CarbonResult>,
    /// Reduction projects the enterprise claimed in other years (workspace).
    pub other_claims: &'a [LedgerClaim],
    /// Certificate ranges other units claim in their current submissions of the same year
    /// (county intake; empty elsewhere).
    pub certificates_elsewhere: &'a [crate::carbon::ClaimElsewhere],
    /// Evidence files missing from or changed in the workspace's store; `None` when there is no
    /// store to check against (a bare file on the command line).
    pub evidence_issues: Option<&'a [EvidenceIssue]>,
    pub settings: &'a Settings,
}

/// Tunable limits of the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Year-on-year change (percent) beyond which a warning needs a reason.
    pub yoy_threshold_pct: rust_decimal::Decimal,
    /// A justification shorter than this many characters does not count.
    pub min_justification_chars: usize,
}

impl Settings {
    pub fn from_refdata(rd: &RefData) -> Self {
        Settings {
            yoy_threshold_pct: rd.thresholds.year_on_year.threshold_pct,
            min_justification_chars: rd.thresholds.justification.min_chars,
        }
    }
}

/// One rule of the registry.
pub struct Rule {
    /// Stable id with area prefix: CP completeness, RF reference codes, EN energy table,
    /// CS cross-table and totals, PR products, YY year-on-year, LG ledger, CB carbon and green
    /// certificates, CT county.
    pub id: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// The standard or notice the rule rests on.
    pub basis: &'static str,
    /// First rule-pack version with this rule.
    pub since: &'static str,
    pub check: fn(&Context, &mut Emit),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

/// A finding's message: the one bilingual text type.
pub use crate::text::Text as Message;

/// Where a finding points.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Location {
    /// Field path in the report, e.g. `energy[3].closing_stock`.
    pub path: String,
    /// Sheet and cell, once a template pack maps the path.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cell: Option<String>,
    /// Ledger project id for ledger findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub record: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: Message,
    pub location: Location,
    /// The written reason accepting this warning, when one counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub justification: Option<String>,
}

impl Finding {
    /// A warning with a justification that counts.
    pub fn is_justified(&self) -> bool {
        self.severity == Severity::Warning && self.justification.is_some()
    }
}

/// Counts by tier. `warnings` counts unjustified warnings only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub justified: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Self {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning if f.is_justified() => s.justified += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// A final submission may be signed only with no errors and no unjustified warnings.
    pub fn signable(&self) -> bool {
        self.errors == 0 && self.warnings == 0
    }
}

/// The result of validating a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// Collects the findings of one rule.
pub struct Emit {
    rule: &'static Rule,
    found: Vec<Finding>,
}

impl Emit {
    /// Records a finding at `path` with the Chinese and English message.
    pub fn at(&mut self, path: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) {
        self.push(path.into(), None, zh.into(), en.into());
    }

    /// Records a finding one tier lower than the rule's, as a hint (info): a check against a
    /// reference value that is not verified yet (未核实) informs, it does not ask for a written
    /// reason or block anything.
    pub fn hint_at(
        &mut self,
        path: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.push(path.into(), None, zh.into(), en.into());
        if let Some(f) = self.found.last_mut() {
            f.severity = Severity::Info;
        }
    }

    /// Records a finding on a ledger project.
    pub fn on_record(
        &mut self,
        path: impl Into<String>,
        record: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.push(path.into(), Some(record.to_string()), zh.into(), en.into());
    }

    fn push(&mut self, path: String, record: Option<String>, zh: String, en: String) {
        self.found.push(Finding {
            rule: self.rule.id.to_string(),
            severity: self.rule.severity,
            message: Message { zh, en },
            location: Location {
                path,
                record,
                ..Default::default()
            },
            justification: None,
        });
    }
}

/// Runs every rule over the context.
pub fn run(ctx: &Context) -> Outcome {
    let mut findings = Vec::new();
    for rule in RULES {
        let mut emit = Emit {
            rule,
            found: Vec::new(),
        };
        (rule.check)(ctx, &mut emit);
        findings.append(&mut emit.found);
    }
    attach_justifications(ctx, &mut findings);
    let summary = Summary::of(&findings);
    Outcome { findings, summary }
}

/// Matches written reasons to warnings by rule id and location.
fn attach_justifications(ctx: &Context, findings: &mut [Finding]) {
    for f in findings
        .iter_mut()
        .filter(|f| f.severity == Severity::Warning)
    {
        f.justification = ctx
            .report
            .justifications
            .iter()
            .find(|j| {
                j.rule == f.rule
                    && j.location == f.location.path
                    && j.text.trim().chars().count() >= ctx.settings.min_justification_chars
            })
            .map(|j| j.text.trim().to_string());
    }
}

/// Validates a report with everything computed here: the usual entry point.
pub fn validate(
    report: &AnnualReport,
    refdata: &RefData,
    prior: Option<&AnnualReport>,
    other_claims: &[LedgerClaim],
    settings: &Settings,
) -> Outcome {
    validate_with_evidence(report, refdata, prior, other_claims, None, settings)
}

/// [`validate`] with the result of checking the evidence store.
pub fn validate_with_evidence(
    report: &AnnualReport,
    refdata: &RefData,
    prior: Option<&AnnualReport>,
    other_claims: &[LedgerClaim],
    evidence_issues: Option<&[EvidenceIssue]>,
    settings: &Settings,
) -> Outcome {
    validate_all(
        report,
        refdata,
        prior,
        other_claims,
        &[],
        evidence_issues,
        settings,
    )
}

/// [`validate`] at county intake, with the certificates other units of the county claim in
/// their current submissions of the same year.
pub fn validate_county(
    report: &AnnualReport,
    refdata: &RefData,
    prior: Option<&AnnualReport>,
    other_claims: &[LedgerClaim],
    certificates_elsewhere: &[crate::carbon::ClaimElsewhere],
    settings: &Settings,
) -> Outcome {
    validate_all(
        report,
        refdata,
        prior,
        other_claims,
        certificates_elsewhere,
        None,
        settings,
    )
}

fn validate_all(
    report: &AnnualReport,
    refdata: &RefData,
    prior: Option<&AnnualReport>,
    other_claims: &[LedgerClaim],
    certificates_elsewhere: &[crate::carbon::ClaimElsewhere],
    evidence_issues: Option<&[EvidenceIssue]>,
    settings: &Settings,
) -> Outcome {
    let computed = calc::compute(report, refdata).ok();
    let prior_computed = prior.and_then(|p| calc::compute(p, refdata).ok());
    let carbon = crate::carbon::compute(report, refdata, prior);
    run(&Context {
        report,
        computed: computed.as_ref(),
        refdata,
        prior,
        prior_computed: prior_computed.as_ref(),
        carbon: Some(&carbon),
        other_claims,
        certificates_elsewhere,
        evidence_issues,
        settings,
    })
}

/// Fills each finding's sheet and cell from a template pack, so it can be found in Excel.
pub fn locate(outcome: &mut Outcome, pack: &crate::pack::Pack) {
    for f in &mut outcome.findings {
        if let Some((sheet, cell)) = pack.locate(&f.location.path) {
            f.location.sheet = Some(sheet);
            f.location.cell = Some(cell);
        }
    }
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// `docs/RULES.md`, generated from the registry.
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "# 校验规则 — validation rules\n\nGenerated from the rule registry (`src/validate/rules/`) by \
         `nengbao rules --markdown`; a test fails when this file is stale.\n\n\
         Severity: **error** blocks signing a final submission; **warning** must be fixed or \
         justified in writing; **info** is a hint.\n\n\
         | id | name | severity | 标题 | title | basis | since |\n|---|---|---|---|---|---|---|\n",
    );
    for r in RULES {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.name,
            match r.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
            r.title_zh,
            r.title_en,
            r.basis,
            r.since
        ));
    }
    s.push_str("\nRetired ids (never reused): ");
    if RETIRED.is_empty() {
        s.push_str("none.\n");
    } else {
        s.push_str(&RETIRED.join(", "));
        s.push('\n');
    }
    s
}

/// Whether a date falls in the accounting year.
pub(crate) fn in_year(d: Option<NaiveDate>, year: i32) -> bool {
    use chrono::Datelike;
    d.is_some_and(|d| d.year() == year)
}
