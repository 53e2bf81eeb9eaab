//! File dialogs and "reveal in folder": they run in the shell, so the page needs no plugin permission.

use super::{system, CmdResult};

#[tauri::command(async)]
pub fn folder_reveal(path: String) -> CmdResult<()> {
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(system)
}

/// Asks for a file (or folder) to open. Runs in the shell, so the page needs no file access.
#[tauri::command(async)]
pub fn dialog_open<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    title: String,
    extensions: Vec<String>,
    directory: bool,
    multiple: bool,
) -> CmdResult<Vec<String>> {
    use tauri_plugin_dialog::DialogExt;
    let mut d = app.dialog().file().set_title(&title);
    if !extensions.is_empty() {
        let ext: Vec<&str> = extensions.iter().map(String::as_str).collect();
        d = d.add_filter(&title, &ext);
    }
    let picked: Vec<tauri_plugin_dialog::FilePath> = if directory {
        d.blocking_pick_folder().into_iter().collect()
    } else if multiple {
        d.blocking_pick_files().unwrap_or_default()
    } else {
        d.blocking_pick_file().into_iter().collect()
    };
    Ok(picked.into_iter().map(|p| p.to_string()).collect())
}

/// Asks where to save a file.
#[tauri::command(async)]
pub fn dialog_save<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    title: String,
    default_name: String,
) -> CmdResult<Option<String>> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let mut d = app.dialog().file().set_title(&title);
    // A full default path opens its folder; a bare name opens the documents folder.
    let default = std::path::Path::new(&default_name);
    match (default.parent(), default.file_name()) {
        (Some(dir), Some(name)) if dir.is_dir() => {
            d = d
                .set_directory(dir)
                .set_file_name(name.to_string_lossy().as_ref());
        }
        (_, name) => {
            if let Ok(dir) = app.path().document_dir() {
                d = d.set_directory(dir);
            }
            let name = name.map(|n| n.to_string_lossy().into_owned());
            d = d.set_file_name(name.as_deref().unwrap_or(&default_name));
        }
    }
    Ok(d.blocking_save_file().map(|p| p.to_string()))
}
