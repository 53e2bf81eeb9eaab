#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
//! 能报 desktop shell: Tauri commands as thin adapters over the `nengbao` core.
//!
//! The state holds the open enterprise workspace (opened once at start-up), the county workspace
//! (opened on first use) and the core's settings file (mode, language, pack, actor, key path,
//! county server; the check limits are in the workspace). Long jobs report progress through
//! `tauri::ipc::Channel`. File dialogs run on the Rust side, so the page holds no file or
//! dialog permission of its own.
//!
//! Closing the window first asks the page to save what is pending ([`CloseGuard`]): the close is
//! held, the page is told ([`CLOSE_EVENT`]) and answers through `app_close_answer`; a page that
//! does not answer within [`CLOSE_TIMEOUT`] does not keep the window open.

pub mod commands;
#[cfg(test)]
mod typescript;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use nengbao::county::County;
use nengbao::workspace::SystemClock;
use nengbao::Workspace;
use tauri::Manager;

/// User settings: the core's one typed value (defaults and validation there).
pub use nengbao::workspace::Settings;
use nengbao::workspace::SettingsFile;

/// Everything the commands share. Locks are taken in the order workspace, county, settings, and
/// the settings lock is never held while another is taken.
pub struct AppState {
    pub workspace: Mutex<Option<Workspace>>,
    pub county: Mutex<Option<County>>,
    /// The installation's settings file (the core's [`SettingsFile`]; the check limits are in
    /// the workspace).
    pub settings: Mutex<SettingsFile>,
    pub workspace_path: PathBuf,
    pub county_path: PathBuf,
    /// The cancel flag of the county import in progress, if any.
    pub import_cancel: Mutex<Option<std::sync::Arc<std::sync::atomic::AtomicBool>>>,
}

impl AppState {
    /// Where the county workspace is: the office's shared server when the settings name one,
    /// else the file in the app data folder.
    pub fn county_location(&self) -> nengbao::store::Location {
        match self.settings.lock() {
            Ok(s) => s.county_location(&self.county_path),
            Err(_) => nengbao::store::Location::File(self.county_path.clone()),
        }
    }

    /// Whether the county workspace can be opened: the file exists, or a server is named.
    pub fn county_exists(&self) -> bool {
        match self.county_location() {
            nengbao::store::Location::File(p) => p.is_file(),
            nengbao::store::Location::Postgres(_) => true,
        }
    }

    /// Who is editing, as the settings say (the OS user until the user typed a name).
    pub fn actor(&self) -> String {
        let typed = self
            .settings
            .lock()
            .map(|s| s.actor().trim().to_string())
            .unwrap_or_default();
        if typed.is_empty() {
            nengbao::workspace::default_actor()
        } else {
            typed
        }
    }

    /// Opens the enterprise workspace at the state's path with the settings' actor.
    pub fn open_workspace(&self) -> nengbao::Result<Workspace> {
        let mut ws = Workspace::open(&self.workspace_path, Box::new(SystemClock))?;
        ws.set_actor(&self.actor());
        Ok(ws)
    }

    /// State over files in `dir` (the app data folder, or a test's temporary one): the settings
    /// file, and the enterprise workspace at `workspace_path`, opened once — the demo loaded into
    /// an empty one when asked (`NENGBAO_DEMO`), settings of an earlier version moved into it,
    /// and today's daily backup made.
    pub fn in_dir(dir: &Path, workspace_path: PathBuf) -> nengbao::Result<Self> {
        let mut settings = SettingsFile::open(&dir.join(SettingsFile::NAME))?;
        if let Some(aside) = settings.set_aside() {
            eprintln!(
                "nengbao-app: the settings file could not be read; kept as {} and the defaults used",
                aside.display()
            );
        }
        let mut ws = open_workspace(&workspace_path)?;
        ws.settings_adopt(&mut settings)?;
        // A failed backup must not stop the app.
        daily_backup_report(&workspace_path, ws.backup_daily());
        if std::env::var_os("NENGBAO_DEMO").is_some() {
            // `make run` opens the demo straight in enterprise mode.
            settings.default_mode("enterprise");
        }
        Ok(AppState {
            workspace: Mutex::new(Some(ws)),
            county: Mutex::new(None),
            settings: Mutex::new(settings),
            county_path: dir.join(if cfg!(debug_assertions) {
                "county-dev.db"
            } else {
                "county.db"
            }),
            workspace_path,
            import_cancel: Mutex::new(None),
        })
    }
}

