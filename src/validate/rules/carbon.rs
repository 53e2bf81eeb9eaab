//! CB — the CO₂ block and the green-electricity evidence (十五五 碳排放双控).
//!
//! The figures come from [`crate::carbon`]; these rules say why they are missing (no factor
//! edition, no parameters) and check the inputs a filer types: measured parameters, electricity
//! lines and the certificate ledger. A green claim without proof is an error, never a silent
//! zero.

use rust_decimal::Decimal;

use super::{n, q, V1};
use crate::carbon::{CarbonResult, EntryProblem, FactorKind, Gap, NotCounted};
use crate::model::{CertificateEntry, ElectricitySource};
use crate::refdata::EnergyKind;
use crate::validate::{Context, Emit, Rule, Severity};

const MWH_PER_10K_KWH: Decimal = Decimal::TEN;

fn carbon<'a>(ctx: &Context<'a>) -> Option<&'a CarbonResult> {
    ctx.carbon
}

/// (购进量, 消费量合计) of electricity over the 205-1 rows, 万kWh.
fn electricity(ctx: &Context) -> (Decimal, Decimal) {
    ctx.report
        .energy
        .iter()
        .filter(|e| {
            ctx.refdata
                .energy(e.code.trim())
                .is_some_and(|c| c.kind == EnergyKind::Electricity)
        })
        .fold((Decimal::ZERO, Decimal::ZERO), |(p, c), e| {
            (p + q(e.purchased_qty), c + q(e.consumed_total))
        })
}

/// The first electricity row, for locating findings.
fn electricity_path(ctx: &Context, field: &str) -> String {
    ctx.report
        .energy
        .iter()
        .position(|e| {
            ctx.refdata
                .energy(e.code.trim())
                .is_some_and(|c| c.kind == EnergyKind::Electricity)
        })
        .map(|i| format!("energy[{i}].{field}"))
        .unwrap_or_else(|| "energy".into())
}

/// Σ quantity of the electricity lines of `source`, 万kWh.
fn lines(ctx: &Context, source: ElectricitySource) -> Decimal {
    ctx.report
        .carbon
        .electricity
        .iter()
        .filter(|l| l.source == source)
        .map(|l| q(l.quantity))
        .sum()
}

fn cert_label(e: &CertificateEntry) -> String {
    if e.code_to.trim().is_empty() {
        e.code.trim().to_string()
    } else {
        format!("{}—{}", e.code.trim(), e.code_to.trim())
    }
}

/// Emits one finding per certificate entry whose reasons match `pick`.
fn per_certificate(
    ctx: &Context,
    out: &mut Emit,
    pick: impl Fn(&NotCounted) -> Option<(String, String)>,
) {
    let Some(c) = carbon(ctx) else { return };
    for line in &c.certificates.entries {
        let Some(e) = ctx.report.carbon.certificates.get(line.index) else {
            continue;
        };
        for why in &line.not_counted {
            if let Some((zh, en)) = pick(why) {
                out.at(
                    format!("carbon.certificates[{}]", line.index),
                    format!("绿证{}：{zh}", cert_label(e)),
                    format!("Certificate {}: {en}", cert_label(e)),
                );
            }
        }
    }
}

pub const EDITION_COVERS_YEAR: Rule = Rule {
    id: "CB001",
    name: "factor-edition-covers-year",
    severity: Severity::Error,
    title_zh: "排放因子须有适用于报告年度的版本",
    title_en: "A factor edition must cover the report year",
    basis: "GB/T 32150-2025（采用最新发布的适用官方排放因子）；生态环境部 国家统计局 电力二氧化碳排放因子公告",
    since: V1,
    check: |ctx, out| {
        let Some(c) = carbon(ctx) else { return };
        for g in &c.gaps {
            let path = match g {
                Gap::NoEdition { factor, .. } | Gap::UnknownEdition { factor, .. } => {
                    match factor {
                        FactorKind::Fuel => "carbon.basis.fuel",
                        FactorKind::Grid => "carbon.basis.grid",
                        FactorKind::Heat => "carbon.basis.heat",
                    }
                }
                Gap::NoProvince { .. } => "enterprise.division_code",
                _ => continue,
            };
            let (zh, en) = g.message();
            out.at(path, zh, en);
        }
    },
};

