//! Reading untrusted workbooks with calamine's streaming cell reader, under hard limits on what
//! the parser actually loads.
//!
//! 1. **The container is checked before calamine opens it.** Every zip entry counts, whatever
//!    its name: the sizes they declare are summed against a cap, and the zip reader never yields
//!    more than an entry's declared size (a longer stream is an error; `zip` 9, pinned by a test),
//!    so calamine cannot inflate more than that sum however it finds parts (case-insensitively,
//!    with `\` as `/`, through `_rels` targets). Names that collide once case, `\` and a leading
//!    `/` are ignored are refused, so the part calamine opens under a name is the one checked
//!    under it. The parts calamine builds tables from while opening (shared strings, styles,
//!    relationships, the workbook) are inflated and counted first: their elements, the count
//!    calamine reserves from (`uniqueCount`), and the values it copies once per reference
//!    (style records × number format and font name, sheets × part path).
//! 2. **Never `worksheet_range()`**: a crafted cell reference (`XFD1048576`) makes it allocate a
//!    dense range sized by untrusted coordinates. Cells are streamed, only those inside the
//!    pack's area are kept, and a cell's text is cut to Excel's limit *before* it is copied (a
//!    shared string is borrowed from calamine's table, never copied per referencing cell), under
//!    per-file budgets of cells scanned and text kept.
//!
//! An allocation failure aborts the process (catch_unwind does not help), so every limit holds
//! before the allocation it protects. The numbers and what each defends are in docs/SECURITY.md.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, SheetVisible, Xlsx};

use crate::pack::cells::{CellMap, Raw};

/// Explicit limits for untrusted workbooks (documented in docs/SECURITY.md). A genuine
/// submission is far below every one of them (the demo export: 47 KB, 180 KB inflated, 9,700
/// XML elements, 181 of them in the style sheet, 17 sheets and 9 defined names).
pub mod limits {
    /// Largest file accepted. A file whose parts inflate to at most [`MAX_UNCOMPRESSED_BYTES`]
    /// is not larger than that, bar a few headers.
    pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
    /// Most entries a workbook zip may have (counted from the central directory's signatures
    /// before the zip reader builds its index, so a crafted directory cannot make that large).
    pub const MAX_ZIP_ENTRIES: usize = 2_000;
    /// Longest part name, in bytes.
    pub const MAX_NAME_BYTES: usize = 255;
    /// Largest total size of all parts once inflated: the sizes every entry declares (whatever
    /// its name), which the zip reader enforces on every read as a hard limit.
    pub const MAX_UNCOMPRESSED_BYTES: u64 = 16 * 1024 * 1024;
    /// Most XML elements (`<` bytes) in the parts calamine builds tables from while opening
    /// (shared strings, styles, relationships, workbook): bounds every such table.
    pub const MAX_XML_ELEMENTS: usize = 500_000;
    /// Most XML elements in the style sheet(s): calamine copies a font and a number format into
    /// every style record.
    pub const MAX_STYLE_ELEMENTS: usize = 20_000;
    /// Most XML elements in the relationship (`.rels`) parts.
    pub const MAX_RELATIONSHIP_ELEMENTS: usize = 10_000;
    /// Most sheets plus defined names a workbook may declare: calamine builds a path for every
    /// sheet from the package's part targets.
    pub const MAX_WORKBOOK_ENTRIES: usize = 10_000;
    /// Longest number format, font name or part target (bytes): values calamine copies per
    /// style record or per sheet.
    pub const MAX_ATTRIBUTE_BYTES: usize = 256;
    /// Cells scanned across all sheets of one file (every stream over a sheet counts).
    pub const MAX_CELLS_SCANNED: usize = 1_000_000;
    /// Longest text kept from one cell (Excel's own limit).
    pub const MAX_TEXT_CHARS: usize = 32_767;
    /// Most text kept across all cells of one file, in bytes (UTF-8). The largest payload the
    /// exporter writes (64 parts of 30,000 characters) plus the cells it repeats fits twice.
    pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
    /// Rows of the manifest sheet read: about 20 keys and at most 64 `payload.N` parts.
    pub const MAX_MANIFEST_ROWS: u32 = 128;
}

