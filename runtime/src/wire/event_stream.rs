//! Event streams on the wire: the `application/vnd.amazon.eventstream` message framing
//! ([`Message`], [`MessageDecoder`]) and the readers of a message's typed headers and payload
//! that generated event unions call.
//!
//! A message is a 12-byte prelude (total length, headers length, CRC32 of those 8 bytes), the
//! headers, the payload and a CRC32 of everything before it. Headers are typed (booleans,
//! integers, byte arrays, strings, timestamps, UUIDs). An event's `:message-type` header says
//! whether it is an `event` (`:event-type` names the union member), an `exception` (a modeled
//! error, `:exception-type`) or an `error` (`:error-code`, `:error-message`).
//!
//! Wire layer: it works on bytes and knows nothing of HTTP bodies, clients or errors of a call;
//! the receiver that reads a response body and ends the stream on an exception is
//! `client::event_receiver`.

use crate::primitives::{Blob, DateTime};
use crate::wire::error::DeserializeError;
use crate::wire::json::{self, JsonDeserialize};
use bytes::{Buf, BufMut, Bytes, BytesMut};
use std::fmt;

/// Prelude (12 bytes) plus the message CRC (4 bytes).
const OVERHEAD: usize = 16;
/// The largest message accepted (16 MiB), as the framing's own limit.
pub const MAX_MESSAGE_SIZE: usize = 16 * 1024 * 1024;
/// The largest headers section accepted (128 KiB).
pub const MAX_HEADERS_SIZE: usize = 128 * 1024;

/// A typed header value.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderValue {
    /// Type 0 (`true`) or 1 (`false`).
    Bool(bool),
    /// Type 2.
    Byte(i8),
    /// Type 3.
    Int16(i16),
    /// Type 4.
    Int32(i32),
    /// Type 5.
    Int64(i64),
    /// Type 6.
    ByteArray(Bytes),
    /// Type 7.
    String(String),
    /// Type 8: milliseconds since the epoch.
    Timestamp(DateTime),
    /// Type 9.
    Uuid([u8; 16]),
}

/// One event-stream message.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Message {
    headers: Vec<(String, HeaderValue)>,
    payload: Bytes,
}

impl Message {
    /// A message with `payload` and no headers.
    pub fn new(payload: impl Into<Bytes>) -> Self {
        Message {
            headers: Vec::new(),
            payload: payload.into(),
        }
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: impl Into<String>, value: HeaderValue) -> Self {
        self.headers.push((name.into(), value));
        self
    }

    /// The headers, in wire order.
    pub fn headers(&self) -> &[(String, HeaderValue)] {
        &self.headers
    }

