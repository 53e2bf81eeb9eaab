//! The rule pack: a firing fixture and a silent near miss for every rule, snapshotted; registry
//! meta-tests; docs/RULES.md freshness; "never panics" over random reports.

use std::collections::{BTreeMap, BTreeSet};

use nengbao::model::*;
use nengbao::refdata::RefData;
use nengbao::store::LedgerClaim;
use nengbao::validate::{self, Outcome, Settings, Severity, RETIRED, RULES};
use nengbao::workspace::{EvidenceIssue, EvidenceProblem};
use proptest::prelude::*;

use crate::builder::{d, od};

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

/// A report with its context: last year's report and other years' ledger claims.
#[derive(Clone)]
struct Fx {
    report: AnnualReport,
    prior: Option<AnnualReport>,
    claims: Vec<LedgerClaim>,
    evidence: Option<Vec<EvidenceIssue>>,
    /// Certificates other units claim (county intake).
    elsewhere: Vec<nengbao::carbon::ClaimElsewhere>,
}

impl Fx {
    fn demo() -> Self {
        Fx {
            report: nengbao::demo::report_2024(),
            prior: Some(nengbao::demo::report_2023()),
            claims: Vec::new(),
            evidence: None,
            elsewhere: Vec::new(),
        }
    }

    fn run(&self) -> Outcome {
        if !self.elsewhere.is_empty() {
            return validate::validate_county(
                &self.report,
                rd(),
                self.prior.as_ref(),
                &self.claims,
                &self.elsewhere,
                &Settings::from_refdata(rd()),
            );
        }
        validate::validate_with_evidence(
            &self.report,
            rd(),
            self.prior.as_ref(),
            &self.claims,
            self.evidence.as_deref(),
            &Settings::from_refdata(rd()),
        )
    }
}

/// The USCC check character for 17 characters (GB 32100).
fn with_check(s17: &str) -> String {
    const A: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let sum: usize = s17
        .chars()
        .zip(W)
        .map(|(c, w)| A.find(c).unwrap() * w)
        .sum();
    format!("{s17}{}", A.chars().nth((31 - sum % 31) % 31).unwrap())
}

type Mutation = fn(&mut Fx);

