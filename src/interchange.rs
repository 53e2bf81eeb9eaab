//! Reading and writing `nengbao.report/1` JSON, with errors that name the file and the field.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::AnnualReport;

/// Parses a report from JSON text. `origin` names the source in messages (a file path).
pub fn report_from_json(origin: &str, text: &str) -> Result<AnnualReport> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        // serde_json appends " at line L column C"; keep it, it helps find the spot.
        let location = if path.is_empty() || path == "." || path == "?" {
            origin.to_string()
        } else {
            format!("{origin}: {path}")
        };
        Error::Input { location, message }
    })
}

/// Reads and parses a report file.
pub fn read_report(path: &Path) -> Result<AnnualReport> {
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::Input {
        location: origin.clone(),
        message: format!("cannot read file: {e}"),
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::Input {
        location: origin.clone(),
        message: "file is not UTF-8 text".into(),
    })?;
    report_from_json(&origin, text.trim_start_matches('\u{feff}'))
}

/// Pretty JSON of a report, as written by `nengbao demo` and the app.
pub fn report_to_json(report: &AnnualReport) -> Result<String> {
    serde_json::to_string_pretty(report).map_err(|e| Error::Input {
        location: "report".into(),
        message: e.to_string(),
    })
}

/// Writes bytes to `path` through a temporary file in the same directory, fsynced, then renamed
/// over the target, so a crash never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_as(path, bytes, false)
}

/// [`write_atomic`] for a file only its owner may read (key files): on Unix the temporary file
/// is created exclusively with mode 0600 before anything is written to it, so the bytes are never
/// readable by others, not even for a moment; a stale temporary file (or a link) at its name is
/// removed first rather than reused. On Windows the file inherits its folder's ACL.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_as(path, bytes, true)
}

/// Creates a new, empty file that only its owner can read and write: 0600 on Unix from the
/// moment it exists (the mode is given to `open`, not set afterwards). Fails if anything —
/// a file or a symbolic link — is already at `path` (`create_new`, O_EXCL), since an existing
/// file would keep its own mode. On Windows the file inherits its folder's ACL.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn write_atomic_as(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let shown = path.display().to_string();
    let result = (|| {
        let mut f = if private {
            let _ = std::fs::remove_file(&tmp);
            create_private(&tmp)?
        } else {
            std::fs::File::create(&tmp)?
        };
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(shown, e)
    })
}
