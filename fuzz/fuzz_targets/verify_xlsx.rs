//! Any bytes through the workbook verifier and importer: never a panic or an abort.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(rd) = nengbao::refdata::RefData::builtin() else { return };
    let _ = nengbao::xlsx::verify(data, rd, None);
    let _ = nengbao::xlsx::import(data, rd);
});
