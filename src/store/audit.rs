//! 审计日志 — an append-only, hash-chained log of edits, signatures, exports and decisions.
//!
//! Triggers refuse UPDATE and DELETE; the chain makes any edit done around them (a dropped
//! trigger, a hex editor) visible to [`verify`]: an altered entry breaks its own hash, a removed
//! entry leaves a gap in `seq` or breaks the next entry's `prev`, and a cut-off tail no longer
//! matches the head recorded in the settings.
//!
//! Rewriting the whole log together with its recorded head is still possible for someone with
//! the database file; [`head`] is therefore also recorded outside it (signed exports, county
//! summaries), and [`verify_against`] checks that the log still contains that anchored entry.

use serde::{Deserialize, Serialize};

use super::db::{Row, Sql};
use super::{sha256_hex, Result};
use crate::args;

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
    tx: &impl Sql,
    at: &str,
    actor: &str,
    action: &str,
    object: &str,
    detail: &str,
) -> Result<Entry> {
    let last: Option<(i64, String)> = match tx.row(
        "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
        args![],
    )? {
        Some(mut r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    };
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let hash = entry_hash(&prev, seq, at, actor, action, object, detail);
    tx.exec(
        "INSERT INTO audit (seq, at, actor, action, object, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![seq, at, actor, action, object, detail, prev, hash],
    )?;
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
pub fn list(conn: &impl Sql, object: Option<&str>) -> Result<Vec<Entry>> {
    let entry = |mut r: Row| {
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
    };
    match object {
        Some(o) => conn.map(
            "SELECT seq, at, actor, action, object, detail, prev, hash FROM audit
             WHERE object = ?1 ORDER BY seq",
            args![o],
            entry,
        ),
        None => conn.map(
            "SELECT seq, at, actor, action, object, detail, prev, hash FROM audit ORDER BY seq",
            args![],
            entry,
        ),
    }
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
pub fn verify(conn: &impl Sql) -> Result<Verdict> {
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

/// The head of the chain: the hash of its last entry (lowercase hex), or `None` while the log is
/// empty. Recorded outside the database (in a signed export's manifest, a county summary), it
/// anchors the log: [`verify_against`] later shows whether the database still holds that history.
pub fn head(conn: &impl Sql) -> Result<Option<String>> {
    conn.value("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", args![])
}

/// What checking the log against an anchored head found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Anchored {
    /// The whole chain is intact and entry `seq` is the anchored head: the history up to the
    /// anchor is still there, unaltered (`entries` is the chain's length now, `head` its head).
    Found {
        seq: i64,
        entries: i64,
        head: String,
    },
    /// The chain is intact but no entry is the anchored head: the database was rolled back to
    /// before the anchor, or its log was replaced.
    NotFound {
        entries: i64,
        head: String,
        reason: String,
    },
    /// The chain itself is broken (as [`verify`] reports).
    Broken { seq: i64, reason: String },
}

/// Verifies the whole chain, then looks for the entry whose hash is `head_hex` (as [`head`]
/// returned it; case, surrounding spaces and a `seq:` prefix as in the recorded head are
/// accepted). An intact chain that holds the anchor proves the history up to it is unaltered,
/// since each hash covers everything before it.
pub fn verify_against(conn: &impl Sql, head_hex: &str) -> Result<Anchored> {
    let (entries, head) = match verify(conn)? {
        Verdict::Intact { entries, head } => (entries, head),
        Verdict::Broken { seq, reason } => return Ok(Anchored::Broken { seq, reason }),
    };
    let trimmed = head_hex.trim();
    let want = trimmed
        .rsplit_once(':')
        .map_or(trimmed, |(_, h)| h)
        .to_ascii_lowercase();
    if want.len() != 64 || !want.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Anchored::NotFound {
            entries,
            head,
            reason: format!("{trimmed:?} is not an audit head (64 hex digits)"),
        });
    }
    if want == GENESIS {
        // Anchored while the log was empty: every intact log extends that.
        return Ok(Anchored::Found {
            seq: 0,
            entries,
            head,
        });
    }
    let seq: Option<i64> = conn.value("SELECT seq FROM audit WHERE hash = ?1", args![want])?;
    Ok(match seq {
        Some(seq) => Anchored::Found { seq, entries, head },
        None => Anchored::NotFound {
            entries,
            reason: format!(
                "no entry of the log is the anchored head {want}: the database was rolled back to before it, or its log was replaced"
            ),
            head,
        },
    })
}