/// A limit a workbook went over (see [`limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// More entries than [`limits::MAX_ZIP_ENTRIES`].
    Entries,
    /// A part name longer than [`limits::MAX_NAME_BYTES`].
    Name,
    /// Two parts whose names are the same up to case, `\` or a leading `/`.
    DuplicateName,
    /// Inflates to more than [`limits::MAX_UNCOMPRESSED_BYTES`].
    Inflated,
    /// More than [`limits::MAX_XML_ELEMENTS`].
    Elements,
    /// Too many shared strings, or more declared than the part holds.
    SharedStrings,
    /// More than [`limits::MAX_STYLE_ELEMENTS`].
    Styles,
    /// More than [`limits::MAX_RELATIONSHIP_ELEMENTS`].
    Relationships,
    /// More than [`limits::MAX_WORKBOOK_ENTRIES`].
    WorkbookEntries,
    /// A number format, font name or part target longer than [`limits::MAX_ATTRIBUTE_BYTES`].
    Attribute,
    /// More than [`limits::MAX_TEXT_BYTES`] of text kept.
    Text,
}

const MIB: u64 = 1024 * 1024;

impl Limit {
    /// What went over, in Chinese.
    pub fn zh(self) -> String {
        use limits::*;
        match self {
            Limit::Entries => format!("压缩包内文件过多（超过{MAX_ZIP_ENTRIES}个）"),
            Limit::Name => format!("压缩包内部件名称过长（超过{MAX_NAME_BYTES}字节）"),
            Limit::DuplicateName => "压缩包内有仅大小写或斜杠不同的重名部件".into(),
            Limit::Inflated => format!(
                "解压后超过{}MB，可能是压缩炸弹",
                MAX_UNCOMPRESSED_BYTES / MIB
            ),
            Limit::Elements => format!("XML元素过多（超过{MAX_XML_ELEMENTS}个）"),
            Limit::SharedStrings => "共享字符串过多".into(),
            Limit::Styles => format!("样式表过大（超过{MAX_STYLE_ELEMENTS}个元素）"),
            Limit::Relationships => {
                format!("部件关系过多（超过{MAX_RELATIONSHIP_ELEMENTS}个元素）")
            }
            Limit::WorkbookEntries => {
                format!("工作表或名称定义过多（超过{MAX_WORKBOOK_ENTRIES}个）")
            }
            Limit::Attribute => {
                format!("数字格式、字体名或部件路径过长（超过{MAX_ATTRIBUTE_BYTES}字节）")
            }
            Limit::Text => format!(
                "单元格文字总量过大（超过{}MB）",
                MAX_TEXT_BYTES as u64 / MIB
            ),
        }
    }

    /// What went over, in English.
    pub fn en(self) -> String {
        use limits::*;
        match self {
            Limit::Entries => format!("more than {MAX_ZIP_ENTRIES} parts in the zip"),
            Limit::Name => format!("a part name longer than {MAX_NAME_BYTES} bytes"),
            Limit::DuplicateName => "two parts whose names differ only in case or slashes".into(),
            Limit::Inflated => format!(
                "inflates to more than {} MB, possibly a zip bomb",
                MAX_UNCOMPRESSED_BYTES / MIB
            ),
            Limit::Elements => format!("more than {MAX_XML_ELEMENTS} XML elements"),
            Limit::SharedStrings => "too many shared strings".into(),
            Limit::Styles => format!("more than {MAX_STYLE_ELEMENTS} elements in the style sheet"),
            Limit::Relationships => {
                format!("more than {MAX_RELATIONSHIP_ELEMENTS} elements in the relationship parts")
            }
            Limit::WorkbookEntries => {
                format!("more than {MAX_WORKBOOK_ENTRIES} sheets and defined names")
            }
            Limit::Attribute => format!(
                "a number format, font name or part target longer than {MAX_ATTRIBUTE_BYTES} bytes"
            ),
            Limit::Text => format!("more than {} MB of cell text", MAX_TEXT_BYTES as u64 / MIB),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("文件为空 (the file is empty)")]
    Empty,
    #[error(
        "文件结构异常或过大：文件过大（{0} 字节，上限{max}MB） (malformed or oversized workbook: file too large)",
        max = limits::MAX_FILE_BYTES / 1024 / 1024
    )]
    TooLarge(usize),
    #[error("不是xlsx工作簿：{0} (not an xlsx workbook)")]
    NotXlsx(String),
    #[error(
        "文件结构异常或过大：单元格过多（工作表“{0}”） (malformed or oversized workbook: more than {max} cells)",
        max = limits::MAX_CELLS_SCANNED
    )]
    TooManyCells(String),
    #[error("文件结构异常或过大：{} (malformed or oversized workbook: {})", .0.zh(), .0.en())]
    Limit(Limit),
}

