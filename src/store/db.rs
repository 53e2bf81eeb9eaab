//! One SQL interface over the two places a county database can live: an embedded SQLite file
//! (the default) or a shared PostgreSQL server (`postgres://…`), so that every statement of the
//! county repository is written once.
//!
//! - Statements are written with SQLite's numbered placeholders (`?1`, `?2`); on PostgreSQL they
//!   are rewritten to `$1`, `$2` once and the prepared statement is kept per connection.
//! - Arguments are [`Arg`]s (integer, text, bytes, NULL); on PostgreSQL an integer is sent as the
//!   type the server expects at that place (BIGINT, INTEGER, SMALLINT, BOOLEAN).
//! - Rows come back as [`Row`]s of owned values, read by index with a typed [`Row::get`].
//! - Writes go through [`Db::write`], which on SQLite takes the write lock at once
//!   (`BEGIN IMMEDIATE`) and on PostgreSQL locks the audit table against other writers
//!   (`LOCK TABLE audit IN EXCLUSIVE MODE`, readers are not blocked): every write of a county
//!   appends to its hash chain, so writers of one database take turns, each seeing what the
//!   previous one committed. Savepoints nest inside ([`Db::savepoint`]).
//!
//! The enterprise workspace keeps using `rusqlite` directly; the functions it shares with the
//! county (settings, the audit log) take any [`Sql`], which both `rusqlite::Connection` and
//! [`Db`] are.

mod location;
mod server;
mod value;

pub use crate::args;
pub use location::{redact, Location};
pub use server::{pg_message, pg_placeholders, Pg, MIN_SERVER_VERSION};
pub use value::{Arg, FromVal, Row, ToArg, Val};

use super::{Result, StoreError};

/// Which backend a database is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

// ---- the interface --------------------------------------------------------------------------

/// Runs statements. Implemented by `rusqlite::Connection` (and its transactions) and by [`Db`].
pub trait Sql {
    fn backend(&self) -> Backend;
    /// Runs a statement; returns the number of rows it changed.
    fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize>;
    /// Every row a query returns.
    fn rows(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>>;
    /// The first row, if any.
    fn row(&self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Row>> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
    /// The first column of the first row, if any.
    fn value<T: FromVal>(&self, sql: &str, args: &[Arg<'_>]) -> Result<Option<T>>
    where
        Self: Sized,
    {
        match self.row(sql, args)? {
            Some(mut r) => Ok(Some(r.get(0)?)),
            None => Ok(None),
        }
    }
    /// Rows mapped by `f`.
    fn map<T>(&self, sql: &str, args: &[Arg<'_>], f: impl FnMut(Row) -> Result<T>) -> Result<Vec<T>>
    where
        Self: Sized,
    {
        self.rows(sql, args)?.into_iter().map(f).collect()
    }
}

fn lite_rows(conn: &rusqlite::Connection, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
    use rusqlite::types::ValueRef;
    let mut st = conn.prepare_cached(sql)?;
    let n = st.column_count();
    let mut q = st.query(rusqlite::params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let mut vals = Vec::with_capacity(n);
        for i in 0..n {
            vals.push(match r.get_ref(i)? {
                ValueRef::Null => Val::Null,
                ValueRef::Integer(x) => Val::Int(x),
                ValueRef::Real(x) => Val::Real(x),
                ValueRef::Text(t) => Val::Text(
                    std::str::from_utf8(t)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?
                        .to_string(),
                ),
                ValueRef::Blob(b) => Val::Blob(b.to_vec()),
            });
        }
        out.push(Row(vals));
    }
    Ok(out)
}

impl Sql for rusqlite::Connection {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }
    fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        Ok(self
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(args.iter()))?)
    }
    fn rows(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
        lite_rows(self, sql, args)
    }
}

macro_rules! sql_by_deref {
    ($($t:ty),*) => {$(
        impl Sql for $t {
            fn backend(&self) -> Backend {
                Backend::Sqlite
            }
            fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
                let conn: &rusqlite::Connection = self;
                conn.exec(sql, args)
            }
            fn rows(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
                lite_rows(self, sql, args)
            }
        }
    )*};
}
sql_by_deref!(rusqlite::Transaction<'_>, rusqlite::Savepoint<'_>);

// ---- a database on either backend -----------------------------------------------------------

/// An open database on either backend.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<Pg>),
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Db::Sqlite(_) => "Db::Sqlite",
            Db::Postgres(_) => "Db::Postgres",
        })
    }
}

