//! Opening a workbook: its manifest read back (keys, rows, the payload parts joined) and the
//! pack it is in, with the cells of the pack's area.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pack::{Pack, BUILTIN};
use crate::text::Text;

use super::read;
use super::write::MANIFEST_SHEET;
use super::{areas, write, XlsxError};

/// Most payload parts a manifest may declare: 64 × 30,000 characters, far above any report.
pub const MAX_PAYLOAD_PARTS: usize = 64;

/// The manifest as read: keys to values, payload joined.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub fields: BTreeMap<String, String>,
    /// Row (1-based) of each key, to name the cell of a value that disagrees.
    pub rows: BTreeMap<String, usize>,
    pub payload: String,
    /// The declared part count was not a number within [`MAX_PAYLOAD_PARTS`], or parts were
    /// missing or repeated.
    pub malformed: bool,
}

impl Manifest {
    pub(super) fn from_rows(rows: &[(String, String)]) -> Self {
        let mut m = Manifest::default();
        let mut parts: BTreeMap<usize, &str> = BTreeMap::new();
        for (i, (k, v)) in rows.iter().enumerate() {
            if let Some(n) = k.strip_prefix("payload.") {
                match n.parse::<usize>() {
                    Ok(n) if n < MAX_PAYLOAD_PARTS && !parts.contains_key(&n) => {
                        parts.insert(n, v);
                    }
                    _ => m.malformed = true,
                }
            } else {
                if m.fields.insert(k.clone(), v.clone()).is_some() {
                    m.malformed = true;
                }
                m.rows.insert(k.clone(), i + 1);
            }
        }
        let declared = m.fields.get("payload_parts").map(|v| v.parse::<usize>());
        match declared {
            None => {}
            Some(Ok(n))
                if n <= MAX_PAYLOAD_PARTS && parts.len() == n && parts.keys().copied().eq(0..n) =>
            {
                m.payload = parts.values().copied().collect();
            }
            Some(_) => m.malformed = true,
        }
        m
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.fields.get(k).map(String::as_str)
    }

    /// `_manifest!B7`, the cell holding a key's value.
    pub(super) fn cell(&self, k: &str) -> String {
        match self.rows.get(k) {
            Some(r) => format!("{MANIFEST_SHEET}!B{r}"),
            None => format!("{MANIFEST_SHEET}!{k}"),
        }
    }
}

/// Rows of the cover read back to compare its identity lines with the signed content.
pub(super) const COVER_ROWS: u32 = 40;

/// Finds the pack of a workbook: the one its manifest names, else a built-in pack whose sheets
/// are all present (an unsigned file from an older version or another tool).
pub(super) fn detect_pack(bytes: &[u8]) -> Result<(&'static Pack, read::Book), XlsxError> {
    let mut o = read::Opened::new(bytes)?;
    let manifest_rows = o.manifest(MANIFEST_SHEET)?;
    let manifest = Manifest::from_rows(&manifest_rows);
    let pack = match manifest.get("pack") {
        Some(id) => Pack::builtin(id)?,
        // Every sheet present; else, for a workbook of an earlier version that lacks the later
        // tables, the pack whose first table is there and most of whose sheets are (the
        // missing ones are named when importing).
        None => BUILTIN
            .iter()
            .filter_map(|(id, _)| Pack::builtin(id).ok())
            .find(|p| p.tables.iter().all(|t| o.has_sheet(&t.sheet)))
            .or_else(|| {
                BUILTIN
                    .iter()
                    .filter_map(|(id, _)| Pack::builtin(id).ok())
                    .filter(|p| p.tables.first().is_some_and(|t| o.has_sheet(&t.sheet)))
                    .max_by_key(|p| {
                        let present = p.tables.iter().filter(|t| o.has_sheet(&t.sheet)).count();
                        // Ties go to the first pack (national).
                        (present, std::cmp::Reverse(p.pack.id != "national"))
                    })
            })
            .ok_or_else(|| {
                XlsxError::Unrecognized(Text::new(
                    "不是能报生成的工作簿，也不符合任何已知表式",
                    "not a Nengbao workbook and no known pack matches its sheets",
                ))
            })?,
    };
    let mut areas = areas(pack);
    areas
        .entry(write::COVER_SHEET.to_string())
        .or_insert((COVER_ROWS, 1));
    let cells = o.cells(&areas)?;
    Ok((
        pack,
        read::Book {
            sheets: o.sheets,
            cells,
            manifest: manifest_rows,
        },
    ))
}

/// A refusal for one of the reader's limits, as opposed to a file that is simply not a workbook.
pub(super) fn over_limit(e: &read::ReadError) -> bool {
    e.is_limit()
}
