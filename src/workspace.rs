//! 工作区 — the use-case facade. The CLI, the desktop commands and the tests all call this, and
//! nothing else opens the database.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::Connection;

use crate::calc::{self, Computed};
use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::refdata::RefData;
use crate::store::{self, EnterpriseSummary, ReportSummary, Saved, VersionSummary};

mod carbon;
mod evidence;
pub mod files;
pub mod keys;
mod settings;
mod submission;

pub use settings::Settings;
pub use submission::Checked;

pub use keys::KeyInfo;

/// The stamp a backup or a file kept before a restore is named with (`YYYYmmddHHMMSS`, UTC+8),
/// read from the one clock the caller holds.
pub fn backup_stamp(clock: &dyn Clock) -> String {
    clock.now().format("%Y%m%d%H%M%S").to_string()
}

/// Where time comes from. Tests pass a fixed clock; the app and CLI use the system clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The system clock, in China Standard Time (UTC+8), the zone every filing date is read in.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

/// UTC+8.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

use chrono::Offset;
use chrono::TimeZone;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Utc::now().with_timezone(&cst())
    }
}

/// A clock that always answers the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<FixedOffset>);

impl FixedClock {
    /// Midnight CST on the given day; falls back to the Unix epoch for an impossible date.
    pub fn at(y: i32, m: u32, d: u32) -> Self {
        FixedClock(
            cst()
                .with_ymd_and_hms(y, m, d, 9, 0, 0)
                .single()
                .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH.with_timezone(&cst())),
        )
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

/// An open enterprise workspace: one SQLite file, and beside it the evidence folder
/// (`<name>.evidence/`, files named by their SHA-256).
pub struct Workspace {
    conn: Connection,
    path: Option<PathBuf>,
    refdata: &'static RefData,
    clock: Box<dyn Clock>,
    /// Who is editing, as typed by the user; recorded in the audit log.
    actor: String,
    /// Evidence hashes by size and modification time, for the live check.
    hashes: evidence::HashCache,
}

pub use crate::model::{EvidenceIssue, EvidenceProblem};

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("path", &self.path)
            .finish()
    }
}