impl ReadError {
    /// The message in both languages.
    pub fn text(&self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            ReadError::Empty => Text::new("文件为空", "the file is empty"),
            ReadError::TooLarge(n) => Text::new(
                format!(
                    "文件结构异常或过大：文件过大（{n} 字节，上限{}MB）",
                    limits::MAX_FILE_BYTES / 1024 / 1024
                ),
                "malformed or oversized workbook: file too large",
            ),
            ReadError::NotXlsx(why) => {
                Text::new(format!("不是xlsx工作簿：{why}"), "not an xlsx workbook")
            }
            ReadError::TooManyCells(sheet) => Text::new(
                format!("文件结构异常或过大：单元格过多（工作表“{sheet}”）"),
                format!(
                    "malformed or oversized workbook: more than {} cells",
                    limits::MAX_CELLS_SCANNED
                ),
            ),
            ReadError::Limit(l) => Text::new(
                format!("文件结构异常或过大：{}", l.zh()),
                format!("malformed or oversized workbook: {}", l.en()),
            ),
        }
    }

    /// The file went over one of the reader's limits (as opposed to not being a workbook).
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            ReadError::TooLarge(_) | ReadError::TooManyCells(_) | ReadError::Limit(_)
        )
    }
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

/// Sniffs and measures the container: xlsx is a zip with `xl/workbook.xml`; .xls (OLE2),
/// .xlsm and .ods are refused with their own message; then the sizes, names and the parts
/// calamine builds tables from are checked against the limits (see the module comment). After
/// it passes, calamine can open these bytes within the limits.
pub fn check_container(bytes: &[u8]) -> Result<(), ReadError> {
    guarded(|| check(bytes))
}

fn broken(e: impl std::fmt::Display) -> ReadError {
    ReadError::NotXlsx(format!("zip损坏：{e}"))
}

/// The name calamine would find a part by (it lowercases ASCII and reads `\` as `/`), also
/// without leading `/`.
fn normalised(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

/// Positions of `byte` in `hay`, skipping eight bytes at a time where it is absent.
fn positions_of(hay: &[u8], byte: u8) -> impl Iterator<Item = usize> + '_ {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let pattern = LOW * u64::from(byte);
    let may_hold = move |chunk: &[u8]| match <[u8; 8]>::try_from(chunk) {
        Ok(word) => {
            let x = u64::from_le_bytes(word) ^ pattern;
            x.wrapping_sub(LOW) & !x & HIGH != 0
        }
        Err(_) => true,
    };
    hay.chunks(8)
        .enumerate()
        .filter(move |(_, chunk)| may_hold(chunk))
        .flat_map(move |(c, chunk)| {
            chunk
                .iter()
                .enumerate()
                .filter(move |&(_, &b)| b == byte)
                .map(move |(i, _)| c * 8 + i)
        })
}

/// Positions of `needle` (not empty) in `hay`, found from its first capital letter (rarer in
/// XML than the others) or else its first byte.
fn find_all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let k = needle.iter().position(u8::is_ascii_uppercase).unwrap_or(0);
    let anchor = needle.get(k).copied().unwrap_or_default();
    positions_of(hay, anchor).filter_map(move |i| {
        let start = i.checked_sub(k)?;
        hay.get(start..)?.starts_with(needle).then_some(start)
    })
}

/// Checks, before the zip reader indexes the central directory, that it cannot hold more than
/// [`limits::MAX_ZIP_ENTRIES`] entries: every directory header the reader accepts starts with
/// the signature `PK\x01\x02`, at its own offset.
pub(crate) fn check_directory_size(bytes: &[u8]) -> Result<(), ReadError> {
    if find_all(bytes, b"PK\x01\x02")
        .nth(limits::MAX_ZIP_ENTRIES)
        .is_some()
    {
        return Err(ReadError::Limit(Limit::Entries));
    }
    Ok(())
}

