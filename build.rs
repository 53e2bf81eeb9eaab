//! Embeds every template pack in `seeds/packs/` so a new province is a new TOML file and no code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/packs");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut packs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter_map(|p| {
                    let id = p.file_stem()?.to_str()?.to_string();
                    println!("cargo:rerun-if-changed={}", p.display());
                    Some((id, p.display().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    // National first, then by name: the order the app offers them in.
    packs.sort_by_key(|(id, _)| (id != "national", id.clone()));
    let mut out = String::from("/// The packs shipped with the app: every `seeds/packs/*.toml`.\npub const BUILTIN: &[(&str, &str)] = &[\n");
    for (id, path) in &packs {
        let _ = writeln!(out, "    ({id:?}, include_str!({path:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("packs.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
