//! The keys of the offices below: the registry, and the clerk's decisions — trust (releasing
//! the summaries held for the key), reject, or register from a stamped key card.

use super::*;

/// A subordinate office's key held for a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeKeyEntry {
    pub division: String,
    pub name: String,
    pub level: OfficeLevel,
    pub public_key: String,
    pub fingerprint: String,
    /// Trusted, or held (unconfirmed or changed).
    pub status: crate::county::state::KeyStatus,
    pub source: KeySource,
    pub files: usize,
    pub first_seen: String,
    pub confirmed_at: Option<String>,
    pub confirmed_by: Option<String>,
    /// For a held key, the office's registered key it differs from.
    pub registered: Option<String>,
}

impl County {
    /// The registry of subordinate offices' keys: trusted ones, and keys seen on held summaries.
    pub fn office_keys(&self) -> Result<Vec<OfficeKeyEntry>> {
        let trusted = repo::office_keys(&self.conn)?;
        let mut out: Vec<OfficeKeyEntry> = trusted
            .iter()
            .map(|k| OfficeKeyEntry {
                division: k.division.clone(),
                name: k.name.clone(),
                level: k.level,
                public_key: k.public_key.clone(),
                fingerprint: k.fingerprint.clone(),
                status: crate::county::state::KeyStatus::Trusted,
                source: k.source,
                files: 0,
                first_seen: k.first_seen.clone(),
                confirmed_at: k.confirmed_at.clone(),
                confirmed_by: k.confirmed_by.clone(),
                registered: None,
            })
            .collect();
        for h in repo::held_office_keys(&self.conn)? {
            let registered = trusted
                .iter()
                .find(|k| k.division == h.division)
                .map(|k| k.fingerprint.clone());
            out.push(OfficeKeyEntry {
                division: h.division,
                name: h.name,
                level: h.level,
                public_key: h.public_key,
                fingerprint: h.fingerprint,
                status: if registered.is_some() {
                    crate::county::state::KeyStatus::Changed
                } else {
                    crate::county::state::KeyStatus::Unconfirmed
                },
                source: KeySource::Held,
                files: h.files,
                first_seen: h.first_seen,
                confirmed_at: None,
                confirmed_by: None,
                registered,
            });
        }
        Ok(out)
    }

    /// Trusts an office's key (after comparing its fingerprint with the office's stamped key
    /// card) and takes in the summaries held for exactly that office and key, in signed order.
    /// Returns how many were released.
    pub fn office_trust(&mut self, division: &str, fingerprint: &str) -> Result<usize> {
        let fp = normalize_fp(fingerprint);
        let held = repo::held_office_keys(&self.conn)?;
        let Some(k) = held
            .iter()
            .find(|k| k.division == division && normalize_fp(&k.fingerprint) == fp)
        else {
            return Err(Error::not_found(
                format!("没有{division}以指纹 {fingerprint} 签名、待确认的汇总"),
                format!("no summary of {division} signed with fingerprint {fingerprint} is waiting for confirmation"),
            ));
        };
        let now = self.now();
        let ctx_division = self.division()?;
        let actor = self.actor.clone();
        let tx = self.conn.write()?;
        repo::office_key_trust(
            &tx,
            division,
            &k.name,
            k.level,
            &k.public_key,
            &k.fingerprint,
            KeySource::Decision,
            &now,
            &actor,
        )?;
        repo::held_now_changed(&tx, division, &k.fingerprint)?;
        store::audit::append(
            &tx,
            &now,
            &actor,
            "office_key.trust",
            division,
            &k.fingerprint,
        )?;
        let ctx = UpCtx {
            rd: self.refdata,
            trust_new: false,
            year: None,
            division: &ctx_division,
            now: &now,
            actor: &actor,
        };
        let mut released = 0;
        for (id, sha) in repo::held_for(&tx, division, &k.fingerprint)? {
            let Some(bytes) = county_repo::blob(&tx, &sha)? else {
                continue;
            };
            let check = check_summary(&bytes);
            let Some(doc) = &check.document else { continue };
            repo::summary_set_status(&tx, id, SubmissionStatus::Superseded)?;
            let findings = apply(&tx, id, &sha, &bytes, doc, &ctx)?;
            let name = county_repo::file_name(&tx, &sha)?.unwrap_or_default();
            let mut r = blank(&SummaryFile {
                name: &name,
                sha256: &sha,
                size: bytes.len(),
                bytes: &bytes,
            });
            conclude(&tx, id, doc, findings, &mut r)?;
            county_repo::file_set_outcome(&tx, &sha, r.outcome, r.reason, &r.message)?;
            released += 1;
        }
        tx.commit()?;
        Ok(released)
    }

