//! Layer 1, primitives: the Smithy value types that have no direct Rust equivalent, one module per
//! type, with their text forms.
//!
//! - [`date_time`]: [`DateTime`], [`TimestampFormat`], parsing and formatting timestamps;
//! - [`blob`]: [`Blob`] and base64;
//! - [`document`]: [`Document`] and its [`Number`];
//! - [`number`]: [`BigInteger`], [`BigDecimal`] and the text form of floats;
//! - [`to_document`]: [`ToDocument`], typed values as documents (for JMESPath).
//!
//! This is the bottom layer: it uses only std and third-party crates, never another module of
//! this crate. Wire codecs, HTTP bindings and the client all build on it. Its modules do not
//! import each other, except `to_document`, which uses the others.

pub mod blob;
pub mod date_time;
pub mod document;
pub mod number;
pub mod to_document;

pub use blob::Blob;
pub use date_time::{
    format_timestamp, DateTime, DateTimeFormatError, DateTimeParseError, SystemTimeRangeError,
    TimestampFormat,
};
pub use document::{Document, Number};
pub use number::{BigDecimal, BigInteger, BigNumberParseError};
pub use to_document::{document_object, document_variant, ToDocument};
