//! RF — codes: USCC check character, division and industry in the snapshots.

use super::V1;
use crate::codes::{org_code_check, uscc_check, UsccProblem};
use crate::validate::{Rule, Severity};

pub const USCC_CHECKSUM: Rule = Rule {
    id: "RF001",
    name: "uscc-checksum",
    severity: Severity::Error,
    title_zh: "统一社会信用代码校验",
    title_en: "Unified social credit code check character",
    basis: "GB 32100-2015",
    since: V1,
    check: |ctx, out| {
        let code = ctx.report.enterprise.uscc.trim();
        if code.is_empty() {
            return; // CP001 reports the missing code
        }
        let (zh, en) = match uscc_check(code) {
            Ok(()) => return,
            Err(UsccProblem::Length(n)) => (
                format!("统一社会信用代码“{code}”应为18位，实为{n}位。"),
                format!("The credit code \"{code}\" must have 18 characters, not {n}."),
            ),
            Err(UsccProblem::Character(pos, c)) => (
                format!("统一社会信用代码“{code}”第{pos}位“{c}”不是有效字符（不使用I、O、Z、S、V）。"),
                format!("Character {pos} \"{c}\" of the credit code \"{code}\" is not allowed (I, O, Z, S, V are never used)."),
            ),
            Err(UsccProblem::Check { expected, found }) => (
                format!("统一社会信用代码“{code}”校验位应为“{expected}”，实为“{found}”，请核对是否录入有误。"),
                format!("The check character of \"{code}\" should be \"{expected}\", not \"{found}\"; check for a typing error."),
            ),
        };
        out.at("enterprise.uscc", zh, en);
    },
};

pub const ORG_CODE_CHECKSUM: Rule = Rule {
    id: "RF002",
    name: "org-code-checksum",
    severity: Severity::Warning,
    title_zh: "统一社会信用代码中的组织机构代码校验",
    title_en: "Organization code inside the credit code",
    basis: "GB 11714-1997；GB 32100-2015 第9—17位",
    since: V1,
    check: |ctx, out| {
        let code = ctx.report.enterprise.uscc.trim();
        if uscc_check(code).is_ok() && !org_code_check(code) {
            out.at(
                "enterprise.uscc",
                format!("统一社会信用代码“{code}”第9—17位的组织机构代码校验不通过，请与营业执照核对。"),
                format!("The organization code (characters 9–17) of \"{code}\" fails its check; compare with the business licence."),
            );
        }
    },
};

pub const DIVISION_KNOWN: Rule = Rule {
    id: "RF003",
    name: "division-known",
    severity: Severity::Error,
    title_zh: "行政区划代码须为现行县级代码",
    title_en: "Division code must be a known county-level code",
    basis: "GB/T 2260 行政区划代码",
    since: V1,
    check: |ctx, out| {
        let code = ctx.report.enterprise.division_code.trim();
        if code.is_empty() {
            return;
        }
        match ctx.refdata.region(code) {
            None => out.at(
                "enterprise.division_code",
                format!("行政区划代码“{code}”不在GB/T 2260代码表中。"),
                format!("Division code \"{code}\" is not in the GB/T 2260 list."),
            ),
            Some(r) if r.level != "county" => out.at(
                "enterprise.division_code",
                format!("行政区划代码“{code}”（{}）不是县级代码，请填写企业所在的区县。", r.name),
                format!("Division code \"{code}\" ({}) is not county level; enter the county or district.", r.name),
            ),
            Some(_) => {}
        }
    },
};

pub const INDUSTRY_KNOWN: Rule = Rule {
    id: "RF004",
    name: "industry-known",
    severity: Severity::Error,
    title_zh: "行业代码须为GB/T 4754-2017大类",
    title_en: "Industry code must be a GB/T 4754-2017 division",
    basis: "GB/T 4754-2017 国民经济行业分类",
    since: V1,
    check: |ctx, out| {
        let code = ctx.report.enterprise.industry_code.trim();
        if code.is_empty() {
            return;
        }
        let division = if code.len() > 2 && code.is_char_boundary(2) {
            &code[..2]
        } else {
            code
        };
        let ok = code.chars().all(|c| c.is_ascii_digit())
            && ctx
                .refdata
                .industry(division)
                .is_some_and(|i| i.level == "division");
        if !ok {
            out.at(
                "enterprise.industry_code",
                format!("行业代码“{code}”不是GB/T 4754-2017的行业大类（两位数字）或其下级代码。"),
                format!("Industry code \"{code}\" is not a GB/T 4754-2017 division (two digits) or a class below one."),
            );
        }
    },
};
