//! Helpers for the generated runners of `cargo xtask conformance` and `cargo xtask protocol-tests`
//! (copied into each runner crate).

use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::{BufferedRequest, HttpResponse, TestClient};
use smelt_runtime::retry::RetryConfig;
use smelt_runtime::types::{DateTime, Document, TimestampFormat};
use std::fmt::Debug;

/// A config that sends through `http`, signs with fixed credentials and never reads the
/// environment.
pub fn config(http: &TestClient) -> Config {
    config_for(http, "example.com")
}

/// Like [`config`], with the endpoint's host (and base path, as in `example.com/custom`).
pub fn config_for(http: &TestClient, host: &str) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(format!("https://{host}"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "conformance"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled())
        // The token the compliance tests expect for an unset `@idempotencyToken` member.
        .idempotency_tokens(smelt_runtime::client::IdempotencyTokens::fixed("00000000-0000-4000-8000-000000000000"))
        .build_with_env(&|_| None)
}

/// A config for cases whose `vendorParams` set the region: no endpoint URL, so the endpoint
/// comes from the service's rule set, with dual-stack and the rule-set parameters `params`
/// (S3's `ForcePathStyle`, `Accelerate`) as the case's settings give them.
pub fn config_for_region(
    http: &TestClient,
    region: &str,
    dual_stack: bool,
    params: &[(&str, bool)],
) -> Config {
    let mut b = Config::builder()
        .region(region)
        .use_dual_stack(dual_stack)
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "conformance"))
        .http_client(http.clone())
        .retry_config(RetryConfig::disabled());
    for (name, value) in params {
        b = b.endpoint_param(name, *value);
    }
    b.build_with_env(&|_| None)
}

/// A canned response.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(bytes::Bytes::from(body.to_string())).expect("valid canned response")
}

/// A canned response whose body is given as base64 (CBOR bodies of the test cases).
pub fn response_base64(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let bytes = smelt_runtime::http::binding::base64_decode(body).expect("valid base64 body");
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(bytes::Bytes::from(bytes)).expect("valid canned response")
}

/// What a case expects of the request.
pub struct Expected<'a> {
    pub host: Option<&'a str>,
    pub method: &'a str,
    pub uri: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub require: &'a [&'a str],
    pub forbid: &'a [&'a str],
    pub body: Option<&'a str>,
}

fn split_uri(uri: &str) -> (&str, Vec<String>) {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut pairs: Vec<String> = query.split('&').filter(|p| !p.is_empty()).map(String::from).collect();
    pairs.sort();
    (path, pairs)
}

/// Compares the request with the expectation: method, path, query parameters (as a set),
/// listed headers, required and forbidden headers, and the body (by value when JSON).
pub fn check_request(req: &BufferedRequest, want: &Expected<'_>) -> Result<(), String> {
    let mut problems = Vec::new();
    if req.method().as_str() != want.method {
        problems.push(format!("method {} != {}", req.method(), want.method));
    }
    if let Some(host) = want.host {
        let host = host.split('/').next().unwrap_or(host);
        let actual = req.uri().host().unwrap_or("");
        if actual != host {
            problems.push(format!("host `{actual}` != `{host}`"));
        }
    }
    let actual_uri = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let (path, query) = split_uri(actual_uri);
    let (want_path, want_query) = split_uri(want.uri);
    if path != want_path {
        problems.push(format!("path `{path}` != `{want_path}`"));
    }
    if query != want_query {
        problems.push(format!("query {query:?} != {want_query:?}"));
    }
    for (name, value) in want.headers {
        match req.headers().get(*name).map(|v| v.to_str().unwrap_or("<non-text>")) {
            Some(actual) if actual == *value => {}
            Some(actual) => problems.push(format!("header `{name}`: `{actual}` != `{value}`")),
            None => problems.push(format!("header `{name}` missing (want `{value}`)")),
        }
    }
    for name in want.require {
        if !req.headers().contains_key(*name) {
            problems.push(format!("required header `{name}` missing"));
        }
    }
    for name in want.forbid {
        if req.headers().contains_key(*name) {
            problems.push(format!("forbidden header `{name}` present"));
        }
    }
    if let Some(body) = want.body {
        let cbor = req.headers().get("content-type").is_some_and(|v| v == "application/cbor");
        let result = if cbor { same_cbor_body(req.body(), body) } else { same_body(req.body(), body) };
        if let Err(p) = result {
            problems.push(p);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// What a Smithy `httpRequestTests` case expects of the request.
pub struct RequestTest<'a> {
    pub method: &'a str,
    /// The path, compared exactly (percent-encoding included).
    pub uri: &'a str,
    /// `queryParams`: each `key=value` must be present (compared percent-decoded).
    pub query: &'a [&'a str],
    pub forbid_query: &'a [&'a str],
    pub require_query: &'a [&'a str],
    pub headers: &'a [(&'a str, &'a str)],
    pub require: &'a [&'a str],
    pub forbid: &'a [&'a str],
    pub body: Option<&'a str>,
    pub media_type: Option<&'a str>,
    /// `resolvedHost`.
    pub host: Option<&'a str>,
}

