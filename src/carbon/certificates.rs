//! 绿证台账 — which certificates of the ledger count for the report year, and why the others
//! do not.
//!
//! A certificate counts only when its code is well formed, it was produced no later than the
//! report year and was still valid during it, it is cancelled (核销) for this claim within its
//! validity, it has evidence, and no other entry claims the same code. Certificates that came
//! with a green-power trade never add to the trade: the trade line is the claim (research note
//! §4.5 rule 2). 1 certificate = 1 MWh (国能发新能规〔2024〕67号).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::registry::EnergyDeduction;
use crate::model::{
    AnnualReport, CertificateEntry, CertificateSource, CertificateStatus, ElectricitySource,
};

/// Digits of a certificate code.
pub const CODE_DIGITS: usize = 32;
/// Leading digits that identify the project (项目建档立卡编码).
pub const PROJECT_DIGITS: usize = 17;

/// What is wrong with an entry as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryProblem {
    /// A code is not 32 digits.
    CodeFormat,
    /// The last code is before the first.
    RangeReversed,
    /// First and last code belong to different projects (first 17 digits differ).
    RangeAcrossProjects,
    /// The quantity is not the number of codes in the range (or 1 for a single code).
    QuantityMismatch { codes: String },
    /// No production year, or a month outside 1–12.
    ProductionDate,
    /// Status 已核销 without a 核销 date.
    CancelledWithoutDate,
}

/// Why an entry does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotCounted {
    Malformed {
        problem: EntryProblem,
    },
    /// Produced after the report year.
    ProducedAfterYear,
    /// Validity ended before the report year began.
    Expired {
        valid_until: NaiveDate,
    },
    /// Cancelled after its validity ended.
    CancelledAfterExpiry {
        valid_until: NaiveDate,
    },
    /// Held, not cancelled (核销) for this claim.
    NotCancelled,
    NoEvidence,
    /// Claims codes an earlier entry (index `of`) already claims.
    Duplicate {
        of: usize,
    },
    /// Bought separately but the same certificates came with a green-power trade: entry `of`
    /// overlaps a trade entry, or `contract` is a green-trade line's contract.
    CountedWithTrade {
        of: Option<usize>,
        contract: String,
    },
}

/// One ledger entry, assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateLine {
    pub index: usize,
    pub quantity: u64,
    pub source: CertificateSource,
    /// Last day of validity (24 months from the production month; output before 2024 until
    /// 2025-12-31), when the production date is known.
    pub valid_until: Option<NaiveDate>,
    pub counted: bool,
    pub not_counted: Vec<NotCounted>,
}

/// The ledger, assessed for the report year. Quantities in certificates (= MWh).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateAssessment {
    pub entries: Vec<CertificateLine>,
    /// Every entry's quantity, counted or not.
    pub listed: u64,
    /// Counted certificates bought separately.
    pub counted_unbundled: u64,
    /// Counted certificates that came with a green-power trade.
    pub counted_trade: u64,
    /// Counted certificates that may be deducted from energy consumption under the settings.
    pub energy_deductible: u64,
}

/// A code range as numbers, with its project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeRange {
    pub first: u128,
    pub last: u128,
}

impl CodeRange {
    pub fn overlaps(&self, o: &CodeRange) -> bool {
        self.first <= o.last && o.first <= self.last
    }
}

fn code_number(code: &str) -> Option<u128> {
    let c = code.trim();
    if c.len() == CODE_DIGITS && c.bytes().all(|b| b.is_ascii_digit()) {
        c.parse().ok()
    } else {
        None
    }
}

/// A certificate range another unit claims in its current submission of the same year, as the
/// county holds it: whose, received in which file, in which entry of its ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimElsewhere {
    pub uscc: String,
    pub name: String,
    /// Name of the file the claim was received in.
    pub file: String,
    /// Entry of that unit's ledger (0-based).
    pub entry: usize,
    /// First and last code, 32 digits each.
    pub first: String,
    pub last: String,
}

impl ClaimElsewhere {
    pub fn range(&self) -> Option<CodeRange> {
        Some(CodeRange {
            first: code_number(&self.first)?,
            last: code_number(&self.last)?,
        })
    }
}

impl CodeRange {
    /// First and last code as 32-digit text (what the county stores and compares).
    pub fn codes(&self) -> (String, String) {
        (
            format!("{:0w$}", self.first, w = CODE_DIGITS),
            format!("{:0w$}", self.last, w = CODE_DIGITS),
        )
    }
}

/// The well-formed ranges of a report's ledger with their entry index: what the report claims.
pub fn claimed_ranges(report: &AnnualReport) -> Vec<(usize, CodeRange)> {
    report
        .carbon
        .certificates
        .iter()
        .enumerate()
        .filter_map(|(i, e)| code_range(e).ok().map(|r| (i, r)))
        .collect()
}

/// The codes an entry claims, or what is wrong with them.
pub fn code_range(e: &CertificateEntry) -> Result<CodeRange, EntryProblem> {
    let first = code_number(&e.code).ok_or(EntryProblem::CodeFormat)?;
    let last = if e.code_to.trim().is_empty() {
        first
    } else {
        code_number(&e.code_to).ok_or(EntryProblem::CodeFormat)?
    };
    if last < first {
        return Err(EntryProblem::RangeReversed);
    }
    // Both codes are 32 ASCII digits here, so the project prefixes can be compared directly.
    let to = e.code_to.trim();
    if !to.is_empty() && e.code.trim().get(..PROJECT_DIGITS) != to.get(..PROJECT_DIGITS) {
        return Err(EntryProblem::RangeAcrossProjects);
    }
    let codes = last - first + 1;
    if u128::from(e.quantity) != codes {
        return Err(EntryProblem::QuantityMismatch {
            codes: codes.to_string(),
        });
    }
    Ok(CodeRange { first, last })
}

