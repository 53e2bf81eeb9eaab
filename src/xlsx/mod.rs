//! 签名提交文件 — the signed Excel submission: export, verify, inspect, blank template, import.
//!
//! What is signed is not the zip: it is the canonical JSON of the document rebuilt from the
//! visible cells (`{"format","pack","document"}`), so a re-save that keeps the values keeps the
//! signature valid and any value change breaks it. The exporter computes that payload from the
//! cells exactly as the reader will see them; the verifier rebuilds it from what it reads.

pub mod package;
pub mod read;
pub mod write;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calc::Computed;
use crate::carbon::{CarbonDocument, SignedCarbon};
use crate::model::AnnualReport;
use crate::pack::cells::{
    canonical_json, layout, rebuild, CellMap, CellValue, Issue, LayoutError, Placed, Raw,
};
use crate::pack::{a1, col_index, parse_a1, Pack, BUILTIN};
use crate::refdata::RefData;
use crate::sign::{self, Key, DEFAULT_DISTID};
use crate::text::Text;
use crate::validate::{Outcome, Severity};
use write::{Cover, FindingRow, Sheets, MANIFEST_SHEET};

/// Format tag of the signed payload and the manifest. Version 2 adds the unit's revision and
/// the signing time (and the workspace's audit head when there is one) to what is signed.
pub const SUBMISSION_FORMAT: &str = "nengbao.submission/2";
/// The first format: still verified and imported, never written.
pub const SUBMISSION_FORMAT_V1: &str = "nengbao.submission/1";

/// What orders a unit's signed files and anchors the workspace's history, signed with the
/// document: the report's revision (the version the workspace freezes for this export), the
/// signing time, and the head of the workspace's audit chain before the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signing {
    pub revision: u32,
    pub signed_at: DateTime<FixedOffset>,
    pub audit_head: Option<String>,
}

impl Signing {
    /// For a report exported outside a workspace: revision 1, signed at midnight (UTC+8) of its
    /// 报出日期, so the same report gives the same file.
    pub fn of_report(report: &AnnualReport) -> Self {
        let day = created_on(report);
        let signed_at = crate::workspace::cst()
            .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .unwrap_or_else(|| DateTime::<FixedOffset>::from(DateTime::UNIX_EPOCH));
        Signing {
            revision: 1,
            signed_at,
            audit_head: None,
        }
    }

