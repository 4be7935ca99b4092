//! Flexible checksums of `aws.protocols#httpChecksum` operations (feature `checksums`), applied
//! by the orchestrator: [`HttpChecksum`] is what generated code says of an operation, carried
//! with the caller's choices as a request extension ([`RequestChecksum`]).
//!
//! Requests: with `request_checksum_calculation` `when_supported` (the default) every
//! operation with a `requestAlgorithmMember` or `requestChecksumRequired` gets a checksum (the
//! caller's algorithm, else CRC32); with `when_required` only those that require one or whose
//! caller chose an algorithm. A body in memory gets an `x-amz-checksum-<alg>` header; a file or
//! stream is sent `aws-chunked` with the checksum in a trailer: over `https` unsigned
//! (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`, what the AWS SDKs send by default), over plain `http`
//! with signed chunks (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`) when the length is known.
//! A checksum header the caller set is sent as it is.
//!
//! Responses: with `response_checksum_validation` `when_supported` every operation with
//! `responseAlgorithms` asks for checksums (its validation-mode header set to `ENABLED`) and
//! validates them; with `when_required` only when the caller enabled the mode. A mismatch is a
//! [`ChecksumMismatch`] error (for a streaming body, the body's last read fails with it);
//! composite checksums of multipart objects are not checked.
//!
//! Client layer: uses the configuration, the auth layer's chunk signing and the HTTP layer's
//! checksum bodies; used by the orchestrator only.

use crate::auth::chunked::sign_chunked_request;
use crate::auth::credentials::Credentials;
use crate::auth::sign::SignOptions;
use crate::client::config::{ChecksumWhen, Config};
use crate::http::body::ByteStream;
pub use crate::http::checksum::ChecksumMismatch;
use crate::http::checksum::{
    response_checksum, validate_bytes, AwsChunkedBody, ChecksumAlgorithm, ChunkSigner,
};
use crate::http::{HttpRequest, HttpResponse, StreamingResponse};
use http::header::{HeaderValue, CONTENT_ENCODING, CONTENT_LENGTH};
use std::time::SystemTime;

/// An operation's `aws.protocols#httpChecksum` trait, as generated code describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpChecksum {
    /// `requestChecksumRequired`.
    pub request_checksum_required: bool,
    /// The operation has a `requestAlgorithmMember`.
    pub request_algorithm_member: bool,
    /// The header the `requestAlgorithmMember` is bound to (`x-amz-sdk-checksum-algorithm`):
    /// set to the algorithm chosen when the caller left it unset.
    pub request_algorithm_header: Option<&'static str>,
    /// The header the `requestValidationModeMember` is bound to (`x-amz-checksum-mode`): set
    /// to `ENABLED` when validation is on and the caller left it unset.
    pub validation_mode_header: Option<&'static str>,
    /// `responseAlgorithms`.
    pub response_algorithms: &'static [&'static str],
}

/// An operation's [`HttpChecksum`] with the caller's values of its members, a request extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestChecksum {
    /// The trait.
    pub trait_: &'static HttpChecksum,
    /// The `requestAlgorithmMember`'s value, if set.
    pub algorithm: Option<String>,
    /// The `requestValidationModeMember`'s value, if set (`ENABLED`).
    pub validation_mode: Option<String>,
}

/// Applies the request side before the attempts: a checksum header for a body in memory,
/// the `aws-chunked` headers for any other; the validation-mode header.
pub(crate) fn prepare_request(
    config: &Config,
    parts: &mut http::request::Parts,
    body: &ByteStream,
) -> Result<(), String> {
    let Some(request) = parts.extensions.get::<RequestChecksum>().cloned() else {
        return Ok(());
    };
    // A presigned request carries no flexible checksum (as botocore and aws-sdk-rust presign):
    // whoever sends it sends a body the presigner never saw, and reads the response itself.
    if crate::client::presign::current().is_some() {
        return Ok(());
    }
    let info = request.trait_;
    if let (Some(header), true) = (
        info.validation_mode_header,
        validation_wanted(config, &request),
    ) {
        if request.validation_mode.is_none() && !parts.headers.contains_key(header) {
            parts
                .headers
                .insert(header_name(header)?, HeaderValue::from_static("ENABLED"));
        }
    }
    let chosen = match request.algorithm.as_deref() {
        None => None,
        Some(name) => Some(ChecksumAlgorithm::parse(name).ok_or_else(|| {
            format!(
                "checksum algorithm `{name}` is not supported (CRC32, CRC32C, CRC64NVME, SHA1, \
                 SHA256)"
            )
        })?),
    };
    let wanted = chosen.is_some()
        || info.request_checksum_required
        || (info.request_algorithm_member
            && config.request_checksum_calculation() == ChecksumWhen::WhenSupported);
    // A checksum the caller computed (a `ChecksumCRC32` member bound to its header) is sent.
    let given = ChecksumAlgorithm::VALIDATION_ORDER
        .iter()
        .any(|a| parts.headers.contains_key(a.header_name()));
    if !wanted || given {
        return Ok(());
    }
    let algorithm = chosen.unwrap_or(ChecksumAlgorithm::Crc32);
    if let Some(header) = info.request_algorithm_header {
        if !parts.headers.contains_key(header) {
            parts.headers.insert(
                header_name(header)?,
                HeaderValue::from_static(algorithm.as_str()),
            );
        }
    }
    if let Some(bytes) = body.bytes() {
        let value = HeaderValue::from_str(&algorithm.base64_of(bytes))
            .map_err(|_| "invalid checksum header value".to_string())?;
        parts.headers.insert(algorithm.header_name(), value);
        return Ok(());
    }
    let encoding = match parts.headers.get(CONTENT_ENCODING).map(HeaderValue::to_str) {
        Some(Ok(existing)) if !existing.trim().is_empty() => format!("aws-chunked, {existing}"),
        _ => "aws-chunked".to_string(),
    };
    let encoding = HeaderValue::from_str(&encoding)
        .map_err(|_| "the Content-Encoding header is not valid text".to_string())?;
    parts.headers.insert(CONTENT_ENCODING, encoding);
    parts.headers.insert(
        "x-amz-trailer",
        HeaderValue::from_static(algorithm.header_name()),
    );
    if let Some(len) = body.content_length() {
        parts
            .headers
            .insert("x-amz-decoded-content-length", HeaderValue::from(len));
    }
    Ok(())
}

