//! Requirement 6: one full call over real loopback TCP through the default hyper client.

use client_tests::{base_config, build_hermetic};
use docdb_elastic::types::Status;
use docdb_elastic::Client;
use smelt_runtime::retry::RetryConfig;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server saw.
#[derive(Debug)]
struct Seen {
    method: String,
    target: String,
    version: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads one HTTP/1.1 request (head, then a `Content-Length` body) from `sock`.
async fn read_request(sock: &mut tokio::net::TcpStream) -> Seen {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = sock.read(&mut chunk).await.expect("read request head");
        assert!(
            n > 0,
            "connection closed before the end of the request head"
        );
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).expect("request head is text");
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().expect("request line").split(' ');
    let method = request_line.next().unwrap_or_default().to_string();
    let target = request_line.next().unwrap_or_default().to_string();
    let version = request_line.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("header line has a colon");
            (n.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse().expect("numeric content-length"))
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = sock.read(&mut chunk).await.expect("read request body");
        assert!(n > 0, "connection closed before the end of the body");
        body.extend_from_slice(&chunk[..n]);
    }
    assert_eq!(body.len(), length, "no bytes beyond Content-Length");
    Seen {
        method,
        target,
        version,
        headers,
        body,
    }
}

#[tokio::test]
async fn copy_cluster_snapshot_over_loopback_tcp() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().unwrap().port();

    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.expect("accept");
        let seen = read_request(&mut sock).await;
        // Check on the server side too, answering 400 if the request is wrong, so that a bad
        // request fails the client call as well as the assertions below.
        let ok = seen.method == "POST"
            && seen.target == "/cluster-snapshot/my-snap/copy"
            && seen.header("authorization").is_some()
            && seen.header("content-type") == Some("application/json");
        let body = if ok {
            r#"{"snapshot":{"snapshotName":"snap-tcp","status":"AVAILABLE_SOON","snapshotType":"AUTOMATED","subnetIds":["subnet-9"]}}"#
        } else {
            r#"{"message":"unexpected request"}"#
        };
        let status = if ok { "200 OK" } else { "400 Bad Request" };
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nx-amzn-requestid: tcp-1\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        sock.write_all(response.as_bytes())
            .await
            .expect("write response");
        sock.shutdown().await.ok();
        seen
    });

    // No http_client: the default (hyper) client is used.
    let config = build_hermetic(
        base_config()
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .retry_config(RetryConfig::disabled())
            .read_timeout(Duration::from_secs(10)),
    );
    assert!(
        format!("{:?}", config.http_client().expect("a default client")).contains("HyperClient")
    );
    let client = Client::from_conf(config);
    let out = client
        .copy_cluster_snapshot()
        .snapshot_arn("my-snap")
        .target_snapshot_name("snap-tcp")
        .copy_tags(false)
        .send()
        .await
        .expect("call over TCP succeeds");

    assert_eq!(out.snapshot.snapshot_name, "snap-tcp");
    assert_eq!(
        out.snapshot.status,
        Status::Unknown("AVAILABLE_SOON".into())
    );
    assert_eq!(
        out.snapshot.snapshot_type,
        Some(docdb_elastic::types::SnapshotType::Automated)
    );
    assert_eq!(out.snapshot.subnet_ids, ["subnet-9"]);

    let seen = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("server finished")
        .expect("server did not panic");
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, "/cluster-snapshot/my-snap/copy");
    assert_eq!(seen.version, "HTTP/1.1");
    assert_eq!(
        seen.header("host"),
        Some(format!("127.0.0.1:{port}").as_str())
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    let auth = seen.header("authorization").expect("authorization");
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"),
        "{auth}"
    );
    assert!(
        auth.contains("/us-east-1/docdb-elastic/aws4_request"),
        "{auth}"
    );
    assert!(seen.header("x-amz-date").is_some());
    assert_eq!(
        seen.header("content-length"),
        Some(seen.body.len().to_string().as_str())
    );
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("JSON body");
    assert_eq!(
        body,
        serde_json::json!({"targetSnapshotName": "snap-tcp", "copyTags": false})
    );
}

/// A server that accepts the request and never answers: the per-attempt read timeout fires.
#[tokio::test]
async fn silent_server_hits_the_read_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.expect("accept");
        let seen = read_request(&mut sock).await;
        // Hold the connection open without answering until the client gives up.
        let mut rest = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(10), sock.read_to_end(&mut rest)).await;
        seen
    });
    let config = build_hermetic(
        base_config()
            .endpoint_url(format!("http://127.0.0.1:{port}/"))
            .retry_config(RetryConfig::disabled())
            .read_timeout(Duration::from_millis(300)),
    );
    let started = std::time::Instant::now();
    let err = Client::from_conf(config)
        .get_cluster()
        .cluster_arn("c1")
        .send()
        .await
        .expect_err("no response");
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(err, docdb_elastic::SdkError::Timeout(_)),
        "{err:?}"
    );
    assert!(err.to_string().contains("300ms"), "{err}");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let seen = server.await.expect("server did not panic");
    assert_eq!(seen.method, "GET");
    assert_eq!(
        seen.target, "/cluster/c1",
        "a trailing `/` on the endpoint is not doubled"
    );
    assert!(seen.body.is_empty());
    assert_eq!(seen.header("content-type"), None);
}
