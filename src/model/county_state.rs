//! The closed sets of intake: a file's outcome and reason, a submission's status, a key's
//! status and source, a roster unit's filing status, an office's level and findings. Each is
//! one enum stored by its word in the database (the store implements its column conversions,
//! `store::words`), sent by the same word to the app (serde, generated types) and explained in
//! Chinese and English by the same enum — no state is a string literal elsewhere. They live in
//! the model so the store can return them without importing the county use cases.

use serde::{Deserialize, Serialize};

/// Declares a closed set: its stored word, its Chinese and its English label.
macro_rules! closed_set {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $word:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$vm])* $v,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v,)+];

            /// The stored and wire word.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $word,)+ }
            }

            pub fn zh(self) -> &'static str {
                match self { $($name::$v => $zh,)+ }
            }

            pub fn en(self) -> &'static str {
                match self { $($name::$v => $en,)+ }
            }

            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$v),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_set! {
    /// The outcome of one file offered for import.
    FileOutcome {
        Accepted = "accepted", "已接收", "accepted";
        AcceptedWithWarnings = "accepted_with_warnings", "已接收（有问题）", "accepted with findings";
        /// Kept as history: a newer signed revision of the same unit and year is current.
        Stale = "stale", "已有更新版本", "stale";
        /// Signature fine, but the key waits for a clerk.
        Held = "held", "暂存待确认", "held";
        Rejected = "rejected", "拒收", "rejected";
        /// The same file, or the same signed content, was received before.
        Skipped = "skipped", "跳过", "skipped";
        /// Not processed: the clerk cancelled the import; a new run picks it up.
        Cancelled = "cancelled", "未处理（已取消）", "not processed (cancelled)";
    }
}

closed_set! {
    /// Why a file got its outcome.
    Reason {
        Ok = "ok", "通过", "accepted";
        /// An older signed revision than the current one.
        Stale = "stale", "已有更新的版本", "a newer signed version is already current";
        Tampered = "tampered", "签名后被改动", "changed after signing";
        BadSignature = "bad_signature", "签名无效", "invalid signature";
        Unsigned = "unsigned", "未签名", "not signed";
        Unreadable = "unreadable", "无法读取", "unreadable";
        /// Past a limit of the reader: too large, too many parts, strings or cells.
        Oversized = "oversized", "文件结构异常或过大", "malformed or too large";
        UnknownFormat = "unknown_format", "格式无法识别", "unknown format";
        WrongYear = "wrong_year", "年度不符", "wrong reporting year";
        NotInCounty = "not_in_county", "不属于本辖区", "outside this jurisdiction";
        KeyUnconfirmed = "key_unconfirmed", "密钥待确认", "key not yet confirmed";
        KeyChanged = "key_changed", "密钥与登记的不同", "key differs from the registered one";
        /// The key is registered for another unit: one unit signing for another.
        KeyOfOtherUnit = "key_of_other_unit", "密钥属于其他单位", "key registered to another unit";
        KeyRejected = "key_rejected", "密钥被拒绝", "key rejected by the clerk";
        Duplicate = "duplicate", "重复", "duplicate";
        Storage = "storage", "保存失败", "storage failure";
        Internal = "internal", "处理时出错", "internal error";
        Cancelled = "cancelled", "已取消", "cancelled";
    }
}

closed_set! {
    /// Where a submission stands.
    SubmissionStatus {
        /// The unit's highest signed revision of the year: what the totals count.
        Current = "current", "当前版本", "current";
        /// An accepted version that a higher signed revision replaces.
        Superseded = "superseded", "历史版本", "superseded";
        /// Waiting for a key decision.
        Held = "held", "暂存", "held";
        /// Held for a key the clerk rejected.
        Discarded = "discarded", "已作废", "discarded";
    }
}

closed_set! {
    /// A key of the registry.
    KeyStatus {
        Trusted = "trusted", "已确认", "trusted";
        /// Seen on held files of a unit with no trusted key.
        Unconfirmed = "unconfirmed", "待确认", "unconfirmed";
        /// Seen on held files of a unit that has another trusted key.
        Changed = "changed", "与登记的不同", "differs from the registered key";
    }
}

closed_set! {
    /// How a key came to be trusted.
    KeySource {
        FirstUse = "first_use", "首次使用时确认", "confirmed at first use";
        KeyCard = "key_card", "密钥卡登记", "registered from the key card";
        Decision = "decision", "经办人确认", "clerk's decision";
        /// Seen on held files, not trusted.
        Held = "held", "暂存文件", "held files";
    }
}

