//! 打印件 — the print-ready copy of a signed report, for signing and stamping (盖章) on paper.
//!
//! The copy is made from the signed file only: the file is verified first and a file that is
//! not valid (unsigned, altered, bad signature) is refused, so the paper shows what the county
//! holds. Its tables are the pack's tables laid out as in the workbook (the same
//! [`pack::cells::layout`] the export writes with), read from the signed payload.
//!
//! The copy is a page model ([`PrintCopy`]): a cover with the identity of the file, a table of
//! contents and the signature and stamp boxes, then each table on its own pages. Pages hold a
//! fixed budget of lines ([`LINES_PER_PAGE`]; a long cell counts for the lines it wraps to), a
//! continued table repeats its headings, so every page carries the header — unit, credit code,
//! year, the SM3 digest of the signed payload (the one `nengbao verify` prints and the county
//! holds), the key's fingerprint, page n/m and a QR code of them ([`qr_text`]).
//! [`html`] renders the model to one self-contained HTML document (A4 landscape `@page`, the
//! QR codes as inline SVG, the system's Chinese fonts), which a browser or the app's webview
//! prints or saves as PDF.

mod html;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use html::html;

use crate::error::{Error, Result};
use crate::pack::cells::{layout, CellValue, Placed};
use crate::pack::{col_index, parse_a1, FixedCell, Pack, Table};
use crate::refdata::RefData;
use crate::text::Text;
use crate::xlsx::{self, Status};

/// Lines of table (headings included) one page holds.
pub const LINES_PER_PAGE: u32 = 20;

/// What the QR code of every page starts with.
pub const QR_PREFIX: &str = "NENGBAO-SUB:1:";

/// The print-ready copy of one signed file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrintCopy {
    /// 单位详细名称 as signed.
    pub unit: String,
    pub uscc: String,
    pub year: i32,
    /// SM3 of the signed payload, lowercase hex.
    pub digest: String,
    /// The signing key's fingerprint (upper-case hex in groups of four).
    pub fingerprint: String,
    /// The signed revision (0 for files of the first format).
    pub revision: u32,
    /// The signed signing time (RFC 3339), when the format carries one.
    pub signed_at: Option<String>,
    /// `id@version` of the pack the file was signed under.
    pub pack: String,
    pub pack_name: String,
    /// What every page's QR code holds ([`qr_text`]).
    pub qr_text: String,
    /// 单位负责人, 统计负责人, 填表人, 报出日期 as signed (names beside the boxes to sign).
    pub signatories: Vec<(String, String)>,
    pub pages: Vec<Page>,
}

/// One printed page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub total: u32,
    /// `cover` or `table`.
    pub kind: PageKind,
    /// Official number of the table (`表2`); empty on the cover.
    pub table: String,
    pub title: String,
    pub intro: String,
    /// A continuation of the table of the page before (headings repeated).
    pub continued: bool,
    /// Relative column widths.
    pub widths: Vec<f64>,
    /// Rows of the table: headings first (repeated on a continued page), then the body.
    pub rows: Vec<Vec<PrintCell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PageKind {
    Cover,
    Table,
}

/// What a printed cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CellRole {
    /// Static text of the form (labels, section titles).
    Label,
    /// A column heading.
    Heading,
    /// A column mark (甲 乙 丙 1 2 3 …).
    Mark,
    /// A value typed by the unit.
    Value,
    /// A figure the app computed (shaded, as in the workbook).
    Computed,
    /// Nothing in this place of the grid.
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrintCell {
    pub text: String,
    pub colspan: u16,
    pub rowspan: u16,
    pub role: CellRole,
    /// Numbers align right.
    pub numeric: bool,
}

impl PrintCell {
    fn new(text: impl Into<String>, role: CellRole) -> Self {
        PrintCell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            role,
            numeric: false,
        }
    }

    fn span(mut self, colspan: u16) -> Self {
        self.colspan = colspan.max(1);
        self
    }
}

