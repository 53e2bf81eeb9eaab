//! Every formula against a hand calculation written in the test.

use nengbao::calc::{self, CalcError};
use nengbao::model::*;
use nengbao::refdata::RefData;

use crate::builder::{d, od, ReportBuilder};

fn rd() -> &'static RefData {
    RefData::builtin().expect("seeds parse")
}

#[test]
fn row_tce_is_quantity_times_adopted_factor() {
    // 原煤 1,000 t × 0.7143 tce/t = 714.3 tce; 电力 100 万kWh × 1.229 (reference, none adopted) = 122.9
    let c = calc::compute(&ReportBuilder::minimal_valid().build(), rd()).unwrap();
    assert_eq!(c.rows[0].tce, d("714.3"));
    assert_eq!(
        c.rows[1].factor,
        d("1.229"),
        "electricity falls back to the fixed reference"
    );
    assert_eq!(c.rows[1].tce, d("122.9"));
    assert_eq!(c.comprehensive_energy_tce, d("837.2"));
}

#[test]
fn row_tce_rounds_half_away_from_zero_at_four_decimals() {
    // 0.5 t × 0.00001 tce/t = 0.000005 → 0.0000; 5 t × 0.00001 = 0.00005 → 0.0001 (half up)
    assert_eq!(calc::tce(d::<4>("5").value(), d("0.00001")), d("0.0001"));
    assert_eq!(calc::tce(d::<4>("0.5").value(), d("0.00001")), d("0"));
}

