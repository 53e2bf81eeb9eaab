//! The commands, one submodule per area: each command parses its arguments, calls one core use
//! case and maps the error to `{code, message, detail}`. No SQL, rules, clock or user text here.
//! This file holds what every area shares: the error mapping and the two open workspaces.

use nengbao::county::County;
use nengbao::error::WireError;
use nengbao::model::AnnualReport;
use nengbao::workspace::{SettingsFile, SystemClock};
use nengbao::Workspace;
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

fn fail(code: nengbao::ErrorCode, message: impl Into<String>) -> WireError {
    WireError::new(code, message)
}

fn input(message: impl Into<String>) -> WireError {
    fail(nengbao::ErrorCode::InvalidInput, message)
}

fn rd() -> CmdResult<&'static nengbao::refdata::RefData> {
    nengbao::refdata::RefData::builtin().map_err(|e| wire(e.into()))
}

fn with_ws<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Workspace) -> nengbao::Result<T>,
) -> CmdResult<T> {
    let mut guard = state
        .workspace
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "workspace lock poisoned"))?;
    let ws = guard
        .as_mut()
        .ok_or_else(|| fail(nengbao::ErrorCode::NotFound, "没有打开企业工作区"))?;
    f(ws).map_err(wire)
}

/// The open enterprise workspace and the settings file together (locked in that order).
fn with_settings<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Workspace, &mut SettingsFile) -> nengbao::Result<T>,
) -> CmdResult<T> {
    let mut guard = state
        .workspace
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "workspace lock poisoned"))?;
    let ws = guard
        .as_mut()
        .ok_or_else(|| fail(nengbao::ErrorCode::NotFound, "没有打开企业工作区"))?;
    let mut file = state
        .settings
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "settings lock poisoned"))?;
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
        let mut guard = state
            .county
            .lock()
            .map_err(|_| fail(nengbao::ErrorCode::Internal, "county lock poisoned"))?;
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
        let c = guard
            .as_mut()
            .ok_or_else(|| fail(nengbao::ErrorCode::NotFound, "还没有建立县级工作区"))?;
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