pub const FUEL_PARAMETERS_AVAILABLE: Rule = Rule {
    id: "CB002",
    name: "fuel-parameters-available",
    severity: Severity::Error,
    title_zh: "燃烧的燃料须有缺省或实测参数",
    title_en: "A fuel burned needs default or measured parameters",
    basis: "GB/T 32151.34-2024 附录C；GB/T 32150-2025 §7.5.2",
    since: V1,
    check: |ctx, out| {
        let Some(c) = carbon(ctx) else { return };
        for g in &c.gaps {
            if let Gap::MissingParameters { path, .. } = g {
                let (zh, en) = g.message();
                out.at(format!("{path}.consumed_total"), zh, en);
            }
        }
    },
};

pub const MEASURED_EVIDENCE: Rule = Rule {
    id: "CB003",
    name: "measured-parameter-evidence",
    severity: Severity::Error,
    title_zh: "实测参数和过程排放须有方法、机构和证明材料",
    title_en: "Measured parameters and process emissions need method, lab and evidence",
    basis: "GB/T 32151.34-2024 §9（实测参数优先，须记录检测方法、频次和机构）",
    since: V1,
    check: |ctx, out| {
        let measured = &ctx.report.carbon.measured;
        for (i, m) in measured.iter().enumerate() {
            let mut zh: Vec<String> = Vec::new();
            let mut en: Vec<String> = Vec::new();
            match m.value {
                None => {
                    zh.push("未填数值".into());
                    en.push("no value".into());
                }
                Some(v)
                    if v.value() <= Decimal::ZERO
                        || v.value() > crate::carbon::param_max(m.parameter) =>
                {
                    zh.push(format!(
                        "数值{}超出合理范围（0–{}）",
                        n(v.value()),
                        n(crate::carbon::param_max(m.parameter))
                    ));
                    en.push(format!(
                        "value {} outside 0–{}",
                        n(v.value()),
                        n(crate::carbon::param_max(m.parameter))
                    ));
                }
                Some(_) => {}
            }
            if m.method.trim().is_empty() {
                zh.push("未填检测方法".into());
                en.push("no method".into());
            }
            if m.lab.trim().is_empty() {
                zh.push("未填检测机构或报告编号".into());
                en.push("no lab or report".into());
            }
            if m.evidence.is_empty() {
                zh.push("没有证明材料".into());
                en.push("no evidence".into());
            }
            if measured[..i]
                .iter()
                .any(|o| o.code.trim() == m.code.trim() && o.parameter == m.parameter)
            {
                zh.push("与前面的同一参数重复（采用第一条）".into());
                en.push(
                    "repeats an earlier entry for the same parameter (the first is used)".into(),
                );
            }
            if !zh.is_empty() {
                out.at(
                    format!("carbon.measured[{i}]"),
                    format!(
                        "能源代码{}的实测{}：{}。",
                        m.code.trim(),
                        crate::carbon::param_zh(m.parameter),
                        zh.join("，")
                    ),
                    format!(
                        "Measured {} of code {}: {}.",
                        crate::carbon::param_en(m.parameter),
                        m.code.trim(),
                        en.join(", ")
                    ),
                );
            }
        }
        for (i, p) in ctx.report.carbon.process.iter().enumerate() {
            if p.co2_t.is_none() || p.basis.trim().is_empty() || p.evidence.is_empty() {
                out.at(
                    format!("carbon.process[{i}]"),
                    format!("过程排放“{}”须填写排放量、核算依据并附证明材料。", p.name),
                    format!(
                        "Process emission \"{}\" needs its tCO₂, its basis and evidence.",
                        p.name
                    ),
                );
            }
        }
    },
};

