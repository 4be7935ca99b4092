//! Helpers for the Smithy HTTP binding traits (`@httpLabel`, `@httpQuery`, `@httpHeader`, ...):
//! percent-encoding of labels and query strings, header list (de)serialization and value
//! parsing.
//!
//! HTTP layer: knows primitives, nothing of transports, clients or generated code. (Its old
//! path, `smelt_runtime::rest`, is kept for generated code.)

use std::fmt;

use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

pub use crate::primitives::blob::base64_encode;
use crate::primitives::blob::BASE64_LENIENT;
pub use crate::primitives::number::{format_f32, format_f64};
use crate::primitives::{DateTime, TimestampFormat};

/// Everything except the RFC 3986 unreserved characters `A-Za-z0-9-._~`.
const LABEL_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Like [`LABEL_SET`] but keeps `/` (greedy labels span path segments).
const GREEDY_LABEL_SET: &AsciiSet = &LABEL_SET.remove(b'/');

/// Error returned when an HTTP-bound value (header, query, label) cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    message: String,
}

impl ParseError {
    /// Creates an error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// Truncates a value for inclusion in an error message.
fn shown(v: &str) -> String {
    let mut s: String = v.chars().take(64).collect();
    if s.len() < v.len() {
        s.push_str("...");
    }
    s
}

/// Percent-encodes a path label value: everything except `A-Za-z0-9-._~` (so `/` → `%2F`).
pub fn encode_label(v: &str) -> String {
    utf8_percent_encode(v, LABEL_SET).to_string()
}

/// Percent-encodes a greedy path label value (`{Key+}`): like [`encode_label`] but keeps `/`.
pub fn encode_greedy_label(v: &str) -> String {
    utf8_percent_encode(v, GREEDY_LABEL_SET).to_string()
}

/// Percent-encodes a query string key or value: everything except `A-Za-z0-9-._~`
/// (space → `%20`).
pub fn encode_query(v: &str) -> String {
    utf8_percent_encode(v, LABEL_SET).to_string()
}

/// Appends query parameters to a request path.
///
/// ```
/// # use smelt_runtime::rest::QueryWriter;
/// let mut q = QueryWriter::new("/bucket?list-type=2");
/// q.push("prefix", "a b");
/// assert_eq!(q.finish(), "/bucket?list-type=2&prefix=a%20b");
/// ```
#[derive(Clone, Debug)]
pub struct QueryWriter {
    out: String,
}

impl QueryWriter {
    /// Starts from `path`, which may already contain a literal query string.
    pub fn new(path: &str) -> Self {
        QueryWriter {
            out: path.to_owned(),
        }
    }

    fn separator(&mut self) {
        if !self.out.contains('?') {
            self.out.push('?');
        } else if !self.out.ends_with('?') && !self.out.ends_with('&') {
            self.out.push('&');
        }
    }

    /// Appends `k=v`, percent-encoding both.
    pub fn push(&mut self, k: &str, v: &str) {
        self.separator();
        self.out.extend(utf8_percent_encode(k, LABEL_SET));
        self.out.push('=');
        self.out.extend(utf8_percent_encode(v, LABEL_SET));
    }

    /// Appends a bare key without `=` (percent-encoded).
    pub fn push_key(&mut self, k: &str) {
        self.separator();
        self.out.extend(utf8_percent_encode(k, LABEL_SET));
    }

    /// Returns the path with the query string; unchanged when nothing was pushed.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Joins header list values with `", "`. Values containing a comma or double quote (or with
/// leading/trailing whitespace, or empty) are quoted, with `"` and `\` backslash-escaped.
pub fn header_list(values: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut out = String::new();
    for (i, v) in values.into_iter().enumerate() {
        let v = v.as_ref();
        if i > 0 {
            out.push_str(", ");
        }
        let needs_quotes = v.is_empty()
            || v.contains([',', '"'])
            || v.starts_with([' ', '\t'])
            || v.ends_with([' ', '\t']);
        if needs_quotes {
            out.push('"');
            for c in v.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(v);
        }
    }
    out
}

/// Splits a header list value (inverse of [`header_list`]): splits on commas outside quotes,
/// trims whitespace and unquotes quoted elements. Empty unquoted elements are ignored
/// (RFC 9110 list syntax), so an empty header yields an empty list.
pub fn split_header_list(v: &str) -> Result<Vec<String>, ParseError> {
    let mut out = Vec::new();
    let mut chars = v.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
        match chars.peek() {
            None => break,
            Some((_, ',')) => {
                chars.next();
                continue;
            }
            Some((_, '"')) => {
                chars.next();
                let mut item = String::new();
                loop {
                    match chars.next() {
                        None => {
                            return Err(ParseError::new(format!(
                                "unterminated quoted string in header list `{}`",
                                shown(v)
                            )))
                        }
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, c)) => item.push(c),
                            None => {
                                return Err(ParseError::new(format!(
                                    "unterminated escape in header list `{}`",
                                    shown(v)
                                )))
                            }
                        },
                        Some((_, c)) => item.push(c),
                    }
                }
                while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
                match chars.next() {
                    None | Some((_, ',')) => out.push(item),
                    Some(_) => {
                        return Err(ParseError::new(format!(
                            "unexpected characters after quoted string in header list `{}`",
                            shown(v)
                        )))
                    }
                }
            }
            Some(&(start, _)) => {
                let mut end = v.len();
                for (i, c) in chars.by_ref() {
                    if c == ',' {
                        end = i;
                        break;
                    }
                }
                let item = v.get(start..end).unwrap_or_default().trim_end();
                out.push(item.to_owned());
            }
        }
    }
    Ok(out)
}

/// Splits and parses a list of HTTP dates. Each IMF-fixdate contains a comma after the day
/// name, so `"Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT"` has two items.
pub fn split_http_date_list(v: &str) -> Result<Vec<DateTime>, ParseError> {
    let mut out = Vec::new();
    let mut parts = v.split(',').map(str::trim);
    while let Some(day) = parts.next() {
        if day.is_empty() {
            continue;
        }
        let rest = parts.next().ok_or_else(|| {
            ParseError::new(format!("incomplete HTTP date `{}` in list", shown(day)))
        })?;
        let date = format!("{day}, {rest}");
        let parsed = DateTime::parse(&date, TimestampFormat::HttpDate)
            .map_err(|e| ParseError::new(e.to_string()))?;
        out.push(parsed);
    }
    Ok(out)
}

/// Parses a header value (trimmed) with `FromStr`; the error names the header.
pub fn parse_header<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, ParseError> {
    v.trim().parse().map_err(|_| {
        ParseError::new(format!(
            "invalid value `{}` for header `{}`",
            shown(v),
            shown(name)
        ))
    })
}

/// Decodes base64 (standard alphabet, padding optional, surrounding whitespace ignored).
pub fn base64_decode(v: &str) -> Result<Vec<u8>, ParseError> {
    BASE64_LENIENT
        .decode(v.trim())
        .map_err(|e| ParseError::new(format!("invalid base64 `{}`: {e}", shown(v))))
}

/// Parses a double from a header or query value, accepting `NaN`, `Infinity` and `-Infinity`.
pub fn parse_f64(name: &str, v: &str) -> Result<f64, ParseError> {
    match v.trim() {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        other => parse_header(name, other),
    }
}
