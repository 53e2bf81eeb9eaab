//! The catalog: every list and label the interface shows, from the core ([`nengbao::catalog`]).
//! The interface holds no copy of a list; its mock backend reads the fixture the test below
//! writes from the same core call.

use super::{rd, CmdResult};

pub use nengbao::catalog::Catalog;

#[tauri::command(async)]
pub fn catalog_get() -> CmdResult<Catalog> {
    Ok(Catalog::builtin(rd()?))
}
