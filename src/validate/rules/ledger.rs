//! LG — the reduction ledger (总量减排核算技术指南 2021/2022; HJ 944-2018).

use chrono::Datelike;
use rust_decimal::Decimal;

use super::{n, q, V1};
use crate::model::{Coded, RecordFrequency, ReductionProject};
use crate::validate::{in_year, Context, Rule, Severity};

fn label(p: &ReductionProject, i: usize) -> String {
    if p.name.trim().is_empty() {
        format!("第{}个减排工程", i + 1)
    } else {
        format!("减排工程“{}”", p.name.trim())
    }
}

fn label_en(p: &ReductionProject, i: usize) -> String {
    if p.name.trim().is_empty() {
        format!("Reduction project {}", i + 1)
    } else {
        format!("Reduction project \"{}\"", p.name.trim())
    }
}

fn projects<'a>(ctx: &'a Context) -> impl Iterator<Item = (usize, &'a ReductionProject, String)> {
    ctx.report
        .reduction_projects
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p, format!("reduction_projects[{i}]")))
}

pub const PROJECT_FIELDS: Rule = Rule {
    id: "LG001",
    name: "project-fields",
    severity: Severity::Error,
    title_zh: "减排工程必填项",
    title_en: "Reduction project fields are required",
    basis: "主要污染物总量减排核算技术指南（2022年修订）；减排项目核算情况说明表",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            let checks: [(&str, bool, &str, &str); 6] = [
                ("id", p.id.trim().is_empty(), "工程编号", "id"),
                ("name", p.name.trim().is_empty(), "工程名称", "name"),
                (
                    "category",
                    ctx.refdata.reduction_category(&p.category).is_none(),
                    "工程类别（须为规定类别）",
                    "category (a listed class)",
                ),
                ("pollutant", p.pollutant.is_none(), "污染物", "pollutant"),
                (
                    "permit_no",
                    p.permit_no.trim().is_empty(),
                    "排污许可证编号",
                    "discharge permit number",
                ),
                (
                    "facility",
                    p.facility.trim().is_empty(),
                    "治理设施",
                    "treatment facility",
                ),
            ];
            for (key, missing, zh, en) in checks {
                if missing {
                    out.on_record(
                        format!("{path}.{key}"),
                        &p.id,
                        format!("{}未填写{zh}。", label(p, i)),
                        format!("{}: the {en} is missing.", label_en(p, i)),
                    );
                }
            }
        }
    },
};

pub const BEFORE_AFTER_PRESENT: Rule = Rule {
    id: "LG002",
    name: "before-after-present",
    severity: Severity::Error,
    title_zh: "须填写实施前后排放量（减排量由系统计算）",
    title_en: "Before and after emissions are required (the reduction is computed)",
    basis: "总量减排核算技术指南：减排量＝实施前后污染物排放能力之差",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            for (key, v, zh, en) in [
                ("before_t", p.before_t, "实施前", "before"),
                ("after_t", p.after_t, "实施后", "after"),
            ] {
                if v.is_none() {
                    out.on_record(
                        format!("{path}.{key}"),
                        &p.id,
                        format!("{}未填写{zh}排放量（吨/年）。", label(p, i)),
                        format!(
                            "{}: the emission {en} the project (t/yr) is missing.",
                            label_en(p, i)
                        ),
                    );
                }
            }
        }
    },
};

pub const AFTER_NOT_ABOVE_BEFORE: Rule = Rule {
    id: "LG003",
    name: "after-not-above-before",
    severity: Severity::Error,
    title_zh: "实施后排放量不得大于实施前",
    title_en: "Emission after cannot exceed emission before",
    basis: "总量减排核算技术指南（2022年修订）",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            let (Some(b), Some(a)) = (p.before_t, p.after_t) else {
                continue;
            };
            if a.value() > b.value() || a.is_negative() {
                out.on_record(
                    format!("{path}.after_t"),
                    &p.id,
                    format!("{}实施后排放量{}吨大于实施前{}吨（或为负），不能形成减排量。", label(p, i), n(a.value()), n(b.value())),
                    format!("{}: emission after {} t exceeds before {} t (or is negative); no reduction can be claimed.", label_en(p, i), n(a.value()), n(b.value())),
                );
            }
        }
    },
};

