//! Why the CO₂ figures cannot be given ([`Gap`]) and the names and ranges of the fuel
//! parameters a gap or a measured value speaks of.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::registry::FactorKind;
use crate::model::FuelParameter;

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
    crate::model::Coded::zh(p)
}

/// English name of a fuel parameter inside a sentence (lower case, shorter than the list's
/// label).
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
