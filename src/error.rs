//! The core error type. Findings are not errors: validation returns them inside `Ok`.

use serde::Serialize;

use crate::calc::CalcError;
use crate::refdata::SeedError;
use crate::store::StoreError;
use crate::text::Text;

/// A small code the UI and the CLI branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// The input could not be read or parsed (CLI exit 2).
    InvalidInput,
    /// Something asked for does not exist.
    NotFound,
    /// The report still has errors or unjustified warnings, so it cannot be signed.
    NotSignable,
    /// The passphrase does not open the key file (or the file is damaged).
    WrongPassphrase,
    /// A file handed in is not a workbook this app reads, or is damaged or too large.
    UnreadableFile,
    /// The database or a file failed.
    Storage,
    /// The database belongs to a newer app.
    TooNew,
    /// A bug or broken build (seeds).
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A report or other input file that cannot be used; `location` is `file: field` when known.
    #[error("{location}: {message}")]
    Input { location: Text, message: Text },
    #[error("{0}")]
    Calc(#[from] CalcError),
    #[error("{0}")]
    NotFound(Text),
    #[error("不能签名：仍有{errors}个错误、{warnings}个未说明的警告；请先修改或说明，或导出草稿 (cannot sign: {errors} errors and {warnings} unjustified warnings remain)")]
    NotSignable { errors: usize, warnings: usize },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{path}: {}", describe_io(source))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Seed(#[from] SeedError),
    /// A key could not be opened, sealed or used.
    #[error("{0}")]
    Sign(#[from] crate::sign::SignError),
    /// A workbook that could not be read, written or matched to a template pack.
    #[error("{file}: {source}")]
    Workbook {
        file: String,
        #[source]
        source: crate::xlsx::XlsxError,
    },
    /// A template pack that does not exist.
    #[error("{0}")]
    Pack(#[from] crate::pack::PackError),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Input { .. } | Error::Calc(_) => ErrorCode::InvalidInput,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::NotSignable { .. } => ErrorCode::NotSignable,
            Error::Store(StoreError::TooNew { .. }) => ErrorCode::TooNew,
            Error::Store(_) | Error::Io { .. } => ErrorCode::Storage,
            Error::Seed(_) => ErrorCode::Internal,
            Error::Sign(crate::sign::SignError::WrongPassphrase) => ErrorCode::WrongPassphrase,
            Error::Sign(crate::sign::SignError::Crypto(_)) => ErrorCode::Internal,
            Error::Sign(_) => ErrorCode::InvalidInput,
            Error::Workbook { source, .. } => match source {
                crate::xlsx::XlsxError::NotSignable { .. } => ErrorCode::NotSignable,
                crate::xlsx::XlsxError::Read(_) | crate::xlsx::XlsxError::Unrecognized(_) => {
                    ErrorCode::UnreadableFile
                }
                crate::xlsx::XlsxError::Write(_) => ErrorCode::Storage,
                crate::xlsx::XlsxError::Layout(_) | crate::xlsx::XlsxError::Pack(_) => {
                    ErrorCode::InvalidInput
                }
            },
            Error::Pack(_) => ErrorCode::InvalidInput,
        }
    }

    /// A workbook error, naming the file.
    pub fn workbook(file: impl std::fmt::Display, source: crate::xlsx::XlsxError) -> Self {
        Error::Workbook {
            file: file.to_string(),
            source,
        }
    }

    /// Input that cannot be used, at `location` (a file, a field, a path).
    pub fn input(location: Text, message: Text) -> Self {
        Error::Input { location, message }
    }

    /// Something asked for that does not exist.
    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Error::NotFound(Text::new(zh, en))
    }

    /// The message in both languages, each half built by the variant that holds it (the
    /// `Display` form is the two joined as "中文 (English)", kept for the CLI and scripts).
    pub fn text(&self) -> Text {
        match self {
            Error::Input { location, message } => located(location, message),
            Error::Calc(e) => e.text(),
            Error::NotFound(t) => t.clone(),
            Error::NotSignable { errors, warnings } => {
                crate::xlsx::not_signable(*errors, *warnings)
            }
            Error::Store(e) => e.text(),
            Error::Io { path, source } => located(&Text::same(path.as_str()), &io_text(source)),
            Error::Seed(e) => Text::same(e.to_string()),
            Error::Sign(e) => e.text(),
            Error::Workbook { file, source } => located(&Text::same(file.as_str()), &source.text()),
            Error::Pack(e) => e.text(),
        }
    }

    pub fn io(path: impl std::fmt::Display, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_string(),
            source,
        }
    }
}