/// Checks the container: what kind of file it is, its names, its size once inflated, and the
/// parts calamine builds tables from (see the module comment).
fn check(bytes: &[u8]) -> Result<(), ReadError> {
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
    check_directory_size(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    if zip.len() > limits::MAX_ZIP_ENTRIES {
        return Err(ReadError::Limit(Limit::Entries));
    }
    if zip.has_duplicate_names() {
        return Err(ReadError::Limit(Limit::DuplicateName));
    }

    // Names and sizes first (nothing inflated).
    let mut names = Vec::with_capacity(zip.len());
    let mut seen = HashSet::with_capacity(zip.len());
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_data(i).map_err(broken)?;
        let name = f.name().map_err(broken)?;
        if name.len() > limits::MAX_NAME_BYTES {
            return Err(ReadError::Limit(Limit::Name));
        }
        let norm = normalised(&name);
        if !seen.insert(norm.clone()) {
            return Err(ReadError::Limit(Limit::DuplicateName));
        }
        // The zip reader never yields more than an entry's declared size (a longer stream is an
        // error), so the declared sizes of all entries, whatever their names, bound what any
        // reader can inflate from this file.
        declared = declared.saturating_add(f.size());
        names.push(norm);
    }
    if names.iter().any(|n| n == "content.xml") {
        return Err(ReadError::NotXlsx("这是.ods文件，请另存为.xlsx".into()));
    }
    if names.iter().any(|n| n.ends_with("vbaproject.bin")) {
        return Err(ReadError::NotXlsx("文件含宏（.xlsm），不予读取".into()));
    }
    if !names.iter().any(|n| n == "xl/workbook.xml") {
        return Err(ReadError::NotXlsx(
            "缺少工作簿内容（xl/workbook.xml）".into(),
        ));
    }
    if declared > limits::MAX_UNCOMPRESSED_BYTES {
        return Err(ReadError::Limit(Limit::Inflated));
    }

    // Then the parts calamine builds tables from while opening, inflated and counted; the
    // package relationships first, since they name the workbook part.
    let mut census = Census::default();
    let mut left = limits::MAX_UNCOMPRESSED_BYTES;
    let mut buf = Vec::new();
    let (package, rest): (Vec<_>, Vec<_>) = names
        .iter()
        .enumerate()
        .partition(|(_, n)| *n == PACKAGE_RELS);
    for (i, norm) in package.into_iter().chain(rest) {
        if !census.inspects(norm) {
            continue;
        }
        let f = zip.by_index(i).map_err(broken)?;
        if f.is_dir() {
            continue;
        }
        buf.clear();
        buf.reserve(f.size().min(left) as usize);
        f.take(left + 1).read_to_end(&mut buf).map_err(broken)?;
        left = left
            .checked_sub(buf.len() as u64)
            .ok_or(ReadError::Limit(Limit::Inflated))?;
        census.part(norm, &buf)?;
    }
    Ok(())
}

/// The package relationships, where calamine finds the workbook part.
const PACKAGE_RELS: &str = "_rels/.rels";

/// Running counts over the parts of one workbook (see [`limits`]).
#[derive(Default)]
struct Census {
    elements: usize,
    style_elements: usize,
    relationship_elements: usize,
    workbook_entries: usize,
    /// Every target named in the package relationships (normalised): the workbook part is one.
    workbook_candidates: HashSet<String>,
}

impl Census {
    /// Whether calamine may build tables from the part of that (normalised) name.
    fn inspects(&self, norm: &str) -> bool {
        norm.ends_with("sharedstrings.xml")
            || norm.ends_with("styles.xml")
            || norm.ends_with(".rels")
            || self.workbook_candidates.contains(norm)
    }

