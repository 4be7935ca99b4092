//! A small, dependency-free JSON codec for generated clients.
//!
//! Serialization goes through [`JsonWriter`] (compact output appended to a `String`) and the
//! [`JsonSerialize`] trait; deserialization goes through the pull parser [`JsonReader`] and the
//! [`JsonDeserialize`] trait. Generated code drives both directly, so no reflection or
//! intermediate tree is involved.
//!
//! Smithy conventions applied here: non-finite floats travel as the strings `"NaN"`,
//! `"Infinity"` and `"-Infinity"`; blobs are base64 strings; timestamps follow their
//! [`TimestampFormat`].
//!
//! The reader never panics on malformed input and limits nesting to [`MAX_DEPTH`] levels.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::hash::BuildHasher;

use base64::Engine as _;

use crate::primitives::number::{is_json_number, json_number_len};
use crate::primitives::{
    BigDecimal, BigInteger, Blob, DateTime, Document, Number, TimestampFormat,
};

/// Maximum nesting depth of arrays and objects accepted by [`JsonReader`].
pub const MAX_DEPTH: usize = 128;

// =============================================================================================
// Writer
// =============================================================================================

/// Builds compact JSON text.
///
/// Values are appended in order; [`object`](Self::object) and [`array`](Self::array) return
/// guards that insert separators and close the container when ended or dropped.
#[derive(Clone, Debug, Default)]
pub struct JsonWriter {
    out: String,
}

impl JsonWriter {
    /// Creates an empty writer.
    pub fn new() -> Self {
        JsonWriter { out: String::new() }
    }

    /// Returns the JSON text written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Consumes the writer, returning the JSON text.
    pub fn into_string(self) -> String {
        self.out
    }

    /// Consumes the writer, returning the JSON text as bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Writes a string value, escaping quotes, backslashes and control characters.
    pub fn string(&mut self, v: &str) {
        push_escaped(&mut self.out, v);
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, v: bool) {
        self.out.push_str(if v { "true" } else { "false" });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    /// Writes a signed integer.
    pub fn i64(&mut self, v: i64) {
        let _ = write!(self.out, "{v}");
    }

    /// Writes an unsigned integer.
    pub fn u64(&mut self, v: u64) {
        let _ = write!(self.out, "{v}");
    }

    /// Writes a double. Non-finite values become the strings `"NaN"`, `"Infinity"` and
    /// `"-Infinity"`; finite values use the shortest text that round-trips exactly.
    pub fn f64(&mut self, v: f64) {
        if let Some(s) = non_finite_name(v) {
            self.string(s);
        } else {
            let _ = write!(self.out, "{v:?}");
        }
    }

    /// Writes a float using the shortest text that round-trips to the same `f32`.
    pub fn f32(&mut self, v: f32) {
        if let Some(s) = non_finite_name(f64::from(v)) {
            self.string(s);
        } else {
            let _ = write!(self.out, "{v:?}");
        }
    }

    /// Writes a number literal verbatim (for big numbers). Text that is not a valid JSON number
    /// is written as a JSON string instead, so the output always stays well-formed.
    pub fn raw_number(&mut self, v: &str) {
        if is_json_number(v) {
            self.out.push_str(v);
        } else {
            self.string(v);
        }
    }

    /// Writes a timestamp: epoch seconds as a JSON number, the other formats as JSON strings.
    /// A timestamp that cannot be formatted as requested (year outside `0000..=9999`) is written
    /// as epoch seconds.
    pub fn timestamp(&mut self, v: &DateTime, format: TimestampFormat) {
        if format != TimestampFormat::EpochSeconds {
            if let Ok(s) = v.fmt(format) {
                self.string(&s);
                return;
            }
        }
        v.write_epoch_seconds(&mut self.out);
    }

    /// Writes bytes as a base64 (standard alphabet, padded) string.
    pub fn blob(&mut self, v: &[u8]) {
        self.out.push('"');
        base64::engine::general_purpose::STANDARD.encode_string(v, &mut self.out);
        self.out.push('"');
    }

    /// Writes a document value.
    pub fn document(&mut self, v: &Document) {
        match v {
            Document::Null => self.null(),
            Document::Bool(b) => self.bool(*b),
            Document::Number(Number::PosInt(n)) => self.u64(*n),
            Document::Number(Number::NegInt(n)) => self.i64(*n),
            Document::Number(Number::Float(n)) => self.f64(*n),
            Document::String(s) => self.string(s),
            Document::Array(items) => {
                let mut a = self.array();
                for item in items {
                    a.element().document(item);
                }
                a.end();
            }
            Document::Object(members) => {
                let mut o = self.object();
                for (k, item) in members {
                    o.key(k).document(item);
                }
                o.end();
            }
        }
    }

    /// Starts an object; members are added through the returned guard.
    pub fn object(&mut self) -> ObjectWriter<'_> {
        self.out.push('{');
        ObjectWriter {
            w: self,
            first: true,
        }
    }

