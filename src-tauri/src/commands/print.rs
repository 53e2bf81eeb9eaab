//! The print-ready copy of a signed file (打印预览) and the county's lookup of a submission by
//! the digest printed on it (按摘要查找).

use std::path::Path;

use nengbao::county::submissions::DigestFound;
use nengbao::workspace::files;
use serde::Serialize;
use tauri::State;

use super::{wire, with_county, CmdResult};
use crate::AppState;

/// A signed file's print-ready copy: the HTML document the preview shows and prints, and what
/// its every page carries.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PrintPreview {
    pub html: String,
    pub unit: String,
    pub uscc: String,
    pub year: i32,
    /// SM3 of the signed payload (as `nengbao verify` prints it).
    pub digest: String,
    pub fingerprint: String,
    pub revision: u32,
    pub pages: u32,
    /// What every page's QR code holds.
    pub qr_text: String,
}

/// Verifies the signed file at `path` and makes its print-ready copy; an altered, unsigned or
/// unreadable file is refused with what was found.
#[tauri::command(async)]
pub fn print_preview(path: String) -> CmdResult<PrintPreview> {
    let (copy, html) = files::print_html(Path::new(&path)).map_err(wire)?;
    Ok(PrintPreview {
        html,
        pages: u32::try_from(copy.pages.len()).unwrap_or(u32::MAX),
        unit: copy.unit,
        uscc: copy.uscc,
        year: copy.year,
        digest: copy.digest,
        fingerprint: copy.fingerprint,
        revision: copy.revision,
        qr_text: copy.qr_text,
    })
}

/// Writes the print-ready copy of the signed file at `path` to `out` (HTML, to open in a
/// browser and print or save as PDF); returns `out`.
#[tauri::command(async)]
pub fn print_save(path: String, out: String) -> CmdResult<String> {
    files::print_write(Path::new(&path), Path::new(&out)).map_err(wire)?;
    Ok(out)
}

/// Submissions of the county workspace whose SM3 digest matches what the clerk typed or
/// scanned (the whole digest, its first digits, or a printed copy's QR payload).
#[tauri::command(async)]
pub fn county_find(state: State<'_, AppState>, query: String) -> CmdResult<Vec<DigestFound>> {
    with_county(&state, |c| c.find_by_digest(&query))
}
