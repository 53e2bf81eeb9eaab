//! The TypeScript declarations of every type the commands return, generated from the Rust types
//! into `ui/src/api/generated.ts`, which the interface imports. The test fails when the file is
//! out of date, so a changed Rust type cannot silently disagree with the interface; `make types`
//! (NENGBAO_BLESS=1) rewrites it. CI never rewrites it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ts_rs::{Config, TypeVisitor, TS};

use crate::commands::*;
use crate::Settings;

/// Collects the declaration of a type and of every type it refers to, by name.
struct Collect<'a> {
    cfg: &'a Config,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and containers have no declaration of their own.
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(self.cfg);
        if self.decls.contains_key(&name) {
            return;
        }
        let mut text = String::new();
        if let Some(docs) = T::docs() {
            text.push_str(&docs);
        }
        text.push_str("export ");
        text.push_str(&T::decl(self.cfg));
        self.decls.insert(name, text);
        T::visit_dependencies(self);
    }
}

/// The whole generated file.
fn generated() -> String {
    // Integers on the wire are JSON numbers (all well inside 2^53).
    let cfg = Config::new().with_large_int("number");
    let mut c = Collect {
        cfg: &cfg,
        decls: BTreeMap::new(),
    };
    c.visit::<AppInfo>();
    c.visit::<Settings>();
    c.visit::<Catalog>();
    c.visit::<nengbao::pack::Pack>();
    c.visit::<nengbao::store::ReportSummary>();
    c.visit::<nengbao::store::Saved>();
    c.visit::<nengbao::workspace::ScreenCheck>();
    c.visit::<nengbao::store::VersionSummary>();
    c.visit::<nengbao::ledger::LedgerSummary>();
    c.visit::<nengbao::model::Evidence>();
    c.visit::<Exported>();
    c.visit::<nengbao::xlsx::Verification>();
    c.visit::<Imported>();
    c.visit::<nengbao::workspace::KeyInfo>();
    c.visit::<nengbao::keycard::KeyCard>();
    c.visit::<nengbao::keycard::CardsRead>();
    c.visit::<CountyInfo>();
    c.visit::<nengbao::county::ImportReport>();
    c.visit::<nengbao::county::Progress>();
    c.visit::<nengbao::county::RosterStatus>();
    c.visit::<nengbao::county::KeyEntry>();
    c.visit::<nengbao::county::summary::CountyTotals>();
    c.visit::<CountySubmission>();
    c.visit::<nengbao::county::FieldDiff>();
    c.visit::<nengbao::county::ImportRun>();
    c.visit::<nengbao::county::LogEntry>();
    c.visit::<crate::commands::print::PrintPreview>();
    c.visit::<nengbao::county::submissions::DigestFound>();
    c.visit::<nengbao::county::state::StateLabels>();
    c.visit::<nengbao::county::office::SignedSummary>();
    c.visit::<nengbao::county::office::OfficeStatus>();
    c.visit::<nengbao::county::upward::OfficeTotal>();
    c.visit::<nengbao::county::upward::OfficeFinding>();
    c.visit::<nengbao::county::upward::OfficeKeyEntry>();
    c.visit::<nengbao::error::WireError>();
    let mut out = String::from(
        "// Generated from the Rust types by `make types` (src-tauri/src/typescript.rs). Do not edit:\n\
         // `make test` fails when this file and the Rust types disagree.\n\
         import type { Report } from './report'\n",
    );
    for decl in c.decls.values() {
        out.push('\n');
        out.push_str(decl);
        out.push('\n');
    }
    out
}

#[test]
fn generated_typescript_matches_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/api/generated.ts");
    let want = generated();
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have == want {
        return;
    }
    if std::env::var_os("NENGBAO_BLESS").is_some() && std::env::var_os("CI").is_none() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    panic!(
        "{} is out of date with the Rust types; run `make types` and review the change",
        path.display()
    );
}

/// The mock backend of the interface's tests (`ui/src/mock/fixtures/`) serves the catalog and the
/// built-in packs as the core gives them, written here, so no list or pack table is copied by
/// hand into the interface. Out of date fails like the types; `make types` rewrites them.
#[test]
fn mock_fixtures_match_the_core() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/mock/fixtures");
    let rd = nengbao::refdata::RefData::builtin().unwrap();
    let mut files = vec![(
        "catalog.json".to_string(),
        serde_json::to_string(&crate::commands::Catalog::builtin(rd)).unwrap(),
    )];
    for (id, _) in nengbao::pack::BUILTIN {
        let pack = nengbao::pack::Pack::builtin(id).unwrap();
        files.push((
            format!("pack-{id}.json"),
            serde_json::to_string(pack).unwrap(),
        ));
    }
    let bless = std::env::var_os("NENGBAO_BLESS").is_some() && std::env::var_os("CI").is_none();
    let mut stale = Vec::new();
    for (name, mut want) in files {
        want.push('\n');
        let path = dir.join(&name);
        if std::fs::read_to_string(&path).unwrap_or_default() == want {
            continue;
        }
        if bless {
            std::fs::write(&path, &want).unwrap();
        } else {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} in {} are out of date with the core; run `make types` and review the change",
        dir.display()
    );
}