pub const GREEN_PROOF_PRESENT: Rule = Rule {
    id: "CB004",
    name: "green-proof-present",
    severity: Severity::Error,
    title_zh: "绿电须有凭证：交易结算凭证、计量记录或绿证材料",
    title_en: "Green electricity needs its proof: settlement, meter records or certificate evidence",
    basis: "GB/T 32151.34-2024 附录D（外购非化石电力须有交易合同和结算凭证或绿证；自发须有计量原始记录）",
    since: V1,
    check: |ctx, out| {
        for (i, l) in ctx.report.carbon.electricity.iter().enumerate() {
            let (zh, en) = match l.source {
                ElectricitySource::GreenTrade if l.settlement_no.trim().is_empty() || l.evidence.is_empty() => (
                    "绿电交易电量须填写结算凭证编号并附合同和结算凭证，否则按电网排放因子计算。",
                    "A green-power trade needs its settlement number with the contract and settlement voucher attached; until then it is charged at the grid factor.",
                ),
                ElectricitySource::SelfRenewable if l.meter_id.trim().is_empty() || l.evidence.is_empty() => (
                    "自发自用可再生能源电量须填写计量表号并附月度计量原始记录。",
                    "Self-generated renewable electricity needs its meter id and the monthly meter records.",
                ),
                _ => continue,
            };
            out.at(format!("carbon.electricity[{i}].evidence"), zh, en);
        }
        per_certificate(ctx, out, |why| {
            matches!(why, NotCounted::NoEvidence).then(|| {
                (
                    "没有证明材料（核销凭证或交易记录），不予计入。".into(),
                    "no evidence (cancellation record or trade record); not counted.".into(),
                )
            })
        });
    },
};

pub const CERTIFICATE_WITHIN_VALIDITY: Rule = Rule {
    id: "CB005",
    name: "certificate-within-validity",
    severity: Severity::Error,
    title_zh: "绿证须在有效期内且不晚于报告年度生产",
    title_en: "Certificates must be valid in the report year and not produced after it",
    basis: "国能发新能规〔2024〕67号（有效期2年，2024年1月1日前生产的至2025年底）",
    since: V1,
    check: |ctx, out| {
        let year = ctx.report.year;
        per_certificate(ctx, out, |why| match why {
            NotCounted::ProducedAfterYear => Some((
                format!("生产年份晚于报告年度{year}年，不能用于本年度。"),
                format!("produced after the report year {year}; it cannot be claimed for it."),
            )),
            NotCounted::Expired { valid_until } => Some((
                format!("有效期至{valid_until}，{year}年开始前已过期。"),
                format!("valid until {valid_until}, expired before {year} began."),
            )),
            NotCounted::CancelledAfterExpiry { valid_until } => Some((
                format!("核销日期晚于有效期（至{valid_until}）。"),
                format!("cancelled after its validity ended ({valid_until})."),
            )),
            _ => None,
        });
    },
};

pub const CERTIFICATE_UNIQUE: Rule = Rule {
    id: "CB006",
    name: "certificate-unique",
    severity: Severity::Error,
    title_zh: "同一绿证编号不得重复计入",
    title_en: "A certificate code may be claimed only once",
    basis: "国能发新能规〔2024〕67号（绿证唯一，核销后不得再次使用）",
    since: V1,
    check: |ctx, out| {
        per_certificate(ctx, out, |why| match why {
            NotCounted::Duplicate { of } => Some((
                format!("编号与第{}条绿证记录重复或区间重叠，不予重复计入。", of + 1),
                format!(
                    "codes repeat or overlap entry {}; not counted twice.",
                    of + 1
                ),
            )),
            _ => None,
        });
    },
};

pub const CERTIFICATES_WITHIN_ELECTRICITY: Rule = Rule {
    id: "CB007",
    name: "certificates-within-electricity",
    severity: Severity::Error,
    title_zh: "绿证对应电量不得超过电力消费量",
    title_en: "Certificates cannot exceed the electricity consumed",
    basis: "发改能源〔2023〕1044号；1张绿证 = 1000千瓦时",
    since: V1,
    check: |ctx, out| {
        let Some(c) = carbon(ctx) else { return };
        if ctx.report.carbon.certificates.is_empty() {
            return;
        }
        let listed = Decimal::from(c.certificates.listed);
        let consumed = electricity(ctx).1 * MWH_PER_10K_KWH;
        if listed > consumed {
            out.at(
                "carbon.certificates",
                format!("绿证台账共{}张（{}兆瓦时），超过电力消费量{}兆瓦时。", n(listed), n(listed), n(consumed)),
                format!("The ledger lists {} certificates ({} MWh), more than the {} MWh of electricity consumed.", n(listed), n(listed), n(consumed)),
            );
        }
    },
};

