//! 二氧化碳排放 — the CO₂ block of the report (十五五 碳排放双控), computed, never typed.
//!
//! Method (GB/T 32150 and GB/T 32151.x, as mapped in `../shared/research/carbon.md`):
//!
//! * fuel row: E = quantity burned × NCV × CC × OF × 44/12, where quantity burned = 消费量合计
//!   − 用于原材料 (col. 6, shown as feedstock, not combustion) − the row's 205-2 non-combustion
//!   transformation inputs (原煤入洗, 炼焦, 炼油, 制气, 天然气液化, 加工煤制品), never below zero;
//!   enterprise-measured parameters replace the defaults and each use is recorded;
//! * indirect: purchased electricity (205-1 col. 2, never 消费量) at the grid factor, less what
//!   a proved green-power trade or counted certificates cover; purchased heat at the heat factor;
//!   electricity and heat supplied outward are subtracted at the same factors;
//! * total = direct + indirect; intensities per 万元 of output value and of value added, per
//!   unit of each product; year-on-year against last year's report.
//!
//! Exactness: the oxidised carbon of each row (tC) is an exact decimal; CO₂ = tC × 44 ÷ 12 is
//! divided once per figure, nothing is rounded in between, and the figures are shown at 2
//! decimals. A factor that no edition provides for the report year, or a fuel burned with no
//! parameters, is a [`Gap`]: the figures are then absent, never zero.

pub mod certificates;
pub mod document;
pub mod evidence;
pub mod registry;
pub mod view;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use certificates::{
    assess, claimed_ranges, CertificateAssessment, CertificateLine, ClaimElsewhere, EntryProblem,
    NotCounted,
};
pub use document::{CarbonDocument, SignedCarbon};
pub use evidence::{evidence_refs, EvidenceRef};
pub use registry::{
    CarbonSettings, EnergyDeduction, FactorKind, FuelTreatment, GridScope, Registry, Selection,
};
pub use view::CarbonView;

use crate::calc::change_pct;
use crate::model::{
    AnnualReport, Co2, ElectricitySource, Fixed, FuelParameter, Percent, Qty, Ratio,
};
use crate::refdata::{Confidence, RefData};

/// Mass ratio of CO₂ to C, kept as a fraction.
const CO2_NUMERATOR: Decimal = Decimal::from_parts(44, 0, 0, false, 0);
const CO2_DENOMINATOR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);
/// 万千瓦时 → MWh.
const MWH_PER_10K_KWH: Decimal = Decimal::TEN;

/// Why the CO₂ figures cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// No edition of a factor series covers the whole report year.
    NoEdition {
        factor: FactorKind,
        /// The series or code (`全国电网平均`, `15 天然气`), empty for a whole fuel edition.
        scope: String,
        year: i32,
    },
    /// The edition frozen in the report is not in the registry.
    UnknownEdition { factor: FactorKind, edition: String },
    /// Regional or provincial factors were asked for but the division code names no province
    /// with a known grid.
    NoProvince { division_code: String },
    /// A fuel is burned and neither a default nor a measured value exists.
    MissingParameters {
        path: String,
        code: String,
        name: String,
        missing: Vec<FuelParameter>,
    },
    /// A measured value outside the physical range (NCV 0–1000 GJ, CC 0–1 tC/GJ, OF 0–1,
    /// carbon per unit 0–10 tC).
    InvalidMeasured { path: String },
    /// A row's energy code is unknown (reported by the energy-table rules).
    UnknownEnergy { path: String, code: String },
    /// A product of the inputs is beyond decimal range.
    Overflow,
}