/// Compares the request with a Smithy request test: everything the trait defines.
pub fn check_request_test(req: &BufferedRequest, want: &RequestTest<'_>) -> Result<(), String> {
    let mut problems = Vec::new();
    if req.method().as_str() != want.method {
        problems.push(format!("method {} != {}", req.method(), want.method));
    }
    if let Some(host) = want.host {
        let actual = req.uri().host().unwrap_or("");
        if actual != host {
            problems.push(format!("host `{actual}` != `{host}`"));
        }
    }
    let (path, query) = req.uri().path_and_query().map(|p| (p.path(), p.query().unwrap_or(""))).unwrap_or(("/", ""));
    if path != want.uri {
        problems.push(format!("path `{path}` != `{}`", want.uri));
    }
    let actual_query = form_pairs(query);
    for pair in want.query {
        let wanted = form_pairs(pair);
        if !wanted.iter().all(|p| actual_query.contains(p)) {
            problems.push(format!("query parameter `{pair}` missing (query `{query}`)"));
        }
    }
    for key in want.forbid_query {
        if actual_query.iter().any(|(k, _)| k == key) {
            problems.push(format!("forbidden query parameter `{key}` present"));
        }
    }
    for key in want.require_query {
        if !actual_query.iter().any(|(k, _)| k == key) {
            problems.push(format!("required query parameter `{key}` missing"));
        }
    }
    for (name, value) in want.headers {
        let all: Vec<&str> = req.headers().get_all(*name).iter().map(|v| v.to_str().unwrap_or("<non-text>")).collect();
        let actual = all.join(", ");
        if all.is_empty() {
            problems.push(format!("header `{name}` missing (want `{value}`)"));
        } else if actual != *value {
            problems.push(format!("header `{name}`: `{actual}` != `{value}`"));
        }
    }
    for name in want.require {
        if !req.headers().contains_key(*name) {
            problems.push(format!("required header `{name}` missing"));
        }
    }
    for name in want.forbid {
        if req.headers().contains_key(*name) {
            problems.push(format!("forbidden header `{name}` present"));
        }
    }
    if let Some(body) = want.body {
        if let Err(p) = same_body_as(req.body(), body, want.media_type.unwrap_or("")) {
            problems.push(p);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Body comparison by media type: JSON by value, XML by structure, form bodies by parameter,
/// anything else byte for byte.
fn same_body_as(actual: &[u8], want: &str, media_type: &str) -> Result<(), String> {
    let actual_text = String::from_utf8_lossy(actual);
    if want.is_empty() {
        return if actual.is_empty() { Ok(()) } else { Err(format!("body `{actual_text}` != empty")) };
    }
    if media_type.ends_with("json") {
        return match (serde_json::from_slice::<serde_json::Value>(actual), serde_json::from_str::<serde_json::Value>(want)) {
            (Ok(a), Ok(w)) if json_eq(&a, &w) => Ok(()),
            (Ok(a), Ok(w)) => Err(format!("body {a} != {w}")),
            (Err(e), _) => Err(format!("body `{actual_text}` is not JSON: {e}")),
            (_, Err(e)) => Err(format!("expected body is not JSON: {e}")),
        };
    }
    if media_type.ends_with("xml") {
        return match (canonical_xml(&actual_text), canonical_xml(want)) {
            (Ok(a), Ok(w)) if a == w => Ok(()),
            (a, w) => Err(format!("XML body {a:?} != {w:?}")),
        };
    }
    if media_type == "application/cbor" {
        return same_cbor_body(actual, want);
    }
    if media_type == "application/x-www-form-urlencoded" {
        return if form_pairs(&actual_text) == form_pairs(want) { Ok(()) } else { Err(format!("form body `{actual_text}` != `{want}`")) };
    }
    if media_type.is_empty() {
        return same_body(actual, want);
    }
    if actual == want.as_bytes() { Ok(()) } else { Err(format!("body `{actual_text}` != `{want}`")) }
}

fn same_body(actual: &[u8], want: &str) -> Result<(), String> {
    let actual_text = String::from_utf8_lossy(actual);
    if want.is_empty() {
        return if actual.is_empty() { Ok(()) } else { Err(format!("body `{actual_text}` != empty")) };
    }
    match (serde_json::from_slice::<serde_json::Value>(actual), serde_json::from_str::<serde_json::Value>(want)) {
        (Ok(a), Ok(w)) => {
            if json_eq(&a, &w) {
                Ok(())
            } else {
                Err(format!("body {a} != {w}"))
            }
        }
        _ if actual == want.as_bytes() => Ok(()),
        // XML documents are equal when their canonical forms are (see `canonical_xml`).
        _ if want.trim_start().starts_with('<') => match (canonical_xml(&actual_text), canonical_xml(want)) {
            (Ok(a), Ok(w)) if a == w => Ok(()),
            (a, w) => Err(format!("XML body {a:?} != {w:?}")),
        },
        // Form bodies (the query protocols) are equal when they hold the same parameters.
        _ if form_pairs(&actual_text) == form_pairs(want) && want.contains('=') => Ok(()),
        _ => Err(format!("body `{actual_text}` != `{want}`")),
    }
}

/// A CBOR data item as a tree, for comparison by value.
#[derive(Debug)]
enum Cbor {
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    Map(Vec<(Cbor, Cbor)>),
    Tag(u64, Box<Cbor>),
    Bool(bool),
    Null,
    Undefined,
    Simple(u8),
}

fn cbor_tree(input: &[u8], pos: &mut usize, depth: usize) -> Result<Cbor, String> {
    use smelt_runtime::wire::cbor::{next, Token};
    if depth > 64 {
        return Err("CBOR nested too deeply".to_string());
    }
    let (token, after) = next(input, *pos).map_err(|e| e.to_string())?;
    *pos = after;
    let at_break = |pos: &mut usize| {
        if input.get(*pos) == Some(&0xff) {
            *pos += 1;
            true
        } else {
            false
        }
    };
    Ok(match token {
        Token::Int(i) => Cbor::Int(i),
        Token::Float(f) => Cbor::Float(f),
        Token::Bytes(b) => Cbor::Bytes(b.into_owned()),
        Token::Text(s) => Cbor::Text(s.into_owned()),
        Token::Bool(b) => Cbor::Bool(b),
        Token::Null => Cbor::Null,
        Token::Undefined => Cbor::Undefined,
        Token::Simple(s) => Cbor::Simple(s),
        Token::Tag(t) => Cbor::Tag(t, Box::new(cbor_tree(input, pos, depth + 1)?)),
        Token::Break => return Err("unexpected CBOR break".to_string()),
        Token::Array(len) => {
            let mut items = Vec::new();
            match len {
                Some(n) => {
                    for _ in 0..n {
                        items.push(cbor_tree(input, pos, depth + 1)?);
                    }
                }
                None => {
                    while !at_break(pos) {
                        items.push(cbor_tree(input, pos, depth + 1)?);
                    }
                }
            }
            Cbor::Array(items)
        }
        Token::Map(len) => {
            let mut entries = Vec::new();
            match len {
                Some(n) => {
                    for _ in 0..n {
                        let k = cbor_tree(input, pos, depth + 1)?;
                        entries.push((k, cbor_tree(input, pos, depth + 1)?));
                    }
                }
                None => {
                    while !at_break(pos) {
                        let k = cbor_tree(input, pos, depth + 1)?;
                        entries.push((k, cbor_tree(input, pos, depth + 1)?));
                    }
                }
            }
            Cbor::Map(entries)
        }
    })
}

fn parse_cbor(bytes: &[u8]) -> Result<Cbor, String> {
    let mut pos = 0;
    let tree = cbor_tree(bytes, &mut pos, 0)?;
    if pos != bytes.len() {
        return Err(format!("{} bytes after the CBOR item", bytes.len() - pos));
    }
    Ok(tree)
}

/// CBOR values are equal when they mean the same: numbers by value whatever their width (NaN
/// equal to NaN), strings whatever their chunking, containers whatever their length encoding,
/// maps whatever their order.
fn cbor_eq(a: &Cbor, b: &Cbor) -> bool {
    use Cbor::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Int(x), Float(y)) | (Float(y), Int(x)) => *x as f64 == *y,
        (Bytes(x), Bytes(y)) => x == y,
        (Text(x), Text(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Null, Null) | (Undefined, Undefined) => true,
        (Simple(x), Simple(y)) => x == y,
        (Tag(t, x), Tag(u, y)) => t == u && cbor_eq(x, y),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| cbor_eq(a, b)),
        (Map(x), Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| cbor_eq(k, k2) && cbor_eq(v, v2)))
        }
        _ => false,
    }
}