impl Workspace {
    /// Opens or creates the workspace database at `path`.
    pub fn open(path: &Path, clock: Box<dyn Clock>) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
        }
        Ok(Workspace {
            conn: store::open(path)?,
            path: Some(path.to_path_buf()),
            refdata: RefData::builtin()?,
            clock,
            actor: default_actor(),
            hashes: evidence::HashCache::default(),
        })
    }

    /// A throwaway workspace in memory.
    pub fn in_memory(clock: Box<dyn Clock>) -> Result<Self> {
        Ok(Workspace {
            conn: store::open_in_memory()?,
            path: None,
            refdata: RefData::builtin()?,
            clock,
            actor: default_actor(),
            hashes: evidence::HashCache::default(),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Sets the name recorded in the audit log for the following edits.
    pub fn set_actor(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            self.actor = name.to_string();
        }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The evidence folder beside the database (`None` for an in-memory workspace).
    pub fn evidence_dir(&self) -> Option<PathBuf> {
        let p = self.path.as_ref()?;
        let stem = p.file_stem()?.to_string_lossy().into_owned();
        Some(p.with_file_name(format!("{stem}.evidence")))
    }

    pub fn refdata(&self) -> &'static RefData {
        self.refdata
    }

    fn now(&self) -> String {
        self.clock.now().to_rfc3339()
    }

    /// Computes the derived figures of a report.
    pub fn compute(&self, report: &AnnualReport) -> Result<Computed> {
        Ok(calc::compute(report, self.refdata)?)
    }

    /// Validates a report against the rule pack, with last year's report and the ledger claims of
    /// other years taken from this workspace unless `prior` is given.
    pub fn validate(
        &self,
        report: &AnnualReport,
        prior: Option<&AnnualReport>,
    ) -> Result<crate::validate::Outcome> {
        let stored_prior = match prior {
            Some(_) => None,
            None => self.prior_report(report)?,
        };
        let claims = self.ledger_claims_elsewhere(report)?;
        let evidence = self.evidence_check(report)?;
        Ok(crate::validate::validate_with_evidence(
            report,
            self.refdata,
            prior.or(stored_prior.as_ref()),
            &claims,
            evidence.as_deref(),
            &self.check_settings()?,
        ))
    }

    /// Saves a report (and its enterprise) in one transaction. Computed figures are stored beside
    /// it when the report can be computed; a half-filled draft is saved all the same.
    ///
    /// The factor editions a signed export froze into the report (`carbon.basis`) stay with it:
    /// a save whose basis leaves a field empty keeps the frozen one, so a newer edition never
    /// changes the figures of a report already signed. A save naming another edition replaces it.
    pub fn report_save(&mut self, report: &AnnualReport) -> Result<Saved> {
        let old = store::report_load(&self.conn, &report.enterprise.uscc, report.year)?;
        let kept;
        let report = match &old {
            Some(o) if keeps_basis(&o.carbon.basis, &report.carbon.basis) => {
                let mut r = report.clone();
                keep_frozen(&mut r.carbon.basis, &o.carbon.basis);
                kept = r;
                &kept
            }
            _ => report,
        };
        let computed = calc::compute(report, self.refdata)
            .ok()
            .and_then(|c| serde_json::to_string(&c).ok());
        let now = self.now();
        let tx = self.conn.transaction()?;
        let eid = store::enterprise_upsert(&tx, &report.enterprise, &now)?;
        let saved = store::report_save(&tx, eid, report, computed.as_deref(), &now)?;
        if saved.changed {
            let object = format!("{}/{}", report.enterprise.uscc, report.year);
            store::audit::append(
                &tx,
                &now,
                &self.actor,
                "report.save",
                &object,
                &format!("revision {}", saved.revision),
            )?;
            for (action, id, detail) in ledger_changes(old.as_ref(), report) {
                store::audit::append(
                    &tx,
                    &now,
                    &self.actor,
                    action,
                    &format!("{object}/{id}"),
                    &detail,
                )?;
            }
        }
        tx.commit()?;
        Ok(saved)
    }

    pub fn report_load(&self, uscc: &str, year: i32) -> Result<AnnualReport> {
        store::report_load(&self.conn, uscc, year)?
            .ok_or_else(|| Error::NotFound(format!("no report for {uscc} in {year}")))
    }

    /// The stored computed figures (as saved), or `None` when the report was not computable.
    pub fn report_computed(&self, uscc: &str, year: i32) -> Result<Option<Computed>> {
        store::report_computed(&self.conn, uscc, year)?
            .map(|s| {
                serde_json::from_str(&s)
                    .map_err(|e| Error::Store(store::StoreError::Corrupt(e.to_string())))
            })
            .transpose()
    }

    pub fn report_list(&self, uscc: Option<&str>) -> Result<Vec<ReportSummary>> {
        Ok(store::report_list(&self.conn, uscc)?)
    }

    /// Freezes the current working copy of a report as a numbered version.
    pub fn report_freeze(&mut self, uscc: &str, year: i32, reason: &str) -> Result<i64> {
        let id = self.report_id(uscc, year)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let v = store::report_freeze(&tx, id, reason, &now)?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "report.freeze",
            &format!("{uscc}/{year}"),
            &format!("version {v}: {reason}"),
        )?;
        tx.commit()?;
        Ok(v)
    }

    pub fn report_versions(&self, uscc: &str, year: i32) -> Result<Vec<VersionSummary>> {
        Ok(store::report_versions(
            &self.conn,
            self.report_id(uscc, year)?,
        )?)
    }

    pub fn report_version_load(&self, uscc: &str, year: i32, version: i64) -> Result<AnnualReport> {
        store::report_version_load(&self.conn, self.report_id(uscc, year)?, version)?
            .ok_or_else(|| Error::NotFound(format!("no version {version} of {uscc} {year}")))
    }

    /// A new report for `year`. With an enterprise already in the workspace it is prefilled from
    /// that enterprise's latest earlier report: identity, energy rows (codes, units, adopted
    /// coefficients, and the closing stock as the new opening stock), product definitions with
    /// last year's figures in the prior columns, metering, the target period, ongoing ledger
    /// projects' identities; and table 1's prior-year column from last year's values.
    pub fn report_new(&self, year: i32, from_uscc: Option<&str>) -> Result<AnnualReport> {
        let mut r = AnnualReport {
            year,
            ..Default::default()
        };
        let Some(uscc) = from_uscc else { return Ok(r) };
        let last = store::report_list(&self.conn, Some(uscc))?
            .into_iter()
            .filter(|x| x.year < year)
            .max_by_key(|x| x.year);
        let Some(last) = last else {
            if let Some((_, e)) = store::enterprise_get(&self.conn, uscc)? {
                r.enterprise = e;
            }
            return Ok(r);
        };
        let p = self.report_load(uscc, last.year)?;
        let computed = calc::compute(&p, self.refdata).ok();
        r.enterprise = p.enterprise.clone();
        r.energy = p
            .energy
            .iter()
            .map(|e| crate::model::EnergyRow {
                code: e.code.clone(),
                name: e.name.clone(),
                unit: e.unit.clone(),
                opening_stock: e.closing_stock,
                factor: e.factor,
                ..Default::default()
            })
            .collect();
        r.conversion = p
            .conversion
            .iter()
            .map(|c| crate::model::ConversionRow {
                code: c.code.clone(),
                name: c.name.clone(),
                ..Default::default()
            })
            .collect();
        r.products = p
            .products
            .iter()
            .map(|x| crate::model::ProductIndicator {
                name: x.name.clone(),
                benchmark: x.benchmark.clone(),
                unit: x.unit.clone(),
                numerator_unit: x.numerator_unit.clone(),
                denominator_unit: x.denominator_unit.clone(),
                conversion: x.conversion,
                prior_numerator: x.numerator,
                prior_denominator: x.denominator,
                limit: x.limit,
                ..Default::default()
            })
            .collect();
        r.metering = p.metering.clone();
        r.saving_target.period = p.saving_target.period.clone();
        r.saving_target.target_tce = p.saving_target.target_tce;
        let i = &p.indicators;
        let ni = &mut r.indicators;
        ni.output_value.prior = i.output_value.current;
        ni.value_added.prior = i.value_added.current;
        ni.revenue.prior = i.revenue.current;
        ni.taxes.prior = i.taxes.current;
        ni.employees.prior = i.employees.current;
        ni.energy_managers.prior = i.energy_managers.current;
        ni.production_cost.prior = i.production_cost.current;
        ni.comprehensive_energy_tce.prior = computed
            .map(|c| c.comprehensive_energy_tce)
            .or(i.comprehensive_energy_tce.current);
        r.signatories = crate::model::Signatories {
            unit_head: p.signatories.unit_head.clone(),
            statistics_head: p.signatories.statistics_head.clone(),
            preparer: p.signatories.preparer.clone(),
            preparer_phone: p.signatories.preparer_phone.clone(),
            ..Default::default()
        };
        Ok(r)
    }

    /// The previous year's report, if the workspace has it (for year-on-year checks and prefill).
    pub fn prior_report(&self, report: &AnnualReport) -> Result<Option<AnnualReport>> {
        Ok(store::report_load(
            &self.conn,
            &report.enterprise.uscc,
            report.year - 1,
        )?)
    }

    /// Reduction projects the same enterprise claimed in other years.
    pub fn ledger_claims_elsewhere(
        &self,
        report: &AnnualReport,
    ) -> Result<Vec<store::LedgerClaim>> {
        match store::enterprise_get(&self.conn, &report.enterprise.uscc)? {
            Some((id, _)) => Ok(store::ledger_claims(&self.conn, id, report.year)?),
            None => Ok(Vec::new()),
        }
    }

    /// Copies a file into the evidence folder under its SHA-256 (once; the same bytes added
    /// twice are stored once) and returns the entry to attach to a reduction project.
    pub fn evidence_add(&mut self, file: &Path, kind: &str) -> Result<crate::model::Evidence> {
        let dir = self.evidence_dir().ok_or_else(|| {
            Error::NotFound(
                "this workspace has no evidence folder (it is not saved to disk)".into(),
            )
        })?;
        let bytes = std::fs::read(file).map_err(|e| Error::Input {
            location: file.display().to_string(),
            message: format!("cannot read file: {e}"),
        })?;
        let sha = store::sha256_hex(&bytes);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display(), e))?;
        let target = dir.join(&sha);
        let intact = std::fs::read(&target).is_ok_and(|b| store::sha256_hex(&b) == sha);
        if !intact {
            crate::interchange::write_atomic(&target, &bytes)?;
        }
        let entry = crate::model::Evidence {
            name: file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| sha.clone()),
            kind: kind.to_string(),
            size: bytes.len() as u64,
            sha256: sha,
        };
        let now = self.now();
        let tx = self.conn.transaction()?;
        if store::evidence_insert(&tx, &entry, &now)? {
            store::audit::append(
                &tx,
                &now,
                &self.actor,
                "evidence.add",
                &entry.sha256,
                &format!("{} ({}, {} bytes)", entry.name, entry.kind, entry.size),
            )?;
        }
        tx.commit()?;
        Ok(entry)
    }

    /// Evidence listed in the report that is missing from the store or whose bytes changed.
    /// `None` when the workspace has no evidence folder to check against.
    pub fn evidence_check(&self, report: &AnnualReport) -> Result<Option<Vec<EvidenceIssue>>> {
        let Some(dir) = self.evidence_dir() else {
            return Ok(None);
        };
        // Unchanged files (same size and modification time) are not read again.
        let problem_of = |sha: &str| match self.hashes.sha256(&dir.join(sha)) {
            None => Some(EvidenceProblem::Missing),
            Some(h) if h != sha => Some(EvidenceProblem::Changed),
            Some(_) => None,
        };
        let mut issues = Vec::new();
        for (i, p) in report.reduction_projects.iter().enumerate() {
            for (j, e) in p.evidence.iter().enumerate() {
                if let Some(problem) = problem_of(e.sha256.trim()) {
                    issues.push(EvidenceIssue {
                        path: format!("reduction_projects[{i}].evidence[{j}]"),
                        project_id: p.id.clone(),
                        name: e.name.clone(),
                        sha256: e.sha256.clone(),
                        problem,
                    });
                }
            }
        }
        issues.extend(carbon::evidence_issues(report, problem_of));
        Ok(Some(issues))
    }

    /// The audit log, oldest first (optionally for one object such as `USCC/2024`).
    pub fn audit_list(&self, object: Option<&str>) -> Result<Vec<store::audit::Entry>> {
        Ok(store::audit::list(&self.conn, object)?)
    }

    /// Verifies the audit log's hash chain.
    pub fn audit_verify(&self) -> Result<store::audit::Verdict> {
        Ok(store::audit::verify(&self.conn)?)
    }

    /// Writes a backup copy of the workspace (consistent even while it is in use).
    pub fn backup(&mut self, dest: &Path) -> Result<()> {
        store::backup::backup_to(&self.conn, dest)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "workspace.backup",
            &dest.display().to_string(),
            "",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Daily rotating backups into `dir`, keeping the newest `keep`.
    pub fn auto_backup(&mut self, dir: &Path, keep: usize) -> Result<Option<PathBuf>> {
        let today = self.clock.now().format("%Y%m%d").to_string();
        Ok(store::backup::rotate(
            &self.conn,
            dir,
            "workspace",
            &today,
            keep,
        )?)
    }

    /// Corrects an enterprise's 统一社会信用代码 (a typo in the code is the same unit): its
    /// reports and their history move with it, and the correction is audited. Refused when the
    /// new code is malformed or already belongs to another enterprise here.
    pub fn enterprise_recode(&mut self, old: &str, new: &str) -> Result<()> {
        let new = new.trim();
        if let Err(p) = crate::codes::uscc_check(new) {
            return Err(Error::Input {
                location: "统一社会信用代码".into(),
                message: format!("{new} 不是有效的统一社会信用代码：{p}"),
            });
        }
        if old == new {
            return Ok(());
        }
        if store::enterprise_get(&self.conn, old)?.is_none() {
            return Err(Error::NotFound(format!("没有代码为 {old} 的单位")));
        }
        if store::enterprise_get(&self.conn, new)?.is_some() {
            return Err(Error::Input {
                location: "统一社会信用代码".into(),
                message: format!(
                    "{new} 已是本工作区中另一个单位的代码；如两者是同一单位，请先归档其中一个"
                ),
            });
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        store::enterprise_recode(&tx, old, new, &now)?;
        store::audit::append(&tx, &now, &self.actor, "enterprise.recode", old, new)?;
        tx.commit()?;
        Ok(())
    }

    /// Archives an enterprise (or brings it back): it leaves the selector; nothing is deleted.
    pub fn enterprise_archive(&mut self, uscc: &str, archived: bool) -> Result<()> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        if !store::enterprise_archive(&tx, uscc, archived, &now)? {
            return Err(Error::NotFound(format!("没有代码为 {uscc} 的单位")));
        }
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            if archived {
                "enterprise.archive"
            } else {
                "enterprise.restore"
            },
            uscc,
            "",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Checks, signs (or drafts) and writes a submission — the one path from a report to the
    /// bytes on disk. The check runs here, on the report as it is exported, so a caller can
    /// never hand it a stale result; a signed file needs no errors and no unjustified warnings.
    /// The working copy is saved first; then, in one transaction, the version is frozen (its
    /// number is the signed revision), the file is written (temp + fsync + rename) and the
    /// export is audited. If writing fails nothing is recorded.
    ///
    /// A signed export also freezes the CO₂ factor editions the report is accounted with into
    /// the report (`carbon.basis`, fields already set are kept), before the version is frozen:
    /// the signed file carries the figures and the editions, and neither a later edition in the
    /// seeds nor a recomputation elsewhere can give the signed report other figures.
    pub fn submission_export(
        &mut self,
        report: &AnnualReport,
        pack: &crate::pack::Pack,
        key: Option<&crate::sign::Key>,
        prior: Option<&AnnualReport>,
        dest: &Path,
    ) -> Result<SubmissionExport> {
        // What is signed is checked against evidence read afresh, not remembered hashes.
        self.hashes.clear();
        let stored_prior = match prior {
            Some(_) => None,
            None => self.prior_report(report)?,
        };
        let prior = prior.or(stored_prior.as_ref());
        let mut report = report.clone();
        // Fields of the basis already frozen in the stored report are kept, as on every save.
        if let Some(o) = store::report_load(&self.conn, &report.enterprise.uscc, report.year)? {
            keep_frozen(&mut report.carbon.basis, &o.carbon.basis);
        }
        let mut carbon = crate::carbon::compute(&report, self.refdata, prior);
        if key.is_some() {
            let editions = carbon.editions.clone();
            if editions.freeze_into(&mut report.carbon.basis) {
                carbon = crate::carbon::compute(&report, self.refdata, prior);
            }
        }
        let report = &report;
        let outcome = self.validate(report, prior)?;
        let computed = calc::compute(report, self.refdata).ok();
        if key.is_some() && !outcome.summary.signable() {
            return Err(Error::NotSignable {
                errors: outcome.summary.errors,
                warnings: outcome.summary.warnings,
            });
        }
        self.report_save(report)?;
        let id = self.report_id(&report.enterprise.uscc, report.year)?;
        let now = self.now();
        let audit_head = store::audit::head(&self.conn)?;
        let tx = self.conn.transaction()?;
        let reason = if key.is_some() {
            "签名导出"
        } else {
            "草稿导出"
        };
        let revision = store::report_freeze(&tx, id, reason, &now)?;
        let signing = crate::xlsx::Signing {
            revision: u32::try_from(revision).unwrap_or(u32::MAX),
            signed_at: self.clock.now(),
            audit_head,
        };
        let named = crate::xlsx::with_catalog_names(report, self.refdata);
        let carbon = crate::carbon::CarbonDocument::of(&named, &carbon, self.refdata);
        let figures = crate::xlsx::Figures {
            computed: computed.as_ref(),
            carbon: Some(&carbon),
        };
        let file = crate::xlsx::export_figures(
            report,
            figures,
            &outcome,
            pack,
            key,
            self.refdata,
            &signing,
        )
        .map_err(|e| Error::workbook(dest.display(), e))?;
        crate::interchange::write_atomic(dest, &file.bytes)?;
        let object = format!("{}/{}", report.enterprise.uscc, report.year);
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "report.freeze",
            &object,
            &format!("version {revision}: {reason}"),
        )?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            if file.signed {
                "report.sign"
            } else {
                "report.export_draft"
            },
            &object,
            &format!(
                "version {revision}, SM3 {}, {}",
                file.digest,
                dest.display()
            ),
        )?;
        tx.commit()?;
        Ok(SubmissionExport {
            path: dest.to_path_buf(),
            signed: file.signed,
            digest: file.digest,
            fingerprint: file.fingerprint,
            revision: signing.revision,
            findings: outcome,
        })
    }

    /// The raw connection, for tests that need to tamper with the file.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn enterprise_list(&self) -> Result<Vec<EnterpriseSummary>> {
        Ok(store::enterprise_list(&self.conn)?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(store::setting_get(&self.conn, key)?)
    }

    pub fn setting_set(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        store::setting_set(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    fn report_id(&self, uscc: &str, year: i32) -> Result<i64> {
        store::report_list(&self.conn, Some(uscc))?
            .into_iter()
            .find(|r| r.year == year)
            .map(|r| r.id)
            .ok_or_else(|| Error::NotFound(format!("no report for {uscc} in {year}")))
    }
}

/// Whether a save with basis `new` keeps fields of the frozen basis `old`: some field of `old`
/// is set where `new` leaves it empty.
fn keeps_basis(old: &crate::model::CarbonBasis, new: &crate::model::CarbonBasis) -> bool {
    [
        (&old.fuel, &new.fuel),
        (&old.grid, &new.grid),
        (&old.heat, &new.heat),
    ]
    .iter()
    .any(|(o, n)| !o.trim().is_empty() && n.trim().is_empty())
}

/// Fills the empty fields of `basis` from the frozen basis `old`.
fn keep_frozen(basis: &mut crate::model::CarbonBasis, old: &crate::model::CarbonBasis) {
    for (field, frozen) in [
        (&mut basis.fuel, &old.fuel),
        (&mut basis.grid, &old.grid),
        (&mut basis.heat, &old.heat),
    ] {
        if field.trim().is_empty() {
            field.clone_from(frozen);
        }
    }
}

/// What [`Workspace::submission_export`] wrote.
#[derive(Debug, Clone)]
pub struct SubmissionExport {
    pub path: PathBuf,
    pub signed: bool,
    /// SM3 of the signed payload, as printed on the cover.
    pub digest: String,
    pub fingerprint: Option<String>,
    /// The frozen version, signed as the file's revision.
    pub revision: u32,
    /// The check the file was exported under.
    pub findings: crate::validate::Outcome,
}

/// The OS user name, until the user types theirs.
pub fn default_actor() -> String {
    std::env::var("NENGBAO_ACTOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

/// Ledger edits between two versions of a report: (action, project id, detail).
fn ledger_changes(
    old: Option<&AnnualReport>,
    new: &AnnualReport,
) -> Vec<(&'static str, String, String)> {
    let old_projects = old.map(|o| o.reduction_projects.as_slice()).unwrap_or(&[]);
    let mut out = Vec::new();
    for p in &new.reduction_projects {
        match old_projects.iter().find(|o| o.id == p.id) {
            None => out.push(("ledger.add", p.id.clone(), p.name.clone())),
            Some(o) if o != p => {
                let (a, b) = (
                    serde_json::to_value(o).unwrap_or_default(),
                    serde_json::to_value(p).unwrap_or_default(),
                );
                let changed: Vec<String> = b
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .filter(|(k, v)| a.get(k.as_str()) != Some(v))
                            .map(|(k, _)| k.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                out.push((
                    "ledger.update",
                    p.id.clone(),
                    format!("changed: {}", changed.join(", ")),
                ));
            }
            Some(_) => {}
        }
    }
    for o in old_projects {
        if !new.reduction_projects.iter().any(|p| p.id == o.id) {
            out.push((
                "ledger.remove",
                o.id.clone(),
                format!("{} (kept in the ledger index, marked removed)", o.name),
            ));
        }
    }
    out
}