/// "location: message" in each language.
fn located(location: &Text, message: &Text) -> Text {
    Text::new(
        format!("{}: {}", location.zh, message.zh),
        format!("{}: {}", location.en, message.en),
    )
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::Sqlite(e))
    }
}

/// The wire form of an error for the app: `{code, message, detail}`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireError {
    pub code: ErrorCode,
    /// The message in the combined form (kept for scripts that read it).
    pub message: String,
    /// The message in both languages: the interface shows the half of its language.
    pub text: Text,
    pub detail: Option<String>,
}

impl WireError {
    /// An error the shell raises itself, in both languages.
    pub fn bilingual(code: ErrorCode, text: Text) -> Self {
        WireError {
            code,
            message: text.to_string(),
            text,
            detail: None,
        }
    }
}

impl From<&Error> for WireError {
    fn from(e: &Error) -> Self {
        WireError {
            code: e.code(),
            message: e.to_string(),
            text: e.text(),
            detail: std::error::Error::source(e).map(|s| s.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: another program holds the file
/// open without sharing it — typically Excel with the workbook open.
const WINDOWS_IN_USE: [i32; 2] = [32, 33];

/// Whether an OS error says another program has the file open (Windows only: on Unix nothing
/// locks a file against reading, and the same numbers mean other things).
pub fn is_file_in_use(e: &std::io::Error) -> bool {
    in_use_code(e.raw_os_error(), cfg!(windows))
}

fn in_use_code(code: Option<i32>, windows: bool) -> bool {
    windows && code.is_some_and(|c| WINDOWS_IN_USE.contains(&c))
}

/// The text for a file error, with what to do when the file is open in another program.
pub fn describe_io(e: &std::io::Error) -> String {
    io_text(e).to_string()
}

/// A file error in both languages: what to do when the file is open in another program, else
/// the system's own words (the same in both halves).
pub fn io_text(e: &std::io::Error) -> Text {
    if is_file_in_use(e) {
        in_use_text(e)
    } else {
        Text::same(e.to_string())
    }
}

/// `e` re-worded as "the file is open in another program" (same kind, the OS text kept): for an
/// error that is that on Windows but does not say so, such as a replace refused with access denied
/// while the target is open in Excel.
pub fn file_in_use(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), in_use_message(&e))
}

fn in_use_message(e: &std::io::Error) -> String {
    in_use_text(e).to_string()
}

fn in_use_text(e: &std::io::Error) -> Text {
    Text::new(
        format!(
            "文件正被其他程序使用（例如已在 Excel 中打开），请在该程序中关闭此文件后重试 [{e}]"
        ),
        "the file is open in another program such as Excel; close it there and try again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_and_lock_violations_are_in_use_only_on_windows() {
        assert!(in_use_code(Some(32), true));
        assert!(in_use_code(Some(33), true));
        assert!(!in_use_code(Some(5), true), "access denied is not 'in use'");
        assert!(!in_use_code(None, true));
        // On Linux 32 is EPIPE and 33 EDOM: never read as a locked file.
        assert!(!in_use_code(Some(32), false));
    }

    #[test]
    fn an_in_use_error_tells_what_to_do_and_keeps_the_os_text() {
        let e = std::io::Error::from_raw_os_error(32);
        let text = in_use_message(&e);
        assert!(text.contains("Excel") && text.contains("关闭此文件后重试"));
        assert!(text.contains(&e.to_string()));
        let both = in_use_text(&e);
        assert_eq!(
            both.to_string(),
            text,
            "the combined form is the two halves joined"
        );
        assert!(both.get("en").starts_with("the file is open"), "{both:?}");
        assert!(both.get("zh").contains("关闭此文件后重试"));
        let err = Error::io("C:\\报送\\s.xlsx", std::io::Error::other("x"));
        assert_eq!(err.to_string(), "C:\\报送\\s.xlsx: x");
    }

    /// Each variant builds its two halves itself: the English half is English (no Chinese
    /// before it, nothing split out of a joined string), and for the messages written in both
    /// languages the one-line form the CLI prints is still the two joined.
    #[test]
    fn every_error_carries_both_halves_from_its_source() {
        use crate::sign::SignError;
        use crate::xlsx::read::ReadError;
        use crate::xlsx::XlsxError;
        let han = |s: &str| s.chars().any(|c| matches!(c as u32, 0x4E00..=0x9FFF));
        let cases: Vec<(Error, &str)> = vec![
            (
                Error::Sign(SignError::WrongPassphrase),
                "wrong passphrase, or the key file is damaged",
            ),
            (
                Error::workbook("s.xlsx", XlsxError::Read(ReadError::Empty)),
                "s.xlsx: the file is empty",
            ),
            (
                Error::workbook(
                    "s.xlsx",
                    XlsxError::Read(ReadError::NotXlsx("文件不是zip格式".into())),
                ),
                "s.xlsx: not an xlsx workbook",
            ),
            (
                Error::NotSignable {
                    errors: 2,
                    warnings: 1,
                },
                "cannot sign: 2 errors and 1 unjustified warnings remain",
            ),
            (
                Error::Store(StoreError::WrongKind { expected: "企业" }),
                "the file is not a 企业 database",
            ),
            (
                Error::input(
                    Text::new("密钥卡", "key card"),
                    Text::new("密钥卡缺少公钥", "the card lacks the public key"),
                ),
                "key card: the card lacks the public key",
            ),
            (
                Error::not_found("没有代码为 X 的单位", "no unit has the code X"),
                "no unit has the code X",
            ),
        ];
        for (e, en) in cases {
            let t = e.text();
            assert_eq!(t.en, en, "{e}");
            assert!(han(&t.zh), "the Chinese half is Chinese: {}", t.zh);
            assert!(!t.en.starts_with(|c: char| han(&c.to_string())), "{}", t.en);
        }
        // Every signing error says it in both languages, and its one-line form is its halves
        // joined.
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for e in [
            SignError::WrongPassphrase,
            SignError::BadKeyFile("nonce".into()),
            SignError::WeakPassphrase,
            SignError::BadPublicKey,
            SignError::BadSignature,
            SignError::Crypto("scalar".into()),
            SignError::ForeignDistId("x".into()),
        ] {
            let t = e.text();
            assert!(cjk(&t.zh) && !cjk(&t.en), "{t:?}");
            assert_eq!(t.to_string(), e.to_string());
        }
        // The one-line form of a sub-error written in both languages is its halves joined.
        for e in [
            SignError::WrongPassphrase.text().to_string() == SignError::WrongPassphrase.to_string(),
            ReadError::Empty.text().to_string() == ReadError::Empty.to_string(),
            StoreError::WrongKind {
                expected: "县级工作区",
            }
            .text()
            .to_string()
                == StoreError::WrongKind {
                    expected: "县级工作区",
                }
                .to_string(),
        ] {
            assert!(e, "Display and text() agree");
        }
        // The wire form carries the halves as built, and the code the interface branches on.
        let w = WireError::from(&Error::Sign(SignError::WrongPassphrase));
        assert_eq!(w.code, ErrorCode::WrongPassphrase);
        assert_eq!(w.text.zh, "口令错误，或密钥文件已损坏");
        // An error the shell raises itself carries the halves it was given; the combined
        // message is built from them.
        let own = WireError::bilingual(
            ErrorCode::NotFound,
            Text::new("找不到文档文件夹", "no documents folder"),
        );
        assert_eq!(
            (own.text.zh.as_str(), own.text.en.as_str()),
            ("找不到文档文件夹", "no documents folder")
        );
        assert_eq!(
            own.message,
            Text::new("找不到文档文件夹", "no documents folder").to_string()
        );
    }
}
