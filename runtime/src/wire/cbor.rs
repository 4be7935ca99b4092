//! CBOR (RFC 8949) at the level of data items, for `smithy.protocols#rpcv2Cbor` bodies (feature
//! `cbor`).
//!
//! Two halves, both built on `minicbor` (chosen by measurement, see the README's "Choices worth
//! knowing"):
//!
//! - writing: `write_*` functions append one item head or scalar to a byte buffer;
//! - reading: [`next`] decodes the data item head at an offset into a [`Token`] (strings and byte
//!   strings whole, indefinite-length ones concatenated), never panicking on malformed input.
//!
//! The JSON codec's reader and writer ([`crate::wire::json`]) drive these in their CBOR mode, so
//! the generated codec impls serve both encodings; [`crate::wire::json::from_cbor_slice`] is the
//! plain function over bytes (a fuzz target can call it with `Document`).
//!
//! Smithy's mapping (the RPC v2 CBOR specification, "Shape serialization"): timestamps are tag 1
//! around epoch seconds (an integer or a float), blobs are byte strings, floats stay floats
//! (non-finite ones included), `null` and `undefined` both read as absent.
//!
//! Wire layer: uses only [`crate::wire::error`]; knows nothing of JSON, HTTP or generated code.

use std::borrow::Cow;

use minicbor::data::Type;
use minicbor::decode::Decoder;
use minicbor::encode::Encoder;

use crate::wire::error::DeserializeError;

/// Tag 1: epoch-based date/time (RFC 8949 §3.4.2).
pub const TAG_EPOCH_SECONDS: u64 = 1;

/// One decoded data item head (with the content of strings and byte strings).
#[derive(Clone, Debug, PartialEq)]
pub enum Token<'a> {
    /// Major types 0 and 1: an integer in `-2^64..2^64`.
    Int(i128),
    /// A half, single or double float, widened.
    Float(f64),
    /// A byte string (chunks of an indefinite one joined).
    Bytes(Cow<'a, [u8]>),
    /// A text string (chunks of an indefinite one joined).
    Text(Cow<'a, str>),
    /// An array header: the item count, or `None` for an indefinite-length array.
    Array(Option<u64>),
    /// A map header: the pair count, or `None` for an indefinite-length map.
    Map(Option<u64>),
    /// A tag; the tagged item follows.
    Tag(u64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// Another simple value.
    Simple(u8),
    /// The end of an indefinite-length item.
    Break,
}

impl Token<'_> {
    /// What the token is, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Token::Int(_) => "integer",
            Token::Float(_) => "float",
            Token::Bytes(_) => "byte string",
            Token::Text(_) => "text string",
            Token::Array(_) => "array",
            Token::Map(_) => "map",
            Token::Tag(_) => "tag",
            Token::Bool(_) => "boolean",
            Token::Null => "null",
            Token::Undefined => "undefined",
            Token::Simple(_) => "simple value",
            Token::Break => "break",
        }
    }
}

fn error_at(e: minicbor::decode::Error, pos: usize) -> DeserializeError {
    let offset = e.position().unwrap_or(pos);
    let message = if e.is_end_of_input() {
        "unexpected end of CBOR input".to_string()
    } else {
        format!("invalid CBOR: {e}")
    };
    DeserializeError::at(message, offset)
}

/// Decodes the data item head at `pos`, returning it and the offset after it. Strings and byte
/// strings are read whole; for arrays, maps and tags only the head is consumed.
pub fn next(input: &[u8], pos: usize) -> Result<(Token<'_>, usize), DeserializeError> {
    if pos >= input.len() {
        return Err(DeserializeError::at("unexpected end of CBOR input", pos));
    }
    let mut d = Decoder::new(input);
    d.set_position(pos);
    let e = |e| error_at(e, pos);
    let token = match d.datatype().map_err(e)? {
        Type::Bool => Token::Bool(d.bool().map_err(e)?),
        Type::Null => {
            d.null().map_err(e)?;
            Token::Null
        }
        Type::Undefined => {
            d.undefined().map_err(e)?;
            Token::Undefined
        }
        Type::U8
        | Type::U16
        | Type::U32
        | Type::U64
        | Type::I8
        | Type::I16
        | Type::I32
        | Type::I64
        | Type::Int => Token::Int(i128::from(d.int().map_err(e)?)),
        Type::F16 => {
            let bits = input
                .get(pos + 1..pos + 3)
                .ok_or_else(|| DeserializeError::at("unexpected end of CBOR input", pos))?;
            return Ok((
                Token::Float(f16_to_f64(u16::from_be_bytes([bits[0], bits[1]]))),
                pos + 3,
            ));
        }
        Type::F32 => Token::Float(f64::from(d.f32().map_err(e)?)),
        Type::F64 => Token::Float(d.f64().map_err(e)?),
        Type::Simple => Token::Simple(d.simple().map_err(e)?),
        Type::Bytes => Token::Bytes(Cow::Borrowed(d.bytes().map_err(e)?)),
        Type::BytesIndef => {
            let mut out = Vec::new();
            for chunk in d.bytes_iter().map_err(e)? {
                out.extend_from_slice(chunk.map_err(e)?);
            }
            Token::Bytes(Cow::Owned(out))
        }
        Type::String => Token::Text(Cow::Borrowed(d.str().map_err(e)?)),
        Type::StringIndef => {
            let mut out = String::new();
            for chunk in d.str_iter().map_err(e)? {
                out.push_str(chunk.map_err(e)?);
            }
            Token::Text(Cow::Owned(out))
        }
        Type::Array | Type::ArrayIndef => Token::Array(d.array().map_err(e)?),
        Type::Map | Type::MapIndef => Token::Map(d.map().map_err(e)?),
        Type::Tag => Token::Tag(d.tag().map_err(e)?.as_u64()),
        Type::Break => return Ok((Token::Break, pos + 1)),
        Type::Unknown(b) => {
            return Err(DeserializeError::at(
                format!("invalid CBOR: reserved initial byte 0x{b:02x}"),
                pos,
            ))
        }
    };
    Ok((token, d.position()))
}

