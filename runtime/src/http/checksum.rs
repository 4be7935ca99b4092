//! Flexible checksums (feature `checksums`): the algorithms of `aws.protocols#httpChecksum`
//! ([`ChecksumAlgorithm`], [`Checksum`]), the `aws-chunked` request body that carries a checksum
//! in a trailer ([`AwsChunkedBody`], signed chunk by chunk through a [`ChunkSigner`] or
//! unsigned), and a response body that checks one while it is read ([`ValidatingBody`]).
//!
//! HTTP layer: uses [`crate::primitives`] (base64) and [`body`](super::body); knows nothing of
//! configuration, signing keys or operations (the client layer decides what to compute).

use crate::http::body::ByteStream;
use crate::primitives::blob::base64_encode;
use bytes::{BufMut, Bytes, BytesMut};
use crc::{Crc, Table, CRC_32_ISCSI, CRC_64_NVME};
use http::HeaderMap;
use http_body::{Body, Frame, SizeHint};
use sha1::Digest as _;
use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

static CRC32C: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISCSI);
static CRC64NVME: Crc<u64, Table<16>> = Crc::<u64, Table<16>>::new(&CRC_64_NVME);

/// Size of the chunks of an `aws-chunked` body (the last one may be shorter). S3 asks for at
/// least 8 KiB per chunk but the last.
pub const CHUNK_SIZE: usize = 64 * 1024;

/// A checksum algorithm of `aws.protocols#httpChecksum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC32 (the ISO-HDLC polynomial, as zlib).
    Crc32,
    /// CRC32C (Castagnoli).
    Crc32c,
    /// CRC64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order responses are validated: the cheaper CRCs first.
    pub const VALIDATION_ORDER: [ChecksumAlgorithm; 5] = [
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// The algorithm a model's name stands for (`CRC32`, `crc64nvme`, `SHA256`: any case).
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim();
        Self::VALIDATION_ORDER
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
    }

    /// The model's name: `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The header that carries the checksum: `x-amz-checksum-crc32`, ...
    pub fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// A running checksum of this algorithm.
    pub fn checksum(self) -> Checksum {
        Checksum {
            state: match self {
                ChecksumAlgorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
                ChecksumAlgorithm::Crc32c => State::Crc32c(CRC32C.digest()),
                ChecksumAlgorithm::Crc64Nvme => State::Crc64Nvme(CRC64NVME.digest()),
                ChecksumAlgorithm::Sha1 => State::Sha1(sha1::Sha1::new()),
                ChecksumAlgorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
            },
        }
    }

    /// The base64 checksum of `data`, as the header carries it.
    pub fn base64_of(self, data: &[u8]) -> String {
        let mut checksum = self.checksum();
        checksum.update(data);
        checksum.finalize_base64()
    }

    /// Length of the base64 text of a checksum of this algorithm.
    fn base64_len(self) -> usize {
        let raw: usize = match self {
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 4,
            ChecksumAlgorithm::Crc64Nvme => 8,
            ChecksumAlgorithm::Sha1 => 20,
            ChecksumAlgorithm::Sha256 => 32,
        };
        raw.div_ceil(3) * 4
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A checksum being computed: feed it with [`update`](Self::update), read it with
/// [`finalize`](Self::finalize) (big-endian bytes, as the header's base64 encodes them).
pub struct Checksum {
    state: State,
}

enum State {
    Crc32(crc32fast::Hasher),
    Crc32c(crc::Digest<'static, u32, Table<16>>),
    Crc64Nvme(crc::Digest<'static, u64, Table<16>>),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Checksum {
    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc32(h) => h.update(data),
            State::Crc32c(h) => h.update(data),
            State::Crc64Nvme(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha256(h) => h.update(data),
        }
    }

    /// The checksum's bytes.
    pub fn finalize(self) -> Vec<u8> {
        match self.state {
            State::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            State::Crc32c(h) => h.finalize().to_be_bytes().to_vec(),
            State::Crc64Nvme(h) => h.finalize().to_be_bytes().to_vec(),
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
        }
    }

    /// The checksum in base64, as the `x-amz-checksum-*` headers carry it.
    pub fn finalize_base64(self) -> String {
        base64_encode(&self.finalize())
    }
}

impl fmt::Debug for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Checksum")
    }
}

