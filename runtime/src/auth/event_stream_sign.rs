//! SigV4 signing of the messages of an input event stream (feature `event-stream`).
//!
//! The request that opens the stream is signed as usual, with the payload hash
//! `STREAMING-AWS4-HMAC-SHA256-EVENTS`; its signature is the seed. Each event is then framed
//! (the inner message), and sent as the payload of an outer message with two headers:
//! `:date` (a timestamp, whole seconds) and `:chunk-signature` (32 bytes). The signature is an
//! HMAC-SHA256, with the SigV4 signing key of that date, region and service, of
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD
//! <date-time, 20240102T030405Z>
//! <date>/<region>/<service>/aws4_request
//! <the previous signature, hex; the seed for the first event>
//! <hex SHA-256 of the encoded `:date` header>
//! <hex SHA-256 of the inner message's bytes>
//! ```
//!
//! so every signature depends on all those before it. The stream ends with an outer message
//! whose payload is empty, signed the same way.
//!
//! The request signer ([`super::sign`]) fills an [`EventStreamSigning`] found in the request's
//! extensions with the seed; the body reading the events takes a [`MessageSigner`] from it.
//! Auth layer: it knows messages (the wire layer) and credentials, not bodies or clients.

use crate::auth::credentials::Credentials;
use crate::primitives::DateTime;
use crate::wire::event_stream::{encode_headers, HeaderValue, Message};
use aws_sigv4::sign::v4::{calculate_signature, generate_signing_key};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The payload hash of a request whose body is a signed event stream (its
/// `x-amz-content-sha256` header).
pub const EVENTS_PAYLOAD_HASH: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// What the request's signature hands to its event stream: the credentials, scope and seed
/// signature. Put into a request's extensions by the serializer; filled by the signer.
/// Clones share the slot.
#[derive(Clone, Default)]
pub struct EventStreamSigning {
    seed: Arc<Mutex<Option<MessageSigner>>>,
}

impl fmt::Debug for EventStreamSigning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seeded = self.seed.lock().map(|s| s.is_some()).unwrap_or(false);
        f.debug_struct("EventStreamSigning")
            .field("seeded", &seeded)
            .finish()
    }
}

impl EventStreamSigning {
    /// An empty slot: events are sent unsigned unless the request is signed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the request's signature as the seed (replacing an earlier one).
    pub fn seed(&self, signer: MessageSigner) {
        if let Ok(mut slot) = self.seed.lock() {
            *slot = Some(signer);
        }
    }

    /// The signer of the events, if the request was signed.
    pub fn signer(&self) -> Option<MessageSigner> {
        self.seed.lock().ok().and_then(|s| s.clone())
    }
}

/// Signs the messages of one event stream, each signature chained from the previous one.
#[derive(Clone)]
pub struct MessageSigner {
    credentials: Credentials,
    region: String,
    service: String,
    last_signature: String,
}

impl fmt::Debug for MessageSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageSigner")
            .field("region", &self.region)
            .field("service", &self.service)
            .field("last_signature", &self.last_signature)
            .finish_non_exhaustive()
    }
}

impl MessageSigner {
    /// A signer whose first event chains from `seed_signature` (the request's, hex).
    pub fn new(
        credentials: Credentials,
        region: &str,
        service: &str,
        seed_signature: &str,
    ) -> Self {
        MessageSigner {
            credentials,
            region: region.to_string(),
            service: service.to_string(),
            last_signature: seed_signature.to_string(),
        }
    }

    /// The last signature made (the seed before the first message).
    pub fn last_signature(&self) -> &str {
        &self.last_signature
    }

    /// The outer message carrying `inner` (an encoded message, or nothing for the end of the
    /// stream), signed at `time` (truncated to whole seconds).
    pub fn sign(&mut self, inner: &[u8], time: SystemTime) -> Message {
        let time = whole_seconds(time);
        let date = date_header(time);
        let sts = string_to_sign(
            inner,
            &self.last_signature,
            time,
            &self.region,
            &self.service,
        );
        let key = generate_signing_key(
            self.credentials.secret_access_key(),
            time,
            &self.region,
            &self.service,
        );
        let signature = calculate_signature(key, sts.as_bytes());
        let bytes = decode_hex(&signature);
        self.last_signature = signature;
        Message::new(inner.to_vec())
            .with_header(":date", date)
            .with_header(":chunk-signature", HeaderValue::ByteArray(bytes.into()))
    }
}

/// `time` without its fraction of a second (the `:date` header and the string to sign must
/// agree, and the string has no sub-seconds).
fn whole_seconds(time: SystemTime) -> SystemTime {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => UNIX_EPOCH + Duration::from_secs(d.as_secs()),
        Err(_) => UNIX_EPOCH,
    }
}

fn date_header(time: SystemTime) -> HeaderValue {
    HeaderValue::Timestamp(DateTime::from_system_time(time))
}