/// (rule, firing mutation, near-miss mutation), each applied to the clean demo report.
fn cases() -> Vec<(&'static str, Mutation, Mutation)> {
    vec![
        (
            "CP001",
            |f| f.report.enterprise.address.clear(),
            |f| f.report.enterprise.address = "凯里市某路1号".into(),
        ),
        (
            "CP002",
            |f| f.report.enterprise.energy_manager.title.clear(),
            |f| f.report.enterprise.energy_manager.title = "工程师".into(),
        ),
        (
            "CP003",
            |f| f.report.signatories.pledge = false,
            |f| f.report.signatories.preparer = "刘洋".into(),
        ),
        (
            "CP004",
            |f| f.report.energy[2].consumed_total = None,
            |f| {
                let r = &mut f.report.energy[2];
                r.consumed_total = od("0");
                r.consumed_industrial = od("0");
                r.consumed_non_industrial = od("0");
            },
        ),
        (
            "CP005",
            |f| f.report.indicators.employees.current = None,
            |f| f.report.indicators.employees.current = Some(0),
        ),
        (
            "CP006",
            |f| f.report.products.clear(),
            |f| {
                f.report.products.clear();
                f.report.enterprise.industry_code = "61".into(); // 住宿业 is not industrial
            },
        ),
        (
            "CP007",
            |f| f.report.saving_projects[0].start = None,
            |f| {
                let p = &mut f.report.saving_projects[0];
                p.start = None;
                p.investment = od("999"); // below 1000 万元 and 3000 tce
            },
        ),
        (
            "RF001",
            |f| f.report.enterprise.uscc = "91350200M000000510".into(),
            |f| f.report.enterprise.uscc = "91350100M000100Y43".into(),
        ),
        (
            "RF002",
            |f| f.report.enterprise.uscc = with_check("91522601709512860"),
            |f| f.report.enterprise.uscc = with_check("91522601709512863"),
        ),
        (
            "RF003",
            |f| f.report.enterprise.division_code = "522600".into(),
            |f| f.report.enterprise.division_code = "520201".into(),
        ),
        (
            "RF004",
            |f| f.report.enterprise.industry_code = "99".into(),
            |f| f.report.enterprise.industry_code = "3011".into(),
        ),
        (
            "EN001",
            |f| f.report.energy[1].code = "99".into(),
            |f| f.report.energy[1].name = "0#柴油".into(),
        ),
        (
            "EN002",
            |f| {
                let dup = EnergyRow {
                    code: "01".into(),
                    consumed_total: od("0"),
                    ..Default::default()
                };
                f.report.energy.push(dup);
            },
            |f| {
                let other = EnergyRow {
                    code: "02".into(),
                    consumed_total: od("0"),
                    ..Default::default()
                };
                f.report.energy.push(other);
            },
        ),
        (
            "EN003",
            |f| f.report.energy[0].unit = "千克".into(),
            |f| f.report.energy[0].unit = "t".into(),
        ),
        (
            "EN004",
            |f| f.report.energy[1].consumed_total = od("811"),
            |f| {
                f.report.energy[1].consumed_industrial = od("770");
                f.report.energy[1].consumed_non_industrial = od("40");
            },
        ),
        (
            "EN005",
            |f| f.report.energy[0].used_as_feedstock = od("135500.0001"),
            |f| f.report.energy[0].used_as_feedstock = od("135500"),
        ),
        (
            "EN006",
            |f| f.report.energy[1].transport = od("811"),
            |f| f.report.energy[1].transport = od("810"),
        ),
        (
            "EN007",
            |f| f.report.energy[0].closing_stock = od("12501"),
            |f| {
                f.report.energy[0].opening_stock = od("12001");
                f.report.energy[0].closing_stock = od("12501");
            },
        ),
        (
            "EN008",
            |f| {
                f.report.energy[2].opening_stock = od("-1");
                f.report.energy[2].closing_stock = od("-1");
            },
            |f| {
                f.report.energy[2].opening_stock = od("0");
                f.report.energy[2].closing_stock = od("0");
            },
        ),
        (
            "EN009",
            |f| f.report.energy[2].purchased_amount = None,
            |f| {
                f.report.energy[2].purchased_qty = od("0");
                f.report.energy[2].purchased_amount = None;
            },
        ),
        (
            "EN010",
            |f| {
                f.report.energy.push(EnergyRow {
                    code: "38".into(),
                    consumed_total: od("0"),
                    ..Default::default()
                });
            },
            |f| {
                f.report.energy.push(EnergyRow {
                    code: "38".into(),
                    consumed_total: od("0"),
                    factor: od("0.5"),
                    ..Default::default()
                });
            },
        ),
        (
            "EN011",
            |f| f.report.energy[2].factor = od("13.31"),
            |f| f.report.energy[2].factor = od("13.3"),
        ),
        (
            "EN012",
            |f| f.report.energy[3].factor = od("3.008"),
            |f| f.report.energy[3].factor = None,
        ),
        (
            "EN013",
            // 柴油 amount typed in 元: 6,396,000 "千元" for 820 t.
            |f| f.report.energy[1].purchased_amount = od("6396000"),
            // 11,000 元/吨: the top of the band, still plausible.
            |f| f.report.energy[1].purchased_amount = od("9020"),
        ),
        (
            "CS001",
            |f| f.report.indicators.comprehensive_energy_tce.current = od("107450"),
            |f| f.report.indicators.comprehensive_energy_tce.current = od("107449.5"),
        ),
        (
            "CS002",
            |f| f.report.conversion[0].code = "98".into(),
            |f| f.report.conversion[0].code = " 37 ".into(),
        ),
        (
            "CS003",
            |f| f.report.conversion[0].thermal_power = od("356000.0001"),
            |f| {
                f.report.conversion[0].thermal_power = od("355000");
                f.report.conversion[0].heating = od("1000");
            },
        ),
        (
            "CS004",
            |f| {
                f.report.energy[0].used_as_feedstock = od("135500");
                f.report.conversion.push(ConversionRow {
                    code: "01".into(),
                    output: od("100000"),
                    ..Default::default()
                });
            },
            |f| f.report.energy[0].used_as_feedstock = od("135500"),
        ),
        (
            "CS005",
            |f| f.report.green_electricity.electricity = od("500.0001"),
            |f| {
                f.report.green_electricity.certificates = 5001;
                f.report.green_electricity.electricity = od("500.1");
            },
        ),
        (
            "CS006",
            |f| {
                f.report.green_electricity.certificates = 200_000;
                f.report.green_electricity.electricity = od("9580.0001");
            },
            |f| {
                f.report.green_electricity.certificates = 200_000;
                f.report.green_electricity.electricity = od("9580");
            },
        ),
        (
            "CS007",
            |f| only_electricity(f, "1000"),
            |f| only_electricity(f, "4100"),
        ),
        (
            "CS008",
            |f| f.report.enterprise.online_monitoring = false,
            |f| {
                f.report.enterprise.online_monitoring = false;
                only_electricity(f, "5000");
            },
        ),
        (
            "PR001",
            |f| f.report.products[0].unit.clear(),
            |f| f.report.products[0].name = "熟料综合能耗".into(),
        ),
        (
            "PR002",
            |f| f.report.products[0].stated_value = od("102.56"),
            |f| f.report.products[0].stated_value = od("102.55"),
        ),
        (
            "PR003",
            |f| f.report.products[0].numerator = od("107450"),
            |f| f.report.products[0].numerator = od("107449"),
        ),
        (
            "PR004",
            |f| f.report.products[0].limit = od("102.5"),
            |f| f.report.products[0].limit = od("102.549"),
        ),
        (
            "PR005",
            |f| f.report.products[0].denominator = od("890000"),
            |f| f.report.products[0].denominator = od("894100"),
        ),
        (
            "PR006",
            |f| f.report.products[0].denominator = od("1046000"),
            |f| f.report.products[0].denominator = od("1045000"),
        ),
        (
            "PR007",
            |f| f.report.products[0].benchmark = "cement-klinker".into(),
            |f| f.report.products[0].benchmark.clear(),
        ),
        (
            "YY001",
            |f| set_prior_coal(f, "60000"),
            |f| {
                f.prior = None;
                f.report.indicators.comprehensive_energy_tce.prior = od("82700");
            },
        ),
        (
            "YY002",
            |f| f.report.indicators.output_value.current = od("90000"),
            |f| f.report.indicators.output_value.current = od("86000"),
        ),
        (
            "YY003",
            |f| set_prior_coal(f, "170000"),
            |f| set_prior_coal(f, "160000"),
        ),
        (
            "YY004",
            |f| f.report.indicators.output_value.prior = od("66000"),
            |f| f.report.indicators.output_value.prior = None,
        ),
        (
            "LG001",
            |f| f.report.reduction_projects[0].permit_no.clear(),
            |f| f.report.reduction_projects[0].permit_no = "91522601MA6DQ7K169002P".into(),
        ),
        (
            "LG002",
            |f| f.report.reduction_projects[0].after_t = None,
            |f| f.report.reduction_projects[0].after_t = od("612.864"),
        ),
        (
            "LG003",
            |f| f.report.reduction_projects[0].after_t = od("612.865"),
            |f| f.report.reduction_projects[0].after_t = od("612.864"),
        ),
        (
            "LG004",
            |f| {
                f.report.reduction_projects[0].accepted_on =
                    chrono::NaiveDate::from_ymd_opt(2025, 1, 5)
            },
            |f| {
                f.report.reduction_projects[0].accepted_on =
                    chrono::NaiveDate::from_ymd_opt(2024, 12, 31)
            },
        ),
        (
            "LG005",
            |f| f.report.reduction_projects[0].evidence.clear(),
            |f| f.report.reduction_projects[0].evidence.truncate(1),
        ),
        (
            "LG006",
            |f| f.report.reduction_projects[0].emergency = true,
            |f| f.report.reduction_projects[0].review_status = ReviewStatus::Accepted,
        ),
        (
            "LG007",
            |f| f.report.reduction_projects[1].offset_t = od("3.457"),
            |f| f.report.reduction_projects[1].offset_t = od("3.456"),
        ),
        (
            "LG008",
            |f| f.report.reduction_projects[1].offset_for.clear(),
            |f| {
                f.report.reduction_projects[1].offset_for.clear();
                f.report.reduction_projects[1].offset_t = od("0");
            },
        ),
        (
            "LG009",
            |f| f.report.reduction_projects[1].category = "water-urban-sewage".into(),
            |f| f.report.reduction_projects[1].category = "air-restructuring".into(),
        ),
        (
            "LG010",
            |f| {
                f.report.reduction_projects[1].facility =
                    f.report.reduction_projects[0].facility.clone();
                f.report.reduction_projects[1].pollutant = Some(Pollutant::Nox);
            },
            |f| {
                f.report.reduction_projects[1].facility =
                    f.report.reduction_projects[0].facility.clone()
            },
        ),
        (
            "LG011",
            |f| f.claims.push(claim("450000.0000")),
            |f| f.claims.push(claim("500000.0000")),
        ),
        (
            "LG012",
            |f| {
                f.report.reduction_projects[0]
                    .records
                    .retain(|r| r.period != "2024-07")
            },
            |f| {
                f.report.reduction_projects[0].commissioned_on =
                    chrono::NaiveDate::from_ymd_opt(2024, 4, 1);
                f.report.reduction_projects[0]
                    .records
                    .retain(|r| r.period != "2024-03");
            },
        ),
        (
            "LG013",
            |f| f.report.reduction_projects[0].category = "air-fuel-switch".into(),
            |f| {
                f.report.reduction_projects[0].category = "air-fuel-switch".into();
                set_prior_coal(f, "140000");
            },
        ),
        (
            "LG014",
            |f| {
                f.evidence = Some(vec![EvidenceIssue {
                    path: "reduction_projects[0].evidence[0]".into(),
                    project_id: "RP-2024-01".into(),
                    name: "2号熟料线SCR脱硝工程竣工环境保护验收报告.txt".into(),
                    sha256: "0".repeat(64),
                    problem: EvidenceProblem::Missing,
                }])
            },
            |f| f.evidence = Some(Vec::new()),
        ),
        (
            "CB001",
            // No grid factor describes 2020 data (the first edition covers 2023 reports); an
            // older year never takes a later factor.
            |f| f.report.year = 2022,
            |f| f.report.year = 2025,
        ),
        (
            "CB002",
            |f| f.report.energy.push(coal_gangue("100", "0")),
            |f| f.report.energy.push(coal_gangue("100", "100")), // all of it feedstock
        ),
        (
            "CB003",
            |f| {
                let mut m = measured_ncv();
                m.evidence.clear();
                f.report.carbon.measured.push(m);
            },
            |f| f.report.carbon.measured.push(measured_ncv()),
        ),
        (
            "CB004",
            |f| {
                let mut t = green_trade("500");
                t.evidence.clear();
                f.report.carbon.electricity = vec![grid_line("7100"), t];
            },
            |f| f.report.carbon.electricity = vec![grid_line("7100"), green_trade("500")],
        ),
        (
            "CB005",
            |f| {
                let mut c = cert(0, 10);
                c.production_year = Some(2025);
                f.report.carbon.certificates.push(c);
            },
            |f| {
                let mut c = cert(0, 10);
                c.production_month = Some(12);
                f.report.carbon.certificates.push(c);
            },
        ),
        (
            "CB006",
            |f| f.report.carbon.certificates = vec![cert(0, 10), cert(9, 10)],
            |f| f.report.carbon.certificates = vec![cert(0, 10), cert(10, 10)],
        ),
        (
            "CB007",
            |f| f.report.carbon.certificates = vec![cert(0, 95_801)], // 9 580 万kWh = 95 800 MWh
            |f| f.report.carbon.certificates = vec![cert(0, 95_800)],
        ),
        (
            "CB008",
            |f| {
                let mut t = cert(0, 100);
                t.source = CertificateSource::GreenTrade;
                f.report.carbon.certificates = vec![t, cert(99, 10)];
            },
            |f| {
                let mut t = cert(0, 100);
                t.source = CertificateSource::GreenTrade;
                f.report.carbon.certificates = vec![t, cert(100, 10)];
            },
        ),
        (
            "CB009",
            // 296 405.13 tCO₂ ÷ 12 800 万元 = 23.1567 against 17.7110 in 2023: +30.75 %
            |f| f.report.indicators.value_added.current = od("12800"),
            // ÷ 12 950 = 22.8884: +29.23 %
            |f| f.report.indicators.value_added.current = od("12950"),
        ),
        (
            "CB010",
            |f| {
                f.report.energy[3].purchased_qty = od("9580"); // own generation typed as bought
                f.report.carbon.electricity = vec![self_fossil("1980")];
            },
            |f| f.report.carbon.electricity = vec![self_fossil("1980")],
        ),
        (
            "CB011",
            |f| f.report.carbon.electricity = vec![grid_line("7000"), green_trade("500")],
            |f| f.report.carbon.electricity = vec![grid_line("7100"), green_trade("500")],
        ),
        (
            "CB012",
            |f| {
                let mut c = cert(0, 1);
                c.code_to.clear();
                c.code.pop(); // 31 digits
                f.report.carbon.certificates.push(c);
            },
            |f| {
                let mut c = cert(0, 1);
                c.code_to.clear();
                f.report.carbon.certificates.push(c);
            },
        ),
        (
            "CB013",
            |f| f.report.carbon.certificates = vec![cert(0, 4_999)], // 500 万kWh claimed
            |f| f.report.carbon.certificates = vec![cert(0, 5_000)],
        ),
        (
            "CB014",
            |f| {
                f.report.conversion.push(ConversionRow {
                    code: "01".into(),
                    coal_washing: od("100"),
                    ..Default::default()
                })
            },
            |f| {
                f.report.conversion.push(ConversionRow {
                    code: "01".into(),
                    heating: od("100"), // burned: stays in combustion
                    ..Default::default()
                })
            },
        ),
        (
            "CB015",
            |f| f.report.carbon.certificates = vec![cert(0, 5_000)],
            |f| {
                let mut c = cert(0, 5_000);
                c.status = CertificateStatus::Held; // not cancelled: nothing at zero
                f.report.carbon.certificates = vec![c];
            },
        ),
        (
            "CB016",
            |f| f.report.energy[0].used_as_feedstock = od("100"),
            |f| {
                f.report.energy[0].used_as_feedstock = od("100");
                f.report.carbon.process.push(ProcessEmission {
                    name: "原煤作还原剂".into(),
                    co2_t: od("192.40"),
                    basis: "GB/T 32151.x 碳平衡法".into(),
                    evidence: vec![carbon_evidence()],
                });
            },
        ),
        (
            "CB017",
            |f| {
                f.report.carbon.certificates = vec![cert(0, 5_000)];
                f.elsewhere = vec![elsewhere(4_999, 10)];
            },
            |f| {
                f.report.carbon.certificates = vec![cert(0, 5_000)];
                f.elsewhere = vec![elsewhere(5_000, 10)]; // the next codes: no overlap
            },
        ),
        (
            "CB018",
            |f| {
                f.report.carbon.certificates = vec![cert(0, 5_000)];
                f.evidence = Some(vec![EvidenceIssue {
                    path: "carbon.certificates[0].evidence[0]".into(),
                    project_id: "绿证台账第1条".into(),
                    name: "绿证核销凭证.pdf".into(),
                    sha256: "0".repeat(64),
                    problem: EvidenceProblem::Changed,
                }]);
            },
            // A reduction project's missing file is LG014's, not the CO₂ block's.
            |f| {
                f.report.carbon.certificates = vec![cert(0, 5_000)];
                f.evidence = Some(vec![EvidenceIssue {
                    path: "reduction_projects[0].evidence[0]".into(),
                    project_id: "RP-2024-01".into(),
                    name: "验收报告.pdf".into(),
                    sha256: "0".repeat(64),
                    problem: EvidenceProblem::Missing,
                }]);
            },
        ),
        (
            "CB019",
            // No grid factor of 2024 data is published: a 2026 report takes the latest (2023
            // data) and says so.
            |f| f.report.year = 2026,
            |f| f.report.year = 2025,
        ),
    ]
}

