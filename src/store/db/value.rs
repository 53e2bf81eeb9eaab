//! What goes into a statement and what comes out: [`Arg`]s (integer, text, bytes, NULL) bound on
//! either backend, and [`Row`]s of owned [`Val`]s read by index with [`FromVal`].

use crate::store::{Result, StoreError};

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
pub struct Row(pub(super) Vec<Val>);

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