    fn signed_at_text(&self) -> String {
        self.signed_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("不能签名：仍有{errors}个错误、{warnings}个未说明的警告；请先修改或说明，或导出草稿 (cannot sign: {errors} errors and {warnings} unjustified warnings remain)")]
    NotSignable { errors: usize, warnings: usize },
    #[error("{0}")]
    Layout(#[from] LayoutError),
    #[error("writing the workbook failed: {0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
    #[error("{0}")]
    Read(#[from] read::ReadError),
    #[error("{0}")]
    Pack(#[from] crate::pack::PackError),
    #[error("{0}")]
    Unrecognized(Text),
}

impl XlsxError {
    /// The message in both languages (errors without Chinese words are the same in both).
    pub fn text(&self) -> Text {
        match self {
            XlsxError::NotSignable { errors, warnings } => {
                crate::error::not_signable(*errors, *warnings)
            }
            XlsxError::Layout(e) => e.text(),
            XlsxError::Read(e) => e.text(),
            XlsxError::Pack(e) => e.text(),
            XlsxError::Unrecognized(t) => t.clone(),
            XlsxError::Write(_) => Text::same(self.to_string()),
        }
    }
}

/// The document a pack maps: the report and its computed figures, with the CO₂ block (its
/// figures and the editions they were computed with) under `computed.carbon`.
pub fn document(
    report: &AnnualReport,
    computed: Option<&Computed>,
    carbon: Option<&CarbonDocument>,
) -> Value {
    let mut c = computed
        .and_then(|c| serde_json::to_value(c).ok())
        .filter(Value::is_object)
        .unwrap_or(Value::Object(Default::default()));
    if let (Some(carbon), Some(m)) = (carbon, c.as_object_mut()) {
        m.insert(
            "carbon".into(),
            serde_json::to_value(carbon).unwrap_or(Value::Null),
        );
    }
    serde_json::json!({
        "report": serde_json::to_value(report).unwrap_or(Value::Null),
        "computed": c,
    })
}

/// The figures a submission carries beside its report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures<'a> {
    pub computed: Option<&'a Computed>,
    /// The CO₂ block, computed with the report's frozen or chosen editions.
    pub carbon: Option<&'a CarbonDocument>,
}

/// The CO₂ block of a report as exported without last year's report (no year-on-year change).
pub fn carbon_document(report: &AnnualReport, rd: &RefData) -> CarbonDocument {
    let report = with_catalog_names(report, rd);
    CarbonDocument::of(&report, &crate::carbon::compute(&report, rd, None), rd)
}

fn serial(d: NaiveDate) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(d);
    (d - base).num_days() as f64
}

/// The cells as a reader will see them after writing `placed`.
pub fn cells_of(placed: &[Placed]) -> CellMap {
    let mut m = CellMap::new();
    for p in placed {
        let raw = match &p.value {
            CellValue::Empty => continue,
            CellValue::Text(s) => Raw::Text(s.clone()),
            CellValue::Number(s) => match s.parse::<f64>() {
                Ok(f) => Raw::Float(f),
                Err(_) => Raw::Text(s.clone()),
            },
            CellValue::Date(d) => Raw::Date(serial(*d)),
            CellValue::Bool(b) => Raw::Text(if *b { "是" } else { "否" }.into()),
        };
        m.insert((p.sheet.clone(), p.row, p.col), raw);
    }
    m
}

/// The canonical payload of a cell map under a pack, and the rebuilt document.
pub fn payload(pack: &Pack, cells: &CellMap, rd: &RefData) -> (String, Value, Vec<Issue>) {
    let (doc, issues) = rebuild(pack, cells, rd);
    let envelope =
        serde_json::json!({ "format": SUBMISSION_FORMAT_V1, "pack": pack.tag(), "document": doc });
    (canonical_json(&envelope), doc, issues)
}

/// The version-2 signed payload: the document rebuilt from the cells inside the envelope that
/// carries the revision, the signing time and the audit head.
pub fn payload_v2(pack: &Pack, cells: &CellMap, rd: &RefData, signing: &Signing) -> String {
    let (doc, _) = rebuild(pack, cells, rd);
    let mut envelope = serde_json::json!({
        "format": SUBMISSION_FORMAT,
        "pack": pack.tag(),
        "document": doc,
        "revision": signing.revision,
        "signed_at": signing.signed_at_text(),
    });
    if let Some(h) = &signing.audit_head {
        envelope["audit_head"] = Value::String(h.clone());
    }
    canonical_json(&envelope)
}

/// Sheet → (last row, last column) the pack can use, 0-based.
pub fn areas(pack: &Pack) -> BTreeMap<String, (u32, u16)> {
    let mut m = BTreeMap::new();
    for t in &pack.tables {
        let mut row = 0u32;
        let mut col = 0u16;
        for c in t
            .cells
            .iter()
            .chain(t.region.iter().flat_map(|r| r.footer.iter()))
        {
            if let Some((r, c)) = parse_a1(&c.cell) {
                row = row.max(r);
                col = col.max(c);
            }
        }
        if let Some(r) = &t.region {
            row = row.max(r.first_row + r.max_rows);
            for c in &r.columns {
                col = col.max(col_index(&c.col).unwrap_or(0));
            }
        }
        m.insert(t.sheet.clone(), (row, col));
    }
    m
}

/// The report as exported: energy and conversion rows whose name or unit was left empty carry
/// the catalog's, so the form reads completely.
pub fn with_catalog_names(report: &AnnualReport, rd: &RefData) -> AnnualReport {
    let mut r = report.clone();
    for row in &mut r.energy {
        if let Some(c) = rd.energy(row.code.trim()) {
            if row.name.trim().is_empty() {
                row.name = c.name.clone();
            }
            if row.unit.trim().is_empty() {
                row.unit = c.unit.clone();
            }
        }
    }
    for row in &mut r.conversion {
        if let Some(c) = rd.energy(row.code.trim()) {
            if row.name.trim().is_empty() {
                row.name = c.name.clone();
            }
        }
    }
    r
}

/// What a finished export is.
#[derive(Debug, Clone)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub signed: bool,
    pub digest: String,
    pub fingerprint: Option<String>,
    pub payload: String,
}