/// Compares a CBOR body with the expected one, given as base64.
fn same_cbor_body(actual: &[u8], want_base64: &str) -> Result<(), String> {
    let want = smelt_runtime::http::binding::base64_decode(want_base64.trim())
        .map_err(|e| format!("expected CBOR body is not base64: {e}"))?;
    if want.is_empty() {
        return if actual.is_empty() { Ok(()) } else { Err(format!("body {actual:02x?} != empty")) };
    }
    match (parse_cbor(actual), parse_cbor(&want)) {
        (Ok(a), Ok(w)) if cbor_eq(&a, &w) => Ok(()),
        (Ok(a), Ok(w)) => Err(format!("CBOR body {a:?} != {w:?}")),
        (Err(e), _) => Err(format!("body {actual:02x?} is not CBOR: {e}")),
        (_, Err(e)) => Err(format!("expected body is not CBOR: {e}")),
    }
}

/// A canonical text of an XML document: each element as its namespace URI, local name, sorted
/// attributes and in-scope namespaces, then either its exact text (a leaf) or its children's
/// canonical forms. Children are compared in sorted order: the generated clients keep maps in
/// hash maps, whose entry order is not part of the wire format (list order is checked by the
/// JSON and query suites, which share the item loop).
fn canonical_xml(text: &str) -> Result<String, String> {
    fn walk(n: roxmltree::Node<'_, '_>) -> String {
        let mut attrs: Vec<String> = n.attributes().map(|a| format!("{}={:?}", a.name(), a.value())).collect();
        attrs.sort();
        let mut namespaces: Vec<String> = n.namespaces().map(|ns| format!("{:?}={}", ns.name(), ns.uri())).collect();
        namespaces.sort();
        let elements: Vec<roxmltree::Node<'_, '_>> = n.children().filter(|c| c.is_element()).collect();
        let inner = if elements.is_empty() {
            let text: String = n.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect();
            format!("{text:?}")
        } else {
            let mut children: Vec<String> = elements.into_iter().map(walk).collect();
            children.sort();
            children.join(",")
        };
        format!(
            "<{{{}}}{} [{}] [{}]>({inner})",
            n.tag_name().namespace().unwrap_or(""),
            n.tag_name().name(),
            attrs.join(" "),
            namespaces.join(" ")
        )
    }
    let doc = roxmltree::Document::parse(text.trim()).map_err(|e| format!("not XML: {e}"))?;
    Ok(walk(doc.root_element()))
}

/// The `key=value` pairs of a form body, percent-decoded, sorted.
fn form_pairs(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    let mut pairs: Vec<(String, String)> = body
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => x.as_f64() == y.as_f64(),
        (V::Array(x), V::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Equality, with `Debug` text as a tie-breaker so that NaN equals NaN.
pub fn same<T: PartialEq + Debug>(actual: &T, expected: &T) -> Result<(), String> {
    if actual == expected || format!("{actual:?}") == format!("{expected:?}") {
        Ok(())
    } else {
        Err(format!("got {actual:?}\n          expected {expected:?}"))
    }
}

/// A document from JSON text.
pub fn document(json: &str) -> Document {
    smelt_runtime::json::JsonReader::new(json.as_bytes()).read_document().expect("valid document JSON")
}

/// A timestamp written in any of the three formats.
pub fn datetime(s: &str) -> DateTime {
    [TimestampFormat::DateTime, TimestampFormat::HttpDate, TimestampFormat::EpochSeconds]
        .iter()
        .find_map(|f| DateTime::parse(s, *f).ok())
        .expect("a timestamp the test data can parse")
}
