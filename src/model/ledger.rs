//! 减排台账 — the emission-reduction ledger: 重点减排工程 and their operating records.
//!
//! The reduction of a project is always computed (`before_t − after_t`), never typed.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::fixed::{Percent, Qty, Tonnes};

/// 污染物 — pollutants counted in 十四五 总量减排 (SO₂ and 颗粒物 optional). Codes and labels:
/// [`super::lists`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Pollutant {
    /// 化学需氧量
    #[serde(rename = "COD")]
    Cod,
    /// 氨氮
    #[serde(rename = "NH3-N")]
    Nh3N,
    /// 氮氧化物
    #[serde(rename = "NOx")]
    Nox,
    /// 挥发性有机物
    #[serde(rename = "VOCs")]
    Vocs,
    /// 二氧化硫
    #[serde(rename = "SO2")]
    So2,
    /// 颗粒物
    #[serde(rename = "PM")]
    Pm,
}

impl Pollutant {
    /// The wire code (`"NOx"`), as [`super::lists::Coded`] declares it.
    pub fn code(self) -> &'static str {
        super::lists::Coded::code(self)
    }
}

/// 记录频次 — how often a facility's operating record is due (HJ 944).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordFrequency {
    Day,
    #[default]
    Month,
    Batch,
    Event,
}

/// 审核状态 of a reduction project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    #[default]
    Draft,
    Submitted,
    Accepted,
    Rejected,
}

/// 重点减排工程 — one key reduction project claimed for the accounting year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReductionProject {
    /// Stable id within the enterprise (kept across years so re-claims can be found).
    pub id: String,
    /// 工程名称
    pub name: String,
    /// 工程类别 (code from the reduction-category seed, e.g. `air-denitration`)
    pub category: String,
    /// 污染物
    pub pollutant: Option<Pollutant>,
    /// 排污许可证编号
    pub permit_no: String,
    /// 治理设施 (name or code in the permit)
    pub facility: String,
    /// 治理工艺
    pub process: String,
    /// 开工日期
    pub started_on: Option<NaiveDate>,
    /// 投运日期
    pub commissioned_on: Option<NaiveDate>,
    /// 验收日期
    pub accepted_on: Option<NaiveDate>,
    /// 设计处理能力
    pub design_capacity: Option<Qty>,
    /// 设计处理能力单位 (e.g. m³/h, t/d)
    pub capacity_unit: String,
    /// 平均运行负荷 %
    pub average_load_pct: Option<Percent>,
    /// 实施前排放量 t/a
    pub before_t: Option<Tonnes>,
    /// 实施后排放量 t/a
    pub after_t: Option<Tonnes>,
    /// 实施前/后 monitoring parameters, when known
    pub before: EmissionBasis,
    pub after: EmissionBasis,
    /// 核算方法 (e.g. 排放系数法, 监测数据法)
    pub method: String,
    /// 用于区域削减的量 t (deducted from the counted reduction)
    pub offset_t: Option<Tonnes>,
    /// 区域削减用于的新建项目
    pub offset_for: String,
    /// 应急减排 (not counted)
    pub emergency: bool,
    /// 超标治理 (not counted)
    pub over_limit: bool,
    pub review_status: ReviewStatus,
    /// 证明材料
    pub evidence: Vec<Evidence>,
    /// 运行记录频次
    pub record_frequency: RecordFrequency,
    /// 运行记录 (HJ 944 style)
    pub records: Vec<OperatingRecord>,
}

/// Concentration, flow and hours behind a before/after emission figure.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EmissionBasis {
    /// 浓度 mg/m³ (air) or mg/L (water)
    pub concentration: Option<Qty>,
    /// 烟气量 m³/h or 废水量 t/d
    pub flow: Option<Qty>,
    /// 年运行小时
    pub hours: Option<Qty>,
}

/// 证明材料 — a file kept in the workspace's evidence store by SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// Original file name
    pub name: String,
    /// 材料类型 (验收报告, 在线监测数据, 执行报告, 票据, 其他)
    pub kind: String,
    pub size: u64,
    /// Lowercase hex SHA-256 of the file bytes
    pub sha256: String,
}

/// 运行记录 — one periodic operating record of a treatment facility.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OperatingRecord {
    /// The period the record covers: `2024-03` (month) or `2024-03-15` (day, batch, event)
    pub period: String,
    /// 运行小时
    pub hours: Option<Qty>,
    /// 负荷 %
    pub load_pct: Option<Percent>,
    /// 出口浓度 (monitored)
    pub outlet_concentration: Option<Qty>,
    /// 排放量 t
    pub emission_t: Option<Tonnes>,
    /// 异常情况: cause and response, empty when normal
    pub abnormal_cause: String,
    pub abnormal_response: String,
}

/// 减排目标 — the reduction the enterprise was assigned for a pollutant this year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReductionTarget {
    pub pollutant: Option<Pollutant>,
    /// 目标减排量 t
    pub target_t: Option<Tonnes>,
    /// Where the target comes from (e.g. the county's allocation letter).
    pub source: String,
}
