//! Reading a workbook filled by hand in Excel: the mistakes people make are read with a note,
//! not refused or silently kept.

use nengbao::pack::Pack;
use nengbao::refdata::RefData;
use nengbao::validate::{self, Settings};
use nengbao::xlsx;

use crate::submission::{put, unzip, Put};

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

fn draft() -> Vec<u8> {
    let r = nengbao::demo::report_2024();
    let out = validate::validate(&r, rd(), None, &[], &Settings::from_refdata(rd()));
    let c = nengbao::calc::compute(&r, rd()).ok();
    xlsx::export(
        &r,
        c.as_ref(),
        &out,
        Pack::builtin("national").unwrap(),
        None,
        rd(),
    )
    .unwrap()
    .bytes
}

fn cell(path: &str) -> (String, String) {
    Pack::builtin("national").unwrap().locate(path).unwrap()
}

#[test]
fn spaces_thousands_separators_and_short_codes_are_read_with_a_note() {
    let mut bytes = draft();
    let (s, c) = cell("enterprise.uscc");
    bytes = put(&bytes, &s, &c, Put::Text(" 91522601MA6DQ7K169 "));
    let (s, c) = cell("energy[1].purchased_qty");
    bytes = put(&bytes, &s, &c, Put::Text("1,234.5"));
    let (s, c) = cell("energy[1].code");
    bytes = put(&bytes, &s, &c, Put::Number("1"));
    let imported = xlsx::import(&bytes, rd()).unwrap();
    let r = &imported.report;
    assert_eq!(r.enterprise.uscc, "91522601MA6DQ7K169", "spaces trimmed");
    assert_eq!(
        r.energy[1].purchased_qty.map(|q| q.to_string()).as_deref(),
        Some("1234.5000")
    );
    assert_eq!(
        r.energy[1].code, "01",
        "a code typed without its leading zero"
    );
    let said = |needle: &str| {
        imported
            .issues
            .iter()
            .find(|i| i.message.zh.contains(needle))
            .unwrap_or_else(|| panic!("no issue mentioning {needle}: {:#?}", imported.issues))
            .clone()
    };
    let trimmed = said("首尾有空格");
    assert_eq!(
        (trimmed.sheet.as_str(), trimmed.cell.as_str()),
        (
            cell("enterprise.uscc").0.as_str(),
            cell("enterprise.uscc").1.as_str()
        )
    );
    assert!(
        said("千位分隔符").message.zh.contains("1,234.5"),
        "the original value is kept in the message"
    );
    assert!(said("按代码01").message.zh.contains("“1”"));
}

#[test]
fn a_renamed_sheet_is_named_as_an_issue_not_read_as_an_empty_table() {
    let bytes = draft();
    let (sheet, _) = cell("energy[0].code");
    let mut parts = unzip(&bytes);
    for (name, data) in &mut parts {
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data.clone()).unwrap();
            *data = xml
                .replace(&format!("name=\"{sheet}\""), "name=\"能源消费\"")
                .into_bytes();
        }
    }
    let renamed = {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (n, d) in &parts {
            w.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(d).unwrap();
        }
        w.finish().unwrap().into_inner()
    };
    let imported = xlsx::import(&renamed, rd()).unwrap();
    assert!(
        imported.issues.iter().any(|i| i.sheet == sheet
            && i.severity == "warning"
            && i.message.zh.contains("缺少工作表")),
        "{:#?}",
        imported.issues
    );
}
