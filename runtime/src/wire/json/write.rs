//! Writing JSON: [`JsonWriter`] (compact text, with guards for objects and arrays), the
//! [`JsonSerialize`] trait generated types implement, and [`to_vec`]. With the feature `cbor`,
//! a writer made by [`JsonWriter::cbor`] writes the same values as CBOR instead (`to_cbor_vec`).
//!
//! Wire layer: produces text; it must not know requests, clients or generated types beyond the
//! trait.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use base64::Engine as _;
use std::hash::BuildHasher;

use crate::primitives::number::is_json_number;
use crate::primitives::{
    BigDecimal, BigInteger, Blob, DateTime, Document, Number, TimestampFormat,
};
#[cfg(feature = "cbor")]
use crate::wire::cbor;

/// A writer of one JSON (or CBOR) value.
///
/// Values are appended in order; [`object`](Self::object) and [`array`](Self::array) return
/// guards that insert separators and close the container when ended or dropped.
///
/// A CBOR writer (`JsonWriter::cbor`, feature `cbor`) writes the same calls as CBOR data items
/// (objects and arrays as indefinite-length maps and arrays): blobs become byte strings,
/// timestamps tag 1 around epoch seconds whatever the format asked, non-finite floats stay
/// floats. Its text ([`as_str`](Self::as_str), [`into_string`](Self::into_string)) is empty; its
/// bytes are [`into_bytes`](Self::into_bytes).
#[derive(Clone, Debug, Default)]
pub struct JsonWriter {
    out: String,
    /// Big numbers as JSON strings (see [`JsonWriter::with_string_big_numbers`]).
    string_big_numbers: bool,
    /// The CBOR output, for a CBOR writer.
    #[cfg(feature = "cbor")]
    cbor: Option<Vec<u8>>,
}

impl JsonWriter {
    /// Creates an empty writer.
    pub fn new() -> Self {
        JsonWriter::default()
    }

    /// Creates an empty writer that writes CBOR.
    #[cfg(feature = "cbor")]
    pub fn cbor() -> Self {
        JsonWriter {
            cbor: Some(Vec::new()),
            ..JsonWriter::default()
        }
    }

    /// Creates an empty JSON writer that writes big numbers (`BigInteger`, `BigDecimal`) as JSON
    /// strings, keeping their precision from readers that hold numbers as doubles (rpcv2Json
    /// asks for this).
    pub fn with_string_big_numbers() -> Self {
        JsonWriter {
            string_big_numbers: true,
            ..JsonWriter::default()
        }
    }

    /// Returns the JSON text written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Consumes the writer, returning the JSON text.
    pub fn into_string(self) -> String {
        self.out
    }

    /// Consumes the writer, returning the JSON text as bytes (the CBOR bytes of a CBOR writer).
    pub fn into_bytes(self) -> Vec<u8> {
        #[cfg(feature = "cbor")]
        if let Some(bytes) = self.cbor {
            return bytes;
        }
        self.out.into_bytes()
    }