impl Gap {
    /// The gap in Chinese and English.
    pub fn message(&self) -> (String, String) {
        match self {
            Gap::NoEdition { factor, scope, year } => {
                let s = if scope.is_empty() { String::new() } else { format!("（{scope}）") };
                let e = if scope.is_empty() { String::new() } else { format!(" ({scope})") };
                (
                    format!("没有适用于{year}年的{}版本{s}，无法核算二氧化碳排放；请选用已发布的版本或等待新版本。", factor.zh()),
                    format!("No {} edition covers {year}{e}; CO₂ cannot be accounted until one is chosen or published.", factor.en()),
                )
            }
            Gap::UnknownEdition { factor, edition } => (
                format!("报告锁定的{}版本“{edition}”不在因子库中。", factor.zh()),
                format!("The report is frozen on {} edition \"{edition}\", which the registry does not hold.", factor.en()),
            ),
            Gap::NoProvince { division_code } => (
                format!("行政区划代码“{division_code}”无法确定所在省份及区域电网，无法选用区域或省级电力排放因子。"),
                format!("Division code \"{division_code}\" names no province with a known grid; regional or provincial factors cannot be chosen."),
            ),
            Gap::MissingParameters { code, name, missing, .. } => {
                let list: Vec<&str> = missing.iter().map(|p| param_zh(*p)).collect();
                (
                    format!("{name}（{code}）作为燃料消费，但没有缺省参数，须填写实测的{}。", list.join("、")),
                    format!("{name} ({code}) is burned but has no default parameters; enter measured {}.", missing.iter().map(|p| param_en(*p)).collect::<Vec<_>>().join(", ")),
                )
            }
            Gap::InvalidMeasured { path } => (
                format!("{path}：实测参数超出合理范围，未采用。"),
                format!("{path}: measured value outside the physical range, not used."),
            ),
            Gap::UnknownEnergy { path, code } => (
                format!("{path}：能源代码“{code}”不在目录中。"),
                format!("{path}: energy code \"{code}\" is not in the catalog."),
            ),
            Gap::Overflow => (
                "数值过大，无法核算。".into(),
                "Figures are beyond decimal range.".into(),
            ),
        }
    }
}

/// Chinese name of a fuel parameter.
pub fn param_zh(p: FuelParameter) -> &'static str {
    match p {
        FuelParameter::Ncv => "低位发热量",
        FuelParameter::CarbonContent => "单位热值含碳量",
        FuelParameter::Oxidation => "碳氧化率",
        FuelParameter::CarbonPerUnit => "元素碳含量",
    }
}

/// English name of a fuel parameter.
pub fn param_en(p: FuelParameter) -> &'static str {
    match p {
        FuelParameter::Ncv => "net calorific value",
        FuelParameter::CarbonContent => "carbon content per GJ",
        FuelParameter::Oxidation => "oxidation rate",
        FuelParameter::CarbonPerUnit => "carbon per unit",
    }
}

/// The physical range a measured value must fall in (exclusive of zero).
pub fn param_max(p: FuelParameter) -> Decimal {
    match p {
        FuelParameter::Ncv => Decimal::ONE_THOUSAND,
        FuelParameter::CarbonContent | FuelParameter::Oxidation => Decimal::ONE,
        FuelParameter::CarbonPerUnit => Decimal::TEN,
    }
}

/// Where a parameter value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum ParameterSource {
    /// The registry default of `edition`.
    Default {
        edition: String,
        confidence: Confidence,
    },
    /// `carbon.measured[index]` of the report.
    Measured {
        index: usize,
        method: String,
        lab: String,
        evidence: usize,
    },
}

/// One parameter used for one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterUse {
    pub parameter: FuelParameter,
    pub value: Decimal,
    pub source: ParameterSource,
}

/// The CO₂ of one 205-1 fuel row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuelFigures {
    /// `energy[i]`
    pub path: String,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub treatment: FuelTreatment,
    /// 消费量合计 (col. 4)
    pub consumed: Qty,
    /// 用于原材料 (col. 6): 原料用能, not combustion; may carry process emissions
    pub feedstock: Qty,
    /// 205-2 non-combustion transformation input (needs a carbon balance)
    pub transformation: Qty,
    /// Activity data: the quantity burned
    pub burned: Qty,
    pub parameters: Vec<ParameterUse>,
    /// Burned quantity × NCV, GJ (exact)
    pub energy_gj: Option<Decimal>,
    /// Oxidised carbon, tC (exact)
    pub carbon_t: Decimal,
    /// tCO₂ = carbon × 44/12, shown at 2 decimals
    pub co2_t: Co2,
    /// In the direct total (false for biomass, recovered heat and non-energy use)
    pub in_total: bool,
}

