//! Every seed parses, keys are unique, and the coefficients agree with their sources.

use std::collections::HashSet;

use nengbao::refdata::{Confidence, RefData};
use rust_decimal::{Decimal, RoundingStrategy};

fn rd() -> &'static RefData {
    RefData::builtin().expect("every seed parses")
}

#[test]
fn every_seed_file_parses_and_is_indexed() {
    let r = rd();
    assert_eq!(r.energy.len(), 39, "205-1 codes 01–39");
    assert!(r.regions.len() > 3000, "county-level snapshot");
    assert!(r.energy("33").is_some() && r.region("522601").is_some() && r.industry("30").is_some());
    assert!(!r.benchmarks.is_empty() && !r.pollutants.is_empty());
    assert!(!r.reduction_categories.is_empty() && !r.saving_categories.is_empty());
    assert!(!r.working_media.is_empty() && !r.gbt2589.is_empty());
}

#[test]
fn keys_are_unique() {
    let r = rd();
    let uniq = |keys: Vec<String>, what: &str| {
        let n = keys.len();
        let set: HashSet<_> = keys.into_iter().collect();
        assert_eq!(set.len(), n, "duplicate key in {what}");
    };
    uniq(
        r.gbt2589.iter().map(|x| x.name.clone()).collect(),
        "gbt2589",
    );
    uniq(
        r.working_media.iter().map(|x| x.name.clone()).collect(),
        "working media",
    );
    uniq(
        r.electricity_equal_value
            .iter()
            .map(|x| x.year.to_string())
            .collect(),
        "equal value",
    );
    uniq(
        r.pollutants.iter().map(|x| x.code.clone()).collect(),
        "pollutants",
    );
    uniq(
        r.reduction_categories
            .iter()
            .map(|x| x.code.clone())
            .collect(),
        "reduction categories",
    );
    uniq(
        r.saving_categories.iter().map(|x| x.code.clone()).collect(),
        "saving categories",
    );
    uniq(
        r.benchmarks
            .iter()
            .map(|b| format!("{}@{}", b.key, b.edition))
            .collect(),
        "benchmarks",
    );
}

