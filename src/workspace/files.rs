//! Files handled outside an open workspace: a database file's kind, backup and restore, the
//! audit chain of a database on disk, and the workbooks a unit or county hands around (verify,
//! inspect, import, blank template). The CLI and the desktop shell call these; neither reads a
//! workbook or opens a database itself.

use std::path::{Path, PathBuf};

use super::Clock;
use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::refdata::RefData;
use crate::store::{self, Kind};
use crate::text::Text;

fn refdata() -> Result<&'static RefData> {
    Ok(RefData::builtin()?)
}

/// The bytes of a file handed in by the user (an unreadable file is the user's input problem;
/// one open in Excel on Windows is said to be so).
pub fn read_input(file: &Path) -> Result<Vec<u8>> {
    crate::interchange::read_user_file(file)
}

fn input(file: &Path, message: Text) -> Error {
    Error::input(Text::same(file.display().to_string()), message)
}

/// A `postgres://` URL given where a database file is expected: a county workspace on a shared
/// intake server.
fn on_server(db: &Path) -> Option<store::Location> {
    let location = store::Location::from_path(db);
    location.is_postgres().then_some(location)
}

/// Which kind of workspace (enterprise or county) the database file `db` is.
pub fn database_kind(db: &Path) -> Result<Kind> {
    if on_server(db).is_some() {
        return Ok(store::county::COUNTY);
    }
    if !db.is_file() {
        return Err(input(db, Text::same("database not found")));
    }
    let info = store::backup::inspect(db).map_err(|e| input(db, e.text()))?;
    Ok(kind_of(info.application_id))
}

fn kind_of(application_id: i32) -> Kind {
    if application_id == store::county::COUNTY.application_id {
        store::county::COUNTY
    } else {
        store::ENTERPRISE
    }
}

/// Copies the workspace database `db` (either kind) to `dest`, safely while it is in use.
pub fn database_backup(db: &Path, dest: &Path) -> Result<()> {
    if let Some(l) = on_server(db) {
        return Err(input(
            Path::new(&l.display()),
            Text::new(
                "服务器上的工作区由数据库管理员用 pg_dump 备份",
                "a workspace on a server is backed up with pg_dump",
            ),
        ));
    }
    let conn = store::open_kind(db, database_kind(db)?)?;
    Ok(store::backup::backup_to(&conn, dest)?)
}

/// Restores the database `db` from the backup `from` (its kind read from the backup); the
/// current file is kept beside it first, stamped by `clock`. Returns that kept copy's path.
pub fn database_restore(db: &Path, from: &Path, clock: &dyn Clock) -> Result<Option<PathBuf>> {
    if let Some(l) = on_server(db) {
        return Err(input(
            Path::new(&l.display()),
            Text::new(
                "服务器上的工作区由数据库管理员用 pg_restore 恢复",
                "a workspace on a server is restored with pg_restore",
            ),
        ));
    }
    let info = store::backup::inspect(from).map_err(|e| input(from, e.text()))?;
    // The kept copy's stamp and the audit entry's time come from the one clock.
    Ok(store::backup::restore_as(
        db,
        from,
        kind_of(info.application_id),
        &super::backup_stamp(clock),
        &clock.now().to_rfc3339(),
        &super::default_actor(),
    )?)
}

/// Verifies the audit hash chain of the database `db` (either kind).
pub fn audit_verify(db: &Path) -> Result<store::audit::Verdict> {
    if let Some(l) = on_server(db) {
        let d = store::pg::open(&l, store::county::COUNTY)?;
        return Ok(store::audit::verify(&d)?);
    }
    let conn = store::open_kind(db, database_kind(db)?)?;
    Ok(store::audit::verify(&conn)?)
}

/// Verifies the chain of `db` and that it still holds the audit head the signed file `file`
/// (a submission or county summary written from it) recorded.
pub fn audit_verify_against(db: &Path, file: &Path) -> Result<(String, store::audit::Anchored)> {
    let bytes = read_input(file)?;
    let head = crate::xlsx::anchored_head(&bytes, refdata()?)
        .map_err(|e| Error::workbook(file.display(), e))?;
    let v = match on_server(db) {
        Some(l) => {
            store::audit::verify_against(&store::pg::open(&l, store::county::COUNTY)?, &head)?
        }
        None => store::audit::verify_against(&store::open_kind(db, database_kind(db)?)?, &head)?,
    };
    Ok((head, v))
}

/// A unit's workbook held to the reader's limits before it is verified or printed. An office's
/// signed summary is not (a prefecture's inflates far beyond them): the verification names it
/// as a summary, and `summary_verify` checks it.
fn check_unit_container(file: &Path, bytes: &[u8]) -> Result<()> {
    if crate::xlsx::package::is_summary(bytes) {
        return Ok(());
    }
    crate::xlsx::read::check_container(bytes).map_err(|e| Error::workbook(file.display(), e.into()))
}

/// Verifies a submission file; `trust` is the public key (hex) or fingerprint the signature must
/// come from. A file that is not a workbook at all is an input error.
pub fn submission_verify(file: &Path, trust: Option<&str>) -> Result<crate::xlsx::Verification> {
    let bytes = read_input(file)?;
    check_unit_container(file, &bytes)?;
    Ok(crate::xlsx::verify(&bytes, refdata()?, trust))
}

/// What the signature of any file the user picked says: a file that is not a workbook is a
/// verification that says so (the app shows it), never an error; only an unreadable file is.
pub fn file_verify(file: &Path) -> Result<crate::xlsx::Verification> {
    let bytes = read_input(file)?;
    Ok(crate::xlsx::verify(&bytes, refdata()?, None))
}

