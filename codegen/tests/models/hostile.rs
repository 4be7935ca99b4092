//! Behaviour of the crate generated from `hostile.json` (run by `tests/compile.rs`): sparse
//! collections on the wire and in paginators, and pattern checks translated from ECMA-262.

use hostileservice::{Client, Config, SdkError};
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;

fn client(http: &TestClient, validate: bool) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        .validate_constraints(validate)
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

#[tokio::test]
async fn items_of_a_sparse_list_skip_the_nulls() {
    let http = TestClient::new()
        .with_response(200, &[], r#"{"nextToken":"t","items":[{"add":"a"},null]}"#)
        .with_response(200, &[], r#"{"items":[null,{"add":"b"}]}"#);
    let items = client(&http, false)
        .list_sparse()
        .into_items()
        .collect()
        .await
        .expect("two pages");
    let names: Vec<_> = items.iter().map(|i| i.add.as_deref()).collect();
    assert_eq!(names, [Some("a"), Some("b")]);
}

#[tokio::test]
async fn sparse_lists_and_maps_keep_their_nulls_on_the_wire_and_in_debug() {
    let http = TestClient::new().with_response(200, &[], r#"{"sparseList":["x",null],"sparseMap":{"n":null}}"#);
    let out = client(&http, false)
        .everything()
        .sparse_list(Some("a".to_string()))
        .sparse_list(None)
        .sparse_map("k", None)
        .send()
        .await
        .expect("sent");
    let body = String::from_utf8_lossy(http.requests()[0].body()).to_string();
    assert!(body.contains(r#""sparseList":["a",null]"#), "{body}");
    assert!(body.contains(r#""sparseMap":{"k":null}"#), "{body}");
    assert_eq!(out.sparse_list, Some(vec![Some("x".to_string()), None]));
    assert_eq!(out.sparse_map.as_ref().and_then(|m| m.get("n")), Some(&None));
    assert!(format!("{out:?}").contains("None"), "{out:?}");
}

#[tokio::test]
async fn translated_patterns_are_enforced_when_asked() {
    let http = TestClient::always(200, "{}");
    let ok = client(&http, true)
        .everything()
        .unicode("Zoë 42 x/y=z")
        .surrogates("emoji 😀")
        .look_ahead("aws:anything")
        .send()
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    let err = client(&http, true)
        .everything()
        .unicode("semi;colon")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(err.to_string().contains("unicode") || format!("{err:?}").contains("unicode"), "{err:?}");
    // Validation stays opt-in.
    let off = client(&http, false).everything().unicode("semi;colon").send().await;
    assert!(off.is_ok(), "{off:?}");
}
