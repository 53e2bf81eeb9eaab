//! CP — required fields of each table.

use super::{q, V1};
use crate::validate::{Rule, Severity};

pub const ENTERPRISE_REQUIRED: Rule = Rule {
    id: "CP001",
    name: "enterprise-required",
    severity: Severity::Error,
    title_zh: "单位基本信息必填",
    title_en: "Enterprise identity fields are required",
    basis: "重点用能单位节能管理办法（令第15号）；基本情况表",
    since: V1,
    check: |ctx, out| {
        let e = &ctx.report.enterprise;
        let fields: [(&str, &str, &str, &str); 6] = [
            ("name", &e.name, "单位详细名称", "enterprise name"),
            (
                "uscc",
                &e.uscc,
                "统一社会信用代码",
                "unified social credit code",
            ),
            (
                "division_code",
                &e.division_code,
                "行政区划代码",
                "division code",
            ),
            (
                "industry_code",
                &e.industry_code,
                "行业代码",
                "industry code",
            ),
            (
                "legal_representative",
                &e.legal_representative,
                "法定代表人",
                "legal representative",
            ),
            ("address", &e.address, "单位地址", "address"),
        ];
        for (key, value, zh, en) in fields {
            if value.trim().is_empty() {
                out.at(
                    format!("enterprise.{key}"),
                    format!("未填写{zh}。"),
                    format!("The {en} is missing."),
                );
            }
        }
    },
};

pub const ENERGY_MANAGER_REQUIRED: Rule = Rule {
    id: "CP002",
    name: "energy-manager-required",
    severity: Severity::Error,
    title_zh: "能源管理负责人及其职称必填",
    title_en: "Energy manager with technical title is required",
    basis: "节约能源法第五十五条（中级以上技术职称的能源管理负责人）",
    since: V1,
    check: |ctx, out| {
        let m = &ctx.report.enterprise.energy_manager;
        let fields: [(&str, &str, &str, &str); 3] = [
            (
                "name",
                &m.name,
                "能源管理负责人姓名",
                "energy manager's name",
            ),
            (
                "title",
                &m.title,
                "能源管理负责人职称",
                "energy manager's technical title",
            ),
            (
                "phone",
                &m.phone,
                "能源管理负责人联系电话",
                "energy manager's phone",
            ),
        ];
        for (key, value, zh, en) in fields {
            if value.trim().is_empty() {
                out.at(
                    format!("enterprise.energy_manager.{key}"),
                    format!("未填写{zh}。"),
                    format!("The {en} is missing."),
                );
            }
        }
    },
};

pub const SIGNATORIES_REQUIRED: Rule = Rule {
    id: "CP003",
    name: "signatories-required",
    severity: Severity::Error,
    title_zh: "签署人、报出日期和承诺必填",
    title_en: "Signatories, date and pledge are required",
    basis: "统计报表表尾（单位负责人、统计负责人、填表人、报出日期）",
    since: V1,
    check: |ctx, out| {
        let s = &ctx.report.signatories;
        let fields: [(&str, &str, &str, &str); 3] = [
            ("unit_head", &s.unit_head, "单位负责人", "head of the unit"),
            (
                "statistics_head",
                &s.statistics_head,
                "统计负责人",
                "head of statistics",
            ),
            ("preparer", &s.preparer, "填表人", "preparer"),
        ];
        for (key, value, zh, en) in fields {
            if value.trim().is_empty() {
                out.at(
                    format!("signatories.{key}"),
                    format!("未填写{zh}。"),
                    format!("The {en} is missing."),
                );
            }
        }
        if s.date.is_none() {
            out.at(
                "signatories.date",
                "未填写报出日期。",
                "The reporting date is missing.",
            );
        }
        if !s.pledge {
            out.at(
                "signatories.pledge",
                "未勾选承诺“本报告内容真实、准确、完整”。",
                "The pledge that the report is true, accurate and complete is not ticked.",
            );
        }
    },
};

