//! 减排台账 behaviour: which projects count, counted totals per pollutant against the assigned
//! target, and which periodic records are due.
//!
//! A project counts for the year when it is not 应急减排 or 超标治理, was accepted within the
//! year, has evidence, and its after-emission is not above its before-emission. Its counted
//! amount is `before − after − offset` (the part used as 区域削减 for a new project is deducted,
//! never counted twice), floored at zero.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::lists::Coded;
use crate::model::{
    AnnualReport, Fixed, Percent, Pollutant, RecordFrequency, ReductionProject, Tonnes,
};

/// Why a project does not count this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Exclusion {
    /// 应急减排
    Emergency,
    /// 超标治理
    OverLimit,
    /// Not accepted within the accounting year.
    NotAcceptedInYear,
    /// No evidence attached.
    NoEvidence,
    /// Before/after missing, or after above before.
    NoValidReduction,
    /// No pollutant given.
    NoPollutant,
}

impl Exclusion {
    pub fn zh(self) -> &'static str {
        match self {
            Exclusion::Emergency => "应急减排，不计入",
            Exclusion::OverLimit => "超标治理，不计入",
            Exclusion::NotAcceptedInYear => "未在本年度内验收",
            Exclusion::NoEvidence => "无证明材料",
            Exclusion::NoValidReduction => "实施前后排放量不完整或无减排",
            Exclusion::NoPollutant => "未填写污染物",
        }
    }
}

/// One project's standing in the year's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectStanding {
    pub id: String,
    pub name: String,
    pub pollutant: Option<Pollutant>,
    /// before − after, when both are known.
    pub reduction_t: Option<Tonnes>,
    pub offset_t: Tonnes,
    /// What counts: reduction − offset (0 when excluded).
    pub counted_t: Tonnes,
    pub excluded: Vec<Exclusion>,
}

/// The year's totals for one pollutant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PollutantTotal {
    pub pollutant: Pollutant,
    pub projects: usize,
    pub counted_projects: usize,
    /// Σ reductions of counted projects before deducting offsets.
    pub gross_t: Tonnes,
    /// Σ offsets of counted projects.
    pub offset_t: Tonnes,
    /// Σ counted amounts.
    pub counted_t: Tonnes,
    /// The target assigned to the enterprise, if entered.
    pub target_t: Option<Tonnes>,
    /// counted ÷ target × 100.
    pub completion_pct: Option<Percent>,
}

/// The ledger summary of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerSummary {
    pub year: i32,
    pub totals: Vec<PollutantTotal>,
    pub projects: Vec<ProjectStanding>,
}

fn in_year(d: Option<NaiveDate>, year: i32) -> bool {
    d.is_some_and(|d| d.year() == year)
}

/// The standing of one project in `year`.
pub fn standing(p: &ReductionProject, year: i32) -> ProjectStanding {
    let reduction = match (p.before_t, p.after_t) {
        (Some(b), Some(a)) => Some(b - a),
        _ => None,
    };
    let mut excluded = Vec::new();
    if p.emergency {
        excluded.push(Exclusion::Emergency);
    }
    if p.over_limit {
        excluded.push(Exclusion::OverLimit);
    }
    if !in_year(p.accepted_on, year) {
        excluded.push(Exclusion::NotAcceptedInYear);
    }
    if p.evidence.is_empty() {
        excluded.push(Exclusion::NoEvidence);
    }
    if p.pollutant.is_none() {
        excluded.push(Exclusion::NoPollutant);
    }
    if reduction.is_none_or(|r| r.is_negative()) {
        excluded.push(Exclusion::NoValidReduction);
    }
    let offset = p.offset_t.unwrap_or(Tonnes::ZERO);
    let counted = match reduction {
        Some(r) if excluded.is_empty() => {
            let c = r - offset;
            if c.is_negative() {
                Tonnes::ZERO
            } else {
                c
            }
        }
        _ => Tonnes::ZERO,
    };
    ProjectStanding {
        id: p.id.clone(),
        name: p.name.clone(),
        pollutant: p.pollutant,
        reduction_t: reduction,
        offset_t: offset,
        counted_t: counted,
        excluded,
    }
}

