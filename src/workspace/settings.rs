//! 设置 — the user's settings as one typed value: its defaults in one place ([`Settings::default`],
//! the check limits from `seeds/thresholds.toml`), validated here with a message that says what
//! to type. The desktop shell and the interface take the defaults from the core (`app_info`),
//! and the checks read the stored limits through [`Workspace::check_settings`]: a stored value
//! that does not parse is an error naming it, never silently replaced.
//!
//! Each setting is kept in one place: the check limits in the enterprise workspace, the rest in
//! the installation's settings file ([`SettingsFile`]); [`Workspace::settings`] joins the two
//! and [`Workspace::settings_store`] splits them again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Workspace;
use crate::error::{Error, Result};
use crate::refdata::RefData;
use crate::store;
use crate::text::Text;

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

fn invalid(field: (&str, &str), message: Text) -> Error {
    Error::Input {
        location: Text::new(
            format!("设置：{}", field.0),
            format!("setting: {}", field.1),
        ),
        message,
    }
}

fn yoy(v: &str) -> Result<rust_decimal::Decimal> {
    let p = crate::model::Percent::parse(v.trim()).map_err(|e| {
        invalid(
            ("同比阈值", "year-on-year threshold"),
            Text::new(
                format!("“{v}”不是有效的百分数（{e}），请填写如 30"),
                "not a valid percentage",
            ),
        )
    })?;
    let d = crate::model::Fixed::value(p).normalize();
    if d <= rust_decimal::Decimal::ZERO {
        return Err(invalid(
            ("同比阈值", "year-on-year threshold"),
            Text::new(format!("须大于 0，例如 30，现为“{v}”"), "must be above 0"),
        ));
    }
    Ok(d)
}

fn min_chars(v: &str) -> Result<usize> {
    v.trim().parse::<usize>().map_err(|_| {
        invalid(
            ("说明最少字数", "shortest justification"),
            Text::new(
                format!("须为整数，例如 6，现为“{v}”"),
                "must be a whole number",
            ),
        )
    })
}

