//! PR — unit product energy: arithmetic, limits, 标杆/基准 levels.

use rust_decimal::Decimal;

use super::{n, q, V1};
use crate::calc::product_figures;
use crate::validate::{Context, Rule, Severity};

fn product_name(ctx: &Context, i: usize) -> String {
    let p = &ctx.report.products[i];
    if p.name.trim().is_empty() {
        format!("第{}个产品指标", i + 1)
    } else {
        p.name.trim().to_string()
    }
}

pub const PRODUCT_FIELDS: Rule = Rule {
    id: "PR001",
    name: "product-fields",
    severity: Severity::Error,
    title_zh: "单位产品综合能耗必填项",
    title_en: "Unit product energy fields are required",
    basis: "单位产品综合能耗情况表（指标名称、单位、子项值、母项值）",
    since: V1,
    check: |ctx, out| {
        for (i, p) in ctx.report.products.iter().enumerate() {
            let name = product_name(ctx, i);
            let checks: [(&str, bool, &str, &str); 4] = [
                ("name", p.name.trim().is_empty(), "指标名称", "name"),
                ("unit", p.unit.trim().is_empty(), "指标单位", "unit"),
                (
                    "numerator",
                    p.numerator.is_none(),
                    "本期子项值",
                    "current numerator",
                ),
                (
                    "denominator",
                    q(p.denominator).is_zero(),
                    "本期母项值（不得为0）",
                    "current denominator (not 0)",
                ),
            ];
            for (key, missing, zh, en) in checks {
                if missing {
                    out.at(
                        format!("products[{i}].{key}"),
                        format!("{name}未填写{zh}。"),
                        format!("{name}: the {en} is missing."),
                    );
                }
            }
        }
    },
};

pub const PRODUCT_STATED_VALUE: Rule = Rule {
    id: "PR002",
    name: "product-stated-value",
    severity: Severity::Error,
    title_zh: "指标值＝子项值÷母项值×换算系数",
    title_en: "Indicator = numerator ÷ denominator × conversion",
    basis: "单位产品综合能耗情况表（1＝2÷3×戊）；GB/T 2589-2020",
    since: V1,
    check: |ctx, out| {
        for (i, p) in ctx.report.products.iter().enumerate() {
            let (Some(stated), Some(computed)) = (p.stated_value, product_figures(p).current)
            else {
                continue;
            };
            // The form shows indicators at two decimals at most; a difference under 0.005 is rounding.
            if (stated.value() - computed.value()).abs() >= Decimal::new(5, 3) {
                out.at(
                    format!("products[{i}].stated_value"),
                    format!(
                        "{}：填写的指标值{}与子项值÷母项值×换算系数的计算结果{}不一致。",
                        product_name(ctx, i), n(stated.value()), n(computed.value())
                    ),
                    format!(
                        "{}: the stated indicator {} differs from numerator ÷ denominator × conversion = {}.",
                        product_name(ctx, i), n(stated.value()), n(computed.value())
                    ),
                );
            }
        }
    },
};

pub const NUMERATOR_WITHIN_TOTAL: Rule = Rule {
    id: "PR003",
    name: "numerator-within-total",
    severity: Severity::Error,
    title_zh: "产品综合能耗（子项）不得大于企业综合能源消费量",
    title_en: "A product's energy cannot exceed the unit's total",
    basis: "GB/T 2589-2020（单位产品综合能耗的计算范围）",
    since: V1,
    check: |ctx, out| {
        let Some(c) = ctx.computed else { return };
        let total = c.comprehensive_energy_tce.value();
        for (i, p) in ctx.report.products.iter().enumerate() {
            if canonical_unit(&p.numerator_unit) != "tce" {
                continue;
            }
            let num = q(p.numerator);
            if num > total + Decimal::new(5, 1) {
                out.at(
                    format!("products[{i}].numerator"),
                    format!(
                        "{}的子项值{}吨标准煤大于企业综合能源消费量{}吨标准煤。",
                        product_name(ctx, i),
                        n(num),
                        n(total)
                    ),
                    format!(
                        "{}: numerator {} tce exceeds the unit's comprehensive consumption {} tce.",
                        product_name(ctx, i),
                        n(num),
                        n(total)
                    ),
                );
            }
        }
    },
};

