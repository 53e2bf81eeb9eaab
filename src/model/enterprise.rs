//! 用能单位 — the reporting enterprise and the people who sign for it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// 重点用能单位 — a key energy-using unit (法人单位), the subject of a report.
///
/// Text fields default to empty so a half-filled report still loads; the completeness rules say
/// what is missing instead of the parser refusing the file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Enterprise {
    /// 单位详细名称
    pub name: String,
    /// 统一社会信用代码 (GB 32100-2015, 18 characters)
    pub uscc: String,
    /// 行政区划代码 (GB/T 2260, 6 digits, county level)
    pub division_code: String,
    /// 行业代码 (GB/T 4754-2017 大类, 2 digits, or a finer class)
    pub industry_code: String,
    /// 单位地址
    pub address: String,
    /// 邮政编码
    pub postcode: String,
    /// 法定代表人
    pub legal_representative: String,
    /// 单位类型 (e.g. 民营, 地方国有)
    pub ownership: String,
    /// 是否已接入重点用能单位能耗在线监测系统
    pub online_monitoring: bool,
    /// 能源管理负责人 (节约能源法 Art. 55: 中级以上技术职称)
    pub energy_manager: EnergyManager,
    /// 联系人
    pub contact: Contact,
}

/// 能源管理负责人 — the energy manager on record with the authority.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EnergyManager {
    /// 姓名
    pub name: String,
    /// 职务
    pub post: String,
    /// 职称 (technical title, e.g. 高级工程师)
    pub title: String,
    /// 能源管理师证书编号
    pub certificate_no: String,
    /// 手机
    pub phone: String,
}

/// 联系人 — day-to-day contact for the authority.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// 签署 — signatories and the pledge of one report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Signatories {
    /// 单位负责人 (法定代表人)
    pub unit_head: String,
    /// 统计负责人
    pub statistics_head: String,
    /// 填表人
    pub preparer: String,
    /// 填表人电话
    pub preparer_phone: String,
    /// 报出日期 / 填报日期
    pub date: Option<chrono::NaiveDate>,
    /// 承诺: 本报告内容真实、准确、完整
    pub pledge: bool,
}
