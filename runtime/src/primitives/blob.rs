//! Opaque binary data: [`Blob`] (a Smithy `blob`) and its base64 text form, shared by every codec
//! and binding that writes or reads blobs as text. Knows nothing of codecs, HTTP or clients.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

/// Opaque binary data (a Smithy `blob`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps the given bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// Returns the bytes as a slice.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// Returns the owned bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the blob is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(v: &str) -> Self {
        Blob(v.as_bytes().to_vec())
    }
}

impl From<String> for Blob {
    fn from(v: String) -> Self {
        Blob(v.into_bytes())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(b: Blob) -> Self {
        b.0
    }
}

/// Base64 decoder: standard alphabet, padding optional, lenient about trailing bits.
pub(crate) const BASE64_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Base64-encodes bytes (standard alphabet, padded).
pub fn base64_encode(v: &[u8]) -> String {
    STANDARD.encode(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob() {
        let b = Blob::new(vec![1u8, 2, 3]);
        assert_eq!(b.as_ref(), &[1, 2, 3]);
        assert_eq!(Blob::from("ab"), Blob::from(&b"ab"[..]));
        assert_eq!(Blob::from(String::from("ab")).into_inner(), b"ab".to_vec());
        assert_eq!(Blob::default().len(), 0);
    }
}
