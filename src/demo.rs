//! 演示数据 — a realistic demo enterprise: a clinker and cement plant in 凯里市 burning coal,
//! diesel and natural gas, buying electricity and generating part of it from kiln waste heat,
//! with a clinker indicator, a retrofit project and reduction projects with monthly records.
//!
//! The 2024 figures are hand-calculated in `tests/it/calc.rs`; change them together.

use chrono::NaiveDate;

use crate::model::*;

fn d<const S: u32>(s: &str) -> Option<Fixed<S>> {
    Fixed::parse(s).ok()
}

fn date(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

/// USCC of the demo enterprise (valid GB 32100 check characters).
pub const DEMO_USCC: &str = "91522601MA6DQ7K169";

/// The demo enterprise.
pub fn enterprise() -> Enterprise {
    Enterprise {
        name: "黔东南州凯峰水泥有限公司".into(),
        uscc: DEMO_USCC.into(),
        division_code: "522601".into(),
        industry_code: "30".into(),
        address: "贵州省黔东南苗族侗族自治州凯里市炉山镇工业园区".into(),
        postcode: "556000".into(),
        legal_representative: "王建国".into(),
        ownership: "民营".into(),
        online_monitoring: true,
        energy_manager: EnergyManager {
            name: "陈志远".into(),
            post: "能源管理部部长".into(),
            title: "高级工程师".into(),
            certificate_no: "GZ-EM-2021-0317".into(),
            phone: "13908551234".into(),
        },
        contact: Contact {
            name: "张敏".into(),
            phone: "0855-8212345".into(),
            email: "energy@kaifeng-cement.example".into(),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn energy(
    code: &str,
    opening: &str,
    purchased: &str,
    amount: &str,
    industrial: &str,
    non_industrial: &str,
    transport: &str,
    closing: &str,
    factor: Option<&str>,
) -> EnergyRow {
    let ind: Option<Qty> = d(industrial);
    let non: Option<Qty> = d(non_industrial);
    let total = match (ind, non) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    };
    EnergyRow {
        code: code.into(),
        opening_stock: d(opening),
        purchased_qty: d(purchased),
        purchased_amount: d(amount),
        consumed_total: total,
        consumed_industrial: ind,
        consumed_non_industrial: non,
        transport: d(transport),
        closing_stock: d(closing),
        factor: factor.and_then(d),
        ..Default::default()
    }
}

fn paired<const S: u32>(current: &str, prior: &str) -> Paired<Fixed<S>> {
    Paired {
        current: d(current),
        prior: d(prior),
    }
}

/// Monthly records of a facility from `first` month to December.
fn monthly(
    year: i32,
    first: u32,
    hours: &[&str],
    conc: &str,
    emission: &[&str],
) -> Vec<OperatingRecord> {
    (first..=12)
        .zip(hours.iter().zip(emission))
        .map(|(m, (h, e))| OperatingRecord {
            period: format!("{year}-{m:02}"),
            hours: d(h),
            load_pct: d("86"),
            outlet_concentration: d(conc),
            emission_t: d(e),
            ..Default::default()
        })
        .collect()
}

/// Evidence files of the demo ledger: (file name, kind, content).
pub fn evidence_files() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "2号熟料线SCR脱硝工程竣工环境保护验收报告.txt",
            "验收报告",
            "黔东南州凯峰水泥有限公司 2#熟料线SCR脱硝改造工程\n竣工环境保护验收意见\n验收日期：2024年6月15日\n结论：同意通过验收。\n".into(),
        ),
        (
            "2号窑尾在线监测月报2024.csv",
            "在线监测数据",
            "月份,NOx平均浓度(mg/m3),烟气量(万m3/h),运行小时\n2024-04,98,38.0,696\n2024-05,101,38.2,720\n".into(),
        ),
        (
            "1号窑低氮燃烧器改造验收意见.txt",
            "验收报告",
            "1#熟料线低氮燃烧器改造工程验收意见\n验收日期：2023年8月30日\n".into(),
        ),
        (
            "包装车间VOCs治理设施验收报告.txt",
            "验收报告",
            "包装车间VOCs治理（活性炭吸附+催化燃烧）验收意见\n验收日期：2024年7月20日\n".into(),
        ),
    ]
}

