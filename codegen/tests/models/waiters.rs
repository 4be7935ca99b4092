//! Behaviour of generated waiters (run by `tests/compile.rs` inside the crate generated from
//! `waiters.json`) against a loopback HTTP server that answers each call with the next canned
//! response: success, failure and retry acceptors, every comparator, `inputOutput` paths,
//! `errorType` and `success` matchers, the delays between calls, and the timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use smelt_runtime::credentials::Credentials;
use smelt_runtime::retry::RetryConfig;
use waiterservice::waiter::{LastResponse, WaiterErrorKind};
use waiterservice::{Client, Config};

/// One canned answer: status and JSON body.
type Answer = (u16, &'static str);

/// What the server saw: each request's body and when it arrived.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<(String, Instant)>>>);

impl Seen {
    fn bodies(&self) -> Vec<String> {
        self.0.lock().unwrap().iter().map(|(b, _)| b.clone()).collect()
    }

    fn gaps(&self) -> Vec<Duration> {
        let times: Vec<Instant> = self.0.lock().unwrap().iter().map(|(_, t)| *t).collect();
        times.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

/// Serves `answers` in order on 127.0.0.1 (one connection per request), the last one forever.
fn serve(answers: Vec<Answer>) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let seen = Seen::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        let mut next = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            log.0
                .lock()
                .unwrap()
                .push((String::from_utf8_lossy(&body).into_owned(), Instant::now()));
            let (status, body) = answers[next.min(answers.len() - 1)];
            next += 1;
            let error_type = if status == 400 {
                "x-amzn-errortype: ResourceNotFound\r\n"
            } else {
                ""
            };
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\n{error_type}\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (endpoint, seen)
}

fn client(endpoint: &str) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .read_timeout(Duration::from_secs(10))
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

const CREATING: Answer = (200, r#"{"Table":{"Name":"t","Status":"CREATING"}}"#);
const ACTIVE: Answer = (200, r#"{"Table":{"Name":"t","Status":"ACTIVE"}}"#);
const FAILED: Answer = (200, r#"{"Table":{"Name":"t","Status":"FAILED"}}"#);
const NOT_FOUND: Answer = (400, r#"{"message":"no such table"}"#);
const FAST: Duration = Duration::from_millis(20);

#[tokio::test]
async fn waits_through_retry_states_until_success() {
    let (endpoint, seen) = serve(vec![NOT_FOUND, CREATING, CREATING, ACTIVE]);
    let done = client(&endpoint)
        .wait_until_table_exists()
        .name("t")
        .waiter_delays(FAST, FAST * 4)
        .wait(Duration::from_secs(20))
        .await
        .expect("the table becomes active");
    assert_eq!(done.attempts, 4);
    let table = done.output().and_then(|o| o.table.as_ref()).expect("table");
    assert_eq!(table.status.as_ref().map(|s| s.as_str()), Some("ACTIVE"));
    // The same input every time.
    assert!(seen.bodies().iter().all(|b| b == r#"{"Name":"t"}"#), "{:?}", seen.bodies());
    // Between calls: at least min_delay, at most max_delay (with slack for the call itself).
    for gap in seen.gaps() {
        assert!(gap >= FAST, "{gap:?}");
        assert!(gap < FAST * 4 + Duration::from_secs(2), "{gap:?}");
    }
}

#[tokio::test]
async fn a_failure_acceptor_ends_the_wait_with_the_last_response() {
    let (endpoint, _) = serve(vec![CREATING, FAILED]);
    let err = client(&endpoint)
        .wait_until_table_exists()
        .name("t")
        .waiter_delays(FAST, FAST)
        .wait(Duration::from_secs(20))
        .await
        .expect_err("the table failed");
    assert_eq!(err.kind(), &WaiterErrorKind::FailureState { acceptor: 1 });
    assert_eq!(err.attempts(), 2);
    let Some(LastResponse::Output(out)) = err.last_response() else {
        panic!("no last output: {err:?}");
    };
    assert_eq!(
        out.table.as_ref().and_then(|t| t.status.as_ref()).map(|s| s.as_str()),
        Some("FAILED")
    );
    let text = err.to_string();
    assert!(text.contains("waiter TableExists reached a failure state on attempt 2"), "{text}");
}

#[tokio::test]
async fn the_wait_times_out_with_the_last_response() {
    let (endpoint, seen) = serve(vec![CREATING]);
    let started = Instant::now();
    let err = client(&endpoint)
        .wait_until_table_exists()
        .name("t")
        .waiter_delays(Duration::from_millis(100), Duration::from_millis(200))
        .wait(Duration::from_millis(700))
        .await
        .expect_err("never active");
    let took = started.elapsed();
    assert_eq!(err.kind(), &WaiterErrorKind::Timeout);
    assert!(err.attempts() >= 2, "{err}");
    assert_eq!(err.attempts() as usize, seen.bodies().len());
    assert!(matches!(err.last_response(), Some(LastResponse::Output(_))));
    // It gave up before max_wait (keeping min_delay for a last call), not long after it.
    assert!(took <= Duration::from_millis(700) + Duration::from_secs(1), "{took:?}");
    assert!(err.to_string().contains("waiter TableExists timed out after"), "{err}");
}

#[tokio::test]
async fn an_error_no_acceptor_matches_ends_the_wait() {
    // TableExists retries on ResourceNotFound only; a 500 matches no acceptor.
    let (endpoint, _) = serve(vec![(500, r#"{"__type":"InternalFailure"}"#)]);
    let err = client(&endpoint)
        .wait_until_table_exists()
        .name("t")
        .waiter_delays(FAST, FAST)
        .wait(Duration::from_secs(5))
        .await
        .expect_err("unexpected error");
    assert_eq!(err.kind(), &WaiterErrorKind::UnexpectedError);
    assert!(matches!(err.last_response(), Some(LastResponse::Error(_))));
    assert!(err.to_string().contains("the last response was an error"), "{err}");
}

#[tokio::test]
async fn an_error_type_acceptor_can_mean_success() {
    // TableNotExists names the error by its absolute shape ID.
    let (endpoint, _) = serve(vec![ACTIVE, NOT_FOUND]);
    let done = client(&endpoint)
        .wait_until_table_not_exists()
        .name("t")
        .waiter_delays(FAST, FAST)
        .wait(Duration::from_secs(5))
        .await
        .expect("the table is gone");
    assert_eq!(done.attempts, 2);
    assert!(matches!(done.last, LastResponse::Error(_)));
}

#[tokio::test]
async fn all_and_any_string_equals_over_a_projection() {
    let (endpoint, _) = serve(vec![
        // No replicas: allStringEquals needs a non-empty list, so this retries.
        (200, r#"{"Table":{"Replicas":[]}}"#),
        (200, r#"{"Table":{"Replicas":[{"Status":"ACTIVE"},{"Status":"CREATING"}]}}"#),
        (200, r#"{"Table":{"Replicas":[{"Status":"ACTIVE"},{"Status":"ACTIVE"}]}}"#),
    ]);
    let done = client(&endpoint)
        .wait_until_replicas_ready()
        .name("t")
        .waiter_delays(FAST, FAST)
        .wait(Duration::from_secs(5))
        .await
        .expect("replicas active");
    assert_eq!(done.attempts, 3);

    let (endpoint, _) = serve(vec![(
        200,
        r#"{"Table":{"Replicas":[{"Status":"ACTIVE"},{"Status":"FAILED"}]}}"#,
    )]);
    let err = client(&endpoint)
        .wait_until_replicas_ready()
        .name("t")
        .waiter_delays(FAST, FAST)
        .wait(Duration::from_secs(5))
        .await
        .expect_err("a replica failed");
    assert_eq!(err.kind(), &WaiterErrorKind::FailureState { acceptor: 1 });
}

#[tokio::test]
async fn boolean_paths_read_unions_int_enums_and_functions() {
    let (endpoint, _) = serve(vec![
        // Ready, but the union holds the other variant.
        (
            200,
            r#"{"Ready":true,"Table":{"Priority":2,"Shape":{"Fixed":3},"Replicas":[{},{}]}}"#,
        ),
        (
            200,
            r#"{"Ready":true,"Table":{"Priority":2,"Shape":{"Named":"wide"},"Replicas":[{},{}]}}"#,
        ),
    ]);
    let done = client(&endpoint)
        .wait_until_table_ready()
        .name("t")
        .waiter_delays(FAST, FAST)
        .wait(Duration::from_secs(5))
        .await
        .expect("ready");
    assert_eq!(done.attempts, 2);
}

#[tokio::test]
#[allow(deprecated)]
async fn input_output_paths_see_the_input() {
    let (endpoint, _) = serve(vec![
        (200, r#"{"Table":{"Name":"other"}}"#),
        (200, r#"{"Table":{"Name":"mine"}}"#),
    ]);
    let done = client(&endpoint)
        .wait_until_name_echoed()
        .name("mine")
        .waiter_delays(FAST, FAST)
        .wait(Duration::from_secs(5))
        .await
        .expect("echoed");
    assert_eq!(done.attempts, 2);

    // `success: false` is a failure acceptor here: any error ends the wait.
    let (endpoint, _) = serve(vec![NOT_FOUND]);
    let err = client(&endpoint)
        .wait_until_name_echoed()
        .name("mine")
        .wait(Duration::from_secs(5))
        .await
        .expect_err("error");
    assert_eq!(err.kind(), &WaiterErrorKind::FailureState { acceptor: 1 });
}

#[tokio::test]
async fn a_missing_required_input_fails_before_any_call() {
    let (endpoint, seen) = serve(vec![ACTIVE]);
    let err = client(&endpoint)
        .wait_until_answered()
        .wait(Duration::from_secs(5))
        .await
        .expect_err("Name is required");
    assert_eq!(err.kind(), &WaiterErrorKind::Construction);
    assert_eq!(err.attempts(), 0);
    assert!(err.to_string().contains("missing required member `name`"), "{err}");
    assert!(seen.bodies().is_empty());

    let err = client(&endpoint)
        .wait_until_answered()
        .name("t")
        .waiter_delays(Duration::from_secs(2), Duration::from_secs(1))
        .wait(Duration::from_secs(5))
        .await
        .expect_err("min above max");
    assert_eq!(err.kind(), &WaiterErrorKind::InvalidDelays);
}
