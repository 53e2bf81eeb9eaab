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

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Result, StoreError};

/// Which backend a database is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where a county database is: a file, or a PostgreSQL connection string.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl Location {
    /// A `postgres://` or `postgresql://` URL is a server; anything else is a file path.
    pub fn parse(text: &str) -> Location {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Postgres(t.to_string())
        } else {
            Location::File(PathBuf::from(text))
        }
    }

    pub fn from_path(path: &Path) -> Location {
        Location::parse(&path.to_string_lossy())
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }

    /// For messages and screens: the path, or the URL with its password hidden.
    pub fn display(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// A connection URL with the password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let masked = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    // `password=` in the query string too.
    let tail: String = match tail.split_once('?') {
        Some((path, query)) => {
            let q: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", q.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{masked}{tail}")
}

// ---- arguments ------------------------------------------------------------------------------

/// A statement argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be passed as an argument.
pub trait ToArg {
    fn to_arg(&self) -> Arg<'_>;
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg<'_> {
                Arg::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(i64, i32, u32, usize, u64, i16, u16);

impl ToArg for bool {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Int(i64::from(*self))
    }
}

impl ToArg for str {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}

impl ToArg for String {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}

impl ToArg for [u8] {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}

impl ToArg for Vec<u8> {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}

impl<T: ToArg> ToArg for Option<T> {
    fn to_arg(&self) -> Arg<'_> {
        match self {
            Some(v) => v.to_arg(),
            None => Arg::Null,
        }
    }
}

impl<'a> ToArg for Arg<'a> {
    fn to_arg(&self) -> Arg<'_> {
        *self
    }
}

/// Statement arguments: `args![a, b, c]`.
#[macro_export]
macro_rules! args {
    ($($e:expr),* $(,)?) => {
        &[$($crate::store::db::ToArg::to_arg(&$e)),*] as &[$crate::store::db::Arg<'_>]
    };
}
pub use crate::args;

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match *self {
            Arg::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Arg::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(i)),
            Arg::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Arg::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl postgres::types::ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::Type;
        match *self {
            Arg::Null => Ok(postgres::types::IsNull::Yes),
            Arg::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                _ => i.to_string().as_str().to_sql(ty, out),
            },
            Arg::Text(s) => s.to_sql(ty, out),
            Arg::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

// ---- rows -----------------------------------------------------------------------------------

/// A value read from a row.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Val {
    #[default]
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A row read by a query, its values taken by index.
#[derive(Debug, Clone)]
pub struct Row(Vec<Val>);

impl Row {
    /// The value at `i` as `T` (taken out of the row: read each index once).
    pub fn get<T: FromVal>(&mut self, i: usize) -> Result<T> {
        let v = self.0.get_mut(i).map(std::mem::take).unwrap_or_default();
        let shown = format!("{v:?}");
        T::from_val(v).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "column {i}: {} expected, found {}",
                std::any::type_name::<T>(),
                shown.chars().take(60).collect::<String>()
            ))
        })
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a value can be read as.
pub trait FromVal: Sized {
    fn from_val(v: Val) -> Option<Self>;
}

impl FromVal for i64 {
    fn from_val(v: Val) -> Option<Self> {
        match v {
            Val::Int(i) => Some(i),
            _ => None,
        }
    }
}

macro_rules! int_val {
    ($($t:ty),*) => {$(
        impl FromVal for $t {
            fn from_val(v: Val) -> Option<Self> {
                i64::from_val(v).and_then(|i| <$t>::try_from(i).ok())
            }
        }
    )*};
}
int_val!(i32, u32, usize, u64);

impl FromVal for bool {
    fn from_val(v: Val) -> Option<Self> {
        i64::from_val(v).map(|i| i != 0)
    }
}

