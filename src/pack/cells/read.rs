//! Reading one cell: what a raw cell means for its field — a JSON value, the same value with a
//! note (full-width digits, thousands separators, a number stored as text, a code without its
//! leading zeros, too many decimals), or why it cannot be taken. Dropdown labels become codes;
//! a files cell becomes its evidence records.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use super::{at_scale, Raw, FILES, FILE_SEP};
use crate::pack::{list_entries, Field, Kind};
use crate::refdata::RefData;

/// Reads the lines of a files cell. A line may also hold just a name, or name｜kind, or
/// name｜kind｜size; a name may itself contain the separator.
fn read_files(raw: &Raw) -> Reading {
    let Raw::Text(s) = raw else {
        return refused(
            "证明材料应为文字：每行一个文件（文件名｜材料类型｜大小｜SHA-256）".into(),
            "evidence is text: one file per line (name｜kind｜size｜sha256)".into(),
        );
    };
    let mut out = Vec::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split(FILE_SEP).map(str::trim).collect();
        let (name, kind, size, sha) = match parts.as_slice() {
            [n] => (n.to_string(), "", "", ""),
            [n, k] => (n.to_string(), *k, "", ""),
            [n, k, z] => (n.to_string(), *k, *z, ""),
            [names @ .., k, z, h] => (names.join(&FILE_SEP.to_string()), *k, *z, *h),
            [] => continue,
        };
        let size = if size.is_empty() {
            0
        } else {
            match size.parse::<u64>() {
                Ok(z) => z,
                Err(_) => {
                    return refused(
                        format!("证明材料“{line}”的大小“{size}”不是整数（字节）"),
                        format!(
                            "evidence \"{line}\": size \"{size}\" is not a whole number of bytes"
                        ),
                    )
                }
            }
        };
        out.push(serde_json::json!({
            "name": name, "kind": kind, "size": size, "sha256": sha.to_ascii_lowercase(),
        }));
    }
    if out.is_empty() {
        nothing()
    } else {
        taken(Value::Array(out))
    }
}

/// Turns full-width digits and punctuation into ASCII; true when anything changed.
fn halfwidth(s: &str) -> (String, bool) {
    let mut changed = false;
    let out = s
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                changed = true;
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            }
            '．' => {
                changed = true;
                '.'
            }
            '－' => {
                changed = true;
                '-'
            }
            _ => c,
        })
        .collect();
    (out, changed)
}

/// A number written with thousands separators (`1,234,567.89`, also `，`): the digits without
/// them, when every group after the first has exactly three digits; `None` otherwise.
fn without_thousands(t: &str) -> Option<String> {
    if !t.contains([',', '，']) {
        return None;
    }
    let unified = t.replace('，', ",");
    let (int, frac) = match unified.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unified.as_str(), None),
    };
    let digits = int.strip_prefix('-').unwrap_or(int);
    let groups: Vec<&str> = digits.split(',').collect();
    let ok = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| {
        let mut out = int.replace(',', "");
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        out
    })
}

/// Excel serial (1900 system) → date. Serials below 61 fall in Excel's 1900 leap-year bug.
fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(serial.floor() as u64))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d);
        }
    }
    None
}

/// What a raw cell means for `field`: a JSON value, or why it cannot be taken.
pub(super) struct Reading {
    pub(super) value: Option<Value>,
    /// (severity, zh, en)
    pub(super) issue: Option<(&'static str, String, String)>,
}

fn taken(v: Value) -> Reading {
    Reading {
        value: Some(v),
        issue: None,
    }
}

/// An empty cell: no value, nothing to report.
fn nothing() -> Reading {
    Reading {
        value: None,
        issue: None,
    }
}

fn refused(zh: String, en: String) -> Reading {
    Reading {
        value: None,
        issue: Some(("error", zh, en)),
    }
}

fn corrected(v: Value, zh: String, en: String) -> Reading {
    Reading {
        value: Some(v),
        issue: Some(("warning", zh, en)),
    }
}

fn decimal_from_f64(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    let s = format!("{f}");
    s.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(&s).ok())
}

