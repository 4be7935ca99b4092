//! Requirement 4: modeled errors of CopyClusterSnapshot, from the header or the body `__type`;
//! unmodeled errors; retries of throttling errors.

use crate::SNAPSHOT_ARN;
use client_tests::{docdb_client, docdb_client_with_retry, fast_retries};
use docdb_elastic::operation::copy_cluster_snapshot::{
    CopyClusterSnapshotError, CopyClusterSnapshotOutput,
};
use docdb_elastic::types::ValidationExceptionReason;
use docdb_elastic::{Client, SdkError};
use smelt_runtime::http::TestClient;

/// The seven modeled errors with the HTTP status the model binds them to.
const MODELED: [(&str, u16); 7] = [
    ("ThrottlingException", 429),
    ("ValidationException", 400),
    ("ServiceQuotaExceededException", 402),
    ("ConflictException", 409),
    ("InternalServerException", 500),
    ("ResourceNotFoundException", 404),
    ("AccessDeniedException", 403),
];

/// The names of the `is_*` predicates that hold for `e`.
fn predicates(e: &CopyClusterSnapshotError) -> Vec<&'static str> {
    let all: [(&str, bool); 7] = [
        ("ThrottlingException", e.is_throttling_exception()),
        ("ValidationException", e.is_validation_exception()),
        (
            "ServiceQuotaExceededException",
            e.is_service_quota_exceeded_exception(),
        ),
        ("ConflictException", e.is_conflict_exception()),
        ("InternalServerException", e.is_internal_server_exception()),
        (
            "ResourceNotFoundException",
            e.is_resource_not_found_exception(),
        ),
        ("AccessDeniedException", e.is_access_denied_exception()),
    ];
    all.iter().filter(|(_, on)| *on).map(|(n, _)| *n).collect()
}

async fn copy(
    client: &Client,
) -> Result<CopyClusterSnapshotOutput, SdkError<CopyClusterSnapshotError>> {
    client
        .copy_cluster_snapshot()
        .snapshot_arn(SNAPSHOT_ARN)
        .target_snapshot_name("snap-2")
        .send()
        .await
}

fn service_error(err: &SdkError<CopyClusterSnapshotError>) -> &CopyClusterSnapshotError {
    err.as_service_error()
        .unwrap_or_else(|| panic!("expected SdkError::Service, got {err:?}"))
}

/// Checks one modeled error response, however its code was conveyed.
async fn check_modeled(code: &str, status: u16, headers: &[(&str, &str)], body: String) {
    let message = format!("message for {code}");
    let http = TestClient::new().with_response(status, headers, body);
    let err = copy(&docdb_client(&http))
        .await
        .expect_err("an error status");
    assert_eq!(http.request_count(), 1, "{code}: retries are disabled");
    let e = service_error(&err);
    assert_eq!(predicates(e), [code], "exactly the right is_*() holds");
    assert_eq!(e.code(), Some(code));
    assert!(
        !matches!(e, CopyClusterSnapshotError::Unhandled(_)),
        "{code} is modeled"
    );
    let shown = e.to_string();
    assert!(shown.contains(&message), "{code}: Display `{shown}`");
    assert!(shown.contains(code), "{code}: Display `{shown}`");
    assert!(
        err.to_string().contains(&message),
        "SdkError Display: {err}"
    );
    let raw = err
        .raw_response()
        .expect("service errors keep the response");
    assert_eq!(raw.status().as_u16(), status);
    assert_eq!(
        raw.headers()["x-amzn-requestid"],
        "req-1",
        "the request id stays reachable through the raw response"
    );
    let meta = err
        .service_meta()
        .expect("service errors keep their metadata");
    assert_eq!(meta.code(), Some(code), "metadata code of a modeled error");
    assert_eq!(meta.request_id(), Some("req-1"));
    assert_eq!(meta.message(), Some(message.as_str()));
    assert_eq!(meta.status(), status);
    let source = std::error::Error::source(&err).expect("SdkError has a source");
    assert!(source.to_string().contains(&message));
}

