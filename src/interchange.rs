//! Reading and writing `nengbao.report/1` JSON, with errors that name the file and the field.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::AnnualReport;
use crate::text::Text;

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
        // The parser's words (field, line, column) are the same in both halves: a translation
        // around them would say it twice in the one-line form.
        Error::input(Text::same(location), Text::same(message))
    })
}

/// The bytes of a file the user handed in. A file that cannot be read is the user's input
/// problem, named with its path and the reason in both languages (one open in Excel on Windows
/// is said to be so).
pub fn read_user_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        let why = crate::error::io_text(&e);
        Error::input(
            Text::same(path.display().to_string()),
            Text::new(
                format!("无法读取文件：{}", why.zh),
                format!("cannot read file: {}", why.en),
            ),
        )
    })
}

/// Reads and parses a report file.
pub fn read_report(path: &Path) -> Result<AnnualReport> {
    let origin = path.display().to_string();
    let bytes = read_user_file(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::input(
            Text::same(origin.as_str()),
            Text::new(
                "文件不是UTF-8编码的文本：请以UTF-8编码保存后再试",
                "the file is not UTF-8 text: save it as UTF-8 and try again",
            ),
        )
    })?;
    report_from_json(&origin, text.trim_start_matches('\u{feff}'))
}

/// Pretty JSON of a report, as written by `nengbao demo` and the app.
pub fn report_to_json(report: &AnnualReport) -> Result<String> {
    serde_json::to_string_pretty(report).map_err(|e| {
        Error::input(
            Text::new("报告", "report"),
            Text::new(
                format!("无法写成JSON：{e}"),
                format!("cannot be written as JSON: {e}"),
            ),
        )
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
/// removed first rather than reused. On Windows the file is restricted to its owner before
/// anything is written to it (see [`create_private`]), and the rename keeps that ACL.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_as(path, bytes, true)
}

/// Creates a new, empty file that only its owner can read and write: 0600 on Unix from the
/// moment it exists (the mode is given to `open`, not set afterwards). Fails if anything —
/// a file or a symbolic link — is already at `path` (`create_new`, O_EXCL), since an existing
/// file would keep its own mode.
///
/// On Windows the new, still empty file is restricted to its owner with the system's `icacls`
/// (`/inheritance:r /grant:r *S-1-3-4:(F)`: inherited entries removed, one entry giving the
/// owner — the user who created it — full control). On a drive without permissions (FAT32 or
/// exFAT USB sticks, some network shares) or where `icacls` cannot run, the file keeps what it
/// inherits from its folder: this is best effort, and the key's real protection is its
/// passphrase sealing (docs/SECURITY.md, "Keys at rest").
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(windows)]
    restrict_to_owner(path);
    Ok(file)
}

/// The `icacls` arguments that leave `path` readable and writable by its owner only.
#[cfg_attr(not(windows), allow(dead_code))]
fn owner_only_acl_args(path: &Path) -> Vec<std::ffi::OsString> {
    vec![
        path.as_os_str().to_owned(),
        "/inheritance:r".into(),
        "/grant:r".into(),
        // S-1-3-4 is OWNER RIGHTS: the file's owner, whoever that account is.
        "*S-1-3-4:(F)".into(),
        "/q".into(),
    ]
}

/// Runs `%SystemRoot%\System32\icacls.exe` on `path` (no console window); true when it
/// succeeded. Failures are not errors (see [`create_private`]).
#[cfg(windows)]
fn restrict_to_owner(path: &Path) -> bool {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let icacls = std::env::var_os("SystemRoot")
        .map(|root| {
            std::path::PathBuf::from(root)
                .join("System32")
                .join("icacls.exe")
        })
        .unwrap_or_else(|| "icacls.exe".into());
    std::process::Command::new(icacls)
        .args(owner_only_acl_args(path))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .creation_flags(CREATE_NO_WINDOW)
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether a failed replace of `target` means another program has it open: a sharing or lock
/// violation, or (Windows refuses to replace a file Excel holds open with "access denied") access
/// denied on a target that exists.
fn replace_refused_in_use(e: &std::io::Error, target: &Path) -> bool {
    crate::error::is_file_in_use(e)
        || (cfg!(windows) && e.raw_os_error() == Some(5) && target.exists())
}

/// The folder of `path` and the temporary file beside it that is renamed over `path`: the same
/// folder, so the rename stays on one volume — a drive (`C:\报送\s.xlsx`), a share
/// (`\\server\报送\s.xlsx`) or a long `\\?\` path alike. A bare file name means the
/// current folder.
fn temp_beside(path: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    (dir, tmp)
}

fn write_atomic_as(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    use std::io::Write;
    let (dir, tmp) = temp_beside(path);
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
        if replace_refused_in_use(&e, path) && !crate::error::is_file_in_use(&e) {
            Error::io(shown, crate::error::file_in_use(e))
        } else {
            Error::io(shown, e)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp_name(path: &str) -> (String, String) {
        let (dir, tmp) = temp_beside(Path::new(path));
        (
            dir.display().to_string(),
            tmp.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )
    }

    #[test]
    fn the_temporary_file_sits_beside_the_target() {
        let pid = std::process::id();
        let (dir, name) = tmp_name("报送 2024/能源 报告.xlsx");
        assert_eq!(dir, "报送 2024");
        assert_eq!(name, format!(".能源 报告.xlsx.tmp-{pid}"));
        let (dir, _) = tmp_name("s.xlsx");
        assert_eq!(dir, ".");
    }

    #[cfg(windows)]
    #[test]
    fn windows_drive_share_and_long_paths_keep_their_folder() {
        let pid = std::process::id();
        let (dir, name) = tmp_name(r"C:\报送\s.xlsx");
        assert_eq!(
            (dir.as_str(), name),
            (r"C:\报送", format!(".s.xlsx.tmp-{pid}"))
        );
        let (dir, _) = tmp_name(r"\\server\报送\县\s.xlsx");
        assert_eq!(dir, r"\\server\报送\县");
        let (dir, _) = tmp_name(r"\\server\报送\s.xlsx");
        assert_eq!(dir, r"\\server\报送\");
        let long = format!(r"\\?\C:\{}\s.xlsx", "很长的文件夹名".repeat(40));
        let (dir, _) = tmp_name(&long);
        assert!(dir.starts_with(r"\\?\C:\很长"), "{dir}");
        // A drive-relative name stays on its drive.
        let (dir, _) = tmp_name(r"D:s.xlsx");
        assert_eq!(dir, "D:");
    }

    #[test]
    fn owner_only_acl_keeps_the_path_whole() {
        let p = Path::new(r"\\server\报送 文件\单位 密钥.key");
        let args = owner_only_acl_args(p);
        assert_eq!(args[0], p.as_os_str());
        assert!(args.iter().any(|a| a == "/inheritance:r"));
        assert!(args.iter().any(|a| a == "*S-1-3-4:(F)"));
    }

    #[test]
    fn atomic_writes_work_in_folders_with_chinese_names_and_spaces() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("报送 文件夹");
        std::fs::create_dir(&dir).unwrap();
        let target = dir.join("单位 密钥.key");
        write_atomic_private(&target, b"sealed").unwrap();
        write_atomic_private(&target, b"sealed again").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"sealed again");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }
}
