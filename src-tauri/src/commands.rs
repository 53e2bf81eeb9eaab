//! The commands: each parses its arguments, calls one core use case and maps the error to
//! `{code, message, detail}`. No SQL, rules or user text here.

use std::path::PathBuf;

use nengbao::calc::Computed;
use nengbao::county::summary::CountyTotals;
use nengbao::county::{
    County, FieldDiff, FileResult, ImportOptions, ImportReport, KeyEntry, Progress, RosterStatus,
};
use nengbao::error::WireError;
use nengbao::ledger::LedgerSummary;
use nengbao::model::{AnnualReport, Evidence};
use nengbao::pack::Pack;
use nengbao::store::{ReportSummary, Saved, VersionSummary};
use nengbao::validate::Outcome;
use nengbao::workspace::keys::{self, KeyInfo};
use nengbao::workspace::{files, SystemClock};
use nengbao::xlsx::Verification;
use nengbao::Workspace;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;

use crate::{AppState, Settings};

pub mod intake_live;

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

fn with_county<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut County) -> nengbao::Result<T>,
) -> CmdResult<T> {
    let mut guard = state
        .county
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "county lock poisoned"))?;
    if guard.is_none() {
        let path = state.county_path.clone();
        if state.county_exists() {
            let county =
                County::open_at(&state.county_location(), Box::new(SystemClock)).map_err(wire)?;
            // Daily rotating backups when the app opens the county workspace, as for the
            // enterprise one at start-up; a failure does not stop the open.
            if let Some(conn) = county.connection() {
                crate::daily_backup_report(
                    &path,
                    nengbao::store::backup::auto_backup(
                        conn,
                        nengbao::county::COUNTY,
                        &crate::backups_dir(&path),
                        crate::BACKUPS_KEPT,
                        &crate::backup_day(),
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
}

fn parse_report(report: serde_json::Value) -> CmdResult<AnnualReport> {
    let text = report.to_string();
    nengbao::interchange::report_from_json("报告", &text).map_err(wire)
}

// ---- app ------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppInfo {
    mode: Option<String>,
    workspace_path: String,
    county_path: String,
    version: String,
    rule_pack: String,
    packs: Vec<PackName>,
    settings: Settings,
    /// The defaults of every setting, from the core.
    defaults: Settings,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PackName {
    id: String,
    name: String,
}

fn info(state: &State<'_, AppState>) -> CmdResult<AppInfo> {
    let cfg = state
        .config
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "config lock"))?
        .clone();
    Ok(AppInfo {
        mode: cfg.mode.clone(),
        workspace_path: state.workspace_path.display().to_string(),
        county_path: state.county_location().display(),
        version: nengbao::APP_VERSION.into(),
        rule_pack: nengbao::validate::RULE_PACK_VERSION.into(),
        packs: nengbao::pack::BUILTIN
            .iter()
            .filter_map(|(id, _)| Pack::builtin(id).ok())
            .map(|p| PackName {
                id: p.pack.id.clone(),
                name: p.pack.name.clone(),
            })
            .collect(),
        settings: cfg.settings,
        defaults: Settings::default(),
    })
}

/// The page's answer to a close request (see [`crate::CloseGuard`]): `close` when its edits are
/// saved or the user chose to close anyway; otherwise the window stays open while the user decides.
#[tauri::command]
pub fn app_close_answer<R: tauri::Runtime>(
    window: tauri::Window<R>,
    guard: State<'_, crate::CloseGuard>,
    close: bool,
) -> CmdResult<()> {
    if guard.answer(close) {
        window
            .destroy()
            .map_err(|e| fail(nengbao::ErrorCode::Internal, e.to_string()))?;
    }
    Ok(())
}

/// The user's documents folder (the home folder where the platform names none): where the app
/// offers to save submissions, templates and keys.
#[tauri::command(async)]
pub fn documents_dir<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> CmdResult<String> {
    use tauri::Manager;
    let paths = app.path();
    paths
        .document_dir()
        .or_else(|_| paths.home_dir())
        .map(|p| p.display().to_string())
        .map_err(|e| {
            fail(
                nengbao::ErrorCode::NotFound,
                format!("找不到文档文件夹：{e}"),
            )
        })
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    info(&state)
}

#[tauri::command(async)]
pub fn app_mode_set(state: State<'_, AppState>, mode: String) -> CmdResult<AppInfo> {
    if mode != "enterprise" && mode != "county" {
        return Err(input("mode must be enterprise or county"));
    }
    {
        let mut cfg = state
            .config
            .lock()
            .map_err(|_| fail(nengbao::ErrorCode::Internal, "config lock"))?;
        cfg.mode = Some(mode);
        cfg.save(&state.config_path).map_err(wire)?;
    }
    info(&state)
}

#[tauri::command(async)]
pub fn settings_set(state: State<'_, AppState>, settings: Settings) -> CmdResult<Settings> {
    with_ws(&state, |ws| ws.settings_store(&settings))?;
    let mut cfg = state
        .config
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "config lock"))?;
    let moved = cfg.settings.county_server.trim() != settings.county_server.trim();
    cfg.settings = settings.clone();
    cfg.save(&state.config_path).map_err(wire)?;
    drop(cfg);
    if moved {
        // The county workspace is elsewhere now: the next county call opens it there.
        if let Ok(mut c) = state.county.lock() {
            *c = None;
        }
    }
    Ok(settings)
}

