//! Layer 7, glue for generated code: the small, model-independent functions generated
//! serializers, deserializers and builders call, so that generated code stays thin.
//!
//! - [`request`]: [`RequestBuilder`], labels, required members;
//! - [`response`]: [`FromResponse`], [`FromErrorResponse`], payloads and response headers;
//! - [`validate`]: constraint checks of builders (`@length`, `@range`, `@pattern`);
//! - [`version`]: the compile-time check that a generated crate was generated for this runtime.
//!
//! The four do not import each other.
//!
//! The top layer: it may use everything below (client, auth, HTTP, wire, primitives) and nothing
//! uses it but generated code. Its items are re-exported here, plus the lower-layer functions
//! generated code has always named through `protocol::` ([`format_timestamp`],
//! [`with_query_error_code`]), so `smelt_runtime::protocol::*` paths stay as they were.

pub mod request;
pub mod response;
pub mod validate;
pub mod version;

pub use crate::client::response_error::with_query_error_code;
pub use crate::primitives::format_timestamp;
pub use request::{check_required, label, label_or, RequestBuilder};
#[cfg(feature = "cbor")]
pub use response::cbor_body;
pub use response::{
    from_response, header, json_body, parse, parse_base64, parse_base64_string, parse_list,
    parse_timestamp, payload_blob, payload_json, payload_stream, payload_string, prefix_headers,
    FromErrorResponse, FromResponse,
};
#[cfg(feature = "xml")]
pub use response::{payload_xml, xml_error};
