//! The CO₂ block: the research note's worked example to the last printed digit, hand-computed
//! cases (arithmetic in the comments), the factor registry's invariants, the certificate ledger,
//! and "CO₂ never depends on row order".

use chrono::NaiveDate;
use nengbao::carbon::{
    self, CarbonResult, CarbonSettings, EnergyDeduction, FactorKind, FuelTreatment, Gap, GridScope,
    NotCounted, ParameterSource,
};
use nengbao::model::*;
use nengbao::refdata::{Confidence, RefData};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::builder::{d, od, ReportBuilder};

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A report of `year` (the demo enterprise in 凯里市, Guizhou) with only `rows`.
fn report(year: i32, rows: Vec<EnergyRow>) -> AnnualReport {
    let mut r = ReportBuilder::minimal_valid().build();
    r.year = year;
    r.energy = rows;
    r
}

/// A row bought and used in full.
fn row(code: &str, qty: &str) -> EnergyRow {
    EnergyRow {
        code: code.into(),
        purchased_qty: od(qty),
        consumed_total: od(qty),
        consumed_industrial: od(qty),
        ..Default::default()
    }
}

fn evidence(name: &str) -> Evidence {
    Evidence {
        name: name.into(),
        kind: "票据".into(),
        size: 1,
        sha256: "0".repeat(64),
    }
}

/// `quantity` cancelled certificates from code `first`, produced 2024-03, with evidence.
fn certificates(first: u128, quantity: u64, source: CertificateSource) -> CertificateEntry {
    CertificateEntry {
        code: format!("{first:032}"),
        code_to: format!("{:032}", first + u128::from(quantity) - 1),
        quantity,
        production_year: Some(2024),
        production_month: Some(3),
        status: CertificateStatus::Cancelled,
        cancelled_on: NaiveDate::from_ymd_opt(2025, 1, 20),
        source,
        evidence: vec![evidence("核销凭证.pdf")],
        ..Default::default()
    }
}

/// First 17 digits: the project; then the certificate sequence.
const PROJECT: u128 = 12_345_678_901_234_567 * 1_000_000_000_000_000;

fn settings() -> CarbonSettings {
    rd().carbon.settings.default
}

fn figures(r: &CarbonResult) -> &carbon::CarbonFigures {
    r.figures
        .as_ref()
        .unwrap_or_else(|| panic!("figures expected, gaps: {:#?}", r.gaps))
}

fn co2(s: &str) -> Co2 {
    d(s)
}

/// The worked example of the research note (§6, `carbon-golden-001`).
fn golden() -> AnnualReport {
    let mut r = report(
        2024,
        vec![
            row("04", "10000"), // 烟煤 10 000 t
            row("15", "500"),   // 天然气 500 万Nm³
            row("21", "2000"),  // 柴油 2 000 t
            row("33", "8000"),  // 电力 8 000 万kWh = 80 000 MWh
            row("32", "50000"), // 热力 50 000 GJ
        ],
    );
    // 1 000 万kWh = 10 000 MWh covered by 10 000 certificates.
    r.carbon.certificates = vec![certificates(PROJECT, 10_000, CertificateSource::Unbundled)];
    r
}

#[test]
fn worked_example_matches_the_research_note_to_the_last_digit() {
    let r = golden();
    let out = carbon::compute_with(&r, rd(), settings(), None);
    let f = figures(&out);
    // 2024 reports use the 2022 national average (published 2024-12-20), fuels from C.1.
    assert_eq!(out.editions.grid.as_deref(), Some("mee-2022-national"));
    assert_eq!(out.editions.heat.as_deref(), Some("gbt32151.34-2024-c3"));
    assert_eq!(out.editions.fuel, vec!["gbt32151.34-2024-c1".to_string()]);

    // 烟煤: 10 000 × 19.570 = 195 700 GJ; × 0.0261 = 5 107.77 tC; × 0.93 = 4 750.2261;
    // × 44/12 = 17 417.4957.
    let coal = &f.fuels[0];
    assert_eq!(coal.energy_gj, Some(dec("195700")));
    assert_eq!(coal.carbon_t.normalize(), dec("4750.2261"));
    assert_eq!(coal.co2_t, co2("17417.50"));
    // 天然气: 500 × 389.31 = 194 655; × 0.0153 = 2 978.2215; × 0.99 = 2 948.439285;
    // × 44/12 = 10 810.944045.
    assert_eq!(f.fuels[1].carbon_t.normalize(), dec("2948.439285"));
    assert_eq!(f.fuels[1].co2_t, co2("10810.94"));
    // 柴油: 2 000 × 42.652 = 85 304; × 0.0202 = 1 723.1408; × 0.98 = 1 688.677984;
    // × 44/12 = 6 191.819275 (6 191.8192746…).
    assert_eq!(f.fuels[2].carbon_t.normalize(), dec("1688.677984"));
    assert_eq!(f.fuels[2].co2_t, co2("6191.82"));
    // Direct: (4 750.2261 + 2 948.439285 + 1 688.677984) × 44/12 = 34 420.259020 (one division).
    let direct = carbon::co2_of_carbon(f.fuels.iter().map(|x| x.carbon_t).sum()).unwrap();
    assert_eq!(direct.round_dp(6), dec("34420.259020"));
    assert_eq!(f.direct_co2_t, co2("34420.26"));
    // Electricity: (80 000 − 10 000) MWh × 0.5366 = 37 562; the 10 000 MWh of certificates at 0.
    assert_eq!(f.electricity.purchased_mwh, dec("80000"));
    assert_eq!(f.electricity.certificate_mwh, dec("10000"));
    assert_eq!(f.electricity.charged_mwh, dec("70000"));
    assert_eq!(f.electricity.co2_t, co2("37562.00"));
    // Heat: 50 000 GJ × 0.11 = 5 500.
    assert_eq!(f.heat.co2_t, co2("5500.00"));
    // Total B: 34 420.259020 + 37 562 + 5 500 = 77 482.259020 → 77 482.26.
    assert_eq!(f.indirect_co2_t, co2("43062.00"));
    assert_eq!(f.total_co2_t, co2("77482.26"));
}

#[test]
fn worked_example_variants_a_and_c() {
    let r = golden();
    // A: green not recognised: 80 000 × 0.5366 = 42 928 → 34 420.259020 + 42 928 + 5 500.
    let a = CarbonSettings {
        unbundled_certificates_zero_co2: false,
        ..settings()
    };
    let out = carbon::compute_with(&r, rd(), a, None);
    assert_eq!(figures(&out).total_co2_t, co2("82848.26"));
    // C: green at zero, the rest at the 2022 residual 0.5856: 70 000 × 0.5856 = 40 992.
    let c = CarbonSettings {
        residual_factor_for_green_remainder: true,
        ..settings()
    };
    let out = carbon::compute_with(&r, rd(), c, None);
    assert_eq!(out.editions.grid.as_deref(), Some("mee-2022-residual"));
    assert_eq!(figures(&out).total_co2_t, co2("80912.26"));
}

