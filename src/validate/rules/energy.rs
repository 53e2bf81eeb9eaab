//! EN — the 205-1 energy table: codes, identities, stock balance, coefficients.

use rust_decimal::Decimal;

use super::{energy_name, n, q, V1};
use crate::refdata::EnergyKind;
use crate::validate::{Rule, Severity};

pub const UNKNOWN_ENERGY: Rule = Rule {
    id: "EN001",
    name: "unknown-energy",
    severity: Severity::Error,
    title_zh: "能源代码须在205-1目录中",
    title_en: "Energy code must be in the 205-1 catalog",
    basis: "能源统计报表制度 205-1 能源目录",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            if ctx.refdata.energy(row.code.trim()).is_none() {
                out.at(
                    format!("energy[{i}].code"),
                    format!("第{}行能源代码“{}”不在能源目录中，无法折标。", i + 1, row.code),
                    format!("Row {} has energy code \"{}\", which is not in the catalog; it cannot be converted.", i + 1, row.code),
                );
            }
        }
    },
};

pub const DUPLICATE_ENERGY: Rule = Rule {
    id: "EN002",
    name: "duplicate-energy",
    severity: Severity::Error,
    title_zh: "同一能源品种只能填一行",
    title_en: "Each energy appears once",
    basis: "能源统计报表制度 205-1",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            if let Some(first) = ctx.report.energy[..i]
                .iter()
                .position(|r| r.code.trim() == row.code.trim())
            {
                out.at(
                    format!("energy[{i}].code"),
                    format!(
                        "{}（代码{}）在第{}行和第{}行重复填报，请合并为一行。",
                        energy_name(ctx, i),
                        row.code,
                        first + 1,
                        i + 1
                    ),
                    format!(
                        "{} (code {}) appears in rows {} and {}; merge them.",
                        energy_name(ctx, i),
                        row.code,
                        first + 1,
                        i + 1
                    ),
                );
            }
        }
    },
};

pub const UNIT_MATCHES: Rule = Rule {
    id: "EN003",
    name: "unit-matches",
    severity: Severity::Error,
    title_zh: "计量单位须与能源目录一致",
    title_en: "Unit must match the catalog",
    basis: "能源统计报表制度 205-1（乙栏 计量单位）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            if let Some(cat) = ctx.refdata.energy(row.code.trim()) {
                // 万千瓦时 and 万kWh, 吨 and t are one unit however they are written.
                let synonym = super::product::same_unit(&cat.unit, &row.unit)
                    || cat
                        .aliases
                        .iter()
                        .any(|a| super::product::same_unit(a, &row.unit));
                if !cat.accepts_unit(&row.unit) && !synonym {
                    out.at(
                        format!("energy[{i}].unit"),
                        format!(
                            "{}的计量单位应为“{}”，填写的是“{}”。",
                            cat.name, cat.unit, row.unit
                        ),
                        format!(
                            "{} is measured in \"{}\", not \"{}\".",
                            cat.name, cat.unit, row.unit
                        ),
                    );
                }
            }
        }
    },
};

pub const TOTAL_IS_SUM: Rule = Rule {
    id: "EN004",
    name: "total-is-sum",
    severity: Severity::Error,
    title_zh: "消费量合计＝工业生产消费＋非工业生产消费",
    title_en: "Total consumption = industrial + non-industrial",
    basis: "能源统计报表制度 205-1（4＝5＋7）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            let Some(total) = row.consumed_total else {
                continue;
            };
            let parts = q(row.consumed_industrial) + q(row.consumed_non_industrial);
            if total.value() != parts {
                out.at(
                    format!("energy[{i}].consumed_total"),
                    format!(
                        "{}：消费量合计{}不等于工业生产消费{}与非工业生产消费{}之和{}。",
                        energy_name(ctx, i),
                        n(total.value()),
                        n(q(row.consumed_industrial)),
                        n(q(row.consumed_non_industrial)),
                        n(parts)
                    ),
                    format!(
                        "{}: total consumption {} is not industrial {} + non-industrial {} = {}.",
                        energy_name(ctx, i),
                        n(total.value()),
                        n(q(row.consumed_industrial)),
                        n(q(row.consumed_non_industrial)),
                        n(parts)
                    ),
                );
            }
        }
    },
};

