//! Presigned requests (`smelt_runtime::client::presign`):
//!
//! - the same inputs as botocore's presigner, compared with its URLs (S3 GetObject and
//!   PutObject, STS GetCallerIdentity, expiries of 900 s and 7 days, a key that needs escaping,
//!   a session token, us-west-2) in `presign/botocore.tsv`, written by
//!   `presign/botocore_presign.py` (its docstring says how to regenerate it). These cases
//!   need no server: nothing is sent.
//! - a round trip through moto: a presigned PUT, then a presigned GET of the same object, both
//!   made with a plain HTTP/1.0 exchange on a `TcpStream`, without the client or its
//!   credentials. (moto does not check query signatures; the botocore comparison does.)

use e2e_s3::primitives::ByteStream;
use e2e_scenarios::{config, unique};
use smelt_runtime::client::presign::{presign, PresignedRequest, PresigningConfig};
use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use std::io::{Read, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// 2024-01-02T03:04:05Z, the script's `FIXED_TIME`.
fn fixed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_704_164_645)
}

const SESSION_TOKEN: &str = "session/token+with=reserved&chars";

/// The script's region and credentials; the endpoint comes from the services' rules.
fn fixture_config(token: Option<&str>) -> Config {
    Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(str::to_string),
            None,
            "fixture",
        ))
        .build_with_env(&|_| None)
}

fn presigning(secs: u64) -> PresigningConfig {
    PresigningConfig::expires_in(Duration::from_secs(secs))
        .unwrap()
        .start_time(fixed_time())
}

/// `case → (method, url)` from the fixture.
fn botocore(case: &str) -> (String, String) {
    let fixture = include_str!("../presign/botocore.tsv");
    for line in fixture.lines() {
        let mut fields = line.split('\t');
        if fields.next() == Some(case) {
            let method = fields.next().expect("method").to_string();
            let url = fields.next().expect("url").to_string();
            return (method, url);
        }
    }
    panic!("case `{case}` is not in presign/botocore.tsv");
}

fn assert_matches_botocore(case: &str, presigned: &PresignedRequest) {
    let (method, url) = botocore(case);
    assert_eq!(presigned.method().as_str(), method, "{case}: method");
    assert_eq!(presigned.uri(), url, "{case}: URL");
    assert!(
        presigned.headers().is_empty(),
        "{case}: no header to send, as botocore signs `host` only: {:?}",
        presigned.headers()
    );
}

#[tokio::test]
async fn s3_get_object_matches_botocore() {
    let s3 = e2e_s3::Client::from_conf(fixture_config(None));
    for (case, key, secs) in [
        ("s3-get", "photos/cat.jpg", 900),
        ("s3-get-week", "photos/cat.jpg", 604_800),
        ("s3-get-escaped-key", "dir/a b+c~\u{e9}=&.txt", 900),
    ] {
        let presigned = presign(
            presigning(secs),
            s3.get_object().bucket("examplebucket").key(key).send(),
        )
        .await
        .unwrap_or_else(|e| panic!("{case}: {e:?}"));
        assert_matches_botocore(case, &presigned);
    }
}

#[tokio::test]
async fn s3_put_object_matches_botocore() {
    for (case, token, secs) in [
        ("s3-put", None, 3600),
        ("s3-put-session", Some(SESSION_TOKEN), 900),
    ] {
        let s3 = e2e_s3::Client::from_conf(fixture_config(token));
        let presigned = presign(
            presigning(secs),
            s3.put_object()
                .bucket("examplebucket")
                .key("upload/data.bin")
                .send(),
        )
        .await
        .unwrap_or_else(|e| panic!("{case}: {e:?}"));
        assert_matches_botocore(case, &presigned);
        assert!(presigned.body().is_empty(), "S3 signs UNSIGNED-PAYLOAD");
    }
}

#[tokio::test]
async fn sts_get_caller_identity_matches_botocore() {
    for (case, token, secs) in [
        ("sts-get-caller-identity", None, 900),
        ("sts-get-caller-identity-week", Some(SESSION_TOKEN), 604_800),
    ] {
        let sts = e2e_sts::Client::from_conf(fixture_config(token));
        let presigned = presign(presigning(secs), sts.get_caller_identity().send())
            .await
            .unwrap_or_else(|e| panic!("{case}: {e:?}"));
        assert_matches_botocore(case, &presigned);
        assert!(presigned.body().is_empty(), "the form moved into the URL");
    }
}

#[tokio::test]
async fn presigning_errors_are_the_calls_own() {
    let s3 = e2e_s3::Client::from_conf(fixture_config(None));
    // A required member unset: the call's construction error, nothing presigned.
    let err = presign(presigning(900), s3.get_object().bucket("b").send())
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("key"), "{err:?}");
    // The same operation with its input set presigns; a different clock changes the signature.
    let a = presign(presigning(900), s3.get_object().bucket("b").key("k").send())
        .await
        .unwrap();
    let later = PresigningConfig::expires_in(Duration::from_secs(900))
        .unwrap()
        .start_time(fixed_time() + Duration::from_secs(1));
    let b = presign(later, s3.get_object().bucket("b").key("k").send())
        .await
        .unwrap();
    assert_ne!(a.uri(), b.uri());
}

/// One HTTP/1.0 exchange on a fresh connection: status and body.
fn exchange(presigned: &PresignedRequest, body: &[u8]) -> (u16, Vec<u8>) {
    let url = presigned.uri();
    let rest = url.strip_prefix("http://").expect("moto is plain HTTP");
    let (authority, path_and_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(authority).expect("connect to moto");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "{} {path_and_query} HTTP/1.0\r\nHost: {authority}\r\nContent-Length: {}\r\n",
        presigned.method(),
        body.len()
    );
    for (name, value) in presigned.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in `{head}`"));
    (status, response[split + 4..].to_vec())
}

#[tokio::test]
async fn presigned_put_then_get_through_a_plain_http_client() {
    let s3 = e2e_s3::Client::from_conf(config());
    let bucket = unique("smelt-presign");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("CreateBucket");
    let key = "presigned/a b+c.txt";
    let contents = b"uploaded with a presigned URL";
    let expiry = || PresigningConfig::expires_in(Duration::from_secs(300)).unwrap();

    let put = presign(
        expiry(),
        s3.put_object()
            .bucket(&bucket)
            .key(key)
            .content_type("text/plain")
            .body(ByteStream::from(
                "ignored: the holder of the URL sends the body",
            ))
            .send(),
    )
    .await
    .expect("presign PutObject");
    assert_eq!(put.method(), "PUT");
    assert_eq!(
        put.headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap()),
        Some("text/plain"),
        "the modeled header must be sent with the URL"
    );
    assert!(
        put.uri()
            .contains("X-Amz-SignedHeaders=content-type%3Bhost"),
        "{}",
        put.uri()
    );
    let (status, body) = exchange(&put, contents);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));

    let get = presign(expiry(), s3.get_object().bucket(&bucket).key(key).send())
        .await
        .expect("presign GetObject");
    assert_eq!(get.method(), "GET");
    let (status, body) = exchange(&get, b"");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(body, contents);

    // The object is the one the client sees.
    let object = s3
        .get_object()
        .bucket(&bucket)
        .key(key)
        .send()
        .await
        .expect("GetObject");
    assert_eq!(object.content_type.as_deref(), Some("text/plain"));
}