fn created_on(report: &AnnualReport) -> NaiveDate {
    report
        .signatories
        .date
        .or_else(|| NaiveDate::from_ymd_opt(report.year + 1, 1, 1))
        .unwrap_or_default()
}

fn finding_rows(outcome: &Outcome, pack: &Pack) -> Vec<FindingRow> {
    outcome
        .findings
        .iter()
        .map(|f| FindingRow {
            severity: match (f.severity, f.is_justified()) {
                (Severity::Error, _) => "错误".into(),
                (Severity::Warning, true) => "警告（已说明）".into(),
                (Severity::Warning, false) => "警告".into(),
                (Severity::Info, _) => "提示".into(),
            },
            rule: f.rule.clone(),
            path: f.location.path.clone(),
            cell: pack
                .locate(&f.location.path)
                .map(|(s, c)| format!("{s}!{c}"))
                .unwrap_or_default(),
            message: f.message.zh.clone(),
            justification: f.justification.clone().unwrap_or_default(),
        })
        .collect()
}

/// Exports a report through a pack outside a workspace (revision 1, signed at its 报出日期); see
/// [`export_signed`].
pub fn export(
    report: &AnnualReport,
    computed: Option<&Computed>,
    outcome: &Outcome,
    pack: &Pack,
    key: Option<&Key>,
    rd: &RefData,
) -> Result<Exported, XlsxError> {
    export_signed(
        report,
        computed,
        outcome,
        pack,
        key,
        rd,
        &Signing::of_report(report),
    )
}

/// Exports a report through a pack with the CO₂ block computed here (without last year's
/// report); see [`export_figures`].
pub fn export_signed(
    report: &AnnualReport,
    computed: Option<&Computed>,
    outcome: &Outcome,
    pack: &Pack,
    key: Option<&Key>,
    rd: &RefData,
    signing: &Signing,
) -> Result<Exported, XlsxError> {
    let carbon = carbon_document(report, rd);
    let figures = Figures {
        computed,
        carbon: Some(&carbon),
    };
    export_figures(report, figures, outcome, pack, key, rd, signing)
}

