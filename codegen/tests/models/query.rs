//! Behaviour of a generated awsQuery client (run by `tests/compile.rs` inside the crate
//! generated from `query.json`): the form-encoded request, the XML response under its
//! `{Op}Result` wrapper, and an XML error with a customized code.

use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;
use widgetqueryservice::operation::put_widget::PutWidgetError;
use widgetqueryservice::primitives::{Blob, DateTime};
use widgetqueryservice::types::{Size, Spec, Tag};
use widgetqueryservice::{Client, Config, SdkError};

fn client(http: &TestClient) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().expect("tag")
}

#[tokio::test]
async fn the_request_is_a_form_with_dotted_keys() {
    let http = TestClient::new().with_response(200, &[], "<PutWidgetResponse/>");
    client(&http)
        .put_widget()
        .name("gear & co")
        .tags(tag("a", "1"))
        .tags(tag("b", "2"))
        .labels("x")
        .labels("y")
        .settings("mode", "fast")
        .settings("color", "red")
        .spec(
            Spec::builder()
                .size(Size::Large)
                .weight(1.5)
                .built_at(DateTime::from_secs(1_700_000_000))
                .build()
                .expect("spec"),
        )
        .payload(Blob::new(b"hi".to_vec()))
        .send()
        .await
        .expect("sent");
    let request = &http.requests()[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri().path(), "/");
    assert_eq!(
        request.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        request.body(),
        "Action=PutWidget&Version=2024-06-01&Name=gear%20%26%20co\
         &Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&Tags.member.2.Value=2\
         &Label.1=x&Label.2=y\
         &Settings.entry.1.K=color&Settings.entry.1.V=red&Settings.entry.2.K=mode&Settings.entry.2.V=fast\
         &Spec.Size=large&Spec.Weight=1.5&Spec.BuiltAt=1700000000&Payload=aGk%3D"
    );
}

#[tokio::test]
async fn the_response_is_read_from_its_result_element() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<PutWidgetResponse xmlns="https://widgets.example.com/doc/2024-06-01/">
  <PutWidgetResult Version="7">
    <WidgetId>w-1</WidgetId>
    <Created>2023-11-14T22:13:20Z</Created>
    <Tags>
      <member><Key>a</Key><Value>1</Value></member>
      <member><Key>b</Key></member>
    </Tags>
    <Label>x</Label>
    <Unexpected><Nested>ignored</Nested></Unexpected>
    <Label>y</Label>
    <Settings>
      <entry><K>mode</K><V>fast &amp; loose</V></entry>
    </Settings>
    <Spec><Size>huge</Size><Weight>NaN</Weight><BuiltAt>1700000000</BuiltAt></Spec>
    <Payload>aGk=</Payload>
  </PutWidgetResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
</PutWidgetResponse>"#;
    let http = TestClient::new().with_response(200, &[("content-type", "text/xml")], body);
    let out = client(&http)
        .put_widget()
        .name("gear")
        .send()
        .await
        .expect("parsed");
    assert_eq!(out.widget_id.as_deref(), Some("w-1"));
    assert_eq!(out.version, Some(7), "an XML attribute");
    assert_eq!(out.created, Some(DateTime::from_secs(1_700_000_000)));
    let tags = out.tags.expect("tags");
    assert_eq!(tags.len(), 2);
    assert_eq!((tags[1].key.as_str(), tags[1].value.as_deref()), ("b", None));
    assert_eq!(out.labels, Some(vec!["x".to_string(), "y".to_string()]));
    assert_eq!(
        out.settings.expect("settings").get("mode").map(String::as_str),
        Some("fast & loose")
    );
    let spec = out.spec.expect("spec");
    assert_eq!(spec.size, Some(Size::Unknown("huge".to_string())));
    assert!(spec.weight.is_some_and(f64::is_nan));
    assert_eq!(out.payload.map(Blob::into_inner), Some(b"hi".to_vec()));
}

#[tokio::test]
async fn errors_are_recognised_by_their_query_code() {
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>Widget.Exists</Code>\
                <Message>already there</Message><ExistingId>w-0</ExistingId></Error>\
                <RequestId>r-2</RequestId></ErrorResponse>";
    let http = TestClient::new().with_response(409, &[], body);
    let err = client(&http).put_widget().name("gear").send().await.expect_err("409");
    let SdkError::Service(e) = &err else {
        panic!("a service error: {err:?}");
    };
    assert_eq!(e.meta().request_id(), Some("r-2"));
    let PutWidgetError::WidgetExists(exists) = e.err() else {
        panic!("the modeled error: {:?}", e.err());
    };
    assert_eq!(exists.message.as_deref(), Some("already there"));
    assert_eq!(exists.existing_id.as_deref(), Some("w-0"));
    assert_eq!(e.err().code(), Some("Widget.Exists"));
}

#[tokio::test]
async fn malformed_xml_is_a_response_error_not_a_panic() {
    for body in ["<PutWidgetResponse><PutWidgetResult>", "<<>>", "\u{0}"] {
        let http = TestClient::new().with_response(200, &[], body);
        let err = client(&http).put_widget().name("gear").send().await.expect_err(body);
        assert!(matches!(err, SdkError::Response(_)), "{body}: {err:?}");
    }
    let http = TestClient::new().with_response(
        200,
        &[],
        "<PutWidgetResponse><PutWidgetResult><Spec><Weight>heavy</Weight></Spec></PutWidgetResult></PutWidgetResponse>",
    );
    let err = client(&http).put_widget().name("gear").send().await.expect_err("bad number");
    assert!(format!("{err:?}").contains("Weight"), "{err:?}");
}
