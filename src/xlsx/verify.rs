//! Checking a submission: the signature over the signed payload, every cell against what the
//! payload puts there, the unsigned cells repeating signed facts, and the audit head a file
//! carries.

use std::collections::BTreeMap;

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::carbon::SignedCarbon;
use crate::model::AnnualReport;
use crate::pack::cells::{canonical_json, layout, rebuild, CellMap, CellValue, Raw};
use crate::pack::{a1, Pack};
use crate::refdata::RefData;
use crate::sign::{self, DEFAULT_DISTID};
use crate::text::Text;

use super::manifest::{detect_pack, over_limit, COVER_ROWS};
use super::read;
use super::write::MANIFEST_SHEET;
use super::{package, write, Manifest, XlsxError, SUBMISSION_FORMAT, SUBMISSION_FORMAT_V1};

/// The result of verifying a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Status {
    Valid,
    Tampered,
    BadSignature,
    Unsigned,
    UnknownFormat,
}

/// A cell whose value differs from the signed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellChange {
    /// `sheet!A1`
    pub cell: String,
    pub signed: String,
    pub found: String,
}

/// Everything verification learned. Unit, year, name, revision and signing time come from the
/// signed payload when the signature holds; for other outcomes they are what the unsigned
/// manifest claims, shown to the clerk and never used for a decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    pub status: Status,
    /// The outcome as one line, as earlier versions wrote it (kept for the CLI and scripts).
    pub message: String,
    /// The outcome in both languages: the interface shows the half of its language.
    pub text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pack: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub uscc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub public_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fingerprint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub digest: Option<String>,
    /// The signed revision (0 for files of the first format, which carry none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub revision: Option<u32>,
    /// The signed signing time (RFC 3339), when the format carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub signed_at: Option<String>,
    /// The signed head of the signer's audit chain at export, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub audit_head: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<CellChange>>", optional))]
    pub changes: Vec<CellChange>,
    /// The file was refused for a limit of the reader (too large, too many parts, strings or
    /// cells), not merely unrecognized.
    #[serde(skip)]
    pub over_limit: bool,
    /// The signed report, when the signature is valid.
    #[serde(skip)]
    pub report: Option<AnnualReport>,
    /// The CO₂ figures the unit signed, when the signature is valid and the file carries them.
    #[serde(skip)]
    pub carbon: Option<SignedCarbon>,
}

impl Verification {
    fn new(status: Status, text: Text) -> Self {
        Verification {
            status,
            message: text.to_string(),
            text,
            pack: None,
            uscc: None,
            year: None,
            public_key: None,
            fingerprint: None,
            digest: None,
            revision: None,
            signed_at: None,
            audit_head: None,
            changes: Vec::new(),
            over_limit: false,
            report: None,
            carbon: None,
        }
    }

    /// Sets the outcome and says why in both languages (`message` is the two joined).
    fn say(&mut self, status: Status, zh: impl Into<String>, en: impl Into<String>) {
        self.status = status;
        self.text = Text::new(zh, en);
        self.message = self.text.to_string();
    }

    /// As [`Self::say`], for an outcome whose one-line `message` has always been the Chinese
    /// alone.
    fn say_zh(&mut self, status: Status, zh: impl Into<String>, en: impl Into<String>) {
        self.say(status, zh, en);
        self.message = self.text.zh.clone();
    }
}

/// The signed envelope of a payload: format, pack, revision, signing time, audit head.
struct Envelope {
    value: Value,
    revision: u32,
    signed_at: Option<String>,
    audit_head: Option<String>,
}

fn envelope(payload: &str) -> Option<Envelope> {
    let value: Value = serde_json::from_str(payload).ok()?;
    let format = value.get("format")?.as_str()?;
    let (revision, signed_at) = match format {
        SUBMISSION_FORMAT_V1 => (0, None),
        SUBMISSION_FORMAT => {
            let revision = u32::try_from(value.get("revision")?.as_u64()?).ok()?;
            let at = value.get("signed_at")?.as_str()?;
            DateTime::parse_from_rfc3339(at).ok()?;
            (revision, Some(at.to_string()))
        }
        _ => return None,
    };
    let audit_head = value
        .get("audit_head")
        .and_then(Value::as_str)
        .map(String::from);
    Some(Envelope {
        value,
        revision,
        signed_at,
        audit_head,
    })
}

