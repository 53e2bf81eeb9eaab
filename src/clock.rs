//! When and who: the clock every record is stamped with (China Standard Time; tests pass a fixed
//! one) and the user recorded as acting until they type their name. Below every use case, so the
//! county, the key card and the demo read time the same way without importing the workspace.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

pub use crate::model::cst;

/// Where time comes from. Tests pass a fixed clock; the app and CLI use the system clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The system clock, in China Standard Time (UTC+8), the zone every filing date is read in.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Utc::now().with_timezone(&cst())
    }
}

/// A clock that always answers the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<FixedOffset>);

impl FixedClock {
    /// Midnight CST on the given day; falls back to the Unix epoch for an impossible date.
    pub fn at(y: i32, m: u32, d: u32) -> Self {
        FixedClock(
            cst()
                .with_ymd_and_hms(y, m, d, 9, 0, 0)
                .single()
                .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH.with_timezone(&cst())),
        )
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

/// The OS user name, until the user types theirs.
pub fn default_actor() -> String {
    std::env::var("NENGBAO_ACTOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