/// Exports a report and its figures through a pack. With a key the file is signed, which
/// requires no error findings and no unjustified warnings; without one it is a draft and says
/// so on its cover.
pub fn export_figures(
    report: &AnnualReport,
    figures: Figures<'_>,
    outcome: &Outcome,
    pack: &Pack,
    key: Option<&Key>,
    rd: &RefData,
    signing: &Signing,
) -> Result<Exported, XlsxError> {
    if key.is_some() && !outcome.summary.signable() {
        return Err(XlsxError::NotSignable {
            errors: outcome.summary.errors,
            warnings: outcome.summary.warnings,
        });
    }
    let report = &with_catalog_names(report, rd);
    let placed = layout(
        pack,
        &document(report, figures.computed, figures.carbon),
        rd,
    )?;
    let payload = payload_v2(pack, &cells_of(&placed), rd, signing);
    let digest = sign::sm3_hex(payload.as_bytes());
    let signature = key.map(|k| hex::encode(k.sign(payload.as_bytes())));
    let s = outcome.summary;
    let status = if key.is_some() { "signed" } else { "draft" };
    let mut manifest = vec![
        ("format".to_string(), SUBMISSION_FORMAT.to_string()),
        ("status".into(), status.into()),
        ("pack".into(), pack.pack.id.clone()),
        ("pack_version".into(), pack.pack.version.clone()),
        ("app_version".into(), crate::APP_VERSION.into()),
        (
            "rule_pack_version".into(),
            crate::validate::RULE_PACK_VERSION.into(),
        ),
        ("uscc".into(), report.enterprise.uscc.clone()),
        ("name".into(), report.enterprise.name.clone()),
        ("year".into(), report.year.to_string()),
        ("revision".into(), signing.revision.to_string()),
        ("signed_at".into(), signing.signed_at_text()),
        ("distinguishing_id".into(), DEFAULT_DISTID.into()),
        ("digest".into(), digest.clone()),
    ];
    if let Some(h) = &signing.audit_head {
        manifest.push(("audit_head".into(), h.clone()));
    }
    if let (Some(k), Some(sig)) = (key, &signature) {
        manifest.push(("public_key".into(), k.public_hex()));
        manifest.push(("fingerprint".into(), k.fingerprint()));
        manifest.push(("signature".into(), sig.clone()));
    }
    // Excel cells hold at most 32,767 characters: the payload is split.
    let chars: Vec<char> = payload.chars().collect();
    let parts: Vec<String> = chars.chunks(30_000).map(|c| c.iter().collect()).collect();
    manifest.push(("payload_parts".into(), parts.len().to_string()));
    for (i, p) in parts.into_iter().enumerate() {
        manifest.push((format!("payload.{i}"), p));
    }
    let properties: Vec<(String, String)> = manifest
        .iter()
        .filter(|(k, _)| !k.starts_with("payload"))
        .map(|(k, v)| (format!("nengbao.{k}"), v.clone()))
        .collect();
    let e = &report.enterprise;
    let cover = Cover {
        title: format!("重点用能单位能源利用状况报告\n（{}年度）", report.year),
        warning: key
            .is_none()
            .then(|| "草稿，未签名：本文件不能作为正式报送文件".to_string()),
        lines: vec![
            ("单位名称".into(), e.name.clone()),
            ("统一社会信用代码".into(), e.uscc.clone()),
            (
                "行政区划".into(),
                rd.region(&e.division_code)
                    .map(|r| format!("{} {}", e.division_code, r.name))
                    .unwrap_or_else(|| e.division_code.clone()),
            ),
            (
                "所属行业".into(),
                rd.industry(e.industry_code.get(..2).unwrap_or(""))
                    .map(|i| format!("{} {}", e.industry_code, i.name))
                    .unwrap_or_else(|| e.industry_code.clone()),
            ),
            ("报告年度".into(), format!("{}年", report.year)),
            (
                "表式".into(),
                format!("{}（{}）", pack.pack.name, pack.tag()),
            ),
            ("单位负责人".into(), report.signatories.unit_head.clone()),
            (
                "能源管理负责人".into(),
                format!("{}　{}", e.energy_manager.name, e.energy_manager.title),
            ),
            (
                "填表人".into(),
                format!(
                    "{}　{}",
                    report.signatories.preparer, report.signatories.preparer_phone
                ),
            ),
            (
                "报出日期".into(),
                report
                    .signatories
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            (
                "签名状态".into(),
                if key.is_some() {
                    "已签名（SM2/SM3）".into()
                } else {
                    "未签名（草稿）".into()
                },
            ),
            (
                "公钥指纹".into(),
                key.map(Key::fingerprint).unwrap_or_else(|| "—".into()),
            ),
            ("数据摘要（SM3）".into(), digest.clone()),
            (
                "报送版本".into(),
                format!("第{}版，{}签署", signing.revision, signing.signed_at_text()),
            ),
            (
                "校验结果".into(),
                format!(
                    "错误 {} 个，警告 {} 个（已说明 {} 个），提示 {} 个",
                    s.errors,
                    s.warnings + s.justified,
                    s.justified,
                    s.infos
                ),
            ),
            (
                "生成软件".into(),
                format!(
                    "能报 {}，校验规则 {}",
                    crate::APP_VERSION,
                    crate::validate::RULE_PACK_VERSION
                ),
            ),
        ],
    };
    let bytes = write::workbook(
        &Sheets {
            pack,
            placed: &placed,
            cover,
            findings: Some(finding_rows(outcome, pack)),
            manifest,
            properties,
            fillable: false,
            created: created_on(report),
        },
        rd,
    )?;
    Ok(Exported {
        bytes,
        signed: key.is_some(),
        digest,
        fingerprint: key.map(Key::fingerprint),
        payload,
    })
}

/// A blank workbook of a pack for Excel-first users: dropdowns, protections, notes, every row
/// open for input.
pub fn template(pack: &Pack, year: i32, rd: &RefData) -> Result<Vec<u8>, XlsxError> {
    let doc = serde_json::json!({ "report": { "year": year }, "computed": {} });
    let placed = layout(pack, &doc, rd)?;
    let manifest = vec![
        ("format".to_string(), SUBMISSION_FORMAT.to_string()),
        ("status".into(), "template".into()),
        ("pack".into(), pack.pack.id.clone()),
        ("pack_version".into(), pack.pack.version.clone()),
        ("app_version".into(), crate::APP_VERSION.into()),
        ("year".into(), year.to_string()),
    ];
    let cover = Cover {
        title: format!("重点用能单位能源利用状况报告\n（{year}年度）空白表"),
        warning: None,
        lines: vec![
            ("表式".into(), format!("{}（{}）", pack.pack.name, pack.tag())),
            ("填写说明".into(), "白色单元格为填写项，带底色的单元格由系统计算；带下拉箭头的单元格请从列表选择；数字请勿带单位。".into()),
            ("报送截止".into(), if pack.pack.deadline.is_empty() { String::new() } else { format!("{}年{}", year + 1, pack.pack.deadline.replacen('-', "月", 1) + "日") }),
            ("导入".into(), "填好后用能报“从Excel导入”或 nengbao import 读入，系统会逐格检查并指出问题单元格。".into()),
        ],
    };
    Ok(write::workbook(
        &Sheets {
            pack,
            placed: &placed,
            cover,
            findings: None,
            manifest: manifest.clone(),
            properties: manifest
                .into_iter()
                .map(|(k, v)| (format!("nengbao.{k}"), v))
                .collect(),
            fillable: true,
            created: NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or_default(),
        },
        rd,
    )?)
}

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

/// Most payload parts a manifest may declare: 64 × 30,000 characters, far above any report.
pub const MAX_PAYLOAD_PARTS: usize = 64;

/// The manifest as read: keys to values, payload joined.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub fields: BTreeMap<String, String>,
    /// Row (1-based) of each key, to name the cell of a value that disagrees.
    pub rows: BTreeMap<String, usize>,
    pub payload: String,
    /// The declared part count was not a number within [`MAX_PAYLOAD_PARTS`], or parts were
    /// missing or repeated.
    pub malformed: bool,
}

