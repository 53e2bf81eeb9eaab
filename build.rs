//! Embeds every template pack in `seeds/packs/` so a new province is a new TOML file and no code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // The package's directory as cargo gives it when the script runs: a build script compiled
    // once is reused by other checkouts sharing the target directory, so a path fixed at its
    // compile time (env!) can name a checkout that no longer exists and embed no pack at all.
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&root).join("seeds/packs");
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
    assert!(
        !packs.is_empty(),
        "no template pack found in {}: the app cannot work without seeds/packs/*.toml",
        dir.display()
    );
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
    windows_resources();
}

/// For a Windows build with the GNU toolchain (`make windows` cross-builds with mingw-w64):
/// the icon, version information and Chinese product name of `nengbao.exe`, compiled by windres
/// from packaging/windows/nengbao.rc and linked into the command-line binary only (the app gets
/// its own from tauri-build). A build without windres still succeeds, without them.
fn windows_resources() {
    use std::env::var;
    println!("cargo:rerun-if-changed=packaging/windows/nengbao.rc");
    println!("cargo:rerun-if-changed=src-tauri/icons/icon.ico");
    if var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows")
        || var("CARGO_CFG_TARGET_ENV").as_deref() != Ok("gnu")
    {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = Path::new(&var("OUT_DIR").unwrap_or_else(|_| ".".into())).to_path_buf();
    let version = var("CARGO_PKG_VERSION").unwrap_or_default();
    let mut numbers: Vec<String> = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|n| n.parse::<u16>().unwrap_or(0).to_string())
        .collect();
    numbers.resize(4, "0".into());
    let rc = match std::fs::read_to_string(root.join("packaging/windows/nengbao.rc")) {
        Ok(t) => t
            .replace("@VERSION@", &version)
            .replace("@VERSION_NUM@", &numbers.join(",")),
        Err(e) => {
            println!("cargo:warning=packaging/windows/nengbao.rc: {e}");
            return;
        }
    };
    let (rc_path, out) = (out_dir.join("nengbao.rc"), out_dir.join("nengbao-res.o"));
    if let Err(e) = std::fs::write(&rc_path, rc) {
        println!("cargo:warning=cannot write {}: {e}", rc_path.display());
        return;
    }
    let windres = var("WINDRES").unwrap_or_else(|_| {
        let arch = var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
        format!("{arch}-w64-mingw32-windres")
    });
    let status = std::process::Command::new(&windres)
        .arg(&rc_path)
        .args(["-O", "coff", "-o"])
        .arg(&out)
        .arg("-I")
        .arg(root.join("src-tauri/icons"))
        .status();
    match status {
        Ok(s) if s.success() => {
            println!("cargo:rustc-link-arg-bins={}", out.display());
        }
        other => println!(
            "cargo:warning=nengbao.exe is built without icon and version information ({windres}: {other:?})"
        ),
    }
}
