//! Untrusted workbooks are read under hard limits on what the parser actually loads. Every
//! hostile file here is built from a genuine signed export, and each test names the attack it
//! resists; the last ones show that genuine files stay far from every limit.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::sync::OnceLock;

use nengbao::model::AnnualReport;
use nengbao::pack::Pack;
use nengbao::refdata::RefData;
use nengbao::validate::{self, Settings};
use nengbao::xlsx::read::{self, limits, Limit, ReadError};
use nengbao::xlsx::{self, Status};

use crate::submission::unzip;

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

/// A signed export of `report` through the national pack. The demo's validation outcome gates
/// the signing (a report grown for a test may carry unjustified warnings); the file itself is a
/// genuine export of `report`.
fn export(report: &AnnualReport) -> Vec<u8> {
    let demo = nengbao::demo::report_2024();
    let outcome = validate::validate(&demo, rd(), None, &[], &Settings::from_refdata(rd()));
    let key = nengbao::county::generate::key(7).unwrap();
    let computed = nengbao::calc::compute(report, rd()).ok();
    xlsx::export(
        report,
        computed.as_ref(),
        &outcome,
        Pack::builtin("national").unwrap(),
        Some(&key),
        rd(),
    )
    .unwrap()
    .bytes
}

fn genuine() -> &'static [u8] {
    static G: OnceLock<Vec<u8>> = OnceLock::new();
    G.get_or_init(|| export(&nengbao::demo::report_2024()))
}

// ---- workbook surgery ----------------------------------------------------------------------

type Parts = Vec<(String, Vec<u8>)>;

