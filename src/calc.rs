//! 折标与指标计算 — standard-coal conversion and the derived figures of a report.
//!
//! Rounding: each row's tce is rounded to 4 decimals (0.1 kgce) half away from zero, and totals
//! are exact sums of the rounded rows, so every figure on the form adds up as printed.
//!
//! 综合能源消费量 (GB/T 2589-2020; NBS 205-1/205-2):
//! `Σ basis consumption × factor − Σ conversion output × factor − Σ recovered × factor`,
//! where the basis is 工业生产消费 for industrial units (门类 B–D) and 消费量合计 otherwise.
//! 当量值 uses the adopted coefficients; 等价值 replaces electricity's coefficient by the year's
//! 供电煤耗. 原料用能 and 绿电 are deducted afterwards for assessment figures
//! (发改环资〔2022〕803号, 发改运行〔2022〕1258号), never inside 综合能耗 itself.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    AnnualReport, EnergyRow, Factor, Fixed, Money, Paired, Percent, ProductIndicator, Qty, Ratio,
    Tce,
};
use crate::refdata::{CatalogEnergy, EnergyKind, RefData};

/// A report that cannot be computed, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalcError {
    #[error("{path}: unknown energy code \"{code}\"")]
    UnknownEnergy { path: String, code: String },
    #[error("{path}: unit \"{unit}\" does not match {name}'s unit \"{expected}\"")]
    WrongUnit {
        path: String,
        unit: String,
        name: String,
        expected: String,
    },
    #[error("{path}: {name} has no reference coefficient; enter the adopted coefficient")]
    MissingFactor { path: String, name: String },
    #[error("no electricity 等价值 coefficient is available")]
    NoEqualValueFactor,
}

impl CalcError {
    /// The message (written in English only, so the same in both halves).
    pub fn text(&self) -> crate::text::Text {
        crate::text::Text::same(self.to_string())
    }

    /// The field path the error points at, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            CalcError::UnknownEnergy { path, .. }
            | CalcError::WrongUnit { path, .. }
            | CalcError::MissingFactor { path, .. } => Some(path),
            CalcError::NoEqualValueFactor => None,
        }
    }
}

/// Figures of one 205-1 energy row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowFigures {
    pub code: String,
    pub name: String,
    pub unit: String,
    /// The coefficient used (adopted, or the reference when none was entered).
    pub factor: Factor,
    /// 折标量 of the basis consumption (工业生产消费 for industrial units), 当量值.
    pub tce: Tce,
    /// 折标量 of 消费量合计.
    pub total_tce: Tce,
    /// 折标量 of the basis consumption at 等价值.
    pub equal_value_tce: Tce,
    /// 用于原材料 折标量.
    pub feedstock_tce: Tce,
    /// 期末库存 expected from the balance 期初 + 购进 + 加工转换产出 + 回收利用 − 消费量合计.
    pub expected_closing_stock: Qty,
}

/// Figures of one product indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProductFigures {
    pub name: String,
    /// 本期指标值 = 子项 ÷ 母项 × 换算系数.
    pub current: Option<Ratio>,
    /// 上年同期指标值.
    pub prior: Option<Ratio>,
    /// 变化率 % = (本期 − 同期) ÷ 同期 × 100.
    pub change_pct: Option<Percent>,
    /// 节能量 tce = (本期 − 同期) × 本期母项 ÷ 换算系数; negative means energy saved.
    pub saving_tce: Option<Tce>,
}

/// A paired indicator with its change rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub current: Option<Ratio>,
    pub prior: Option<Ratio>,
    pub change_pct: Option<Percent>,
}