    /// Starts an array; elements are added through the returned guard.
    pub fn array(&mut self) -> ArrayWriter<'_> {
        self.out.push('[');
        ArrayWriter {
            w: self,
            first: true,
        }
    }

    /// Writes any serializable value.
    pub fn value<T: JsonSerialize + ?Sized>(&mut self, v: &T) {
        v.write_json(self);
    }
}

fn non_finite_name(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

fn push_escaped(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    // Split at each byte that needs escaping; those bytes are ASCII, so the splits always fall
    // on character boundaries.
    while let Some(i) = rest
        .bytes()
        .position(|b| b < 0x20 || b == b'"' || b == b'\\')
    {
        let (clean, tail) = rest.split_at(i);
        out.push_str(clean);
        let b = tail.as_bytes()[0];
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        rest = &tail[1..];
    }
    out.push_str(rest);
    out.push('"');
}

/// Guard for writing an object's members; closes the object (`}`) on [`end`](Self::end) or drop.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    w: &'a mut JsonWriter,
    first: bool,
}

impl ObjectWriter<'_> {
    /// Writes the separator and `"key":`, returning the writer for exactly one value.
    pub fn key(&mut self, key: &str) -> &mut JsonWriter {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        push_escaped(&mut self.w.out, key);
        self.w.out.push(':');
        self.w
    }

    /// Writes a member.
    pub fn member<T: JsonSerialize + ?Sized>(&mut self, key: &str, v: &T) {
        self.key(key).value(v);
    }

    /// Writes a member unless the value is `None`.
    pub fn opt_member<T: JsonSerialize>(&mut self, key: &str, v: &Option<T>) {
        if let Some(v) = v {
            self.key(key).value(v);
        }
    }

    /// Writes a timestamp member in the given format.
    pub fn timestamp(&mut self, key: &str, v: &DateTime, format: TimestampFormat) {
        self.key(key).timestamp(v, format);
    }

    /// Writes a timestamp member unless the value is `None`.
    pub fn opt_timestamp(&mut self, key: &str, v: &Option<DateTime>, format: TimestampFormat) {
        if let Some(v) = v {
            self.key(key).timestamp(v, format);
        }
    }

    /// Closes the object.
    pub fn end(self) {
        drop(self);
    }
}

impl Drop for ObjectWriter<'_> {
    fn drop(&mut self) {
        self.w.out.push('}');
    }
}

/// Guard for writing an array's elements; closes the array (`]`) on [`end`](Self::end) or drop.
#[derive(Debug)]
pub struct ArrayWriter<'a> {
    w: &'a mut JsonWriter,
    first: bool,
}

impl ArrayWriter<'_> {
    /// Writes the separator, returning the writer for exactly one value.
    pub fn element(&mut self) -> &mut JsonWriter {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w
    }

    /// Writes one element.
    pub fn value<T: JsonSerialize + ?Sized>(&mut self, v: &T) {
        self.element().value(v);
    }

    /// Closes the array.
    pub fn end(self) {
        drop(self);
    }
}

impl Drop for ArrayWriter<'_> {
    fn drop(&mut self) {
        self.w.out.push(']');
    }
}

/// Types that can be written as one JSON value.
pub trait JsonSerialize {
    /// Writes `self` as exactly one JSON value.
    fn write_json(&self, w: &mut JsonWriter);
}

/// The result of reading JSON.
pub type Result<T, E = DeserializeError> = std::result::Result<T, E>;

/// Serializes a value to JSON bytes.
pub fn to_vec<T: JsonSerialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut w = JsonWriter::new();
    w.value(v);
    w.into_bytes()
}

