//! Reliability and security: power cuts (SIGKILL), backups, hostile and broken files, mutated
//! workbooks, the desktop app's security configuration.

use std::io::{BufRead, BufReader, Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nengbao::county::{County, FileOutcome};
use nengbao::pack::Pack;
use nengbao::refdata::RefData;
use nengbao::store;
use nengbao::workspace::FixedClock;
use nengbao::xlsx::{self, Status};
use nengbao::Workspace;

use crate::builder::signed_demo;

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

/// A tiny deterministic generator (the tests must not depend on the clock or the OS RNG).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn trials(full: usize, quick: usize) -> usize {
    match std::env::var("NENGBAO_KILL_TRIALS") {
        Ok(n) => n.parse().unwrap_or(full),
        Err(_) if std::env::var_os("CI").is_some() => full,
        Err(_) => quick,
    }
}

/// A child saves reports in a loop and is killed with SIGKILL at random moments. After each
/// kill the database opens, passes `PRAGMA integrity_check`, holds every save the child said
/// was committed, and its audit chain is whole. 200 trials in CI, 25 otherwise. Even trials
/// kill at a random moment after the start (opening and migrating included); odd trials at a
/// random moment after the child's first commit, so saves are interrupted however long the
/// start takes on a busy machine.
#[test]
fn killing_the_writer_never_loses_a_committed_save_or_corrupts_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut rng = Lcg(20_250_331);
    let n = trials(200, 25);
    let mut last_seen = 0i64;
    for trial in 0..n {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(["dev", "save-loop", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (first_commit, committing) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut last = 0i64;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("committed ") {
                    last = n.trim().parse().unwrap_or(last);
                    let _ = first_commit.send(());
                }
            }
            last
        });
        if trial % 2 == 1 {
            // Wait for saving to be under way (a child that never commits fails below).
            let _ = committing.recv_timeout(Duration::from_secs(60));
        }
        std::thread::sleep(Duration::from_millis(5 + rng.below(60)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let committed = reader.join().unwrap();

        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "trial {trial}: integrity");
        drop(conn);
        let ws = Workspace::open(&db, Box::new(FixedClock::at(2025, 1, 1))).unwrap();
        if committed > 0 {
            let revision = ws
                .report_list(None)
                .unwrap()
                .first()
                .map(|r| r.revision)
                .unwrap_or(0);
            assert!(revision >= committed, "trial {trial}: the child reported revision {committed} committed, the database has {revision}");
            last_seen = last_seen.max(committed);
        }
        assert!(
            matches!(
                ws.audit_verify().unwrap(),
                store::audit::Verdict::Intact { .. }
            ),
            "trial {trial}: audit chain"
        );
    }
    assert!(
        last_seen > 0,
        "the child got to commit at least once in {n} trials"
    );
}

#[test]
fn backup_restore_keeps_the_current_file_and_refuses_newer_or_foreign_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut ws = Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 18))).unwrap();
    ws.report_save(&nengbao::demo::report_2024()).unwrap();
    let bak = dir.path().join("bak.db");
    ws.backup(&bak).unwrap();
    // Change the live workspace after the backup.
    let mut r = nengbao::demo::report_2024();
    r.indicators.employees.current = Some(1);
    ws.report_save(&r).unwrap();
    drop(ws);

    let kept = store::backup::restore_as(
        &db,
        &bak,
        store::ENTERPRISE,
        "20250318",
        "2025-03-18T09:00:00+08:00",
        "测试",
    )
    .unwrap()
    .unwrap();
    assert!(kept.exists(), "the current file is kept before restoring");
    let ws = Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 18))).unwrap();
    assert_eq!(
        ws.report_load(nengbao::demo::DEMO_USCC, 2024)
            .unwrap()
            .indicators
            .employees
            .current,
        Some(620)
    );
    let old = Workspace::open(&kept, Box::new(FixedClock::at(2025, 3, 18))).unwrap();
    assert_eq!(
        old.report_load(nengbao::demo::DEMO_USCC, 2024)
            .unwrap()
            .indicators
            .employees
            .current,
        Some(1)
    );

    // A backup written by a newer app is refused.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&bak, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(
        store::backup::restore_as(
            &db,
            &newer,
            store::ENTERPRISE,
            "x",
            "2025-03-18T09:00:00+08:00",
            "测试"
        ),
        Err(store::StoreError::TooNew { .. })
    ));
    // A county backup is not an enterprise workspace.
    let c = County::init(
        &dir.path().join("c.db"),
        "522601",
        "凯里市",
        Box::new(FixedClock::at(2025, 1, 1)),
    )
    .unwrap();
    drop(c);
    assert!(matches!(
        store::backup::restore_as(
            &db,
            &dir.path().join("c.db"),
            store::ENTERPRISE,
            "x",
            "2025-03-18T09:00:00+08:00",
            "测试"
        ),
        Err(store::StoreError::WrongKind { .. })
    ));
    assert!(matches!(
        Workspace::open(
            &dir.path().join("c.db"),
            Box::new(FixedClock::at(2025, 1, 1))
        ),
        Err(nengbao::Error::Store(store::StoreError::WrongKind { .. }))
    ));
}