/// Signs the chunks of an `aws-chunked` body (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`):
/// each signature chains from the one before, the first from the request's signature. The
/// signing layer implements it; this layer only frames.
pub trait ChunkSigner: Send + Sync {
    /// The signature of the next chunk (the empty final chunk too).
    fn chunk_signature(&mut self, chunk: &[u8]) -> String;
    /// The signature of the trailer, given as `name:value\n` lines.
    fn trailer_signature(&mut self, trailer: &[u8]) -> String;
}

/// Length of a signature in hex.
const SIGNATURE_LEN: u64 = 64;

/// The length on the wire of a body of `decoded` bytes encoded as `aws-chunked` with a trailer
/// of `algorithm`, signed or not: what `Content-Length` says.
pub fn aws_chunked_length(decoded: u64, algorithm: ChecksumAlgorithm, signed: bool) -> u64 {
    let chunk = |size: u64| -> u64 {
        let head = format!("{size:x}").len() as u64;
        let signature = if signed {
            ";chunk-signature=".len() as u64 + SIGNATURE_LEN
        } else {
            0
        };
        let data = if size > 0 { size + 2 } else { 0 };
        head + signature + 2 + data
    };
    let full = decoded / CHUNK_SIZE as u64;
    let rest = decoded % CHUNK_SIZE as u64;
    let mut total = full * chunk(CHUNK_SIZE as u64);
    if rest > 0 {
        total += chunk(rest);
    }
    total += chunk(0);
    total += (algorithm.header_name().len() + 1 + algorithm.base64_len() + 2) as u64;
    if signed {
        total += ("x-amz-trailer-signature:".len() as u64) + SIGNATURE_LEN + 2;
    }
    total + 2
}

/// An `aws-chunked` request body: the inner body in chunks of [`CHUNK_SIZE`] bytes, each framed
/// as `hex-size[;chunk-signature=…]\r\n data \r\n`, then the empty chunk, then the checksum of
/// the whole inner body as a trailer (`x-amz-checksum-…:value`, and with a signer
/// `x-amz-trailer-signature:…`), then an empty line.
pub struct AwsChunkedBody {
    inner: ByteStream,
    algorithm: ChecksumAlgorithm,
    checksum: Option<Checksum>,
    signer: Option<Box<dyn ChunkSigner>>,
    pending: BytesMut,
    encoded_len: Option<u64>,
    done: bool,
}

impl AwsChunkedBody {
    /// Encodes `inner` with a trailing checksum of `algorithm`; `signer` signs each chunk and
    /// the trailer (`None`: `STREAMING-UNSIGNED-PAYLOAD-TRAILER`).
    pub fn new(
        inner: ByteStream,
        algorithm: ChecksumAlgorithm,
        signer: Option<Box<dyn ChunkSigner>>,
    ) -> Self {
        let encoded_len = inner
            .content_length()
            .map(|len| aws_chunked_length(len, algorithm, signer.is_some()));
        AwsChunkedBody {
            inner,
            algorithm,
            checksum: Some(algorithm.checksum()),
            signer,
            pending: BytesMut::new(),
            encoded_len,
            done: false,
        }
    }

    fn frame(&mut self, data: &[u8]) -> Bytes {
        let mut out = BytesMut::with_capacity(data.len() + 100);
        out.put_slice(format!("{:x}", data.len()).as_bytes());
        if let Some(signer) = &mut self.signer {
            out.put_slice(b";chunk-signature=");
            out.put_slice(signer.chunk_signature(data).as_bytes());
        }
        out.put_slice(b"\r\n");
        if !data.is_empty() {
            out.put_slice(data);
            out.put_slice(b"\r\n");
        }
        out.freeze()
    }

    fn finish(&mut self) -> Bytes {
        let mut out = BytesMut::from(&self.frame(&[])[..]);
        let value = self
            .checksum
            .take()
            .unwrap_or_else(|| self.algorithm.checksum())
            .finalize_base64();
        let name = self.algorithm.header_name();
        out.put_slice(format!("{name}:{value}\r\n").as_bytes());
        if let Some(signer) = &mut self.signer {
            let signature = signer.trailer_signature(format!("{name}:{value}\n").as_bytes());
            out.put_slice(format!("x-amz-trailer-signature:{signature}\r\n").as_bytes());
        }
        out.put_slice(b"\r\n");
        self.done = true;
        out.freeze()
    }
}

