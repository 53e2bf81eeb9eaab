//! Reading workbooks with calamine's streaming cell reader.
//!
//! Never `worksheet_range()`: a crafted cell reference (`XFD1048576`) makes it allocate a dense
//! range sized by untrusted coordinates and abort the process. Cells are streamed, only those
//! inside the pack's area are kept, and the number of cells scanned per sheet is capped.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, SheetVisible, Xlsx};

use crate::pack::cells::{CellMap, Raw};

/// Explicit limits for untrusted workbooks (documented in docs/SECURITY.md).
pub mod limits {
    /// Largest file accepted.
    pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
    /// Cells scanned per sheet before the sheet is refused.
    pub const MAX_CELLS_PER_SHEET: usize = 2_000_000;
    /// Longest text kept from one cell (Excel's own limit).
    pub const MAX_TEXT_CHARS: usize = 32_767;
    /// Largest total uncompressed size of the parts a reader inflates (declared sizes, which the
    /// zip reader enforces while inflating).
    pub const MAX_UNCOMPRESSED_BYTES: u64 = 200 * 1024 * 1024;
    /// Most entries a workbook zip may have.
    pub const MAX_ZIP_ENTRIES: usize = 2_000;
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("文件为空 (the file is empty)")]
    Empty,
    #[error("文件过大（{0} 字节，上限50MB）(file too large)")]
    TooLarge(usize),
    #[error("不是xlsx工作簿：{0} (not an xlsx workbook)")]
    NotXlsx(String),
    #[error("工作表“{0}”的单元格过多 (sheet has too many cells)")]
    TooManyCells(String),
}

/// What was read.
#[derive(Debug, Default)]
pub struct Book {
    pub sheets: Vec<(String, SheetVisible)>,
    pub cells: CellMap,
    /// Key/value rows of the manifest sheet, in order.
    pub manifest: Vec<(String, String)>,
}

impl Book {
    pub fn has_sheet(&self, name: &str) -> bool {
        self.sheets.iter().any(|(n, _)| n == name)
    }
}

fn raw_of(d: Data, date_offset: f64) -> Option<Raw> {
    Some(match d {
        Data::Empty => return None,
        Data::String(s) => {
            if s.is_empty() {
                return None;
            }
            Raw::Text(s.chars().take(limits::MAX_TEXT_CHARS).collect())
        }
        Data::Float(f) => Raw::Float(f),
        Data::Int(i) => Raw::Int(i),
        Data::Bool(b) => Raw::Bool(b),
        Data::DateTime(dt) => Raw::Date(dt.as_f64() + date_offset),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s),
        Data::Error(e) => Raw::Error(format!("{e:?}")),
    })
}

/// Sniffs the container: xlsx is a zip with `xl/workbook.xml`; .xls (OLE2) and .xlsm are refused
/// with their own message.
pub fn check_container(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError::NotXlsx(
            "这是旧版.xls文件，请在Excel中另存为.xlsx".into(),
        ));
    }
    if !bytes.starts_with(b"PK") {
        return Err(ReadError::NotXlsx("文件不是zip格式".into()));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::NotXlsx(format!("zip损坏：{e}")))?;
    if zip.len() > limits::MAX_ZIP_ENTRIES {
        return Err(ReadError::NotXlsx(format!(
            "压缩包内文件过多（{}个）",
            zip.len()
        )));
    }
    let mut has_workbook = false;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| ReadError::NotXlsx(format!("zip损坏：{e}")))?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        match name.as_str() {
            "xl/workbook.xml" => has_workbook = true,
            "xl/vbaProject.bin" => {
                return Err(ReadError::NotXlsx("文件含宏（.xlsm），不予读取".into()))
            }
            "content.xml" => return Err(ReadError::NotXlsx("这是.ods文件，请另存为.xlsx".into())),
            _ => {}
        }
    }
    if !has_workbook {
        return Err(ReadError::NotXlsx(
            "缺少工作簿内容（xl/workbook.xml）".into(),
        ));
    }
    // The zip reader bounds every entry's output by its declared size (a larger stream is an
    // error, not more memory), so the declared sizes of the parts a reader inflates are the
    // whole cost of opening the workbook. A zip bomb is refused before anything is inflated.
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| ReadError::NotXlsx(format!("zip损坏：{e}")))?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        if read_by_reader(&name) {
            total = total.saturating_add(f.size());
        }
    }
    if total > limits::MAX_UNCOMPRESSED_BYTES {
        return Err(ReadError::NotXlsx(format!(
            "解压后超过{}MB，可能是压缩炸弹",
            limits::MAX_UNCOMPRESSED_BYTES / 1024 / 1024
        )));
    }
    Ok(())
}

/// Runs a piece of workbook parsing so that a panic inside the parser (calamine 0.38 subtracts
/// the coordinates of a reversed `<dimension ref="B5:A1">` without a check) becomes a refusal of
/// the file instead of a crash.
fn guarded<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(ReadError::NotXlsx("工作簿内部结构异常，无法读取".into())))
}