pub const FEEDSTOCK_WITHIN_INDUSTRIAL: Rule = Rule {
    id: "EN005",
    name: "feedstock-within-industrial",
    severity: Severity::Error,
    title_zh: "用于原材料不得大于工业生产消费",
    title_en: "Feedstock use cannot exceed industrial consumption",
    basis: "能源统计报表制度 205-1（6 ⊂ 5）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            let (f, ind) = (q(row.used_as_feedstock), q(row.consumed_industrial));
            if f > ind {
                out.at(
                    format!("energy[{i}].used_as_feedstock"),
                    format!(
                        "{}：用于原材料{}大于工业生产消费{}。",
                        energy_name(ctx, i),
                        n(f),
                        n(ind)
                    ),
                    format!(
                        "{}: feedstock use {} exceeds industrial consumption {}.",
                        energy_name(ctx, i),
                        n(f),
                        n(ind)
                    ),
                );
            }
        }
    },
};

pub const TRANSPORT_WITHIN_TOTAL: Rule = Rule {
    id: "EN006",
    name: "transport-within-total",
    severity: Severity::Error,
    title_zh: "运输工具消费不得大于消费量合计",
    title_en: "Transport use cannot exceed total consumption",
    basis: "能源统计报表制度 205-1（8 ⊂ 4）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            let (t, total) = (q(row.transport), q(row.consumed_total));
            if t > total {
                out.at(
                    format!("energy[{i}].transport"),
                    format!(
                        "{}：运输工具消费{}大于消费量合计{}。",
                        energy_name(ctx, i),
                        n(t),
                        n(total)
                    ),
                    format!(
                        "{}: transport use {} exceeds total consumption {}.",
                        energy_name(ctx, i),
                        n(t),
                        n(total)
                    ),
                );
            }
        }
    },
};

pub const STOCK_BALANCE: Rule = Rule {
    id: "EN007",
    name: "stock-balance",
    severity: Severity::Error,
    title_zh: "库存平衡：期末＝期初＋购进＋自产与回收－消费",
    title_en: "Stock balance: closing = opening + purchased + produced − consumed",
    basis: "能源统计报表制度 205-1、205-2（平衡关系）",
    since: V1,
    check: |ctx, out| {
        let Some(c) = ctx.computed else { return };
        for (i, (row, fig)) in ctx.report.energy.iter().zip(&c.rows).enumerate() {
            let expected = fig.expected_closing_stock.value();
            let found = q(row.closing_stock);
            // Exact arithmetic on entered values: the tolerance is one unit at the field's scale.
            if (expected - found).abs() > Decimal::new(1, 4) {
                out.at(
                    format!("energy[{i}].closing_stock"),
                    format!(
                        "{}：期末库存应为{}（期初{}＋购进{}＋加工转换产出及回收{}－消费{}），填写的是{}。",
                        energy_name(ctx, i), n(expected), n(q(row.opening_stock)), n(q(row.purchased_qty)),
                        n(expected - q(row.opening_stock) - q(row.purchased_qty) + q(row.consumed_total)),
                        n(q(row.consumed_total)), n(found)
                    ),
                    format!(
                        "{}: closing stock should be {} (opening {} + purchased {} + produced/recovered {} − consumed {}), found {}.",
                        energy_name(ctx, i), n(expected), n(q(row.opening_stock)), n(q(row.purchased_qty)),
                        n(expected - q(row.opening_stock) - q(row.purchased_qty) + q(row.consumed_total)),
                        n(q(row.consumed_total)), n(found)
                    ),
                );
            }
        }
    },
};