/// `quantity` codes from sequence `first` of the same project as [`cert`], claimed by another
/// unit of the county.
fn elsewhere(first: u128, quantity: u128) -> nengbao::carbon::ClaimElsewhere {
    let c = cert(first, u64::try_from(quantity).unwrap());
    nengbao::carbon::ClaimElsewhere {
        uscc: "91522601MA6H000029".into(),
        name: "凯里市第2钢铁有限公司".into(),
        file: "钢铁2024.xlsx".into(),
        entry: 2,
        first: c.code,
        last: c.code_to,
    }
}

fn carbon_evidence() -> Evidence {
    Evidence {
        name: "凭证.pdf".into(),
        kind: "票据".into(),
        size: 1,
        sha256: "0".repeat(64),
    }
}

/// `quantity` cancelled certificates from sequence `first` of one project, produced 2024-03.
fn cert(first: u128, quantity: u64) -> CertificateEntry {
    let base: u128 = 12_345_678_901_234_567 * 1_000_000_000_000_000;
    CertificateEntry {
        code: format!("{:032}", base + first),
        code_to: format!("{:032}", base + first + u128::from(quantity) - 1),
        quantity,
        production_year: Some(2024),
        production_month: Some(3),
        status: CertificateStatus::Cancelled,
        cancelled_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 20),
        evidence: vec![carbon_evidence()],
        ..Default::default()
    }
}