    /// Writes a string value, escaping quotes, backslashes and control characters.
    pub fn string(&mut self, v: &str) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_text(b, v);
        }
        push_escaped(&mut self.out, v);
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, v: bool) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_bool(b, v);
        }
        self.out.push_str(if v { "true" } else { "false" });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_null(b);
        }
        self.out.push_str("null");
    }

    /// Writes a signed integer.
    pub fn i64(&mut self, v: i64) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_i64(b, v);
        }
        let _ = write!(self.out, "{v}");
    }

    /// Writes an unsigned integer.
    pub fn u64(&mut self, v: u64) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_u64(b, v);
        }
        let _ = write!(self.out, "{v}");
    }

    /// Writes a double. Non-finite values become the strings `"NaN"`, `"Infinity"` and
    /// `"-Infinity"`; finite values use the shortest text that round-trips exactly.
    pub fn f64(&mut self, v: f64) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_f64(b, v);
        }
        if let Some(s) = non_finite_name(v) {
            self.string(s);
        } else {
            let _ = write!(self.out, "{v:?}");
        }
    }

    /// Writes a float using the shortest text that round-trips to the same `f32`.
    pub fn f32(&mut self, v: f32) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_f32(b, v);
        }
        if let Some(s) = non_finite_name(f64::from(v)) {
            self.string(s);
        } else {
            let _ = write!(self.out, "{v:?}");
        }
    }

    /// Writes a number literal verbatim (for big numbers). Text that is not a valid JSON number
    /// is written as a JSON string instead, so the output always stays well-formed.
    ///
    /// CBOR: an integer when the text is one in the 64-bit range, else a double when it is a
    /// JSON number, else a text string.
    pub fn raw_number(&mut self, v: &str) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return if let Ok(n) = v.parse::<i64>() {
                cbor::write_i64(b, n)
            } else if let Ok(n) = v.parse::<u64>() {
                cbor::write_u64(b, n)
            } else if let (true, Ok(f)) = (is_json_number(v), v.parse::<f64>()) {
                cbor::write_f64(b, f)
            } else {
                cbor::write_text(b, v)
            };
        }
        if is_json_number(v) && !self.string_big_numbers {
            self.out.push_str(v);
        } else {
            self.string(v);
        }
    }

    /// Writes a timestamp: epoch seconds as a JSON number, the other formats as JSON strings.
    /// A timestamp that cannot be formatted as requested (year outside `0000..=9999`) is written
    /// as epoch seconds. CBOR: tag 1 around epoch seconds, whatever `format` says.
    pub fn timestamp(&mut self, v: &DateTime, format: TimestampFormat) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_epoch_seconds(b, v.secs(), v.subsec_nanos());
        }
        if format != TimestampFormat::EpochSeconds {
            if let Ok(s) = v.fmt(format) {
                self.string(&s);
                return;
            }
        }
        v.write_epoch_seconds(&mut self.out);
    }

    /// Writes bytes as a base64 (standard alphabet, padded) string; CBOR: a byte string.
    pub fn blob(&mut self, v: &[u8]) {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            return cbor::write_bytes(b, v);
        }
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
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            cbor::begin_map(b);
            return ObjectWriter {
                w: self,
                first: true,
            };
        }
        self.out.push('{');
        ObjectWriter {
            w: self,
            first: true,
        }
    }

    /// Starts an array; elements are added through the returned guard.
    pub fn array(&mut self) -> ArrayWriter<'_> {
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.cbor {
            cbor::begin_array(b);
            return ArrayWriter {
                w: self,
                first: true,
            };
        }
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
        #[cfg(feature = "cbor")]
        if self.w.cbor.is_some() {
            self.w.string(key);
            return self.w;
        }
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
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.w.cbor {
            return cbor::write_break(b);
        }
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
        #[cfg(feature = "cbor")]
        if self.w.cbor.is_some() {
            return self.w;
        }
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
        #[cfg(feature = "cbor")]
        if let Some(b) = &mut self.w.cbor {
            return cbor::write_break(b);
        }
        self.w.out.push(']');
    }
}

/// Types that can be written as one JSON value.
pub trait JsonSerialize {
    /// Writes `self` as exactly one JSON value.
    fn write_json(&self, w: &mut JsonWriter);
}

/// Serializes a value to JSON bytes.
pub fn to_vec<T: JsonSerialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut w = JsonWriter::new();
    w.value(v);
    w.into_bytes()
}

/// Serializes a value to JSON bytes, big numbers as strings (see
/// [`JsonWriter::with_string_big_numbers`]).
pub fn to_vec_string_big_numbers<T: JsonSerialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut w = JsonWriter::with_string_big_numbers();
    w.value(v);
    w.into_bytes()
}

/// Serializes a value to CBOR bytes (see `JsonWriter::cbor`).
#[cfg(feature = "cbor")]
pub fn to_cbor_vec<T: JsonSerialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut w = JsonWriter::cbor();
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
