//! Layer 4, auth: who is calling and proof of it.
//!
//! - [`credentials`]: [`Credentials`](credentials::Credentials) and the providers that load them
//!   (environment, shared profile files, roles, SSO, container, instance metadata, the default
//!   chain and its cache), and the region chain;
//! - [`sign`]: SigV4 signing of an [`HttpRequest`](crate::http::HttpRequest);
//! - [`sts`]: STS `AssumeRole` / `AssumeRoleWithWebIdentity` over HTTP, the default
//!   [`StsClient`](credentials::StsClient) of the chain.
//!
//! Uses the HTTP layer (the request type, transports, boxed futures), the wire codecs and
//! nothing above them: no configuration, retries, orchestrator or generated code. Inside the
//! layer imports go one way: `sign` uses `credentials`, `sts` uses both.

pub mod credentials;
pub mod sign;
pub mod sts;
