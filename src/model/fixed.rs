//! 定标小数 — decimal quantities with a declared scale.
//!
//! Every quantity in a report is a [`Fixed<S>`]: a `rust_decimal::Decimal` that never carries more
//! than `S` fraction digits. On the wire it is a string with exactly `S` fraction digits
//! (`"123.4500"`), so the canonical bytes that get signed never depend on float formatting.
//! Input accepts strings or JSON numbers; a value with more fraction digits than the field allows
//! is rejected rather than silently rounded, because a filer must see what is stored.
//! Computed values are rounded half away from zero (四舍五入), the statistical convention.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A decimal with at most `S` fraction digits, always shown with exactly `S`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fixed<const S: u32>(Decimal);

/// Physical quantities of energy rows and product figures (4 decimals).
pub type Qty = Fixed<4>;
/// Tonnes of standard coal equivalent (吨标准煤, 4 decimals = 0.1 kgce).
pub type Tce = Fixed<4>;
/// Money in 千元 or 万元 (2 decimals).
pub type Money = Fixed<2>;
/// Standard-coal conversion coefficient (折标系数), tce per unit of the row (5 decimals: heat is 0.03412).
pub type Factor = Fixed<5>;
/// Percentages (2 decimals).
pub type Percent = Fixed<2>;
/// Emissions in tonnes (3 decimals = 1 kg).
pub type Tonnes = Fixed<3>;
/// Unit indicators such as kgce/t or tce/万元 (4 decimals).
pub type Ratio = Fixed<4>;

/// Why a value could not become a [`Fixed`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixedError {
    #[error("\"{0}\" is not a decimal number")]
    NotANumber(String),
    #[error("{value} has more than {scale} decimal places")]
    TooPrecise { value: String, scale: u32 },
    #[error("{0} is out of range (at most 10^12 in magnitude)")]
    OutOfRange(String),
}

impl<const S: u32> Fixed<S> {
    /// Number of fraction digits this type carries.
    pub const SCALE: u32 = S;
    /// Zero at this scale.
    pub const ZERO: Self = Fixed(Decimal::ZERO);

    /// Largest magnitude accepted on input (10¹²): far above any real quantity in a report,
    /// and small enough that no product or sum of inputs can overflow.
    pub const MAX_INPUT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

    /// Accepts `d` only if it has no more than `S` significant fraction digits and is within
    /// ±[`Self::MAX_INPUT`].
    pub fn new(d: Decimal) -> Result<Self, FixedError> {
        if d.abs() > Self::MAX_INPUT {
            return Err(FixedError::OutOfRange(d.to_string()));
        }
        let n = d.normalize();
        if n.scale() > S {
            return Err(FixedError::TooPrecise {
                value: n.to_string(),
                scale: S,
            });
        }
        Ok(Fixed(Self::rescaled(n)))
    }

    /// Rounds `d` half away from zero to `S` decimals (四舍五入). Used for computed values.
    pub fn round(d: Decimal) -> Self {
        Fixed(Self::rescaled(d.round_dp_with_strategy(
            S,
            RoundingStrategy::MidpointAwayFromZero,
        )))
    }

    /// The exact decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Converts to another scale, rounding if the target is coarser.
    pub fn rescale<const T: u32>(self) -> Fixed<T> {
        Fixed::<T>::round(self.0)
    }

    fn rescaled(mut d: Decimal) -> Decimal {
        d.rescale(S);
        if d.is_zero() {
            // -0.00 and 0.00 must print and sign identically.
            d.set_sign_positive(true);
        }
        d
    }

    /// Parses text as typed by a person or written by a program: ASCII digits, optional sign and
    /// point, surrounding spaces ignored. Exponents are accepted for machine-written numbers.
    pub fn parse(text: &str) -> Result<Self, FixedError> {
        let t = text.trim();
        if t.is_empty() || t.contains(|c: char| c == ',' || c == '_' || c.is_whitespace()) {
            return Err(FixedError::NotANumber(text.to_string()));
        }
        let d = Decimal::from_str(t)
            .or_else(|_| Decimal::from_scientific(t))
            .map_err(|_| FixedError::NotANumber(text.to_string()))?;
        Self::new(d)
    }

    /// From a JSON/Excel float, using its shortest round-trip decimal form, so `0.1` is 0.1 and not
    /// the binary expansion of the nearest double.
    pub fn from_f64(f: f64) -> Result<Self, FixedError> {
        if !f.is_finite() {
            return Err(FixedError::OutOfRange(f.to_string()));
        }
        let s = format!("{f}");
        let d = Decimal::from_str(&s)
            .or_else(|_| Decimal::from_scientific(&s))
            .map_err(|_| FixedError::OutOfRange(s.clone()))?;
        Self::new(d)
    }

    pub fn from_int(i: i64) -> Self {
        Fixed(Self::rescaled(Decimal::from(i)))
    }

    /// The value as f64, for charts and spreadsheet cells only (never for arithmetic).
    pub fn to_f64(self) -> f64 {
        use rust_decimal::prelude::ToPrimitive;
        self.0.to_f64().unwrap_or(0.0)
    }
}

impl<const S: u32> fmt::Display for Fixed<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Decimal keeps the scale set in `rescaled`, so this prints exactly S digits.
        write!(f, "{}", self.0)
    }
}

