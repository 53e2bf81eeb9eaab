//! 碳排放 screen — the CO₂ block as the app shows it: every figure at its display scale, every
//! factor with its edition, source, validity and confidence (未核实 when unverified), why figures
//! are missing, which factor stands in for an unpublished year, and the pack document the 碳表
//! tables read. Built from a [`CarbonResult`] and the registry; nothing here is computed anew.

use rust_decimal::Decimal;
use serde::Serialize;

use super::certificates::line_proved;
use super::document::{not_counted_zh, CarbonDocument};
use super::registry::{FactorKind, FuelTreatment, GridScope};
use super::{co2_of_carbon, param_zh, CarbonResult, FactorUse, FuelFigures, ParameterSource};
use crate::model::{AnnualReport, Co2, ElectricitySource, FuelParameter, Percent, Ratio};
use crate::refdata::{Confidence, RefData};

/// MWh as shown (3 decimals).
type Mwh = crate::model::Fixed<3>;
/// GJ as shown (4 decimals, 205-1 百万千焦).
type Gj = crate::model::Fixed<4>;

/// A sentence in both languages, with the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CarbonNote {
    pub zh: String,
    pub en: String,
    /// Report field path, empty when the note is about the whole block.
    pub path: String,
}

/// A factor or parameter value with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Provenance {
    /// `default` (a registry edition), `measured` (the enterprise's own value) or `fallback`
    /// (the latest published edition standing in for a year not published yet).
    pub kind: String,
    /// Edition id (`gbt32151.34-2024-c1`, `mee-2022-national` …); empty for a measured value.
    pub edition: String,
    /// The source as recorded (standard and table, notice, or method and lab).
    pub source: String,
    /// 生态环境部公告 number for grid factors.
    pub notice: String,
    /// Validity of the edition (report years it applies to), ISO dates; empty when open.
    pub valid_from: String,
    pub valid_to: String,
    /// Date of publication (grid factors).
    pub published: String,
    /// Year the factor describes (grid factors).
    pub data_year: Option<i32>,
    pub confidence: Option<Confidence>,
    /// The value's source is unverified ([M]): the screen marks it 未核实.
    pub unverified: bool,
    pub note: String,
    /// Row of 实测参数 (0-based) for a measured value.
    pub measured_index: Option<usize>,
    /// Number of evidence files of a measured value.
    pub evidence: usize,
}

/// One parameter of a fuel row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParamView {
    /// `ncv`, `carbon_content`, `oxidation`, `carbon_per_unit`
    pub parameter: String,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub value: Decimal,
    pub unit: String,
    pub provenance: Provenance,
}

/// The CO₂ of one 205-1 row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FuelRowView {
    /// `energy[i]`
    pub path: String,
    pub code: String,
    pub name: String,
    pub unit: String,
    /// How the row enters the block, in words (燃料燃烧, 生物质 …).
    pub treatment: String,
    pub consumed: Option<crate::model::Qty>,
    pub feedstock: Option<crate::model::Qty>,
    pub transformation: Option<crate::model::Qty>,
    pub burned: Option<crate::model::Qty>,
    pub params: Vec<ParamView>,
    pub co2_t: Option<Co2>,
    pub in_total: bool,
}

/// A grid or heat factor as used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactorView {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub value: Decimal,
    pub unit: String,
    /// The series in words (全国电网平均 …).
    pub series: String,
    pub provenance: Provenance,
}

/// Electricity: purchased, proved green, charged at the factor, supplied outward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ElectricityView {
    pub purchased_mwh: Mwh,
    pub green_trade_mwh: Mwh,
    pub certificate_mwh: Mwh,
    pub unproved_green_mwh: Mwh,
    pub charged_mwh: Mwh,
    pub factor: Option<FactorView>,
    pub co2_t: Co2,
    pub exported_mwh: Mwh,
    pub exported_co2_t: Co2,
    pub self_renewable_mwh: Mwh,
    pub self_fossil_mwh: Mwh,
}

/// Heat: purchased and supplied outward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeatView {
    pub purchased_gj: Gj,
    pub exported_gj: Gj,
    pub factor: Option<FactorView>,
    pub co2_t: Co2,
    pub exported_co2_t: Co2,
}

