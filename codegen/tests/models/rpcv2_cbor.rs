//! Behaviour of a generated rpcv2Cbor client (run by `tests/compile.rs` inside the crate
//! generated from `rpcv2_cbor.json`): the request path and headers, CBOR's own forms for blobs,
//! timestamps, NaN and sparse nulls, `@jsonName` and `@timestampFormat` ignored, and responses
//! and errors read from CBOR.

use ledger::operation::put_entry::PutEntryError;
use ledger::types::Detail;
use ledger::{Client, Config};
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::TestClient;
use smelt_runtime::retry::RetryConfig;
use smelt_runtime::types::{Blob, DateTime};
use smelt_runtime::wire::cbor::{next, Token};

fn client(http: &TestClient) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url("https://ledger.example")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        .build_with_env(&|_| None);
    Client::from_conf(config)
}

const CBOR_HEADERS: &[(&str, &str)] = &[
    ("smithy-protocol", "rpc-v2-cbor"),
    ("content-type", "application/cbor"),
];

/// Every token of a CBOR body, in order.
fn tokens(bytes: &[u8]) -> Vec<Token<'_>> {
    let mut pos = 0;
    let mut out = Vec::new();
    while pos < bytes.len() {
        let (token, after) = next(bytes, pos).expect("well-formed CBOR");
        out.push(token);
        pos = after;
    }
    out
}

fn text(s: &str) -> Token<'_> {
    Token::Text(s.into())
}

#[tokio::test]
async fn requests_are_cbor_on_the_rpc_v2_path() {
    let http = TestClient::new().with_response(200, CBOR_HEADERS, vec![0xa0]);
    client(&http)
        .put_entry()
        .id("e-1")
        .payload(Blob::new(vec![0, 255]))
        .at(DateTime::from_secs(1_700_000_000))
        .amount(f64::NAN)
        .set_tags(Some(vec![Some("a".to_string()), None]))
        .detail(Detail::Count(3))
        .send()
        .await
        .expect("the call succeeds");
    let request = &http.requests()[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri().path(), "/service/Ledger/operation/PutEntry");
    assert_eq!(request.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(request.headers()["content-type"], "application/cbor");
    assert_eq!(request.headers()["accept"], "application/cbor");
    let t = tokens(request.body());
    assert_eq!(t[0], Token::Map(None));
    // `@jsonName` does not apply to rpcv2Cbor.
    assert!(t.contains(&text("id")) && !t.contains(&text("ID")), "{t:?}");
    assert!(t.contains(&Token::Bytes(vec![0, 255].into())), "{t:?}");
    // Tag 1 around epoch seconds, whatever `@timestampFormat` says.
    let at = t.iter().position(|x| *x == text("at")).expect("at");
    assert_eq!(t[at + 1..at + 3], [Token::Tag(1), Token::Int(1_700_000_000)]);
    assert!(t.iter().any(|x| matches!(x, Token::Float(f) if f.is_nan())), "{t:?}");
    // A sparse list keeps its null.
    let tags = t.iter().position(|x| *x == text("tags")).expect("tags");
    assert_eq!(t[tags + 1..tags + 5], [Token::Array(None), text("a"), Token::Null, Token::Break]);
    let detail = t.iter().position(|x| *x == text("detail")).expect("detail");
    assert_eq!(t[detail + 1..detail + 4], [Token::Map(None), text("count"), Token::Int(3)]);
}

#[tokio::test]
async fn an_operation_without_input_sends_no_body() {
    let http = TestClient::new().with_response(200, CBOR_HEADERS, Vec::new());
    client(&http).ping().send().await.expect("the call succeeds");
    let request = &http.requests()[0];
    assert_eq!(request.uri().path(), "/service/Ledger/operation/Ping");
    assert!(request.body().is_empty());
    assert!(request.headers().get("content-type").is_none());
}

#[tokio::test]
async fn responses_are_read_from_cbor() {
    // {"version": 7, "stored": 1(1700000000.5), "ratio": f16 1.5, "detail": {"note": "ok"},
    //  "extra": [1, 2]} with a definite-length map.
    let body = vec![
        0xa5, 0x67, b'v', b'e', b'r', b's', b'i', b'o', b'n', 0x07, 0x66, b's', b't', b'o', b'r',
        b'e', b'd', 0xc1, 0xfb, 0x41, 0xd9, 0x54, 0xfc, 0x40, 0x20, 0x00, 0x00, 0x65, b'r', b'a',
        b't', b'i', b'o', 0xf9, 0x3e, 0x00, 0x66, b'd', b'e', b't', b'a', b'i', b'l', 0xa1, 0x64,
        b'n', b'o', b't', b'e', 0x62, b'o', b'k', 0x65, b'e', b'x', b't', b'r', b'a', 0x82, 0x01,
        0x02,
    ];
    let http = TestClient::new().with_response(200, CBOR_HEADERS, body);
    let out = client(&http).put_entry().id("e-1").send().await.expect("parsed");
    assert_eq!(out.version, 7);
    assert_eq!(out.stored, Some(DateTime::from_secs_and_nanos(1_700_000_000, 500_000_000)));
    assert_eq!(out.ratio, Some(1.5));
    assert_eq!(out.detail, Some(Detail::Note("ok".to_string())));

    // An empty body: defaults.
    let http = TestClient::new().with_response(200, CBOR_HEADERS, Vec::new());
    let out = client(&http).put_entry().id("e-1").send().await.expect("parsed");
    assert_eq!(out.version, 0);
}

#[tokio::test]
async fn errors_are_found_by_their_cbor_type() {
    // {"__type": "smelt.test.ledger#EntryRejected", "message": "no", "reason": "full"}
    let mut body = vec![0xa3, 0x66];
    body.extend_from_slice(b"__type");
    body.push(0x78);
    body.push(31);
    body.extend_from_slice(b"smelt.test.ledger#EntryRejected");
    body.extend_from_slice(&[0x67]);
    body.extend_from_slice(b"message");
    body.extend_from_slice(&[0x62, b'n', b'o', 0x66]);
    body.extend_from_slice(b"reason");
    body.extend_from_slice(&[0x64, b'f', b'u', b'l', b'l']);
    let http = TestClient::new().with_response(400, CBOR_HEADERS, body);
    let err = client(&http).put_entry().id("e-1").send().await.expect_err("an error");
    match err.into_service_error() {
        Some(PutEntryError::EntryRejected(e)) => {
            assert_eq!(e.message.as_deref(), Some("no"));
            assert_eq!(e.reason.as_deref(), Some("full"));
        }
        other => panic!("expected EntryRejected, got {other:?}"),
    }

    // A body that is not CBOR keeps the status as an unhandled error, without a panic.
    let http = TestClient::new().with_response(500, CBOR_HEADERS, vec![0xbf, 0x61]);
    let err = client(&http).put_entry().id("e-1").send().await.expect_err("an error");
    assert!(matches!(err.into_service_error(), Some(PutEntryError::Unhandled(_))));
}
