//! The import pipeline. Reading, hashing and verifying run on every core; decisions and writes
//! run on one thread in input order, so a batch is deterministic whatever core finishes first.
//! Each file is written inside its own savepoint (one bad file never stops or corrupts the
//! batch); files are committed in groups, so other screens and clerks see progress and a batch
//! cut short — or cancelled — is resumed by running it again.
//!
//! Invariants: the result list has exactly one entry per input file; a panic while reading a
//! file becomes that file's rejection; only accepted, stale, held and skipped files are skipped
//! on a later run (rejected ones are processed again); a signed payload already received is a
//! duplicate whatever its file bytes.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use crate::store::Db;
use serde::{Deserialize, Serialize};

use super::state::{FileOutcome, KeySource, Reason, SubmissionStatus};
use super::County;
use crate::error::Result;
use crate::model::AnnualReport;
use crate::refdata::RefData;
use crate::store::county::{self as repo, FileRow, NewSubmission};
use crate::store::{self, LedgerClaim};
use crate::text::Text;
use crate::validate;
use crate::xlsx::{self, Status, Verification};

/// Files committed per transaction during import.
const COMMIT_EVERY: usize = 64;

/// Most files read at once: each costs up to the reader's per-file bound (docs/SECURITY.md), so
/// more cores would raise an import's peak memory, not only its speed.
const MAX_WORKERS: usize = 4;

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileResult {
    pub file: String,
    pub outcome: FileOutcome,
    pub reason: Reason,
    /// The unit as signed (accepted, stale, held, skipped); for rejected files, what the file
    /// claims — shown, never trusted.
    pub uscc: Option<String>,
    pub name: Option<String>,
    pub year: Option<i32>,
    pub errors: usize,
    pub warnings: usize,
    /// For the clerk, with the specifics, in both languages (built where the outcome is
    /// decided; the log keeps both halves).
    pub message: Text,
    pub sha256: String,
    /// Fingerprint of the signing key, when the signature could be read.
    pub fingerprint: Option<String>,
    /// The signed revision and signing time, when the file carries them.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub revision: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub signed_at: Option<String>,
}

/// Totals of one import run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportTotals {
    pub files: usize,
    pub accepted: usize,
    pub accepted_with_warnings: usize,
    pub stale: usize,
    pub held: usize,
    pub rejected: usize,
    pub skipped: usize,
    pub cancelled: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub files: Vec<FileResult>,
    pub totals: ImportTotals,
    /// The clerk cancelled the run; files not processed are listed as cancelled.
    pub cancelled: bool,
}