pub const TRADE_CERTIFICATES_NOT_RECOUNTED: Rule = Rule {
    id: "CB008",
    name: "trade-certificates-not-recounted",
    severity: Severity::Error,
    title_zh: "随绿电交易划转的绿证不得再作为单独购买的绿证计入",
    title_en:
        "Certificates that came with a green-power trade cannot be counted again as bought ones",
    basis: "发改环资〔2024〕113号（不重复计算）；绿电交易电量与随之划转的绿证为同一权益",
    since: V1,
    check: |ctx, out| {
        per_certificate(ctx, out, |why| {
            match why {
            NotCounted::CountedWithTrade { of: Some(j), .. } => Some((
                format!("与第{}条随绿电交易划转的绿证编号重叠，不得再作为单独购买计入。", j + 1),
                format!("overlaps entry {}, certificates that came with a green-power trade; not counted again as bought.", j + 1),
            )),
            NotCounted::CountedWithTrade { of: None, contract } => Some((
                format!("合同{contract}是绿电交易合同，随交易划转的绿证已由交易电量计入，不得再作为单独购买计入。"),
                format!("contract {contract} is a green-power trade; its certificates are covered by the trade line and cannot be counted again as bought."),
            )),
            _ => None,
        }
        });
    },
};

pub const INTENSITY_CHANGE: Rule = Rule {
    id: "CB009",
    name: "carbon-intensity-change",
    severity: Severity::Warning,
    title_zh: "碳排放强度同比变化过大",
    title_en: "Large year-on-year change of CO₂ intensity",
    basis:
        "国办发〔2024〕39号（碳排放双控以强度控制为主）；能源利用状况报告审核要求（同比变化须说明）",
    since: V1,
    check: |ctx, out| {
        let Some(f) = carbon(ctx).and_then(|c| c.figures.as_ref()) else {
            return;
        };
        let Some(p) = &f.prior else { return };
        let t = ctx.settings.yoy_threshold_pct;
        for (path, zh, en, now, then, pct) in [
            (
                "carbon.per_value_added",
                "单位工业增加值二氧化碳排放",
                "CO₂ per 万元 value added",
                f.per_value_added,
                p.per_value_added,
                p.per_value_added_change_pct,
            ),
            (
                "carbon.per_output_value",
                "单位产值二氧化碳排放",
                "CO₂ per 万元 output value",
                f.per_output_value,
                p.per_output_value,
                p.per_output_value_change_pct,
            ),
        ] {
            let (Some(now), Some(then), Some(pct)) = (now, then, pct) else {
                continue;
            };
            if pct.value().abs() > t {
                out.at(
                    path,
                    format!("{zh}由{}年{} tCO₂/万元变为{} tCO₂/万元，变化{}%，超过{}%，请说明原因。", p.year, n(then.value()), n(now.value()), n(pct.value()), n(t)),
                    format!("{en} changed from {} ({}) to {} tCO₂/万元 ({}%), more than {}%; give the reason.", n(then.value()), p.year, n(now.value()), n(pct.value()), n(t)),
                );
            }
        }
    },
};

pub const SELF_FOSSIL_COUNTED_ONCE: Rule = Rule {
    id: "CB010",
    name: "self-fossil-counted-once",
    severity: Severity::Error,
    title_zh: "自发化石能源电力不得再计入购进电量",
    title_en: "Self-generated fossil power must not also be counted as purchased",
    basis: "GB/T 32150-2025 §7.5.6（按外购电量计算间接排放；自发电的燃料已计入直接排放）",
    since: V1,
    check: |ctx, out| {
        let fossil = lines(ctx, ElectricitySource::SelfFossil);
        if fossil.is_zero() {
            return;
        }
        let renewable = lines(ctx, ElectricitySource::SelfRenewable);
        let produced: Decimal = ctx
            .report
            .conversion
            .iter()
            .filter(|c| {
                ctx.refdata
                    .energy(c.code.trim())
                    .is_some_and(|e| e.kind == EnergyKind::Electricity)
            })
            .map(|c| q(c.output))
            .sum();
        let generated = produced.max(fossil + renewable);
        let (purchased, consumed) = electricity(ctx);
        let exported = q(ctx.report.carbon.exported_electricity);
        if purchased + generated > consumed + exported {
            out.at(
                electricity_path(ctx, "purchased_qty"),
                format!(
                    "购进电量{}万千瓦时加自发电量{}万千瓦时超过消费量{}万千瓦时与外供电量{}万千瓦时之和：自发化石能源电力（{}万千瓦时）似已计入购进量，其燃料已计入直接排放，不得再按电网因子计算。",
                    n(purchased), n(generated), n(consumed), n(exported), n(fossil)
                ),
                format!(
                    "Purchased {} plus self-generated {} exceeds consumed {} plus exported {} (万kWh): self-generated fossil power ({}) seems to be in the purchases too; its fuel is already direct, it must not also get the grid factor.",
                    n(purchased), n(generated), n(consumed), n(exported), n(fossil)
                ),
            );
        }
    },
};

