//! Layer 4, auth: who is calling and proof of it.
//!
//! - [`credentials`]: [`Credentials`](credentials::Credentials) and the providers that load them
//!   (environment, shared profile files, roles, SSO, container, instance metadata, the default
//!   chain and its cache), the region chain, and the seams through which the chain calls STS and
//!   SSO (implemented above the runtime, with generated clients, by `smelt-config`);
//! - [`sign`]: SigV4 signing of an [`HttpRequest`](crate::http::HttpRequest);
//! - [`event_stream_sign`]: SigV4 signing of the events of an input event stream, chained from
//!   the request's signature (feature `event-stream`);
//! - [`presign`]: SigV4 presigning (signature and expiry in the query string);
//! - [`chunked`] (feature `checksums`): signing an `aws-chunked` body chunk by chunk.
//!
//! Uses the HTTP layer (the request type, transports, boxed futures), the wire codecs and
//! nothing above them: no configuration, retries, orchestrator or generated code. Inside the
//! layer imports go one way: `sign` uses `event_stream_sign`, both use `credentials`;
//! `presign` and `chunked` use `sign` and `credentials`.

#[cfg(feature = "checksums")]
pub mod chunked;
pub mod credentials;
#[cfg(feature = "event-stream")]
pub mod event_stream_sign;
pub mod presign;
pub mod sign;
