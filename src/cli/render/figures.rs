//! Text of the figures: energy (`nengbao compute`), the CO₂ block, and the findings of
//! `nengbao check` under their CO₂ line.

use std::io::{Result, Write};

use nengbao::calc::Computed;
use nengbao::carbon::CarbonResult;
use nengbao::model::AnnualReport;

use super::{labelled, opt};
use crate::cli::Lang;

/// A JSON object with the CO₂ block added beside the existing keys (which stay as they were).
#[derive(serde::Serialize)]
pub(in crate::cli) struct WithCarbon<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub inner: &'a T,
    pub carbon: &'a CarbonResult,
}

/// The CO₂ block under the computed figures of `nengbao compute`.
pub(in crate::cli) fn carbon(out: &mut dyn Write, c: &CarbonResult) -> Result<()> {
    writeln!(out, "二氧化碳排放（tCO₂）")?;
    let Some(f) = &c.figures else {
        writeln!(out, "无法核算：")?;
        for g in &c.gaps {
            writeln!(out, "  {}", g.message().0)?;
        }
        return certificates(out, c);
    };
    writeln!(
        out,
        "{:<4} {:<12} {:>14} {:>14} {:>14} {:>14}",
        "代码", "能源名称", "消费量", "原料用能", "燃烧量", "tCO₂"
    )?;
    for x in &f.fuels {
        let co2 = if x.in_total {
            x.co2_t.to_string()
        } else {
            "不计入".into()
        };
        let unverified = x.parameters.iter().any(|p| {
            matches!(
                p.source,
                nengbao::carbon::ParameterSource::Default {
                    confidence: nengbao::refdata::Confidence::M,
                    ..
                }
            )
        });
        writeln!(
            out,
            "{:<4} {:<12} {:>14} {:>14} {:>14} {:>14}{}",
            x.code,
            x.name,
            x.consumed.to_string(),
            x.feedstock.to_string(),
            x.burned.to_string(),
            co2,
            if unverified {
                "  缺省参数未核实"
            } else {
                ""
            }
        )?;
        for p in &x.parameters {
            if let nengbao::carbon::ParameterSource::Measured { method, lab, .. } = &p.source {
                writeln!(
                    out,
                    "       实测{} {}（{method}；{lab}）",
                    nengbao::carbon::param_zh(p.parameter),
                    p.value.normalize()
                )?;
            }
        }
    }
    let e = &f.electricity;
    let factor = |x: &Option<nengbao::carbon::FactorUse>| {
        x.as_ref()
            .map(|u| {
                let tag = if u.confidence == nengbao::refdata::Confidence::M {
                    "，未核实"
                } else {
                    ""
                };
                format!("{} {}（{}{tag}）", u.value.normalize(), u.unit, u.edition)
            })
            .unwrap_or_else(|| "—".into())
    };
    let lines: Vec<(&str, String)> = vec![
        ("过程排放", f.process_co2_t.to_string()),
        ("直接排放", f.direct_co2_t.to_string()),
        (
            "外购电力",
            format!(
                "购进 {} MWh，绿电交易 {} MWh，绿证 {} MWh 按零排放，{} MWh × {} = {}",
                e.purchased_mwh.normalize(),
                e.green_trade_mwh.normalize(),
                e.certificate_mwh.normalize(),
                e.charged_mwh.normalize(),
                factor(&e.factor),
                e.co2_t
            ),
        ),
        (
            "外购热力",
            format!(
                "{} GJ × {} = {}",
                f.heat.purchased_gj.normalize(),
                factor(&f.heat.factor),
                f.heat.co2_t
            ),
        ),
        (
            "减：外供电力、热力",
            format!("{} + {}", e.exported_co2_t, f.heat.exported_co2_t),
        ),
        ("间接排放", f.indirect_co2_t.to_string()),
        ("二氧化碳排放总量", f.total_co2_t.to_string()),
        (
            "单位产值二氧化碳排放（tCO₂/万元）",
            opt(&f.per_output_value),
        ),
        (
            "单位工业增加值二氧化碳排放（tCO₂/万元）",
            opt(&f.per_value_added),
        ),
    ];
    labelled(out, &lines)?;
    for p in &f.per_product {
        writeln!(
            out,
            "单位产品二氧化碳排放（按“{}”的产量）：{} {}",
            p.name,
            opt(&p.value),
            p.unit
        )?;
    }
    if let Some(p) = &f.prior {
        writeln!(
            out,
            "上年（{}年）：{} tCO₂，变化 {}%；单位增加值排放变化 {}%",
            p.year,
            p.total_co2_t,
            opt(&p.total_change_pct),
            opt(&p.per_value_added_change_pct)
        )?;
    }
    if f.has_feedstock {
        writeln!(
            out,
            "原料用能未计入燃烧排放：可能存在工业过程排放，须按行业标准另行核算。"
        )?;
    }
    if !c.editions.fuel.is_empty() {
        writeln!(out, "燃料参数版本：{}", c.editions.fuel.join("，"))?;
    }
    certificates(out, c)
}

fn certificates(out: &mut dyn Write, c: &CarbonResult) -> Result<()> {
    let a = &c.certificates;
    if a.entries.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "绿证：台账 {} 张，计入单独购买 {} 张、随绿电交易 {} 张，可扣除能耗 {} 张（兆瓦时），未计入 {} 条",
        a.listed,
        a.counted_unbundled,
        a.counted_trade,
        a.energy_deductible,
        a.entries.iter().filter(|e| !e.counted).count()
    )
}

