//! Writing a pack workbook with rust_xlsxwriter: cover, the pack's tables, findings, manifest.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
};

use crate::pack::cells::{CellValue, Placed};
use crate::pack::{col_index, list_values, parse_a1, Field, Kind, Pack, Table};
use crate::refdata::RefData;

/// The hidden sheet of dropdown lists and the very hidden manifest sheet.
pub const LISTS_SHEET: &str = "_lists";
pub const MANIFEST_SHEET: &str = "_manifest";
pub const COVER_SHEET: &str = "封面";
pub const FINDINGS_SHEET: &str = "校验结果";

/// What goes on the cover.
#[derive(Debug, Clone, Default)]
pub struct Cover {
    pub title: String,
    /// (label, value) lines.
    pub lines: Vec<(String, String)>,
    /// Shown in red when the file is not signed.
    pub warning: Option<String>,
}

/// One row of the findings sheet.
#[derive(Debug, Clone)]
pub struct FindingRow {
    pub severity: String,
    pub rule: String,
    pub path: String,
    pub cell: String,
    pub message: String,
    pub justification: String,
}

/// Everything needed to write one workbook.
pub struct Sheets<'a> {
    pub pack: &'a Pack,
    pub placed: &'a [Placed],
    pub cover: Cover,
    pub findings: Option<Vec<FindingRow>>,
    /// Manifest key/value rows (empty for a blank template's own marker only).
    pub manifest: Vec<(String, String)>,
    /// Custom document properties.
    pub properties: Vec<(String, String)>,
    /// A blank template: every region row is unlocked and validated up to `max_rows`.
    pub fillable: bool,
    pub created: NaiveDate,
}

struct Formats {
    cache: HashMap<String, Format>,
}

const BORDER: FormatBorder = FormatBorder::Thin;
const HEAD_BG: u32 = 0xE8EEF4;
const COMPUTED_BG: u32 = 0xF2F6FC;

impl Formats {
    fn new() -> Self {
        Formats {
            cache: HashMap::new(),
        }
    }

    fn base() -> Format {
        Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(BORDER)
            .set_align(FormatAlign::VerticalCenter)
    }

    fn get(&mut self, key: &str, make: impl FnOnce() -> Format) -> Format {
        self.cache
            .entry(key.to_string())
            .or_insert_with(make)
            .clone()
    }

    fn title(&mut self) -> Format {
        self.get("title", || {
            Format::new()
                .set_font_name("黑体")
                .set_font_size(16.0)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
        })
    }

    fn intro(&mut self) -> Format {
        self.get("intro", || {
            Format::new()
                .set_font_name("宋体")
                .set_font_size(9.5)
                .set_font_color(Color::RGB(0x555555))
                .set_text_wrap()
        })
    }

    fn head(&mut self) -> Format {
        self.get("head", || {
            Self::base()
                .set_bold()
                .set_background_color(Color::RGB(HEAD_BG))
                .set_text_wrap()
                .set_align(FormatAlign::Center)
        })
    }

    fn label(&mut self) -> Format {
        self.get("label", || {
            Self::base()
                .set_background_color(Color::RGB(HEAD_BG))
                .set_text_wrap()
        })
    }