pub const ABOVE_LIMIT: Rule = Rule {
    id: "PR004",
    name: "above-limit",
    severity: Severity::Warning,
    title_zh: "单位产品综合能耗超过能耗限额",
    title_en: "Unit product energy above the mandatory limit",
    basis: "单位产品能源消耗限额强制性国家标准（如GB 16780-2021）",
    since: V1,
    check: |ctx, out| {
        for (i, p) in ctx.report.products.iter().enumerate() {
            let (Some(v), Some(limit)) = (product_figures(p).current, p.limit) else {
                continue;
            };
            if v.value() > limit.value() {
                out.at(
                    format!("products[{i}].limit"),
                    format!(
                        "{}为{} {}，超过能耗限额{}，请说明原因及整改措施。",
                        product_name(ctx, i),
                        n(v.value()),
                        p.unit,
                        n(limit.value())
                    ),
                    format!(
                        "{} is {} {}, above the limit {}; explain the cause and the remedy.",
                        product_name(ctx, i),
                        n(v.value()),
                        p.unit,
                        n(limit.value())
                    ),
                );
            }
        }
    },
};

/// The benchmark a product names, when its unit matches.
fn benchmark_for<'a>(ctx: &'a Context, i: usize) -> Option<&'a crate::refdata::Benchmark> {
    let p = &ctx.report.products[i];
    ctx.refdata
        .benchmark(p.benchmark.trim(), ctx.report.year)
        .filter(|b| same_unit(&b.unit, &p.unit))
}

/// A unit as written, in one spelling: 千克标准煤/吨, kgce/吨 and kgce/t are one unit, as are
/// 千瓦时/吨 and kWh/t, 吨标准煤 and tce. Full-width characters, spaces and case do not count.
pub(crate) fn canonical_unit(u: &str) -> String {
    let half: String = u
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '·' | '•' | '.' => '.',
            '每' => '/',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase();
    const WORDS: [(&str, &str); 13] = [
        ("千克标准煤", "kgce"),
        ("公斤标准煤", "kgce"),
        ("千克标煤", "kgce"),
        ("公斤标煤", "kgce"),
        ("吨标准煤", "tce"),
        ("吨标煤", "tce"),
        ("kw.h", "kwh"),
        ("千瓦时", "kwh"),
        ("千瓦小时", "kwh"),
        ("立方米", "m3"),
        ("m³", "m3"),
        ("千克", "kg"),
        ("吨", "t"),
    ];
    let mut s = half;
    for (from, to) in WORDS {
        s = s.replace(from, to);
    }
    s
}

/// Whether two written units are the same unit (see `canonical_unit`).
pub(crate) fn same_unit(a: &str, b: &str) -> bool {
    canonical_unit(a) == canonical_unit(b)
}

pub const WORSE_THAN_BASELINE: Rule = Rule {
    id: "PR005",
    name: "worse-than-baseline",
    severity: Severity::Warning,
    title_zh: "单位产品能耗劣于能效基准水平",
    title_en: "Unit product energy worse than the baseline level",
    basis: "发改产业〔2021〕1609号；发改产业〔2023〕723号",
    since: V1,
    check: |ctx, out| {
        for (i, p) in ctx.report.products.iter().enumerate() {
            let (Some(b), Some(v)) = (benchmark_for(ctx, i), product_figures(p).current) else {
                continue;
            };
            if v.value() > b.baseline {
                let gap = v.value() - b.baseline;
                let note = if b.verified {
                    ""
                } else {
                    "（基准值未经核实，仅供参考）"
                };
                let path = format!("products[{i}].numerator");
                let zh = format!(
                    "{}为{} {}，劣于{}年版能效基准水平{}，差距{}{}；须制定改造升级计划并说明。",
                    product_name(ctx, i),
                    n(v.value()),
                    p.unit,
                    b.edition,
                    n(b.baseline),
                    n(gap),
                    note
                );
                let en = format!(
                    "{} is {} {}, worse than the {} baseline {} by {}{}; an upgrade plan and an explanation are needed.",
                    product_name(ctx, i), n(v.value()), p.unit, b.edition, n(b.baseline), n(gap),
                    if b.verified { "" } else { " (baseline unverified)" }
                );
                // Against a baseline not verified (未核实) this is a hint, not a warning that asks
                // for a written reason.
                if b.verified {
                    out.at(path, zh, en);
                } else {
                    out.hint_at(path, zh, en);
                }
            }
        }
    },
};

