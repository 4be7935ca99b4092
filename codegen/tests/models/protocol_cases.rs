//! Behaviours that Smithy's protocol compliance tests found missing (run by `tests/compile.rs`
//! inside the crate generated from `protocol_cases.json`).

use protocolcases::{Client, Config};
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;
use smelt_runtime::types::{Blob, Document};

fn client(http: &TestClient) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

fn header(request: &http::Request<bytes::Bytes>, name: &str) -> Vec<String> {
    request
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("text header").to_string())
        .collect()
}

#[tokio::test]
async fn a_blob_payload_is_sent_with_its_media_type() {
    let http = TestClient::always(200, "");
    client(&http).put_text().body(Blob::new(b"hi".to_vec())).send().await.unwrap();
    let requests = http.requests();
    assert_eq!(header(&requests[0], "content-type"), ["text/plain"]);
}

#[tokio::test]
async fn a_header_member_wins_over_the_prefix_map_entry_of_its_name() {
    let http = TestClient::always(200, "");
    client(&http)
        .put_headers()
        .specific("There")
        .all("hello", "Hello")
        .all("other", "x")
        .send()
        .await
        .unwrap();
    let requests = http.requests();
    assert_eq!(header(&requests[0], "hello"), ["There"]);
    assert_eq!(header(&requests[0], "other"), ["x"]);
}

#[tokio::test]
async fn blob_and_document_defaults_fill_missing_output_members() {
    let http = TestClient::always(200, "{}");
    let out = client(&http).get_defaults().send().await.unwrap();
    assert_eq!(out.blob, Blob::new(b"abc".to_vec()));
    assert_eq!(out.document_string, Document::String("hi".to_string()));
    assert_eq!(out.document_boolean, Document::Bool(true));
    assert_eq!(out.document_false, Document::Bool(false));
    assert_eq!(out.document_list, Document::Array(Vec::new()));
    assert_eq!(out.document_map, Document::Object(Default::default()));
    assert_eq!(out.document_number, Document::from(1i64));
}
