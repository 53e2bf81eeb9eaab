//! The CO₂ block as a template pack shows it and the signed file carries it: `computed.carbon`
//! of the document `{"report","computed"}` that packs map.
//!
//! [`CarbonDocument`] flattens a [`CarbonResult`] so that every figure has one path: a row per
//! 205-1 row (`rows[i]` beside `energy[i]`) with its parameters, their source and edition; the
//! electricity and heat figures with the factors used; direct, indirect and total; intensities;
//! last year's figures; a row per electricity line and per certificate entry (beside
//! `carbon.electricity[i]` and `carbon.certificates[i]`); the editions and settings used. What a
//! pack maps of it is signed with the report, so a county reads the unit's own figures
//! ([`SignedCarbon`]) instead of recomputing them under whatever editions it holds.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::certificates::{line_proved, EntryProblem, NotCounted};
use super::registry::{CarbonSettings, EnergyDeduction, FuelTreatment};
use super::{co2_of_carbon, CarbonResult, FactorUse, FuelFigures, ParameterSource};
use crate::model::{AnnualReport, Co2, ElectricitySource, FuelParameter, Percent, Qty, Ratio};
use crate::refdata::{Confidence, EnergyKind, RefData};

/// `computed.carbon`: the CO₂ block, figure by figure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CarbonDocument {
    /// 已核算, or 无法核算 with the reasons.
    pub status: String,
    /// 核算口径: grid series, how certificates count.
    pub settings: String,
    pub editions: EditionsDocument,
    /// One per 205-1 row, in the order of `energy`.
    pub rows: Vec<RowDocument>,
    /// Fuel combustion (rows in the total).
    pub combustion_co2_t: Option<Co2>,
    pub process_co2_t: Option<Co2>,
    pub direct_co2_t: Option<Co2>,
    pub electricity: ElectricityDocument,
    pub heat: HeatDocument,
    pub indirect_co2_t: Option<Co2>,
    pub total_co2_t: Option<Co2>,
    /// tCO₂ per 万元 of 工业总产值 and of 工业增加值.
    pub per_output_value: Option<Ratio>,
    pub per_value_added: Option<Ratio>,
    pub prior: PriorDocument,
    /// One per electricity line, in the order of `carbon.electricity`.
    pub lines: Vec<LineDocument>,
    /// One per certificate entry, in the order of `carbon.certificates`.
    pub certificates: Vec<CertificateDocument>,
    pub certificate_totals: CertificateTotals,
}

/// The editions used, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EditionsDocument {
    /// Fuel parameter editions, `、`-separated.
    pub fuel: String,
    pub grid: String,
    pub heat: String,
}

/// The CO₂ of one 205-1 row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RowDocument {
    pub name: String,
    pub code: String,
    pub unit: String,
    /// How the row enters the block (燃料燃烧, 外购电力 …).
    pub treatment: String,
    pub consumed: Option<Qty>,
    pub feedstock: Option<Qty>,
    pub transformation: Option<Qty>,
    pub burned: Option<Qty>,
    pub ncv: Option<Decimal>,
    pub ncv_source: String,
    pub carbon_content: Option<Decimal>,
    pub carbon_content_source: String,
    pub oxidation: Option<Decimal>,
    pub oxidation_source: String,
    /// Measured carbon per unit, when entered (replaces NCV × carbon content).
    pub carbon_per_unit: Option<Decimal>,
    pub co2_t: Option<Co2>,
    pub in_total: Option<bool>,
}

/// Purchased, green and charged electricity, the factor and its source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ElectricityDocument {
    pub purchased_mwh: Option<Decimal>,
    pub green_trade_mwh: Option<Decimal>,
    pub certificate_mwh: Option<Decimal>,
    pub unproved_green_mwh: Option<Decimal>,
    pub charged_mwh: Option<Decimal>,
    pub factor: Option<Decimal>,
    /// Edition, value and notice of the factor; 未核实 when its source is unverified.
    pub factor_source: String,
    pub co2_t: Option<Co2>,
    pub exported_mwh: Option<Decimal>,
    pub exported_co2_t: Option<Co2>,
    pub self_renewable_mwh: Option<Decimal>,
    pub self_fossil_mwh: Option<Decimal>,
}

/// Purchased and supplied heat with the factor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HeatDocument {
    pub purchased_gj: Option<Decimal>,
    pub factor: Option<Decimal>,
    pub factor_source: String,
    pub co2_t: Option<Co2>,
    pub exported_gj: Option<Decimal>,
    pub exported_co2_t: Option<Co2>,
}

