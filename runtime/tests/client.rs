//! End-to-end tests of the orchestrator (`Handle`) over `TestClient`, custom clients and a real
//! TCP socket.

use bytes::Bytes;
use smelt_runtime::client::{error_metadata, Handle, OperationInfo, Protocol, ServiceInfo};
use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::error::{BuildError, ErrorMetadata, ProvideErrorMetadata, SdkError, Unhandled};
use smelt_runtime::http::TestClient;
use smelt_runtime::http::{BoxFuture, ByteStream, ConnectorError, HttpClient, HttpRequest};
use smelt_runtime::http::{BufferedRequest, HttpResponse, StreamingResponse};
use smelt_runtime::json::DeserializeError;
use smelt_runtime::retry::{RetryConfig, RetryMode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

static SERVICE: ServiceInfo = ServiceInfo {
    signing_name: "docdb-elastic",
    endpoint_prefix: "docdb-elastic",
    protocol: Protocol::RestJson1,
    api_version: "2022-11-28",
    sdk_id: "DocDB Elastic",
    query_compatible: false,
    endpoint_rules: None,
};

static COPY: OperationInfo = OperationInfo {
    name: "CopyClusterSnapshot",
    retryable_errors: &[("ModeledRetryableError", false)],
};

fn no_env(_: &str) -> Option<String> {
    None
}

fn fast_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn handle(client: impl HttpClient + 'static, endpoint: Option<&str>, retry: RetryConfig) -> Handle {
    let mut b = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(
            "AKIDTEST",
            "secret",
            Some("token".into()),
            None,
            "test",
        ))
        .http_client(client)
        .retry_config(retry);
    if let Some(e) = endpoint {
        b = b.endpoint_url(e);
    }
    Handle::new(b.build_with_env(&no_env), &SERVICE)
}

fn copy_request() -> HttpRequest {
    http::Request::builder()
        .method("POST")
        .uri("/cluster-snapshot/snap%2F1/copy?dryRun=true")
        .header("content-type", "application/json")
        .body(ByteStream::from(r#"{"targetSnapshotName":"c"}"#))
        .unwrap()
}

fn header<'a>(req: &'a BufferedRequest, name: &str) -> &'a str {
    req.headers()
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .unwrap()
}

// ---- (1) signing, headers and endpoint composition -------------------------------------------

#[tokio::test]
async fn send_signs_and_composes_endpoint_with_base_path() {
    let client = TestClient::new().with_response(200, &[], "{}");
    let h = handle(
        client.clone(),
        Some("https://proxy.example.com:8443/base/"),
        fast_retries(3),
    );
    let resp = h.send(&COPY, copy_request()).await.unwrap();
    assert_eq!(resp.status(), 200);

    let reqs = client.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(
        r.uri().to_string(),
        "https://proxy.example.com:8443/base/cluster-snapshot/snap%2F1/copy?dryRun=true"
    );
    assert_eq!(r.method(), "POST");
    assert_eq!(header(r, "host"), "proxy.example.com:8443");
    assert_eq!(header(r, "content-length"), "26");
    assert_eq!(
        header(r, "user-agent"),
        format!(
            "smelt/{} DocDB-Elastic/2022-11-28",
            env!("CARGO_PKG_VERSION")
        )
    );
    let auth = header(r, "authorization");
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
        "{auth}"
    );
    assert!(
        auth.split(", ")
            .next()
            .unwrap()
            .ends_with("/us-east-1/docdb-elastic/aws4_request"),
        "{auth}"
    );
    assert!(
        auth.contains(
            "SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token,"
        ),
        "{auth}"
    );
    assert_eq!(header(r, "x-amz-security-token"), "token");
    assert_eq!(header(r, "x-amz-date").len(), 16);
}

#[tokio::test]
async fn anonymous_credentials_send_requests_unsigned() {
    let client = TestClient::new().with_response(200, &[], "{}");
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(smelt_runtime::credentials::Anonymous)
        .http_client(client.clone())
        .build_with_env(&no_env);
    let h = Handle::new(config, &SERVICE);
    h.send(&COPY, copy_request()).await.unwrap();
    let r = &client.requests()[0];
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        assert!(
            r.headers().get(name).is_none(),
            "{name} on an anonymous request"
        );
    }
    assert_eq!(header(r, "host"), "docdb-elastic.us-east-1.amazonaws.com");
}

