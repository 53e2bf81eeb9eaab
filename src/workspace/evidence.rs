//! 证明材料的哈希缓存 — the live check runs every few hundred milliseconds of typing and asks,
//! for each evidence file a report lists, whether the store still holds it unchanged. Hashing
//! 20 files of 10 MB each time costs a second; the cache remembers each file's SHA-256 under its
//! size and modification time and hashes again only a file whose size or time changed (or that
//! it has not seen). A signed export empties the cache first, so what is signed is checked
//! against freshly read bytes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::store;

/// SHA-256 of files, remembered by (path, size, modification time).
#[derive(Debug, Default)]
pub struct HashCache {
    seen: Mutex<HashMap<PathBuf, (u64, Option<SystemTime>, String)>>,
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
