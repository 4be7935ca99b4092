//! A small, dependency-free JSON codec for generated clients.
//!
//! Serialization goes through [`JsonWriter`] (compact output appended to a `String`) and the
//! [`JsonSerialize`] trait; deserialization goes through the pull parser [`JsonReader`] and the
//! [`JsonDeserialize`] trait. Generated code drives both directly, so no reflection or
//! intermediate tree is involved.
//!
//! Smithy conventions applied here: non-finite floats travel as the strings `"NaN"`,
//! `"Infinity"` and `"-Infinity"`; blobs are base64 strings; timestamps follow their
//! [`TimestampFormat`](crate::primitives::TimestampFormat).
//!
//! The reader never panics on malformed input and limits nesting to [`MAX_DEPTH`] levels.
//!
//! Part of the wire layer: it knows primitives and [`DeserializeError`], nothing of HTTP,
//! clients or generated code.
//!
//! With the feature `cbor`, the same writer and reader also speak CBOR ([`JsonWriter::cbor`],
//! [`JsonReader::cbor`], `to_cbor_vec`, `from_cbor_slice`): the rpcv2Cbor protocol uses the
//! generated JSON codec impls unchanged, with CBOR's own forms for blobs, timestamps and floats. [`write`](mod@write) writes, [`read`](mod@read) reads.

pub mod read;
pub mod write;

pub use crate::wire::error::{DeserializeError, Result};
#[cfg(feature = "cbor")]
pub use read::from_cbor_slice;
pub use read::{from_slice, JsonDeserialize, JsonReader};
#[cfg(feature = "cbor")]
pub use write::to_cbor_vec;
pub use write::{
    to_vec, to_vec_string_big_numbers, ArrayWriter, JsonSerialize, JsonWriter, ObjectWriter,
};

/// Maximum nesting depth of arrays and objects accepted by [`JsonReader`].
pub const MAX_DEPTH: usize = 128;
