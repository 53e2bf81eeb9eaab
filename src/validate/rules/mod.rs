//! The statutory rule pack. One `const Rule` per check, registry in display order.

mod carbon;
mod completeness;
mod cross;
mod energy;
mod ledger;
mod product;
mod reference;
mod yoy;

use rust_decimal::Decimal;

use super::Rule;
use crate::model::Fixed;

/// Every rule, in the order findings are reported.
pub static RULES: &[Rule] = &[
    completeness::ENTERPRISE_REQUIRED,
    completeness::ENERGY_MANAGER_REQUIRED,
    completeness::SIGNATORIES_REQUIRED,
    completeness::ENERGY_TABLE_REQUIRED,
    completeness::INDICATORS_REQUIRED,
    completeness::PRODUCTS_REQUIRED,
    completeness::SAVING_PROJECT_FIELDS,
    reference::USCC_CHECKSUM,
    reference::ORG_CODE_CHECKSUM,
    reference::DIVISION_KNOWN,
    reference::INDUSTRY_KNOWN,
    energy::UNKNOWN_ENERGY,
    energy::DUPLICATE_ENERGY,
    energy::UNIT_MATCHES,
    energy::TOTAL_IS_SUM,
    energy::FEEDSTOCK_WITHIN_INDUSTRIAL,
    energy::TRANSPORT_WITHIN_TOTAL,
    energy::STOCK_BALANCE,
    energy::NON_NEGATIVE,
    energy::PURCHASE_AMOUNT_PRESENT,
    energy::FACTOR_PRESENT,
    energy::FACTOR_IN_RANGE,
    energy::FIXED_FACTOR,
    energy::PURCHASE_PRICE_PLAUSIBLE,
    cross::REPORTED_TOTAL_MATCHES,
    cross::CONVERSION_CODE_KNOWN,
    cross::CONVERSION_WITHIN_INDUSTRIAL,
    cross::FEEDSTOCK_WITHIN_COMPREHENSIVE,
    cross::GREEN_WITHIN_CERTIFICATES,
    cross::GREEN_WITHIN_ELECTRICITY,
    cross::BELOW_KEY_UNIT_THRESHOLD,
    cross::ONLINE_MONITORING,
    product::PRODUCT_FIELDS,
    product::PRODUCT_STATED_VALUE,
    product::NUMERATOR_WITHIN_TOTAL,
    product::ABOVE_LIMIT,
    product::WORSE_THAN_BASELINE,
    product::BETTER_THAN_BENCHMARK,
    product::UNKNOWN_BENCHMARK,
    yoy::TOTAL_CHANGE,
    yoy::INDICATOR_CHANGE,
    yoy::OUTPUT_UP_ENERGY_DOWN,
    yoy::PRIOR_COLUMN_MATCHES,
    ledger::PROJECT_FIELDS,
    ledger::BEFORE_AFTER_PRESENT,
    ledger::AFTER_NOT_ABOVE_BEFORE,
    ledger::DATES_IN_YEAR,
    ledger::EVIDENCE_PRESENT,
    ledger::EXCLUDED_PROJECT,
    ledger::OFFSET_WITHIN_REDUCTION,
    ledger::OFFSET_TARGET_NAMED,
    ledger::CATEGORY_MATCHES_POLLUTANT,
    ledger::DOUBLE_CLAIM_IN_REPORT,
    ledger::DOUBLE_CLAIM_ACROSS_YEARS,
    ledger::RECORD_GAP,
    ledger::FUEL_SWITCH_SHOWS_IN_ENERGY,
    ledger::EVIDENCE_INTACT,
    carbon::EDITION_COVERS_YEAR,
    carbon::FUEL_PARAMETERS_AVAILABLE,
    carbon::MEASURED_EVIDENCE,
    carbon::GREEN_PROOF_PRESENT,
    carbon::CERTIFICATE_WITHIN_VALIDITY,
    carbon::CERTIFICATE_UNIQUE,
    carbon::CERTIFICATES_WITHIN_ELECTRICITY,
    carbon::TRADE_CERTIFICATES_NOT_RECOUNTED,
    carbon::INTENSITY_CHANGE,
    carbon::SELF_FOSSIL_COUNTED_ONCE,
    carbon::LINES_MATCH_PURCHASES,
    carbon::CERTIFICATE_WELL_FORMED,
    carbon::GREEN_DEDUCTION_WITHIN_LEDGER,
    carbon::TRANSFORMATION_CARBON_BALANCE,
    carbon::RESIDUAL_FACTOR_ADVISED,
    carbon::FEEDSTOCK_PROCESS_EMISSIONS,
    carbon::CERTIFICATE_CLAIMED_ELSEWHERE,
    carbon::CARBON_EVIDENCE_INTACT,
    carbon::LATEST_EDITION_USED,
];

/// Ids that were used once and must never be reused.
pub static RETIRED: &[&str] = &[];

/// The first rule-pack version.
const V1: &str = "2025.1";

/// A decimal as people write it: no trailing zeros.
fn n(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The value of an optional quantity, zero when blank.
fn q<const S: u32>(o: Option<Fixed<S>>) -> Decimal {
    o.map(Fixed::value).unwrap_or_default()
}

/// The name of energy row `i` for messages: the typed name, else the catalog name, else the code.
fn energy_name(ctx: &super::Context, i: usize) -> String {
    let row = &ctx.report.energy[i];
    if !row.name.trim().is_empty() {
        return row.name.trim().to_string();
    }
    ctx.refdata
        .energy(row.code.trim())
        .map(|c| c.name.clone())
        .unwrap_or_else(|| format!("代码{}", row.code))
}
