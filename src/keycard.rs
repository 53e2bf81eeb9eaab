//! 密钥卡: what a unit hands the county office with its first signed file, on paper and as a small
//! file — the unit, its credit code, the public key as text and as a QR code beside the key's
//! fingerprint. The county registers units from these cards (one file each, or a list of
//! credit code + public key) and compares the fingerprint it computes with the one printed.
//!
//! The card file (`nengbao.keycard/1`) is UTF-8 text, one `key: value` line each, so a person
//! can read it and a county can register it:
//!
//! ```text
//! nengbao.keycard/1
//! 单位: 黔东南州凯峰水泥有限公司
//! 统一社会信用代码: 91522601MA6DQ7K169
//! 公钥: 04ab…(130 hex digits)
//! 指纹: AEEC 8F6D …
//! 日期: 2025-03-18
//! ```
//!
//! The fingerprint on a card is recomputed from its public key when the card is read; a card
//! whose printed fingerprint differs from its key is refused.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::error::{Error, Result};
use crate::sign;
use crate::text::Text;

/// First line of a card file.
pub const FORMAT: &str = "nengbao.keycard/1";

/// A key card: the unit and its public key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyCard {
    pub name: String,
    pub uscc: String,
    /// SEC1 public key, lowercase hex (uncompressed, 130 digits).
    pub public_key: String,
    /// SM3 fingerprint of the key, upper-case hex in groups of four.
    pub fingerprint: String,
    /// The day the card was made, YYYY-MM-DD.
    pub date: String,
    /// The QR code of the card's key line (`qr_text`), as an SVG image.
    pub qr_svg: String,
}

/// What the QR code holds: the credit code and the public key, one line a phone or a scanner
/// reads as text (`NENGBAO-KEY:1:<uscc>:<public key hex>`).
pub fn qr_text(uscc: &str, public_key: &str) -> String {
    format!(
        "NENGBAO-KEY:1:{}:{}",
        uscc.trim(),
        sign::normalize_hex(public_key)
    )
}

/// A QR code of `text` as an SVG image (black modules on white, a quiet zone, medium error
/// correction), `size` pixels minimum on each side.
pub fn qr_svg(text: &str, size: u32) -> Result<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| {
        Error::input(
            Text::same("QR"),
            Text::new(
                format!("二维码无法生成：{e}"),
                format!("cannot make the QR code: {e}"),
            ),
        )
    })?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build())
}

