//! 模板包 — statutory template packs as data.
//!
//! A pack (`seeds/packs/<id>.toml`) lists its tables in order with their official number and
//! title, and maps JSON paths of the submission document to cells. The document is
//! `{"report": <nengbao.report/1>, "computed": <calc::Computed>}`; a path that does not start with
//! `report.` or `computed.` is taken under `report.`. Fixed cells carry one value each; a region
//! is a row-per-record list (`energy`, `products` …), optionally nested one level
//! (`reduction_projects` → `records`, where a key column names the parent by its `id`).
//!
//! Export and import both walk the pack, so adding a province is a new TOML file and no code.
//!
//! A region whose columns are all computed (the CO₂ of each 205-1 row, `computed.carbon.rows[]`
//! beside `rows = "energy"`) is read back row by row like any other, so its figures are signed.
//! A column with `list = "files"` holds a record's evidence files, one per line
//! (`name｜kind｜size｜sha256`, see [`cells`]).

pub mod cells;
mod path;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::model::lists::ListEntry;
pub use cells::{CellMap, CellValue, Issue};
pub use path::{get_path, set_path};

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("unknown template pack \"{0}\" (available: {available})", available = BUILTIN.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", "))]
    Unknown(String),
    #[error("template pack {id}: {message}")]
    Invalid { id: String, message: String },
}

impl PackError {
    /// The message (written in English only, so the same in both halves).
    pub fn text(&self) -> crate::text::Text {
        crate::text::Text::same(self.to_string())
    }
}

/// A parsed pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pack {
    pub pack: PackInfo,
    #[serde(rename = "table")]
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackInfo {
    pub id: String,
    pub version: String,
    pub name: String,
    #[serde(default)]
    pub province: String,
    /// Filing deadline `MM-DD` of the year after the reported one.
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub source: String,
    /// Earlier versions whose files this version still reads: their tables are a subset of
    /// these, unchanged, so a file signed under one of them rebuilds to the same document.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub reads: Vec<String>,
}

/// One table (one sheet).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Table {
    pub id: String,
    /// Official numbering, e.g. `表1`.
    pub number: String,
    pub title: String,
    /// Sheet name (≤ 31 characters).
    pub sheet: String,
    /// A line under the title (units, instructions).
    #[serde(default)]
    pub intro: String,
    /// Column widths by letter, in characters.
    #[serde(default)]
    pub widths: BTreeMap<String, f64>,
    /// Static text (grid headings, section titles).
    #[serde(default)]
    pub labels: Vec<Label>,
    #[serde(default)]
    pub cells: Vec<FixedCell>,
    #[serde(default)]
    pub region: Option<Region>,
}

/// A static text cell.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Label {
    pub cell: String,
    pub text: String,
    /// Merge across this many columns.
    #[serde(default)]
    pub span: u16,
}

/// Value kinds of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Kind {
    #[default]
    Text,
    /// A `Fixed<scale>` decimal (written as a number).
    Decimal,
    Integer,
    Date,
    /// 是 / 否.
    Bool,
}

/// What a cell holds and how it is checked.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Field {
    #[serde(default)]
    pub kind: Kind,
    /// Fraction digits of a decimal.
    #[serde(default)]
    pub scale: u32,
    /// Dropdown source (see [`list_values`]).
    #[serde(default)]
    pub list: String,
    /// Unit shown in the heading.
    #[serde(default)]
    pub unit: String,
    /// Note on the heading: the field's definition and source.
    #[serde(default)]
    pub note: String,
    /// Required on import (an empty cell is reported).
    #[serde(default)]
    pub required: bool,
}

/// A label and one value cell.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FixedCell {
    pub label: String,
    /// Where the label goes (A1 notation); omitted for cells inside a labelled grid.
    #[serde(default)]
    pub label_cell: String,
    /// The value cell (A1 notation).
    pub cell: String,
    pub path: String,
    /// Merge the value cell across this many columns.
    #[serde(default)]
    pub span: u16,
    /// Row height for long text.
    #[serde(default)]
    pub height: f64,
    #[serde(flatten)]
    pub field: Field,
    /// What the cell held in earlier versions of the pack, when that differs (a figure once
    /// typed, now computed): a file signed under one of those versions is rebuilt with the
    /// earlier path, so it still verifies; findings on the earlier path still point here.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub was: Option<Was>,
}

/// The path a cell held in earlier versions of its pack.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Was {
    pub path: String,
    /// The versions (`2026.1`) whose files hold `path` in this cell.
    pub versions: Vec<String>,
}

