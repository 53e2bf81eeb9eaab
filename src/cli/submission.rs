//! Submission files: export (signed or draft), verify, inspect, the blank template, import of a
//! filled workbook.

use std::io::Write;
use std::path::Path;

use nengbao::error::Error;
use nengbao::interchange::read_report;
use nengbao::workspace::files;
use nengbao::xlsx::Status;

use super::{
    existing_or_memory, out_err, print_json, render, Format, EXIT_BROKEN, EXIT_FINDINGS, EXIT_OK,
    EXIT_UNSIGNED,
};

/// The arguments of `nengbao export`.
pub(super) struct ExportArgs<'a> {
    pub report: &'a Path,
    pub key: Option<&'a Path>,
    pub pack: &'a str,
    pub dest: &'a Path,
    pub draft: bool,
    pub prior: Option<&'a Path>,
    pub db: Option<&'a Path>,
}

pub(super) fn export(a: &ExportArgs<'_>, out: &mut dyn Write) -> Result<u8, Error> {
    let r = read_report(a.report)?;
    let prior = a.prior.map(read_report).transpose()?;
    let pack = files::pack(a.pack)?;
    let mut ws = existing_or_memory(a.db)?;
    let key = match (a.key, a.draft) {
        (Some(k), false) => {
            let pass = super::keys::passphrase("密钥口令：", false)?;
            Some(nengbao::workspace::keys::key_open(k, &pass)?)
        }
        _ => None,
    };
    let exported = ws.submission_export(&r, pack, key.as_ref(), prior.as_ref(), a.dest)?;
    writeln!(
        out,
        "{}  {}  SM3 {}{}",
        a.dest.display(),
        if exported.signed {
            "已签名"
        } else {
            "草稿（未签名）"
        },
        exported.digest,
        exported
            .fingerprint
            .map(|f| format!("  公钥指纹 {f}"))
            .unwrap_or_default()
    )
    .map_err(out_err)?;
    Ok(EXIT_OK)
}

pub(super) fn verify(
    file: &Path,
    format: Format,
    trust: Option<&str>,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let v = files::submission_verify(file, trust)?;
    // Not an enterprise's submission: an office's signed summary is checked as one.
    if v.status == Status::UnknownFormat {
        if let Some(s) = files::summary_verify(file, trust)? {
            match format {
                Format::Json => print_json(out, &s)?,
                Format::Text => render::summary_verification(out, &s).map_err(out_err)?,
            }
            return Ok(exit_of(s.status));
        }
    }
    match format {
        Format::Json => print_json(out, &v)?,
        Format::Text => render::verification(out, &v).map_err(out_err)?,
    }
    Ok(exit_of(v.status))
}

fn exit_of(status: Status) -> u8 {
    match status {
        Status::Valid => EXIT_OK,
        Status::Tampered | Status::BadSignature => EXIT_BROKEN,
        Status::Unsigned | Status::UnknownFormat => EXIT_UNSIGNED,
    }
}

pub(super) fn print(file: &Path, dest: &Path, out: &mut dyn Write) -> Result<u8, Error> {
    let copy = files::print_write(file, dest)?;
    writeln!(
        out,
        "{}  打印件 {} 页  SM3 {}  公钥指纹 {}",
        dest.display(),
        copy.pages.len(),
        copy.digest,
        copy.fingerprint
    )
    .map_err(out_err)?;
    Ok(EXIT_OK)
}

pub(super) fn inspect(file: &Path, format: Format, out: &mut dyn Write) -> Result<u8, Error> {
    let i = files::submission_inspect(file)?;
    match format {
        Format::Json => print_json(out, &i)?,
        Format::Text => {
            writeln!(out, "表式：{}", i.pack).map_err(out_err)?;
            for (k, v) in &i.manifest {
                writeln!(out, "{k}: {v}").map_err(out_err)?;
            }
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn template(
    pack: &str,
    year: i32,
    dest: &Path,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    files::template_write(pack, year, dest)?;
    writeln!(out, "{}", dest.display()).map_err(out_err)?;
    Ok(EXIT_OK)
}

pub(super) fn import(
    file: &Path,
    dest: &Path,
    format: Format,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let imported = files::workbook_import_to(file, dest)?;
    match format {
        Format::Json => print_json(
            out,
            &serde_json::json!({"pack": imported.pack, "out": dest.display().to_string(), "issues": imported.issues}),
        )?,
        Format::Text => render::import_issues(out, &imported, dest).map_err(out_err)?,
    }
    let errors = imported.issues.iter().any(|i| i.severity == "error");
    Ok(if errors { EXIT_FINDINGS } else { EXIT_OK })
}
