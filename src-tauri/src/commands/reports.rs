//! Enterprise reports: list, load, new, save, check, versions, ledger summary, evidence.

use std::path::PathBuf;

use nengbao::calc::Computed;
use nengbao::ledger::LedgerSummary;
use nengbao::model::{AnnualReport, Evidence};
use nengbao::store::{ReportSummary, Saved, VersionSummary};
use nengbao::workspace::ScreenCheck;
use tauri::State;

use super::{parse_report, with_ws, CmdResult};
use crate::AppState;

#[tauri::command(async)]
pub fn report_list(state: State<'_, AppState>) -> CmdResult<Vec<ReportSummary>> {
    with_ws(&state, |ws| ws.report_list(None))
}

#[tauri::command(async)]
pub fn report_get(state: State<'_, AppState>, uscc: String, year: i32) -> CmdResult<AnnualReport> {
    with_ws(&state, |ws| ws.report_load(&uscc, year))
}

#[tauri::command(async)]
pub fn report_new(
    state: State<'_, AppState>,
    year: i32,
    from_uscc: Option<String>,
) -> CmdResult<AnnualReport> {
    with_ws(&state, |ws| ws.report_new(year, from_uscc.as_deref()))
}

/// Corrects an enterprise's credit code: the same unit, its reports and history move with it.
#[tauri::command(async)]
pub fn enterprise_recode(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> CmdResult<Vec<ReportSummary>> {
    with_ws(&state, |ws| {
        ws.enterprise_recode(&old, &new)?;
        ws.report_list(None)
    })
}

/// Archives an enterprise (it leaves the selector) or brings it back.
#[tauri::command(async)]
pub fn enterprise_archive(
    state: State<'_, AppState>,
    uscc: String,
    archived: bool,
) -> CmdResult<Vec<ReportSummary>> {
    with_ws(&state, |ws| {
        ws.enterprise_archive(&uscc, archived)?;
        ws.report_list(None)
    })
}

#[tauri::command(async)]
pub fn report_save(state: State<'_, AppState>, report: serde_json::Value) -> CmdResult<Saved> {
    let r = parse_report(report)?;
    with_ws(&state, |ws| ws.report_save(&r))
}

/// Live validation as the user types: figures and findings located in the chosen pack.
#[tauri::command(async)]
pub fn report_check(
    state: State<'_, AppState>,
    report: serde_json::Value,
    pack: String,
) -> CmdResult<ScreenCheck> {
    let r = parse_report(report)?;
    with_ws(&state, |ws| ws.report_check_screen(&r, &pack))
}

#[tauri::command(async)]
pub fn report_compute(
    state: State<'_, AppState>,
    report: serde_json::Value,
) -> CmdResult<Computed> {
    let r = parse_report(report)?;
    with_ws(&state, |ws| ws.compute(&r))
}

#[tauri::command(async)]
pub fn report_versions(
    state: State<'_, AppState>,
    uscc: String,
    year: i32,
) -> CmdResult<Vec<VersionSummary>> {
    with_ws(&state, |ws| ws.report_versions(&uscc, year))
}

#[tauri::command(async)]
pub fn report_version_get(
    state: State<'_, AppState>,
    uscc: String,
    year: i32,
    version: i64,
) -> CmdResult<AnnualReport> {
    with_ws(&state, |ws| ws.report_version_load(&uscc, year, version))
}

#[tauri::command(async)]
pub fn ledger_summary(report: serde_json::Value) -> CmdResult<LedgerSummary> {
    Ok(nengbao::ledger::summary(&parse_report(report)?))
}

#[tauri::command(async)]
pub fn evidence_add(state: State<'_, AppState>, path: String, kind: String) -> CmdResult<Evidence> {
    with_ws(&state, |ws| ws.evidence_add(&PathBuf::from(&path), &kind))
}