#[test]
fn regional_grid_feedstock_and_outward_supply() {
    // 2025 report of a Guizhou unit (南方 grid; 2023 regional factor 0.4042, published 2025-12-31).
    let mut coke = row("09", "5000");
    coke.used_as_feedstock = od("1200"); // 焦炭作还原剂: 原料用能, not combustion
    let mut r = report(2025, vec![coke, row("21", "100"), row("33", "6000")]);
    r.carbon.exported_electricity = od("500");
    r.carbon.exported_heat = od("10000");
    r.indicators.value_added.current = od("20000");
    r.indicators.output_value.current = od("80000");
    let s = CarbonSettings {
        grid_scope: GridScope::Region,
        ..settings()
    };
    let out = carbon::compute_with(&r, rd(), s, None);
    let f = figures(&out);
    assert_eq!(out.editions.grid.as_deref(), Some("mee-2023-region-south"));
    // 焦炭: burned 5 000 − 1 200 = 3 800 t; 3 800 × 28.435 = 108 053 GJ; × 0.0295 = 3 187.5635;
    // × 0.93 = 2 964.434055 tC; × 44/12 = 10 869.591535.
    let c = &f.fuels[0];
    assert_eq!((c.feedstock, c.burned), (d("1200"), d("3800")));
    assert_eq!(c.carbon_t.normalize(), dec("2964.434055"));
    assert_eq!(c.co2_t, co2("10869.59"));
    assert!(
        f.has_feedstock,
        "feedstock is shown, with its process-emission note"
    );
    // 柴油: 100 × 42.652 = 4 265.2; × 0.0202 = 86.15704; × 0.98 = 84.4338992; × 44/12 = 309.5909637…
    assert_eq!(f.fuels[1].co2_t, co2("309.59"));
    // Direct: (2 964.434055 + 84.4338992) × 44/12 = 3 048.8679542 × 44/12 = 11 179.1824987…
    assert_eq!(f.direct_co2_t, co2("11179.18"));
    // Electricity: 6 000 万kWh = 60 000 MWh × 0.4042 = 24 252; exported 5 000 MWh × 0.4042 = 2 021.
    assert_eq!(f.electricity.co2_t, co2("24252.00"));
    assert_eq!(f.electricity.exported_co2_t, co2("2021.00"));
    // Heat: none bought; 10 000 GJ supplied outward × 0.11 = 1 100 subtracted.
    assert_eq!(f.heat.exported_co2_t, co2("1100.00"));
    // Indirect: 24 252 − 2 021 − 1 100 = 21 131; total 11 179.1824987 + 21 131 = 32 310.1824987.
    assert_eq!(f.indirect_co2_t, co2("21131.00"));
    assert_eq!(f.total_co2_t, co2("32310.18"));
    // Intensities: 32 310.1824987 ÷ 20 000 = 1.61550912 → 1.6155; ÷ 80 000 = 0.40387728 → 0.4039.
    assert_eq!(f.per_value_added, od("1.6155"));
    assert_eq!(f.per_output_value, od("0.4039"));
}

fn measured(code: &str, p: FuelParameter, v: &str) -> MeasuredParameter {
    MeasuredParameter {
        code: code.into(),
        parameter: p,
        value: od(v),
        method: "GB/T 213-2008，每批次".into(),
        lab: "贵州省煤炭产品质量监督检验院 报告2024-117".into(),
        evidence: vec![evidence("检测报告.pdf")],
    }
}

#[test]
fn measured_parameters_replace_defaults_and_are_recorded() {
    let mut r = report(
        2024,
        vec![row("02", "20000"), row("15", "120"), row("33", "1000")],
    );
    r.carbon.measured = vec![
        measured("02", FuelParameter::Ncv, "24.120"),
        measured("02", FuelParameter::CarbonContent, "0.02750"),
        measured("15", FuelParameter::CarbonPerUnit, "5.9"),
    ];
    let out = carbon::compute_with(&r, rd(), settings(), None);
    let f = figures(&out);
    // 无烟煤, measured NCV and CC, default OF 0.94:
    // 20 000 × 24.120 = 482 400 GJ; × 0.0275 = 13 266 tC; × 0.94 = 12 470.04; × 44/12 = 45 723.48.
    let coal = &f.fuels[0];
    assert_eq!(coal.co2_t, co2("45723.48"));
    let sources: Vec<_> = coal
        .parameters
        .iter()
        .map(|p| {
            (
                p.parameter,
                matches!(p.source, ParameterSource::Measured { .. }),
            )
        })
        .collect();
    assert_eq!(
        sources,
        vec![
            (FuelParameter::Ncv, true),
            (FuelParameter::CarbonContent, true),
            (FuelParameter::Oxidation, false),
        ],
        "each parameter records where it came from"
    );
    // 天然气, measured carbon per unit 5.9 tC/万Nm³ (replaces NCV × CC), default OF 0.99:
    // 120 × 5.9 = 708; × 0.99 = 700.92 tC; × 44/12 = 2 570.04.
    assert_eq!(f.fuels[1].co2_t, co2("2570.04"));
    // Electricity 10 000 MWh × 0.5366 = 5 366. Total (12 470.04 + 700.92) × 44/12 + 5 366
    // = 48 293.52 + 5 366 = 53 659.52.
    assert_eq!(f.total_co2_t, co2("53659.52"));
}

/// A green-power trade line with its contract, settlement and evidence.
fn trade(qty: &str) -> ElectricityLine {
    ElectricityLine {
        source: ElectricitySource::GreenTrade,
        quantity: od(qty),
        description: "北京电力交易中心 省间绿电交易".into(),
        contract_no: "GT-2025-001".into(),
        settlement_no: "JS-2025-12".into(),
        evidence: vec![evidence("绿电交易结算单.pdf")],
        ..Default::default()
    }
}

fn grid(qty: &str) -> ElectricityLine {
    ElectricityLine {
        source: ElectricitySource::Grid,
        quantity: od(qty),
        ..Default::default()
    }
}

#[test]
fn green_trade_with_its_certificates_and_bought_ones() {
    let mut r = report(2025, vec![row("21", "50"), row("33", "3000")]);
    r.carbon.electricity = vec![grid("2000"), trade("1000")];
    let mut with_trade = certificates(PROJECT, 10_000, CertificateSource::GreenTrade);
    with_trade.contract_no = "GT-2025-001".into();
    let mut bought = certificates(PROJECT + 20_000, 2_000, CertificateSource::Unbundled);
    bought.in_province = true;
    r.carbon.certificates = vec![with_trade, bought];
    let out = carbon::compute_with(&r, rd(), settings(), None);
    let f = figures(&out);
    // 柴油 50 t: 50 × 42.652 = 2 132.6; × 0.0202 = 43.07852; × 0.98 = 42.2169496;
    // × 44/12 = 154.7954819 → 154.80.
    assert_eq!(f.direct_co2_t, co2("154.80"));
    // Purchases 3 000 万kWh = 30 000 MWh: trade 10 000 MWh at zero (its 10 000 certificates add
    // nothing), bought certificates 2 000 MWh at zero, 18 000 MWh × 0.5306 (2023 national,
    // used for 2025 reports) = 9 550.8.
    assert_eq!(out.editions.grid.as_deref(), Some("mee-2023-national"));
    assert_eq!(f.electricity.green_trade_mwh, dec("10000"));
    assert_eq!(f.electricity.certificate_mwh, dec("2000"));
    assert_eq!(f.electricity.charged_mwh, dec("18000"));
    assert_eq!(f.electricity.co2_t, co2("9550.80"));
    // Total 154.7954819 + 9 550.8 = 9 705.5954819 → 9 705.60.
    assert_eq!(f.total_co2_t, co2("9705.60"));
    // Energy side: every counted certificate, 12 000; without the in-province ones, 10 000.
    assert_eq!(out.certificates.energy_deductible, 12_000);
    let s = CarbonSettings {
        energy_deduction: EnergyDeduction::ExcludeInProvince,
        ..settings()
    };
    let out = carbon::compute_with(&r, rd(), s, None);
    assert_eq!(out.certificates.energy_deductible, 10_000);
}

#[test]
fn an_unproved_green_line_is_charged_never_a_silent_zero() {
    let mut r = report(2025, vec![row("33", "3000")]);
    let mut t = trade("1000");
    t.evidence.clear();
    r.carbon.electricity = vec![grid("2000"), t];
    let out = carbon::compute_with(&r, rd(), settings(), None);
    let f = figures(&out);
    assert_eq!(f.electricity.green_trade_mwh, Decimal::ZERO);
    assert_eq!(f.electricity.unproved_green_mwh, dec("10000"));
    // 30 000 MWh × 0.5306 = 15 918.
    assert_eq!(f.total_co2_t, co2("15918.00"));
    let v = nengbao::validate::validate(
        &r,
        rd(),
        None,
        &[],
        &nengbao::validate::Settings::from_refdata(rd()),
    );
    assert!(v.findings.iter().any(|x| x.rule == "CB004"));
}