pub const DATES_IN_YEAR: Rule = Rule {
    id: "LG004",
    name: "dates-in-year",
    severity: Severity::Error,
    title_zh: "投运、验收须在核算年度内且先后有序",
    title_en: "Commissioning and acceptance inside the accounting year, in order",
    basis: "总量减排核算技术指南（2022年修订）：仅核算当年完成验收的工程",
    since: V1,
    check: |ctx, out| {
        let y = ctx.report.year;
        for (i, p, path) in projects(ctx) {
            if !in_year(p.accepted_on, y) {
                let found = p
                    .accepted_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "未填写".into());
                out.on_record(
                    format!("{path}.accepted_on"),
                    &p.id,
                    format!("{}验收日期（{found}）不在{y}年内，该工程减排量当年不予认可。", label(p, i)),
                    format!("{}: acceptance date ({found}) is not in {y}; the reduction is not recognised this year.", label_en(p, i)),
                );
            }
            match (p.started_on, p.commissioned_on, p.accepted_on) {
                (_, None, _) => out.on_record(
                    format!("{path}.commissioned_on"),
                    &p.id,
                    format!("{}未填写投运日期。", label(p, i)),
                    format!("{}: commissioning date is missing.", label_en(p, i)),
                ),
                (s, Some(c), a) if s.is_some_and(|s| s > c) || a.is_some_and(|a| a < c) || c.year() > y => out.on_record(
                    format!("{path}.commissioned_on"),
                    &p.id,
                    format!("{}的开工、投运、验收日期先后顺序不对，或投运晚于{y}年。", label(p, i)),
                    format!("{}: start, commissioning and acceptance dates are out of order, or commissioning is after {y}.", label_en(p, i)),
                ),
                _ => {}
            }
        }
    },
};

pub const EVIDENCE_PRESENT: Rule = Rule {
    id: "LG005",
    name: "evidence-present",
    severity: Severity::Error,
    title_zh: "须附证明材料",
    title_en: "Evidence is required",
    basis: "总量减排核算技术指南（2022年修订）：未按要求提交有效材料的，不予认可减排量",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            if p.evidence.is_empty() {
                out.on_record(
                    format!("{path}.evidence"),
                    &p.id,
                    format!("{}没有附任何证明材料（验收报告、在线监测数据、执行报告等），减排量将不予认可。", label(p, i)),
                    format!("{} has no evidence attached (acceptance report, monitoring data, execution report); the reduction will not be recognised.", label_en(p, i)),
                );
            }
        }
    },
};

pub const EXCLUDED_PROJECT: Rule = Rule {
    id: "LG006",
    name: "excluded-project",
    severity: Severity::Info,
    title_zh: "应急减排、超标治理工程不计入减排量",
    title_en: "Emergency and over-limit remediation projects are not counted",
    basis: "主要污染物总量减排核算技术指南（2022年修订）",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            let why = match (p.emergency, p.over_limit) {
                (true, true) => (
                    "应急减排和超标治理",
                    "emergency reduction and over-limit remediation",
                ),
                (true, false) => ("应急减排", "emergency reduction"),
                (false, true) => ("超标治理", "over-limit remediation"),
                _ => continue,
            };
            out.on_record(
                format!(
                    "{path}.{}",
                    if p.emergency {
                        "emergency"
                    } else {
                        "over_limit"
                    }
                ),
                &p.id,
                format!("{}属于{}，不计入本年度重点工程减排量。", label(p, i), why.0),
                format!(
                    "{} is {}, which is not counted in this year's reductions.",
                    label_en(p, i),
                    why.1
                ),
            );
        }
    },
};