/// Verifies a submission: signature over the signed payload, then the visible cells against it,
/// then the unsigned cells (manifest, cover) that repeat signed facts.
/// `trust` is a public key (hex) or fingerprint the key must match.
pub fn verify(bytes: &[u8], rd: &RefData, trust: Option<&str>) -> Verification {
    // An office's signed summary is a package of its own (a prefecture's inflates far beyond a
    // unit's workbook limits): named as what it is, not read as a submission.
    if package::is_summary(bytes) {
        return Verification::new(
            Status::UnknownFormat,
            Text::new(
                "这是汇总机关签名的汇总表，不是单位的报送文件：请用 nengbao verify 核验，或在汇总模式中导入",
                "this is an office's signed summary, not a unit's submission: check it with nengbao verify, or import it in intake mode",
            ),
        );
    }
    let (pack, book) = match detect_pack(bytes) {
        Ok(x) => x,
        Err(XlsxError::Read(e)) => {
            let why = e.text();
            let mut v = Verification::new(Status::Valid, Text::default());
            v.say_zh(
                Status::UnknownFormat,
                format!("无法读取：{}", why.zh),
                format!("cannot read: {}", why.en),
            );
            // The one line keeps the reader's own wording, English included, as it always has.
            v.message = format!("无法读取：{e}");
            v.over_limit = over_limit(&e);
            return v;
        }
        Err(e) => {
            let mut v = Verification::new(Status::UnknownFormat, e.text());
            v.message = e.to_string();
            return v;
        }
    };
    let manifest = Manifest::from_rows(&book.manifest);
    let mut v = Verification::new(Status::Valid, Text::default());
    v.pack = Some(pack.tag());
    v.uscc = manifest.get("uscc").map(String::from);
    v.year = manifest.get("year").and_then(|y| y.parse().ok());
    if let Some(f) = manifest.get("format") {
        if f != SUBMISSION_FORMAT && f != SUBMISSION_FORMAT_V1 {
            v.say_zh(
                Status::UnknownFormat,
                format!("不支持的文件格式版本：{f}"),
                format!("unsupported file format version: {f}"),
            );
            return v;
        }
    }
    let (Some(public), Some(signature)) = (manifest.get("public_key"), manifest.get("signature"))
    else {
        let (zh, en) = match manifest.get("status") {
            Some("draft") => (
                "这是未签名的草稿，不能作为正式报送文件",
                "this is an unsigned draft, not a file to submit",
            ),
            Some("template") => ("这是空白表，未签名", "this is a blank template, not signed"),
            _ => ("文件没有签名", "the file is not signed"),
        };
        v.say_zh(Status::Unsigned, zh, en);
        return v;
    };
    if manifest.malformed {
        v.over_limit = true;
        v.say(
            Status::UnknownFormat,
            "文件结构异常或过大：签名数据分段不完整或重复",
            "the manifest's payload parts are malformed",
        );
        return v;
    }
    if manifest
        .get("distinguishing_id")
        .is_some_and(|d| d != DEFAULT_DISTID)
    {
        v.say(
            Status::BadSignature,
            format!("签名使用了非标准的用户标识（distinguishing ID），不予接受；标准为 {DEFAULT_DISTID}"),
            "a non-default SM2 distinguishing ID is refused",
        );
        return v;
    }
    let Ok(pk) = sign::parse_public(public) else {
        v.say(
            Status::BadSignature,
            "公钥不是有效的SM2公钥",
            "not an SM2 public key",
        );
        return v;
    };
    let fingerprint = sign::fingerprint(&pk);
    v.public_key = Some(hex::encode(&pk));
    v.fingerprint = Some(fingerprint.clone());
    v.digest = Some(sign::sm3_hex(manifest.payload.as_bytes()));
    if let Some(t) = trust {
        let t = sign::normalize_hex(t);
        if t != sign::normalize_hex(&fingerprint) && t != sign::normalize_hex(&hex::encode(&pk)) {
            v.say(
                Status::BadSignature,
                "签名公钥与登记的公钥不一致",
                "the signing key is not the registered one",
            );
            return v;
        }
    }
    match sign::verify(
        manifest.payload.as_bytes(),
        public,
        signature,
        DEFAULT_DISTID,
    ) {
        Ok(true) => {}
        Ok(false) | Err(_) => {
            v.say(
                Status::BadSignature,
                "签名无效：签名与清单数据不符",
                "the signature does not match the signed data",
            );
            return v;
        }
    }
    // From here on the payload is the signer's: identity and order come from it alone.
    let Some(env) = envelope(&manifest.payload) else {
        v.say(
            Status::UnknownFormat,
            "签名数据的格式无法识别",
            "the signed payload has an unknown format",
        );
        return v;
    };
    let signed_doc = env.value.get("document").cloned().unwrap_or(Value::Null);
    let report: Option<AnnualReport> = signed_doc
        .get("report")
        .and_then(|r| serde_json::from_value(r.clone()).ok());
    v.revision = Some(env.revision);
    v.signed_at = env.signed_at.clone();
    v.audit_head = env.audit_head.clone();
    v.uscc = report.as_ref().map(|r| r.enterprise.uscc.clone());
    v.year = report.as_ref().map(|r| r.year);
    let signed_pack = env.value.get("pack").and_then(Value::as_str).unwrap_or("");
    if !pack.reads_tag(signed_pack) {
        v.say_zh(
            Status::Tampered,
            "签名数据的表式版本与文件不符",
            "the template version of the signed data does not match the file",
        );
        return v;
    }
    let Some(report) = report else {
        v.say(
            Status::UnknownFormat,
            "签名数据中没有可读的报告",
            "the signed payload holds no readable report",
        );
        return v;
    };
    // A file of an earlier version is rebuilt as that version laid it out.
    let pack = pack.as_signed(signed_pack);
    let pack = pack.as_ref();
    let (doc, _) = rebuild(pack, &book.cells, rd);
    let mut found = env.value.clone();
    found["document"] = doc;
    if canonical_json(&found) != manifest.payload {
        v.changes = diff_cells(pack, &signed_doc, &book.cells, rd);
        let n = v.changes.len();
        v.say_zh(
            Status::Tampered,
            format!("{n}个单元格与签名时不同"),
            format!(
                "{n} {} differ from the signed data",
                if n == 1 { "cell" } else { "cells" }
            ),
        );
        return v;
    }
    let unsigned =
        unsigned_disagreements(&manifest, &book.cells, &report, &env, &fingerprint, pack);
    if !unsigned.is_empty() {
        let cells: Vec<&str> = unsigned.iter().map(|c| c.cell.as_str()).collect();
        v.say_zh(
            Status::Tampered,
            format!(
                "{}处未签名的标识信息与签名内容不符：{}",
                unsigned.len(),
                cells.join("、")
            ),
            format!(
                "{} unsigned identity cells disagree with the signed content: {}",
                unsigned.len(),
                cells.join(", ")
            ),
        );
        v.changes = unsigned;
        return v;
    }
    v.say_zh(
        Status::Valid,
        "签名正确，数据与签名时一致",
        "the signature is valid and the data are as signed",
    );
    v.report = Some(report);
    v.carbon = SignedCarbon::from_document(&signed_doc);
    v
}