impl<T: JsonSerialize + ?Sized> JsonSerialize for &T {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl JsonSerialize for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl JsonSerialize for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl JsonSerialize for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.bool(*self);
    }
}

macro_rules! serialize_signed {
    ($($t:ty),*) => {$(
        impl JsonSerialize for $t {
            fn write_json(&self, w: &mut JsonWriter) {
                w.i64(i64::from(*self));
            }
        }
    )*};
}
serialize_signed!(i8, i16, i32, i64);

macro_rules! serialize_unsigned {
    ($($t:ty),*) => {$(
        impl JsonSerialize for $t {
            fn write_json(&self, w: &mut JsonWriter) {
                w.u64(u64::from(*self));
            }
        }
    )*};
}
serialize_unsigned!(u8, u16, u32, u64);

impl JsonSerialize for f32 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.f32(*self);
    }
}

impl JsonSerialize for f64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.f64(*self);
    }
}

impl JsonSerialize for Blob {
    fn write_json(&self, w: &mut JsonWriter) {
        w.blob(self.as_ref());
    }
}

impl JsonSerialize for DateTime {
    /// Epoch seconds (the default JSON timestamp format).
    fn write_json(&self, w: &mut JsonWriter) {
        w.timestamp(self, TimestampFormat::EpochSeconds);
    }
}

impl JsonSerialize for Document {
    fn write_json(&self, w: &mut JsonWriter) {
        w.document(self);
    }
}

impl JsonSerialize for BigInteger {
    fn write_json(&self, w: &mut JsonWriter) {
        w.raw_number(self.as_str());
    }
}

impl JsonSerialize for BigDecimal {
    fn write_json(&self, w: &mut JsonWriter) {
        w.raw_number(self.as_str());
    }
}

impl<T: JsonSerialize> JsonSerialize for Option<T> {
    /// `None` is written as `null`.
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: JsonSerialize> JsonSerialize for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        let mut a = w.array();
        for item in self {
            a.element().value(item);
        }
        a.end();
    }
}

impl<T: JsonSerialize> JsonSerialize for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.as_slice().write_json(w);
    }
}

impl<T: JsonSerialize + ?Sized> JsonSerialize for Box<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl<V: JsonSerialize, S: BuildHasher> JsonSerialize for HashMap<String, V, S> {
    /// Members are written in the map's iteration order.
    fn write_json(&self, w: &mut JsonWriter) {
        let mut o = w.object();
        for (k, v) in self {
            o.member(k, v);
        }
        o.end();
    }
}

impl<V: JsonSerialize> JsonSerialize for BTreeMap<String, V> {
    fn write_json(&self, w: &mut JsonWriter) {
        let mut o = w.object();
        for (k, v) in self {
            o.member(k, v);
        }
        o.end();
    }
}

// =============================================================================================
// Reader
// =============================================================================================

/// Error produced while reading JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    message: String,
    offset: Option<usize>,
    found: Option<&'static str>,
}

impl DeserializeError {
    /// Creates an error with a free-form message and no position.
    pub fn custom(msg: impl Into<String>) -> Self {
        DeserializeError {
            message: msg.into(),
            offset: None,
            found: None,
        }
    }

    /// Creates an error with a message at a byte offset of the input.
    pub fn at(msg: impl Into<String>, offset: usize) -> Self {
        DeserializeError {
            message: msg.into(),
            offset: Some(offset),
            found: None,
        }
    }