impl Manifest {
    fn from_rows(rows: &[(String, String)]) -> Self {
        let mut m = Manifest::default();
        let mut parts: BTreeMap<usize, &str> = BTreeMap::new();
        for (i, (k, v)) in rows.iter().enumerate() {
            if let Some(n) = k.strip_prefix("payload.") {
                match n.parse::<usize>() {
                    Ok(n) if n < MAX_PAYLOAD_PARTS && !parts.contains_key(&n) => {
                        parts.insert(n, v);
                    }
                    _ => m.malformed = true,
                }
            } else {
                if m.fields.insert(k.clone(), v.clone()).is_some() {
                    m.malformed = true;
                }
                m.rows.insert(k.clone(), i + 1);
            }
        }
        let declared = m.fields.get("payload_parts").map(|v| v.parse::<usize>());
        match declared {
            None => {}
            Some(Ok(n))
                if n <= MAX_PAYLOAD_PARTS && parts.len() == n && parts.keys().copied().eq(0..n) =>
            {
                m.payload = parts.values().copied().collect();
            }
            Some(_) => m.malformed = true,
        }
        m
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.fields.get(k).map(String::as_str)
    }

    /// `_manifest!B7`, the cell holding a key's value.
    fn cell(&self, k: &str) -> String {
        match self.rows.get(k) {
            Some(r) => format!("{MANIFEST_SHEET}!B{r}"),
            None => format!("{MANIFEST_SHEET}!{k}"),
        }
    }
}

/// Rows of the cover read back to compare its identity lines with the signed content.
const COVER_ROWS: u32 = 40;