/// The print-ready copy of a signed submission file (verified first; see [`crate::print`]).
pub fn print_copy(file: &Path) -> Result<crate::print::PrintCopy> {
    let bytes = read_input(file)?;
    check_unit_container(file, &bytes)?;
    crate::print::copy(&bytes, refdata()?).map_err(|e| match e {
        Error::Input { message, .. } => {
            Error::input(Text::same(file.display().to_string()), message)
        }
        other => other,
    })
}

/// The print-ready copy of a signed submission file as one HTML document, with the copy.
pub fn print_html(file: &Path) -> Result<(crate::print::PrintCopy, String)> {
    let copy = print_copy(file)?;
    let html = crate::print::html(&copy)?;
    Ok((copy, html))
}

/// Writes the print-ready copy of `file` to `dest` (HTML).
pub fn print_write(file: &Path, dest: &Path) -> Result<crate::print::PrintCopy> {
    let (copy, html) = print_html(file)?;
    crate::interchange::write_atomic(dest, html.as_bytes())?;
    Ok(copy)
}

/// A submission's report and manifest.
pub fn submission_inspect(file: &Path) -> Result<crate::xlsx::Inspection> {
    let bytes = read_input(file)?;
    crate::xlsx::inspect(&bytes, refdata()?).map_err(|e| Error::workbook(file.display(), e))
}

/// Reads a filled workbook (template, draft, earlier submission) into a report, with the
/// notes on cells that could not be read as typed.
pub fn workbook_import(file: &Path) -> Result<crate::xlsx::Imported> {
    let bytes = read_input(file)?;
    crate::xlsx::import(&bytes, refdata()?).map_err(|e| Error::workbook(file.display(), e))
}

/// Reads a filled workbook and writes its report as JSON to `dest`.
pub fn workbook_import_to(file: &Path, dest: &Path) -> Result<crate::xlsx::Imported> {
    let imported = workbook_import(file)?;
    write_report(dest, &imported.report)?;
    Ok(imported)
}

/// Writes a report as JSON (atomically).
pub fn write_report(dest: &Path, report: &AnnualReport) -> Result<()> {
    crate::interchange::write_atomic(dest, crate::interchange::report_to_json(report)?.as_bytes())
}

/// A built-in template pack by id (`national`, `guangdong`).
pub fn pack(id: &str) -> Result<&'static crate::pack::Pack> {
    Ok(crate::pack::Pack::builtin(id)?)
}

/// Writes the blank workbook of pack `pack_id` for `year` to `dest`.
pub fn template_write(pack_id: &str, year: i32, dest: &Path) -> Result<()> {
    let p = pack(pack_id)?;
    let bytes = crate::xlsx::template(p, year, refdata()?)
        .map_err(|e| Error::workbook(dest.display(), e))?;
    crate::interchange::write_atomic(dest, &bytes)
}

/// What `nengbao verify` says of an office's signed summary (县/市/省): the office's signature
/// over the payload, and the digests of the readable workbook and of the units' own signed
/// reports it carries. (Each unit's signature is checked again when the level above takes the
/// summary in.)
#[derive(Debug, Clone, serde::Serialize)]
pub struct SummaryVerification {
    /// Always `summary`, so a script tells it from an enterprise's submission.
    pub kind: &'static str,
    pub status: crate::xlsx::Status,
    pub reason: crate::county::state::Reason,
    /// The outcome as one line, in Chinese and English.
    pub message: String,
    pub office: Option<crate::county::office::Office>,
    pub year: Option<i32>,
    pub revision: Option<u32>,
    pub signed_at: Option<String>,
    /// Units counted: each one's signed report is carried inside.
    pub units: usize,
    pub public_key: Option<String>,
    pub fingerprint: Option<String>,
    /// SM3 of the signed payload.
    pub digest: String,
}

/// Verifies `file` as an office's signed summary; `None` when it is not one. `trust` is the
/// public key (hex) or fingerprint the office's key must be.
pub fn summary_verify(file: &Path, trust: Option<&str>) -> Result<Option<SummaryVerification>> {
    use crate::model::county_state::Reason;
    use crate::xlsx::Status;
    let bytes = read_input(file)?;
    let c = crate::county::office::check_summary(&bytes);
    if c.public_key.is_none() && matches!(c.reason, Reason::Unreadable | Reason::Oversized) {
        return Ok(None);
    }
    let mut status = match c.reason {
        Reason::Ok => Status::Valid,
        Reason::Tampered => Status::Tampered,
        Reason::BadSignature => Status::BadSignature,
        Reason::Unsigned => Status::Unsigned,
        _ => Status::UnknownFormat,
    };
    let mut message = c.message.to_string();
    if let (Status::Valid, Some(t)) = (status, trust) {
        let t = crate::sign::normalize_hex(t);
        let own = [c.fingerprint.as_deref(), c.public_key.as_deref()];
        if !own
            .into_iter()
            .flatten()
            .any(|k| crate::sign::normalize_hex(k) == t)
        {
            status = Status::BadSignature;
            message = "汇总表的签名公钥与登记的公钥不一致 (the summary's signing key is not the registered one)"
                .into();
        }
    }
    let doc = c.document.as_ref();
    Ok(Some(SummaryVerification {
        kind: "summary",
        status,
        reason: c.reason,
        message,
        office: doc.map(|d| d.office.clone()),
        year: doc.map(|d| d.year),
        revision: doc.map(|d| d.revision),
        signed_at: doc.map(|d| d.signed_at.clone()),
        units: doc.map_or(0, |d| d.units.len()),
        public_key: c.public_key,
        fingerprint: c.fingerprint,
        digest: c.payload_sm3,
    }))
}