#[test]
fn provincial_factor_and_years_no_edition_covers() {
    // 2024 Guizhou provincial factor (2022 data): 0.4989; 100 万kWh = 1 000 MWh → 498.9.
    let r = report(2024, vec![row("33", "100")]);
    let s = CarbonSettings {
        grid_scope: GridScope::Province,
        ..settings()
    };
    let out = carbon::compute_with(&r, rd(), s, None);
    assert_eq!(
        out.editions.grid.as_deref(),
        Some("mee-2022-province-520000")
    );
    assert_eq!(figures(&out).total_co2_t, co2("498.90"));

    // No provincial factor of 2023 data is in the registry: with the stand-in setting off, a
    // 2025 report has a gap, not the national value.
    let mut r25 = r.clone();
    r25.year = 2025;
    let strict_province = CarbonSettings {
        latest_grid_edition_when_unpublished: false,
        ..s
    };
    let out = carbon::compute_with(&r25, rd(), strict_province, None);
    assert!(out.figures.is_none());
    assert!(matches!(
        out.gaps.as_slice(),
        [Gap::NoEdition {
            factor: FactorKind::Grid,
            year: 2025,
            ..
        }]
    ));

    // No 2024 factor has been published: a 2026 report takes the latest published national
    // factor (2023 data, 0.5306) and records the stand-in, so the check can say so (CB019).
    let mut r26 = r.clone();
    r26.year = 2026;
    let out = carbon::compute_with(&r26, rd(), settings(), None);
    // 100 万kWh = 1 000 MWh × 0.5306.
    assert_eq!(figures(&out).total_co2_t, co2("530.60"));
    assert_eq!(out.editions.grid.as_deref(), Some("mee-2023-national"));
    assert_eq!(out.fallbacks.len(), 1);
    let fb = &out.fallbacks[0];
    assert_eq!(
        (fb.edition.as_str(), fb.year, fb.data_year, fb.factor),
        ("mee-2023-national", 2026, 2023, FactorKind::Grid)
    );
    assert_eq!(fb.published, NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());

    // With the setting off, the year has no factor: a gap, never a zero.
    let strict = CarbonSettings {
        latest_grid_edition_when_unpublished: false,
        ..settings()
    };
    let out = carbon::compute_with(&r26, rd(), strict, None);
    assert!(out.figures.is_none(), "never a zero");
    assert!(out.fallbacks.is_empty());
    assert_eq!(
        out.gaps,
        vec![Gap::NoEdition {
            factor: FactorKind::Grid,
            scope: "全国电网平均".into(),
            year: 2026,
        }]
    );

    // A provincial series falls back to its own latest edition (2022 data), never to another
    // series: Guizhou 2025 under province settings.
    let province = CarbonSettings {
        grid_scope: GridScope::Province,
        ..settings()
    };
    let out = carbon::compute_with(&r25, rd(), province, None);
    assert_eq!(
        out.editions.grid.as_deref(),
        Some("mee-2022-province-520000")
    );
    assert_eq!(out.fallbacks[0].scope, "省级电力平均 520000");
    // A year before the first edition never takes a later factor.
    let mut r22 = r.clone();
    r22.year = 2022;
    let out = carbon::compute_with(&r22, rd(), settings(), None);
    assert!(out.figures.is_none() && out.fallbacks.is_empty());
}

#[test]
fn a_frozen_edition_keeps_its_figures() {
    // A 2024 report frozen on the 2022 national factor keeps it whatever the year's default is.
    let mut r = report(2026, vec![row("33", "100")]);
    r.carbon.basis.grid = "mee-2022-national".into();
    let out = carbon::compute_with(&r, rd(), settings(), None);
    assert_eq!(figures(&out).total_co2_t, co2("536.60"));
    r.carbon.basis.grid = "mee-2031-national".into();
    let out = carbon::compute_with(&r, rd(), settings(), None);
    assert_eq!(
        out.gaps,
        vec![Gap::UnknownEdition {
            factor: FactorKind::Grid,
            edition: "mee-2031-national".into(),
        }]
    );
}

#[test]
fn treatments_biomass_recovered_non_energy_and_measured_only() {
    let mut r = report(
        2024,
        vec![
            row("36", "1000"),  // 生物质: outside the total
            row("37", "50000"), // 余热余压: its fuel is counted elsewhere
            row("24", "10"),    // 润滑油: not burned
            row("21", "1"),
        ],
    );
    let out = carbon::compute_with(&r, rd(), settings(), None);
    let f = figures(&out);
    let treat: Vec<_> = f.fuels.iter().map(|x| (x.treatment, x.in_total)).collect();
    assert_eq!(
        treat,
        vec![
            (FuelTreatment::Biomass, false),
            (FuelTreatment::Recovered, false),
            (FuelTreatment::NonEnergy, false),
            (FuelTreatment::Combustion, true),
        ]
    );
    // 柴油 1 t: 42.652 × 0.0202 × 0.98 × 44/12 = 3.0959096… → 3.10; nothing else counts.
    assert_eq!(f.total_co2_t, co2("3.10"));

    // Measured parameters for 润滑油 declare it burned; the missing ones take 其他石油制品's
    // defaults: 10 × 40 × 0.0200 × 0.98 × 44/12 = 28.74666… → 28.75 (+ 3.0959… diesel = 31.8425…).
    r.carbon.measured = vec![measured("24", FuelParameter::Ncv, "40")];
    let out = carbon::compute_with(&r, rd(), settings(), None);
    assert_eq!(figures(&out).fuels[2].co2_t, co2("28.75"));
    assert_eq!(figures(&out).total_co2_t, co2("31.84"));

    // 煤矸石 burned without measured values: a gap naming what is missing.
    r.energy.push(row("34", "100"));
    let out = carbon::compute_with(&r, rd(), settings(), None);
    assert!(out.figures.is_none());
    assert!(matches!(
        &out.gaps[..],
        [Gap::MissingParameters { path, missing, .. }]
            if path == "energy[4]" && missing.len() == 3
    ));
}

#[test]
fn year_on_year_against_last_years_report() {
    // Demo: 2024 against 2023; the CO₂ change follows from both reports' own editions.
    let now = nengbao::demo::report_2024();
    let last = nengbao::demo::report_2023();
    let out = carbon::compute(&now, rd(), Some(&last));
    let f = figures(&out);
    let p = f.prior.as_ref().expect("last year computes");
    assert_eq!(p.year, 2023);
    let then = carbon::compute(&last, rd(), None);
    assert_eq!(p.total_co2_t, figures(&then).total_co2_t);
    let want = nengbao::calc::change_pct(f.total_co2_t.value(), p.total_co2_t.value());
    assert_eq!(p.total_change_pct, want);
    assert!(p.per_value_added_change_pct.is_some());
}

#[test]
fn certificate_validity_follows_67hao() {
    let mut e = certificates(PROJECT, 1, CertificateSource::Unbundled);
    // 24 months counting the production month: 2024-03 → 2026-02-28.
    assert_eq!(
        carbon::certificates::valid_until(&e),
        NaiveDate::from_ymd_opt(2026, 2, 28)
    );
    e.production_month = Some(12);
    assert_eq!(
        carbon::certificates::valid_until(&e),
        NaiveDate::from_ymd_opt(2026, 11, 30)
    );
    // Output before 2024 is valid until the end of 2025.
    e.production_year = Some(2022);
    assert_eq!(
        carbon::certificates::valid_until(&e),
        NaiveDate::from_ymd_opt(2025, 12, 31)
    );
    // So a 2022 certificate is expired for a 2026 report, and counts for 2025.
    let mut r = report(2026, vec![row("33", "1")]);
    r.carbon.certificates = vec![e];
    let a = carbon::assess(&r, EnergyDeduction::AllCertificates);
    assert!(matches!(
        a.entries[0].not_counted[..],
        [NotCounted::Expired { .. }]
    ));
    r.year = 2025;
    let a = carbon::assess(&r, EnergyDeduction::AllCertificates);
    assert!(a.entries[0].counted, "{:?}", a.entries[0].not_counted);
}