/// One electricity line as accounted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineView {
    pub source: String,
    pub mwh: Option<Mwh>,
    /// Contract, settlement and evidence (green trade) or meter and records (self-generated).
    pub proved: bool,
    pub treatment: String,
}

/// CO₂ per unit of one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProductIntensity {
    pub name: String,
    pub unit: String,
    pub value: Option<Ratio>,
}

/// Direct, indirect, total and intensities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TotalsView {
    pub combustion_co2_t: Co2,
    pub process_co2_t: Co2,
    pub direct_co2_t: Co2,
    pub indirect_co2_t: Co2,
    pub total_co2_t: Co2,
    /// Biomass CO₂, reported apart from the total.
    pub biomass_co2_t: Co2,
    pub per_output_value: Option<Ratio>,
    pub per_value_added: Option<Ratio>,
    pub per_product: Vec<ProductIntensity>,
}

/// Last year's figures and the changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PriorView {
    pub year: i32,
    pub total_co2_t: Co2,
    pub per_output_value: Option<Ratio>,
    pub per_value_added: Option<Ratio>,
    pub total_change_pct: Option<Percent>,
    pub per_output_value_change_pct: Option<Percent>,
    pub per_value_added_change_pct: Option<Percent>,
}

/// One certificate entry, assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertificateView {
    pub index: usize,
    pub quantity: u64,
    pub valid_until: Option<String>,
    pub counted: bool,
    /// Why it does not count, one reason each.
    pub reasons: Vec<String>,
}

/// The ledger in certificates (= MWh).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CertificateTotalsView {
    pub listed: u64,
    pub counted_unbundled: u64,
    pub counted_trade: u64,
    pub energy_deductible: u64,
}

/// The CO₂ block as the 碳排放 screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CarbonView {
    pub year: i32,
    /// The figures are accounted (no gap); otherwise `gaps` says why.
    pub accounted: bool,
    pub gaps: Vec<CarbonNote>,
    /// 核算口径, one statement per setting.
    pub settings: Vec<String>,
    /// Factors standing in for a year no edition covers yet (warning CB019).
    pub fallbacks: Vec<CarbonNote>,
    /// Editions used: fuel (one or more), grid, heat.
    pub fuel_editions: Vec<String>,
    pub grid_edition: Option<String>,
    pub heat_edition: Option<String>,
    pub fuels: Vec<FuelRowView>,
    pub electricity: Option<ElectricityView>,
    pub lines: Vec<LineView>,
    pub heat: Option<HeatView>,
    pub totals: Option<TotalsView>,
    pub prior: Option<PriorView>,
    pub certificates: Vec<CertificateView>,
    pub certificate_totals: CertificateTotalsView,
    /// `computed.carbon` as the packs map it: the 碳表 tables read their shaded cells here.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub document: serde_json::Value,
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn unit_of(p: FuelParameter, row_unit: &str) -> String {
    match p {
        FuelParameter::Ncv => format!("GJ/{row_unit}"),
        FuelParameter::CarbonContent => "tC/GJ".into(),
        FuelParameter::Oxidation => String::new(),
        FuelParameter::CarbonPerUnit => format!("tC/{row_unit}"),
    }
}

fn param_key(p: FuelParameter) -> &'static str {
    match p {
        FuelParameter::Ncv => "ncv",
        FuelParameter::CarbonContent => "carbon_content",
        FuelParameter::Oxidation => "oxidation",
        FuelParameter::CarbonPerUnit => "carbon_per_unit",
    }
}

fn treatment_zh(f: &FuelFigures) -> &'static str {
    match f.treatment {
        FuelTreatment::Combustion => "燃料燃烧",
        FuelTreatment::NonEnergy if f.in_total => "非能源利用，按实测参数计为燃烧",
        FuelTreatment::NonEnergy => "非能源利用，不计",
        FuelTreatment::MeasuredOnly => "燃料燃烧（实测参数）",
        FuelTreatment::Biomass => "生物质，单独报告",
        FuelTreatment::Recovered => "余热余压，不重复计",
        FuelTreatment::PurchasedHeat => "外购热力",
        FuelTreatment::PurchasedElectricity => "外购电力",
    }
}