/// What the QR code of a page holds: one line a scanner reads as text,
/// `NENGBAO-SUB:1:<uscc>:<year>:<SM3 digest>:<fingerprint without spaces>`. The county finds
/// the file by it ([`digest_of_query`]).
pub fn qr_text(uscc: &str, year: i32, digest: &str, fingerprint: &str) -> String {
    format!(
        "{QR_PREFIX}{}:{year}:{}:{}",
        uscc.trim(),
        digest.trim().to_lowercase(),
        crate::sign::normalize_hex(fingerprint).to_uppercase()
    )
}

/// The digest (or leading part of one) a clerk typed or scanned: a printed copy's QR payload
/// gives its digest; otherwise hex digits with spaces, dashes and case ignored. `None` when
/// the text holds anything else.
pub fn digest_of_query(query: &str) -> Option<String> {
    let q = query.trim();
    if let Some(rest) = q
        .strip_prefix(QR_PREFIX)
        .or_else(|| q.strip_prefix(&QR_PREFIX.to_lowercase()))
    {
        let digest = rest.split(':').nth(2)?.trim().to_lowercase();
        return (digest.len() == 64 && digest.chars().all(|c| c.is_ascii_hexdigit()))
            .then_some(digest);
    }
    let hex: String = q
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '：' && *c != ':')
        .collect::<String>()
        .to_lowercase();
    let hex = hex.strip_prefix("sm3").map(str::to_string).unwrap_or(hex);
    (!hex.is_empty() && hex.len() <= 64 && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then_some(hex)
}

fn refused(zh: String, en: String) -> Error {
    Error::input(Text::new("打印", "print"), Text::new(zh, en))
}

/// The print-ready copy of a signed file's bytes. The file is verified first; anything but a
/// valid signature with every cell as signed is refused, saying what was found and what to do.
pub fn copy(bytes: &[u8], rd: &RefData) -> Result<PrintCopy> {
    let v = xlsx::verify(bytes, rd, None);
    let mut found = v.text.clone();
    if !v.changes.is_empty() {
        let cells: Vec<&str> = v.changes.iter().take(5).map(|c| c.cell.as_str()).collect();
        let more = if v.changes.len() > 5 { "…" } else { "" };
        found.zh = format!("{}：{}{more}", found.zh, cells.join("、"));
        found.en = format!("{}: {}{more}", found.en, cells.join(", "));
    }
    match v.status {
        Status::Valid => {}
        Status::Unsigned => {
            return Err(refused(
                format!("不能打印：{}；只有已签名的报送文件才能生成盖章用打印件，请先签名导出", found.zh),
                format!("cannot print: {}; only a signed file can be printed for stamping, sign and export it first", found.en),
            ))
        }
        Status::Tampered | Status::BadSignature => {
            return Err(refused(
                format!("不能打印：文件已被改动或签名无效（{}），打印件须与签名时的文件一致；请打印签名导出的原文件，或重新签名导出", found.zh),
                format!("cannot print: the file was altered or its signature is invalid ({}); print the file as it was signed, or sign and export again", found.en),
            ))
        }
        Status::UnknownFormat => {
            return Err(refused(
                format!("不能打印：{}；请选择能报导出的已签名文件", found.zh),
                format!("cannot print: {}; choose a signed file exported by Nengbao", found.en),
            ))
        }
    }
    let (payload, _, _) = xlsx::signed_parts(bytes).map_err(|e| {
        refused(
            format!("签名数据无法读取：{e}"),
            format!("the signed payload is unreadable: {e}"),
        )
    })?;
    let envelope: Value = serde_json::from_str(&payload).map_err(|e| {
        refused(
            format!("签名数据无法读取：{e}"),
            format!("the signed payload is unreadable: {e}"),
        )
    })?;
    let doc = envelope.get("document").cloned().unwrap_or(Value::Null);
    let tag = v.pack.clone().unwrap_or_default();
    let pack = Pack::builtin(tag.split('@').next().unwrap_or_default())?;
    let placed = layout(pack, &doc, rd).map_err(|e| {
        let t = e.text();
        refused(t.zh, t.en)
    })?;
    let report = v.report.as_ref();
    let uscc = v.uscc.clone().unwrap_or_default();
    let year = v.year.unwrap_or_default();
    let digest = v.digest.clone().unwrap_or_default();
    let fingerprint = v.fingerprint.clone().unwrap_or_default();
    let signatories = report
        .map(|r| {
            let s = &r.signatories;
            vec![
                ("单位负责人".to_string(), s.unit_head.clone()),
                ("统计负责人".to_string(), s.statistics_head.clone()),
                ("填表人".to_string(), s.preparer.clone()),
                (
                    "报出日期".to_string(),
                    s.date.map(|d| d.to_string()).unwrap_or_default(),
                ),
            ]
        })
        .unwrap_or_default();
    let mut pages = vec![cover_page()];
    for t in &pack.tables {
        pages.extend(table_pages(t, &placed));
    }
    let total = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    for (i, p) in pages.iter_mut().enumerate() {
        p.number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        p.total = total;
    }
    Ok(PrintCopy {
        unit: report
            .map(|r| r.enterprise.name.clone())
            .unwrap_or_default(),
        qr_text: qr_text(&uscc, year, &digest, &fingerprint),
        uscc,
        year,
        digest,
        fingerprint,
        revision: v.revision.unwrap_or(0),
        signed_at: v.signed_at.clone(),
        pack: tag,
        pack_name: pack.pack.name.clone(),
        signatories,
        pages,
    })
}

