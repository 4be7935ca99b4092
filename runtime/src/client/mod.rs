//! Layer 6, the client: the call path every generated operation goes through.
//!
//! - [`operation`]: the static description of a service and an operation;
//! - [`config`]: [`Config`](config::Config) and its builder (region, endpoint, credentials,
//!   HTTP client, timeouts, retries);
//! - [`retry`]: the retry policy (classification, backoff);
//! - [`rate_limit`]: the client-side rate limiter of the `adaptive` retry mode;
//! - [`error`]: the errors of a call ([`SdkError`](error::SdkError), [`BuildError`](error::BuildError),
//!   [`ErrorMetadata`](error::ErrorMetadata), ...);
//! - [`response_error`]: reading code, message and request id from an error response;
//! - [`request_features`]: compression, `Content-MD5`, host prefix, idempotency tokens;
//! - [`presign`]: presigning any operation (the orchestrator presigns instead of sending);
//! - [`s3_express`]: S3 Express session auth: the `CreateSession` seam and the session cache;
//! - [`checksums`]: flexible checksums of requests and responses (feature `checksums`);
//! - [`orchestrator`]: [`Handle`], which sends a request: endpoint, headers, signing, timeouts,
//!   retries, reading the response;
//! - [`paginate`]: [`Paginator`](paginate::Paginator), on top of the orchestrator;
//! - [`waiter`]: waiters (`smithy.waiters#waitable`): acceptors, backoff, the wait loop;
//! - [`endpoint_cases`]: a generated crate's endpoint test cases, through the orchestrator;
//! - [`event_receiver`]: the events of a streaming output (feature `event-stream`);
//! - [`event_sender`]: the events of a streaming input, framed and signed (feature `event-stream`).
//!
//! Uses every lower layer (primitives, wire, HTTP, auth) and nothing above it: no generated-code
//! glue ([`crate::protocol`]). Inside the layer imports go one way, in the order above
//! (`operation` and `config` at the bottom, `paginate`, `waiter`, `endpoint_cases`,
//! `event_receiver` and `event_sender` at the top).
//!
//! The orchestrator's items are re-exported here, so `smelt_runtime::client::Handle` and the
//! other paths generated code uses stay as they were.

#[cfg(feature = "checksums")]
pub mod checksums;
pub mod config;
pub mod endpoint_cases;
pub mod error;
#[cfg(feature = "event-stream")]
pub mod event_receiver;
#[cfg(feature = "event-stream")]
pub mod event_sender;
pub mod operation;
pub mod orchestrator;
pub mod paginate;
pub mod presign;
pub mod rate_limit;
pub mod request_features;
pub mod response_error;
pub mod retry;
pub mod s3_express;
pub mod waiter;

#[cfg(feature = "checksums")]
pub use checksums::HttpChecksum;
pub use config::{ChecksumWhen, IdempotencyTokens};
pub use operation::{OperationAuth, OperationInfo, Protocol, ServiceInfo};
pub use orchestrator::{user_agent, Handle};
pub use request_features::{idempotency_token, ChecksumRequired, HostPrefix, RequestCompression};
pub use response_error::{
    error_code_candidates, error_metadata, parse_error_response, query_compatible_code,
    sanitize_error_code,
};
