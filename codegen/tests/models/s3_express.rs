//! S3 Express session auth of a generated client (run by `tests/compile.rs` inside the crate
//! generated from `s3_express.json`) against a loopback HTTP server: the endpoint's
//! `sigv4-s3express` scheme makes the client call its own `CreateSession` for the bucket
//! (signed with the configured credentials), then sign the call with the session: signing name
//! `s3express`, the session's access key, its token in `x-amz-s3session-token`. Sessions are
//! cached per bucket and replaced shortly before they expire. Presigned calls take the same
//! path: the session's token goes in the URL. One bucket name resolves to an endpoint whose
//! scheme is `sigv4a`: calls and presigned URLs to it are signed with SigV4a.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use directory_store::{Client, Config};
use smelt_runtime::credentials::Credentials;
use smelt_runtime::retry::RetryConfig;
use smelt_runtime::types::{DateTime, TimestampFormat};

/// One request as the server saw it: the request line's target and the headers (lower case).
#[derive(Clone, Debug)]
struct Seen {
    target: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn authorization(&self) -> &str {
        self.header("authorization").unwrap_or_default()
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// Serves on 127.0.0.1: `CreateSession` (`?session`) gets session `n` (token `session-token-n`,
/// expiring `lifetime` from now), or a 403 when `lifetime` is `None`; any other request a 200.
fn serve(lifetime: Option<Duration>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let log = Log::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        let mut sessions = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                continue;
            }
            let target = request_line
                .split(' ')
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            let mut headers = Vec::new();
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
                    headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
                }
            }
            let session = target.ends_with("?session");
            seen.lock().unwrap().push(Seen { target, headers });
            let (status, body) = match (session, lifetime) {
                (true, Some(lifetime)) => {
                    sessions += 1;
                    let expiration = DateTime::from(SystemTime::now() + lifetime)
                        .fmt(TimestampFormat::DateTime)
                        .unwrap();
                    let body = format!(
                        "<CreateSessionResult><Credentials>\
                         <SessionToken>session-token-{sessions}</SessionToken>\
                         <SecretAccessKey>session-secret</SecretAccessKey>\
                         <AccessKeyId>ASIASESSION{sessions}</AccessKeyId>\
                         <Expiration>{expiration}</Expiration>\
                         </Credentials></CreateSessionResult>"
                    );
                    (200, body)
                }
                (true, None) => (
                    403,
                    "<Error><Code>AccessDenied</Code><Message>no session for you</Message></Error>"
                        .to_owned(),
                ),
                (false, _) => (200, String::new()),
            };
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/xml\r\netag: \"e\"\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (endpoint, log)
}

fn client(endpoint: &str) -> Client {
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::new(
            "AKIDBASE",
            "base-secret",
            Some("base-token".to_owned()),
            None,
            "test",
        ))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .read_timeout(Duration::from_secs(10))
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

async fn get(client: &Client, bucket: &str) -> Result<(), String> {
    client
        .get_object()
        .bucket(bucket)
        .key("a/key")
        .send()
        .await
        .map(|_| ())
        .map_err(|e| format!("{e:?}"))
}

#[tokio::test]
async fn the_call_is_signed_with_the_bucket_session() {
    let (endpoint, log) = serve(Some(Duration::from_secs(300)));
    let client = client(&endpoint);
    get(&client, "photos--usw2-az1--x-s3").await.expect("call");
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:#?}");

    // CreateSession, signed with the configured credentials (their token as usual).
    let create = &seen[0];
    assert_eq!(create.target, "/photos--usw2-az1--x-s3?session");
    assert!(
        create
            .authorization()
            .contains("Credential=AKIDBASE/") &&
        create.authorization().contains("/us-west-2/s3express/aws4_request"),
        "{create:#?}"
    );
    assert_eq!(create.header("x-amz-security-token"), Some("base-token"));
    assert_eq!(create.header("x-amz-s3session-token"), None);

    // The call, signed with the session: its key, its token in x-amz-s3session-token.
    let call = &seen[1];
    assert_eq!(call.target, "/photos--usw2-az1--x-s3/a/key");
    let auth = call.authorization();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=ASIASESSION1/")
            && auth.contains("/us-west-2/s3express/aws4_request")
            && auth.contains("x-amz-s3session-token"),
        "{call:#?}"
    );
    assert_eq!(call.header("x-amz-s3session-token"), Some("session-token-1"));
    assert_eq!(call.header("x-amz-security-token"), None);
}

#[tokio::test]
async fn sessions_are_reused_per_bucket() {
    let (endpoint, log) = serve(Some(Duration::from_secs(300)));
    let client = client(&endpoint);
    get(&client, "one--usw2-az1--x-s3").await.expect("first");
    get(&client, "one--usw2-az1--x-s3").await.expect("second");
    get(&client.clone(), "one--usw2-az1--x-s3").await.expect("clone");
    get(&client, "two--usw2-az1--x-s3").await.expect("other bucket");
    let seen = log.lock().unwrap().clone();
    let targets: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/one--usw2-az1--x-s3?session",
            "/one--usw2-az1--x-s3/a/key",
            "/one--usw2-az1--x-s3/a/key",
            "/one--usw2-az1--x-s3/a/key",
            "/two--usw2-az1--x-s3?session",
            "/two--usw2-az1--x-s3/a/key",
        ]
    );
    assert_eq!(seen[3].header("x-amz-s3session-token"), Some("session-token-1"));
    assert_eq!(seen[5].header("x-amz-s3session-token"), Some("session-token-2"));
}