/// Counted totals per pollutant (the four 十四五 pollutants always, others when claimed).
pub fn summary(report: &AnnualReport) -> LedgerSummary {
    let projects: Vec<ProjectStanding> = report
        .reduction_projects
        .iter()
        .map(|p| standing(p, report.year))
        .collect();
    let totals = Pollutant::ALL
        .iter()
        .copied()
        .filter_map(|pol| {
            let mine: Vec<&ProjectStanding> = projects
                .iter()
                .filter(|s| s.pollutant == Some(pol))
                .collect();
            let target = report
                .reduction_targets
                .iter()
                .find(|t| t.pollutant == Some(pol))
                .and_then(|t| t.target_t);
            let core = matches!(
                pol,
                Pollutant::Cod | Pollutant::Nh3N | Pollutant::Nox | Pollutant::Vocs
            );
            if mine.is_empty() && target.is_none() && !core {
                return None;
            }
            let counted: Vec<&&ProjectStanding> =
                mine.iter().filter(|s| s.excluded.is_empty()).collect();
            let gross: Tonnes = counted.iter().filter_map(|s| s.reduction_t).sum();
            let offset: Tonnes = counted.iter().map(|s| s.offset_t).sum();
            let counted_t: Tonnes = counted.iter().map(|s| s.counted_t).sum();
            let completion = target.and_then(|t| {
                if t.is_zero() {
                    None
                } else {
                    counted_t
                        .value()
                        .checked_div(t.value())
                        .map(|x| Percent::round(x * Decimal::ONE_HUNDRED))
                }
            });
            Some(PollutantTotal {
                pollutant: pol,
                projects: mine.len(),
                counted_projects: counted.len(),
                gross_t: gross,
                offset_t: offset,
                counted_t,
                target_t: target,
                completion_pct: completion,
            })
        })
        .collect();
    LedgerSummary {
        year: report.year,
        totals,
        projects,
    }
}

/// The periods a record is due for in `year`, from commissioning (or 1 January) to 31 December:
/// `YYYY-MM` for monthly records, `YYYY-MM-DD` for daily ones. Batch and event records have no
/// schedule.
pub fn due_periods(p: &ReductionProject, year: i32) -> Vec<String> {
    let Some(c) = p.commissioned_on else {
        return Vec::new();
    };
    if c.year() > year {
        return Vec::new();
    }
    let start = if c.year() == year {
        c
    } else {
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(c)
    };
    match p.record_frequency {
        RecordFrequency::Month => (start.month()..=12)
            .map(|m| format!("{year}-{m:02}"))
            .collect(),
        RecordFrequency::Day => start
            .iter_days()
            .take_while(|d| d.year() == year)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect(),
        RecordFrequency::Batch | RecordFrequency::Event => Vec::new(),
    }
}

/// Due periods with no record.
pub fn missing_periods(p: &ReductionProject, year: i32) -> Vec<String> {
    let have: Vec<String> = p
        .records
        .iter()
        .map(|r| normalize_period(&r.period).unwrap_or_else(|| r.period.trim().to_string()))
        .collect();
    due_periods(p, year)
        .into_iter()
        .filter(|period| !have.iter().any(|h| h == period))
        .collect()
}

/// A record period as people write it — `2025-06`, `2025-6`, `2025/6`, `2025.06`, `2025年6月`,
/// `202506`, or a day `2025-06-03`, `2025/6/3`, `2025年6月3日` — in the one form the ledger keeps
/// (`2025-06`, `2025-06-03`); `None` when it names no real month or day (a format problem to
/// report with the value, never a missing month).
pub fn normalize_period(s: &str) -> Option<String> {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '年' | '月' | '/' | '.' | '－' | '／' | '．' => '-',
            '日' | '号' => ' ',
            _ => c,
        })
        .collect();
    let t = t.trim().trim_end_matches('-');
    let parts: Vec<&str> = if t.contains('-') {
        t.split('-').collect()
    } else if t.len() == 6 && t.chars().all(|c| c.is_ascii_digit()) {
        vec![&t[..4], &t[4..]]
    } else {
        return None;
    };
    let num = |x: &str| -> Option<u32> {
        (!x.is_empty() && x.len() <= 4 && x.chars().all(|c| c.is_ascii_digit()))
            .then(|| x.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)?, num(m)?);
            NaiveDate::from_ymd_opt(y as i32, m, 1)?;
            Some(format!("{y:04}-{m:02}"))
        }
        [y, m, d] if y.len() == 4 => {
            let (y, m, d) = (num(y)?, num(m)?, num(d)?);
            NaiveDate::from_ymd_opt(y as i32, m, d)?;
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

/// Rewrites every record period of the ledger that is written another way (`2025年6月`) in its
/// kept form (`2025-06`); returns (path, as typed, as kept) of each change. Periods that name no
/// month or day are left as typed for LG012 to report.
pub fn normalize_periods(report: &mut crate::model::AnnualReport) -> Vec<(String, String, String)> {
    let mut changed = Vec::new();
    for (i, p) in report.reduction_projects.iter_mut().enumerate() {
        for (k, r) in p.records.iter_mut().enumerate() {
            if let Some(n) = normalize_period(&r.period) {
                if n != r.period {
                    let before = std::mem::replace(&mut r.period, n.clone());
                    changed.push((
                        format!("reduction_projects[{i}].records[{k}].period"),
                        before,
                        n,
                    ));
                }
            }
        }
    }
    changed
}

/// Formats tonnes without trailing zeros, for messages and text output.
pub fn t(v: Tonnes) -> String {
    Fixed::value(v).normalize().to_string()
}