/// Verifies a unit's signed payload on its own, as a summary carries it (no workbook around it):
/// the SM2 signature over the exact payload bytes with the pinned distinguishing ID, then the
/// envelope. Unit, year, revision, signing time, report and CO₂ figures come from the payload.
pub fn verify_payload(payload: &str, public_hex: &str, signature_hex: &str) -> Verification {
    let mut v = Verification::new(Status::Valid, Text::default());
    let Ok(pk) = sign::parse_public(public_hex) else {
        v.say(
            Status::BadSignature,
            "公钥不是有效的SM2公钥",
            "not an SM2 public key",
        );
        return v;
    };
    v.public_key = Some(hex::encode(&pk));
    v.fingerprint = Some(sign::fingerprint(&pk));
    v.digest = Some(sign::sm3_hex(payload.as_bytes()));
    match sign::verify(
        payload.as_bytes(),
        public_hex,
        signature_hex,
        DEFAULT_DISTID,
    ) {
        Ok(true) => {}
        Ok(false) | Err(_) => {
            v.say(
                Status::BadSignature,
                "企业签名无效：签名与报告数据不符",
                "the unit's signature does not match its data",
            );
            return v;
        }
    }
    let Some(env) = envelope(payload) else {
        v.say(
            Status::UnknownFormat,
            "签名数据的格式无法识别",
            "the signed payload has an unknown format",
        );
        return v;
    };
    let signed_doc = env.value.get("document").cloned().unwrap_or(Value::Null);
    let Some(report) = signed_doc
        .get("report")
        .and_then(|r| serde_json::from_value::<AnnualReport>(r.clone()).ok())
    else {
        v.say(
            Status::UnknownFormat,
            "签名数据中没有可读的报告",
            "the signed payload holds no readable report",
        );
        return v;
    };
    v.pack = env
        .value
        .get("pack")
        .and_then(Value::as_str)
        .map(String::from);
    v.revision = Some(env.revision);
    v.signed_at = env.signed_at;
    v.audit_head = env.audit_head;
    v.uscc = Some(report.enterprise.uscc.clone());
    v.year = Some(report.year);
    v.say_zh(Status::Valid, "签名正确", "the signature is valid");
    v.carbon = SignedCarbon::from_document(&signed_doc);
    v.report = Some(report);
    v
}

