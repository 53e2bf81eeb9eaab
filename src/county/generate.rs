//! Realistic signed submissions in bulk, for tests and benchmarks: varied enterprises (names,
//! codes, industries, sizes), each with its own key, all from the demo report's structure.

use rust_decimal::Decimal;

use crate::model::{AnnualReport, Fixed};
use crate::pack::Pack;
use crate::refdata::RefData;
use crate::sign::Key;

const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A valid 统一社会信用代码 for enterprise `n` registered in `division`.
pub fn uscc(division: &str, n: u32) -> String {
    // 组织机构代码: "MA" + 6 digits + GB 11714 check character.
    let body = format!("MA{:06}", n % 1_000_000);
    let weights = [3u32, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(36).unwrap_or(0) * w)
        .sum();
    let check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('0'),
    };
    let s17 = format!("91{division}{body}{check}");
    let total: u32 = s17
        .chars()
        .zip(USCC_WEIGHTS)
        .map(|(c, w)| USCC_ALPHABET.find(c).unwrap_or(0) as u32 * w)
        .sum();
    let code = ((31 - total % 31) % 31) as usize;
    format!("{s17}{}", USCC_ALPHABET.chars().nth(code).unwrap_or('0'))
}

/// A deterministic test key for enterprise `n` (never for real use).
pub fn key(n: u32) -> Option<Key> {
    let seed = crate::store::sha256_hex(format!("nengbao-generated-test-key-{n}").as_bytes());
    Key::from_scalar(&hex::decode(seed).ok()?).ok()
}

fn scale<const S: u32>(v: &mut Option<Fixed<S>>, k: Decimal) {
    if let Some(x) = v {
        *x = Fixed::round(x.value() * k);
    }
}

const INDUSTRIES: [&str; 6] = ["30", "25", "31", "26", "44", "22"];
const NAMES: [&str; 8] = [
    "水泥", "焦化", "钢铁", "化工", "热电", "造纸", "建材", "冶炼",
];

/// The report of generated enterprise `n`: the demo report's structure at another size.
pub fn report(division: &str, n: u32, rd: &RefData) -> AnnualReport {
    let mut r = crate::demo::report_2024();
    let k = Decimal::new(3 + i64::from(n % 17), 1); // 0.3 … 1.9
    r.enterprise.uscc = uscc(division, n);
    r.enterprise.division_code = division.into();
    r.enterprise.industry_code = INDUSTRIES[(n as usize) % INDUSTRIES.len()].into();
    r.enterprise.name = format!("凯里市第{n}{}有限公司", NAMES[(n as usize) % NAMES.len()]);
    for row in &mut r.energy {
        for q in [
            &mut row.opening_stock,
            &mut row.purchased_qty,
            &mut row.consumed_total,
            &mut row.consumed_industrial,
            &mut row.consumed_non_industrial,
            &mut row.transport,
            &mut row.closing_stock,
        ] {
            scale(q, k);
        }
        scale(&mut row.purchased_amount, k);
        // Keep 4 = 5 + 7 exact after rounding.
        if let (Some(a), Some(b)) = (row.consumed_industrial, row.consumed_non_industrial) {
            row.consumed_total = Some(a + b);
        }
        if let (Some(o), Some(p), Some(t)) =
            (row.opening_stock, row.purchased_qty, row.consumed_total)
        {
            if row.closing_stock.is_some() {
                row.closing_stock = Some(o + p - t);
            }
        }
    }
    for c in &mut r.conversion {
        scale(&mut c.thermal_power, k);
        scale(&mut c.output, k);
        scale(&mut c.recovered, k);
    }
    // Electricity balance: purchases + own generation = consumption.
    let out33 = r
        .conversion
        .iter()
        .find(|c| c.code == "33")
        .and_then(|c| c.output);
    if let (Some(e), Some(out)) = (r.energy.iter_mut().find(|e| e.code == "33"), out33) {
        if let Some(t) = e.consumed_total {
            e.purchased_qty = Some(t - out);
        }
    }
    let heat = r
        .energy
        .iter()
        .find(|e| e.code == "37")
        .and_then(|e| e.consumed_total);
    for c in r.conversion.iter_mut().filter(|c| c.code == "37") {
        c.thermal_power = heat;
        c.recovered = heat;
    }
    for p in &mut r.products {
        scale(&mut p.numerator, k);
        scale(&mut p.denominator, k);
        scale(&mut p.prior_numerator, k);
        scale(&mut p.prior_denominator, k);
    }
    r.green_electricity.certificates = (u64::from(n) % 7) * 1000;
    r.green_electricity.electricity = Fixed::parse(&format!("{}", (n % 7) * 100)).ok();
    for pid in &mut r.reduction_projects {
        pid.facility = format!("{}（{}）", pid.facility, r.enterprise.uscc);
        pid.permit_no = format!("{}001P", r.enterprise.uscc);
    }
    let money = [
        &mut r.indicators.output_value,
        &mut r.indicators.value_added,
        &mut r.indicators.revenue,
        &mut r.indicators.production_cost,
    ];
    for m in money {
        scale(&mut m.current, k);
        scale(&mut m.prior, k);
    }
    r.indicators.comprehensive_energy_tce.prior = r
        .indicators
        .comprehensive_energy_tce
        .prior
        .map(|p| Fixed::round(p.value() * k));
    if let Ok(c) = crate::calc::compute(&r, rd) {
        r.indicators.comprehensive_energy_tce.current = Some(c.comprehensive_energy_tce);
        if let Some(p) = r.products.first() {
            if let Some(f) = crate::calc::product_figures(p).saving_tce {
                r.saving_target.this_year_tce = Some(f.value().abs().round_dp(2))
                    .and_then(|d| Fixed::parse(&d.to_string()).ok());
            }
        }
    }
    r
}