fn cover_page() -> Page {
    Page {
        number: 0,
        total: 0,
        kind: PageKind::Cover,
        table: String::new(),
        title: "封面及签章页".into(),
        intro: String::new(),
        continued: false,
        widths: Vec::new(),
        rows: Vec::new(),
    }
}

/// The text of a placed value as printed: numbers with thousands separators, at their scale.
fn shown(v: &CellValue) -> String {
    match v {
        CellValue::Number(s) => group_thousands(s),
        other => other.display(),
    }
}

fn group_thousands(s: &str) -> String {
    let (sign, body) = s.strip_prefix('-').map_or(("", s), |b| ("-", b));
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    if !int.chars().all(|c| c.is_ascii_digit()) {
        return s.to_string();
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn value_cell(p: Option<&Placed>) -> PrintCell {
    match p {
        Some(p) => {
            let mut c = PrintCell::new(
                shown(&p.value),
                if p.computed {
                    CellRole::Computed
                } else {
                    CellRole::Value
                },
            );
            c.numeric = matches!(p.value, CellValue::Number(_));
            c
        }
        None => PrintCell::new("", CellRole::Value),
    }
}

/// Printed width of a character in half-width units (a Chinese character counts two).
fn char_units(c: char) -> u32 {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Half-width characters a line of a cell holds: the column's width in the pack's character
/// widths, scaled as the printed table is.
fn line_units(widths: &[f64], col: usize, span: usize) -> u32 {
    let total: f64 = widths.iter().sum::<f64>().max(1.0);
    // The printed table is about 180 half-width characters wide at full size; a wider table is
    // printed smaller, so each column keeps about its width in characters.
    let scale = (180.0 / total).max(1.0);
    let w: f64 = widths.iter().skip(col).take(span).sum::<f64>() * scale * 0.9;
    (w.floor() as u32).max(2)
}

/// One printed line of a cell, and whether the text broke there itself (a line end typed by the
/// unit) rather than by wrapping.
struct Line<'a> {
    text: &'a str,
    hard: bool,
}

/// A cell's text as the lines it prints on, wrapped at `per_line` half-width units.
fn wrap(text: &str, per_line: u32) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for source in text.split('\n') {
        let mut start = 0usize;
        let mut used = 0u32;
        for (i, c) in source.char_indices() {
            let u = char_units(c);
            if used + u > per_line && i > start {
                out.push(Line {
                    text: &source[start..i],
                    hard: false,
                });
                start = i;
                used = 0;
            }
            used += u;
        }
        out.push(Line {
            text: &source[start..],
            hard: true,
        });
    }
    out
}

/// Each cell of a row with the lines it prints on.
fn wrapped<'a>(row: &'a [PrintCell], widths: &[f64]) -> Vec<Vec<Line<'a>>> {
    let mut col = 0usize;
    row.iter()
        .map(|c| {
            let span = usize::from(c.colspan.max(1));
            let lines = wrap(&c.text, line_units(widths, col, span));
            col += span;
            lines
        })
        .collect()
}

