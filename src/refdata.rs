//! 基础数据 — reference data shipped in `seeds/` and embedded at build time.
//!
//! Every table is parsed from the seed text on first use; [`RefData::builtin`] returns the one
//! shared copy. Confidence tags follow `seeds/README.md`: `P` primary, `S` secondary, `M`
//! unverified memory. Unverified values are defaults that a later edition replaces, and the UI
//! marks them so.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::{Factor, Tce};

pub mod carbon_registry;

/// Where a value comes from and how sure we are of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Confidence {
    /// Primary source seen.
    P,
    /// Secondary source seen.
    S,
    /// From memory; unverified.
    M,
}

/// Energy kind of a 205-1 row, used to group charts and to find electricity and heat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EnergyKind {
    Coal,
    Coke,
    Gas,
    Oil,
    Heat,
    Electricity,
    Other,
}

/// 205-1 能源目录的一行 — an energy of the catalog with its reference coefficient.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CatalogEnergy {
    pub code: String,
    pub name: String,
    /// The English name the app shows in English.
    pub name_en: String,
    pub unit: String,
    /// Other spellings of `unit` accepted on input (`;`-separated in the seed).
    #[serde(deserialize_with = "split_list")]
    pub aliases: Vec<String>,
    /// 参考折标系数 (丁), tce per unit; absent when no reference value exists.
    pub factor: Option<Factor>,
    /// Allowed range of the adopted coefficient.
    pub min: Factor,
    pub max: Factor,
    /// Electricity and heat: the adopted coefficient must equal the reference.
    pub fixed: bool,
    pub kind: EnergyKind,
    /// The GB/T 2589-2020 Annex A entry this coefficient is taken from, if any.
    pub gbt2589: String,
    pub confidence: Confidence,
}

impl CatalogEnergy {
    /// Whether `unit` names this energy's unit (the catalog spelling or an accepted alias).
    pub fn accepts_unit(&self, unit: &str) -> bool {
        let u = unit.trim();
        u.is_empty() || u == self.unit || self.aliases.iter().any(|a| a == u)
    }
}

/// GB/T 2589-2020 附录A — a coefficient with its average low calorific value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Gbt2589Coefficient {
    pub name: String,
    /// Physical unit the values are per (kg, m³, kWh, MJ).
    pub unit: String,
    /// 平均低位发热量, kcal per unit.
    pub kcal: Decimal,
    /// 折标准煤系数, kgce per unit.
    pub kgce: Decimal,
    pub confidence: Confidence,
}

/// GB/T 2589-2020 附录B — 耗能工质 equal-value coefficients.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkingMedium {
    pub name: String,
    pub unit: String,
    pub mj: Decimal,
    pub kcal: Decimal,
    pub kgce: Decimal,
    pub confidence: Confidence,
}

/// 供电标准煤耗 of one year, for electricity's 等价值.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ElectricityEqualValue {
    pub year: i32,
    pub gce_per_kwh: Decimal,
    pub confidence: Confidence,
}

/// 污染物 of the reduction ledger.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PollutantInfo {
    /// The code of a [`crate::model::Pollutant`] (its labels live there).
    pub code: String,
    pub medium: String,
    /// Counted in the 十四五 总量减排 targets.
    pub counted: bool,
}

/// 重点减排工程类别 (2021/2022 总量减排核算技术指南).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReductionCategory {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub medium: String,
    #[serde(deserialize_with = "split_list")]
    pub pollutants: Vec<String>,
    pub confidence: Confidence,
}

/// 十四五 重点工程减排量 targets of a local plan (examples a county can start from).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanTarget {
    pub plan: String,
    pub pollutant: String,
    pub tonnes: Decimal,
    pub period: String,
    pub source: String,
}

/// 节能技改项目类别.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavingCategory {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

/// 能效标杆水平和基准水平 — one field's levels in one edition.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Benchmark {
    pub key: String,
    pub edition: i32,
    pub field: String,
    pub name: String,
    pub name_en: String,
    pub unit: String,
    /// 标杆水平 (better or equal is leading)
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub benchmark: Decimal,
    /// 基准水平 (worse is below the floor)
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub baseline: Decimal,
    /// Transcribed from a seen source; `false` means the value is unverified.
    pub verified: bool,
    pub source: String,
}

/// A code list entry (GB/T 2260 region or GB/T 4754 industry).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeEntry {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent: String,
}