pub const NON_NEGATIVE: Rule = Rule {
    id: "EN008",
    name: "non-negative",
    severity: Severity::Error,
    title_zh: "实物量、金额和折标系数不得为负",
    title_en: "Quantities, amounts and coefficients cannot be negative",
    basis: "能源统计报表制度 205-1",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            let cols: [(&str, Decimal, &str); 10] = [
                ("opening_stock", q(row.opening_stock), "期初库存量"),
                ("purchased_qty", q(row.purchased_qty), "购进量"),
                ("purchased_amount", q(row.purchased_amount), "购进金额"),
                ("consumed_total", q(row.consumed_total), "消费量合计"),
                (
                    "consumed_industrial",
                    q(row.consumed_industrial),
                    "工业生产消费",
                ),
                ("used_as_feedstock", q(row.used_as_feedstock), "用于原材料"),
                (
                    "consumed_non_industrial",
                    q(row.consumed_non_industrial),
                    "非工业生产消费",
                ),
                ("transport", q(row.transport), "运输工具消费"),
                ("closing_stock", q(row.closing_stock), "期末库存量"),
                ("factor", q(row.factor), "采用折标系数"),
            ];
            for (key, v, zh) in cols {
                if v.is_sign_negative() && !v.is_zero() {
                    out.at(
                        format!("energy[{i}].{key}"),
                        format!("{}：{}不能为负数（{}）。", energy_name(ctx, i), zh, n(v)),
                        format!(
                            "{}: {key} cannot be negative ({}).",
                            energy_name(ctx, i),
                            n(v)
                        ),
                    );
                }
            }
        }
    },
};

pub const PURCHASE_AMOUNT_PRESENT: Rule = Rule {
    id: "EN009",
    name: "purchase-amount-present",
    severity: Severity::Error,
    title_zh: "有购进量时须填写购进金额",
    title_en: "A purchase needs its amount",
    basis: "能源统计报表制度 205-1（3栏 金额）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            if q(row.purchased_qty) > Decimal::ZERO && q(row.purchased_amount) <= Decimal::ZERO {
                out.at(
                    format!("energy[{i}].purchased_amount"),
                    format!(
                        "{}：购进量为{}，但未填写购进金额（千元）。",
                        energy_name(ctx, i),
                        n(q(row.purchased_qty))
                    ),
                    format!(
                        "{}: {} purchased but no amount (thousand yuan) given.",
                        energy_name(ctx, i),
                        n(q(row.purchased_qty))
                    ),
                );
            }
        }
    },
};

pub const FACTOR_PRESENT: Rule = Rule {
    id: "EN010",
    name: "factor-present",
    severity: Severity::Error,
    title_zh: "无参考折标系数的能源须填写采用折标系数",
    title_en: "Energies without a reference coefficient need an adopted one",
    basis: "GB/T 2589-2020 第8章；205-1（10栏）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            if let Some(cat) = ctx.refdata.energy(row.code.trim()) {
                if row.factor.is_none() && cat.factor.is_none() {
                    out.at(
                        format!("energy[{i}].factor"),
                        format!("{}没有参考折标系数，请按实测热值填写采用折标系数（吨标准煤/{}）。", cat.name, cat.unit),
                        format!("{} has no reference coefficient; enter the adopted one from its measured heat value (tce per {}).", cat.name, cat.unit),
                    );
                }
            }
        }
    },
};

