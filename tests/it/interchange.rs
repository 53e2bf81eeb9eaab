//! The JSON contract `nengbao.report/1`.

use nengbao::interchange::{report_from_json, report_to_json};
use serde_json::Value;

#[test]
fn decimals_are_written_as_fixed_scale_strings() {
    let json = report_to_json(&nengbao::demo::report_2024()).unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], "nengbao.report/1");
    assert_eq!(v["energy"][0]["consumed_industrial"], "135500.0000");
    assert_eq!(v["energy"][0]["factor"], "0.71430");
    assert_eq!(v["energy"][0]["purchased_amount"], "122400.00");
    assert_eq!(v["reduction_projects"][0]["pollutant"], "NOx");
}

#[test]
fn numbers_are_accepted_on_input() {
    let mut v: Value =
        serde_json::from_str(&report_to_json(&nengbao::demo::report_2024()).unwrap()).unwrap();
    v["energy"][0]["consumed_industrial"] = serde_json::json!(135500);
    v["energy"][0]["factor"] = serde_json::json!(0.7143);
    let r = report_from_json("t.json", &v.to_string()).unwrap();
    assert_eq!(r, nengbao::demo::report_2024());
}

#[test]
fn errors_name_the_file_and_the_field() {
    let mut v: Value =
        serde_json::from_str(&report_to_json(&nengbao::demo::report_2024()).unwrap()).unwrap();
    v["energy"][2]["purchased_qty"] = serde_json::json!("12,5");
    let e = report_from_json("r.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("r.json: energy[2].purchased_qty: "), "{e}");

    v["energy"][2]["purchased_qty"] = serde_json::json!("1.23456");
    let e = report_from_json("r.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("more than 4 decimal places"), "{e}");

    v["energy"][2]["purchased_qty"] = serde_json::json!("1");
    v["energy"][2]["purchsed_qty"] = serde_json::json!("1");
    let e = report_from_json("r.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unknown field `purchsed_qty`"),
        "typos are refused: {e}"
    );

    let e = report_from_json("r.json", "{\"format\":\"other/2\",\"year\":2024}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("unsupported format \"other/2\""), "{e}");
    let e = report_from_json("r.json", "{").unwrap_err().to_string();
    assert!(e.starts_with("r.json: EOF"), "{e}");
}

#[test]
fn a_half_filled_report_still_loads() {
    let r = report_from_json(
        "draft.json",
        r#"{"format":"nengbao.report/1","year":2025,"enterprise":{"name":"某厂"}}"#,
    )
    .unwrap();
    assert_eq!(r.enterprise.name, "某厂");
    assert!(r.energy.is_empty());
}

#[test]
fn schema_describes_the_format_and_decimals() {
    let schema = serde_json::to_value(schemars::schema_for!(nengbao::model::AnnualReport)).unwrap();
    assert_eq!(schema["properties"]["format"]["$ref"], "#/$defs/FormatTag");
    assert_eq!(schema["$defs"]["FormatTag"]["const"], "nengbao.report/1");
    let defs = schema["$defs"].as_object().unwrap();
    assert!(defs.contains_key("Decimal4") && defs.contains_key("Decimal5"));
    assert!(defs.contains_key("EnergyRow") && defs.contains_key("ReductionProject"));
}
