//! Document ⇄ cells through a pack.
//!
//! [`layout`] places every mapped value of a document on its sheet and cell; [`rebuild`] reads
//! cells back into a document. Signing and verifying both go through `rebuild`, so the signer
//! and the verifier agree by construction on what the visible cells mean.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    absolute, col_index, get_path, list_entries, parse_a1, set_path, Field, FixedCell, Kind, Pack,
};
use crate::refdata::RefData;

mod read;

use read::read;

/// A typed cell value, ready to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellValue {
    Empty,
    Text(String),
    /// A decimal in canonical form at the field's scale (`"96787.6500"`).
    Number(String),
    Date(NaiveDate),
    Bool(bool),
}

impl CellValue {
    /// The value as compared and shown in tamper reports.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) | CellValue::Number(s) => s.clone(),
            CellValue::Date(d) => d.to_string(),
            CellValue::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

/// A raw cell as read from a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Text(String),
    Float(f64),
    Int(i64),
    Bool(bool),
    /// A date-formatted number: the serial day count (1900 date system, already corrected for
    /// a 1904 workbook).
    Date(f64),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

/// Cells read from a workbook, by (sheet, 0-based row, 0-based column).
pub type CellMap = BTreeMap<(String, u32, u16), Raw>;

/// A value placed on a sheet.
#[derive(Debug, Clone)]
pub struct Placed {
    pub sheet: String,
    pub row: u32,
    pub col: u16,
    pub value: CellValue,
    pub field: Field,
    /// Filled from the computed figures (locked, shaded).
    pub computed: bool,
    /// Document path, e.g. `report.energy[2].factor`.
    pub path: String,
}

/// A problem found reading a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Issue {
    pub sheet: String,
    pub cell: String,
    pub path: String,
    /// `error` (the value was not taken) or `warning` (taken after a correction).
    pub severity: String,
    pub message: crate::text::Text,
}

#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("{table}：最多可填{max}行，报告有{found}行 (table holds at most {max} rows; the report has {found})")]
    TooManyRows {
        table: String,
        max: u32,
        found: usize,
    },
}

impl LayoutError {
    /// The message in both languages.
    pub fn text(&self) -> crate::text::Text {
        match self {
            LayoutError::TooManyRows { table, max, found } => crate::text::Text::new(
                format!("{table}：最多可填{max}行，报告有{found}行"),
                format!("{table}: table holds at most {max} rows; the report has {found}"),
            ),
        }
    }
}

/// The `list` of a column holding a record's evidence files (not a dropdown): one file per
/// line, `name｜kind｜size｜sha256`.
pub const FILES: &str = "files";
/// What separates the parts of a file line.
const FILE_SEP: char = '｜';

/// Evidence files as the lines of one cell.
fn files_text(v: &Value) -> CellValue {
    let Some(items) = v.as_array() else {
        return CellValue::Empty;
    };
    let text = |x: &Value, k: &str| x.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let lines: Vec<String> = items
        .iter()
        .map(|x| {
            let size = x.get("size").and_then(Value::as_u64).unwrap_or(0);
            format!(
                "{}{FILE_SEP}{}{FILE_SEP}{size}{FILE_SEP}{}",
                text(x, "name"),
                text(x, "kind"),
                text(x, "sha256")
            )
        })
        .collect();
    if lines.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(lines.join("\n"))
    }
}

fn to_cell(v: Option<&Value>, field: &Field, rd: &RefData) -> CellValue {
    let Some(v) = v else { return CellValue::Empty };
    if field.list == FILES {
        return files_text(v);
    }
    if let (false, Value::String(code)) = (field.list.is_empty(), v) {
        if let Some((_, shown)) = list_entries(&field.list, rd)
            .into_iter()
            .find(|(c, _)| c == code)
        {
            return CellValue::Text(shown);
        }
    }
    match (field.kind, v) {
        (_, Value::Null) => CellValue::Empty,
        (Kind::Bool, Value::Bool(b)) => CellValue::Bool(*b),
        (Kind::Decimal, Value::String(s)) => match s.parse::<Decimal>() {
            Ok(d) => CellValue::Number(at_scale(d, field.scale)),
            Err(_) => CellValue::Text(s.clone()),
        },
        (Kind::Decimal | Kind::Integer, Value::Number(n)) => CellValue::Number(n.to_string()),
        (Kind::Date, Value::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => CellValue::Date(d),
            Err(_) => CellValue::Text(s.clone()),
        },
        (_, Value::String(s)) if s.is_empty() => CellValue::Empty,
        (_, Value::String(s)) => CellValue::Text(s.clone()),
        (_, Value::Number(n)) => CellValue::Text(n.to_string()),
        (_, Value::Bool(b)) => CellValue::Bool(*b),
        (_, other) => CellValue::Text(other.to_string()),
    }
}