fn coal_gangue(consumed: &str, feedstock: &str) -> EnergyRow {
    EnergyRow {
        code: "34".into(),
        consumed_total: od(consumed),
        consumed_industrial: od(consumed),
        used_as_feedstock: od(feedstock),
        ..Default::default()
    }
}

fn measured_ncv() -> MeasuredParameter {
    MeasuredParameter {
        code: "01".into(),
        parameter: FuelParameter::Ncv,
        value: od("21.5"),
        method: "GB/T 213-2008，每批次".into(),
        lab: "报告 2024-117".into(),
        evidence: vec![carbon_evidence()],
    }
}

fn line(source: ElectricitySource, qty: &str) -> ElectricityLine {
    ElectricityLine {
        source,
        quantity: od(qty),
        ..Default::default()
    }
}

fn grid_line(qty: &str) -> ElectricityLine {
    line(ElectricitySource::Grid, qty)
}

fn self_fossil(qty: &str) -> ElectricityLine {
    line(ElectricitySource::SelfFossil, qty)
}

fn green_trade(qty: &str) -> ElectricityLine {
    ElectricityLine {
        contract_no: "GT-2024-07".into(),
        settlement_no: "JS-2024-12".into(),
        evidence: vec![carbon_evidence()],
        ..line(ElectricitySource::GreenTrade, qty)
    }
}

