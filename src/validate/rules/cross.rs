//! CS — totals and cross-table relations, and the statutory thresholds.

use rust_decimal::Decimal;

use super::{n, q, V1};
use crate::refdata::EnergyKind;
use crate::validate::{Rule, Severity};

pub const REPORTED_TOTAL_MATCHES: Rule = Rule {
    id: "CS001",
    name: "reported-total-matches",
    severity: Severity::Error,
    title_zh: "基本情况表综合能源消费量须与能源消费结构表一致",
    title_en: "Table 1 total must equal the energy table total",
    basis: "基本情况表 01000007 ＝ 能源消费结构表 综合能源消费量",
    since: V1,
    check: |ctx, out| {
        let (Some(c), Some(stated)) = (
            ctx.computed,
            ctx.report.indicators.comprehensive_energy_tce.current,
        ) else {
            return;
        };
        let computed = c.comprehensive_energy_tce.value();
        // Table 1 is often written in whole tonnes: half a tonne either way is the same figure.
        if (computed - stated.value()).abs() > Decimal::new(5, 1) {
            out.at(
                "indicators.comprehensive_energy_tce.current",
                format!(
                    "基本情况表综合能源消费量{}吨标准煤与能源消费结构表计算结果{}吨标准煤不一致。",
                    n(stated.value()),
                    n(computed)
                ),
                format!(
                    "Table 1 states {} tce but the energy table gives {} tce.",
                    n(stated.value()),
                    n(computed)
                ),
            );
        }
    },
};

pub const CONVERSION_CODE_KNOWN: Rule = Rule {
    id: "CS002",
    name: "conversion-code-known",
    severity: Severity::Error,
    title_zh: "加工转换表的能源须在能源消费结构表或目录中",
    title_en: "Conversion rows must name a known energy",
    basis: "能源统计报表制度 205-2",
    since: V1,
    check: |ctx, out| {
        for (i, c) in ctx.report.conversion.iter().enumerate() {
            if ctx.refdata.energy(c.code.trim()).is_none() {
                out.at(
                    format!("conversion[{i}].code"),
                    format!(
                        "加工转换与回收利用表第{}行能源代码“{}”不在能源目录中。",
                        i + 1,
                        c.code
                    ),
                    format!(
                        "Conversion row {} has energy code \"{}\", which is not in the catalog.",
                        i + 1,
                        c.code
                    ),
                );
            }
        }
    },
};

pub const CONVERSION_WITHIN_INDUSTRIAL: Rule = Rule {
    id: "CS003",
    name: "conversion-within-industrial",
    severity: Severity::Error,
    title_zh: "加工转换投入不得大于工业生产消费",
    title_en: "Conversion input cannot exceed industrial consumption",
    basis: "能源统计报表制度 205-2（2栏 ≤ 1栏）",
    since: V1,
    check: |ctx, out| {
        for (i, c) in ctx.report.conversion.iter().enumerate() {
            let input = c.input_total().value();
            if input.is_zero() {
                continue;
            }
            let industrial: Decimal = ctx
                .report
                .energy
                .iter()
                .filter(|e| e.code.trim() == c.code.trim())
                .map(|e| q(e.consumed_industrial))
                .sum();
            if input > industrial {
                let name = ctx
                    .refdata
                    .energy(c.code.trim())
                    .map(|e| e.name.as_str())
                    .unwrap_or("该能源");
                out.at(
                    format!("conversion[{i}].thermal_power"),
                    format!("{name}：加工转换投入合计{}大于能源消费结构表中的工业生产消费{}。", n(input), n(industrial)),
                    format!("{name}: conversion input {} exceeds industrial consumption {} in the energy table.", n(input), n(industrial)),
                );
            }
        }
    },
};

pub const FEEDSTOCK_WITHIN_COMPREHENSIVE: Rule = Rule {
    id: "CS004",
    name: "feedstock-within-comprehensive",
    severity: Severity::Error,
    title_zh: "原料用能不得大于综合能源消费量",
    title_en: "Feedstock energy cannot exceed comprehensive consumption",
    basis: "发改环资〔2022〕803号；煤炭消费摸底校验规则（原料用能 ≤ 当量值、等价值）",
    since: V1,
    check: |ctx, out| {
        let Some(c) = ctx.computed else { return };
        let f = c.feedstock_tce.value();
        for (total, zh, en) in [
            (c.comprehensive_energy_tce.value(), "当量值", "calorific"),
            (
                c.comprehensive_energy_equal_value_tce.value(),
                "等价值",
                "primary-equivalent",
            ),
        ] {
            if f > total {
                out.at(
                    "energy",
                    format!(
                        "原料用能{}吨标准煤大于综合能源消费量（{zh}）{}吨标准煤。",
                        n(f),
                        n(total)
                    ),
                    format!(
                        "Feedstock energy {} tce exceeds comprehensive consumption ({en}) {} tce.",
                        n(f),
                        n(total)
                    ),
                );
            }
        }
    },
};

