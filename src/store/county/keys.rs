//! The key registry: the keys trusted for each unit, and the keys seen on held submissions
//! that wait for a clerk's decision.

use super::*;

/// A trusted key of the registry.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub uscc: String,
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub source: KeySource,
    pub first_seen: String,
    pub confirmed_at: Option<String>,
    pub confirmed_by: Option<String>,
}

fn trusted_key_of(mut r: Row) -> Result<TrustedKey> {
    Ok(TrustedKey {
        uscc: r.get(0)?,
        name: r.get(1)?,
        public_key: r.get(2)?,
        fingerprint: r.get(3)?,
        source: r.get(4)?,
        first_seen: r.get(5)?,
        confirmed_at: r.get(6)?,
        confirmed_by: r.get(7)?,
    })
}

const KEY_COLUMNS: &str =
    "uscc, name, public_key, fingerprint, source, first_seen, confirmed_at, confirmed_by";

pub fn trusted_keys(db: &Db) -> Result<Vec<TrustedKey>> {
    db.map(
        &format!("SELECT {KEY_COLUMNS} FROM enterprise_key WHERE status = 'trusted' ORDER BY uscc"),
        args![],
        trusted_key_of,
    )
}

pub fn trusted_key(db: &Db, uscc: &str) -> Result<Option<TrustedKey>> {
    db.row(
        &format!("SELECT {KEY_COLUMNS} FROM enterprise_key WHERE uscc = ?1 AND status = 'trusted'"),
        args![uscc],
    )?
    .map(trusted_key_of)
    .transpose()
}

/// Units other than `uscc` for which a key with this fingerprint is trusted.
pub fn units_trusting(db: &Db, fingerprint: &str, uscc: &str) -> Result<Vec<String>> {
    db.map(
        "SELECT uscc FROM enterprise_key WHERE fingerprint = ?1 AND uscc <> ?2 AND status = 'trusted'
         ORDER BY uscc",
        args![fingerprint, uscc],
        |mut r| r.get(0),
    )
}

/// Trusts a key for one unit (replacing the unit's earlier key); no other unit's entry changes.
#[allow(clippy::too_many_arguments)]
pub fn key_trust(
    tx: &Db,
    uscc: &str,
    name: &str,
    public_key: &str,
    fingerprint: &str,
    source: KeySource,
    now: &str,
    actor: &str,
) -> Result<()> {
    tx.exec(
        "INSERT INTO enterprise_key (uscc, name, public_key, fingerprint, status, source, first_seen,
             confirmed_at, confirmed_by)
         VALUES (?1, ?2, ?3, ?4, 'trusted', ?5, ?6, ?6, ?7)
         ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, public_key = excluded.public_key,
             fingerprint = excluded.fingerprint, status = 'trusted', source = excluded.source,
             confirmed_at = excluded.confirmed_at, confirmed_by = excluded.confirmed_by",
        args![uscc, name, public_key, fingerprint, source, now, actor],
    )?;
    Ok(())
}

/// A key seen on held submissions: unit, fingerprint, public key, how many files, the unit's
/// name as signed, first seen.
#[derive(Debug, Clone)]
pub struct HeldKey {
    pub uscc: String,
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub files: usize,
    pub first_seen: String,
}

/// Whether the unit has files held for a key other than this one.
pub fn held_for_other_key(db: &Db, uscc: &str, fingerprint: &str) -> Result<bool> {
    Ok(db
        .row(
            "SELECT 1 FROM submission WHERE uscc = ?1 AND status = 'held' AND fingerprint <> ?2 LIMIT 1",
            args![uscc, fingerprint],
        )?
        .is_some())
}

pub fn held_keys(db: &Db) -> Result<Vec<HeldKey>> {
    db.map(
        "SELECT uscc, MAX(name), public_key, fingerprint, COUNT(*), MIN(received_at)
         FROM submission WHERE status = 'held'
         GROUP BY uscc, fingerprint, public_key ORDER BY uscc, MIN(received_at)",
        args![],
        |mut r| {
            Ok(HeldKey {
                uscc: r.get(0)?,
                name: r.get(1)?,
                public_key: r.get(2)?,
                fingerprint: r.get(3)?,
                files: r.get(4)?,
                first_seen: r.get(5)?,
            })
        },
    )
}

// ---- submissions ---------------------------------------------------------------------------
