//! Numbers beyond the Rust primitives: [`BigInteger`] and [`BigDecimal`] (kept as their decimal
//! text), the JSON number grammar they share with the JSON codec, and the text form of floats
//! (`NaN`, `Infinity`, shortest round-trip digits) used by headers, query strings and XML.
//! Knows nothing of codecs, HTTP or clients.

use std::fmt;
use std::str::FromStr;

/// Error returned when a string is not a valid [`BigInteger`] or [`BigDecimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigNumberParseError {
    message: String,
}

impl fmt::Display for BigNumberParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BigNumberParseError {}

fn big_error(kind: &str, input: &str) -> BigNumberParseError {
    let shown: String = input.chars().take(64).collect();
    BigNumberParseError {
        message: format!("invalid {kind} `{shown}`"),
    }
}

/// An arbitrary-precision integer (a Smithy `bigInteger`), stored as its normalised decimal text.
///
/// The text is always a valid JSON number: an optional `-` followed by digits without
/// superfluous leading zeros.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

impl Default for BigInteger {
    fn default() -> Self {
        BigInteger("0".to_owned())
    }
}

impl BigInteger {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning its decimal text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for BigInteger {
    type Err = BigNumberParseError;

    /// Accepts an optional sign (`+` or `-`) followed by one or more ASCII digits.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (neg, digits) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(big_error("big integer", s));
        }
        let trimmed = digits.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        let mut out = String::with_capacity(trimmed.len() + 1);
        if neg {
            out.push('-');
        }
        out.push_str(trimmed);
        Ok(BigInteger(out))
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<i64> for BigInteger {
    fn from(v: i64) -> Self {
        BigInteger(v.to_string())
    }
}

impl From<u64> for BigInteger {
    fn from(v: u64) -> Self {
        BigInteger(v.to_string())
    }
}

/// An arbitrary-precision decimal (a Smithy `bigDecimal`), stored as its decimal text.
///
/// The text is always a valid JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl Default for BigDecimal {
    fn default() -> Self {
        BigDecimal("0".to_owned())
    }
}

impl BigDecimal {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning its decimal text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for BigDecimal {
    type Err = BigNumberParseError;

    /// Accepts JSON number syntax, plus an optional leading `+` (which is dropped).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let body = s.strip_prefix('+').unwrap_or(s);
        if body.starts_with('-') && s.starts_with('+') {
            return Err(big_error("big decimal", s));
        }
        if is_json_number(body) {
            Ok(BigDecimal(body.to_owned()))
        } else {
            Err(big_error("big decimal", s))
        }
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `s` is exactly one JSON number literal.
pub(crate) fn is_json_number(s: &str) -> bool {
    json_number_len(s.as_bytes()) == Some(s.len())
}

/// Length of the JSON number literal at the start of `b`, or `None` if there is none.
pub(crate) fn json_number_len(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while digit(i) {
                i += 1;
            }
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digit(i) {
            return None;
        }
        while digit(i) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digit(i) {
            return None;
        }
        while digit(i) {
            i += 1;
        }
    }
    Some(i)
}

/// Formats a double for a header, query or XML value: `NaN`, `Infinity`, `-Infinity`, otherwise
/// the shortest text that round-trips (e.g. `1.1`, `1.0`, `1e300`).
pub fn format_f64(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v == f64::INFINITY {
        "Infinity".to_owned()
    } else if v == f64::NEG_INFINITY {
        "-Infinity".to_owned()
    } else {
        format!("{v:?}")
    }
}

/// Formats a float for a header, query or XML value with its own shortest round-trip digits
/// (`1.1`, not the `1.100000023841858` of widening to `f64` first).
pub fn format_f32(v: f32) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v == f32::INFINITY {
        "Infinity".to_owned()
    } else if v == f32::NEG_INFINITY {
        "-Infinity".to_owned()
    } else {
        format!("{v:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers() {
        let i: BigInteger = "-000123".parse().unwrap();
        assert_eq!(i.as_str(), "-123");
        assert_eq!("+42".parse::<BigInteger>().unwrap().to_string(), "42");
        assert_eq!("000".parse::<BigInteger>().unwrap().as_str(), "0");
        let huge = "123456789012345678901234567890123456789";
        assert_eq!(huge.parse::<BigInteger>().unwrap().as_str(), huge);
        for bad in ["", "-", "+", "1.0", "1e3", " 1", "0x10", "--1"] {
            assert!(bad.parse::<BigInteger>().is_err(), "{bad:?}");
        }
        for good in [
            "0",
            "-0",
            "1.5",
            "-1.5e-300",
            "12345678901234567890.123456789E+99",
        ] {
            assert_eq!(good.parse::<BigDecimal>().unwrap().as_str(), good);
        }
        assert_eq!("+1.5".parse::<BigDecimal>().unwrap().as_str(), "1.5");
        for bad in [
            "", ".5", "5.", "01", "1e", "1e+", "+-1", "NaN", "1.5 ", "--1",
        ] {
            assert!(bad.parse::<BigDecimal>().is_err(), "{bad:?}");
        }
    }
}