fn only_electricity(f: &mut Fx, qty: &str) {
    f.report.energy = vec![EnergyRow {
        code: "33".into(),
        purchased_qty: od(qty),
        purchased_amount: od("1"),
        consumed_total: od(qty),
        consumed_industrial: od(qty),
        ..Default::default()
    }];
    f.report.conversion.clear();
    f.report.green_electricity = GreenElectricity::default();
}

fn set_prior_coal(f: &mut Fx, qty: &str) {
    let p = f.prior.as_mut().unwrap();
    p.energy[0].consumed_total = od(qty);
    p.energy[0].consumed_industrial = od(qty);
}

fn claim(capacity: &str) -> LedgerClaim {
    LedgerClaim {
        year: 2023,
        project_id: "RP-2023-09".into(),
        name: "2#窑尾脱硝（旧）".into(),
        pollutant: Some("NOx".into()),
        permit_no: "91522601MA6DQ7K169001P".into(),
        facility: "2#窑尾SCR脱硝设施（TA002）".into(),
        design_capacity: Some(capacity.into()),
        reduction_t: Some("300.000".into()),
    }
}

#[test]
fn the_demo_report_has_no_findings() {
    let out = Fx::demo().run();
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
}

#[test]
fn every_rule_fires_on_its_fixture_and_stays_silent_on_the_near_miss() {
    let mut fired: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
    for (rule, fire, near) in cases() {
        let mut fx = Fx::demo();
        fire(&mut fx);
        let hits: Vec<_> = fx
            .run()
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        assert!(!hits.is_empty(), "{rule} must fire on its fixture");
        fired.insert(
            rule,
            hits.iter()
                .map(|h| serde_json::json!({"at": h.location.path, "zh": h.message.zh, "en": h.message.en}))
                .collect(),
        );

        let mut fx = Fx::demo();
        near(&mut fx);
        let hits: Vec<_> = fx
            .run()
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        assert!(
            hits.is_empty(),
            "{rule} must stay silent on its near miss: {hits:#?}"
        );
    }
    insta::assert_json_snapshot!("findings_by_rule", fired);
}