/// Finds the pack of a workbook: the one its manifest names, else a built-in pack whose sheets
/// are all present (an unsigned file from an older version or another tool).
fn detect_pack(bytes: &[u8]) -> Result<(&'static Pack, read::Book), XlsxError> {
    let mut o = read::Opened::new(bytes)?;
    let manifest_rows = o.manifest(MANIFEST_SHEET)?;
    let manifest = Manifest::from_rows(&manifest_rows);
    let pack = match manifest.get("pack") {
        Some(id) => Pack::builtin(id)?,
        // Every sheet present; else, for a workbook of an earlier version that lacks the later
        // tables, the pack whose first table is there and most of whose sheets are (the
        // missing ones are named when importing).
        None => BUILTIN
            .iter()
            .filter_map(|(id, _)| Pack::builtin(id).ok())
            .find(|p| p.tables.iter().all(|t| o.has_sheet(&t.sheet)))
            .or_else(|| {
                BUILTIN
                    .iter()
                    .filter_map(|(id, _)| Pack::builtin(id).ok())
                    .filter(|p| p.tables.first().is_some_and(|t| o.has_sheet(&t.sheet)))
                    .max_by_key(|p| {
                        let present = p.tables.iter().filter(|t| o.has_sheet(&t.sheet)).count();
                        // Ties go to the first pack (national).
                        (present, std::cmp::Reverse(p.pack.id != "national"))
                    })
            })
            .ok_or_else(|| {
                XlsxError::Unrecognized(Text::new(
                    "不是能报生成的工作簿，也不符合任何已知表式",
                    "not a Nengbao workbook and no known pack matches its sheets",
                ))
            })?,
    };
    let mut areas = areas(pack);
    areas
        .entry(write::COVER_SHEET.to_string())
        .or_insert((COVER_ROWS, 1));
    let cells = o.cells(&areas)?;
    Ok((
        pack,
        read::Book {
            sheets: o.sheets,
            cells,
            manifest: manifest_rows,
        },
    ))
}

/// A refusal for one of the reader's limits, as opposed to a file that is simply not a workbook.
fn over_limit(e: &read::ReadError) -> bool {
    e.is_limit()
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

/// The report and manifest of a submission, for other tools and languages to check.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub pack: String,
    pub report: Value,
    pub manifest: BTreeMap<String, String>,
    pub public_key: Option<String>,
    pub signature: Option<String>,
    pub distinguishing_id: String,
    /// The exact signed bytes, UTF-8.
    pub payload: String,
    pub digest: Option<String>,
}

pub fn inspect(bytes: &[u8], rd: &RefData) -> Result<Inspection, XlsxError> {
    let (pack, book) = detect_pack(bytes)?;
    let manifest = Manifest::from_rows(&book.manifest);
    let (rebuilt, doc, _) = payload(pack, &book.cells, rd);
    let payload = if manifest.payload.is_empty() {
        rebuilt
    } else {
        manifest.payload.clone()
    };
    Ok(Inspection {
        pack: pack.tag(),
        report: doc.get("report").cloned().unwrap_or(Value::Null),
        public_key: manifest.get("public_key").map(String::from),
        signature: manifest.get("signature").map(String::from),
        distinguishing_id: manifest
            .get("distinguishing_id")
            .unwrap_or(DEFAULT_DISTID)
            .to_string(),
        digest: manifest.get("digest").map(String::from),
        payload,
        manifest: manifest.fields,
    })
}

/// Trims every string of a JSON value in place (ASCII and full-width spaces, tabs, line breaks
/// at either end), calling `note(path, original)` for each one changed.
fn trim_strings(v: &mut Value, path: &str, note: &mut dyn FnMut(&str, &str)) {
    match v {
        Value::String(s) => {
            let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            if t.len() != s.len() {
                note(path, s);
                *s = t.to_string();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                trim_strings(x, &format!("{path}[{i}]"), note);
            }
        }
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                trim_strings(x, &p, note);
            }
        }
        _ => {}
    }
}

/// A filled workbook read back into a report.
#[derive(Debug, Clone)]
pub struct Imported {
    pub pack: String,
    pub report: AnnualReport,
    /// Cell-level problems, each at sheet!cell.
    pub issues: Vec<Issue>,
}