impl Body for AwsChunkedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if this.pending.len() >= CHUNK_SIZE {
                let chunk = this.pending.split_to(CHUNK_SIZE);
                return Poll::Ready(Some(Ok(Frame::data(this.frame(&chunk)))));
            }
            match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        if let Some(checksum) = &mut this.checksum {
                            checksum.update(&data);
                        }
                        this.pending.extend_from_slice(&data);
                    }
                }
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None if !this.pending.is_empty() => {
                    let chunk = this.pending.split();
                    return Poll::Ready(Some(Ok(Frame::data(this.frame(&chunk)))));
                }
                None => return Poll::Ready(Some(Ok(Frame::data(this.finish())))),
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> SizeHint {
        match self.encoded_len {
            Some(len) => SizeHint::with_exact(len),
            None => SizeHint::default(),
        }
    }
}

impl fmt::Debug for AwsChunkedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsChunkedBody")
            .field("algorithm", &self.algorithm)
            .field("signed", &self.signer.is_some())
            .finish_non_exhaustive()
    }
}

/// A response's checksum did not match its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecksumMismatch {
    /// The algorithm checked.
    pub algorithm: ChecksumAlgorithm,
    /// The value the response's header carries.
    pub expected: String,
    /// The value computed from the body received.
    pub actual: String,
}

impl fmt::Display for ChecksumMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "checksum mismatch: the response's {} is `{}`, the body received has `{}`",
            self.algorithm, self.expected, self.actual
        )
    }
}

impl std::error::Error for ChecksumMismatch {}

/// The checksum a response asks to be validated, if any: the first of `algorithms` (in
/// [`ChecksumAlgorithm::VALIDATION_ORDER`]) whose header is present. A composite checksum of a
/// multipart object (a value ending in `-N`) is not a checksum of the body and is skipped.
pub fn response_checksum(
    headers: &HeaderMap,
    algorithms: &[ChecksumAlgorithm],
) -> Option<(ChecksumAlgorithm, String)> {
    let algorithm = ChecksumAlgorithm::VALIDATION_ORDER
        .into_iter()
        .filter(|a| algorithms.contains(a))
        .find(|a| headers.contains_key(a.header_name()))?;
    let value = headers.get(algorithm.header_name())?.to_str().ok()?.trim();
    if is_composite(value) {
        return None;
    }
    Some((algorithm, value.to_owned()))
}