/// A row-per-record region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Region {
    /// List path of the records, e.g. `energy` or `reduction_projects`.
    pub rows: String,
    /// For a nested region: the child list inside each parent record, e.g. `records`.
    #[serde(default)]
    pub nested: String,
    /// 1-based row of the first heading row.
    pub header_row: u32,
    /// 1-based row of the first record.
    pub first_row: u32,
    pub max_rows: u32,
    pub columns: Vec<Column>,
    /// Fixed cells under the region (totals and summary figures).
    #[serde(default)]
    pub footer: Vec<FixedCell>,
}

/// One column of a region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Column {
    pub col: String,
    /// Column mark of the statistical form: 甲 乙 丙 丁 or 1 2 3 ….
    #[serde(default)]
    pub mark: String,
    pub heading: String,
    /// Heading of a group of columns, merged over consecutive columns with the same group.
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub width: f64,
    /// Path relative to the record, or an absolute template with `[]` for the row index
    /// (`computed.rows[].tce`). In a nested region, `key = true` marks the parent's id column.
    pub path: String,
    #[serde(default)]
    pub key: bool,
    #[serde(flatten)]
    pub field: Field,
}

impl Column {
    /// A column filled from the computed figures, never typed.
    pub fn is_computed(&self) -> bool {
        self.path.starts_with("computed.")
    }
}

impl FixedCell {
    pub fn is_computed(&self) -> bool {
        self.path.starts_with("computed.")
    }

    /// Absolute document path.
    pub fn doc_path(&self) -> String {
        absolute(&self.path)
    }
}

/// `report.`-prefixes a path unless it already names a root.
pub fn absolute(path: &str) -> String {
    if path.starts_with("report.") || path.starts_with("computed.") {
        path.to_string()
    } else {
        format!("report.{path}")
    }
}

/// A1 cell reference → 0-based (row, col).
pub fn parse_a1(a1: &str) -> Option<(u32, u16)> {
    let a1 = a1.trim();
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    let col = col_index(letters)?;
    let row: u32 = digits.parse().ok()?;
    if row == 0 {
        return None;
    }
    Some((row - 1, col))
}

/// Column letters → 0-based index.
pub fn col_index(letters: &str) -> Option<u16> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + (c as u32 - 'A' as u32 + 1);
    }
    u16::try_from(n - 1).ok()
}

