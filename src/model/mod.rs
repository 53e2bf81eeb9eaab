//! The typed domain model: what a filer types, and nothing derived.
//!
//! Serde names are the JSON contract `nengbao.report/1` (see DESIGN "Interchange and CLI").

pub mod carbon;
pub mod county_state;
pub mod diff;
pub mod enterprise;
pub mod facts;
pub mod fixed;
pub mod intake_rows;
pub mod ledger;
pub mod lists;
pub mod report;

pub use carbon::{
    CarbonBasis, CarbonInputs, CertificateEntry, CertificateSource, CertificateStatus, Co2,
    ElectricityLine, ElectricitySource, FuelParameter, MeasuredParameter, Param, ProcessEmission,
};
pub use enterprise::{Contact, EnergyManager, Enterprise, Signatories};
pub use facts::{EvidenceIssue, EvidenceProblem, LedgerClaim};
pub use fixed::{Factor, Fixed, FixedError, Money, Percent, Qty, Ratio, Tce, Tonnes};
pub use ledger::{
    EmissionBasis, Evidence, OperatingRecord, Pollutant, RecordFrequency, ReductionProject,
    ReductionTarget, ReviewStatus,
};
pub use lists::{Coded, ListEntry};
pub use report::{
    AnnualReport, ConversionRow, EnergyRow, Explanations, FormatTag, GreenElectricity, Indicators,
    Justification, Metering, MeteringLevel, MeteringRow, Paired, ProductIndicator, SavingProject,
    SavingTarget, REPORT_FORMAT,
};

/// China Standard Time (UTC+8), the zone every filing date and signing time is read in.
pub fn cst() -> chrono::FixedOffset {
    use chrono::Offset;
    chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| chrono::Utc.fix())
}