#[test]
fn certificate_overlaps_and_recounts() {
    let mut r = report(2024, vec![row("33", "1000")]);
    let trade = certificates(PROJECT, 100, CertificateSource::GreenTrade);
    let again = certificates(PROJECT + 50, 10, CertificateSource::Unbundled);
    let first = certificates(PROJECT + 1000, 10, CertificateSource::Unbundled);
    let twice = certificates(PROJECT + 1009, 5, CertificateSource::Unbundled);
    let adjacent = certificates(PROJECT + 1014, 5, CertificateSource::Unbundled);
    r.carbon.certificates = vec![trade, again, first, twice, adjacent];
    let a = carbon::assess(&r, EnergyDeduction::AllCertificates);
    let counted: Vec<bool> = a.entries.iter().map(|e| e.counted).collect();
    assert_eq!(counted, vec![true, false, true, false, true]);
    assert!(matches!(
        a.entries[1].not_counted[..],
        [NotCounted::CountedWithTrade { of: Some(0), .. }]
    ));
    assert!(matches!(
        a.entries[3].not_counted[..],
        [NotCounted::Duplicate { of: 2 }]
    ));
    assert_eq!(
        (a.counted_trade, a.counted_unbundled, a.listed),
        (100, 15, 130)
    );
}

#[test]
fn reports_without_a_carbon_block_keep_their_json() {
    let r = nengbao::demo::report_2024();
    let json = nengbao::interchange::report_to_json(&r).unwrap();
    assert!(!json.contains("\"carbon\""), "an empty block is left out");
    let mut g = golden();
    g.carbon.electricity = vec![grid("7000"), trade("1000")];
    g.carbon.measured = vec![measured("04", FuelParameter::Oxidation, "0.95")];
    let json = nengbao::interchange::report_to_json(&g).unwrap();
    let back = nengbao::interchange::report_from_json("g.json", &json).unwrap();
    assert_eq!(back, g, "the carbon block round-trips");
}

// ---- the registry ----

#[test]
fn registry_rows_are_sourced_tagged_and_do_not_overlap() {
    let c = &rd().carbon;
    assert!(
        c.problems(|code| rd().energy(code).is_some()).is_empty(),
        "{:#?}",
        c.problems(|code| rd().energy(code).is_some())
    );
    assert!(c.fuels.iter().all(|f| !f.source.trim().is_empty()));
    assert!(c.grid.iter().all(|g| !g.source.trim().is_empty()));
    assert!(c.heat.iter().all(|h| !h.source.trim().is_empty()));
    // Unverified rows are tagged M (shown as 未核实); no row claims a primary source we never saw.
    assert!(c.fuels.iter().any(|f| f.confidence == Confidence::M));
    assert!(c.grid.iter().all(|g| g.confidence != Confidence::P));
}

#[test]
fn every_fuel_edition_treats_every_catalog_code() {
    let c = &rd().carbon;
    let editions: std::collections::BTreeSet<&str> =
        c.fuels.iter().map(|f| f.edition.as_str()).collect();
    for ed in editions {
        for e in &rd().energy {
            assert!(
                c.fuels.iter().any(|f| f.edition == ed && f.code == e.code),
                "{ed} has no row for {} {}",
                e.code,
                e.name
            );
        }
    }
    for f in &c.fuels {
        assert!(rd().energy(&f.code).is_some(), "{} is a 205-1 code", f.code);
    }
}

#[test]
fn fuel_defaults_reproduce_the_research_notes_emission_factors() {
    // EF = NCV × CC × OF × 44/12, rounded to 4 places, as printed in the note's table (§1.3).
    let want = [
        ("01", "1.8608"),
        ("02", "2.5215"),
        ("03", "1.7417"),
        ("04", "1.7417"),
        ("05", "1.1729"),
        ("06", "2.2082"),
        ("07", "1.0519"),
        ("08", "1.9360"),
        ("09", "2.8604"),
        ("10", "2.6446"),
        ("11", "8.8638"),
        ("12", "8.4811"),
        ("13", "15.1240"),
        ("14", "2.3148"),
        ("15", "21.6219"),
        ("16", "2.8313"),
        ("18", "3.0202"),
        ("19", "2.9251"),
        ("20", "3.0334"),
        ("21", "3.0959"),
        ("22", "3.1705"),
        ("23", "3.1981"),
        ("28", "3.2115"),
        ("29", "3.1013"),
        ("30", "3.0389"),
        ("31", "2.9488"),
    ];
    for (code, ef) in want {
        let f = rd().carbon.fuel(code, 2024, "").unwrap();
        let carbon = f.ncv.unwrap() * f.carbon_content.unwrap() * f.oxidation.unwrap();
        let got = carbon::co2_of_carbon(carbon).unwrap().round_dp(4);
        assert_eq!(got, dec(ef), "{code} {}", f.fuel);
    }
}

#[test]
fn grid_factors_are_the_published_national_and_regional_values() {
    let g = |scope, area: &str, year| {
        rd().carbon
            .grid(scope, area, year, "")
            .map(|g| g.t_per_mwh.to_string())
            .ok()
    };
    // data years 2021/2022/2023 → report years 2023/2024/2025
    assert_eq!(g(GridScope::National, "", 2023).as_deref(), Some("0.5568"));
    assert_eq!(g(GridScope::National, "", 2024).as_deref(), Some("0.5366"));
    assert_eq!(g(GridScope::National, "", 2025).as_deref(), Some("0.5306"));
    assert_eq!(g(GridScope::Residual, "", 2025).as_deref(), Some("0.6096"));
    assert_eq!(g(GridScope::Fossil, "", 2024).as_deref(), Some("0.8325"));
    assert_eq!(
        g(GridScope::Region, "southwest", 2025).as_deref(),
        Some("0.2472")
    );
    assert_eq!(
        g(GridScope::Province, "510000", 2024).as_deref(),
        Some("0.1404")
    );
    assert_eq!(g(GridScope::National, "", 2022), None);
    assert_eq!(g(GridScope::National, "", 2026), None);
    // Every province of the region table is a GB/T 2260 province.
    for r in &rd().carbon.regions {
        assert!(rd().region(&r.province).is_some(), "{}", r.province);
    }
}

#[test]
fn province_settings_override_the_default() {
    let mut data = rd().clone();
    data.carbon.settings = carbon::registry::SettingsSeed::parse(
        r#"
        [default]
        grid_scope = "national"
        unbundled_certificates_zero_co2 = true
        residual_factor_for_green_remainder = false
        energy_deduction = "all_certificates"
        [province.520000]
        grid_scope = "province"
        unbundled_certificates_zero_co2 = false
        "#,
    )
    .unwrap();
    let s = data.carbon.settings_for("522601");
    assert_eq!(s.grid_scope, GridScope::Province);
    assert!(!s.unbundled_certificates_zero_co2);
    assert_eq!(
        data.carbon.settings_for("110101"),
        data.carbon.settings.default
    );
    // compute() takes the enterprise's province settings: golden at the provincial factor with
    // unbundled certificates not recognised: 80 000 × 0.4989 = 39 912 → 34 420.26 + 39 912 + 5 500.
    let out = carbon::compute(&golden(), &data, None);
    assert_eq!(figures(&out).total_co2_t, co2("79832.26"));
}

#[test]
fn shipped_settings_are_the_documented_defaults() {
    let s = settings();
    assert_eq!(s.grid_scope, GridScope::National);
    assert!(s.unbundled_certificates_zero_co2);
    assert!(!s.residual_factor_for_green_remainder);
    assert_eq!(s.energy_deduction, EnergyDeduction::AllCertificates);
    assert!(s.latest_grid_edition_when_unpublished);
    assert!(rd().carbon.settings.province.is_empty());
}

// ---- properties ----

