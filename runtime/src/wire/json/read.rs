//! Reading JSON: the pull parser [`JsonReader`] (never panicking on malformed input, nesting
//! limited to [`MAX_DEPTH`]), the [`JsonDeserialize`] trait generated types implement, and
//! [`from_slice`] for a whole body.
//!
//! Wire layer: reads bytes; it must not know HTTP responses, clients or generated types beyond
//! the trait.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use base64::Engine as _;

use super::MAX_DEPTH;
use crate::primitives::number::json_number_len;
use crate::primitives::{
    BigDecimal, BigInteger, Blob, DateTime, Document, Number, TimestampFormat,
};
use crate::wire::error::DeserializeError;

#[cfg(feature = "cbor")]
mod cbor_mode;

///
/// Every `read_*` method skips leading whitespace and consumes exactly one value (or fails).
/// Generated code calls [`read_object`](Self::read_object) with a closure that dispatches on the
/// member name and reads (or [`skip_value`](Self::skip_value)s) the member's value.
///
/// A CBOR reader ([`JsonReader::cbor`], feature `cbor`) makes the same reads over CBOR data
/// items (see `read/cbor_mode.rs` for the mapping).
#[derive(Clone, Debug)]
pub struct JsonReader<'a> {
    input: &'a [u8],
    /// The input as text when it is valid UTF-8 (checked once, in [`JsonReader::new`]): strings
    /// are then sliced from it without a UTF-8 check each. `None`: each string is checked.
    text: Option<&'a str>,
    pos: usize,
    depth: usize,
    /// Whether the input is CBOR.
    #[cfg(feature = "cbor")]
    cbor: bool,
}

/// In CBOR mode, returns what the CBOR mode's method gives.
macro_rules! cbor_mode {
    ($self:ident, $e:expr) => {
        #[cfg(feature = "cbor")]
        if $self.cbor {
            return $e;
        }
    };
}

impl<'a> JsonReader<'a> {
    /// Creates a reader positioned at the start of `input`.
    pub fn new(input: &'a [u8]) -> Self {
        JsonReader {
            input,
            // One validation of the whole body is much cheaper than one per string (and most
            // bodies are valid); an invalid body falls back to checking each string, so the
            // error names the string at fault.
            text: std::str::from_utf8(input).ok(),
            pos: 0,
            depth: 0,
            #[cfg(feature = "cbor")]
            cbor: false,
        }
    }