/// Progress of a running import: the file just decided.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub file: String,
    pub outcome: FileOutcome,
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Trust keys of units that have none yet (the clerk has compared fingerprints with the
    /// key cards). Never trusts a key registered to another unit, nor picks between two keys.
    pub trust_new: bool,
    /// Only this reporting year is accepted.
    pub year: Option<i32>,
    /// Set to stop the import after the files in work; what was decided is kept.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl ImportOptions {
    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// The work a core does for one file.
struct Checked {
    index: usize,
    file: PathBuf,
    sha256: String,
    size: usize,
    bytes: Option<Vec<u8>>,
    verification: Option<Verification>,
    /// A signed summary of a subordinate office, checked as a whole.
    summary: Option<super::office::SummaryCheck>,
    failure: Option<(Reason, Text)>,
    cancelled: bool,
}

impl Checked {
    fn new(index: usize, file: &Path) -> Self {
        Checked {
            index,
            file: file.to_path_buf(),
            sha256: String::new(),
            size: 0,
            bytes: None,
            verification: None,
            summary: None,
            failure: None,
            cancelled: false,
        }
    }
}

/// The per-core part: read, hash, verify — under the reader's limits, with a panic turned into
/// this file's rejection.
fn check_file(index: usize, path: &Path, settled: &HashSet<String>, rd: &RefData) -> Checked {
    let mut c = Checked::new(index, path);
    if let Ok(m) = std::fs::metadata(path) {
        if m.len() > xlsx::read::limits::MAX_FILE_BYTES as u64 {
            c.size = usize::try_from(m.len()).unwrap_or(usize::MAX);
            let max_mb = xlsx::read::limits::MAX_FILE_BYTES / 1024 / 1024;
            c.failure = Some((
                Reason::Oversized,
                Text::new(
                    format!("文件过大（{} 字节，上限{max_mb}MB）", m.len()),
                    format!("file too large ({} bytes, at most {max_mb} MB)", m.len()),
                ),
            ));
            c.sha256 = store::sha256_hex(path.display().to_string().as_bytes());
            return c;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let why = crate::error::io_text(&e);
            c.failure = Some((
                Reason::Unreadable,
                Text::new(
                    format!("无法读取文件：{}", why.zh),
                    format!("cannot read the file: {}", why.en),
                ),
            ));
            c.sha256 = store::sha256_hex(path.display().to_string().as_bytes());
            return c;
        }
    };
    c.sha256 = store::sha256_hex(&bytes);
    c.size = bytes.len();
    if !settled.contains(&c.sha256) && xlsx::package::is_summary(&bytes) {
        match std::panic::catch_unwind(|| super::office::check_summary(&bytes)) {
            Ok(s) => c.summary = Some(s),
            Err(_) => {
                c.failure = Some((
                    Reason::Internal,
                    Text::new(
                        "读取此汇总时程序出错，已拒收；其余文件不受影响，请把文件转交技术支持",
                        "the program failed reading this summary, so it was rejected; the other files are not affected — please pass the file to technical support",
                    ),
                ))
            }
        }
        c.bytes = Some(bytes);
    } else if !settled.contains(&c.sha256) {
        let verified = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            xlsx::verify(&bytes, rd, None)
        }));
        match verified {
            Ok(v) => c.verification = Some(v),
            Err(_) => {
                c.failure = Some((
                    Reason::Internal,
                    Text::new(
                        "读取此文件时程序出错，已拒收；其余文件不受影响，请把文件转交技术支持",
                        "the program failed reading this file, so it was rejected; the other files are not affected — please pass the file to technical support",
                    ),
                ))
            }
        }
        c.bytes = Some(bytes);
    }
    c
}

/// What deciding needs besides the transaction.
struct Ctx<'a> {
    rd: &'static RefData,
    opts: &'a ImportOptions,
    division: String,
    now: String,
    actor: &'a str,
}