    /// The message, without position information.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset in the input where the error was detected, if known.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(offset) = self.offset {
            write!(f, " at byte {offset}")?;
        }
        if let Some(found) = self.found {
            write!(f, ", found {found}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DeserializeError {}

/// Pull parser over a JSON document.
///
/// Every `read_*` method skips leading whitespace and consumes exactly one value (or fails).
/// Generated code calls [`read_object`](Self::read_object) with a closure that dispatches on the
/// member name and reads (or [`skip_value`](Self::skip_value)s) the member's value.
#[derive(Clone, Debug)]
pub struct JsonReader<'a> {
    input: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> JsonReader<'a> {
    /// Creates a reader positioned at the start of `input`.
    pub fn new(input: &'a [u8]) -> Self {
        JsonReader {
            input,
            pos: 0,
            depth: 0,
        }
    }

    /// Current byte offset in the input.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Creates an error with `msg` at the current offset (for generated validation code).
    pub fn error(&self, msg: impl Into<String>) -> DeserializeError {
        DeserializeError::at(msg, self.pos)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.input.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Skips whitespace and returns the next byte without consuming it.
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.input.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.input.get(self.pos..).unwrap_or_default()
    }

    fn expected(&self, what: &str) -> DeserializeError {
        let found = match self.input.get(self.pos) {
            None => "end of input",
            Some(b'"') => "string",
            Some(b'{') => "object",
            Some(b'[') => "array",
            Some(b'-' | b'0'..=b'9') => "number",
            Some(b't' | b'f')
                if self.rest().starts_with(b"true") || self.rest().starts_with(b"false") =>
            {
                "boolean"
            }
            Some(b'n') if self.rest().starts_with(b"null") => "null",
            Some(b'}' | b']' | b',' | b':') => "punctuation",
            Some(_) => "invalid character",
        };
        DeserializeError {
            message: format!("expected {what}"),
            offset: Some(self.pos),
            found: Some(found),
        }
    }

    /// Consumes an opening bracket and enters a nesting level.
    fn open(&mut self, bracket: u8, what: &str) -> Result<(), DeserializeError> {
        if self.peek() != Some(bracket) {
            return Err(self.expected(what));
        }
        if self.depth >= MAX_DEPTH {
            return Err(DeserializeError::at(
                format!("nesting deeper than {MAX_DEPTH} levels"),
                self.pos,
            ));
        }
        self.pos += 1;
        self.depth += 1;
        Ok(())
    }

    /// Reads an object, calling `f` with each member name. `f` must consume exactly one value
    /// (read it or [`skip_value`](Self::skip_value)).
    pub fn read_object(
        &mut self,
        mut f: impl FnMut(&mut Self, &str) -> Result<(), DeserializeError>,
    ) -> Result<(), DeserializeError> {
        self.open(b'{', "object")?;
        let result = self.object_members(&mut f);
        self.depth -= 1;
        result
    }

    fn object_members(
        &mut self,
        f: &mut impl FnMut(&mut Self, &str) -> Result<(), DeserializeError>,
    ) -> Result<(), DeserializeError> {
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.expected("object key"));
            }
            let key = self.parse_string()?;
            if self.peek() != Some(b':') {
                return Err(self.expected("`:`"));
            }
            self.pos += 1;
            f(self, &key)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.expected("`,` or `}`")),
            }
        }
    }

    /// Reads an array, calling `f` once per element. `f` must consume exactly one value.
    pub fn read_array(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Result<(), DeserializeError>,
    ) -> Result<(), DeserializeError> {
        self.open(b'[', "array")?;
        let result = self.array_elements(&mut f);
        self.depth -= 1;
        result
    }

    fn array_elements(
        &mut self,
        f: &mut impl FnMut(&mut Self) -> Result<(), DeserializeError>,
    ) -> Result<(), DeserializeError> {
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            f(self)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.expected("`,` or `]`")),
            }
        }
    }

    /// Whether the next value is `null` (does not consume it).
    pub fn next_is_null(&mut self) -> Result<bool, DeserializeError> {
        self.skip_ws();
        Ok(self.rest().starts_with(b"null"))
    }

    /// Consumes a `null`.
    pub fn read_null(&mut self) -> Result<(), DeserializeError> {
        if self.next_is_null()? {
            self.pos += 4;
            Ok(())
        } else {
            Err(self.expected("null"))
        }
    }

    /// Reads a string value, decoding all escapes.
    pub fn read_string(&mut self) -> Result<String, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("string"));
        }
        self.parse_string().map(Cow::into_owned)
    }

    /// Reads a string value, borrowing from the input when it has no escapes (enum values,
    /// say, which are matched and not kept).
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("string"));
        }
        self.parse_string()
    }

    /// Parses the string starting at `self.pos` (which must be a `"`), borrowing from the input
    /// when there are no escapes.
    fn parse_string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let input = self.input;
        let open = self.pos;
        let start = open + 1;
        let mut i = start;
        loop {
            match input.get(i) {
                None => return Err(DeserializeError::at("unterminated string", open)),
                Some(b'"') => {
                    let s = std::str::from_utf8(&input[start..i]).map_err(|e| {
                        DeserializeError::at("invalid UTF-8 in string", start + e.valid_up_to())
                    })?;
                    self.pos = i + 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => {
                    return Err(DeserializeError::at("control character in string", i))
                }
                Some(_) => i += 1,
            }
        }
        let mut buf = input[start..i].to_vec();
        loop {
            match input.get(i) {
                None => return Err(DeserializeError::at("unterminated string", open)),
                Some(b'"') => {
                    i += 1;
                    break;
                }
                Some(b'\\') => {
                    let esc = *input
                        .get(i + 1)
                        .ok_or_else(|| DeserializeError::at("unterminated string", open))?;
                    let simple = match esc {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(0x08),
                        b'f' => Some(0x0c),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return Err(DeserializeError::at("invalid escape in string", i)),
                    };
                    if let Some(b) = simple {
                        buf.push(b);
                        i += 2;
                        continue;
                    }
                    let hi = hex4(input, i + 2)?;
                    let mut end = i + 6;
                    let cp = match hi {
                        0xD800..=0xDBFF => {
                            if input.get(end) != Some(&b'\\') || input.get(end + 1) != Some(&b'u') {
                                return Err(DeserializeError::at(
                                    "unpaired surrogate in string",
                                    i,
                                ));
                            }
                            let lo = hex4(input, end + 2)?;
                            if !(0xDC00..=0xDFFF).contains(&lo) {
                                return Err(DeserializeError::at(
                                    "unpaired surrogate in string",
                                    i,
                                ));
                            }
                            end += 6;
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        }
                        0xDC00..=0xDFFF => {
                            return Err(DeserializeError::at("unpaired surrogate in string", i))
                        }
                        _ => hi,
                    };
                    let ch = char::from_u32(cp)
                        .ok_or_else(|| DeserializeError::at("invalid unicode escape", i))?;
                    let mut tmp = [0u8; 4];
                    buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                    i = end;
                }
                Some(&b) if b < 0x20 => {
                    return Err(DeserializeError::at("control character in string", i))
                }
                Some(&b) => {
                    buf.push(b);
                    i += 1;
                }
            }
        }
        let s = String::from_utf8(buf)
            .map_err(|_| DeserializeError::at("invalid UTF-8 in string", start))?;
        self.pos = i;
        Ok(Cow::Owned(s))
    }

    /// Reads `true` or `false`.
    pub fn read_bool(&mut self) -> Result<bool, DeserializeError> {
        self.skip_ws();
        if self.rest().starts_with(b"true") {
            self.pos += 4;
            Ok(true)
        } else if self.rest().starts_with(b"false") {
            self.pos += 5;
            Ok(false)
        } else {
            Err(self.expected("boolean"))
        }
    }

    /// Reads a number literal, returning its text and start offset.
    fn number(&mut self) -> Result<(&'a str, usize), DeserializeError> {
        self.skip_ws();
        let start = self.pos;
        let rest = self.rest();
        let len = json_number_len(rest).ok_or_else(|| self.expected("number"))?;
        // A number literal is pure ASCII, so this cannot fail.
        let text = std::str::from_utf8(&rest[..len]).map_err(|_| self.expected("number"))?;
        self.pos += len;
        Ok((text, start))
    }

    /// Reads the raw text of a number literal (for big numbers).
    pub fn read_number_text(&mut self) -> Result<&'a str, DeserializeError> {
        self.number().map(|(text, _)| text)
    }

    /// Reads an integer. Numbers with a fraction or exponent are accepted only when their value
    /// is an exact integer (e.g. `1.0`, `1e3`); overflow is an error.
    pub fn read_i64(&mut self) -> Result<i64, DeserializeError> {
        let (text, start) = self.number()?;
        if is_plain_integer(text) {
            return text
                .parse::<i64>()
                .map_err(|_| DeserializeError::at(format!("integer {text} out of range"), start));
        }
        let v = integral_float(text, start)?;
        if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&v) {
            Ok(v as i64)
        } else {
            Err(DeserializeError::at(
                format!("integer {text} out of range"),
                start,
            ))
        }
    }

    /// Reads a non-negative integer (same rules as [`read_i64`](Self::read_i64)).
    pub fn read_u64(&mut self) -> Result<u64, DeserializeError> {
        let (text, start) = self.number()?;
        if is_plain_integer(text) {
            return text
                .parse::<u64>()
                .map_err(|_| DeserializeError::at(format!("integer {text} out of range"), start));
        }
        let v = integral_float(text, start)?;
        if (0.0..18_446_744_073_709_551_616.0).contains(&v) {
            Ok(v as u64)
        } else {
            Err(DeserializeError::at(
                format!("integer {text} out of range"),
                start,
            ))
        }
    }

    /// Reads a double: a JSON number or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn read_f64(&mut self) -> Result<f64, DeserializeError> {
        if self.peek() == Some(b'"') {
            let start = self.pos;
            let s = self.parse_string()?;
            return match &*s {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(DeserializeError {
                    message: "expected number".to_owned(),
                    offset: Some(start),
                    found: Some("string"),
                }),
            };
        }
        let (text, start) = self.number()?;
        text.parse::<f64>()
            .map_err(|_| DeserializeError::at(format!("invalid number {text}"), start))
    }

    /// Reads a timestamp. A JSON number is always read as epoch seconds (whatever `format`
    /// says); a string is parsed in `format`, falling back to the other formats.
    pub fn read_timestamp(
        &mut self,
        format: TimestampFormat,
    ) -> Result<DateTime, DeserializeError> {
        match self.peek() {
            Some(b'"') => {
                let start = self.pos;
                let s = self.parse_string()?;
                parse_timestamp_lenient(&s, format)
                    .map_err(|e| DeserializeError::at(e.to_string(), start))
            }
            Some(b'-' | b'0'..=b'9') => {
                let (text, start) = self.number()?;
                DateTime::parse(text, TimestampFormat::EpochSeconds)
                    .map_err(|e| DeserializeError::at(e.to_string(), start))
            }
            _ => Err(self.expected("timestamp")),
        }
    }

    /// Reads a timestamp, or `None` for `null`.
    pub fn read_opt_timestamp(
        &mut self,
        format: TimestampFormat,
    ) -> Result<Option<DateTime>, DeserializeError> {
        if self.next_is_null()? {
            self.read_null()?;
            Ok(None)
        } else {
            self.read_timestamp(format).map(Some)
        }
    }

    /// Reads a base64 string (standard alphabet, padding optional).
    pub fn read_blob(&mut self) -> Result<Blob, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("base64 string"));
        }
        let start = self.pos;
        let s = self.parse_string()?;
        crate::primitives::blob::BASE64_LENIENT
            .decode(s.as_bytes())
            .map(Blob::from)
            .map_err(|e| DeserializeError::at(format!("invalid base64: {e}"), start))
    }

    /// Reads any JSON value as a [`Document`].
    pub fn read_document(&mut self) -> Result<Document, DeserializeError> {
        match self.peek() {
            Some(b'{') => {
                let mut members = BTreeMap::new();
                self.read_object(|r, k| {
                    let v = r.read_document()?;
                    members.insert(k.to_owned(), v);
                    Ok(())
                })?;
                Ok(Document::Object(members))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.read_array(|r| {
                    items.push(r.read_document()?);
                    Ok(())
                })?;
                Ok(Document::Array(items))
            }
            Some(b'"') => Ok(Document::String(self.read_string()?)),
            Some(b't' | b'f') => Ok(Document::Bool(self.read_bool()?)),
            Some(b'n') => {
                self.read_null()?;
                Ok(Document::Null)
            }
            Some(b'-' | b'0'..=b'9') => {
                let (text, start) = self.number()?;
                let n = if is_plain_integer(text) {
                    if text.starts_with('-') {
                        text.parse::<i64>().ok().map(Number::from)
                    } else {
                        text.parse::<u64>().ok().map(Number::PosInt)
                    }
                } else {
                    None
                };
                match n {
                    Some(n) => Ok(Document::Number(n)),
                    None => text
                        .parse::<f64>()
                        .map(|f| Document::Number(Number::Float(f)))
                        .map_err(|_| DeserializeError::at(format!("invalid number {text}"), start)),
                }
            }
            _ => Err(self.expected("value")),
        }
    }

    /// Skips one value of any type (validating it), respecting the nesting limit.
    pub fn skip_value(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b'{') => self.read_object(|r, _| r.skip_value()),
            Some(b'[') => self.read_array(|r| r.skip_value()),
            Some(b'"') => self.parse_string().map(drop),
            Some(b't' | b'f') => self.read_bool().map(drop),
            Some(b'n') => self.read_null(),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            _ => Err(self.expected("value")),
        }
    }

    /// Reads a value of type `T`; `null` gives `Ok(None)` (see
    /// [`JsonDeserialize::read_json_nullable`]).
    pub fn read<T: JsonDeserialize>(&mut self) -> Result<Option<T>, DeserializeError> {
        T::read_json_nullable(self)
    }

    /// Reads a value into `slot`, leaving it untouched when the value is `null` (for members
    /// that are not `Option`s: a `null` keeps their default).
    pub fn read_into<T: JsonDeserialize>(&mut self, slot: &mut T) -> Result<(), DeserializeError> {
        if let Some(v) = T::read_json_nullable(self)? {
            *slot = v;
        }
        Ok(())
    }

    /// Like [`read_into`](Self::read_into), for a timestamp in the given format.
    pub fn read_timestamp_into(
        &mut self,
        slot: &mut DateTime,
        format: TimestampFormat,
    ) -> Result<(), DeserializeError> {
        if let Some(v) = self.read_opt_timestamp(format)? {
            *slot = v;
        }
        Ok(())
    }

    /// Reads a value of type `T`; `null` is an error.
    pub fn read_required<T: JsonDeserialize>(&mut self) -> Result<T, DeserializeError> {
        if self.next_is_null()? {
            return Err(self.expected("non-null value"));
        }
        T::read_json(self)
    }

    /// Checks that only whitespace remains.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        if self.peek().is_some() {
            return Err(self.expected("end of input"));
        }
        Ok(())
    }
}

