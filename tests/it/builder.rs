//! Builders for reports used across the tests.

use nengbao::model::*;

pub fn d<const S: u32>(s: &str) -> Fixed<S> {
    Fixed::parse(s).unwrap_or_else(|e| panic!("bad literal {s}: {e}"))
}

pub fn od<const S: u32>(s: &str) -> Option<Fixed<S>> {
    Some(d(s))
}

/// Builds small reports for focused tests.
pub struct ReportBuilder(pub AnnualReport);

impl ReportBuilder {
    /// A small industrial report that computes: one coal row and one electricity row.
    pub fn minimal_valid() -> Self {
        let mut r = AnnualReport {
            year: 2024,
            enterprise: nengbao::demo::enterprise(),
            ..Default::default()
        };
        r.energy = vec![
            EnergyRow {
                code: "01".into(),
                purchased_qty: od("1000"),
                purchased_amount: od("900"),
                consumed_total: od("1000"),
                consumed_industrial: od("1000"),
                factor: od("0.7143"),
                ..Default::default()
            },
            EnergyRow {
                code: "33".into(),
                purchased_qty: od("100"),
                purchased_amount: od("620"),
                consumed_total: od("100"),
                consumed_industrial: od("100"),
                ..Default::default()
            },
        ];
        ReportBuilder(r)
    }

    pub fn industry(mut self, code: &str) -> Self {
        self.0.enterprise.industry_code = code.into();
        self
    }

    pub fn energy(mut self, row: EnergyRow) -> Self {
        self.0.energy.push(row);
        self
    }

    pub fn build(self) -> AnnualReport {
        self.0
    }
}

/// The demo report of 2024 signed with a fixed test key under the national pack: the bytes of
/// a valid submission file.
pub fn signed_demo() -> Vec<u8> {
    signed_report(&nengbao::demo::report_2024())
}

/// A report signed like [`signed_demo`]: the bytes of a valid submission file.
pub fn signed_report(r: &AnnualReport) -> Vec<u8> {
    let rd = nengbao::refdata::RefData::builtin().unwrap();
    let settings = nengbao::validate::Settings::from_refdata(rd);
    let out = nengbao::validate::validate(r, rd, None, &[], &settings);
    let key = nengbao::county::generate::key(7).unwrap();
    let c = nengbao::calc::compute(r, rd).ok();
    nengbao::xlsx::export(
        r,
        c.as_ref(),
        &out,
        nengbao::pack::Pack::builtin("national").unwrap(),
        Some(&key),
        rd,
    )
    .unwrap()
    .bytes
}