#[test]
fn registry_ids_names_titles_and_basis_are_well_formed() {
    let mut ids = BTreeSet::new();
    let prefixes = ["CP", "RF", "EN", "CS", "PR", "YY", "LG", "CB", "CT"];
    for r in RULES {
        assert!(ids.insert(r.id), "duplicate id {}", r.id);
        assert!(!RETIRED.contains(&r.id), "{} reuses a retired id", r.id);
        assert_eq!(r.id.len(), 5, "{}: two letters and three digits", r.id);
        assert!(
            prefixes.contains(&&r.id[..2]) && r.id[2..].chars().all(|c| c.is_ascii_digit()),
            "{}",
            r.id
        );
        assert!(
            !r.name.is_empty()
                && r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: kebab-case name, got {}",
            r.id,
            r.name
        );
        assert!(
            !r.title_zh.trim().is_empty() && !r.title_en.trim().is_empty(),
            "{}: titles",
            r.id
        );
        if r.severity == Severity::Error {
            assert!(
                !r.basis.trim().is_empty(),
                "{}: an error rule needs a basis",
                r.id
            );
        }
        assert!(!r.since.is_empty());
    }
    let names: BTreeSet<_> = RULES.iter().map(|r| r.name).collect();
    assert_eq!(names.len(), RULES.len(), "names are unique");
}

#[test]
fn every_rule_has_a_fixture() {
    let fixtures: BTreeSet<_> = cases().into_iter().map(|(r, _, _)| r).collect();
    let rules: BTreeSet<_> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(
        fixtures, rules,
        "one firing fixture and one near miss per rule"
    );
}

