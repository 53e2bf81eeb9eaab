//! Backups of the enterprise workspace on demand, and restoring one.

use std::path::PathBuf;

use nengbao::workspace::SystemClock;
use nengbao::Workspace;
use tauri::State;

use super::{fail, input, wire, with_ws, CmdResult};
use crate::AppState;

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