#[tokio::test]
async fn operation_auth_none_and_optional() {
    use smelt_runtime::client::OperationAuth;
    use smelt_runtime::credentials::{env_from_map, DefaultChain};
    let signed = |r: &BufferedRequest| r.headers().contains_key("authorization");

    // `@auth([])`: unsigned even with credentials configured.
    let client = TestClient::always(200, "{}");
    let h = handle(client.clone(), None, fast_retries(1));
    h.clone()
        .with_auth(OperationAuth::None)
        .send(&COPY, copy_request())
        .await
        .unwrap();
    // `@optionalAuth` with credentials: signed.
    h.with_auth(OperationAuth::Optional)
        .send(&COPY, copy_request())
        .await
        .unwrap();
    let reqs = client.requests();
    assert!(!signed(&reqs[0]), "@auth([]) is never signed");
    assert!(signed(&reqs[1]), "@optionalAuth signs when it can");

    // No credentials anywhere: `@optionalAuth` sends unsigned, a signed operation fails before
    // sending.
    let client = TestClient::always(200, "{}");
    let nothing = DefaultChain::from_env_fn(env_from_map([("AWS_EC2_METADATA_DISABLED", "true")]));
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(nothing)
        .http_client(client.clone())
        .build_with_env(&no_env);
    let h = Handle::new(config, &SERVICE);
    h.clone()
        .with_auth(OperationAuth::Optional)
        .send(&COPY, copy_request())
        .await
        .unwrap();
    assert!(!signed(&client.requests()[0]));
    let e = h.send(&COPY, copy_request()).await.unwrap_err();
    assert!(e.to_string().contains("no credentials found"), "{e}");
    assert_eq!(
        client.requests().len(),
        1,
        "nothing sent without credentials"
    );
}

#[tokio::test]
async fn default_endpoint_from_prefix_and_region() {
    let client = TestClient::new().with_response(200, &[], "");
    let h = handle(client.clone(), None, fast_retries(1));
    let get = http::Request::builder()
        .uri("/clusters")
        .body(ByteStream::new())
        .unwrap();
    h.send(&COPY, get).await.unwrap();
    let r = &client.requests()[0];
    assert_eq!(
        r.uri().to_string(),
        "https://docdb-elastic.us-east-1.amazonaws.com/clusters"
    );
    assert_eq!(header(r, "host"), "docdb-elastic.us-east-1.amazonaws.com");
    assert!(r.headers().get("content-length").is_none());
}

#[tokio::test]
async fn construction_failures_send_nothing() {
    // No region.
    let client = TestClient::always(200, "");
    let config = Config::builder()
        .credentials_provider(Credentials::new("A", "S", None, None, "t"))
        .http_client(client.clone())
        .build_with_env(&no_env);
    let err = Handle::new(config, &SERVICE)
        .send(&COPY, copy_request())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(err.to_string().contains("no region configured"), "{err}");

    // No credentials anywhere (empty environment, no profile files, instance metadata off: the
    // chain would otherwise ask IMDS through this client).
    let config = Config::builder()
        .region("us-east-1")
        .http_client(client.clone())
        .build_with_env(&|name| (name == "AWS_EC2_METADATA_DISABLED").then(|| "true".into()));
    let err = Handle::new(config, &SERVICE)
        .send(&COPY, copy_request())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(err.to_string().contains("no credentials found"), "{err}");

    // Invalid endpoint.
    let h = handle(client.clone(), Some("localhost:8000"), fast_retries(1));
    let err = h.send(&COPY, copy_request()).await.unwrap_err();
    assert!(err.to_string().contains("http:// or https://"), "{err}");

    // BuildError through invoke.
    let h = handle(client.clone(), None, fast_retries(1));
    let err = h
        .invoke(
            &COPY,
            Err(BuildError::missing("snapshot_arn")),
            parse_ok,
            parse_err,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "failed to construct request: missing required member `snapshot_arn`"
    );
    assert_eq!(client.request_count(), 0);
}

// ---- (2) retries --------------------------------------------------------------------------------

#[tokio::test]
async fn retries_503_until_success() {
    let client = TestClient::new()
        .with_response(503, &[], "")
        .with_response(503, &[], "")
        .with_response(200, &[], "ok")
        .with_response(200, &[], "never");
    let h = handle(client.clone(), None, fast_retries(3));
    let resp = h.send(&COPY, copy_request()).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.body().as_ref(), b"ok");
    assert_eq!(client.request_count(), 3);
    assert_eq!(client.remaining(), 1);
    // Each attempt is signed afresh and carries exactly one Authorization header.
    for r in client.requests() {
        assert_eq!(r.headers().get_all("authorization").iter().count(), 1);
    }
}