pub const OFFSET_WITHIN_REDUCTION: Rule = Rule {
    id: "LG007",
    name: "offset-within-reduction",
    severity: Severity::Error,
    title_zh: "用于区域削减的量不得大于减排量",
    title_en: "Offset cannot exceed the reduction",
    basis: "总量减排核算技术指南：区域削减涉及的减排量须相应扣减",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            let (Some(b), Some(a), Some(o)) = (p.before_t, p.after_t, p.offset_t) else {
                continue;
            };
            let reduction = b.value() - a.value();
            if o.value() > reduction || o.is_negative() {
                out.on_record(
                    format!("{path}.offset_t"),
                    &p.id,
                    format!(
                        "{}用于区域削减{}吨，大于其减排量{}吨（或为负）。",
                        label(p, i),
                        n(o.value()),
                        n(reduction)
                    ),
                    format!(
                        "{}: offset {} t exceeds its reduction {} t (or is negative).",
                        label_en(p, i),
                        n(o.value()),
                        n(reduction)
                    ),
                );
            }
        }
    },
};

pub const OFFSET_TARGET_NAMED: Rule = Rule {
    id: "LG008",
    name: "offset-target-named",
    severity: Severity::Error,
    title_zh: "用于区域削减的须注明新建项目",
    title_en: "An offset must name the new project it serves",
    basis: "总量减排核算技术指南：区域削减来源须可追溯",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            if q(p.offset_t) > Decimal::ZERO && p.offset_for.trim().is_empty() {
                out.on_record(
                    format!("{path}.offset_for"),
                    &p.id,
                    format!(
                        "{}有{}吨用于区域削减，但未注明用于哪个新（改、扩）建项目。",
                        label(p, i),
                        n(q(p.offset_t))
                    ),
                    format!(
                        "{}: {} t used as an offset, but the new project is not named.",
                        label_en(p, i),
                        n(q(p.offset_t))
                    ),
                );
            }
        }
    },
};

pub const CATEGORY_MATCHES_POLLUTANT: Rule = Rule {
    id: "LG009",
    name: "category-matches-pollutant",
    severity: Severity::Warning,
    title_zh: "工程类别与污染物应对应",
    title_en: "Category and pollutant should match",
    basis: "总量减排核算技术指南（水、气工程类别）",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            let (Some(cat), Some(pol)) = (ctx.refdata.reduction_category(&p.category), p.pollutant)
            else {
                continue;
            };
            if !cat.pollutants.iter().any(|x| x == pol.code()) {
                out.on_record(
                    format!("{path}.pollutant"),
                    &p.id,
                    format!(
                        "{}的类别“{}”通常不削减{}（{}）。",
                        label(p, i),
                        cat.name,
                        pol.zh(),
                        pol.code()
                    ),
                    format!(
                        "{}: category \"{}\" does not normally reduce {}.",
                        label_en(p, i),
                        cat.name,
                        pol.code()
                    ),
                );
            }
        }
    },
};

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<String>()
}

pub const DOUBLE_CLAIM_IN_REPORT: Rule =
    Rule {
        id: "LG010",
        name: "double-claim-in-report",
        severity: Severity::Error,
        title_zh: "同一设施同一污染物不得重复申报",
        title_en: "The same facility and pollutant claimed twice",
        basis: "各地“十四五”节能减排综合工作方案：严禁重复计算",
        since: V1,
        check: |ctx, out| {
            let ps = &ctx.report.reduction_projects;
            for (i, p) in ps.iter().enumerate() {
                if p.facility.trim().is_empty() || p.pollutant.is_none() {
                    continue;
                }
                if let Some(j) = ps[..i].iter().position(|o| {
                    norm(&o.facility) == norm(&p.facility) && o.pollutant == p.pollutant
                }) {
                    out.on_record(
                        format!("reduction_projects[{i}].facility"),
                        &p.id,
                        format!(
                            "{}与{}是同一设施“{}”的同一污染物，属于重复申报。",
                            label(p, i),
                            label(&ps[j], j),
                            p.facility.trim()
                        ),
                        format!(
                        "{} and {} claim the same facility \"{}\" and pollutant: double counting.",
                        label_en(p, i), label_en(&ps[j], j), p.facility.trim()
                    ),
                    );
                }
            }
        },
    };