/// Last year's figures and the changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PriorDocument {
    pub year: Option<i32>,
    pub total_co2_t: Option<Co2>,
    pub per_output_value: Option<Ratio>,
    pub per_value_added: Option<Ratio>,
    pub total_change_pct: Option<Percent>,
    pub per_output_value_change_pct: Option<Percent>,
    pub per_value_added_change_pct: Option<Percent>,
}

/// How one electricity line is accounted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineDocument {
    pub mwh: Option<Decimal>,
    pub treatment: String,
}

/// One certificate entry, assessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateDocument {
    pub valid_until: Option<chrono::NaiveDate>,
    pub counted: bool,
    /// Why it does not count, `；`-separated.
    pub reasons: String,
}

/// The ledger in certificates (= MWh).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateTotals {
    pub listed: u64,
    pub counted_unbundled: u64,
    pub counted_trade: u64,
    pub energy_deductible: u64,
}

fn confidence_mark(c: Confidence) -> &'static str {
    if c == Confidence::M {
        "（未核实）"
    } else {
        ""
    }
}

fn factor_text(f: &Option<FactorUse>) -> String {
    f.as_ref()
        .map(|u| {
            format!(
                "{}：{} {}（{}）{}",
                u.edition,
                u.value.normalize(),
                u.unit,
                u.source,
                confidence_mark(u.confidence)
            )
        })
        .unwrap_or_default()
}

/// The accounting settings as lines of text, in the order the signed document joins them (the
/// screen lists them too).
pub(super) fn settings_lines(s: &CarbonSettings) -> Vec<String> {
    let mut out = vec![format!("电力排放因子：{}", s.grid_scope.zh())];
    out.push(
        if s.unbundled_certificates_zero_co2 {
            "单独购买并核销的绿证对应电量按零排放计"
        } else {
            "单独购买的绿证不抵扣排放，仅绿电交易按零排放计"
        }
        .into(),
    );
    if s.residual_factor_for_green_remainder {
        out.push("绿电以外的电量按剔除市场化非化石电量的因子计".into());
    }
    out.push(
        match s.energy_deduction {
            EnergyDeduction::AllCertificates => "计入的绿证均可扣除能耗",
            EnergyDeduction::ExcludeInProvince => "省内购买的绿证不扣除能耗",
        }
        .into(),
    );
    out
}

fn settings_text(s: &CarbonSettings) -> String {
    settings_lines(s).join("；")
}

fn treatment_text(f: &FuelFigures) -> &'static str {
    match f.treatment {
        FuelTreatment::Combustion => "燃料燃烧",
        FuelTreatment::NonEnergy if f.in_total => "非能源利用，按实测参数计为燃烧",
        FuelTreatment::NonEnergy => "非能源利用，不计",
        FuelTreatment::MeasuredOnly => "燃料燃烧（实测参数）",
        FuelTreatment::Biomass => "生物质，单独报告，不计入总量",
        FuelTreatment::Recovered => "余热余压，不重复计",
        FuelTreatment::PurchasedHeat => "外购热力，见下",
        FuelTreatment::PurchasedElectricity => "外购电力，见下",
    }
}

fn source_text(src: &ParameterSource) -> String {
    match src {
        ParameterSource::Default {
            edition,
            confidence,
        } => format!("缺省值 {edition}{}", confidence_mark(*confidence)),
        ParameterSource::Measured { index, .. } => format!("实测，见实测参数第{}行", index + 1),
    }
}

fn row_of(f: &FuelFigures) -> RowDocument {
    let param = |p: FuelParameter| f.parameters.iter().find(|u| u.parameter == p);
    let value = |p: FuelParameter| param(p).map(|u| u.value);
    let source = |p: FuelParameter| param(p).map(|u| source_text(&u.source)).unwrap_or_default();
    RowDocument {
        name: f.name.clone(),
        code: f.code.clone(),
        unit: f.unit.clone(),
        treatment: treatment_text(f).into(),
        consumed: Some(f.consumed),
        feedstock: Some(f.feedstock),
        transformation: Some(f.transformation),
        burned: Some(f.burned),
        ncv: value(FuelParameter::Ncv),
        ncv_source: source(FuelParameter::Ncv),
        carbon_content: value(FuelParameter::CarbonContent),
        carbon_content_source: source(FuelParameter::CarbonContent),
        oxidation: value(FuelParameter::Oxidation),
        oxidation_source: source(FuelParameter::Oxidation),
        carbon_per_unit: value(FuelParameter::CarbonPerUnit),
        co2_t: f.in_total.then_some(f.co2_t),
        in_total: Some(f.in_total),
    }
}