/// The event the page receives when the window is asked to close (payload: the request number).
pub const CLOSE_EVENT: &str = "app-close-requested";

/// How long a close waits for the page's answer before the window closes anyway.
pub const CLOSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Holds a window close until the page has saved its pending edits (or the user chose to close
/// without them), so an edit typed a moment before closing is not lost.
#[derive(Debug, Default)]
pub struct CloseGuard {
    state: Mutex<CloseState>,
}

#[derive(Debug, Default)]
struct CloseState {
    /// Number of the last close request.
    last: u64,
    /// The request waiting for the page's answer.
    pending: Option<u64>,
    /// The page agreed (or did not answer in time): the next close goes through.
    confirmed: bool,
}

impl CloseGuard {
    fn with<T>(&self, f: impl FnOnce(&mut CloseState) -> T) -> T {
        // A poisoned lock only means a panic elsewhere; the state is still meaningful.
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut s)
    }

    /// A close request: `None` when the close may go ahead, else the number of the request the
    /// page is asked about (the close is held meanwhile).
    pub fn request(&self) -> Option<u64> {
        self.with(|s| {
            if s.confirmed {
                return None;
            }
            s.last += 1;
            s.pending = Some(s.last);
            Some(s.last)
        })
    }

    /// The page's answer: `true` when everything is saved (or the user chose to close anyway),
    /// `false` when the page keeps the window open to ask the user. Returns whether to close now.
    pub fn answer(&self, close: bool) -> bool {
        self.with(|s| {
            s.pending = None;
            s.confirmed |= close;
            close
        })
    }

    /// Called [`CLOSE_TIMEOUT`] after request `n`: true (close now) when the page never answered.
    pub fn expired(&self, n: u64) -> bool {
        self.with(|s| {
            if s.pending == Some(n) {
                s.pending = None;
                s.confirmed = true;
                true
            } else {
                false
            }
        })
    }
}

/// A close of the window: held while the page saves, unless the page already agreed.
fn on_close_requested<R: tauri::Runtime>(window: &tauri::Window<R>, api: &tauri::CloseRequestApi) {
    use tauri::Emitter;
    let Some(guard) = window.try_state::<CloseGuard>() else {
        return;
    };
    let Some(n) = guard.request() else {
        return;
    };
    api.prevent_close();
    if window.emit(CLOSE_EVENT, n).is_err() {
        // Nobody to ask.
        guard.expired(n);
        let _ = window.destroy();
        return;
    }
    let window = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(CLOSE_TIMEOUT);
        if window.state::<CloseGuard>().expired(n) {
            eprintln!("nengbao-app: the page did not answer the close request; closing");
            let _ = window.destroy();
        }
    });
}

/// When the process started, for the time-to-interactive measurement.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Memory of this process and its children (WebKit's web and network processes): one line per
/// process with its resident (RSS) and proportional (PSS, shared pages divided among their
/// users) size in KiB, then the totals. PSS is the figure that adds up across processes.
fn tree_memory() -> String {
    fn field(pid: u32, file: &str, key: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(key))
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
    let (mut rss, mut pss, mut out) = (0, 0, String::new());
    let mut stack = vec![std::process::id()];
    while let Some(p) = stack.pop() {
        let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
        let (r, s) = (
            field(p, "status", "VmRSS:"),
            field(p, "smaps_rollup", "Pss:"),
        );
        out.push_str(&format!(
            "process {} rss_kib {r} pss_kib {s}\n",
            name.trim()
        ));
        (rss, pss) = (rss + r, pss + s);
        stack.extend(children(p));
    }
    out.push_str(&format!("idle_rss_kib {rss}\nidle_pss_kib {pss}"));
    out
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
        println!("{}", tree_memory());
        app.exit(0);
    });
}