/// Last day of an entry's validity: 24 months counted from the production month (an unknown
/// month counts as December); output before 2024 is valid until 2025-12-31 (67号).
pub fn valid_until(e: &CertificateEntry) -> Option<NaiveDate> {
    let year = e.production_year?;
    let month = e.production_month.unwrap_or(12);
    if !(1..=12).contains(&month) || !(1900..=9000).contains(&year) {
        return None;
    }
    if year < 2024 {
        return NaiveDate::from_ymd_opt(2025, 12, 31);
    }
    // The 24th month counting the production month, then its last day.
    let after = year * 12 + (month as i32 - 1) + 24;
    NaiveDate::from_ymd_opt(after / 12, (after % 12) as u32 + 1, 1).and_then(|d| d.pred_opt())
}

/// Whether a green-trade or self-generation line carries its proof.
pub fn line_proved(l: &crate::model::ElectricityLine) -> bool {
    let has_evidence = !l.evidence.is_empty();
    match l.source {
        ElectricitySource::GreenTrade => !l.settlement_no.trim().is_empty() && has_evidence,
        ElectricitySource::SelfRenewable => !l.meter_id.trim().is_empty() && has_evidence,
        ElectricitySource::Grid | ElectricitySource::SelfFossil => true,
    }
}

/// Assesses every entry of the ledger for `report.year`.
pub fn assess(report: &AnnualReport, deduction: EnergyDeduction) -> CertificateAssessment {
    let entries = &report.carbon.certificates;
    let year_start = NaiveDate::from_ymd_opt(report.year, 1, 1);
    let ranges: Vec<Option<CodeRange>> = entries.iter().map(|e| code_range(e).ok()).collect();
    let trade_contracts: Vec<&str> = report
        .carbon
        .electricity
        .iter()
        .filter(|l| l.source == ElectricitySource::GreenTrade)
        .map(|l| l.contract_no.trim())
        .filter(|c| !c.is_empty())
        .collect();

    let mut lines: Vec<CertificateLine> = entries
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let mut why = Vec::new();
            if let Err(problem) = code_range(e) {
                why.push(NotCounted::Malformed { problem });
            }
            let until = valid_until(e);
            match (e.production_year, until) {
                (Some(y), Some(u)) => {
                    if y > report.year {
                        why.push(NotCounted::ProducedAfterYear);
                    }
                    if year_start.is_some_and(|s| u < s) {
                        why.push(NotCounted::Expired { valid_until: u });
                    }
                    if e.cancelled_on.is_some_and(|c| c > u) {
                        why.push(NotCounted::CancelledAfterExpiry { valid_until: u });
                    }
                }
                _ => why.push(NotCounted::Malformed {
                    problem: EntryProblem::ProductionDate,
                }),
            }
            match e.status {
                CertificateStatus::Held => why.push(NotCounted::NotCancelled),
                CertificateStatus::Cancelled if e.cancelled_on.is_none() => {
                    why.push(NotCounted::Malformed {
                        problem: EntryProblem::CancelledWithoutDate,
                    })
                }
                CertificateStatus::Cancelled => {}
            }
            if e.evidence.is_empty() {
                why.push(NotCounted::NoEvidence);
            }
            let contract = e.contract_no.trim();
            if e.source == CertificateSource::Unbundled
                && !contract.is_empty()
                && trade_contracts.contains(&contract)
            {
                why.push(NotCounted::CountedWithTrade {
                    of: None,
                    contract: contract.to_string(),
                });
            }
            CertificateLine {
                index,
                quantity: e.quantity,
                source: e.source,
                valid_until: until,
                counted: false,
                not_counted: why,
            }
        })
        .collect();

    // Overlaps: a bought entry overlapping a trade entry is the trade's certificates counted
    // again; otherwise the later entry duplicates the earlier one.
    for i in 0..entries.len() {
        let Some(a) = ranges[i] else { continue };
        for j in 0..i {
            let Some(b) = ranges[j] else { continue };
            if !a.overlaps(&b) {
                continue;
            }
            match (entries[i].source, entries[j].source) {
                (CertificateSource::Unbundled, CertificateSource::GreenTrade) => {
                    lines[i].not_counted.push(NotCounted::CountedWithTrade {
                        of: Some(j),
                        contract: String::new(),
                    })
                }
                (CertificateSource::GreenTrade, CertificateSource::Unbundled) => {
                    lines[j].not_counted.push(NotCounted::CountedWithTrade {
                        of: Some(i),
                        contract: String::new(),
                    })
                }
                _ => lines[i].not_counted.push(NotCounted::Duplicate { of: j }),
            }
        }
    }

    let mut out = CertificateAssessment::default();
    for (line, e) in lines.iter_mut().zip(entries) {
        line.counted = line.not_counted.is_empty();
        out.listed = out.listed.saturating_add(e.quantity);
        if !line.counted {
            continue;
        }
        match e.source {
            CertificateSource::Unbundled => {
                out.counted_unbundled = out.counted_unbundled.saturating_add(e.quantity)
            }
            CertificateSource::GreenTrade => {
                out.counted_trade = out.counted_trade.saturating_add(e.quantity)
            }
        }
        let deductible = match deduction {
            EnergyDeduction::AllCertificates => true,
            EnergyDeduction::ExcludeInProvince => !e.in_province,
        };
        if deductible {
            out.energy_deductible = out.energy_deductible.saturating_add(e.quantity);
        }
    }
    out.entries = lines;
    out
}
