//! 差异 — the one comparison of two versions of a document, field by field: the county's diff of
//! a unit's versions and the upper level's check of an office's figures against its own
//! recomputation both go through [`fields`].

use std::collections::{BTreeMap, BTreeSet};

/// One field whose value differs; `None` on the side that lacks the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields that differ between `before` and `after` (named values), in path order. Two
/// decimals are the same when their values are (`1.50` = `1.5`); a field on one side only is a
/// difference.
pub fn fields(
    before: impl IntoIterator<Item = (String, String)>,
    after: impl IntoIterator<Item = (String, String)>,
) -> Vec<Change> {
    let a: BTreeMap<String, String> = before.into_iter().collect();
    let b: BTreeMap<String, String> = after.into_iter().collect();
    let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter(|p| !same(a.get(*p), b.get(*p)))
        .map(|p| Change {
            path: p.clone(),
            before: a.get(p).cloned(),
            after: b.get(p).cloned(),
        })
        .collect()
}

fn same(a: Option<&String>, b: Option<&String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => match (
            a.parse::<rust_decimal::Decimal>(),
            b.parse::<rust_decimal::Decimal>(),
        ) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        },
        (a, b) => a == b,
    }
}

/// A JSON document as named values: `energy[2].factor = 13.9`; objects by key, arrays by index,
/// `null` left out.
pub fn flatten(v: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk("", v, &mut out);
    out
}

fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                walk(&p, x, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(&format!("{prefix}[{i}]"), x, out);
            }
        }
        serde_json::Value::Null => {}
        serde_json::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_on_one_side_and_changed_values_differ_equal_decimals_do_not() {
        let a = flatten(
            &serde_json::json!({"x": "1.50", "rows": [{"q": "2"}], "gone": "a", "n": null}),
        );
        let b = flatten(&serde_json::json!({"x": "1.5", "rows": [{"q": "3"}], "new": true}));
        let d = fields(a, b);
        let got: Vec<(&str, Option<&str>, Option<&str>)> = d
            .iter()
            .map(|c| (c.path.as_str(), c.before.as_deref(), c.after.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("gone", Some("a"), None),
                ("new", None, Some("true")),
                ("rows[0].q", Some("2"), Some("3")),
            ]
        );
    }
}
