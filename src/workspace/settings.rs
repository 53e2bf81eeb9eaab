//! 设置 — the user's settings as one typed value: its defaults in one place ([`Settings::default`],
//! the check limits from `seeds/thresholds.toml`), validated here with a message that says what
//! to type. The desktop shell and the interface take the defaults from the core (`app_info`),
//! and the checks read the stored limits through [`Workspace::check_settings`]: a stored value
//! that does not parse is an error naming it, never silently replaced.

use serde::{Deserialize, Serialize};

use super::Workspace;
use crate::error::{Error, Result};
use crate::refdata::RefData;
use crate::store;

/// The user's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// Interface language: `zh-CN` or `en`.
    pub language: String,
    /// Template pack: `national` or a province's.
    pub pack: String,
    /// Year-on-year change (percent) beyond which a warning needs a written reason.
    pub yoy_threshold_pct: String,
    /// A justification shorter than this many characters does not count.
    pub min_justification_chars: String,
    /// Who is editing, recorded in the audit log.
    pub actor: String,
    /// The enterprise's key file.
    pub key_path: String,
    /// The shared intake server of the office (`postgres://user@host/database`); empty for the
    /// county workspace file in the app data folder.
    pub county_server: String,
}

/// The workspace setting keys the checks read.
const YOY: &str = "yoy_threshold_pct";
const MIN_CHARS: &str = "min_justification_chars";

impl Default for Settings {
    /// The defaults: Chinese, the national pack, the check limits of the seeds.
    fn default() -> Self {
        let limits = RefData::builtin()
            .ok()
            .map(crate::validate::Settings::from_refdata);
        Settings {
            language: "zh-CN".into(),
            pack: "national".into(),
            yoy_threshold_pct: limits
                .as_ref()
                .map(|l| l.yoy_threshold_pct.normalize().to_string())
                .unwrap_or_else(|| "30".into()),
            min_justification_chars: limits
                .map(|l| l.min_justification_chars.to_string())
                .unwrap_or_else(|| "6".into()),
            actor: String::new(),
            key_path: String::new(),
            county_server: String::new(),
        }
    }
}

fn invalid(field: &str, message: String) -> Error {
    Error::Input {
        location: format!("设置：{field}"),
        message,
    }
}

fn yoy(v: &str) -> Result<rust_decimal::Decimal> {
    let p = crate::model::Percent::parse(v.trim()).map_err(|e| {
        invalid(
            "同比阈值",
            format!("“{v}”不是有效的百分数（{e}），请填写如 30 (not a valid percentage)"),
        )
    })?;
    let d = crate::model::Fixed::value(p).normalize();
    if d <= rust_decimal::Decimal::ZERO {
        return Err(invalid(
            "同比阈值",
            format!("须大于 0，例如 30，现为“{v}” (must be above 0)"),
        ));
    }
    Ok(d)
}

fn min_chars(v: &str) -> Result<usize> {
    v.trim().parse::<usize>().map_err(|_| {
        invalid(
            "说明最少字数",
            format!("须为整数，例如 6，现为“{v}” (must be a whole number)"),
        )
    })
}

impl Settings {
    /// Checks every field; the error names the field and says what to type.
    pub fn validate(&self) -> Result<()> {
        if !matches!(self.language.as_str(), "zh-CN" | "en") {
            return Err(invalid(
                "界面语言",
                format!("须为 zh-CN 或 en，现为“{}” (zh-CN or en)", self.language),
            ));
        }
        if !crate::pack::BUILTIN.iter().any(|(id, _)| *id == self.pack) {
            return Err(crate::pack::PackError::Unknown(self.pack.clone()).into());
        }
        yoy(&self.yoy_threshold_pct)?;
        min_chars(&self.min_justification_chars)?;
        let server = self.county_server.trim();
        if !server.is_empty() && !store::Location::parse(server).is_postgres() {
            return Err(invalid(
                "共享汇总服务器",
                "须是 postgres:// 开头的连接串，例如 postgres://nengbao@10.1.2.3:5432/county；留空则使用本机文件 (a postgres:// URL, or empty)".into(),
            ));
        }
        Ok(())
    }
}

impl Workspace {
    /// The limits the checks use: the seed defaults, overridden by the limits stored with
    /// [`Workspace::settings_store`]. A stored value that does not parse is an error.
    pub fn check_settings(&self) -> Result<crate::validate::Settings> {
        let mut s = crate::validate::Settings::from_refdata(self.refdata);
        if let Some(v) = self.setting(YOY)? {
            s.yoy_threshold_pct = yoy(&v)?;
        }
        if let Some(v) = self.setting(MIN_CHARS)? {
            s.min_justification_chars = min_chars(&v)?;
        }
        Ok(s)
    }

    /// Validates `settings` and stores the check limits in this workspace (one transaction);
    /// the actor is used for the audit entries from now on.
    pub fn settings_store(&mut self, settings: &Settings) -> Result<()> {
        settings.validate()?;
        let tx = self.conn.transaction()?;
        store::setting_set(&tx, YOY, settings.yoy_threshold_pct.trim())?;
        store::setting_set(&tx, MIN_CHARS, settings.min_justification_chars.trim())?;
        tx.commit()?;
        if !settings.actor.trim().is_empty() {
            self.set_actor(&settings.actor);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;
    use crate::workspace::{FixedClock, Workspace};
    use crate::ErrorCode;

    #[test]
    fn defaults_are_the_seeds_and_valid() {
        let s = Settings::default();
        assert_eq!(s.yoy_threshold_pct, "30");
        assert_eq!(s.min_justification_chars, "6");
        assert!(s.validate().is_ok(), "{:?}", s.validate());
    }

    #[test]
    fn a_bad_value_is_refused_in_chinese_and_never_dropped() {
        let bad = Settings {
            yoy_threshold_pct: "三十".into(),
            ..Settings::default()
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(e.to_string().contains("同比阈值"), "{e}");

        let mut ws = Workspace::in_memory(Box::new(FixedClock::at(2025, 3, 1))).unwrap();
        assert!(ws.settings_store(&bad).is_err());
        let ok = Settings {
            yoy_threshold_pct: "25".into(),
            min_justification_chars: "10".into(),
            ..Settings::default()
        };
        ws.settings_store(&ok).unwrap();
        let limits = ws.check_settings().unwrap();
        assert_eq!(limits.yoy_threshold_pct.to_string(), "25");
        assert_eq!(limits.min_justification_chars, 10);
        // A value stored by other means that does not parse is an error, not the default.
        ws.setting_set("min_justification_chars", "many").unwrap();
        let e = ws.check_settings().unwrap_err();
        assert!(e.to_string().contains("说明最少字数"), "{e}");
    }
}