/// Lines a row takes when each cell wraps at its column's width.
fn row_lines(row: &[PrintCell], widths: &[f64]) -> u32 {
    let n = wrapped(row, widths).iter().map(Vec::len).max().unwrap_or(1);
    u32::try_from(n).unwrap_or(u32::MAX).max(1)
}

impl Page {
    /// Lines of table the page holds, headings included (at most [`LINES_PER_PAGE`]).
    pub fn lines(&self) -> u32 {
        self.rows.iter().map(|r| row_lines(r, &self.widths)).sum()
    }
}

/// A row taller than a page's `budget` of lines, cut into rows that each fit: every cell's
/// lines in slices of `budget`, in order, so the text continues on the next page and nothing
/// is dropped. The first cell of a continuation names the row it continues (`RP-01（续）`).
/// Rows joined to the next by a cell spanning rows are kept whole.
fn split_tall(row: Vec<PrintCell>, widths: &[f64], budget: u32) -> Vec<Vec<PrintCell>> {
    if row_lines(&row, widths) <= budget || row.iter().any(|c| c.rowspan > 1) {
        return vec![row];
    }
    let budget = usize::try_from(budget.max(1)).unwrap_or(1);
    let lines = wrapped(&row, widths);
    let parts = lines
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .div_ceil(budget);
    (0..parts)
        .map(|i| {
            row.iter()
                .zip(&lines)
                .enumerate()
                .map(|(col, (c, lines))| {
                    let slice: Vec<&Line> = lines.iter().skip(i * budget).take(budget).collect();
                    let mut text = String::new();
                    for (k, l) in slice.iter().enumerate() {
                        text.push_str(l.text);
                        if l.hard && k + 1 < slice.len() {
                            text.push('\n');
                        }
                    }
                    // The first column names the row (its number or label): a continuation
                    // says whose it is.
                    if i > 0 && col == 0 && text.is_empty() {
                        let name: String = c
                            .text
                            .lines()
                            .next()
                            .unwrap_or("")
                            .chars()
                            .take(24)
                            .collect();
                        text = format!("{name}（续）");
                    }
                    PrintCell { text, ..c.clone() }
                })
                .collect()
        })
        .collect()
}

/// Splits a table into pages: `head` rows on every page, `body` rows in order within the
/// budget of lines; a row taller than a page continues on the next ([`split_tall`]).
fn paginate(
    t: &Table,
    widths: Vec<f64>,
    head: Vec<Vec<PrintCell>>,
    body: Vec<Vec<PrintCell>>,
) -> Vec<Page> {
    let head_lines: u32 = head.iter().map(|r| row_lines(r, &widths)).sum();
    let budget = LINES_PER_PAGE.saturating_sub(head_lines).max(1);
    let mut chunks: Vec<Vec<Vec<PrintCell>>> = vec![Vec::new()];
    let mut used = 0u32;
    for row in body
        .into_iter()
        .flat_map(|r| split_tall(r, &widths, budget))
    {
        let n = row_lines(&row, &widths);
        let current_empty = chunks.last().is_none_or(Vec::is_empty);
        if used + n > budget && !current_empty {
            chunks.push(Vec::new());
            used = 0;
        }
        used += n;
        if let Some(c) = chunks.last_mut() {
            c.push(row);
        }
    }
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, rows)| Page {
            number: 0,
            total: 0,
            kind: PageKind::Table,
            table: t.number.clone(),
            title: t.title.clone(),
            intro: t.intro.clone(),
            continued: i > 0,
            widths: widths.clone(),
            rows: head.iter().cloned().chain(rows).collect(),
        })
        .collect()
}