pub const FACTOR_IN_RANGE: Rule = Rule {
    id: "EN011",
    name: "factor-in-range",
    severity: Severity::Warning,
    title_zh: "采用折标系数应在参考范围内",
    title_en: "Adopted coefficient should be within the reference range",
    basis: "GB/T 2589-2020 附录A；能源统计报表制度 205-1（丁栏 参考折标系数）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            let (Some(cat), Some(f)) = (ctx.refdata.energy(row.code.trim()), row.factor) else {
                continue;
            };
            if cat.fixed {
                continue; // EN012 covers electricity and heat
            }
            if f < cat.min || f > cat.max {
                // A range not verified against its source (未核实) is a hint, not a warning that
                // asks for a written reason.
                if cat.confidence == crate::refdata::Confidence::M {
                    out.hint_at(
                        format!("energy[{i}].factor"),
                        format!(
                            "{}的采用折标系数{}在参考范围{}—{}（吨标准煤/{}）之外；该参考范围未核实，仅供参考。",
                            cat.name, n(f.value()), n(cat.min.value()), n(cat.max.value()), cat.unit
                        ),
                        format!(
                            "The adopted coefficient {} for {} is outside the reference range {}–{} tce per {}; that range is not verified and only informs.",
                            n(f.value()), cat.name, n(cat.min.value()), n(cat.max.value()), cat.unit
                        ),
                    );
                    continue;
                }
                out.at(
                    format!("energy[{i}].factor"),
                    format!(
                        "{}的采用折标系数{}超出参考范围{}—{}（吨标准煤/{}）；如按实测热值采用，请说明依据。",
                        cat.name, n(f.value()), n(cat.min.value()), n(cat.max.value()), cat.unit
                    ),
                    format!(
                        "The adopted coefficient {} for {} is outside the reference range {}–{} tce per {}; if it comes from a measured heat value, say so.",
                        n(f.value()), cat.name, n(cat.min.value()), n(cat.max.value()), cat.unit
                    ),
                );
            }
        }
    },
};

pub const FIXED_FACTOR: Rule = Rule {
    id: "EN012",
    name: "fixed-factor",
    severity: Severity::Error,
    title_zh: "电力、热力须采用规定折标系数",
    title_en: "Electricity and heat must use the prescribed coefficient",
    basis: "GB/T 2589-2020（电力当量值0.1229 kgce/kWh，热力0.03412 kgce/MJ）",
    since: V1,
    check: |ctx, out| {
        for (i, row) in ctx.report.energy.iter().enumerate() {
            let (Some(cat), Some(f)) = (ctx.refdata.energy(row.code.trim()), row.factor) else {
                continue;
            };
            let Some(reference) = cat.factor else {
                continue;
            };
            if cat.fixed && f != reference {
                let what = if cat.kind == EnergyKind::Electricity {
                    "当量值"
                } else {
                    "规定值"
                };
                out.at(
                    format!("energy[{i}].factor"),
                    format!(
                        "{}的折标系数须采用{}{}（吨标准煤/{}），填写的是{}。",
                        cat.name,
                        what,
                        n(reference.value()),
                        cat.unit,
                        n(f.value())
                    ),
                    format!(
                        "{} must use the prescribed coefficient {} tce per {}, not {}.",
                        cat.name,
                        n(reference.value()),
                        cat.unit,
                        n(f.value())
                    ),
                );
            }
        }
    },
};

/// The unit slip a price `ratio` times its band suggests (ratio > 1 above the band, < 1 below),
/// as a question to the filer: (zh, en).
fn likely_slip(ratio: f64, unit: &str) -> (String, String) {
    let k = ratio.log10().round() as i32;
    let volume = unit.starts_with('万');
    match k {
        3 => (
            "购进金额是否按元而非千元填写？".into(),
            "was the amount entered in yuan rather than thousand yuan?".into(),
        ),
        4 if volume => (
            "购进金额是否按元而非千元填写，或购进量按万而非个位填写？".into(),
            "was the amount entered in yuan rather than thousand yuan, or the quantity in tens of thousands by mistake?".into(),
        ),
        1 | 2 => (
            "购进金额或购进量是否错位了小数点？".into(),
            "is a decimal point misplaced in the amount or the quantity?".into(),
        ),
        -1 => (
            "购进金额是否按万元而非千元填写，或错位了小数点？".into(),
            "was the amount entered in ten-thousand yuan rather than thousand yuan, or a decimal point misplaced?".into(),
        ),
        -4 | -5 if volume => (
            format!("购进量是否按个位（而非{unit}）填写？"),
            format!("was the quantity entered in single units rather than {unit}?"),
        ),
        -3 => (
            "购进量是否按千克而非吨填写，或购进金额按百万元填写？".into(),
            "was the quantity entered in kilograms rather than tonnes, or the amount in millions of yuan?".into(),
        ),
        _ => (
            "请核对购进金额（千元）与购进量的单位。".into(),
            "check the units of the amount (thousand yuan) and of the quantity.".into(),
        ),
    }
}