/// Registers the plugins and commands on a builder (generic so tests can use the mock runtime).
pub fn configure<R: tauri::Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::*;
    b.plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(CloseGuard::default())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                on_close_requested(window, api);
            }
        })
        .invoke_handler(tauri::generate_handler![
            app_ready,
            app_close_answer,
            documents_dir,
            app_info,
            app_mode_set,
            settings_set,
            demo_load,
            catalog_get,
            pack_get,
            report_list,
            report_get,
            report_new,
            report_save,
            enterprise_recode,
            enterprise_archive,
            report_check,
            report_compute,
            report_versions,
            report_version_get,
            ledger_summary,
            evidence_add,
            submission_export,
            submission_verify,
            commands::print::print_preview,
            commands::print::print_save,
            xlsx_import,
            template_save,
            folder_reveal,
            dialog_open,
            dialog_save,
            key_create,
            key_show,
            key_card,
            key_card_save,
            key_cards_read,
            key_passwd,
            backup_now,
            backup_restore,
            county_info,
            county_init,
            county_import,
            county_import_cancel,
            county_reprocess,
            county_import_runs,
            county_import_log,
            commands::print::county_find,
            county_files,
            county_roster_import,
            county_roster,
            county_keys,
            county_key_trust,
            county_key_reject,
            county_key_register,
            county_totals,
            county_target_set,
            county_submission,
            county_diff,
            county_summary_save,
            county_summary_sign,
            county_offices,
            county_office_totals,
            county_office_findings,
            county_office_keys,
            county_office_trust,
            county_office_reject,
            intake_live::county_change_stamp,
        ])
}

/// The workspace file: `NENGBAO_DB` if set, else the app data dir (a separate file for dev builds).
fn workspace_path(dir: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("NENGBAO_DB") {
        return PathBuf::from(p);
    }
    dir.join(if cfg!(debug_assertions) {
        "workspace-dev.db"
    } else {
        "workspace.db"
    })
}

/// Opens the enterprise workspace, loading the demo enterprise into an empty one when asked
/// (`NENGBAO_DEMO=1`, as `make run` does).
pub fn open_workspace(path: &Path) -> nengbao::Result<Workspace> {
    let mut ws = Workspace::open(path, Box::new(SystemClock))?;
    if std::env::var_os("NENGBAO_DEMO").is_some() && ws.report_list(None)?.is_empty() {
        ws.demo_load()?;
    }
    Ok(ws)
}

/// Reports a failed daily backup on stderr: a failure must not stop the app or the open.
pub(crate) fn daily_backup_report(db: &Path, result: nengbao::Result<Option<PathBuf>>) {
    if let Err(e) = result {
        eprintln!("nengbao-app: daily backup of {} failed: {e}", db.display());
    }
}

