//! County totals and the summary workbook for the city.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::{Deserialize, Serialize};

use super::submissions::CurrentSubmission;
use super::County;

mod workbook;
use crate::carbon::SignedCarbon;
use crate::error::{Error, Result};
use crate::model::{Co2, Fixed, Pollutant, Tce, Tonnes};

/// The target key of the county's CO₂ cap in the targets table (`county target --pollutant CO2
/// --tonnes …`): tonnes of CO₂, like the pollutants' tonnes.
pub const CO2_TARGET: &str = "CO2";
/// The summary workbook's CO₂ sheet.
pub const CARBON_SHEET: &str = "碳排放";

/// Energy figures added up over a set of reports (a county, or one industry in it), tce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnergyTotals {
    /// 综合能源消费量 当量值 and 等价值.
    pub comprehensive_tce: Tce,
    pub comprehensive_equal_value_tce: Tce,
    /// 原料用能.
    pub feedstock_tce: Tce,
    /// 绿电.
    pub green_electricity_tce: Tce,
    /// 扣除原料用能和绿电后, 当量值 and 等价值.
    pub assessed_tce: Tce,
    pub assessed_equal_value_tce: Tce,
}

impl EnergyTotals {
    /// Adds one report's computed figures.
    pub fn add(&mut self, c: &crate::calc::Computed) {
        self.comprehensive_tce = self.comprehensive_tce + c.comprehensive_energy_tce;
        self.comprehensive_equal_value_tce =
            self.comprehensive_equal_value_tce + c.comprehensive_energy_equal_value_tce;
        self.feedstock_tce = self.feedstock_tce + c.feedstock_tce;
        self.green_electricity_tce = self.green_electricity_tce + c.green_electricity_tce;
        self.assessed_tce = self.assessed_tce + c.assessed_tce;
        self.assessed_equal_value_tce = self.assessed_equal_value_tce + c.assessed_equal_value_tce;
    }
}

/// CO₂ added up over a set of units, tCO₂: the sum of each unit's own signed figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CarbonTotals {
    /// Units whose current submission carries signed CO₂ figures (files of the first format
    /// carry none).
    pub units: usize,
    pub direct_co2_t: Co2,
    pub indirect_co2_t: Co2,
    pub total_co2_t: Co2,
}

impl CarbonTotals {
    /// Adds one unit's signed figures.
    pub fn add(&mut self, c: &SignedCarbon) {
        self.units += 1;
        self.direct_co2_t = self.direct_co2_t + c.direct_co2_t;
        self.indirect_co2_t = self.indirect_co2_t + c.indirect_co2_t;
        self.total_co2_t = self.total_co2_t + c.total_co2_t;
    }
}

/// The county's CO₂ cap for the year against its total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CarbonTarget {
    pub target_t: Tonnes,
    pub source: String,
    /// The county total as a percentage of the target.
    pub share_pct: Option<Fixed<2>>,
}

/// One unit's claim of certificates that another unit also claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertificateClaimant {
    pub uscc: String,
    pub name: String,
    /// The file the claim was received in.
    pub file: String,
    /// Entry of the unit's certificate ledger, from 1.
    pub entry: usize,
    /// The codes as claimed (`first` or `first—last`).
    pub codes: String,
}

/// Certificate codes claimed by more than one unit of the county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertificateDoubleClaim {
    /// The span of the overlapping claims, 32-digit codes.
    pub first: String,
    pub last: String,
    pub claims: Vec<CertificateClaimant>,
}

/// Totals of one industry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndustryTotal {
    /// GB/T 4754 大类 code and name.
    pub division: String,
    pub name: String,
    pub units: usize,
    #[serde(flatten)]
    pub energy: EnergyTotals,
    pub carbon: CarbonTotals,
}

/// Counted reductions of one pollutant against the county's target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReductionTotal {
    pub pollutant: String,
    pub counted_t: Tonnes,
    pub target_t: Option<Tonnes>,
    pub completion_pct: Option<Fixed<2>>,
    pub projects: usize,
}

/// A reduction claimed by more than one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DoubleClaim {
    pub pollutant: String,
    pub facility: String,
    pub permit_no: String,
    /// Why these claims are the same: `permit` (same permit + facility + pollutant) or
    /// `facility` (same facility + pollutant under different permits, e.g. a park's shared plant).
    pub basis: String,
    /// (uscc, enterprise, project id, project name)
    pub claims: Vec<(String, String, String, String)>,
}

