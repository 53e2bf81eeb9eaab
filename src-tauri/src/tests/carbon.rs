//! The 碳排放 screen's commands: report_check carries the CO₂ block and the catalog every list
//! its tables choose from.

use super::{app, invoke, window};

#[test]
fn report_check_carries_the_carbon_block_and_the_catalog_its_lists() {
    let (app, _dir) = app();
    let wv = window(&app);
    invoke(
        &wv,
        "app_mode_set",
        serde_json::json!({"mode": "enterprise"}),
    )
    .unwrap();
    invoke(&wv, "demo_load", serde_json::json!({})).unwrap();
    let report = invoke(
        &wv,
        "report_get",
        serde_json::json!({"uscc": nengbao::demo::DEMO_USCC, "year": 2024}),
    )
    .unwrap();
    let checked = invoke(
        &wv,
        "report_check",
        serde_json::json!({"report": report, "pack": "national"}),
    )
    .unwrap();
    let c = &checked["carbon"];
    assert_eq!(c["accounted"], true, "{c}");
    // The screen's totals are the figures the 碳表 show and the signed file carries.
    assert_eq!(c["totals"]["total_co2_t"], c["document"]["total_co2_t"]);
    // Last year's report comes from the workspace.
    assert_eq!(c["prior"]["year"], 2023);
    let factor = &c["electricity"]["factor"]["provenance"];
    assert_eq!(factor["edition"], "mee-2022-national");
    assert_eq!(factor["data_year"], 2022);
    assert!(c["fallbacks"].as_array().unwrap().is_empty());
    assert_eq!(checked["outcome"]["summary"]["errors"], 0);

    // A 2026 report: no grid factor of its own yet, the latest published stands in, and the
    // check says so as a warning on the frozen grid edition.
    let mut next = report.clone();
    next["year"] = serde_json::json!(2026);
    let checked = invoke(
        &wv,
        "report_check",
        serde_json::json!({"report": next, "pack": "national"}),
    )
    .unwrap();
    let c = &checked["carbon"];
    assert_eq!(c["accounted"], true);
    assert_eq!(c["grid_edition"], "mee-2023-national");
    assert_eq!(c["electricity"]["factor"]["provenance"]["kind"], "fallback");
    let warning = checked["outcome"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CB019")
        .unwrap()
        .clone();
    assert_eq!(warning["severity"], "warning", "{warning}");
    assert_eq!(warning["location"]["path"], "carbon.basis.grid");

    // The dropdowns of the 碳表 are served with their labels in both languages.
    let catalog = invoke(&wv, "catalog_get", serde_json::json!({})).unwrap();
    let lists = &catalog["lists"];
    for (list, code, zh, en) in [
        (
            "electricity_sources",
            "green_trade",
            "绿电交易",
            "Green power trade",
        ),
        (
            "certificate_sources",
            "unbundled",
            "单独购买",
            "Bought separately",
        ),
        ("certificate_statuses", "cancelled", "已核销", "Cancelled"),
        (
            "fuel_parameters",
            "ncv",
            "低位发热量",
            "Net calorific value",
        ),
    ] {
        let entries = lists[list].as_array().unwrap_or_else(|| panic!("{list}"));
        assert!(
            entries
                .iter()
                .any(|e| e["code"] == code && e["zh"] == zh && e["en"] == en),
            "{list}: {entries:?}"
        );
    }
    assert!(lists.get("files").is_none());
}