#[tokio::test]
async fn gives_up_after_max_attempts() {
    let client = TestClient::always(503, "");
    let h = handle(client.clone(), None, fast_retries(3));
    let resp = h.send(&COPY, copy_request()).await.unwrap();
    assert_eq!(resp.status(), 503);
    assert_eq!(client.request_count(), 3, "a 4th attempt must never happen");

    let client = TestClient::always(500, "");
    let h = handle(client.clone(), None, RetryConfig::disabled());
    assert_eq!(h.send(&COPY, copy_request()).await.unwrap().status(), 500);
    assert_eq!(client.request_count(), 1);
}

#[tokio::test]
async fn throttling_code_in_body_is_retried() {
    let client = TestClient::new()
        .with_response(
            400,
            &[],
            r#"{"__type":"com.amazon#ThrottlingException","message":"slow down"}"#,
        )
        .with_response(200, &[], "{}");
    let h = handle(client.clone(), None, fast_retries(3));
    assert_eq!(h.send(&COPY, copy_request()).await.unwrap().status(), 200);
    assert_eq!(client.request_count(), 2);
}

#[tokio::test]
async fn adaptive_mode_delays_attempts_after_throttling() {
    // A throttle (429) switches the shared limiter on. Nothing has been measured yet, so the
    // bucket fills at the minimum 0.5 tokens per second from nearly empty: the retry waits
    // about (1 - 0) / 0.5 = 2 s, although the backoff is at most 5 ms.
    let adaptive = RetryConfig::for_mode(RetryMode::Adaptive)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5));
    let client = TestClient::new()
        .with_response(429, &[], "")
        .with_response(200, &[], "{}")
        .with_response(200, &[], "{}");
    let h = handle(client.clone(), None, adaptive);
    let started = Instant::now();
    assert_eq!(h.send(&COPY, copy_request()).await.unwrap().status(), 200);
    let first_call = started.elapsed();
    assert_eq!(client.request_count(), 2);
    assert!(first_call >= Duration::from_millis(1500), "{first_call:?}");
    let limiter = h.config().rate_limiter().expect("adaptive mode");
    assert!(limiter.is_enabled());
    // The limiter is shared by the handle's clones: the next call's first attempt waits too.
    // At about 2 s the success closed the bucket [0, 2) with 2 responses (1 per second,
    // measured 0.8): rate min(cubic 0.4 * 2^3, 2 * 0.8) = 1.6, bucket near 0: (1 - 0) / 1.6
    // = 0.625 s.
    let clone = h.clone();
    let started = Instant::now();
    assert_eq!(
        clone.send(&COPY, copy_request()).await.unwrap().status(),
        200
    );
    let second_call = started.elapsed();
    assert!(second_call >= Duration::from_millis(400), "{second_call:?}");
    assert_eq!(client.request_count(), 3);

    // The same responses in standard mode: no limiter, only the backoff.
    let client = TestClient::new()
        .with_response(429, &[], "")
        .with_response(200, &[], "{}");
    let h = handle(client.clone(), None, fast_retries(3));
    assert!(h.config().rate_limiter().is_none());
    let started = Instant::now();
    assert_eq!(h.send(&COPY, copy_request()).await.unwrap().status(), 200);
    assert_eq!(client.request_count(), 2);
    let standard = started.elapsed();
    assert!(standard < Duration::from_millis(1000), "{standard:?}");
}

#[tokio::test]
async fn modeled_retryable_error_is_retried() {
    let client = TestClient::new()
        .with_response(409, &[("x-amzn-errortype", "ModeledRetryableError")], "")
        .with_response(200, &[], "{}");
    let h = handle(client.clone(), None, fast_retries(3));
    assert_eq!(h.send(&COPY, copy_request()).await.unwrap().status(), 200);
    assert_eq!(client.request_count(), 2);
}

#[tokio::test]
async fn validation_error_is_not_retried() {
    let client = TestClient::new()
        .with_response(
            400,
            &[("x-amzn-errortype", "ValidationException")],
            r#"{"message":"bad name"}"#,
        )
        .with_response(200, &[], "{}");
    let h = handle(client.clone(), None, fast_retries(3));
    let resp = h.send(&COPY, copy_request()).await.unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(client.request_count(), 1);
}