/// The QR code as text blocks (two modules per character line) for printing in a terminal.
pub fn qr_terminal(text: &str) -> Result<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| {
        Error::input(
            Text::same("QR"),
            Text::new(
                format!("二维码无法生成：{e}"),
                format!("cannot make the QR code: {e}"),
            ),
        )
    })?;
    Ok(code
        .render::<qrcode::render::unicode::Dense1x2>()
        .dark_color(qrcode::render::unicode::Dense1x2::Light)
        .light_color(qrcode::render::unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

/// Today's date as a card carries it (`2025-03-18`), read from `clock` (China Standard Time for
/// the system clock): the date a card is dated when the user gives none.
pub fn card_date(clock: &dyn crate::clock::Clock) -> String {
    clock.now().format("%Y-%m-%d").to_string()
}

/// The card of a unit's key (the public key checked to be an SM2 point).
pub fn card(name: &str, uscc: &str, public_key: &str, date: &str) -> Result<KeyCard> {
    let pk = sign::parse_public(&sign::normalize_hex(public_key))
        .map_err(|e| Error::input(Text::new("公钥", "public key"), e.text()))?;
    let public_key = hex::encode(&pk);
    let uscc = uscc.trim().to_uppercase();
    Ok(KeyCard {
        name: name.trim().to_string(),
        fingerprint: sign::fingerprint(&pk),
        qr_svg: qr_svg(&qr_text(&uscc, &public_key), 180)?,
        uscc,
        public_key,
        date: date.trim().to_string(),
    })
}

/// Writes the card as its file (`nengbao.keycard/1`, temp + fsync + rename) to `out`.
pub fn write_card(c: &KeyCard, out: &std::path::Path) -> Result<()> {
    crate::interchange::write_atomic(out, to_text(c).as_bytes())
}

/// The card as its file text.
pub fn to_text(c: &KeyCard) -> String {
    format!(
        "{FORMAT}\n单位: {}\n统一社会信用代码: {}\n公钥: {}\n指纹: {}\n日期: {}\n",
        c.name, c.uscc, c.public_key, c.fingerprint, c.date
    )
}

/// Reads a card file. The fingerprint, when the card states one, must be that of its key.
pub fn parse(text: &str) -> Result<KeyCard> {
    let bad = |zh: &str, en: &str| Error::input(Text::new("密钥卡", "key card"), Text::new(zh, en));
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    if lines.next().map(str::trim) != Some(FORMAT) {
        return Err(bad(
            "不是能报密钥卡文件（首行应为 nengbao.keycard/1）",
            "not a Nengbao key card file",
        ));
    }
    let (mut name, mut uscc, mut pk, mut fp, mut date) = (
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    );
    for line in lines {
        let Some((k, v)) = line.split_once(':').or_else(|| line.split_once('：')) else {
            continue;
        };
        let v = v.trim().to_string();
        match k.trim() {
            "单位" => name = v,
            "统一社会信用代码" => uscc = v,
            "公钥" => pk = v,
            "指纹" => fp = v,
            "日期" => date = v,
            _ => {}
        }
    }
    if uscc.is_empty() || pk.is_empty() {
        return Err(bad(
            "密钥卡缺少统一社会信用代码或公钥",
            "the card lacks the credit code or the public key",
        ));
    }
    let c = card(&name, &uscc, &pk, &date)?;
    if !fp.is_empty() && sign::normalize_hex(&fp) != sign::normalize_hex(&c.fingerprint) {
        return Err(bad(
            &format!(
                "密钥卡上的指纹 {fp} 与其公钥不符（应为 {}），请向单位核实",
                c.fingerprint
            ),
            "the printed fingerprint does not match the key",
        ));
    }
    Ok(c)
}

/// Key cards read for registering many units at once, and what could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardsRead {
    /// The cards (without their QR images).
    pub cards: Vec<KeyCard>,
    /// Each card or row that could not be read: its file, line and why.
    pub errors: Vec<String>,
}

/// [`read_cards`] as the app shows it: cards without their QR images, and the errors.
pub fn read_cards_for_registry(path: &std::path::Path) -> Result<CardsRead> {
    let mut out = CardsRead {
        cards: Vec::new(),
        errors: Vec::new(),
    };
    for r in read_cards(path)? {
        match r {
            Ok(mut c) => {
                c.qr_svg.clear();
                out.cards.push(c);
            }
            Err(e) => out.errors.push(e),
        }
    }
    Ok(out)
}

/// Reads key cards for registering many units at once: a folder of card files, one card file,
/// or a list (CSV, UTF-8 or GBK as Excel saves it, or an .xlsx workbook's first sheet) with a 统一社会信用代码 column, a 公钥 column
/// and optionally 单位名称 (header names in Chinese or English; without a header, code then key
/// then name). Each card or row is read on its own; one that cannot be read is returned as the
/// reason, with its file and line, and does not stop the others.
pub fn read_cards(path: &std::path::Path) -> Result<Vec<std::result::Result<KeyCard, String>>> {
    let io = |e: std::io::Error| {
        Error::input(
            Text::same(path.display().to_string()),
            crate::error::io_text(&e),
        )
    };
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let mut out = Vec::new();
        for f in files {
            let bytes = std::fs::read(&f).map_err(io)?;
            let text = String::from_utf8_lossy(&bytes);
            if text.trim_start_matches('\u{feff}').starts_with(FORMAT) {
                out.push(parse(&text).map_err(|e| format!("{}: {e}", f.display())));
            }
        }
        return Ok(out);
    }
    let bytes = std::fs::read(path).map_err(io)?;
    // A list kept in Excel (.xlsx): its first sheet, read as the CSV rows below.
    let text = if bytes.starts_with(b"PK\x03\x04") {
        xlsx_list_as_csv(&bytes).map_err(io)?
    } else {
        match std::str::from_utf8(&bytes) {
            Ok(t) => t.to_string(),
            Err(_) => encoding_rs::GBK.decode(&bytes).0.into_owned(),
        }
    };
    let text = text.trim_start_matches('\u{feff}');
    if text.starts_with(FORMAT) {
        return Ok(vec![
            parse(text).map_err(|e| format!("{}: {e}", path.display()))
        ]);
    }
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let (mut code, mut key, mut name, mut printed) = (0usize, 1usize, None, None);
    for (i, rec) in rows.records().enumerate() {
        let rec = rec.map_err(|e| {
            Error::input(
                Text::same(path.display().to_string()),
                Text::new(format!("CSV格式有误：{e}"), format!("malformed CSV: {e}")),
            )
        })?;
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if i == 0 {
            let find = |names: &[&str]| {
                cells
                    .iter()
                    .position(|c| names.iter().any(|n| c.to_lowercase().contains(n)))
            };
            if let (Some(c), Some(k)) = (
                find(&["统一社会信用代码", "信用代码", "uscc", "credit"]),
                find(&["公钥", "public"]),
            ) {
                code = c;
                key = k;
                name = find(&["单位", "名称", "name"]);
                printed = find(&["指纹", "fingerprint"]);
                continue;
            }
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let get = |j: usize| cells.get(j).cloned().unwrap_or_default();
        let line = i + 1;
        let read = card(
            &name.map(get).unwrap_or_else(|| get(2)),
            &get(code),
            &get(key),
            "",
        )
        .and_then(|c| {
            // A fingerprint the list states must be that of the key on the same row.
            let stated = printed.map(get).unwrap_or_default();
            if !stated.is_empty()
                && sign::normalize_hex(&stated) != sign::normalize_hex(&c.fingerprint)
            {
                return Err(Error::input(
                    Text::new("指纹", "fingerprint"),
                    Text::new(
                        format!("所列指纹 {stated} 与公钥不符（应为 {}）", c.fingerprint),
                        "the listed fingerprint does not match the key",
                    ),
                ));
            }
            Ok(c)
        });
        out.push(read.map_err(|e| format!("{} 第{line}行 (line {line}): {e}", path.display())));
    }
    Ok(out)
}

/// Rows and columns of a key-card list read from a workbook: a county's units, with room to spare.
const LIST_ROWS: u32 = 20_000;
const LIST_COLS: u16 = 16;

/// The first visible sheet of a key-card list saved as a workbook, as CSV text with one line per
/// sheet row (so a row's line number is its row number in Excel). Read with the workbook
/// reader's limits, like any file from outside; numbers are written as Excel shows them
/// (a code typed as a number loses no digits: no fraction, no exponent).
fn xlsx_list_as_csv(bytes: &[u8]) -> std::io::Result<String> {
    use crate::pack::cells::Raw;
    let bad = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
    let mut book = crate::xlsx::read::Opened::new(bytes).map_err(|e| bad(e.to_string()))?;
    let sheet = book
        .sheets
        .iter()
        .find(|(_, v)| *v == calamine::SheetVisible::Visible)
        .map(|(n, _)| n.clone())
        .ok_or_else(|| {
            bad("工作簿中没有可见的工作表 (the workbook has no visible sheet)".into())
        })?;
    let areas = std::collections::BTreeMap::from([(sheet.clone(), (LIST_ROWS - 1, LIST_COLS - 1))]);
    let cells = book.cells(&areas).map_err(|e| bad(e.to_string()))?;
    let mut rows: std::collections::BTreeMap<u32, Vec<String>> = std::collections::BTreeMap::new();
    for ((_, row, col), raw) in cells.iter().filter(|((s, _, _), _)| *s == sheet) {
        let text = match raw {
            Raw::Text(t) => t.clone(),
            Raw::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
            Raw::Float(f) => f.to_string(),
            Raw::Int(i) => i.to_string(),
            Raw::Bool(b) => b.to_string(),
            other => format!("{other:?}"),
        };
        let cols = rows.entry(*row).or_default();
        let c = usize::from(*col);
        if cols.len() <= c {
            cols.resize(c + 1, String::new());
        }
        cols[c] = text;
    }
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let last = rows.keys().next_back().copied().unwrap_or(0);
    for r in 0..=last {
        let row = rows.get(&r).cloned().unwrap_or_default();
        w.write_record(if row.is_empty() {
            vec![String::new()]
        } else {
            row
        })
        .map_err(|e| bad(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| bad(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> sign::Key {
        sign::Key::from_scalar(&[7u8; 32]).unwrap()
    }

    #[test]
    fn a_card_is_dated_by_the_clock_in_china_standard_time() {
        use chrono::TimeZone;
        assert_eq!(
            card_date(&crate::clock::FixedClock::at(2025, 3, 18)),
            "2025-03-18"
        );
        // 20:30 UTC on the 17th is already the 18th in Beijing.
        let late = chrono::Utc
            .with_ymd_and_hms(2025, 3, 17, 20, 30, 0)
            .unwrap();
        let clock = crate::clock::FixedClock(
            late.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()),
        );
        assert_eq!(card_date(&clock), "2025-03-18");
    }

    #[test]
    fn a_card_file_reads_back_as_written() {
        let k = key();
        let c = card(
            "黔东南州凯峰水泥有限公司",
            "91522601ma6dq7k169",
            &k.public_hex(),
            "2025-03-18",
        )
        .unwrap();
        assert_eq!(c.uscc, "91522601MA6DQ7K169");
        assert_eq!(c.fingerprint, k.fingerprint());
        let text = to_text(&c);
        assert!(text.starts_with("nengbao.keycard/1\n单位: 黔东南州凯峰水泥有限公司\n"));
        assert_eq!(parse(&text).unwrap(), c);
    }

    #[test]
    fn a_card_whose_fingerprint_is_not_its_keys_is_refused() {
        let k = key();
        let c = card("某厂", "91522601MA6DQ7K169", &k.public_hex(), "2025-03-18").unwrap();
        let other = sign::Key::from_scalar(&[9u8; 32]).unwrap();
        let forged = to_text(&c).replace(&c.fingerprint, &other.fingerprint());
        let err = parse(&forged).unwrap_err().to_string();
        assert!(err.contains("与其公钥不符"), "{err}");
        assert!(parse("hello\n公钥: 04").is_err());
        assert!(
            card("某厂", "X", "04abcd", "").is_err(),
            "not a point on the curve"
        );
    }

    #[test]
    fn the_qr_code_holds_the_code_and_the_key() {
        let k = key();
        let text = qr_text("91522601MA6DQ7K169", &k.public_hex());
        assert_eq!(
            text,
            format!("NENGBAO-KEY:1:91522601MA6DQ7K169:{}", k.public_hex())
        );
        let svg = qr_svg(&text, 180).unwrap();
        assert!(
            svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("<path"),
            "{}",
            &svg[..80]
        );
        let term = qr_terminal(&text).unwrap();
        assert!(term.lines().count() > 20);
    }
    #[test]
    fn cards_are_read_from_a_folder_of_card_files_or_a_list() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (key(), sign::Key::from_scalar(&[9u8; 32]).unwrap());
        let ca = card("甲厂", "91522601MA6DQ7K169", &a.public_hex(), "2025-03-18").unwrap();
        std::fs::write(dir.path().join("甲厂-密钥卡.txt"), to_text(&ca)).unwrap();
        std::fs::write(dir.path().join("readme.txt"), "not a card").unwrap();
        let read = read_cards(dir.path()).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].as_ref().unwrap().fingerprint, a.fingerprint());

        let list = dir.path().join("keys.csv");
        let text = format!(
            "单位名称,统一社会信用代码,公钥\n甲厂,91522601MA6DQ7K169,{}\n乙厂,91522601MA6E2R3P9Q,{}\n丙厂,X,04abcd\n",
            a.public_hex(),
            b.public_hex()
        );
        std::fs::write(&list, text).unwrap();
        let read = read_cards(&list).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read[1].as_ref().unwrap().name, "乙厂");
        assert_eq!(read[1].as_ref().unwrap().fingerprint, b.fingerprint());
        let err = read[2].as_ref().unwrap_err();
        assert!(err.contains("第4行"), "{err}");

        // A list with the fingerprints printed beside the keys: each must be its key's.
        let list = dir.path().join("keys-fp.csv");
        let text = format!(
            "uscc,name,public_key,fingerprint\n91522601MA6DQ7K169,甲厂,{},{}\n91522601MA6E2R3P9Q,乙厂,{},{}\n",
            a.public_hex(),
            a.fingerprint(),
            b.public_hex(),
            a.fingerprint()
        );
        std::fs::write(&list, text).unwrap();
        let read = read_cards(&list).unwrap();
        assert!(read[0].is_ok());
        assert!(read[1].as_ref().unwrap_err().contains("与公钥不符"));
    }

    /// The same list kept in Excel: the first visible sheet, a blank row, spaces around a code;
    /// a bad row is named by its row number in Excel.
    #[test]
    fn cards_are_read_from_an_xlsx_list() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (key(), sign::Key::from_scalar(&[9u8; 32]).unwrap());
        let mut wb = rust_xlsxwriter::Workbook::new();
        let hidden = wb.add_worksheet();
        hidden.set_name("说明").unwrap();
        hidden.write_string(0, 0, "not the list").unwrap();
        hidden.set_hidden(true);
        let ws = wb.add_worksheet();
        ws.set_name("密钥名单").unwrap();
        // Excel cannot hide the active sheet: the list is the one shown.
        ws.set_active(true);
        let rows: [[&str; 3]; 5] = [
            ["单位名称", "统一社会信用代码", "公钥"],
            ["甲厂", " 91522601MA6DQ7K169 ", &a.public_hex()],
            ["", "", ""],
            ["乙厂", "91522601MA6E2R3P9Q", &b.public_hex()],
            ["丙厂", "X", "04abcd"],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        let list = dir.path().join("名单.xlsx");
        wb.save(&list).unwrap();
        let read = read_cards(&list).unwrap();
        assert_eq!(read.len(), 3, "{read:?}");
        assert_eq!(read[0].as_ref().unwrap().uscc, "91522601MA6DQ7K169");
        assert_eq!(read[0].as_ref().unwrap().fingerprint, a.fingerprint());
        assert_eq!(read[1].as_ref().unwrap().name, "乙厂");
        assert_eq!(read[1].as_ref().unwrap().fingerprint, b.fingerprint());
        let err = read[2].as_ref().unwrap_err();
        assert!(err.contains("第5行"), "the row as Excel numbers it: {err}");
    }
}