/// Every derived figure of a report. Stored beside the report so the signed value is the shown one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Computed {
    pub year: i32,
    /// Whether 综合能耗 is on the 工业生产消费 basis.
    pub industrial_basis: bool,
    pub rows: Vec<RowFigures>,
    /// Σ basis consumption, 当量值.
    pub consumption_tce: Tce,
    /// 能源加工转换产出 折标量 (deducted).
    pub conversion_output_tce: Tce,
    /// 回收利用 折标量 (deducted).
    pub recovered_tce: Tce,
    /// 综合能源消费量（当量值）.
    pub comprehensive_energy_tce: Tce,
    /// 综合能源消费量（等价值）.
    pub comprehensive_energy_equal_value_tce: Tce,
    /// Electricity 等价值 coefficient used, tce/万kWh, and the year of its 供电煤耗.
    pub electricity_equal_factor: Factor,
    pub electricity_equal_factor_year: i32,
    /// 原料用能, 当量值.
    pub feedstock_tce: Tce,
    /// 绿电 (proved by 绿证), 当量值 and 等价值.
    pub green_electricity_tce: Tce,
    pub green_electricity_equal_value_tce: Tce,
    /// 扣除原料用能后.
    pub excluding_feedstock_tce: Tce,
    /// 扣除原料用能和绿电后 — the figure assessed under 能耗双控.
    pub assessed_tce: Tce,
    pub assessed_equal_value_tce: Tce,
    /// 能源消费成本 万元 (Σ 购进金额 千元 ÷ 10).
    pub energy_cost: Money,
    /// 能源消费占生产成本比例 %.
    pub energy_cost_share_pct: Option<Percent>,
    /// 单位产值综合能耗 tce/万元 (comparable-price output).
    pub per_output_value: Option<Ratio>,
    /// 单位工业增加值能耗 tce/万元.
    pub per_value_added: Option<Ratio>,
    /// 单位产值 / 增加值能耗 last year, from the prior columns of table 1.
    pub per_output_value_prior: Option<Ratio>,
    pub per_value_added_prior: Option<Ratio>,
    /// Year-on-year changes of table 1, keyed by indicator.
    pub indicator_changes: Vec<(String, Change)>,
    pub products: Vec<ProductFigures>,
    /// 节能目标完成率 % = 累计 ÷ 目标 × 100.
    pub saving_target_completion_pct: Option<Percent>,
    /// 能源计量器具 配备率 / 完好率 / 检定率 %, over all rows.
    pub metering_equipped_pct: Option<Percent>,
    pub metering_working_pct: Option<Percent>,
    pub metering_calibrated_pct: Option<Percent>,
}

fn q(o: Option<Qty>) -> Decimal {
    o.map(Fixed::value).unwrap_or_default()
}

/// `a ÷ b × k`, rounded to the output scale; `None` when `b` is zero.
fn ratio<const S: u32>(a: Decimal, b: Decimal, k: Decimal) -> Option<Fixed<S>> {
    if b.is_zero() {
        None
    } else {
        a.checked_div(b)
            .and_then(|x| x.checked_mul(k))
            .map(Fixed::round)
    }
}

/// (current − prior) ÷ prior × 100.
pub fn change_pct(current: Decimal, prior: Decimal) -> Option<Percent> {
    ratio(current - prior, prior, Decimal::ONE_HUNDRED)
}

/// tce of a physical quantity at a coefficient.
pub fn tce(qty: Decimal, factor: Factor) -> Tce {
    Tce::round(qty * factor.value())
}

/// Resolves a row against the catalog: its entry and the coefficient to use.
pub fn resolve_row<'r>(
    rd: &'r RefData,
    row: &EnergyRow,
    path: &str,
) -> Result<(&'r CatalogEnergy, Factor), CalcError> {
    let cat = rd
        .energy(row.code.trim())
        .ok_or_else(|| CalcError::UnknownEnergy {
            path: format!("{path}.code"),
            code: row.code.clone(),
        })?;
    if !cat.accepts_unit(&row.unit) {
        return Err(CalcError::WrongUnit {
            path: format!("{path}.unit"),
            unit: row.unit.clone(),
            name: cat.name.clone(),
            expected: cat.unit.clone(),
        });
    }
    let factor = row
        .factor
        .or(cat.factor)
        .ok_or_else(|| CalcError::MissingFactor {
            path: format!("{path}.factor"),
            name: cat.name.clone(),
        })?;
    Ok((cat, factor))
}

/// 单位产品综合能耗 figures of one product.
pub fn product_figures(p: &ProductIndicator) -> ProductFigures {
    let k = p.conversion.map(Fixed::value).unwrap_or(Decimal::ONE);
    let current: Option<Ratio> = ratio(q(p.numerator), q(p.denominator), k);
    let prior: Option<Ratio> = ratio(q(p.prior_numerator), q(p.prior_denominator), k);
    let (change, saving) = match (current, prior) {
        (Some(c), Some(pr)) => (
            change_pct(c.value(), pr.value()),
            (c.value() - pr.value())
                .checked_mul(q(p.denominator))
                .and_then(|x| ratio(x, k, Decimal::ONE)),
        ),
        _ => (None, None),
    };
    ProductFigures {
        name: p.name.clone(),
        current,
        prior,
        change_pct: change,
        saving_tce: saving,
    }
}

fn money_change(p: &Paired<Money>) -> Change {
    change_of(p.current.map(Fixed::value), p.prior.map(Fixed::value))
}