/// 0-based column index → letters.
pub fn col_letters(mut col: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// 0-based (row, col) → A1.
pub fn a1(row: u32, col: u16) -> String {
    format!("{}{}", col_letters(col), row + 1)
}

impl Pack {
    /// A built-in pack by id, parsed once and shared.
    pub fn builtin(id: &str) -> Result<&'static Pack, PackError> {
        static PACKS: std::sync::OnceLock<BTreeMap<String, Pack>> = std::sync::OnceLock::new();
        let packs = PACKS.get_or_init(|| {
            BUILTIN
                .iter()
                .filter_map(|(id, _)| Pack::parse_builtin(id).ok().map(|p| (id.to_string(), p)))
                .collect()
        });
        match packs.get(id) {
            Some(p) => Ok(p),
            // Unknown id, or a pack that failed to parse: say which.
            None => Pack::parse_builtin(id).and(Err(PackError::Unknown(id.to_string()))),
        }
    }

    fn parse_builtin(id: &str) -> Result<Pack, PackError> {
        let text = BUILTIN
            .iter()
            .find(|(n, _)| *n == id)
            .map(|(_, t)| *t)
            .ok_or_else(|| PackError::Unknown(id.to_string()))?;
        Pack::parse(id, text)
    }

    /// Parses and checks a pack.
    pub fn parse(id: &str, text: &str) -> Result<Pack, PackError> {
        let invalid = |m: String| PackError::Invalid {
            id: id.to_string(),
            message: m,
        };
        let pack: Pack = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut sheets = std::collections::BTreeSet::new();
        for t in &pack.tables {
            if t.sheet.chars().count() > 31
                || t.sheet.contains(['[', ']', ':', '*', '?', '/', '\\'])
            {
                return Err(invalid(format!(
                    "sheet name \"{}\" is not allowed in Excel",
                    t.sheet
                )));
            }
            if !sheets.insert(t.sheet.clone()) {
                return Err(invalid(format!("sheet \"{}\" appears twice", t.sheet)));
            }
            let mut taken = std::collections::BTreeSet::new();
            for c in t
                .cells
                .iter()
                .chain(t.region.iter().flat_map(|r| r.footer.iter()))
            {
                let pos = parse_a1(&c.cell)
                    .ok_or_else(|| invalid(format!("{}: bad cell {}", t.id, c.cell)))?;
                if !taken.insert(pos) {
                    return Err(invalid(format!("{}: cell {} used twice", t.id, c.cell)));
                }
                if !c.label_cell.is_empty() && parse_a1(&c.label_cell).is_none() {
                    return Err(invalid(format!(
                        "{}: bad label cell {}",
                        t.id, c.label_cell
                    )));
                }
            }
            if let Some(r) = &t.region {
                if r.first_row <= r.header_row || r.max_rows == 0 {
                    return Err(invalid(format!("{}: region rows", t.id)));
                }
                for c in &r.columns {
                    if col_index(&c.col).is_none() {
                        return Err(invalid(format!("{}: bad column {}", t.id, c.col)));
                    }
                }
                let end = r.first_row + r.max_rows - 1;
                for c in &t.cells {
                    if let Some((row, _)) = parse_a1(&c.cell) {
                        if row + 1 >= r.header_row && row < end {
                            return Err(invalid(format!(
                                "{}: fixed cell {} overlaps the region",
                                t.id, c.cell
                            )));
                        }
                    }
                }
            }
        }
        Ok(pack)
    }

    /// `id@version`, as recorded in the manifest and signed.
    pub fn tag(&self) -> String {
        format!("{}@{}", self.pack.id, self.pack.version)
    }

    /// Whether a file signed under pack `tag` is read through this pack: its own tag, or an
    /// earlier version of the same pack it declares it [`reads`](PackInfo::reads).
    pub fn reads_tag(&self, tag: &str) -> bool {
        tag == self.tag()
            || tag
                .split_once('@')
                .is_some_and(|(id, v)| id == self.pack.id && self.pack.reads.iter().any(|r| r == v))
    }

    /// This pack as a file signed under `tag` was written: cells whose path changed since
    /// (see [`Was`]) take their earlier path back. The pack itself for any other tag.
    pub fn as_signed(&self, tag: &str) -> std::borrow::Cow<'_, Pack> {
        let Some((_, version)) = tag.split_once('@').filter(|_| tag != self.tag()) else {
            return std::borrow::Cow::Borrowed(self);
        };
        let earlier = |c: &FixedCell| {
            c.was
                .as_ref()
                .is_some_and(|w| w.versions.iter().any(|v| v == version))
        };
        let changed = self.tables.iter().any(|t| {
            t.cells
                .iter()
                .chain(t.region.iter().flat_map(|r| r.footer.iter()))
                .any(earlier)
        });
        if !changed {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut pack = self.clone();
        for t in &mut pack.tables {
            let footer = t.region.iter_mut().flat_map(|r| r.footer.iter_mut());
            for c in t.cells.iter_mut().chain(footer) {
                if earlier(c) {
                    if let Some(w) = c.was.take() {
                        c.path = w.path;
                    }
                }
            }
        }
        std::borrow::Cow::Owned(pack)
    }

    /// The sheet and cell a field path of the report points at, e.g. `energy[3].closing_stock`
    /// → (`表2 能源消费结构`, `L9`).
    ///
    /// A path naming a whole list (`carbon.certificates`) points at the first cell of its
    /// region; a path the report does not hold but the computed figures do (`carbon.per_value_added`
    /// for `computed.carbon.per_value_added`) points at that figure's cell.
    pub fn locate(&self, report_path: &str) -> Option<(String, String)> {
        let abs = absolute(report_path);
        self.locate_abs(&abs).or_else(|| {
            let bare = abs.strip_prefix("report.")?;
            self.locate_abs(&format!("computed.{bare}"))
        })
    }

    fn locate_abs(&self, abs: &str) -> Option<(String, String)> {
        for t in &self.tables {
            for c in t
                .cells
                .iter()
                .chain(t.region.iter().flat_map(|r| r.footer.iter()))
            {
                let was = c.was.as_ref().map(|w| absolute(&w.path));
                if c.doc_path() == *abs || was.as_deref() == Some(abs) {
                    return Some((t.sheet.clone(), c.cell.trim().to_string()));
                }
            }
            let Some(r) = &t.region else { continue };
            if !r.nested.is_empty() {
                continue;
            }
            let inputs = r.columns.iter().any(|c| !c.is_computed());
            if inputs && abs == absolute(&r.rows) {
                let col = r.columns.first().and_then(|c| col_index(&c.col))?;
                return Some((t.sheet.clone(), a1(r.first_row - 1, col)));
            }
            let prefix = format!("{}[", absolute(&r.rows));
            let Some(rest) = abs.strip_prefix(&prefix) else {
                continue;
            };
            let Some(close) = rest.find(']') else {
                continue;
            };
            let Ok(index) = rest[..close].parse::<u32>() else {
                continue;
            };
            let field = rest[close + 1..].trim_start_matches('.');
            if index >= r.max_rows {
                continue;
            }
            let col = r
                .columns
                .iter()
                .find(|c| c.path == field)
                .or_else(|| {
                    r.columns
                        .iter()
                        .find(|c| field.starts_with(&format!("{}.", c.path)))
                })
                .or_else(|| r.columns.first().filter(|_| field.is_empty()))?;
            let col_i = col_index(&col.col)?;
            return Some((t.sheet.clone(), a1(r.first_row - 1 + index, col_i)));
        }
        None
    }
}