/// Why a certificate entry does not count, in Chinese.
pub fn not_counted_zh(why: &NotCounted) -> String {
    match why {
        NotCounted::Malformed { problem } => match problem {
            EntryProblem::CodeFormat => "编号不是32位数字".into(),
            EntryProblem::RangeReversed => "止号小于起号".into(),
            EntryProblem::RangeAcrossProjects => "起止编号不属于同一项目".into(),
            EntryProblem::QuantityMismatch { codes } => {
                format!("数量与编号区间所含{codes}张不一致")
            }
            EntryProblem::ProductionDate => "生产年月缺失或有误".into(),
            EntryProblem::CancelledWithoutDate => "已核销但未填核销日期".into(),
        },
        NotCounted::ProducedAfterYear => "生产年份晚于报告年度".into(),
        NotCounted::Expired { valid_until } => format!("有效期至{valid_until}，已过期"),
        NotCounted::CancelledAfterExpiry { valid_until } => {
            format!("核销日期晚于有效期（至{valid_until}）")
        }
        NotCounted::NotCancelled => "未核销".into(),
        NotCounted::NoEvidence => "无证明材料".into(),
        NotCounted::Duplicate { of } => format!("与第{}条编号重复或重叠", of + 1),
        NotCounted::CountedWithTrade { of: Some(j), .. } => {
            format!("与第{}条随绿电交易划转的绿证重叠", j + 1)
        }
        NotCounted::CountedWithTrade { contract, .. } => {
            format!("合同{contract}为绿电交易合同，已由交易电量计入")
        }
    }
}

fn line_text(l: &crate::model::ElectricityLine) -> &'static str {
    match (l.source, line_proved(l)) {
        (ElectricitySource::Grid, _) => "电网购电，按电力排放因子计",
        (ElectricitySource::GreenTrade, true) => "绿电交易，已证明，按零排放计",
        (ElectricitySource::GreenTrade, false) => "绿电交易未证明，按电力排放因子计",
        (ElectricitySource::SelfRenewable, true) => "自发自用可再生能源，无间接排放",
        (ElectricitySource::SelfRenewable, false) => "自发自用可再生能源，缺计量表号或记录",
        (ElectricitySource::SelfFossil, _) => "自发化石能源电力，燃料已计入直接排放",
    }
}

