//! The expected units of a year (the roster), their filing status, and the county's targets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::state::{FilingStatus, Reason};
use super::County;
use crate::error::{Error, Result};
use crate::store;
use crate::store::county as repo;
use crate::text::Text;

/// A roster line with its filing status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterStatus {
    pub uscc: String,
    pub name: String,
    pub category: String,
    pub on_roster: bool,
    pub status: FilingStatus,
    pub version: Option<i64>,
    pub received_at: Option<String>,
    pub errors: usize,
    pub warnings: usize,
}

fn received_date(rfc3339: &str) -> Option<chrono::NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|d| d.date_naive())
}

impl County {
    pub fn target_set(
        &mut self,
        year: i32,
        pollutant: &str,
        target_t: &str,
        source: &str,
    ) -> Result<()> {
        crate::model::Tonnes::parse(target_t).map_err(|e| {
            Error::input(
                Text::new("目标量", "target"),
                Text::new(
                    format!("“{target_t}”不是吨数：{e}"),
                    format!("“{target_t}” is not a number of tonnes: {e}"),
                ),
            )
        })?;
        // The CO₂ cap is one key however it is typed (co2, CO₂).
        let upper = pollutant.trim().to_uppercase();
        let pollutant = if upper == "CO2" || upper == "CO₂" {
            super::summary::CO2_TARGET
        } else {
            pollutant
        };
        let now = self.now();
        let tx = self.conn.transaction()?;
        repo::target_set(&tx, year, pollutant, target_t, source)?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "target.set",
            &format!("{year}/{pollutant}"),
            target_t,
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn targets(&self, year: i32) -> Result<Vec<(String, String, String)>> {
        Ok(repo::targets(&self.conn, year)?)
    }

    /// Replaces the roster of a year with rows (uscc, name, category).
    pub fn roster_set(&mut self, year: i32, rows: &[(String, String, String)]) -> Result<usize> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        repo::roster_set(&tx, year, rows)?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "roster.set",
            &year.to_string(),
            &format!("{} units", rows.len()),
        )?;
        tx.commit()?;
        Ok(rows.len())
    }

    /// Roster rows of a year.
    pub fn roster_rows(&self, year: i32) -> Result<Vec<(String, String, String)>> {
        Ok(repo::roster(&self.conn, year)?)
    }

    /// Filing status of every roster unit, and submissions from units not on it.
    pub fn roster_status(&self, year: i32) -> Result<Vec<RosterStatus>> {
        // What the roster needs of each current submission, read a page at a time.
        let mut current: BTreeMap<String, Filed> = BTreeMap::new();
        self.for_each_current(year, |c| {
            current.insert(
                c.uscc,
                Filed {
                    name: c.name,
                    version: c.version,
                    received_at: c.received_at,
                    findings: c.findings.summary,
                },
            );
            Ok(())
        })?;
        let held = repo::held_units(&self.conn, year)?;
        let deadline = self.deadline(year)?;
        let mut out = Vec::new();
        let roster = self.roster_rows(year)?;
        let line = |uscc: &str, c: &Filed, category: &str, on_roster: bool| {
            let status = if c.findings.errors > 0 {
                FilingStatus::Failing
            } else if on_roster && received_date(&c.received_at) > Some(deadline) {
                FilingStatus::Late
            } else {
                FilingStatus::Filed
            };
            RosterStatus {
                uscc: uscc.to_string(),
                name: c.name.clone(),
                category: category.to_string(),
                on_roster,
                status,
                version: Some(c.version),
                received_at: Some(c.received_at.clone()),
                errors: c.findings.errors,
                warnings: c.findings.warnings,
            }
        };
        for (uscc, name, category) in &roster {
            out.push(match current.get(uscc) {
                Some(c) => line(uscc, c, category, true),
                None => RosterStatus {
                    uscc: uscc.clone(),
                    name: name.clone(),
                    category: category.clone(),
                    on_roster: true,
                    status: match held.get(uscc) {
                        Some(Reason::KeyChanged) | Some(Reason::KeyOfOtherUnit) => {
                            FilingStatus::KeyChanged
                        }
                        Some(_) => FilingStatus::KeyUnconfirmed,
                        None => FilingStatus::Missing,
                    },
                    version: None,
                    received_at: None,
                    errors: 0,
                    warnings: 0,
                },
            });
        }
        for (uscc, c) in &current {
            if !roster.iter().any(|(u, _, _)| u == uscc) {
                out.push(line(uscc, c, "", false));
            }
        }
        Ok(out)
    }
}

/// What the roster shows of a unit's current submission.
struct Filed {
    name: String,
    version: i64,
    received_at: String,
    findings: crate::validate::Summary,
}

/// Rows read from a roster file, at most this many.
const ROSTER_ROWS: u32 = 20_000;

/// The text of a CSV roster: UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's
/// "Unicode text"), or else GBK/GB 18030 — what Excel's plain "CSV (逗号分隔)" writes on
/// Chinese Windows. Bytes that are none of these are refused with what to do.
fn roster_text(bytes: &[u8]) -> std::result::Result<String, Text> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    } else {
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    Err(Text::new(
        "名单文件的编码无法识别（不是 UTF-8 或 GBK），请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新导入",
        "the roster is neither UTF-8 nor GBK; save it from Excel as \"CSV UTF-8\" and import it again",
    ))
}

