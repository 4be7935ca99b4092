//! Behaviour of a generated client with `aws.protocols#httpChecksum` operations (run by
//! `tests/compile.rs` inside the crate generated from `checksums.json`). Expected checksums were
//! computed with Python's `zlib` and `hashlib`, not with the runtime.

use checksumservice::primitives::ByteStream;
use checksumservice::types::{ChecksumAlgorithm, ChecksumMode};
use checksumservice::{Client, Config, SdkError};
use smelt_runtime::config::ChecksumWhen;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;

fn client(
    http: &TestClient,
    configure: fn(checksumservice::ConfigBuilder) -> checksumservice::ConfigBuilder,
) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .endpoint_url("https://checksums.example");
    Client::from_conf(configure(config).build_with_env(&|_| None))
}

fn header<'a>(request: &'a http::Request<bytes::Bytes>, name: &str) -> Option<&'a str> {
    request
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("text header"))
}

/// One stream of unknown length.
fn stream(data: &'static [u8]) -> ByteStream {
    struct Once(Option<&'static [u8]>);
    impl futures_core::Stream for Once {
        type Item = Result<bytes::Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(|d| Ok(bytes::Bytes::from_static(d))))
        }
    }
    ByteStream::from_stream(Once(Some(data)))
}

#[tokio::test]
async fn put_object_sends_a_crc32_by_default_and_the_chosen_algorithm_otherwise() {
    let http = TestClient::always(200, "");
    let c = client(&http, |b| b);
    c.put_object()
        .key("k")
        .body(b"Hello world".to_vec())
        .send()
        .await
        .unwrap();
    c.put_object()
        .key("k")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .body(b"Hello world".to_vec())
        .send()
        .await
        .unwrap();
    let requests = http.requests();
    assert_eq!(
        header(&requests[0], "x-amz-checksum-crc32"),
        Some("i9aeUg==")
    );
    assert_eq!(
        header(&requests[0], "x-amz-sdk-checksum-algorithm"),
        Some("CRC32")
    );
    assert_eq!(
        header(&requests[1], "x-amz-checksum-sha256"),
        Some("ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=")
    );
    assert_eq!(header(&requests[1], "x-amz-checksum-crc32"), None);
    assert_eq!(
        header(&requests[1], "x-amz-sdk-checksum-algorithm"),
        Some("SHA256")
    );
}

#[tokio::test]
async fn a_stream_goes_aws_chunked_with_the_checksum_in_its_trailer() {
    let http = TestClient::always(200, "");
    client(&http, |b| b)
        .put_object()
        .key("k")
        .checksum_algorithm(ChecksumAlgorithm::Crc32c)
        .body(stream(b"Hello world"))
        .send()
        .await
        .unwrap();
    let request = &http.requests()[0];
    assert_eq!(header(request, "content-encoding"), Some("aws-chunked"));
    assert_eq!(
        header(request, "x-amz-trailer"),
        Some("x-amz-checksum-crc32c")
    );
    assert_eq!(
        header(request, "x-amz-content-sha256"),
        Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    );
    assert_eq!(
        request.body(),
        "b\r\nHello world\r\n0\r\nx-amz-checksum-crc32c:crUfeA==\r\n\r\n"
    );
}

#[tokio::test]
async fn when_required_leaves_optional_checksums_out_but_not_required_ones() {
    let http = TestClient::always(200, "{}");
    let c = client(&http, |b| {
        b.request_checksum_calculation(ChecksumWhen::WhenRequired)
    });
    c.put_object()
        .key("k")
        .body(b"Hello world".to_vec())
        .send()
        .await
        .unwrap();
    c.delete_objects()
        .keys("a")
        .send()
        .await
        .unwrap();
    let requests = http.requests();
    assert_eq!(header(&requests[0], "x-amz-checksum-crc32"), None);
    let body = requests[1].body().clone();
    let expected = {
        // CRC32 of the JSON body, checked against the body actually sent.
        let crc = crc32_of(&body);
        smelt_runtime::primitives::blob::base64_encode(&crc.to_be_bytes())
    };
    assert_eq!(body, r#"{"keys":["a"]}"#);
    assert_eq!(
        expected, "7wWb+A==",
        "the value Python's zlib.crc32 gives"
    );
    assert_eq!(
        header(&requests[1], "x-amz-checksum-crc32"),
        Some("7wWb+A==")
    );
}

/// CRC32 (ISO-HDLC), bit by bit: an implementation independent of the runtime's.
fn crc32_of(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[tokio::test]
async fn get_object_asks_for_checksums_and_validates_the_body() {
    let http = TestClient::new()
        .with_response(200, &[("x-amz-checksum-crc32", "i9aeUg==")], "Hello world")
        .with_response(200, &[("x-amz-checksum-crc32", "i9aeUg==")], "Hello World");
    let c = client(&http, |b| b);
    let out = c.get_object().key("k").send().await.unwrap();
    assert_eq!(out.checksum_crc32.as_deref(), Some("i9aeUg=="));
    assert_eq!(out.body.collect().await.unwrap(), "Hello world");
    assert_eq!(
        header(&http.requests()[0], "x-amz-checksum-mode"),
        Some("ENABLED")
    );

    let out = c.get_object().key("k").send().await.unwrap();
    let err = out.body.collect().await.unwrap_err();
    assert!(err.to_string().contains("checksum mismatch"), "{err}");
}

#[tokio::test]
async fn a_buffered_response_with_a_bad_checksum_is_an_error_and_composites_are_skipped() {
    let http = TestClient::new()
        .with_response(
            200,
            &[("x-amz-checksum-crc32", "AAAAAA==")],
            r#"{"size":3}"#,
        )
        .with_response(
            200,
            &[("x-amz-checksum-crc32", "AAAAAA==-4")],
            r#"{"size":3}"#,
        )
        .with_response(
            200,
            &[("x-amz-checksum-crc32", "AAAAAA==")],
            r#"{"size":3}"#,
        );
    let c = client(&http, |b| b);
    let err = c.get_summary().key("k").send().await.unwrap_err();
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
    assert!(format!("{err:?}").contains("ChecksumMismatch"), "{err:?}");
    assert_eq!(c.get_summary().key("k").send().await.unwrap().size, Some(3));
    // `when_required` without the mode: not checked, and not asked for.
    let c = client(&http, |b| {
        b.response_checksum_validation(ChecksumWhen::WhenRequired)
    });
    assert_eq!(c.get_summary().key("k").send().await.unwrap().size, Some(3));
    assert_eq!(header(&http.requests()[2], "x-amz-checksum-mode"), None);
    // Asked for by the caller: checked.
    let http = TestClient::new().with_response(
        200,
        &[("x-amz-checksum-crc32", "AAAAAA==")],
        r#"{"size":3}"#,
    );
    let c = client(&http, |b| {
        b.response_checksum_validation(ChecksumWhen::WhenRequired)
    });
    let err = c
        .get_summary()
        .key("k")
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
    assert_eq!(
        header(&http.requests()[0], "x-amz-checksum-mode"),
        Some("ENABLED")
    );
}