pub const BETTER_THAN_BENCHMARK: Rule = Rule {
    id: "PR006",
    name: "better-than-benchmark",
    severity: Severity::Info,
    title_zh: "单位产品能耗达到能效标杆水平",
    title_en: "Unit product energy at or better than the benchmark level",
    basis: "发改产业〔2021〕1609号；发改产业〔2023〕723号",
    since: V1,
    check: |ctx, out| {
        for (i, p) in ctx.report.products.iter().enumerate() {
            let (Some(b), Some(v)) = (benchmark_for(ctx, i), product_figures(p).current) else {
                continue;
            };
            if v.value() <= b.benchmark {
                out.at(
                    format!("products[{i}].numerator"),
                    format!(
                        "{}为{} {}，达到{}年版能效标杆水平{}。",
                        product_name(ctx, i),
                        n(v.value()),
                        p.unit,
                        b.edition,
                        n(b.benchmark)
                    ),
                    format!(
                        "{} is {} {}, at or better than the {} benchmark {}.",
                        product_name(ctx, i),
                        n(v.value()),
                        p.unit,
                        b.edition,
                        n(b.benchmark)
                    ),
                );
            }
        }
    },
};

pub const UNKNOWN_BENCHMARK: Rule = Rule {
    id: "PR007",
    name: "unknown-benchmark",
    severity: Severity::Warning,
    title_zh: "对标领域或单位与标杆/基准表不符",
    title_en: "Benchmark field or unit not found",
    basis: "发改产业〔2023〕723号",
    since: V1,
    check: |ctx, out| {
        for (i, p) in ctx.report.products.iter().enumerate() {
            let key = p.benchmark.trim();
            if key.is_empty() {
                continue;
            }
            match ctx.refdata.benchmark(key, ctx.report.year) {
                None => out.at(
                    format!("products[{i}].benchmark"),
                    format!(
                        "{}的对标领域“{key}”不在能效标杆/基准表中。",
                        product_name(ctx, i)
                    ),
                    format!(
                        "{}: benchmark field \"{key}\" is not in the benchmark table.",
                        product_name(ctx, i)
                    ),
                ),
                Some(b) if !same_unit(&b.unit, &p.unit) => out.at(
                    format!("products[{i}].unit"),
                    format!(
                        "{}的指标单位“{}”与对标领域{}的单位“{}”不一致，无法对标。",
                        product_name(ctx, i),
                        p.unit,
                        b.name,
                        b.unit
                    ),
                    format!(
                        "{}: unit \"{}\" differs from the benchmark's \"{}\"; no comparison made.",
                        product_name(ctx, i),
                        p.unit,
                        b.unit
                    ),
                ),
                Some(_) => {}
            }
        }
    },
};

#[cfg(test)]
mod tests {
    use super::{canonical_unit, same_unit};
    use crate::refdata::RefData;
    use crate::validate::{validate, Settings, Severity};

    #[test]
    fn units_written_differently_are_one_unit() {
        assert!(same_unit("千克标准煤/吨", "kgce/t"));
        assert!(same_unit("kgce/吨", "ＫＧＣＥ／ｔ"));
        assert!(same_unit("千克标准煤每吨", "kgce/t"));
        assert!(same_unit("千瓦时/吨", "kWh/t"));
        assert!(same_unit("kW·h/t", "kWh/t"));
        assert!(same_unit(" 吨标准煤 ", "tce"));
        assert!(same_unit("万千瓦时", "万kWh"));
        assert_eq!(canonical_unit("万立方米"), "万m3");
        assert!(!same_unit("kgce/t", "kgce/重量箱"));
        assert!(!same_unit("kgce/t", "tce/t"));
    }

    #[test]
    fn a_coefficient_outside_a_range_not_verified_is_a_hint_and_outside_a_verified_one_a_warning() {
        let rd = RefData::builtin().unwrap();
        let settings = Settings::from_refdata(rd);
        let en011 = |code: &str, factor: &str| {
            let mut r = crate::demo::report_2024();
            r.energy[0].code = code.into();
            r.energy[0].unit = "吨".into();
            r.energy[0].factor = Some(factor.parse().unwrap());
            let out = validate(&r, rd, None, &[], &settings);
            out.findings
                .into_iter()
                .find(|f| f.rule == "EN011")
                .map(|f| f.severity)
        };
        // 无烟煤's range is from memory (confidence M); 原煤's is from a seen source.
        assert_eq!(
            rd.energy("02").map(|e| e.confidence),
            Some(crate::refdata::Confidence::M)
        );
        assert_eq!(en011("02", "0.5"), Some(Severity::Info));
        assert_eq!(en011("01", "0.3"), Some(Severity::Warning));
        assert_eq!(en011("01", "0.7143"), None);
    }
}