impl County {
    /// Imports files (folders are expanded to the files inside them).
    pub fn import(
        &mut self,
        inputs: &[PathBuf],
        opts: &ImportOptions,
        progress: &(dyn Fn(&Progress) + Sync),
    ) -> Result<ImportReport> {
        let files = super::expand(inputs)?;
        let settled = Arc::new(repo::settled_files(&self.conn)?);
        let files = Arc::new(files);
        let next = Arc::new(AtomicUsize::new(0));
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, MAX_WORKERS);
        // Workers never run more than WINDOW files ahead of the writer, so at most that many
        // files' bytes wait in memory whatever the batch holds (with the reader's per-file
        // bound this keeps an import's peak memory bounded).
        let window = workers + 2;
        let written = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = mpsc::channel::<Checked>();
        let rd = self.refdata;
        let mut handles = Vec::new();
        for _ in 0..workers {
            let (files, next, settled, tx, written) = (
                files.clone(),
                next.clone(),
                settled.clone(),
                tx.clone(),
                written.clone(),
            );
            let opts = opts.clone();
            handles.push(std::thread::spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(path) = files.get(i) else { break };
                while i >= written.load(Ordering::SeqCst) + window && !opts.cancelled() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                let c = if opts.cancelled() {
                    Checked {
                        cancelled: true,
                        ..Checked::new(i, path)
                    }
                } else {
                    check_file(i, path, &settled, rd)
                };
                if tx.send(c).is_err() {
                    break;
                }
            }));
        }
        drop(tx);
        let total = files.len();
        let run = repo::run_start(
            &self.conn,
            &self.now(),
            &self.actor,
            opts.year,
            opts.trust_new,
            total,
        )?;
        let ctx = Ctx {
            rd,
            opts,
            division: self.division()?,
            now: self.now(),
            actor: &self.actor,
        };
        let mut pending: BTreeMap<usize, Checked> = BTreeMap::new();
        let mut next_write = 0usize;
        let mut report = ImportReport::default();
        let mut seen_in_batch: HashSet<String> = HashSet::new();
        let mut txn = Some(self.conn.write()?);
        let mut since_commit = 0;
        for c in rx {
            pending.insert(c.index, c);
            while let Some(c) = pending.remove(&next_write) {
                next_write += 1;
                written.store(next_write, Ordering::SeqCst);
                let Some(t) = txn.as_ref() else { break };
                let result = decide(t, &c, &ctx, &mut seen_in_batch)?;
                log(t, run, &result)?;
                progress(&Progress {
                    done: next_write,
                    total,
                    file: result.file.clone(),
                    outcome: result.outcome,
                });
                report.files.push(result);
                since_commit += 1;
                if since_commit >= COMMIT_EVERY {
                    if let Some(t) = txn.take() {
                        t.commit()?;
                    }
                    txn = Some(self.conn.write()?);
                    since_commit = 0;
                }
            }
        }
        if let Some(t) = txn.take() {
            t.commit()?;
        }
        drop(txn);
        for h in handles {
            // A worker that died outside `check_file` leaves its file undecided; it is
            // reported below as not processed rather than lost silently.
            let _ = h.join();
        }
        for i in report.files.len()..total {
            report.files.push(not_processed(&files[i]));
        }
        for f in report.files.iter().skip(next_write) {
            log(&self.conn, run, f)?;
        }
        if opts.trust_new && !opts.cancelled() {
            let before: Vec<FileOutcome> = report.files.iter().map(|f| f.outcome).collect();
            self.trust_first_use(&mut report)?;
            let tx = self.conn.transaction()?;
            for (f, was) in report.files.iter().zip(before) {
                if f.outcome != was {
                    log(&tx, run, f)?;
                }
            }
            tx.commit()?;
        }
        report.cancelled = report
            .files
            .iter()
            .any(|f| f.outcome == FileOutcome::Cancelled);
        repo::run_finish(&self.conn, run, &self.now(), report.cancelled)?;
        report.totals = totals(&report.files);
        Ok(report)
    }

    /// Processes received files again from the bytes the county kept (重新处理): a file
    /// rejected only for the import's year, or before its unit's key card was registered, comes
    /// in without the clerk having to find it again. Files are named as when received.
    pub fn reprocess(
        &mut self,
        sha256s: &[String],
        opts: &ImportOptions,
        progress: &(dyn Fn(&Progress) + Sync),
    ) -> Result<ImportReport> {
        let dir = std::env::temp_dir().join(format!(
            "nengbao-reprocess-{}-{}",
            std::process::id(),
            self.clock.now().timestamp_nanos_opt().unwrap_or_default()
        ));
        let result = self.reprocess_in(&dir, sha256s, opts, progress);
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    fn reprocess_in(
        &mut self,
        dir: &Path,
        sha256s: &[String],
        opts: &ImportOptions,
        progress: &(dyn Fn(&Progress) + Sync),
    ) -> Result<ImportReport> {
        let mut inputs = Vec::new();
        for (i, sha) in sha256s.iter().enumerate() {
            let Some(bytes) = repo::blob(&self.conn, sha)? else {
                return Err(crate::Error::not_found(
                    format!("没有保存此文件的内容：{sha}"),
                    format!("the content of this file was not kept: {sha}"),
                ));
            };
            let name = repo::file_name(&self.conn, sha)?.unwrap_or_else(|| format!("{sha}.xlsx"));
            // One folder per file keeps the received names, even when two are alike.
            let sub = dir.join(i.to_string());
            std::fs::create_dir_all(&sub).map_err(|e| crate::Error::io(sub.display(), e))?;
            let path = sub.join(name.replace(['/', '\\'], "_"));
            std::fs::write(&path, bytes).map_err(|e| crate::Error::io(path.display(), e))?;
            inputs.push(path);
        }
        self.import(&inputs, opts, progress)
    }

    /// `--trust-new` on held files of units that have no trusted key yet: trusts the key when
    /// it is the only one seen for the unit and no other unit's, then releases the files.
    fn trust_first_use(&mut self, report: &mut ImportReport) -> Result<()> {
        let units: BTreeSet<String> = report
            .files
            .iter()
            .filter(|f| f.outcome == FileOutcome::Held || f.outcome == FileOutcome::Skipped)
            .filter_map(|f| f.uscc.clone())
            .collect();
        let held = repo::held_keys(&self.conn)?;
        for uscc in units {
            if repo::trusted_key(&self.conn, &uscc)?.is_some() {
                continue;
            }
            let keys: Vec<_> = held.iter().filter(|k| k.uscc == uscc).collect();
            let [only] = keys.as_slice() else { continue };
            if !repo::units_trusting(&self.conn, &only.fingerprint, &uscc)?.is_empty() {
                continue;
            }
            let released = self.trust(&uscc, &only.fingerprint, KeySource::FirstUse)?;
            for (sha, outcome, reason, message) in released {
                for f in report.files.iter_mut().filter(|f| f.sha256 == sha) {
                    f.outcome = outcome;
                    f.reason = reason;
                    f.message = message.clone();
                }
            }
        }
        Ok(())
    }
}

