//! Request features an operation asks for, carried as request extensions from the generated
//! serializer to the orchestrator, which applies them: gzip compression
//! ([`RequestCompression`], feature `compression`), `Content-MD5` ([`ChecksumRequired`], feature
//! `md5`), a host prefix ([`HostPrefix`]); and the idempotency token generated builders fill in.
//!
//! Client layer: knows the configuration and bodies; nothing of sending, retries or parsing.

use crate::client::config::Config;
use crate::http::body::ByteStream;
#[cfg(any(feature = "compression", feature = "md5"))]
use http::header::HeaderValue;
use http::Uri;

/// Marks a request whose operation has `@requestCompression(encodings: ["gzip"])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestCompression;

/// Marks a request whose operation has `@httpChecksumRequired`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecksumRequired;

/// Gzips an in-memory body of at least the configured size when the request asks for it, and
/// adds `gzip` to its `Content-Encoding`; then adds a flexible checksum (`@httpChecksum`,
/// feature `checksums`) or `Content-MD5` when the request asks for it.
pub(crate) fn encode_body(
    config: &Config,
    parts: &mut http::request::Parts,
    body: ByteStream,
) -> Result<ByteStream, String> {
    #[cfg(feature = "compression")]
    let body = compress_body(config, parts, body)?;
    #[cfg(not(any(feature = "compression", feature = "checksums")))]
    let _ = config;
    #[cfg(feature = "checksums")]
    crate::client::checksums::prepare_request(config, parts, &body)?;
    #[cfg(feature = "md5")]
    add_content_md5(parts, &body)?;
    #[cfg(not(any(feature = "compression", feature = "md5", feature = "checksums")))]
    let _ = parts;
    Ok(body)
}

#[cfg(feature = "compression")]
fn compress_body(
    config: &Config,
    parts: &mut http::request::Parts,
    body: ByteStream,
) -> Result<ByteStream, String> {
    let wanted = parts.extensions.get::<RequestCompression>().is_some()
        && !config.disable_request_compression();
    let Some(bytes) = body.bytes().filter(|_| wanted) else {
        return Ok(body);
    };
    if bytes.len() < config.request_min_compression_size_bytes() {
        return Ok(body);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let compressed = std::io::Write::write_all(&mut gz, bytes)
        .and_then(|()| gz.finish())
        .map_err(|e| format!("request compression failed: {e}"))?;
    let encoding = match parts
        .headers
        .get(http::header::CONTENT_ENCODING)
        .map(HeaderValue::to_str)
    {
        Some(Ok(existing)) if !existing.trim().is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_string(),
    };
    let value = HeaderValue::from_str(&encoding)
        .map_err(|_| "the Content-Encoding header is not valid text".to_string())?;
    parts.headers.insert(http::header::CONTENT_ENCODING, value);
    Ok(ByteStream::from(compressed))
}

#[cfg(feature = "md5")]
fn add_content_md5(parts: &mut http::request::Parts, body: &ByteStream) -> Result<(), String> {
    // A flexible checksum (`@httpChecksum`) stands in for `Content-MD5`.
    let flexible = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"]
        .iter()
        .any(|a| {
            parts
                .headers
                .contains_key(format!("x-amz-checksum-{a}").as_str())
        })
        || parts.headers.contains_key("x-amz-trailer");
    if parts.extensions.get::<ChecksumRequired>().is_none()
        || parts.headers.contains_key("content-md5")
        || flexible
    {
        return Ok(());
    }
    if let Some(bytes) = body.bytes() {
        let digest = <md5::Md5 as md5::Digest>::digest(bytes);
        let value = HeaderValue::from_str(&crate::primitives::blob::base64_encode(&digest))
            .map_err(|_| "invalid Content-MD5".to_string())?;
        parts.headers.insert("content-md5", value);
    }
    Ok(())
}

/// Glacier's SHA-256 tree hash of a payload: the SHA-256 digests of its 1 MiB chunks, combined
/// pairwise (an odd one out moves up as it is) until one is left. An empty payload is one empty
/// chunk.
pub fn tree_hash(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    const CHUNK: usize = 1024 * 1024;
    let mut level: Vec<[u8; 32]> = if bytes.is_empty() {
        vec![sha2::Sha256::digest(bytes).into()]
    } else {
        bytes
            .chunks(CHUNK)
            .map(|c| sha2::Sha256::digest(c).into())
            .collect()
    };
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| {
                if let [a, b] = pair {
                    let mut h = sha2::Sha256::new();
                    h.update(a);
                    h.update(b);
                    h.finalize().into()
                } else {
                    // `chunks(2)` never yields an empty slice.
                    pair[0]
                }
            })
            .collect();
    }
    level[0]
}

/// The SHA-256 digest of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// Lower-case hexadecimal text of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// A prefix the operation puts before the endpoint's host (Smithy's `@endpoint(hostPrefix)`),
/// carried as a request extension from the serializer to the orchestrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix(pub String);

pub(crate) fn prefix_host(uri: &Uri, prefix: &str) -> Result<Uri, String> {
    let mut parts = uri.clone().into_parts();
    let authority = parts.authority.as_ref().map(|a| a.as_str()).unwrap_or("");
    let prefixed = format!("{prefix}{authority}");
    parts.authority = Some(
        prefixed
            .parse()
            .map_err(|_| format!("host prefix `{prefix}` makes an invalid host"))?,
    );
    Uri::from_parts(parts).map_err(|e| format!("host prefix `{prefix}`: {e}"))
}

/// A random (version 4) UUID, for `@idempotencyToken` members left unset by the caller.
pub fn idempotency_token() -> String {
    let mut b = [0u8; 16];
    for byte in &mut b {
        *byte = fastrand::u8(..);
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_hash_of_one_chunk_is_its_sha256() {
        // `echo -n "hello world" | sha256sum`
        let expected = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(hex(&tree_hash(b"hello world")), expected);
        assert_eq!(hex(&sha256(b"hello world")), expected);
        assert_eq!(tree_hash(b""), sha256(b""));
    }

    #[test]
    fn tree_hash_combines_chunks_pairwise() {
        let mib = 1024 * 1024;
        let data: Vec<u8> = (0..3 * mib + 5).map(|i| (i % 251) as u8).collect();
        let h: Vec<[u8; 32]> = data.chunks(mib).map(sha256).collect();
        assert_eq!(h.len(), 4);
        let pair = |a: &[u8; 32], b: &[u8; 32]| sha256(&[a.as_slice(), b.as_slice()].concat());
        // Four chunks: two levels.
        assert_eq!(
            tree_hash(&data),
            pair(&pair(&h[0], &h[1]), &pair(&h[2], &h[3]))
        );
        // Three chunks: the third moves up unpaired.
        let three = &data[..3 * mib];
        assert_eq!(tree_hash(three), pair(&pair(&h[0], &h[1]), &h[2]));
        // Exactly one chunk: no combining.
        assert_eq!(tree_hash(&data[..mib]), h[0]);
    }

    #[test]
    fn uuid_format() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'), "{a}");
        assert!(
            matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "{a}"
        );
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }
}