#[test]
fn rotating_backups_keep_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(&dir.path().join("w.db")).unwrap();
    for day in 1..=9 {
        store::backup::rotate(
            &conn,
            &dir.path().join("backups"),
            "workspace",
            &format!("202503{day:02}"),
            7,
        )
        .unwrap();
    }
    // Same day twice makes nothing new.
    assert!(store::backup::rotate(
        &conn,
        &dir.path().join("backups"),
        "workspace",
        "20250309",
        7
    )
    .unwrap()
    .is_none());
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7);
    assert_eq!(names[0], "workspace-20250303.db");
    assert_eq!(names[6], "workspace-20250309.db");
}

// ---- hostile and broken files --------------------------------------------------------------

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, d) in entries {
        w.start_file(*n, opts).unwrap();
        w.write_all(d).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut d = Vec::new();
            f.read_to_end(&mut d).unwrap();
            (f.name().unwrap().into_owned(), d)
        })
        .collect()
}

fn rezip(p: &[(String, Vec<u8>)]) -> Vec<u8> {
    let v: Vec<(&str, &[u8])> = p.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&v)
}

fn with_sheet_xml(bytes: &[u8], sheet_no: usize, f: impl Fn(String) -> String) -> Vec<u8> {
    let mut p = parts(bytes);
    let name = format!("xl/worksheets/sheet{sheet_no}.xml");
    let e = p.iter_mut().find(|(n, _)| *n == name).unwrap();
    e.1 = f(String::from_utf8(e.1.clone()).unwrap()).into_bytes();
    rezip(&p)
}