    /// The first header named `name`.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The value of a string header.
    pub fn string_header(&self, name: &str) -> Option<&str> {
        match self.header(name) {
            Some(HeaderValue::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The payload.
    pub fn payload(&self) -> &Bytes {
        &self.payload
    }

    /// The message in wire format. Fails when a header name or value, or the whole message,
    /// is too long for the framing.
    pub fn encode(&self) -> Result<Vec<u8>, DecodeError> {
        let headers = encode_headers(&self.headers)?;
        let total = OVERHEAD + headers.len() + self.payload.len();
        if total > MAX_MESSAGE_SIZE || headers.len() > MAX_HEADERS_SIZE {
            return Err(DecodeError::new("the message is too large for the framing"));
        }
        let mut out = Vec::with_capacity(total);
        out.put_u32(total as u32);
        out.put_u32(headers.len() as u32);
        out.put_u32(crc32fast::hash(&out));
        out.put_slice(&headers);
        out.put_slice(&self.payload);
        out.put_u32(crc32fast::hash(&out));
        Ok(out)
    }
}

/// `headers` in wire format (the headers section of a message). Fails when a header name or
/// value is too long for the framing.
pub fn encode_headers(headers_in: &[(String, HeaderValue)]) -> Result<BytesMut, DecodeError> {
    let mut headers = BytesMut::new();
    for (name, value) in headers_in {
        let name_len = u8::try_from(name.len())
            .map_err(|_| DecodeError::new(format!("header name `{name}` is too long")))?;
        headers.put_u8(name_len);
        headers.put_slice(name.as_bytes());
        let short = |len: usize| {
            u16::try_from(len).map_err(|_| DecodeError::new(format!("header `{name}` is too long")))
        };
        match value {
            HeaderValue::Bool(true) => headers.put_u8(0),
            HeaderValue::Bool(false) => headers.put_u8(1),
            HeaderValue::Byte(v) => {
                headers.put_u8(2);
                headers.put_i8(*v);
            }
            HeaderValue::Int16(v) => {
                headers.put_u8(3);
                headers.put_i16(*v);
            }
            HeaderValue::Int32(v) => {
                headers.put_u8(4);
                headers.put_i32(*v);
            }
            HeaderValue::Int64(v) => {
                headers.put_u8(5);
                headers.put_i64(*v);
            }
            HeaderValue::ByteArray(v) => {
                headers.put_u8(6);
                headers.put_u16(short(v.len())?);
                headers.put_slice(v);
            }
            HeaderValue::String(v) => {
                headers.put_u8(7);
                headers.put_u16(short(v.len())?);
                headers.put_slice(v.as_bytes());
            }
            HeaderValue::Timestamp(v) => {
                headers.put_u8(8);
                let millis = v
                    .to_millis()
                    .ok_or_else(|| DecodeError::new(format!("header `{name}` is out of range")))?;
                headers.put_i64(millis);
            }
            HeaderValue::Uuid(v) => {
                headers.put_u8(9);
                headers.put_slice(v);
            }
        }
    }
    Ok(headers)
}

/// A malformed event-stream message (bad lengths, a CRC mismatch, a truncated header...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    message: String,
}

impl DecodeError {
    fn new(message: impl Into<String>) -> Self {
        DecodeError {
            message: message.into(),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed event-stream message: {}", self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Splits a byte stream into messages, whatever the chunk boundaries.
#[derive(Debug, Default)]
pub struct MessageDecoder {
    buf: BytesMut,
}

impl MessageDecoder {
    /// An empty decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends received bytes.
    pub fn push(&mut self, chunk: &[u8]) {
        self.buf.extend_from_slice(chunk);
    }

    /// Whether bytes of an incomplete message are buffered.
    pub fn has_partial_message(&self) -> bool {
        !self.buf.is_empty()
    }

    /// The next complete message, if the buffered bytes hold one. After an error the decoder
    /// is of no further use (the stream has lost its framing).
    pub fn next_message(&mut self) -> Result<Option<Message>, DecodeError> {
        if self.buf.len() < 12 {
            return Ok(None);
        }
        let total =
            u32::from_be_bytes([self.buf[0], self.buf[1], self.buf[2], self.buf[3]]) as usize;
        let headers_len =
            u32::from_be_bytes([self.buf[4], self.buf[5], self.buf[6], self.buf[7]]) as usize;
        let prelude_crc =
            u32::from_be_bytes([self.buf[8], self.buf[9], self.buf[10], self.buf[11]]);
        if crc32fast::hash(&self.buf[..8]) != prelude_crc {
            return Err(DecodeError::new("prelude checksum mismatch"));
        }
        if !(OVERHEAD..=MAX_MESSAGE_SIZE).contains(&total) {
            return Err(DecodeError::new(format!(
                "message length {total} out of range"
            )));
        }
        if headers_len > MAX_HEADERS_SIZE || headers_len > total - OVERHEAD {
            return Err(DecodeError::new(format!(
                "headers length {headers_len} does not fit a {total}-byte message"
            )));
        }
        if self.buf.len() < total {
            return Ok(None);
        }
        let frame = self.buf.split_to(total).freeze();
        let message_crc = u32::from_be_bytes([
            frame[total - 4],
            frame[total - 3],
            frame[total - 2],
            frame[total - 1],
        ]);
        if crc32fast::hash(&frame[..total - 4]) != message_crc {
            return Err(DecodeError::new("message checksum mismatch"));
        }
        let headers = decode_headers(frame.slice(12..12 + headers_len))?;
        let payload = frame.slice(12 + headers_len..total - 4);
        Ok(Some(Message { headers, payload }))
    }
}

fn decode_headers(mut buf: Bytes) -> Result<Vec<(String, HeaderValue)>, DecodeError> {
    fn need(buf: &Bytes, n: usize, what: &str) -> Result<(), DecodeError> {
        if buf.remaining() < n {
            Err(DecodeError::new(format!("truncated {what}")))
        } else {
            Ok(())
        }
    }
    let mut out = Vec::new();
    while buf.has_remaining() {
        let name_len = usize::from(buf.get_u8());
        need(&buf, name_len + 1, "header name")?;
        let name = String::from_utf8(buf.split_to(name_len).to_vec())
            .map_err(|_| DecodeError::new("a header name is not UTF-8"))?;
        let kind = buf.get_u8();
        let value =
            match kind {
                0 => HeaderValue::Bool(true),
                1 => HeaderValue::Bool(false),
                2 => {
                    need(&buf, 1, "byte header")?;
                    HeaderValue::Byte(buf.get_i8())
                }
                3 => {
                    need(&buf, 2, "short header")?;
                    HeaderValue::Int16(buf.get_i16())
                }
                4 => {
                    need(&buf, 4, "integer header")?;
                    HeaderValue::Int32(buf.get_i32())
                }
                5 => {
                    need(&buf, 8, "long header")?;
                    HeaderValue::Int64(buf.get_i64())
                }
                6 | 7 => {
                    need(&buf, 2, "header length")?;
                    let len = usize::from(buf.get_u16());
                    need(&buf, len, "header value")?;
                    let bytes = buf.split_to(len);
                    if kind == 6 {
                        HeaderValue::ByteArray(bytes)
                    } else {
                        HeaderValue::String(String::from_utf8(bytes.to_vec()).map_err(|_| {
                            DecodeError::new(format!("header `{name}` is not UTF-8"))
                        })?)
                    }
                }
                8 => {
                    need(&buf, 8, "timestamp header")?;
                    let millis = buf.get_i64();
                    HeaderValue::Timestamp(DateTime::from_millis(millis))
                }
                9 => {
                    need(&buf, 16, "UUID header")?;
                    let mut uuid = [0u8; 16];
                    buf.copy_to_slice(&mut uuid);
                    HeaderValue::Uuid(uuid)
                }
                other => {
                    return Err(DecodeError::new(format!(
                        "header `{name}` has unknown type {other}"
                    )))
                }
            };
        out.push((name, value));
    }
    Ok(out)
}

/// The `message` (or `Message`) of a JSON exception payload, if it has one.
pub(crate) fn payload_message(payload: &[u8]) -> Option<String> {
    let mut found = None;
    let mut reader = json::JsonReader::new(payload);
    let _ = reader.read_object(|r, key| match key {
        "message" | "Message" if found.is_none() => {
            found = r.read_string().ok();
            Ok(())
        }
        _ => r.skip_value(),
    });
    found
}

/// The payload as the JSON document of `T` (an empty payload reads as `{}`).
pub fn json_payload<T: JsonDeserialize>(message: &Message) -> Result<T, DeserializeError> {
    json::from_slice(message.payload())
}

/// The payload as the XML document of `T` (restXml event streams); an empty payload reads as
/// `T::default()`.
#[cfg(feature = "xml")]
pub fn xml_payload<T: crate::wire::xml::XmlDeserialize + Default>(
    message: &Message,
) -> Result<T, DeserializeError> {
    crate::wire::xml::document(message.payload(), crate::wire::xml::read)
}

/// The payload as a blob (`@eventPayload` blobs).
pub fn payload_blob(message: &Message) -> Blob {
    Blob::new(message.payload().to_vec())
}

/// The payload as text (`@eventPayload` strings).
pub fn payload_string(message: &Message) -> Result<String, DeserializeError> {
    String::from_utf8(message.payload().to_vec())
        .map_err(|_| DeserializeError::custom("an event payload is not UTF-8"))
}

/// Types an `@eventHeader` member can have.
pub trait FromHeaderValue: Sized {
    /// Converts the value, or says what was expected.
    fn from_header_value(value: &HeaderValue) -> Option<Self>;
}

macro_rules! from_header_value {
    ($($ty:ty => $($variant:ident)|+;)*) => {$(
        impl FromHeaderValue for $ty {
            fn from_header_value(value: &HeaderValue) -> Option<Self> {
                match value {
                    $(HeaderValue::$variant(v) => Self::try_from(*v).ok(),)+
                    _ => None,
                }
            }
        }
    )*};
}

from_header_value! {
    bool => Bool;
    i8 => Byte;
    i16 => Byte | Int16;
    i32 => Byte | Int16 | Int32;
    i64 => Byte | Int16 | Int32 | Int64;
}

impl FromHeaderValue for String {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::String(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromHeaderValue for Blob {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::ByteArray(b) => Some(Blob::new(b.to_vec())),
            _ => None,
        }
    }
}

impl FromHeaderValue for DateTime {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::Timestamp(t) => Some(*t),
            _ => None,
        }
    }
}

/// An `@eventHeader` member's value; `None` when the header is absent, an error naming it when
/// it has another type.
pub fn header<T: FromHeaderValue>(
    message: &Message,
    name: &str,
) -> Result<Option<T>, DeserializeError> {
    match message.header(name) {
        None => Ok(None),
        Some(v) => T::from_header_value(v).map(Some).ok_or_else(|| {
            DeserializeError::custom(format!(
                "event header `{name}` is not a {}",
                std::any::type_name::<T>()
            ))
        }),
    }
}

/// An event of an input stream, before signing: `:message-type` `event`, `:event-type`
/// `event_type` and, when the event has a payload, its `:content-type`.
pub fn event_message(event_type: &str, content_type: Option<&str>, payload: Vec<u8>) -> Message {
    let message = Message::new(payload)
        .with_header(":message-type", HeaderValue::String("event".to_string()))
        .with_header(":event-type", HeaderValue::String(event_type.to_string()));
    match content_type {
        Some(ct) => message.with_header(":content-type", HeaderValue::String(ct.to_string())),
        None => message,
    }
}

/// The error of sending a union's `Unknown` value, which names no event.
pub fn unknown_event() -> DecodeError {
    DecodeError::new("an event stream union's `Unknown` value cannot be sent")
}

/// Types an `@eventHeader` member can have, written into a header (the inverse of
/// [`FromHeaderValue`]).
pub trait ToHeaderValue {
    /// The header value of `self`.
    fn to_header_value(&self) -> HeaderValue;
}

macro_rules! to_header_value {
    ($($ty:ty => $variant:ident;)*) => {$(
        impl ToHeaderValue for $ty {
            fn to_header_value(&self) -> HeaderValue {
                HeaderValue::$variant(*self)
            }
        }
    )*};
}

to_header_value! {
    bool => Bool;
    i8 => Byte;
    i16 => Int16;
    i32 => Int32;
    i64 => Int64;
    DateTime => Timestamp;
}

impl ToHeaderValue for String {
    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::String(self.clone())
    }
}

impl ToHeaderValue for Blob {
    fn to_header_value(&self) -> HeaderValue {
        HeaderValue::ByteArray(Bytes::copy_from_slice(self.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message encoded independently (Python, `struct` + `zlib.crc32`) from the framing's
    /// description: string headers `:message-type: event` and `:event-type: Chunk`, an int32
    /// `n = 7`, a bool `flag = true`, a timestamp `at = 1700000000123` ms, payload `{"a":1}`.
    const KNOWN: &str = "0000005a00000043f85418290d3a6d6573736167652d747970650700056576656e740b3a6576656e\
                         742d747970650700054368756e6b016e040000000704666c616700026174080000018bcfe568\
                         7b7b2261223a317dacdce5d3";

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn known_message() -> Message {
        Message::new(&b"{\"a\":1}"[..])
            .with_header(":message-type", HeaderValue::String("event".into()))
            .with_header(":event-type", HeaderValue::String("Chunk".into()))
            .with_header("n", HeaderValue::Int32(7))
            .with_header("flag", HeaderValue::Bool(true))
            .with_header(
                "at",
                HeaderValue::Timestamp(DateTime::from_millis(1_700_000_000_123)),
            )
    }

    #[test]
    fn known_vector_decodes_and_encodes() {
        let bytes = hex(KNOWN);
        let mut d = MessageDecoder::new();
        d.push(&bytes);
        let m = d.next_message().unwrap().expect("a whole message");
        assert_eq!(m, known_message());
        assert!(!d.has_partial_message());
        assert_eq!(known_message().encode().unwrap(), bytes);
    }

    #[test]
    fn every_header_type_round_trips() {
        let m = Message::new(Bytes::from_static(b"payload"))
            .with_header("t", HeaderValue::Bool(true))
            .with_header("f", HeaderValue::Bool(false))
            .with_header("b", HeaderValue::Byte(-3))
            .with_header("s", HeaderValue::Int16(-300))
            .with_header("i", HeaderValue::Int32(70_000))
            .with_header("l", HeaderValue::Int64(-5_000_000_000))
            .with_header(
                "a",
                HeaderValue::ByteArray(Bytes::from_static(&[0, 255, 7])),
            )
            .with_header("str", HeaderValue::String("caf\u{e9}".into()))
            .with_header("ts", HeaderValue::Timestamp(DateTime::from_millis(-1)))
            .with_header("u", HeaderValue::Uuid([9; 16]));
        let mut d = MessageDecoder::new();
        d.push(&m.encode().unwrap());
        assert_eq!(d.next_message().unwrap(), Some(m));
    }

    #[test]
    fn messages_split_anywhere_still_decode() {
        let one = known_message().encode().unwrap();
        let two = Message::new(&b"second"[..]).encode().unwrap();
        let all = [one.clone(), two].concat();
        for cut in 0..all.len() {
            let mut d = MessageDecoder::new();
            d.push(&all[..cut]);
            let mut got = Vec::new();
            while let Some(m) = d.next_message().unwrap() {
                got.push(m);
            }
            d.push(&all[cut..]);
            while let Some(m) = d.next_message().unwrap() {
                got.push(m);
            }
            assert_eq!(got.len(), 2, "cut at {cut}");
            assert_eq!(got[1].payload().as_ref(), b"second");
        }
    }

    #[test]
    fn corruption_is_an_error_never_a_panic() {
        let good = known_message().encode().unwrap();
        // Every single-bit flip is caught by one of the checksums or the length checks.
        for i in 0..good.len() {
            for bit in 0..8 {
                let mut bad = good.clone();
                bad[i] ^= 1 << bit;
                let mut d = MessageDecoder::new();
                d.push(&bad);
                match d.next_message() {
                    Err(_) => {}
                    // A flipped length can make the message look incomplete.
                    Ok(None) => assert!(i < 8, "byte {i} bit {bit}"),
                    Ok(Some(m)) => panic!("byte {i} bit {bit} decoded as {m:?}"),
                }
            }
        }
        // A frame with valid checksums but a header that overruns its section.
        let headers = [3u8, b'a', b'b', b'c', 7, 0, 50, b'x'];
        let total = (OVERHEAD + headers.len()) as u32;
        let mut frame = Vec::new();
        frame.put_u32(total);
        frame.put_u32(headers.len() as u32);
        frame.put_u32(crc32fast::hash(&frame));
        frame.put_slice(&headers);
        frame.put_u32(crc32fast::hash(&frame));
        let mut d = MessageDecoder::new();
        d.push(&frame);
        let err = d.next_message().unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    #[test]
    fn lengths_out_of_range_are_rejected_before_buffering() {
        let mut prelude = Vec::new();
        prelude.put_u32((MAX_MESSAGE_SIZE + 1) as u32);
        prelude.put_u32(0);
        prelude.put_u32(crc32fast::hash(&prelude));
        let mut d = MessageDecoder::new();
        d.push(&prelude);
        assert!(d
            .next_message()
            .unwrap_err()
            .to_string()
            .contains("out of range"));
    }

    #[test]
    fn typed_header_access() {
        let m = known_message();
        assert_eq!(header::<i32>(&m, "n").unwrap(), Some(7));
        assert_eq!(header::<i64>(&m, "n").unwrap(), Some(7), "widening is fine");
        assert_eq!(header::<bool>(&m, "flag").unwrap(), Some(true));
        assert_eq!(
            header::<DateTime>(&m, "at").unwrap(),
            Some(DateTime::from_millis(1_700_000_000_123))
        );
        assert_eq!(header::<String>(&m, "absent").unwrap(), None);
        let err = header::<String>(&m, "n").unwrap_err();
        assert!(err.to_string().contains("`n`"), "{err}");
        assert_eq!(
            payload_message(br#"{"Message":"x","message":"y"}"#).as_deref(),
            Some("x")
        );
        assert_eq!(payload_message(b"not json"), None);
    }
}
