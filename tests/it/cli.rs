//! The `nengbao` binary: demo → compute, and one-line errors with exit codes.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn nengbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nengbao"))
        .args(args)
        .output()
        .expect("run nengbao")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_then_compute_prints_the_hand_calculated_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = nengbao(&["demo", "--out", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["report-2023.json", "report-2024.json", "workspace.db"] {
        assert!(dir.path().join(f).is_file(), "demo writes {f}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path().join("evidence"))
            .unwrap()
            .count(),
        4
    );

    let report = dir.path().join("report-2024.json");
    let o = nengbao(&["compute", report.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    // Hand calculation in tests/it/calc.rs (demo_2024_matches_hand_calculation).
    assert_eq!(v["comprehensive_energy_tce"], "107449.1760");
    assert_eq!(v["comprehensive_energy_equal_value_tce"], "120738.3060");
    assert_eq!(v["feedstock_tce"], "0.0000");
    assert_eq!(v["green_electricity_tce"], "614.5000");
    assert_eq!(v["rows"][0]["code"], "01");
    assert_eq!(v["rows"][0]["tce"], "96787.6500");

    let o = nengbao(&["compute", report.to_str().unwrap()]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("综合能源消费量（当量值）：107449.1760"),
        "{text}"
    );

    // The demo database holds both years, 2023 frozen as filed.
    let db = dir.path().join("workspace.db");
    let o = nengbao(&[
        "report",
        "list",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);

    // Running the demo again into the same folder changes nothing and loses nothing.
    let o = nengbao(&["demo", "--out", out]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn bad_input_gets_one_line_naming_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let good = nengbao::interchange::report_to_json(&nengbao::demo::report_2024()).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (
            write(dir.path(), "syntax.json", "{"),
            "syntax.json: EOF while parsing",
        ),
        (
            dir.path().join("missing.json").to_str().unwrap().into(),
            "missing.json: 无法读取文件",
        ),
        (
            write(
                dir.path(),
                "format.json",
                &good.replace("nengbao.report/1", "nengbao.report/2"),
            ),
            "format.json: format: unsupported format",
        ),
        (
            write(
                dir.path(),
                "number.json",
                &good.replacen("\"0.71430\"", "\"abc\"", 1),
            ),
            "number.json: energy[0].factor: \"abc\" is not a decimal number",
        ),
        (
            write(
                dir.path(),
                "code.json",
                &good.replacen("\"code\": \"15\"", "\"code\": \"99\"", 1),
            ),
            "code.json: energy[2].code: unknown energy code \"99\"",
        ),
        (
            write(dir.path(), "noformat.json", "{\"year\": 2024}"),
            "noformat.json: missing field `format`",
        ),
    ];
    for (file, want) in cases {
        let o = nengbao(&["compute", &file]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "exit 2 for unusable input: {file}"
        );
        let err = stderr(&o);
        assert!(err.contains(want), "{file}: expected `{want}` in `{err}`");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "one line, no stack trace: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn schema_is_json_schema_of_the_report() {
    let o = nengbao(&["schema"]);
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(v["title"], "AnnualReport");
}

#[test]
fn reading_a_missing_workspace_does_not_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let o = nengbao(&["report", "list", "--db", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!db.exists());
}

#[test]
fn ledger_summary_evidence_and_audit_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert!(nengbao(&["demo", "--out", out]).status.success());
    let report = dir.path().join("report-2024.json");
    let db = dir.path().join("workspace.db");
    let (report, db) = (report.to_str().unwrap(), db.to_str().unwrap());

    let o = nengbao(&["ledger", "summary", report, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let nox = v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["pollutant"] == "NOx")
        .unwrap();
    assert_eq!(nox["counted_t"], "393.984");
    let text = String::from_utf8(nengbao(&["ledger", "summary", report]).stdout).unwrap();
    assert!(text.contains("NOx") && text.contains("112.57%"), "{text}");

    // The demo registers its evidence, so the workspace check is clean …
    let o = nengbao(&["check", report, "--db", db]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(
        nengbao(&["evidence", "check", report, "--db", db])
            .status
            .code(),
        Some(0)
    );
    // … until a stored file is altered.
    let store = dir.path().join("workspace.evidence");
    let victim = std::fs::read_dir(&store)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&victim, "改过的内容").unwrap();
    let o = nengbao(&["check", report, "--db", db, "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a changed evidence file is an error"
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "LG014"));

    let o = nengbao(&["audit", "verify", "--db", db]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("审计日志完整"));
}

#[test]
fn export_verify_inspect_template_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    assert!(nengbao(&["demo", "--out", &d("demo")]).status.success());
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/keys/enterprise.key"
    );
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(args)
            .env("NENGBAO_PASSPHRASE", "test-passphrase")
            .output()
            .unwrap()
    };
    let report = d("demo/report-2024.json");
    let o = run(&[
        "export",
        &report,
        "--key",
        key,
        "--out",
        &d("s.xlsx"),
        "--db",
        &d("demo/workspace.db"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = nengbao(&["verify", &d("s.xlsx"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "valid");

    // inspect gives other tools what they need to check the signature themselves.
    let o = nengbao(&["inspect", &d("s.xlsx")]);
    let i: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(i["distinguishing_id"], "1234567812345678");
    let ok = nengbao::sign::verify(
        i["payload"].as_str().unwrap().as_bytes(),
        i["public_key"].as_str().unwrap(),
        i["signature"].as_str().unwrap(),
        "1234567812345678",
    );
    assert_eq!(
        ok,
        Ok(true),
        "the printed payload is exactly what was signed"
    );
    assert_eq!(
        i["digest"].as_str().unwrap(),
        nengbao::sign::sm3_hex(i["payload"].as_str().unwrap().as_bytes())
    );
    assert_eq!(i["report"]["enterprise"]["uscc"], nengbao::demo::DEMO_USCC);

    // Wrong trust → exit 3; a draft → exit 4; not a workbook → exit 2.
    assert_eq!(
        nengbao(&["verify", &d("s.xlsx"), "--trust", "0000"])
            .status
            .code(),
        Some(3)
    );
    assert!(
        run(&["export", &report, "--draft", "--out", &d("draft.xlsx")])
            .status
            .success()
    );
    assert_eq!(
        nengbao(&["verify", &d("draft.xlsx")]).status.code(),
        Some(4)
    );
    std::fs::write(d("junk.xlsx"), b"not a workbook").unwrap();
    assert_eq!(nengbao(&["verify", &d("junk.xlsx")]).status.code(), Some(2));

    // A report with an error cannot be signed.
    let mut bad = nengbao::demo::report_2024();
    bad.energy[0].closing_stock = None;
    std::fs::write(
        d("bad.json"),
        nengbao::interchange::report_to_json(&bad).unwrap(),
    )
    .unwrap();
    let o = run(&[
        "export",
        &d("bad.json"),
        "--key",
        key,
        "--out",
        &d("bad.xlsx"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不能签名"), "{}", stderr(&o));
    assert!(!dir.path().join("bad.xlsx").exists(), "nothing written");

    // Findings name their Excel cell.
    let o = nengbao(&["check", &d("bad.json")]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("（表2 能源消费结构!L6）"));

    // Blank template → import (nothing filled but the year) → a report JSON.
    assert!(nengbao(&[
        "template",
        "--pack",
        "guangdong",
        "--year",
        "2025",
        "--out",
        &d("blank.xlsx")
    ])
    .status
    .success());
    let o = nengbao(&[
        "import",
        &d("blank.xlsx"),
        "--out",
        &d("blank.json"),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = nengbao::interchange::read_report(&dir.path().join("blank.json")).unwrap();
    assert_eq!(r.year, 2025);

    // The last signed file imports as a report too (prefill for next year).
    let o = nengbao(&["import", &d("s.xlsx"), "--out", &d("back.json")]);
    assert!(o.status.success());
    let back = nengbao::interchange::read_report(&dir.path().join("back.json")).unwrap();
    assert_eq!(
        back.indicators.output_value.current.unwrap().to_string(),
        "68000.00"
    );

    let o = nengbao(&["key", "show", key, "--format", "json"]);
    let k: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        k["fingerprint"].as_str().unwrap().len(),
        79,
        "16 groups of 4 with spaces"
    );
}

#[test]
fn key_card_prints_the_card_with_its_qr_and_writes_a_card_file_the_county_reads() {
    let dir = tempfile::tempdir().unwrap();
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/keys/enterprise.key"
    );
    let card_path = dir.path().join("card.txt");
    let o = nengbao(&[
        "key",
        "card",
        "--key",
        key,
        "--uscc",
        "91522601ma6dmd7x4h",
        "--name",
        "凯峰水泥",
        "--date",
        "2025-03-18",
        "--out",
        card_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let shown = String::from_utf8(o.stdout).unwrap();
    let show = nengbao(&["key", "show", key, "--format", "json"]);
    let k: Value = serde_json::from_slice(&show.stdout).unwrap();
    let fingerprint = k["fingerprint"].as_str().unwrap();
    assert!(shown.contains(fingerprint), "{shown}");
    assert!(
        shown.contains('▄') || shown.contains('▀'),
        "a QR code in text blocks"
    );

    let card = nengbao::keycard::parse(&std::fs::read_to_string(&card_path).unwrap()).unwrap();
    assert_eq!(card.uscc, "91522601MA6DMD7X4H");
    assert_eq!(card.fingerprint, fingerprint);
    assert_eq!(card.public_key, k["public_key"].as_str().unwrap());
    assert_eq!(card.date, "2025-03-18");
}
