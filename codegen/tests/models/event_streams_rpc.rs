//! Behaviour of a generated awsJson1_1 client whose output is an event stream (run by
//! `tests/compile.rs` inside the crate generated from `event_streams_rpc.json`).

use feedservice::types::FeedEvents;
use feedservice::{Client, Config};
use smelt_runtime::credentials::Credentials;
use smelt_runtime::eventstream::{EventStreamError, HeaderValue, Message};
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;

fn string(s: &str) -> HeaderValue {
    HeaderValue::String(s.to_string())
}

fn message(kind_header: &str, kind: &str, payload: &str) -> Vec<u8> {
    let message_type = if kind_header == ":event-type" { "event" } else { "exception" };
    Message::new(payload.as_bytes().to_vec())
        .with_header(":message-type", string(message_type))
        .with_header(kind_header, string(kind))
        .encode()
        .expect("encodable")
}

#[tokio::test]
async fn the_whole_body_is_the_stream_after_the_initial_response() {
    let stream = [
        message(":event-type", "initial-response", "{}"),
        message(":event-type", "record", r#"{"data":"aGk=","seq":"1"}"#),
        message(":exception-type", "feedGone", r#"{"message":"feed deleted"}"#),
    ]
    .concat();
    let http = TestClient::new().with_response(200, &[], stream);
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        .build_with_env(&|_| None);
    let mut out = Client::from_conf(config)
        .subscribe()
        .feed("news")
        .send()
        .await
        .expect("the stream opens");

    let request = &http.requests()[0];
    assert_eq!(request.headers()["x-amz-target"], "FeedService.Subscribe");
    assert_eq!(request.body(), r#"{"feed":"news"}"#);

    let Some(FeedEvents::Record(r)) = out.stream.recv().await.expect("event") else {
        panic!("a record first (the initial response is not an event)");
    };
    assert_eq!(r.data.as_slice(), b"hi");
    assert_eq!(r.seq, "1");
    match out.stream.recv().await {
        Err(EventStreamError::Modeled(FeedEvents::FeedGone(e))) => {
            assert_eq!(e.message.as_deref(), Some("feed deleted"));
        }
        other => panic!("the modeled exception: {other:?}"),
    }
}
