//! The endpoint test cases a generated crate carries (its model's `smithy.rules#endpointTests`),
//! run through the client's own endpoint path.
//!
//! Each case is checked twice over when it can be:
//!
//! - its `params`: built-in parameters become [`Config`] settings (`AWS::Region` the region,
//!   `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint` the endpoint URL, any other built-in
//!   through [`ConfigBuilder::endpoint_built_in`]), the others are passed as the operation's
//!   parameters, and [`Handle::endpoint_for`] binds and resolves them as a call would; the URL,
//!   headers and properties must equal the expected ones, or the error its message;
//! - each of its `operationInputs`: the `builtInParams` and `clientParams` become settings, the
//!   generated test calls the operation with its `operationParams` through a [`TestClient`], and
//!   the request sent must go to the expected URL (scheme and host equal, after the operation's
//!   `@endpoint` host prefix, which the case gives as `hostPrefix`; path starting with the
//!   expected path), carry the expected headers and be signed with the expected signing name
//!   and region (SigV4a: the algorithm, the scope without region and `X-Amz-Region-Set`); an
//!   expected error must stop the call before anything is sent, with a message that contains
//!   the expected one. For an S3 Express endpoint (`sigv4-s3express`) the fake service answers
//!   the client's `CreateSession` first, and the call must be signed with that session (its
//!   token in `x-amz-s3session-token`).
//!
//! A case is counted as skipped, never as passed, when it passes only under a condition this
//! module names: an `aws-iso*` partition without dual-stack (the AWS models' cases were written
//! against an older partition table than the runtime's), or an auth scheme the client does not
//! sign with (`sigv4a` without the runtime's `sigv4a` feature: it then fails with an error
//! naming the scheme, before anything is sent).
//!
//! Client layer, on top of the orchestrator: uses [`Handle`], the configuration, the endpoint
//! layer and the test HTTP client.

use crate::auth::credentials::Credentials;
use crate::client::config::{Config, ConfigBuilder};
use crate::client::orchestrator::{Handle, UNSIGNABLE};
use crate::endpoint::{Endpoint, EndpointParams, Partitions, RuleSet, Value};
use crate::http::{BufferedRequest, TestClient};
use crate::primitives::Document;
use crate::wire::json;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

/// One operation call made by a generated test: resolves to the call's error text, if any.
pub type Call = Pin<Box<dyn Future<Output = Option<String>>>>;

/// The outcome of a run: how many checks passed and which were skipped, with the reason.
#[derive(Debug, Default)]
pub struct Report {
    /// Checks passed (a case's `params`, or one of its `operationInputs`).
    pub passed: usize,
    /// Checks skipped: `case: reason`.
    pub skipped: Vec<String>,
    /// Checks failed: `case: what differs`.
    pub failed: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "endpoint tests: {} passed, {} skipped, {} failed",
            self.passed,
            self.skipped.len(),
            self.failed.len()
        )?;
        for s in &self.skipped {
            writeln!(f, "  skipped {s}")?;
        }
        for s in &self.failed {
            writeln!(f, "  FAILED {s}")?;
        }
        Ok(())
    }
}