    /// Creates a reader of CBOR data items positioned at the start of `input`.
    #[cfg(feature = "cbor")]
    pub fn cbor(input: &'a [u8]) -> Self {
        JsonReader {
            cbor: true,
            text: None,
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
        // CBOR has no whitespace: these bytes are data items there.
        #[cfg(feature = "cbor")]
        if self.cbor {
            return;
        }
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
        cbor_mode!(
            self,
            DeserializeError::found(format!("expected {what}"), self.pos, self.c_found())
        );
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
        DeserializeError::found(format!("expected {what}"), self.pos, found)
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
        // The loop is compiled once, here, not once per structure in every generated crate.
        self.read_object_dyn(&mut f)
    }

    fn read_object_dyn(
        &mut self,
        f: &mut dyn FnMut(&mut Self, &str) -> Result<(), DeserializeError>,
    ) -> Result<(), DeserializeError> {
        cbor_mode!(self, self.c_read_object(f));
        self.open(b'{', "object")?;
        let result = self.object_members(f);
        self.depth -= 1;
        result
    }

    fn object_members(
        &mut self,
        f: &mut dyn FnMut(&mut Self, &str) -> Result<(), DeserializeError>,
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
        self.read_array_dyn(&mut f)
    }

    fn read_array_dyn(
        &mut self,
        f: &mut dyn FnMut(&mut Self) -> Result<(), DeserializeError>,
    ) -> Result<(), DeserializeError> {
        cbor_mode!(self, self.c_read_array(f));
        self.open(b'[', "array")?;
        let result = self.array_elements(f);
        self.depth -= 1;
        result
    }

    fn array_elements(
        &mut self,
        f: &mut dyn FnMut(&mut Self) -> Result<(), DeserializeError>,
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
    #[inline]
    pub fn next_is_null(&mut self) -> Result<bool, DeserializeError> {
        cbor_mode!(self, Ok(self.c_next_is_null()));
        self.skip_ws();
        Ok(self.rest().starts_with(b"null"))
    }

    /// Consumes a `null`.
    pub fn read_null(&mut self) -> Result<(), DeserializeError> {
        if self.next_is_null()? {
            cbor_mode!(self, {
                self.pos += 1;
                Ok(())
            });
            self.pos += 4;
            Ok(())
        } else {
            Err(self.expected("null"))
        }
    }

    /// Reads a string value, decoding all escapes.
    pub fn read_string(&mut self) -> Result<String, DeserializeError> {
        cbor_mode!(self, self.c_read_str().map(Cow::into_owned));
        if self.peek() != Some(b'"') {
            return Err(self.expected("string"));
        }
        self.parse_string().map(Cow::into_owned)
    }

    /// Reads a string value or `null` (`None`), looking at the next byte once: the path of
    /// every string member.
    fn read_opt_string(&mut self) -> Result<Option<String>, DeserializeError> {
        #[cfg(feature = "cbor")]
        if self.cbor {
            if self.c_next_is_null() {
                self.pos += 1;
                return Ok(None);
            }
            return self.c_read_str().map(|s| Some(s.into_owned()));
        }
        match self.peek() {
            Some(b'"') => self.parse_string().map(|s| Some(s.into_owned())),
            Some(b'n') if self.rest().starts_with(b"null") => {
                self.pos += 4;
                Ok(None)
            }
            _ => Err(self.expected("string")),
        }
    }

    /// Reads a string value, borrowing from the input when it has no escapes (enum values,
    /// say, which are matched and not kept).
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        cbor_mode!(self, self.c_read_str());
        if self.peek() != Some(b'"') {
            return Err(self.expected("string"));
        }
        self.parse_string()
    }

    /// Parses the string starting at `self.pos` (which must be a `"`), borrowing from the input
    /// when there are no escapes.
    #[inline]
    fn parse_string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        match self.plain_string() {
            Some(s) => Ok(Cow::Borrowed(s)),
            None => self.parse_string_slow(),
        }
    }

