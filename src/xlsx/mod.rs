//! 签名提交文件 — the signed Excel submission: export, verify, inspect, blank template, import.
//!
//! What is signed is not the zip: it is the canonical JSON of the document rebuilt from the
//! visible cells (`{"format","pack","document"}`), so a re-save that keeps the values keeps the
//! signature valid and any value change breaks it. The exporter computes that payload from the
//! cells exactly as the reader will see them; the verifier rebuilds it from what it reads.

pub mod package;
pub mod read;
pub mod write;

mod export;
mod import;
mod manifest;
mod verify;

use export::created_on;
pub use export::{export, export_figures, export_signed, template, Exported};
pub use import::{import, inspect, Imported, Inspection};
pub use manifest::{Manifest, MAX_PAYLOAD_PARTS};
pub use verify::{
    anchored_head, signed_parts, verify, verify_payload, CellChange, Status, Verification,
    SUMMARY_FORMAT,
};

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calc::Computed;
use crate::carbon::CarbonDocument;
use crate::model::AnnualReport;
use crate::pack::cells::{
    canonical_json, rebuild, CellMap, CellValue, Issue, LayoutError, Placed, Raw,
};
use crate::pack::{col_index, parse_a1, Pack};
use crate::refdata::RefData;
use crate::text::Text;

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
        let signed_at = crate::model::cst()
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
    #[error("无法写出工作簿：{0} (writing the workbook failed: {0})")]
    Write(#[from] rust_xlsxwriter::XlsxError),
    #[error("{0}")]
    Read(#[from] read::ReadError),
    #[error("{0}")]
    Pack(#[from] crate::pack::PackError),
    #[error("{0}")]
    Unrecognized(Text),
}

/// The words of a report that cannot be signed yet (the workspace's check and the workbook
/// writer's both refuse with them).
pub fn not_signable(errors: usize, warnings: usize) -> Text {
    Text::new(
        format!(
            "不能签名：仍有{errors}个错误、{warnings}个未说明的警告；请先修改或说明，或导出草稿"
        ),
        format!("cannot sign: {errors} errors and {warnings} unjustified warnings remain"),
    )
}

impl XlsxError {
    /// The message in both languages (errors without Chinese words are the same in both).
    pub fn text(&self) -> Text {
        match self {
            XlsxError::NotSignable { errors, warnings } => not_signable(*errors, *warnings),
            XlsxError::Layout(e) => e.text(),
            XlsxError::Read(e) => e.text(),
            XlsxError::Pack(e) => e.text(),
            XlsxError::Unrecognized(t) => t.clone(),
            XlsxError::Write(e) => Text::new(
                format!("无法写出工作簿：{e}"),
                format!("writing the workbook failed: {e}"),
            ),
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
