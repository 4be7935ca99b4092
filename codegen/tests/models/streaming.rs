//! Behaviour of a generated client with `@streaming` blob payloads (run by `tests/compile.rs`
//! inside the crate generated from `streaming.json`).

use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;
use streamingservice::operation::download_archive::DownloadArchiveError;
use streamingservice::primitives::ByteStream;
use streamingservice::{Client, Config, SdkError};

fn client(http: &TestClient, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(retry)
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

fn header<'a>(request: &'a http::Request<bytes::Bytes>, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().expect("text header"))
}

fn chunks(parts: &'static [&'static str]) -> ByteStream {
    struct Iter(std::slice::Iter<'static, &'static str>);
    impl futures_core::Stream for Iter {
        type Item = Result<bytes::Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            let next = self.0.next().map(|s| Ok(bytes::Bytes::from_static(s.as_bytes())));
            std::task::Poll::Ready(next)
        }
    }
    ByteStream::from_stream(Iter(parts.iter()))
}

#[tokio::test]
async fn an_in_memory_upload_is_the_payload_and_is_signed_with_its_hash() {
    let http = TestClient::new().with_response(
        201,
        &[("x-archive-id", "a-1"), ("x-checksum", "abc")],
        "",
    );
    let out = client(&http, RetryConfig::disabled())
        .upload_archive()
        .vault("photos")
        .description("june")
        .body(b"archive bytes".to_vec())
        .send()
        .await
        .expect("upload succeeds");
    assert_eq!(out.archive_id.as_deref(), Some("a-1"));
    assert_eq!(out.checksum.as_deref(), Some("abc"));

    let request = &http.requests()[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri().path(), "/vaults/photos/archives");
    assert_eq!(request.body(), "archive bytes");
    assert_eq!(header(request, "content-type"), Some("application/octet-stream"));
    assert_eq!(header(request, "content-length"), Some("13"));
    assert_eq!(header(request, "x-description"), Some("june"));
    // In memory: the payload hash is part of the signature, not `UNSIGNED-PAYLOAD`.
    assert_eq!(header(request, "x-amz-content-sha256"), None);
}

#[tokio::test]
async fn a_file_upload_is_read_from_disk_and_replayed_on_retry() {
    let path = std::env::temp_dir().join(format!("smelt-streaming-{}.bin", std::process::id()));
    let contents: Vec<u8> = (0..150_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&path, &contents).expect("write temp file");

    let http = TestClient::new()
        .with_response(500, &[], "")
        .with_response(201, &[("x-archive-id", "a-2")], "");
    let retry = RetryConfig::standard()
        .with_max_attempts(2)
        .with_initial_backoff(std::time::Duration::from_millis(1));
    let out = client(&http, retry)
        .upload_archive()
        .vault("photos")
        .body(ByteStream::from_path(&path).await.expect("file"))
        .send()
        .await
        .expect("second attempt succeeds");
    assert_eq!(out.archive_id.as_deref(), Some("a-2"));
    let requests = http.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.body().as_ref(), &contents[..]);
        assert_eq!(header(request, "content-length"), Some("150000"));
        assert_eq!(header(request, "x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    }
    std::fs::remove_file(&path).ok();
}

#[tokio::test]
async fn a_stream_of_unknown_length_is_refused_where_the_model_requires_a_length() {
    let http = TestClient::new().with_response(200, &[], "");
    let err = client(&http, RetryConfig::disabled())
        .upload_part()
        .vault("photos")
        .part(3)
        .data(chunks(&["a", "b"]))
        .send()
        .await
        .expect_err("length required");
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    let text = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(text.contains("data"), "{text}");
    assert_eq!(http.request_count(), 0, "nothing is sent");

    // The same stream collected into memory has a length and goes through.
    let ok = client(&http, RetryConfig::disabled())
        .upload_part()
        .vault("photos")
        .part(3)
        .data(chunks(&["a", "b"]).collect().await.expect("collect"))
        .send()
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    assert_eq!(http.requests()[0].uri().path(), "/vaults/photos/parts/3");
    assert_eq!(http.requests()[0].body(), "ab");
}

#[tokio::test]
async fn a_required_stream_is_checked_before_sending() {
    let http = TestClient::new();
    let err = client(&http, RetryConfig::disabled())
        .upload_part()
        .vault("photos")
        .part(1)
        .send()
        .await
        .expect_err("data is required");
    let text = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(text.contains("data"), "{text}");
    assert_eq!(http.request_count(), 0);
}

#[tokio::test]
async fn a_download_streams_its_body_and_reads_the_head() {
    let http = TestClient::new().with_response(
        206,
        &[("content-length", "11"), ("x-description", "june")],
        "hello world",
    );
    let out = client(&http, RetryConfig::disabled())
        .download_archive()
        .vault("photos")
        .archive_id("a-1")
        .range("bytes=0-10")
        .send()
        .await
        .expect("download succeeds");
    assert_eq!(out.status, Some(206));
    assert_eq!(out.content_length, Some(11));
    assert_eq!(out.archive_description.as_deref(), Some("june"));
    assert_eq!(out.body.collect().await.expect("body"), "hello world");
    let request = &http.requests()[0];
    assert_eq!(request.method(), "GET");
    assert_eq!(request.uri().path(), "/vaults/photos/archives/a-1");
    assert_eq!(header(request, "range"), Some("bytes=0-10"));
    assert_eq!(header(request, "content-length"), None, "a GET without a body");
}

#[tokio::test]
async fn a_download_error_is_read_and_recognised() {
    let http = TestClient::new().with_response(
        404,
        &[("x-amzn-errortype", "VaultNotFound")],
        r#"{"message":"no vault named photos"}"#,
    );
    let err = client(&http, RetryConfig::disabled())
        .download_archive()
        .vault("photos")
        .archive_id("a-1")
        .send()
        .await
        .expect_err("404");
    let SdkError::Service(e) = err else {
        panic!("a service error: {err:?}");
    };
    let DownloadArchiveError::VaultNotFound(v) = e.err() else {
        panic!("the modeled error: {:?}", e.err());
    };
    assert_eq!(v.message.as_deref(), Some("no vault named photos"));
}

#[tokio::test]
async fn a_bad_header_on_a_download_is_a_response_error_not_a_panic() {
    let http = TestClient::new().with_response(200, &[("content-length", "eleven")], "x");
    let err = client(&http, RetryConfig::disabled())
        .download_archive()
        .vault("photos")
        .archive_id("a-1")
        .send()
        .await
        .expect_err("bad header");
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
}

#[tokio::test]
async fn streams_go_both_ways_in_one_call() {
    let http = TestClient::new().with_response(200, &[], "transcoded");
    let out = client(&http, RetryConfig::standard())
        .transcode()
        .format("flac")
        .media(chunks(&["raw ", "audio"]))
        .send()
        .await
        .expect("transcode succeeds");
    assert_eq!(out.media.collect().await.expect("body"), "transcoded");
    let request = &http.requests()[0];
    assert_eq!(request.uri().query(), Some("format=flac"));
    assert_eq!(request.body(), "raw audio");
    assert_eq!(header(request, "content-length"), None, "unknown length");
}