fn source_key(s: ElectricitySource) -> &'static str {
    match s {
        ElectricitySource::Grid => "grid",
        ElectricitySource::GreenTrade => "green_trade",
        ElectricitySource::SelfRenewable => "self_renewable",
        ElectricitySource::SelfFossil => "self_fossil",
    }
}

impl CarbonView {
    /// The screen's view of `result`, computed from `report`.
    pub fn of(report: &AnnualReport, result: &CarbonResult, rd: &RefData) -> Self {
        let reg = &rd.carbon;
        let fallback_edition =
            |edition: &str| result.fallbacks.iter().any(|f| f.edition == edition);
        let factor_view = |kind: FactorKind, u: &FactorUse| -> FactorView {
            let mut p = Provenance {
                kind: if fallback_edition(&u.edition) {
                    "fallback".into()
                } else {
                    "default".into()
                },
                edition: u.edition.clone(),
                source: u.source.clone(),
                notice: String::new(),
                valid_from: String::new(),
                valid_to: String::new(),
                published: String::new(),
                data_year: None,
                confidence: Some(u.confidence),
                unverified: u.confidence == Confidence::M,
                note: String::new(),
                measured_index: None,
                evidence: 0,
            };
            let mut series = String::new();
            match kind {
                FactorKind::Grid => {
                    if let Some(g) = reg.grid.iter().find(|g| g.edition == u.edition) {
                        p.source = g.source.clone();
                        p.notice = g.notice.clone();
                        p.valid_from = g.valid_from.to_string();
                        p.valid_to = date(g.valid_to);
                        p.published = g.published.to_string();
                        p.data_year = Some(g.data_year);
                        p.note = g.note.clone();
                        series = match g.scope {
                            GridScope::Region | GridScope::Province => g.note.clone(),
                            s => s.zh().to_string(),
                        };
                    }
                }
                FactorKind::Heat => {
                    if let Some(h) = reg.heat.iter().find(|h| h.edition == u.edition) {
                        p.source = h.source.clone();
                        p.valid_from = h.valid_from.to_string();
                        p.valid_to = date(h.valid_to);
                        p.note = h.note.clone();
                    }
                    series = "热力".into();
                }
                FactorKind::Fuel => {}
            }
            FactorView {
                value: u.value.normalize(),
                unit: u.unit.clone(),
                series,
                provenance: p,
            }
        };

        let figures = result.figures.as_ref();
        let fuels = report
            .energy
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                let path = format!("energy[{i}]");
                let f = figures.and_then(|f| f.fuels.iter().find(|x| x.path == path));
                let Some(f) = f else {
                    let cat = rd.energy(row.code.trim())?;
                    if matches!(
                        cat.kind,
                        crate::refdata::EnergyKind::Electricity | crate::refdata::EnergyKind::Heat
                    ) {
                        return None;
                    }
                    return Some(FuelRowView {
                        path,
                        code: row.code.trim().to_string(),
                        name: if row.name.trim().is_empty() {
                            cat.name.clone()
                        } else {
                            row.name.trim().to_string()
                        },
                        unit: cat.unit.clone(),
                        treatment: String::new(),
                        consumed: row.consumed_total,
                        feedstock: row.used_as_feedstock,
                        transformation: None,
                        burned: None,
                        params: Vec::new(),
                        co2_t: None,
                        in_total: false,
                    });
                };
                let params = f
                    .parameters
                    .iter()
                    .map(|u| {
                        let provenance = match &u.source {
                            ParameterSource::Default {
                                edition,
                                confidence,
                            } => {
                                let row = reg
                                    .fuels
                                    .iter()
                                    .find(|x| x.edition == *edition && x.code == f.code);
                                Provenance {
                                    kind: "default".into(),
                                    edition: edition.clone(),
                                    source: row.map(|r| r.source.clone()).unwrap_or_default(),
                                    notice: String::new(),
                                    valid_from: row
                                        .map(|r| r.valid_from.to_string())
                                        .unwrap_or_default(),
                                    valid_to: date(row.and_then(|r| r.valid_to)),
                                    published: String::new(),
                                    data_year: None,
                                    confidence: Some(*confidence),
                                    unverified: *confidence == Confidence::M,
                                    note: row
                                        .map(|r| {
                                            if r.note.is_empty() {
                                                format!("C.1 {}", r.fuel)
                                            } else {
                                                format!("C.1 {}；{}", r.fuel, r.note)
                                            }
                                        })
                                        .unwrap_or_default(),
                                    measured_index: None,
                                    evidence: 0,
                                }
                            }
                            ParameterSource::Measured {
                                index,
                                method,
                                lab,
                                evidence,
                            } => Provenance {
                                kind: "measured".into(),
                                edition: String::new(),
                                source: [method.trim(), lab.trim()]
                                    .iter()
                                    .filter(|s| !s.is_empty())
                                    .copied()
                                    .collect::<Vec<_>>()
                                    .join("；"),
                                notice: String::new(),
                                valid_from: String::new(),
                                valid_to: String::new(),
                                published: String::new(),
                                data_year: None,
                                confidence: None,
                                unverified: *evidence == 0,
                                note: String::new(),
                                measured_index: Some(*index),
                                evidence: *evidence,
                            },
                        };
                        ParamView {
                            parameter: param_key(u.parameter).into(),
                            label: param_zh(u.parameter).into(),
                            value: u.value.normalize(),
                            unit: unit_of(u.parameter, &f.unit),
                            provenance,
                        }
                    })
                    .collect();
                Some(FuelRowView {
                    path: f.path.clone(),
                    code: f.code.clone(),
                    name: f.name.clone(),
                    unit: f.unit.clone(),
                    treatment: treatment_zh(f).into(),
                    consumed: Some(f.consumed),
                    feedstock: Some(f.feedstock),
                    transformation: Some(f.transformation),
                    burned: Some(f.burned),
                    params,
                    co2_t: (f.in_total || f.treatment == FuelTreatment::Biomass).then_some(f.co2_t),
                    in_total: f.in_total,
                })
            })
            .collect();

        let mwh = |d: Decimal| Mwh::round(d);
        let electricity = figures.map(|f| {
            let e = &f.electricity;
            ElectricityView {
                purchased_mwh: mwh(e.purchased_mwh),
                green_trade_mwh: mwh(e.green_trade_mwh),
                certificate_mwh: mwh(e.certificate_mwh),
                unproved_green_mwh: mwh(e.unproved_green_mwh),
                charged_mwh: mwh(e.charged_mwh),
                factor: e.factor.as_ref().map(|u| factor_view(FactorKind::Grid, u)),
                co2_t: e.co2_t,
                exported_mwh: mwh(e.exported_mwh),
                exported_co2_t: e.exported_co2_t,
                self_renewable_mwh: mwh(e.self_renewable_mwh),
                self_fossil_mwh: mwh(e.self_fossil_mwh),
            }
        });
        let heat = figures.map(|f| {
            let h = &f.heat;
            HeatView {
                purchased_gj: Gj::round(h.purchased_gj),
                exported_gj: Gj::round(h.exported_gj),
                factor: h.factor.as_ref().map(|u| factor_view(FactorKind::Heat, u)),
                co2_t: h.co2_t,
                exported_co2_t: h.exported_co2_t,
            }
        });
        let totals = figures.map(|f| {
            let sum = |pick: &dyn Fn(&FuelFigures) -> bool| -> Co2 {
                let c: Decimal = f.fuels.iter().filter(|x| pick(x)).map(|x| x.carbon_t).sum();
                co2_of_carbon(c).map(Co2::round).unwrap_or_default()
            };
            TotalsView {
                combustion_co2_t: sum(&|x| x.in_total),
                process_co2_t: f.process_co2_t,
                direct_co2_t: f.direct_co2_t,
                indirect_co2_t: f.indirect_co2_t,
                total_co2_t: f.total_co2_t,
                biomass_co2_t: sum(&|x| x.treatment == FuelTreatment::Biomass),
                per_output_value: f.per_output_value,
                per_value_added: f.per_value_added,
                per_product: f
                    .per_product
                    .iter()
                    .map(|p| ProductIntensity {
                        name: p.name.clone(),
                        unit: p.unit.clone(),
                        value: p.value,
                    })
                    .collect(),
            }
        });
        let prior = figures.and_then(|f| f.prior.as_ref()).map(|p| PriorView {
            year: p.year,
            total_co2_t: p.total_co2_t,
            per_output_value: p.per_output_value,
            per_value_added: p.per_value_added,
            total_change_pct: p.total_change_pct,
            per_output_value_change_pct: p.per_output_value_change_pct,
            per_value_added_change_pct: p.per_value_added_change_pct,
        });

        let gaps = result
            .gaps
            .iter()
            .map(|g| {
                let (zh, en) = g.message();
                let path = match g {
                    super::Gap::NoEdition { factor, .. }
                    | super::Gap::UnknownEdition { factor, .. } => {
                        format!(
                            "carbon.basis.{}",
                            match factor {
                                FactorKind::Fuel => "fuel",
                                FactorKind::Grid => "grid",
                                FactorKind::Heat => "heat",
                            }
                        )
                    }
                    super::Gap::NoProvince { .. } => "enterprise.division_code".into(),
                    super::Gap::MissingParameters { path, .. } => format!("{path}.consumed_total"),
                    super::Gap::InvalidMeasured { path } => path.clone(),
                    super::Gap::UnknownEnergy { path, .. } => format!("{path}.code"),
                    super::Gap::Overflow => String::new(),
                };
                CarbonNote { zh, en, path }
            })
            .collect();
        let fallbacks = result
            .fallbacks
            .iter()
            .map(|f| CarbonNote {
                zh: format!(
                    "{}年度尚无{}（{}），采用最新发布的{}（{}年数据，{}发布）",
                    f.year,
                    f.factor.zh(),
                    f.scope,
                    f.edition,
                    f.data_year,
                    f.published
                ),
                en: format!(
                    "No {} ({}) covers {} yet; the latest published {} ({} data, published {}) is used",
                    f.factor.en(),
                    f.scope,
                    f.year,
                    f.edition,
                    f.data_year,
                    f.published
                ),
                path: "carbon.basis.grid".into(),
            })
            .collect();

        let s = &result.settings;
        let mut settings = super::document::settings_lines(s);
        settings.push(
            if s.latest_grid_edition_when_unpublished {
                "报告年度尚无电力排放因子时，采用最新发布的版本并提示"
            } else {
                "报告年度尚无电力排放因子时不核算"
            }
            .into(),
        );

        let document = CarbonDocument::of(report, result, rd);
        CarbonView {
            year: result.year,
            accounted: figures.is_some(),
            gaps,
            settings,
            fallbacks,
            fuel_editions: result.editions.fuel.clone(),
            grid_edition: result.editions.grid.clone(),
            heat_edition: result.editions.heat.clone(),
            fuels,
            electricity,
            lines: report
                .carbon
                .electricity
                .iter()
                .zip(document.lines.iter())
                .map(|(l, d)| LineView {
                    source: source_key(l.source).into(),
                    mwh: l.quantity.map(|q| Mwh::round(q.value() * Decimal::TEN)),
                    proved: line_proved(l),
                    treatment: d.treatment.clone(),
                })
                .collect(),
            heat,
            totals,
            prior,
            certificates: result
                .certificates
                .entries
                .iter()
                .map(|c| CertificateView {
                    index: c.index,
                    quantity: c.quantity,
                    valid_until: c.valid_until.map(|d| d.to_string()),
                    counted: c.counted,
                    reasons: c.not_counted.iter().map(not_counted_zh).collect(),
                })
                .collect(),
            certificate_totals: CertificateTotalsView {
                listed: result.certificates.listed,
                counted_unbundled: result.certificates.counted_unbundled,
                counted_trade: result.certificates.counted_trade,
                energy_deductible: result.certificates.energy_deductible,
            },
            document: serde_json::to_value(&document).unwrap_or_default(),
        }
    }
}