/// Reads a filled template, a draft or an earlier submission into a report.
pub fn import(bytes: &[u8], rd: &RefData) -> Result<Imported, XlsxError> {
    let (pack, book) = detect_pack(bytes)?;
    let (doc, mut issues) = rebuild(pack, &book.cells, rd);
    // A sheet renamed or deleted in Excel is a problem to name, not an empty table.
    for t in &pack.tables {
        if !book.has_sheet(&t.sheet) && !issues.iter().any(|i| i.sheet == t.sheet) {
            issues.push(Issue {
                sheet: t.sheet.clone(),
                cell: "A1".into(),
                path: String::new(),
                severity: "warning".into(),
                message: crate::text::Text::new(
                    format!(
                        "缺少工作表“{}”：可能被改名或删除，该表未读取；请用原表名或重新下载空白表",
                        t.sheet
                    ),
                    format!(
                        "the sheet \"{}\" is missing (renamed or deleted); its table was not read",
                        t.sheet
                    ),
                ),
            });
        }
    }
    let mut report_value = doc.get("report").cloned().unwrap_or(Value::Null);
    // Spaces around typed text (a credit code with a trailing space) are removed, and said.
    trim_strings(&mut report_value, "", &mut |path, before| {
        let (sheet, cell) = pack.locate(path).unwrap_or_default();
        issues.push(Issue {
            sheet,
            cell,
            path: path.to_string(),
            severity: "info".into(),
            message: crate::text::Text::new(
                format!("“{before}”首尾有空格，已去除"),
                format!("\"{before}\" had leading or trailing spaces; removed"),
            ),
        });
    });
    let report: AnnualReport = match serde_path_to_error::deserialize(report_value) {
        Ok(r) => r,
        Err(e) => {
            let path = e.path().to_string();
            let cell = pack.locate(&path).unwrap_or_default();
            let at = if cell.0.is_empty() {
                String::new()
            } else {
                format!("{}!{} ", cell.0, cell.1)
            };
            let why = e.into_inner();
            return Err(XlsxError::Unrecognized(Text::new(
                format!("{at}{path}：{why}"),
                format!("{at}{path}: {why}"),
            )));
        }
    };
    let mut report = report;
    for (path, before, after) in crate::ledger::normalize_periods(&mut report) {
        let (sheet, cell) = pack.locate(&path).unwrap_or_default();
        issues.push(Issue {
            sheet,
            cell,
            path,
            severity: "info".into(),
            message: crate::text::Text::new(
                format!("记录期间“{before}”按{after}读取"),
                format!("record period \"{before}\" read as {after}"),
            ),
        });
    }
    // A figure once typed and now computed (表1 综合能源消费量 from 表2): a value in its cell is
    // never taken; one that differs from the figure is said, with the figure used instead.
    let figures = crate::calc::compute(&report, rd).ok();
    let figures = figures.and_then(|c| serde_json::to_value(c).ok());
    for t in &pack.tables {
        for c in t
            .cells
            .iter()
            .filter(|c| c.is_computed() && c.was.is_some())
        {
            let Some(raw) = parse_a1(&c.cell)
                .and_then(|(row, col)| book.cells.get(&(t.sheet.clone(), row, col)))
            else {
                continue;
            };
            let found = crate::pack::cells::display_raw(raw, &c.field, rd);
            let path = c.path.trim_start_matches("computed.");
            let figure = figures
                .as_ref()
                .and_then(|f| crate::pack::get_path(f, path))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let same = match (
                found.replace(',', "").parse::<rust_decimal::Decimal>(),
                figure.parse::<rust_decimal::Decimal>(),
            ) {
                (Ok(a), Ok(b)) => a == b,
                _ => found.is_empty(),
            };
            if !same {
                let label = c.label.split('（').next().unwrap_or(&c.label);
                issues.push(Issue {
                    sheet: t.sheet.clone(),
                    cell: c.cell.clone(),
                    path: c.doc_path(),
                    severity: "info".into(),
                    message: crate::text::Text::new(
                        format!("{label}由系统按表计算（{}），不需填写；单元格中的“{found}”未采用", if figure.is_empty() { "暂无" } else { figure }),
                        format!("{label} is computed ({}); the value \"{found}\" in the cell was not used", if figure.is_empty() { "none yet" } else { figure }),
                    ),
                });
            }
        }
    }
    for t in &pack.tables {
        for c in &t.cells {
            if c.field.required && !c.is_computed() {
                if let Some((row, col)) = parse_a1(&c.cell) {
                    if !book.cells.contains_key(&(t.sheet.clone(), row, col)) {
                        issues.push(Issue {
                            sheet: t.sheet.clone(),
                            cell: c.cell.clone(),
                            path: c.doc_path(),
                            severity: "warning".into(),
                            message: crate::text::Text::new(
                                format!("未填写{}", c.label),
                                format!("{} is empty", c.label),
                            ),
                        });
                    }
                }
            }
        }
    }
    Ok(Imported {
        pack: pack.tag(),
        report,
        issues,
    })
}