/// A factor as used, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorUse {
    pub edition: String,
    pub value: Decimal,
    /// `tCO2/MWh` or `tCO2/GJ`
    pub unit: String,
    pub confidence: Confidence,
    pub source: String,
}

/// Electricity: what was bought, what is proved green, what is charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectricityFigures {
    /// 205-1 购进量 of electricity, MWh
    pub purchased_mwh: Decimal,
    /// 205-1 消费量合计 of electricity, MWh
    pub consumed_mwh: Decimal,
    /// Whether electricity lines were entered (else all purchases count as grid)
    pub from_lines: bool,
    /// Green-power trade with contract, settlement and evidence: zero CO₂
    pub green_trade_mwh: Decimal,
    /// Counted unbundled certificates applied to the remaining purchases: zero CO₂
    pub certificate_mwh: Decimal,
    /// Green-trade lines without proof, charged at the grid factor
    pub unproved_green_mwh: Decimal,
    /// Purchases charged at the factor
    pub charged_mwh: Decimal,
    pub factor: Option<FactorUse>,
    pub co2_t: Co2,
    /// 外供电量, MWh, and its CO₂ (subtracted)
    pub exported_mwh: Decimal,
    pub exported_co2_t: Co2,
    /// Self-generated renewable and fossil electricity from the lines, MWh (no indirect CO₂)
    pub self_renewable_mwh: Decimal,
    pub self_fossil_mwh: Decimal,
}

/// Heat: purchased and supplied outward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatFigures {
    pub purchased_gj: Decimal,
    pub exported_gj: Decimal,
    pub factor: Option<FactorUse>,
    pub co2_t: Co2,
    pub exported_co2_t: Co2,
}

/// CO₂ per unit of one product (the unit's whole emissions over the product's output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCarbon {
    pub name: String,
    /// e.g. `tCO2/t`
    pub unit: String,
    pub value: Option<Ratio>,
}

/// Last year's figures and the changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorCarbon {
    pub year: i32,
    pub total_co2_t: Co2,
    pub per_output_value: Option<Ratio>,
    pub per_value_added: Option<Ratio>,
    pub total_change_pct: Option<Percent>,
    pub per_output_value_change_pct: Option<Percent>,
    pub per_value_added_change_pct: Option<Percent>,
}

/// The CO₂ figures of a report (present only when nothing is missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarbonFigures {
    pub fuels: Vec<FuelFigures>,
    /// 工业过程排放 entered with their basis
    pub process_co2_t: Co2,
    /// 直接排放 = fuel combustion + process
    pub direct_co2_t: Co2,
    pub electricity: ElectricityFigures,
    pub heat: HeatFigures,
    /// 间接排放 = purchased electricity + heat − outward supply
    pub indirect_co2_t: Co2,
    /// 二氧化碳排放总量
    pub total_co2_t: Co2,
    /// Feedstock rows (原料用能, not combustion) exist: process emissions may need an industry
    /// standard
    pub has_feedstock: bool,
    /// tCO₂ per 万元 of 工业总产值 and of 工业增加值
    pub per_output_value: Option<Ratio>,
    pub per_value_added: Option<Ratio>,
    pub per_product: Vec<ProductCarbon>,
    pub prior: Option<PriorCarbon>,
}

/// The editions a result was computed with: frozen into a signed report, they keep its
/// figures unchanged whatever editions are added later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editions {
    pub fuel: Vec<String>,
    pub grid: Option<String>,
    pub heat: Option<String>,
}