pub const DOUBLE_CLAIM_ACROSS_YEARS: Rule = Rule {
    id: "LG011",
    name: "double-claim-across-years",
    severity: Severity::Error,
    title_zh: "同一设施、污染物和规模不得跨年度重复申报",
    title_en: "The same facility, pollutant and capacity claimed in another year",
    basis: "总量减排核算技术指南：减排量为当年新增；严禁重复计算",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            let Some(pol) = p.pollutant else { continue };
            let cap = p.design_capacity.map(|c| c.to_string());
            for c in ctx.other_claims {
                if norm(&c.facility) == norm(&p.facility)
                    && c.pollutant.as_deref() == Some(pol.code())
                    && c.design_capacity == cap
                {
                    out.on_record(
                        format!("{path}.facility"),
                        &p.id,
                        format!(
                            "{}的设施“{}”、污染物{}和设计能力已在{}年申报（工程“{}”），不得重复计算。",
                            label(p, i), p.facility.trim(), pol.code(), c.year, c.name
                        ),
                        format!(
                            "{}: facility \"{}\", {} and capacity were already claimed in {} (\"{}\"); no double counting.",
                            label_en(p, i), p.facility.trim(), pol.code(), c.year, c.name
                        ),
                    );
                }
            }
        }
    },
};

pub const RECORD_GAP: Rule = Rule {
    id: "LG012",
    name: "record-gap",
    severity: Severity::Warning,
    title_zh: "运行记录不连续",
    title_en: "Operating records missing",
    basis: "HJ 944-2018 环境管理台账（按规定频次记录）；排污许可管理条例第二十一条",
    since: V1,
    check: |ctx, out| {
        for (i, p, path) in projects(ctx) {
            // A period that names no month or day is a format problem with its value, not a gap.
            for (k, r) in p.records.iter().enumerate() {
                if !r.period.trim().is_empty()
                    && crate::ledger::normalize_period(&r.period).is_none()
                {
                    out.on_record(
                        format!("{path}.records[{k}].period"),
                        &p.id,
                        format!(
                            "{}第{}条运行记录的期间“{}”格式无法识别，请写作{}-06（按月）或{}-06-03（按日）。",
                            label(p, i), k + 1, r.period, ctx.report.year, ctx.report.year
                        ),
                        format!(
                            "{}: the period \"{}\" of operating record {} is not a month or a day; write {}-06 (monthly) or {}-06-03 (daily).",
                            label_en(p, i), r.period, k + 1, ctx.report.year, ctx.report.year
                        ),
                    );
                }
            }
            let missing = crate::ledger::missing_periods(p, ctx.report.year);
            if missing.is_empty() {
                continue;
            }
            // Daily ledgers can miss hundreds of days: name the first few and the count.
            let shown: Vec<&str> = missing.iter().take(12).map(String::as_str).collect();
            let more = missing.len() > shown.len();
            let (unit_zh, unit_en) = match p.record_frequency {
                RecordFrequency::Day => ("天", "daily"),
                _ => ("个月", "monthly"),
            };
            out.on_record(
                format!("{path}.records"),
                &p.id,
                format!(
                    "{}缺少{}{unit_zh}的运行记录：{}{}。",
                    label(p, i),
                    missing.len(),
                    shown.join("、"),
                    if more { "等" } else { "" }
                ),
                format!(
                    "{} lacks {} {unit_en} operating records: {}{}.",
                    label_en(p, i),
                    missing.len(),
                    shown.join(", "),
                    if more { " …" } else { "" }
                ),
            );
        }
    },
};