/// `count` signed submissions for `division`, named `submission-0001.xlsx` …
pub fn submissions(division: &str, count: u32, rd: &RefData) -> Vec<(String, Vec<u8>, Key)> {
    let Ok(pack) = Pack::builtin("national") else {
        return Vec::new();
    };
    let settings = crate::validate::Settings::from_refdata(rd);
    (1..=count)
        .filter_map(|n| {
            let r = report(division, n, rd);
            let key = key(n)?;
            let outcome = crate::validate::validate(&r, rd, None, &[], &settings);
            let computed = crate::calc::compute(&r, rd).ok();
            // Enterprises whose generated figures draw warnings justify them, as a filer would.
            let mut r = r;
            for f in outcome
                .findings
                .iter()
                .filter(|f| f.severity == crate::validate::Severity::Warning)
            {
                r.justifications.push(crate::model::Justification {
                    rule: f.rule.clone(),
                    location: f.location.path.clone(),
                    text: "生产规模调整，已核实数据无误".into(),
                    by: r.signatories.preparer.clone(),
                    on: r.signatories.date,
                });
            }
            let outcome = crate::validate::validate(&r, rd, None, &[], &settings);
            let file =
                crate::xlsx::export(&r, computed.as_ref(), &outcome, pack, Some(&key), rd).ok()?;
            Some((format!("submission-{n:04}.xlsx"), file.bytes, key))
        })
        .collect()
}

/// Writes `count` signed submissions for `division` into the folder `dir`, and the key cards
/// (`uscc,name,public_key,fingerprint`) beside it as `<dir>-keys.csv`, so importing the folder
/// sees only submissions. Returns how many submissions were written and the key-card file.
pub fn write_folder(
    dir: &std::path::Path,
    division: &str,
    count: u32,
    rd: &RefData,
) -> crate::Result<(usize, std::path::PathBuf)> {
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir.display(), e))?;
    let subs = submissions(division, count, rd);
    let mut cards = String::from("uscc,name,public_key,fingerprint\n");
    for (n, (name, bytes, key)) in subs.iter().enumerate() {
        crate::interchange::write_atomic(&dir.join(name), bytes)?;
        let r = report(division, n as u32 + 1, rd);
        cards.push_str(&format!(
            "{},{},{},{}\n",
            r.enterprise.uscc,
            r.enterprise.name,
            key.public_hex(),
            key.fingerprint()
        ));
    }
    let cards_path = dir.with_file_name(format!(
        "{}-keys.csv",
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "submissions".into())
    ));
    crate::interchange::write_atomic(&cards_path, cards.as_bytes())?;
    Ok((subs.len(), cards_path))
}
