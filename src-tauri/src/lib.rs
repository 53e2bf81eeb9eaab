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

/// Registers the commands on a builder (generic so tests can use the mock runtime).
pub fn configure<R: tauri::Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    b.invoke_handler(tauri::generate_handler![
        report_list,
        report_get,
        report_compute
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
