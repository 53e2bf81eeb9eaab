//! 演示 — the demo enterprise as a use case: loaded into the open workspace (the app's 载入演示数据)
//! or written out as a folder with its own workspace (`nengbao demo`). The demo's data — the two
//! reports and the evidence files — is `crate::demo`.

use crate::demo;

/// Loads the demo into a workspace: writes the evidence files into `files_dir`, adds them to
/// the workspace's evidence store, and saves both years (2023 frozen as filed).
pub fn load(ws: &mut crate::Workspace, files_dir: &std::path::Path) -> crate::Result<()> {
    std::fs::create_dir_all(files_dir).map_err(|e| crate::Error::io(files_dir.display(), e))?;
    for (name, kind, content) in demo::evidence_files() {
        let path = files_dir.join(name);
        crate::interchange::write_atomic(&path, content.as_bytes())?;
        ws.evidence_add(&path, kind)?;
    }
    ws.report_save(&demo::report_2023())?;
    ws.report_save(&demo::report_2024())?;
    ws.report_freeze(demo::DEMO_USCC, 2023, "已报送")?;
    Ok(())
}

/// Writes the demo into the folder `dir`: the evidence files, both years' report JSON
/// (`report-2023.json`, `report-2024.json`) and a workspace database (`workspace.db`) holding
/// them, with `years` years of history (earlier years are the 2023 report carried back, each
/// frozen as filed). Returns the files written, the database last.
pub fn write_folder(
    dir: &std::path::Path,
    years: u32,
    clock: Box<dyn crate::clock::Clock>,
) -> crate::Result<Vec<std::path::PathBuf>> {
    let evidence = dir.join("evidence");
    std::fs::create_dir_all(&evidence).map_err(|e| crate::Error::io(dir.display(), e))?;
    let db = dir.join("workspace.db");
    let mut ws = crate::Workspace::open(&db, clock)?;
    ws.set_actor("张敏");
    load(&mut ws, &evidence)?;
    let mut written = Vec::new();
    for r in [demo::report_2023(), demo::report_2024()] {
        let path = dir.join(format!("report-{}.json", r.year));
        super::files::write_report(&path, &r)?;
        ws.report_save(&r)?;
        written.push(path);
    }
    ws.report_freeze(demo::DEMO_USCC, 2023, "已报送")?;
    for back in 2..years.max(2) {
        let mut r = demo::report_2023();
        r.year = 2023 - back as i32 + 1;
        r.reduction_projects.clear();
        ws.report_save(&r)?;
        ws.report_freeze(demo::DEMO_USCC, r.year, "已报送")?;
    }
    written.push(db);
    Ok(written)
}