fn header_name(name: &str) -> Result<http::HeaderName, String> {
    http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))
}

fn validation_wanted(config: &Config, request: &RequestChecksum) -> bool {
    !request.trait_.response_algorithms.is_empty()
        && (request
            .validation_mode
            .as_deref()
            .is_some_and(|m| m.eq_ignore_ascii_case("ENABLED"))
            || config.response_checksum_validation() == ChecksumWhen::WhenSupported)
}

/// Signing of one attempt: how the orchestrator signs a request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signer<'a> {
    pub credentials: Option<&'a Credentials>,
    pub region: &'a str,
    pub name: &'a str,
    pub options: SignOptions<'a>,
}

/// Signs an attempt whose body goes `aws-chunked` (its `x-amz-trailer` names a checksum, as
/// [`prepare_request`] set it) and wraps its body; `Ok(Err(request))` gives the request back
/// untouched, for ordinary signing, when it has no trailer.
pub(crate) fn chunked_attempt(
    mut request: HttpRequest,
    signer: Signer<'_>,
) -> Result<Result<HttpRequest, HttpRequest>, String> {
    // Read from the headers: a copy made for a retry has no extensions.
    let Some(algorithm) = request
        .headers()
        .get("x-amz-trailer")
        .and_then(|v| v.to_str().ok())
        .and_then(|name| {
            ChecksumAlgorithm::VALIDATION_ORDER
                .into_iter()
                .find(|a| a.header_name().eq_ignore_ascii_case(name.trim()))
        })
    else {
        return Ok(Err(request));
    };
    let length = request.body().content_length();
    // Chunk signatures are SigV4's HMAC chain; a SigV4a request sends its chunks unsigned.
    let signed_chunks = length.is_some()
        && request.uri().scheme_str() == Some("http")
        && signer.options.region_set.is_none();
    let chunk_signer = match signer.credentials {
        Some(credentials) => sign_chunked_request(
            &mut request,
            credentials,
            signer.region,
            signer.name,
            SystemTime::now(),
            &signer.options,
            signed_chunks,
        )
        .map_err(|e| e.to_string())?
        .map(|s| Box::new(s) as Box<dyn ChunkSigner>),
        None => {
            request.headers_mut().insert(
                "x-amz-content-sha256",
                HeaderValue::from_static(crate::auth::chunked::STREAMING_UNSIGNED_TRAILER),
            );
            None
        }
    };
    let (mut parts, body) = request.into_parts();
    let body = AwsChunkedBody::new(body, algorithm, chunk_signer);
    match http_body::Body::size_hint(&body).exact() {
        Some(len) => {
            parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
        }
        None => {
            parts.headers.remove(CONTENT_LENGTH);
        }
    }
    Ok(Ok(http::Request::from_parts(
        parts,
        ByteStream::from_body(body),
    )))
}

/// The algorithms a response of this request is validated against (`None`: not validated).
pub(crate) fn response_validation(
    config: &Config,
    request: &HttpRequest,
) -> Option<Vec<ChecksumAlgorithm>> {
    let request = request.extensions().get::<RequestChecksum>()?;
    if !validation_wanted(config, request) {
        return None;
    }
    Some(
        request
            .trait_
            .response_algorithms
            .iter()
            .filter_map(|a| ChecksumAlgorithm::parse(a))
            .collect(),
    )
}

/// Checks a successful response read into memory.
pub(crate) fn validate_buffered(
    algorithms: &[ChecksumAlgorithm],
    response: &HttpResponse,
) -> Result<(), ChecksumMismatch> {
    match response_checksum(response.headers(), algorithms) {
        Some((algorithm, expected)) => validate_bytes(algorithm, &expected, response.body()),
        None => Ok(()),
    }
}

/// A successful streaming response whose body fails its last read on a mismatch.
pub(crate) fn validate_streaming(
    algorithms: &[ChecksumAlgorithm],
    response: StreamingResponse,
) -> StreamingResponse {
    match response_checksum(response.headers(), algorithms) {
        Some((algorithm, expected)) => response.map(|body| {
            ByteStream::from_body(crate::http::checksum::ValidatingBody::new(
                body, algorithm, expected,
            ))
        }),
        None => response,
    }
}
