//! 代码表 — the coded lists a filer picks from, with their Chinese and English labels, in one
//! place: review status, metering level, record frequency, pollutant, electricity source,
//! certificate source and status, fuel parameter, 是/否 and the kinds of evidence files.
//!
//! A workbook's dropdown shows the Chinese label and the report stores the code
//! (`pack::list_entries`); the app's catalog serves both labels and the interface shows the half
//! of its language (`catalog`); a rule names a pollutant by its label. The code of a member is
//! its serde word in the report (tested), so these labels never change what is stored or signed.

use serde::{Deserialize, Serialize};

use super::carbon::{CertificateSource, CertificateStatus, ElectricitySource, FuelParameter};
use super::ledger::{Pollutant, RecordFrequency, ReviewStatus};
use super::report::MeteringLevel;

/// A member of a coded list: its stored code and its labels.
pub trait Coded: Copy + Sized + 'static {
    /// Every member, in the order a list shows them.
    const ALL: &'static [Self];
    /// The stored and wire word (`"NOx"`, `"green_trade"`).
    fn code(self) -> &'static str;
    fn zh(self) -> &'static str;
    fn en(self) -> &'static str;

    /// The member whose code is `code`.
    fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|x| x.code() == code)
    }
}

/// One entry of a list as the app receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListEntry {
    /// What the report stores.
    pub code: String,
    /// What a workbook cell and the Chinese interface show.
    pub zh: String,
    /// What the English interface shows.
    pub en: String,
}

impl ListEntry {
    pub fn new(code: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ListEntry {
            code: code.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn of<T: Coded>(x: T) -> Self {
        ListEntry::new(x.code(), x.zh(), x.en())
    }
}

/// Every member of a coded list as entries.
pub fn entries<T: Coded>() -> Vec<ListEntry> {
    T::ALL.iter().copied().map(ListEntry::of).collect()
}

/// Declares the members of a coded list with their code and labels.
macro_rules! coded {
    ($t:ident { $($v:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        impl Coded for $t {
            const ALL: &'static [Self] = &[$($t::$v,)+];

            fn code(self) -> &'static str {
                match self { $($t::$v => $code,)+ }
            }

            fn zh(self) -> &'static str {
                match self { $($t::$v => $zh,)+ }
            }

            fn en(self) -> &'static str {
                match self { $($t::$v => $en,)+ }
            }
        }
    };
}

/// 是/否 — how a yes-or-no field reads in a workbook cell (the report stores a boolean).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YesNo {
    Yes,
    No,
}

coded!(YesNo {
    Yes = "是", "是", "Yes";
    No = "否", "否", "No";
});

coded!(Pollutant {
    Cod = "COD", "化学需氧量", "chemical oxygen demand";
    Nh3N = "NH3-N", "氨氮", "ammonia nitrogen";
    Nox = "NOx", "氮氧化物", "nitrogen oxides";
    Vocs = "VOCs", "挥发性有机物", "volatile organic compounds";
    So2 = "SO2", "二氧化硫", "sulphur dioxide";
    Pm = "PM", "颗粒物", "particulate matter";
});

coded!(MeteringLevel {
    Unit = "unit", "进出用能单位", "Unit boundary";
    Secondary = "secondary", "进出主要次级用能单位", "Main sub-units";
    Equipment = "equipment", "主要用能设备", "Main equipment";
});

coded!(RecordFrequency {
    Day = "day", "日", "Daily";
    Month = "month", "月", "Monthly";
    Batch = "batch", "批次", "Per batch";
    Event = "event", "事件", "Per event";
});

coded!(ReviewStatus {
    Draft = "draft", "草稿", "Draft";
    Submitted = "submitted", "已提交", "Submitted";
    Accepted = "accepted", "已认可", "Accepted";
    Rejected = "rejected", "未认可", "Rejected";
});