/// EN013 on 柴油 (band 4,500–11,000 元/吨, unverified) with 820 t purchased.
fn price_finding(amount: &str) -> Option<validate::Finding> {
    let mut fx = Fx::demo();
    fx.report.energy[1].purchased_amount = od(amount);
    fx.run().findings.into_iter().find(|f| f.rule == "EN013")
}

#[test]
fn purchase_price_names_the_price_the_band_and_the_slip() {
    let band = rd().price_band("21").unwrap();
    assert_eq!(
        (band.min.to_string(), band.max.to_string()),
        ("4500".into(), "11000".into())
    );

    // In 元 instead of 千元: a thousand times too dear — a warning whatever the band's confidence.
    let f = price_finding("6396000").unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.zh.contains("单价7800000元/吨"),
        "{}",
        f.message.zh
    );
    assert!(
        f.message.zh.contains("约为常见范围的1000倍"),
        "{}",
        f.message.zh
    );
    assert!(f.message.zh.contains("按元而非千元"), "{}", f.message.zh);
    assert!(f.message.zh.contains("范围未核实"), "{}", f.message.zh);
    assert_eq!(f.location.path, "energy[1].purchased_amount");

    // In 万元 instead of 千元: a tenth.
    let f = price_finding("639.6").unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.zh.contains("单价780元/吨"), "{}", f.message.zh);
    assert!(
        f.message.zh.contains("约为常见范围的十分之一"),
        "{}",
        f.message.zh
    );
    assert!(f.message.zh.contains("按万元而非千元"), "{}", f.message.zh);

    // Quantity in kilograms: a thousandth.
    let mut fx = Fx::demo();
    fx.report.energy[1].purchased_qty = od("820000");
    let f = fx
        .run()
        .findings
        .into_iter()
        .find(|f| f.rule == "EN013")
        .unwrap();
    assert!(f.message.zh.contains("单价7.8元/吨"), "{}", f.message.zh);
    assert!(f.message.zh.contains("千分之一"), "{}", f.message.zh);

    // Just outside an unverified band: an unusual price, not a slip — a hint only.
    let f = price_finding("10660").unwrap(); // 13,000 元/吨
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.zh.contains("单价13000元/吨"), "{}", f.message.zh);

    // Inside the band: silent.
    assert!(price_finding("3690").is_none()); // 4,500 元/吨
}

#[test]
fn findings_come_in_registry_order() {
    let mut fx = Fx::demo();
    fx.report.enterprise.address.clear();
    fx.report.energy[0].closing_stock = od("1");
    fx.report.reduction_projects[0].evidence.clear();
    let out = fx.run();
    let order: Vec<usize> = out
        .findings
        .iter()
        .map(|f| RULES.iter().position(|r| r.id == f.rule).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    assert_eq!(out, fx.run(), "same input, same findings");
}

#[test]
fn justifications_count_only_when_long_enough_and_matching() {
    let mut fx = Fx::demo();
    fx.report.indicators.output_value.current = od("90000"); // YY002 warning: +35.34 %
    let before = fx.run();
    assert_eq!(before.summary.warnings, 1);
    assert!(!before.summary.signable());

    fx.report.justifications.push(Justification {
        rule: "YY002".into(),
        location: "indicators.output_value.current".into(),
        text: "新线投产".into(), // 4 characters: too short
        ..Default::default()
    });
    assert_eq!(
        fx.run().summary.warnings,
        1,
        "a 4-character reason does not count"
    );

    fx.report.justifications[0].text = "2024年新增骨料生产线投产，产值随之增长".into();
    fx.report.justifications[0].location = "indicators.value_added.current".into();
    assert_eq!(
        fx.run().summary.warnings,
        1,
        "a reason for another location does not count"
    );

    fx.report.justifications[0].location = "indicators.output_value.current".into();
    let after = fx.run();
    assert_eq!((after.summary.warnings, after.summary.justified), (0, 1));
    assert!(after.summary.signable());
    assert_eq!(
        after.findings[0].justification.as_deref(),
        Some("2024年新增骨料生产线投产，产值随之增长")
    );
}

#[test]
fn rules_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/RULES.md");
    let want = validate::rules_markdown();
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have != want
        && std::env::var_os("CI").is_none()
        && std::env::var_os("UPDATE_RULES").is_some()
    {
        std::fs::write(path, &want).unwrap();
        return;
    }
    assert!(
        have == want,
        "docs/RULES.md is stale: run `cargo run -q -- rules --markdown > docs/RULES.md`"
    );
}