impl Sql for Db {
    fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }
    fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        match self {
            Db::Sqlite(c) => c.exec(sql, args),
            Db::Postgres(p) => p.exec(sql, args),
        }
    }
    fn rows(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
        match self {
            Db::Sqlite(c) => lite_rows(c, sql, args),
            Db::Postgres(p) => p.rows(sql, args),
        }
    }
}

impl Db {
    /// The SQLite connection, when the database is a file.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(c) => Some(c),
            Db::Postgres(_) => None,
        }
    }

    /// Whether the connection to the server was lost (the server restarted, the network went
    /// away): the database must be opened again. Never for a file.
    pub fn is_closed(&self) -> bool {
        match self {
            Db::Sqlite(_) => false,
            Db::Postgres(p) => p.client.borrow().is_closed(),
        }
    }

    /// Runs statements without arguments.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Postgres(p) => p.batch(sql),
        }
    }

    /// Starts a write transaction: the database's writers take turns from here to the commit.
    pub fn write(&self) -> Result<Txn<'_>> {
        match self {
            Db::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Db::Postgres(p) => {
                p.batch("BEGIN ISOLATION LEVEL READ COMMITTED")?;
                if let Err(e) = p.batch("LOCK TABLE audit IN EXCLUSIVE MODE") {
                    let _ = p.batch("ROLLBACK");
                    return Err(e);
                }
            }
        }
        Ok(Txn {
            db: self,
            done: false,
        })
    }

    /// The same as [`Db::write`] (every transaction of a county database may write).
    pub fn transaction(&self) -> Result<Txn<'_>> {
        self.write()
    }

    /// A savepoint inside the current transaction: released on commit, rolled back when dropped.
    pub fn savepoint(&self) -> Result<Savepoint<'_>> {
        let n = match self {
            Db::Sqlite(_) => 0,
            Db::Postgres(p) => {
                let n = p.savepoints.get() + 1;
                p.savepoints.set(n);
                n
            }
        };
        let name = format!("nb_sp_{n}");
        self.batch(&format!("SAVEPOINT {name}"))?;
        Ok(Savepoint {
            db: self,
            name,
            done: false,
        })
    }
}

/// A write transaction; rolled back when dropped without [`Txn::commit`].
pub struct Txn<'a> {
    db: &'a Db,
    done: bool,
}

impl Txn<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.db.batch("COMMIT")
    }
}

impl std::ops::Deref for Txn<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Txn<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.db.batch("ROLLBACK");
        }
    }
}

/// A savepoint; rolled back when dropped without [`Savepoint::commit`].
pub struct Savepoint<'a> {
    db: &'a Db,
    name: String,
    done: bool,
}

impl Savepoint<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.db.batch(&format!("RELEASE SAVEPOINT {}", self.name))
    }
}

impl std::ops::Deref for Savepoint<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.db.batch(&format!(
                "ROLLBACK TO SAVEPOINT {0}; RELEASE SAVEPOINT {0}",
                self.name
            ));
        }
    }
}

macro_rules! sql_of_guard {
    ($($t:ty),*) => {$(
        impl Sql for $t {
            fn backend(&self) -> Backend {
                self.db.backend()
            }
            fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
                self.db.exec(sql, args)
            }
            fn rows(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
                self.db.rows(sql, args)
            }
        }
    )*};
}
sql_of_guard!(Txn<'_>, Savepoint<'_>);
