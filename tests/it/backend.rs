//! The county tests run on both backends: an SQLite file, and a PostgreSQL server when
//! NENGBAO_TEST_PG names one (`make test` starts a throw-away server, scripts/with-postgres.sh).
//! Each PostgreSQL test gets a schema of its own in that database, so tests run in parallel.
//! Without the variable the PostgreSQL half prints a SKIPPED line; with NENGBAO_REQUIRE_PG set
//! (as `make test` does) a missing server fails the test.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use nengbao::store::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The test server's URL, if any; None (with a SKIPPED line) when there is none and none is
/// required.
pub fn pg_url(test: &str) -> Option<String> {
    match std::env::var("NENGBAO_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("NENGBAO_REQUIRE_PG").is_none(),
                "NENGBAO_REQUIRE_PG is set but NENGBAO_TEST_PG is not: the PostgreSQL server did not start"
            );
            // Written to the process's stderr itself, past the test harness's capture, so the
            // line shows in a plain `cargo test` run.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test} on PostgreSQL: NENGBAO_TEST_PG is not set (`make test` starts a server; or scripts/with-postgres.sh cargo test)"
            );
            None
        }
    }
}

/// A location as the command line's `--db` takes it.
pub fn arg(loc: &Location) -> std::ffi::OsString {
    match loc {
        Location::File(p) => p.clone().into_os_string(),
        Location::Postgres(url) => url.into(),
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty place for a county database: a file in `dir`, or a new schema on the test
/// server.
pub fn fresh(b: Backend, dir: &Path) -> Location {
    match b {
        Backend::Sqlite => {
            let first = dir.join("county.db");
            Location::File(if first.exists() {
                dir.join(format!("county-{}.db", NEXT.fetch_add(1, Ordering::SeqCst)))
            } else {
                first
            })
        }
        Backend::Postgres => {
            let url = std::env::var("NENGBAO_TEST_PG").unwrap();
            let schema = format!(
                "t_{}_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos()
            );
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            client
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .unwrap();
            let sep = if url.contains('?') { '&' } else { '?' };
            Location::Postgres(format!("{url}{sep}options=-csearch_path%3D{schema}"))
        }
    }
}

/// Declares a test that runs on both backends: `mod name { fn sqlite(); fn postgres() }`.
macro_rules! on_both_backends {
    ($(#[$m:meta])* fn $name:ident($b:ident: Backend) $body:block) => {
        $(#[$m])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::backend::Backend;

            fn run($b: Backend) $body

            #[test]
            fn sqlite() {
                run(Backend::Sqlite)
            }

            #[test]
            fn postgres() {
                if $crate::backend::pg_url(module_path!()).is_some() {
                    run(Backend::Postgres)
                }
            }
        }
    };
}
