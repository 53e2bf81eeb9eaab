//! The key registry and the clerk's decisions. A decision names one unit and one key
//! fingerprint and acts on exactly the held submissions of that pair, in signed order; trusting
//! a key for one unit never touches another unit's entry.

use serde::{Deserialize, Serialize};

use super::intake::{accepted_message, FileResult};
use super::state::{FileOutcome, KeySource, KeyStatus, Reason, SubmissionStatus};
use super::County;
use crate::error::{Error, Result};
use crate::store;
use crate::store::county as repo;
use crate::text::Text;

/// A key of the registry: a trusted key, or one seen on held files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyEntry {
    pub uscc: String,
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub status: KeyStatus,
    pub source: KeySource,
    pub first_seen: String,
    pub confirmed_at: Option<String>,
    pub confirmed_by: Option<String>,
    /// Files held for this unit and key.
    pub held_files: usize,
    /// The unit's trusted key, beside a held one, for the clerk to compare.
    pub registered_fingerprint: Option<String>,
}

/// (file sha256, new outcome, reason, message) of each file a decision changed.
pub type Released = Vec<(String, FileOutcome, Reason, Text)>;

impl County {
    /// Trusted keys, then keys waiting on held files (grouped by unit).
    pub fn keys(&self) -> Result<Vec<KeyEntry>> {
        let trusted = repo::trusted_keys(&self.conn)?;
        let mut out: Vec<KeyEntry> = trusted
            .iter()
            .map(|k| KeyEntry {
                uscc: k.uscc.clone(),
                name: k.name.clone(),
                public_key: k.public_key.clone(),
                fingerprint: k.fingerprint.clone(),
                status: KeyStatus::Trusted,
                source: k.source,
                first_seen: k.first_seen.clone(),
                confirmed_at: k.confirmed_at.clone(),
                confirmed_by: k.confirmed_by.clone(),
                held_files: 0,
                registered_fingerprint: None,
            })
            .collect();
        for h in repo::held_keys(&self.conn)? {
            let registered = trusted.iter().find(|k| k.uscc == h.uscc);
            if let Some(e) = out
                .iter_mut()
                .find(|e| e.uscc == h.uscc && e.fingerprint == h.fingerprint)
            {
                e.held_files += h.files;
                continue;
            }
            out.push(KeyEntry {
                uscc: h.uscc.clone(),
                name: h.name.clone(),
                public_key: h.public_key.clone(),
                fingerprint: h.fingerprint.clone(),
                status: if registered.is_some() {
                    KeyStatus::Changed
                } else {
                    KeyStatus::Unconfirmed
                },
                source: KeySource::Held,
                first_seen: h.first_seen.clone(),
                confirmed_at: None,
                confirmed_by: None,
                held_files: h.files,
                registered_fingerprint: registered.map(|k| k.fingerprint.clone()),
            });
        }
        out.sort_by(|a, b| a.uscc.cmp(&b.uscc).then(a.status.cmp(&b.status)));
        Ok(out)
    }

    /// Registers a unit's key from its key card (trusted at once, replacing any other) and
    /// releases the files held for it.
    pub fn key_register(&mut self, uscc: &str, name: &str, public_hex: &str) -> Result<KeyEntry> {
        let pk = crate::sign::parse_public(public_hex).map_err(|_| {
            Error::input(
                Text::new("公钥", "public key"),
                Text::new(
                    "不是SM2公钥（65字节 04‖x‖y 或33字节压缩形式，十六进制）",
                    "not an SM2 public key (65 bytes 04‖x‖y or 33 bytes compressed, hex)",
                ),
            )
        })?;
        let fp = crate::sign::fingerprint(&pk);
        let now = self.now();
        let tx = self.conn.transaction()?;
        repo::key_trust(
            &tx,
            uscc,
            name,
            &hex::encode(&pk),
            &fp,
            KeySource::KeyCard,
            &now,
            &self.actor,
        )?;
        store::audit::append(&tx, &now, &self.actor, "key.register", uscc, &fp)?;
        release(&tx, uscc, &fp, &now, &self.actor)?;
        tx.commit()?;
        self.keys()?
            .into_iter()
            .find(|k| k.uscc == uscc && k.status == KeyStatus::Trusted)
            .ok_or_else(|| Error::NotFound(Text::same(uscc)))
    }

    /// The clerk's decision: trust the key with this fingerprint for this unit (confirming a
    /// first-use key or accepting a changed one) and release the unit's files held for that
    /// key, in signed order. Returns how many files were released.
    pub fn key_trust(&mut self, uscc: &str, fingerprint: &str) -> Result<usize> {
        Ok(self.trust(uscc, fingerprint, KeySource::Decision)?.len())
    }