fn arb_qty() -> impl Strategy<Value = Option<Qty>> {
    prop_oneof![
        Just(None),
        (-10_000_000_000_000_000_i64..10_000_000_000_000_000_i64)
            .prop_map(|n| Some(Qty::round(rust_decimal::Decimal::new(n, 4)))),
        (0i64..100).prop_map(|n| Some(Qty::from_int(n))),
    ]
}

fn arb_factor() -> impl Strategy<Value = Option<Factor>> {
    prop_oneof![
        Just(None),
        (-100_000_000i64..100_000_000_000_000i64)
            .prop_map(|n| Some(Factor::round(rust_decimal::Decimal::new(n, 5)))),
    ]
}

fn arb_code() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["01", "15", "21", "32", "33", "37", "38", "39"])
            .prop_map(String::from),
        "\\PC{0,4}",
    ]
}

fn arb_row() -> impl Strategy<Value = EnergyRow> {
    (
        arb_code(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_factor(),
        "\\PC{0,3}",
    )
        .prop_map(|(code, a, b, c, e, f, g, factor, unit)| EnergyRow {
            code,
            unit,
            opening_stock: a,
            purchased_qty: b,
            consumed_total: c,
            consumed_industrial: e,
            used_as_feedstock: f,
            closing_stock: g,
            factor,
            ..Default::default()
        })
}

fn arb_date() -> impl Strategy<Value = Option<chrono::NaiveDate>> {
    prop_oneof![
        Just(None),
        (1990i32..2100, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d))
    ]
}

fn arb_project() -> impl Strategy<Value = ReductionProject> {
    (
        "\\PC{0,6}",
        prop::option::of(prop::sample::select(Pollutant::ALL.to_vec())),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_date(),
        arb_date(),
        prop::collection::vec("(20[0-9]{2}-[01][0-9])|\\PC{0,3}", 0..14),
        any::<bool>(),
    )
        .prop_map(
            |(facility, pollutant, b, a, o, c, acc, periods, emergency)| ReductionProject {
                id: facility.clone(),
                facility,
                pollutant,
                before_t: b.map(|x| x.rescale()),
                after_t: a.map(|x| x.rescale()),
                offset_t: o.map(|x| x.rescale()),
                commissioned_on: c,
                accepted_on: acc,
                emergency,
                records: periods
                    .into_iter()
                    .map(|period| OperatingRecord {
                        period,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            },
        )
}

fn arb_product() -> impl Strategy<Value = ProductIndicator> {
    (
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        arb_qty(),
        "\\PC{0,8}",
    )
        .prop_map(|(n1, d1, n0, d0, k, stated, benchmark)| ProductIndicator {
            name: "产品".into(),
            unit: "kgce/t".into(),
            numerator_unit: "tce".into(),
            numerator: n1,
            denominator: d1,
            prior_numerator: n0,
            prior_denominator: d0,
            conversion: k,
            stated_value: stated,
            benchmark,
            ..Default::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Validation never panics, and the summary always counts the findings it returns.
    #[test]
    fn validate_never_panics(
        energy in prop::collection::vec(arb_row(), 0..6),
        projects in prop::collection::vec(arb_project(), 0..4),
        products in prop::collection::vec(arb_product(), 0..3),
        uscc in "\\PC{0,20}",
        division in "[0-9]{0,7}",
        year in 1900i32..2200,
        certificates in any::<u64>(),
        green in arb_qty(),
        with_prior in any::<bool>(),
    ) {
        let mut fx = Fx::demo();
        fx.report.energy = energy;
        fx.report.reduction_projects = projects;
        fx.report.products = products;
        fx.report.enterprise.uscc = uscc;
        fx.report.enterprise.division_code = division;
        fx.report.year = year;
        fx.report.green_electricity = GreenElectricity { certificates, electricity: green };
        if !with_prior { fx.prior = None; }
        let out = fx.run();
        let errors = out.findings.iter().filter(|f| f.severity == Severity::Error).count();
        prop_assert_eq!(out.summary.errors, errors);
        prop_assert_eq!(
            out.summary.errors + out.summary.warnings + out.summary.justified + out.summary.infos,
            out.findings.len()
        );
    }
}

#[test]
fn magnitude_limit_protects_arithmetic() {
    // The largest accepted quantity times the largest accepted coefficient still computes.
    let mut fx = Fx::demo();
    fx.report.energy[0].consumed_industrial = Some(d("1000000000000"));
    fx.report.energy[0].factor = Some(d("1000000000000"));
    let _ = fx.run();
}