/// An IEEE 754 half-precision float, widened exactly.
pub fn f16_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    let magnitude = match exponent {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + fraction / 1024.0) * 2f64.powi(e - 15),
    };
    sign * magnitude
}

// Writing. Encoding into a `Vec<u8>` cannot fail, so the encoder's results are dropped.

fn enc(out: &mut Vec<u8>) -> Encoder<&mut Vec<u8>> {
    Encoder::new(out)
}

/// Appends a text string.
pub fn write_text(out: &mut Vec<u8>, v: &str) {
    let _ = enc(out).str(v);
}

/// Appends a byte string.
pub fn write_bytes(out: &mut Vec<u8>, v: &[u8]) {
    let _ = enc(out).bytes(v);
}

/// Appends a signed integer (major type 0 or 1, shortest head).
pub fn write_i64(out: &mut Vec<u8>, v: i64) {
    let _ = enc(out).i64(v);
}

/// Appends an unsigned integer.
pub fn write_u64(out: &mut Vec<u8>, v: u64) {
    let _ = enc(out).u64(v);
}

/// Appends a double (non-finite values included).
pub fn write_f64(out: &mut Vec<u8>, v: f64) {
    let _ = enc(out).f64(v);
}

/// Appends a single-precision float.
pub fn write_f32(out: &mut Vec<u8>, v: f32) {
    let _ = enc(out).f32(v);
}

/// Appends `true` or `false`.
pub fn write_bool(out: &mut Vec<u8>, v: bool) {
    let _ = enc(out).bool(v);
}

/// Appends `null`.
pub fn write_null(out: &mut Vec<u8>) {
    let _ = enc(out).null();
}

/// Appends a tag head; the tagged item must follow.
pub fn write_tag(out: &mut Vec<u8>, tag: u64) {
    let _ = enc(out).tag(minicbor::data::Tag::new(tag));
}

/// Starts an indefinite-length map (closed by [`write_break`]).
pub fn begin_map(out: &mut Vec<u8>) {
    let _ = enc(out).begin_map();
}

/// Starts an indefinite-length array (closed by [`write_break`]).
pub fn begin_array(out: &mut Vec<u8>) {
    let _ = enc(out).begin_array();
}

/// Closes an indefinite-length map or array.
pub fn write_break(out: &mut Vec<u8>) {
    let _ = enc(out).end();
}