/// Appends a file's outcome to the intake log of the run.
fn log(tx: &Db, run: i64, f: &FileResult) -> Result<()> {
    repo::event_append(
        tx,
        run,
        &repo::Event {
            file: &f.file,
            sha256: &f.sha256,
            outcome: f.outcome,
            reason: f.reason,
            message: &f.message,
            uscc: f.uscc.as_deref(),
            year: f.year,
        },
    )?;
    Ok(())
}

fn not_processed(path: &Path) -> FileResult {
    let mut r = blank_result(path, String::new());
    r.outcome = FileOutcome::Cancelled;
    r.reason = Reason::Cancelled;
    r.message = Text::new(
        "导入已取消，此文件未处理；再次导入即可继续",
        "import cancelled before this file; import again to continue",
    );
    r
}

fn totals(files: &[FileResult]) -> ImportTotals {
    let mut t = ImportTotals::default();
    for f in files {
        t.files += 1;
        match f.outcome {
            FileOutcome::Accepted => t.accepted += 1,
            FileOutcome::AcceptedWithWarnings => t.accepted_with_warnings += 1,
            FileOutcome::Stale => t.stale += 1,
            FileOutcome::Held => t.held += 1,
            FileOutcome::Rejected => t.rejected += 1,
            FileOutcome::Skipped => t.skipped += 1,
            FileOutcome::Cancelled => t.cancelled += 1,
        }
    }
    t
}

fn blank_result(path: &Path, sha256: String) -> FileResult {
    FileResult {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        outcome: FileOutcome::Rejected,
        reason: Reason::Unreadable,
        uscc: None,
        name: None,
        year: None,
        errors: 0,
        warnings: 0,
        message: Text::default(),
        sha256,
        fingerprint: None,
        revision: None,
        signed_at: None,
    }
}

fn outcome_of(errors: usize, warnings: usize) -> FileOutcome {
    if errors + warnings > 0 {
        FileOutcome::AcceptedWithWarnings
    } else {
        FileOutcome::Accepted
    }
}

