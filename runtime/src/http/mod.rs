//! Layer 3, HTTP: what a request and a response are, and how they travel.
//!
//! - [`body`]: [`ByteStream`], the body of every request and response;
//! - [`binding`]: the Smithy HTTP binding traits' text forms (labels, query strings, header
//!   lists, header values);
//! - [`checksum`] (feature `checksums`): flexible checksums, the `aws-chunked` body with a
//!   trailer, and validating response bodies;
//! - [`transport`]: the [`HttpClient`] trait, its request/response types, and the hyper and
//!   in-memory test clients.
//!
//! Uses [`crate::primitives`] only (bindings and bodies need timestamps and blobs). Knows
//! nothing of wire codecs, signing, retries, the orchestrator or generated code. Inside the
//! layer, `transport` and `checksum` use `body`; `body` and `binding` use no sibling.
//!
//! The transport items are re-exported here, so `smelt_runtime::http::HttpClient` and the other
//! paths generated code and tests use stay as they were.

pub mod binding;
pub mod body;
#[cfg(feature = "checksums")]
pub mod checksum;
pub mod transport;

pub use body::ByteStream;
pub use transport::{
    clone_response, try_clone_request, BoxFuture, BufferedRequest, ConnectorError,
    ConnectorErrorKind, HttpClient, HttpRequest, HttpResponse, StreamingResponse, TestClient,
};
#[cfg(feature = "hyper-client")]
pub use transport::{HyperClient, HyperClientBuilder};
