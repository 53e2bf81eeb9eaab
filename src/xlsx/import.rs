//! Reading a workbook into a report without trusting it: inspect (what a file is) and import
//! (the report with every cell's problem named).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::AnnualReport;
use crate::pack::cells::{rebuild, Issue};
use crate::pack::parse_a1;
use crate::refdata::RefData;
use crate::sign::DEFAULT_DISTID;
use crate::text::Text;

use super::manifest::detect_pack;
use super::{payload, Manifest, XlsxError};

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