pub const LINES_MATCH_PURCHASES: Rule = Rule {
    id: "CB011",
    name: "electricity-lines-match-purchases",
    severity: Severity::Error,
    title_zh: "电网购电与绿电交易电量之和须等于购进电量",
    title_en: "Grid and green-trade lines must add up to the electricity purchased",
    basis: "能源统计报表制度 205-1（购进量）；GB/T 32151.34-2024 附录D",
    since: V1,
    check: |ctx, out| {
        let l = &ctx.report.carbon.electricity;
        if !l.iter().any(|x| x.source.is_purchase()) {
            return;
        }
        let sum = lines(ctx, ElectricitySource::Grid) + lines(ctx, ElectricitySource::GreenTrade);
        let purchased = electricity(ctx).0;
        if sum != purchased {
            out.at(
                "carbon.electricity",
                format!("电网购电与绿电交易电量合计{}万千瓦时，与能源消费结构表电力购进量{}万千瓦时不一致。", n(sum), n(purchased)),
                format!("Grid and green-trade lines add up to {} but the energy table shows {} (万kWh) purchased.", n(sum), n(purchased)),
            );
        }
    },
};

pub const CERTIFICATE_WELL_FORMED: Rule = Rule {
    id: "CB012",
    name: "certificate-entry-well-formed",
    severity: Severity::Error,
    title_zh: "绿证记录须有32位编号、一致的数量和生产年月",
    title_en:
        "A certificate entry needs 32-digit codes, a matching quantity and its production date",
    basis: "国能发新能规〔2024〕67号（绿证编号、核发与核销）",
    since: V1,
    check: |ctx, out| {
        per_certificate(ctx, out, |why| match why {
            NotCounted::Malformed { problem } => Some(match problem {
                EntryProblem::CodeFormat => (
                    "编号须为32位数字。".into(),
                    "codes must be 32 digits.".into(),
                ),
                EntryProblem::RangeReversed => (
                    "区间终止编号小于起始编号。".into(),
                    "the range ends before it starts.".into(),
                ),
                EntryProblem::RangeAcrossProjects => (
                    "区间起止编号的前17位（项目编码）不同。".into(),
                    "the range spans two projects (first 17 digits differ).".into(),
                ),
                EntryProblem::QuantityMismatch { codes } => (
                    format!("数量与编号区间所含{codes}张不一致。"),
                    format!("the quantity differs from the {codes} codes in the range."),
                ),
                EntryProblem::ProductionDate => (
                    "须填写生产年份（月份为1–12）。".into(),
                    "needs its production year (month 1–12).".into(),
                ),
                EntryProblem::CancelledWithoutDate => (
                    "已核销但未填核销日期。".into(),
                    "cancelled without a cancellation date.".into(),
                ),
            }),
            _ => None,
        });
    },
};

pub const GREEN_DEDUCTION_WITHIN_LEDGER: Rule = Rule {
    id: "CB013",
    name: "green-deduction-within-ledger",
    severity: Severity::Error,
    title_zh: "扣除的绿电消费量不得超过台账中可扣除的绿证",
    title_en:
        "The green-electricity deduction cannot exceed the deductible certificates of the ledger",
    basis: "发改运行〔2022〕1258号（以绿证作为可再生能源消费的基本凭证）；发改环资〔2024〕113号",
    since: V1,
    check: |ctx, out| {
        let Some(c) = carbon(ctx) else { return };
        if ctx.report.carbon.certificates.is_empty() {
            return;
        }
        let claimed = q(ctx.report.green_electricity.electricity) * MWH_PER_10K_KWH;
        let deductible = Decimal::from(c.certificates.energy_deductible);
        if claimed > deductible {
            out.at(
                "green_electricity.electricity",
                format!("扣除的绿电消费量{}兆瓦时超过绿证台账中可计入扣除的{}张（兆瓦时）。", n(claimed), n(deductible)),
                format!("The deduction claims {} MWh but the ledger holds {} deductible certificates (MWh).", n(claimed), n(deductible)),
            );
        }
    },
};