pub const ENERGY_TABLE_REQUIRED: Rule = Rule {
    id: "CP004",
    name: "energy-table-required",
    severity: Severity::Error,
    title_zh: "能源消费结构表至少一行且每行填写消费量合计",
    title_en: "The energy table needs rows, each with total consumption",
    basis: "能源统计报表制度 205-1",
    since: V1,
    check: |ctx, out| {
        if ctx.report.energy.is_empty() {
            out.at(
                "energy",
                "能源消费结构表没有任何能源品种。",
                "The energy consumption table has no rows.",
            );
        }
        for (i, row) in ctx.report.energy.iter().enumerate() {
            if row.consumed_total.is_none() {
                out.at(
                    format!("energy[{i}].consumed_total"),
                    format!(
                        "第{}行（代码{}）未填写消费量合计；没有消费请填0。",
                        i + 1,
                        row.code
                    ),
                    format!(
                        "Row {} (code {}) has no total consumption; enter 0 if none.",
                        i + 1,
                        row.code
                    ),
                );
            }
        }
    },
};

pub const INDICATORS_REQUIRED: Rule = Rule {
    id: "CP005",
    name: "indicators-required",
    severity: Severity::Error,
    title_zh: "基本情况表主要指标必填",
    title_en: "Key indicators of table 1 are required",
    basis: "基本情况表（工业总产值、增加值、从业人员；综合能源消费量由能源消费结构表计算）",
    since: V1,
    check: |ctx, out| {
        let i = &ctx.report.indicators;
        // 综合能源消费量 is computed from 表2, never typed: not asked for here.
        let missing: [(&str, bool, &str, &str); 3] = [
            (
                "output_value",
                i.output_value.current.is_none(),
                "工业总产值（可比价）",
                "output value",
            ),
            (
                "value_added",
                i.value_added.current.is_none(),
                "工业增加值",
                "value added",
            ),
            (
                "employees",
                i.employees.current.is_none(),
                "从业人员",
                "number of employees",
            ),
        ];
        for (key, is_missing, zh, en) in missing {
            if is_missing {
                out.at(
                    format!("indicators.{key}.current"),
                    format!("基本情况表未填写本期{zh}。"),
                    format!("Table 1 has no current {en}."),
                );
            }
        }
    },
};

pub const PRODUCTS_REQUIRED: Rule = Rule {
    id: "CP006",
    name: "products-required",
    severity: Severity::Warning,
    title_zh: "工业企业应填报单位产品综合能耗",
    title_en: "Industrial units should report unit product energy",
    basis: "单位产品综合能耗情况表；GB/T 2589-2020",
    since: V1,
    check: |ctx, out| {
        if ctx.report.products.is_empty()
            && ctx
                .refdata
                .is_industrial(&ctx.report.enterprise.industry_code)
        {
            out.at(
                "products",
                "工业企业未填报任何单位产品综合能耗指标。",
                "An industrial unit reports no unit product energy indicator.",
            );
        }
    },
};

pub const SAVING_PROJECT_FIELDS: Rule = Rule {
    id: "CP007",
    name: "saving-project-fields",
    severity: Severity::Error,
    title_zh: "节能技改项目必填项",
    title_en: "Energy-saving project fields are required",
    basis: "规划期节能技术改造项目表填报说明（年节能量≥3000吨标准煤或投资≥1000万元须填报）",
    since: V1,
    check: |ctx, out| {
        let t = &ctx.refdata.thresholds.saving_projects;
        for (i, p) in ctx.report.saving_projects.iter().enumerate() {
            let path = format!("saving_projects[{i}]");
            if p.name.trim().is_empty() {
                out.at(
                    format!("{path}.name"),
                    format!("第{}个节能技改项目未填写项目名称。", i + 1),
                    format!("Saving project {} has no name.", i + 1),
                );
            }
            if ctx
                .refdata
                .saving_categories
                .iter()
                .all(|c| c.code != p.category)
            {
                out.at(
                    format!("{path}.category"),
                    format!(
                        "节能技改项目“{}”的项目类别“{}”不在规定类别中。",
                        p.name, p.category
                    ),
                    format!(
                        "Saving project \"{}\" has category \"{}\", which is not a listed type.",
                        p.name, p.category
                    ),
                );
            }
            let large = q(p.expected_saving_tce) >= t.saving_tce.value()
                || q(p.investment) >= t.investment_10k_yuan;
            if large && (p.start.is_none() || p.finish.is_none()) {
                out.at(
                    format!("{path}.start"),
                    format!("节能技改项目“{}”达到必报规模，须填写起止时间。", p.name),
                    format!("Saving project \"{}\" is above the reporting threshold and needs start and finish dates.", p.name),
                );
            }
        }
    },
};
