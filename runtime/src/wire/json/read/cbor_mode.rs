//! The CBOR mode of [`JsonReader`] (feature `cbor`): the same reads over CBOR data items, so the
//! generated `JsonDeserialize` impls read rpcv2Cbor bodies too.
//!
//! Mapping: maps are objects (keys must be text strings), arrays are arrays, definite or
//! indefinite length; `null` and `undefined` are null; integers and floats (half, single,
//! double) are numbers, and an integral float reads as an integer; a timestamp is epoch seconds,
//! tagged 1 or not; a blob is a byte string; big numbers also come as tags 2 and 3 (bignums) and
//! 4 (decimal fractions). Other tags are skipped, their content read as if untagged.
//!
//! Nesting counts against [`MAX_DEPTH`] as in JSON; every step consumes input, so hostile
//! lengths end at the end of input with an error.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{JsonReader, MAX_DEPTH};
use crate::primitives::{Blob, DateTime, Document, Number, TimestampFormat};
use crate::wire::cbor::{self, Token};
use crate::wire::error::DeserializeError;

type Result<T> = std::result::Result<T, DeserializeError>;

/// Break: the end of an indefinite-length item.
const BREAK: u8 = 0xff;

impl<'a> JsonReader<'a> {
    /// Consumes the next token.
    fn c_next(&mut self) -> Result<Token<'a>> {
        let (token, pos) = cbor::next(self.input, self.pos)?;
        self.pos = pos;
        Ok(token)
    }

    /// Consumes the next token after any tags, returning it and the last tag seen.
    fn c_untagged(&mut self) -> Result<(Token<'a>, Option<u64>)> {
        let mut tag = None;
        loop {
            match self.c_next()? {
                Token::Tag(t) => tag = Some(t),
                token => return Ok((token, tag)),
            }
        }
    }

    /// The error for an unexpected token that started at `start`.
    fn c_wrong(&self, what: &str, start: usize, found: &Token<'_>) -> DeserializeError {
        DeserializeError::found(format!("expected {what}"), start, found.kind())
    }

    /// What the next item is, for [`JsonReader::expected`].
    pub(super) fn c_found(&self) -> &'static str {
        match cbor::next(self.input, self.pos) {
            Ok((token, _)) => token.kind(),
            Err(_) if self.pos >= self.input.len() => "end of input",
            Err(_) => "invalid CBOR",
        }
    }

    fn c_enter(&mut self, start: usize) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(DeserializeError::at(
                format!("nesting deeper than {MAX_DEPTH} levels"),
                start,
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Whether the next byte closes an indefinite-length item (and consumes it if so).
    fn c_at_break(&mut self) -> bool {
        if self.input.get(self.pos) == Some(&BREAK) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn c_read_object(
        &mut self,
        f: &mut dyn FnMut(&mut Self, &str) -> Result<()>,
    ) -> Result<()> {
        let start = self.pos;
        let len = match self.c_untagged()?.0 {
            Token::Map(len) => len,
            other => return Err(self.c_wrong("map", start, &other)),
        };
        self.c_enter(start)?;
        let result = self.c_members(len, f);
        self.depth -= 1;
        result
    }

    fn c_members(
        &mut self,
        len: Option<u64>,
        f: &mut dyn FnMut(&mut Self, &str) -> Result<()>,
    ) -> Result<()> {
        let mut left = len;
        loop {
            match &mut left {
                Some(0) => return Ok(()),
                Some(n) => *n -= 1,
                None if self.c_at_break() => return Ok(()),
                None => {}
            }
            let start = self.pos;
            let key = match self.c_untagged()?.0 {
                Token::Text(key) => key,
                other => return Err(self.c_wrong("text map key", start, &other)),
            };
            f(self, &key)?;
        }
    }

    pub(super) fn c_read_array(
        &mut self,
        f: &mut dyn FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let start = self.pos;
        let len = match self.c_untagged()?.0 {
            Token::Array(len) => len,
            other => return Err(self.c_wrong("array", start, &other)),
        };
        self.c_enter(start)?;
        let result = self.c_elements(len, f);
        self.depth -= 1;
        result
    }

    fn c_elements(
        &mut self,
        len: Option<u64>,
        f: &mut dyn FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let mut left = len;
        loop {
            match &mut left {
                Some(0) => return Ok(()),
                Some(n) => *n -= 1,
                None if self.c_at_break() => return Ok(()),
                None => {}
            }
            f(self)?;
        }
    }

    pub(super) fn c_next_is_null(&self) -> bool {
        // 0xf6 null, 0xf7 undefined.
        matches!(self.input.get(self.pos), Some(0xf6 | 0xf7))
    }

    pub(super) fn c_read_str(&mut self) -> Result<Cow<'a, str>> {
        let start = self.pos;
        match self.c_untagged()?.0 {
            Token::Text(s) => Ok(s),
            other => Err(self.c_wrong("text string", start, &other)),
        }
    }

    pub(super) fn c_read_bool(&mut self) -> Result<bool> {
        let start = self.pos;
        match self.c_untagged()?.0 {
            Token::Bool(b) => Ok(b),
            other => Err(self.c_wrong("boolean", start, &other)),
        }
    }

    /// An integer, or an integral float, as `i128`.
    fn c_integer(&mut self) -> Result<(i128, usize)> {
        let start = self.pos;
        match self.c_untagged()?.0 {
            Token::Int(i) => Ok((i, start)),
            // Beyond 2^53 a float cannot be trusted to be the integer that was meant.
            Token::Float(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
                Ok((f as i128, start))
            }
            Token::Float(f) => Err(DeserializeError::at(
                format!("expected integer, found {f}"),
                start,
            )),
            other => Err(self.c_wrong("integer", start, &other)),
        }
    }

    pub(super) fn c_read_i64(&mut self) -> Result<i64> {
        let (i, start) = self.c_integer()?;
        i64::try_from(i)
            .map_err(|_| DeserializeError::at(format!("integer {i} out of range"), start))
    }

    pub(super) fn c_read_u64(&mut self) -> Result<u64> {
        let (i, start) = self.c_integer()?;
        u64::try_from(i)
            .map_err(|_| DeserializeError::at(format!("integer {i} out of range"), start))
    }

    pub(super) fn c_read_f64(&mut self) -> Result<f64> {
        let start = self.pos;
        match self.c_untagged()?.0 {
            Token::Float(f) => Ok(f),
            Token::Int(i) => Ok(i as f64),
            other => Err(self.c_wrong("number", start, &other)),
        }
    }

    /// Epoch seconds: tag 1 around an integer or a float (the tag is optional when reading).
    pub(super) fn c_read_timestamp(&mut self) -> Result<DateTime> {
        let start = self.pos;
        match self.c_untagged()? {
            (Token::Int(i), None | Some(cbor::TAG_EPOCH_SECONDS)) => i64::try_from(i)
                .map(DateTime::from_secs)
                .map_err(|_| DeserializeError::at(format!("timestamp {i} out of range"), start)),
            // The shortest text that reads back as the same double is the value the sender
            // meant (`946845296.123`, not the double's exact binary expansion).
            (Token::Float(f), None | Some(cbor::TAG_EPOCH_SECONDS)) if f.is_finite() => {
                DateTime::parse(&format!("{f:?}"), TimestampFormat::EpochSeconds)
                    .map_err(|e| DeserializeError::at(e.to_string(), start))
            }
            (other, _) => Err(self.c_wrong("epoch-seconds timestamp (tag 1)", start, &other)),
        }
    }

    pub(super) fn c_read_blob(&mut self) -> Result<Blob> {
        let start = self.pos;
        match self.c_untagged()?.0 {
            Token::Bytes(b) => Ok(Blob::from(b.into_owned())),
            other => Err(self.c_wrong("byte string", start, &other)),
        }
    }

    /// Big-number text: an integer, a float, a bignum (tags 2 and 3), a decimal fraction (tag 4)
    /// or a text string.
    pub(super) fn c_read_big_text(&mut self) -> Result<(Cow<'a, str>, usize)> {
        let start = self.pos;
        let text = match self.c_untagged()? {
            (Token::Int(i), _) => i.to_string(),
            (Token::Float(f), _) => format!("{f:?}"),
            (Token::Text(s), _) => return Ok((s, start)),
            (Token::Bytes(b), Some(2)) => bignum_text(&b, false),
            (Token::Bytes(b), Some(3)) => bignum_text(&b, true),
            (Token::Array(Some(2)), Some(4)) => {
                let exponent = self.c_read_i64()?;
                let mantissa = self.c_read_mantissa()?;
                decimal_fraction_text(&mantissa, exponent)
            }
            (other, _) => return Err(self.c_wrong("number", start, &other)),
        };
        Ok((Cow::Owned(text), start))
    }

    /// The mantissa of a decimal fraction: an integer or a bignum (not another fraction, so
    /// that hostile nesting cannot recurse).
    fn c_read_mantissa(&mut self) -> Result<String> {
        let start = self.pos;
        match self.c_untagged()? {
            (Token::Int(i), _) => Ok(i.to_string()),
            (Token::Bytes(b), Some(2)) => Ok(bignum_text(&b, false)),
            (Token::Bytes(b), Some(3)) => Ok(bignum_text(&b, true)),
            (other, _) => Err(self.c_wrong("integer mantissa", start, &other)),
        }
    }

    pub(super) fn c_read_document(&mut self) -> Result<Document> {
        // Tags carry no meaning in a document; skipped in a loop, so that a long run of them
        // cannot exhaust the stack.
        while let Ok((Token::Tag(_), after)) = cbor::next(self.input, self.pos) {
            self.pos = after;
        }
        let start = self.pos;
        if self.c_next_is_null() {
            self.pos += 1;
            return Ok(Document::Null);
        }
        let (token, _) = cbor::next(self.input, self.pos)?;
        Ok(match token {
            Token::Map(_) => {
                let mut members = BTreeMap::new();
                self.c_read_object(&mut |r, k| {
                    let v = r.c_read_document()?;
                    members.insert(k.to_owned(), v);
                    Ok(())
                })?;
                Document::Object(members)
            }
            Token::Array(_) => {
                let mut items = Vec::new();
                self.c_read_array(&mut |r| {
                    items.push(r.c_read_document()?);
                    Ok(())
                })?;
                Document::Array(items)
            }
            _ => match self.c_next()? {
                Token::Text(s) => Document::String(s.into_owned()),
                Token::Bool(b) => Document::Bool(b),
                Token::Int(i) => match (u64::try_from(i), i64::try_from(i)) {
                    (Ok(n), _) => Document::Number(Number::PosInt(n)),
                    (_, Ok(n)) => Document::Number(Number::NegInt(n)),
                    _ => Document::Number(Number::Float(i as f64)),
                },
                Token::Float(f) => Document::Number(Number::Float(f)),
                other => return Err(self.c_wrong("document value", start, &other)),
            },
        })
    }

    pub(super) fn c_skip_value(&mut self) -> Result<()> {
        let start = self.pos;
        match self.c_untagged()?.0 {
            Token::Map(len) => {
                self.c_enter(start)?;
                let result = self.c_members(len, &mut |r, _| r.c_skip_value());
                self.depth -= 1;
                result
            }
            Token::Array(len) => {
                self.c_enter(start)?;
                let result = self.c_elements(len, &mut |r| r.c_skip_value());
                self.depth -= 1;
                result
            }
            Token::Break => Err(self.c_wrong("value", start, &Token::Break)),
            _ => Ok(()),
        }
    }

    pub(super) fn c_finish(&self) -> Result<()> {
        if self.pos < self.input.len() {
            return Err(DeserializeError::at(
                "data after the end of the CBOR item",
                self.pos,
            ));
        }
        Ok(())
    }
}

/// The decimal text of an RFC 8949 bignum: `n` (tag 2) or `-1 - n` (tag 3).
fn bignum_text(bytes: &[u8], negative: bool) -> String {
    // Base-256 digits to base-10^9 limbs, least significant limb first.
    let mut limbs: Vec<u32> = vec![0];
    for &byte in bytes {
        let mut carry = u64::from(byte);
        for limb in limbs.iter_mut() {
            let v = u64::from(*limb) * 256 + carry;
            *limb = (v % 1_000_000_000) as u32;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push((carry % 1_000_000_000) as u32);
            carry /= 1_000_000_000;
        }
    }
    if negative {
        // -1 - n: add one to n, then negate.
        let mut carry = 1u64;
        for limb in limbs.iter_mut() {
            let v = u64::from(*limb) + carry;
            *limb = (v % 1_000_000_000) as u32;
            carry = v / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    let mut iter = limbs.iter().rev();
    if let Some(top) = iter.next() {
        text.push_str(&top.to_string());
    }
    for limb in iter {
        text.push_str(&format!("{limb:09}"));
    }
    text
}

/// `mantissa × 10^exponent` as decimal text in exponent notation (`123e-2`).
fn decimal_fraction_text(mantissa: &str, exponent: i64) -> String {
    if exponent == 0 {
        mantissa.to_string()
    } else {
        format!("{mantissa}e{exponent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::{BigDecimal, BigInteger};
    use crate::wire::json::{from_cbor_slice, JsonDeserialize};

    #[test]
    fn reads_scalars_and_containers_of_both_lengths() {
        // {"a": [1, -2.5 (f16)], "b": h'0102', "c": 1(1.5)} with an indefinite map and array.
        let bytes = [
            0xbf, 0x61, b'a', 0x9f, 0x01, 0xf9, 0xc1, 0x00, 0xff, 0x61, b'b', 0x42, 1, 2, 0x61,
            b'c', 0xc1, 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0xff,
        ];
        let mut r = JsonReader::cbor(&bytes);
        let mut seen = Vec::new();
        r.read_object(|r, k| {
            match k {
                "a" => r.read_array(|r| {
                    seen.push(r.read_f64()?);
                    Ok(())
                })?,
                "b" => assert_eq!(r.read_blob()?.as_ref(), &[1, 2]),
                "c" => assert_eq!(
                    r.read_timestamp(TimestampFormat::DateTime)?,
                    DateTime::from_secs_f64(1.5)
                ),
                _ => r.skip_value()?,
            }
            Ok(())
        })
        .unwrap();
        r.finish().unwrap();
        assert_eq!(seen, [1.0, -2.5]);
    }

    #[test]
    fn string_members_read_text_null_and_reject_other_items() {
        let read = |bytes: &[u8]| JsonReader::cbor(bytes).read::<String>();
        assert_eq!(read(&[0x62, b'a', b'b']), Ok(Some("ab".to_string())));
        // null and undefined: `None`, one byte consumed.
        for null in [[0xf6], [0xf7]] {
            let mut r = JsonReader::cbor(&null);
            assert_eq!(r.read::<String>(), Ok(None));
            r.finish().unwrap();
        }
        // An unsigned integer and a byte string are not a string member's value.
        let err = read(&[0x05]).unwrap_err();
        assert!(err.message().contains("text string"), "{err}");
        assert!(read(&[0x41, 0x01]).is_err());
    }

    #[test]
    fn integers_accept_integral_floats_and_check_range() {
        assert_eq!(from_cbor_slice::<i32>(&[0xf9, 0x3c, 0x00]).unwrap(), 1);
        assert!(
            from_cbor_slice::<i32>(&[0xf9, 0x3e, 0x00]).is_err(),
            "1.5 is not an integer"
        );
        assert!(
            from_cbor_slice::<i8>(&[0x19, 0x01, 0x00]).is_err(),
            "256 is out of range"
        );
        assert_eq!(
            from_cbor_slice::<i64>(&[0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
                .unwrap(),
            i64::MIN
        );
        assert!(
            from_cbor_slice::<i64>(&[0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
                .is_err()
        );
    }

    #[test]
    fn big_numbers_from_tags() {
        // 2(h'010000000000000000') = 18446744073709551616; 3(same) = -18446744073709551617.
        let pos = [0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        let neg = [0xc3, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            from_cbor_slice::<BigInteger>(&pos).unwrap().as_str(),
            "18446744073709551616"
        );
        assert_eq!(
            from_cbor_slice::<BigInteger>(&neg).unwrap().as_str(),
            "-18446744073709551617"
        );
        // 4([-2, 27315]) = 273.15
        let dec = [0xc4, 0x82, 0x21, 0x19, 0x6a, 0xb3];
        assert_eq!(
            from_cbor_slice::<BigDecimal>(&dec).unwrap().as_str(),
            "27315e-2"
        );
    }

    #[test]
    fn hostile_input_is_an_error() {
        let deep: Vec<u8> = std::iter::repeat_n(0x81, 10_000).chain([0x00]).collect();
        assert!(
            from_cbor_slice::<Document>(&deep).is_err(),
            "nesting is limited"
        );
        // A map claiming 2^63 pairs ends at the end of input.
        let huge = [0xbb, 0x80, 0, 0, 0, 0, 0, 0, 0];
        assert!(from_cbor_slice::<Document>(&huge).is_err());
        // A non-text key.
        assert!(from_cbor_slice::<Document>(&[0xa1, 0x01, 0x02]).is_err());
        // Long runs of tags, and decimal fractions nested in their mantissa.
        let tags: Vec<u8> = std::iter::repeat_n(0xc1, 200_000).chain([0x00]).collect();
        assert_eq!(
            from_cbor_slice::<Document>(&tags).unwrap(),
            Document::Number(Number::PosInt(0))
        );
        let mut fractions = Vec::new();
        for _ in 0..100_000 {
            fractions.extend_from_slice(&[0xc4, 0x82, 0x00]);
        }
        fractions.push(0x00);
        assert!(from_cbor_slice::<BigDecimal>(&fractions).is_err());
        // Trailing data.
        assert!(from_cbor_slice::<Document>(&[0xa0, 0x00]).is_err());
        // A stray break.
        assert!(from_cbor_slice::<Document>(&[0x81, 0xff]).is_err());
        // Unterminated indefinite map.
        assert!(from_cbor_slice::<Document>(&[0xbf, 0x61, b'a']).is_err());
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let _ = from_cbor_slice::<Document>(&bytes);
        }
    }

    #[test]
    fn the_writer_s_cbor_reads_back() {
        use crate::wire::json::JsonWriter;
        let mut w = JsonWriter::cbor();
        let mut o = w.object();
        o.key("blob").blob(b"\x00\xff");
        o.timestamp(
            "at",
            &DateTime::from_secs_and_nanos(946_845_296, 123_000_000),
            TimestampFormat::HttpDate,
        );
        o.key("nan").f64(f64::NAN);
        o.key("list").value(&vec![Some(1i32), None]);
        o.key("big").value(&"-42".parse::<BigInteger>().unwrap());
        o.end();
        let bytes = w.into_bytes();
        let mut r = JsonReader::cbor(&bytes);
        let mut seen = 0;
        r.read_object(|r, k| {
            seen += 1;
            match k {
                "blob" => assert_eq!(r.read_blob()?.as_ref(), b"\x00\xff"),
                "at" => assert_eq!(
                    r.read_timestamp(TimestampFormat::DateTime)?,
                    DateTime::from_secs_and_nanos(946_845_296, 123_000_000)
                ),
                "nan" => assert!(r.read_f64()?.is_nan()),
                "list" => assert_eq!(Vec::<Option<i32>>::read_json(r)?, [Some(1), None]),
                "big" => assert_eq!(r.read_i64()?, -42),
                other => panic!("unexpected key {other}"),
            }
            Ok(())
        })
        .unwrap();
        r.finish().unwrap();
        assert_eq!(seen, 5);
        // Timestamps are tag 1 whatever the format asked.
        assert!(bytes.windows(1).any(|b| b == [0xc1]));
    }

    #[test]
    fn nulls_are_absent_values() {
        let r = from_cbor_slice::<Option<String>>(&[0xf7]).unwrap();
        assert_eq!(r, None);
        let v: Vec<Option<i32>> =
            JsonDeserialize::read_json(&mut JsonReader::cbor(&[0x82, 0xf6, 0x01])).unwrap();
        assert_eq!(v, [None, Some(1)]);
    }
}
