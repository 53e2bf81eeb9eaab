//! The county workspace: set-up, intake (import, reprocess, log), roster, keys, totals, targets,
//! a unit's submission and its diff, the summary workbook.

use std::path::{Path, PathBuf};

use nengbao::county::office::Office;
use nengbao::county::summary::CountyTotals;
use nengbao::county::{
    County, FieldDiff, FileResult, ImportOptions, ImportReport, KeyEntry, Progress, RosterStatus,
};
use nengbao::workspace::SystemClock;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use super::{lock, off_runtime, wire, with_county, CmdResult};
use crate::AppState;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CountyInfo {
    path: String,
    division: String,
    name: String,
    /// 县级, 市级 or 省级.
    level: nengbao::county::state::OfficeLevel,
}

impl CountyInfo {
    fn of(state: &AppState, o: Office) -> Self {
        CountyInfo {
            path: state.county_location().display(),
            division: o.division,
            name: o.name,
            level: o.level,
        }
    }
}

#[tauri::command(async)]
pub fn county_info(state: State<'_, AppState>) -> CmdResult<Option<CountyInfo>> {
    if !state.county_exists() {
        return Ok(None);
    }
    let office = with_county(&state, |c| c.office())?;
    // A database on the shared server with no workspace in it yet has no division.
    Ok((!office.division.is_empty()).then(|| CountyInfo::of(&state, office)))
}

#[tauri::command(async)]
pub fn county_init(
    state: State<'_, AppState>,
    division: String,
    name: String,
    level: Option<nengbao::county::state::OfficeLevel>,
) -> CmdResult<CountyInfo> {
    let level = level.unwrap_or(nengbao::county::state::OfficeLevel::County);
    off_runtime(|| {
        let c = County::init_level_at(
            &state.county_location(),
            level,
            &division,
            &name,
            Box::new(SystemClock),
        )
        .map_err(wire)?;
        let info = CountyInfo::of(&state, c.office().map_err(wire)?);
        *lock(&state.county, "汇总工作区", "intake workspace")? = Some(c);
        Ok(info)
    })
}

/// Imports files and folders, reporting each file's outcome on `channel` as it is decided. The
/// import runs on its own connection to the county database, so the other county screens stay
/// usable meanwhile (they see each group of files as it is committed); `county_import_cancel`
/// stops it after the files in work.
#[tauri::command(async)]
pub fn county_import(
    state: State<'_, AppState>,
    paths: Vec<String>,
    trust_new: bool,
    year: Option<i32>,
    channel: Channel<Progress>,
) -> CmdResult<ImportReport> {
    let inputs: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    // Opens (and, the first time, backs up) the shared connection, so the workspace exists.
    with_county(&state, |_| Ok(()))?;
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    *lock(&state.import_cancel, "导入任务", "import")? = Some(cancel.clone());
    let opts = ImportOptions {
        trust_new,
        year,
        cancel: Some(cancel),
    };
    let result = off_runtime(|| {
        let mut county = County::open_at(&state.county_location(), Box::new(SystemClock))?;
        county.set_actor(&state.actor());
        county.import(&inputs, &opts, &|p| {
            let _ = channel.send(p.clone());
        })
    });
    if let Ok(mut c) = state.import_cancel.lock() {
        *c = None;
    }
    result.map_err(wire)
}

/// Processes received files again from the bytes the county kept (重新处理), on the import's
/// own connection like `county_import`.
#[tauri::command(async)]
pub fn county_reprocess(
    state: State<'_, AppState>,
    sha256s: Vec<String>,
    trust_new: bool,
    year: Option<i32>,
    channel: Channel<Progress>,
) -> CmdResult<ImportReport> {
    with_county(&state, |_| Ok(()))?;
    let opts = ImportOptions {
        trust_new,
        year,
        cancel: None,
    };
    off_runtime(|| {
        let mut county = County::open_at(&state.county_location(), Box::new(SystemClock))?;
        county.set_actor(&state.actor());
        county.reprocess(&sha256s, &opts, &|p| {
            let _ = channel.send(p.clone());
        })
    })
    .map_err(wire)
}

