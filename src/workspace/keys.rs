//! 密钥 — the enterprise's signing key: create, show, change the passphrase, copy for
//! safekeeping, open for signing. A key lives in its own sealed file (Argon2id + AES-256-GCM),
//! never in the workspace database.

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::sign::{Key, KeyFile};
use crate::text::Text;

/// A key file's public half: where it is, the public key (hex) and its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyInfo {
    pub path: String,
    pub public_key: String,
    pub fingerprint: String,
}

fn info(path: &Path, public_key: String, fingerprint: String) -> KeyInfo {
    KeyInfo {
        path: path.display().to_string(),
        public_key,
        fingerprint,
    }
}

/// Generates a new key sealed with `passphrase` into `path`; an existing file is never
/// overwritten.
pub fn key_create(path: &Path, passphrase: &str) -> Result<KeyInfo> {
    key_path_free(path)?;
    let key = Key::generate()?;
    let text = key.seal(passphrase)?;
    write_key_file(path, &text)?;
    Ok(info(path, key.public_hex(), key.fingerprint()))
}

/// Refuses a path where a file already exists (a key is never overwritten); the CLI asks this
/// before it prompts for a passphrase.
pub fn key_path_free(path: &Path) -> Result<()> {
    if path.exists() {
        return Err(Error::input(
            Text::same(path.display().to_string()),
            Text::new(
                "该位置已有文件，不会覆盖密钥",
                "a file already exists there; refusing to overwrite a key",
            ),
        ));
    }
    Ok(())
}

/// The public key and fingerprint of a key file (no passphrase needed).
pub fn key_show(path: &Path) -> Result<KeyInfo> {
    let text = read_key_file(path)?;
    let kf = KeyFile::parse(&text)?;
    Ok(info(path, hex::encode(&kf.public), kf.fingerprint()))
}

/// Opens a key for signing.
pub fn key_open(path: &Path, passphrase: &str) -> Result<Key> {
    let text = read_key_file(path)?;
    Ok(Key::open(&text, passphrase)?)
}

/// Seals the key at `path` again under a new passphrase; the key (and its fingerprint) stays.
pub fn key_passwd(path: &Path, old: &str, new: &str) -> Result<KeyInfo> {
    key_reseal(&key_open(path, old)?, path, new)
}

/// Seals the opened `key` under `new` into `path` (the second half of [`key_passwd`], for a
/// caller that asks for the new passphrase only once the old one has opened the key).
pub fn key_reseal(key: &Key, path: &Path, new: &str) -> Result<KeyInfo> {
    let sealed = key.seal(new)?;
    write_key_file(path, &sealed)?;
    Ok(info(path, key.public_hex(), key.fingerprint()))
}

/// Copies the sealed key at `path` to `dest` for safekeeping (the copy signs as well as the
/// original, protected only by its passphrase). Returns the copy's public half.
pub fn key_export(path: &Path, dest: &Path) -> Result<KeyInfo> {
    let text = read_key_file(path)?;
    let kf = KeyFile::parse(&text)?;
    write_key_file(dest, &text)?;
    Ok(info(dest, hex::encode(&kf.public), kf.fingerprint()))
}

/// Reads a key file's text, with a message naming the file when it cannot be read.
fn read_key_file(path: &std::path::Path) -> crate::Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        let why = crate::error::io_text(&e);
        crate::Error::input(
            crate::text::Text::same(path.display().to_string()),
            crate::text::Text::new(
                format!("无法读取密钥文件：{}", why.zh),
                format!("cannot read the key file: {}", why.en),
            ),
        )
    })
}

/// Writes key-file text atomically, readable by its owner only: on Unix the temporary file is
/// created 0600 (exclusively, so a file or link left at its name is never reused) before the
/// first byte is written, then renamed over `path`, so no moment exists when the key is readable
/// by others. On Windows the temporary file's inherited permissions are replaced, before the
/// first byte, by one entry giving its owner full control (best effort: not on drives without
/// permissions such as FAT32/exFAT sticks; see `interchange::create_private`); what protects the
/// key everywhere is the sealing itself — Argon2id + AES-256-GCM under the passphrase (see
/// docs/SECURITY.md).
pub fn write_key_file(path: &std::path::Path, text: &str) -> crate::Result<()> {
    crate::interchange::write_atomic_private(path, text.as_bytes())
}
