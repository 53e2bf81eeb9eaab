//! 排放因子登记 — the versioned factor registry parsed from `seeds/carbon_*.csv` and
//! `seeds/carbon_settings.toml`.
//!
//! Invariants (checked when the seeds load, and again by the tests): every row names its source
//! and carries a confidence tag; an edition has at most one row per energy code (fuels) or per
//! scope and area (grid); editions of the same code or scope never overlap in validity; every
//! fuel code is a 205-1 code of the energy catalog. An edition covers a report year only when its
//! validity spans the whole calendar year, and nothing falls back to another series or year.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Confidence, SeedError};

/// How a 205-1 energy enters the CO₂ block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FuelTreatment {
    /// Burned: E = quantity burned × NCV × CC × OF × 44/12.
    Combustion,
    /// Lubricants, paraffin, solvents, asphalt: not burned unless measured parameters are entered
    /// for the row, which declares it burned.
    NonEnergy,
    /// No default exists (煤矸石, waste, other fuels): measured parameters are required.
    MeasuredOnly,
    /// Biomass: its CO₂ is reported separately, outside the total (GB/T 32150-2025 §6).
    Biomass,
    /// 余热余压: zero, the fuel that made it is counted in its own row.
    Recovered,
    /// 热力: purchased heat (col. 2) at the heat factor.
    PurchasedHeat,
    /// 电力: purchased electricity (col. 2) at the grid factor.
    PurchasedElectricity,
}

/// 燃料缺省参数 — one fuel's default parameters in one edition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FuelFactor {
    pub edition: String,
    /// 205-1 energy code
    pub code: String,
    pub treatment: FuelTreatment,
    /// The fuel of the source table the values are taken from
    pub fuel: String,
    /// 低位发热量, GJ per row unit
    pub ncv: Option<Decimal>,
    pub ncv_unit: String,
    /// 单位热值含碳量, tC/GJ
    pub carbon_content: Option<Decimal>,
    /// 碳氧化率, fraction
    pub oxidation: Option<Decimal>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub source: String,
    pub confidence: Confidence,
    pub note: String,
}

/// Which grid factor series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridScope {
    /// 全国电网平均排放因子 (location-based)
    National,
    /// 不包括市场化交易的非化石能源电量的全国电网平均排放因子 (residual mix)
    Residual,
    /// 全国化石能源电力二氧化碳排放因子
    Fossil,
    /// 区域电网平均排放因子
    Region,
    /// 省级电力平均二氧化碳排放因子
    Province,
}

impl GridScope {
    pub fn zh(self) -> &'static str {
        match self {
            GridScope::National => "全国电网平均",
            GridScope::Residual => "全国电网平均（不包括市场化交易的非化石能源电量）",
            GridScope::Fossil => "全国化石能源电力",
            GridScope::Region => "区域电网平均",
            GridScope::Province => "省级电力平均",
        }
    }
}

/// 电力二氧化碳排放因子 — one published value of one series.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GridFactor {
    pub edition: String,
    pub scope: GridScope,
    /// Region code (`north` …) or GB/T 2260 province code; empty for national series
    pub area: String,
    /// The year the factor describes
    pub data_year: i32,
    /// tCO₂/MWh (= kgCO₂/kWh)
    pub t_per_mwh: Decimal,
    /// Report years (accounting periods) the edition applies to
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub notice: String,
    pub published: NaiveDate,
    pub source: String,
    pub confidence: Confidence,
    pub note: String,
}

/// 热力排放因子.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeatFactor {
    pub edition: String,
    /// tCO₂/GJ
    pub t_per_gj: Decimal,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub source: String,
    pub confidence: Confidence,
    pub note: String,
}

/// Province → regional grid membership.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GridRegion {
    pub province: String,
    pub name: String,
    pub region: String,
    pub confidence: Confidence,
    pub note: String,
}

/// Which counted certificates may be deducted from energy consumption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnergyDeduction {
    /// Every counted certificate (发改运行〔2022〕1258号).
    AllCertificates,
    /// Leave out certificates bought in the own province (reading of 发改环资〔2024〕113号).
    ExcludeInProvince,
}