/// The signed payload, signature and public key of a verified submission workbook, as a
/// summary carries them upward.
pub fn signed_parts(bytes: &[u8]) -> Result<(String, String, String), XlsxError> {
    let mut o = read::Opened::new(bytes)?;
    let manifest = Manifest::from_rows(&o.manifest(MANIFEST_SHEET)?);
    match (manifest.get("public_key"), manifest.get("signature")) {
        (Some(k), Some(s)) if !manifest.malformed && !manifest.payload.is_empty() => {
            Ok((manifest.payload.clone(), s.to_string(), k.to_string()))
        }
        _ => Err(XlsxError::Unrecognized(Text::new(
            "文件中没有完整的签名数据",
            "the file holds no complete signed payload",
        ))),
    }
}

/// Manifest and cover cells that repeat a signed fact (unit, year, name, pack, format,
/// revision, time, digest, key) but say something else: a file whose unsigned cells lie about
/// whose it is or which version it is must not pass as valid.
fn unsigned_disagreements(
    manifest: &Manifest,
    cells: &CellMap,
    report: &AnnualReport,
    env: &Envelope,
    fingerprint: &str,
    pack: &Pack,
) -> Vec<CellChange> {
    let digest = sign::sm3_hex(manifest.payload.as_bytes());
    let format = env
        .value
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // The pack version the file was signed under (an earlier one this pack reads, or its own).
    let signed_version = env
        .value
        .get("pack")
        .and_then(Value::as_str)
        .and_then(|t| t.split_once('@'))
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| pack.pack.version.clone());
    let mut expected: Vec<(&str, String)> = vec![
        ("format", format),
        ("uscc", report.enterprise.uscc.clone()),
        ("name", report.enterprise.name.clone()),
        ("year", report.year.to_string()),
        ("pack", pack.pack.id.clone()),
        ("pack_version", signed_version),
        ("digest", digest.clone()),
        ("fingerprint", fingerprint.to_string()),
        ("status", "signed".into()),
    ];
    if let Some(at) = &env.signed_at {
        expected.push(("revision", env.revision.to_string()));
        expected.push(("signed_at", at.clone()));
    }
    if let Some(h) = &env.audit_head {
        expected.push(("audit_head", h.clone()));
    }
    let mut out = Vec::new();
    for (k, want) in expected {
        if let Some(found) = manifest.get(k) {
            let same = if k == "fingerprint" {
                sign::normalize_hex(found) == sign::normalize_hex(&want)
            } else {
                found == want
            };
            if !same {
                out.push(CellChange {
                    cell: manifest.cell(k),
                    signed: want,
                    found: found.to_string(),
                });
            }
        }
    }
    // The cover's identity lines: label in column A, value in column B.
    let cover = write::COVER_SHEET;
    for row in 0..=COVER_ROWS {
        let Some(Raw::Text(label)) = cells.get(&(cover.to_string(), row, 0)) else {
            continue;
        };
        let want = match label.as_str() {
            "单位名称" => report.enterprise.name.clone(),
            "统一社会信用代码" => report.enterprise.uscc.clone(),
            "报告年度" => format!("{}年", report.year),
            "公钥指纹" => fingerprint.to_string(),
            "数据摘要（SM3）" => digest.clone(),
            _ => continue,
        };
        let found = match cells.get(&(cover.to_string(), row, 1)) {
            Some(Raw::Text(s)) => s.clone(),
            Some(Raw::Int(i)) => i.to_string(),
            Some(Raw::Float(f)) => f.to_string(),
            Some(other) => format!("{other:?}"),
            None => String::new(),
        };
        if found.trim() != want {
            out.push(CellChange {
                cell: format!("{cover}!B{}", row + 1),
                signed: want,
                found,
            });
        }
    }
    out
}

