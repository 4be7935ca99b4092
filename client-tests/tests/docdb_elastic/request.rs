//! Requirement 1: the CopyClusterSnapshot request on the wire, and its parsed output.

use crate::SNAPSHOT_ARN;
use client_tests::{docdb_client, header, json_once};
use docdb_elastic::types::{SnapshotType, Status};

const SNAPSHOT_BODY: &str = r#"{
  "snapshot": {
    "subnetIds": ["subnet-1", "subnet-2"],
    "snapshotName": "snap-2",
    "snapshotArn": "arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc/copy",
    "snapshotCreationTime": "2024-03-01T10:20:30Z",
    "clusterArn": "arn:aws:docdb-elastic:us-east-1:123456789012:cluster/c1",
    "clusterCreationTime": "2023-11-14T22:13:20Z",
    "status": "COPYING",
    "vpcSecurityGroupIds": ["sg-1"],
    "adminUserName": "admin",
    "kmsKeyId": "key-1",
    "snapshotType": "MANUAL",
    "someFutureMember": {"nested": [1, 2, {"x": null}]}
  }
}"#;

#[tokio::test]
async fn copy_cluster_snapshot_request_and_output() {
    let http = json_once(200, SNAPSHOT_BODY);
    let client = docdb_client(&http);
    let out = client
        .copy_cluster_snapshot()
        .snapshot_arn(SNAPSHOT_ARN)
        .target_snapshot_name("snap-2")
        .kms_key_id("key-1")
        .copy_tags(true)
        .tags("k", "v")
        .send()
        .await
        .expect("CopyClusterSnapshot succeeds");

    // --- The request ---
    let requests = http.requests();
    assert_eq!(requests.len(), 1, "exactly one request is sent");
    let req = &requests[0];
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(
        req.uri().path(),
        "/cluster-snapshot/arn%3Aaws%3Adocdb-elastic%3Aus-east-1%3A123456789012%3Acluster-snapshot%2Fabc%2Fdef/copy"
    );
    assert_eq!(req.uri().query(), None);
    assert_eq!(req.uri().scheme_str(), Some("https"));
    assert_eq!(
        req.uri().host(),
        Some("docdb-elastic.us-east-1.amazonaws.com")
    );
    assert_eq!(header(req, "host"), "docdb-elastic.us-east-1.amazonaws.com");
    assert_eq!(header(req, "content-type"), "application/json");
    assert_eq!(
        header(req, "content-length"),
        req.body().len().to_string(),
        "Content-Length matches the body"
    );
    assert!(
        header(req, "user-agent").contains("DocDB-Elastic/2022-11-28"),
        "user agent names the service and API version: {}",
        header(req, "user-agent")
    );

    let body: serde_json::Value = serde_json::from_slice(req.body()).expect("body is JSON");
    assert_eq!(
        body,
        serde_json::json!({
            "copyTags": true,
            "kmsKeyId": "key-1",
            "tags": {"k": "v"},
            "targetSnapshotName": "snap-2"
        }),
        "the label member snapshotArn is in the path, not the body"
    );

    // --- SigV4 ---
    let auth = header(req, "authorization");
    let amz_date = header(req, "x-amz-date");
    assert_eq!(
        amz_date.len(),
        16,
        "x-amz-date is YYYYMMDDTHHMMSSZ: {amz_date}"
    );
    assert!(amz_date.ends_with('Z') && amz_date.as_bytes()[8] == b'T');
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 Credential=AKID/")
        .unwrap_or_else(|| panic!("unexpected Authorization: {auth}"));
    let (scope_tail, params) = rest
        .split_once(", ")
        .expect("credential, then other params");
    let (date, scope) = scope_tail.split_at(8);
    assert_eq!(
        date,
        &amz_date[..8],
        "credential scope date is the request date"
    );
    assert_eq!(scope, "/us-east-1/docdb-elastic/aws4_request");
    let signed_headers = params
        .split(", ")
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .expect("SignedHeaders");
    for h in ["content-type", "host", "x-amz-date"] {
        assert!(
            signed_headers.split(';').any(|s| s == h),
            "`{h}` is signed: {signed_headers}"
        );
    }
    let signature = params
        .split(", ")
        .find_map(|p| p.strip_prefix("Signature="))
        .expect("Signature");
    assert_eq!(signature.len(), 64);
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(
        req.headers().get("x-amz-security-token").is_none(),
        "no session token was given"
    );

    // --- The parsed output ---
    let snap = &out.snapshot;
    assert_eq!(snap.snapshot_name, "snap-2");
    assert_eq!(
        snap.snapshot_arn,
        "arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc/copy"
    );
    assert_eq!(snap.subnet_ids, ["subnet-1", "subnet-2"]);
    assert_eq!(snap.vpc_security_group_ids, ["sg-1"]);
    assert_eq!(snap.admin_user_name, "admin");
    assert_eq!(snap.kms_key_id, "key-1");
    assert_eq!(snap.status, Status::Copying);
    assert_eq!(snap.snapshot_type, Some(SnapshotType::Manual));
    // The model types the creation times as plain strings (smithy.api#String), not timestamps:
    // they come through verbatim.
    assert_eq!(snap.cluster_creation_time, "2023-11-14T22:13:20Z");
    assert_eq!(snap.snapshot_creation_time, "2024-03-01T10:20:30Z");
}

/// The model types `clusterCreationTime` as a string, so an epoch-seconds number in its place is
/// a type mismatch: the call fails with a response error rather than guessing.
#[tokio::test]
async fn creation_time_as_epoch_number_is_a_response_error() {
    let body = r#"{"snapshot":{"snapshotName":"s","clusterCreationTime":1700000000}}"#;
    let http = json_once(200, body);
    let err = docdb_client(&http)
        .copy_cluster_snapshot()
        .snapshot_arn(SNAPSHOT_ARN)
        .target_snapshot_name("snap-2")
        .send()
        .await
        .expect_err("a number where the model has a string");
    match &err {
        docdb_elastic::SdkError::Response(e) => {
            assert_eq!(e.raw().status(), 200);
            assert_eq!(e.raw().body().as_ref(), body.as_bytes());
        }
        other => panic!("expected SdkError::Response, got {other:?}"),
    }
}

/// Optional members left unset are omitted from the body, not sent as `null`.
#[tokio::test]
async fn unset_optional_members_are_omitted() {
    let http = json_once(200, SNAPSHOT_BODY);
    docdb_client(&http)
        .copy_cluster_snapshot()
        .snapshot_arn("plain-id")
        .target_snapshot_name("snap-3")
        .send()
        .await
        .expect("succeeds");
    let req = &http.requests()[0];
    assert_eq!(req.uri().path(), "/cluster-snapshot/plain-id/copy");
    let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
    assert_eq!(body, serde_json::json!({"targetSnapshotName": "snap-3"}));
}
