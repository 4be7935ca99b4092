//! Requirement 5: hostile or broken response bodies give error values, never panics.

use crate::{CLUSTER_ARN, SNAPSHOT_ARN};
use client_tests::docdb_client;
use docdb_elastic::operation::get_cluster::{GetClusterError, GetClusterOutput};
use docdb_elastic::types::Status;
use docdb_elastic::SdkError;
use smelt_runtime::http::TestClient;

const VALID: &str = r#"{"cluster":{"clusterName":"c1","clusterArn":"arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c1","status":"ACTIVE","clusterEndpoint":"c1.example.com","createTime":"2024-01-01T00:00:00Z","adminUserName":"admin","authType":"PLAIN_TEXT","shardCapacity":2,"shardCount":3,"vpcSecurityGroupIds":["sg-1"],"subnetIds":["subnet-1","subnet-2"],"preferredMaintenanceWindow":"sun:01:00-sun:01:30","kmsKeyId":"AWS_OWNED_KMS_KEY","shards":[{"shardId":"s1","createTime":"t","status":"ACTIVE"}],"backupRetentionPeriod":1,"preferredBackupWindow":"02:00-02:30","shardInstanceCount":2}}"#;

/// Sends GetCluster against a single canned 200 response with `body`.
async fn get_cluster(
    body: impl Into<bytes::Bytes>,
) -> Result<GetClusterOutput, SdkError<GetClusterError>> {
    let http = TestClient::new().with_response(200, &[("content-type", "application/json")], body);
    let result = docdb_client(&http)
        .get_cluster()
        .cluster_arn(CLUSTER_ARN)
        .send()
        .await;
    assert_eq!(http.request_count(), 1);
    result
}

/// Asserts `result` is a response (parse) error that kept the raw 200 response and its body.
fn assert_response_error(
    what: &str,
    body: &[u8],
    result: Result<GetClusterOutput, SdkError<GetClusterError>>,
) {
    match result {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.raw().status(), 200, "{what}");
            assert!(e.raw().body().as_ref() == body, "{what}: raw body kept");
            let shown = e.to_string();
            assert!(
                shown.starts_with("failed to parse response (HTTP 200): "),
                "{what}: {shown}"
            );
        }
        Err(other) => panic!("{what}: expected SdkError::Response, got {other}"),
        Ok(out) => panic!("{what}: expected an error, got {out:?}"),
    }
}

#[tokio::test]
async fn valid_body_parses() {
    let out = get_cluster(VALID).await.expect("valid body");
    let c = &out.cluster;
    assert_eq!(c.cluster_name, "c1");
    assert_eq!(c.status, Status::Active);
    assert_eq!(c.shard_capacity, 2);
    assert_eq!(c.shard_count, 3);
    assert_eq!(c.subnet_ids, ["subnet-1", "subnet-2"]);
    assert_eq!(c.backup_retention_period, Some(1));
    assert_eq!(c.shard_instance_count, Some(2));
    assert_eq!(c.shards.as_ref().map(Vec::len), Some(1));
}

#[tokio::test]
async fn malformed_json_is_a_response_error() {
    let cases: &[&str] = &[
        "{",
        "}",
        "[]",
        "null",
        "42",
        "\"cluster\"",
        "nul",
        "<html><body>502 Bad Gateway</body></html>",
        r#"{"cluster":}"#,
        r#"{"cluster":{"clusterName":"a",}}"#,
        r#"{"cluster":{"clusterName":'a'}}"#,
        r#"{cluster:{}}"#,
        r#"{"cluster":{"clusterName":"a"}"#,
        r#"{"cluster":{}}}"#,
        r#"{"cluster":{}} {}"#,
        r#"{"cluster":{}},"#,
        r#"{"cluster" {}}"#,
        r#"{"cluster":{"clusterName":"a""status":"ACTIVE"}}"#,
        r#"{"cluster":{"shardCount":01}}"#,
        r#"{"cluster":{"shardCount":+1}}"#,
        r#"{"cluster":{"shardCount":1e400}}"#,
        r#"{"cluster":{"shardCount":NaN}}"#,
        r#"{"cluster":{"clusterName":"a\qb"}}"#,
        r#"{"cluster":{"clusterName":"\u12"}}"#,
        r#"{"cluster":{"clusterName":"\ud800"}}"#,
        r#"{"cluster":{"clusterName":"\udc00\ud800"}}"#,
        "{\"cluster\":{\"clusterName\":\"tab\there\"}}",
        "{\"cluster\":{\"clusterName\":\"line\nbreak\"}}",
        r#"{"cluster":{"unknown":[1,2,}}"#,
        r#"{"cluster":{"unknown":tru}}"#,
    ];
    for body in cases {
        assert_response_error(body, body.as_bytes(), get_cluster(*body).await);
    }
}

