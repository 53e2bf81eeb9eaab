//! 能源利用状况报告 — the annual energy utilization status report, table by table.
//!
//! Only what the filer types lives here. Everything derived (tce per row, totals, intensities,
//! indicator values, rates) is computed by [`crate::calc`] and never stored as input.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::carbon::CarbonInputs;
use super::enterprise::{Enterprise, Signatories};
use super::fixed::{Factor, Money, Qty, Tce};
use super::ledger::{ReductionProject, ReductionTarget};

/// The only report format this version reads and writes.
pub const REPORT_FORMAT: &str = "nengbao.report/1";

/// The `format` tag of a report file; anything but [`REPORT_FORMAT`] is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FormatTag;

impl Serialize for FormatTag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(REPORT_FORMAT)
    }
}

impl<'de> Deserialize<'de> for FormatTag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == REPORT_FORMAT {
            Ok(FormatTag)
        } else {
            Err(serde::de::Error::custom(format!(
                "unsupported format \"{s}\", expected \"{REPORT_FORMAT}\""
            )))
        }
    }
}

impl JsonSchema for FormatTag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatTag".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "const": REPORT_FORMAT })
    }
}

/// 能源利用状况报告 — one enterprise's report for one year (the year reported on, not filed in).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnualReport {
    pub format: FormatTag,
    /// 报告年度
    pub year: i32,
    #[serde(default)]
    pub enterprise: Enterprise,
    /// 表1 基本情况 — indicators with prior-year values
    #[serde(default)]
    pub indicators: Indicators,
    /// 表2 能源消费结构 (NBS 205-1 layout)
    #[serde(default)]
    pub energy: Vec<EnergyRow>,
    /// 表2-1 能源加工转换与回收利用 (NBS 205-2 layout)
    #[serde(default)]
    pub conversion: Vec<ConversionRow>,
    /// 绿电/绿证 held for the year (发改运行〔2022〕1258号)
    #[serde(default)]
    pub green_electricity: GreenElectricity,
    /// 碳排放 inputs (十五五 碳排放双控): electricity by source, 绿证 ledger, measured parameters;
    /// left out of the JSON when empty
    #[serde(default, skip_serializing_if = "CarbonInputs::is_empty")]
    pub carbon: CarbonInputs,
    /// 表3 单位产品综合能耗
    #[serde(default)]
    pub products: Vec<ProductIndicator>,
    /// 表4 节能目标完成情况
    #[serde(default)]
    pub saving_target: SavingTarget,
    /// 表5 节能技改项目
    #[serde(default)]
    pub saving_projects: Vec<SavingProject>,
    /// 表6 能源计量器具配备
    #[serde(default)]
    pub metering: Metering,
    /// 表7 影响能耗变化因素说明
    #[serde(default)]
    pub explanations: Explanations,
    /// 减排台账 — 重点减排工程 with their records
    #[serde(default)]
    pub reduction_projects: Vec<ReductionProject>,
    /// 减排目标 assigned to the enterprise for the year
    #[serde(default)]
    pub reduction_targets: Vec<ReductionTarget>,
    /// Written reasons for warnings, keyed by rule id and location
    #[serde(default)]
    pub justifications: Vec<Justification>,
    #[serde(default)]
    pub signatories: Signatories,
}

/// A value this year and the same value last year (本期值 / 上年同期值).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Paired<T> {
    pub current: Option<T>,
    pub prior: Option<T>,
}

impl<T> Default for Paired<T> {
    fn default() -> Self {
        Paired {
            current: None,
            prior: None,
        }
    }
}

/// 基本情况 — the indicator block of table 1.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Indicators {
    /// 工业总产值（可比价）, 万元
    pub output_value: Paired<Money>,
    /// 工业增加值, 万元
    pub value_added: Paired<Money>,
    /// 销售收入, 万元
    pub revenue: Paired<Money>,
    /// 上缴利税, 万元
    pub taxes: Paired<Money>,
    /// 从业人员, 人
    pub employees: Paired<u32>,
    /// 能源管理师人数, 人
    pub energy_managers: Paired<u32>,
    /// 生产成本, 万元
    pub production_cost: Paired<Money>,
    /// 综合能源消费量（当量值）, tce: `prior` is last year's figure; `current` is only what a report
    /// written before pack 2026.2 stated on table 1 (CS001 compares it with the computed total).
    /// Table 1 now shows the figure computed from table 2; a workspace save drops `current`.
    pub comprehensive_energy_tce: Paired<Tce>,
}

/// 能源消费结构表的一行 — one energy row of NBS form 205-1. Physical quantities are in the row's
/// unit (the catalog unit of `code`); amounts in 千元.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EnergyRow {
    /// 代码 (丙), 205-1 energy code such as `"01"` 原煤 or `"33"` 电力
    pub code: String,
    /// 能源名称 (甲); filled from the catalog when empty
    pub name: String,
    /// 计量单位 (乙); must be the catalog unit or an accepted spelling of it
    pub unit: String,
    /// 1 期初库存量
    pub opening_stock: Option<Qty>,
    /// 2 购进量 实物量
    pub purchased_qty: Option<Qty>,
    /// 3 购进量 金额 (千元)
    pub purchased_amount: Option<Money>,
    /// 4 消费量合计 = 5 + 7
    pub consumed_total: Option<Qty>,
    /// 5 工业生产消费
    pub consumed_industrial: Option<Qty>,
    /// 6 其中：用于原材料 (⊂ 5)
    pub used_as_feedstock: Option<Qty>,
    /// 7 非工业生产消费
    pub consumed_non_industrial: Option<Qty>,
    /// 8 合计中：运输工具消费 (⊂ 4)
    pub transport: Option<Qty>,
    /// 9 期末库存量
    pub closing_stock: Option<Qty>,
    /// 10 采用折标系数, tce per row unit; the catalog reference value when empty
    pub factor: Option<Factor>,
}

