//! 参考目录 — what the app's dropdowns and labels read, in one answer: the 205-1 energies,
//! the 能效标杆 editions, every list a built-in pack uses with its Chinese and English labels
//! (`pack::list`), the GB/T 2260 regions and GB/T 4754 industries, and intake's closed sets. The
//! interface holds no copy of a list of its own; it shows the half of its language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::county_state::{self, StateLabels};
use crate::model::ListEntry;
use crate::refdata::{Benchmark, CatalogEnergy, CodeEntry, RefData};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Catalog {
    pub energy: Vec<CatalogEnergy>,
    /// 能效标杆/基准水平, every edition (the UI picks the one for the report's year).
    pub benchmarks: Vec<Benchmark>,
    /// Every dropdown list a built-in pack uses, by the name the pack gives it, and the lists
    /// of the app's own screens (`model::lists::APP_LISTS`).
    pub lists: BTreeMap<String, Vec<ListEntry>>,
    pub regions: Vec<CodeEntry>,
    pub industries: Vec<CodeEntry>,
    /// Intake's closed sets (outcomes, reasons, statuses) with their zh/en labels.
    pub states: StateLabels,
}

impl Catalog {
    /// The catalog of the built-in seeds and packs.
    pub fn builtin(rd: &RefData) -> Catalog {
        let app_lists = crate::model::lists::APP_LISTS.iter().map(|l| l.to_string());
        let lists = crate::pack::list_names()
            .into_iter()
            .chain(app_lists)
            .map(|l| {
                let entries = crate::pack::list(&l, rd);
                (l, entries)
            })
            .collect();
        Catalog {
            energy: rd.energy.clone(),
            benchmarks: rd.benchmarks.clone(),
            lists,
            regions: rd.regions.clone(),
            industries: rd.industries.clone(),
            states: county_state::labels(),
        }
    }
}
