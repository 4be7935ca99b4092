//! What both protocol-suite runners share (`conformance`: botocore's suites; `protocol_tests`:
//! Smithy's `httpRequestTests` / `httpResponseTests`): `values` turns test data into Rust
//! expressions of the generated types and the code of a case; `support.rs` is copied into each
//! runner crate (request comparison, body comparison by media type, value equality).

pub mod values;

/// The source of the runners' support module.
pub const SUPPORT_RS: &str = include_str!("support.rs");
