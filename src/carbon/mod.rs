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
mod figures;
mod gap;
pub mod view;

use rust_decimal::Decimal;

/// The factor registry is reference data (parsed with the seeds); its path under `carbon` stays.
pub use crate::refdata::carbon_registry as registry;
pub use certificates::{
    assess, claimed_ranges, CertificateAssessment, CertificateLine, ClaimElsewhere, EntryProblem,
    NotCounted,
};
pub use document::{CarbonDocument, SignedCarbon};
pub use evidence::{evidence_refs, EvidenceRef};
pub use figures::{
    CarbonFigures, CarbonResult, Editions, ElectricityFigures, FactorUse, Fallback, FuelFigures,
    HeatFigures, ParameterSource, ParameterUse, PriorCarbon, ProductCarbon,
};
pub use gap::{param_en, param_max, param_zh, Gap};
pub use registry::{
    CarbonSettings, EnergyDeduction, FactorKind, FuelTreatment, GridScope, Registry, Selection,
};
pub use view::CarbonView;

use crate::calc::change_pct;
use crate::model::{AnnualReport, Co2, ElectricitySource, Fixed, FuelParameter, Qty, Ratio};
use crate::refdata::RefData;

/// Mass ratio of CO₂ to C, kept as a fraction.
const CO2_NUMERATOR: Decimal = Decimal::from_parts(44, 0, 0, false, 0);
const CO2_DENOMINATOR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);
/// 万千瓦时 → MWh.
const MWH_PER_10K_KWH: Decimal = Decimal::TEN;

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