#[tokio::test]
async fn transport_errors_are_retried_then_reported() {
    let client = TestClient::new()
        .with_error(ConnectorError::io("connection reset"))
        .with_response(200, &[], "{}");
    let h = handle(client.clone(), None, fast_retries(3));
    assert_eq!(h.send(&COPY, copy_request()).await.unwrap().status(), 200);
    assert_eq!(client.request_count(), 2);

    let client = TestClient::new()
        .with_error(ConnectorError::io("reset 1"))
        .with_error(ConnectorError::io("reset 2"));
    let h = handle(client.clone(), None, fast_retries(2));
    let err = h.send(&COPY, copy_request()).await.unwrap_err();
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert!(err.to_string().contains("reset 2"), "{err}");

    // Non-transient connector errors are not retried.
    let client = TestClient::new()
        .with_error(ConnectorError::other("body too large"))
        .with_response(200, &[], "{}");
    let h = handle(client.clone(), None, fast_retries(3));
    assert!(h.send(&COPY, copy_request()).await.is_err());
    assert_eq!(client.request_count(), 1);
}

// ---- invoke: parse glue ---------------------------------------------------------------------------

#[derive(Debug)]
enum CopyError {
    Validation(ErrorMetadata),
    Unhandled(Unhandled),
}

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CopyError::Validation(m) => write!(f, "{m}"),
            CopyError::Unhandled(u) => write!(f, "{u}"),
        }
    }
}

impl std::error::Error for CopyError {}

impl ProvideErrorMetadata for CopyError {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            CopyError::Validation(m) => m,
            CopyError::Unhandled(u) => u.meta(),
        }
    }
}

fn parse_ok(resp: &HttpResponse) -> Result<String, DeserializeError> {
    let mut out = None;
    smelt_runtime::json::JsonReader::new(resp.body()).read_object(|r, key| {
        if key == "name" {
            out = Some(r.read_string()?);
            Ok(())
        } else {
            r.skip_value()
        }
    })?;
    out.ok_or_else(|| DeserializeError::custom("missing name"))
}

fn parse_err(meta: ErrorMetadata, _resp: &HttpResponse) -> Result<CopyError, DeserializeError> {
    Ok(match meta.code() {
        Some("ValidationException") => CopyError::Validation(meta),
        _ => CopyError::Unhandled(Unhandled::new(meta)),
    })
}

#[tokio::test]
async fn invoke_parses_success_service_errors_and_garbage() {
    let client = TestClient::new()
        .with_response(200, &[], r#"{"name":"snap"}"#)
        .with_response(
            400,
            &[("x-amzn-requestid", "rid-1")],
            r#"{"__type":"ns#ValidationException:extra","message":"bad name"}"#,
        )
        .with_response(404, &[], r#"{"code":"NotFound"}"#)
        .with_response(200, &[], "<html>");
    let h = handle(client.clone(), None, fast_retries(1));

    let ok = h
        .invoke(&COPY, Ok(copy_request()), parse_ok, parse_err)
        .await;
    assert_eq!(ok.unwrap(), "snap");

    let err = h
        .invoke(&COPY, Ok(copy_request()), parse_ok, parse_err)
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "ValidationException: bad name");
    assert_eq!(err.request_id(), Some("rid-1"));
    assert!(matches!(
        err.as_service_error(),
        Some(CopyError::Validation(_))
    ));
    assert_eq!(err.raw_response().unwrap().status(), 400);

    let err = h
        .invoke(&COPY, Ok(copy_request()), parse_ok, parse_err)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NotFound"));
    assert!(matches!(
        err.into_service_error(),
        Some(CopyError::Unhandled(_))
    ));

    let err = h
        .invoke(&COPY, Ok(copy_request()), parse_ok, parse_err)
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
    assert_eq!(err.raw_response().unwrap().body().as_ref(), b"<html>");
}

// ---- (3) timeouts ---------------------------------------------------------------------------------

/// A client that never answers, counting calls.
#[derive(Debug, Default, Clone)]
struct Hang(Arc<AtomicUsize>);

impl HttpClient for Hang {
    fn call(
        &self,
        _request: HttpRequest,
    ) -> BoxFuture<'_, Result<StreamingResponse, ConnectorError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn read_timeout_yields_timeout_error_quickly() {
    let hang = Hang::default();
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("A", "S", None, None, "t"))
        .http_client(hang.clone())
        .read_timeout(Duration::from_millis(50))
        .retry_config(fast_retries(2))
        .build_with_env(&no_env);
    let h = Handle::new(config, &SERVICE);
    let start = Instant::now();
    let err = h.send(&COPY, copy_request()).await.unwrap_err();
    let elapsed = start.elapsed();
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert!(err.is_timeout());
    assert!(err.to_string().contains("attempt 2 of 2"), "{err}");
    assert_eq!(hang.0.load(Ordering::SeqCst), 2, "timeouts are retried");
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn operation_timeout_bounds_all_attempts() {
    let hang = Hang::default();
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("A", "S", None, None, "t"))
        .http_client(hang.clone())
        .read_timeout(Duration::from_secs(30))
        .operation_timeout(Duration::from_millis(60))
        .build_with_env(&no_env);
    let start = Instant::now();
    let err = Handle::new(config, &SERVICE)
        .send(&COPY, copy_request())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("operation timeout"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(2));
}