fn evidence(name: &str) -> Evidence {
    use sha2::Digest;
    evidence_files()
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .map(|(n, kind, content)| Evidence {
            name: n.into(),
            kind: kind.into(),
            size: content.len() as u64,
            sha256: hex::encode(sha2::Sha256::digest(content.as_bytes())),
        })
        .unwrap_or_default()
}

fn metering() -> Metering {
    let row = |level, energy: &str, req, inst, work, cal| MeteringRow {
        level,
        energy: energy.into(),
        required: req,
        installed: inst,
        working: work,
        calibrated: cal,
    };
    Metering {
        rows: vec![
            row(MeteringLevel::Unit, "电力", 6, 6, 6, 6),
            row(MeteringLevel::Unit, "原煤", 2, 2, 2, 2),
            row(MeteringLevel::Unit, "天然气", 1, 1, 1, 1),
            row(MeteringLevel::Unit, "柴油", 1, 1, 1, 1),
            row(MeteringLevel::Secondary, "电力", 24, 24, 23, 24),
            row(MeteringLevel::Equipment, "电力", 60, 58, 57, 56),
        ],
    }
}

fn signatories(date_: Option<NaiveDate>) -> Signatories {
    Signatories {
        unit_head: "王建国".into(),
        statistics_head: "李红".into(),
        preparer: "张敏".into(),
        preparer_phone: "0855-8212345".into(),
        date: date_,
        pledge: true,
    }
}

fn clinker(num: &str, den: &str, prior_num: &str, prior_den: &str, note: &str) -> ProductIndicator {
    ProductIndicator {
        name: "吨熟料综合能耗".into(),
        benchmark: "cement-clinker".into(),
        unit: "kgce/t".into(),
        numerator_unit: "tce".into(),
        denominator_unit: "t".into(),
        conversion: d("1000"),
        numerator: d(num),
        denominator: d(den),
        prior_numerator: d(prior_num),
        prior_denominator: d(prior_den),
        limit: d("117"),
        stated_value: None,
        note: note.into(),
    }
}

