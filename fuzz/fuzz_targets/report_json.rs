//! Any text through the report parser, and whatever parses through compute and validate.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(rd) = nengbao::refdata::RefData::builtin() else { return };
    if let Ok(report) = nengbao::interchange::report_from_json("fuzz.json", text) {
        let _ = nengbao::calc::compute(&report, rd);
        let settings = nengbao::validate::Settings::from_refdata(rd);
        let _ = nengbao::validate::validate(&report, rd, None, &[], &settings);
    }
});
