//! YY — year-on-year: large changes need a written reason.
//!
//! Last year's figures come from last year's report when the workspace (or `--prior`) has it,
//! otherwise from the 上年同期值 column of table 1.

use rust_decimal::Decimal;

use super::{n, V1};
use crate::calc::{change_pct, product_figures};
use crate::model::{Fixed, Indicators, Money, Paired};
use crate::validate::{Context, Emit, Rule, Severity};

/// Last year's comprehensive consumption.
fn prior_total(ctx: &Context) -> Option<Decimal> {
    ctx.prior_computed
        .map(|c| c.comprehensive_energy_tce.value())
        .or_else(|| {
            ctx.report
                .indicators
                .comprehensive_energy_tce
                .prior
                .map(Fixed::value)
        })
}

/// Picks one money indicator out of table 1.
type PickMoney = fn(&Indicators) -> &Paired<Money>;

fn prior_money(ctx: &Context, pick: PickMoney) -> Option<Decimal> {
    ctx.prior
        .and_then(|p| pick(&p.indicators).current)
        .or(pick(&ctx.report.indicators).prior)
        .map(Fixed::value)
}

fn flag(
    ctx: &Context,
    out: &mut Emit,
    path: String,
    zh: &str,
    en: &str,
    current: Decimal,
    prior: Decimal,
) {
    let Some(pct) = change_pct(current, prior) else {
        return;
    };
    if pct.value().abs() > ctx.settings.yoy_threshold_pct {
        out.at(
            path,
            format!(
                "{zh}由上年{}变为{}，变化{}%，超过{}%，请说明原因。",
                n(prior),
                n(current),
                n(pct.value()),
                n(ctx.settings.yoy_threshold_pct)
            ),
            format!(
                "{en} changed from {} to {} ({}%), more than {}%; give the reason.",
                n(prior),
                n(current),
                n(pct.value()),
                n(ctx.settings.yoy_threshold_pct)
            ),
        );
    }
}

pub const TOTAL_CHANGE: Rule = Rule {
    id: "YY001",
    name: "total-change",
    severity: Severity::Warning,
    title_zh: "综合能源消费量同比变化过大",
    title_en: "Large year-on-year change of total consumption",
    basis: "能源利用状况报告审核要求（同比变化须说明）",
    since: V1,
    check: |ctx, out| {
        let (Some(c), Some(prior)) = (ctx.computed, prior_total(ctx)) else {
            return;
        };
        flag(
            ctx,
            out,
            "indicators.comprehensive_energy_tce.current".into(),
            "综合能源消费量",
            "Comprehensive consumption",
            c.comprehensive_energy_tce.value(),
            prior,
        );
    },
};

pub const INDICATOR_CHANGE: Rule = Rule {
    id: "YY002",
    name: "indicator-change",
    severity: Severity::Warning,
    title_zh: "主要指标同比变化过大",
    title_en: "Large year-on-year change of an indicator",
    basis: "能源利用状况报告审核要求（同比变化须说明）",
    since: V1,
    check: |ctx, out| {
        let money: [(&str, PickMoney, &str, &str); 3] = [
            (
                "output_value",
                |i| &i.output_value,
                "工业总产值",
                "Output value",
            ),
            (
                "value_added",
                |i| &i.value_added,
                "工业增加值",
                "Value added",
            ),
            ("revenue", |i| &i.revenue, "销售收入", "Revenue"),
        ];
        for (key, pick, zh, en) in money {
            if let (Some(cur), Some(prior)) =
                (pick(&ctx.report.indicators).current, prior_money(ctx, pick))
            {
                flag(
                    ctx,
                    out,
                    format!("indicators.{key}.current"),
                    zh,
                    en,
                    cur.value(),
                    prior,
                );
            }
        }
        for (i, p) in ctx.report.products.iter().enumerate() {
            let f = product_figures(p);
            let prior = ctx
                .prior
                .and_then(|pr| pr.products.iter().find(|q| q.name == p.name))
                .and_then(|q| product_figures(q).current)
                .or(f.prior);
            if let (Some(cur), Some(prior)) = (f.current, prior) {
                flag(
                    ctx,
                    out,
                    format!("products[{i}].numerator"),
                    &p.name,
                    &p.name,
                    cur.value(),
                    prior.value(),
                );
            }
        }
    },
};