pub const GREEN_WITHIN_CERTIFICATES: Rule = Rule {
    id: "CS005",
    name: "green-within-certificates",
    severity: Severity::Error,
    title_zh: "绿电消费量不得超过所持绿证对应电量",
    title_en: "Green electricity cannot exceed the certificates held",
    basis: "发改运行〔2022〕1258号（以绿证作为可再生能源消费的基本凭证）",
    since: V1,
    check: |ctx, out| {
        let g = &ctx.report.green_electricity;
        let claimed = q(g.electricity);
        let covered = Decimal::from(g.certificates)
            * ctx.refdata.thresholds.green_certificate.electricity_10k_kwh;
        if claimed > covered {
            out.at(
                "green_electricity.electricity",
                format!("绿电消费量{}万千瓦时超过所持{}张绿证对应的{}万千瓦时。", n(claimed), g.certificates, n(covered)),
                format!("Green electricity {} (10k kWh) exceeds the {} (10k kWh) covered by {} certificates.", n(claimed), n(covered), g.certificates),
            );
        }
    },
};

pub const GREEN_WITHIN_ELECTRICITY: Rule = Rule {
    id: "CS006",
    name: "green-within-electricity",
    severity: Severity::Error,
    title_zh: "绿电消费量不得超过电力消费量",
    title_en: "Green electricity cannot exceed electricity consumed",
    basis: "发改运行〔2022〕1258号",
    since: V1,
    check: |ctx, out| {
        let claimed = q(ctx.report.green_electricity.electricity);
        if claimed.is_zero() {
            return;
        }
        let consumed: Decimal = ctx
            .report
            .energy
            .iter()
            .filter(|e| {
                ctx.refdata
                    .energy(e.code.trim())
                    .is_some_and(|c| c.kind == EnergyKind::Electricity)
            })
            .map(|e| q(e.consumed_total))
            .sum();
        if claimed > consumed {
            out.at(
                "green_electricity.electricity",
                format!(
                    "绿电消费量{}万千瓦时超过电力消费量合计{}万千瓦时。",
                    n(claimed),
                    n(consumed)
                ),
                format!(
                    "Green electricity {} exceeds total electricity consumed {} (10k kWh).",
                    n(claimed),
                    n(consumed)
                ),
            );
        }
    },
};

pub const BELOW_KEY_UNIT_THRESHOLD: Rule = Rule {
    id: "CS007",
    name: "below-key-unit-threshold",
    severity: Severity::Warning,
    title_zh: "综合能源消费量低于重点用能单位标准",
    title_en: "Consumption below the key-unit threshold",
    basis: "节约能源法第五十二条（1万吨标准煤；指定单位5000吨标准煤）",
    since: V1,
    check: |ctx, out| {
        let Some(c) = ctx.computed else { return };
        let t = ctx.refdata.thresholds.key_unit.designated_tce.value();
        let total = c.comprehensive_energy_tce.value();
        if total < t {
            out.at(
                "indicators.comprehensive_energy_tce.current",
                format!("综合能源消费量{}吨标准煤低于{}吨标准煤，不符合重点用能单位标准，请核实数据或说明情况。", n(total), n(t)),
                format!("Comprehensive consumption {} tce is below {} tce, the key-unit threshold; check the data or explain.", n(total), n(t)),
            );
        }
    },
};

pub const ONLINE_MONITORING: Rule = Rule {
    id: "CS008",
    name: "online-monitoring",
    severity: Severity::Info,
    title_zh: "年综合能耗1万吨标准煤以上应接入能耗在线监测",
    title_en: "Units above 10,000 tce should join online energy monitoring",
    basis: "重点用能单位节能管理办法；各地“十四五”节能减排综合工作方案",
    since: V1,
    check: |ctx, out| {
        let Some(c) = ctx.computed else { return };
        let t = ctx.refdata.thresholds.online_monitoring.tce.value();
        if c.comprehensive_energy_tce.value() >= t && !ctx.report.enterprise.online_monitoring {
            out.at(
                "enterprise.online_monitoring",
                format!("综合能源消费量达到{}吨标准煤以上，应接入重点用能单位能耗在线监测系统。", n(t)),
                format!("At {} tce or more the unit should be connected to the online energy monitoring system.", n(t)),
            );
        }
    },
};
