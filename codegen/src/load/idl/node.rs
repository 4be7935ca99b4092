//! Node values: the JSON-like values of traits, metadata, defaults and control statements.
//!
//! Owns: the [`Node`] tree (with unquoted shape IDs kept apart until resolution), its depth
//! limit, and number tokens as JSON numbers. Parsing node values from tokens is the parser's
//! (`parser/values.rs`), decoding string literals is [`super::strings`]. Must not: resolve shape
//! IDs (that is [`super::resolve`]) or know what a trait means.

use super::diag::Span;

/// Nesting deeper than this is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(String),
    /// An unquoted shape ID; it becomes an absolute ID when it names a shape, else stays as written.
    Id(String, Span),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// A validated number token as a JSON number: an integer when it is one and fits, else a float.
pub fn number(text: &str) -> serde_json::Number {
    let integral = !text.contains(['.', 'e', 'E']);
    if integral {
        if let Ok(n) = text.parse::<i64>() {
            return n.into();
        }
        if let Ok(n) = text.parse::<u64>() {
            return n.into();
        }
    }
    let f: f64 = text.parse().unwrap_or(0.0);
    serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into())
}
