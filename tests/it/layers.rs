//! The layers hold (ARCHITECTURE.md): the core's modules import each other without a circle, no
//! core module reaches the CLI, and the desktop shell holds no CLI call, no SQL, no workbook
//! reading and no clock. Read from the sources, so a change that breaks a layer fails here with
//! the file and line that does it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The lines of a source file that are code outside its unit tests (comments and everything
/// from `#[cfg(test)]` on are left out), numbered from 1.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

/// The names that follow `prefix` in `line` (`crate::store::x` → `store`; `crate::{a, b}` → a, b).
fn named_after(line: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find(prefix) {
        rest = &rest[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

/// The core's top-level modules (the CLI is the binary's, not the library's) and, for each, the
/// modules it uses with the first place it does.
fn module_graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = root().join("src");
    let mut modules = BTreeSet::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        if !["lib", "main", "cli"].contains(&name.as_str()) {
            modules.insert(name);
        }
    }
    let mut graph = BTreeMap::new();
    for m in &modules {
        let mut files = Vec::new();
        let file = src.join(format!("{m}.rs"));
        if file.exists() {
            files.push(file);
        }
        if src.join(m).is_dir() {
            rust_files(&src.join(m), &mut files);
        }
        let mut uses: BTreeMap<String, String> = BTreeMap::new();
        for f in files {
            for (n, line) in code_lines(&f) {
                for used in named_after(&line, "crate::") {
                    if &used != m && modules.contains(&used) {
                        uses.entry(used).or_insert_with(|| {
                            format!("{}:{n}", f.strip_prefix(root()).unwrap().display())
                        });
                    }
                }
            }
        }
        graph.insert(m.clone(), uses);
    }
    graph
}

/// A circle through `start`, as the modules and the place each uses the next.
fn circle_from(
    graph: &BTreeMap<String, BTreeMap<String, String>>,
    start: &str,
) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for (next, place) in &graph[at] {
            path.push(format!("{at} → {next} ({place})"));
            if next == start || (seen.insert(next.clone()) && walk(graph, start, next, path, seen))
            {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    walk(graph, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn the_core_modules_import_each_other_without_a_circle() {
    let graph = module_graph();
    // The graph is read at all: the use-case layer uses the store, the store the model.
    assert!(graph["workspace"].contains_key("store"), "{graph:?}");
    assert!(graph["store"].contains_key("model"), "{graph:?}");
    for m in graph.keys() {
        if let Some(circle) = circle_from(&graph, m) {
            panic!("a circle of imports:\n  {}", circle.join("\n  "));
        }
    }
}

#[test]
fn the_circle_check_finds_a_circle() {
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let edge = |to: &str| BTreeMap::from([(to.to_string(), "x.rs:1".to_string())]);
    graph.insert("a".into(), edge("b"));
    graph.insert("b".into(), edge("c"));
    graph.insert("c".into(), edge("a"));
    graph.insert("d".into(), edge("a"));
    assert_eq!(circle_from(&graph, "a").map(|c| c.len()), Some(3));
    assert_eq!(circle_from(&graph, "d"), None);
    assert_eq!(
        named_after("use crate::{model, store::Db};", "crate::"),
        ["model", "store"]
    );
}

/// Lines of `files` that contain any of `words`, as `file:line: text`.
fn lines_with(files: &[PathBuf], words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files {
        for (n, line) in code_lines(f) {
            if words.iter().any(|w| line.contains(w)) {
                found.push(format!(
                    "{}:{n}: {}",
                    f.strip_prefix(root()).unwrap().display(),
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn no_core_module_reaches_the_cli() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.retain(|f| !f.starts_with(root().join("src/cli")) && !f.ends_with("src/main.rs"));
    assert!(files.len() > 50, "{} files", files.len());
    let found = lines_with(&files, &["crate::cli", "nengbao::cli"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_shell_is_an_adapter_only() {
    let mut files = Vec::new();
    rust_files(&root().join("src-tauri/src"), &mut files);
    // The shell's own tests may build fixtures however they like.
    files.retain(|f| !f.starts_with(root().join("src-tauri/src/tests")));
    assert!(files.len() > 5, "{} files", files.len());
    let found = lines_with(
        &files,
        &[
            "nengbao::cli",
            "SELECT ",
            "INSERT ",
            "UPDATE ",
            "DELETE FROM",
            "rusqlite",
            "calamine",
            "chrono::",
            "Utc::now",
            "write_atomic",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}