// ---- (4) a real TCP round trip through HyperClient ---------------------------------------------

#[cfg(feature = "hyper-client")]
#[tokio::test]
async fn hyper_client_over_real_tcp() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 1024];
        let head_end = loop {
            let n = sock.read(&mut chunk).await.unwrap();
            assert!(n > 0, "client closed before sending a full request head");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            assert!(buf.len() < 64 * 1024, "request head too large");
        };
        let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
        let content_length: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().unwrap())
            })
            .unwrap_or(0);
        while buf.len() < head_end + content_length {
            let n = sock.read(&mut chunk).await.unwrap();
            assert!(n > 0);
            buf.extend_from_slice(&chunk[..n]);
        }
        let body = String::from_utf8(buf[head_end..head_end + content_length].to_vec()).unwrap();
        let payload = r#"{"name":"from-server"}"#;
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             x-amzn-requestid: tcp-1\r\nconnection: close\r\n\r\n{payload}",
            payload.len()
        );
        sock.write_all(response.as_bytes()).await.unwrap();
        sock.shutdown().await.ok();
        (head, body)
    });

    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKIDTCP", "secret", None, None, "t"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .read_timeout(Duration::from_secs(5))
        .retry_config(RetryConfig::disabled())
        .build_with_env(&no_env);
    let h = Handle::new(config, &SERVICE);
    let resp = tokio::time::timeout(Duration::from_secs(10), h.send(&COPY, copy_request()))
        .await
        .expect("call finished")
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.body().as_ref(), br#"{"name":"from-server"}"#);
    assert_eq!(resp.headers()["x-amzn-requestid"], "tcp-1");

    let (head, body) = server.await.unwrap();
    let request_line = head.lines().next().unwrap();
    assert_eq!(
        request_line,
        "POST /cluster-snapshot/snap%2F1/copy?dryRun=true HTTP/1.1"
    );
    let lower = head.to_ascii_lowercase();
    assert!(
        lower.contains("\r\nauthorization: aws4-hmac-sha256 credential=akidtcp/"),
        "{head}"
    );
    assert!(
        lower.contains(&format!("\r\nhost: 127.0.0.1:{port}\r\n")),
        "{head}"
    );
    assert!(lower.contains("\r\nx-amz-date: "), "{head}");
    assert_eq!(body, r#"{"targetSnapshotName":"c"}"#);
}

// ---- (5) error metadata ---------------------------------------------------------------------------

#[test]
fn error_metadata_cases() {
    let resp = |headers: &[(&str, &str)], body: &'static str| {
        let mut b = http::Response::builder().status(400);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Bytes::from_static(body.as_bytes())).unwrap()
    };
    let m = error_metadata(
        Protocol::RestJson1,
        &resp(&[("X-Amzn-Errortype", "FooError")], r#"{"code":"Ignored"}"#),
    );
    assert_eq!(m.code(), Some("FooError"));

    let m = error_metadata(
        Protocol::AwsJson1_1,
        &resp(
            &[],
            r#"{"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}"#,
        ),
    );
    assert_eq!(m.code(), Some("FooError"));

    let m = error_metadata(
        Protocol::AwsJson1_0,
        &resp(&[], r#"{"code":"BarError","message":"nope"}"#),
    );
    assert_eq!(m.code(), Some("BarError"));
    assert_eq!(m.message(), Some("nope"));
    assert_eq!(m.to_string(), "BarError: nope");

    let m = error_metadata(Protocol::RestJson1, &resp(&[], r#"{"code": "#));
    assert_eq!(m.code(), None);
    assert_eq!(m.status(), 400);
    assert_eq!(m.to_string(), "unhandled error (HTTP 400)");
}

// ---- compile-time and feature checks --------------------------------------------------------------

#[test]
fn futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let h = handle(TestClient::new(), None, fast_retries(1));
    let send = h.send(&COPY, copy_request());
    assert_send(&send);
    let invoke = h.invoke(&COPY, Ok(copy_request()), parse_ok, parse_err);
    assert_send(&invoke);
}

#[cfg(not(feature = "hyper-client"))]
#[tokio::test]
async fn no_http_client_without_feature_is_a_construction_error() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("A", "S", None, None, "t"))
        .build_with_env(&no_env);
    assert!(config.http_client().is_none());
    let err = Handle::new(config, &SERVICE)
        .send(&COPY, copy_request())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(
        err.to_string().contains("no HTTP client configured"),
        "{err}"
    );
}