pub const TRANSFORMATION_CARBON_BALANCE: Rule = Rule {
    id: "CB014",
    name: "transformation-needs-carbon-balance",
    severity: Severity::Warning,
    title_zh: "加工转换投入须按碳平衡另行核算",
    title_en: "Transformation inputs need a carbon balance",
    basis: "GB/T 32151 系列（炼焦、炼油、制气等按碳平衡核算）",
    since: V1,
    check: |ctx, out| {
        for (i, c) in ctx.report.conversion.iter().enumerate() {
            let fields = [
                ("coal_washing", c.coal_washing, "原煤入洗", "Coal washing"),
                ("coking", c.coking, "炼焦", "Coking"),
                ("refining", c.refining, "炼油及煤制油", "Refining"),
                ("gas_making", c.gas_making, "制气", "Gas making"),
                (
                    "gas_liquefaction",
                    c.gas_liquefaction,
                    "天然气液化",
                    "Gas liquefaction",
                ),
                ("briquetting", c.briquetting, "加工煤制品", "Briquetting"),
            ];
            for (field, v, zh, en) in fields {
                if !q(v).is_zero() {
                    out.at(
                        format!("conversion[{i}].{field}"),
                        format!("{zh}投入{}未计入燃烧排放；其产品的碳须按行业标准做碳平衡核算，请说明。", n(q(v))),
                        format!("{en} input {} is left out of combustion; its carbon needs a balance under the industry standard; explain.", n(q(v))),
                    );
                }
            }
        }
    },
};

pub const RESIDUAL_FACTOR_ADVISED: Rule = Rule {
    id: "CB015",
    name: "residual-factor-advised",
    severity: Severity::Info,
    title_zh: "绿电按零排放计算时，其余电量宜采用剔除市场化非化石电量的因子",
    title_en: "With green power at zero, the residual-mix factor suits the remaining purchases",
    basis: "生态环境部 国家统计局 电力二氧化碳排放因子公告（不包括市场化交易的非化石能源电量的全国电网平均排放因子）",
    since: V1,
    check: |ctx, out| {
        let Some(c) = carbon(ctx) else { return };
        let Some(f) = &c.figures else { return };
        let e = &f.electricity;
        let zero = e.green_trade_mwh + e.certificate_mwh;
        if !zero.is_zero() && !c.settings.residual_factor_for_green_remainder {
            let factor = e.factor.as_ref().map(|x| x.edition.as_str()).unwrap_or("—");
            out.at(
                "carbon.electricity",
                format!("{}兆瓦时绿电按零排放计算，其余电量采用{factor}；按平均因子计算会重复计入他人的绿色属性，可改用剔除市场化非化石电量的因子。", n(zero)),
                format!("{} MWh of green power count at zero and the rest at {factor}; an average factor counts others' green attributes again, the residual-mix factor avoids that.", n(zero)),
            );
        }
    },
};

pub const FEEDSTOCK_PROCESS_EMISSIONS: Rule = Rule {
    id: "CB016",
    name: "feedstock-process-emissions",
    severity: Severity::Info,
    title_zh: "原料用能未计入燃烧排放，可能存在工业过程排放",
    title_en: "Feedstock is not combustion; process emissions may apply",
    basis: "发改环资〔2022〕803号；GB/T 32151 系列（工业过程排放）",
    since: V1,
    check: |ctx, out| {
        if !ctx.report.carbon.process.is_empty() {
            return;
        }
        for (i, e) in ctx.report.energy.iter().enumerate() {
            let fuel = ctx
                .refdata
                .energy(e.code.trim())
                .is_some_and(|c| !matches!(c.kind, EnergyKind::Electricity | EnergyKind::Heat));
            if fuel && !q(e.used_as_feedstock).is_zero() {
                out.at(
                    format!("energy[{i}].used_as_feedstock"),
                    format!("原料用能{}（未计入燃烧排放）：可能存在工业过程排放，须按行业标准另行核算并填入过程排放。", n(q(e.used_as_feedstock))),
                    format!("Feedstock {} is not counted as combustion; process emissions may apply — account them under the industry standard and enter them.", n(q(e.used_as_feedstock))),
                );
            }
        }
    },
};