/// 能源加工转换与回收利用 — one row of NBS form 205-2, in the same energy's unit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ConversionRow {
    /// 代码 — the energy this row is about
    pub code: String,
    pub name: String,
    /// 3 火力发电 投入
    pub thermal_power: Option<Qty>,
    /// 4 供热 投入
    pub heating: Option<Qty>,
    /// 5 原煤入洗 投入
    pub coal_washing: Option<Qty>,
    /// 6 炼焦 投入
    pub coking: Option<Qty>,
    /// 7 炼油及煤制油 投入
    pub refining: Option<Qty>,
    /// 8 制气 投入
    pub gas_making: Option<Qty>,
    /// 9 天然气液化 投入
    pub gas_liquefaction: Option<Qty>,
    /// 10 加工煤制品 投入
    pub briquetting: Option<Qty>,
    /// 11 能源加工转换产出 (实物量)
    pub output: Option<Qty>,
    /// 13 回收利用 (实物量)
    pub recovered: Option<Qty>,
}

impl ConversionRow {
    /// 2 加工转换投入合计 = Σ cols 3–10.
    pub fn input_total(&self) -> Qty {
        [
            self.thermal_power,
            self.heating,
            self.coal_washing,
            self.coking,
            self.refining,
            self.gas_making,
            self.gas_liquefaction,
            self.briquetting,
        ]
        .into_iter()
        .flatten()
        .sum()
    }
}

/// 绿电/绿证 — renewable electricity proved by green certificates held for the year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct GreenElectricity {
    /// 绿证数量, 张 (1 张 = 1,000 kWh)
    pub certificates: u64,
    /// 绿电消费量, 万千瓦时; may not exceed certificates × 0.1 or the electricity consumed
    pub electricity: Option<Qty>,
}

/// 单位产品综合能耗 — one product's unit energy indicator, this year and last.
/// 指标值 = 子项值 ÷ 母项值 × 换算系数.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ProductIndicator {
    /// 指标名称 (e.g. 吨熟料综合能耗)
    pub name: String,
    /// Benchmark key from the 标杆/基准 seed (e.g. `cement-clinker`), when one applies
    pub benchmark: String,
    /// 指标单位 (e.g. kgce/t)
    pub unit: String,
    /// 子项单位 (e.g. tce)
    pub numerator_unit: String,
    /// 母项单位 (e.g. t)
    pub denominator_unit: String,
    /// 单位换算系数 (e.g. 1000 for tce → kgce)
    pub conversion: Option<Qty>,
    /// 本期 子项值 / 母项值
    pub numerator: Option<Qty>,
    pub denominator: Option<Qty>,
    /// 上年同期 子项值 / 母项值
    pub prior_numerator: Option<Qty>,
    pub prior_denominator: Option<Qty>,
    /// 国家(地区)能耗限额 in the indicator unit, when one applies
    pub limit: Option<Qty>,
    /// 指标值 as written on a filled form (e.g. an imported workbook); checked against
    /// 子项 ÷ 母项 × 换算系数, never used in place of it
    pub stated_value: Option<Qty>,
    /// 影响指标变化因素的说明
    pub note: String,
}

/// 节能目标完成情况 — progress against the period saving target.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SavingTarget {
    /// 目标期 (e.g. 2021—2025)
    pub period: String,
    /// 规划期节能量目标, tce
    pub target_tce: Option<Tce>,
    /// 本年节能量, tce
    pub this_year_tce: Option<Tce>,
    /// 累计节能量, tce
    pub cumulative_tce: Option<Tce>,
}

/// 节能技改项目 — an energy-saving retrofit project (mandatory if ≥3000 tce/yr or ≥1000 万元).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SavingProject {
    /// 项目名称
    pub name: String,
    /// 项目类别 (one of the saving-project types in the seed)
    pub category: String,
    /// 主要内容
    pub content: String,
    /// 开工 / 完工 (actual or planned)
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    /// 投资, 万元
    pub investment: Option<Money>,
    /// 预计年节能量, tce
    pub expected_saving_tce: Option<Tce>,
    /// 实际年节能量, tce
    pub actual_saving_tce: Option<Tce>,
    /// 进度 (e.g. 已完工, 在建, 计划)
    pub status: String,
}

/// 能源计量器具配备和管理情况 (GB 17167).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Metering {
    pub rows: Vec<MeteringRow>,
}

/// Metering level of GB 17167.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeteringLevel {
    /// 进出用能单位
    #[default]
    Unit,
    /// 进出主要次级用能单位
    Secondary,
    /// 主要用能设备
    Equipment,
}

/// One metering line: a level and an energy kind with meters required, installed, working and
/// calibrated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MeteringRow {
    pub level: MeteringLevel,
    /// 能源种类 (e.g. 电力, 原煤, 天然气)
    pub energy: String,
    /// 应配数量
    pub required: u32,
    /// 实配数量
    pub installed: u32,
    /// 完好数量
    pub working: u32,
    /// 在检定周期内数量
    pub calibrated: u32,
}

/// 影响能耗变化因素说明.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Explanations {
    /// 与上年度比较能耗指标下降的分析说明
    pub decrease: String,
    /// 与上年度比较能耗指标上升的分析说明
    pub increase: String,
}

/// 情况说明 — a written reason accepting a warning at one location.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Justification {
    /// Rule id, e.g. `YY001`
    pub rule: String,
    /// Field path the finding points at, e.g. `energy[3].factor`
    pub location: String,
    pub text: String,
    /// Who wrote it
    pub by: String,
    pub on: Option<NaiveDate>,
}