fn hex4(input: &[u8], at: usize) -> Result<u32, DeserializeError> {
    let digits = input
        .get(at..at + 4)
        .ok_or_else(|| DeserializeError::at("truncated unicode escape", at))?;
    let mut v = 0u32;
    for &d in digits {
        let n = (d as char)
            .to_digit(16)
            .ok_or_else(|| DeserializeError::at("invalid unicode escape", at))?;
        v = v * 16 + n;
    }
    Ok(v)
}

fn is_plain_integer(text: &str) -> bool {
    !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
}

/// Parses a number with fraction/exponent that must nevertheless be an exact integer.
fn integral_float(text: &str, start: usize) -> Result<f64, DeserializeError> {
    let v: f64 = text
        .parse()
        .map_err(|_| DeserializeError::at(format!("invalid number {text}"), start))?;
    // Beyond 2^53 a float cannot be trusted to be the integer that was written.
    if v.is_finite() && v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0 {
        Ok(v)
    } else {
        Err(DeserializeError::at(
            format!("expected integer, found {text}"),
            start,
        ))
    }
}

fn parse_timestamp_lenient(
    s: &str,
    format: TimestampFormat,
) -> Result<DateTime, crate::primitives::DateTimeParseError> {
    DateTime::parse(s, format).or_else(|err| {
        [
            TimestampFormat::DateTime,
            TimestampFormat::HttpDate,
            TimestampFormat::EpochSeconds,
        ]
        .into_iter()
        .filter(|f| *f != format)
        .find_map(|f| DateTime::parse(s, f).ok())
        .ok_or(err)
    })
}