/// The entries of a dropdown list source with both labels, as the app's catalog serves them.
/// Lists of named codes (205-1 energies, pollutants) are labelled "code name" (`01 原煤`,
/// `COD 化学需氧量`); the coded enums take their labels from [`crate::model::lists`], the other
/// lists from their seed's `name` and `name_en`. An unknown source has no entries.
pub fn list(source: &str, rd: &crate::refdata::RefData) -> Vec<ListEntry> {
    use crate::model::lists::Coded;
    let named = |code: &str, zh: &str, en: &str| {
        ListEntry::new(code, format!("{code} {zh}"), format!("{code} {en}"))
    };
    match source {
        "energy_codes" => rd
            .energy
            .iter()
            .map(|e| named(&e.code, &e.name, &e.name_en))
            .collect(),
        "pollutants" => crate::model::Pollutant::ALL
            .iter()
            .map(|p| named(p.code(), p.zh(), p.en()))
            .collect(),
        "reduction_categories" => rd
            .reduction_categories
            .iter()
            .map(|c| ListEntry::new(&c.code, &c.name, &c.name_en))
            .collect(),
        "saving_categories" => rd
            .saving_categories
            .iter()
            .map(|c| ListEntry::new(&c.code, &c.name, &c.name_en))
            .collect(),
        "benchmarks" => {
            let mut v: Vec<ListEntry> = Vec::new();
            for b in &rd.benchmarks {
                if !v.iter().any(|e| e.code == b.key) {
                    v.push(ListEntry::new(&b.key, &b.name, &b.name_en));
                }
            }
            v
        }
        _ => crate::model::lists::coded_list(source).unwrap_or_default(),
    }
}

/// Entries of a dropdown list source: (stored code, what the cell shows). A workbook shows the
/// Chinese label and the report stores the code; a pollutant's cell shows its code (`NOx`).
pub fn list_entries(source: &str, rd: &crate::refdata::RefData) -> Vec<(String, String)> {
    list(source, rd)
        .into_iter()
        .map(|e| {
            let shown = if source == "pollutants" {
                e.code.clone()
            } else {
                e.zh
            };
            (e.code, shown)
        })
        .collect()
}

/// Every dropdown list the built-in packs use (except `files`, a column of evidence files, not a
/// list to choose from), sorted: what the app's catalog serves.
pub fn list_names() -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for (id, _) in BUILTIN {
        let Ok(pack) = Pack::builtin(id) else {
            continue;
        };
        for t in &pack.tables {
            let region = t.region.iter();
            let fields = t
                .cells
                .iter()
                .map(|c| &c.field)
                .chain(
                    region
                        .clone()
                        .flat_map(|r| r.columns.iter().map(|c| &c.field)),
                )
                .chain(region.flat_map(|r| r.footer.iter().map(|c| &c.field)));
            for f in fields {
                let l = f.list.trim();
                if !l.is_empty() && l != "files" {
                    names.insert(l.to_string());
                }
            }
        }
    }
    names.into_iter().collect()
}

/// What the cells of a dropdown list show.
pub fn list_values(source: &str, rd: &crate::refdata::RefData) -> Vec<String> {
    list_entries(source, rd)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trips() {
        assert_eq!(parse_a1("A1"), Some((0, 0)));
        assert_eq!(parse_a1("AB12"), Some((11, 27)));
        assert_eq!(a1(11, 27), "AB12");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("a1"), None);
    }
}