    fn value(&mut self, field: &Field, computed: bool, quote: bool, wrap: bool) -> Format {
        let key = format!(
            "v:{:?}:{}:{computed}:{quote}:{wrap}",
            field.kind, field.scale
        );
        self.get(&key, || {
            let mut f = Self::base();
            f = match field.kind {
                Kind::Decimal if field.scale == 0 => f.set_num_format("#,##0"),
                Kind::Decimal => {
                    f.set_num_format(format!("#,##0.{}", "0".repeat(field.scale as usize)))
                }
                Kind::Integer => f.set_num_format("0"),
                Kind::Date => f
                    .set_num_format("yyyy-mm-dd")
                    .set_align(FormatAlign::Center),
                Kind::Bool => f.set_align(FormatAlign::Center),
                Kind::Text => f,
            };
            if wrap {
                f = f.set_text_wrap().set_align(FormatAlign::Top);
            }
            if quote {
                f = f.set_quote_prefix();
            }
            if computed {
                f.set_background_color(Color::RGB(COMPUTED_BG))
            } else {
                f.set_unlocked()
            }
        })
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Writes one value. Text beginning with = + - @ is written as literal text with a quote prefix,
/// so no spreadsheet ever evaluates it as a formula.
#[allow(clippy::too_many_arguments)]
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &CellValue,
    field: &Field,
    computed: bool,
    fmts: &mut Formats,
    wrap: bool,
) -> Result<(), XlsxError> {
    match v {
        CellValue::Empty => {
            let f = fmts.value(field, computed, false, wrap);
            ws.write_blank(row, col, &f)?;
        }
        CellValue::Text(s) => {
            let quote = s.starts_with(['=', '+', '-', '@']);
            let f = fmts.value(field, computed, quote, wrap);
            ws.write_string_with_format(row, col, s, &f)?;
        }
        CellValue::Number(s) => {
            let f = fmts.value(field, computed, false, wrap);
            match s.parse::<f64>() {
                Ok(n) => ws.write_number_with_format(row, col, n, &f)?,
                Err(_) => ws.write_string_with_format(row, col, s, &f)?,
            };
        }
        CellValue::Date(d) => {
            let f = fmts.value(field, computed, false, wrap);
            ws.write_datetime_with_format(row, col, excel_date(*d)?, &f)?;
        }
        CellValue::Bool(b) => {
            let f = fmts.value(field, computed, false, wrap);
            ws.write_string_with_format(row, col, if *b { "是" } else { "否" }, &f)?;
        }
    }
    Ok(())
}

fn note(text: &str) -> Note {
    Note::new(text)
        .set_author("能报")
        .set_width(260)
        .set_height(90)
}

/// The widest column a table uses (0-based), for title merges.
fn last_col(t: &Table) -> u16 {
    let mut m = 0u16;
    for c in &t.cells {
        for a in [&c.cell, &c.label_cell] {
            if let Some((_, col)) = parse_a1(a) {
                m = m.max(col + c.span.saturating_sub(1));
            }
        }
    }
    for l in &t.labels {
        if let Some((_, col)) = parse_a1(&l.cell) {
            m = m.max(col + l.span.saturating_sub(1));
        }
    }
    if let Some(r) = &t.region {
        for c in &r.columns {
            m = m.max(col_index(&c.col).unwrap_or(0));
        }
        for c in &r.footer {
            if let Some((_, col)) = parse_a1(&c.cell) {
                m = m.max(col);
            }
        }
    }
    m.max(3)
}

fn list_name(source: &str) -> String {
    format!("L_{source}")
}

fn write_table(
    ws: &mut Worksheet,
    t: &Table,
    s: &Sheets,
    rd: &RefData,
    fmts: &mut Formats,
) -> Result<(), XlsxError> {
    ws.set_name(&t.sheet)?;
    let last = last_col(t);
    let title_f = fmts.title();
    ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("{}　{}", t.number, t.title),
        &title_f,
    )?;
    ws.set_row_height(0, 30)?;
    if !t.intro.is_empty() {
        let f = fmts.intro();
        ws.merge_range(1, 0, 1, last, &t.intro, &f)?;
        ws.set_row_height(1, 28)?;
    }
    for (letter, w) in &t.widths {
        if let Some(c) = col_index(letter) {
            ws.set_column_width(c, *w)?;
        }
    }
    let head = fmts.head();
    for l in &t.labels {
        if let Some((row, col)) = parse_a1(&l.cell) {
            if l.span > 1 {
                ws.merge_range(row, col, row, col + l.span - 1, &l.text, &head)?;
            } else {
                ws.write_string_with_format(row, col, &l.text, &head)?;
            }
        }
    }
    let label_f = fmts.label();
    let fixed = t
        .cells
        .iter()
        .chain(t.region.iter().flat_map(|r| r.footer.iter()));
    for c in fixed {
        if let (false, Some((row, col))) = (c.label_cell.is_empty(), parse_a1(&c.label_cell)) {
            // A label on the value's row spans the gap up to the value cell.
            match parse_a1(&c.cell) {
                Some((vr, vc)) if vr == row && vc > col + 1 => {
                    ws.merge_range(row, col, row, vc - 1, &c.label, &label_f)?;
                }
                _ => {
                    ws.write_string_with_format(row, col, &c.label, &label_f)?;
                }
            }
            if !c.field.note.is_empty() {
                ws.insert_note(row, col, &note(&c.field.note))?;
            }
        }
        if let Some((row, col)) = parse_a1(&c.cell) {
            if c.height > 0.0 {
                ws.set_row_height(row, c.height)?;
            }
            if c.span > 1 {
                // The merged range gets its value written below at its first cell.
                let f = fmts.value(&c.field, c.is_computed(), false, true);
                ws.merge_range(row, col, row, col + c.span - 1, "", &f)?;
            }
            validate_cell(ws, row, col, row, col, &c.field, c.is_computed(), rd)?;
        }
    }
    if let Some(r) = &t.region {
        let has_groups = r.columns.iter().any(|c| !c.group.is_empty());
        let heading_row = r.header_row - 1 + u32::from(has_groups);
        let marks_row = heading_row + 1;
        let mut i = 0;
        while i < r.columns.len() {
            let c = &r.columns[i];
            let Some(col) = col_index(&c.col) else {
                i += 1;
                continue;
            };
            if c.width > 0.0 {
                ws.set_column_width(col, c.width)?;
            }
            let heading = if c.field.unit.is_empty() {
                c.heading.clone()
            } else {
                format!("{}（{}）", c.heading, c.field.unit)
            };
            if has_groups && c.group.is_empty() {
                ws.merge_range(heading_row - 1, col, heading_row, col, &heading, &head)?;
            } else {
                ws.write_string_with_format(heading_row, col, &heading, &head)?;
            }
            if !c.field.note.is_empty() {
                ws.insert_note(heading_row, col, &note(&c.field.note))?;
            }
            ws.write_string_with_format(marks_row, col, &c.mark, &head)?;
            if has_groups && !c.group.is_empty() {
                // Merge the group heading over the run of columns sharing it.
                let mut end = i;
                while end + 1 < r.columns.len() && r.columns[end + 1].group == c.group {
                    end += 1;
                }
                let end_col = col_index(&r.columns[end].col).unwrap_or(col);
                if i == 0 || r.columns[i - 1].group != c.group {
                    if end_col > col {
                        ws.merge_range(
                            heading_row - 1,
                            col,
                            heading_row - 1,
                            end_col,
                            &c.group,
                            &head,
                        )?;
                    } else {
                        ws.write_string_with_format(heading_row - 1, col, &c.group, &head)?;
                    }
                }
            }
            i += 1;
        }
        ws.set_row_height(heading_row, 42)?;
        let used = s
            .placed
            .iter()
            .filter(|p| {
                p.sheet == t.sheet
                    && p.row + 1 >= r.first_row
                    && p.row < r.first_row - 1 + r.max_rows
            })
            .map(|p| p.row + 2 - r.first_row)
            .max()
            .unwrap_or(0);
        // A table with totals under it is drawn in full, like the printed form, so the totals
        // stay in place; other tables show only their used rows (a blank template shows all).
        let rows = if s.fillable || (!r.footer.is_empty() && r.max_rows <= 60) {
            r.max_rows
        } else {
            used
        };
        for k in 0..rows {
            for c in &r.columns {
                let Some(col) = col_index(&c.col) else {
                    continue;
                };
                let f = fmts.value(&c.field, c.is_computed(), false, false);
                ws.write_blank(r.first_row - 1 + k, col, &f)?;
            }
        }
        if rows > 0 {
            for c in &r.columns {
                if let Some(col) = col_index(&c.col) {
                    validate_cell(
                        ws,
                        r.first_row - 1,
                        col,
                        r.first_row - 2 + rows,
                        col,
                        &c.field,
                        c.is_computed(),
                        rd,
                    )?;
                }
            }
        }
        ws.set_freeze_panes(r.first_row - 1, 1)?;
        ws.set_landscape();
    }
    for p in s.placed.iter().filter(|p| p.sheet == t.sheet) {
        let wrap = t
            .cells
            .iter()
            .any(|c| c.span > 1 && parse_a1(&c.cell) == Some((p.row, p.col)));
        write_value(ws, p.row, p.col, &p.value, &p.field, p.computed, fmts, wrap)?;
    }
    // A blank template draws every region row (see above): formulas go over the blanks.
    if let Some(r) = t.region.as_ref().filter(|r| s.fillable && r.max_rows > 0) {
        write_formulas(ws, t, r.max_rows, fmts)?;
    }
    if s.fillable {
        write_repeated_figures(ws, t, s.pack, fmts)?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.protect();
    Ok(())
}

/// Live formulas in a blank template's computed cells of the 205-1 table, so its totals work
/// in Excel while it is filled: each row's 折标量 (工业生产消费, or the total when that is blank,
/// × the adopted coefficient), the consumption total, and 综合能源消费量 = total − 加工转换产出 −
/// 回收利用. Only a convenience: the reader never reads a computed cell as input, and the app
/// recomputes every figure (with the catalog coefficient where none is typed).
fn write_formulas(
    ws: &mut Worksheet,
    t: &Table,
    rows: u32,
    fmts: &mut Formats,
) -> Result<(), XlsxError> {
    let Some(r) = t.region.as_ref().filter(|r| r.rows == "energy") else {
        return Ok(());
    };
    let col_of = |path: &str| r.columns.iter().find(|c| c.path == path);
    let (Some(total), Some(ind), Some(factor), Some(tce)) = (
        col_of("consumed_total"),
        col_of("consumed_industrial"),
        col_of("factor"),
        col_of("computed.rows[].tce"),
    ) else {
        return Ok(());
    };
    let (g, h, m, n) = (&total.col, &ind.col, &factor.col, &tce.col);
    let Some(n_idx) = col_index(n) else {
        return Ok(());
    };
    let f = fmts.value(&tce.field, true, false, false);
    let (first, last) = (r.first_row, r.first_row + rows - 1);
    for x in first..=last {
        let formula = format!(
            "=IF(OR({m}{x}=\"\",AND({g}{x}=\"\",{h}{x}=\"\")),\"\",ROUND(IF({h}{x}=\"\",{g}{x},{h}{x})*{m}{x},4))"
        );
        ws.write_formula_with_format(x - 1, n_idx, Formula::new(formula).set_result(""), &f)?;
    }
    let cell_of = |path: &str| {
        r.footer
            .iter()
            .find(|c| c.path == path)
            .and_then(|c| parse_a1(&c.cell).map(|rc| (c, rc)))
    };
    if let Some((sum_cell, (row, col))) = cell_of("computed.consumption_tce") {
        let f = fmts.value(&sum_cell.field, true, false, false);
        let sum = format!("=SUM({n}{first}:{n}{last})");
        ws.write_formula_with_format(row, col, Formula::new(sum).set_result("0"), &f)?;
        if let (Some((c, (row, col))), Some((o, _)), Some((rec, _))) = (
            cell_of("computed.comprehensive_energy_tce"),
            cell_of("computed.conversion_output_tce"),
            cell_of("computed.recovered_tce"),
        ) {
            let f = fmts.value(&c.field, true, false, false);
            let formula = format!("=N({})-N({})-N({})", sum_cell.cell, o.cell, rec.cell);
            ws.write_formula_with_format(row, col, Formula::new(formula).set_result("0"), &f)?;
        }
    }
    Ok(())
}

/// A blank template's computed cell that repeats a figure of another sheet (表1 综合能源消费量 =
/// 表2's) refers to that cell, so it follows the figure while the workbook is filled.
fn write_repeated_figures(
    ws: &mut Worksheet,
    t: &Table,
    pack: &Pack,
    fmts: &mut Formats,
) -> Result<(), XlsxError> {
    for c in t.cells.iter().filter(|c| c.is_computed()) {
        let source = pack
            .tables
            .iter()
            .filter(|o| o.sheet != t.sheet)
            .flat_map(|o| {
                o.region
                    .iter()
                    .flat_map(|r| r.footer.iter())
                    .map(move |f| (o, f))
            })
            .find(|(_, f)| f.path == c.path);
        let (Some((o, f)), Some((row, col))) = (source, parse_a1(&c.cell)) else {
            continue;
        };
        let format = fmts.value(&c.field, true, false, false);
        let formula = format!("=N('{}'!{})", o.sheet.replace('\'', "''"), f.cell.trim());
        ws.write_formula_with_format(row, col, Formula::new(formula).set_result("0"), &format)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn validate_cell(
    ws: &mut Worksheet,
    r1: u32,
    c1: u16,
    r2: u32,
    c2: u16,
    field: &Field,
    computed: bool,
    rd: &RefData,
) -> Result<(), XlsxError> {
    if computed {
        return Ok(());
    }
    let dv = if !field.list.is_empty() {
        let n = list_values(&field.list, rd).len();
        if n == 0 {
            return Ok(());
        }
        DataValidation::new()
            .allow_list_formula(format!("={}", list_name(&field.list)).as_str().into())
            .set_error_title("请从下拉列表选择")?
            .set_error_message("该单元格只能填写下拉列表中的值。")?
    } else {
        match field.kind {
            Kind::Decimal => DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(-1e12, 1e12))
                .set_error_title("请输入数字")?
                .set_error_message(
                    format!("该单元格须填写数字，最多{}位小数。", field.scale).as_str(),
                )?,
            Kind::Integer => DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(-2_000_000_000, 2_000_000_000))
                .set_error_title("请输入整数")?
                .set_error_message("该单元格须填写整数。")?,
            _ => return Ok(()),
        }
    };
    ws.add_data_validation(r1, c1, r2, c2, &dv)?;
    Ok(())
}

fn write_cover(ws: &mut Worksheet, cover: &Cover, fmts: &mut Formats) -> Result<(), XlsxError> {
    ws.set_name(COVER_SHEET)?;
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 72)?;
    let big = fmts.get("cover-title", || {
        Format::new()
            .set_font_name("黑体")
            .set_font_size(20.0)
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap()
    });
    ws.merge_range(1, 0, 1, 1, &cover.title, &big)?;
    ws.set_row_height(1, 60)?;
    let label = fmts.label();
    let value = fmts.get("cover-value", || Formats::base().set_text_wrap());
    let mut row = 3;
    if let Some(w) = &cover.warning {
        let red = fmts.get("cover-warn", || {
            Formats::base()
                .set_bold()
                .set_font_color(Color::RGB(0xC0392B))
                .set_align(FormatAlign::Center)
                .set_text_wrap()
        });
        ws.merge_range(row, 0, row, 1, w, &red)?;
        ws.set_row_height(row, 30)?;
        row += 2;
    }
    for (l, v) in &cover.lines {
        ws.write_string_with_format(row, 0, l, &label)?;
        ws.write_string_with_format(row, 1, v, &value)?;
        ws.set_row_height(row, if v.chars().count() > 40 { 36 } else { 22 })?;
        row += 1;
    }
    row += 2;
    let sign = fmts.get("cover-sign", || {
        Format::new().set_font_name("宋体").set_font_size(12.0)
    });
    for line in [
        "单位（盖章）：",
        "单位负责人（签字）：",
        "能源管理负责人（签字）：",
        "填表人（签字）：",
        "日期：　　　　年　　月　　日",
    ] {
        ws.write_string_with_format(row, 0, line, &sign)?;
        ws.set_row_height(row, 40)?;
        row += 1;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    ws.protect();
    Ok(())
}

fn write_findings(
    ws: &mut Worksheet,
    rows: &[FindingRow],
    fmts: &mut Formats,
) -> Result<(), XlsxError> {
    ws.set_name(FINDINGS_SHEET)?;
    let title = fmts.title();
    ws.merge_range(0, 0, 0, 6, "校验结果", &title)?;
    let head = fmts.head();
    let widths = [6.0, 8.0, 8.0, 30.0, 22.0, 60.0, 40.0];
    for (c, (h, w)) in ["序号", "级别", "规则", "字段", "单元格", "说明", "情况说明"]
        .iter()
        .zip(widths)
        .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, w)?;
    }
    let cell = fmts.get("finding", || Formats::base().set_text_wrap());
    if rows.is_empty() {
        ws.merge_range(3, 0, 3, 6, "未发现问题。", &cell)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
        for (c, v) in [
            &r.severity,
            &r.rule,
            &r.path,
            &r.cell,
            &r.message,
            &r.justification,
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, c as u16 + 1, *v, &cell)?;
        }
    }
    ws.set_freeze_panes(3, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.protect();
    Ok(())
}