closed_set! {
    /// A roster unit's filing status.
    FilingStatus {
        Filed = "filed", "已报送", "filed";
        Missing = "missing", "未报送", "missing";
        Late = "late", "逾期报送", "late";
        Failing = "failing", "有错误", "has errors";
        KeyUnconfirmed = "key_unconfirmed", "密钥待确认", "key to confirm";
        KeyChanged = "key_changed", "密钥变更待处理", "key change to decide";
    }
}

closed_set! {
    /// The level of an intake office (GB/T 2260: 县级, 地级, 省级).
    OfficeLevel {
        County = "county", "县级", "county";
        City = "city", "市级", "city (prefecture)";
        Province = "province", "省级", "province";
    }
}

closed_set! {
    /// What re-checking a subordinate office's signed summary found.
    OfficeFindingKind {
        /// A figure the office signed differs from the one recomputed from the units' own
        /// signed reports.
        FigureChanged = "figure_changed", "数字与企业签名报告不符", "figure differs from the units' signed reports";
        /// A unit the office lists or counts without a valid signed report of the unit.
        UnitInvented = "unit_invented", "无企业签名报告的单位", "unit without a valid signed report";
        /// A unit the office's own roster, an earlier revision of its summary, or this level's
        /// roster expects, missing from the summary.
        UnitDropped = "unit_dropped", "漏报单位", "unit dropped";
        /// A unit outside the office's jurisdiction.
        UnitOutside = "unit_outside", "不属于该辖区的单位", "unit outside the office's jurisdiction";
        /// The same unit reported by two offices (moved, or counted twice).
        UnitTwice = "unit_twice", "同一单位由两个部门报送", "unit reported by two offices";
        /// A reduction project claimed by units under two offices.
        ProjectTwice = "project_twice", "减排工程跨辖区重复申报", "reduction project claimed across offices";
        /// A green certificate claimed by units under two offices.
        CertificateTwice = "certificate_twice", "绿证跨辖区重复申报", "green certificate claimed across offices";
    }
}

/// A closed-set member with its labels, for the app to show (it holds no copy of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "StateLabel"))]
pub struct Label {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// Every closed set of intake with its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StateLabels {
    pub file_outcome: Vec<Label>,
    pub reason: Vec<Label>,
    pub submission_status: Vec<Label>,
    pub key_status: Vec<Label>,
    pub key_source: Vec<Label>,
    pub filing_status: Vec<Label>,
    pub office_level: Vec<Label>,
    pub office_finding: Vec<Label>,
}

macro_rules! labels_of {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|x| Label {
                code: x.as_str().to_string(),
                zh: x.zh().to_string(),
                en: x.en().to_string(),
            })
            .collect()
    };
}

/// The labels of every closed set.
pub fn labels() -> StateLabels {
    StateLabels {
        file_outcome: labels_of!(FileOutcome),
        reason: labels_of!(Reason),
        submission_status: labels_of!(SubmissionStatus),
        key_status: labels_of!(KeyStatus),
        key_source: labels_of!(KeySource),
        filing_status: labels_of!(FilingStatus),
        office_level: labels_of!(OfficeLevel),
        office_finding: labels_of!(OfficeFindingKind),
    }
}

impl Reason {
    /// The outcome a rejection for this reason gets.
    pub fn is_rejection(self) -> bool {
        !matches!(
            self,
            Reason::Ok
                | Reason::Stale
                | Reason::KeyUnconfirmed
                | Reason::KeyChanged
                | Reason::KeyOfOtherUnit
                | Reason::Duplicate
                | Reason::Cancelled
        )
    }
}

impl FileOutcome {
    /// Files with this outcome are not processed again on a later import (same bytes): they
    /// are kept. Rejected files are processed again, so a file fixed at the source or
    /// rejected only for the import's year can come in later.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            FileOutcome::Accepted
                | FileOutcome::AcceptedWithWarnings
                | FileOutcome::Stale
                | FileOutcome::Held
                | FileOutcome::Skipped
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_parses_back_and_labels_are_filled() {
        for o in FileOutcome::ALL {
            assert_eq!(FileOutcome::parse(o.as_str()), Some(*o));
            assert!(!o.zh().is_empty() && !o.en().is_empty());
            assert_eq!(
                serde_json::to_value(o).unwrap(),
                serde_json::Value::String(o.as_str().into()),
                "serde and the database use the same word"
            );
        }
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(*r));
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::String(r.as_str().into())
            );
        }
        for s in SubmissionStatus::ALL {
            assert_eq!(SubmissionStatus::parse(s.as_str()), Some(*s));
        }
        for s in FilingStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.as_str().into())
            );
        }
        assert_eq!(KeySource::parse("key_card"), Some(KeySource::KeyCard));
        assert_eq!(KeyStatus::parse("nope"), None);
    }
}
