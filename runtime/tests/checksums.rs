//! Flexible checksums (`aws.protocols#httpChecksum`) through the orchestrator: request checksum
//! headers, `aws-chunked` bodies with trailers (unsigned and with chained chunk signatures,
//! which the test recomputes), the configuration's `when_supported` / `when_required`, and
//! response validation. Expected checksum values were computed with Python's `zlib`, `hashlib`
//! and a bit-by-bit CRC32C / CRC64NVME, not with this crate.
#![cfg(feature = "checksums")]

use smelt_runtime::client::ServiceInfo;
use smelt_runtime::client::{ChecksumWhen, Handle, HttpChecksum, OperationInfo, Protocol};
use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::error::SdkError;
use smelt_runtime::http::{BufferedRequest, ByteStream, HttpRequest, TestClient};
use smelt_runtime::protocol::RequestBuilder;

static SERVICE: ServiceInfo = ServiceInfo {
    signing_name: "s3",
    endpoint_prefix: "s3",
    protocol: Protocol::RestXml,
    api_version: "2006-03-01",
    sdk_id: "S3",
    query_compatible: false,
    endpoint_rules: None,
};

static PUT: OperationInfo = OperationInfo {
    name: "PutObject",
    retryable_errors: &[],
};

/// As S3's PutObject: an algorithm member bound to `x-amz-sdk-checksum-algorithm`.
static PUT_CHECKSUM: HttpChecksum = HttpChecksum {
    request_checksum_required: false,
    request_algorithm_member: true,
    request_algorithm_header: Some("x-amz-sdk-checksum-algorithm"),
    validation_mode_header: None,
    response_algorithms: &[],
};

/// As S3's DeleteObjects: a checksum is required.
static REQUIRED: HttpChecksum = HttpChecksum {
    request_checksum_required: true,
    request_algorithm_member: true,
    request_algorithm_header: Some("x-amz-sdk-checksum-algorithm"),
    validation_mode_header: None,
    response_algorithms: &[],
};

/// As S3's GetObject: validation of the response.
static GET_CHECKSUM: HttpChecksum = HttpChecksum {
    request_checksum_required: false,
    request_algorithm_member: false,
    request_algorithm_header: None,
    validation_mode_header: Some("x-amz-checksum-mode"),
    response_algorithms: &["CRC64NVME", "CRC32", "CRC32C", "SHA256", "SHA1"],
};

const DATA: &[u8] = b"Hello world";

fn handle(
    client: &TestClient,
    endpoint: &str,
    configure: impl Fn(smelt_runtime::config::ConfigBuilder) -> smelt_runtime::config::ConfigBuilder,
) -> Handle {
    let builder = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .http_client(client.clone())
        .endpoint_url(endpoint);
    Handle::new(configure(builder).build_with_env(&|_| None), &SERVICE)
}

fn put(body: ByteStream, checksum: &'static HttpChecksum, algorithm: Option<&str>) -> HttpRequest {
    let mut b = RequestBuilder::new("PUT", "/bucket/key".into());
    b.stream_body("Body", "application/octet-stream", body, false);
    b.http_checksum(checksum, algorithm, None);
    b.build().unwrap()
}

fn header<'a>(req: &'a BufferedRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).map(|v| v.to_str().unwrap())
}

async fn sent(
    configure: impl Fn(smelt_runtime::config::ConfigBuilder) -> smelt_runtime::config::ConfigBuilder,
    endpoint: &str,
    request: HttpRequest,
) -> BufferedRequest {
    let client = TestClient::always(200, "");
    let h = handle(&client, endpoint, configure);
    h.send(&PUT, request).await.unwrap();
    client.requests().pop().unwrap()
}

