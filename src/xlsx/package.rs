//! The signed summary's package: a readable workbook with the evidence inside it.
//!
//! A signed summary is an ordinary .xlsx (the sheets a person reads) whose zip also holds three
//! parts under `nengbao/` that Excel ignores: `summary.json` (the office's signed payload),
//! `seal.json` (the office's public key and signature over that payload) and `evidence.jsonl`
//! (for every unit counted, one line with the unit's own signed payload, signature and public
//! key). The signed payload carries the SM3 of the evidence part and of every other part of the
//! package ([`parts_digest`]), so the signature covers the whole file; a re-save by Excel drops
//! the `nengbao/` parts and the summary no longer verifies.
//!
//! Reading is bounded like every untrusted workbook ([`super::read`]): the container's entries,
//! names and sizes are checked before anything is inflated, the zip reader never yields more
//! than an entry's declared size, the workbook parts are only hashed (streamed, never parsed),
//! and the evidence is streamed one line at a time under a per-line cap, so memory stays bounded
//! whatever a summary holds ([`limits`]).

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Cursor, Read, Write};

use sm3::{Digest, Sm3};

use super::read::{self, ReadError};

/// The part holding the office's signed payload.
pub const SUMMARY_PART: &str = "nengbao/summary.json";
/// The part holding the office's public key and signature.
pub const SEAL_PART: &str = "nengbao/seal.json";
/// The part holding the units' own signed payloads, one JSON line each.
pub const EVIDENCE_PART: &str = "nengbao/evidence.jsonl";
const PREFIX: &str = "nengbao/";

/// Limits for a signed summary from outside (documented in docs/SECURITY.md).
pub mod limits {
    /// Largest summary file accepted: the same cap as any file an import reads (a summary
    /// compresses to about 1.3 KB per unit, so this holds some 12,000 units).
    pub const MAX_FILE_BYTES: usize = super::super::read::limits::MAX_FILE_BYTES;
    /// Most zip entries (as for a workbook).
    pub const MAX_ZIP_ENTRIES: usize = super::read::limits::MAX_ZIP_ENTRIES;
    /// Largest signed payload (`summary.json`), inflated: the office's list of units, roster,
    /// decisions and totals, about 1 KB per unit (it is parsed whole, so it is kept small).
    pub const MAX_SUMMARY_BYTES: u64 = 24 * 1024 * 1024;
    /// Largest seal (`seal.json`).
    pub const MAX_SEAL_BYTES: u64 = 64 * 1024;
    /// Largest total of the workbook parts, inflated (they are hashed, never parsed here).
    pub const MAX_WORKBOOK_BYTES: u64 = 64 * 1024 * 1024;
    /// Largest evidence part, inflated (streamed, never held whole; this bounds the work of
    /// hashing it): about 15 KB per unit.
    pub const MAX_EVIDENCE_BYTES: u64 = 1024 * 1024 * 1024;
    /// Longest evidence line: one unit's signed payload (at most the 16 MiB of text a workbook
    /// may hold) with its signature and key.
    pub const MAX_EVIDENCE_LINE: u64 = 17 * 1024 * 1024;
    /// Most units in one summary.
    pub const MAX_UNITS: usize = 100_000;
}