/// Asks the running import to stop after the files in work; false when none is running.
#[tauri::command]
pub fn county_import_cancel(state: State<'_, AppState>) -> CmdResult<bool> {
    let guard = lock(&state.import_cancel, "导入任务", "import")?;
    Ok(match guard.as_ref() {
        Some(flag) => {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            true
        }
        None => false,
    })
}

/// The intake log: every import run, newest first.
#[tauri::command(async)]
pub fn county_import_runs(
    state: State<'_, AppState>,
) -> CmdResult<Vec<nengbao::county::ImportRun>> {
    with_county(&state, |c| c.import_runs())
}

/// Each file's outcome in one run of the intake log (every run when `run` is none).
#[tauri::command(async)]
pub fn county_import_log(
    state: State<'_, AppState>,
    run: Option<i64>,
) -> CmdResult<Vec<nengbao::county::LogEntry>> {
    with_county(&state, |c| c.import_log(run))
}

#[tauri::command(async)]
pub fn county_files(state: State<'_, AppState>) -> CmdResult<Vec<FileResult>> {
    with_county(&state, |c| c.files())
}

#[tauri::command(async)]
pub fn county_roster_import(
    state: State<'_, AppState>,
    path: String,
    year: i32,
) -> CmdResult<Vec<RosterStatus>> {
    let rows = nengbao::county::roster::read_roster_file(&PathBuf::from(&path)).map_err(wire)?;
    with_county(&state, |c| {
        c.roster_set(year, &rows)?;
        c.roster_status(year)
    })
}

#[tauri::command(async)]
pub fn county_roster(state: State<'_, AppState>, year: i32) -> CmdResult<Vec<RosterStatus>> {
    with_county(&state, |c| c.roster_status(year))
}

#[tauri::command(async)]
pub fn county_keys(state: State<'_, AppState>) -> CmdResult<Vec<KeyEntry>> {
    with_county(&state, |c| c.keys())
}

#[tauri::command(async)]
pub fn county_key_trust(
    state: State<'_, AppState>,
    uscc: String,
    fingerprint: String,
) -> CmdResult<usize> {
    with_county(&state, |c| c.key_trust(&uscc, &fingerprint))
}

/// Rejects a key seen on held files of a unit; its files are discarded with the reason.
#[tauri::command(async)]
pub fn county_key_reject(
    state: State<'_, AppState>,
    uscc: String,
    fingerprint: String,
    why: String,
) -> CmdResult<usize> {
    with_county(&state, |c| c.key_reject(&uscc, &fingerprint, &why))
}

#[tauri::command(async)]
pub fn county_key_register(
    state: State<'_, AppState>,
    uscc: String,
    name: String,
    public_key: String,
) -> CmdResult<KeyEntry> {
    with_county(&state, |c| c.key_register(&uscc, &name, &public_key))
}

#[tauri::command(async)]
pub fn county_totals(state: State<'_, AppState>, year: i32) -> CmdResult<CountyTotals> {
    with_county(&state, |c| c.totals(year))
}

#[tauri::command(async)]
pub fn county_target_set(
    state: State<'_, AppState>,
    year: i32,
    pollutant: String,
    tonnes: String,
    source: String,
) -> CmdResult<()> {
    with_county(&state, |c| c.target_set(year, &pollutant, &tonnes, &source))
}

pub use nengbao::county::CountySubmission;

/// A unit's report, figures, findings and versions for 报告查看.
#[tauri::command(async)]
pub fn county_submission(
    state: State<'_, AppState>,
    uscc: String,
    year: i32,
    version: Option<i64>,
) -> CmdResult<CountySubmission> {
    with_county(&state, |c| c.submission_view(&uscc, year, version))
}

#[tauri::command(async)]
pub fn county_diff(
    state: State<'_, AppState>,
    uscc: String,
    year: i32,
) -> CmdResult<Vec<FieldDiff>> {
    with_county(&state, |c| c.diff(&uscc, year, None, None))
}

#[tauri::command(async)]
pub fn county_summary_save(
    state: State<'_, AppState>,
    year: i32,
    out: String,
) -> CmdResult<String> {
    with_county(&state, |c| c.summary_workbook_to(year, Path::new(&out)))?;
    Ok(out)
}