pub const CERTIFICATE_CLAIMED_ELSEWHERE: Rule = Rule {
    id: "CB017",
    name: "certificate-claimed-by-another-unit",
    severity: Severity::Error,
    title_zh: "同一绿证不得由两个单位申报",
    title_en: "A certificate may be claimed by one unit only",
    basis: "国能发新能规〔2024〕67号（同一绿证不得重复出售和使用，核销后不得再次使用）；发改环资〔2024〕113号（不得重复扣除）",
    since: V1,
    check: |ctx, out| {
        if ctx.certificates_elsewhere.is_empty() {
            return;
        }
        for (i, mine) in crate::carbon::claimed_ranges(ctx.report) {
            let Some(e) = ctx.report.carbon.certificates.get(i) else {
                continue;
            };
            for other in ctx.certificates_elsewhere {
                let Some(theirs) = other.range() else { continue };
                if !mine.overlaps(&theirs) {
                    continue;
                }
                let range = if other.first == other.last {
                    other.first.clone()
                } else {
                    format!("{}—{}", other.first, other.last)
                };
                out.at(
                    format!("carbon.certificates[{i}]"),
                    format!(
                        "绿证{}与{}（{}）报送文件“{}”台账第{}条申报的{range}重叠：同一绿证只能由一个单位申报核销，请与两个单位核实。",
                        cert_label(e), other.name, other.uscc, other.file, other.entry + 1
                    ),
                    format!(
                        "Certificate {} overlaps {range}, claimed in entry {} of the ledger of {} ({}) in file \"{}\": a certificate is claimed by one unit only; check with both units.",
                        cert_label(e), other.entry + 1, other.name, other.uscc, other.file
                    ),
                );
            }
        }
    },
};

pub const CARBON_EVIDENCE_INTACT: Rule = Rule {
    id: "CB018",
    name: "carbon-evidence-intact",
    severity: Severity::Error,
    title_zh: "绿证、绿电交易、实测参数和过程排放的证明材料须完整未被改动",
    title_en: "Evidence of certificates, green trades, measured parameters and process emissions must be present and unchanged",
    basis: "GB/T 32151.34-2024 附录D（绿电零排放须有合同和结算凭证或绿证）及§9（实测参数须有检测报告）",
    since: V1,
    check: |ctx, out| {
        let Some(issues) = ctx.evidence_issues else {
            return;
        };
        for e in issues.iter().filter(|e| e.path.starts_with("carbon.")) {
            let (zh, en) = match e.problem {
                crate::model::EvidenceProblem::Missing => (
                    format!("{}的证明材料“{}”不在本工作区的材料库中（可能已被删除或移动），请重新添加。", e.project_id, e.name),
                    format!("Evidence \"{}\" of {} is not in this workspace's evidence store (deleted or moved); add it again.", e.name, e.project_id),
                ),
                crate::model::EvidenceProblem::Changed => (
                    format!("{}的证明材料“{}”与登记时的SHA-256不一致，文件已被改动，请重新添加原件。", e.project_id, e.name),
                    format!("Evidence \"{}\" of {} no longer matches the SHA-256 recorded when it was added: the file was changed; add the original again.", e.name, e.project_id),
                ),
            };
            out.at(e.path.clone(), zh, en);
        }
    },
};

pub const LATEST_EDITION_USED: Rule = Rule {
    id: "CB019",
    name: "latest-edition-for-unpublished-year",
    severity: Severity::Warning,
    title_zh: "报告年度尚无电力排放因子，采用最新发布的版本",
    title_en: "No grid factor covers the report year yet; the latest published edition is used",
    basis: "GB/T 32150-2025（采用最新发布的适用官方排放因子）；生态环境部 国家统计局 电力二氧化碳排放因子公告（约在数据年度后第二年年底发布）",
    since: V1,
    check: |ctx, out| {
        let Some(c) = carbon(ctx) else { return };
        for f in &c.fallbacks {
            out.at(
                "carbon.basis.grid",
                format!(
                    "{}年度尚无对应的{}（{}）版本，按核算口径设置采用最新发布的{}：{}年数据，{}，{}发布，{} tCO₂/MWh。如已发布更新的因子，请更新能报后重新核算；否则请说明采用此版本的理由。",
                    f.year, f.factor.zh(), f.scope, f.edition, f.data_year, f.notice, f.published, n(f.value)
                ),
                format!(
                    "No {} edition ({}) covers {} yet; under the carbon settings the latest published one is used: {} ({} data, {}, published {}, {} tCO₂/MWh). Update the app and recompute if a newer factor is out; otherwise justify.",
                    f.factor.en(), f.scope, f.year, f.edition, f.data_year, f.notice, f.published, n(f.value)
                ),
            );
        }
    },
};