/// Writes the workbook into memory.
pub fn workbook(s: &Sheets, rd: &RefData) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut fmts = Formats::new();
    write_cover(wb.add_worksheet(), &s.cover, &mut fmts)?;
    for t in &s.pack.tables {
        write_table(wb.add_worksheet(), t, s, rd, &mut fmts)?;
    }
    if let Some(rows) = &s.findings {
        write_findings(wb.add_worksheet(), rows, &mut fmts)?;
    }
    // Dropdown lists on a hidden sheet, referenced by defined names.
    let mut sources: Vec<&str> = s
        .pack
        .tables
        .iter()
        .flat_map(|t| {
            t.cells.iter().map(|c| c.field.list.as_str()).chain(
                t.region
                    .iter()
                    .flat_map(|r| r.columns.iter().map(|c| c.field.list.as_str())),
            )
        })
        // Dropdowns only: a `files` column lists evidence, not choices.
        .filter(|l| !l.is_empty() && !list_values(l, rd).is_empty())
        .collect();
    sources.sort();
    sources.dedup();
    {
        let ws = wb.add_worksheet();
        ws.set_name(LISTS_SHEET)?;
        for (c, src) in sources.iter().enumerate() {
            for (r, v) in list_values(src, rd).iter().enumerate() {
                ws.write_string(r as u32, c as u16, v)?;
            }
        }
        ws.set_hidden(true);
    }
    for (c, src) in sources.iter().enumerate() {
        let n = list_values(src, rd).len().max(1);
        let col = crate::pack::col_letters(c as u16);
        wb.define_name(
            list_name(src),
            &format!("={LISTS_SHEET}!${col}$1:${col}${n}"),
        )?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(MANIFEST_SHEET)?;
        for (r, (k, v)) in s.manifest.iter().enumerate() {
            ws.write_string(r as u32, 0, k)?;
            ws.write_string(r as u32, 1, v)?;
        }
        ws.set_very_hidden(true);
    }
    let created = ExcelDateTime::from_ymd(
        s.created.year() as u16,
        s.created.month() as u8,
        s.created.day() as u8,
    )?;
    let mut props = DocProperties::new()
        .set_title(&s.cover.title)
        .set_author("能报 Nengbao")
        .set_company("")
        .set_creation_datetime(&created);
    for (k, v) in &s.properties {
        props = props.set_custom_property(k.as_str(), v.as_str());
    }
    wb.set_properties(&props);
    wb.save_to_buffer()
}
