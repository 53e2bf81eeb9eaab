//! Dotted paths with indices (`report.energy[3].factor`) into a JSON document.

use serde_json::{Map, Value};

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Seg<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return None;
        }
        out.push(Seg::Key(key));
        while let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            out.push(Seg::Index(r[..close].parse().ok()?));
            rest = &r[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The value at `path`, if present.
pub fn get_path<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let mut v = root;
    for s in segments(path)? {
        v = match s {
            Seg::Key(k) => v.get(k)?,
            Seg::Index(i) => v.get(i)?,
        };
    }
    Some(v)
}

/// Sets `path` to `value`, creating objects and extending arrays (with empty objects) on the way.
/// Returns false when the path is malformed or crosses a value of another shape.
pub fn set_path(root: &mut Value, path: &str, value: Value) -> bool {
    let Some(segs) = segments(path) else {
        return false;
    };
    let mut v = root;
    for (n, s) in segs.iter().enumerate() {
        let last = n + 1 == segs.len();
        let next_is_index = matches!(segs.get(n + 1), Some(Seg::Index(_)));
        let empty = || {
            if next_is_index {
                Value::Array(Vec::new())
            } else {
                Value::Object(Map::new())
            }
        };
        match s {
            Seg::Key(k) => {
                if v.is_null() {
                    *v = Value::Object(Map::new());
                }
                let Some(obj) = v.as_object_mut() else {
                    return false;
                };
                if last {
                    obj.insert((*k).to_string(), value);
                    return true;
                }
                v = obj.entry((*k).to_string()).or_insert_with(empty);
            }
            Seg::Index(i) => {
                if v.is_null() {
                    *v = Value::Array(Vec::new());
                }
                let Some(arr) = v.as_array_mut() else {
                    return false;
                };
                // Holes stay null; the element itself becomes what the next segment needs.
                while arr.len() <= *i {
                    arr.push(Value::Null);
                }
                if !last && arr[*i].is_null() {
                    arr[*i] = empty();
                }
                if last {
                    arr[*i] = value;
                    return true;
                }
                v = &mut arr[*i];
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn get_and_set() {
        let mut doc = json!({});
        assert!(set_path(&mut doc, "report.energy[1].code", json!("33")));
        assert!(set_path(&mut doc, "report.enterprise.name", json!("某厂")));
        assert_eq!(
            doc,
            json!({"report": {"energy": [null, {"code": "33"}], "enterprise": {"name": "某厂"}}})
        );
        assert_eq!(get_path(&doc, "report.energy[1].code"), Some(&json!("33")));
        assert_eq!(get_path(&doc, "report.energy[5].code"), None);
        assert!(
            !set_path(&mut doc, "report.enterprise.name.x", json!(1)),
            "cannot descend into a string"
        );
        assert!(!set_path(&mut doc, "a..b", json!(1)));
        // Arrays inside arrays, as computed.indicator_changes holds (key, change) pairs.
        let mut doc = json!({});
        assert!(set_path(
            &mut doc,
            "computed.pairs[1][1].pct",
            json!("2.26")
        ));
        assert_eq!(
            doc,
            json!({"computed": {"pairs": [null, [null, {"pct": "2.26"}]]}})
        );
    }
}