#[tokio::test]
async fn in_memory_bodies_get_a_header() {
    let cases = [
        (None, "x-amz-checksum-crc32", "i9aeUg==", "CRC32"),
        (Some("CRC32"), "x-amz-checksum-crc32", "i9aeUg==", "CRC32"),
        (
            Some("crc32c"),
            "x-amz-checksum-crc32c",
            "crUfeA==",
            "crc32c",
        ),
        (
            Some("CRC64NVME"),
            "x-amz-checksum-crc64nvme",
            "OOJZ0D8xKts=",
            "CRC64NVME",
        ),
        (
            Some("SHA1"),
            "x-amz-checksum-sha1",
            "e1AsOh9IyGCa4hLN+2Od7jlnP14=",
            "SHA1",
        ),
        (
            Some("SHA256"),
            "x-amz-checksum-sha256",
            "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=",
            "SHA256",
        ),
    ];
    for (algorithm, name, value, sdk_header) in cases {
        let mut request = put(ByteStream::from(DATA), &PUT_CHECKSUM, algorithm);
        if let Some(a) = algorithm {
            // The serializer sends the member's own value in its header.
            request
                .headers_mut()
                .insert("x-amz-sdk-checksum-algorithm", a.parse().unwrap());
        }
        let req = sent(|b| b, "https://s3.example", request).await;
        assert_eq!(header(&req, name), Some(value), "{algorithm:?}");
        assert_eq!(
            header(&req, "x-amz-sdk-checksum-algorithm"),
            Some(sdk_header)
        );
        assert_eq!(req.body(), DATA);
        assert_eq!(header(&req, "content-encoding"), None);
        // The checksum header is signed.
        let auth = header(&req, "authorization").unwrap();
        assert!(auth.contains(name), "{auth}");
    }
}

#[tokio::test]
async fn when_required_computes_only_what_is_required_or_chosen() {
    let required = |b: smelt_runtime::config::ConfigBuilder| {
        b.request_checksum_calculation(ChecksumWhen::WhenRequired)
    };
    let req = sent(
        required,
        "https://s3.example",
        put(ByteStream::from(DATA), &PUT_CHECKSUM, None),
    )
    .await;
    assert!(
        !req.headers()
            .keys()
            .any(|k| k.as_str().starts_with("x-amz-checksum")),
        "{:?}",
        req.headers()
    );
    assert_eq!(header(&req, "x-amz-sdk-checksum-algorithm"), None);
    let req = sent(
        required,
        "https://s3.example",
        put(ByteStream::from(DATA), &REQUIRED, None),
    )
    .await;
    assert_eq!(header(&req, "x-amz-checksum-crc32"), Some("i9aeUg=="));
    let req = sent(
        required,
        "https://s3.example",
        put(ByteStream::from(DATA), &PUT_CHECKSUM, Some("SHA1")),
    )
    .await;
    assert_eq!(
        header(&req, "x-amz-checksum-sha1"),
        Some("e1AsOh9IyGCa4hLN+2Od7jlnP14=")
    );
    // From the environment too.
    let client = TestClient::always(200, "");
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .http_client(client.clone())
        .endpoint_url("https://s3.example")
        .build_with_env(&|name| {
            (name == "AWS_REQUEST_CHECKSUM_CALCULATION").then(|| "WHEN_REQUIRED".to_owned())
        });
    assert_eq!(
        config.request_checksum_calculation(),
        ChecksumWhen::WhenRequired
    );
    assert_eq!(
        config.response_checksum_validation(),
        ChecksumWhen::WhenSupported
    );
}

