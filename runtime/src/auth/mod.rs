//! Layer 4, auth: who is calling and proof of it.
//!
//! - [`credentials`]: [`Credentials`](credentials::Credentials) and the providers that load them
//!   (environment, shared profile files, the default chain);
//! - [`sign`]: SigV4 signing of an [`HttpRequest`](crate::http::HttpRequest).
//!
//! Uses the HTTP layer (the request type, boxed futures) and nothing above it: no configuration,
//! retries, orchestrator or generated code. Inside the layer, `sign` uses `credentials`.

pub mod credentials;
pub mod sign;