// ---- (6) streaming bodies -------------------------------------------------------------------------

/// A `Stream` over an iterator of chunks.
struct Chunks(std::vec::IntoIter<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

fn one_shot(parts: &[&'static str]) -> ByteStream {
    let items: Vec<_> = parts
        .iter()
        .map(|p| Ok(Bytes::from_static(p.as_bytes())))
        .collect();
    ByteStream::from_stream(Chunks(items.into_iter()))
}

fn upload(body: ByteStream) -> HttpRequest {
    http::Request::builder()
        .method("PUT")
        .uri("/upload")
        .header("content-type", "application/octet-stream")
        .body(body)
        .unwrap()
}

#[tokio::test]
async fn a_one_shot_request_body_is_sent_once_even_when_retryable() {
    let client = TestClient::new()
        .with_response(503, &[], "")
        .with_response(200, &[], "");
    let h = handle(client.clone(), None, fast_retries(3));
    let response = h
        .send(&COPY, upload(one_shot(&["ab", "cd"])))
        .await
        .unwrap();
    // The 503 is the answer: the stream cannot be replayed for a second attempt.
    assert_eq!(response.status(), 503);
    assert_eq!(client.request_count(), 1);
    let r = &client.requests()[0];
    assert_eq!(r.body(), "abcd");
    // Unknown length: no Content-Length, and the payload is signed as unsigned.
    assert!(r.headers().get("content-length").is_none());
    assert_eq!(header(r, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
}

#[tokio::test]
async fn a_file_request_body_is_replayed_on_retry() {
    let dir = std::env::temp_dir().join(format!("smelt-client-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("upload.bin");
    let contents = vec![b'z'; 200_000];
    std::fs::write(&path, &contents).unwrap();

    let client = TestClient::new()
        .with_response(503, &[], "")
        .with_response(200, &[], "");
    let h = handle(client.clone(), None, fast_retries(3));
    let body = ByteStream::from_path(&path).await.unwrap();
    let response = h.send(&COPY, upload(body)).await.unwrap();
    assert_eq!(response.status(), 200);
    let requests = client.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.body().len(), contents.len());
        assert_eq!(header(r, "content-length"), "200000");
        assert_eq!(header(r, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
    }
}

fn parse_stream(
    resp: &mut StreamingResponse,
) -> Result<(Option<String>, ByteStream), DeserializeError> {
    let kind = smelt_runtime::protocol::header(resp, "x-kind")?.map(String::from);
    Ok((kind, smelt_runtime::protocol::payload_stream(resp)))
}

#[tokio::test]
async fn streaming_errors_are_read_and_parsed_like_any_other() {
    let client = TestClient::new().with_response(
        400,
        &[("x-amzn-errortype", "ValidationException")],
        r#"{"message":"no"}"#,
    );
    let h = handle(client, None, fast_retries(1));
    let err = h
        .invoke_streaming(&COPY, Ok(copy_request()), parse_stream, parse_err)
        .await
        .unwrap_err();
    let SdkError::Service(e) = err else {
        panic!("expected a service error: {err:?}")
    };
    assert!(matches!(e.err(), CopyError::Validation(_)));
    assert_eq!(e.raw().body(), r#"{"message":"no"}"#);
}

#[tokio::test]
async fn a_bad_head_on_a_streaming_response_is_a_response_error() {
    let client = TestClient::new().with_response(200, &[("x-kind", "caf\u{e9}")], "data");
    let h = handle(client, None, fast_retries(1));
    let err = h
        .invoke_streaming(&COPY, Ok(copy_request()), parse_stream, parse_err)
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
    assert!(err.to_string().contains("x-kind") || format!("{err:?}").contains("x-kind"));
}

/// The output body is handed over while the server is still sending it, and a chunked request
/// body of unknown length goes over the wire as it is produced.
#[cfg(feature = "hyper-client")]
#[tokio::test]
async fn streaming_over_real_tcp_in_both_directions() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        // Read up to the end of the chunked request body (`0\r\n\r\n`).
        while !buf.ends_with(b"0\r\n\r\n") {
            let n = sock.read(&mut chunk).await.unwrap();
            assert!(n > 0, "client closed early");
            buf.extend_from_slice(&chunk[..n]);
        }
        sock.write_all(
            b"HTTP/1.1 200 OK\r\nx-kind: archive\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n",
        )
        .await
        .unwrap();
        sock.flush().await.unwrap();
        // The rest only after the client has seen the first chunk.
        release_rx.await.unwrap();
        sock.write_all(b"6\r\nsecond\r\n0\r\n\r\n").await.unwrap();
        sock.shutdown().await.ok();
        String::from_utf8_lossy(&buf).into_owned()
    });

    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKIDTCP", "secret", None, None, "t"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .read_timeout(Duration::from_secs(5))
        .retry_config(RetryConfig::disabled())
        .build_with_env(&no_env);
    let h = Handle::new(config, &SERVICE);
    let call = h.invoke_streaming(
        &COPY,
        Ok(upload(one_shot(&["up", "load"]))),
        parse_stream,
        parse_err,
    );
    let (kind, mut body) = tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .expect("the head arrives without the whole body")
        .unwrap();
    assert_eq!(kind.as_deref(), Some("archive"));
    assert_eq!(body.next().await.unwrap().unwrap(), "first");
    release_tx.send(()).unwrap();
    assert_eq!(body.collect().await.unwrap(), "second");

    let request = server.await.unwrap();
    let lower = request.to_ascii_lowercase();
    assert!(
        lower.contains("\r\ntransfer-encoding: chunked\r\n"),
        "{request}"
    );
    assert!(!lower.contains("content-length"), "{request}");
    assert!(
        lower.contains("\r\nx-amz-content-sha256: unsigned-payload\r\n"),
        "{request}"
    );
    assert!(
        request.contains("\r\n2\r\nup\r\n4\r\nload\r\n0\r\n\r\n"),
        "{request}"
    );
}

/// Events are handed over as they arrive on a real connection, not when the stream ends.
#[cfg(all(feature = "hyper-client", feature = "event-stream"))]
#[tokio::test]
async fn events_arrive_one_by_one_over_real_tcp() {
    use smelt_runtime::eventstream::{EventReceiver, EventUnion, HeaderValue, Message};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[derive(Debug, PartialEq)]
    enum Tick {
        Tick(String),
        Unknown,
    }
    impl EventUnion for Tick {
        fn from_message(kind: &str, m: &Message) -> Result<Option<Self>, DeserializeError> {
            Ok((kind == "tick").then(|| Tick::Tick(String::from_utf8_lossy(m.payload()).into())))
        }
        fn unknown() -> Self {
            Tick::Unknown
        }
    }
    let frame = |payload: &str| {
        Message::new(payload.as_bytes().to_vec())
            .with_header(":message-type", HeaderValue::String("event".into()))
            .with_header(":event-type", HeaderValue::String("tick".into()))
            .encode()
            .unwrap()
    };
    let chunk = |bytes: &[u8]| {
        let mut out = format!("{:x}\r\n", bytes.len()).into_bytes();
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
        out
    };

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
    let (first, second) = (frame("one"), frame("two"));
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let mut seen = Vec::new();
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut buf).await.unwrap();
            assert!(n > 0);
            seen.extend_from_slice(&buf[..n]);
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\n\
                    transfer-encoding: chunked\r\n\r\n";
        sock.write_all(head.as_bytes()).await.unwrap();
        sock.write_all(&chunk(&first)).await.unwrap();
        sock.flush().await.unwrap();
        release_rx.await.unwrap();
        sock.write_all(&chunk(&second)).await.unwrap();
        sock.write_all(b"0\r\n\r\n").await.unwrap();
        sock.shutdown().await.ok();
    });

    fn parse(resp: &mut StreamingResponse) -> Result<EventReceiver<Tick>, DeserializeError> {
        Ok(EventReceiver::new(smelt_runtime::protocol::payload_stream(
            resp,
        )))
    }
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKIDTCP", "secret", None, None, "t"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .read_timeout(Duration::from_secs(5))
        .retry_config(RetryConfig::disabled())
        .build_with_env(&no_env);
    let h = Handle::new(config, &SERVICE);
    let mut events = tokio::time::timeout(
        Duration::from_secs(10),
        h.invoke_streaming(&COPY, Ok(copy_request()), parse, parse_err),
    )
    .await
    .expect("the head arrives")
    .unwrap();
    // The first event is readable while the server holds back the second.
    let one = tokio::time::timeout(Duration::from_secs(5), events.recv()).await;
    assert_eq!(
        one.expect("not blocked").unwrap(),
        Some(Tick::Tick("one".into()))
    );
    release_tx.send(()).unwrap();
    assert_eq!(events.recv().await.unwrap(), Some(Tick::Tick("two".into())));
    assert_eq!(events.recv().await.unwrap(), None);
}

// ---- (7) request compression and Content-MD5 ------------------------------------------------------

#[cfg(feature = "compression")]
fn marked(body: &str, content_encoding: Option<&str>) -> HttpRequest {
    let mut b = http::Request::builder().method("POST").uri("/put");
    if let Some(e) = content_encoding {
        b = b.header("content-encoding", e);
    }
    b.extension(smelt_runtime::client::RequestCompression)
        .body(ByteStream::from(body.to_string()))
        .unwrap()
}

#[cfg(feature = "compression")]
fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut out)
        .expect("a gzip stream");
    out
}

