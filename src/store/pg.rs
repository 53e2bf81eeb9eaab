//! Opening a database of a [`Kind`] at a [`Location`], and the schema on PostgreSQL.
//!
//! On PostgreSQL the schema is the same list of migrations as on SQLite, each applied once and
//! recorded in `nengbao_schema` (one row per applied migration with the kind's application id:
//! there is no `PRAGMA user_version` or `application_id`). A migration runs as PostgreSQL's
//! own file under `migrations/<kind>/pg/` when there is one (written where SQLite's differs:
//! triggers, forward references), otherwise as the SQLite file translated by [`translate`]
//! (column types: `INTEGER PRIMARY KEY` → `BIGSERIAL PRIMARY KEY`, `INTEGER` → `BIGINT`,
//! `BLOB` → `BYTEA`, `TEXT` → `TEXT COLLATE "C"` so text sorts by code point as on SQLite).
//! A migration that copies rows with their ids into a new table needs its own file (the
//! sequence behind the id must follow).

use super::db::{Db, Location, Pg, Sql};
use super::{Kind, Result, StoreError};
use crate::args;

/// PostgreSQL's own text of a migration, where the SQLite text cannot be translated.
const OVERRIDES: &[(&str, &str)] = &[(
    "0001_county",
    include_str!("migrations/county/pg/0001_county.sql"),
)];

/// Opens (creating the schema if needed) a database of `kind` at `location`.
pub fn open(location: &Location, kind: Kind) -> Result<Db> {
    match location {
        Location::File(path) => Ok(Db::Sqlite(super::open_kind(path, kind)?)),
        Location::Postgres(url) => {
            let pg = Pg::connect(url)?;
            migrate(&pg, kind)?;
            Ok(Db::Postgres(Box::new(pg)))
        }
    }
}

/// The SQL a migration runs on PostgreSQL.
pub fn migration_sql(name: &str, sqlite: &str) -> String {
    OVERRIDES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, sql)| sql.to_string())
        .unwrap_or_else(|| translate(sqlite))
}

/// Translates the column types of a SQLite migration to PostgreSQL's. Only column definitions
/// change: a line that starts with a lowercase column name followed by a type, and
/// `ADD COLUMN name TYPE`; everything else (statements, comments) is kept as written.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 256);
    for line in sql.split_inclusive('\n') {
        out.push_str(&translate_line(line));
    }
    out
}

fn translate_line(line: &str) -> String {
    // Column definition: `    name   TYPE rest` inside CREATE TABLE.
    let indent_len = line.len() - line.trim_start().len();
    let (indent, body) = line.split_at(indent_len);
    let (code, comment) = match body.find("--") {
        Some(i) => body.split_at(i),
        None => (body, ""),
    };
    if let Some(pos) = code.find("ADD COLUMN ") {
        let (head, rest) = code.split_at(pos + "ADD COLUMN ".len());
        return format!(
            "{indent}{head}{}{comment}",
            column(rest).unwrap_or(rest.into())
        );
    }
    if indent.is_empty() {
        return line.to_string();
    }
    match column(code) {
        Some(c) => format!("{indent}{c}{comment}"),
        None => line.to_string(),
    }
}

/// `name TYPE rest` with the type translated, or None when `text` is no column definition.
fn column(text: &str) -> Option<String> {
    let name_end = text.find(|c: char| c.is_whitespace())?;
    let (name, rest) = text.split_at(name_end);
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || !name.starts_with(|c: char| c.is_ascii_lowercase())
    {
        return None;
    }
    let gap_len = rest.len() - rest.trim_start().len();
    let (gap, rest) = rest.split_at(gap_len);
    let type_end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let (ty, tail) = rest.split_at(type_end);
    let pg = match ty {
        "INTEGER" if tail.trim_start().starts_with("PRIMARY KEY") => "BIGSERIAL",
        "INTEGER" => "BIGINT",
        "BLOB" => "BYTEA",
        "TEXT" => "TEXT COLLATE \"C\"",
        "REAL" => "DOUBLE PRECISION",
        _ => return None,
    };
    Some(format!("{name}{gap}{pg}{tail}"))
}