#[tauri::command(async)]
pub fn demo_load(state: State<'_, AppState>) -> CmdResult<Vec<ReportSummary>> {
    let files = state
        .workspace_path
        .parent()
        .map(|d| d.join("demo-files"))
        .unwrap_or_else(|| PathBuf::from("demo-files"));
    with_ws(&state, |ws| {
        nengbao::demo::load(ws, &files)?;
        ws.report_list(None)
    })
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Catalog {
    energy: Vec<nengbao::refdata::CatalogEnergy>,
    /// 能效标杆/基准水平, every edition (the UI picks the one for the report's year).
    benchmarks: Vec<nengbao::refdata::Benchmark>,
    lists: std::collections::BTreeMap<String, Vec<(String, String)>>,
    regions: Vec<nengbao::refdata::CodeEntry>,
    industries: Vec<nengbao::refdata::CodeEntry>,
    /// Intake's closed sets (outcomes, reasons, statuses) with their zh/en labels.
    states: nengbao::county::state::StateLabels,
}

#[tauri::command(async)]
pub fn catalog_get() -> CmdResult<Catalog> {
    let rd = rd()?;
    // Every dropdown list a built-in pack uses, with its entries (coded lists such as the 碳表
    // electricity sources carry their labels).
    let lists = nengbao::pack::list_names()
        .into_iter()
        .map(|l| {
            let entries = nengbao::pack::list_entries(&l, rd);
            (l, entries)
        })
        .collect();
    Ok(Catalog {
        energy: rd.energy.clone(),
        benchmarks: rd.benchmarks.clone(),
        lists,
        regions: rd.regions.clone(),
        industries: rd.industries.clone(),
        states: nengbao::county::state::labels(),
    })
}

#[tauri::command(async)]
pub fn pack_get(id: String) -> CmdResult<Pack> {
    Pack::builtin(&id)
        .cloned()
        .map_err(|e| input(e.to_string()))
}

// ---- enterprise reports ------------------------------------------------------------------------

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

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Checked {
    computed: Option<Computed>,
    /// The CO₂ block (碳排放 screen and the 碳表 tables), with last year's report from the workspace.
    carbon: Option<nengbao::carbon::CarbonView>,
    outcome: Outcome,
}

/// Live validation as the user types: figures and findings located in the chosen pack.
#[tauri::command(async)]
pub fn report_check(
    state: State<'_, AppState>,
    report: serde_json::Value,
    pack: String,
) -> CmdResult<Checked> {
    let r = parse_report(report)?;
    let (computed, carbon, mut outcome) = with_ws(&state, |ws| {
        Ok((
            ws.compute(&r).ok(),
            ws.carbon_view(&r).ok(),
            ws.validate(&r, None)?,
        ))
    })?;
    if let Ok(p) = Pack::builtin(&pack) {
        nengbao::validate::locate(&mut outcome, p);
    }
    Ok(Checked {
        computed,
        carbon,
        outcome,
    })
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

// ---- files ------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Exported {
    path: String,
    signed: bool,
    digest: String,
    fingerprint: Option<String>,
}

#[tauri::command(async)]
#[allow(clippy::too_many_arguments)]
pub fn submission_export(
    state: State<'_, AppState>,
    uscc: String,
    year: i32,
    pack: String,
    out: String,
    draft: bool,
    key_path: String,
    passphrase: String,
) -> CmdResult<Exported> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    let pack = files::pack(&pack).map_err(wire)?;
    let key = if draft {
        None
    } else {
        Some(keys::key_open(std::path::Path::new(&key_path), &passphrase).map_err(wire)?)
    };
    with_ws(&state, |ws| {
        let r = ws.report_load(&uscc, year)?;
        let file = ws.submission_export(&r, pack, key.as_ref(), None, &PathBuf::from(&out))?;
        Ok(Exported {
            path: out.clone(),
            signed: file.signed,
            digest: file.digest,
            fingerprint: file.fingerprint,
        })
    })
}