/// Runs the cases of `cases` (JSON: `{"testCases": [...]}` in the trait's form, each operation
/// input naming the generated call by its index in `input`). `handle` makes the client's handle
/// for a configuration; `call` sends operation input number `n` with a configuration.
///
/// An error when the cases are not readable; otherwise the report (see [`Report`]).
pub async fn run(
    cases: &str,
    handle: impl Fn(Config) -> Handle,
    call: impl Fn(Config, usize) -> Call,
) -> Result<Report, String> {
    let doc: Document =
        json::from_slice(cases.as_bytes()).map_err(|e| format!("endpoint cases: {e}"))?;
    let list = match object(&doc).and_then(|o| o.get("testCases")) {
        Some(Document::Array(list)) => list,
        _ => return Err("endpoint cases: no `testCases` array".to_owned()),
    };
    let probe = handle(base(&TestClient::new()).build_with_env(&|_| None));
    let rules = probe
        .service()
        .endpoint_rules
        .ok_or("the service has no endpoint rule set")?;
    let rules = RuleSet::from_json(rules).map_err(|e| e.to_string())?;
    let older = older_partitions();
    let mut report = Report::default();
    for (i, case) in list.iter().enumerate() {
        let Some(case) = object(case) else {
            report.failed.push(format!("#{i}: not an object"));
            continue;
        };
        let name = match case.get("documentation") {
            Some(Document::String(d)) => format!("#{i} ({d})"),
            _ => format!("#{i}"),
        };
        let Some(expect) = case.get("expect").and_then(object) else {
            report.failed.push(format!("{name}: no `expect`"));
            continue;
        };
        let with = |partitions: Option<&Partitions>| {
            check_params(case, expect, &rules, &handle, partitions)
        };
        tally(&mut report, &name, with(None), || with(Some(&older)));
        let inputs = match case.get("operationInputs") {
            Some(Document::Array(inputs)) => inputs.as_slice(),
            _ => &[],
        };
        for input in inputs {
            let label = match object(input).and_then(|o| o.get("operationName")) {
                Some(Document::String(op)) => format!("{name} {op}"),
                _ => format!("{name} (operation)"),
            };
            let first = check_input(input, expect, &call, None).await;
            let again = match &first {
                Err(_) => Some(check_input(input, expect, &call, Some(&older)).await),
                Ok(()) => None,
            };
            tally(&mut report, &label, first, || {
                again.unwrap_or(Err(String::new()))
            });
        }
    }
    Ok(report)
}

/// Counts one check: passed, skipped (it fails but passes with the older partition table, or
/// it fails for want of an auth scheme), or failed.
fn tally(
    report: &mut Report,
    name: &str,
    outcome: Result<(), String>,
    with_older: impl FnOnce() -> Result<(), String>,
) {
    match outcome {
        Ok(()) => report.passed += 1,
        Err(e) if e.contains(UNSIGNABLE) => report.skipped.push(format!("{name}: {e}")),
        Err(e) => match with_older() {
            Ok(()) => report.skipped.push(format!(
                "{name}: expects an aws-iso* partition without dual-stack (as partition tables \
                 before botocore 1.44.5's had them; there every aws-iso* partition has \
                 supportsDualStack true); passes with only that flag off; with the runtime's \
                 table: {e}"
            )),
            Err(_) => report.failed.push(format!("{name}: {e}")),
        },
    }
}

/// The configuration every check starts from: fixed credentials and `http` as the HTTP client.
/// Built with an empty environment, so the machine's settings cannot change a result.
fn base(http: &TestClient) -> ConfigBuilder {
    Config::builder()
        .credentials_provider(Credentials::new(
            "AKIDENDPOINTTESTS",
            "secret",
            None,
            None,
            "endpoint-tests",
        ))
        .http_client(http.clone())
}

/// The runtime's partition table with every `aws-iso*` partition marked as without dual-stack.
fn older_partitions() -> Partitions {
    Partitions::builtin().with_output(
        |id| id.starts_with("aws-iso"),
        "supportsDualStack",
        Value::Bool(false),
    )
}

/// Sets a built-in parameter the way a user would: through its configuration setting.
fn built_in(builder: ConfigBuilder, name: &str, value: Value) -> Result<ConfigBuilder, String> {
    let wrong = |what: &str| format!("built-in `{name}` must be {what}, got {value:?}");
    Ok(match name {
        "AWS::Region" => builder.region(value.as_str().ok_or_else(|| wrong("a string"))?),
        "SDK::Endpoint" => builder.endpoint_url(value.as_str().ok_or_else(|| wrong("a string"))?),
        "AWS::UseFIPS" => builder.use_fips(value.as_bool().ok_or_else(|| wrong("a boolean"))?),
        "AWS::UseDualStack" => {
            builder.use_dual_stack(value.as_bool().ok_or_else(|| wrong("a boolean"))?)
        }
        other => builder.endpoint_built_in(other, value),
    })
}

