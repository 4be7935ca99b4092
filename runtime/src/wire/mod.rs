//! Layer 2, wire formats: turning values into bytes and back, one module per format.
//!
//! - [`json`]: the JSON codec (awsJson, restJson, rpcv2Json bodies, event payloads), which also
//!   writes and reads CBOR (rpcv2Cbor bodies) through [`cbor`];
//! - [`cbor`]: CBOR data items (feature `cbor`);
//! - [`query`]: form-encoded `awsQuery`/`ec2Query` request bodies;
//! - [`xml`]: XML reading and writing (feature `xml`);
//! - [`event_stream`]: the `application/vnd.amazon.eventstream` framing (feature `event-stream`);
//! - [`jmespath`]: JMESPath expressions over [`Document`](crate::primitives::Document)s (waiter paths);
//! - [`scalar`]: the text form of scalars shared by the query and XML codecs;
//! - [`error`]: [`DeserializeError`], the error of every decoder.
//!
//! Uses only [`crate::primitives`]. Knows nothing of HTTP (no requests, responses, headers or
//! bodies), clients, auth or generated code. Inside the layer imports go one way:
//! `event_stream` → `json`, `xml` (payload readers); `jmespath` → `json` (literals); `json` →
//! `cbor`; `xml`, `query` → `scalar`; all → `error`.

#[cfg(feature = "cbor")]
pub mod cbor;
pub mod error;
#[cfg(feature = "event-stream")]
pub mod event_stream;
pub mod jmespath;
pub mod json;
pub mod query;
pub mod scalar;
#[cfg(feature = "xml")]
pub mod xml;

pub use error::DeserializeError;
