//! The commands, one submodule per area: each command parses its arguments, calls one core use
//! case and maps the error to `{code, message, detail}`. No SQL, rules, clock or user text here.
//! This file holds what every area shares: the error mapping and the two open workspaces.

use nengbao::county::County;
use nengbao::error::WireError;
use nengbao::model::AnnualReport;
use nengbao::text::Text;
use nengbao::workspace::{SettingsFile, SystemClock};
use nengbao::Workspace;
use std::sync::Mutex;
use tauri::State;

use crate::AppState;

pub mod app;
pub mod backups;
pub mod catalog;
pub mod county;
pub mod dialogs;
pub mod intake_live;
pub mod keys;
pub mod offices;
pub mod print;
pub mod reports;
pub mod submission;

pub use app::*;
pub use backups::*;
pub use catalog::*;
pub use county::*;
pub use dialogs::*;
pub use keys::*;
pub use offices::*;
pub use reports::*;
pub use submission::*;

pub type CmdResult<T> = Result<T, WireError>;

pub(crate) fn wire(e: nengbao::Error) -> WireError {
    WireError::from(&e)
}

/// An error the shell raises itself, in both languages.
fn fail(code: nengbao::ErrorCode, zh: impl Into<String>, en: impl Into<String>) -> WireError {
    WireError::bilingual(code, Text::new(zh, en))
}

/// What the system (the window, the file manager) answered when it refused, in its own words.
fn system(e: impl std::fmt::Display) -> WireError {
    fail(
        nengbao::ErrorCode::Internal,
        format!("系统未能完成操作：{e}"),
        format!("the system could not do it: {e}"),
    )
}

/// Locks a piece of the app's state; a lock another command panicked while holding means the
/// state may be half changed, so the user is told to restart rather than go on.
fn lock<'a, T>(m: &'a Mutex<T>, zh: &str, en: &str) -> CmdResult<std::sync::MutexGuard<'a, T>> {
    m.lock().map_err(|_| {
        fail(
            nengbao::ErrorCode::Internal,
            format!("内部错误：{zh}的状态已损坏，请关闭并重新打开能报（已保存的数据不受影响）"),
            format!("internal error: the {en} state is damaged; close and reopen Nengbao (saved data is not affected)"),
        )
    })
}

fn no_workspace() -> WireError {
    fail(
        nengbao::ErrorCode::NotFound,
        "没有打开企业工作区：请先在首页选择或新建企业报告",
        "no enterprise workspace is open: choose or create a report on the start screen",
    )
}

fn rd() -> CmdResult<&'static nengbao::refdata::RefData> {
    nengbao::refdata::RefData::builtin().map_err(|e| wire(e.into()))
}

fn with_ws<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Workspace) -> nengbao::Result<T>,
) -> CmdResult<T> {
    let mut guard = lock(&state.workspace, "企业工作区", "enterprise workspace")?;
    let ws = guard.as_mut().ok_or_else(no_workspace)?;
    f(ws).map_err(wire)
}

/// The open enterprise workspace and the settings file together (locked in that order).
fn with_settings<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Workspace, &mut SettingsFile) -> nengbao::Result<T>,
) -> CmdResult<T> {
    let mut guard = lock(&state.workspace, "企业工作区", "enterprise workspace")?;
    let ws = guard.as_mut().ok_or_else(no_workspace)?;
    let mut file = lock(&state.settings, "设置", "settings")?;
    f(ws, &mut file).map_err(wire)
}

/// Runs `f` on a thread of its own, outside the async runtime a command is called on. The
/// PostgreSQL client blocks on a runtime of its own, which tokio refuses inside another one: a
/// county workspace on the shared server is opened, used and dropped only through this.
pub(crate) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

fn with_county<T: Send>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut County) -> nengbao::Result<T> + Send,
) -> CmdResult<T> {
    off_runtime(|| {
        let mut guard = lock(&state.county, "汇总工作区", "intake workspace")?;
        if guard.is_none() {
            let path = state.county_path.clone();
            if state.county_exists() {
                let county = County::open_at(&state.county_location(), Box::new(SystemClock))
                    .map_err(wire)?;
                // Daily rotating backups when the app opens the county workspace, as for the
                // enterprise one at start-up; a failure does not stop the open.
                if let Some(conn) = county.connection() {
                    crate::daily_backup_report(
                        &path,
                        nengbao::workspace::daily_backup(
                            conn,
                            nengbao::county::COUNTY,
                            &path,
                            &SystemClock,
                        ),
                    );
                }
                *guard = Some(county);
            }
        }
        let c = guard.as_mut().ok_or_else(|| {
            fail(
                nengbao::ErrorCode::NotFound,
                "还没有建立汇总工作区：请先在汇总模式的首页建立本机关的工作区，或连接共享汇总服务器",
                "no intake workspace yet: set up this office's workspace on the intake start screen, or connect to the shared intake server",
            )
        })?;
        let result = f(c);
        if c.db().is_closed() {
            // The shared server went away: the next call connects again.
            *guard = None;
        }
        result.map_err(wire)
    })
}

fn parse_report(report: serde_json::Value) -> CmdResult<AnnualReport> {
    let text = report.to_string();
    nengbao::interchange::report_from_json("报告", &text).map_err(wire)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// The shell's own errors say what to do in the user's language: a Chinese half with Chinese
    /// words, an English half without them, and the code the interface branches on.
    #[test]
    fn the_shells_own_errors_carry_both_languages_and_their_code() {
        let poisoned = Mutex::new(0);
        let _ = std::thread::scope(|s| {
            s.spawn(|| {
                let _held = poisoned.lock().unwrap();
                panic!("a command panicked while holding the lock");
            })
            .join()
        });
        let errors = [
            (
                lock(&poisoned, "企业工作区", "enterprise workspace").unwrap_err(),
                nengbao::ErrorCode::Internal,
            ),
            (no_workspace(), nengbao::ErrorCode::NotFound),
            (system("permission denied"), nengbao::ErrorCode::Internal),
        ];
        for (e, code) in errors {
            assert_eq!(e.code, code, "{}", e.message);
            assert!(has_cjk(&e.text.zh), "{}", e.text.zh);
            assert!(!has_cjk(&e.text.en), "{}", e.text.en);
        }
        assert!(lock(&Mutex::new(1), "设置", "settings").is_ok());
    }
}