/// 标准煤 = 7,000 kcal/kg, so each coefficient is its calorific value ÷ 7000, rounded to the
/// published number of decimals. This catches the copies that drop a leading "1." (0.7143 for
/// 液化石油气 1.7143).
#[test]
fn coefficient_equals_calorific_value_over_7000() {
    let seven_k = Decimal::from(7000);
    let check = |name: &str, kcal: Decimal, kgce: Decimal| {
        let computed = (kcal / seven_k)
            .round_dp_with_strategy(kgce.scale(), RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(computed, kgce, "{name}: {kcal} kcal ÷ 7000 ≠ {kgce}");
    };
    for c in &rd().gbt2589 {
        check(&c.name, c.kcal, c.kgce);
    }
    for m in &rd().working_media {
        check(&m.name, m.kcal, m.kgce);
    }
}

/// The catalog's reference coefficients agree with GB/T 2589 where a row names its entry:
/// tce per 吨 = kgce/kg; tce per 万立方米 = kgce/m³ × 10; tce per 万kWh = kgce/kWh × 10;
/// tce per 百万千焦 (GJ) = kgce/MJ.
#[test]
fn catalog_agrees_with_gbt2589() {
    let r = rd();
    let mut linked = 0;
    for e in r.energy.iter().filter(|e| !e.gbt2589.is_empty()) {
        let src = r
            .gbt2589
            .iter()
            .find(|c| c.name == e.gbt2589)
            .unwrap_or_else(|| panic!("{} names unknown GB/T 2589 entry {}", e.name, e.gbt2589));
        let scale = match (e.unit.as_str(), src.unit.as_str()) {
            ("吨", "kg") | ("百万千焦", "MJ") => Decimal::ONE,
            ("万立方米", "m³") | ("万千瓦时", "kWh") => Decimal::TEN,
            (u, s) => panic!("{}: no unit rule for {u} vs {s}", e.name),
        };
        let want = src.kgce * scale;
        let lo = e.min.value();
        let hi = e.max.value();
        assert!(
            lo <= want && want <= hi,
            "{}: GB/T 2589 value {want} outside the allowed range {lo}–{hi}",
            e.name
        );
        let reference = e.factor.expect("linked rows have a reference").value();
        assert!(
            reference == want || (lo <= reference && reference <= hi),
            "{}: reference {reference} disagrees with GB/T 2589 {want}",
            e.name
        );
        linked += 1;
    }
    assert!(linked >= 15, "most catalog rows are tied to GB/T 2589");
}

#[test]
fn fixed_coefficients_are_electricity_and_heat() {
    let r = rd();
    let e = r.energy("33").unwrap();
    assert!(e.fixed);
    assert_eq!(
        e.factor.unwrap().to_string(),
        "1.22900",
        "电力当量值 1.229 tce/万kWh"
    );
    let h = r.energy("32").unwrap();
    assert!(h.fixed);
    assert_eq!(
        h.factor.unwrap().to_string(),
        "0.03412",
        "热力 0.03412 tce/GJ"
    );
    for e in &r.energy {
        assert!(e.min <= e.max, "{}: range inverted", e.name);
        if let Some(f) = e.factor {
            assert!(
                e.min <= f && f <= e.max,
                "{}: reference outside its own range",
                e.name
            );
        }
        if e.fixed {
            assert_eq!(e.min, e.max, "{}: a fixed coefficient has no range", e.name);
        }
    }
}

#[test]
fn every_region_and_industry_parent_exists() {
    let r = rd();
    for x in r.regions.iter().chain(&r.industries) {
        assert!(
            x.parent.is_empty() || r.region(&x.parent).is_some() || r.industry(&x.parent).is_some(),
            "{} {} has unknown parent {}",
            x.code,
            x.name,
            x.parent
        );
    }
    let sections = r.industries.iter().filter(|i| i.level == "section").count();
    let divisions = r
        .industries
        .iter()
        .filter(|i| i.level == "division")
        .count();
    assert_eq!(
        (sections, divisions),
        (20, 97),
        "GB/T 4754-2017: 20 门类, 97 大类"
    );
    assert_eq!(
        r.industry_section("3011"),
        Some("C"),
        "a 4-digit class maps to its 门类"
    );
}

#[test]
fn benchmarks_flag_verification_and_order_levels() {
    let r = rd();
    for b in &r.benchmarks {
        assert!(b.edition == 2021 || b.edition == 2023, "{}: edition", b.key);
        assert!(
            b.benchmark <= b.baseline,
            "{}: 标杆 must be better (lower) than 基准",
            b.key
        );
        assert!(!b.source.is_empty());
    }
    let c = r.benchmark("cement-clinker", 2024).unwrap();
    assert_eq!((c.edition, c.verified), (2023, true));
    assert!(
        r.benchmarks.iter().any(|b| !b.verified),
        "unverified rows are shipped, marked"
    );
}

#[test]
fn thresholds_are_statutory() {
    let t = &rd().thresholds;
    assert_eq!(t.key_unit.statutory_tce.to_string(), "10000.0000");
    assert_eq!(t.key_unit.designated_tce.to_string(), "5000.0000");
    assert_eq!((t.filing.deadline_month, t.filing.deadline_day), (3, 31));
    assert_eq!(t.justification.min_chars, 6);
}

#[test]
fn unverified_values_are_marked() {
    let r = rd();
    assert!(r
        .electricity_equal_value
        .iter()
        .all(|e| e.confidence == Confidence::M));
    assert_eq!(r.energy("02").unwrap().confidence, Confidence::M);
}

#[test]
fn plan_targets_cover_four_pollutants_per_plan() {
    let r = rd();
    let plans: std::collections::BTreeSet<&str> =
        r.plan_targets.iter().map(|t| t.plan.as_str()).collect();
    assert_eq!(plans.len(), 4);
    for p in plans {
        let mut pols: Vec<&str> = r
            .plan_targets
            .iter()
            .filter(|t| t.plan == p)
            .map(|t| t.pollutant.as_str())
            .collect();
        pols.sort();
        assert_eq!(pols, ["COD", "NH3-N", "NOx", "VOCs"], "{p}");
    }
    let nox = r
        .plan_targets
        .iter()
        .find(|t| t.plan == "黔东南州" && t.pollutant == "NOx")
        .unwrap();
    assert_eq!(nox.tonnes.to_string(), "1130");
}

fn has_han(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
}

/// Every coded list a built-in pack uses (and the app's own lists) is served by the catalog with
/// a Chinese and an English label, so the English interface never shows a Chinese word.
#[test]
fn every_list_the_packs_use_is_served_with_chinese_and_english_labels() {
    let catalog = nengbao::catalog::Catalog::builtin(rd());
    let mut wanted = nengbao::pack::list_names();
    wanted.extend(
        nengbao::model::lists::APP_LISTS
            .iter()
            .map(|l| l.to_string()),
    );
    for l in [
        "review_status",
        "metering_levels",
        "record_frequencies",
        "pollutants",
        "electricity_sources",
        "certificate_sources",
        "certificate_statuses",
        "fuel_parameters",
        "energy_codes",
        "yes_no",
        "evidence_kinds",
    ] {
        assert!(wanted.iter().any(|w| w == l), "{l} is a list: {wanted:?}");
    }
    for list in &wanted {
        let entries = catalog
            .lists
            .get(list)
            .unwrap_or_else(|| panic!("the catalog serves {list}"));
        assert!(!entries.is_empty(), "{list} has entries");
        let mut codes = HashSet::new();
        for e in entries {
            assert!(codes.insert(&e.code), "{list}: {} twice", e.code);
            assert!(
                has_han(&e.zh),
                "{list} {}: a Chinese label, not {:?}",
                e.code,
                e.zh
            );
            assert!(
                !e.en.trim().is_empty() && !has_han(&e.en),
                "{list} {}: an English label, not {:?}",
                e.code,
                e.en
            );
        }
    }
    assert_eq!(catalog.lists.len(), wanted.len(), "no list besides these");
}

/// The labels change nothing a workbook shows or a report stores: a cell shows the Chinese label
/// (a pollutant its code), the report keeps the code.
#[test]
fn workbook_dropdowns_show_the_chinese_labels_of_the_same_codes() {
    let entries = |l: &str| nengbao::pack::list_entries(l, rd());
    assert_eq!(entries("energy_codes")[0], ("01".into(), "01 原煤".into()));
    assert_eq!(
        entries("review_status"),
        [
            ("draft", "草稿"),
            ("submitted", "已提交"),
            ("accepted", "已认可"),
            ("rejected", "未认可")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(entries("yes_no")[0], ("是".into(), "是".into()));
    let pollutants: Vec<(String, String)> = entries("pollutants");
    assert_eq!(pollutants[2], ("NOx".into(), "NOx".into()));
    for l in nengbao::pack::list_names() {
        let served = nengbao::pack::list(&l, rd());
        let shown = entries(&l);
        assert_eq!(served.len(), shown.len(), "{l}");
        for (e, (code, _)) in served.iter().zip(&shown) {
            assert_eq!(
                &e.code, code,
                "{l}: the workbook and the catalog list the same codes"
            );
        }
    }
}

/// The pollutant seed (medium, counted in 十四五) covers exactly the model's pollutants, whose
/// labels live with the enum.
#[test]
fn the_pollutant_seed_names_the_model_pollutants() {
    use nengbao::model::{Coded, Pollutant};
    let seed: Vec<&str> = rd().pollutants.iter().map(|p| p.code.as_str()).collect();
    let model: Vec<&str> = Pollutant::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(seed, model);
}