/// Types that can be read from one JSON value.
pub trait JsonDeserialize: Sized {
    /// Reads one value. `null` is handled by [`read_json_nullable`](Self::read_json_nullable);
    /// here it is a type error (except for types that accept it, like `Option` and `Document`).
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError>;

    /// `null` → `None`, otherwise `Some(read_json)`. `Option<T>` overrides this so that `null`
    /// gives `Some(None)`, and `Document` so that `null` gives `Some(Document::Null)`.
    fn read_json_nullable(r: &mut JsonReader<'_>) -> Result<Option<Self>, DeserializeError> {
        if r.next_is_null()? {
            r.read_null()?;
            Ok(None)
        } else {
            Self::read_json(r).map(Some)
        }
    }
}

/// Parses a whole body. Empty or whitespace-only input is read as `{}`; anything but whitespace
/// after the value is an error. A leading UTF-8 byte-order mark is ignored.
pub fn from_slice<T: JsonDeserialize>(body: &[u8]) -> Result<T, DeserializeError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let body: &[u8] = if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        b"{}"
    } else {
        body
    };
    let mut r = JsonReader::new(body);
    let v = T::read_json(&mut r)?;
    r.finish()?;
    Ok(v)
}

impl JsonDeserialize for String {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_string()
    }
}