/// Reads a roster: CSV (UTF-8 with or without BOM, or GBK as Excel saves it on Chinese Windows;
/// any line ends) or xlsx, first sheet, with columns
/// 统一社会信用代码/uscc, 单位名称/name and optionally 类别/category. A roster comes from
/// outside like a submission: the xlsx is read through the bounded reader (container checks,
/// cell and text budgets, text cut before it is copied) over the first 20,000 rows × 11 columns.
pub fn read_roster_file(path: &std::path::Path) -> Result<Vec<(String, String, String)>> {
    let bad = |m: Text| Error::input(Text::same(path.display().to_string()), m);
    let rows: Vec<Vec<String>> = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display(), e))?;
        let mut book = crate::xlsx::read::Opened::new(&bytes).map_err(|e| bad(e.text()))?;
        let first = book
            .sheets
            .first()
            .map(|(n, _)| n.clone())
            .ok_or_else(|| bad(Text::new("工作簿中没有工作表", "no sheet")))?;
        let areas = BTreeMap::from([(first.clone(), (ROSTER_ROWS, 10u16))]);
        let cells = book.cells(&areas).map_err(|e| bad(e.text()))?;
        let mut grid: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for ((_, r, c), raw) in cells {
            let v = match raw {
                crate::pack::cells::Raw::Text(s) => s,
                crate::pack::cells::Raw::Int(i) => i.to_string(),
                crate::pack::cells::Raw::Float(f) => f.to_string(),
                crate::pack::cells::Raw::Bool(b) => b.to_string(),
                crate::pack::cells::Raw::Date(f) => f.to_string(),
                crate::pack::cells::Raw::Error(e) => e,
            };
            let row = grid.entry(r).or_default();
            if row.len() <= c as usize {
                row.resize(c as usize + 1, String::new());
            }
            row[c as usize] = v;
        }
        grid.into_values().collect()
    } else {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path.display(), e))?;
        if meta.len() > crate::xlsx::read::limits::MAX_FILE_BYTES as u64 {
            return Err(bad(Text::new(
                format!("名单文件过大（{} 字节）", meta.len()),
                "roster file too large",
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            let why = crate::error::io_text(&e);
            bad(Text::new(
                format!("无法读取名单文件：{}", why.zh),
                format!("cannot read the file: {}", why.en),
            ))
        })?;
        let text = roster_text(&bytes).map_err(bad)?;
        // Line ends: the reader takes \r\n, \n and \r alike (Excel on Windows writes \r\n).
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        rd.records()
            .filter_map(|r| r.ok())
            .take(ROSTER_ROWS as usize + 1)
            .map(|r| r.iter().map(|x| x.trim().to_string()).collect())
            .collect()
    };
    let header = rows
        .first()
        .ok_or_else(|| bad(Text::new("名单为空", "empty roster")))?;
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.contains(n)))
    };
    let (u, n, c) = (
        find(&["统一社会信用代码", "uscc", "USCC"]).ok_or_else(|| {
            bad(Text::new(
                "名单缺少“统一社会信用代码”列",
                "no 统一社会信用代码 column",
            ))
        })?,
        find(&["单位名称", "name", "名称"])
            .ok_or_else(|| bad(Text::new("名单缺少“单位名称”列", "no 单位名称 column")))?,
        find(&["类别", "category"]),
    );
    Ok(rows
        .iter()
        .skip(1)
        .filter(|r| r.get(u).is_some_and(|x| !x.trim().is_empty()))
        .map(|r| {
            (
                r.get(u).cloned().unwrap_or_default().trim().to_uppercase(),
                r.get(n).cloned().unwrap_or_default(),
                c.and_then(|c| r.get(c).cloned()).unwrap_or_default(),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROSTER: &str = "统一社会信用代码,单位名称,类别\r\n91522601MA6DQ7K169,凯里市某某水泥有限公司,重点\r\n915226017095512345,黔东南州钢铁厂,\r\n";

    fn read(bytes: &[u8]) -> Result<Vec<(String, String, String)>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("名单 2024.csv");
        std::fs::write(&path, bytes).unwrap();
        read_roster_file(&path)
    }

    fn expected() -> Vec<(String, String, String)> {
        vec![
            (
                "91522601MA6DQ7K169".into(),
                "凯里市某某水泥有限公司".into(),
                "重点".into(),
            ),
            (
                "915226017095512345".into(),
                "黔东南州钢铁厂".into(),
                "".into(),
            ),
        ]
    }

    #[test]
    fn a_gbk_roster_saved_by_excel_reads_like_utf8() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(ROSTER);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "the bytes are really GBK"
        );
        assert_eq!(read(&gbk).unwrap(), expected());
        assert_eq!(read(ROSTER.as_bytes()).unwrap(), expected());
    }

    #[test]
    fn bom_and_line_ends_do_not_change_the_rows() {
        let bom = [b"\xEF\xBB\xBF".as_slice(), ROSTER.as_bytes()].concat();
        assert_eq!(read(&bom).unwrap(), expected());
        let lf = ROSTER.replace("\r\n", "\n");
        assert_eq!(read(lf.as_bytes()).unwrap(), expected());
        let cr = ROSTER.replace("\r\n", "\r");
        assert_eq!(read(cr.as_bytes()).unwrap(), expected());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(ROSTER.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(read(&utf16).unwrap(), expected());
    }

    #[test]
    fn bytes_in_no_known_encoding_are_refused_with_what_to_do() {
        let err = read(b"\xFF\xFF\x80,\x80\xFF\r\n").unwrap_err().to_string();
        assert!(err.contains("CSV UTF-8"), "{err}");
        assert!(err.contains("名单 2024.csv"), "{err}");
    }
}