    /// Counts one part. Which part calamine takes for the shared strings, the style sheet or
    /// a relationship part depends on names it resolves case-insensitively from other parts,
    /// so every part whose name *could* be one is held to that part's rules.
    fn part(&mut self, norm: &str, data: &[u8]) -> Result<(), ReadError> {
        let shared_strings = norm.ends_with("sharedstrings.xml");
        let lt = count_lt(data);
        self.elements += lt;
        if self.elements > limits::MAX_XML_ELEMENTS {
            return Err(ReadError::Limit(if shared_strings {
                Limit::SharedStrings
            } else {
                Limit::Elements
            }));
        }
        if shared_strings {
            // calamine reserves `uniqueCount` entries before reading one (24 bytes each): a
            // declared count is believed only up to the elements the part really has.
            let over = attribute_values(data, b"uniqueCount").any(|v| {
                !v.is_empty()
                    && v.iter().all(u8::is_ascii_digit)
                    && v.iter().fold(0usize, |n, d| {
                        n.saturating_mul(10).saturating_add(usize::from(d - b'0'))
                    }) > lt
            });
            if over {
                return Err(ReadError::Limit(Limit::SharedStrings));
            }
        }
        if norm.ends_with("styles.xml") {
            // Every style record gets a copy of its font (with the name) and number format.
            self.style_elements += lt;
            if self.style_elements > limits::MAX_STYLE_ELEMENTS {
                return Err(ReadError::Limit(Limit::Styles));
            }
            let long = attribute_values(data, b"formatCode")
                .chain(attribute_values(data, b"val"))
                .any(|v| v.len() > limits::MAX_ATTRIBUTE_BYTES);
            if long {
                return Err(ReadError::Limit(Limit::Attribute));
            }
        }
        if norm.ends_with(".rels") {
            // Every sheet's path is the workbook's folder (a target in `_rels/.rels`) plus its
            // own target.
            self.relationship_elements += lt;
            if self.relationship_elements > limits::MAX_RELATIONSHIP_ELEMENTS {
                return Err(ReadError::Limit(Limit::Relationships));
            }
            if attribute_values(data, b"Target").any(|v| v.len() > limits::MAX_ATTRIBUTE_BYTES) {
                return Err(ReadError::Limit(Limit::Attribute));
            }
            if norm == PACKAGE_RELS {
                self.workbook_candidates.extend(
                    attribute_values(data, b"Target")
                        .map(|t| normalised(&String::from_utf8_lossy(t))),
                );
            }
        }
        if self.workbook_candidates.contains(norm) {
            // A path is built for every sheet (the workbook's folder plus the sheet's target).
            self.workbook_entries += elements_named(data, &[b"sheet", b"definedName"]);
            if self.workbook_entries > limits::MAX_WORKBOOK_ENTRIES {
                return Err(ReadError::Limit(Limit::WorkbookEntries));
            }
        }
        Ok(())
    }
}

/// How many `<` bytes `data` holds (counted in blocks so that it vectorises).
fn count_lt(data: &[u8]) -> usize {
    data.chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b'<'))))
        .sum()
}

/// The raw values of every `key="…"` (or `key = '…'`) in `xml`, as calamine's attribute reader
/// would take them; an unterminated value runs to the end. A `key` found in text counts too.
fn attribute_values<'a>(xml: &'a [u8], key: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    find_all(xml, key).filter_map(move |at| {
        let mut i = at + key.len();
        let skip_space = |mut i: usize| {
            while xml.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            i
        };
        i = skip_space(i);
        if xml.get(i) != Some(&b'=') {
            return None;
        }
        i = skip_space(i + 1);
        let quote = *xml.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
        let rest = xml.get(i + 1..)?;
        let end = rest.iter().position(|&b| b == quote).unwrap_or(rest.len());
        rest.get(..end)
    })
}

/// How many start tags in `xml` have one of `names` as their local name (also with a namespace
/// prefix). Counts a superset of what quick-xml reports as those elements.
fn elements_named(xml: &[u8], names: &[&[u8]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(p) = xml.get(i..).and_then(|s| s.iter().position(|&b| b == b'<')) {
        let start = i + p + 1;
        let len = xml
            .get(start..)
            .map(|s| {
                s.iter()
                    .position(|&b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>' | b'<'))
                    .unwrap_or(s.len())
            })
            .unwrap_or(0);
        let tag = xml.get(start..start + len).unwrap_or_default();
        let local = tag
            .iter()
            .rposition(|&b| b == b':')
            .map_or(tag, |c| tag.get(c + 1..).unwrap_or_default());
        if names.contains(&local) {
            n += 1;
        }
        i = start + len;
    }
    n
}

/// Runs a piece of workbook parsing so that a panic inside the parser (calamine 0.38 subtracts
/// the coordinates of a reversed `<dimension ref="B5:A1">` without a check) becomes a refusal of
/// the file instead of a crash.
fn guarded<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(ReadError::NotXlsx("工作簿内部结构异常，无法读取".into())))
}

/// The first `max` characters of `s`, borrowed.
fn truncated(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((end, _)) => s.get(..end).unwrap_or(s),
        None => s,
    }
}

/// A cell's reading, with its text cut to [`limits::MAX_TEXT_CHARS`] before it is copied and the
/// copy charged to the file's text budget.
fn raw_of(d: &DataRef<'_>, text_left: &mut usize) -> Result<Option<Raw>, ReadError> {
    let mut text = |s: &str| {
        let kept = truncated(s, limits::MAX_TEXT_CHARS);
        *text_left = text_left
            .checked_sub(kept.len())
            .ok_or(ReadError::Limit(Limit::Text))?;
        Ok::<_, ReadError>(Raw::Text(kept.to_owned()))
    };
    Ok(Some(match d {
        DataRef::Empty => return Ok(None),
        DataRef::String(s) if s.is_empty() => return Ok(None),
        DataRef::SharedString("") => return Ok(None),
        DataRef::String(s) => text(s)?,
        DataRef::SharedString(s) => text(s)?,
        DataRef::Float(f) => Raw::Float(*f),
        DataRef::Int(i) => Raw::Int(*i),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(dt) => Raw::Date(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s)?,
        DataRef::Error(e) => Raw::Error(format!("{e:?}")),
    }))
}

