#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
//! 能报 desktop shell: Tauri commands as thin adapters over `nengbao::Workspace`.
//!
//! Each command parses its arguments, calls one workspace method and maps the error to the wire
//! form `{code, message, detail}`. No SQL, rules or user-facing text live here.

use std::path::PathBuf;
use std::sync::Mutex;

use nengbao::calc::Computed;
use nengbao::error::WireError;
use nengbao::model::AnnualReport;
use nengbao::store::ReportSummary;
use nengbao::workspace::SystemClock;
use nengbao::Workspace;
use tauri::Manager;

/// The open workspace.
pub struct AppState {
    workspace: Mutex<Workspace>,
}

impl AppState {
    pub fn new(ws: Workspace) -> Self {
        AppState {
            workspace: Mutex::new(ws),
        }
    }
}

type CmdResult<T> = Result<T, WireError>;

fn wire(e: nengbao::Error) -> WireError {
    WireError::from(&e)
}

fn with_ws<T>(
    state: &tauri::State<'_, AppState>,
    f: impl FnOnce(&mut Workspace) -> nengbao::Result<T>,
) -> CmdResult<T> {
    let mut ws = state.workspace.lock().map_err(|_| WireError {
        code: nengbao::ErrorCode::Internal,
        message: "workspace lock poisoned".into(),
        detail: None,
    })?;
    f(&mut ws).map_err(wire)
}

/// Reports in the open workspace.
#[tauri::command(async)]
fn report_list(state: tauri::State<'_, AppState>) -> CmdResult<Vec<ReportSummary>> {
    with_ws(&state, |ws| ws.report_list(None))
}

/// One stored report.
#[tauri::command(async)]
fn report_get(
    state: tauri::State<'_, AppState>,
    uscc: String,
    year: i32,
) -> CmdResult<AnnualReport> {
    with_ws(&state, |ws| ws.report_load(&uscc, year))
}

/// Derived figures of a report as it stands (saved or not).
#[tauri::command(async)]
fn report_compute(state: tauri::State<'_, AppState>, report: AnnualReport) -> CmdResult<Computed> {
    with_ws(&state, |ws| ws.compute(&report))
}

/// When the process started, for the time-to-interactive measurement.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Resident memory of this process and its children (WebKit's web and network processes), KiB.
fn tree_rss_kib() -> u64 {
    fn rss(pid: u32) -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }
    fn children(pid: u32) -> Vec<u32> {
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .map(|s| {
                s.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }
    let mut total = 0;
    let mut stack = vec![std::process::id()];
    while let Some(p) = stack.pop() {
        total += rss(p);
        stack.extend(children(p));
    }
    total
}

/// The UI calls this once its first screen shows data. With `NENGBAO_READY_EXIT=<seconds>` the
/// app prints the time to interactive, waits that long idle, prints the memory of its process
/// tree and exits (used by `make bench`).
#[tauri::command(async)]
fn app_ready<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    let Ok(wait) = std::env::var("NENGBAO_READY_EXIT") else {
        return;
    };
    let ms = STARTED.get().map(|s| s.elapsed().as_millis()).unwrap_or(0);
    println!("ready_ms {ms}");
    let secs: u64 = wait.parse().unwrap_or(3);
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(secs));
        println!("idle_rss_kib {}", tree_rss_kib());
        app.exit(0);
    });
}

/// Registers the commands on a builder (generic so tests can use the mock runtime).
pub fn configure<R: tauri::Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    b.invoke_handler(tauri::generate_handler![
        report_list,
        report_get,
        report_compute,
        app_ready
    ])
}

/// The workspace file: `NENGBAO_DB` if set, else the app data dir (a separate file for dev builds).
fn workspace_path(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(p) = std::env::var_os("NENGBAO_DB") {
        return Ok(PathBuf::from(p));
    }
    let dir = app.path().app_data_dir()?;
    let name = if cfg!(debug_assertions) {
        "workspace-dev.db"
    } else {
        "workspace.db"
    };
    Ok(dir.join(name))
}

/// Opens the workspace, loading the demo enterprise into an empty one.
pub fn open_workspace(path: &std::path::Path) -> nengbao::Result<Workspace> {
    let mut ws = Workspace::open(path, Box::new(SystemClock))?;
    if ws.report_list(None)?.is_empty() {
        for r in [nengbao::demo::report_2023(), nengbao::demo::report_2024()] {
            ws.report_save(&r)?;
        }
    }
    Ok(ws)
}

/// Starts the desktop app.
pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let result = configure(tauri::Builder::default())
        .setup(|app| {
            let path = workspace_path(app)?;
            let mut ws = open_workspace(&path)?;
            // Daily rotating backups beside the workspace; a failure must not stop the app.
            if let Some(dir) = path.parent() {
                if let Err(e) = ws.auto_backup(&dir.join("backups"), 14) {
                    eprintln!("nengbao-app: daily backup failed: {e}");
                }
            }
            app.manage(AppState::new(ws));
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("nengbao-app: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;

    fn app() -> tauri::App<tauri::test::MockRuntime> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("nengbao-app-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let ws = open_workspace(&dir.join("w.db")).unwrap();
        configure(mock_builder())
            .manage(AppState::new(ws))
            .build(mock_context(noop_assets()))
            .unwrap()
    }

    fn invoke(
        wv: &tauri::WebviewWindow<tauri::test::MockRuntime>,
        cmd: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        let req = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(wv, req).map(|b| b.deserialize::<serde_json::Value>().unwrap())
    }

    #[test]
    fn an_empty_workspace_opens_with_the_demo_and_computes_it() {
        let app = app();
        let wv = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        let list = invoke(&wv, "report_list", serde_json::json!({})).unwrap();
        assert_eq!(
            list.as_array().unwrap().len(),
            2,
            "demo loaded into the empty workspace"
        );
        let report = invoke(
            &wv,
            "report_get",
            serde_json::json!({"uscc": nengbao::demo::DEMO_USCC, "year": 2024}),
        )
        .unwrap();
        let computed = invoke(
            &wv,
            "report_compute",
            serde_json::json!({ "report": report }),
        )
        .unwrap();
        assert_eq!(computed["comprehensive_energy_tce"], "107449.1760");
    }

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let app = app();
        let wv = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        let err = invoke(
            &wv,
            "report_get",
            serde_json::json!({"uscc": "X", "year": 1999}),
        )
        .unwrap_err();
        assert_eq!(err["code"], "not_found");
        assert!(err["message"]
            .as_str()
            .unwrap()
            .contains("no report for X in 1999"));
    }
}
