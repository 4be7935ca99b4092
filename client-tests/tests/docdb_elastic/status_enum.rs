//! Requirement 3: every `Status` value round-trips through a response; unknown values survive.

use crate::CLUSTER_ARN;
use client_tests::docdb_client;
use docdb_elastic::types::Status;
use smelt_runtime::http::TestClient;
use std::collections::BTreeSet;

/// The values of the `Status` enum as written in the Smithy JSON model (IDL 1 `smithy.api#enum`
/// trait on a string shape, or an IDL 2 `enum` shape).
fn model_status_values() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../codegen/tests/reference/docdb-elastic.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let model: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
    let shapes = model["shapes"].as_object().expect("model has shapes");
    let (_, shape) = shapes
        .iter()
        .find(|(id, _)| id.ends_with("#Status"))
        .expect("model has a Status shape");
    match shape["type"].as_str() {
        Some("enum") => shape["members"]
            .as_object()
            .expect("enum members")
            .iter()
            .map(|(name, member)| {
                member["traits"]["smithy.api#enumValue"]
                    .as_str()
                    .unwrap_or(name)
                    .to_string()
            })
            .collect(),
        Some("string") => shape["traits"]["smithy.api#enum"]
            .as_array()
            .expect("smithy.api#enum trait")
            .iter()
            .map(|def| def["value"].as_str().expect("enum value").to_string())
            .collect(),
        other => panic!("unexpected Status shape type {other:?}"),
    }
}

fn cluster_body(status: &str) -> String {
    format!(
        r#"{{"cluster":{{"clusterName":"c1","clusterArn":"{CLUSTER_ARN}","status":"{status}",
            "shards":[{{"shardId":"s1","createTime":"t","status":"{status}"}}]}}}}"#
    )
}

#[tokio::test]
async fn every_status_round_trips_through_get_cluster() {
    let model_values = model_status_values();
    let values = Status::values();
    assert!(values.len() > 20, "Status has {} values", values.len());
    assert_eq!(
        values.len(),
        model_values.len(),
        "one variant per model value"
    );
    assert_eq!(
        values
            .iter()
            .map(|v| v.to_string())
            .collect::<BTreeSet<_>>(),
        model_values.iter().cloned().collect::<BTreeSet<_>>(),
        "the crate knows exactly the model's values"
    );

    let http = TestClient::new();
    for v in values {
        http.push_response(
            http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(bytes::Bytes::from(cluster_body(v)))
                .unwrap(),
        );
    }
    let client = docdb_client(&http);
    let mut variants = BTreeSet::new();
    for v in values {
        let out = client
            .get_cluster()
            .cluster_arn(CLUSTER_ARN)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GetCluster with status {v}: {e}"));
        let status = out.cluster.status;
        assert!(
            !matches!(status, Status::Unknown(_)),
            "{v} parsed as {status:?}"
        );
        assert_eq!(status.as_str(), *v);
        assert_eq!(status, Status::from(*v));
        assert_eq!(status.to_string(), *v);
        let shards = out.cluster.shards.expect("shards");
        assert_eq!(shards[0].status, status);
        variants.insert(status);
    }
    assert_eq!(
        variants.len(),
        values.len(),
        "every value is a distinct variant"
    );
    assert_eq!(http.request_count(), values.len());
}

#[tokio::test]
async fn unknown_status_is_kept_verbatim() {
    let http = TestClient::new().with_response(200, &[], cluster_body("SOMETHING_NEW"));
    let out = docdb_client(&http)
        .get_cluster()
        .cluster_arn(CLUSTER_ARN)
        .send()
        .await
        .expect("an unknown enum value is not an error");
    assert_eq!(
        out.cluster.status,
        Status::Unknown("SOMETHING_NEW".to_string())
    );
    assert_eq!(out.cluster.status.as_str(), "SOMETHING_NEW");
    assert_eq!(Status::from("SOMETHING_NEW").as_str(), "SOMETHING_NEW");
    // Enum matching is exact: a lower-case spelling is not the known value.
    assert_eq!(Status::from("active"), Status::Unknown("active".into()));
}
