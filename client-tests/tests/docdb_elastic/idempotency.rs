//! Requirement 8: the CreateCluster idempotency token.

use client_tests::docdb_client;
use docdb_elastic::types::Auth;
use docdb_elastic::Client;
use smelt_runtime::http::TestClient;

const CREATED: &str = r#"{"cluster":{"clusterName":"orders-db","status":"CREATING"}}"#;

fn create(client: &Client) -> docdb_elastic::operation::create_cluster::CreateClusterFluentBuilder {
    client
        .create_cluster()
        .cluster_name("orders-db")
        .auth_type(Auth::PlainText)
        .admin_user_name("admin")
        .admin_user_password("correct horse battery")
        .shard_capacity(2)
        .shard_count(1)
}

fn body_of(http: &TestClient, index: usize) -> serde_json::Value {
    serde_json::from_slice(http.requests()[index].body()).expect("JSON body")
}

#[tokio::test]
async fn generated_token_when_unset() {
    let http = TestClient::always(200, CREATED);
    let client = docdb_client(&http);
    let out = create(&client).send().await.expect("created");
    assert_eq!(out.cluster.cluster_name, "orders-db");
    create(&client).send().await.expect("created again");

    let first = body_of(&http, 0);
    let token = first["clientToken"]
        .as_str()
        .expect("clientToken is a string");
    assert!(!token.is_empty());
    assert_eq!(token.len(), 36, "a UUID: {token}");
    assert_eq!(
        token.split('-').map(str::len).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12],
        "{token}"
    );
    let second = body_of(&http, 1);
    assert_ne!(
        second["clientToken"], first["clientToken"],
        "each call gets a fresh token"
    );
    // The rest of the body is what was set.
    let mut rest = first.clone();
    rest.as_object_mut().unwrap().remove("clientToken");
    assert_eq!(
        rest,
        serde_json::json!({
            "clusterName": "orders-db",
            "authType": "PLAIN_TEXT",
            "adminUserName": "admin",
            "adminUserPassword": "correct horse battery",
            "shardCapacity": 2,
            "shardCount": 1
        })
    );
    let req = &http.requests()[0];
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(req.uri().path(), "/cluster");
}

#[tokio::test]
async fn explicit_token_is_sent() {
    let http = TestClient::always(200, CREATED);
    create(&docdb_client(&http))
        .client_token("my-token-123")
        .send()
        .await
        .expect("created");
    assert_eq!(body_of(&http, 0)["clientToken"], "my-token-123");
}

#[tokio::test]
async fn retries_reuse_the_generated_token() {
    let http = TestClient::new()
        .with_response(
            500,
            &[("x-amzn-errortype", "InternalServerException")],
            r#"{"message":"try again"}"#,
        )
        .with_response(200, &[], CREATED);
    let client = client_tests::docdb_client_with_retry(&http, client_tests::fast_retries(2));
    create(&client)
        .send()
        .await
        .expect("second attempt succeeds");
    assert_eq!(http.request_count(), 2);
    let a = body_of(&http, 0);
    assert!(a["clientToken"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(a["clientToken"], body_of(&http, 1)["clientToken"]);
}

#[tokio::test]
async fn password_is_redacted_from_debug_output() {
    let builder = create(&Client::from_conf(client_tests::build_hermetic(
        client_tests::base_config().http_client(TestClient::new()),
    )));
    let shown = format!("{builder:?}");
    assert!(!shown.contains("correct horse battery"), "{shown}");
    assert!(shown.contains("orders-db"), "{shown}");
}