pub(super) fn read(raw: &Raw, field: &Field, rd: &RefData) -> Reading {
    if field.list == FILES {
        return read_files(raw);
    }
    let r = match (field.kind, raw) {
        (_, Raw::Error(e)) => refused(
            format!("单元格是错误值{e}"),
            format!("the cell holds the error value {e}"),
        ),
        (Kind::Text, Raw::Text(s)) => {
            let s = s.replace("\r\n", "\n");
            if s.trim().is_empty() {
                nothing()
            } else {
                taken(Value::String(s))
            }
        }
        (Kind::Text, Raw::Float(f)) => match decimal_from_f64(*f) {
            Some(d) => taken(Value::String(d.normalize().to_string())),
            None => refused("数值无效".into(), "invalid number".into()),
        },
        (Kind::Text, Raw::Int(i)) => taken(Value::String(i.to_string())),
        (Kind::Text, Raw::Bool(b)) => taken(Value::String(if *b { "是" } else { "否" }.into())),
        (Kind::Text, Raw::Date(f)) => match serial_date(*f) {
            Some(d) => taken(Value::String(d.to_string())),
            None => refused("日期无效".into(), "invalid date".into()),
        },
        (Kind::Decimal, _) => read_decimal(raw, field.scale),
        (Kind::Integer, _) => read_integer(raw),
        (Kind::Date, Raw::Date(f) | Raw::Float(f)) => match serial_date(*f) {
            Some(d) => taken(Value::String(d.to_string())),
            None => refused("日期无效".into(), "invalid date".into()),
        },
        (Kind::Date, Raw::Text(s)) => {
            let (h, _) = halfwidth(s);
            if h.trim().is_empty() {
                nothing()
            } else {
                match parse_date(&h) {
                    Some(d) => taken(Value::String(d.to_string())),
                    None => refused(
                        format!("“{s}”不是日期，请按2024-03-01格式填写"),
                        format!("\"{s}\" is not a date; write it as 2024-03-01"),
                    ),
                }
            }
        }
        (Kind::Bool, Raw::Bool(b)) => taken(Value::Bool(*b)),
        (Kind::Bool, Raw::Text(s)) => match s.trim() {
            "是" | "Y" | "y" | "true" | "TRUE" | "√" => taken(Value::Bool(true)),
            "否" | "N" | "n" | "false" | "FALSE" | "×" => taken(Value::Bool(false)),
            "" => nothing(),
            other => refused(
                format!("“{other}”应为“是”或“否”"),
                format!("\"{other}\" must be 是 or 否"),
            ),
        },
        (kind, other) => refused(
            format!("单元格内容类型不符（应为{}）", kind_zh(kind)),
            format!("wrong kind of value {other:?} (expected {kind:?})"),
        ),
    };
    // Dropdown values must be one of the list; a shown label is stored as its code.
    if let (Some(Value::String(s)), false) = (&r.value, field.list.is_empty()) {
        let entries = list_entries(&field.list, rd);
        let t = s.trim();
        if !entries.is_empty() {
            if let Some((code, _)) = entries.iter().find(|(code, shown)| shown == t || code == t) {
                return Reading {
                    value: Some(Value::String(code.clone())),
                    issue: r.issue,
                };
            }
            // A code typed without its leading zeros ("1" for 01), as Excel does to a number.
            let padded = t.chars().all(|c| c.is_ascii_digit()).then(|| {
                entries.iter().find(|(code, _)| {
                    code.len() > t.len()
                        && code.chars().all(|c| c.is_ascii_digit())
                        && code.trim_start_matches('0') == t.trim_start_matches('0')
                })
            });
            return match padded.flatten() {
                Some((code, shown)) => {
                    let named = if shown == code {
                        String::new()
                    } else {
                        format!("（{shown}）")
                    };
                    corrected(
                        Value::String(code.clone()),
                        format!("“{s}”按代码{code}{named}读取，请填写完整代码"),
                        format!("\"{s}\" read as code {code}{named}; write the full code"),
                    )
                }
                None => refused(
                    format!("“{s}”不在下拉选项中"),
                    format!("\"{s}\" is not one of the dropdown values"),
                ),
            };
        }
    }
    r
}