/// Parts of an xlsx that calamine decompresses when opening a workbook and reading its sheets.
fn read_by_reader(name: &str) -> bool {
    matches!(
        name,
        "[Content_Types].xml"
            | "_rels/.rels"
            | "xl/workbook.xml"
            | "xl/_rels/workbook.xml.rels"
            | "xl/sharedStrings.xml"
            | "xl/styles.xml"
    ) || (name.starts_with("xl/worksheets/") && name.ends_with(".xml"))
        || name.starts_with("xl/worksheets/_rels/")
}

/// An opened workbook: checked once, parsed once, read sheet by sheet.
pub struct Opened<'a> {
    x: Xlsx<Cursor<&'a [u8]>>,
    pub sheets: Vec<(String, SheetVisible)>,
}

impl<'a> Opened<'a> {
    /// Checks the container and opens the workbook.
    pub fn new(bytes: &'a [u8]) -> Result<Self, ReadError> {
        check_container(bytes)?;
        guarded(|| Self::open_checked(bytes))
    }

    fn open_checked(bytes: &'a [u8]) -> Result<Self, ReadError> {
        let x: Xlsx<_> =
            Xlsx::new(Cursor::new(bytes)).map_err(|e| ReadError::NotXlsx(e.to_string()))?;
        let sheets = x
            .sheets_metadata()
            .iter()
            .map(|s| (s.name.clone(), s.visible))
            .collect();
        Ok(Opened { x, sheets })
    }

    pub fn has_sheet(&self, name: &str) -> bool {
        self.sheets.iter().any(|(n, _)| n == name)
    }

    /// Streams one sheet, calling `f(row, col, raw)` for cells inside (max_row, max_col).
    fn stream(
        &mut self,
        name: &str,
        max_row: u32,
        max_col: u16,
        f: impl FnMut(u32, u16, Raw),
    ) -> Result<(), ReadError> {
        guarded(|| self.stream_unguarded(name, max_row, max_col, f))
    }

    fn stream_unguarded(
        &mut self,
        name: &str,
        max_row: u32,
        max_col: u16,
        mut f: impl FnMut(u32, u16, Raw),
    ) -> Result<(), ReadError> {
        let mut rd = self
            .x
            .worksheet_cells_reader(name)
            .map_err(|e| ReadError::NotXlsx(e.to_string()))?;
        let mut scanned = 0usize;
        loop {
            let cell = match rd.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(ReadError::NotXlsx(format!("工作表“{name}”：{e}"))),
            };
            scanned += 1;
            if scanned > limits::MAX_CELLS_PER_SHEET {
                return Err(ReadError::TooManyCells(name.to_string()));
            }
            let (row, col) = cell.get_position();
            if row > max_row || col > u32::from(max_col) {
                continue;
            }
            if let Some(raw) = raw_of(Data::from(cell.get_value().clone()), 0.0) {
                f(row, col as u16, raw);
            }
        }
        Ok(())
    }

    /// Key/value rows of the manifest sheet, in order (empty when there is none).
    pub fn manifest(&mut self, sheet: &str) -> Result<Vec<(String, String)>, ReadError> {
        if !self.has_sheet(sheet) {
            return Ok(Vec::new());
        }
        let mut rows: BTreeMap<u32, (String, String)> = BTreeMap::new();
        self.stream(sheet, 10_000, 1, |row, col, raw| {
            let text = match raw {
                Raw::Text(s) => s,
                Raw::Float(f) => format!("{f}"),
                Raw::Int(i) => i.to_string(),
                other => format!("{other:?}"),
            };
            let e = rows.entry(row).or_default();
            if col == 0 {
                e.0 = text;
            } else {
                e.1 = text;
            }
        })?;
        Ok(rows.into_values().collect())
    }

    /// The cells of `areas` (sheet → last row, last col, 0-based); missing sheets are skipped.
    pub fn cells(&mut self, areas: &BTreeMap<String, (u32, u16)>) -> Result<CellMap, ReadError> {
        let mut cells = CellMap::new();
        let names: Vec<String> = self
            .sheets
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| areas.contains_key(n))
            .collect();
        for name in names {
            let (max_row, max_col) = areas[&name];
            self.stream(&name, max_row, max_col, |row, col, raw| {
                cells.insert((name.clone(), row, col), raw);
            })?;
        }
        Ok(cells)
    }
}

/// Reads the manifest and the cells of `areas` in one pass over the workbook.
pub fn read(
    bytes: &[u8],
    areas: &BTreeMap<String, (u32, u16)>,
    manifest_sheet: &str,
) -> Result<Book, ReadError> {
    let mut o = Opened::new(bytes)?;
    let manifest = o.manifest(manifest_sheet)?;
    let cells = o.cells(areas)?;
    Ok(Book {
        sheets: o.sheets,
        cells,
        manifest,
    })
}
