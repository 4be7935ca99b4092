//! Untyped values: [`Document`] (a Smithy `document`) and its [`Number`]. Knows nothing of the
//! JSON codec that reads and writes them.

use std::collections::BTreeMap;

/// An untyped, JSON-like value (a Smithy `document`).
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An ordered list of documents.
    Array(Vec<Document>),
    /// A map from string keys to documents.
    Object(BTreeMap<String, Document>),
}

/// A document number. Integers that fit `u64`/`i64` are kept exact.
///
/// Equality compares integer values across `PosInt`/`NegInt` (so `NegInt(5) == PosInt(5)`);
/// floats only equal floats.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer (constructors normalise non-negative values to `PosInt`).
    NegInt(i64),
    /// A floating-point number.
    Float(f64),
}

impl Number {
    /// The value as `f64` (lossy for integers above 2^53).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Number::PosInt(v) => v as f64,
            Number::NegInt(v) => v as f64,
            Number::Float(v) => v,
        }
    }

    /// The value as `i64` if it is an integer (or an integral float) within range.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(v) => i64::try_from(v).ok(),
            Number::NegInt(v) => Some(v),
            Number::Float(v) => {
                // 2^63 is exactly representable; the range check is exclusive above.
                if v.fract() == 0.0
                    && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&v)
                {
                    Some(v as i64)
                } else {
                    None
                }
            }
        }
    }

    /// The value as `u64` if it is a non-negative integer (or integral float) within range.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::PosInt(v) => Some(v),
            Number::NegInt(v) => u64::try_from(v).ok(),
            Number::Float(v) => {
                if v.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&v) {
                    Some(v as u64)
                } else {
                    None
                }
            }
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (*self, *other) {
            (Number::Float(a), Number::Float(b)) => a == b,
            (Number::Float(_), _) | (_, Number::Float(_)) => false,
            (a, b) => match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                (None, None) => a.as_u64() == b.as_u64(),
                _ => false,
            },
        }
    }
}

impl From<i64> for Number {
    fn from(v: i64) -> Self {
        if v >= 0 {
            Number::PosInt(v as u64)
        } else {
            Number::NegInt(v)
        }
    }
}

impl From<i32> for Number {
    fn from(v: i32) -> Self {
        Number::from(i64::from(v))
    }
}

impl From<u64> for Number {
    fn from(v: u64) -> Self {
        Number::PosInt(v)
    }
}

impl From<u32> for Number {
    fn from(v: u32) -> Self {
        Number::PosInt(u64::from(v))
    }
}

impl From<f64> for Number {
    fn from(v: f64) -> Self {
        Number::Float(v)
    }
}

impl From<bool> for Document {
    fn from(v: bool) -> Self {
        Document::Bool(v)
    }
}

impl From<i64> for Document {
    fn from(v: i64) -> Self {
        Document::Number(v.into())
    }
}

impl From<i32> for Document {
    fn from(v: i32) -> Self {
        Document::Number(v.into())
    }
}

impl From<u64> for Document {
    fn from(v: u64) -> Self {
        Document::Number(v.into())
    }
}

impl From<u32> for Document {
    fn from(v: u32) -> Self {
        Document::Number(v.into())
    }
}

impl From<f64> for Document {
    fn from(v: f64) -> Self {
        Document::Number(v.into())
    }
}

impl From<Number> for Document {
    fn from(v: Number) -> Self {
        Document::Number(v)
    }
}

impl From<String> for Document {
    fn from(v: String) -> Self {
        Document::String(v)
    }
}

impl From<&str> for Document {
    fn from(v: &str) -> Self {
        Document::String(v.to_owned())
    }
}

impl From<Vec<Document>> for Document {
    fn from(v: Vec<Document>) -> Self {
        Document::Array(v)
    }
}

impl From<BTreeMap<String, Document>> for Document {
    fn from(v: BTreeMap<String, Document>) -> Self {
        Document::Object(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_and_number() {
        assert_eq!(Document::default(), Document::Null);
        assert_eq!(Document::from(5i64), Document::Number(Number::PosInt(5)));
        assert_eq!(Document::from(-5i64), Document::Number(Number::NegInt(-5)));
        assert_eq!(Number::NegInt(5), Number::PosInt(5));
        assert_ne!(Number::Float(5.0), Number::PosInt(5));
        assert_eq!(Number::Float(5.0).as_i64(), Some(5));
        assert_eq!(Number::Float(5.5).as_i64(), None);
        assert_eq!(Number::Float(9.3e18).as_i64(), None);
        assert_eq!(Number::Float(-1.0).as_u64(), None);
        assert_eq!(Number::PosInt(u64::MAX).as_i64(), None);
        assert_eq!(Number::PosInt(u64::MAX).as_u64(), Some(u64::MAX));
        assert_eq!(Number::NegInt(-3).as_u64(), None);
        assert_eq!(Number::NegInt(-3).as_f64(), -3.0);
        let mut m = BTreeMap::new();
        m.insert(
            "a".to_owned(),
            Document::from(vec![Document::from(true), "x".into()]),
        );
        assert!(matches!(Document::from(m), Document::Object(ref o) if o.len() == 1));
    }
}
