//! Submission files: signed or draft export, verify, workbook import, blank template.

use std::path::PathBuf;

use nengbao::model::AnnualReport;
use nengbao::workspace::{files, keys};
use nengbao::xlsx::Verification;
use serde::Serialize;
use tauri::State;

use super::{wire, with_ws, CmdResult};
use crate::AppState;

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
    files::file_verify(std::path::Path::new(&path)).map_err(wire)
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