fn table_pages(t: &Table, placed: &[Placed]) -> Vec<Page> {
    let on_sheet: Vec<&Placed> = placed.iter().filter(|p| p.sheet == t.sheet).collect();
    match &t.region {
        Some(r) => {
            let widths: Vec<f64> = r
                .columns
                .iter()
                .map(|c| if c.width > 0.0 { c.width } else { 12.0 })
                .collect();
            let ncols = u16::try_from(r.columns.len()).unwrap_or(u16::MAX);
            let head = region_head(&r.columns);
            let mut body = Vec::new();
            let first = r.first_row - 1;
            let last_row = on_sheet
                .iter()
                .filter(|p| p.row >= first && p.row < first + r.max_rows)
                .map(|p| p.row)
                .max();
            if let Some(last) = last_row {
                for row in first..=last {
                    body.push(
                        r.columns
                            .iter()
                            .map(|c| {
                                let col = col_index(&c.col);
                                value_cell(
                                    on_sheet
                                        .iter()
                                        .find(|p| p.row == row && Some(p.col) == col)
                                        .copied(),
                                )
                            })
                            .collect(),
                    );
                }
            } else {
                body.push(vec![
                    PrintCell::new("（本表无填报内容）", CellRole::Label).span(ncols)
                ]);
            }
            for f in &r.footer {
                body.push(footer_row(f, &on_sheet, ncols));
            }
            paginate(t, widths, head, body)
        }
        None => {
            let (widths, body) = fixed_grid(t, &on_sheet);
            paginate(t, widths, Vec::new(), body)
        }
    }
}

/// The heading rows of a region: groups over their columns (a column outside any group spans
/// both rows), headings with units, then the column marks.
fn region_head(columns: &[crate::pack::Column]) -> Vec<Vec<PrintCell>> {
    let grouped = columns.iter().any(|c| !c.group.is_empty());
    let heading = |c: &crate::pack::Column| {
        let unit = c.field.unit.trim();
        let mut h = PrintCell::new(
            if unit.is_empty() || c.heading.contains(unit) {
                c.heading.clone()
            } else {
                format!("{}（{unit}）", c.heading)
            },
            CellRole::Heading,
        );
        if grouped && c.group.is_empty() {
            h.rowspan = 2;
        }
        h
    };
    let mut top = Vec::new();
    let mut second = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        let c = &columns[i];
        if grouped && !c.group.is_empty() {
            let n = columns[i..]
                .iter()
                .take_while(|o| o.group == c.group)
                .count();
            top.push(
                PrintCell::new(c.group.clone(), CellRole::Heading)
                    .span(u16::try_from(n).unwrap_or(1)),
            );
            second.extend(columns[i..i + n].iter().map(heading));
            i += n;
        } else {
            top.push(heading(c));
            i += 1;
        }
    }
    let marks: Vec<PrintCell> = columns
        .iter()
        .map(|c| PrintCell::new(c.mark.clone(), CellRole::Mark))
        .collect();
    let mut rows = vec![top];
    if grouped {
        rows.push(second);
    }
    if columns.iter().any(|c| !c.mark.is_empty()) {
        rows.push(marks);
    }
    rows
}

/// A figure under a region: its label across the columns, its value in the last one.
fn footer_row(f: &FixedCell, on_sheet: &[&Placed], ncols: u16) -> Vec<PrintCell> {
    let pos = parse_a1(&f.cell);
    let p = on_sheet
        .iter()
        .find(|p| Some((p.row, p.col)) == pos)
        .copied();
    vec![
        PrintCell::new(f.label.clone(), CellRole::Label).span(ncols.saturating_sub(1).max(1)),
        value_cell(p),
    ]
}