fn check_params(
    case: &BTreeMap<String, Document>,
    expect: &BTreeMap<String, Document>,
    rules: &RuleSet,
    handle: &impl Fn(Config) -> Handle,
    partitions: Option<&Partitions>,
) -> Result<(), String> {
    let mut builder = base(&TestClient::new());
    if let Some(p) = partitions {
        builder = builder.partitions(p.clone());
    }
    let mut operation = EndpointParams::new();
    for (name, value) in case.get("params").and_then(object).into_iter().flatten() {
        let value = to_value(value)?;
        let def = rules.params().iter().find(|p| &p.name == name);
        match def.and_then(|p| p.built_in.as_deref()) {
            Some(b) => builder = built_in(builder, b, value)?,
            None => {
                operation.set(name, value);
            }
        }
    }
    let resolved = handle(builder.build_with_env(&|_| None)).endpoint_for(Some(&operation));
    match (expect.get("error"), resolved) {
        (Some(Document::String(want)), Err(got)) => {
            if got.strip_prefix("no endpoint: ") == Some(want.as_str()) {
                Ok(())
            } else {
                Err(format!("error `{got}`, expected `{want}`"))
            }
        }
        (Some(Document::String(want)), Ok(e)) => {
            Err(format!("resolved `{}`, expected the error `{want}`", e.url))
        }
        (_, Err(got)) => Err(got),
        (_, Ok(endpoint)) => same_endpoint(&endpoint, expect),
    }
}

fn same_endpoint(got: &Endpoint, expect: &BTreeMap<String, Document>) -> Result<(), String> {
    let want = expect
        .get("endpoint")
        .and_then(object)
        .ok_or("`expect` has neither `endpoint` nor `error`")?;
    let url = want.get("url").and_then(string).unwrap_or_default();
    if got.url != url {
        return Err(format!("URL `{}`, expected `{url}`", got.url));
    }
    let mut headers = BTreeMap::new();
    for (name, values) in want.get("headers").and_then(object).into_iter().flatten() {
        let Document::Array(values) = values else {
            return Err(format!("expected header `{name}` is not a list"));
        };
        headers.insert(
            name.clone(),
            values
                .iter()
                .filter_map(string)
                .map(str::to_owned)
                .collect(),
        );
    }
    if got.headers != headers {
        return Err(format!("headers {:?}, expected {headers:?}", got.headers));
    }
    let mut properties = BTreeMap::new();
    for (name, value) in want
        .get("properties")
        .and_then(object)
        .into_iter()
        .flatten()
    {
        properties.insert(name.clone(), to_value(value)?);
    }
    if got.properties != properties {
        return Err(format!(
            "properties {:?}, expected {properties:?}",
            got.properties
        ));
    }
    Ok(())
}