#[tauri::command(async)]
pub fn submission_verify(path: String) -> CmdResult<Verification> {
    let bytes = std::fs::read(&path).map_err(|e| input(format!("无法读取文件：{e}")))?;
    Ok(nengbao::xlsx::verify(&bytes, rd()?, None))
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Imported {
    pack: String,
    #[cfg_attr(test, ts(type = "Report"))]
    report: AnnualReport,
    issues: Vec<nengbao::pack::Issue>,
}

#[tauri::command(async)]
pub fn xlsx_import(path: String) -> CmdResult<Imported> {
    let i = files::workbook_import(std::path::Path::new(&path)).map_err(wire)?;
    Ok(Imported {
        pack: i.pack,
        report: i.report,
        issues: i.issues,
    })
}

#[tauri::command(async)]
pub fn template_save(pack: String, year: i32, out: String) -> CmdResult<String> {
    files::template_write(&pack, year, std::path::Path::new(&out)).map_err(wire)?;
    Ok(out)
}

#[tauri::command(async)]
pub fn folder_reveal(path: String) -> CmdResult<()> {
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| input(e.to_string()))
}

/// Asks for a file (or folder) to open. Runs in the shell, so the page needs no file access.
#[tauri::command(async)]
pub fn dialog_open<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    title: String,
    extensions: Vec<String>,
    directory: bool,
    multiple: bool,
) -> CmdResult<Vec<String>> {
    use tauri_plugin_dialog::DialogExt;
    let mut d = app.dialog().file().set_title(&title);
    if !extensions.is_empty() {
        let ext: Vec<&str> = extensions.iter().map(String::as_str).collect();
        d = d.add_filter(&title, &ext);
    }
    let picked: Vec<tauri_plugin_dialog::FilePath> = if directory {
        d.blocking_pick_folder().into_iter().collect()
    } else if multiple {
        d.blocking_pick_files().unwrap_or_default()
    } else {
        d.blocking_pick_file().into_iter().collect()
    };
    Ok(picked.into_iter().map(|p| p.to_string()).collect())
}

/// Asks where to save a file.
#[tauri::command(async)]
pub fn dialog_save<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    title: String,
    default_name: String,
) -> CmdResult<Option<String>> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let mut d = app.dialog().file().set_title(&title);
    // A full default path opens its folder; a bare name opens the documents folder.
    let default = std::path::Path::new(&default_name);
    match (default.parent(), default.file_name()) {
        (Some(dir), Some(name)) if dir.is_dir() => {
            d = d
                .set_directory(dir)
                .set_file_name(name.to_string_lossy().as_ref());
        }
        (_, name) => {
            if let Ok(dir) = app.path().document_dir() {
                d = d.set_directory(dir);
            }
            let name = name.map(|n| n.to_string_lossy().into_owned());
            d = d.set_file_name(name.as_deref().unwrap_or(&default_name));
        }
    }
    Ok(d.blocking_save_file().map(|p| p.to_string()))
}

