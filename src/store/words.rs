//! Column conversions of the closed sets (`model::county_state`): each is stored by its word.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::model::county_state::{
    FileOutcome, FilingStatus, KeySource, KeyStatus, OfficeFindingKind, OfficeLevel, Reason,
    SubmissionStatus,
};

macro_rules! stored_as_word {
    ($($name:ident),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl super::db::ToArg for $name {
            fn to_arg(&self) -> super::db::Arg<'_> {
                super::db::Arg::Text(self.as_str())
            }
        }

        impl super::db::FromVal for $name {
            fn from_val(v: super::db::Val) -> Option<Self> {
                match v {
                    super::db::Val::Text(word) => $name::parse(&word),
                    _ => None,
                }
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let word = value.as_str()?;
                $name::parse(word).ok_or_else(|| {
                    FromSqlError::Other(format!("unknown {} `{word}`", stringify!($name)).into())
                })
            }
        }
    )+};
}

stored_as_word!(
    FileOutcome,
    Reason,
    SubmissionStatus,
    KeyStatus,
    KeySource,
    FilingStatus,
    OfficeLevel,
    OfficeFindingKind,
);