impl Editions {
    /// Records these editions in the empty fields of a report's basis, so the report is
    /// accounted with them from now on whatever editions are added later; fields already set
    /// are kept. Returns whether anything was recorded.
    pub fn freeze_into(&self, basis: &mut crate::model::CarbonBasis) -> bool {
        let mut changed = false;
        let mut set = |field: &mut String, value: String| {
            if field.trim().is_empty() && !value.is_empty() {
                *field = value;
                changed = true;
            }
        };
        set(&mut basis.fuel, self.fuel.join(","));
        set(&mut basis.grid, self.grid.clone().unwrap_or_default());
        set(&mut basis.heat, self.heat.clone().unwrap_or_default());
        changed
    }
}

/// A factor taken from the latest published edition because none covers the report year yet
/// (setting `latest_grid_edition_when_unpublished`). Never silent: rule CB019 names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fallback {
    pub factor: FactorKind,
    /// The series (`全国电网平均` …, with the region or province code when there is one)
    pub scope: String,
    pub year: i32,
    pub edition: String,
    /// The year the edition's factor describes
    pub data_year: i32,
    pub notice: String,
    pub published: chrono::NaiveDate,
    pub value: Decimal,
}

/// The CO₂ block of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarbonResult {
    pub year: i32,
    pub settings: CarbonSettings,
    pub editions: Editions,
    /// Factors taken from the latest published edition for want of one covering the year.
    #[serde(default)]
    pub fallbacks: Vec<Fallback>,
    /// Why `figures` is absent; empty when it is present.
    pub gaps: Vec<Gap>,
    pub figures: Option<CarbonFigures>,
    pub certificates: CertificateAssessment,
}

fn q<const S: u32>(o: Option<Fixed<S>>) -> Decimal {
    o.map(Fixed::value).unwrap_or_default()
}

/// tC → tCO₂, one division.
pub fn co2_of_carbon(carbon_t: Decimal) -> Option<Decimal> {
    carbon_t
        .checked_mul(CO2_NUMERATOR)
        .and_then(|x| x.checked_div(CO2_DENOMINATOR))
}

fn ratio(a: Decimal, b: Decimal) -> Option<Ratio> {
    if b.is_zero() {
        None
    } else {
        a.checked_div(b).map(Ratio::round)
    }
}

fn push_gap(gaps: &mut Vec<Gap>, g: Gap) {
    if !gaps.contains(&g) {
        gaps.push(g);
    }
}

fn edition_gap(factor: FactorKind, sel: Selection, scope: String, year: i32) -> Gap {
    match sel {
        Selection::NotCovered => Gap::NoEdition {
            factor,
            scope,
            year,
        },
        Selection::UnknownEdition(edition) => Gap::UnknownEdition { factor, edition },
    }
}

/// Computes the CO₂ block with the settings of the enterprise's province.
pub fn compute(report: &AnnualReport, rd: &RefData, prior: Option<&AnnualReport>) -> CarbonResult {
    let settings = rd.carbon.settings_for(&report.enterprise.division_code);
    compute_with(report, rd, settings, prior)
}

/// The measured values of one code, first entry per parameter, with their index.
fn measured_for(report: &AnnualReport, code: &str) -> Vec<(usize, FuelParameter, Decimal)> {
    let mut out: Vec<(usize, FuelParameter, Decimal)> = Vec::new();
    for (i, m) in report.carbon.measured.iter().enumerate() {
        if m.code.trim() != code {
            continue;
        }
        if let Some(v) = m.value {
            if !out.iter().any(|(_, p, _)| *p == m.parameter) {
                out.push((i, m.parameter, v.value()));
            }
        }
    }
    out
}