/// Why a summary package could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("{0}")]
    Read(#[from] ReadError),
    #[error("文件结构异常或过大：{zh} (malformed or oversized summary: {en})")]
    Limit { zh: String, en: String },
    #[error("不是签名汇总表：缺少{0} (not a signed summary: {0} is missing)")]
    Missing(&'static str),
    #[error("签名汇总表已损坏：{0} (the signed summary is damaged: {0})")]
    Broken(String),
}

impl PackageError {
    /// The message in both languages.
    pub fn text(&self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            PackageError::Read(e) => e.text(),
            PackageError::Limit { zh, en } => Text::new(
                format!("文件结构异常或过大：{zh}"),
                format!("malformed or oversized summary: {en}"),
            ),
            PackageError::Missing(what) => Text::new(
                format!("不是签名汇总表：缺少{what}"),
                format!("not a signed summary: {what} is missing"),
            ),
            PackageError::Broken(why) => Text::new(
                format!("签名汇总表已损坏：{why}"),
                format!("the signed summary is damaged: {why}"),
            ),
        }
    }

    /// The file went over a limit (as opposed to being damaged or not a summary).
    pub fn is_limit(&self) -> bool {
        match self {
            PackageError::Read(e) => e.is_limit(),
            PackageError::Limit { .. } => true,
            _ => false,
        }
    }

    fn limit(zh: impl Into<String>, en: impl Into<String>) -> Self {
        PackageError::Limit {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

fn broken(e: impl std::fmt::Display) -> PackageError {
    PackageError::Broken(e.to_string())
}

fn normalised(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

/// Whether these bytes are a zip holding a signed summary's payload part (cheap: the central
/// directory only).
pub fn is_summary(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK") || read::check_directory_size(bytes).is_err() {
        return false;
    }
    std::panic::catch_unwind(|| {
        zip::ZipArchive::new(Cursor::new(bytes))
            .map(|z| z.index_for_name(SUMMARY_PART).is_some())
            .unwrap_or(false)
    })
    .unwrap_or(false)
}

/// SM3 over every part not under `nengbao/`, in name order: name, a zero byte, the length as
/// 8 bytes big-endian, the inflated content.
fn digest_of<'a>(parts: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut sorted: Vec<(&str, &[u8])> = parts.filter(|(n, _)| !n.starts_with(PREFIX)).collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut h = Sm3::new();
    for (name, content) in sorted {
        h.update(name.as_bytes());
        h.update([0u8]);
        h.update((content.len() as u64).to_be_bytes());
        h.update(content);
    }
    hex::encode(h.finalize())
}

/// A workbook being made into a signed summary: its parts inflated (it is our own output).
pub struct Draft {
    parts: Vec<(String, Vec<u8>)>,
}

impl Draft {
    /// Takes a workbook written by this program and declares the content types of the
    /// `nengbao/` parts, so office suites open the package without complaint.
    pub fn new(workbook: &[u8]) -> Result<Self, PackageError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(workbook)).map_err(broken)?;
        let mut parts = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(broken)?;
            if f.is_dir() {
                continue;
            }
            let name = f.name().map_err(broken)?.to_string();
            let mut content = Vec::new();
            f.read_to_end(&mut content).map_err(broken)?;
            if name == "[Content_Types].xml" {
                let text = String::from_utf8_lossy(&content).into_owned();
                let declared = "<Default Extension=\"json\" ContentType=\"application/json\"/>\
                     <Default Extension=\"jsonl\" ContentType=\"application/jsonl\"/>";
                content = match text.find("<Default ") {
                    Some(at) => format!("{}{declared}{}", &text[..at], &text[at..]).into_bytes(),
                    None => text.into_bytes(),
                };
            }
            parts.push((name, content));
        }
        Ok(Draft { parts })
    }

    /// The digest the signed payload carries for the readable workbook.
    pub fn digest(&self) -> String {
        digest_of(self.parts.iter().map(|(n, c)| (n.as_str(), c.as_slice())))
    }

    /// The finished package with the `nengbao/` parts added.
    pub fn finish(self, extra: &[(&str, &[u8])]) -> Result<Vec<u8>, PackageError> {
        self.finish_streamed(extra, None)
    }

    /// [`Draft::finish`], with one more part written straight into the package by `write` (of
    /// `len` bytes) after the others, so a large part is never held whole beside its
    /// compressed copy.
    pub fn finish_streamed(
        self,
        extra: &[(&str, &[u8])],
        streamed: Option<Streamed<'_>>,
    ) -> Result<Vec<u8>, PackageError> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .large_file(false);
        for (name, content) in self
            .parts
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_slice()))
            .chain(extra.iter().copied())
        {
            let big = content.len() as u64 >= u32::MAX as u64;
            w.start_file(name, options.large_file(big))
                .map_err(broken)?;
            w.write_all(content).map_err(broken)?;
        }
        if let Some(s) = streamed {
            w.start_file(s.name, options.large_file(s.len >= u32::MAX as u64))
                .map_err(broken)?;
            (s.write)(&mut w).map_err(broken)?;
        }
        Ok(w.finish().map_err(broken)?.into_inner())
    }
}