#[cfg(feature = "compression")]
#[tokio::test]
async fn large_bodies_of_marked_requests_are_gzipped() {
    let big = "x".repeat(20_000);
    let client = TestClient::always(200, "");
    let h = handle(client.clone(), None, fast_retries(1));
    h.send(&COPY, marked(&big, None)).await.unwrap();
    h.send(&COPY, marked(&big, Some("custom"))).await.unwrap();
    h.send(&COPY, marked("small", None)).await.unwrap();
    let requests = client.requests();
    assert_eq!(header(&requests[0], "content-encoding"), "gzip");
    assert_eq!(gunzip(requests[0].body()), big);
    assert!(requests[0].body().len() < 1_000, "compressed");
    assert_eq!(
        header(&requests[0], "content-length"),
        requests[0].body().len().to_string()
    );
    assert_eq!(header(&requests[1], "content-encoding"), "custom, gzip");
    // Below the 10,240-byte default: sent as is.
    assert!(requests[2].headers().get("content-encoding").is_none());
    assert_eq!(requests[2].body(), "small");

    // The threshold and the switch are configuration.
    let client = TestClient::always(200, "");
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("A", "S", None, None, "t"))
        .http_client(client.clone())
        .request_min_compression_size_bytes(4)
        .build_with_env(&no_env);
    Handle::new(config, &SERVICE)
        .send(&COPY, marked("small", None))
        .await
        .unwrap();
    assert_eq!(gunzip(client.requests()[0].body()), "small");
    let client = TestClient::always(200, "");
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("A", "S", None, None, "t"))
        .http_client(client.clone())
        .build_with_env(&|name| (name == "AWS_DISABLE_REQUEST_COMPRESSION").then(|| "true".into()));
    Handle::new(config, &SERVICE)
        .send(&COPY, marked(&big, None))
        .await
        .unwrap();
    assert_eq!(client.requests()[0].body(), big.as_str());
}

#[cfg(feature = "md5")]
#[tokio::test]
async fn checksum_required_requests_carry_content_md5() {
    let client = TestClient::always(200, "");
    let h = handle(client.clone(), None, fast_retries(1));
    let (mut parts, body) = copy_request().into_parts();
    parts
        .extensions
        .insert(smelt_runtime::client::ChecksumRequired);
    h.send(&COPY, http::Request::from_parts(parts, body))
        .await
        .unwrap();
    h.send(&COPY, copy_request()).await.unwrap();
    let requests = client.requests();
    // MD5 of `{"targetSnapshotName":"c"}`, base64 (computed independently with Python's hashlib).
    assert_eq!(
        header(&requests[0], "content-md5"),
        "XshxU7rkGbMPOKLH94mNMg=="
    );
    assert!(requests[1].headers().get("content-md5").is_none());
}