    /// The string starting at `self.pos` (a `"`) when it has no escapes and the input is
    /// checked UTF-8, as most are: small enough to be inlined where strings are read, and
    /// returned in registers. `None` leaves the position alone, for
    /// [`parse_string_slow`](Self::parse_string_slow).
    #[inline]
    fn plain_string(&mut self) -> Option<&'a str> {
        let text = self.text?;
        let start = self.pos + 1;
        let end = special_byte(self.input, start);
        if self.input.get(end) != Some(&b'"') {
            return None;
        }
        let s = text.get(start..end)?;
        self.pos = end + 1;
        Some(s)
    }

    /// [`parse_string`](Self::parse_string) for strings with escapes, input that is not valid
    /// UTF-8, and every error.
    #[inline(never)]
    fn parse_string_slow(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let input = self.input;
        let open = self.pos;
        let start = open + 1;
        let mut i = special_byte(input, start);
        match input.get(i) {
            None => return Err(DeserializeError::at("unterminated string", open)),
            Some(b'"') => {
                let s = match self.text.and_then(|text| text.get(start..i)) {
                    Some(s) => s,
                    None => std::str::from_utf8(&input[start..i]).map_err(|e| {
                        DeserializeError::at("invalid UTF-8 in string", start + e.valid_up_to())
                    })?,
                };
                self.pos = i + 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => return Err(DeserializeError::at("control character in string", i)),
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
                Some(_) => {
                    let end = special_byte(input, i);
                    buf.extend_from_slice(&input[i..end]);
                    i = end;
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
        cbor_mode!(self, self.c_read_bool());
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
    /// A CBOR reader has no number text: use a big-number type's `read_json`.
    pub fn read_number_text(&mut self) -> Result<&'a str, DeserializeError> {
        cbor_mode!(self, Err(self.expected("number text (not in CBOR)")));
        self.number().map(|(text, _)| text)
    }

    /// Reads an integer. Numbers with a fraction or exponent are accepted only when their value
    /// is an exact integer (e.g. `1.0`, `1e3`); overflow is an error.
    pub fn read_i64(&mut self) -> Result<i64, DeserializeError> {
        cbor_mode!(self, self.c_read_i64());
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
        cbor_mode!(self, self.c_read_u64());
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
        cbor_mode!(self, self.c_read_f64());
        if self.peek() == Some(b'"') {
            let start = self.pos;
            let s = self.parse_string()?;
            return match &*s {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(DeserializeError::found("expected number", start, "string")),
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
        cbor_mode!(self, self.c_read_timestamp());
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
        cbor_mode!(self, self.c_read_blob());
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
        cbor_mode!(self, self.c_read_document());
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
        cbor_mode!(self, self.c_skip_value());
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
        cbor_mode!(self, self.c_finish());
        if self.peek().is_some() {
            return Err(self.expected("end of input"));
        }
        Ok(())
    }
}

/// The offset of the first byte at or after `from` that ends a plain run inside a JSON string:
/// `"`, `\\` or a control character (below 0x20); `input.len()` when there is none. Eight bytes
/// at a time: for a word `w`, `(w - 0x01…01·n) & !w & 0x80…80` flags the bytes below `n`, and
/// the lowest flagged byte is always a true one (a borrow only runs upwards, past a true hit),
/// so `trailing_zeros` finds the first special byte; the tail goes byte by byte.
fn special_byte(input: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    let mut i = from;
    while let Some(chunk) = input.get(i..i + 8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let w = u64::from_le_bytes(bytes);
        let hits = below(w ^ (ONES * u64::from(b'"')), 1)
            | below(w ^ (ONES * u64::from(b'\\')), 1)
            | below(w, 0x20);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = input.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    input.len()
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

/// Reads big-number text from a number literal or a string.
fn read_big_text<'a>(r: &mut JsonReader<'a>) -> Result<(Cow<'a, str>, usize), DeserializeError> {
    cbor_mode!(r, r.c_read_big_text());
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
    let mut r = body_reader(body);
    let v = T::read_json(&mut r)?;
    r.finish()?;
    Ok(v)
}

/// The non-generic part of [`from_slice`]: a reader of the body without its byte-order mark,
/// or of `{}` when only whitespace is left.
fn body_reader(body: &[u8]) -> JsonReader<'_> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let body: &[u8] = if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        b"{}"
    } else {
        body
    };
    JsonReader::new(body)
}

/// Parses a whole CBOR body (see [`JsonReader::cbor`]): the plain decoding function over bytes.
/// An empty body is read as an empty map; anything after the one data item is an error.
/// Never panics, whatever the input (nesting is limited to [`MAX_DEPTH`]).
#[cfg(feature = "cbor")]
pub fn from_cbor_slice<T: JsonDeserialize>(body: &[u8]) -> Result<T, DeserializeError> {
    // 0xa0: the empty map.
    let body: &[u8] = if body.is_empty() { &[0xa0] } else { body };
    let mut r = JsonReader::cbor(body);
    let v = T::read_json(&mut r)?;
    r.finish()?;
    Ok(v)
}

impl JsonDeserialize for String {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_string()
    }

    fn read_json_nullable(r: &mut JsonReader<'_>) -> Result<Option<Self>, DeserializeError> {
        r.read_opt_string()
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