#[tokio::test]
async fn modeled_errors_from_the_errortype_header() {
    for (code, status) in MODELED {
        let body = format!(r#"{{"message":"message for {code}"}}"#);
        let headers = [
            ("content-type", "application/json"),
            ("X-Amzn-Errortype", code),
            ("x-amzn-requestid", "req-1"),
        ];
        check_modeled(code, status, &headers, body).await;
    }
}

#[tokio::test]
async fn modeled_errors_from_the_errortype_header_with_a_suffix() {
    for (code, status) in MODELED {
        let body = format!(r#"{{"message":"message for {code}"}}"#);
        let header = format!("{code}:http://internal.amazon.com/coral/com.amazonaws.docdbelastic/");
        let headers = [
            ("X-Amzn-Errortype", header.as_str()),
            ("x-amzn-requestid", "req-1"),
        ];
        check_modeled(code, status, &headers, body).await;
    }
}

#[tokio::test]
async fn modeled_errors_from_the_body_type() {
    for (code, status) in MODELED {
        let body = format!(
            r#"{{"__type":"com.amazonaws.docdbelastic#{code}:http://internal.amazon.com/coral/com.amazonaws.docdbelastic/","message":"message for {code}"}}"#
        );
        let headers = [
            ("content-type", "application/json"),
            ("x-amzn-requestid", "req-1"),
        ];
        check_modeled(code, status, &headers, body).await;
    }
}

/// The header wins over the body when both name a code.
#[tokio::test]
async fn header_code_takes_precedence_over_body_type() {
    let http = TestClient::new().with_response(
        409,
        &[("x-amzn-errortype", "ConflictException")],
        r#"{"__type":"com.amazonaws.docdbelastic#ValidationException","message":"m"}"#,
    );
    let err = copy(&docdb_client(&http)).await.unwrap_err();
    assert!(service_error(&err).is_conflict_exception(), "{err:?}");
}

/// Error members beyond `message` are parsed.
#[tokio::test]
async fn modeled_error_members_are_parsed() {
    let http = TestClient::new()
        .with_response(
            409,
            &[("x-amzn-errortype", "ConflictException")],
            r#"{"message":"busy","resourceId":"snap-2","resourceType":"cluster-snapshot"}"#,
        )
        .with_response(
            400,
            &[("x-amzn-errortype", "ValidationException")],
            r#"{"message":"bad","reason":"fieldValidationFailed",
                "fieldList":[{"name":"targetSnapshotName","message":"too long"}]}"#,
        )
        .with_response(
            429,
            &[
                ("x-amzn-errortype", "ThrottlingException"),
                ("retry-after", "7"),
            ],
            r#"{"message":"slow down"}"#,
        );
    let client = docdb_client(&http);

    let err = copy(&client).await.unwrap_err();
    match service_error(&err) {
        CopyClusterSnapshotError::ConflictException(c) => {
            assert_eq!(c.message, "busy");
            assert_eq!(c.resource_id, "snap-2");
            assert_eq!(c.resource_type, "cluster-snapshot");
        }
        other => panic!("expected ConflictException, got {other:?}"),
    }

    let err = copy(&client).await.unwrap_err();
    match service_error(&err) {
        CopyClusterSnapshotError::ValidationException(v) => {
            assert_eq!(v.message, "bad");
            assert_eq!(v.reason, ValidationExceptionReason::FieldValidationFailed);
            let fields = v.field_list.as_ref().expect("fieldList");
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].name, "targetSnapshotName");
            assert_eq!(fields[0].message, "too long");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    let err = copy(&client).await.unwrap_err();
    match service_error(&err) {
        CopyClusterSnapshotError::ThrottlingException(t) => {
            assert_eq!(t.message, "slow down");
            assert_eq!(
                t.retry_after_seconds,
                Some(7),
                "bound to the Retry-After header"
            );
        }
        other => panic!("expected ThrottlingException, got {other:?}"),
    }
}

/// `Retry-After` may legally be an HTTP-date (RFC 9110 §10.2.3). A header the client cannot
/// read as seconds should not hide the fact that the service throttled the call.
#[tokio::test]
async fn throttling_with_http_date_retry_after_is_still_throttling() {
    let http = TestClient::new().with_response(
        429,
        &[
            ("x-amzn-errortype", "ThrottlingException"),
            ("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
        ],
        r#"{"message":"slow down"}"#,
    );
    let err = copy(&docdb_client(&http)).await.unwrap_err();
    let e = service_error(&err);
    assert_eq!(e.code(), Some("ThrottlingException"));
    match e {
        CopyClusterSnapshotError::ThrottlingException(t) => assert_eq!(t.retry_after_seconds, None),
        other => panic!("expected ThrottlingException, got {other:?}"),
    }
}

#[tokio::test]
async fn unmodeled_error_is_unhandled_with_its_metadata() {
    let http = TestClient::new().with_response(
        400,
        &[
            ("x-amzn-errortype", "BrandNewException"),
            ("x-amzn-requestid", "req-42"),
        ],
        r#"{"message":"something new went wrong"}"#,
    );
    let err = copy(&docdb_client(&http)).await.unwrap_err();
    let e = service_error(&err);
    assert!(predicates(e).is_empty());
    assert_eq!(e.code(), Some("BrandNewException"));
    match e {
        CopyClusterSnapshotError::Unhandled(u) => {
            assert_eq!(u.code(), Some("BrandNewException"));
            assert_eq!(u.message(), Some("something new went wrong"));
            assert_eq!(u.status(), 400);
            assert_eq!(u.request_id(), Some("req-42"));
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    assert_eq!(e.to_string(), "BrandNewException: something new went wrong");
    assert_eq!(
        err.to_string(),
        "BrandNewException: something new went wrong"
    );
}

#[tokio::test]
async fn unmodeled_error_from_body_code_and_without_any_code() {
    let http = TestClient::new()
        .with_response(
            403,
            &[("x-amz-request-id", "req-7")],
            r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"bad token"}"#,
        )
        .with_response(404, &[], "");
    let client = docdb_client(&http);

    let err = copy(&client).await.unwrap_err();
    match service_error(&err) {
        CopyClusterSnapshotError::Unhandled(u) => {
            assert_eq!(u.code(), Some("UnrecognizedClientException"));
            assert_eq!(u.message(), Some("bad token"));
            assert_eq!(u.status(), 403);
            assert_eq!(u.request_id(), Some("req-7"));
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }

    let err = copy(&client).await.unwrap_err();
    match service_error(&err) {
        CopyClusterSnapshotError::Unhandled(u) => {
            assert_eq!(u.code(), None);
            assert_eq!(u.message(), None);
            assert_eq!(u.status(), 404);
            assert_eq!(u.to_string(), "unhandled error (HTTP 404)");
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds() {
    let http = TestClient::new()
        .with_response(
            429,
            &[("x-amzn-errortype", "ThrottlingException")],
            r#"{"message":"slow down"}"#,
        )
        .with_response(
            500,
            &[("x-amzn-errortype", "InternalServerException")],
            r#"{"message":"oops"}"#,
        )
        .with_response(200, &[], r#"{"snapshot":{"snapshotName":"snap-2"}}"#);
    let client = docdb_client_with_retry(&http, fast_retries(3));
    let out = copy(&client).await.expect("third attempt succeeds");
    assert_eq!(out.snapshot.snapshot_name, "snap-2");
    let requests = http.requests();
    assert_eq!(requests.len(), 3, "two retries");
    for r in &requests {
        assert_eq!(r.uri(), requests[0].uri());
        assert_eq!(
            r.body(),
            requests[0].body(),
            "each attempt sends the same body"
        );
        assert!(
            r.headers().contains_key("authorization"),
            "each attempt is signed"
        );
    }
}

#[tokio::test]
async fn throttling_exhausts_the_attempts() {
    let http = TestClient::always(429, r#"{"__type":"ThrottlingException","message":"slow"}"#);
    let client = docdb_client_with_retry(&http, fast_retries(4));
    let err = copy(&client).await.unwrap_err();
    assert!(service_error(&err).is_throttling_exception(), "{err:?}");
    assert_eq!(http.request_count(), 4, "max attempts, first try included");
}

#[tokio::test]
async fn non_retryable_errors_are_not_retried() {
    let http = TestClient::always(409, r#"{"__type":"ConflictException","message":"busy"}"#);
    let client = docdb_client_with_retry(&http, fast_retries(5));
    let err = copy(&client).await.unwrap_err();
    assert!(service_error(&err).is_conflict_exception());
    assert_eq!(http.request_count(), 1);
}