/// 核算口径 — the settings that differ between provinces and packs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarbonSettings {
    pub grid_scope: GridScope,
    /// Purchased electricity proved by unbundled certificates counts at zero CO₂.
    pub unbundled_certificates_zero_co2: bool,
    /// The grid electricity left after a green claim is charged at the residual factor.
    pub residual_factor_for_green_remainder: bool,
    pub energy_deduction: EnergyDeduction,
    /// When no edition of the grid series covers the report year yet (the factor of a data
    /// year is published about two years later), account with the latest published edition of
    /// the same series and say so in a warning (CB019) — GB/T 32150-2025 asks for the latest
    /// applicable official factor. Off: the year has no factor and CO₂ is not accounted (CB001).
    #[serde(default = "yes")]
    pub latest_grid_edition_when_unpublished: bool,
}

fn yes() -> bool {
    true
}

/// A province's (or pack's) changes to the default settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsOverride {
    pub grid_scope: Option<GridScope>,
    pub unbundled_certificates_zero_co2: Option<bool>,
    pub residual_factor_for_green_remainder: Option<bool>,
    pub energy_deduction: Option<EnergyDeduction>,
    pub latest_grid_edition_when_unpublished: Option<bool>,
}

impl CarbonSettings {
    /// These settings with `o`'s keys applied.
    pub fn with(self, o: &SettingsOverride) -> Self {
        CarbonSettings {
            grid_scope: o.grid_scope.unwrap_or(self.grid_scope),
            unbundled_certificates_zero_co2: o
                .unbundled_certificates_zero_co2
                .unwrap_or(self.unbundled_certificates_zero_co2),
            residual_factor_for_green_remainder: o
                .residual_factor_for_green_remainder
                .unwrap_or(self.residual_factor_for_green_remainder),
            energy_deduction: o.energy_deduction.unwrap_or(self.energy_deduction),
            latest_grid_edition_when_unpublished: o
                .latest_grid_edition_when_unpublished
                .unwrap_or(self.latest_grid_edition_when_unpublished),
        }
    }
}

/// `seeds/carbon_settings.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsSeed {
    pub default: CarbonSettings,
    #[serde(default)]
    pub province: BTreeMap<String, SettingsOverride>,
}

impl SettingsSeed {
    pub fn parse(text: &str) -> Result<Self, SeedError> {
        toml::from_str(text).map_err(|e| SeedError {
            file: "carbon_settings.toml",
            message: e.to_string(),
        })
    }
}

/// Which factor a gap or an edition is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorKind {
    Fuel,
    Grid,
    Heat,
}

impl FactorKind {
    pub fn zh(self) -> &'static str {
        match self {
            FactorKind::Fuel => "燃料缺省参数",
            FactorKind::Grid => "电力排放因子",
            FactorKind::Heat => "热力排放因子",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            FactorKind::Fuel => "fuel parameters",
            FactorKind::Grid => "grid factor",
            FactorKind::Heat => "heat factor",
        }
    }
}

/// Why no factor could be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// No edition of the series covers the whole report year.
    NotCovered,
    /// The frozen edition id is not in the registry (for this code or series).
    UnknownEdition(String),
}

/// The parsed registry.
#[derive(Debug, Clone)]
pub struct Registry {
    pub fuels: Vec<FuelFactor>,
    pub grid: Vec<GridFactor>,
    pub heat: Vec<HeatFactor>,
    pub regions: Vec<GridRegion>,
    pub settings: SettingsSeed,
}

/// Whether `[from, to]` spans the whole calendar year `year`.
pub fn covers(from: NaiveDate, to: Option<NaiveDate>, year: i32) -> bool {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return false;
    };
    from <= first && to.is_none_or(|t| t >= last)
}

fn overlap(a: (NaiveDate, Option<NaiveDate>), b: (NaiveDate, Option<NaiveDate>)) -> bool {
    let a_ends_before_b = a.1.is_some_and(|t| t < b.0);
    let b_ends_before_a = b.1.is_some_and(|t| t < a.0);
    !(a_ends_before_b || b_ends_before_a)
}

impl Registry {
    /// Parses the five carbon seeds.
    pub fn parse(
        fuels: Vec<FuelFactor>,
        grid: Vec<GridFactor>,
        heat: Vec<HeatFactor>,
        regions: Vec<GridRegion>,
        settings: &str,
    ) -> Result<Self, SeedError> {
        Ok(Registry {
            fuels,
            grid,
            heat,
            regions,
            settings: SettingsSeed::parse(settings)?,
        })
    }

