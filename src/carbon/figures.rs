//! What the CO₂ computation returns: the figures per fuel row, electricity, heat and product,
//! the factors used with their provenance, the editions and fall-backs, and the whole
//! [`CarbonResult`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::certificates::CertificateAssessment;
use super::registry::{CarbonSettings, FactorKind, FuelTreatment};
use super::Gap;
use crate::model::{Co2, FuelParameter, Percent, Qty, Ratio};
use crate::refdata::Confidence;

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