#[tokio::test]
async fn every_truncation_of_a_valid_body_is_handled() {
    let full = VALID.as_bytes();
    // The empty prefix is an empty body, which reads as `{}`.
    let out = get_cluster(bytes::Bytes::new()).await.expect("empty body");
    assert_eq!(out, GetClusterOutput::default());
    for len in 1..full.len() {
        let prefix = &full[..len];
        assert_response_error(
            &format!("prefix of {len} bytes"),
            prefix,
            get_cluster(bytes::Bytes::copy_from_slice(prefix)).await,
        );
    }
    let out = get_cluster(VALID).await.expect("the whole body");
    assert_eq!(out.cluster.cluster_name, "c1");
}

#[tokio::test]
async fn wrongly_typed_fields_are_a_response_error() {
    let cases: &[&str] = &[
        r#"{"cluster":{"clusterName":5}}"#,
        r#"{"cluster":{"clusterName":true}}"#,
        r#"{"cluster":{"clusterName":["c1"]}}"#,
        r#"{"cluster":{"clusterName":{"value":"c1"}}}"#,
        r#"{"cluster":{"status":7}}"#,
        r#"{"cluster":{"authType":false}}"#,
        r#"{"cluster":{"shardCount":"3"}}"#,
        r#"{"cluster":{"shardCount":1.5}}"#,
        r#"{"cluster":{"shardCount":99999999999}}"#,
        r#"{"cluster":{"shardCount":-2147483649}}"#,
        r#"{"cluster":{"backupRetentionPeriod":true}}"#,
        r#"{"cluster":{"subnetIds":"subnet-1"}}"#,
        r#"{"cluster":{"subnetIds":[1,2]}}"#,
        r#"{"cluster":{"shards":{}}}"#,
        r#"{"cluster":{"shards":[{"shardId":9}]}}"#,
        r#"{"cluster":{"shards":["s1"]}}"#,
        r#"{"cluster":[]}"#,
        r#"{"cluster":"c1"}"#,
        r#"{"cluster":1}"#,
    ];
    for body in cases {
        assert_response_error(body, body.as_bytes(), get_cluster(*body).await);
    }
}

#[tokio::test]
async fn valid_but_unusual_json_is_accepted() {
    // Nulls leave members at their defaults.
    let out = get_cluster(r#"{"cluster":{"clusterName":null,"shards":null,"shardCount":null}}"#)
        .await
        .expect("nulls");
    assert_eq!(out.cluster.cluster_name, "");
    assert_eq!(out.cluster.shards, None);
    assert_eq!(out.cluster.shard_count, 0);

    // Unknown members of any shape are skipped; duplicate keys keep the last value.
    let out = get_cluster(
        r#" {"extra":{"a":[1,-2.5e3,true,null,{"b":"\u00e9\ud83d\ude00"}]},
             "cluster":{"clusterName":"first","clusterName":"second","shardCount":-0,
                        "status":"ACTIVE","new":[[[]]]}} "#,
    )
    .await
    .expect("unusual but valid");
    assert_eq!(out.cluster.cluster_name, "second");
    assert_eq!(out.cluster.shard_count, 0);
    assert_eq!(out.cluster.status, Status::Active);

    // Escapes are decoded, including surrogate pairs; a UTF-8 byte-order mark is ignored.
    let out = get_cluster(
        "\u{feff}{\"cluster\":{\"clusterName\":\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\n\"}}",
    )
    .await
    .expect("escapes");
    assert_eq!(out.cluster.cluster_name, "a\"b\\c/d\u{e9}\u{1F600}\n");

    // Raw multi-byte UTF-8 is fine.
    let out = get_cluster("{\"cluster\":{\"clusterName\":\"clúster-ß-日本\"}}")
        .await
        .expect("utf-8");
    assert_eq!(out.cluster.cluster_name, "clúster-ß-日本");
}

