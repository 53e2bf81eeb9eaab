//! Sealing an office's summary with its key, and checking a sealed summary as a whole: the
//! office's signature over the payload, then the readable workbook and the evidence part
//! against the digests it signed.

use super::{Evidence, Seal, SummaryDocument, SummaryParts, SEAL_FORMAT, SIGNED_SUMMARY_FORMAT};
use crate::county::state::Reason;
use crate::error::{Error, Result};
use crate::sign::{self, Key, DEFAULT_DISTID};
use crate::text::Text;
use crate::xlsx::package::{self, Draft, Package, PackageError};

fn pkg_err(e: PackageError) -> Error {
    Error::input(Text::new("汇总表", "summary"), e.text())
}

/// The evidence part: one JSON line per counted unit.
fn evidence_lines(evidence: &[Evidence], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    for e in evidence {
        serde_json::to_writer(&mut w, e)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Seals a summary: fills in the digests of the evidence and of the workbook, signs the
/// payload with the office's key and writes the package. The revision, signing time and audit
/// head are the document's own.
pub fn seal(parts: &mut SummaryParts, key: &Key) -> Result<Vec<u8>> {
    // The evidence lines (every counted unit's own signed report, tens of MB for a prefecture)
    // are written twice without ever being held whole: once into the digest the payload signs,
    // once into the package.
    let mut hashed = package::Sm3Writer::default();
    evidence_lines(&parts.evidence, &mut hashed).map_err(|e| {
        Error::input(
            Text::new("汇总表", "summary"),
            Text::new(
                format!("无法生成汇总：{e}"),
                format!("cannot build the summary: {e}"),
            ),
        )
    })?;
    let (evidence_sm3, evidence_len) = hashed.finish();
    let draft = Draft::new(&parts.workbook).map_err(pkg_err)?;
    parts.document.workbook_sm3 = draft.digest();
    parts.document.evidence_sm3 = evidence_sm3;
    let payload = parts.document.payload();
    let seal = Seal {
        format: SEAL_FORMAT.into(),
        public_key: key.public_hex(),
        fingerprint: key.fingerprint(),
        signature: hex::encode(key.sign(payload.as_bytes())),
        distinguishing_id: DEFAULT_DISTID.into(),
    };
    let seal = serde_json::to_string(&seal).unwrap_or_default();
    let evidence = &parts.evidence;
    let write_evidence = |w: &mut dyn std::io::Write| evidence_lines(evidence, w);
    draft
        .finish_streamed(
            &[
                (package::SUMMARY_PART, payload.as_bytes()),
                (package::SEAL_PART, seal.as_bytes()),
            ],
            Some(package::Streamed {
                name: package::EVIDENCE_PART,
                len: evidence_len,
                write: &write_evidence,
            }),
        )
        .map_err(pkg_err)
}

/// What checking a signed summary as a whole found (the office's signature and the digests;
/// the units inside are checked when it is taken in).
#[derive(Debug, Clone)]
pub struct SummaryCheck {
    /// `Reason::Ok` when the office's signature holds and nothing was changed after signing.
    pub reason: Reason,
    pub message: Text,
    pub document: Option<SummaryDocument>,
    /// SM3 of the signed payload.
    pub payload_sm3: String,
    pub public_key: Option<String>,
    pub fingerprint: Option<String>,
    /// Evidence lines counted.
    pub evidence_lines: usize,
}

impl SummaryCheck {
    /// A part of the package that could not be read: past the reader's limits, or damaged.
    fn unreadable(mut self, e: &PackageError) -> Self {
        self.reason = if e.is_limit() {
            Reason::Oversized
        } else {
            Reason::Unreadable
        };
        self.message = e.text();
        self
    }

    fn failed(reason: Reason, message: Text) -> Self {
        SummaryCheck {
            reason,
            message,
            document: None,
            payload_sm3: String::new(),
            public_key: None,
            fingerprint: None,
            evidence_lines: 0,
        }
    }
}

/// Checks a signed summary: the container under its limits, the office's signature over the
/// payload, then the readable workbook and the evidence part against the digests signed.
pub fn check_summary(bytes: &[u8]) -> SummaryCheck {
    let p = match Package::open(bytes) {
        Ok(p) => p,
        Err(e) => return SummaryCheck::failed(Reason::Unreadable, Text::default()).unreadable(&e),
    };
    let Ok(seal) = serde_json::from_str::<Seal>(&p.seal) else {
        return SummaryCheck::failed(
            Reason::Unsigned,
            Text::new("汇总表没有可读的签名", "no readable seal"),
        );
    };
    if seal.distinguishing_id != DEFAULT_DISTID {
        return SummaryCheck::failed(
            Reason::BadSignature,
            Text::new(
                format!("签名使用了非标准的用户标识，不予接受；标准为 {DEFAULT_DISTID}"),
                format!("a non-default SM2 distinguishing ID is refused; the standard one is {DEFAULT_DISTID}"),
            ),
        );
    }
    let Ok(pk) = sign::parse_public(&seal.public_key) else {
        return SummaryCheck::failed(
            Reason::BadSignature,
            Text::new("公钥不是有效的SM2公钥", "not an SM2 public key"),
        );
    };
    let mut c = SummaryCheck::failed(Reason::Ok, Text::default());
    c.public_key = Some(hex::encode(&pk));
    c.fingerprint = Some(sign::fingerprint(&pk));
    c.payload_sm3 = sign::sm3_hex(p.payload.as_bytes());
    match sign::verify(
        p.payload.as_bytes(),
        &seal.public_key,
        &seal.signature,
        DEFAULT_DISTID,
    ) {
        Ok(true) => {}
        _ => {
            c.reason = Reason::BadSignature;
            c.message = Text::new(
                "汇总表的签名无效：签名与汇总数据不符",
                "the summary's signature is invalid: it does not match the summary data",
            );
            return c;
        }
    }
    let doc = match serde_json::from_str::<SummaryDocument>(&p.payload) {
        Ok(d) if d.format == SIGNED_SUMMARY_FORMAT => d,
        _ => {
            c.reason = Reason::UnknownFormat;
            c.message = Text::new(
                "汇总数据的格式无法识别",
                "the summary data have an unknown format",
            );
            return c;
        }
    };
    match p.workbook_digest() {
        Ok(d) if d == doc.workbook_sm3 => {}
        Ok(_) => {
            c.reason = Reason::Tampered;
            c.message = Text::new(
                "汇总表的可读部分在签名后被改动（或被Excel另存过）；请向报送单位索取原文件",
                "the readable part of the summary was changed after signing (or saved again by Excel); ask the sending office for the original file",
            );
            return c;
        }
        Err(e) => return c.unreadable(&e),
    }
    match p.evidence(|_, _| true) {
        Ok((d, n)) if d == doc.evidence_sm3 => c.evidence_lines = n,
        Ok(_) => {
            c.reason = Reason::Tampered;
            c.message = Text::new(
                "汇总表所附的企业签名报告在签名后被改动",
                "the units' signed reports attached to the summary were changed after signing",
            );
            return c;
        }
        Err(e) => return c.unreadable(&e),
    }
    c.message = Text::new("汇总表签名正确", "the summary's signature is valid");
    c.document = Some(doc);
    c
}
