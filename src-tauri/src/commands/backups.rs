//! Backups of the enterprise workspace on demand, and restoring one.

use std::path::Path;

use nengbao::workspace::{restore_workspace, SystemClock};
use tauri::State;

use super::{lock, wire, with_ws, CmdResult};
use crate::AppState;

/// A backup now, beside the daily ones; returns its path.
#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> CmdResult<String> {
    with_ws(&state, |ws| ws.backup_manual()).map(|p| p.display().to_string())
}

/// Restores the workspace from a backup; returns where the replaced file was kept.
#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, from: String) -> CmdResult<String> {
    let mut guard = lock(&state.workspace, "企业工作区", "enterprise workspace")?;
    // Close the open workspace before its file is replaced, then reopen.
    guard.take();
    let result = restore_workspace(
        &state.workspace_path,
        Path::new(&from),
        &SystemClock,
        &state.actor(),
    );
    *guard = Some(state.open_workspace().map_err(wire)?);
    let kept = result.map_err(wire)?;
    Ok(kept.map(|k| k.display().to_string()).unwrap_or_default())
}
