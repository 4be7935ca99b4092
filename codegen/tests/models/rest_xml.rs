//! Behaviour of a generated restXml client (run by `tests/compile.rs` inside the crate
//! generated from `rest_xml.json`): XML request documents beside HTTP bindings, XML payloads,
//! an unwrapped output, and errors in `noErrorWrapping` form.

use docstore::operation::get_document::GetDocumentError;
use docstore::primitives::DateTime;
use docstore::{Client, Config, SdkError};
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;

fn client(http: &TestClient) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

#[tokio::test]
async fn body_members_form_the_request_document() {
    let http = TestClient::new().with_response(
        200,
        &[("etag", "\"e1\"")],
        "<PutDocumentOutput><Stored>true</Stored></PutDocumentOutput>",
    );
    let out = client(&http)
        .put_document()
        .shelf("fiction & co")
        .owner("ana")
        .title("Tom <& Jerry>")
        .version(3)
        .tags("a")
        .tags("b")
        .notes("n1")
        .notes("n2")
        .props("only", "one")
        .written(DateTime::from_secs(1_700_000_000))
        .send()
        .await
        .expect("stored");
    assert_eq!(out.e_tag.as_deref(), Some("\"e1\""));
    assert_eq!(out.stored, Some(true));

    let request = &http.requests()[0];
    assert_eq!(request.method(), "PUT");
    assert_eq!(request.uri().path(), "/fiction%20%26%20co/docs");
    assert_eq!(request.headers()["x-owner"], "ana");
    assert_eq!(request.headers()["content-type"], "application/xml");
    assert_eq!(
        request.body(),
        "<Document xmlns=\"https://docstore.example.com/2024-06-01/\" Version=\"3\">\
         <Title>Tom &lt;&amp; Jerry&gt;</Title>\
         <Tags><Tag>a</Tag><Tag>b</Tag></Tags>\
         <Note>n1</Note><Note>n2</Note>\
         <Props><entry><key>only</key><value>one</value></entry></Props>\
         <Written>2023-11-14T22:13:20Z</Written></Document>"
    );
}

#[tokio::test]
async fn a_structure_payload_is_the_response_document() {
    let body = r#"<Doc xmlns="https://docstore.example.com/2024-06-01/">
        <Title>Dune</Title>
        <Tags><Tag>sf</Tag></Tags>
        <Note>first</Note><Note>second</Note>
        <Props><entry><key>pages</key><value>412</value></entry></Props>
    </Doc>"#;
    let http = TestClient::new().with_response(200, &[("x-request-id", "r-9")], body);
    let out = client(&http)
        .get_document()
        .shelf("s")
        .id("d")
        .send()
        .await
        .expect("read");
    assert_eq!(out.request_id.as_deref(), Some("r-9"));
    let doc = out.document.expect("the payload");
    assert_eq!(doc.title.as_deref(), Some("Dune"));
    assert_eq!(doc.tags, Some(vec!["sf".to_string()]));
    assert_eq!(doc.notes, Some(vec!["first".to_string(), "second".to_string()]));
    assert_eq!(
        doc.props.and_then(|p| p.get("pages").cloned()).as_deref(),
        Some("412")
    );

    // No body: no payload.
    let http = TestClient::new().with_response(200, &[], "");
    let out = client(&http).get_document().shelf("s").id("d").send().await.expect("empty");
    assert!(out.document.is_none());
}

#[tokio::test]
async fn an_unwrapped_output_is_the_root_element() {
    let http = TestClient::new().with_response(
        200,
        &[],
        r#"<?xml version="1.0"?><Region xmlns="https://docstore.example.com/2024-06-01/">eu-west-1</Region>"#,
    );
    let out = client(&http).get_region().shelf("s").send().await.expect("region");
    assert_eq!(out.region.as_deref(), Some("eu-west-1"));
    assert_eq!(http.requests()[0].uri().query(), Some("region"));
}

#[tokio::test]
async fn unwrapped_errors_are_recognised() {
    let http = TestClient::new().with_response(
        404,
        &[],
        "<Error><Code>NoSuchShelf</Code><Message>no shelf s</Message><Shelf>s</Shelf>\
         <RequestId>r-1</RequestId></Error>",
    );
    let err = client(&http)
        .get_document()
        .shelf("s")
        .id("d")
        .send()
        .await
        .expect_err("404");
    let SdkError::Service(e) = &err else {
        panic!("a service error: {err:?}");
    };
    assert_eq!(e.meta().message(), Some("no shelf s"));
    let GetDocumentError::NoSuchShelf(shelf) = e.err() else {
        panic!("the modeled error: {:?}", e.err());
    };
    assert_eq!(shelf.shelf.as_deref(), Some("s"));
    assert_eq!(shelf.message.as_deref(), Some("no shelf s"));
}