/// An opened workbook: checked once, parsed once, read sheet by sheet under one budget.
pub struct Opened<'a> {
    x: Xlsx<Cursor<&'a [u8]>>,
    pub sheets: Vec<(String, SheetVisible)>,
    cells_left: usize,
    text_left: usize,
}

impl<'a> Opened<'a> {
    /// Checks the container and opens the workbook.
    pub fn new(bytes: &'a [u8]) -> Result<Self, ReadError> {
        guarded(|| {
            check(bytes)?;
            let x: Xlsx<_> =
                Xlsx::new(Cursor::new(bytes)).map_err(|e| ReadError::NotXlsx(e.to_string()))?;
            let sheets = x
                .sheets_metadata()
                .iter()
                .map(|s| (s.name.clone(), s.visible))
                .collect();
            Ok(Opened {
                x,
                sheets,
                cells_left: limits::MAX_CELLS_SCANNED,
                text_left: limits::MAX_TEXT_BYTES,
            })
        })
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
        let Opened {
            x,
            cells_left,
            text_left,
            ..
        } = self;
        let mut rd = x
            .worksheet_cells_reader(name)
            .map_err(|e| ReadError::NotXlsx(e.to_string()))?;
        loop {
            let cell = match rd.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(ReadError::NotXlsx(format!("工作表“{name}”：{e}"))),
            };
            *cells_left = cells_left
                .checked_sub(1)
                .ok_or_else(|| ReadError::TooManyCells(name.to_string()))?;
            let (row, col) = cell.get_position();
            if row > max_row || col > u32::from(max_col) {
                continue;
            }
            if let Some(raw) = raw_of(cell.get_value(), text_left)? {
                f(row, col as u16, raw);
            }
        }
        Ok(())
    }

    /// Key/value rows of the manifest sheet, in order (empty when there is none); only its first
    /// [`limits::MAX_MANIFEST_ROWS`] rows are read.
    pub fn manifest(&mut self, sheet: &str) -> Result<Vec<(String, String)>, ReadError> {
        if !self.has_sheet(sheet) {
            return Ok(Vec::new());
        }
        let mut rows: BTreeMap<u32, (String, String)> = BTreeMap::new();
        self.stream(sheet, limits::MAX_MANIFEST_ROWS - 1, 1, |row, col, raw| {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(hay: &[u8], needle: &[u8]) -> Vec<usize> {
        (0..hay.len())
            .filter(|&i| hay[i..].starts_with(needle))
            .collect()
    }

    #[test]
    fn find_all_finds_every_occurrence() {
        let mut hay = Vec::new();
        for i in 0..3_000u32 {
            hay.push((i.wrapping_mul(2_654_435_761) >> 13) as u8);
            if i % 97 == 0 {
                hay.extend_from_slice(b"PK\x01\x02uniqueCount");
            }
        }
        hay.extend_from_slice(b"PK\x01");
        for needle in [&b"PK\x01\x02"[..], b"uniqueCount", b"val", b"\x02", b"<"] {
            assert_eq!(
                find_all(&hay, needle).collect::<Vec<_>>(),
                naive(&hay, needle)
            );
        }
        assert_eq!(find_all(b"", b"val").count(), 0);
    }

    #[test]
    fn attribute_values_and_element_names_as_calamine_reads_them() {
        let xml = br#"<x formatCode = '0.0"a"' val="Calibri"/><a:sheet name="s"/><sheet/><sheets><sheetData/><definedName>"#;
        let v: Vec<&[u8]> = attribute_values(xml, b"formatCode").collect();
        assert_eq!(v, [&b"0.0\"a\""[..]]);
        assert_eq!(
            attribute_values(xml, b"val").collect::<Vec<_>>(),
            [&b"Calibri"[..]]
        );
        assert_eq!(
            attribute_values(b"Target=\"abc", b"Target").next(),
            Some(&b"abc"[..])
        );
        assert_eq!(elements_named(xml, &[b"sheet", b"definedName"]), 3);
        assert_eq!(count_lt(&[b'<'; 1000]), 1000);
    }
}