/// The 2024 report (filed in March 2025).
pub fn report_2024() -> AnnualReport {
    let permit = format!("{DEMO_USCC}001P");
    AnnualReport {
        format: FormatTag,
        year: 2024,
        enterprise: enterprise(),
        indicators: Indicators {
            output_value: paired("68000", "66500"),
            value_added: paired("17500", "16900"),
            revenue: paired("72000", "70100"),
            taxes: paired("5600", "5350"),
            employees: Paired {
                current: Some(620),
                prior: Some(635),
            },
            energy_managers: Paired {
                current: Some(3),
                prior: Some(3),
            },
            production_cost: paired("52000", "51200"),
            // Computed from 表2 (107449.1760), never typed: only last year's figure is an input.
            comprehensive_energy_tce: Paired {
                current: None,
                prior: d("107882.4695"),
            },
        },
        energy: vec![
            energy(
                "01",
                "12000",
                "136000",
                "122400",
                "135500",
                "",
                "",
                "12500",
                Some("0.7143"),
            ),
            energy(
                "21",
                "30",
                "820",
                "6396",
                "760",
                "50",
                "300",
                "40",
                Some("1.4571"),
            ),
            energy("15", "", "45", "1440", "30", "15", "", "", Some("12.45")),
            energy(
                "33",
                "",
                "7600",
                "47120",
                "9450",
                "130",
                "",
                "",
                Some("1.229"),
            ),
            energy("37", "", "", "", "356000", "", "", "", Some("0.03412")),
        ],
        conversion: vec![
            ConversionRow {
                code: "37".into(),
                thermal_power: d("356000"),
                recovered: d("356000"),
                ..Default::default()
            },
            ConversionRow {
                code: "33".into(),
                output: d("1980"),
                ..Default::default()
            },
        ],
        green_electricity: GreenElectricity {
            certificates: 5000,
            electricity: d("500"),
        },
        carbon: Default::default(),
        products: vec![clinker(
            "104600",
            "1020000",
            "105800",
            "1000000",
            "余热发电系统提效改造后熟料烧成热耗下降",
        )],
        saving_target: SavingTarget {
            period: "2021—2025".into(),
            target_tce: d("15000"),
            this_year_tce: d("3316.02"),
            cumulative_tce: d("11900"),
        },
        saving_projects: vec![SavingProject {
            name: "熟料线余热发电系统提效改造".into(),
            category: "waste-heat".into(),
            content: "更换AQC锅炉受热面，汽轮机通流改造，提高余热发电量".into(),
            start: date(2024, 3, 1),
            finish: date(2024, 9, 30),
            investment: d("1850"),
            expected_saving_tce: d("2400"),
            actual_saving_tce: d("2250"),
            status: "已完工".into(),
        }],
        metering: metering(),
        explanations: Explanations {
            decrease: "熟料线余热发电系统提效改造完成，自发电量增加，吨熟料综合能耗同比下降3.07%。"
                .into(),
            increase: String::new(),
        },
        reduction_projects: vec![
            ReductionProject {
                id: "RP-2024-01".into(),
                name: "2#熟料线SCR脱硝改造".into(),
                category: "air-denitration".into(),
                pollutant: Some(Pollutant::Nox),
                permit_no: permit.clone(),
                facility: "2#窑尾SCR脱硝设施（TA002）".into(),
                process: "选择性催化还原（SCR）".into(),
                started_on: date(2023, 10, 8),
                commissioned_on: date(2024, 3, 20),
                accepted_on: date(2024, 6, 15),
                design_capacity: d("450000"),
                capacity_unit: "m³/h".into(),
                average_load_pct: d("86"),
                before_t: d("612.864"),
                after_t: d("218.88"),
                before: EmissionBasis {
                    concentration: d("280"),
                    flow: d("380000"),
                    hours: d("5760"),
                },
                after: EmissionBasis {
                    concentration: d("100"),
                    flow: d("380000"),
                    hours: d("5760"),
                },
                method: "监测数据法（在线监测）".into(),
                review_status: ReviewStatus::Submitted,
                evidence: vec![
                    evidence("2号熟料线SCR脱硝工程竣工环境保护验收报告.txt"),
                    evidence("2号窑尾在线监测月报2024.csv"),
                ],
                record_frequency: RecordFrequency::Month,
                records: monthly(
                    2024,
                    3,
                    &[
                        "240", "696", "720", "650", "720", "744", "700", "744", "720", "744",
                    ],
                    "100",
                    &[
                        "9.120", "26.448", "27.360", "24.700", "27.360", "28.272", "26.600",
                        "28.272", "27.360", "28.272",
                    ],
                ),
                ..Default::default()
            },
            ReductionProject {
                id: "RP-2024-02".into(),
                name: "包装车间VOCs治理（活性炭吸附+催化燃烧）".into(),
                category: "air-voc-treatment".into(),
                pollutant: Some(Pollutant::Vocs),
                permit_no: permit,
                facility: "包装印刷废气治理设施（TA005）".into(),
                process: "活性炭吸附+催化燃烧".into(),
                started_on: date(2024, 1, 10),
                commissioned_on: date(2024, 4, 28),
                accepted_on: date(2024, 7, 20),
                design_capacity: d("20000"),
                capacity_unit: "m³/h".into(),
                average_load_pct: d("75"),
                before_t: d("4.32"),
                after_t: d("0.864"),
                before: EmissionBasis {
                    concentration: d("60"),
                    flow: d("15000"),
                    hours: d("4800"),
                },
                after: EmissionBasis {
                    concentration: d("12"),
                    flow: d("15000"),
                    hours: d("4800"),
                },
                method: "监测数据法（手工监测）".into(),
                offset_t: d("1"),
                offset_for: "年产20万吨骨料生产线项目".into(),
                review_status: ReviewStatus::Submitted,
                evidence: vec![evidence("包装车间VOCs治理设施验收报告.txt")],
                record_frequency: RecordFrequency::Month,
                records: monthly(
                    2024,
                    4,
                    &["80", "400", "400", "420", "420", "400", "420", "400", "420"],
                    "12",
                    &[
                        "0.014", "0.072", "0.072", "0.076", "0.076", "0.072", "0.076", "0.072",
                        "0.076",
                    ],
                ),
                ..Default::default()
            },
        ],
        reduction_targets: vec![
            ReductionTarget {
                pollutant: Some(Pollutant::Nox),
                target_t: d("350"),
                source: "凯里市2024年度主要污染物减排目标责任书".into(),
            },
            ReductionTarget {
                pollutant: Some(Pollutant::Vocs),
                target_t: d("2"),
                source: "凯里市2024年度主要污染物减排目标责任书".into(),
            },
        ],
        justifications: Vec::new(),
        signatories: signatories(date(2025, 3, 18)),
    }
}