/// 购进单价参考范围 of one 205-1 energy (`seeds/purchase_prices.csv`): a plausible band of the
/// purchase price in 元 per catalog unit, for catching amounts typed in 元 or 万元 instead of 千元
/// and misplaced decimals. Bands tagged `M` are estimates from public price levels (未核实).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PriceBand {
    pub code: String,
    pub name: String,
    /// 元 per catalog unit, spelled out (元/吨, 元/万立方米 …).
    pub price_unit: String,
    pub min: Decimal,
    pub max: Decimal,
    pub edition: String,
    pub source: String,
    pub confidence: Confidence,
}

/// Statutory thresholds and defaults (`seeds/thresholds.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Thresholds {
    pub key_unit: KeyUnit,
    pub online_monitoring: OnlineMonitoring,
    pub saving_projects: SavingProjectThresholds,
    pub green_certificate: GreenCertificate,
    pub filing: Filing,
    pub year_on_year: YearOnYear,
    pub justification: JustificationRule,
    pub purchase_price: PurchasePrice,
}

/// How far outside its band a purchase price must be to be a unit slip (warning) rather than an
/// unusual price (hint, while the band is unverified).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PurchasePrice {
    pub slip_factor: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyUnit {
    pub statutory_tce: Tce,
    pub designated_tce: Tce,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OnlineMonitoring {
    pub tce: Tce,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavingProjectThresholds {
    pub saving_tce: Tce,
    pub investment_10k_yuan: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GreenCertificate {
    pub electricity_10k_kwh: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Filing {
    pub deadline_month: u32,
    pub deadline_day: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearOnYear {
    pub threshold_pct: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JustificationRule {
    pub min_chars: usize,
}

/// A seed file that failed to parse. Seeds are embedded, so this only happens in development.
#[derive(Debug, thiserror::Error)]
#[error("seed {file}: {message}")]
pub struct SeedError {
    pub file: &'static str,
    pub message: String,
}

/// All reference data, parsed.
#[derive(Debug, Clone)]
pub struct RefData {
    pub energy: Vec<CatalogEnergy>,
    pub gbt2589: Vec<Gbt2589Coefficient>,
    pub working_media: Vec<WorkingMedium>,
    pub electricity_equal_value: Vec<ElectricityEqualValue>,
    pub pollutants: Vec<PollutantInfo>,
    pub reduction_categories: Vec<ReductionCategory>,
    pub saving_categories: Vec<SavingCategory>,
    pub benchmarks: Vec<Benchmark>,
    pub plan_targets: Vec<PlanTarget>,
    /// 购进单价参考范围 per 205-1 code.
    pub purchase_prices: Vec<PriceBand>,
    pub regions: Vec<CodeEntry>,
    pub industries: Vec<CodeEntry>,
    pub thresholds: Thresholds,
    /// 碳排放 factor registry: fuel parameters, grid and heat factors, settings.
    pub carbon: carbon_registry::Registry,
    energy_index: BTreeMap<String, usize>,
    price_index: BTreeMap<String, usize>,
    region_index: BTreeMap<String, usize>,
    industry_index: BTreeMap<String, usize>,
}

/// The seed files, by name, as embedded in the binary.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "energy_catalog.csv",
        include_str!("../seeds/energy_catalog.csv"),
    ),
    (
        "gbt2589_coefficients.csv",
        include_str!("../seeds/gbt2589_coefficients.csv"),
    ),
    (
        "working_media.csv",
        include_str!("../seeds/working_media.csv"),
    ),
    (
        "electricity_equal_value.csv",
        include_str!("../seeds/electricity_equal_value.csv"),
    ),
    ("pollutants.csv", include_str!("../seeds/pollutants.csv")),
    (
        "reduction_categories.csv",
        include_str!("../seeds/reduction_categories.csv"),
    ),
    (
        "saving_project_categories.csv",
        include_str!("../seeds/saving_project_categories.csv"),
    ),
    ("benchmarks.csv", include_str!("../seeds/benchmarks.csv")),
    (
        "plan_targets.csv",
        include_str!("../seeds/plan_targets.csv"),
    ),
    (
        "purchase_prices.csv",
        include_str!("../seeds/purchase_prices.csv"),
    ),
    ("regions.csv", include_str!("../seeds/regions.csv")),
    ("industries.csv", include_str!("../seeds/industries.csv")),
    ("thresholds.toml", include_str!("../seeds/thresholds.toml")),
    (
        "carbon_fuels.csv",
        include_str!("../seeds/carbon_fuels.csv"),
    ),
    ("carbon_grid.csv", include_str!("../seeds/carbon_grid.csv")),
    (
        "carbon_grid_regions.csv",
        include_str!("../seeds/carbon_grid_regions.csv"),
    ),
    ("carbon_heat.csv", include_str!("../seeds/carbon_heat.csv")),
    (
        "carbon_settings.toml",
        include_str!("../seeds/carbon_settings.toml"),
    ),
];

fn seed(file: &'static str) -> Result<&'static str, SeedError> {
    SEEDS
        .iter()
        .find(|(n, _)| *n == file)
        .map(|(_, t)| *t)
        .ok_or(SeedError {
            file,
            message: "not embedded".into(),
        })
}

fn csv_rows<T: DeserializeOwned>(file: &'static str) -> Result<Vec<T>, SeedError> {
    let mut rd = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(seed(file)?.as_bytes());
    rd.deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| SeedError {
            file,
            message: e.to_string(),
        })
}

fn split_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let s = String::deserialize(d)?;
    Ok(s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect())
}

fn index<T>(
    file: &'static str,
    rows: &[T],
    key: impl Fn(&T) -> &str,
) -> Result<BTreeMap<String, usize>, SeedError> {
    let mut m = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if m.insert(key(r).to_string(), i).is_some() {
            return Err(SeedError {
                file,
                message: format!("duplicate key {}", key(r)),
            });
        }
    }
    Ok(m)
}

impl RefData {
    /// The targets of the local plan `plan` (e.g. 黔东南州); an unknown plan is an input error
    /// naming the known ones.
    pub fn plan(&self, plan: &str) -> crate::Result<Vec<&PlanTarget>> {
        let rows: Vec<&PlanTarget> = self
            .plan_targets
            .iter()
            .filter(|t| t.plan == plan)
            .collect();
        if rows.is_empty() {
            let known: std::collections::BTreeSet<&str> =
                self.plan_targets.iter().map(|t| t.plan.as_str()).collect();
            return Err(crate::Error::input(
                crate::text::Text::same("--from-plan"),
                {
                    let known = known.into_iter().collect::<Vec<_>>().join("、");
                    crate::text::Text::new(
                        format!("没有名为“{plan}”的规划目标（已有：{known}）"),
                        format!("no plan \"{plan}\" (known: {known})"),
                    )
                },
            ));
        }
        Ok(rows)
    }

    /// Parses every seed.
    pub fn load() -> Result<Self, SeedError> {
        let energy: Vec<CatalogEnergy> = csv_rows("energy_catalog.csv")?;
        let regions: Vec<CodeEntry> = csv_rows("regions.csv")?;
        let industries: Vec<CodeEntry> = csv_rows("industries.csv")?;
        let thresholds: Thresholds =
            toml::from_str(seed("thresholds.toml")?).map_err(|e| SeedError {
                file: "thresholds.toml",
                message: e.to_string(),
            })?;
        let energy_index = index("energy_catalog.csv", &energy, |e| &e.code)?;
        let purchase_prices: Vec<PriceBand> = csv_rows("purchase_prices.csv")?;
        let price_index = index("purchase_prices.csv", &purchase_prices, |p| &p.code)?;
        for p in &purchase_prices {
            let Some(&i) = energy_index.get(&p.code) else {
                return Err(SeedError {
                    file: "purchase_prices.csv",
                    message: format!("code {} is not in the energy catalog", p.code),
                });
            };
            let cat = &energy[i];
            if p.name != cat.name || p.price_unit != format!("元/{}", cat.unit) {
                return Err(SeedError {
                    file: "purchase_prices.csv",
                    message: format!(
                        "code {}: name and unit must be the catalog's ({}, 元/{})",
                        p.code, cat.name, cat.unit
                    ),
                });
            }
            if !(p.min > Decimal::ZERO && p.min < p.max) || p.source.trim().is_empty() {
                return Err(SeedError {
                    file: "purchase_prices.csv",
                    message: format!("code {}: need 0 < min < max and a source", p.code),
                });
            }
        }
        let carbon = carbon_registry::Registry::parse(
            csv_rows("carbon_fuels.csv")?,
            csv_rows("carbon_grid.csv")?,
            csv_rows("carbon_heat.csv")?,
            csv_rows("carbon_grid_regions.csv")?,
            seed("carbon_settings.toml")?,
        )?;
        if let Some((file, message)) = carbon
            .problems(|code| energy_index.contains_key(code))
            .into_iter()
            .next()
        {
            return Err(SeedError { file, message });
        }
        Ok(RefData {
            energy_index,
            price_index,
            purchase_prices,
            carbon,
            region_index: index("regions.csv", &regions, |e| &e.code)?,
            industry_index: index("industries.csv", &industries, |e| &e.code)?,
            energy,
            gbt2589: csv_rows("gbt2589_coefficients.csv")?,
            working_media: csv_rows("working_media.csv")?,
            electricity_equal_value: csv_rows("electricity_equal_value.csv")?,
            pollutants: csv_rows("pollutants.csv")?,
            reduction_categories: csv_rows("reduction_categories.csv")?,
            saving_categories: csv_rows("saving_project_categories.csv")?,
            benchmarks: csv_rows("benchmarks.csv")?,
            plan_targets: csv_rows("plan_targets.csv")?,
            regions,
            industries,
            thresholds,
        })
    }

    /// The shared, parsed copy of the built-in seeds.
    pub fn builtin() -> Result<&'static RefData, SeedError> {
        static CELL: OnceLock<Result<RefData, SeedError>> = OnceLock::new();
        match CELL.get_or_init(RefData::load) {
            Ok(r) => Ok(r),
            Err(e) => Err(SeedError {
                file: e.file,
                message: e.message.clone(),
            }),
        }
    }

    pub fn energy(&self, code: &str) -> Option<&CatalogEnergy> {
        self.energy_index.get(code).map(|&i| &self.energy[i])
    }

    /// The purchase-price band of a 205-1 code, if one is shipped.
    pub fn price_band(&self, code: &str) -> Option<&PriceBand> {
        self.price_index
            .get(code)
            .map(|&i| &self.purchase_prices[i])
    }

    pub fn region(&self, code: &str) -> Option<&CodeEntry> {
        self.region_index.get(code).map(|&i| &self.regions[i])
    }

    pub fn industry(&self, code: &str) -> Option<&CodeEntry> {
        self.industry_index.get(code).map(|&i| &self.industries[i])
    }

    /// GB/T 4754 门类 of an industry code (a letter, or a 2+ digit class whose division is known).
    pub fn industry_section(&self, code: &str) -> Option<&str> {
        let code = code.trim();
        let entry = if code.len() > 2 && code.is_char_boundary(2) {
            self.industry(&code[..2])
        } else {
            self.industry(code)
        }?;
        if entry.level == "section" {
            Some(&entry.code)
        } else {
            Some(&entry.parent)
        }
    }

    /// Industrial units (门类 B 采矿业, C 制造业, D 电力热力燃气及水) report 综合能耗 on the basis of
    /// 工业生产消费; every other unit on its whole consumption. Unknown codes count as industrial,
    /// the common case for 重点用能单位.
    pub fn is_industrial(&self, industry_code: &str) -> bool {
        !matches!(self.industry_section(industry_code), Some(s) if !matches!(s, "B" | "C" | "D"))
    }

    /// Electricity 等价值 coefficient for `year`, in tce/万kWh (供电煤耗 gce/kWh ÷ 100), with the
    /// year whose figure was used (the latest not after `year`, else the earliest).
    pub fn electricity_equal_factor(&self, year: i32) -> Option<(Factor, i32)> {
        let row = self
            .electricity_equal_value
            .iter()
            .filter(|r| r.year <= year)
            .max_by_key(|r| r.year)
            .or_else(|| self.electricity_equal_value.iter().min_by_key(|r| r.year))?;
        Some((
            Factor::round(row.gce_per_kwh / Decimal::ONE_HUNDRED),
            row.year,
        ))
    }

    /// The applicable benchmark: the newest edition not after `year`.
    pub fn benchmark(&self, key: &str, year: i32) -> Option<&Benchmark> {
        self.benchmarks
            .iter()
            .filter(|b| b.key == key && b.edition <= year)
            .max_by_key(|b| b.edition)
            .or_else(|| {
                self.benchmarks
                    .iter()
                    .filter(|b| b.key == key)
                    .min_by_key(|b| b.edition)
            })
    }

    pub fn pollutant(&self, code: &str) -> Option<&PollutantInfo> {
        self.pollutants.iter().find(|p| p.code == code)
    }

    pub fn reduction_category(&self, code: &str) -> Option<&ReductionCategory> {
        self.reduction_categories.iter().find(|c| c.code == code)
    }
}