impl Settings {
    /// Checks every field; the error names the field and says what to type.
    pub fn validate(&self) -> Result<()> {
        if !matches!(self.language.as_str(), "zh-CN" | "en") {
            return Err(invalid(
                ("界面语言", "interface language"),
                Text::new(
                    format!("须为 zh-CN 或 en，现为“{}”", self.language),
                    "zh-CN or en",
                ),
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
                ("共享汇总服务器", "shared intake server"),
                Text::new(
                    "须是 postgres:// 开头的连接串，例如 postgres://nengbao@10.1.2.3:5432/county；留空则使用本机文件",
                    "a postgres:// URL, or empty",
                ),
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

    /// Every setting: the file's part from `file`, the check limits from this workspace (the
    /// defaults where none is stored).
    pub fn settings(&self, file: &SettingsFile) -> Result<Settings> {
        let f = &file.data.settings;
        let d = Settings::default();
        Ok(Settings {
            language: f.language.clone(),
            pack: f.pack.clone(),
            yoy_threshold_pct: self.setting(YOY)?.unwrap_or(d.yoy_threshold_pct),
            min_justification_chars: self
                .setting(MIN_CHARS)?
                .unwrap_or(d.min_justification_chars),
            actor: f.actor.clone(),
            key_path: f.key_path.clone(),
            county_server: f.county_server.clone(),
        })
    }

    /// Validates `settings` and keeps each in its one place: the check limits in this workspace
    /// (one transaction), the rest in `file`. The actor is used for the audit entries from now
    /// on. Returns whether the county server changed (the county workspace is elsewhere now).
    pub fn settings_store(&mut self, file: &mut SettingsFile, settings: &Settings) -> Result<bool> {
        settings.validate()?;
        let tx = self.conn.transaction()?;
        store::setting_set(&tx, YOY, settings.yoy_threshold_pct.trim())?;
        store::setting_set(&tx, MIN_CHARS, settings.min_justification_chars.trim())?;
        tx.commit()?;
        let moved = file.data.settings.county_server.trim() != settings.county_server.trim();
        file.data.settings = FileSettings::from(settings);
        file.save()?;
        self.set_actor(&settings.actor);
        Ok(moved)
    }

    /// Takes this workspace into use with the settings `file`: check limits an earlier version
    /// kept in the file too are moved into the workspace (a limit the workspace already holds
    /// is the one the checks used, so it stays), the file is rewritten without them, and the
    /// file's actor signs the audit entries. Nothing is lost: the workspace is written before
    /// the file, so an interruption leaves the values in both and the next start moves them.
    pub fn settings_adopt(&mut self, file: &mut SettingsFile) -> Result<()> {
        let f = &file.data.settings;
        if f.yoy_threshold_pct.is_some() || f.min_justification_chars.is_some() {
            let tx = self.conn.transaction()?;
            for (key, value) in [
                (YOY, &f.yoy_threshold_pct),
                (MIN_CHARS, &f.min_justification_chars),
            ] {
                if let Some(v) = value {
                    if store::setting_get(&tx, key)?.is_none() {
                        store::setting_set(&tx, key, v.trim())?;
                    }
                }
            }
            tx.commit()?;
            file.data.settings.yoy_threshold_pct = None;
            file.data.settings.min_justification_chars = None;
            file.save()?;
        }
        let actor = file.data.settings.actor.clone();
        self.set_actor(&actor);
        Ok(())
    }
}

/// 本机设置 — the settings file of this installation (`config.json` in the app data folder).
///
/// Each setting is kept in exactly one place. This file holds the mode and what is needed
/// before any workspace is open or belongs to the person at this computer: language, pack,
/// actor, key file and the county server (the county workspace cannot be opened before its
/// server is known). The enterprise workspace holds the check limits
/// ([`Workspace::check_settings`]), since they change the findings the CLI and the app compute
/// from that workspace. A file an earlier version wrote with the check limits in it is read,
/// and [`Workspace::settings_adopt`] moves them.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    path: PathBuf,
    data: FileData,
    set_aside: Option<PathBuf>,
}

/// The file's content (`{"mode": …, "settings": {…}}`, as earlier versions wrote it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct FileData {
    /// `enterprise` or `county`; none until the first-run choice.
    mode: Option<String>,
    settings: FileSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct FileSettings {
    language: String,
    pack: String,
    actor: String,
    key_path: String,
    county_server: String,
    /// Check limits earlier versions also wrote here; read once and moved into the workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    yoy_threshold_pct: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_justification_chars: Option<String>,
}

impl Default for FileSettings {
    fn default() -> Self {
        FileSettings::from(&Settings::default())
    }
}

impl From<&Settings> for FileSettings {
    fn from(s: &Settings) -> Self {
        FileSettings {
            language: s.language.clone(),
            pack: s.pack.clone(),
            actor: s.actor.clone(),
            key_path: s.key_path.clone(),
            county_server: s.county_server.clone(),
            yoy_threshold_pct: None,
            min_justification_chars: None,
        }
    }
}

/// The two modes of the app.
const MODES: [&str; 2] = ["enterprise", "county"];

impl SettingsFile {
    /// The file's name in the app data folder.
    pub const NAME: &'static str = "config.json";

    /// Reads the settings file at `path`; a missing file gives the defaults. A file that cannot
    /// be parsed is moved aside (`config.json.unreadable`, see [`SettingsFile::set_aside`]) and
    /// the defaults are used, so the app still starts and the old file is kept for the user.
    pub fn open(path: &Path) -> Result<SettingsFile> {
        let mut file = SettingsFile {
            path: path.to_path_buf(),
            data: FileData::default(),
            set_aside: None,
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(file),
            Err(e) => return Err(Error::io(path.display(), e)),
        };
        match serde_json::from_str(&text) {
            Ok(data) => file.data = data,
            Err(_) => {
                let aside = path.with_extension("json.unreadable");
                std::fs::rename(path, &aside).map_err(|e| Error::io(path.display(), e))?;
                file.set_aside = Some(aside);
            }
        }
        Ok(file)
    }

    /// Where an unreadable settings file was moved when it was opened, if it was.
    pub fn set_aside(&self) -> Option<&Path> {
        self.set_aside.as_deref()
    }

    /// `enterprise` or `county`; none until the first-run choice.
    pub fn mode(&self) -> Option<&str> {
        self.data.mode.as_deref()
    }

    /// Chooses the mode and keeps it.
    pub fn set_mode(&mut self, mode: &str) -> Result<()> {
        if !MODES.contains(&mode) {
            return Err(invalid(
                ("模式", "mode"),
                Text::new(
                    format!("须为 enterprise（企业）或 county（县级），现为“{mode}”"),
                    "enterprise or county",
                ),
            ));
        }
        self.data.mode = Some(mode.to_string());
        self.save()
    }

    /// The mode for this run only when none was chosen yet (the demo opens in enterprise mode);
    /// the file is not written.
    pub fn default_mode(&mut self, mode: &str) {
        if self.data.mode.is_none() && MODES.contains(&mode) {
            self.data.mode = Some(mode.to_string());
        }
    }

    /// Who is editing, as the user typed it (empty until then).
    pub fn actor(&self) -> &str {
        &self.data.settings.actor
    }

    /// Where the county workspace is: the office's shared server when the settings name one,
    /// else the file `local`.
    pub fn county_location(&self, local: &Path) -> store::Location {
        let server = self.data.settings.county_server.trim();
        if server.is_empty() {
            store::Location::File(local.to_path_buf())
        } else {
            store::Location::parse(server)
        }
    }

    fn save(&self) -> Result<()> {
        let text = serde_json::to_string_pretty(&self.data).map_err(|e| {
            Error::input(
                Text::same(self.path.display().to_string()),
                Text::same(e.to_string()),
            )
        })?;
        crate::interchange::write_atomic(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::{Settings, SettingsFile};
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

        let dir = tempfile::tempdir().unwrap();
        let mut file = SettingsFile::open(&dir.path().join(SettingsFile::NAME)).unwrap();
        let mut ws = Workspace::in_memory(Box::new(FixedClock::at(2025, 3, 1))).unwrap();
        assert!(ws.settings_store(&mut file, &bad).is_err());
        assert!(
            !dir.path().join(SettingsFile::NAME).exists(),
            "nothing kept of a refused value"
        );
        let ok = Settings {
            yoy_threshold_pct: "25".into(),
            min_justification_chars: "10".into(),
            ..Settings::default()
        };
        ws.settings_store(&mut file, &ok).unwrap();
        let limits = ws.check_settings().unwrap();
        assert_eq!(limits.yoy_threshold_pct.to_string(), "25");
        assert_eq!(limits.min_justification_chars, 10);
        // A value stored by other means that does not parse is an error, not the default.
        ws.setting_set("min_justification_chars", "many").unwrap();
        let e = ws.check_settings().unwrap_err();
        assert!(e.to_string().contains("说明最少字数"), "{e}");
    }

    fn read_json(p: &std::path::Path) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    }

    #[test]
    fn each_setting_is_kept_in_one_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SettingsFile::NAME);
        let db = dir.path().join("w.db");
        let mut file = SettingsFile::open(&path).unwrap();
        let mut ws = Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 1))).unwrap();
        assert_eq!(
            ws.settings(&file).unwrap(),
            Settings::default(),
            "nothing stored yet"
        );
        let s = Settings {
            language: "en".into(),
            yoy_threshold_pct: "20".into(),
            min_justification_chars: "8".into(),
            actor: "张敏".into(),
            key_path: "/k/unit.key".into(),
            county_server: "postgres://nengbao@10.1.2.3/county".into(),
            ..Settings::default()
        };
        assert!(
            ws.settings_store(&mut file, &s).unwrap(),
            "the county server moved"
        );
        assert_eq!(ws.actor(), "张敏");
        let json = read_json(&path);
        assert!(
            json["settings"].get("yoy_threshold_pct").is_none(),
            "the check limits live in the workspace only: {json}"
        );
        assert!(
            json["settings"].get("min_justification_chars").is_none(),
            "{json}"
        );
        assert_eq!(
            json["settings"]["county_server"],
            "postgres://nengbao@10.1.2.3/county"
        );
        assert_eq!(
            ws.setting("yoy_threshold_pct").unwrap().as_deref(),
            Some("20")
        );
        assert_eq!(
            ws.setting("language").unwrap(),
            None,
            "the file's settings are not in the workspace"
        );
        drop(ws);
        // Read back from both places after a restart.
        let file = SettingsFile::open(&path).unwrap();
        let ws = Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 2))).unwrap();
        assert_eq!(ws.settings(&file).unwrap(), s);
        assert_eq!(
            file.county_location(&dir.path().join("county.db")),
            crate::store::Location::parse("postgres://nengbao@10.1.2.3/county")
        );
    }

    /// Earlier versions wrote every setting to config.json and the check limits to the
    /// workspace as well; a user's settings must survive the move to one store.
    #[test]
    fn settings_of_an_earlier_version_are_moved_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SettingsFile::NAME);
        let old = serde_json::json!({
            "mode": "enterprise",
            "settings": {
                "language": "en",
                "pack": "guangdong",
                "yoy_threshold_pct": "25",
                "min_justification_chars": "10",
                "actor": "李工",
                "key_path": "/keys/unit.key",
                "county_server": ""
            }
        });
        std::fs::write(&path, serde_json::to_string_pretty(&old).unwrap()).unwrap();
        let clock = || Box::new(FixedClock::at(2025, 3, 1));

        // The workspace held one of the two limits (the one the checks used); the other was
        // only in the file.
        let db = dir.path().join("w.db");
        let mut ws = Workspace::open(&db, clock()).unwrap();
        ws.setting_set("yoy_threshold_pct", "40").unwrap();
        let mut file = SettingsFile::open(&path).unwrap();
        assert_eq!(file.mode(), Some("enterprise"));
        ws.settings_adopt(&mut file).unwrap();
        let expected = Settings {
            language: "en".into(),
            pack: "guangdong".into(),
            yoy_threshold_pct: "40".into(),
            min_justification_chars: "10".into(),
            actor: "李工".into(),
            key_path: "/keys/unit.key".into(),
            county_server: String::new(),
        };
        assert_eq!(ws.settings(&file).unwrap(), expected);
        assert_eq!(
            ws.actor(),
            "李工",
            "the file's actor signs the audit entries"
        );
        let limits = ws.check_settings().unwrap();
        assert_eq!(
            limits.min_justification_chars, 10,
            "the file's limit reaches the checks"
        );
        assert_eq!(limits.yoy_threshold_pct.to_string(), "40");
        let json = read_json(&path);
        assert!(
            json["settings"].get("min_justification_chars").is_none(),
            "moved out of the file: {json}"
        );
        assert_eq!(json["mode"], "enterprise");
        drop(ws);

        // After a restart everything is still there, and a second adopt changes nothing.
        let mut file = SettingsFile::open(&path).unwrap();
        let mut ws = Workspace::open(&db, clock()).unwrap();
        ws.settings_adopt(&mut file).unwrap();
        assert_eq!(ws.settings(&file).unwrap(), expected);

        // A fresh workspace (no limits stored) takes both from an old file.
        std::fs::write(&path, serde_json::to_string_pretty(&old).unwrap()).unwrap();
        let mut file = SettingsFile::open(&path).unwrap();
        let mut fresh = Workspace::open(&dir.path().join("fresh.db"), clock()).unwrap();
        fresh.settings_adopt(&mut file).unwrap();
        assert_eq!(
            fresh.settings(&file).unwrap(),
            Settings {
                yoy_threshold_pct: "25".into(),
                ..expected
            }
        );
    }

    #[test]
    fn an_unreadable_settings_file_is_kept_aside_and_the_defaults_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SettingsFile::NAME);
        std::fs::write(&path, "{ not json").unwrap();
        let mut file = SettingsFile::open(&path).unwrap();
        let aside = file.set_aside().unwrap().to_path_buf();
        assert_eq!(
            std::fs::read_to_string(&aside).unwrap(),
            "{ not json",
            "kept for the user"
        );
        assert_eq!(file.mode(), None);
        assert!(
            file.set_mode("province").is_err(),
            "a mode is enterprise or county"
        );
        file.set_mode("county").unwrap();
        assert_eq!(SettingsFile::open(&path).unwrap().mode(), Some("county"));
    }
}