/// A decimal at exactly `scale` fraction digits, rounded half away from zero.
fn at_scale(d: Decimal, scale: u32) -> String {
    let mut r = d.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(scale);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r.to_string()
}

fn placed(sheet: &str, c: &FixedCell, doc: &Value, rd: &RefData) -> Option<Placed> {
    let (row, col) = parse_a1(&c.cell)?;
    let path = c.doc_path();
    Some(Placed {
        sheet: sheet.to_string(),
        row,
        col,
        value: to_cell(get_path(doc, &path), &c.field, rd),
        field: c.field.clone(),
        computed: c.is_computed(),
        path,
    })
}

/// Where every mapped value of `doc` goes.
pub fn layout(pack: &Pack, doc: &Value, rd: &RefData) -> Result<Vec<Placed>, LayoutError> {
    let mut out = Vec::new();
    for t in &pack.tables {
        out.extend(t.cells.iter().filter_map(|c| placed(&t.sheet, c, doc, rd)));
        let Some(r) = &t.region else { continue };
        let rows_path = absolute(&r.rows);
        let parents = get_path(doc, &rows_path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        // (parent index, child index) per sheet row.
        let mut items: Vec<(usize, Option<usize>)> = Vec::new();
        if r.nested.is_empty() {
            items.extend((0..parents.len()).map(|i| (i, None)));
        } else {
            for (i, p) in parents.iter().enumerate() {
                let n = p
                    .get(&r.nested)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                items.extend((0..n).map(|j| (i, Some(j))));
            }
        }
        if items.len() > r.max_rows as usize {
            return Err(LayoutError::TooManyRows {
                table: format!("{} {}", t.number, t.title),
                max: r.max_rows,
                found: items.len(),
            });
        }
        for (k, (i, j)) in items.into_iter().enumerate() {
            for c in &r.columns {
                let Some(col) = col_index(&c.col) else {
                    continue;
                };
                let path = column_path(&rows_path, &r.nested, c, i, j);
                out.push(Placed {
                    sheet: t.sheet.clone(),
                    row: r.first_row - 1 + k as u32,
                    col,
                    value: to_cell(get_path(doc, &path), &c.field, rd),
                    field: c.field.clone(),
                    computed: c.is_computed(),
                    path,
                });
            }
        }
        out.extend(r.footer.iter().filter_map(|c| placed(&t.sheet, c, doc, rd)));
    }
    Ok(out)
}

fn column_path(
    rows_path: &str,
    nested: &str,
    c: &super::Column,
    i: usize,
    j: Option<usize>,
) -> String {
    if c.path.contains("[]") {
        return absolute(&c.path.replacen("[]", &format!("[{i}]"), 1));
    }
    match j {
        Some(j) if !c.key => format!("{rows_path}[{i}].{nested}[{j}].{}", c.path),
        _ => format!("{rows_path}[{i}].{}", c.path),
    }
}

/// How a raw cell reads for `field`, in the same form as [`CellValue::display`] of the value it
/// stands for; an unreadable cell shows its raw content.
pub fn display_raw(raw: &Raw, field: &Field, rd: &RefData) -> String {
    let r = read(raw, field, rd);
    match r.value {
        Some(v) => to_cell(Some(&v), field, rd).display(),
        None => match raw {
            Raw::Text(s) => s.clone(),
            Raw::Float(f) | Raw::Date(f) => format!("{f}"),
            Raw::Int(i) => i.to_string(),
            Raw::Bool(b) => b.to_string(),
            Raw::Error(e) => e.clone(),
        },
    }
}

/// The field each data cell of a pack holds, by position.
pub fn fields_by_position(pack: &Pack) -> BTreeMap<(String, u32, u16), Field> {
    let mut m = BTreeMap::new();
    for t in &pack.tables {
        for c in t
            .cells
            .iter()
            .chain(t.region.iter().flat_map(|r| r.footer.iter()))
        {
            if let Some((row, col)) = parse_a1(&c.cell) {
                m.insert((t.sheet.clone(), row, col), c.field.clone());
            }
        }
        if let Some(r) = &t.region {
            for k in 0..r.max_rows {
                for c in &r.columns {
                    if let Some(col) = col_index(&c.col) {
                        m.insert((t.sheet.clone(), r.first_row - 1 + k, col), c.field.clone());
                    }
                }
            }
        }
    }
    m
}

/// A fresh document with the report's format tag.
fn empty_doc() -> Value {
    serde_json::json!({ "report": { "format": crate::model::REPORT_FORMAT }, "computed": {} })
}

/// Reads the cells of a workbook back into a document, with the problems found on the way.
pub fn rebuild(pack: &Pack, cells: &CellMap, rd: &RefData) -> (Value, Vec<Issue>) {
    let mut doc = empty_doc();
    let mut issues = Vec::new();
    // Cells per sheet, keyed by (row, col) alone: lookups compare no strings.
    let mut by_sheet: std::collections::HashMap<&str, BTreeMap<(u32, u16), &Raw>> =
        std::collections::HashMap::new();
    for ((sheet, row, col), raw) in cells {
        by_sheet
            .entry(sheet.as_str())
            .or_default()
            .insert((*row, *col), raw);
    }
    let empty = BTreeMap::new();
    let take = |doc: &mut Value,
                sheet_cells: &BTreeMap<(u32, u16), &Raw>,
                sheet: &str,
                row: u32,
                col: u16,
                path: &str,
                field: &Field,
                issues: &mut Vec<Issue>|
     -> bool {
        let Some(raw) = sheet_cells.get(&(row, col)) else {
            return false;
        };
        let r = read(raw, field, rd);
        if let Some((sev, zh, en)) = r.issue {
            issues.push(Issue {
                sheet: sheet.to_string(),
                cell: super::a1(row, col),
                path: path.to_string(),
                severity: sev.to_string(),
                message: crate::text::Text::new(zh, en),
            });
        }
        match r.value {
            Some(v) => set_path(doc, path, v),
            None => false,
        }
    };
    // A figure shown in two cells (表1 综合能源消费量 repeats 表2's): what each cell reads as,
    // so that one changed alone leaves the figure out of the document instead of going unseen.
    let mut repeated: BTreeMap<String, Vec<Option<Value>>> = BTreeMap::new();
    {
        let mut seen = std::collections::BTreeSet::new();
        for c in pack.tables.iter().flat_map(|t| {
            t.cells
                .iter()
                .chain(t.region.iter().flat_map(|r| r.footer.iter()))
        }) {
            if !seen.insert(c.doc_path()) {
                repeated.insert(c.doc_path(), Vec::new());
            }
        }
    }
    for t in &pack.tables {
        let sc = by_sheet.get(t.sheet.as_str()).unwrap_or(&empty);
        let fixed = t
            .cells
            .iter()
            .chain(t.region.iter().flat_map(|r| r.footer.iter()));
        for c in fixed {
            if let Some((row, col)) = parse_a1(&c.cell) {
                let path = c.doc_path();
                if let Some(values) = repeated.get_mut(&path) {
                    values.push(
                        sc.get(&(row, col))
                            .and_then(|raw| read(raw, &c.field, rd).value),
                    );
                }
                take(
                    &mut doc,
                    sc,
                    &t.sheet,
                    row,
                    col,
                    &path,
                    &c.field,
                    &mut issues,
                );
            }
        }
        let Some(r) = &t.region else { continue };
        let rows_path = absolute(&r.rows);
        let mut next = 0usize;
        // A row is a record when one of its input cells holds something; in a region of
        // computed columns only (figures per row of another table), when any cell does.
        let inputs = r.columns.iter().any(|c| !c.is_computed());
        let input_cols: Vec<u16> = r
            .columns
            .iter()
            .filter(|c| !inputs || !c.is_computed())
            .filter_map(|c| col_index(&c.col))
            .collect();
        // Only rows that hold something are visited, not every row the region allows.
        let (first, last) = (r.first_row - 1, r.first_row - 1 + r.max_rows - 1);
        let mut rows: Vec<u32> = sc
            .range((first, 0)..=(last, u16::MAX))
            .filter(|((_, col), raw)| {
                input_cols.contains(col)
                    && match raw {
                        Raw::Text(s) => !s.trim().is_empty(),
                        _ => true,
                    }
            })
            .map(|((row, _), _)| *row)
            .collect();
        rows.dedup();
        for row in rows {
            // Which record (and, nested, which parent) this row fills.
            let (i, j) = if r.nested.is_empty() {
                (next, None)
            } else {
                let key_col = r.columns.iter().find(|c| c.key);
                let key = key_col
                    .and_then(|c| col_index(&c.col))
                    .and_then(|col| sc.get(&(row, col)).copied())
                    .map(|raw| match raw {
                        Raw::Text(s) => s.trim().to_string(),
                        Raw::Float(f) => format!("{f}"),
                        other => format!("{other:?}"),
                    })
                    .unwrap_or_default();
                let found = get_path(&doc, &rows_path)
                    .and_then(Value::as_array)
                    .and_then(|parents| {
                        let pi = parents.iter().position(|p| {
                            p.get("id").and_then(Value::as_str) == Some(key.as_str())
                        })?;
                        let n = parents[pi]
                            .get(&r.nested)
                            .and_then(Value::as_array)
                            .map_or(0, Vec::len);
                        Some((pi, n))
                    });
                let Some((pi, n)) = found else {
                    let cell = key_col
                        .and_then(|c| col_index(&c.col))
                        .map(|col| super::a1(row, col))
                        .unwrap_or_default();
                    issues.push(Issue {
                        sheet: t.sheet.clone(),
                        cell,
                        path: format!("{rows_path}.{}", r.nested),
                        severity: "error".into(),
                        message: crate::text::Text::new(
                            format!(
                                "第{}行的工程编号“{key}”在减排工程表中找不到，该行未导入",
                                row + 1
                            ),
                            format!(
                            "row {}: project id \"{key}\" is not in the project table; row skipped",
                            row + 1
                        ),
                        ),
                    });
                    continue;
                };
                (pi, Some(n))
            };
            // Key columns only place the row under its parent; computed and input cells are
            // read alike.
            for c in r.columns.iter().filter(|c| !c.key) {
                let Some(col) = col_index(&c.col) else {
                    continue;
                };
                let path = column_path(&rows_path, &r.nested, c, i, j);
                take(
                    &mut doc,
                    sc,
                    &t.sheet,
                    row,
                    col,
                    &path,
                    &c.field,
                    &mut issues,
                );
            }
            // Make sure the record exists even if every taken value was refused (a region of
            // figures only adds no record to the list it shows figures for).
            let record = match j {
                Some(j) => format!("{rows_path}[{i}].{}[{j}]", r.nested),
                None => format!("{rows_path}[{i}]"),
            };
            if inputs && get_path(&doc, &record).is_none() {
                set_path(&mut doc, &record, Value::Object(serde_json::Map::new()));
            }
            if r.nested.is_empty() {
                next += 1;
            }
        }
    }
    for (path, values) in repeated {
        if values.windows(2).any(|w| w[0] != w[1]) {
            set_path(&mut doc, &path, Value::Null);
        }
    }
    (doc, issues)
}

/// RFC 8785-style canonical JSON: keys sorted by UTF-16 code units… here by Unicode scalar
/// order, which is the same for the ASCII keys this format uses; no whitespace; numbers are
/// integers only (decimals are strings), so no float formatting is involved.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (n, k) in keys.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(':');
                if let Some(x) = m.get(k) {
                    write_canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (n, x) in a.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}