/// The demo 2024 report, by hand:
/// 原煤 135,500 × 0.7143 = 96,787.65; 柴油 760 × 1.4571 = 1,107.396; 天然气 30 × 12.45 = 373.5;
/// 电力 9,450 × 1.229 = 11,614.05; 余热余压 356,000 × 0.03412 = 12,146.72 → Σ 122,029.316.
/// Deduct 205-2: 电力产出 1,980 × 1.229 = 2,433.42 and 回收利用 356,000 × 0.03412 = 12,146.72.
/// 综合能源消费量（当量值）= 122,029.316 − 2,433.42 − 12,146.72 = 107,449.176.
/// 等价值: electricity at 300.8 gce/kWh = 3.008 tce/万kWh: 9,450 × 3.008 = 28,425.6 and
/// 1,980 × 3.008 = 5,955.84 → 96,787.65 + 1,107.396 + 373.5 + 28,425.6 + 12,146.72 − 5,955.84
/// − 12,146.72 = 120,738.306.
/// 绿电 500 万kWh × 1.229 = 614.5 (等价 500 × 3.008 = 1,504); 原料用能 0.
#[test]
fn demo_2024_matches_hand_calculation() {
    let c = calc::compute(&nengbao::demo::report_2024(), rd()).unwrap();
    let tce: Vec<(String, String)> = c
        .rows
        .iter()
        .map(|r| (r.code.clone(), r.tce.to_string()))
        .collect();
    assert_eq!(
        tce,
        [
            ("01", "96787.6500"),
            ("21", "1107.3960"),
            ("15", "373.5000"),
            ("33", "11614.0500"),
            ("37", "12146.7200")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(c.consumption_tce, d("122029.316"));
    assert_eq!(c.conversion_output_tce, d("2433.42"));
    assert_eq!(c.recovered_tce, d("12146.72"));
    assert_eq!(c.comprehensive_energy_tce, d("107449.176"));
    assert_eq!(c.electricity_equal_factor, d("3.008"));
    assert_eq!(c.comprehensive_energy_equal_value_tce, d("120738.306"));
    assert_eq!(c.feedstock_tce, d("0"));
    assert_eq!(c.green_electricity_tce, d("614.5"));
    assert_eq!(c.green_electricity_equal_value_tce, d("1504"));
    assert_eq!(c.assessed_tce, d("106834.676"));
    assert_eq!(c.assessed_equal_value_tce, d("119234.306"));
}

#[test]
fn demo_2024_indicators_match_hand_calculation() {
    let c = calc::compute(&nengbao::demo::report_2024(), rd()).unwrap();
    // 能源消费成本 = (122,400 + 6,396 + 1,440 + 47,120) 千元 ÷ 10 = 17,735.6 万元
    assert_eq!(c.energy_cost, d("17735.6"));
    // share of 生产成本 52,000 万元: 17,735.6 ÷ 52,000 × 100 = 34.1069… → 34.11 %
    assert_eq!(c.energy_cost_share_pct, od("34.11"));
    // 单位产值综合能耗 = 107,449.176 ÷ 68,000 = 1.580135 → 1.5801 tce/万元
    assert_eq!(c.per_output_value, od("1.5801"));
    // 单位工业增加值能耗 = 107,449.176 ÷ 17,500 = 6.139953 → 6.1400
    assert_eq!(c.per_value_added, od("6.14"));
    // last year: 107,882.4695 ÷ 66,500 = 1.622293 → 1.6223
    assert_eq!(c.per_output_value_prior, od("1.6223"));
    // 工业总产值 68,000 vs 66,500: +2.2556… → 2.26 %
    let out = &c
        .indicator_changes
        .iter()
        .find(|(k, _)| k == "output_value")
        .unwrap()
        .1;
    assert_eq!(out.change_pct, od("2.26"));
    // 节能目标完成率 = 11,900 ÷ 15,000 × 100 = 79.33 %
    assert_eq!(c.saving_target_completion_pct, od("79.33"));
    // 计量器具: 应配 94, 实配 92 → 97.87 %; 完好 90 ÷ 92 = 97.83 %; 检定 90 ÷ 92 = 97.83 %
    assert_eq!(c.metering_equipped_pct, od("97.87"));
    assert_eq!(c.metering_working_pct, od("97.83"));
    assert_eq!(c.metering_calibrated_pct, od("97.83"));
}

/// The demo 2023 report: 原煤 136,000 × 0.7143 = 97,144.8; 柴油 745 × 1.4571 = 1,085.5395;
/// 天然气 28 × 12.45 = 348.6; 电力 9,490 × 1.229 = 11,663.21; 余热 345,000 × 0.03412 = 11,771.4;
/// less 电力产出 1,920 × 1.229 = 2,359.68 and 回收 11,771.4 → 107,882.4695.
#[test]
fn demo_2023_matches_hand_calculation() {
    let c = calc::compute(&nengbao::demo::report_2023(), rd()).unwrap();
    assert_eq!(c.comprehensive_energy_tce, d("107882.4695"));
}

#[test]
fn product_indicator_change_and_saving() {
    // 吨熟料综合能耗 = 104,600 tce ÷ 1,020,000 t × 1000 = 102.549019… → 102.5490 kgce/t
    // last year 105,800 ÷ 1,000,000 × 1000 = 105.8
    // 变化率 = (102.549 − 105.8) ÷ 105.8 × 100 = −3.0728 → −3.07 %
    // 节能量 = (102.549 − 105.8) × 1,020,000 ÷ 1000 = −3,316.02 tce
    let p = &nengbao::demo::report_2024().products[0];
    let f = calc::product_figures(p);
    assert_eq!(f.current, od("102.549"));
    assert_eq!(f.prior, od("105.8"));
    assert_eq!(f.change_pct, od("-3.07"));
    assert_eq!(f.saving_tce, od("-3316.02"));
}

#[test]
fn product_without_denominator_has_no_indicator() {
    let p = ProductIndicator {
        numerator: od("10"),
        ..Default::default()
    };
    let f = calc::product_figures(&p);
    assert_eq!((f.current, f.change_pct, f.saving_tce), (None, None, None));
}

#[test]
fn feedstock_is_deducted_only_from_assessed_figures() {
    // 天然气 100 万m³ for an ammonia plant, 60 of it 用于原材料, adopted 12.143:
    // 100 × 12.143 = 1,214.3 tce in 综合能耗; 原料用能 60 × 12.143 = 728.58;
    // total with the builder's coal and electricity: 714.3 + 122.9 + 1,214.3 = 2,051.5
    // assessed = 2,051.5 − 728.58 = 1,322.92
    let r = ReportBuilder::minimal_valid()
        .energy(EnergyRow {
            code: "15".into(),
            purchased_qty: od("100"),
            consumed_total: od("100"),
            consumed_industrial: od("100"),
            used_as_feedstock: od("60"),
            factor: od("12.143"),
            ..Default::default()
        })
        .build();
    let c = calc::compute(&r, rd()).unwrap();
    assert_eq!(c.comprehensive_energy_tce, d("2051.5"));
    assert_eq!(c.feedstock_tce, d("728.58"));
    assert_eq!(c.excluding_feedstock_tce, d("1322.92"));
    assert_eq!(c.assessed_tce, d("1322.92"));
}

#[test]
fn non_industrial_unit_counts_its_whole_consumption() {
    // A hotel (GB/T 4754 大类 61 住宿业, 门类 H) reports on 消费量合计, not 工业生产消费.
    // 电力 200 万kWh all 非工业: 200 × 1.229 = 245.8 tce
    let mut r = ReportBuilder::minimal_valid().industry("61").build();
    r.energy = vec![EnergyRow {
        code: "33".into(),
        purchased_qty: od("200"),
        consumed_total: od("200"),
        consumed_non_industrial: od("200"),
        ..Default::default()
    }];
    let c = calc::compute(&r, rd()).unwrap();
    assert!(!c.industrial_basis);
    assert_eq!(c.comprehensive_energy_tce, d("245.8"));
    let industrial =
        calc::compute(&ReportBuilder::minimal_valid().industry("30").build(), rd()).unwrap();
    assert!(industrial.industrial_basis, "门类 C 制造业 is industrial");
}

#[test]
fn expected_closing_stock_counts_own_production() {
    // 电力: 购进 7,600 + 自发 1,980 − 消费 9,580 = 0 (no stock); 余热: 回收 356,000 − 消费 356,000 = 0
    let c = calc::compute(&nengbao::demo::report_2024(), rd()).unwrap();
    assert_eq!(c.rows[3].expected_closing_stock, d("0"));
    assert_eq!(c.rows[4].expected_closing_stock, d("0"));
    // 原煤: 12,000 + 136,000 − 135,500 = 12,500
    assert_eq!(c.rows[0].expected_closing_stock, d("12500"));
}

#[test]
fn change_rate_is_none_for_zero_prior() {
    assert_eq!(
        calc::change_pct(d::<4>("5").value(), d::<4>("0").value()),
        None
    );
    // (110 − 100) ÷ 100 × 100 = 10 %
    assert_eq!(
        calc::change_pct(d::<4>("110").value(), d::<4>("100").value()),
        od("10")
    );
}

#[test]
fn unknown_code_wrong_unit_and_missing_factor_name_the_field() {
    let mut r = ReportBuilder::minimal_valid().build();
    r.energy[1].code = "99".into();
    let e = calc::compute(&r, rd()).unwrap_err();
    assert_eq!(e.path(), Some("energy[1].code"));

    let mut r = ReportBuilder::minimal_valid().build();
    r.energy[0].unit = "千克".into();
    assert!(matches!(
        calc::compute(&r, rd()),
        Err(CalcError::WrongUnit { .. })
    ));
    r.energy[0].unit = "t".into();
    assert!(
        calc::compute(&r, rd()).is_ok(),
        "t is an accepted spelling of 吨"
    );

    // 38 其他工业废料用于燃料 has no reference coefficient: the filer must adopt one.
    let r = ReportBuilder::minimal_valid()
        .energy(EnergyRow {
            code: "38".into(),
            consumed_total: od("5"),
            consumed_industrial: od("5"),
            ..Default::default()
        })
        .build();
    let e = calc::compute(&r, rd()).unwrap_err();
    assert_eq!(e.path(), Some("energy[2].factor"));
}

#[test]
fn equal_value_factor_falls_back_to_latest_known_year() {
    let (f, y) = rd().electricity_equal_factor(2031).unwrap();
    assert_eq!(y, 2025);
    assert_eq!(f, d("3.0"));
    let (_, y) = rd().electricity_equal_factor(2000).unwrap();
    assert_eq!(
        y, 2015,
        "before the table starts, the earliest year is used"
    );
}
