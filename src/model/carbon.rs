//! 碳排放双控 inputs — what a filer types for the CO₂ block: electricity by source, the
//! green-certificate ledger, measured fuel parameters, outward supply and process emissions.
//!
//! Everything here is optional: a report without a `carbon` block keeps today's JSON and is
//! accounted from its 205-1 rows alone (all purchased electricity at the grid factor). The CO₂
//! figures themselves are computed by [`crate::carbon`], never typed.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::fixed::{Fixed, Qty};
use super::ledger::Evidence;

/// A measured fuel parameter (6 decimals: carbon contents such as 0.026135 tC/GJ).
pub type Param = Fixed<6>;
/// Tonnes of CO₂ (2 decimals), as shown and signed.
pub type Co2 = Fixed<2>;

/// 碳排放核算输入 — the carbon inputs of a report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CarbonInputs {
    /// 电力来源 — purchased and self-generated electricity as lines. When empty, all of 205-1
    /// 购进量 counts as grid purchase.
    pub electricity: Vec<ElectricityLine>,
    /// 绿证台账 — green certificates claimed for the year.
    pub certificates: Vec<CertificateEntry>,
    /// 实测参数 — enterprise-measured fuel parameters replacing the defaults.
    pub measured: Vec<MeasuredParameter>,
    /// 外供电量, 万千瓦时 (electricity supplied outward; netted at the purchase factor)
    pub exported_electricity: Option<Qty>,
    /// 外供热量, 百万千焦 (GJ)
    pub exported_heat: Option<Qty>,
    /// 工业过程排放 — process CO₂ accounted under an industry standard, entered with its basis.
    pub process: Vec<ProcessEmission>,
    /// Factor editions frozen with the report; empty fields are chosen by year and province.
    pub basis: CarbonBasis,
}

impl CarbonInputs {
    /// Nothing entered: the block is left out of the JSON, so older reports stay byte-identical.
    pub fn is_empty(&self) -> bool {
        self == &CarbonInputs::default()
    }
}

/// The factor editions a report is accounted with. Once set (when a report is frozen), a newer
/// edition in the seeds never changes the report's figures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CarbonBasis {
    /// Fuel parameter edition, e.g. `gbt32151.34-2024-c1`
    pub fuel: String,
    /// Grid factor edition, e.g. `mee-2022-national`
    pub grid: String,
    /// Heat factor edition, e.g. `gbt32151.34-2024-c3`
    pub heat: String,
}

/// 电力来源 — where a line of electricity comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ElectricitySource {
    /// 电网购电
    #[default]
    Grid,
    /// 绿电交易 (bundled: the certificates move with the power on settlement)
    GreenTrade,
    /// 自发自用可再生能源电力 (metered)
    SelfRenewable,
    /// 自发化石能源电力 (its fuel is already in the direct emissions)
    SelfFossil,
}

impl ElectricitySource {
    /// Bought from outside (part of 205-1 购进量).
    pub fn is_purchase(self) -> bool {
        matches!(
            self,
            ElectricitySource::Grid | ElectricitySource::GreenTrade
        )
    }
}

/// One line of electricity, in 万千瓦时.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ElectricityLine {
    pub source: ElectricitySource,
    /// 电量, 万千瓦时
    pub quantity: Option<Qty>,
    /// Seller, exchange or plant (e.g. 北京电力交易中心, 屋顶光伏一期)
    pub description: String,
    /// 绿电交易合同编号
    pub contract_no: String,
    /// 结算凭证编号 (green trade)
    pub settlement_no: String,
    /// 计量表号 (self-generated power)
    pub meter_id: String,
    /// Contract, settlement voucher, 绿色电力消费凭证, monthly meter records …
    pub evidence: Vec<Evidence>,
}

/// Where a certificate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertificateSource {
    /// 单独购买 (unbundled)
    #[default]
    Unbundled,
    /// 随绿电交易划转 (came with a green-power trade; the trade line is the claim)
    GreenTrade,
}

/// 核销 status of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// 持有 — held, not yet declared consumed (not counted)
    #[default]
    Held,
    /// 已核销 — declared consumed for this claim
    Cancelled,
}

/// 绿证 — one entry of the certificate ledger: one certificate or a contiguous code range.
/// 1 certificate = 1,000 kWh (国能发新能规〔2024〕67号).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CertificateEntry {
    /// 绿证编号 (32 digits), or the first of a range
    pub code: String,
    /// Last code of a range; empty for a single certificate
    pub code_to: String,
    /// 数量, 张
    pub quantity: u64,
    /// 生产年份 / 月份 of the electricity
    pub production_year: Option<i32>,
    pub production_month: Option<u32>,
    pub status: CertificateStatus,
    /// 核销日期
    pub cancelled_on: Option<NaiveDate>,
    pub source: CertificateSource,
    /// Bought from a seller in the enterprise's own province (省内)
    pub in_province: bool,
    /// Contract the certificates were bought or transferred under (for a green trade: the
    /// trade's contract number)
    pub contract_no: String,
    /// 交易平台 (国家绿证核发交易系统, 北京/广州电力交易中心 …)
    pub platform: String,
    pub evidence: Vec<Evidence>,
}

/// A fuel parameter an enterprise may measure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FuelParameter {
    /// 低位发热量, GJ per row unit
    #[default]
    Ncv,
    /// 单位热值含碳量, tC/GJ
    CarbonContent,
    /// 碳氧化率, fraction (0–1)
    Oxidation,
    /// 元素碳含量, tC per row unit (replaces NCV × carbon content)
    CarbonPerUnit,
}

/// 实测参数 — one enterprise-measured parameter of one 205-1 energy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MeasuredParameter {
    /// 205-1 energy code
    pub code: String,
    pub parameter: FuelParameter,
    pub value: Option<Param>,
    /// 检测方法 / 标准 and frequency (e.g. GB/T 213, 每批次)
    pub method: String,
    /// 检测机构 or report number
    pub lab: String,
    pub evidence: Vec<Evidence>,
}

/// 工业过程排放 — process CO₂ accounted outside the 205-1 combustion method.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ProcessEmission {
    pub name: String,
    /// tCO₂
    pub co2_t: Option<Co2>,
    /// 核算依据 (the industry standard and method)
    pub basis: String,
    pub evidence: Vec<Evidence>,
}
