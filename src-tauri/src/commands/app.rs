//! The app itself: mode, settings, packs, the close handshake, the demo.

use nengbao::pack::Pack;
use nengbao::store::ReportSummary;
use serde::Serialize;
use tauri::State;

use super::{fail, off_runtime, system, wire, with_settings, with_ws, CmdResult};
use crate::{AppState, Settings};

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
    let (mode, settings) = with_settings(state, |ws, file| {
        Ok((file.mode().map(str::to_string), ws.settings(file)?))
    })?;
    Ok(AppInfo {
        mode,
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
        settings,
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
        window.destroy().map_err(system)?;
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
                format!("no documents folder: {e}"),
            )
        })
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    info(&state)
}

#[tauri::command(async)]
pub fn app_mode_set(state: State<'_, AppState>, mode: String) -> CmdResult<AppInfo> {
    with_settings(&state, |_, file| file.set_mode(&mode))?;
    info(&state)
}

/// Stores the settings, each in its one place (the core decides which).
#[tauri::command(async)]
pub fn settings_set(state: State<'_, AppState>, settings: Settings) -> CmdResult<Settings> {
    let moved = with_settings(&state, |ws, file| ws.settings_store(file, &settings))?;
    if moved {
        // The county workspace is elsewhere now: the next county call opens it there.
        // (Dropped off the runtime: a connection to the shared server closes by blocking.)
        let old = state.county.lock().ok().and_then(|mut c| c.take());
        off_runtime(move || drop(old));
    }
    Ok(settings)
}

#[tauri::command(async)]
pub fn demo_load(state: State<'_, AppState>) -> CmdResult<Vec<ReportSummary>> {
    with_ws(&state, |ws| {
        ws.demo_load()?;
        ws.report_list(None)
    })
}

#[tauri::command(async)]
pub fn pack_get(id: String) -> CmdResult<Pack> {
    Pack::builtin(&id).cloned().map_err(|e| wire(e.into()))
}