impl JsonDeserialize for bool {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_bool()
    }
}

macro_rules! deserialize_int {
    ($read:ident: $($t:ty),*) => {$(
        impl JsonDeserialize for $t {
            fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
                r.skip_ws();
                let start = r.pos;
                let v = r.$read()?;
                <$t>::try_from(v).map_err(|_| {
                    DeserializeError::at(
                        format!("integer {v} out of range for {}", stringify!($t)),
                        start,
                    )
                })
            }
        }
    )*};
}
deserialize_int!(read_i64: i8, i16, i32, i64);
deserialize_int!(read_u64: u8, u16, u32, u64);

impl JsonDeserialize for f32 {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_f64().map(|v| v as f32)
    }
}

impl JsonDeserialize for f64 {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_f64()
    }
}

impl JsonDeserialize for Blob {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_blob()
    }
}

impl JsonDeserialize for DateTime {
    /// Epoch seconds (a number), or a string in any supported timestamp format.
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_timestamp(TimestampFormat::EpochSeconds)
    }
}

impl JsonDeserialize for Document {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_document()
    }

    /// `null` is a document value: gives `Some(Document::Null)`.
    fn read_json_nullable(r: &mut JsonReader<'_>) -> Result<Option<Self>, DeserializeError> {
        r.read_document().map(Some)
    }
}