#[tokio::test]
async fn empty_body_gives_defaults() {
    for body in ["", " ", "\r\n\t "] {
        let out = get_cluster(body).await.expect("empty 200 body");
        assert_eq!(out, GetClusterOutput::default(), "{body:?}");
        assert_eq!(out.cluster.cluster_name, "");
        assert_eq!(out.cluster.status, Status::Unknown(String::new()));
        assert_eq!(out.cluster.shards, None);
    }
    // Another operation with an output.
    let http = TestClient::new().with_response(200, &[], "");
    let out = docdb_client(&http)
        .copy_cluster_snapshot()
        .snapshot_arn(SNAPSHOT_ARN)
        .target_snapshot_name("snap-2")
        .send()
        .await
        .expect("empty 200 body");
    assert_eq!(out.snapshot.snapshot_name, "");
    assert_eq!(out.snapshot.snapshot_type, None);
    // An operation whose output is only a list.
    let http = TestClient::new().with_response(200, &[], "");
    let out = docdb_client(&http)
        .list_clusters()
        .send()
        .await
        .expect("empty 200 body");
    assert_eq!(out.clusters, None);
    assert_eq!(out.next_token, None);
}

#[tokio::test]
async fn deeply_nested_json_is_a_response_error() {
    // Far beyond any sane depth, in a skipped member: the parser must not recurse unboundedly.
    let depth = 100_000;
    let body = format!(
        r#"{{"cluster":{{"unknown":{}{}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert_response_error(
        "100k nested arrays",
        body.as_bytes(),
        get_cluster(body.clone()).await,
    );

    let body = format!(
        r#"{{"cluster":{{"unknown":{}1{}}}}}"#,
        r#"{"a":"#.repeat(depth),
        "}".repeat(depth)
    );
    assert_response_error(
        "100k nested objects",
        body.as_bytes(),
        get_cluster(body.clone()).await,
    );

    // Modest nesting (well within the reader's limit) in a skipped member is fine.
    let body = format!(
        r#"{{"cluster":{{"clusterName":"c1","unknown":{}{}}}}}"#,
        "[".repeat(50),
        "]".repeat(50)
    );
    let out = get_cluster(body).await.expect("50 levels");
    assert_eq!(out.cluster.cluster_name, "c1");
}