// ---- keys -------------------------------------------------------------------------------------

#[tauri::command(async)]
pub fn key_create(path: String, passphrase: String) -> CmdResult<KeyInfo> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    keys::key_create(std::path::Path::new(&path), &passphrase).map_err(wire)
}

#[tauri::command(async)]
pub fn key_show(path: String) -> CmdResult<KeyInfo> {
    keys::key_show(std::path::Path::new(&path)).map_err(wire)
}

#[tauri::command(async)]
pub fn key_passwd(path: String, old: String, next: String) -> CmdResult<KeyInfo> {
    let (old, next) = (zeroize::Zeroizing::new(old), zeroize::Zeroizing::new(next));
    keys::key_passwd(std::path::Path::new(&path), &old, &next).map_err(wire)
}

// ---- backups ----------------------------------------------------------------------------------

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> CmdResult<String> {
    let dir = state
        .workspace_path
        .parent()
        .map(|d| d.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"));
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let dest = dir.join(format!("workspace-manual-{stamp}.db"));
    std::fs::create_dir_all(&dir).map_err(|e| input(e.to_string()))?;
    with_ws(&state, |ws| ws.backup(&dest))?;
    Ok(dest.display().to_string())
}

#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, from: String) -> CmdResult<String> {
    let mut guard = state
        .workspace
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "workspace lock poisoned"))?;
    // Close the open workspace before its file is replaced, then reopen.
    guard.take();
    let stamp = chrono::Local::now().format("%Y%m%d%H%M%S").to_string();
    let result = nengbao::store::backup::restore(
        &state.workspace_path,
        &PathBuf::from(&from),
        nengbao::store::ENTERPRISE,
        &stamp,
    );
    *guard = Some(Workspace::open(&state.workspace_path, Box::new(SystemClock)).map_err(wire)?);
    let kept = result.map_err(|e| wire(e.into()))?;
    Ok(kept.map(|k| k.display().to_string()).unwrap_or_default())
}

// ---- county -----------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CountyInfo {
    path: String,
    division: String,
    name: String,
    /// 县级, 市级 or 省级.
    level: nengbao::county::state::OfficeLevel,
}

#[tauri::command(async)]
pub fn county_info(state: State<'_, AppState>) -> CmdResult<Option<CountyInfo>> {
    if !state.county_exists() {
        return Ok(None);
    }
    with_county(&state, |c| {
        let division = c.division()?;
        if division.is_empty() {
            // A database on the shared server with no workspace in it yet.
            return Ok(None);
        }
        Ok(Some(CountyInfo {
            path: String::new(),
            division,
            name: c.name()?,
            level: c.level()?,
        }))
    })
    .map(|i| {
        i.map(|mut i| {
            i.path = state.county_location().display();
            i
        })
    })
}