impl<const S: u32> fmt::Debug for Fixed<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<const S: u32> FromStr for Fixed<S> {
    type Err = FixedError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl<const S: u32> Serialize for Fixed<S> {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.collect_str(self)
    }
}

impl<'de, const S: u32> Deserialize<'de> for Fixed<S> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const S: u32>;
        impl<const S: u32> Visitor<'_> for V<S> {
            type Value = Fixed<S>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a decimal number with at most {S} decimal places")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Fixed::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Fixed::new(Decimal::from(v)).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Fixed::new(Decimal::from(v)).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Fixed::from_f64(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V::<S>)
    }
}

impl<const S: u32> schemars::JsonSchema for Fixed<S> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("Decimal{S}"))
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let pattern = format!(r"^-?[0-9]+(\.[0-9]{{1,{S}}})?$");
        schemars::json_schema!({
            "description": format!(
                "Decimal with at most {S} decimal places; written as a string with exactly {S} \
                 (\"12.{}\"), read from a string or a number.",
                "0".repeat(S as usize)
            ),
            "oneOf": [
                { "type": "string", "pattern": pattern },
                { "type": "number" }
            ]
        })
    }
}

/// In TypeScript every scale is `Dec`, a string with the scale's fraction digits ("12.3400").
#[cfg(feature = "ts")]
impl<const S: u32> ts_rs::TS for Fixed<S> {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(_: &ts_rs::Config) -> String {
        "Dec".into()
    }

    fn inline(_: &ts_rs::Config) -> String {
        "string".into()
    }

    fn decl(_: &ts_rs::Config) -> String {
        "type Dec = string;".into()
    }

    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        Self::decl(cfg)
    }

    fn docs() -> Option<String> {
        Some(
            "/**\n * A decimal written with exactly its field's number of fraction digits, \
             e.g. \"12.3400\".\n */\n"
                .into(),
        )
    }

    fn output_path() -> Option<std::path::PathBuf> {
        Some("Dec.ts".into())
    }
}

impl<const S: u32> std::ops::Add for Fixed<S> {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Fixed::round(self.0 + o.0)
    }
}

impl<const S: u32> std::ops::Sub for Fixed<S> {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Fixed::round(self.0 - o.0)
    }
}

impl<const S: u32> std::iter::Sum for Fixed<S> {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        Fixed::round(iter.map(|f| f.0).sum())
    }
}

/// Shorthand for literals in code and tests: `dec::<4>("12.5")`. Only for trusted constants.
pub fn fixed<const S: u32>(s: &str) -> Result<Fixed<S>, FixedError> {
    Fixed::parse(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_exactly_scale_digits() {
        assert_eq!(Qty::parse("12.5").unwrap().to_string(), "12.5000");
        assert_eq!(Money::parse("7").unwrap().to_string(), "7.00");
        assert_eq!(Factor::parse("0.03412").unwrap().to_string(), "0.03412");
    }

    #[test]
    fn rejects_excess_precision_but_accepts_trailing_zeros() {
        assert!(matches!(
            Money::parse("1.234"),
            Err(FixedError::TooPrecise { .. })
        ));
        assert_eq!(Money::parse("1.2300000").unwrap().to_string(), "1.23");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Money::round(Decimal::new(12345, 3)).to_string(), "12.35");
        assert_eq!(Money::round(Decimal::new(-12345, 3)).to_string(), "-12.35");
    }

    #[test]
    fn magnitude_is_bounded() {
        assert_eq!(Qty::MAX_INPUT.to_string(), "1000000000000");
        assert!(Qty::parse("1000000000000").is_ok());
        assert!(matches!(
            Qty::parse("1000000000001"),
            Err(FixedError::OutOfRange(_))
        ));
        assert!(Qty::from_f64(1e300).is_err());
    }

    #[test]
    fn negative_zero_is_zero() {
        assert_eq!(Money::parse("-0.00").unwrap().to_string(), "0.00");
        assert_eq!(Money::round(Decimal::new(-1, 4)).to_string(), "0.00");
    }

    #[test]
    fn floats_use_shortest_form() {
        assert_eq!(Qty::from_f64(0.1).unwrap().to_string(), "0.1000");
        assert!(
            Qty::from_f64(0.1 + 0.2).is_err(),
            "0.30000000000000004 has 17 decimals"
        );
        assert!(Qty::from_f64(f64::NAN).is_err());
    }

    #[test]
    fn rejects_text_and_thousands_separators() {
        assert!(Qty::parse("abc").is_err());
        assert!(Qty::parse("1,000").is_err());
        assert!(Qty::parse("").is_err());
        assert_eq!(Qty::parse(" 5 ").unwrap().to_string(), "5.0000");
    }

    #[test]
    fn serde_round_trip_as_string() {
        let q: Qty = serde_json::from_str("123.45").unwrap();
        assert_eq!(serde_json::to_string(&q).unwrap(), "\"123.4500\"");
        let q2: Qty = serde_json::from_str("\"123.4500\"").unwrap();
        assert_eq!(q, q2);
        let err = serde_json::from_str::<Money>("\"1.239\"").unwrap_err();
        assert!(
            err.to_string().contains("more than 2 decimal places"),
            "{err}"
        );
    }
}