#[tokio::test]
async fn huge_bodies_are_handled() {
    // 20 MB of `[`: as the whole body, and inside a skipped member.
    let brackets = "[".repeat(20 * 1024 * 1024);
    assert_response_error(
        "20 MB of [",
        brackets.as_bytes(),
        get_cluster(brackets.clone()).await,
    );
    let body = format!(r#"{{"cluster":{{"x":{brackets}"#);
    assert_response_error(
        "20 MB of [ in a member",
        body.as_bytes(),
        get_cluster(body.clone()).await,
    );
    drop(brackets);

    // A 10 MB string is valid JSON: it is parsed whole.
    let long = "a".repeat(10 * 1024 * 1024);
    let body = format!(r#"{{"cluster":{{"clusterName":"{long}","status":"ACTIVE"}}}}"#);
    let out = get_cluster(body).await.expect("a long string is valid");
    assert_eq!(out.cluster.cluster_name.len(), long.len());
    assert!(out.cluster.cluster_name == long);
    assert_eq!(out.cluster.status, Status::Active);

    // The same string, unterminated.
    let body = format!(r#"{{"cluster":{{"clusterName":"{long}"#);
    assert_response_error(
        "10 MB unterminated string",
        body.as_bytes(),
        get_cluster(body.clone()).await,
    );

    // A 10 MB number.
    let body = format!(
        r#"{{"cluster":{{"shardCount":{}}}}}"#,
        "9".repeat(10 * 1024 * 1024)
    );
    assert_response_error(
        "10 MB number",
        body.as_bytes(),
        get_cluster(body.clone()).await,
    );

    // A million list elements.
    let items = vec![r#""subnet""#; 1_000_000].join(",");
    let body = format!(r#"{{"cluster":{{"subnetIds":[{items}]}}}}"#);
    let out = get_cluster(body).await.expect("long list");
    assert_eq!(out.cluster.subnet_ids.len(), 1_000_000);
}

#[tokio::test]
async fn invalid_utf8_is_a_response_error() {
    let cases: &[&[u8]] = &[
        b"{\"cluster\":{\"clusterName\":\"\xff\xfe\"}}",
        b"{\"cluster\":{\"clusterName\":\"abc\xc3\"}}",
        b"{\"cluster\":{\"clusterName\":\"\xc0\xaf\"}}",
        b"{\"cluster\":{\"clusterName\":\"\xed\xa0\x80\"}}",
        b"{\"cluster\":{\"clusterName\":\"\xf4\x90\x80\x80\"}}",
        b"{\"cluster\":{\"clusterName\":\"\\n\xff\"}}",
        b"{\"cluster\":{\"cluster\xffName\":\"c1\"}}",
        b"{\"cluster\":{\"unknown\":\"\xff\"}}",
        b"{\"cluster\":{\"unknown\":[\"\xfe\"]}}",
        b"{\"cluster\":\xff}",
        b"\xff\xfe{\"cluster\":{}}",
        b"\xef\xbb{\"cluster\":{}}",
    ];
    for body in cases {
        let what = String::from_utf8_lossy(body).into_owned();
        assert_response_error(
            &what,
            body,
            get_cluster(bytes::Bytes::copy_from_slice(body)).await,
        );
    }
}

#[tokio::test]
async fn hostile_error_bodies_give_error_values() {
    // An HTML error page from a proxy: no code, so an unhandled service error with the status.
    let http = TestClient::new()
        .with_response(
            502,
            &[("content-type", "text/html")],
            "<html>Bad Gateway</html>",
        )
        .with_response(400, &[], "[".repeat(1024 * 1024))
        .with_response(400, &[], &b"{\"__type\":\"\xff\",\"message\":\"m\"}"[..])
        .with_response(403, &[], r#"{"__type":5,"message":["x"]}"#);
    let client = docdb_client(&http);
    let expect_unhandled = |err: SdkError<GetClusterError>, status: u16| match err {
        SdkError::Service(e) => match e.err() {
            GetClusterError::Unhandled(u) => {
                assert_eq!(u.status(), status);
                assert_eq!(u.code(), None);
                assert_eq!(u.message(), None);
            }
            other => panic!("expected Unhandled, got {other:?}"),
        },
        other => panic!("expected a service error, got {other:?}"),
    };
    for status in [502, 400, 400, 403] {
        let err = client
            .get_cluster()
            .cluster_arn(CLUSTER_ARN)
            .send()
            .await
            .expect_err("error status");
        expect_unhandled(err, status);
    }

    // A modeled code with a body that is not JSON: the error keeps its code as `Unhandled`,
    // with the parse failure as its source.
    let http = TestClient::new().with_response(
        400,
        &[("x-amzn-errortype", "ValidationException")],
        "not json",
    );
    let err = docdb_client(&http)
        .get_cluster()
        .cluster_arn(CLUSTER_ARN)
        .send()
        .await
        .expect_err("error status");
    match err {
        SdkError::Service(e) => match e.err() {
            GetClusterError::Unhandled(u) => {
                assert_eq!(u.status(), 400);
                assert_eq!(u.code(), Some("ValidationException"));
                assert!(
                    std::error::Error::source(u).is_some(),
                    "the parse failure is kept"
                );
            }
            other => panic!("expected Unhandled, got {other:?}"),
        },
        other => panic!("expected a service error, got {other:?}"),
    }
}