/// Every hostile or broken input: a clear message, no crash, no hang, no partial import.
#[test]
fn hostile_and_broken_inputs_get_a_clear_answer() {
    let good = signed_demo();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        (
            "random",
            (0..50_000u32)
                .map(|i| (i.wrapping_mul(2_246_822_519) >> 7) as u8)
                .collect(),
        ),
        ("truncated zip", good[..good.len() * 3 / 5].to_vec()),
        (
            "zip that is not a workbook",
            zip_of(&[("readme.txt", b"hello")]),
        ),
        (
            "xls (OLE2)",
            [
                &[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0u8; 4096][..],
            ]
            .concat(),
        ),
        (
            "ods",
            zip_of(&[
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.spreadsheet",
                ),
                ("content.xml", b"<office:document-content/>"),
            ]),
        ),
    ];
    let mut xlsm = parts(&good);
    xlsm.push(("xl/vbaProject.bin".into(), vec![0u8; 512]));
    cases.push(("xlsm with macros", rezip(&xlsm)));
    // 210 MB of zeros deflate to about 200 KB: over the uncompressed limit.
    {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(
            "xl/workbook.xml",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..210 {
            w.write_all(&chunk).unwrap();
        }
        cases.push(("zip bomb", w.finish().unwrap().into_inner()));
    }
    // A zip that lies: a 64 MB sheet declared as 1 KB in both headers.
    {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (n, d) in parts(&good) {
            w.start_file(n.as_str(), o).unwrap();
            if n == "xl/worksheets/sheet3.xml" {
                w.write_all(&d).unwrap();
                w.write_all(&vec![b' '; 64 << 20]).unwrap();
            } else {
                w.write_all(&d).unwrap();
            }
        }
        let mut z = w.finish().unwrap().into_inner();
        // Patch the uncompressed-size fields of that entry (local header and central directory).
        let name = b"xl/worksheets/sheet3.xml";
        let mut at = 0;
        while let Some(p) = z[at..].windows(name.len()).position(|w| w == name) {
            let pos = at + p;
            for (sig, off) in [(b"PK\x03\x04", 22usize), (b"PK\x01\x02", 24usize)] {
                let header = if sig == b"PK\x03\x04" {
                    pos.checked_sub(30)
                } else {
                    pos.checked_sub(46)
                };
                if let Some(h) = header {
                    if &z[h..h + 4] == sig {
                        z[h + off..h + off + 4].copy_from_slice(&1024u32.to_le_bytes());
                    }
                }
            }
            at = pos + name.len();
        }
        cases.push(("zip with lying sizes", z));
    }
    // A cell moved to the last coordinate Excel allows (a dense read would allocate ~550 GB).
    cases.push((
        "cell at XFD1048576",
        with_sheet_xml(&good, 3, |x| {
            x.replacen("<c r=\"G6\"", "<c r=\"XFD1048576\"", 1)
        }),
    ));
    // Regression: a reversed dimension made calamine 0.38 subtract past zero and panic (found by
    // the mutation test); the reader now refuses such a file.
    cases.push((
        "reversed dimension",
        with_sheet_xml(&good, 3, |x| {
            let start = x.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
            let end = start + x[start..].find('"').unwrap();
            format!("{}N57:A1{}", &x[..start], &x[end..])
        }),
    ));
    // A formula in an input cell: the cached value is read, the formula never evaluated.
    cases.push((
        "formula in an input cell",
        with_sheet_xml(&good, 3, |x| {
            let start = x.find("<c r=\"G6\"").unwrap();
            let end = start + x[start..].find("</c>").unwrap() + 4;
            format!(
                "{}<c r=\"G6\"><f>SUM(H6:J6)*1000</f><v>1</v></c>{}",
                &x[..start],
                &x[end..]
            )
        }),
    ));
    // Deeply nested XML where a cell should be.
    cases.push((
        "deeply nested XML",
        with_sheet_xml(&good, 3, |x| {
            x.replacen(
                "<sheetData>",
                &format!(
                    "<sheetData>{}{}",
                    "<x>".repeat(100_000),
                    "</x>".repeat(100_000)
                ),
                1,
            )
        }),
    ));
    // A 15 MB string in the enterprise-name cell (表1!D3).
    cases.push((
        "15 MB string",
        with_sheet_xml(&good, 2, |x| {
            let start = x.find("<c r=\"D3\"").unwrap();
            let end = start + x[start..].find("</c>").unwrap() + 4;
            format!(
                "{}<c r=\"D3\" t=\"inlineStr\"><is><t>{}</t></is></c>{}",
                &x[..start],
                "长".repeat(5_000_000),
                &x[end..]
            )
        }),
    ));
    // A sheet with 2.1 million rows (over the per-sheet cell limit); the dimension claims more.
    cases.push((
        "millions of rows",
        with_sheet_xml(&good, 3, |x| {
            let mut rows = String::with_capacity(80_000_000);
            for r in 100..2_100_100u32 {
                rows.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"));
            }
            x.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
                .replacen(
                    "<dimension ref=\"",
                    "<dimension ref=\"A1:XFD1048576\" x=\"",
                    1,
                )
        }),
    ));
    // Sheets renamed: it only looks like ours.
    {
        let mut p = parts(&good);
        let wb = p.iter_mut().find(|(n, _)| n == "xl/workbook.xml").unwrap();
        wb.1 = String::from_utf8(wb.1.clone())
            .unwrap()
            .replace("表2 能源消费结构", "Sheet2")
            .into_bytes();
        cases.push(("renamed sheet", rezip(&p)));
    }

    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for (name, bytes) in &cases {
        let started = Instant::now();
        let v = xlsx::verify(bytes, rd(), None);
        // Unknown XML elements change no value, so that file still verifies; every other
        // case changes or breaks what was signed.
        if *name == "deeply nested XML" {
            assert_eq!(
                v.status,
                Status::Valid,
                "extra elements are ignored, values intact"
            );
            continue;
        }
        assert_ne!(v.status, Status::Valid, "{name} must not verify");
        assert!(!v.message.is_empty(), "{name}: a message for the user");
        let _ = xlsx::import(bytes, rd());
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{name}: no hang ({:?})",
            started.elapsed()
        );
        std::fs::write(
            inbox.join(format!("{}.xlsx", name.replace(' ', "_"))),
            bytes,
        )
        .unwrap();
    }
    // Through county intake: every one rejected, nothing half-imported.
    let mut c = County::init(
        &dir.path().join("c.db"),
        "522601",
        "凯里市",
        Box::new(FixedClock::at(2025, 3, 20)),
    )
    .unwrap();
    let r = crate::county::import_trusting(&mut c, inbox, None);
    for f in &r.files {
        assert_eq!(
            f.outcome,
            FileOutcome::Rejected,
            "{}: {}",
            f.file,
            f.message
        );
    }
    assert!(c.current(2024).unwrap().is_empty(), "no partial import");
    let zip_bomb = r
        .files
        .iter()
        .find(|f| f.file.starts_with("zip_bomb"))
        .unwrap();
    assert!(
        zip_bomb.message.zh.contains("压缩炸弹"),
        "{}",
        zip_bomb.message
    );
    let xlsm = r.files.iter().find(|f| f.file.starts_with("xlsm")).unwrap();
    assert!(xlsm.message.zh.contains("宏"), "{}", xlsm.message);
    let formula = r
        .files
        .iter()
        .find(|f| f.file.starts_with("formula"))
        .unwrap();
    assert_eq!(
        formula.reason.as_str(),
        "tampered",
        "the formula's cached value differs from the signed one"
    );
}