/// Whether a checksum value is a multipart object's composite checksum (`…=-3`).
fn is_composite(value: &str) -> bool {
    value
        .rsplit_once('-')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks a body in memory against an expected base64 checksum.
pub fn validate_bytes(
    algorithm: ChecksumAlgorithm,
    expected: &str,
    body: &[u8],
) -> Result<(), ChecksumMismatch> {
    let actual = algorithm.base64_of(body);
    if actual == expected {
        Ok(())
    } else {
        Err(ChecksumMismatch {
            algorithm,
            expected: expected.to_owned(),
            actual,
        })
    }
}

/// A response body that computes a checksum while it is read and ends with a
/// [`ChecksumMismatch`] error, instead of its end, when the checksum differs.
pub struct ValidatingBody {
    inner: ByteStream,
    algorithm: ChecksumAlgorithm,
    expected: String,
    checksum: Option<Checksum>,
}

impl ValidatingBody {
    /// Checks `inner` against `expected` (base64) of `algorithm`.
    pub fn new(inner: ByteStream, algorithm: ChecksumAlgorithm, expected: String) -> Self {
        ValidatingBody {
            inner,
            algorithm,
            expected,
            checksum: Some(algorithm.checksum()),
        }
    }
}

impl Body for ValidatingBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
            Some(Ok(frame)) => {
                if let (Some(data), Some(checksum)) = (frame.data_ref(), &mut this.checksum) {
                    checksum.update(data);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Some(Err(e)) => Poll::Ready(Some(Err(e))),
            None => match this.checksum.take() {
                None => Poll::Ready(None),
                Some(checksum) => {
                    let actual = checksum.finalize_base64();
                    if actual == this.expected {
                        Poll::Ready(None)
                    } else {
                        Poll::Ready(Some(Err(Box::new(ChecksumMismatch {
                            algorithm: this.algorithm,
                            expected: std::mem::take(&mut this.expected),
                            actual,
                        }))))
                    }
                }
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.checksum.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl fmt::Debug for ValidatingBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidatingBody")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    // Vectors computed outside this crate: Python's zlib.crc32 and hashlib, and bit-by-bit
    // Python implementations of CRC32C (check value 0xe3069283) and CRC-64/NVME (check value
    // 0xae8b14860a799888, as the CRC catalogue gives it).
    #[test]
    fn known_vectors() {
        let data = b"Hello world";
        assert_eq!(ChecksumAlgorithm::Crc32.base64_of(data), "i9aeUg==");
        assert_eq!(ChecksumAlgorithm::Crc32c.base64_of(data), "crUfeA==");
        assert_eq!(
            ChecksumAlgorithm::Sha1.base64_of(data),
            "e1AsOh9IyGCa4hLN+2Od7jlnP14="
        );
        assert_eq!(
            ChecksumAlgorithm::Sha256.base64_of(data),
            "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="
        );
        let mut crc64 = ChecksumAlgorithm::Crc64Nvme.checksum();
        crc64.update(b"1234");
        crc64.update(b"56789");
        assert_eq!(crc64.finalize(), 0xae8b_1486_0a79_9888u64.to_be_bytes());
        assert_eq!(ChecksumAlgorithm::Crc64Nvme.base64_of(data), "OOJZ0D8xKts=");
        assert_eq!(ChecksumAlgorithm::Crc32.base64_of(b""), "AAAAAA==");
    }

    #[test]
    fn names() {
        for a in ChecksumAlgorithm::VALIDATION_ORDER {
            assert_eq!(ChecksumAlgorithm::parse(a.as_str()), Some(a));
            assert_eq!(
                ChecksumAlgorithm::parse(&a.as_str().to_lowercase()),
                Some(a)
            );
            assert_eq!(a.base64_of(b"x").len(), a.base64_len());
        }
        assert_eq!(ChecksumAlgorithm::parse("MD5"), None);
    }

    #[test]
    fn composite_values_are_not_checked() {
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-checksum-crc32", "i9aeUg==-3".parse().unwrap());
        assert_eq!(
            response_checksum(&headers, &[ChecksumAlgorithm::Crc32]),
            None
        );
        headers.insert("x-amz-checksum-crc32", "i9aeUg==".parse().unwrap());
        headers.insert("x-amz-checksum-sha256", "x".parse().unwrap());
        assert_eq!(
            response_checksum(
                &headers,
                &[ChecksumAlgorithm::Sha256, ChecksumAlgorithm::Crc32]
            ),
            Some((ChecksumAlgorithm::Crc32, "i9aeUg==".to_owned()))
        );
        assert_eq!(
            response_checksum(&headers, &[ChecksumAlgorithm::Sha1]),
            None
        );
    }

    /// Each chunk's data and signature.
    type Chunks = Vec<(Vec<u8>, Option<String>)>;

    fn parse_chunks(body: &[u8]) -> (Chunks, Vec<String>) {
        let mut chunks = Vec::new();
        let mut rest = body;
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let head = std::str::from_utf8(&rest[..line_end]).unwrap();
            let (size, signature) = match head.split_once(";chunk-signature=") {
                Some((s, sig)) => (s, Some(sig.to_owned())),
                None => (head, None),
            };
            let size = usize::from_str_radix(size, 16).unwrap();
            rest = &rest[line_end + 2..];
            if size == 0 {
                chunks.push((Vec::new(), signature));
                break;
            }
            chunks.push((rest[..size].to_vec(), signature));
            assert_eq!(&rest[size..size + 2], b"\r\n");
            rest = &rest[size + 2..];
        }
        let text = std::str::from_utf8(rest).unwrap();
        assert!(text.ends_with("\r\n\r\n"), "{text:?}");
        let trailers = text
            .trim_end_matches("\r\n")
            .split("\r\n")
            .map(str::to_owned)
            .collect();
        (chunks, trailers)
    }

    #[tokio::test]
    async fn unsigned_framing_and_length() {
        let data: Vec<u8> = (0..CHUNK_SIZE * 2 + 10).map(|i| (i % 251) as u8).collect();
        // Fed in odd pieces, re-chunked to CHUNK_SIZE.
        let pieces: Vec<Result<Bytes, std::io::Error>> = data
            .chunks(1000)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let stream = ByteStream::from_stream(futures_iter(pieces));
        let body = AwsChunkedBody::new(stream, ChecksumAlgorithm::Crc32, None);
        let encoded = body.collect().await.unwrap().to_bytes();
        let (chunks, trailers) = parse_chunks(&encoded);
        let sizes: Vec<usize> = chunks.iter().map(|c| c.0.len()).collect();
        assert_eq!(sizes, [CHUNK_SIZE, CHUNK_SIZE, 10, 0]);
        assert_eq!(chunks.concat_data(), data);
        assert_eq!(
            trailers,
            [format!(
                "x-amz-checksum-crc32:{}",
                ChecksumAlgorithm::Crc32.base64_of(&data)
            )]
        );
        // The length computed before sending matches what was sent, for in-memory bodies.
        for len in [
            0,
            1,
            CHUNK_SIZE - 1,
            CHUNK_SIZE,
            CHUNK_SIZE + 1,
            3 * CHUNK_SIZE,
        ] {
            for signed in [false, true] {
                let body = AwsChunkedBody::new(
                    ByteStream::from(vec![7u8; len]),
                    ChecksumAlgorithm::Sha256,
                    signed.then(|| Box::new(Fixed) as Box<dyn ChunkSigner>),
                );
                let hint = body.size_hint().exact().unwrap();
                let sent = body.collect().await.unwrap().to_bytes().len() as u64;
                assert_eq!(hint, sent, "len {len} signed {signed}");
            }
        }
    }

    struct Fixed;
    impl ChunkSigner for Fixed {
        fn chunk_signature(&mut self, _: &[u8]) -> String {
            "a".repeat(64)
        }
        fn trailer_signature(&mut self, _: &[u8]) -> String {
            "b".repeat(64)
        }
    }

    trait ConcatData {
        fn concat_data(&self) -> Vec<u8>;
    }
    impl ConcatData for Chunks {
        fn concat_data(&self) -> Vec<u8> {
            self.iter().flat_map(|c| c.0.clone()).collect()
        }
    }

    fn futures_iter(
        items: Vec<Result<Bytes, std::io::Error>>,
    ) -> impl futures_core::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        struct Iter(std::vec::IntoIter<Result<Bytes, std::io::Error>>);
        impl futures_core::Stream for Iter {
            type Item = Result<Bytes, std::io::Error>;
            fn poll_next(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Option<Self::Item>> {
                Poll::Ready(self.0.next())
            }
        }
        Iter(items.into_iter())
    }

    #[tokio::test]
    async fn validation_while_reading() {
        let good = ValidatingBody::new(
            ByteStream::from("Hello world"),
            ChecksumAlgorithm::Crc32,
            "i9aeUg==".into(),
        );
        assert_eq!(
            good.collect().await.unwrap().to_bytes(),
            &b"Hello world"[..]
        );
        let bad = ValidatingBody::new(
            ByteStream::from("Hello World"),
            ChecksumAlgorithm::Crc32,
            "i9aeUg==".into(),
        );
        let err = bad.collect().await.unwrap_err();
        let mismatch = err.downcast_ref::<ChecksumMismatch>().unwrap();
        assert_eq!(mismatch.expected, "i9aeUg==");
        assert_ne!(mismatch.actual, "i9aeUg==");
        assert!(err.to_string().contains("checksum mismatch"), "{err}");
        assert!(validate_bytes(ChecksumAlgorithm::Crc32, "i9aeUg==", b"Hello world").is_ok());
        assert!(validate_bytes(ChecksumAlgorithm::Crc32, "i9aeUg==", b"x").is_err());
    }
}