/// Applies pending migrations of `kind`, each in its own transaction, refusing a database of
/// another kind or of a newer schema. Clerks opening the database at the same time wait for
/// each other.
pub fn migrate(pg: &Pg, kind: Kind) -> Result<()> {
    match migrate_once(pg, kind) {
        // Two first openings at once race to create the version table: the loser, refused by
        // the catalog, finds it made on its second try.
        Err(StoreError::Postgres(..)) => migrate_once(pg, kind),
        r => r,
    }
}

fn migrate_once(pg: &Pg, kind: Kind) -> Result<()> {
    pg.batch("BEGIN")?;
    let result = (|| {
        // Inside the transaction, so a refused schema is left as it was.
        pg.batch(
            "CREATE TABLE IF NOT EXISTS nengbao_schema (
                version         BIGINT PRIMARY KEY,
                application_id  BIGINT NOT NULL,
                migration       TEXT NOT NULL,
                applied_at      TEXT NOT NULL
            )",
        )?;
        pg.batch("LOCK TABLE nengbao_schema IN EXCLUSIVE MODE")?;
        let apps: Vec<i64> = pg.map(
            "SELECT DISTINCT application_id FROM nengbao_schema",
            args![],
            |mut r| r.get(0),
        )?;
        if apps.iter().any(|a| *a != i64::from(kind.application_id)) {
            return Err(StoreError::WrongKind {
                expected: kind.name,
            });
        }
        let current: i64 = pg
            .value::<Option<i64>>("SELECT MAX(version) FROM nengbao_schema", args![])?
            .flatten()
            .unwrap_or(0);
        let supported = kind.migrations.len() as u32;
        let current = u32::try_from(current).unwrap_or(u32::MAX);
        if current > supported {
            return Err(StoreError::TooNew {
                found: current,
                supported,
            });
        }
        if current == 0 && !existing_tables(pg)?.is_empty() {
            // Tables of something else in this schema: refuse rather than mix.
            return Err(StoreError::WrongKind {
                expected: kind.name,
            });
        }
        for (i, (name, sql)) in kind.migrations.iter().enumerate().skip(current as usize) {
            pg.batch(&migration_sql(name, sql))
                .map_err(|e| StoreError::Corrupt(format!("migration {name}: {e}")))?;
            pg.exec(
                "INSERT INTO nengbao_schema (version, application_id, migration, applied_at)
                 VALUES (?1, ?2, ?3, ?4)",
                args![
                    i as i64 + 1,
                    i64::from(kind.application_id),
                    *name,
                    chrono::Utc::now().to_rfc3339()
                ],
            )?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => pg.batch("COMMIT"),
        Err(e) => {
            let _ = pg.batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Tables of the current schema other than the version table.
fn existing_tables(pg: &Pg) -> Result<Vec<String>> {
    pg.map(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_name <> 'nengbao_schema'
         ORDER BY 1",
        args![],
        |mut r| r.get(0),
    )
}

/// The schema version of a database (its number of applied migrations).
pub fn schema_version(db: &Db) -> Result<u32> {
    match db {
        Db::Sqlite(c) => super::schema_version(c),
        Db::Postgres(p) => Ok(p
            .value::<Option<i64>>("SELECT MAX(version) FROM nengbao_schema", args![])?
            .flatten()
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_types_are_translated_and_nothing_else() {
        let sql = "-- INTEGER in a comment stays\nCREATE TABLE t (\n    id INTEGER PRIMARY KEY,\n    n  INTEGER NOT NULL DEFAULT 0, -- TEXT\n    s  TEXT,\n    b  BLOB NOT NULL\n);\nALTER TABLE t ADD COLUMN c TEXT;  -- note\nINSERT INTO t SELECT id, n FROM u;\n";
        assert_eq!(
            translate(sql),
            "-- INTEGER in a comment stays\nCREATE TABLE t (\n    id BIGSERIAL PRIMARY KEY,\n    n  BIGINT NOT NULL DEFAULT 0, -- TEXT\n    s  TEXT COLLATE \"C\",\n    b  BYTEA NOT NULL\n);\nALTER TABLE t ADD COLUMN c TEXT COLLATE \"C\";  -- note\nINSERT INTO t SELECT id, n FROM u;\n"
        );
    }
}
