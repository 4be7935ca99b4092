//! The generated client against the fault-injecting loopback server
//! (`client_tests::fault_server`), through the default hyper client: for each fault the call
//! ends with the right error kind within its time budget, makes exactly the attempts the retry
//! policy allows, and leaves no socket open and no task alive (both counted).

use client_tests::fault_server::{Fault, FaultServer};
use client_tests::{base_config, build_hermetic};
use docdb_elastic::operation::get_cluster::GetClusterError;
use docdb_elastic::{Client, SdkError};
use smelt_runtime::retry::RetryConfig;
use std::time::{Duration, Instant};

const VALID: &str = r#"{"cluster":{"clusterName":"c1","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c1","status":"ACTIVE","clusterEndpoint":"c1.example.com","createTime":"2024-01-01T00:00:00Z","adminUserName":"admin","authType":"PLAIN_TEXT","shardCapacity":2,"shardCount":3,"vpcSecurityGroupIds":["sg-1"],"subnetIds":["subnet-1","subnet-2"],"preferredMaintenanceWindow":"sun:01:00-sun:01:30","kmsKeyId":"AWS_OWNED_KMS_KEY","shards":[{"shardId":"s1","createTime":"t","status":"ACTIVE"}],"backupRetentionPeriod":1,"preferredBackupWindow":"02:00-02:30","shardInstanceCount":2}}"#;

/// The read timeout of the fault tests.
const READ_TIMEOUT: Duration = Duration::from_millis(400);

/// `attempts` attempts with a 1–2 ms backoff.
fn retries(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
}

fn client_for(url: &str, retry: RetryConfig) -> Client {
    Client::from_conf(build_hermetic(
        base_config()
            .endpoint_url(url)
            .retry_config(retry)
            .read_timeout(READ_TIMEOUT)
            .max_response_size(16 * 1024),
    ))
}

async fn get(client: &Client) -> (Result<(), SdkError<GetClusterError>>, Duration) {
    let started = Instant::now();
    let result = client
        .get_cluster()
        .cluster_arn("c1")
        .send()
        .await
        .map(|out| assert_eq!(out.cluster.cluster_name, "c1"));
    (result, started.elapsed())
}

/// Tasks alive on this test's runtime.
fn alive_tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

/// Drops the client, then checks that the server sees every connection closed and that no
/// task is left on the runtime once the server is gone.
async fn no_leftovers(server: FaultServer, client: Client) {
    drop(client);
    let open = server.wait_all_closed(Duration::from_secs(5)).await;
    assert_eq!(open, 0, "connections the client left open");
    server.shutdown().await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive_tasks() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(alive_tasks(), 0, "tasks left behind on the runtime");
}

/// Runs one call against `script` (then `fallback`) with `attempts` attempts; the error, the
/// time it took and how many requests the server read.
async fn one_call(
    script: Vec<Fault>,
    fallback: Fault,
    attempts: u32,
) -> (Result<(), SdkError<GetClusterError>>, Duration, usize) {
    let server = FaultServer::start(script, fallback).await.expect("bind");
    let client = client_for(&server.url(), retries(attempts));
    let (result, elapsed) = get(&client).await;
    let requests = server.request_count();
    no_leftovers(server, client).await;
    (result, elapsed, requests)
}