/// Everything the county adds up for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CountyTotals {
    pub year: i32,
    pub units: usize,
    #[serde(flatten)]
    pub energy: EnergyTotals,
    pub by_industry: Vec<IndustryTotal>,
    pub reductions: Vec<ReductionTotal>,
    pub double_claims: Vec<DoubleClaim>,
    /// CO₂ beside the energy totals: the units' own signed figures added up.
    pub carbon: CarbonTotals,
    /// The county's CO₂ target (key `CO2` in the targets), when one is set.
    pub carbon_target: Option<CarbonTarget>,
    /// Certificates claimed by more than one unit's current submission.
    pub certificate_double_claims: Vec<CertificateDoubleClaim>,
}

/// (uscc, enterprise, project id, project name, permit)
type Claim = (String, String, String, String, String);

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<String>()
        .replace(['（', '）'], "")
}

/// Adds up units one at a time, keeping only what the totals need (the claims to compare, not
/// the reports): the county's totals, and an upper level's recomputation of a summary from the
/// units' own signed reports, use the same arithmetic.
pub struct TotalsBuilder {
    t: CountyTotals,
    by: BTreeMap<String, IndustryTotal>,
    counted: BTreeMap<Pollutant, (Tonnes, usize)>,
    // (permit, facility, pollutant) and (facility, pollutant) → claims
    by_permit: BTreeMap<(String, String, String), Vec<Claim>>,
    by_facility: BTreeMap<(String, String), Vec<Claim>>,
    certificates: Vec<(crate::carbon::certificates::CodeRange, CertificateClaimant)>,
}

impl TotalsBuilder {
    pub fn new(year: i32) -> Self {
        TotalsBuilder {
            t: CountyTotals {
                year,
                units: 0,
                energy: EnergyTotals::default(),
                by_industry: Vec::new(),
                reductions: Vec::new(),
                double_claims: Vec::new(),
                carbon: CarbonTotals::default(),
                carbon_target: None,
                certificate_double_claims: Vec::new(),
            },
            by: BTreeMap::new(),
            counted: BTreeMap::new(),
            by_permit: BTreeMap::new(),
            by_facility: BTreeMap::new(),
            certificates: Vec::new(),
        }
    }

    /// Adds one unit's current submission.
    pub fn add(&mut self, s: &CurrentSubmission, rd: &crate::refdata::RefData) {
        self.t.units += 1;
        if s.computed.is_some() || s.carbon.is_some() {
            let div = s.industry_code.get(..2).unwrap_or("").to_string();
            let name = rd
                .industry(&div)
                .map(|i| i.name.clone())
                .unwrap_or_else(|| "未知行业".into());
            let e = self.by.entry(div.clone()).or_insert_with(|| IndustryTotal {
                division: div.clone(),
                name,
                units: 0,
                energy: EnergyTotals::default(),
                carbon: CarbonTotals::default(),
            });
            if let Some(c) = &s.computed {
                self.t.energy.add(c);
                e.units += 1;
                e.energy.add(c);
            }
            if let Some(c) = &s.carbon {
                self.t.carbon.add(c);
                e.carbon.add(c);
            }
        }
        for (i, range) in crate::carbon::claimed_ranges(&s.report) {
            let (first, last) = range.codes();
            self.certificates.push((
                range,
                CertificateClaimant {
                    uscc: s.uscc.clone(),
                    name: s.name.clone(),
                    file: s.file.clone(),
                    entry: i + 1,
                    codes: if first == last {
                        first
                    } else {
                        format!("{first}—{last}")
                    },
                },
            ));
        }
        let ledger = crate::ledger::summary(&s.report);
        for p in &ledger.projects {
            let Some(pol) = p.pollutant else { continue };
            if p.excluded.is_empty() {
                let e = self.counted.entry(pol).or_insert((Tonnes::ZERO, 0));
                e.0 = e.0 + p.counted_t;
                e.1 += 1;
            }
        }
        for p in &s.report.reduction_projects {
            let Some(pol) = p.pollutant else { continue };
            let claim = (
                s.uscc.clone(),
                s.name.clone(),
                p.id.clone(),
                p.name.clone(),
                p.permit_no.clone(),
            );
            self.by_permit
                .entry((
                    norm(&p.permit_no),
                    norm(&p.facility),
                    pol.code().to_string(),
                ))
                .or_default()
                .push(claim.clone());
            self.by_facility
                .entry((norm(&p.facility), pol.code().to_string()))
                .or_default()
                .push(claim);
        }
    }

