//! 审计日志 — an append-only, hash-chained log of edits, signatures, exports and decisions.
//!
//! Triggers refuse UPDATE and DELETE; the chain makes any edit done around them (a dropped
//! trigger, a hex editor) visible to [`verify`]: an altered entry breaks its own hash, a removed
//! entry leaves a gap in `seq` or breaks the next entry's `prev`, and a cut-off tail no longer
//! matches the head recorded in the settings.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{sha256_hex, Result};

/// The `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub detail: String,
    pub prev: String,
    pub hash: String,
}

fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    object: &str,
    detail: &str,
) -> String {
    // Fields are length-prefixed so no choice of text can make two entries hash alike.
    let mut buf = String::new();
    for f in [prev, &seq.to_string(), at, actor, action, object, detail] {
        buf.push_str(&f.len().to_string());
        buf.push(':');
        buf.push_str(f);
        buf.push('\n');
    }
    sha256_hex(buf.as_bytes())
}

/// Appends an entry in the caller's transaction and returns it.
pub fn append(
    tx: &Connection,
    at: &str,
    actor: &str,
    action: &str,
    object: &str,
    detail: &str,
) -> Result<Entry> {
    let last: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?))))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let hash = entry_hash(&prev, seq, at, actor, action, object, detail);
    tx.prepare_cached(
        "INSERT INTO audit (seq, at, actor, action, object, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| s.execute(params![seq, at, actor, action, object, detail, prev, hash]))?;
    super::setting_set(tx, "audit_head", &format!("{seq}:{hash}"))?;
    Ok(Entry {
        seq,
        at: at.into(),
        actor: actor.into(),
        action: action.into(),
        object: object.into(),
        detail: detail.into(),
        prev,
        hash,
    })
}

/// Entries, oldest first, optionally only those about `object`.
pub fn list(conn: &Connection, object: Option<&str>) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, object, detail, prev, hash FROM audit
         WHERE ?1 IS NULL OR object = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([object], |r| {
        Ok(Entry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            object: r.get(4)?,
            detail: r.get(5)?,
            prev: r.get(6)?,
            hash: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// The chain is whole.
    Intact { entries: i64, head: String },
    /// The first entry that does not fit, and why.
    Broken { seq: i64, reason: String },
}

/// Walks the whole chain.
pub fn verify(conn: &Connection) -> Result<Verdict> {
    let entries = list(conn, None)?;
    let mut prev = GENESIS.to_string();
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.seq != expected_seq {
            return Ok(Verdict::Broken {
                seq: expected_seq,
                reason: format!(
                    "entry {expected_seq} is missing (next present is {})",
                    e.seq
                ),
            });
        }
        if e.prev != prev {
            return Ok(Verdict::Broken {
                seq: e.seq,
                reason:
                    "does not follow the previous entry (an entry before it was removed or altered)"
                        .into(),
            });
        }
        if entry_hash(
            &e.prev, e.seq, &e.at, &e.actor, &e.action, &e.object, &e.detail,
        ) != e.hash
        {
            return Ok(Verdict::Broken {
                seq: e.seq,
                reason: "its content was altered".into(),
            });
        }
        prev = e.hash.clone();
    }
    let n = entries.len() as i64;
    let head: Option<String> = super::setting_get(conn, "audit_head")?;
    let actual = if n == 0 {
        None
    } else {
        Some(format!("{n}:{prev}"))
    };
    if head != actual {
        return Ok(Verdict::Broken {
            seq: n + 1,
            reason: format!(
                "the log ends at entry {n} but the workspace recorded {} as its last entry (entries were cut off)",
                head.as_deref().and_then(|h| h.split(':').next()).unwrap_or("none")
            ),
        });
    }
    Ok(Verdict::Intact {
        entries: n,
        head: prev,
    })
}