fn assert_io(err: &SdkError<GetClusterError>) {
    match err {
        SdkError::Dispatch(d) => assert!(d.is_io(), "an I/O dispatch failure: {err:?}"),
        other => panic!("expected an I/O dispatch failure, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_an_io_error_retried_to_the_limit() {
    // A port nobody listens on: bind, note the port, close.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let client = client_for(&format!("http://127.0.0.1:{port}"), retries(3));
    let (result, elapsed) = get(&client).await;
    let err = result.expect_err("nobody listens");
    assert_io(&err);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(
        client.config().retry_tokens().available(),
        490,
        "two retries took 5 tokens each"
    );
    drop(client);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(alive_tasks(), 0, "tasks left behind");
}

#[tokio::test]
async fn reset_during_the_head_is_an_io_error_retried() {
    let (result, elapsed, requests) = one_call(vec![], Fault::ResetInHead, 3).await;
    assert_io(&result.expect_err("reset"));
    assert_eq!(requests, 3, "3 attempts");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn reset_during_the_body_is_an_io_error_retried() {
    let (result, elapsed, requests) = one_call(vec![], Fault::ResetInBody, 3).await;
    assert_io(&result.expect_err("reset"));
    assert_eq!(requests, 3);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_an_io_error_retried() {
    let (result, elapsed, requests) = one_call(vec![], Fault::ShortBody, 2).await;
    assert_io(&result.expect_err("short body"));
    assert_eq!(requests, 2);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_transient_failure_then_success_succeeds() {
    let (result, _, requests) = one_call(
        vec![Fault::ResetInBody, Fault::ShortBody],
        Fault::json(200, VALID),
        3,
    )
    .await;
    result.expect("the third attempt succeeds");
    assert_eq!(requests, 3);
}

#[tokio::test]
async fn a_slow_drip_hits_the_read_timeout_on_every_attempt() {
    let drip = Fault::Drip {
        interval: Duration::from_secs(1),
    };
    let (result, elapsed, requests) = one_call(vec![], drip, 2).await;
    let err = result.expect_err("too slow");
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert_eq!(requests, 2, "a timeout is retried");
    assert!(elapsed >= READ_TIMEOUT * 2, "{elapsed:?}");
    assert!(
        elapsed < READ_TIMEOUT * 2 + Duration::from_secs(1),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_stall_after_the_head_hits_the_read_timeout() {
    let (result, elapsed, requests) = one_call(vec![], Fault::StallAfterHead, 1).await;
    let err = result.expect_err("stalled");
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert_eq!(requests, 1);
    assert!(elapsed >= READ_TIMEOUT, "{elapsed:?}");
    assert!(
        elapsed < READ_TIMEOUT + Duration::from_secs(1),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn the_operation_timeout_bounds_every_attempt_together() {
    let server = FaultServer::start(vec![], Fault::Silence)
        .await
        .expect("bind");
    let client = Client::from_conf(build_hermetic(
        base_config()
            .endpoint_url(server.url())
            .retry_config(retries(10))
            .read_timeout(Duration::from_secs(5))
            .operation_timeout(Duration::from_millis(300)),
    ));
    let (result, elapsed) = get(&client).await;
    let err = result.expect_err("silent server");
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(server.request_count(), 1);
    no_leftovers(server, client).await;
}

#[tokio::test]
async fn server_errors_are_retried_to_the_limit_and_then_returned() {
    for status in [500u16, 502, 503, 504] {
        let (result, elapsed, requests) =
            one_call(vec![], Fault::json(status, r#"{"message":"down"}"#), 3).await;
        let err = result.expect_err("5xx");
        match &err {
            SdkError::Service(e) => {
                assert_eq!(e.raw().status().as_u16(), status);
            }
            other => panic!("{status}: expected a service error, got {other:?}"),
        }
        assert_eq!(requests, 3, "{status}: 3 attempts");
        assert!(elapsed < Duration::from_secs(2), "{status}: {elapsed:?}");
    }
}

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let (result, _, requests) = one_call(vec![], Fault::error(400, "ValidationException"), 3).await;
    let err = result.expect_err("400");
    assert!(
        matches!(
            err.as_service_error(),
            Some(GetClusterError::ValidationException(_))
        ),
        "{err:?}"
    );
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn throttling_without_retry_after_backs_off_briefly() {
    let (result, elapsed, requests) =
        one_call(vec![], Fault::error(429, "ThrottlingException"), 3).await;
    let err = result.expect_err("throttled");
    assert!(
        matches!(
            err.as_service_error(),
            Some(GetClusterError::ThrottlingException(_))
        ),
        "{err:?}"
    );
    assert_eq!(requests, 3);
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
}

#[tokio::test]
async fn throttling_with_retry_after_waits_as_asked_within_the_policy() {
    let server = FaultServer::start(
        vec![Fault::error(429, "ThrottlingException").with_header("retry-after", b"1")],
        Fault::json(200, VALID),
    )
    .await
    .expect("bind");
    // The policy allows waits of up to 2 s: the server's 1 s is honoured.
    let retry = retries(3).with_max_backoff(Duration::from_secs(2));
    let client = client_for(&server.url(), retry);
    let (result, elapsed) = get(&client).await;
    result.expect("the retry succeeds");
    assert_eq!(server.request_count(), 2);
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    no_leftovers(server, client).await;

    // A Retry-After beyond the policy's maximum backoff is cut to it.
    let server = FaultServer::start(
        vec![Fault::error(503, "ServiceUnavailable").with_header("retry-after", b"3600")],
        Fault::json(200, VALID),
    )
    .await
    .expect("bind");
    let client = client_for(&server.url(), retries(3));
    let (result, elapsed) = get(&client).await;
    result.expect("the retry succeeds");
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
    no_leftovers(server, client).await;
}

#[tokio::test]
async fn the_retry_token_bucket_stops_retries_when_empty_and_refills_on_success() {
    let server = FaultServer::start(vec![], Fault::json(503, "{}"))
        .await
        .expect("bind");
    // 20 tokens: two calls of two retries (5 tokens each) empty the bucket.
    let client = client_for(&server.url(), retries(3).with_retry_tokens(20));
    for call in 0..2 {
        let (result, _) = get(&client).await;
        assert!(result.is_err());
        assert_eq!(server.request_count(), 3 * (call + 1));
    }
    assert_eq!(client.config().retry_tokens().available(), 0);
    let (result, _) = get(&client).await;
    assert!(result.is_err());
    assert_eq!(
        server.request_count(),
        7,
        "an empty bucket: one attempt only"
    );

    // Successes put tokens back (one each without a retry), and retries resume.
    server.set_fallback(Fault::json(200, VALID));
    for _ in 0..5 {
        get(&client).await.0.expect("success");
    }
    assert_eq!(client.config().retry_tokens().available(), 5);
    no_leftovers(server, client).await;
}

#[tokio::test]
async fn a_malformed_content_length_is_a_dispatch_failure_not_retried() {
    let raw =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: nope\r\n\r\n{}"
            .to_vec();
    let (result, _, requests) = one_call(vec![], Fault::Raw(raw), 3).await;
    let err = result.expect_err("bad content-length");
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert_eq!(
        requests, 1,
        "a malformed response is not a transient failure"
    );
}

#[tokio::test]
async fn a_gzip_body_that_is_not_gzip_is_a_response_error() {
    let fault = Fault::json(200, "this is not gzip").with_header("content-encoding", b"gzip");
    let (result, _, requests) = one_call(vec![], fault, 3).await;
    let err = result.expect_err("not gzip, not JSON");
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn a_response_larger_than_max_response_size_is_refused_not_retried() {
    let big = format!(r#"{{"message":"{}"}}"#, "x".repeat(64 * 1024));
    let (result, _, requests) = one_call(vec![], Fault::json(200, &big), 3).await;
    let err = result.expect_err("too large");
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert!(
        err.to_string().contains("16384") || format!("{err:?}").contains("16384"),
        "{err:?}"
    );
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn duplicate_headers_do_not_break_a_response() {
    let fault = Fault::json(200, VALID)
        .with_header("x-amzn-requestid", b"first")
        .with_header("x-amzn-requestid", b"second")
        .with_header("content-type", b"application/json");
    let (result, _, _) = one_call(vec![], fault, 1).await;
    result.expect("duplicates are tolerated");

    let error = Fault::error(400, "ValidationException")
        .with_header("x-amzn-errortype", b"ThrottlingException")
        .with_header("x-amzn-requestid", b"r-1")
        .with_header("x-amzn-requestid", b"r-2");
    let (result, _, requests) = one_call(vec![], error, 3).await;
    let err = result.expect_err("an error");
    // The first of duplicated headers is the one read.
    assert!(
        matches!(
            err.as_service_error(),
            Some(GetClusterError::ValidationException(_))
        ),
        "{err:?}"
    );
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn non_utf8_headers_do_not_panic() {
    let fault = Fault::error(400, "ValidationException")
        .with_header("x-amzn-requestid", b"\xff\xfe-id")
        .with_header("x-custom", b"\xc3\x28");
    let (result, _, _) = one_call(vec![], fault, 1).await;
    let err = result.expect_err("an error");
    let text = format!("{err} {err:?}");
    assert!(text.contains("ValidationException"), "{text}");

    let bad_code = Fault::Respond {
        status: 400,
        headers: vec![("x-amzn-errortype".into(), b"\xff\xfe".to_vec())],
        body: br#"{"message":"m"}"#.to_vec(),
    };
    let (result, _, _) = one_call(vec![], bad_code, 1).await;
    assert!(matches!(result.expect_err("error"), SdkError::Service(_)));
}

#[tokio::test]
async fn the_idempotency_token_is_the_same_on_every_attempt() {
    let server = FaultServer::start(
        vec![Fault::ResetInBody, Fault::json(503, "{}")],
        Fault::json(
            200,
            r#"{"cluster":{"clusterName":"orders-db","status":"CREATING"}}"#,
        ),
    )
    .await
    .expect("bind");
    let client = client_for(&server.url(), retries(3));
    client
        .create_cluster()
        .cluster_name("orders-db")
        .auth_type(docdb_elastic::types::Auth::PlainText)
        .admin_user_name("admin")
        .admin_user_password("correct horse battery")
        .shard_capacity(2)
        .shard_count(1)
        .send()
        .await
        .expect("the third attempt succeeds");
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    let tokens: Vec<String> = seen
        .iter()
        .map(|s| {
            let body: serde_json::Value = serde_json::from_slice(&s.body).expect("JSON body");
            body["clientToken"].as_str().expect("a token").to_string()
        })
        .collect();
    assert!(!tokens[0].is_empty());
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
    // Each attempt is signed afresh.
    let dates: Vec<_> = seen
        .iter()
        .map(|s| s.header("authorization").map(str::to_string))
        .collect();
    assert!(dates.iter().all(Option::is_some));
    no_leftovers(server, client).await;
}

mod one_shot {
    //! A one-shot (streaming) request body over TCP, through the runtime's call path (the
    //! DocDB Elastic model has no streaming input): sent once even when the answer is
    //! retryable.

    use super::*;
    use bytes::Bytes;
    use smelt_runtime::client::{Handle, OperationInfo, Protocol, ServiceInfo};
    use smelt_runtime::http::ByteStream;

    static SERVICE: ServiceInfo = ServiceInfo {
        signing_name: "docdb-elastic",
        endpoint_prefix: "docdb-elastic",
        protocol: Protocol::RestJson1,
        api_version: "2022-11-28",
        sdk_id: "DocDB Elastic",
        query_compatible: false,
        endpoint_rules: None,
    };

    static UPLOAD: OperationInfo = OperationInfo {
        name: "Upload",
        retryable_errors: &[],
    };

    struct Chunks(std::vec::IntoIter<Bytes>);

    impl futures_core::Stream for Chunks {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next().map(Ok))
        }
    }

    #[tokio::test]
    async fn a_one_shot_body_is_sent_once_even_when_the_answer_is_retryable() {
        let server = FaultServer::start(vec![], Fault::json(503, "{}"))
            .await
            .expect("bind");
        let config = build_hermetic(
            base_config()
                .endpoint_url(server.url())
                .retry_config(retries(3))
                .read_timeout(READ_TIMEOUT),
        );
        let handle = Handle::new(config, &SERVICE);
        let body = ByteStream::from_stream(Chunks(
            vec![Bytes::from_static(b"one-"), Bytes::from_static(b"shot")].into_iter(),
        ));
        let request = http::Request::builder()
            .method("PUT")
            .uri("/upload")
            .header("content-length", "8")
            .body(body)
            .expect("request");
        let response = handle.send(&UPLOAD, request).await.expect("a response");
        assert_eq!(response.status(), 503, "the 503 is the answer");
        let seen = server.requests();
        assert_eq!(seen.len(), 1, "sent once");
        assert_eq!(seen[0].body, b"one-shot");
        drop(handle);
        let open = server.wait_all_closed(Duration::from_secs(5)).await;
        assert_eq!(open, 0);
        server.shutdown().await;
    }
}