pub const OUTPUT_UP_ENERGY_DOWN: Rule = Rule {
    id: "YY003",
    name: "output-up-energy-down",
    severity: Severity::Warning,
    title_zh: "产值增长而能耗大幅下降",
    title_en: "Output up while energy fell sharply",
    basis: "能源利用状况报告审核要求（产值与能耗变化应相符）",
    since: V1,
    check: |ctx, out| {
        let (Some(c), Some(prior_e)) = (ctx.computed, prior_total(ctx)) else {
            return;
        };
        let (Some(cur_o), Some(prior_o)) = (
            ctx.report.indicators.output_value.current,
            prior_money(ctx, |i| &i.output_value),
        ) else {
            return;
        };
        let (Some(d_out), Some(d_energy)) = (
            change_pct(cur_o.value(), prior_o),
            change_pct(c.comprehensive_energy_tce.value(), prior_e),
        ) else {
            return;
        };
        // "Sharply" is half the year-on-year threshold (15% by default).
        let sharp = ctx.settings.yoy_threshold_pct / Decimal::TWO;
        if d_out.value() > Decimal::ZERO && d_energy.value() < -sharp {
            out.at(
                "indicators.comprehensive_energy_tce.current",
                format!(
                    "工业总产值同比增长{}%，综合能源消费量却下降{}%，请核实能源数据是否漏报并说明原因。",
                    n(d_out.value()), n(-d_energy.value())
                ),
                format!(
                    "Output value rose {}% while comprehensive consumption fell {}%; check for missing energy data and explain.",
                    n(d_out.value()), n(-d_energy.value())
                ),
            );
        }
    },
};

pub const PRIOR_COLUMN_MATCHES: Rule =
    Rule {
        id: "YY004",
        name: "prior-column-matches",
        severity: Severity::Warning,
        title_zh: "上年同期值应与上年报告一致",
        title_en: "Prior-year values should match last year's report",
        basis: "基本情况表（上年同期值）",
        since: V1,
        check: |ctx, out| {
            let Some(prior) = ctx.prior else { return };
            let this = &ctx.report.indicators;
            let last = &prior.indicators;
            let money: [(&str, &Paired<Money>, &Paired<Money>, &str); 5] = [
                (
                    "output_value",
                    &this.output_value,
                    &last.output_value,
                    "工业总产值",
                ),
                (
                    "value_added",
                    &this.value_added,
                    &last.value_added,
                    "工业增加值",
                ),
                ("revenue", &this.revenue, &last.revenue, "销售收入"),
                ("taxes", &this.taxes, &last.taxes, "上缴利税"),
                (
                    "production_cost",
                    &this.production_cost,
                    &last.production_cost,
                    "生产成本",
                ),
            ];
            for (key, now, then, zh) in money {
                if let (Some(p), Some(c)) = (now.prior, then.current) {
                    if p != c {
                        out.at(
                            format!("indicators.{key}.prior"),
                            format!(
                                "{zh}上年同期值{}与{}年报告的本期值{}不一致。",
                                n(p.value()),
                                prior.year,
                                n(c.value())
                            ),
                            format!(
                                "{key}: prior-year value {} differs from {} in the {} report.",
                                n(p.value()),
                                n(c.value()),
                                prior.year
                            ),
                        );
                    }
                }
            }
            if let (Some(p), Some(c)) = (this.comprehensive_energy_tce.prior, ctx.prior_computed) {
                if (p.value() - c.comprehensive_energy_tce.value()).abs() > Decimal::new(5, 1) {
                    out.at(
                        "indicators.comprehensive_energy_tce.prior",
                        format!(
                            "综合能源消费量上年同期值{}与{}年报告计算结果{}不一致。",
                            n(p.value()),
                            prior.year,
                            n(c.comprehensive_energy_tce.value())
                        ),
                        format!(
                        "Prior-year consumption {} differs from {} computed from the {} report.",
                        n(p.value()), n(c.comprehensive_energy_tce.value()), prior.year
                    ),
                    );
                }
            }
        },
    };
