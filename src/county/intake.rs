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

mod decide;

use decide::decide;
pub(super) use decide::{accepted_message, certificates_elsewhere, claims_elsewhere, utc_text};

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