/// Decides a file's outcome and stores it, inside a savepoint of the batch transaction.
fn decide(tx: &Db, c: &Checked, ctx: &Ctx<'_>, seen: &mut HashSet<String>) -> Result<FileResult> {
    let mut r = blank_result(&c.file, c.sha256.clone());
    if c.cancelled {
        return Ok(not_processed(&c.file));
    }
    if let Some((reason, message)) = &c.failure {
        r.reason = *reason;
        r.message = message.clone();
        if c.bytes.is_some() {
            store_rejection(tx, c, &r, ctx)?;
        }
        return Ok(r);
    }
    if let (Some(summary), Some(bytes)) = (&c.summary, &c.bytes) {
        if !seen.insert(c.sha256.clone()) {
            r.outcome = FileOutcome::Skipped;
            r.reason = Reason::Duplicate;
            r.message = same_in_batch();
            return Ok(r);
        }
        let file = super::upward::SummaryFile {
            name: &r.file,
            sha256: &c.sha256,
            size: c.size,
            bytes,
        };
        let up = super::upward::UpCtx {
            rd: ctx.rd,
            trust_new: ctx.opts.trust_new,
            year: ctx.opts.year,
            division: &ctx.division,
            now: &ctx.now,
            actor: ctx.actor,
        };
        return super::upward::decide(tx, &file, summary, &up);
    }
    let Some(v) = &c.verification else {
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = imported_before();
        if let Some((uscc, year, fp)) = repo::file_identity(tx, &c.sha256)? {
            (r.uscc, r.year, r.fingerprint) = (uscc, year, fp);
        }
        return Ok(r);
    };
    if !seen.insert(c.sha256.clone()) {
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = same_in_batch();
        return Ok(r);
    }
    // Another clerk (on a shared server, or another process on the file) may have imported
    // these bytes since this run read the list of settled files: decided now, under the write
    // lock, the file is skipped rather than recorded twice.
    if repo::file_settled(tx, &c.sha256)? {
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = imported_before();
        if let Some((uscc, year, fp)) = repo::file_identity(tx, &c.sha256)? {
            (r.uscc, r.year, r.fingerprint) = (uscc, year, fp);
        }
        return Ok(r);
    }
    r.uscc = v.uscc.clone();
    r.year = v.year;
    r.fingerprint = v.fingerprint.clone();
    r.revision = v.revision;
    r.signed_at = v.signed_at.clone();
    let rejection = match v.status {
        Status::Valid => None,
        Status::Tampered => {
            let cells: Vec<String> = v
                .changes
                .iter()
                .take(5)
                .map(|ch| format!("{}（签名时 {}，现为 {}）", ch.cell, ch.signed, ch.found))
                .collect();
            let cells_en: Vec<String> = v
                .changes
                .iter()
                .take(5)
                .map(|ch| format!("{} (signed {}, now {})", ch.cell, ch.signed, ch.found))
                .collect();
            let more = v.changes.len() > 5;
            Some((
                Reason::Tampered,
                Text::new(
                    format!(
                        "数据在签名后被改动，共{}处：{}{}",
                        v.changes.len(),
                        cells.join("；"),
                        if more { "……" } else { "" }
                    ),
                    format!(
                        "changed after signing, in {} {}: {}{}",
                        v.changes.len(),
                        if v.changes.len() == 1 {
                            "cell"
                        } else {
                            "cells"
                        },
                        cells_en.join("; "),
                        if more { "…" } else { "" }
                    ),
                ),
            ))
        }
        Status::BadSignature => Some((
            Reason::BadSignature,
            Text::new(
                format!("签名无效：{}；请企业重新导出", v.text.zh),
                format!(
                    "invalid signature: {}; ask the unit to export the file again",
                    v.text.en
                ),
            ),
        )),
        Status::Unsigned => Some((
            Reason::Unsigned,
            Text::new(
                format!("未签名：{}。请企业用能报签名后重新报送", v.text.zh),
                format!(
                    "not signed: {}. Ask the unit to sign it in Nengbao and submit it again",
                    v.text.en
                ),
            ),
        )),
        Status::UnknownFormat if v.over_limit => Some((
            Reason::Oversized,
            Text::new(
                format!("{}；已拒收，本批其余文件照常导入", v.text.zh),
                format!(
                    "{}; rejected, the other files of this batch are imported as usual",
                    v.text.en
                ),
            ),
        )),
        Status::UnknownFormat => Some((
            Reason::Unreadable,
            Text::new(
                format!("无法识别的文件：{}", v.text.zh),
                format!("unrecognised file: {}", v.text.en),
            ),
        )),
    };
    if let Some((reason, message)) = rejection {
        r.reason = reason;
        r.message = message;
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    }
    let Some(report) = v.report.clone() else {
        r.reason = Reason::UnknownFormat;
        r.message = Text::new(
            "签名数据中没有可读的报告",
            "the signed payload holds no readable report",
        );
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    };
    r.name = Some(report.enterprise.name.clone());
    let payload_sm3 = v.digest.clone().unwrap_or_default();
    let fp = v.fingerprint.as_deref().unwrap_or_default();
    if let Some((id, status)) =
        repo::submission_by_payload(tx, &report.enterprise.uscc, report.year, &payload_sm3, fp)?
    {
        if status == SubmissionStatus::Discarded {
            r.reason = Reason::KeyRejected;
            r.message = Text::new(
                format!("该文件所用密钥（指纹 {fp}）已被经办人拒绝，不予接收"),
                format!("the key this file is signed with (fingerprint {fp}) was rejected by the clerk; not accepted"),
            );
            store_rejection(tx, c, &r, ctx)?;
            return Ok(r);
        }
        r.outcome = FileOutcome::Skipped;
        r.reason = Reason::Duplicate;
        r.message = match repo::version_of(tx, id)? {
            Some(n) => Text::new(
                format!("与已收到的第{n}版签名内容相同，跳过"),
                format!("same signed content as version {n} already received; skipped"),
            ),
            None => Text::new(
                "与已收到的一份报送签名内容相同，跳过",
                "same signed content as a submission already received; skipped",
            ),
        };
        let sp = tx.savepoint()?;
        repo::file_record(&sp, &file_row(c, &r, &ctx.now, Some(id)), None)?;
        sp.commit()?;
        return Ok(r);
    }
    if ctx.opts.year.is_some_and(|y| y != report.year) {
        let y = ctx.opts.year.unwrap_or_default();
        r.reason = Reason::WrongYear;
        r.message = Text::new(
            format!(
                "报告年度为{}年，本次只接收{y}年的报告；改选年度后再次导入即可",
                report.year
            ),
            format!(
                "the report is for {}, this import takes {y} only; choose that year and import again",
                report.year
            ),
        );
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    }
    if !super::office::within(ctx.rd, &report.enterprise.division_code, &ctx.division) {
        let place = ctx
            .rd
            .region(report.enterprise.division_code.trim())
            .map(|x| x.name.clone())
            .unwrap_or_default();
        r.reason = Reason::NotInCounty;
        r.message = Text::new(
            format!(
                "企业所在区划为{} {place}，不属于本县（{}），请转交所属县级部门",
                report.enterprise.division_code, ctx.division
            ),
            format!(
                "the unit is in division {} {place}, not in this county ({}); pass it to that county's office",
                report.enterprise.division_code, ctx.division
            ),
        );
        store_rejection(tx, c, &r, ctx)?;
        return Ok(r);
    }
    let sp = tx.savepoint()?;
    match accept(&sp, c, v, &report, r.clone(), &payload_sm3, ctx) {
        Ok(done) => {
            sp.commit()?;
            Ok(done)
        }
        Err(e) => {
            drop(sp);
            r.reason = Reason::Storage;
            let why = e.text();
            r.message = Text::new(
                format!("保存失败：{}；文件未受影响，可再次导入", why.zh),
                format!(
                    "saving failed: {}; the file is not affected and can be imported again",
                    why.en
                ),
            );
            Ok(r)
        }
    }
}