/// A table of fixed cells as the sheet's grid: each row of the sheet that holds a label or a
/// value, its cells in their columns with their merges.
fn fixed_grid(t: &Table, on_sheet: &[&Placed]) -> (Vec<f64>, Vec<Vec<PrintCell>>) {
    use std::collections::BTreeMap;
    // (row, col) → (cell, span)
    let mut grid: BTreeMap<(u32, u16), PrintCell> = BTreeMap::new();
    for l in &t.labels {
        if let Some(pos) = parse_a1(&l.cell) {
            grid.insert(
                pos,
                PrintCell::new(l.text.clone(), CellRole::Heading).span(l.span),
            );
        }
    }
    for c in &t.cells {
        if let Some(pos) = parse_a1(&c.label_cell) {
            if !c.label.is_empty() {
                grid.insert(pos, PrintCell::new(c.label.clone(), CellRole::Label));
            }
        }
        if let Some(pos) = parse_a1(&c.cell) {
            let p = on_sheet.iter().find(|p| (p.row, p.col) == pos).copied();
            grid.insert(pos, value_cell(p).span(c.span));
        }
    }
    let ncols = grid
        .iter()
        .map(|((_, col), c)| col + c.colspan)
        .max()
        .unwrap_or(1);
    let widths: Vec<f64> = (0..ncols)
        .map(|i| {
            t.widths
                .get(&crate::pack::col_letters(i))
                .copied()
                .unwrap_or(14.0)
        })
        .collect();
    let mut rows: Vec<Vec<PrintCell>> = Vec::new();
    let mut row_numbers: Vec<u32> = grid.keys().map(|(r, _)| *r).collect();
    row_numbers.dedup();
    for r in row_numbers {
        let mut out = Vec::new();
        let mut col = 0u16;
        while col < ncols {
            match grid.get(&(r, col)) {
                Some(c) => {
                    let span = c.colspan.min(ncols - col).max(1);
                    let mut c = c.clone();
                    c.colspan = span;
                    out.push(c);
                    col += span;
                }
                None => {
                    out.push(PrintCell::new("", CellRole::Blank));
                    col += 1;
                }
            }
        }
        rows.push(out);
    }
    (widths, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_without_changing_digits() {
        assert_eq!(group_thousands("96787.6500"), "96,787.6500");
        assert_eq!(group_thousands("-1234567"), "-1,234,567");
        assert_eq!(group_thousands("12.5"), "12.5");
        assert_eq!(group_thousands("abc"), "abc");
    }

    #[test]
    fn a_row_taller_than_a_page_continues_in_rows_that_fit_and_keep_every_character() {
        let long: String = "脱硝改造说明，SCR 催化剂更换。\n第二段".repeat(120);
        let row = vec![
            PrintCell::new("1", CellRole::Label),
            PrintCell::new(long.clone(), CellRole::Value),
            PrintCell::new("12.5", CellRole::Value),
        ];
        let widths = [6.0, 30.0, 10.0];
        assert!(row_lines(&row, &widths) > 17);
        let parts = split_tall(row, &widths, 17);
        assert!(parts.len() >= 2);
        assert!(parts.iter().all(|r| row_lines(r, &widths) <= 17));
        let joined: Vec<String> = (0..3)
            .map(|c| parts.iter().map(|r| r[c].text.as_str()).collect())
            .collect();
        // Line ends the unit typed are kept inside a part; between parts the text runs on.
        assert_eq!(joined[1].replace('\n', ""), long.replace('\n', ""));
        assert_eq!(parts[0][0].text, "1");
        assert!(parts[1..].iter().all(|r| r[0].text == "1（续）"));
        assert_eq!(parts[0][2].text, "12.5");
        assert!(parts[1..].iter().all(|r| r[2].text.is_empty()));

        let short = vec![PrintCell::new("短", CellRole::Value)];
        assert_eq!(split_tall(short.clone(), &[10.0], 17), vec![short]);
    }

    #[test]
    fn a_query_gives_the_digest_it_names() {
        let d = "ab".repeat(32);
        let qr = qr_text("91350100M000100Y43", 2025, &d, "AEEC 8F6D");
        assert_eq!(digest_of_query(&qr).as_deref(), Some(d.as_str()));
        assert_eq!(digest_of_query(" AB AB-ab ").as_deref(), Some("ababab"));
        assert_eq!(digest_of_query("SM3 abab").as_deref(), Some("abab"));
        assert_eq!(digest_of_query("凯峰水泥"), None);
        assert_eq!(digest_of_query(""), None);
        assert_eq!(digest_of_query("NENGBAO-SUB:1:x:2025:short:fp"), None);
    }
}