fn arb_fuel_row() -> impl Strategy<Value = EnergyRow> {
    (
        prop::sample::select(vec![
            "01", "02", "04", "09", "15", "21", "24", "32", "33", "36", "37",
        ]),
        0u32..1_000_000,
        0u32..1_000,
    )
        .prop_map(|(code, qty, feed)| {
            let qty = Qty::from_int(i64::from(qty));
            EnergyRow {
                code: code.into(),
                purchased_qty: Some(qty),
                consumed_total: Some(qty),
                consumed_industrial: Some(qty),
                used_as_feedstock: Some(Qty::from_int(i64::from(feed))),
                ..Default::default()
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// CO₂ never depends on the order of the rows, the measured parameters or the certificates.
    #[test]
    fn co2_never_depends_on_row_order(
        rows in prop::collection::vec(arb_fuel_row(), 1..10),
        seed in any::<u64>(),
    ) {
        let mut r = report(2024, rows);
        r.carbon.measured = vec![measured("21", FuelParameter::Ncv, "43.1")];
        r.carbon.certificates = vec![
            certificates(PROJECT, 10, CertificateSource::Unbundled),
            certificates(PROJECT + 10, 5, CertificateSource::GreenTrade),
        ];
        let a = carbon::compute_with(&r, rd(), settings(), None);
        let mut shuffled = r.clone();
        let n = shuffled.energy.len();
        shuffled.energy.rotate_left((seed as usize) % n);
        if seed % 2 == 0 { shuffled.energy.reverse(); }
        shuffled.carbon.certificates.reverse();
        let b = carbon::compute_with(&shuffled, rd(), settings(), None);
        let fa = a.figures.as_ref().unwrap();
        let fb = b.figures.as_ref().unwrap();
        prop_assert_eq!(fa.total_co2_t, fb.total_co2_t);
        prop_assert_eq!(fa.direct_co2_t, fb.direct_co2_t);
        prop_assert_eq!(fa.indirect_co2_t, fb.indirect_co2_t);
        prop_assert_eq!(a.certificates.counted_unbundled, b.certificates.counted_unbundled);
    }

    /// Any ledger, any lines: computing and validating never panic.
    #[test]
    fn arbitrary_carbon_inputs_never_panic(
        codes in prop::collection::vec(("[0-9]{30,33}", "[0-9]{0,33}", any::<u64>()), 0..6),
        years in prop::collection::vec(prop::option::of(1990i32..2100), 6),
        months in prop::collection::vec(prop::option::of(0u32..14), 6),
        lines in prop::collection::vec((0u8..4, 0i64..1_000_000_000), 0..5),
        value in -5i64..2_000_000,
        year in 2018i32..2030,
    ) {
        let mut r = nengbao::demo::report_2024();
        r.year = year;
        r.carbon.certificates = codes
            .into_iter()
            .enumerate()
            .map(|(i, (code, to, quantity))| CertificateEntry {
                code,
                code_to: to,
                quantity,
                production_year: years[i],
                production_month: months[i],
                status: if i % 2 == 0 { CertificateStatus::Cancelled } else { CertificateStatus::Held },
                cancelled_on: NaiveDate::from_ymd_opt(year, 6, 1),
                source: if i % 3 == 0 { CertificateSource::GreenTrade } else { CertificateSource::Unbundled },
                ..Default::default()
            })
            .collect();
        r.carbon.electricity = lines
            .into_iter()
            .map(|(s, qty)| ElectricityLine {
                source: match s {
                    0 => ElectricitySource::Grid,
                    1 => ElectricitySource::GreenTrade,
                    2 => ElectricitySource::SelfRenewable,
                    _ => ElectricitySource::SelfFossil,
                },
                quantity: Some(Qty::round(Decimal::new(qty, 2))),
                ..Default::default()
            })
            .collect();
        r.carbon.measured = vec![MeasuredParameter {
            code: "01".into(),
            parameter: FuelParameter::CarbonContent,
            value: Some(Param::round(Decimal::new(value, 4))),
            ..Default::default()
        }];
        let _ = carbon::compute(&r, rd(), Some(&nengbao::demo::report_2023()));
        let _ = nengbao::validate::validate(
            &r, rd(), None, &[], &nengbao::validate::Settings::from_refdata(rd()));
    }
}

#[test]
fn compute_and_check_show_the_carbon_figures() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("golden.json");
    std::fs::write(
        &file,
        nengbao::interchange::report_to_json(&golden()).unwrap(),
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(args)
            .output()
            .unwrap()
    };
    let f = file.to_str().unwrap();

    let o = run(&["compute", f, "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["comprehensive_energy_tce"].is_string(),
        "existing keys stay"
    );
    assert_eq!(v["carbon"]["figures"]["total_co2_t"], "77482.26");
    assert_eq!(v["carbon"]["editions"]["grid"], "mee-2022-national");
    let text = String::from_utf8(run(&["compute", f]).stdout).unwrap();
    assert!(text.contains("二氧化碳排放总量：77482.26"), "{text}");
    assert!(text.contains("直接排放：34420.26"), "{text}");

    let o = run(&["check", f, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["findings"].is_array() && v["summary"].is_object());
    assert_eq!(v["carbon"]["figures"]["total_co2_t"], "77482.26");
    let text = String::from_utf8(run(&["check", f, "--lang", "en"]).stdout).unwrap();
    assert!(text.contains("CO₂ total 77482.26 t"), "{text}");
}

// ---- the CO₂ block in the signed file ------------------------------------------------------

fn file(name: &str, kind: &str, size: u64, byte: char) -> Evidence {
    Evidence {
        name: name.into(),
        kind: kind.into(),
        size,
        sha256: byte.to_string().repeat(64),
    }
}

/// The demo 2024 report with every kind of carbon input: grid and green-trade lines (7 000 +
/// 600 万kWh = the 7 600 bought), the trade's 6 000 certificates and 5 000 bought ones, a
/// measured NCV, a process emission, electricity supplied outward. It draws no error or
/// warning, so it can be signed.
pub(crate) fn demo_with_carbon() -> AnnualReport {
    let mut r = nengbao::demo::report_2024();
    let mut t = trade("600");
    t.contract_no = "GT-2024-001".into();
    t.evidence = vec![
        file("绿电交易合同.pdf", "合同", 204_800, 'a'),
        file("结算单2024-12.pdf", "结算凭证", 51_200, 'b'),
    ];
    let mut g = grid("7000");
    g.description = "贵州电网".into();
    r.carbon.electricity = vec![g, t];
    let mut with_trade = certificates(PROJECT, 6_000, CertificateSource::GreenTrade);
    with_trade.contract_no = "GT-2024-001".into();
    with_trade.platform = "北京电力交易中心".into();
    let mut bought = certificates(PROJECT + 10_000, 5_000, CertificateSource::Unbundled);
    bought.platform = "中国绿色电力证书交易平台".into();
    bought.contract_no = "LZ-2024-088".into();
    bought.evidence = vec![file("绿证核销凭证｜第1批.pdf", "核销凭证", 1_024, 'c')];
    r.carbon.certificates = vec![with_trade, bought];
    r.carbon.measured = vec![MeasuredParameter {
        code: "01".into(),
        parameter: FuelParameter::Ncv,
        value: od("21.512345"),
        method: "GB/T 213-2008，每批次".into(),
        lab: "贵州省煤炭产品质量监督检验院 2024-117".into(),
        evidence: vec![file("检测报告2024-117.pdf", "检测报告", 88_000, 'd')],
    }];
    r.carbon.process = vec![ProcessEmission {
        name: "石灰石分解".into(),
        co2_t: od("1234.56"),
        basis: "GB/T 32151.8-2023 碳酸盐分解".into(),
        evidence: vec![file("过程排放核算.xlsx", "核算表", 20_480, 'e')],
    }];
    r.carbon.exported_electricity = od("12.5");
    r
}

fn key() -> &'static nengbao::sign::Key {
    static K: std::sync::OnceLock<nengbao::sign::Key> = std::sync::OnceLock::new();
    K.get_or_init(|| nengbao::sign::Key::generate().unwrap())
}

fn check(r: &AnnualReport) -> nengbao::validate::Outcome {
    let s = nengbao::validate::Settings::from_refdata(rd());
    nengbao::validate::validate(r, rd(), None, &[], &s)
}

fn signed_in(r: &AnnualReport, pack: &str) -> Vec<u8> {
    let out = check(r);
    assert!(out.summary.signable(), "{:#?}", out.findings);
    let c = nengbao::calc::compute(r, rd()).ok();
    let pack = nengbao::pack::Pack::builtin(pack).unwrap();
    nengbao::xlsx::export(r, c.as_ref(), &out, pack, Some(key()), rd())
        .unwrap()
        .bytes
}

/// The signed file carries the CO₂ figures and the editions they were computed with, in both
/// packs; the carbon inputs come back on verify and on import; a changed certificate or a
/// changed figure is named to the cell.
#[test]
fn the_signed_file_carries_the_co2_block_and_its_inputs_round_trip_in_both_packs() {
    use crate::submission::{put, Put};
    use nengbao::xlsx::{self, Status};
    let r = demo_with_carbon();
    let expected = carbon::compute(&r, rd(), None);
    let f = figures(&expected);
    assert_eq!(
        (
            expected.certificates.counted_trade,
            expected.certificates.counted_unbundled
        ),
        (6_000, 5_000)
    );
    for pack in ["national", "guangdong"] {
        let bytes = signed_in(&r, pack);
        let v = xlsx::verify(&bytes, rd(), None);
        assert_eq!(v.status, Status::Valid, "{pack}: {}", v.message);
        assert_eq!(
            v.report.as_ref().unwrap().carbon,
            r.carbon,
            "{pack}: signed inputs"
        );
        let signed = v.carbon.clone().expect("the signed CO₂ figures");
        assert_eq!(
            (
                signed.direct_co2_t,
                signed.indirect_co2_t,
                signed.total_co2_t
            ),
            (f.direct_co2_t, f.indirect_co2_t, f.total_co2_t),
            "{pack}"
        );
        assert_eq!(signed.per_value_added, f.per_value_added);
        assert_eq!(signed.editions.grid, "mee-2022-national");
        assert_eq!(signed.editions.fuel, "gbt32151.34-2024-c1");
        let payload = xlsx::inspect(&bytes, rd()).unwrap().payload;
        assert!(
            payload.contains(&format!("\"total_co2_t\":\"{}\"", f.total_co2_t)),
            "{pack}: the total is in the signed payload"
        );

        let imported = xlsx::import(&bytes, rd()).unwrap();
        assert!(
            imported.issues.iter().all(|i| i.severity != "error"),
            "{pack}: {:?}",
            imported.issues
        );
        assert_eq!(imported.report.carbon, r.carbon, "{pack}: export → import");

        let pk = nengbao::pack::Pack::builtin(pack).unwrap();
        let (sheet, cell) = pk.locate("carbon.certificates[1].quantity").unwrap();
        let edited = put(&bytes, &sheet, &cell, Put::Number("4999"));
        let v = xlsx::verify(&edited, rd(), None);
        assert_eq!(v.status, Status::Tampered);
        assert!(v
            .changes
            .iter()
            .any(|c| c.cell == format!("{sheet}!{cell}")));
        let (sheet, cell) = pk.locate("carbon.total_co2_t").unwrap();
        let edited = put(&bytes, &sheet, &cell, Put::Number("1"));
        let v = xlsx::verify(&edited, rd(), None);
        assert_eq!(v.status, Status::Tampered);
        assert!(v
            .changes
            .iter()
            .any(|c| c.cell == format!("{sheet}!{cell}")));
    }
}

/// The blank template, its carbon input cells filled by a script the way a person would type,
/// reads back into the same carbon inputs; the computed cells are not needed.
#[test]
fn a_template_filled_with_carbon_inputs_reads_back_into_the_same_inputs() {
    use crate::submission::{put, Put};
    use nengbao::pack::cells::{layout, CellValue};
    use nengbao::xlsx;
    let r = xlsx::with_catalog_names(&demo_with_carbon(), rd());
    for pack_id in ["national", "guangdong"] {
        let pack = nengbao::pack::Pack::builtin(pack_id).unwrap();
        let mut bytes = xlsx::template(pack, 2024, rd()).unwrap();
        let doc = xlsx::document(&r, None, None);
        let mut carbon_cells = 0;
        for p in layout(pack, &doc, rd()).unwrap() {
            if p.computed || p.value == CellValue::Empty {
                continue;
            }
            carbon_cells += usize::from(p.path.starts_with("report.carbon."));
            let a1 = nengbao::pack::a1(p.row, p.col);
            bytes = match &p.value {
                CellValue::Number(n) => put(&bytes, &p.sheet, &a1, Put::Number(n)),
                CellValue::Text(t) => put(&bytes, &p.sheet, &a1, Put::Text(t)),
                CellValue::Date(d) => put(
                    &bytes,
                    &p.sheet,
                    &a1,
                    Put::Text(&d.format("%Y-%m-%d").to_string()),
                ),
                CellValue::Bool(b) => put(
                    &bytes,
                    &p.sheet,
                    &a1,
                    Put::Text(if *b { "是" } else { "否" }),
                ),
                CellValue::Empty => bytes,
            };
        }
        assert!(
            carbon_cells > 40,
            "{pack_id}: {carbon_cells} carbon input cells"
        );
        let imported = xlsx::import(&bytes, rd()).unwrap();
        assert!(
            imported.issues.iter().all(|i| i.severity != "error"),
            "{pack_id}: {:?}",
            imported.issues
        );
        assert_eq!(
            imported.report.carbon, r.carbon,
            "{pack_id}: template → script → import gives the same carbon inputs"
        );
    }
}

/// A person writing evidence by hand: a bare file name, or name and kind, is read; a size that
/// is not a number is named at its cell.
#[test]
fn evidence_cells_read_what_people_write() {
    use crate::submission::{put, Put};
    use nengbao::xlsx;
    let pack = nengbao::pack::Pack::builtin("national").unwrap();
    let mut bytes = xlsx::template(pack, 2024, rd()).unwrap();
    let at = |p: &str| pack.locate(p).unwrap();
    let (s, c) = at("carbon.process[0].name");
    bytes = put(&bytes, &s, &c, Put::Text("石灰石分解"));
    let (s, c) = at("carbon.process[0].evidence");
    bytes = put(
        &bytes,
        &s,
        &c,
        Put::Text("核算表.xlsx\n  监测记录.pdf｜记录  \n"),
    );
    let (s, c) = at("carbon.process[1].name");
    bytes = put(&bytes, &s, &c, Put::Text("焦炭还原"));
    let (s, c2) = at("carbon.process[1].evidence");
    bytes = put(&bytes, &s, &c2, Put::Text("报告.pdf｜报告｜很大｜abc"));
    let imported = xlsx::import(&bytes, rd()).unwrap();
    let ev = &imported.report.carbon.process[0].evidence;
    assert_eq!(
        ev.iter()
            .map(|e| (e.name.as_str(), e.kind.as_str()))
            .collect::<Vec<_>>(),
        [("核算表.xlsx", ""), ("监测记录.pdf", "记录")]
    );
    let issue = imported
        .issues
        .iter()
        .find(|i| i.cell == c2 && i.sheet == s)
        .expect("the bad size is named");
    assert_eq!(issue.severity, "error");
    assert!(issue.message.zh.contains("很大"), "{}", issue.message.zh);
}

/// CB findings point at the sheet and cell of the value they are about, in both packs.
#[test]
fn carbon_findings_point_at_their_cells() {
    for pack in ["national", "guangdong"] {
        let p = nengbao::pack::Pack::builtin(pack).unwrap();
        let at = |path: &str| p.locate(path).map(|(s, c)| format!("{s}!{c}"));
        assert_eq!(
            at("carbon.certificates[2]").as_deref(),
            Some("碳5 绿证台账!A8")
        );
        assert_eq!(
            at("carbon.certificates").as_deref(),
            Some("碳5 绿证台账!A6")
        );
        assert_eq!(
            at("carbon.electricity[1].evidence").as_deref(),
            Some("碳2 电力来源!G6")
        );
        assert_eq!(at("carbon.electricity").as_deref(), Some("碳2 电力来源!A5"));
        assert_eq!(at("carbon.measured[0]").as_deref(), Some("碳3 实测参数!A5"));
        assert_eq!(at("carbon.process[0]").as_deref(), Some("碳4 过程排放!A5"));
        assert_eq!(
            at("carbon.basis.grid").as_deref(),
            Some("碳1 二氧化碳排放!B71")
        );
        assert_eq!(
            at("carbon.per_value_added").as_deref(),
            Some("碳1 二氧化碳排放!P57")
        );
        assert_eq!(
            at("carbon.exported_electricity").as_deref(),
            Some("碳1 二氧化碳排放!P50")
        );
    }
    // Through the rule engine: a certificate without evidence is found at its row.
    let mut r = demo_with_carbon();
    r.carbon.certificates[1].evidence.clear();
    let mut out = check(&r);
    nengbao::validate::locate(&mut out, nengbao::pack::Pack::builtin("national").unwrap());
    let f = out.findings.iter().find(|f| f.rule == "CB004").unwrap();
    assert_eq!(
        (f.location.sheet.as_deref(), f.location.cell.as_deref()),
        (Some("碳5 绿证台账"), Some("A7"))
    );
}

/// Signing freezes the editions into the report: the signed file keeps its figures, and the
/// report keeps them too when a later app version ships a newer edition for the same year.
#[test]
fn signing_freezes_the_editions_so_a_newer_edition_never_moves_the_figures() {
    use nengbao::carbon::registry::{GridFactor, GridScope};
    use nengbao::workspace::{FixedClock, Workspace};
    let dir = tempfile::tempdir().unwrap();
    // In memory: no evidence store to check the demo's ledger files against.
    let mut ws = Workspace::in_memory(Box::new(FixedClock::at(2025, 3, 18))).unwrap();
    let r = demo_with_carbon();
    assert_eq!(r.carbon.basis, CarbonBasis::default());
    ws.report_save(&r).unwrap();
    let dest = dir.path().join("signed.xlsx");
    let pack = nengbao::pack::Pack::builtin("national").unwrap();
    ws.submission_export(&r, pack, Some(key()), None, &dest)
        .unwrap();
    let stored = ws.report_load(&r.enterprise.uscc, 2024).unwrap();
    assert_eq!(
        stored.carbon.basis,
        CarbonBasis {
            fuel: "gbt32151.34-2024-c1".into(),
            grid: "mee-2022-national".into(),
            heat: String::new(), // the demo buys no heat: nothing to freeze
        }
    );
    let bytes = std::fs::read(&dest).unwrap();
    let v = nengbao::xlsx::verify(&bytes, rd(), None);
    assert_eq!(v.status, nengbao::xlsx::Status::Valid, "{}", v.message);
    assert_eq!(v.report.as_ref().unwrap().carbon.basis, stored.carbon.basis);
    let signed = v.carbon.unwrap();

    // A later version ships the 2023 factor for 2024 reports (0.5306 instead of 0.5366).
    let mut newer: RefData = rd().clone();
    let old = newer
        .carbon
        .grid
        .iter_mut()
        .find(|g| g.edition == "mee-2022-national")
        .unwrap();
    old.valid_to = NaiveDate::from_ymd_opt(2023, 12, 31);
    let mut next: GridFactor = old.clone();
    next.edition = "mee-2023-national-for-2024".into();
    next.data_year = 2023;
    next.t_per_mwh = dec("0.5306");
    next.valid_from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    next.valid_to = None;
    assert_eq!(next.scope, GridScope::National);
    newer.carbon.grid.insert(0, next);
    let unfrozen = carbon::compute(&r, &newer, None);
    assert_eq!(
        unfrozen.editions.grid.as_deref(),
        Some("mee-2023-national-for-2024")
    );
    assert_ne!(figures(&unfrozen).total_co2_t, signed.total_co2_t);
    let frozen = carbon::compute(&stored, &newer, None);
    assert_eq!(frozen.editions.grid.as_deref(), Some("mee-2022-national"));
    assert_eq!(figures(&frozen).total_co2_t, signed.total_co2_t);
    // The signed file itself never depends on the registry.
    let v = nengbao::xlsx::verify(&bytes, &newer, None);
    assert_eq!(v.status, nengbao::xlsx::Status::Valid);
    assert_eq!(v.carbon.unwrap().total_co2_t, signed.total_co2_t);

    // The app saving its copy of the report (without the basis) keeps the frozen editions;
    // naming another edition replaces them.
    ws.report_save(&r).unwrap();
    let kept = ws.report_load(&r.enterprise.uscc, 2024).unwrap();
    assert_eq!(kept.carbon.basis, stored.carbon.basis);
    let mut chosen = kept.clone();
    chosen.carbon.basis.grid = "mee-2023-national".into();
    ws.report_save(&chosen).unwrap();
    assert_eq!(
        ws.report_load(&r.enterprise.uscc, 2024)
            .unwrap()
            .carbon
            .basis
            .grid,
        "mee-2023-national"
    );
}

/// A draft export freezes nothing: the report is still accounted with the year's editions.
#[test]
fn a_draft_export_freezes_no_edition() {
    use nengbao::workspace::{FixedClock, Workspace};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::in_memory(Box::new(FixedClock::at(2025, 3, 18))).unwrap();
    let r = demo_with_carbon();
    let pack = nengbao::pack::Pack::builtin("national").unwrap();
    ws.submission_export(&r, pack, None, None, &dir.path().join("d.xlsx"))
        .unwrap();
    let stored = ws.report_load(&r.enterprise.uscc, 2024).unwrap();
    assert_eq!(stored.carbon.basis, CarbonBasis::default());
}

/// Every coded list of the carbon sheets names exactly the model's values.
#[test]
fn carbon_dropdowns_cover_the_model_enums() {
    let codes = |list: &str| -> Vec<String> {
        nengbao::pack::list_entries(list, rd())
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    };
    let words = |v: Vec<serde_json::Value>| -> Vec<String> {
        v.into_iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        codes("electricity_sources"),
        words(
            [
                ElectricitySource::Grid,
                ElectricitySource::GreenTrade,
                ElectricitySource::SelfRenewable,
                ElectricitySource::SelfFossil
            ]
            .iter()
            .map(|s| serde_json::to_value(s).unwrap())
            .collect()
        )
    );
    assert_eq!(
        codes("certificate_sources"),
        words(
            [CertificateSource::Unbundled, CertificateSource::GreenTrade]
                .iter()
                .map(|s| serde_json::to_value(s).unwrap())
                .collect()
        )
    );
    assert_eq!(
        codes("certificate_statuses"),
        words(
            [CertificateStatus::Held, CertificateStatus::Cancelled]
                .iter()
                .map(|s| serde_json::to_value(s).unwrap())
                .collect()
        )
    );
    assert_eq!(
        codes("fuel_parameters"),
        words(
            [
                FuelParameter::Ncv,
                FuelParameter::CarbonContent,
                FuelParameter::Oxidation,
                FuelParameter::CarbonPerUnit
            ]
            .iter()
            .map(|s| serde_json::to_value(s).unwrap())
            .collect()
        )
    );
}

// ---- the 碳排放 screen ----

#[test]
fn the_screen_view_carries_every_figure_with_its_provenance() {
    // 原煤 (no C.1 row: defaults marked M), 一般烟煤 (C.1, S), electricity at the 2022 factor.
    let mut r = report(
        2024,
        vec![row("01", "100"), row("04", "1000"), row("33", "100")],
    );
    r.indicators.value_added.current = od("1000");
    let out = carbon::compute_with(&r, rd(), settings(), None);
    let v = carbon::CarbonView::of(&r, &out, rd());
    assert!(v.accounted && v.gaps.is_empty() && v.fallbacks.is_empty());
    let t = v.totals.as_ref().unwrap();
    assert_eq!(t.total_co2_t, figures(&out).total_co2_t);
    assert_eq!(t.direct_co2_t, figures(&out).direct_co2_t);
    // Electricity rows are not fuel rows of the table.
    assert_eq!(
        v.fuels.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
        ["01", "04"]
    );
    let raw = &v.fuels[0];
    assert_eq!(raw.params.len(), 3);
    for p in &raw.params {
        assert!(
            p.provenance.unverified,
            "原煤 {} is unverified",
            p.parameter
        );
        assert_eq!(p.provenance.edition, "gbt32151.34-2024-c1");
        assert!(!p.provenance.source.is_empty());
    }
    let coal = &v.fuels[1];
    let ncv = coal.params.iter().find(|p| p.parameter == "ncv").unwrap();
    assert_eq!(ncv.value, dec("19.57"));
    assert_eq!(ncv.unit, format!("GJ/{}", coal.unit));
    assert!(!ncv.provenance.unverified);
    assert_eq!(ncv.provenance.confidence, Some(Confidence::S));
    // The grid factor with its notice, data year and validity.
    let e = v.electricity.as_ref().unwrap();
    let g = e.factor.as_ref().unwrap();
    assert_eq!(g.value, dec("0.5366"));
    assert_eq!(g.provenance.data_year, Some(2022));
    assert_eq!(g.provenance.valid_from, "2024-01-01");
    assert_eq!(g.provenance.valid_to, "2024-12-31");
    assert!(g.provenance.notice.contains("生态环境部"));
    // 100 万kWh → 1 000 MWh at 3 decimals.
    assert_eq!(e.purchased_mwh.to_string(), "1000.000");
    // The document the 碳表 tables read is the signed one.
    assert_eq!(
        v.document["total_co2_t"].as_str(),
        Some(t.total_co2_t.to_string().as_str())
    );
}

#[test]
fn the_screen_view_names_the_stand_in_factor_and_the_gaps() {
    let r = report(2026, vec![row("33", "100")]);
    let out = carbon::compute_with(&r, rd(), settings(), None);
    let v = carbon::CarbonView::of(&r, &out, rd());
    assert_eq!(v.fallbacks.len(), 1);
    assert!(v.fallbacks[0].zh.contains("mee-2023-national"));
    assert_eq!(v.fallbacks[0].path, "carbon.basis.grid");
    let g = v.electricity.unwrap().factor.unwrap();
    assert_eq!(g.provenance.kind, "fallback");

    let strict = CarbonSettings {
        latest_grid_edition_when_unpublished: false,
        ..settings()
    };
    let out = carbon::compute_with(&r, rd(), strict, None);
    let v = carbon::CarbonView::of(&r, &out, rd());
    assert!(!v.accounted && v.totals.is_none());
    assert_eq!(v.gaps.len(), 1);
    assert_eq!(v.gaps[0].path, "carbon.basis.grid");
}

#[test]
fn evidence_of_the_carbon_inputs_is_listed_with_its_record() {
    let mut r = report(2025, vec![row("33", "3000")]);
    r.carbon.certificates = vec![certificates(PROJECT, 10, CertificateSource::Unbundled)];
    r.carbon.electricity = vec![grid("2000"), trade("1000")];
    r.carbon.measured = vec![MeasuredParameter {
        code: "04".into(),
        parameter: FuelParameter::Ncv,
        value: Some("20.1".parse().unwrap()),
        method: "GB/T 213".into(),
        lab: "省煤质检测中心".into(),
        evidence: vec![evidence("检测报告.pdf")],
    }];
    let refs = carbon::evidence_refs(&r);
    let paths: Vec<&str> = refs.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "carbon.certificates[0].evidence[0]",
            "carbon.electricity[1].evidence[0]",
            "carbon.measured[0].evidence[0]"
        ]
    );
    assert_eq!(refs[0].record, "绿证台账第1条");
    assert_eq!(refs[1].record, "电力来源第2行（绿电交易）");
    assert_eq!(refs[2].record, "实测参数第1行（04 低位发热量）");
}

#[test]
fn the_catalog_lists_every_dropdown_of_the_packs() {
    let names = nengbao::pack::list_names();
    for l in [
        "electricity_sources",
        "certificate_sources",
        "certificate_statuses",
        "fuel_parameters",
        "energy_codes",
        "yes_no",
    ] {
        assert!(names.iter().any(|n| n == l), "{l} in {names:?}");
        assert!(
            !nengbao::pack::list_entries(l, rd()).is_empty(),
            "{l} has entries"
        );
    }
    assert!(
        !names.iter().any(|n| n == "files"),
        "evidence columns are not a list"
    );
}

#[test]
fn the_workspace_checks_carbon_evidence_and_gives_the_screen_its_view() {
    use nengbao::workspace::{EvidenceProblem, FixedClock};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = nengbao::Workspace::open(
        &dir.path().join("w.db"),
        Box::new(FixedClock::at(2025, 3, 18)),
    )
    .unwrap();
    let src = dir.path().join("绿证核销凭证.txt");
    std::fs::write(&src, "核销凭证 2024").unwrap();
    let e = ws.evidence_add(&src, "绿证核销凭证").unwrap();

    // The demo 2024 report with 1 000 cancelled certificates proved by the stored file.
    let mut r = nengbao::demo::report_2024();
    // (The ledger's own files are not in this store; they are LG014's business.)
    for p in &mut r.reduction_projects {
        p.evidence.clear();
    }
    let before = ws
        .report_check_screen(&r, "")
        .unwrap()
        .carbon
        .totals
        .unwrap()
        .total_co2_t;
    let mut c = certificates(PROJECT, 1_000, CertificateSource::Unbundled);
    c.production_year = Some(2024);
    c.cancelled_on = NaiveDate::from_ymd_opt(2024, 12, 20);
    c.evidence = vec![e.clone()];
    r.carbon.certificates = vec![c];
    let view = ws.report_check_screen(&r, "").unwrap().carbon;
    assert!(
        view.certificates[0].counted,
        "{:?}",
        view.certificates[0].reasons
    );
    // 1 000 MWh at zero instead of 0.5366 tCO₂/MWh: 536.60 less.
    let after = view.totals.unwrap().total_co2_t;
    assert_eq!(before.value() - after.value(), dec("536.60"));
    assert_eq!(ws.evidence_check(&r).unwrap().unwrap(), vec![]);

    // The stored file changed: CB018 names the entry and the file; LG014 stays silent.
    let stored = dir.path().join("w.evidence").join(&e.sha256);
    std::fs::write(&stored, "核销凭证 2025").unwrap();
    let issues = ws.evidence_check(&r).unwrap().unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "carbon.certificates[0].evidence[0]");
    assert_eq!(issues[0].project_id, "绿证台账第1条");
    assert_eq!(issues[0].problem, EvidenceProblem::Changed);
    let out = ws.validate(&r, None).unwrap();
    let cb: Vec<_> = out.findings.iter().filter(|f| f.rule == "CB018").collect();
    assert_eq!(cb.len(), 1);
    assert!(
        cb[0].message.zh.contains("绿证台账第1条") && cb[0].message.zh.contains("绿证核销凭证.txt")
    );
    assert!(!out.findings.iter().any(|f| f.rule == "LG014"));

    // Gone from the store: missing; adding the original back repairs it.
    std::fs::remove_file(&stored).unwrap();
    assert_eq!(
        ws.evidence_check(&r).unwrap().unwrap()[0].problem,
        EvidenceProblem::Missing
    );
    ws.evidence_add(&src, "绿证核销凭证").unwrap();
    assert!(ws.evidence_check(&r).unwrap().unwrap().is_empty());
}
