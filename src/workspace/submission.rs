//! 校验与报送 — `submission_export` (check → freeze → sign → write → audit in one transaction:
//! no caller can hand it a stale check) and the check of a report as the filer sees it: the computed figures, the findings
//! located in a template pack, and the CO₂ block, with last year's report taken from the
//! workspace unless one is given.

use serde::Serialize;

use std::path::{Path, PathBuf};

use super::reports::keep_frozen;
use super::Workspace;
use crate::calc::Computed;
use crate::carbon::{CarbonResult, CarbonView};
use crate::error::Error;
use crate::error::Result;
use crate::model::AnnualReport;
use crate::store;
use crate::validate::Outcome;

/// A report's check: figures (absent when the report cannot be computed), findings, CO₂.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub computed: Option<Computed>,
    pub outcome: Outcome,
    pub carbon: CarbonResult,
}

/// The app's live check of a report as the filer types: the figures (absent when the report
/// cannot be computed), the findings located in the chosen pack, and the CO₂ block laid out for
/// the 碳排放 screen and the 碳表 tables, with last year's report from the workspace.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Checked"))]
pub struct ScreenCheck {
    pub computed: Option<Computed>,
    /// The CO₂ block (碳排放 screen and the 碳表 tables), with last year's report from the workspace.
    pub carbon: CarbonView,
    pub outcome: Outcome,
}

impl Workspace {
    /// [`Workspace::report_check`] as the app shows it: the same check, its CO₂ block laid out
    /// for the screen.
    pub fn report_check_screen(&self, report: &AnnualReport, pack: &str) -> Result<ScreenCheck> {
        let checked = self.report_check(report, None, pack)?;
        Ok(ScreenCheck {
            carbon: CarbonView::of(report, &checked.carbon, self.refdata()),
            computed: checked.computed,
            outcome: checked.outcome,
        })
    }

    /// Checks `report`: computes it, validates it (with `prior`, else last year's report and
    /// the ledger claims stored here), names each finding's sheet and cell in the pack `pack`
    /// (left unnamed when there is no such pack) and computes its CO₂ block.
    pub fn report_check(
        &self,
        report: &AnnualReport,
        prior: Option<&AnnualReport>,
        pack: &str,
    ) -> Result<Checked> {
        let mut outcome = self.validate(report, prior)?;
        if let Ok(p) = crate::pack::Pack::builtin(pack) {
            crate::validate::locate(&mut outcome, p);
        }
        let stored;
        let last = match prior {
            Some(p) => Some(p),
            None => {
                stored = self.prior_report(report)?;
                stored.as_ref()
            }
        };
        Ok(Checked {
            computed: self.compute(report).ok(),
            carbon: crate::carbon::compute(report, self.refdata(), last),
            outcome,
        })
    }

    /// The computed figures of `report` (an error when it cannot be computed) and its CO₂ block
    /// against `prior` (for the year-on-year change).
    pub fn report_compute(
        &self,
        report: &AnnualReport,
        prior: Option<&AnnualReport>,
    ) -> Result<(Computed, CarbonResult)> {
        let c = self.compute(report)?;
        Ok((c, crate::carbon::compute(report, self.refdata(), prior)))
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
        let computed = crate::calc::compute(report, self.refdata).ok();
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