#[tokio::test]
async fn a_session_about_to_expire_is_replaced() {
    // Sessions that expire in 30 s are inside the refresh margin: every call gets a new one.
    let (endpoint, log) = serve(Some(Duration::from_secs(30)));
    let client = client(&endpoint);
    get(&client, "b--usw2-az1--x-s3").await.expect("first");
    get(&client, "b--usw2-az1--x-s3").await.expect("second");
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 4, "{seen:#?}");
    assert!(seen[2].target.ends_with("?session"));
    assert_eq!(seen[3].header("x-amz-s3session-token"), Some("session-token-2"));
}

#[tokio::test]
async fn a_failed_create_session_stops_the_call() {
    let (endpoint, log) = serve(None);
    let client = client(&endpoint);
    let err = get(&client, "b--usw2-az1--x-s3").await.unwrap_err();
    assert!(
        err.contains("CreateSession") && err.contains("b--usw2-az1--x-s3"),
        "{err}"
    );
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "only CreateSession was sent: {seen:#?}");
}

/// A query parameter of a URL, as written in it (still percent-encoded).
fn param<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    uri.split_once('?')?
        .1
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

fn presigning() -> smelt_runtime::client::presign::PresigningConfig {
    smelt_runtime::client::presign::PresigningConfig::expires_in(Duration::from_secs(600))
        .expect("expiry")
}

#[tokio::test]
async fn a_presigned_call_carries_the_session_token_in_its_url() {
    let (endpoint, log) = serve(Some(Duration::from_secs(300)));
    let client = client(&endpoint);
    let request = client
        .get_object()
        .bucket("photos--usw2-az1--x-s3")
        .key("a/key");
    let presigned = smelt_runtime::client::presign::presign(presigning(), request.send())
        .await
        .expect("presign");
    // The session is created by a call that is sent; the presigned call is not.
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert!(seen[0].target.ends_with("?session"), "{seen:#?}");
    assert_eq!(seen[0].header("x-amz-security-token"), Some("base-token"));

    let uri = presigned.uri();
    assert!(uri.starts_with(&format!("{endpoint}/photos--usw2-az1--x-s3/a/key?")), "{uri}");
    assert_eq!(param(uri, "X-Amz-Algorithm"), Some("AWS4-HMAC-SHA256"));
    let credential = param(uri, "X-Amz-Credential").unwrap_or_default();
    assert!(
        credential.starts_with("ASIASESSION1%2F") && credential.ends_with("%2Fus-west-2%2Fs3express%2Faws4_request"),
        "{uri}"
    );
    assert_eq!(param(uri, "X-Amz-S3session-Token"), Some("session-token-1"));
    assert_eq!(param(uri, "X-Amz-Security-Token"), None, "{uri}");
    assert!(presigned.headers().get("x-amz-s3session-token").is_none());
}

#[tokio::test]
async fn a_sigv4a_endpoint_signs_calls_and_urls_with_sigv4a() {
    let (endpoint, log) = serve(Some(Duration::from_secs(300)));
    let client = client(&endpoint);
    get(&client, "global-access-point").await.expect("call");
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "no session for a SigV4a endpoint: {seen:#?}");
    let call = &seen[0];
    assert_eq!(call.target, "/global-access-point/a/key");
    let auth = call.authorization();
    // The scope has no region; the region set is a signed header.
    assert!(
        auth.starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKIDBASE/")
            && auth.contains("/s3/aws4_request,")
            && !auth.contains("/us-west-2/")
            && auth.contains("x-amz-region-set"),
        "{call:#?}"
    );
    assert_eq!(call.header("x-amz-region-set"), Some("*"));
    assert_eq!(call.header("x-amz-security-token"), Some("base-token"));

    let request = client.get_object().bucket("global-access-point").key("a/key");
    let presigned = smelt_runtime::client::presign::presign(presigning(), request.send())
        .await
        .expect("presign");
    assert_eq!(log.lock().unwrap().len(), 1, "presigning sends nothing");
    let uri = presigned.uri();
    assert_eq!(param(uri, "X-Amz-Algorithm"), Some("AWS4-ECDSA-P256-SHA256"), "{uri}");
    assert!(
        param(uri, "X-Amz-Credential").is_some_and(|c| c.starts_with("AKIDBASE%2F")
            && c.ends_with("%2Fs3%2Faws4_request")
            && !c.contains("us-west-2")),
        "{uri}"
    );
    assert_eq!(param(uri, "X-Amz-Region-Set"), Some("%2A"), "{uri}");
    assert_eq!(param(uri, "X-Amz-Security-Token"), Some("base-token"));
    // A DER-encoded ECDSA signature in hex, last.
    let signature = uri.rsplit('&').next().and_then(|p| p.strip_prefix("X-Amz-Signature="));
    assert!(
        signature.is_some_and(|s| s.starts_with("30") && s.len() >= 140),
        "{uri}"
    );
}
