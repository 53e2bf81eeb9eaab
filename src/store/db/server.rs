//! A connection to a PostgreSQL server ([`Pg`]): `?N` placeholders rewritten to `$N`, statements
//! prepared once per connection, integers sent as the type the server expects, rows read back
//! as [`Row`]s.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::location::redact;
use super::value::{Arg, Row, Val};
use super::{Backend, Sql};
use crate::store::{Result, StoreError};

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
    pub(super) client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    pub(super) savepoints: Cell<u32>,
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
}
