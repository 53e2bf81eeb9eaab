//! Intake screens that follow what other clerks record: the page polls the county workspace's
//! change stamp while an intake screen is shown (and when the window gets the focus back) and
//! reloads that screen when the stamp moved. Works the same on a file and on a shared server.

use tauri::State;

use super::{with_county, CmdResult};
use crate::AppState;

/// The workspace's change stamp (compare for equality only); `None` while there is no county
/// workspace yet, so polling never creates one.
#[tauri::command(async)]
pub fn county_change_stamp(state: State<'_, AppState>) -> CmdResult<Option<String>> {
    if !state.county_exists() {
        return Ok(None);
    }
    with_county(&state, |c| c.change_stamp()).map(Some)
}