/// One line of CO₂ above the findings of `nengbao check`.
fn carbon_line(out: &mut dyn Write, c: &CarbonResult, lang: Lang) -> Result<()> {
    match (&c.figures, lang) {
        (Some(f), Lang::Zh) => writeln!(
            out,
            "二氧化碳排放总量 {} tCO₂（直接 {}，间接 {}；电力因子 {}）",
            f.total_co2_t,
            f.direct_co2_t,
            f.indirect_co2_t,
            c.editions.grid.as_deref().unwrap_or("—")
        ),
        (Some(f), Lang::En) => writeln!(
            out,
            "CO₂ total {} t (direct {}, indirect {}; grid factor {})",
            f.total_co2_t,
            f.direct_co2_t,
            f.indirect_co2_t,
            c.editions.grid.as_deref().unwrap_or("—")
        ),
        (None, Lang::Zh) => writeln!(out, "二氧化碳排放：无法核算（见下列错误）"),
        (None, Lang::En) => writeln!(out, "CO₂: cannot be accounted (see the errors below)"),
    }
}

pub(in crate::cli) fn computed(out: &mut dyn Write, r: &AnnualReport, c: &Computed) -> Result<()> {
    writeln!(out, "{} {}年 能源消费折标准煤", r.enterprise.name, r.year)?;
    writeln!(
        out,
        "{:<4} {:<12} {:<8} {:>10} {:>16}",
        "代码",
        "能源名称",
        "单位",
        "折标系数",
        if c.industrial_basis {
            "工业消费折标(tce)"
        } else {
            "消费折标(tce)"
        }
    )?;
    for row in &c.rows {
        writeln!(
            out,
            "{:<4} {:<12} {:<8} {:>10} {:>16}",
            row.code, row.name, row.unit, row.factor, row.tce
        )?;
    }
    let lines: [(&str, String); 13] = [
        ("消费折标合计", c.consumption_tce.to_string()),
        ("减：加工转换产出", c.conversion_output_tce.to_string()),
        ("减：回收利用", c.recovered_tce.to_string()),
        (
            "综合能源消费量（当量值）",
            c.comprehensive_energy_tce.to_string(),
        ),
        (
            "综合能源消费量（等价值）",
            format!(
                "{}（电力按{}年供电煤耗 {} tce/万kWh）",
                c.comprehensive_energy_equal_value_tce,
                c.electricity_equal_factor_year,
                c.electricity_equal_factor
            ),
        ),
        ("原料用能", c.feedstock_tce.to_string()),
        ("绿电（当量值）", c.green_electricity_tce.to_string()),
        ("扣除原料用能后", c.excluding_feedstock_tce.to_string()),
        ("扣除原料用能和绿电后（当量值）", c.assessed_tce.to_string()),
        (
            "扣除原料用能和绿电后（等价值）",
            c.assessed_equal_value_tce.to_string(),
        ),
        ("能源消费成本（万元）", c.energy_cost.to_string()),
        ("单位产值综合能耗（tce/万元）", opt(&c.per_output_value)),
        ("单位工业增加值能耗（tce/万元）", opt(&c.per_value_added)),
    ];
    labelled(out, &lines)?;
    for p in &c.products {
        writeln!(
            out,
            "{}：本期 {}，上年 {}，变化率 {}%，节能量 {} tce",
            p.name,
            opt(&p.current),
            opt(&p.prior),
            opt(&p.change_pct),
            opt(&p.saving_tce)
        )?;
    }
    if let Some(pct) = c.saving_target_completion_pct {
        writeln!(out, "节能目标完成率：{pct}%")?;
    }
    Ok(())
}

/// The findings of `nengbao check`, with the CO₂ line above them and the counts below.
pub(in crate::cli) fn check(
    out: &mut dyn Write,
    c: &nengbao::workspace::Checked,
    lang: Lang,
) -> Result<()> {
    carbon_line(out, &c.carbon, lang)?;
    for f in &c.outcome.findings {
        let (sev, msg) = match lang {
            Lang::Zh => (f.severity.zh(), &f.message.zh),
            Lang::En => (
                match f.severity {
                    nengbao::validate::Severity::Error => "error",
                    nengbao::validate::Severity::Warning => "warning",
                    nengbao::validate::Severity::Info => "info",
                },
                &f.message.en,
            ),
        };
        let ack = match (&f.justification, lang) {
            (Some(j), Lang::Zh) => format!("（已说明：{j}）"),
            (Some(j), Lang::En) => format!(" (justified: {j})"),
            (None, _) => String::new(),
        };
        let cell = match (&f.location.sheet, &f.location.cell) {
            (Some(s), Some(c)) => format!("（{s}!{c}）"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{sev}  {}  {}{cell}  {msg}{ack}",
            f.rule, f.location.path
        )?;
    }
    let s = c.outcome.summary;
    match lang {
        Lang::Zh => writeln!(
            out,
            "共 {} 个错误，{} 个待说明的警告，{} 个已说明，{} 个提示。",
            s.errors, s.warnings, s.justified, s.infos
        ),
        Lang::En => writeln!(
            out,
            "{} errors, {} unjustified warnings, {} justified, {} infos.",
            s.errors, s.warnings, s.justified, s.infos
        ),
    }
}