    /// Every broken invariant, as `(seed file, message)`; empty when the registry is sound.
    /// `catalog` says whether a 205-1 code exists.
    pub fn problems(&self, catalog: impl Fn(&str) -> bool) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let sourced = |s: &str| !s.trim().is_empty();
        for f in &self.fuels {
            if !sourced(&f.source) || !sourced(&f.edition) {
                out.push((
                    "carbon_fuels.csv",
                    format!("{} {}: no source or edition", f.edition, f.code),
                ));
            }
            if !catalog(&f.code) {
                out.push((
                    "carbon_fuels.csv",
                    format!(
                        "{}: code {} is not in the energy catalog",
                        f.edition, f.code
                    ),
                ));
            }
            if f.valid_to.is_some_and(|t| t < f.valid_from) {
                out.push((
                    "carbon_fuels.csv",
                    format!("{} {}: validity ends before it starts", f.edition, f.code),
                ));
            }
            let needs_values = matches!(
                f.treatment,
                FuelTreatment::Combustion | FuelTreatment::NonEnergy
            );
            let has_values = f.ncv.is_some() && f.carbon_content.is_some() && f.oxidation.is_some();
            if needs_values && !has_values {
                out.push((
                    "carbon_fuels.csv",
                    format!("{} {}: NCV, CC and OF are required", f.edition, f.code),
                ));
            }
            if f.oxidation
                .is_some_and(|o| o <= Decimal::ZERO || o > Decimal::ONE)
            {
                out.push((
                    "carbon_fuels.csv",
                    format!("{} {}: oxidation is a fraction", f.edition, f.code),
                ));
            }
        }
        for (i, a) in self.fuels.iter().enumerate() {
            for b in &self.fuels[..i] {
                if a.code != b.code {
                    continue;
                }
                if a.edition == b.edition {
                    out.push((
                        "carbon_fuels.csv",
                        format!("{}: code {} twice", a.edition, a.code),
                    ));
                } else if overlap((a.valid_from, a.valid_to), (b.valid_from, b.valid_to)) {
                    out.push((
                        "carbon_fuels.csv",
                        format!(
                            "code {}: editions {} and {} overlap in validity",
                            a.code, a.edition, b.edition
                        ),
                    ));
                }
            }
        }
        for g in &self.grid {
            if !sourced(&g.source) || !sourced(&g.edition) {
                out.push((
                    "carbon_grid.csv",
                    format!("{}: no source or edition", g.edition),
                ));
            }
            let area_ok = match g.scope {
                GridScope::National | GridScope::Residual | GridScope::Fossil => g.area.is_empty(),
                GridScope::Region => self.regions.iter().any(|r| r.region == g.area),
                GridScope::Province => self.regions.iter().any(|r| r.province == g.area),
            };
            if !area_ok {
                out.push((
                    "carbon_grid.csv",
                    format!("{}: unknown area \"{}\"", g.edition, g.area),
                ));
            }
            if g.t_per_mwh <= Decimal::ZERO || g.t_per_mwh >= Decimal::TWO {
                out.push((
                    "carbon_grid.csv",
                    format!("{}: factor out of range", g.edition),
                ));
            }
            if g.published.year() < g.data_year {
                out.push((
                    "carbon_grid.csv",
                    format!("{}: published before its data year", g.edition),
                ));
            }
        }
        for (i, a) in self.grid.iter().enumerate() {
            for b in &self.grid[..i] {
                if a.edition == b.edition {
                    out.push(("carbon_grid.csv", format!("{}: twice", a.edition)));
                } else if a.scope == b.scope
                    && a.area == b.area
                    && overlap((a.valid_from, a.valid_to), (b.valid_from, b.valid_to))
                {
                    out.push((
                        "carbon_grid.csv",
                        format!("{} and {} overlap in validity", a.edition, b.edition),
                    ));
                }
            }
        }
        for (i, a) in self.heat.iter().enumerate() {
            if !sourced(&a.source) || !sourced(&a.edition) {
                out.push((
                    "carbon_heat.csv",
                    format!("{}: no source or edition", a.edition),
                ));
            }
            for b in &self.heat[..i] {
                if a.edition == b.edition
                    || overlap((a.valid_from, a.valid_to), (b.valid_from, b.valid_to))
                {
                    out.push((
                        "carbon_heat.csv",
                        format!("{} and {} overlap", a.edition, b.edition),
                    ));
                }
            }
        }
        for (i, r) in self.regions.iter().enumerate() {
            if self.regions[..i].iter().any(|o| o.province == r.province) {
                out.push((
                    "carbon_grid_regions.csv",
                    format!("province {} twice", r.province),
                ));
            }
        }
        out
    }

    /// The settings for an enterprise in `division_code`: the default with its province's changes.
    pub fn settings_for(&self, division_code: &str) -> CarbonSettings {
        let base = self.settings.default;
        match province_of(division_code).and_then(|p| self.settings.province.get(&p)) {
            Some(o) => base.with(o),
            None => base,
        }
    }

    /// The regional grid a province belongs to.
    pub fn region_of(&self, province: &str) -> Option<&GridRegion> {
        self.regions.iter().find(|r| r.province == province)
    }

    /// The default parameters of `code` for `year`, or from the frozen editions when `pinned`
    /// is set (one edition, or several separated by commas when the report's fuels came from
    /// more than one).
    pub fn fuel(&self, code: &str, year: i32, pinned: &str) -> Result<&FuelFactor, Selection> {
        let pinned = pinned.trim();
        if pinned.is_empty() {
            self.fuels
                .iter()
                .find(|f| f.code == code && covers(f.valid_from, f.valid_to, year))
                .ok_or(Selection::NotCovered)
        } else {
            self.fuels
                .iter()
                .find(|f| f.code == code && pinned_editions(pinned).any(|e| e == f.edition))
                .ok_or_else(|| Selection::UnknownEdition(pinned.to_string()))
        }
    }

    /// Whether every edition named in a frozen fuel basis is in the registry.
    pub fn fuel_editions_known(&self, pinned: &str) -> bool {
        pinned_editions(pinned).all(|e| self.fuels.iter().any(|f| f.edition == e))
    }

    /// The grid factor of a series for `year`, or the frozen edition when `pinned` is set.
    pub fn grid(
        &self,
        scope: GridScope,
        area: &str,
        year: i32,
        pinned: &str,
    ) -> Result<&GridFactor, Selection> {
        let pinned = pinned.trim();
        if pinned.is_empty() {
            self.grid
                .iter()
                .find(|g| {
                    g.scope == scope && g.area == area && covers(g.valid_from, g.valid_to, year)
                })
                .ok_or(Selection::NotCovered)
        } else {
            self.grid
                .iter()
                .find(|g| g.edition == pinned)
                .ok_or_else(|| Selection::UnknownEdition(pinned.to_string()))
        }
    }

    /// The latest published edition of a grid series when none covers `year` because every
    /// edition of the series ended before it began (the factor for the year is not published
    /// yet). `None` when the series has no edition at all, or when `year` falls before or inside
    /// the series' editions (an older year is never given a newer factor).
    pub fn grid_latest_before(
        &self,
        scope: GridScope,
        area: &str,
        year: i32,
    ) -> Option<&GridFactor> {
        let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let series: Vec<&GridFactor> = self
            .grid
            .iter()
            .filter(|g| g.scope == scope && g.area == area)
            .collect();
        if series.is_empty() || series.iter().any(|g| g.valid_to.is_none_or(|t| t >= start)) {
            return None;
        }
        series
            .into_iter()
            .max_by_key(|g| (g.valid_to, g.published, g.data_year))
    }

    /// The heat factor for `year`, or the frozen edition when `pinned` is set.
    pub fn heat(&self, year: i32, pinned: &str) -> Result<&HeatFactor, Selection> {
        let pinned = pinned.trim();
        if pinned.is_empty() {
            self.heat
                .iter()
                .find(|h| covers(h.valid_from, h.valid_to, year))
                .ok_or(Selection::NotCovered)
        } else {
            self.heat
                .iter()
                .find(|h| h.edition == pinned)
                .ok_or_else(|| Selection::UnknownEdition(pinned.to_string()))
        }
    }
}

/// The editions of a frozen fuel basis (`a` or `a,b`).
pub fn pinned_editions(pinned: &str) -> impl Iterator<Item = &str> {
    pinned.split(',').map(str::trim).filter(|e| !e.is_empty())
}

/// The GB/T 2260 province code of a division code (`522601` → `520000`).
pub fn province_of(division_code: &str) -> Option<String> {
    let d = division_code.trim();
    if d.len() == 6 && d.bytes().all(|b| b.is_ascii_digit()) && &d[..2] != "00" {
        Some(format!("{}0000", &d[..2]))
    } else {
        None
    }
}