async fn check_input(
    input: &Document,
    expect: &BTreeMap<String, Document>,
    call: &impl Fn(Config, usize) -> Call,
    partitions: Option<&Partitions>,
) -> Result<(), String> {
    let input = object(input).ok_or("an operation input is not an object")?;
    let index = match input.get("input") {
        Some(Document::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or("an operation input's `input` is not an index")?,
        _ => return Err("an operation input has no `input` index".to_owned()),
    };
    let http = TestClient::always(200, "");
    // S3 Express: the client first asks for the bucket's session; the fake service gives one.
    let s3_express = first_scheme(expect)
        .and_then(|s| s.get("name"))
        .and_then(string)
        == Some("sigv4-s3express");
    if s3_express {
        http.push_response(
            http::Response::builder()
                .status(200)
                .body(bytes::Bytes::from_static(SESSION.as_bytes()))
                .map_err(|e| e.to_string())?,
        );
    }
    let mut builder = base(&http);
    if let Some(p) = partitions {
        builder = builder.partitions(p.clone());
    }
    for (name, value) in input
        .get("builtInParams")
        .and_then(object)
        .into_iter()
        .flatten()
    {
        builder = built_in(builder, name, to_value(value)?)?;
    }
    for (name, value) in input
        .get("clientParams")
        .and_then(object)
        .into_iter()
        .flatten()
    {
        builder = builder.endpoint_param(name, to_value(value)?);
    }
    let error = call(builder.build_with_env(&|_| None), index).await;
    let sent = http.requests();
    match (expect.get("error"), sent.first()) {
        (Some(Document::String(want)), None) => match error {
            Some(got) if got.contains(want.as_str()) => Ok(()),
            got => Err(format!(
                "call failed with {got:?}, expected the error `{want}`"
            )),
        },
        (Some(Document::String(want)), Some(req)) => Err(format!(
            "sent a request to `{}`, expected the error `{want}`",
            req.uri()
        )),
        (_, None) => Err(format!(
            "no request was sent: {}",
            error.unwrap_or_else(|| "the call did not fail".to_owned())
        )),
        (_, Some(first)) => {
            let prefix = input.get("hostPrefix").and_then(string).unwrap_or_default();
            if !s3_express {
                return same_request(first, expect, prefix);
            }
            // `CreateSession` (`GET /?session` on the bucket's endpoint), then the call itself,
            // signed with the session.
            let query = first.uri().query().unwrap_or_default();
            if !query.split('&').any(|p| p == "session") || first.method() != http::Method::GET {
                return Err(format!(
                    "the first request, `{} {}`, is not CreateSession",
                    first.method(),
                    first.uri()
                ));
            }
            let req = sent
                .get(1)
                .ok_or("no request was sent after CreateSession")?;
            same_request(req, expect, prefix)?;
            let token = req.headers().get("x-amz-s3session-token");
            if token.map(|v| v.as_bytes()) != Some(SESSION_TOKEN.as_bytes())
                || req.headers().contains_key("x-amz-security-token")
            {
                return Err(format!(
                    "the call is not signed with the session (x-amz-s3session-token {token:?})"
                ));
            }
            Ok(())
        }
    }
}

/// `prefix`: the operation's `@endpoint` host prefix, which the client puts before the
/// resolved host.
fn same_request(
    req: &BufferedRequest,
    expect: &BTreeMap<String, Document>,
    prefix: &str,
) -> Result<(), String> {
    let want = expect
        .get("endpoint")
        .and_then(object)
        .ok_or("`expect` has neither `endpoint` nor `error`")?;
    let url = want.get("url").and_then(string).unwrap_or_default();
    let want_uri: http::Uri = url
        .parse()
        .map_err(|e| format!("expected URL `{url}` does not parse: {e}"))?;
    let uri = req.uri();
    let base_path = want_uri.path().trim_end_matches('/');
    let path_ok = uri.path() == base_path
        || uri.path().starts_with(&format!("{base_path}/"))
        || base_path.is_empty();
    let want_authority = want_uri
        .authority()
        .map(|a| format!("{prefix}{a}"))
        .unwrap_or_default();
    let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
    if uri.scheme_str() != want_uri.scheme_str() || authority != want_authority || !path_ok {
        return Err(format!("sent to `{uri}`, expected a URL under `{url}`"));
    }
    for (name, values) in want.get("headers").and_then(object).into_iter().flatten() {
        let Document::Array(values) = values else {
            return Err(format!("expected header `{name}` is not a list"));
        };
        let sent: Vec<&[u8]> = req
            .headers()
            .get_all(name.as_str())
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        for value in values.iter().filter_map(string) {
            if !sent.contains(&value.as_bytes()) {
                return Err(format!("header `{name}: {value}` not sent (sent {sent:?})"));
            }
        }
    }
    if let Some(scheme) = first_scheme(expect) {
        signed_as(req, scheme)?;
    }
    Ok(())
}

/// The session token of [`SESSION`].
const SESSION_TOKEN: &str = "endpoint-tests-session-token";

/// The fake service's answer to S3's `CreateSession` (restXml, `CreateSessionResult`).
const SESSION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
    <CreateSessionResult><Credentials>\
    <SessionToken>endpoint-tests-session-token</SessionToken>\
    <SecretAccessKey>endpoint-tests-session-secret</SecretAccessKey>\
    <AccessKeyId>ASIAENDPOINTTESTS</AccessKeyId>\
    <Expiration>2100-01-01T00:00:00Z</Expiration>\
    </Credentials></CreateSessionResult>";

/// The first of the expected endpoint's `authSchemes`.
fn first_scheme(expect: &BTreeMap<String, Document>) -> Option<&BTreeMap<String, Document>> {
    let want = expect.get("endpoint").and_then(object)?;
    match want.get("properties").and_then(object)?.get("authSchemes") {
        Some(Document::Array(list)) => list.first().and_then(object),
        _ => None,
    }
}

/// Whether `req` is signed as the endpoint's first auth scheme says: the algorithm, the
/// credential scope (signing name and region; SigV4a's has no region, its region set is the
/// `X-Amz-Region-Set` header) and, for S3 Express, the session token header.
fn signed_as(req: &BufferedRequest, scheme: &BTreeMap<String, Document>) -> Result<(), String> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let authorization = header("authorization");
    let name = scheme.get("signingName").and_then(string);
    let region = scheme.get("signingRegion").and_then(string);
    let sigv4a = scheme.get("name").and_then(string) == Some("sigv4a");
    let algorithm = if sigv4a {
        "AWS4-ECDSA-P256-SHA256 "
    } else {
        "AWS4-HMAC-SHA256 "
    };
    if !authorization.starts_with(algorithm) {
        return Err(format!(
            "signed as `{authorization}`, expected the algorithm `{}`",
            algorithm.trim_end()
        ));
    }
    let scope = match (sigv4a, name, region) {
        (true, Some(name), _) => Some(format!("/{name}/aws4_request")),
        (false, Some(name), Some(region)) => Some(format!("/{region}/{name}/aws4_request")),
        _ => None,
    };
    if let Some(scope) = scope {
        if !authorization.contains(&scope) {
            return Err(format!(
                "signed as `{authorization}`, expected the scope `{scope}`"
            ));
        }
    }
    if sigv4a {
        let set: Vec<&str> = match scheme.get("signingRegionSet") {
            Some(Document::Array(list)) => list.iter().filter_map(string).collect(),
            _ => Vec::new(),
        };
        let want = if set.is_empty() {
            "*".to_owned()
        } else {
            set.join(",")
        };
        if header("x-amz-region-set") != want {
            return Err(format!(
                "sent `X-Amz-Region-Set: {}`, expected `{want}`",
                header("x-amz-region-set")
            ));
        }
    }
    Ok(())
}

