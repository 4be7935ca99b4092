//! Checks of the model's constraint traits (`@length`, `@range`, `@pattern`), used by the
//! generated `validate()` methods. Each failure names the member and the rule.
//!
//! Glue layer: pure checks on values; it must not build requests or know a model.

use crate::client::error::BuildError;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Things with a Smithy length: characters of a string, items of a list or map, bytes of a blob.
pub trait Length {
    /// The length as Smithy counts it.
    fn smithy_len(&self) -> usize;
}

impl Length for String {
    fn smithy_len(&self) -> usize {
        self.chars().count()
    }
}

impl<T> Length for Vec<T> {
    fn smithy_len(&self) -> usize {
        self.len()
    }
}

impl<K, V, S> Length for HashMap<K, V, S> {
    fn smithy_len(&self) -> usize {
        self.len()
    }
}

impl Length for crate::primitives::Blob {
    fn smithy_len(&self) -> usize {
        self.len()
    }
}

/// `@length(min, max)`.
pub fn length(
    member: &'static str,
    value: &impl Length,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), BuildError> {
    let len = value.smithy_len() as u64;
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        return Err(BuildError::invalid(
            member,
            format!("length {len} is outside {}", bounds(min, max)),
        ));
    }
    Ok(())
}

/// `@range(min, max)`, for any number (compared as `f64`).
pub fn range(
    member: &'static str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), BuildError> {
    if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
        return Err(BuildError::invalid(
            member,
            format!("value {value} is outside {}", bounds(min, max)),
        ));
    }
    Ok(())
}

/// `@pattern`: the value must contain a match of the model's ECMA-262 expression `source`,
/// which the generator translated to `regex`, this engine's syntax for the same language
/// (surrogate pairs as code points, Unicode property classes spelled out as ranges; the
/// generator emits only patterns it could translate). Failures quote `source`.
pub fn pattern(
    member: &'static str,
    value: &str,
    regex: &'static str,
    source: &'static str,
) -> Result<(), BuildError> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, regex_lite::Regex>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let compiled = match cache.get(regex) {
        Some(r) => r,
        None => match regex_lite::Regex::new(regex) {
            Ok(r) => cache.entry(regex).or_insert(r),
            // A pattern this engine cannot compile is not enforced.
            Err(_) => return Ok(()),
        },
    };
    if compiled.is_match(value) {
        Ok(())
    } else {
        Err(BuildError::invalid(
            member,
            format!("`{value}` does not match the pattern `{source}`"),
        ))
    }
}

fn bounds<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a}..={b}"),
        (Some(a), None) => format!("{a}.."),
        (None, Some(b)) => format!("..={b}"),
        (None, None) => "..".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_items_and_bytes() {
        assert!(length("name", &"héllo".to_string(), Some(1), Some(5)).is_ok());
        let err = length("name", &"toolong".to_string(), Some(1), Some(5)).unwrap_err();
        assert_eq!(err.invalid_member(), Some("name"));
        assert!(err.to_string().contains("1..=5"), "{err}");
        assert!(length("ids", &vec![1, 2, 3], None, Some(2)).is_err());
        assert!(length("ids", &Vec::<u8>::new(), Some(1), None).is_err());
    }

    #[test]
    fn ranges() {
        assert!(range("n", 20.0, Some(20.0), Some(100.0)).is_ok());
        assert!(range("n", 19.0, Some(20.0), Some(100.0)).is_err());
        assert!(range("n", 101.0, None, Some(100.0)).is_err());
    }

    #[test]
    fn patterns() {
        let p = "^[a-zA-Z](-?[a-zA-Z0-9])*$";
        assert!(pattern("name", "snap-2", p, p).is_ok());
        assert!(pattern("name", "2snap", p, p).is_err());
        assert!(pattern("name", "snap--2", p, p).is_err());
        let err = pattern("name", "snap-", p, "shown").unwrap_err();
        assert!(err.to_string().contains("`shown`"), "{err}");
        // Unsupported syntax (look-ahead) is not enforced rather than failing every call.
        assert!(pattern("name", "aws:x", "^(?!aws:).*$", "^(?!aws:).*$").is_ok());
    }
}