#[tauri::command(async)]
pub fn county_init(
    state: State<'_, AppState>,
    division: String,
    name: String,
    level: Option<nengbao::county::state::OfficeLevel>,
) -> CmdResult<CountyInfo> {
    let level = level.unwrap_or(nengbao::county::state::OfficeLevel::County);
    let c = County::init_level_at(
        &state.county_location(),
        level,
        &division,
        &name,
        Box::new(SystemClock),
    )
    .map_err(wire)?;
    let info = CountyInfo {
        path: state.county_location().display(),
        division: c.division().map_err(wire)?,
        name: c.name().map_err(wire)?,
        level: c.level().map_err(wire)?,
    };
    *state
        .county
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "county lock"))? = Some(c);
    Ok(info)
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
    let mut county =
        County::open_at(&state.county_location(), Box::new(SystemClock)).map_err(wire)?;
    if let Ok(config) = state.config.lock() {
        county.set_actor(&config.settings.actor);
    }
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    *state
        .import_cancel
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "import lock"))? = Some(cancel.clone());
    let opts = ImportOptions {
        trust_new,
        year,
        cancel: Some(cancel),
    };
    let result = county.import(&inputs, &opts, &|p| {
        let _ = channel.send(p.clone());
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
    let mut county =
        County::open_at(&state.county_location(), Box::new(SystemClock)).map_err(wire)?;
    if let Ok(config) = state.config.lock() {
        county.set_actor(&config.settings.actor);
    }
    let opts = ImportOptions {
        trust_new,
        year,
        cancel: None,
    };
    county
        .reprocess(&sha256s, &opts, &|p| {
            let _ = channel.send(p.clone());
        })
        .map_err(wire)
}

/// Asks the running import to stop after the files in work; false when none is running.
#[tauri::command]
pub fn county_import_cancel(state: State<'_, AppState>) -> CmdResult<bool> {
    let guard = state
        .import_cancel
        .lock()
        .map_err(|_| fail(nengbao::ErrorCode::Internal, "import lock"))?;
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CountySubmission {
    #[cfg_attr(test, ts(type = "Report"))]
    report: AnnualReport,
    computed: Option<Computed>,
    outcome: Outcome,
    versions: Vec<nengbao::county::VersionRow>,
}

#[tauri::command(async)]
pub fn county_submission(
    state: State<'_, AppState>,
    uscc: String,
    year: i32,
    version: Option<i64>,
) -> CmdResult<CountySubmission> {
    let rd = rd()?;
    with_county(&state, |c| {
        let report = c.report(&uscc, year, version)?;
        let computed = nengbao::calc::compute(&report, rd).ok();
        let outcome = c
            .current(year)?
            .into_iter()
            .find(|s| s.uscc == uscc)
            .map(|s| s.findings)
            .unwrap_or_else(|| {
                nengbao::validate::validate(
                    &report,
                    rd,
                    None,
                    &[],
                    &nengbao::validate::Settings::from_refdata(rd),
                )
            });
        Ok(CountySubmission {
            versions: c.versions(&uscc, year)?,
            report,
            computed,
            outcome,
        })
    })
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
    with_county(&state, |c| {
        let bytes = c.summary_workbook(year)?;
        nengbao::interchange::write_atomic(&PathBuf::from(&out), &bytes)?;
        Ok(out.clone())
    })
}

// ---- offices at three levels -------------------------------------------------------------------

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
    let key = keys::key_open(std::path::Path::new(&key_path), &passphrase).map_err(wire)?;
    with_county(&state, |c| {
        let s = c.summary_signed(year, &key)?;
        nengbao::interchange::write_atomic(&PathBuf::from(&out), &s.bytes)?;
        Ok(s)
    })
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

// ---- key card ---------------------------------------------------------------------------------

/// The key card of a unit's key: the public key as text and as a QR code beside the fingerprint.
#[tauri::command(async)]
pub fn key_card(
    name: String,
    uscc: String,
    public_key: String,
    date: String,
) -> CmdResult<nengbao::keycard::KeyCard> {
    nengbao::keycard::card(&name, &uscc, &public_key, &date).map_err(wire)
}

/// Writes the key card as a small file (`nengbao.keycard/1`) the county registers units from.
#[tauri::command(async)]
pub fn key_card_save(
    name: String,
    uscc: String,
    public_key: String,
    date: String,
    out: String,
) -> CmdResult<String> {
    let card = nengbao::keycard::card(&name, &uscc, &public_key, &date).map_err(wire)?;
    let path = PathBuf::from(&out);
    nengbao::interchange::write_atomic(&path, nengbao::keycard::to_text(&card).as_bytes())
        .map_err(wire)?;
    Ok(path.display().to_string())
}

/// Key cards to register at once: a folder of card files, one card file, or a CSV list of credit
/// code and public key; each card with its fingerprint, and what could not be read.
#[tauri::command(async)]
pub fn key_cards_read(path: String) -> CmdResult<nengbao::keycard::CardsRead> {
    nengbao::keycard::read_cards_for_registry(std::path::Path::new(&path)).map_err(wire)
}