#[tokio::test]
async fn a_checksum_the_caller_set_is_kept_and_bad_algorithms_fail() {
    let mut request = put(ByteStream::from(DATA), &PUT_CHECKSUM, None);
    request
        .headers_mut()
        .insert("x-amz-checksum-sha256", "precomputed".parse().unwrap());
    let req = sent(|b| b, "https://s3.example", request).await;
    assert_eq!(header(&req, "x-amz-checksum-sha256"), Some("precomputed"));
    assert_eq!(header(&req, "x-amz-checksum-crc32"), None);

    let client = TestClient::always(200, "");
    let h = handle(&client, "https://s3.example", |b| b);
    let err = h
        .send(
            &PUT,
            put(ByteStream::from(DATA), &PUT_CHECKSUM, Some("MD4")),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(err.to_string().contains("MD4") || format!("{err:?}").contains("MD4"));
    assert_eq!(client.request_count(), 0);
}

const STREAM_CRC32: &str = "HMW4hw==";

fn stream_data() -> Vec<u8> {
    b"0123456789".repeat(10_000)
}

/// A one-shot stream of unknown length, in pieces of 7,000 bytes.
fn unknown_length_stream() -> ByteStream {
    let pieces: Vec<Result<bytes::Bytes, std::io::Error>> = stream_data()
        .chunks(7_000)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    ByteStream::from_body(http_body_util::StreamBody::new(Pieces(pieces.into_iter())))
}

struct Pieces(std::vec::IntoIter<Result<bytes::Bytes, std::io::Error>>);
impl futures_core::Stream for Pieces {
    type Item = Result<http_body::Frame<bytes::Bytes>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.next().map(|r| r.map(http_body::Frame::data)))
    }
}

/// Splits an `aws-chunked` body: (data, chunk signature) per chunk, then the trailer lines.
/// Each chunk's data and signature.
type Chunks = Vec<(Vec<u8>, Option<String>)>;