/// Zips `parts` as given (any names), deflated.
fn zip(parts: &Parts) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, d) in parts {
        w.start_file(n.as_str(), o).unwrap();
        w.write_all(d).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn text(parts: &Parts, name: &str) -> String {
    let (_, d) = parts.iter().find(|(n, _)| n == name).unwrap();
    String::from_utf8(d.clone()).unwrap()
}

/// Rewrites one part's text.
fn edit(parts: &mut Parts, name: &str, f: impl FnOnce(String) -> String) {
    let new = f(text(parts, name));
    parts.iter_mut().find(|(n, _)| n == name).unwrap().1 = new.into_bytes();
}

/// The part of a sheet (rust_xlsxwriter numbers sheets in workbook order).
fn sheet_part(parts: &Parts, sheet: &str) -> String {
    let wb = text(parts, "xl/workbook.xml");
    let pos = wb
        .match_indices("<sheet ")
        .position(|(i, _)| wb[i..].starts_with(&format!("<sheet name=\"{sheet}\"")))
        .unwrap();
    format!("xl/worksheets/sheet{}.xml", pos + 1)
}

/// Replaces what a sheet's `<sheetData>` holds.
fn with_sheet_data(xml: String, rows: &str) -> String {
    let start = xml.find("<sheetData>").unwrap() + "<sheetData>".len();
    let end = xml.find("</sheetData>").unwrap();
    format!("{}{rows}{}", &xml[..start], &xml[end..])
}

/// Appends one shared string; returns its index.
fn add_shared_string(parts: &mut Parts, s: &str) -> usize {
    let index = text(parts, "xl/sharedStrings.xml").matches("<si>").count();
    edit(parts, "xl/sharedStrings.xml", |x| {
        x.replace("</sst>", &format!("<si><t>{s}</t></si></sst>"))
    });
    index
}

/// `n` bytes of spaces before `closing` (whitespace the XML allows; deflates to almost nothing).
fn padded(xml: &str, closing: &str, n: usize) -> Vec<u8> {
    let at = xml.rfind(closing).unwrap();
    let xml = xml.as_bytes();
    [&xml[..at], &vec![b' '; n], &xml[at..]].concat()
}

/// A few bytes more than all parts of a workbook may inflate to.
fn over_the_cap() -> usize {
    limits::MAX_UNCOMPRESSED_BYTES as usize + 1024
}

fn col(i: usize) -> char {
    (b'A' + i as u8) as char
}

/// The file is refused for a limit: the reader says which, and a clerk verifying it reads the
/// same refusal in words.
fn refused(bytes: &[u8]) -> ReadError {
    let areas = xlsx::areas(Pack::builtin("national").unwrap());
    let e = match read::read(bytes, &areas, "_manifest") {
        Ok(_) => panic!("the file must be refused"),
        Err(e) => e,
    };
    assert!(e.is_limit(), "{e}");
    let v = xlsx::verify(bytes, rd(), None);
    assert_eq!(v.status, Status::UnknownFormat, "{}", v.message);
    assert!(v.message.contains("文件结构异常或过大："), "{}", v.message);
    e
}

fn limit(e: &ReadError) -> Option<Limit> {
    match e {
        ReadError::Limit(l) => Some(*l),
        _ => None,
    }
}

/// Every limit refusal says in Chinese what a clerk understands, then the English in
/// parentheses (the interface shows one or the other).
#[test]
fn limit_refusals_read_in_chinese_then_english() {
    let all = [
        Limit::Entries,
        Limit::Name,
        Limit::DuplicateName,
        Limit::Inflated,
        Limit::Elements,
        Limit::SharedStrings,
        Limit::Styles,
        Limit::Relationships,
        Limit::WorkbookEntries,
        Limit::Attribute,
        Limit::Text,
    ];
    let errors = all.into_iter().map(ReadError::Limit).chain([
        ReadError::TooLarge(20_000_000),
        ReadError::TooManyCells("减排3 运行记录".into()),
    ]);
    for e in errors {
        assert!(e.is_limit());
        let m = e.to_string();
        assert!(m.starts_with("文件结构异常或过大："), "{m}");
        let (zh, en) = m.rsplit_once(" (").unwrap();
        let en = en.strip_suffix(')').unwrap();
        assert!(
            zh.chars().count() > "文件结构异常或过大：".chars().count() + 2,
            "{m}"
        );
        assert!(
            en.starts_with("malformed or oversized workbook: ")
                && !en.contains(['(', ')'])
                && en.is_ascii(),
            "{m}"
        );
    }
    assert_eq!(
        ReadError::TooManyCells("减排3 运行记录".into()).to_string(),
        format!(
            "文件结构异常或过大：单元格过多（工作表“减排3 运行记录”） (malformed or oversized workbook: more than {} cells)",
            limits::MAX_CELLS_SCANNED
        )
    );
    assert!(ReadError::TooLarge(20_000_000)
        .to_string()
        .contains("（20000000 字节，上限16MB）"));
}

// ---- the container -------------------------------------------------------------------------

/// A zip bomb behind a name the old accounting did not know: calamine finds the shared strings
/// case-insensitively and with `\` read as `/`, so `xl/SharedStrings.xml` was parsed but its
/// size never counted (a 275 KB file inflated 230 MB). The size of every entry counts now,
/// whatever its name.
#[test]
fn a_misnamed_shared_strings_bomb_is_refused() {
    let original = text(&unzip(genuine()), "xl/sharedStrings.xml");
    for name in ["xl/SharedStrings.xml", "xl\\sharedStrings.xml"] {
        let renamed = |data: Vec<u8>| {
            let mut p = unzip(genuine());
            p.retain(|(n, _)| n != "xl/sharedStrings.xml");
            p.push((name.to_string(), data));
            zip(&p)
        };
        // The part is really read under that name: renamed as it is, the file still verifies.
        let harmless = renamed(original.clone().into_bytes());
        assert_eq!(xlsx::verify(&harmless, rd(), None).status, Status::Valid);

        let bomb = renamed(padded(&original, "</sst>", over_the_cap()));
        assert!(bomb.len() < 1 << 20, "a small file: {} bytes", bomb.len());
        let e = refused(&bomb);
        assert_eq!(limit(&e), Some(Limit::Inflated), "{name}: {e}");
        assert!(e.to_string().contains("压缩炸弹"), "{e}");
    }
}

/// A sheet moved to a part no naming rule recognises (`xl/data/blob.bin`), reached through its
/// `_rels` target, and padded to inflate past the cap: counted like any other part.
#[test]
fn a_sheet_reached_through_a_renamed_target_is_counted() {
    let mut p = unzip(genuine());
    let part = sheet_part(&p, "表2 能源消费结构");
    let target = part.trim_start_matches("xl/").to_string();
    edit(&mut p, "xl/_rels/workbook.xml.rels", |x| {
        x.replace(&format!("Target=\"{target}\""), "Target=\"data/blob.bin\"")
    });
    p.iter_mut().find(|(n, _)| *n == part).unwrap().0 = "xl/data/blob.bin".into();
    // The renamed sheet is what calamine reads: tampering with it is still seen.
    assert_eq!(xlsx::verify(&zip(&p), rd(), None).status, Status::Valid);

    edit(&mut p, "xl/data/blob.bin", |x| {
        String::from_utf8(padded(&x, "</sheetData>", over_the_cap())).unwrap()
    });
    let e = refused(&zip(&p));
    assert_eq!(limit(&e), Some(Limit::Inflated), "{e}");
}

/// `bytes` with the uncompressed size `part` declares (local header and central directory)
/// set to `size`.
fn with_declared_size(mut z: Vec<u8>, part: &str, size: u32) -> Vec<u8> {
    let name = part.as_bytes();
    let mut at = 0;
    while let Some(p) = z[at..].windows(name.len()).position(|w| w == name) {
        let pos = at + p;
        for (sig, header, field) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
            if let Some(h) = pos.checked_sub(header) {
                if &z[h..h + 4] == sig {
                    z[h + field..h + field + 4].copy_from_slice(&size.to_le_bytes());
                }
            }
        }
        at = pos + name.len();
    }
    z
}

