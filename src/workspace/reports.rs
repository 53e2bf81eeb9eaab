//! 报告 — reports of the workspace: compute, check, save (with the ledger index and the audit
//! entries), load, list, freeze versions, next year's report prefilled from this one, last
//! year's report and the ledger claims of other years, and the enterprise's identity (credit
//! code correction, archive).

use super::Workspace;
use crate::calc::{self, Computed};
use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::store::{self, EnterpriseSummary, ReportSummary, Saved, VersionSummary};
use crate::text::Text;

impl Workspace {
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
        // Record periods typed another way (2025年6月, 2025/6) are kept as 2025-06, whichever
        // path the report came by (form, JSON file, workbook).
        // 表1 综合能源消费量 is computed from 表2 (pack 2026.2); a value stated by an earlier
        // version is not kept, so it can never disagree with the figure shown.
        let mut tidy = report.clone();
        let stated = tidy.indicators.comprehensive_energy_tce.current.take();
        let report = if crate::ledger::normalize_periods(&mut tidy).is_empty() && stated.is_none() {
            report
        } else {
            &tidy
        };
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
            .ok_or_else(|| Error::NotFound(Text::same(format!("no report for {uscc} in {year}"))))
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
        store::report_version_load(&self.conn, self.report_id(uscc, year)?, version)?.ok_or_else(
            || Error::NotFound(Text::same(format!("no version {version} of {uscc} {year}"))),
        )
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

    /// Corrects an enterprise's 统一社会信用代码 (a typo in the code is the same unit): its
    /// reports and their history move with it, and the correction is audited. Refused when the
    /// new code is malformed or already belongs to another enterprise here.
    pub fn enterprise_recode(&mut self, old: &str, new: &str) -> Result<()> {
        let new = new.trim();
        if let Err(p) = crate::codes::uscc_check(new) {
            return Err(Error::input(
                Text::new("统一社会信用代码", "credit code"),
                Text::new(
                    format!("{new} 不是有效的统一社会信用代码：{p}"),
                    format!("{new} is not a valid unified social credit code: {p}"),
                ),
            ));
        }
        if old == new {
            return Ok(());
        }
        if store::enterprise_get(&self.conn, old)?.is_none() {
            return Err(Error::not_found(
                format!("没有代码为 {old} 的单位"),
                format!("no unit has the code {old}"),
            ));
        }
        if store::enterprise_get(&self.conn, new)?.is_some() {
            return Err(Error::input(
                Text::new("统一社会信用代码", "credit code"),
                Text::new(
                    format!("{new} 已是本工作区中另一个单位的代码；如两者是同一单位，请先归档其中一个"),
                    format!("{new} is already the code of another unit in this workspace; if both are the same unit, archive one of them first"),
                ),
            ));
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
            return Err(Error::not_found(
                format!("没有代码为 {uscc} 的单位"),
                format!("no unit has the code {uscc}"),
            ));
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

    pub fn enterprise_list(&self) -> Result<Vec<EnterpriseSummary>> {
        Ok(store::enterprise_list(&self.conn)?)
    }

    pub(super) fn report_id(&self, uscc: &str, year: i32) -> Result<i64> {
        store::report_list(&self.conn, Some(uscc))?
            .into_iter()
            .find(|r| r.year == year)
            .map(|r| r.id)
            .ok_or_else(|| Error::NotFound(Text::same(format!("no report for {uscc} in {year}"))))
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
pub(super) fn keep_frozen(basis: &mut crate::model::CarbonBasis, old: &crate::model::CarbonBasis) {
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