coded!(ElectricitySource {
    Grid = "grid", "电网购电", "Grid purchase";
    GreenTrade = "green_trade", "绿电交易", "Green power trade";
    SelfRenewable = "self_renewable", "自发自用可再生能源", "Self-generated renewable";
    SelfFossil = "self_fossil", "自发化石能源电力", "Self-generated fossil";
});

coded!(CertificateSource {
    Unbundled = "unbundled", "单独购买", "Bought separately";
    GreenTrade = "green_trade", "随绿电交易划转", "Transferred with a green power trade";
});

coded!(CertificateStatus {
    Held = "held", "持有（未核销）", "Held (not cancelled)";
    Cancelled = "cancelled", "已核销", "Cancelled";
});

coded!(FuelParameter {
    Ncv = "ncv", "低位发热量", "Net calorific value";
    CarbonContent = "carbon_content", "单位热值含碳量", "Carbon content per unit of heat";
    Oxidation = "oxidation", "碳氧化率", "Carbon oxidation rate";
    CarbonPerUnit = "carbon_per_unit", "元素碳含量", "Elemental carbon content";
});

/// 材料类型 — what a reduction project's evidence file is. The report stores the Chinese word
/// (`Evidence::kind` is free text: a filer may name another kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    AcceptanceReport,
    OnlineMonitoring,
    ExecutionReport,
    Receipt,
    Other,
}

coded!(EvidenceKind {
    AcceptanceReport = "验收报告", "验收报告", "Acceptance report";
    OnlineMonitoring = "在线监测数据", "在线监测数据", "Online monitoring data";
    ExecutionReport = "执行报告", "执行报告", "Permit execution report";
    Receipt = "票据", "票据", "Receipts";
    Other = "其他", "其他", "Other";
});

/// Lists the app offers that no pack column names (the kinds of a project's evidence files).
pub const APP_LISTS: &[&str] = &["evidence_kinds"];

/// The coded list a pack's `list` names, if it is one of the enums above (the other lists —
/// energy codes, reduction and saving categories, benchmarks — come from the seeds).
pub fn coded_list(name: &str) -> Option<Vec<ListEntry>> {
    Some(match name {
        "yes_no" => entries::<YesNo>(),
        "pollutants" => entries::<Pollutant>(),
        "metering_levels" => entries::<MeteringLevel>(),
        "record_frequencies" => entries::<RecordFrequency>(),
        "review_status" => entries::<ReviewStatus>(),
        "electricity_sources" => entries::<ElectricitySource>(),
        "certificate_sources" => entries::<CertificateSource>(),
        "certificate_statuses" => entries::<CertificateStatus>(),
        "fuel_parameters" => entries::<FuelParameter>(),
        "evidence_kinds" => entries::<EvidenceKind>(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code of every member is the word the report stores, so a label never changes data.
    fn codes_are_serde_words<T: Coded + Serialize + for<'de> Deserialize<'de> + PartialEq>() {
        for &x in T::ALL {
            let word = serde_json::to_value(x).ok();
            assert_eq!(
                word.as_ref().and_then(|w| w.as_str()),
                Some(x.code()),
                "the code must be the serde word"
            );
            let back: Option<T> = serde_json::from_value(serde_json::json!(x.code())).ok();
            assert!(back == Some(x), "{} must read back", x.code());
            assert!(!x.zh().is_empty() && !x.en().is_empty());
            assert!(T::parse(x.code()) == Some(x));
        }
    }

    #[test]
    fn every_code_is_the_stored_word() {
        codes_are_serde_words::<Pollutant>();
        codes_are_serde_words::<MeteringLevel>();
        codes_are_serde_words::<RecordFrequency>();
        codes_are_serde_words::<ReviewStatus>();
        codes_are_serde_words::<ElectricitySource>();
        codes_are_serde_words::<CertificateSource>();
        codes_are_serde_words::<CertificateStatus>();
        codes_are_serde_words::<FuelParameter>();
    }
}