fn file_row<'a>(c: &'a Checked, r: &'a FileResult, now: &'a str, sub: Option<i64>) -> FileRow<'a> {
    FileRow {
        sha256: &c.sha256,
        name: &r.file,
        size: c.size,
        received_at: now,
        outcome: r.outcome,
        reason: r.reason,
        message: &r.message,
        uscc: r.uscc.as_deref(),
        year: r.year,
        fingerprint: r.fingerprint.as_deref(),
        errors: r.errors,
        warnings: r.warnings,
        submission_id: sub,
    }
}

/// Every rejected file is recorded with its bytes, so nothing a unit handed in is lost; it is
/// processed again on a later import.
fn store_rejection(tx: &Db, c: &Checked, r: &FileResult, ctx: &Ctx<'_>) -> Result<()> {
    let sp = tx.savepoint()?;
    repo::file_record(&sp, &file_row(c, r, &ctx.now, None), c.bytes.as_deref())?;
    store::audit::append(
        &sp,
        &ctx.now,
        ctx.actor,
        "file.reject",
        &c.sha256,
        &format!("{}: {}", r.file, r.reason),
    )?;
    sp.commit()?;
    Ok(())
}

/// Claims of reduction projects by an enterprise in other years, from the county's submissions.
pub(super) fn claims_elsewhere(tx: &Db, uscc: &str, year: i32) -> Result<Vec<LedgerClaim>> {
    let mut out = Vec::new();
    for (y, body) in repo::current_reports_elsewhere(tx, uscc, year)? {
        let Ok(rep) = serde_json::from_str::<AnnualReport>(&body) else {
            continue;
        };
        for p in rep.reduction_projects {
            out.push(LedgerClaim {
                year: y,
                project_id: p.id.clone(),
                name: p.name.clone(),
                pollutant: p.pollutant.map(|x| x.code().to_string()),
                permit_no: p.permit_no.clone(),
                facility: p.facility.clone(),
                design_capacity: p.design_capacity.map(|c| c.to_string()),
                reduction_t: None,
            });
        }
    }
    Ok(out)
}