fn object(doc: &Document) -> Option<&BTreeMap<String, Document>> {
    match doc {
        Document::Object(o) => Some(o),
        _ => None,
    }
}

fn string(doc: &Document) -> Option<&str> {
    match doc {
        Document::String(s) => Some(s),
        _ => None,
    }
}

/// A test value as a rules-language value (strings, booleans, integers, lists, records).
fn to_value(doc: &Document) -> Result<Value, String> {
    Ok(match doc {
        Document::String(s) => Value::String(s.clone()),
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(n) => Value::Int(
            n.as_i64()
                .ok_or_else(|| format!("{n:?} is not an integer"))?,
        ),
        Document::Array(list) => Value::Array(list.iter().map(to_value).collect::<Result<_, _>>()?),
        Document::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| Ok((k.clone(), to_value(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        Document::Null => return Err("a null test value".to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_skips_and_failures() {
        let mut report = Report::default();
        tally(&mut report, "#0", Ok(()), || unreachable!());
        tally(&mut report, "#1", Err("URL `a`".into()), || Ok(()));
        tally(&mut report, "#2", Err("URL `b`".into()), || {
            Err("again".into())
        });
        tally(
            &mut report,
            "#3",
            Err(format!("no request was sent: {UNSIGNABLE}: sigv4a")),
            || unreachable!(),
        );
        assert_eq!(report.passed, 1);
        assert_eq!(report.skipped.len(), 2);
        assert!(report.skipped[0].starts_with("#1: expects an aws-iso*"));
        assert!(report.skipped[1].contains("sigv4a"));
        assert_eq!(report.failed, vec!["#2: URL `b`".to_owned()]);
        assert!(report.to_string().contains("1 passed, 2 skipped, 1 failed"));
    }

    #[test]
    fn values_of_every_shape() {
        let doc: Document = json::from_slice(br#"{"a":["x",true,3],"b":{"c":"d"}}"#).unwrap();
        let v = to_value(&doc).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(
            o["a"],
            Value::Array(vec!["x".into(), true.into(), Value::Int(3)])
        );
        assert_eq!(o["b"].as_object().unwrap()["c"], Value::from("d"));
        let doc: Document = json::from_slice(b"[null]").unwrap();
        assert!(to_value(&doc).is_err());
    }

    #[test]
    fn older_table_drops_iso_dual_stack() {
        let older = older_partitions();
        let iso = older.lookup("us-iso-east-1").unwrap();
        assert_eq!(
            iso.as_object().unwrap()["supportsDualStack"],
            Value::Bool(false)
        );
        let aws = older.lookup("us-east-1").unwrap();
        assert_eq!(
            aws.as_object().unwrap()["supportsDualStack"],
            Value::Bool(true)
        );
    }
}