/// Starts the desktop app.
pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    // WebKitGTK's accelerated compositing costs ~90 MB in the web process for pages that are
    // forms and tables; off by default on Linux (measured in docs/PERFORMANCE.md), overridable.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let result = configure(tauri::Builder::default())
        .setup(|app| {
            // `--data=DIR` (end-to-end tests), then NENGBAO_DATA, then the platform's app data folder.
            let arg = std::env::args().find_map(|a| a.strip_prefix("--data=").map(PathBuf::from));
            let dir = match arg.or_else(|| std::env::var_os("NENGBAO_DATA").map(PathBuf::from)) {
                Some(d) => d,
                None => app.path().app_data_dir()?,
            };
            std::fs::create_dir_all(&dir)?;
            let state = AppState::in_dir(&dir, workspace_path(&dir))?;
            app.manage(state);
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
    mod carbon;
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;

    fn app() -> (tauri::App<tauri::test::MockRuntime>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::in_dir(dir.path(), dir.path().join("w.db")).unwrap();
        let app = configure(mock_builder())
            .manage(state)
            .build(mock_context(noop_assets()))
            .unwrap();
        (app, dir)
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

    fn window(
        app: &tauri::App<tauri::test::MockRuntime>,
    ) -> tauri::WebviewWindow<tauri::test::MockRuntime> {
        tauri::WebviewWindowBuilder::new(app, "main", Default::default())
            .build()
            .unwrap()
    }

    #[test]
    fn first_run_chooses_a_mode_loads_the_demo_and_checks_it() {
        let (app, _dir) = app();
        let wv = window(&app);
        let info = invoke(&wv, "app_info", serde_json::json!({})).unwrap();
        assert!(info["mode"].is_null(), "first run: no mode yet");
        let info = invoke(
            &wv,
            "app_mode_set",
            serde_json::json!({"mode": "enterprise"}),
        )
        .unwrap();
        assert_eq!(info["mode"], "enterprise");
        let list = invoke(&wv, "demo_load", serde_json::json!({})).unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2);
        let report = invoke(
            &wv,
            "report_get",
            serde_json::json!({"uscc": nengbao::demo::DEMO_USCC, "year": 2024}),
        )
        .unwrap();
        let checked = invoke(
            &wv,
            "report_check",
            serde_json::json!({"report": report, "pack": "national"}),
        )
        .unwrap();
        assert_eq!(
            checked["computed"]["comprehensive_energy_tce"],
            "107449.1760"
        );
        assert_eq!(checked["outcome"]["summary"]["errors"], 0);
        // An out-of-range coefficient is a located warning.
        let mut bad = report.clone();
        bad["energy"][2]["factor"] = serde_json::json!("13.9");
        let checked = invoke(
            &wv,
            "report_check",
            serde_json::json!({"report": bad, "pack": "national"}),
        )
        .unwrap();
        let f = checked["outcome"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "EN011")
            .unwrap()
            .clone();
        assert_eq!(f["location"]["cell"], "M8");
    }

    /// Earlier versions kept every setting in config.json and the check limits in the workspace
    /// too; the first start of this version must show the user's settings unchanged.
    #[test]
    fn settings_of_an_earlier_version_survive_the_first_start_and_are_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        let db = dir.path().join("w.db");
        std::fs::write(
            &config,
            serde_json::json!({
                "mode": "enterprise",
                "settings": {"language": "en", "pack": "national", "yoy_threshold_pct": "25",
                    "min_justification_chars": "9", "actor": "王会计", "key_path": "/k/a.key",
                    "county_server": ""}
            })
            .to_string(),
        )
        .unwrap();
        let mut ws = Workspace::open(&db, Box::new(SystemClock)).unwrap();
        ws.setting_set("yoy_threshold_pct", "25").unwrap();
        drop(ws);

        let start = || {
            let state = AppState::in_dir(dir.path(), db.clone()).unwrap();
            let app = configure(mock_builder())
                .manage(state)
                .build(mock_context(noop_assets()))
                .unwrap();
            let wv = window(&app);
            (app, wv)
        };
        let (app, wv) = start();
        let info = invoke(&wv, "app_info", serde_json::json!({})).unwrap();
        assert_eq!(info["mode"], "enterprise");
        let s = &info["settings"];
        assert_eq!(
            (
                s["language"].as_str(),
                s["yoy_threshold_pct"].as_str(),
                s["min_justification_chars"].as_str()
            ),
            (Some("en"), Some("25"), Some("9")),
            "{s}"
        );
        assert_eq!(
            (s["actor"].as_str(), s["key_path"].as_str()),
            (Some("王会计"), Some("/k/a.key"))
        );
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
        assert!(
            file["settings"].get("min_justification_chars").is_none(),
            "moved into the workspace: {file}"
        );

        // Saving again keeps each key in its one place.
        let mut next = s.clone();
        next["min_justification_chars"] = "12".into();
        next["language"] = "zh-CN".into();
        invoke(&wv, "settings_set", serde_json::json!({"settings": next})).unwrap();
        let bad = invoke(
            &wv,
            "settings_set",
            serde_json::json!({"settings": {"yoy_threshold_pct": "-3"}}),
        )
        .unwrap_err();
        assert_eq!(bad["code"], "invalid_input", "{bad}");
        drop((wv, app));
        let (_app, wv) = start();
        let info = invoke(&wv, "app_info", serde_json::json!({})).unwrap();
        assert_eq!(info["settings"], next, "after a restart");
    }

    #[test]
    fn a_backup_made_now_restores_and_both_are_stamped_alike() {
        let (app, dir) = app();
        let wv = window(&app);
        invoke(&wv, "demo_load", serde_json::json!({})).unwrap();
        let made = invoke(&wv, "backup_now", serde_json::json!({})).unwrap();
        let made = std::path::PathBuf::from(made.as_str().unwrap());
        assert_eq!(made.parent().unwrap(), dir.path().join("backups"));
        let stamp = |name: &str, prefix: &str, suffix: &str| {
            let s = name
                .strip_prefix(prefix)
                .and_then(|r| r.strip_suffix(suffix))
                .unwrap_or("");
            assert!(
                s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit()),
                "{name}"
            );
        };
        stamp(
            made.file_name().unwrap().to_str().unwrap(),
            "workspace-manual-",
            ".db",
        );
        let kept = invoke(&wv, "backup_restore", serde_json::json!({"from": made})).unwrap();
        let kept = std::path::PathBuf::from(kept.as_str().unwrap());
        stamp(
            kept.file_name().unwrap().to_str().unwrap(),
            "w.db.before-restore-",
            "",
        );
        let list = invoke(&wv, "report_list", serde_json::json!({})).unwrap();
        assert_eq!(
            list.as_array().unwrap().len(),
            2,
            "the restored workspace is open again"
        );
    }

    #[test]
    fn a_close_waits_for_the_page_and_a_silent_page_does_not_keep_the_window() {
        let g = CloseGuard::default();
        let first = g.request().expect("the first close is held");
        // The page asks the user first: the window stays, and the timer does not close it.
        assert!(!g.answer(false));
        assert!(!g.expired(first));
        // Asked again; the page has saved: the window closes and later requests go through.
        let second = g.request().expect("held again");
        assert_ne!(first, second);
        assert!(g.answer(true));
        assert_eq!(g.request(), None);
        assert!(!g.expired(second));

        // A page that never answers: the timer closes the window.
        let g = CloseGuard::default();
        let n = g.request().unwrap();
        assert!(g.expired(n));
        assert_eq!(g.request(), None, "the close then goes through");
    }

    #[test]
    fn the_documents_folder_is_offered_for_saving() {
        let (app, _dir) = app();
        let wv = window(&app);
        let dir = invoke(&wv, "documents_dir", serde_json::json!({})).unwrap();
        assert!(!dir.as_str().unwrap().is_empty(), "{dir}");
        // The answer to a close request is a command of the app's own (no window permission).
        invoke(&wv, "app_close_answer", serde_json::json!({"close": false})).unwrap();
    }

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let (app, _dir) = app();
        let wv = window(&app);
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
        let err = invoke(&wv, "county_totals", serde_json::json!({"year": 2024})).unwrap_err();
        assert_eq!(err["code"], "not_found", "no county workspace yet: {err}");
    }

    #[test]
    fn export_signs_and_the_file_verifies() {
        let (app, dir) = app();
        let wv = window(&app);
        invoke(&wv, "demo_load", serde_json::json!({})).unwrap();
        let key = dir.path().join("k.key");
        let k = invoke(
            &wv,
            "key_create",
            serde_json::json!({"path": key, "passphrase": "correct-horse"}),
        )
        .unwrap();
        let out = dir.path().join("s.xlsx");
        let e = invoke(
            &wv,
            "submission_export",
            serde_json::json!({"uscc": nengbao::demo::DEMO_USCC, "year": 2024, "pack": "national", "out": out, "draft": false, "keyPath": key, "passphrase": "correct-horse"}),
        )
        .unwrap();
        assert_eq!(e["signed"], true);
        assert_eq!(e["fingerprint"], k["fingerprint"]);
        let v = invoke(&wv, "submission_verify", serde_json::json!({"path": out})).unwrap();
        assert_eq!(v["status"], "valid");
        let err = invoke(
            &wv,
            "submission_export",
            serde_json::json!({"uscc": nengbao::demo::DEMO_USCC, "year": 2024, "pack": "national", "out": out, "draft": false, "keyPath": key, "passphrase": "wrong-one"}),
        )
        .unwrap_err();
        assert_eq!(
            err["code"], "wrong_passphrase",
            "the UI branches on the code: {err}"
        );
    }
}