pub const FUEL_SWITCH_SHOWS_IN_ENERGY: Rule = Rule {
    id: "LG013",
    name: "fuel-switch-shows-in-energy",
    severity: Severity::Warning,
    title_zh: "燃料替代或锅炉窑炉减排应在能源消费中有所体现",
    title_en: "A fuel-switch or boiler reduction should show in the energy data",
    basis: "各地“十四五”节能减排综合工作方案：核查减排量与能源消费的一致性，防止弄虚作假",
    since: V1,
    check: |ctx, out| {
        let (Some(now), Some(before)) = (ctx.computed, ctx.prior_computed) else {
            return;
        };
        let solid_liquid = |c: &crate::calc::Computed| -> Decimal {
            c.rows
                .iter()
                .filter(|r| {
                    ctx.refdata.energy(&r.code).is_some_and(|e| {
                        matches!(
                            e.kind,
                            crate::refdata::EnergyKind::Coal
                                | crate::refdata::EnergyKind::Coke
                                | crate::refdata::EnergyKind::Oil
                        )
                    })
                })
                .map(|r| r.tce.value())
                .sum()
        };
        let (a, b) = (solid_liquid(now), solid_liquid(before));
        // "Unchanged": coal, coke and oil use did not fall by even 1 % year on year.
        let unchanged = b.is_zero() || a >= b * Decimal::new(99, 2);
        if !unchanged {
            return;
        }
        let (fall_zh, fall_en) = match crate::calc::change_pct(a, b) {
            Some(p) if p.value().is_sign_negative() && !p.is_zero() => (
                format!("仅下降{}%", n(-p.value())),
                format!("down only {}%", n(-p.value())),
            ),
            _ => ("未见下降".to_string(), "no decrease".to_string()),
        };
        for (i, p, path) in projects(ctx) {
            if !matches!(p.category.as_str(), "air-fuel-switch" | "air-boiler-kiln")
                || !in_year(p.accepted_on, ctx.report.year)
            {
                continue;
            }
            out.on_record(
                format!("{path}.category"),
                &p.id,
                format!(
                    "{}申报燃料替代或锅炉窑炉治理减排，但煤炭、焦炭和油品消费折标量由上年{}吨标准煤变为{}吨标准煤，{}，请说明。",
                    label(p, i), n(b), n(a), fall_zh
                ),
                format!(
                    "{} claims a fuel-switch or boiler reduction, yet coal, coke and oil use went from {} to {} tce ({}); explain.",
                    label_en(p, i), n(b), n(a), fall_en
                ),
            );
        }
    },
};

pub const EVIDENCE_INTACT: Rule = Rule {
    id: "LG014",
    name: "evidence-intact",
    severity: Severity::Error,
    title_zh: "证明材料须完整未被改动",
    title_en: "Evidence files must be present and unchanged",
    basis:
        "总量减排核算技术指南（2022年修订）：提交有效材料；排污许可管理条例第二十一条（台账保存）",
    since: V1,
    check: |ctx, out| {
        let Some(issues) = ctx.evidence_issues else {
            return;
        };
        // Evidence of the CO₂ block is CB018's.
        for e in issues
            .iter()
            .filter(|e| e.path.starts_with("reduction_projects"))
        {
            let (zh, en) = match e.problem {
                crate::model::EvidenceProblem::Missing => (
                    format!("证明材料“{}”不在本工作区的材料库中（可能已被删除或移动），请重新添加。", e.name),
                    format!("Evidence \"{}\" is not in this workspace's evidence store (deleted or moved); add it again.", e.name),
                ),
                crate::model::EvidenceProblem::Changed => (
                    format!("证明材料“{}”的内容与登记时的SHA-256不一致，文件已被改动。", e.name),
                    format!("Evidence \"{}\" no longer matches the SHA-256 recorded when it was added: the file was changed.", e.name),
                ),
            };
            out.on_record(e.path.clone(), &e.project_id, zh, en);
        }
    },
};