fn decode_chunked(body: &[u8]) -> (Chunks, Vec<String>) {
    let mut chunks = Vec::new();
    let mut rest = body;
    loop {
        let end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk head");
        let head = std::str::from_utf8(&rest[..end]).unwrap();
        let (size, signature) = match head.split_once(";chunk-signature=") {
            Some((s, sig)) => (s, Some(sig.to_owned())),
            None => (head, None),
        };
        let size = usize::from_str_radix(size, 16).unwrap();
        rest = &rest[end + 2..];
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
        .strip_suffix("\r\n\r\n")
        .unwrap()
        .split("\r\n")
        .map(str::to_owned)
        .collect();
    (chunks, trailers)
}

#[tokio::test]
async fn streams_of_unknown_length_go_aws_chunked_with_an_unsigned_trailer() {
    // Over plain http too: signed chunks need the length up front.
    for endpoint in ["https://s3.example", "http://127.0.0.1:9"] {
        let req = sent(
            |b| b,
            endpoint,
            put(unknown_length_stream(), &PUT_CHECKSUM, None),
        )
        .await;
        assert_eq!(header(&req, "content-encoding"), Some("aws-chunked"));
        assert_eq!(
            header(&req, "x-amz-content-sha256"),
            Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        );
        assert_eq!(header(&req, "x-amz-trailer"), Some("x-amz-checksum-crc32"));
        assert_eq!(header(&req, "x-amz-sdk-checksum-algorithm"), Some("CRC32"));
        assert_eq!(header(&req, "x-amz-decoded-content-length"), None);
        assert_eq!(header(&req, "content-length"), None);
        let (chunks, trailers) = decode_chunked(req.body());
        let sizes: Vec<usize> = chunks.iter().map(|c| c.0.len()).collect();
        assert_eq!(sizes, [65_536, 100_000 - 65_536, 0]);
        assert!(chunks.iter().all(|c| c.1.is_none()));
        let data: Vec<u8> = chunks.iter().flat_map(|c| c.0.clone()).collect();
        assert_eq!(data, stream_data());
        assert_eq!(trailers, [format!("x-amz-checksum-crc32:{STREAM_CRC32}")]);
    }
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn files_over_http_go_with_signed_chunks_and_a_signed_trailer() {
    let dir = std::env::temp_dir().join(format!("smelt-checksums-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("body");
    std::fs::write(&path, stream_data()).unwrap();
    let body = ByteStream::from_path(&path).await.unwrap();
    let req = sent(
        |b| b,
        "http://127.0.0.1:9",
        put(body, &PUT_CHECKSUM, Some("CRC32C")),
    )
    .await;
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(
        header(&req, "x-amz-content-sha256"),
        Some("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
    );
    assert_eq!(header(&req, "x-amz-decoded-content-length"), Some("100000"));
    assert_eq!(
        header(&req, "content-length"),
        Some(req.body().len().to_string().as_str())
    );
    assert_eq!(header(&req, "x-amz-trailer"), Some("x-amz-checksum-crc32c"));
    let auth = header(&req, "authorization").unwrap();
    for signed in [
        "content-encoding",
        "x-amz-decoded-content-length",
        "x-amz-trailer",
    ] {
        assert!(auth.contains(signed), "{signed} unsigned: {auth}");
    }
    let seed = auth.rsplit("Signature=").next().unwrap().to_owned();
    let amz_date = header(&req, "x-amz-date").unwrap();
    let scope = format!("{}/us-east-1/s3/aws4_request", &amz_date[..8]);

    // Recompute the chain: the signing key of the date, each chunk over the one before.
    let time = time_of(amz_date);
    let key = aws_sigv4::sign::v4::generate_signing_key("secret", time, "us-east-1", "s3");
    let (chunks, trailers) = decode_chunked(req.body());
    let mut previous = seed;
    for (data, signature) in &chunks {
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{amz_date}\n{scope}\n{previous}\n{}\n{}",
            sha256_hex(b""),
            sha256_hex(data)
        );
        let expected =
            aws_sigv4::sign::v4::calculate_signature(key.as_ref(), string_to_sign.as_bytes());
        assert_eq!(signature.as_deref(), Some(expected.as_str()));
        previous = expected;
    }
    assert_eq!(trailers.len(), 2, "{trailers:?}");
    assert_eq!(trailers[0], "x-amz-checksum-crc32c:k08arw==");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256-TRAILER\n{amz_date}\n{scope}\n{previous}\n{}",
        sha256_hex(format!("{}\n", trailers[0]).as_bytes())
    );
    let expected =
        aws_sigv4::sign::v4::calculate_signature(key.as_ref(), string_to_sign.as_bytes());
    assert_eq!(trailers[1], format!("x-amz-trailer-signature:{expected}"));
    let data: Vec<u8> = chunks.iter().flat_map(|c| c.0.clone()).collect();
    assert_eq!(data, stream_data());
}

/// `20240102T030405Z` → the instant.
fn time_of(amz_date: &str) -> std::time::SystemTime {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let t = time::PrimitiveDateTime::parse(amz_date, &format).unwrap();
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.assume_utc().unix_timestamp() as u64)
}

fn get(validation_mode: Option<&str>) -> HttpRequest {
    let mut b = RequestBuilder::new("GET", "/bucket/key".into());
    if let Some(mode) = validation_mode {
        b.header("x-amz-checksum-mode", mode);
    }
    b.http_checksum(&GET_CHECKSUM, None, validation_mode);
    b.build().unwrap()
}

fn response(checksums: &[(&str, &str)], body: &'static [u8]) -> TestClient {
    TestClient::new().with_response(200, checksums, body)
}

#[tokio::test]
async fn responses_are_validated() {
    // A good checksum passes; the request asked for checksums.
    let client = response(&[("x-amz-checksum-crc32", "i9aeUg==")], DATA);
    let h = handle(&client, "https://s3.example", |b| b);
    let resp = h.send(&PUT, get(None)).await.unwrap();
    assert_eq!(resp.body().as_ref(), DATA);
    let req = client.requests().pop().unwrap();
    assert_eq!(header(&req, "x-amz-checksum-mode"), Some("ENABLED"));

    // A body that differs from its checksum fails with a clear error.
    let client = response(
        &[(
            "x-amz-checksum-sha256",
            "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=",
        )],
        b"Hello World",
    );
    let h = handle(&client, "https://s3.example", |b| b);
    let err = h.send(&PUT, get(None)).await.unwrap_err();
    let SdkError::Response(e) = &err else {
        panic!("{err:?}")
    };
    let mismatch = e
        .source_error()
        .downcast_ref::<smelt_runtime::client::checksums::ChecksumMismatch>()
        .expect("a checksum mismatch");
    assert_eq!(
        mismatch.expected,
        "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="
    );
    assert!(e.source_error().to_string().contains("SHA256"));

    // A composite checksum of a multipart object is not a checksum of the body: skipped.
    let client = response(&[("x-amz-checksum-crc32", "AAAAAA==-3")], DATA);
    let h = handle(&client, "https://s3.example", |b| b);
    assert!(h.send(&PUT, get(None)).await.is_ok());

    // The CRCs are preferred over the SHAs when several are present.
    let client = response(
        &[
            ("x-amz-checksum-sha1", "wrong"),
            ("x-amz-checksum-crc32c", "crUfeA=="),
        ],
        DATA,
    );
    let h = handle(&client, "https://s3.example", |b| b);
    assert!(h.send(&PUT, get(None)).await.is_ok());

    // `when_required`: only when the caller turned validation on.
    let when_required = |b: smelt_runtime::config::ConfigBuilder| {
        b.response_checksum_validation(ChecksumWhen::WhenRequired)
    };
    let client = response(&[("x-amz-checksum-crc32", "AAAAAA==")], DATA);
    let h = handle(&client, "https://s3.example", when_required);
    assert!(h.send(&PUT, get(None)).await.is_ok());
    assert_eq!(header(&client.requests()[0], "x-amz-checksum-mode"), None);
    let client = response(&[("x-amz-checksum-crc32", "AAAAAA==")], DATA);
    let h = handle(&client, "https://s3.example", when_required);
    assert!(h.send(&PUT, get(Some("ENABLED"))).await.is_err());
}

#[tokio::test]
async fn streaming_responses_fail_at_their_end() {
    let client = response(&[("x-amz-checksum-crc64nvme", "OOJZ0D8xKts=")], DATA);
    let h = handle(&client, "https://s3.example", |b| b);
    let resp = h.send_streaming(&PUT, get(None)).await.unwrap().unwrap();
    assert_eq!(resp.into_body().collect().await.unwrap().as_ref(), DATA);

    let client = response(
        &[("x-amz-checksum-crc64nvme", "OOJZ0D8xKts=")],
        b"Hello World",
    );
    let h = handle(&client, "https://s3.example", |b| b);
    let resp = h.send_streaming(&PUT, get(None)).await.unwrap().unwrap();
    let err = resp.into_body().collect().await.unwrap_err();
    let text = format!("{err}");
    assert!(
        text.contains("checksum mismatch") && text.contains("CRC64NVME"),
        "{text}"
    );
}

#[cfg(feature = "md5")]
#[tokio::test]
async fn a_flexible_checksum_stands_in_for_content_md5() {
    let mut b = RequestBuilder::new("POST", "/bucket?delete".into());
    b.body("application/xml", DATA.to_vec());
    b.checksum_required();
    b.http_checksum(&REQUIRED, None, None);
    let req = sent(|b| b, "https://s3.example", b.build().unwrap()).await;
    assert_eq!(header(&req, "x-amz-checksum-crc32"), Some("i9aeUg=="));
    assert_eq!(header(&req, "content-md5"), None);
    // Without the flexible checksum, `Content-MD5` as before.
    let mut b = RequestBuilder::new("POST", "/bucket?delete".into());
    b.body("application/xml", DATA.to_vec());
    b.checksum_required();
    let req = sent(|b| b, "https://s3.example", b.build().unwrap()).await;
    assert_eq!(
        header(&req, "content-md5"),
        Some("PiWWCnnbxptnTNTsZ6csYg==")
    );
}