    /// Rejects an office's key: the summaries held for that office and key are discarded with
    /// the clerk's reason (kept, audited; a later copy of them is rejected for it).
    pub fn office_reject(&mut self, division: &str, fingerprint: &str, why: &str) -> Result<usize> {
        if why.trim().chars().count() < 2 {
            return Err(Error::input(
                Text::same("--why"),
                Text::new("请写明拒绝的理由", "give the reason"),
            ));
        }
        let fp = normalize_fp(fingerprint);
        let held = repo::held_office_keys(&self.conn)?;
        let Some(k) = held
            .iter()
            .find(|k| k.division == division && normalize_fp(&k.fingerprint) == fp)
        else {
            return Err(Error::not_found(
                format!("没有{division}以指纹 {fingerprint} 签名、待确认的汇总"),
                format!("no summary of {division} signed with fingerprint {fingerprint} is waiting for confirmation"),
            ));
        };
        let now = self.now();
        let actor = self.actor.clone();
        let tx = self.conn.write()?;
        let list = repo::held_for(&tx, division, &k.fingerprint)?;
        for (id, sha) in &list {
            repo::summary_set_status(&tx, *id, SubmissionStatus::Discarded)?;
            county_repo::file_set_outcome(
                &tx,
                sha,
                FileOutcome::Rejected,
                Reason::KeyRejected,
                &Text::new(
                    format!(
                        "经办人拒绝了该汇总所用的密钥（指纹 {}）：{why}",
                        k.fingerprint
                    ),
                    format!(
                        "the clerk rejected the key of this summary (fingerprint {}): {why}",
                        k.fingerprint
                    ),
                ),
            )?;
        }
        store::audit::append(
            &tx,
            &now,
            &actor,
            "office_key.reject",
            division,
            &format!("{}: {why}", k.fingerprint),
        )?;
        tx.commit()?;
        Ok(list.len())
    }

    /// Registers an office's key from its stamped key card (before any summary arrives).
    pub fn office_register(&mut self, division: &str, public_key: &str) -> Result<String> {
        let pk = crate::sign::parse_public(public_key)
            .map_err(|e| Error::input(Text::same("--public-key"), e.text()))?;
        let fp = crate::sign::fingerprint(&pk);
        let Some(region) = self.refdata.region(division.trim()) else {
            return Err(Error::input(
                Text::same("--register"),
                Text::new(
                    format!("{division} 不在GB/T 2260代码表中"),
                    format!("{division} is not in the GB/T 2260 code list"),
                ),
            ));
        };
        let level = OfficeLevel::of_region(&region.level).unwrap_or(OfficeLevel::County);
        let now = self.now();
        let actor = self.actor.clone();
        let tx = self.conn.write()?;
        repo::office_key_trust(
            &tx,
            division.trim(),
            &region.name,
            level,
            &hex::encode(&pk),
            &fp,
            KeySource::KeyCard,
            &now,
            &actor,
        )?;
        repo::held_now_changed(&tx, division.trim(), &fp)?;
        store::audit::append(&tx, &now, &actor, "office_key.register", division, &fp)?;
        tx.commit()?;
        Ok(fp)
    }
}

fn normalize_fp(s: &str) -> String {
    crate::sign::normalize_hex(s)
}