/// An entry that inflates past the size it declares is never read past it: the zip reader
/// stops there with an error. That is what makes the sum of declared sizes a bound on all
/// calamine inflates, so this pins the behaviour of the `zip` crate: were it to yield more,
/// the sheet below (8 MB of whitespace where calamine must read, declared as 1 KB) would verify.
#[test]
fn an_entry_never_inflates_past_its_declared_size() {
    let mut p = unzip(genuine());
    let part = sheet_part(&p, "表2 能源消费结构");
    let padding = " ".repeat(8 << 20);
    edit(&mut p, &part, |x| {
        x.replacen("<sheetData>", &format!("<sheetData>{padding}"), 1)
    });
    let honest = zip(&p);
    assert_eq!(xlsx::verify(&honest, rd(), None).status, Status::Valid);
    let lying = with_declared_size(honest, &part, 1024);
    let v = xlsx::verify(&lying, rd(), None);
    assert_eq!(v.status, Status::UnknownFormat, "{}", v.message);
    assert!(v.message.contains("declared"), "{}", v.message);

    // The parts checked before opening are read the same way: a shared strings part that lies
    // about its size is refused by the check itself.
    let mut p = unzip(genuine());
    edit(&mut p, "xl/sharedStrings.xml", |x| {
        x.replace("</sst>", &format!("{padding}</sst>"))
    });
    let lying = with_declared_size(zip(&p), "xl/sharedStrings.xml", 1024);
    let e = read::check_container(&lying).unwrap_err();
    assert!(matches!(e, ReadError::NotXlsx(_)), "{e}");
}

/// Two parts whose names differ only in case, `\` or a leading `/`: calamine would take one by
/// its own lookup rules while the accounting counted the other. Such a file is refused outright.
#[test]
fn names_that_collide_after_normalisation_are_refused() {
    for (name, twin) in [
        ("xl/sharedStrings.xml", "XL/SharedStrings.xml"),
        ("xl/workbook.xml", "xl\\workbook.xml"),
        ("xl/styles.xml", "/xl/styles.xml"),
    ] {
        let mut p = unzip(genuine());
        let data = p.iter().find(|(n, _)| n == name).unwrap().1.clone();
        p.push((twin.to_string(), data));
        let e = refused(&zip(&p));
        assert_eq!(limit(&e), Some(Limit::DuplicateName), "{twin}: {e}");
        assert!(e.to_string().contains("重名"), "{e}");
    }
}