/// Reads big-number text from a number literal or a string.
fn read_big_text<'a>(r: &mut JsonReader<'a>) -> Result<(Cow<'a, str>, usize), DeserializeError> {
    match r.peek() {
        Some(b'"') => {
            let start = r.pos;
            Ok((r.parse_string()?, start))
        }
        Some(b'-' | b'0'..=b'9') => {
            let (text, start) = r.number()?;
            Ok((Cow::Borrowed(text), start))
        }
        _ => Err(r.expected("number")),
    }
}

impl JsonDeserialize for BigInteger {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let (text, start) = read_big_text(r)?;
        text.parse()
            .map_err(|e: crate::primitives::BigNumberParseError| {
                DeserializeError::at(e.to_string(), start)
            })
    }
}

impl JsonDeserialize for BigDecimal {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let (text, start) = read_big_text(r)?;
        text.parse()
            .map_err(|e: crate::primitives::BigNumberParseError| {
                DeserializeError::at(e.to_string(), start)
            })
    }
}

impl<T: JsonDeserialize> JsonDeserialize for Option<T> {
    /// `null` → `None`.
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        T::read_json_nullable(r)
    }

    /// `null` → `Some(None)`, so sparse collections keep their nulls.
    fn read_json_nullable(r: &mut JsonReader<'_>) -> Result<Option<Self>, DeserializeError> {
        T::read_json_nullable(r).map(Some)
    }
}

impl<T: JsonDeserialize> JsonDeserialize for Vec<T> {
    /// Elements that read as `None` (`null` in a dense list) are skipped.
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut out = Vec::new();
        r.read_array(|r| {
            if let Some(v) = T::read_json_nullable(r)? {
                out.push(v);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

impl<T: JsonDeserialize> JsonDeserialize for Box<T> {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        T::read_json(r).map(Box::new)
    }

    fn read_json_nullable(r: &mut JsonReader<'_>) -> Result<Option<Self>, DeserializeError> {
        T::read_json_nullable(r).map(|v| v.map(Box::new))
    }
}

impl<V: JsonDeserialize, S: BuildHasher + Default> JsonDeserialize for HashMap<String, V, S> {
    /// Values that read as `None` (`null` in a dense map) are skipped; duplicate keys keep the
    /// last value.
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut out = HashMap::with_hasher(S::default());
        r.read_object(|r, k| {
            if let Some(v) = V::read_json_nullable(r)? {
                out.insert(k.to_owned(), v);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

impl<V: JsonDeserialize> JsonDeserialize for BTreeMap<String, V> {
    /// Values that read as `None` (`null` in a dense map) are skipped; duplicate keys keep the
    /// last value.
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut out = BTreeMap::new();
        r.read_object(|r, k| {
            if let Some(v) = V::read_json_nullable(r)? {
                out.insert(k.to_owned(), v);
            }
            Ok(())
        })?;
        Ok(out)
    }
}