    pub(super) fn trust(
        &mut self,
        uscc: &str,
        fingerprint: &str,
        source: KeySource,
    ) -> Result<Released> {
        let want = crate::sign::normalize_hex(fingerprint);
        let known = repo::trusted_key(&self.conn, uscc)?
            .filter(|k| crate::sign::normalize_hex(&k.fingerprint) == want);
        let held = repo::held_keys(&self.conn)?
            .into_iter()
            .find(|k| k.uscc == uscc && crate::sign::normalize_hex(&k.fingerprint) == want);
        let (name, public, fp) = match (known, held) {
            (Some(k), _) => (k.name, k.public_key, k.fingerprint),
            (None, Some(h)) => (h.name, h.public_key, h.fingerprint),
            (None, None) => {
                return Err(Error::not_found(
                    format!("{uscc} 没有指纹为 {fingerprint} 的待确认密钥"),
                    format!(
                        "{uscc} has no key waiting for confirmation with fingerprint {fingerprint}"
                    ),
                ))
            }
        };
        let now = self.now();
        let tx = self.conn.transaction()?;
        repo::key_trust(&tx, uscc, &name, &public, &fp, source, &now, &self.actor)?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            match source {
                KeySource::FirstUse => "key.trust_first_use",
                _ => "key.trust",
            },
            uscc,
            &fp,
        )?;
        let released = release(&tx, uscc, &fp, &now, &self.actor)?;
        tx.commit()?;
        Ok(released)
    }

    /// The clerk's decision: reject the key with this fingerprint for this unit. Its held files
    /// are discarded (kept, with the reason, never counted) and the decision is audited.
    pub fn key_reject(&mut self, uscc: &str, fingerprint: &str, why: &str) -> Result<usize> {
        let want = crate::sign::normalize_hex(fingerprint);
        let Some(held) = repo::held_keys(&self.conn)?
            .into_iter()
            .find(|k| k.uscc == uscc && crate::sign::normalize_hex(&k.fingerprint) == want)
        else {
            return Err(Error::not_found(
                format!("{uscc} 没有指纹为 {fingerprint} 的暂存文件"),
                format!("{uscc} has no held files signed with fingerprint {fingerprint}"),
            ));
        };
        // The clerk's reason is kept as typed, in both halves.
        let (why_zh, why_en) = if why.trim().is_empty() {
            ("未说明理由", "no reason given")
        } else {
            (why.trim(), why.trim())
        };
        let why = why_zh;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let files = repo::held_for(&tx, uscc, &held.fingerprint)?;
        for h in &files {
            repo::submission_set_status(&tx, h.id, SubmissionStatus::Discarded)?;
            repo::file_set_outcome(
                &tx,
                &h.file_sha256,
                FileOutcome::Rejected,
                Reason::KeyRejected,
                &Text::new(
                    format!("经办人拒绝了该密钥（指纹 {}）：{why_zh}", held.fingerprint),
                    format!(
                        "the clerk rejected this key (fingerprint {}): {why_en}",
                        held.fingerprint
                    ),
                ),
            )?;
        }
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "key.reject",
            uscc,
            &format!("{}: {why} ({} files)", held.fingerprint, files.len()),
        )?;
        tx.commit()?;
        Ok(files.len())
    }
}

/// Turns the held submissions of a unit signed with a now-trusted key into versions, in signed
/// order; other keys' held files of the unit now wait as changed keys.
fn release(
    tx: &crate::store::Db,
    uscc: &str,
    fingerprint: &str,
    now: &str,
    actor: &str,
) -> Result<Released> {
    let held = repo::held_for(tx, uscc, fingerprint)?;
    let mut out = Vec::new();
    for h in &held {
        repo::submission_set_status(tx, h.id, SubmissionStatus::Superseded)?;
    }
    let years: std::collections::BTreeSet<i32> = held.iter().map(|h| h.year).collect();
    let mut current = std::collections::BTreeMap::new();
    for y in years {
        current.insert(y, repo::settle(tx, uscc, y)?);
    }
    for h in &held {
        let mut r = FileResult {
            file: String::new(),
            outcome: FileOutcome::Accepted,
            reason: Reason::Ok,
            uscc: Some(uscc.to_string()),
            name: Some(h.name.clone()),
            year: Some(h.year),
            errors: h.errors_warnings.0,
            warnings: h.errors_warnings.1,
            message: Text::default(),
            sha256: h.file_sha256.clone(),
            fingerprint: Some(fingerprint.to_string()),
            revision: None,
            signed_at: None,
        };
        accepted_message(tx, h.id, current.get(&h.year).copied().flatten(), &mut r)?;
        let message = Text::new(
            format!("密钥经确认后接收：{}", r.message.zh),
            format!("accepted once the key was confirmed: {}", r.message.en),
        );
        repo::file_set_outcome(tx, &h.file_sha256, r.outcome, r.reason, &message)?;
        store::audit::append(
            tx,
            now,
            actor,
            "submission.release",
            &format!("{uscc}/{}", h.year),
            &format!("submission {}: {}", h.id, r.reason),
        )?;
        out.push((h.file_sha256.clone(), r.outcome, r.reason, message));
    }
    repo::held_now_changed(tx, uscc, fingerprint)?;
    Ok(out)
}