/// Computes the CO₂ block under explicit settings.
pub fn compute_with(
    report: &AnnualReport,
    rd: &RefData,
    settings: CarbonSettings,
    prior: Option<&AnnualReport>,
) -> CarbonResult {
    let reg = &rd.carbon;
    let year = report.year;
    let basis = &report.carbon.basis;
    let certificates = assess(report, settings.energy_deduction);
    let mut gaps = Vec::new();
    let mut editions = Editions::default();
    let mut fallbacks = Vec::new();

    let active = |r: &crate::model::EnergyRow| {
        !(q(r.consumed_total).is_zero() && q(r.purchased_qty).is_zero())
    };
    // A whole fuel edition missing is one gap, not one per row.
    let fuel_edition_exists = if basis.fuel.trim().is_empty() {
        reg.fuels
            .iter()
            .any(|f| registry::covers(f.valid_from, f.valid_to, year))
    } else {
        reg.fuel_editions_known(&basis.fuel)
    };
    if !fuel_edition_exists && report.energy.iter().any(active) {
        push_gap(
            &mut gaps,
            edition_gap(
                FactorKind::Fuel,
                if basis.fuel.trim().is_empty() {
                    Selection::NotCovered
                } else {
                    Selection::UnknownEdition(basis.fuel.trim().to_string())
                },
                String::new(),
                year,
            ),
        );
    }

    let mut fuels = Vec::new();
    let mut carbon_total = Decimal::ZERO;
    let mut overflow = false;
    let (mut elec_purchased, mut elec_consumed, mut heat_purchased) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);

    for (i, row) in report.energy.iter().enumerate() {
        let path = format!("energy[{i}]");
        let code = row.code.trim();
        let Some(cat) = rd.energy(code) else {
            push_gap(
                &mut gaps,
                Gap::UnknownEnergy {
                    path,
                    code: row.code.clone(),
                },
            );
            continue;
        };
        if !fuel_edition_exists {
            continue;
        }
        let default = match reg.fuel(code, year, &basis.fuel) {
            Ok(f) => f,
            Err(sel) => {
                if active(row) {
                    push_gap(
                        &mut gaps,
                        edition_gap(FactorKind::Fuel, sel, format!("{code} {}", cat.name), year),
                    );
                }
                continue;
            }
        };
        if !editions.fuel.contains(&default.edition) {
            editions.fuel.push(default.edition.clone());
        }
        match default.treatment {
            FuelTreatment::PurchasedElectricity => {
                elec_purchased += q(row.purchased_qty);
                elec_consumed += q(row.consumed_total);
                continue;
            }
            FuelTreatment::PurchasedHeat => {
                heat_purchased += q(row.purchased_qty);
                continue;
            }
            _ => {}
        }

        let consumed = q(row.consumed_total);
        let feedstock = q(row.used_as_feedstock);
        let transformation: Decimal = report
            .conversion
            .iter()
            .filter(|c| c.code.trim() == code)
            .map(|c| {
                q(c.coal_washing)
                    + q(c.coking)
                    + q(c.refining)
                    + q(c.gas_making)
                    + q(c.gas_liquefaction)
                    + q(c.briquetting)
            })
            .sum();
        let burned = (consumed - feedstock - transformation).max(Decimal::ZERO);

        let measured = measured_for(report, code);
        let combustion = match default.treatment {
            FuelTreatment::Combustion | FuelTreatment::MeasuredOnly => true,
            FuelTreatment::NonEnergy => !measured.is_empty(),
            _ => false,
        };
        let mut parameters = Vec::new();
        let mut invalid: Option<usize> = None;
        let mut value_of = |p: FuelParameter, dflt: Option<Decimal>| -> Option<Decimal> {
            if let Some(&(index, _, v)) = measured.iter().find(|(_, mp, _)| *mp == p) {
                if v <= Decimal::ZERO || v > param_max(p) {
                    invalid = invalid.or(Some(index));
                    return None;
                }
                let m = &report.carbon.measured[index];
                parameters.push(ParameterUse {
                    parameter: p,
                    value: v,
                    source: ParameterSource::Measured {
                        index,
                        method: m.method.clone(),
                        lab: m.lab.clone(),
                        evidence: m.evidence.len(),
                    },
                });
                return Some(v);
            }
            let v = dflt?;
            parameters.push(ParameterUse {
                parameter: p,
                value: v,
                source: ParameterSource::Default {
                    edition: default.edition.clone(),
                    confidence: default.confidence,
                },
            });
            Some(v)
        };
        let (mut carbon, mut energy_gj) = (Decimal::ZERO, None);
        if combustion {
            let cpu = value_of(FuelParameter::CarbonPerUnit, None);
            let ncv = value_of(FuelParameter::Ncv, default.ncv);
            let cc = if cpu.is_some() {
                None
            } else {
                value_of(FuelParameter::CarbonContent, default.carbon_content)
            };
            let of = value_of(FuelParameter::Oxidation, default.oxidation);
            if let Some(index) = invalid {
                push_gap(
                    &mut gaps,
                    Gap::InvalidMeasured {
                        path: format!("carbon.measured[{index}]"),
                    },
                );
            }
            let per_unit = match (cpu, ncv, cc) {
                (Some(c), _, _) => Some(c),
                (None, Some(n), Some(c)) => n.checked_mul(c),
                _ => None,
            };
            match (per_unit, of) {
                (Some(c), Some(o)) => {
                    match burned.checked_mul(c).and_then(|x| x.checked_mul(o)) {
                        Some(x) => carbon = x.normalize(),
                        None => overflow = true,
                    }
                    energy_gj = ncv
                        .and_then(|n| burned.checked_mul(n))
                        .map(|x| x.normalize());
                }
                _ if burned.is_zero() || invalid.is_some() => {}
                _ => {
                    let mut missing = Vec::new();
                    if cpu.is_none() {
                        if ncv.is_none() {
                            missing.push(FuelParameter::Ncv);
                        }
                        if cc.is_none() {
                            missing.push(FuelParameter::CarbonContent);
                        }
                    }
                    if of.is_none() {
                        missing.push(FuelParameter::Oxidation);
                    }
                    push_gap(
                        &mut gaps,
                        Gap::MissingParameters {
                            path: path.clone(),
                            code: code.to_string(),
                            name: cat.name.clone(),
                            missing,
                        },
                    );
                }
            }
        }
        match carbon_total.checked_add(carbon) {
            Some(x) => carbon_total = x,
            None => overflow = true,
        }
        fuels.push(FuelFigures {
            path,
            code: code.to_string(),
            name: if row.name.trim().is_empty() {
                cat.name.clone()
            } else {
                row.name.trim().to_string()
            },
            unit: cat.unit.clone(),
            treatment: default.treatment,
            consumed: Qty::round(consumed),
            feedstock: Qty::round(feedstock),
            transformation: Qty::round(transformation),
            burned: Qty::round(burned),
            parameters,
            energy_gj,
            carbon_t: carbon,
            co2_t: co2_of_carbon(carbon).map(Co2::round).unwrap_or_default(),
            in_total: combustion,
        });
    }

    // Electricity.
    let lines = &report.carbon.electricity;
    let line_sum = |pred: &dyn Fn(&crate::model::ElectricityLine) -> bool| -> Decimal {
        lines
            .iter()
            .filter(|l| pred(l))
            .map(|l| q(l.quantity) * MWH_PER_10K_KWH)
            .sum::<Decimal>()
            .normalize()
    };
    let purchased_mwh = (elec_purchased * MWH_PER_10K_KWH).normalize();
    let proved_trade =
        line_sum(&|l| l.source == ElectricitySource::GreenTrade && certificates::line_proved(l));
    let unproved_trade =
        line_sum(&|l| l.source == ElectricitySource::GreenTrade && !certificates::line_proved(l));
    let green_trade_mwh = proved_trade
        .min(purchased_mwh)
        .max(Decimal::ZERO)
        .normalize();
    let certificate_mwh = if settings.unbundled_certificates_zero_co2 {
        Decimal::from(certificates.counted_unbundled)
            .min(purchased_mwh - green_trade_mwh)
            .max(Decimal::ZERO)
            .normalize()
    } else {
        Decimal::ZERO
    };
    let zero_mwh = green_trade_mwh + certificate_mwh;
    let charged_mwh = (purchased_mwh - zero_mwh).normalize();
    let exported_mwh = (q(report.carbon.exported_electricity) * MWH_PER_10K_KWH).normalize();
    let mut grid_factor = None;
    if !charged_mwh.is_zero() || !exported_mwh.is_zero() {
        let residual = settings.residual_factor_for_green_remainder && !zero_mwh.is_zero();
        let (scope, area) = if residual {
            (GridScope::Residual, Some(String::new()))
        } else {
            match settings.grid_scope {
                GridScope::Region => (
                    GridScope::Region,
                    registry::province_of(&report.enterprise.division_code)
                        .and_then(|p| reg.region_of(&p))
                        .map(|r| r.region.clone()),
                ),
                GridScope::Province => (
                    GridScope::Province,
                    registry::province_of(&report.enterprise.division_code)
                        .filter(|p| reg.region_of(p).is_some()),
                ),
                s => (s, Some(String::new())),
            }
        };
        match area {
            None if basis.grid.trim().is_empty() => push_gap(
                &mut gaps,
                Gap::NoProvince {
                    division_code: report.enterprise.division_code.clone(),
                },
            ),
            area => {
                let area = area.unwrap_or_default();
                let chosen = match reg.grid(scope, &area, year, &basis.grid) {
                    Err(Selection::NotCovered) if settings.latest_grid_edition_when_unpublished => {
                        match reg.grid_latest_before(scope, &area, year) {
                            Some(g) => {
                                fallbacks.push(Fallback {
                                    factor: FactorKind::Grid,
                                    scope: if area.is_empty() {
                                        scope.zh().to_string()
                                    } else {
                                        format!("{} {area}", scope.zh())
                                    },
                                    year,
                                    edition: g.edition.clone(),
                                    data_year: g.data_year,
                                    notice: g.notice.clone(),
                                    published: g.published,
                                    value: g.t_per_mwh,
                                });
                                Ok(g)
                            }
                            None => Err(Selection::NotCovered),
                        }
                    }
                    other => other,
                };
                match chosen {
                    Ok(g) => {
                        editions.grid = Some(g.edition.clone());
                        grid_factor = Some(FactorUse {
                            edition: g.edition.clone(),
                            value: g.t_per_mwh,
                            unit: "tCO2/MWh".into(),
                            confidence: g.confidence,
                            source: format!("{} ({})", g.notice, g.source),
                        });
                    }
                    Err(sel) => {
                        let label = if area.is_empty() {
                            scope.zh().to_string()
                        } else {
                            format!("{} {area}", scope.zh())
                        };
                        push_gap(&mut gaps, edition_gap(FactorKind::Grid, sel, label, year));
                    }
                }
            }
        }
    }
    let grid_value = grid_factor.as_ref().map(|f| f.value).unwrap_or_default();
    let elec_co2 = charged_mwh * grid_value;
    let elec_export_co2 = exported_mwh * grid_value;

    // Heat.
    let exported_gj = q(report.carbon.exported_heat);
    let mut heat_factor = None;
    if !heat_purchased.is_zero() || !exported_gj.is_zero() {
        match reg.heat(year, &basis.heat) {
            Ok(h) => {
                editions.heat = Some(h.edition.clone());
                heat_factor = Some(FactorUse {
                    edition: h.edition.clone(),
                    value: h.t_per_gj,
                    unit: "tCO2/GJ".into(),
                    confidence: h.confidence,
                    source: h.source.clone(),
                });
            }
            Err(sel) => push_gap(
                &mut gaps,
                edition_gap(FactorKind::Heat, sel, String::new(), year),
            ),
        }
    }
    let heat_value = heat_factor.as_ref().map(|f| f.value).unwrap_or_default();
    let heat_co2 = heat_purchased * heat_value;
    let heat_export_co2 = exported_gj * heat_value;

    let process: Decimal = report.carbon.process.iter().map(|p| q(p.co2_t)).sum();
    let Some(combustion_co2) = co2_of_carbon(carbon_total) else {
        overflow = true;
        return finish(
            report,
            settings,
            (editions, fallbacks),
            gaps,
            None,
            certificates,
            overflow,
        );
    };
    let direct = combustion_co2 + process;
    let indirect = elec_co2 + heat_co2 - elec_export_co2 - heat_export_co2;
    let total = direct + indirect;

    let ind = &report.indicators;
    let per_output_value = ratio(total, q(ind.output_value.current));
    let per_value_added = ratio(total, q(ind.value_added.current));
    let per_product = report
        .products
        .iter()
        .map(|p| ProductCarbon {
            name: p.name.clone(),
            unit: format!("tCO2/{}", p.denominator_unit.trim()),
            value: ratio(total, q(p.denominator)),
        })
        .collect();
    let prior = prior.and_then(|p| {
        let last = compute_with(p, rd, reg.settings_for(&p.enterprise.division_code), None);
        let f = last.figures?;
        let change = |now: Option<Ratio>, then: Option<Ratio>| match (now, then) {
            (Some(a), Some(b)) => change_pct(a.value(), b.value()),
            _ => None,
        };
        Some(PriorCarbon {
            year: p.year,
            total_co2_t: f.total_co2_t,
            per_output_value: f.per_output_value,
            per_value_added: f.per_value_added,
            total_change_pct: change_pct(total, f.total_co2_t.value()),
            per_output_value_change_pct: change(per_output_value, f.per_output_value),
            per_value_added_change_pct: change(per_value_added, f.per_value_added),
        })
    });

    let figures = CarbonFigures {
        has_feedstock: fuels.iter().any(|f| !f.feedstock.is_zero()),
        fuels,
        process_co2_t: Co2::round(process),
        direct_co2_t: Co2::round(direct),
        electricity: ElectricityFigures {
            purchased_mwh,
            consumed_mwh: (elec_consumed * MWH_PER_10K_KWH).normalize(),
            from_lines: !lines.is_empty(),
            green_trade_mwh,
            certificate_mwh,
            unproved_green_mwh: unproved_trade,
            charged_mwh,
            factor: grid_factor,
            co2_t: Co2::round(elec_co2),
            exported_mwh,
            exported_co2_t: Co2::round(elec_export_co2),
            self_renewable_mwh: line_sum(&|l| l.source == ElectricitySource::SelfRenewable),
            self_fossil_mwh: line_sum(&|l| l.source == ElectricitySource::SelfFossil),
        },
        heat: HeatFigures {
            purchased_gj: heat_purchased.normalize(),
            exported_gj: exported_gj.normalize(),
            factor: heat_factor,
            co2_t: Co2::round(heat_co2),
            exported_co2_t: Co2::round(heat_export_co2),
        },
        indirect_co2_t: Co2::round(indirect),
        total_co2_t: Co2::round(total),
        per_output_value,
        per_value_added,
        per_product,
        prior,
    };
    finish(
        report,
        settings,
        (editions, fallbacks),
        gaps,
        Some(figures),
        certificates,
        overflow,
    )
}

fn finish(
    report: &AnnualReport,
    settings: CarbonSettings,
    (editions, fallbacks): (Editions, Vec<Fallback>),
    mut gaps: Vec<Gap>,
    figures: Option<CarbonFigures>,
    certificates: CertificateAssessment,
    overflow: bool,
) -> CarbonResult {
    if overflow {
        push_gap(&mut gaps, Gap::Overflow);
    }
    CarbonResult {
        year: report.year,
        settings,
        editions,
        fallbacks,
        figures: if gaps.is_empty() { figures } else { None },
        gaps,
        certificates,
    }
}
