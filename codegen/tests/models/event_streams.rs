//! Behaviour of a generated restJson1 client whose output is an event stream (run by
//! `tests/compile.rs` inside the crate generated from `event_streams.json`).

use smelt_runtime::credentials::Credentials;
use smelt_runtime::eventstream::{EventStreamError, HeaderValue, Message};
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;
use jobservice::operation::watch_job::WatchJobError;
use jobservice::primitives::DateTime;
use jobservice::types::{JobEvents, LogLevel};
use jobservice::{Client, Config, SdkError};

fn client(http: &TestClient) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

fn string(s: &str) -> HeaderValue {
    HeaderValue::String(s.to_string())
}

fn event(kind: &str, payload: &[u8]) -> Message {
    Message::new(payload.to_vec())
        .with_header(":message-type", string("event"))
        .with_header(":event-type", string(kind))
}

fn body(messages: &[Message]) -> Vec<u8> {
    messages
        .iter()
        .flat_map(|m| m.encode().expect("encodable"))
        .collect()
}

#[tokio::test]
async fn events_arrive_as_union_members_with_headers_and_payloads() {
    let at = DateTime::from_millis(1_700_000_000_000);
    let stream = body(&[
        event("progress", br#"{"percent":40,"note":"halfway-ish"}"#)
            .with_header(":content-type", string("application/json")),
        event("log", b"compiling")
            .with_header("level", string("warn"))
            .with_header("sequence", HeaderValue::Int64(12))
            .with_header("at", HeaderValue::Timestamp(at)),
        event("chunk", &[0, 159, 146, 150]).with_header("last", HeaderValue::Bool(true)),
        event("somethingNew", b"{}"),
        event("done", b""),
    ]);
    let http = TestClient::new().with_response(200, &[("x-job-status", "RUNNING")], stream);
    let mut out = client(&http)
        .watch_job()
        .job_id("job-7")
        .send()
        .await
        .expect("the stream opens");
    assert_eq!(out.job_status.as_deref(), Some("RUNNING"));
    assert_eq!(http.requests()[0].uri().path(), "/jobs/job-7/watch");

    let Some(JobEvents::Progress(p)) = out.events.recv().await.expect("event") else {
        panic!("progress first");
    };
    assert_eq!((p.percent, p.note.as_deref()), (40, Some("halfway-ish")));

    let Some(JobEvents::Log(log)) = out.events.recv().await.expect("event") else {
        panic!("then a log line");
    };
    assert_eq!(log.level, Some(LogLevel::Warn));
    assert_eq!(log.sequence, Some(12));
    assert_eq!(log.at, Some(at));
    assert_eq!(log.line.as_deref(), Some("compiling"));

    let Some(JobEvents::Chunk(chunk)) = out.events.recv().await.expect("event") else {
        panic!("then a chunk");
    };
    assert_eq!(chunk.data.expect("payload").as_slice(), &[0, 159, 146, 150]);
    assert_eq!(chunk.last, Some(true));

    // An event type this model does not know is kept as `Unknown`, not an error.
    assert_eq!(out.events.recv().await.expect("event"), Some(JobEvents::Unknown));
    assert!(matches!(out.events.recv().await.expect("event"), Some(JobEvents::Done(_))));
    assert_eq!(out.events.recv().await.expect("end"), None);
}

#[tokio::test]
async fn a_modeled_exception_ends_the_stream_as_an_error() {
    let stream = body(&[
        event("progress", br#"{"percent":10}"#),
        Message::new(&br#"{"message":"disk full","exitCode":28}"#[..])
            .with_header(":message-type", string("exception"))
            .with_header(":exception-type", string("jobFailed")),
        event("progress", br#"{"percent":20}"#),
    ]);
    let http = TestClient::new().with_response(200, &[], stream);
    let mut out = client(&http).watch_job().job_id("j").send().await.expect("opens");
    assert!(matches!(out.events.recv().await, Ok(Some(JobEvents::Progress(_)))));
    match out.events.recv().await {
        Err(EventStreamError::Modeled(JobEvents::JobFailed(e))) => {
            assert_eq!(e.message.as_deref(), Some("disk full"));
            assert_eq!(e.exit_code, Some(28));
        }
        other => panic!("the modeled exception: {other:?}"),
    }
    assert!(matches!(out.events.recv().await, Ok(None)), "nothing after it");
}

#[tokio::test]
async fn a_malformed_event_is_an_error_not_a_panic() {
    let mut stream = body(&[event("progress", br#"{"percent":1}"#)]);
    let last = stream.len() - 1;
    stream[last] ^= 0xff; // breaks the message checksum
    let http = TestClient::new().with_response(200, &[], stream);
    let mut out = client(&http).watch_job().job_id("j").send().await.expect("opens");
    let err = out.events.recv().await.expect_err("checksum");
    assert!(matches!(err, EventStreamError::Stream(_)), "{err:?}");

    // A payload of the wrong shape for its event.
    let stream = body(&[event("progress", br#"{"percent":"forty"}"#)]);
    let http = TestClient::new().with_response(200, &[], stream);
    let mut out = client(&http).watch_job().job_id("j").send().await.expect("opens");
    assert!(matches!(out.events.recv().await, Err(EventStreamError::Stream(_))));
}

#[tokio::test]
async fn an_error_status_is_an_operation_error_before_any_event() {
    let http = TestClient::new().with_response(
        404,
        &[("x-amzn-errortype", "JobNotFound")],
        r#"{"message":"no job j"}"#,
    );
    let err = client(&http).watch_job().job_id("j").send().await.expect_err("404");
    let SdkError::Service(e) = err else {
        panic!("a service error: {err:?}");
    };
    assert!(matches!(e.err(), WatchJobError::JobNotFound(_)));
}