fn change_of(current: Option<Decimal>, prior: Option<Decimal>) -> Change {
    Change {
        current: current.map(Ratio::round),
        prior: prior.map(Ratio::round),
        change_pct: match (current, prior) {
            (Some(c), Some(p)) => change_pct(c, p),
            _ => None,
        },
    }
}

/// Computes every derived figure of `report`.
pub fn compute(report: &AnnualReport, rd: &RefData) -> Result<Computed, CalcError> {
    let industrial = rd.is_industrial(&report.enterprise.industry_code);
    let (eq_factor, eq_year) = rd
        .electricity_equal_factor(report.year)
        .ok_or(CalcError::NoEqualValueFactor)?;

    // Adopted coefficient per code, for 205-2 rows (which carry none of their own).
    let mut factors = std::collections::BTreeMap::new();
    let mut rows = Vec::with_capacity(report.energy.len());
    for (i, row) in report.energy.iter().enumerate() {
        let (cat, factor) = resolve_row(rd, row, &format!("energy[{i}]"))?;
        factors
            .entry(cat.code.clone())
            .or_insert((factor, cat.kind));
        let equal = if cat.kind == EnergyKind::Electricity {
            eq_factor
        } else {
            factor
        };
        let basis = if industrial {
            row.consumed_industrial
        } else {
            row.consumed_total
        };
        let produced: Decimal = report
            .conversion
            .iter()
            .filter(|c| c.code.trim() == cat.code)
            .map(|c| q(c.output) + q(c.recovered))
            .sum();
        rows.push(RowFigures {
            code: cat.code.clone(),
            name: if row.name.trim().is_empty() {
                cat.name.clone()
            } else {
                row.name.clone()
            },
            unit: cat.unit.clone(),
            factor,
            tce: tce(q(basis), factor),
            total_tce: tce(q(row.consumed_total), factor),
            equal_value_tce: tce(q(basis), equal),
            feedstock_tce: tce(q(row.used_as_feedstock), factor),
            expected_closing_stock: Qty::round(
                q(row.opening_stock) + q(row.purchased_qty) + produced - q(row.consumed_total),
            ),
        });
    }

    let mut output_tce = Tce::ZERO;
    let mut output_equal_tce = Tce::ZERO;
    let mut recovered_tce = Tce::ZERO;
    let mut recovered_equal_tce = Tce::ZERO;
    for (i, c) in report.conversion.iter().enumerate() {
        let path = format!("conversion[{i}]");
        let (factor, kind) = match factors.get(c.code.trim()) {
            Some(&f) => f,
            None => {
                let cat = rd
                    .energy(c.code.trim())
                    .ok_or_else(|| CalcError::UnknownEnergy {
                        path: format!("{path}.code"),
                        code: c.code.clone(),
                    })?;
                let f = cat.factor.ok_or_else(|| CalcError::MissingFactor {
                    path: format!("{path}.code"),
                    name: cat.name.clone(),
                })?;
                (f, cat.kind)
            }
        };
        let equal = if kind == EnergyKind::Electricity {
            eq_factor
        } else {
            factor
        };
        output_tce = output_tce + tce(q(c.output), factor);
        output_equal_tce = output_equal_tce + tce(q(c.output), equal);
        recovered_tce = recovered_tce + tce(q(c.recovered), factor);
        recovered_equal_tce = recovered_equal_tce + tce(q(c.recovered), equal);
    }

    let consumption_tce: Tce = rows.iter().map(|r| r.tce).sum();
    let consumption_equal_tce: Tce = rows.iter().map(|r| r.equal_value_tce).sum();
    let comprehensive = consumption_tce - output_tce - recovered_tce;
    let comprehensive_equal = consumption_equal_tce - output_equal_tce - recovered_equal_tce;
    let feedstock_tce: Tce = rows.iter().map(|r| r.feedstock_tce).sum();

    let green_qty = q(report.green_electricity.electricity);
    let electricity_factor = rd
        .energy("33")
        .and_then(|e| e.factor)
        .unwrap_or(Factor::round(Decimal::new(1229, 3)));
    let green_tce = tce(green_qty, electricity_factor);
    let green_equal_tce = tce(green_qty, eq_factor);

    let excluding_feedstock = comprehensive - feedstock_tce;
    let energy_cost = Money::round(
        report
            .energy
            .iter()
            .filter_map(|r| r.purchased_amount)
            .map(Fixed::value)
            .sum::<Decimal>()
            / Decimal::TEN,
    );

    let ind = &report.indicators;
    let output_value = ind
        .output_value
        .current
        .map(Fixed::value)
        .unwrap_or_default();
    let value_added = ind
        .value_added
        .current
        .map(Fixed::value)
        .unwrap_or_default();
    let prior_energy = ind.comprehensive_energy_tce.prior.map(Fixed::value);
    let per_prior = |den: Option<Money>| -> Option<Ratio> {
        match (prior_energy, den) {
            (Some(e), Some(d)) => ratio(e, d.value(), Decimal::ONE),
            _ => None,
        }
    };
    let production_cost = ind
        .production_cost
        .current
        .map(Fixed::value)
        .unwrap_or_default();

    let indicator_changes = vec![
        ("output_value".to_string(), money_change(&ind.output_value)),
        ("value_added".to_string(), money_change(&ind.value_added)),
        ("revenue".to_string(), money_change(&ind.revenue)),
        ("taxes".to_string(), money_change(&ind.taxes)),
        (
            "employees".to_string(),
            change_of(
                ind.employees.current.map(Decimal::from),
                ind.employees.prior.map(Decimal::from),
            ),
        ),
        (
            "energy_managers".to_string(),
            change_of(
                ind.energy_managers.current.map(Decimal::from),
                ind.energy_managers.prior.map(Decimal::from),
            ),
        ),
        (
            "production_cost".to_string(),
            money_change(&ind.production_cost),
        ),
        (
            "comprehensive_energy_tce".to_string(),
            change_of(Some(comprehensive.value()), prior_energy),
        ),
    ];

    let st = &report.saving_target;
    let saving_target_completion_pct = match (st.cumulative_tce, st.target_tce) {
        (Some(c), Some(t)) => ratio(c.value(), t.value(), Decimal::ONE_HUNDRED),
        _ => None,
    };

    let m = &report.metering.rows;
    let sum = |f: fn(&crate::model::MeteringRow) -> u32| -> Decimal {
        m.iter().map(|r| Decimal::from(f(r))).sum()
    };
    let (required, installed) = (sum(|r| r.required), sum(|r| r.installed));

    Ok(Computed {
        year: report.year,
        industrial_basis: industrial,
        consumption_tce,
        conversion_output_tce: output_tce,
        recovered_tce,
        comprehensive_energy_tce: comprehensive,
        comprehensive_energy_equal_value_tce: comprehensive_equal,
        electricity_equal_factor: eq_factor,
        electricity_equal_factor_year: eq_year,
        feedstock_tce,
        green_electricity_tce: green_tce,
        green_electricity_equal_value_tce: green_equal_tce,
        excluding_feedstock_tce: excluding_feedstock,
        assessed_tce: excluding_feedstock - green_tce,
        assessed_equal_value_tce: comprehensive_equal
            - feedstock_tce_equal(&rows, report, rd, eq_factor)
            - green_equal_tce,
        energy_cost,
        energy_cost_share_pct: ratio(energy_cost.value(), production_cost, Decimal::ONE_HUNDRED),
        per_output_value: ratio(comprehensive.value(), output_value, Decimal::ONE),
        per_value_added: ratio(comprehensive.value(), value_added, Decimal::ONE),
        per_output_value_prior: per_prior(ind.output_value.prior),
        per_value_added_prior: per_prior(ind.value_added.prior),
        indicator_changes,
        products: report.products.iter().map(product_figures).collect(),
        saving_target_completion_pct,
        metering_equipped_pct: ratio(installed, required, Decimal::ONE_HUNDRED),
        metering_working_pct: ratio(sum(|r| r.working), installed, Decimal::ONE_HUNDRED),
        metering_calibrated_pct: ratio(sum(|r| r.calibrated), installed, Decimal::ONE_HUNDRED),
        rows,
    })
}

/// 原料用能 at 等价值: electricity used as feedstock (rare, e.g. electrolysis) at the year's
/// 供电煤耗, everything else at its adopted coefficient.
fn feedstock_tce_equal(
    rows: &[RowFigures],
    report: &AnnualReport,
    rd: &RefData,
    eq_factor: Factor,
) -> Tce {
    let mut total = Tce::ZERO;
    for (fig, row) in rows.iter().zip(&report.energy) {
        let electricity = rd
            .energy(&fig.code)
            .is_some_and(|c| c.kind == EnergyKind::Electricity);
        total = total
            + if electricity {
                tce(q(row.used_as_feedstock), eq_factor)
            } else {
                fig.feedstock_tce
            };
    }
    total
}