/// The string an event's signature is the HMAC of (see the module documentation).
pub fn string_to_sign(
    inner: &[u8],
    last_signature: &str,
    time: SystemTime,
    region: &str,
    service: &str,
) -> String {
    let time = whole_seconds(time);
    let stamp = DateTime::from_system_time(time);
    let secs = stamp.secs();
    let (date, clock) = civil(secs);
    // A timestamp header of whole seconds always encodes.
    let date_bytes = encode_headers(&[(":date".to_string(), date_header(time))])
        .map(|b| b.to_vec())
        .unwrap_or_default();
    format!(
        "AWS4-HMAC-SHA256-PAYLOAD\n{date}T{clock}Z\n{date}/{region}/{service}/aws4_request\n{last_signature}\n{}\n{}",
        sha256_hex(&date_bytes),
        sha256_hex(inner)
    )
}

/// `YYYYMMDD` and `HHMMSS` of `secs` since the epoch (UTC).
fn civil(secs: i64) -> (String, String) {
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    (
        format!("{:04}{:02}{:02}", t.year(), u8::from(t.month()), t.day()),
        format!("{:02}{:02}{:02}", t.hour(), t.minute(), t.second()),
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The bytes of a lowercase hex string (a signature this module made).
fn decode_hex(hex: &str) -> Vec<u8> {
    hex.as_bytes()
        .chunks(2)
        .filter_map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        )
    }

    #[test]
    fn string_to_sign_has_the_six_lines() {
        // 2009-02-13T23:31:30.5Z: the half second is dropped.
        let time = UNIX_EPOCH + Duration::from_millis(1_234_567_890_500);
        let sts = string_to_sign(b"inner", "seed", time, "us-east-1", "transcribe");
        let lines: Vec<&str> = sts.split('\n').collect();
        assert_eq!(lines.len(), 6, "{sts}");
        assert_eq!(lines[0], "AWS4-HMAC-SHA256-PAYLOAD");
        assert_eq!(lines[1], "20090213T233130Z");
        assert_eq!(lines[2], "20090213/us-east-1/transcribe/aws4_request");
        assert_eq!(lines[3], "seed");
        // The `:date` header: name length 5, `:date`, type 8, big-endian milliseconds.
        let mut date = vec![5u8];
        date.extend_from_slice(b":date");
        date.push(8);
        date.extend_from_slice(&1_234_567_890_000i64.to_be_bytes());
        assert_eq!(lines[4], sha256_hex(&date));
        assert_eq!(lines[5], sha256_hex(b"inner"));
        // SHA-256 of nothing, a well-known value.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    /// The same inputs as aws-sigv4's own event-stream test (its `string_to_sign` case): a
    /// message with header `some-header: value` and payload `test payload`, at
    /// 1973-11-29T21:33:09.000001234Z, chained from SHA-256(`last message sts`).
    #[test]
    fn string_to_sign_matches_the_aws_sigv4_vector() {
        let inner = Message::new(&b"test payload"[..])
            .with_header("some-header", HeaderValue::String("value".into()))
            .encode()
            .unwrap();
        let time = UNIX_EPOCH + Duration::new(123_456_789, 1234);
        let last = sha256_hex(b"last message sts");
        let sts = string_to_sign(&inner, &last, time, "us-east-1", "testservice");
        let expected = "AWS4-HMAC-SHA256-PAYLOAD\n\
            19731129T213309Z\n\
            19731129/us-east-1/testservice/aws4_request\n\
            be1f8c7d79ef8e1abc5254a2c70e4da3bfaf4f07328f527444e1fc6ea67273e2\n\
            0c0e3b3bf66b59b976181bd7d401927bbd624107303c713fd1e5f3d3c8dd1b1e\n\
            f2eba0f2e95967ee9fbc6db5e678d2fd599229c0d04b11e4fc8e0f2a02a806c6";
        assert_eq!(sts, expected);
    }

    #[test]
    fn signatures_chain_and_the_outer_message_carries_them() {
        let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut signer = MessageSigner::new(credentials(), "us-west-2", "svc", "seed0");
        let first = signer.sign(b"one", time);
        let sig1 = signer.last_signature().to_string();
        assert_eq!(sig1.len(), 64);
        assert_eq!(first.payload().as_ref(), b"one");
        assert_eq!(
            first.header(":date"),
            Some(&HeaderValue::Timestamp(DateTime::from_secs(1_700_000_000)))
        );
        let Some(HeaderValue::ByteArray(bytes)) = first.header(":chunk-signature") else {
            panic!("no signature header: {first:?}");
        };
        assert_eq!(decode_hex(&sig1), bytes.to_vec());

        // The same message from another seed signs differently: the chain matters.
        let mut other = MessageSigner::new(credentials(), "us-west-2", "svc", "seed1");
        other.sign(b"one", time);
        assert_ne!(other.last_signature(), sig1);

        // The end of the stream: an empty payload, chained from the last event.
        let end = signer.sign(&[], time);
        assert!(end.payload().is_empty());
        assert_ne!(signer.last_signature(), sig1);
    }

    #[test]
    fn the_slot_is_shared_by_clones() {
        let slot = EventStreamSigning::new();
        assert!(slot.signer().is_none());
        let clone = slot.clone();
        clone.seed(MessageSigner::new(credentials(), "r", "s", "abc"));
        assert_eq!(slot.signer().unwrap().last_signature(), "abc");
        assert!(format!("{slot:?}").contains("seeded: true"));
        assert!(!format!("{:?}", slot.signer()).contains("EXAMPLEKEY"));
    }
}