    /// The totals against the targets of the year (pollutant or `CO2`, tonnes, source).
    pub fn finish(self, targets: &[(String, String, String)]) -> CountyTotals {
        let mut t = self.t;
        t.by_industry = self.by.into_values().collect();
        t.certificate_double_claims = certificate_double_claims(self.certificates);
        let targets: BTreeMap<String, (String, String)> = targets
            .iter()
            .map(|(p, v, src)| (p.clone(), (v.clone(), src.clone())))
            .collect();
        t.carbon_target = targets.get(CO2_TARGET).and_then(|(v, src)| {
            let target = Tonnes::parse(v).ok()?;
            Some(CarbonTarget {
                target_t: target,
                source: src.clone(),
                share_pct: (!target.is_zero()).then(|| {
                    Fixed::round(
                        t.carbon.total_co2_t.value() / target.value() * Decimal::ONE_HUNDRED,
                    )
                }),
            })
        });
        for pol in [
            Pollutant::Cod,
            Pollutant::Nh3N,
            Pollutant::Nox,
            Pollutant::Vocs,
        ] {
            let (sum, n) = self.counted.get(&pol).copied().unwrap_or((Tonnes::ZERO, 0));
            let target = targets
                .get(pol.code())
                .and_then(|(v, _)| Tonnes::parse(v).ok());
            let completion = target.and_then(|tg| {
                (!tg.is_zero())
                    .then(|| Fixed::round(sum.value() / tg.value() * Decimal::ONE_HUNDRED))
            });
            t.reductions.push(ReductionTotal {
                pollutant: pol.code().into(),
                counted_t: sum,
                target_t: target,
                completion_pct: completion,
                projects: n,
            });
        }
        let distinct = |v: &[Claim]| {
            let mut u: Vec<&String> = v.iter().map(|c| &c.0).collect();
            u.sort();
            u.dedup();
            u.len() > 1
        };
        let mut reported: Vec<(String, String)> = Vec::new();
        for ((permit, facility, pol), claims) in &self.by_permit {
            if !permit.is_empty() && !facility.is_empty() && distinct(claims) {
                reported.push((facility.clone(), pol.clone()));
                t.double_claims.push(DoubleClaim {
                    pollutant: pol.clone(),
                    facility: facility.clone(),
                    permit_no: permit.clone(),
                    basis: "permit".into(),
                    claims: claims
                        .iter()
                        .map(|c| (c.0.clone(), c.1.clone(), c.2.clone(), c.3.clone()))
                        .collect(),
                });
            }
        }
        for ((facility, pol), claims) in &self.by_facility {
            if !facility.is_empty()
                && distinct(claims)
                && !reported.contains(&(facility.clone(), pol.clone()))
            {
                t.double_claims.push(DoubleClaim {
                    pollutant: pol.clone(),
                    facility: facility.clone(),
                    permit_no: claims
                        .iter()
                        .map(|c| c.4.clone())
                        .collect::<Vec<_>>()
                        .join("、"),
                    basis: "facility".into(),
                    claims: claims
                        .iter()
                        .map(|c| (c.0.clone(), c.1.clone(), c.2.clone(), c.3.clone()))
                        .collect(),
                });
            }
        }
        t
    }
}

impl County {
    /// Adds up the current submissions of a year.
    pub fn totals(&self, year: i32) -> Result<CountyTotals> {
        let mut b = TotalsBuilder::new(year);
        self.for_each_current(year, |s| {
            b.add(&s, self.refdata());
            Ok(())
        })?;
        Ok(b.finish(&self.targets(year)?))
    }
}

/// Groups certificate claims whose ranges overlap (by a sweep over the ranges in code order)
/// and keeps the groups that more than one unit claims.
fn certificate_double_claims(
    mut claims: Vec<(crate::carbon::certificates::CodeRange, CertificateClaimant)>,
) -> Vec<CertificateDoubleClaim> {
    claims.sort_by_key(|c| (c.0.first, c.0.last));
    let mut groups: Vec<(
        crate::carbon::certificates::CodeRange,
        Vec<CertificateClaimant>,
    )> = Vec::new();
    for (range, claim) in claims {
        match groups.last_mut() {
            Some((span, members)) if range.first <= span.last => {
                span.last = span.last.max(range.last);
                members.push(claim);
            }
            _ => groups.push((range, vec![claim])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, members)| members.iter().any(|m| m.uscc != members[0].uscc))
        .map(|(span, members)| {
            let (first, last) = span.codes();
            CertificateDoubleClaim {
                first,
                last,
                claims: members,
            }
        })
        .collect()
}