/// Cells whose value differs from the signed one, compared position by position: what the
/// signed document puts at each cell against what the cell now reads as.
fn diff_cells(pack: &Pack, signed: &Value, found: &CellMap, rd: &RefData) -> Vec<CellChange> {
    let expected: BTreeMap<(String, u32, u16), String> = layout(pack, signed, rd)
        .map(|cells| {
            cells
                .into_iter()
                .filter(|p| p.value != CellValue::Empty)
                .map(|p| ((p.sheet, p.row, p.col), p.value.display()))
                .collect()
        })
        .unwrap_or_default();
    let fields = crate::pack::cells::fields_by_position(pack);
    let now: BTreeMap<(String, u32, u16), String> = found
        .iter()
        .filter_map(|(k, raw)| {
            let f = fields.get(k)?;
            let shown = crate::pack::cells::display_raw(raw, f, rd);
            (!shown.is_empty()).then(|| (k.clone(), shown))
        })
        .collect();
    let mut keys: Vec<&(String, u32, u16)> = expected.keys().chain(now.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| expected.get(*k) != now.get(*k))
        .map(|k| CellChange {
            cell: format!("{}!{}", k.0, a1(k.1, k.2)),
            signed: expected.get(k).cloned().unwrap_or_default(),
            found: now.get(k).cloned().unwrap_or_default(),
        })
        .collect()
}

/// Format tag of a county summary workbook's manifest.
pub const SUMMARY_FORMAT: &str = "nengbao.summary/1";

/// The audit head a file recorded from the database it was written from: the signed head of a
/// valid signed submission, or the head a county summary recorded. `nengbao audit verify
/// --against` checks that the database still holds it.
pub fn anchored_head(bytes: &[u8], rd: &RefData) -> Result<String, XlsxError> {
    if package::is_summary(bytes) {
        let p = package::Package::open(bytes).map_err(|e| XlsxError::Unrecognized(e.text()))?;
        let v: Value = serde_json::from_str(&p.payload)
            .map_err(|e| XlsxError::Unrecognized(Text::same(e.to_string())))?;
        return v
            .get("audit_head")
            .and_then(Value::as_str)
            .map(String::from)
            .ok_or_else(|| {
                XlsxError::Unrecognized(Text::new(
                    "汇总表没有记录审计日志末条哈希",
                    "the summary records no audit head",
                ))
            });
    }
    let mut o = read::Opened::new(bytes)?;
    let manifest = Manifest::from_rows(&o.manifest(MANIFEST_SHEET)?);
    if manifest.get("format") == Some(SUMMARY_FORMAT) {
        return manifest.get("audit_head").map(String::from).ok_or_else(|| {
            XlsxError::Unrecognized(Text::new(
                "汇总表没有记录审计日志末条哈希",
                "the summary records no audit head",
            ))
        });
    }
    let v = verify(bytes, rd, None);
    if v.status != Status::Valid {
        return Err(XlsxError::Unrecognized(Text::new(
            format!("文件未通过签名核验，不能作为审计锚点：{}", v.text.zh),
            format!("the file does not verify: {}", v.text.en),
        )));
    }
    v.audit_head.ok_or_else(|| {
        XlsxError::Unrecognized(Text::new(
            "文件没有记录审计日志末条哈希（第一版格式或工作区外导出）",
            "the file records no audit head",
        ))
    })
}