/// The 2023 report (filed in March 2024), the prior year of [`report_2024`].
pub fn report_2023() -> AnnualReport {
    AnnualReport {
        format: FormatTag,
        year: 2023,
        enterprise: enterprise(),
        indicators: Indicators {
            output_value: paired("66500", "64800"),
            value_added: paired("16900", "16300"),
            revenue: paired("70100", "68800"),
            taxes: paired("5350", "5200"),
            employees: Paired {
                current: Some(635),
                prior: Some(642),
            },
            energy_managers: Paired {
                current: Some(3),
                prior: Some(2),
            },
            production_cost: paired("51200", "50300"),
            // Computed from 表2 (107882.4695), never typed: only last year's figure is an input.
            comprehensive_energy_tce: Paired {
                current: None,
                prior: d("106920.0000"),
            },
        },
        energy: vec![
            energy(
                "01",
                "11000",
                "137000",
                "130150",
                "136000",
                "",
                "",
                "12000",
                Some("0.7143"),
            ),
            energy(
                "21",
                "25",
                "800",
                "6480",
                "745",
                "50",
                "290",
                "30",
                Some("1.4571"),
            ),
            energy("15", "", "42", "1344", "28", "14", "", "", Some("12.45")),
            energy(
                "33",
                "",
                "7700",
                "47740",
                "9490",
                "130",
                "",
                "",
                Some("1.229"),
            ),
            energy("37", "", "", "", "345000", "", "", "", Some("0.03412")),
        ],
        conversion: vec![
            ConversionRow {
                code: "37".into(),
                thermal_power: d("345000"),
                recovered: d("345000"),
                ..Default::default()
            },
            ConversionRow {
                code: "33".into(),
                output: d("1920"),
                ..Default::default()
            },
        ],
        green_electricity: GreenElectricity::default(),
        carbon: Default::default(),
        products: vec![clinker(
            "105800",
            "1000000",
            "108300",
            "985000",
            "1#窑低氮燃烧器改造，煤粉细度优化",
        )],
        saving_target: SavingTarget {
            period: "2021—2025".into(),
            target_tce: d("15000"),
            this_year_tce: d("4149.20"),
            cumulative_tce: d("8583.98"),
        },
        saving_projects: Vec::new(),
        metering: metering(),
        explanations: Explanations {
            decrease: "1#窑低氮燃烧器改造及煤粉细度优化，吨熟料综合能耗同比下降3.77%。".into(),
            increase: String::new(),
        },
        reduction_projects: vec![ReductionProject {
            id: "RP-2023-01".into(),
            name: "1#熟料线低氮燃烧器改造".into(),
            category: "air-boiler-kiln".into(),
            pollutant: Some(Pollutant::Nox),
            permit_no: format!("{DEMO_USCC}001P"),
            facility: "1#窑头燃烧器（MF001）".into(),
            process: "低氮燃烧器+分级燃烧".into(),
            started_on: date(2023, 2, 1),
            commissioned_on: date(2023, 5, 10),
            accepted_on: date(2023, 8, 30),
            before_t: d("540"),
            after_t: d("410"),
            method: "监测数据法（在线监测）".into(),
            review_status: ReviewStatus::Accepted,
            evidence: vec![evidence("1号窑低氮燃烧器改造验收意见.txt")],
            record_frequency: RecordFrequency::Month,
            records: monthly(
                2023,
                5,
                &["500", "720", "744", "744", "700", "744", "720", "744"],
                "310",
                &[
                    "25.110", "36.158", "37.363", "37.363", "35.154", "37.363", "36.158", "37.363",
                ],
            ),
            ..Default::default()
        }],
        reduction_targets: Vec::new(),
        justifications: Vec::new(),
        signatories: signatories(date(2024, 3, 20)),
    }
}