fn kind_zh(k: Kind) -> &'static str {
    match k {
        Kind::Text => "文字",
        Kind::Decimal => "数字",
        Kind::Integer => "整数",
        Kind::Date => "日期",
        Kind::Bool => "是/否",
    }
}

fn read_decimal(raw: &Raw, scale: u32) -> Reading {
    let (d, fixed_text) = match raw {
        Raw::Float(f) | Raw::Date(f) => (decimal_from_f64(*f), None),
        Raw::Int(i) => (Some(Decimal::from(*i)), None),
        Raw::Text(s) => {
            let (h, changed) = halfwidth(s);
            let t = h.trim();
            if t.is_empty() {
                return nothing();
            }
            let plain = without_thousands(t);
            match plain.as_deref().unwrap_or(t).parse::<Decimal>() {
                Ok(d) if plain.is_some() => {
                    let v = Value::String(at_scale(d, scale));
                    if d.abs() > crate::model::Qty::MAX_INPUT {
                        return refused("数值过大".into(), "the number is too large".into());
                    }
                    return corrected(
                        v,
                        format!("“{s}”含千位分隔符，已按{}读取", at_scale(d, scale)),
                        format!(
                            "\"{s}\" has thousands separators; read as {}",
                            at_scale(d, scale)
                        ),
                    );
                }
                Ok(d) => (Some(d), Some((s.clone(), changed))),
                Err(_) => {
                    return refused(
                        format!("单元格为文字“{s}”，应填数字"),
                        format!("the cell holds the text \"{s}\"; a number is expected"),
                    )
                }
            }
        }
        Raw::Bool(_) | Raw::Error(_) => {
            return refused("应填数字".into(), "a number is expected".into())
        }
    };
    let Some(d) = d else {
        return refused("数值无效".into(), "invalid number".into());
    };
    if d.abs() > crate::model::Qty::MAX_INPUT {
        return refused("数值过大".into(), "the number is too large".into());
    }
    let v = Value::String(at_scale(d, scale));
    if d.normalize().scale() > scale {
        return corrected(
            v,
            format!("小数超过{scale}位，已四舍五入"),
            format!("more than {scale} decimals; rounded"),
        );
    }
    match fixed_text {
        Some((s, true)) => corrected(
            v,
            format!("“{s}”含全角数字，已按半角读取"),
            format!("\"{s}\" has full-width digits; read as ASCII"),
        ),
        Some((s, false)) => corrected(
            v,
            format!("“{s}”是文本格式的数字，已按数字读取"),
            format!("\"{s}\" is a number stored as text; read as a number"),
        ),
        None => taken(v),
    }
}

fn read_integer(raw: &Raw) -> Reading {
    match raw {
        Raw::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => taken(Value::from(*f as i64)),
        Raw::Int(i) => taken(Value::from(*i)),
        Raw::Float(f) => refused(format!("{f}不是整数"), format!("{f} is not a whole number")),
        Raw::Text(s) => {
            let (h, changed) = halfwidth(s);
            let t = h.trim();
            if t.is_empty() {
                return nothing();
            }
            let stripped = t.trim_end_matches(['年', '人', '个', '张', '台']);
            let plain = without_thousands(stripped);
            let stripped = plain.as_deref().unwrap_or(stripped);
            match stripped.parse::<i64>() {
                Ok(i) if stripped != t || changed => corrected(
                    Value::from(i),
                    format!("“{s}”已按整数{i}读取，请只填数字"),
                    format!("\"{s}\" read as {i}; enter digits only"),
                ),
                Ok(i) => corrected(
                    Value::from(i),
                    format!("“{s}”是文本格式的数字，已按数字读取"),
                    format!("\"{s}\" is a number stored as text"),
                ),
                Err(_) => refused(
                    format!("单元格为文字“{s}”，应填整数"),
                    format!("the cell holds the text \"{s}\"; a whole number is expected"),
                ),
            }
        }
        _ => refused("应填整数".into(), "a whole number is expected".into()),
    }
}