/// A zip directory with more entries than any workbook has, or an absurd part name: refused
/// before the zip reader indexes it.
#[test]
fn an_oversized_zip_directory_is_refused() {
    let mut p = unzip(genuine());
    p.extend((0..limits::MAX_ZIP_ENTRIES).map(|i| (format!("x/{i}"), Vec::new())));
    assert_eq!(limit(&refused(&zip(&p))), Some(Limit::Entries));

    let mut p = unzip(genuine());
    p.push(("x".repeat(limits::MAX_NAME_BYTES + 1), Vec::new()));
    assert_eq!(limit(&refused(&zip(&p))), Some(Limit::Name));
}

// ---- shared strings and cell text -----------------------------------------------------------

/// Shared strings are bounded in count and in bytes without a limit of their own: 600,000
/// empty strings (3 MB inflated, a few KB on disk) go over the element cap, and one string
/// larger than the inflated-size cap over that cap.
#[test]
fn shared_strings_are_bounded_in_count_and_bytes() {
    let mut p = unzip(genuine());
    edit(&mut p, "xl/sharedStrings.xml", |x| {
        x.replace("</sst>", &format!("{}</sst>", "<si/>".repeat(600_000)))
    });
    let e = refused(&zip(&p));
    assert_eq!(limit(&e), Some(Limit::SharedStrings), "{e}");
    assert!(e.to_string().contains("共享字符串过多"), "{e}");

    let mut p = unzip(genuine());
    add_shared_string(&mut p, &"长".repeat(over_the_cap() / 3));
    assert_eq!(limit(&refused(&zip(&p))), Some(Limit::Inflated));
}

/// `uniqueCount` makes calamine reserve that many table entries before reading one: a file
/// declaring 10¹² shared strings would abort the process on that allocation. A declared count
/// is believed only up to the elements the part really holds.
#[test]
fn a_declared_shared_string_count_reserves_nothing_unbounded() {
    let mut p = unzip(genuine());
    edit(&mut p, "xl/sharedStrings.xml", |x| {
        let start = x.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = start + x[start..].find('"').unwrap();
        format!("{}1000000000000{}", &x[..start], &x[end..])
    });
    let e = refused(&zip(&p));
    assert_eq!(limit(&e), Some(Limit::SharedStrings), "{e}");
}

/// One 100,000-character shared string referenced by all 9,600 cells of the ledger records'
/// area: each cell used to get its own full copy, then a cut one (about 1 GB kept from a file of
/// a few hundred KB). The text is now cut to 32,767 characters before it is copied, and the text
/// kept from one file is budgeted, so this file is refused after about 170 cells.
#[test]
fn a_huge_shared_string_in_every_cell_is_refused_by_the_text_budget() {
    let mut p = unzip(genuine());
    let index = add_shared_string(&mut p, &"长".repeat(100_000));
    let sheet = "减排3 运行记录";
    let part = sheet_part(&p, sheet);
    let mut rows = String::new();
    for r in 5..1205 {
        rows.push_str(&format!("<row r=\"{r}\">"));
        for c in 0..8 {
            rows.push_str(&format!(
                "<c r=\"{}{r}\" t=\"s\"><v>{index}</v></c>",
                col(c)
            ));
        }
        rows.push_str("</row>");
    }
    edit(&mut p, &part, |x| with_sheet_data(x, &rows));
    let file = zip(&p);
    assert!(file.len() < 1 << 20, "{} bytes", file.len());
    let e = refused(&file);
    assert_eq!(limit(&e), Some(Limit::Text), "{e}");
    assert!(e.to_string().contains("单元格文字总量过大"), "{e}");
}

