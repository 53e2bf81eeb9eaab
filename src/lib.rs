//! 能报 Nengbao — the core: domain model, reference data, calculations, storage and the
//! workspace facade. Knows nothing of the desktop shell; the CLI and the Tauri commands are
//! adapters over [`workspace::Workspace`].

pub mod calc;
pub mod carbon;
pub mod catalog;
pub mod clock;
pub mod codes;
pub mod county;
pub mod demo;
pub mod error;
pub mod interchange;
pub mod keycard;
pub mod ledger;
pub mod model;
pub mod pack;
pub mod print;
pub mod refdata;
pub mod sign;
pub mod store;
pub mod text;
pub mod validate;
pub mod workspace;
pub mod xlsx;

pub use error::{Error, ErrorCode, Result};
pub use workspace::Workspace;

/// The application version, as recorded in submissions.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