/// How a price compares with its band, in words: (zh, en).
fn ratio_words(ratio: f64) -> (String, String) {
    let k = ratio.log10().round() as i32;
    let zh_fraction = ["", "十分之一", "百分之一", "千分之一", "万分之一"];
    if ratio >= 1.0 {
        let times = 10f64.powi(k.max(0));
        if k >= 1 {
            (
                format!("约为常见范围的{times}倍"),
                format!("about {times} times the usual range"),
            )
        } else {
            ("高于常见范围".into(), "above the usual range".into())
        }
    } else if (1..=4).contains(&-k) {
        (
            format!("约为常见范围的{}", zh_fraction[(-k) as usize]),
            format!("about 1/{} of the usual range", 10f64.powi(-k)),
        )
    } else {
        ("低于常见范围".into(), "below the usual range".into())
    }
}

pub const PURCHASE_PRICE_PLAUSIBLE: Rule = Rule {
    id: "EN013",
    name: "purchase-price-plausible",
    severity: Severity::Warning,
    title_zh: "购进单价应在常见价格范围内（金额单位为千元）",
    title_en: "Purchase price should be within the usual range (amounts in thousand yuan)",
    basis: "能源统计报表制度 205-1（2栏 实物量、3栏 金额（千元））；常见价格范围见 seeds/purchase_prices.csv",
    since: V1,
    check: |ctx, out| {
        let slip = ctx.refdata.thresholds.purchase_price.slip_factor;
        for (i, row) in ctx.report.energy.iter().enumerate() {
            let (qty, amount) = (q(row.purchased_qty), q(row.purchased_amount));
            if qty <= Decimal::ZERO || amount <= Decimal::ZERO {
                continue; // EN009 asks for a missing amount
            }
            let Some(band) = ctx.refdata.price_band(row.code.trim()) else {
                continue;
            };
            // 千元 → 元, per catalog unit.
            let Some(price) = amount
                .checked_mul(Decimal::ONE_THOUSAND)
                .and_then(|a| a.checked_div(qty))
            else {
                continue; // beyond any decimal: no price to judge
            };
            if price >= band.min && price <= band.max {
                continue;
            }
            let shown = price.round_dp(if price < Decimal::TEN { 3 } else { 1 });
            // How far from the band's geometric middle, for the wording only.
            let f = |d: Decimal| rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(1.0);
            let ratio = f(price) / (f(band.min) * f(band.max)).sqrt();
            let far = price.checked_mul(slip).is_none_or(|p| p < band.min)
                || band.max.checked_mul(slip).is_none_or(|m| price > m);
            let unit = band.price_unit.trim_start_matches("元/");
            let (how_zh, how_en) = ratio_words(ratio);
            let (slip_zh, slip_en) = likely_slip(ratio, unit);
            let unverified = band.confidence == crate::refdata::Confidence::M;
            let zh = format!(
                "{}：购进金额{}千元 ÷ 购进量{}{} = 单价{}{}，{}（{}—{}{}{}）；{}",
                energy_name(ctx, i),
                n(amount),
                n(qty),
                unit,
                n(shown),
                band.price_unit,
                how_zh,
                n(band.min),
                n(band.max),
                band.price_unit,
                if unverified { "，范围未核实" } else { "" },
                slip_zh
            );
            let en = format!(
                "{}: amount {} thousand yuan ÷ quantity {} {} = {} yuan per {}, {} ({}–{}{}); {}",
                energy_name(ctx, i),
                n(amount),
                n(qty),
                unit,
                n(shown),
                unit,
                how_en,
                n(band.min),
                n(band.max),
                if unverified { ", range not verified" } else { "" },
                slip_en
            );
            // An unverified band informs unless the price is so far off that only a unit slip
            // explains it.
            if unverified && !far {
                out.hint_at(format!("energy[{i}].purchased_amount"), zh, en);
            } else {
                out.at(format!("energy[{i}].purchased_amount"), zh, en);
            }
        }
    },
};