/// A 1 MB shared string in a few cells is read, each cell cut to Excel's 32,767 characters.
#[test]
fn a_long_shared_string_is_cut_to_excels_limit() {
    let mut p = unzip(genuine());
    let index = add_shared_string(&mut p, &"长".repeat(350_000));
    let sheet = "减排3 运行记录";
    let part = sheet_part(&p, sheet);
    let rows: String = (5..8)
        .map(|r| format!("<row r=\"{r}\"><c r=\"G{r}\" t=\"s\"><v>{index}</v></c></row>"))
        .collect();
    edit(&mut p, &part, |x| with_sheet_data(x, &rows));
    let file = zip(&p);
    let mut o = read::Opened::new(&file).unwrap_or_else(|e| panic!("{e}"));
    let cells = o
        .cells(&BTreeMap::from([(sheet.to_string(), (100, 10))]))
        .unwrap();
    assert_eq!(cells.len(), 3);
    for raw in cells.values() {
        match raw {
            nengbao::pack::cells::Raw::Text(t) => {
                assert_eq!(t.chars().count(), limits::MAX_TEXT_CHARS)
            }
            other => panic!("{other:?}"),
        }
    }
}

/// The manifest sheet padded with 10,000 rows of two 32,767-character cells (one shared string,
/// so the file stays small; it used to be read as gigabytes): only its first rows are read.
/// Beyond them the padding is ignored; within them it is refused by the text budget.
#[test]
fn a_manifest_with_ten_thousand_long_rows_is_bounded() {
    let manifest_of = |bytes: &[u8]| {
        read::Opened::new(bytes)
            .and_then(|mut o| o.manifest("_manifest"))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let genuine_rows = manifest_of(genuine());
    assert!(genuine_rows.len() > 10);
    let padded_from = |first: u32| {
        let mut p = unzip(genuine());
        let index = add_shared_string(&mut p, &"长".repeat(limits::MAX_TEXT_CHARS));
        let part = sheet_part(&p, "_manifest");
        let rows: String = (first..first + 10_000)
            .map(|r| {
                format!(
                    "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{index}</v></c><c r=\"B{r}\" t=\"s\"><v>{index}</v></c></row>"
                )
            })
            .collect();
        edit(&mut p, &part, |x| {
            x.replace("</sheetData>", &format!("{rows}</sheetData>"))
        });
        zip(&p)
    };

    let beyond = padded_from(limits::MAX_MANIFEST_ROWS + 1);
    assert!(beyond.len() < 1 << 20, "{} bytes", beyond.len());
    assert_eq!(manifest_of(&beyond), genuine_rows);
    assert_eq!(xlsx::verify(&beyond, rd(), None).status, Status::Valid);

    let within = padded_from(genuine_rows.len() as u32 + 1);
    let e = refused(&within);
    assert_eq!(limit(&e), Some(Limit::Text), "{e}");
}

// ---- what calamine copies per reference ----------------------------------------------------

/// calamine copies a style record's font name and number format into every style record, and
/// builds every sheet's path from the package's targets: one long value shared by many records
/// or sheets multiplies. Those values and the records' counts are capped before parsing.
#[test]
fn structures_calamine_copies_per_reference_are_capped() {
    let long = "0".repeat(limits::MAX_ATTRIBUTE_BYTES + 1);
    type Edit<'a> = Box<dyn Fn(String) -> String + 'a>;
    let cases: Vec<(&str, &str, Edit, Limit)> = vec![
        (
            "a long number format",
            "xl/styles.xml",
            Box::new(|x| x.replacen("formatCode=\"", &format!("formatCode=\"{long}"), 1)),
            Limit::Attribute,
        ),
        (
            "a long font name",
            "xl/styles.xml",
            Box::new(|x| x.replacen("<name val=\"", &format!("<name val=\"{long}"), 1)),
            Limit::Attribute,
        ),
        (
            "25,000 style records",
            "xl/styles.xml",
            Box::new(|x| {
                let at = x.find("<cellXfs").unwrap();
                let at = at + x[at..].find('>').unwrap() + 1;
                let xfs = "<xf numFmtId=\"164\" fontId=\"0\"/>".repeat(25_000);
                format!("{}{xfs}{}", &x[..at], &x[at..])
            }),
            Limit::Styles,
        ),
        (
            "a long part target",
            "xl/_rels/workbook.xml.rels",
            Box::new(|x| x.replacen("Target=\"", &format!("Target=\"{long}/../"), 1)),
            Limit::Attribute,
        ),
        (
            "10,001 sheets",
            "xl/workbook.xml",
            Box::new(|x| {
                let sheets = "<sheet name=\"s\" sheetId=\"99\" r:id=\"rId1\"/>".repeat(10_001);
                x.replace("</sheets>", &format!("{sheets}</sheets>"))
            }),
            Limit::WorkbookEntries,
        ),
        (
            "10,001 relationships",
            "xl/_rels/workbook.xml.rels",
            Box::new(|x| {
                let rels = "<Relationship Id=\"x\" Type=\"t\" Target=\"t\"/>".repeat(10_001);
                x.replace("</Relationships>", &format!("{rels}</Relationships>"))
            }),
            Limit::Relationships,
        ),
    ];
    for (what, part, f, expected) in cases {
        let mut p = unzip(genuine());
        edit(&mut p, part, f);
        let e = refused(&zip(&p));
        assert_eq!(limit(&e), Some(expected), "{what}: {e}");
    }

    // The same sheets in a workbook part under another name, named by the package's
    // relationships (where calamine looks for the workbook), are counted too.
    let moved = |extra: usize| {
        let mut p = unzip(genuine());
        let sheets = "<sheet name=\"s\" sheetId=\"99\" r:id=\"rId1\"/>".repeat(extra);
        let book = text(&p, "xl/workbook.xml").replace("</sheets>", &format!("{sheets}</sheets>"));
        let rels = text(&p, "xl/_rels/workbook.xml.rels");
        p.push(("xl/Book2.xml".into(), book.into_bytes()));
        p.push(("xl/_rels/Book2.xml.rels".into(), rels.into_bytes()));
        edit(&mut p, "_rels/.rels", |x| {
            x.replace("Target=\"xl/workbook.xml\"", "Target=\"xl/Book2.xml\"")
        });
        zip(&p)
    };
    assert_eq!(xlsx::verify(&moved(0), rd(), None).status, Status::Valid);
    let e = refused(&moved(10_001));
    assert_eq!(limit(&e), Some(Limit::WorkbookEntries), "{e}");
}

// ---- genuine files -------------------------------------------------------------------------

/// Inflated bytes and XML elements of a workbook, as the reader counts them.
fn size(bytes: &[u8]) -> (usize, usize) {
    let p = unzip(bytes);
    let inflated = p.iter().map(|(_, d)| d.len()).sum();
    let elements = p
        .iter()
        .map(|(_, d)| d.iter().filter(|&&b| b == b'<').count())
        .sum();
    (inflated, elements)
}

/// The limits leave genuine submissions far from every cap: the demo, and one with every ledger
/// record row of the pack filled with text, verify; what they inflate to is a small fraction of
/// each limit.
#[test]
fn genuine_exports_are_far_below_every_limit() {
    assert!(read::check_container(genuine()).is_ok());
    assert_eq!(xlsx::verify(genuine(), rd(), None).status, Status::Valid);

    let mut big = nengbao::demo::report_2024();
    let template = big.reduction_projects[0].records[0].clone();
    let room = 1_200 - big_records(&big);
    for i in 0..room {
        let mut r = template.clone();
        r.period = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        r.abnormal_cause = "除尘器滤袋破损，更换后恢复正常运行".repeat(3);
        r.abnormal_response = "已停机检修并记录，次日复产".repeat(3);
        big.reduction_projects[0].records.push(r);
    }
    assert_eq!(big_records(&big), 1_200);
    let file = export(&big);
    let v = xlsx::verify(&file, rd(), None);
    assert_eq!(v.status, Status::Valid, "{}", v.message);

    for bytes in [genuine(), &file[..]] {
        let (inflated, elements) = size(bytes);
        assert!(
            inflated as u64 * 8 < limits::MAX_UNCOMPRESSED_BYTES,
            "{inflated} bytes inflated"
        );
        assert!(
            elements * 4 < limits::MAX_XML_ELEMENTS,
            "{elements} elements"
        );
    }
}

fn big_records(r: &AnnualReport) -> usize {
    r.reduction_projects.iter().map(|p| p.records.len()).sum()
}