impl FromVal for String {
    fn from_val(v: Val) -> Option<Self> {
        match v {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl FromVal for Vec<u8> {
    fn from_val(v: Val) -> Option<Self> {
        match v {
            Val::Blob(b) => Some(b),
            Val::Text(s) => Some(s.into_bytes()),
            _ => None,
        }
    }
}

impl<T: FromVal> FromVal for Option<T> {
    fn from_val(v: Val) -> Option<Self> {
        match v {
            Val::Null => Some(None),
            v => T::from_val(v).map(Some),
        }
    }
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

// ---- PostgreSQL -----------------------------------------------------------------------------

/// Rewrites `?N` placeholders to `$N`, leaving quoted text and comments alone.
pub fn pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' if chars.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

/// A PostgreSQL connection with its prepared statements.
pub struct Pg {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    savepoints: Cell<u32>,
}

impl Pg {
    pub fn connect(url: &str) -> Result<Pg> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::Connect(format!("{}：{e}", redact(url))))?;
        if config.get_application_name().is_none() {
            config.application_name("nengbao");
        }
        if config.get_password().is_none() {
            if let Ok(p) = std::env::var("PGPASSWORD") {
                config.password(p);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        let mut client = config
            .connect(postgres::NoTls)
            .map_err(|e| StoreError::Connect(format!("{}：{}", redact(url), pg_message(&e))))?;
        let version: i64 = client
            .query_one(
                "SELECT CAST(current_setting('server_version_num') AS BIGINT)",
                &[],
            )?
            .try_get(0)?;
        if version < MIN_SERVER_VERSION_NUM {
            return Err(StoreError::Connect(format!(
                "{}：服务器版本过低（server_version_num {version}），需要 PostgreSQL {MIN_SERVER_VERSION} 或更高 (PostgreSQL {MIN_SERVER_VERSION} or later is required)",
                redact(url)
            )));
        }
        Ok(Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            savepoints: Cell::new(0),
        })
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let st = self
            .client
            .borrow_mut()
            .prepare(&pg_placeholders(sql))
            .map_err(|e| StoreError::Postgres(pg_message(&e), e))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), st.clone());
        Ok(st)
    }

    /// Runs statements without arguments (migrations, transaction control).
    pub fn batch(&self, sql: &str) -> Result<()> {
        self.client
            .borrow_mut()
            .batch_execute(sql)
            .map_err(|e| StoreError::Postgres(pg_message(&e), e))
    }
}

/// The oldest server this build runs on: INSERT … ON CONFLICT, window functions, RETURNING.
pub const MIN_SERVER_VERSION: &str = "10";
const MIN_SERVER_VERSION_NUM: i64 = 100_000;

/// The server's message with its detail and SQLSTATE, for the clerk and the log.
pub fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut m = format!("{} ({})", db.message(), db.code().code());
            if let Some(d) = db.detail() {
                m.push_str(&format!("; {d}"));
            }
            m
        }
        None => e.to_string(),
    }
}

fn pg_params<'a>(args: &'a [Arg<'a>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    args.iter()
        .map(|a| a as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

fn pg_row(r: &postgres::Row) -> Result<Row> {
    use postgres::types::Type;
    let mut vals = Vec::with_capacity(r.len());
    for (i, c) in r.columns().iter().enumerate() {
        let ty = c.type_();
        let v = match *ty {
            Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(Val::Int),
            Type::INT4 => r.try_get::<_, Option<i32>>(i)?.map(|x| Val::Int(x.into())),
            Type::INT2 => r.try_get::<_, Option<i16>>(i)?.map(|x| Val::Int(x.into())),
            Type::BOOL => r.try_get::<_, Option<bool>>(i)?.map(|x| Val::Int(x.into())),
            Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map(Val::Real),
            Type::FLOAT4 => r.try_get::<_, Option<f32>>(i)?.map(|x| Val::Real(x.into())),
            Type::BYTEA => r.try_get::<_, Option<Vec<u8>>>(i)?.map(Val::Blob),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                r.try_get::<_, Option<String>>(i)?.map(Val::Text)
            }
            _ => {
                return Err(StoreError::Corrupt(format!(
                "column {} has type {ty}, which the county does not read (cast it in the query)",
                c.name()
            )))
            }
        };
        vals.push(v.unwrap_or(Val::Null));
    }
    Ok(Row(vals))
}

impl Sql for Pg {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }
    fn exec(&self, sql: &str, args: &[Arg<'_>]) -> Result<usize> {
        let st = self.statement(sql)?;
        let n = self
            .client
            .borrow_mut()
            .execute(&st, &pg_params(args))
            .map_err(|e| StoreError::Postgres(pg_message(&e), e))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
    fn rows(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
        let st = self.statement(sql)?;
        let rows = self
            .client
            .borrow_mut()
            .query(&st, &pg_params(args))
            .map_err(|e| StoreError::Postgres(pg_message(&e), e))?;
        rows.iter().map(pg_row).collect()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_outside_quotes_and_comments() {
        assert_eq!(
            pg_placeholders("SELECT '?1', \"a?2\" FROM t WHERE a = ?1 -- ?3\nAND b = ?12"),
            "SELECT '?1', \"a?2\" FROM t WHERE a = $1 -- ?3\nAND b = $12"
        );
    }

    #[test]
    fn locations_tell_servers_from_files_and_hide_passwords() {
        assert!(Location::parse("postgresql://u:secret@h:5432/c").is_postgres());
        assert!(Location::parse(" POSTGRES://h/c").is_postgres());
        assert!(!Location::parse("county.db").is_postgres());
        assert_eq!(
            Location::parse("postgres://clerk:secret@10.0.0.5/county?password=x&sslmode=disable")
                .display(),
            "postgres://clerk:***@10.0.0.5/county?password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://h/c"), "postgres://h/c");
    }
}
