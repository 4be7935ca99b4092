//! Presigning operations of the generated client (`client::presign::presign` over `send()`):
//! no request reaches the server while presigning; the presigned request then goes over
//! loopback TCP without the client (a plain HTTP/1.1 exchange) and arrives as it was presigned.

use crate::CLUSTER_ARN;
use client_tests::fault_server::{Fault, FaultServer};
use client_tests::{base_config, build_hermetic};
use docdb_elastic::Client;
use smelt_runtime::client::presign::{presign, PresignedRequest, PresigningConfig};
use std::time::{Duration, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn fixed(secs: u64) -> PresigningConfig {
    PresigningConfig::expires_in(Duration::from_secs(secs))
        .unwrap()
        .start_time(UNIX_EPOCH + Duration::from_secs(1_704_164_645))
}

/// The value of query parameter `name` in `uri`.
fn param<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    let query = uri.split_once('?')?.1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

/// Sends `presigned` with its headers and body on a fresh connection; the status line.
async fn send_plain(presigned: &PresignedRequest) -> String {
    let rest = presigned.uri().strip_prefix("http://").unwrap();
    let (authority, target) = rest.split_at(rest.find('/').unwrap());
    let mut sock = tokio::net::TcpStream::connect(authority).await.unwrap();
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\ncontent-length: {}\r\n",
        presigned.method(),
        presigned.body().len()
    );
    for (name, value) in presigned.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
    }
    head.push_str("\r\n");
    sock.write_all(head.as_bytes()).await.unwrap();
    sock.write_all(presigned.body()).await.unwrap();
    // The head is enough (the server may keep the connection open).
    let mut response = Vec::new();
    let mut chunk = [0u8; 1024];
    while !response.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = sock.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the connection closed before a response head");
        response.extend_from_slice(&chunk[..n]);
    }
    let response = String::from_utf8_lossy(&response).into_owned();
    response.lines().next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_get_with_a_label_and_a_post_with_a_body() {
    let server = FaultServer::start(vec![], Fault::json(200, "{}"))
        .await
        .expect("bind");
    let client = Client::from_conf(build_hermetic(base_config().endpoint_url(server.url())));

    let get = presign(
        fixed(900),
        client.get_cluster().cluster_arn(CLUSTER_ARN).send(),
    )
    .await
    .expect("presign GetCluster");
    let list = presign(fixed(900), client.list_clusters().max_results(5).send())
        .await
        .expect("presign ListClusters");
    let post = presign(
        fixed(3600),
        client
            .create_cluster_snapshot()
            .cluster_arn(CLUSTER_ARN)
            .snapshot_name("snap-1")
            .send(),
    )
    .await
    .expect("presign CreateClusterSnapshot");
    assert_eq!(server.request_count(), 0, "presigning sends nothing");

    assert_eq!(get.method(), "GET");
    let prefix = format!(
        "{}/cluster/arn%3Aaws%3Adocdb-elastic%3Aus-east-1%3A123456789012%3Acluster%2Fc1?X-Amz-Algorithm=AWS4-HMAC-SHA256&",
        server.url()
    );
    assert!(get.uri().starts_with(&prefix), "{}", get.uri());
    assert_eq!(
        param(get.uri(), "X-Amz-Credential"),
        Some("AKID%2F20240102%2Fus-east-1%2Fdocdb-elastic%2Faws4_request")
    );
    assert_eq!(param(get.uri(), "X-Amz-Expires"), Some("900"));
    assert_eq!(param(get.uri(), "X-Amz-SignedHeaders"), Some("host"));
    assert!(get.headers().is_empty() && get.body().is_empty());

    let list_prefix = format!("{}/clusters?maxResults=5&X-Amz-Algorithm=", server.url());
    assert!(list.uri().starts_with(&list_prefix), "{}", list.uri());

    assert_eq!(post.method(), "POST");
    assert_eq!(post.headers()["content-type"], "application/json");
    assert_eq!(
        param(post.uri(), "X-Amz-SignedHeaders"),
        Some("content-type%3Bhost")
    );
    let body: serde_json::Value = serde_json::from_slice(post.body()).unwrap();
    assert_eq!(
        body["snapshotName"], "snap-1",
        "the signed body is returned"
    );

    for presigned in [&get, &list, &post] {
        assert!(send_plain(presigned).await.starts_with("HTTP/1.1 200 "));
    }
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    for (seen, presigned) in seen.iter().zip([&get, &list, &post]) {
        assert_eq!(seen.method, presigned.method().as_str());
        let target = presigned.uri().strip_prefix(&server.url()).unwrap();
        assert_eq!(seen.target, target, "the server sees the presigned target");
        assert!(seen.header("authorization").is_none());
    }
    assert_eq!(seen[2].body, post.body().as_ref());
}

#[tokio::test]
async fn presigning_checks_the_input_first() {
    let server = FaultServer::start(vec![], Fault::json(200, "{}"))
        .await
        .expect("bind");
    let client = Client::from_conf(build_hermetic(base_config().endpoint_url(server.url())));
    let err = presign(fixed(60), client.get_cluster().send())
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("cluster_arn"), "{err:?}");
    assert_eq!(server.request_count(), 0);
}