/// Certificate ranges other units of the county claim in their current submissions of the
/// report's year that overlap one of the report's own ranges.
pub(super) fn certificates_elsewhere(
    tx: &Db,
    report: &AnnualReport,
    ranges: &[(usize, crate::carbon::certificates::CodeRange)],
) -> Result<Vec<crate::carbon::ClaimElsewhere>> {
    let mut out: Vec<crate::carbon::ClaimElsewhere> = Vec::new();
    for (_, r) in ranges {
        let (first, last) = r.codes();
        for c in repo::certificates_claimed_elsewhere(
            tx,
            &report.enterprise.uscc,
            report.year,
            &first,
            &last,
        )? {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// The key decision for a validly signed file: `None` to accept, or why it is held.
fn key_decision(
    tx: &Db,
    uscc: &str,
    name: &str,
    v: &Verification,
    ctx: &Ctx<'_>,
) -> Result<Option<Reason>> {
    let fp = v.fingerprint.as_deref().unwrap_or_default();
    if let Some(k) = repo::trusted_key(tx, uscc)? {
        return Ok((k.fingerprint != fp).then_some(Reason::KeyChanged));
    }
    if !repo::units_trusting(tx, fp, uscc)?.is_empty() {
        return Ok(Some(Reason::KeyOfOtherUnit));
    }
    if ctx.opts.trust_new && !repo::held_for_other_key(tx, uscc, fp)? {
        repo::key_trust(
            tx,
            uscc,
            name,
            v.public_key.as_deref().unwrap_or_default(),
            fp,
            KeySource::FirstUse,
            &ctx.now,
            ctx.actor,
        )?;
        store::audit::append(tx, &ctx.now, ctx.actor, "key.trust_first_use", uscc, fp)?;
        return Ok(None);
    }
    Ok(Some(Reason::KeyUnconfirmed))
}

pub(super) fn held_message(reason: Reason, fp: &str) -> Text {
    match reason {
        Reason::KeyChanged => Text::new(
            format!("签名正确，但所用密钥（指纹 {fp}）与登记的密钥不同，已暂存；请向企业核实后接受或拒绝新密钥"),
            format!("the signature is valid, but the key (fingerprint {fp}) is not the registered one; held — check with the unit, then accept or reject the new key"),
        ),
        Reason::KeyOfOtherUnit => Text::new(
            format!("签名正确，但所用密钥（指纹 {fp}）已登记为其他单位的密钥，已暂存；一个单位不能替另一个单位签名，请核实"),
            format!("the signature is valid, but the key (fingerprint {fp}) is registered to another unit; held — one unit cannot sign for another, please check"),
        ),
        _ => Text::new(
            format!("首次收到该单位的密钥（指纹 {fp}），请与企业盖章的密钥卡核对后确认，确认前暂存"),
            format!("first key seen for this unit (fingerprint {fp}); compare it with the unit's stamped key card and confirm it — held until then"),
        ),
    }
}

fn same_in_batch() -> Text {
    Text::new(
        "本批中已有内容相同的文件，跳过",
        "a file with the same content is in this batch; skipped",
    )
}

fn imported_before() -> Text {
    Text::new(
        "此文件已导入过（内容相同），跳过",
        "this file was imported before (same content); skipped",
    )
}

/// The message for an accepted file: current, or kept as history behind a newer revision.
pub(super) fn accepted_message(
    tx: &Db,
    id: i64,
    current: Option<(i64, i64)>,
    r: &mut FileResult,
) -> Result<()> {
    let version = repo::version_of(tx, id)?.unwrap_or(1);
    match current {
        Some((cur, n)) if cur != id => {
            r.outcome = FileOutcome::Stale;
            r.reason = Reason::Stale;
            r.message = Text::new(
                format!("已有更新的版本（当前为第{n}版），本文件签署在前，作为第{version}版历史保存，不影响汇总"),
                format!("a newer version is current (version {n}); this file was signed before it and is kept as version {version} in the history, not counted"),
            );
        }
        _ => {
            r.outcome = outcome_of(r.errors, r.warnings);
            r.reason = Reason::Ok;
            r.message = match (r.outcome, version) {
                (FileOutcome::Accepted, 1) => Text::new("已接收", "accepted"),
                (FileOutcome::Accepted, v) => Text::new(
                    format!("已接收（第{v}版，替代前一版）"),
                    format!("accepted (version {v}, replaces the previous one)"),
                ),
                (_, v) => Text::new(
                    format!(
                        "已接收{}，复核发现{}个错误、{}个未说明的警告",
                        if v > 1 {
                            format!("（第{v}版）")
                        } else {
                            String::new()
                        },
                        r.errors,
                        r.warnings
                    ),
                    format!(
                        "accepted{}; the re-check found {} errors and {} unjustified warnings",
                        if v > 1 {
                            format!(" (version {v})")
                        } else {
                            String::new()
                        },
                        r.errors,
                        r.warnings
                    ),
                ),
            };
        }
    }
    Ok(())
}

fn accept(
    tx: &Db,
    c: &Checked,
    v: &Verification,
    report: &AnnualReport,
    mut r: FileResult,
    payload_sm3: &str,
    ctx: &Ctx<'_>,
) -> Result<FileResult> {
    let uscc = report.enterprise.uscc.as_str();
    let fp = v.fingerprint.clone().unwrap_or_default();
    let held = key_decision(tx, uscc, &report.enterprise.name, v, ctx)?;
    let prior: Option<AnnualReport> = repo::current_report(tx, uscc, report.year - 1)?
        .and_then(|b| serde_json::from_str(&b).ok());
    let claims = claims_elsewhere(tx, uscc, report.year)?;
    let ranges = crate::carbon::claimed_ranges(report);
    let certificates = certificates_elsewhere(tx, report, &ranges)?;
    let outcome = validate::validate_county(
        report,
        ctx.rd,
        prior.as_ref(),
        &claims,
        &certificates,
        &validate::Settings::from_refdata(ctx.rd),
    );
    let computed = crate::calc::compute(report, ctx.rd).ok();
    r.errors = outcome.summary.errors;
    r.warnings = outcome.summary.warnings;
    let body = serde_json::to_string(report).unwrap_or_default();
    let computed = computed
        .as_ref()
        .and_then(|c| serde_json::to_string(c).ok());
    let findings = serde_json::to_string(&outcome).unwrap_or_default();
    let carbon = v
        .carbon
        .as_ref()
        .and_then(|c| serde_json::to_string(c).ok());
    let signed_at = v.signed_at.as_deref().map(utc_text);
    let id = repo::submission_insert(
        tx,
        &NewSubmission {
            uscc,
            name: &report.enterprise.name,
            year: report.year,
            status: if held.is_some() {
                SubmissionStatus::Held
            } else {
                SubmissionStatus::Superseded
            },
            held_reason: held,
            revision: v.revision.unwrap_or(0),
            signed_at: signed_at.as_deref(),
            payload_sm3,
            public_key: v.public_key.as_deref().unwrap_or_default(),
            fingerprint: &fp,
            file_sha256: &c.sha256,
            received_at: &ctx.now,
            division_code: &report.enterprise.division_code,
            industry_code: &report.enterprise.industry_code,
            report: &body,
            computed: computed.as_deref(),
            findings: &findings,
            carbon: carbon.as_deref(),
        },
    )?;
    let codes: Vec<(usize, String, String)> = ranges
        .iter()
        .map(|(i, r)| {
            let (first, last) = r.codes();
            (*i, first, last)
        })
        .collect();
    repo::certificate_claims_insert(tx, id, &codes)?;
    match held {
        Some(reason) => {
            r.outcome = FileOutcome::Held;
            r.reason = reason;
            r.message = held_message(reason, &fp);
        }
        None => {
            let current = repo::settle(tx, uscc, report.year)?;
            accepted_message(tx, id, current, &mut r)?;
        }
    }
    if !certificates.is_empty() {
        let mut units: Vec<(String, String)> = Vec::new();
        for c in &certificates {
            let unit = (
                format!("{}（{}，文件“{}”）", c.name, c.uscc, c.file),
                format!("{} ({}, file \"{}\")", c.name, c.uscc, c.file),
            );
            if !units.contains(&unit) {
                units.push(unit);
            }
        }
        let zh: Vec<&str> = units.iter().map(|u| u.0.as_str()).collect();
        let en: Vec<&str> = units.iter().map(|u| u.1.as_str()).collect();
        r.message
            .zh
            .push_str(&format!("；绿证与其他单位重复申报：{}", zh.join("、")));
        r.message.en.push_str(&format!(
            "; green certificates also claimed by other units: {}",
            en.join(", ")
        ));
    }
    repo::file_record(tx, &file_row(c, &r, &ctx.now, Some(id)), c.bytes.as_deref())?;
    store::audit::append(
        tx,
        &ctx.now,
        ctx.actor,
        "file.import",
        &r.sha256,
        &format!("{}: {} (submission {id})", r.file, r.reason),
    )?;
    Ok(r)
}

/// A signed time as the UTC text the order compares (`2025-03-20T02:00:00Z`).
pub(super) fn utc_text(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}