/// A part written into a package as it is produced (see [`Draft::finish_streamed`]).
pub struct Streamed<'a> {
    pub name: &'a str,
    /// Its length in bytes (a part of 4 GiB or more needs the zip64 form).
    pub len: u64,
    #[allow(clippy::type_complexity)]
    pub write: &'a dyn Fn(&mut dyn Write) -> std::io::Result<()>,
}

/// A writer that only hashes: the SM3 of what a streamed part will contain, and its length.
#[derive(Default)]
pub struct Sm3Writer {
    hasher: Sm3,
    len: u64,
}

impl Sm3Writer {
    /// The digest (lowercase hex) and the length of everything written.
    pub fn finish(self) -> (String, u64) {
        (hex::encode(self.hasher.finalize()), self.len)
    }
}

impl Write for Sm3Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hasher.update(buf);
        self.len += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A signed summary from outside, checked as a container: the payload and seal read, the other
/// parts located (nothing else inflated yet).
pub struct Package<'a> {
    bytes: &'a [u8],
    /// The office's signed payload, exactly as signed (UTF-8).
    pub payload: String,
    /// The seal part (JSON: public key, signature, distinguishing ID).
    pub seal: String,
    /// Declared inflated size of every part, by name.
    sizes: BTreeMap<String, u64>,
}

fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &'static str,
    cap: u64,
) -> Result<String, PackageError> {
    let f = zip.by_name(name).map_err(|_| PackageError::Missing(name))?;
    if f.size() > cap {
        return Err(PackageError::limit(
            format!("{name}解压后超过{}MB", cap / 1024 / 1024),
            format!("{name} inflates to more than {} MB", cap / 1024 / 1024),
        ));
    }
    let mut buf = Vec::with_capacity(f.size() as usize);
    f.take(cap + 1).read_to_end(&mut buf).map_err(broken)?;
    String::from_utf8(buf).map_err(|_| broken(format!("{name}不是UTF-8文本")))
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, PackageError> {
        if bytes.len() > limits::MAX_FILE_BYTES {
            return Err(PackageError::limit(
                format!(
                    "文件过大（{} 字节，上限{}MB）",
                    bytes.len(),
                    limits::MAX_FILE_BYTES / 1024 / 1024
                ),
                "file too large",
            ));
        }
        read::check_directory_size(bytes)?;
        let opened = std::panic::catch_unwind(|| Self::open_checked(bytes));
        opened.unwrap_or_else(|_| Err(broken("压缩包结构异常")))
    }

    fn open_checked(bytes: &'a [u8]) -> Result<Self, PackageError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
        if zip.len() > limits::MAX_ZIP_ENTRIES {
            return Err(PackageError::Read(ReadError::Limit(read::Limit::Entries)));
        }
        let mut seen = HashSet::new();
        let mut sizes = BTreeMap::new();
        let mut workbook: u64 = 0;
        for i in 0..zip.len() {
            let f = zip.by_index_data(i).map_err(broken)?;
            let name = f.name().map_err(broken)?.to_string();
            if name.len() > read::limits::MAX_NAME_BYTES {
                return Err(PackageError::Read(ReadError::Limit(read::Limit::Name)));
            }
            if !seen.insert(normalised(&name)) {
                return Err(PackageError::Read(ReadError::Limit(
                    read::Limit::DuplicateName,
                )));
            }
            if !name.starts_with(PREFIX) {
                workbook = workbook.saturating_add(f.size());
            }
            sizes.insert(name, f.size());
        }
        if workbook > limits::MAX_WORKBOOK_BYTES {
            return Err(PackageError::limit(
                format!(
                    "可读部分解压后超过{}MB",
                    limits::MAX_WORKBOOK_BYTES / 1024 / 1024
                ),
                "the workbook parts inflate past their cap",
            ));
        }
        match sizes.get(EVIDENCE_PART) {
            None => return Err(PackageError::Missing(EVIDENCE_PART)),
            Some(&n) if n > limits::MAX_EVIDENCE_BYTES => {
                return Err(PackageError::limit(
                    "企业签名报告部分过大",
                    "the evidence part is too large",
                ))
            }
            Some(_) => {}
        }
        let payload = read_part(&mut zip, SUMMARY_PART, limits::MAX_SUMMARY_BYTES)?;
        let seal = read_part(&mut zip, SEAL_PART, limits::MAX_SEAL_BYTES)?;
        Ok(Package {
            bytes,
            payload,
            seal,
            sizes,
        })
    }

    /// The digest of the readable workbook's parts, as [`Draft::digest`] computes it; each
    /// part is inflated up to its declared size and hashed, one at a time.
    pub fn workbook_digest(&self) -> Result<String, PackageError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(broken)?;
        let mut h = Sm3::new();
        let mut buf = Vec::new();
        for (name, &size) in &self.sizes {
            if name.starts_with(PREFIX) {
                continue;
            }
            let f = zip.by_name(name).map_err(broken)?;
            if f.is_dir() {
                continue;
            }
            buf.clear();
            f.take(size + 1).read_to_end(&mut buf).map_err(broken)?;
            h.update(name.as_bytes());
            h.update([0u8]);
            h.update((buf.len() as u64).to_be_bytes());
            h.update(&buf);
        }
        Ok(hex::encode(h.finalize()))
    }

    /// Streams the evidence part line by line (each at most [`limits::MAX_EVIDENCE_LINE`], at
    /// most [`limits::MAX_UNITS`] lines), calling `each(index, line)`; returns the SM3 of the
    /// whole part and the number of lines. `each` returning `false` stops the stream.
    pub fn evidence(
        &self,
        mut each: impl FnMut(usize, &str) -> bool,
    ) -> Result<(String, usize), PackageError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(broken)?;
        let f = zip
            .by_name(EVIDENCE_PART)
            .map_err(|_| PackageError::Missing(EVIDENCE_PART))?;
        let mut reader = BufReader::new(f);
        let mut h = Sm3::new();
        let mut line = Vec::new();
        let mut n = 0usize;
        loop {
            line.clear();
            let got = (&mut reader)
                .take(limits::MAX_EVIDENCE_LINE + 1)
                .read_until(b'\n', &mut line)
                .map_err(broken)?;
            if got == 0 {
                break;
            }
            if got as u64 > limits::MAX_EVIDENCE_LINE {
                return Err(PackageError::limit(
                    "单个企业的签名报告过大",
                    "one unit's evidence is too large",
                ));
            }
            h.update(&line);
            n += 1;
            if n > limits::MAX_UNITS {
                return Err(PackageError::limit(
                    format!("单位数超过{}", limits::MAX_UNITS),
                    "too many units",
                ));
            }
            let text =
                std::str::from_utf8(&line).map_err(|_| broken("企业签名报告不是UTF-8文本"))?;
            let text = text.trim_end_matches(['\n', '\r']);
            if !text.is_empty() && !each(n - 1, text) {
                break;
            }
        }
        Ok((hex::encode(h.finalize()), n))
    }
}

/// SM3 of bytes as the evidence digest is computed (hex).
pub fn sm3_hex(bytes: &[u8]) -> String {
    crate::sign::sm3_hex(bytes)
}
