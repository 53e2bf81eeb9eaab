//! `nengbao verify` on an office's signed summary: it is checked as one (the office's signature,
//! the readable workbook and the units' signed reports against the digests signed), not refused
//! as an unknown workbook; `--trust` pins the office's key.

use std::process::Command;

use nengbao::county::{generate, County, ImportOptions};
use nengbao::refdata::RefData;
use nengbao::workspace::FixedClock;

use crate::submission::{rezip, unzip};

fn verify(file: &std::path::Path, trust: Option<&str>) -> (Option<i32>, serde_json::Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nengbao"));
    cmd.arg("verify").arg(file).args(["--format", "json"]);
    if let Some(t) = trust {
        cmd.args(["--trust", t]);
    }
    let o = cmd.output().unwrap();
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
    (o.status.code(), v)
}

#[test]
fn verify_checks_an_office_summary_and_names_the_office() {
    let dir = tempfile::tempdir().unwrap();
    let rd = RefData::builtin().unwrap();
    let inbox = dir.path().join("inbox");
    generate::write_folder(&inbox, "522601", 2, rd).unwrap();
    let mut county = County::init(
        &dir.path().join("county.db"),
        "522601",
        "凯里市发展和改革局",
        Box::new(FixedClock::at(2025, 3, 20)),
    )
    .unwrap();
    let trusting = ImportOptions {
        trust_new: true,
        ..Default::default()
    };
    county.import(&[inbox], &trusting, &|_| {}).unwrap();
    let key = generate::key(901).unwrap();
    let signed = county.summary_signed(2024, &key).unwrap();
    let file = dir.path().join("凯里市-2024-签名汇总.xlsx");
    std::fs::write(&file, &signed.bytes).unwrap();

    let (code, v) = verify(&file, None);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["kind"], "summary");
    assert_eq!(v["status"], "valid");
    assert_eq!(v["office"]["division"], "522601");
    assert_eq!(v["office"]["level"], "county");
    assert_eq!(
        (
            v["year"].as_i64(),
            v["revision"].as_i64(),
            v["units"].as_i64()
        ),
        (Some(2024), Some(1), Some(2))
    );
    assert_eq!(v["fingerprint"], key.fingerprint());
    assert_eq!(v["digest"], signed.digest);

    // Pinned to the office's own key it passes; to another key it does not.
    assert_eq!(verify(&file, Some(&key.fingerprint())).0, Some(0));
    let other = generate::key(902).unwrap();
    let (code, v) = verify(&file, Some(&other.fingerprint()));
    assert_eq!(
        (code, v["status"].as_str()),
        (Some(3), Some("bad_signature")),
        "{v}"
    );

    // A figure of the readable workbook changed after signing.
    let mut parts = unzip(&signed.bytes);
    let sheet = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet2.xml")
        .unwrap();
    sheet.1 = String::from_utf8(sheet.1.clone())
        .unwrap()
        .replacen("<v>", "<v>9", 1)
        .into_bytes();
    let edited = dir.path().join("edited.xlsx");
    std::fs::write(&edited, rezip(&parts)).unwrap();
    let (code, v) = verify(&edited, None);
    assert_eq!(
        (code, v["status"].as_str()),
        (Some(3), Some("tampered")),
        "{v}"
    );
}
