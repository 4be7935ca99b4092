//! Requirement 2: required members are checked before any I/O.

use client_tests::docdb_client;
use docdb_elastic::types::Auth;
use docdb_elastic::{BuildError, SdkError};
use smelt_runtime::http::TestClient;

/// The `BuildError` behind a construction failure.
fn build_error<E: std::fmt::Debug>(err: &SdkError<E>) -> &BuildError {
    match err {
        SdkError::Construction(c) => c
            .source_error()
            .downcast_ref::<BuildError>()
            .unwrap_or_else(|| panic!("construction failure is not a BuildError: {c}")),
        other => panic!("expected SdkError::Construction, got {other:?}"),
    }
}

#[tokio::test]
async fn copy_cluster_snapshot_without_required_members() {
    // A response is queued so that a request, if one were sent, would succeed.
    let http = TestClient::always(200, "{}");
    let err = docdb_client(&http)
        .copy_cluster_snapshot()
        .kms_key_id("key-1")
        .send()
        .await
        .expect_err("required members are missing");
    let build = build_error(&err);
    assert_eq!(
        build.missing_member_names(),
        &["snapshot_arn", "target_snapshot_name"]
    );
    let message = err.to_string();
    assert!(message.contains("snapshot_arn"), "{message}");
    assert!(message.contains("target_snapshot_name"), "{message}");
    assert_eq!(
        message,
        "failed to construct request: missing required members `snapshot_arn`, `target_snapshot_name`"
    );
    assert!(err.raw_response().is_none());
    assert_eq!(http.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn only_the_missing_label_member_is_named() {
    let http = TestClient::always(200, "{}");
    let err = docdb_client(&http)
        .copy_cluster_snapshot()
        .target_snapshot_name("snap-2")
        .send()
        .await
        .expect_err("snapshot_arn is missing");
    assert_eq!(build_error(&err).missing_member_names(), &["snapshot_arn"]);
    assert_eq!(http.request_count(), 0);
}

#[tokio::test]
async fn empty_label_is_rejected_before_sending() {
    let http = TestClient::always(200, "{}");
    let err = docdb_client(&http)
        .copy_cluster_snapshot()
        .snapshot_arn("")
        .target_snapshot_name("snap-2")
        .send()
        .await
        .expect_err("an empty label would produce `/cluster-snapshot//copy`");
    assert_eq!(build_error(&err).invalid_member(), Some("snapshot_arn"));
    assert!(err.to_string().contains("snapshot_arn"), "{err}");
    assert_eq!(http.request_count(), 0);
}

#[tokio::test]
async fn body_only_required_member_is_checked() {
    // CreateCluster's required members are all body members (no labels).
    let http = TestClient::always(200, "{}");
    let err = docdb_client(&http)
        .create_cluster()
        .cluster_name("orders-db")
        .auth_type(Auth::PlainText)
        .admin_user_name("admin")
        .shard_capacity(2)
        .shard_count(1)
        .send()
        .await
        .expect_err("adminUserPassword is required");
    assert_eq!(
        build_error(&err).missing_member_names(),
        &["admin_user_password"]
    );
    assert_eq!(
        err.to_string(),
        "failed to construct request: missing required member `admin_user_password`"
    );
    assert_eq!(http.request_count(), 0);

    let err = docdb_client(&http)
        .create_cluster()
        .send()
        .await
        .expect_err("every required member is missing");
    assert_eq!(
        build_error(&err).missing_member_names(),
        &[
            "cluster_name",
            "auth_type",
            "admin_user_name",
            "admin_user_password",
            "shard_capacity",
            "shard_count"
        ]
    );
    assert_eq!(http.request_count(), 0);
}
