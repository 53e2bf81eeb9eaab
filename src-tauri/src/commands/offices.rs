//! Offices at three levels: this office's signed summary, the offices below, their keys.

use std::path::Path;

use nengbao::workspace::keys;
use tauri::State;

use super::{wire, with_county, CmdResult};
use crate::AppState;

/// Signs this office's summary of a year with its key and saves it: the readable workbook with
/// every counted unit's own signed report inside, for the level above.
#[tauri::command(async)]
pub fn county_summary_sign(
    state: State<'_, AppState>,
    year: i32,
    out: String,
    key_path: String,
    passphrase: String,
) -> CmdResult<nengbao::county::office::SignedSummary> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    let key = keys::key_open(Path::new(&key_path), &passphrase).map_err(wire)?;
    with_county(&state, |c| c.summary_sign_to(year, &key, Path::new(&out)))
}

/// The offices directly below and their summaries of a year.
#[tauri::command(async)]
pub fn county_offices(
    state: State<'_, AppState>,
    year: i32,
) -> CmdResult<Vec<nengbao::county::office::OfficeStatus>> {
    with_county(&state, |c| c.offices(year))
}

/// This level's totals split by the office that carried each unit's report.
#[tauri::command(async)]
pub fn county_office_totals(
    state: State<'_, AppState>,
    year: i32,
) -> CmdResult<Vec<nengbao::county::upward::OfficeTotal>> {
    with_county(&state, |c| c.totals_by_office(year))
}

/// What re-checking the offices' summaries and comparing offices found.
#[tauri::command(async)]
pub fn county_office_findings(
    state: State<'_, AppState>,
    year: i32,
) -> CmdResult<Vec<nengbao::county::upward::OfficeFinding>> {
    with_county(&state, |c| c.office_findings(year))
}

/// The subordinate offices' keys: trusted, and held on summaries.
#[tauri::command(async)]
pub fn county_office_keys(
    state: State<'_, AppState>,
) -> CmdResult<Vec<nengbao::county::upward::OfficeKeyEntry>> {
    with_county(&state, |c| c.office_keys())
}

#[tauri::command(async)]
pub fn county_office_trust(
    state: State<'_, AppState>,
    division: String,
    fingerprint: String,
) -> CmdResult<usize> {
    with_county(&state, |c| c.office_trust(&division, &fingerprint))
}

#[tauri::command(async)]
pub fn county_office_reject(
    state: State<'_, AppState>,
    division: String,
    fingerprint: String,
    why: String,
) -> CmdResult<usize> {
    with_county(&state, |c| c.office_reject(&division, &fingerprint, &why))
}
