//! 证明材料 — evidence files: added to the workspace's store by SHA-256, and checked (is every
//! file a report lists still there, unchanged?).
//!
//! The hash cache: the live check runs every few hundred milliseconds of typing and asks,
//! for each evidence file a report lists, whether the store still holds it unchanged. Hashing
//! 20 files of 10 MB each time costs a second; the cache remembers each file's SHA-256 under its
//! size and modification time and hashes again only a file whose size or time changed (or that
//! it has not seen). A signed export empties the cache first, so what is signed is checked
//! against freshly read bytes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::{EvidenceIssue, EvidenceProblem, Workspace};
use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::store;

/// A file's size and modification time when it was hashed, and its SHA-256.
type Seen = (u64, Option<SystemTime>, String);

/// SHA-256 of files, remembered by (path, size, modification time).
#[derive(Debug, Default)]
pub struct HashCache {
    seen: Mutex<HashMap<PathBuf, Seen>>,
}

impl HashCache {
    /// The SHA-256 (hex) of the file at `path`: read and hashed unless its size and
    /// modification time are those it had when it was last hashed. `None` when it cannot be
    /// read.
    pub fn sha256(&self, path: &Path) -> Option<String> {
        let meta = std::fs::metadata(path).ok()?;
        let (size, modified) = (meta.len(), meta.modified().ok());
        if let Ok(seen) = self.seen.lock() {
            if let Some((s, m, sha)) = seen.get(path) {
                if *s == size && *m == modified && modified.is_some() {
                    return Some(sha.clone());
                }
            }
        }
        let bytes = std::fs::read(path).ok()?;
        let sha = store::sha256_hex(&bytes);
        if let Ok(mut seen) = self.seen.lock() {
            // Size and time as read with the bytes (a file changed meanwhile is hashed again
            // on the next check).
            seen.insert(
                path.to_path_buf(),
                (bytes.len() as u64, modified, sha.clone()),
            );
        }
        Some(sha)
    }

    /// Forgets every file, so the next check reads them all again.
    pub fn clear(&self) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.clear();
        }
    }
}

impl Workspace {
    /// Copies a file into the evidence folder under its SHA-256 (once; the same bytes added
    /// twice are stored once) and returns the entry to attach to a reduction project.
    pub fn evidence_add(&mut self, file: &Path, kind: &str) -> Result<crate::model::Evidence> {
        let dir = self.evidence_dir().ok_or_else(|| {
            Error::not_found(
                "该工作区没有证明材料文件夹（工作区未保存到磁盘）",
                "this workspace has no evidence folder (it is not saved to disk)",
            )
        })?;
        let bytes = crate::interchange::read_user_file(file)?;
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
        issues.extend(super::carbon::evidence_issues(report, problem_of));
        Ok(Some(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::HashCache;

    #[test]
    fn a_changed_file_is_hashed_again() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"one").unwrap();
        let cache = HashCache::default();
        let first = cache.sha256(&p).unwrap();
        assert_eq!(cache.sha256(&p).unwrap(), first);
        // Another size: read again whatever the time says.
        std::fs::write(&p, b"three").unwrap();
        let second = cache.sha256(&p).unwrap();
        assert_ne!(second, first);
        assert_eq!(second, crate::store::sha256_hex(b"three"));
        std::fs::remove_file(&p).unwrap();
        assert_eq!(cache.sha256(&p), None, "a missing file has no hash");
    }
}