/// Appends seconds since the epoch as tag 1 around an integer (whole seconds) or a double.
pub fn write_epoch_seconds(out: &mut Vec<u8>, secs: i64, subsec_nanos: u32) {
    write_tag(out, TAG_EPOCH_SECONDS);
    if subsec_nanos == 0 {
        write_i64(out, secs);
    } else {
        write_f64(out, secs as f64 + f64::from(subsec_nanos) / 1e9);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &[u8]) -> Result<Vec<Token<'_>>, DeserializeError> {
        let mut pos = 0;
        let mut out = Vec::new();
        while pos < input.len() {
            let (t, next_pos) = next(input, pos)?;
            assert!(next_pos > pos, "every token consumes input");
            pos = next_pos;
            out.push(t);
        }
        Ok(out)
    }

    #[test]
    fn reads_the_rfc_8949_appendix_a_examples() {
        // (encoding, token) pairs from RFC 8949 Appendix A.
        let cases: &[(&[u8], Token<'_>)] = &[
            (&[0x00], Token::Int(0)),
            (&[0x17], Token::Int(23)),
            (&[0x18, 0x18], Token::Int(24)),
            (
                &[0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                Token::Int(18446744073709551615),
            ),
            (
                &[0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                Token::Int(-18446744073709551616),
            ),
            (&[0x20], Token::Int(-1)),
            (&[0x39, 0x03, 0xe7], Token::Int(-1000)),
            (&[0xf9, 0x3c, 0x00], Token::Float(1.0)),
            (&[0xf9, 0x7b, 0xff], Token::Float(65504.0)),
            (&[0xf9, 0x00, 0x01], Token::Float(5.960464477539063e-8)),
            (&[0xf9, 0xc4, 0x00], Token::Float(-4.0)),
            (&[0xfa, 0x47, 0xc3, 0x50, 0x00], Token::Float(100000.0)),
            (
                &[0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a],
                Token::Float(1.1),
            ),
            (&[0xf9, 0x7c, 0x00], Token::Float(f64::INFINITY)),
            (&[0xf9, 0xfc, 0x00], Token::Float(f64::NEG_INFINITY)),
            (&[0xf4], Token::Bool(false)),
            (&[0xf6], Token::Null),
            (&[0xf7], Token::Undefined),
            (&[0xf0], Token::Simple(16)),
            (
                &[0x44, 1, 2, 3, 4],
                Token::Bytes(Cow::Borrowed(&[1, 2, 3, 4])),
            ),
            (&[0x62, 0xc3, 0xbc], Token::Text(Cow::Borrowed("ü"))),
            (
                &[0x5f, 0x42, 1, 2, 0x43, 3, 4, 5, 0xff],
                Token::Bytes(Cow::Owned(vec![1, 2, 3, 4, 5])),
            ),
            (
                &[
                    0x7f, 0x65, b's', b't', b'r', b'e', b'a', 0x64, b'm', b'i', b'n', b'g', 0xff,
                ],
                Token::Text(Cow::Owned("streaming".into())),
            ),
            (&[0xc1], Token::Tag(1)),
        ];
        for (bytes, want) in cases {
            let (got, end) = next(bytes, 0).unwrap();
            assert_eq!(&got, want, "{bytes:02x?}");
            assert_eq!(end, bytes.len(), "{bytes:02x?}");
        }
        assert!(matches!(next(&[0xf9, 0x7e, 0x00], 0).unwrap().0, Token::Float(f) if f.is_nan()));
        assert_eq!(
            tokens(&[0x9f, 0x01, 0xbf, 0x61, b'a', 0x02, 0xff, 0xff]).unwrap(),
            vec![
                Token::Array(None),
                Token::Int(1),
                Token::Map(None),
                Token::Text(Cow::Borrowed("a")),
                Token::Int(2),
                Token::Break,
                Token::Break
            ]
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let bad: &[&[u8]] = &[
            &[],
            &[0x18],
            &[0x19, 0x01],
            &[0x44, 1, 2],
            &[0x62, 0xff, 0xfe],
            &[0x7f, 0x41, 0x00, 0xff],
            &[0x5f, 0x61, b'a', 0xff],
            &[0x1c],
            &[0xf9, 0x00],
            &[0x5f, 0x42, 1],
        ];
        for b in bad {
            assert!(next(b, 0).is_err(), "{b:02x?} must not decode");
        }
        assert!(next(&[0x00], 5).is_err());
    }

    #[test]
    fn writes_read_back() {
        let mut out = Vec::new();
        begin_map(&mut out);
        write_text(&mut out, "k");
        write_epoch_seconds(&mut out, 1_000, 500_000_000);
        write_text(&mut out, "b");
        write_bytes(&mut out, b"xy");
        write_text(&mut out, "n");
        write_i64(&mut out, -5);
        write_text(&mut out, "f");
        write_f32(&mut out, f32::NAN);
        write_break(&mut out);
        let t = tokens(&out).unwrap();
        assert_eq!(t[0], Token::Map(None));
        assert_eq!(t[2], Token::Tag(TAG_EPOCH_SECONDS));
        assert_eq!(t[3], Token::Float(1000.5));
        assert_eq!(t[5], Token::Bytes(Cow::Borrowed(b"xy")));
        assert_eq!(t[7], Token::Int(-5));
        assert!(matches!(t[9], Token::Float(f) if f.is_nan()));
        assert_eq!(t[10], Token::Break);
        let mut whole = Vec::new();
        write_epoch_seconds(&mut whole, 1_576_540_098, 0);
        assert_eq!(whole, [0xc1, 0x1a, 0x5d, 0xf8, 0x17, 0xc2]);
    }
}