impl CarbonDocument {
    /// The document of a computed block. `report` is the report it was computed from (its rows
    /// give the names of rows without figures).
    pub fn of(report: &AnnualReport, result: &CarbonResult, rd: &RefData) -> Self {
        let figures = result.figures.as_ref();
        let rows = report
            .energy
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let path = format!("energy[{i}]");
                if let Some(f) = figures.and_then(|f| f.fuels.iter().find(|x| x.path == path)) {
                    return row_of(f);
                }
                let cat = rd.energy(row.code.trim());
                let pick = |typed: &str, catalog: Option<&String>| {
                    if typed.trim().is_empty() {
                        catalog.cloned().unwrap_or_default()
                    } else {
                        typed.trim().to_string()
                    }
                };
                let treatment = match (figures, cat.map(|c| c.kind)) {
                    (Some(_), Some(EnergyKind::Electricity)) => "外购电力，见下",
                    (Some(_), Some(EnergyKind::Heat)) => "外购热力，见下",
                    _ => "",
                };
                RowDocument {
                    name: pick(&row.name, cat.map(|c| &c.name)),
                    code: row.code.trim().to_string(),
                    unit: pick(&row.unit, cat.map(|c| &c.unit)),
                    treatment: treatment.into(),
                    consumed: row.consumed_total,
                    ..Default::default()
                }
            })
            .collect();
        let mut doc = CarbonDocument {
            status: if figures.is_some() {
                "已核算".into()
            } else {
                let gaps: Vec<String> = result.gaps.iter().map(|g| g.message().0).collect();
                format!("无法核算：{}", gaps.join("；"))
            },
            settings: settings_text(&result.settings),
            editions: EditionsDocument {
                fuel: result.editions.fuel.join("、"),
                grid: result.editions.grid.clone().unwrap_or_default(),
                heat: result.editions.heat.clone().unwrap_or_default(),
            },
            rows,
            lines: report
                .carbon
                .electricity
                .iter()
                .map(|l| LineDocument {
                    mwh: l.quantity.map(|q| (q.value() * Decimal::TEN).normalize()),
                    treatment: line_text(l).into(),
                })
                .collect(),
            certificates: report
                .carbon
                .certificates
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    let line = result.certificates.entries.iter().find(|e| e.index == i);
                    CertificateDocument {
                        valid_until: line.and_then(|l| l.valid_until),
                        counted: line.is_some_and(|l| l.counted),
                        reasons: line
                            .map(|l| {
                                l.not_counted
                                    .iter()
                                    .map(not_counted_zh)
                                    .collect::<Vec<_>>()
                                    .join("；")
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect(),
            certificate_totals: CertificateTotals {
                listed: result.certificates.listed,
                counted_unbundled: result.certificates.counted_unbundled,
                counted_trade: result.certificates.counted_trade,
                energy_deductible: result.certificates.energy_deductible,
            },
            ..Default::default()
        };
        let Some(f) = figures else { return doc };
        let burned: Decimal = f
            .fuels
            .iter()
            .filter(|x| x.in_total)
            .map(|x| x.carbon_t)
            .sum();
        doc.combustion_co2_t = co2_of_carbon(burned).map(Co2::round);
        doc.process_co2_t = Some(f.process_co2_t);
        doc.direct_co2_t = Some(f.direct_co2_t);
        let e = &f.electricity;
        doc.electricity = ElectricityDocument {
            purchased_mwh: Some(e.purchased_mwh),
            green_trade_mwh: Some(e.green_trade_mwh),
            certificate_mwh: Some(e.certificate_mwh),
            unproved_green_mwh: Some(e.unproved_green_mwh),
            charged_mwh: Some(e.charged_mwh),
            factor: e.factor.as_ref().map(|x| x.value),
            factor_source: factor_text(&e.factor),
            co2_t: Some(e.co2_t),
            exported_mwh: Some(e.exported_mwh),
            exported_co2_t: Some(e.exported_co2_t),
            self_renewable_mwh: Some(e.self_renewable_mwh),
            self_fossil_mwh: Some(e.self_fossil_mwh),
        };
        let h = &f.heat;
        doc.heat = HeatDocument {
            purchased_gj: Some(h.purchased_gj),
            factor: h.factor.as_ref().map(|x| x.value),
            factor_source: factor_text(&h.factor),
            co2_t: Some(h.co2_t),
            exported_gj: Some(h.exported_gj),
            exported_co2_t: Some(h.exported_co2_t),
        };
        doc.indirect_co2_t = Some(f.indirect_co2_t);
        doc.total_co2_t = Some(f.total_co2_t);
        doc.per_output_value = f.per_output_value;
        doc.per_value_added = f.per_value_added;
        if let Some(p) = &f.prior {
            doc.prior = PriorDocument {
                year: Some(p.year),
                total_co2_t: Some(p.total_co2_t),
                per_output_value: p.per_output_value,
                per_value_added: p.per_value_added,
                total_change_pct: p.total_change_pct,
                per_output_value_change_pct: p.per_output_value_change_pct,
                per_value_added_change_pct: p.per_value_added_change_pct,
            };
        }
        doc
    }
}

/// The CO₂ figures a signed file carries, read from its signed document: what a county adds up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCarbon {
    pub direct_co2_t: Co2,
    pub indirect_co2_t: Co2,
    pub total_co2_t: Co2,
    pub per_output_value: Option<Ratio>,
    pub per_value_added: Option<Ratio>,
    /// The editions the unit accounted with.
    pub editions: EditionsDocument,
}

impl SignedCarbon {
    /// The figures under `computed.carbon` of a (signed) document; `None` when it carries no
    /// total (files of the first format, drafts that could not be accounted).
    pub fn from_document(doc: &Value) -> Option<Self> {
        let c = doc.get("computed")?.get("carbon")?;
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let co2 = |k: &str| text(c.get(k)).and_then(|s| Co2::parse(&s).ok());
        let ratio = |k: &str| text(c.get(k)).and_then(|s| Ratio::parse(&s).ok());
        let edition = |k: &str| text(c.get("editions").and_then(|e| e.get(k))).unwrap_or_default();
        Some(SignedCarbon {
            total_co2_t: co2("total_co2_t")?,
            direct_co2_t: co2("direct_co2_t").unwrap_or_default(),
            indirect_co2_t: co2("indirect_co2_t").unwrap_or_default(),
            per_output_value: ratio("per_output_value"),
            per_value_added: ratio("per_value_added"),
            editions: EditionsDocument {
                fuel: edition("fuel"),
                grid: edition("grid"),
                heat: edition("heat"),
            },
        })
    }
}