/// Peak resident memory of this process, from /proc (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A few thousand mutations of real exported workbooks through verify and import: no panic,
/// bounded time per file, bounded memory.
#[test]
fn mutated_workbooks_never_panic_hang_or_balloon() {
    let good = signed_demo();
    let template = xlsx::template(Pack::builtin("guangdong").unwrap(), 2024, rd()).unwrap();
    let seeds = [good, template];
    let n = trials(3000, 400);
    let mut rng = Lcg(7);
    let tokens: [&[u8]; 10] = [
        b"<",
        b">",
        b"\"",
        b"r=\"XFD1048576\"",
        b"t=\"s\"",
        b"<v>99999999999</v>",
        b"&amp;",
        b"</c>",
        b"t=\"inlineStr\"",
        b"1e308",
    ];
    let mut slowest = Duration::ZERO;
    for i in 0..n {
        let base = &seeds[i % seeds.len()];
        let mutated = if i % 3 == 0 {
            // Bit flips on the zip bytes.
            let mut b = base.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(b.len() as u64) as usize;
                b[at] ^= 1 << rng.below(8);
            }
            b
        } else {
            // Token insertions inside an XML part, re-zipped so the zip itself is valid.
            let mut p = parts(base);
            let xml: Vec<usize> = p
                .iter()
                .enumerate()
                .filter(|(_, (n, _))| n.ends_with(".xml"))
                .map(|(i, _)| i)
                .collect();
            let which = xml[rng.below(xml.len() as u64) as usize];
            let d = &mut p[which].1;
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(d.len() as u64) as usize;
                let t = tokens[rng.below(tokens.len() as u64) as usize];
                d.splice(at..at, t.iter().copied());
            }
            rezip(&p)
        };
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| {
            let v = xlsx::verify(&mutated, rd(), None);
            let _ = xlsx::import(&mutated, rd());
            v.status
        });
        assert!(result.is_ok(), "mutation {i} panicked");
        slowest = slowest.max(started.elapsed());
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "mutation {i} took {:?}",
            started.elapsed()
        );
    }
    if let Some(kib) = peak_rss_kib() {
        assert!(kib < 1_500_000, "peak memory {kib} KiB over {n} mutations");
    }
    eprintln!(
        "{n} mutations, slowest {slowest:?}, peak RSS {:?} KiB",
        peak_rss_kib()
    );
}

// ---- the desktop app's security configuration -------------------------------------------------

fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Fails when a remote origin or a wide permission is added to the app.
#[test]
fn the_app_loads_no_remote_content_and_holds_minimal_permissions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let conf = read_json(&root.join("tauri.conf.json"));
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP is set (null would disable it)");
    for directive in csp.split(';') {
        for source in directive.split_whitespace().skip(1) {
            let allowed = [
                "'self'",
                "'unsafe-inline'",
                "data:",
                "blob:",
                "ipc:",
                "http://ipc.localhost",
                "asset:",
                "http://asset.localhost",
            ];
            assert!(
                allowed.contains(&source),
                "CSP source {source} in `{}` is not allowed",
                directive.trim()
            );
        }
    }
    assert!(
        conf["build"].get("devUrl").is_none_or(|u| u
            .as_str()
            .is_some_and(|u| u.starts_with("http://localhost"))),
        "no remote dev URL"
    );
    assert!(
        conf["app"]
            .get("withGlobalTauri")
            .is_none_or(|v| v == false),
        "no global __TAURI__ object"
    );
    for w in conf["app"]["windows"].as_array().unwrap() {
        assert!(
            w.get("url")
                .is_none_or(|u| !u.as_str().unwrap_or("").contains("://")),
            "windows load the bundled UI only"
        );
    }
    let allowed_permissions = [
        "core:default",
        "dialog:allow-open",
        "dialog:allow-save",
        "dialog:allow-message",
        "dialog:allow-ask",
        "dialog:allow-confirm",
        "opener:allow-reveal-item-in-dir",
    ];
    for entry in std::fs::read_dir(root.join("capabilities")).unwrap() {
        let cap = read_json(&entry.unwrap().path());
        assert!(cap.get("remote").is_none(), "no capability for remote URLs");
        for p in cap["permissions"].as_array().unwrap() {
            let id = p
                .as_str()
                .or_else(|| p["identifier"].as_str())
                .unwrap_or_default();
            assert!(
                allowed_permissions.contains(&id),
                "permission {id} is wider than the app needs"
            );
        }
    }
}
