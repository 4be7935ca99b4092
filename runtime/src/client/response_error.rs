//! Reading an error response: [`error_metadata`] takes the code, message and request id from the
//! headers and body the way each protocol puts them there, [`sanitize_error_code`] reduces a
//! type name to its shape name, and [`with_query_error_code`] applies an `awsQueryCompatible`
//! service's `x-amzn-query-error` header.
//!
//! Client layer: knows the error types, the wire codecs and the protocol of a service; never
//! fails (a malformed body contributes nothing) and never decides a retry.

use crate::client::error::ErrorMetadata;
use crate::client::operation::Protocol;
use crate::http::HttpResponse;
use crate::wire::json::{DeserializeError, JsonReader};

/// Extracts the error code, message and request id of an error response.
///
/// For awsQuery, ec2Query and restXml the three come from the XML body (`Error/Code`, `Error/Message`,
/// `RequestId` or `RequestID`; the request id headers win). For the JSON protocols and
/// rpcv2Cbor (its body read as CBOR):
///
/// * code: the first of [`error_code_candidates`] (the `X-Amzn-Errortype` header, else the
///   body's `__type`, else its `code`/`Code`); the orchestrator then takes the first candidate
///   that names one of the operation's errors, this one when none does;
/// * message: the body's `message`, `Message` or `errorMessage`;
/// * request id: `x-amzn-requestid`, else `x-amz-request-id`;
/// * status: the response status.
///
/// Never fails: a malformed body contributes nothing.
pub fn error_metadata(protocol: Protocol, response: &HttpResponse) -> ErrorMetadata {
    read_error(protocol, response).0
}

/// The codes an error response names, in the order they are tried, each reduced by
/// [`sanitize_error_code`] and listed once: for the JSON protocols the `X-Amzn-Errortype`
/// header, the body's `__type`, then its `code` (or `Code`); for the XML protocols the one
/// `Error/Code`. A JSON body may carry all three disagreeing, because some services model a
/// member named `code` on their errors.
pub fn error_code_candidates(protocol: Protocol, response: &HttpResponse) -> Vec<String> {
    read_error(protocol, response).1
}

/// The metadata (its code the first candidate) and every candidate code.
pub(crate) fn read_error(
    protocol: Protocol,
    response: &HttpResponse,
) -> (ErrorMetadata, Vec<String>) {
    let json = matches!(
        protocol,
        Protocol::RestJson1
            | Protocol::AwsJson1_0
            | Protocol::AwsJson1_1
            | Protocol::RpcV2Cbor
            | Protocol::RpcV2Json
    );
    if !json {
        let mut meta = ErrorMetadata::new(response.status().as_u16());
        let header_id = ["x-amzn-requestid", "x-amz-request-id"]
            .iter()
            .find_map(|h| response.headers().get(*h).and_then(|v| v.to_str().ok()))
            .map(String::from);
        let (code, message, body_id) = xml_error_fields(protocol, response);
        let candidates = code.iter().cloned().collect();
        meta.set_code(code);
        meta.set_message(message);
        meta.set_request_id(header_id.or(body_id));
        return (meta, candidates);
    }
    let headers = response.headers();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let mut meta = ErrorMetadata::new(response.status().as_u16());
    let body = BodyFields::parse(protocol, response.body()).unwrap_or_default();
    let mut candidates: Vec<String> = Vec::new();
    for raw in [
        header("x-amzn-errortype"),
        body.type_.as_deref(),
        body.code.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        let code = sanitize_error_code(raw);
        if !code.is_empty() && !candidates.iter().any(|c| c == code) {
            candidates.push(code.to_string());
        }
    }
    meta.set_code(candidates.first().cloned());
    meta.set_message(body.message);
    meta.set_request_id(
        header("x-amzn-requestid")
            .or_else(|| header("x-amz-request-id"))
            .map(str::to_string),
    );
    (meta, candidates)
}

/// Reads an error response into the operation's error type with `parse` (a generated
/// `from_error_response`), choosing the code: the first of [`error_code_candidates`] that names
/// one of the operation's errors, else the first candidate. `parse` tells an unmatched code by
/// [`ErrorMetadata::unmatched`]. Returns the metadata with the chosen code and what `parse`
/// made of it.
pub fn parse_error_response<E>(
    protocol: Protocol,
    response: &HttpResponse,
    parse: fn(ErrorMetadata, &HttpResponse) -> Result<E, DeserializeError>,
) -> (ErrorMetadata, Result<E, DeserializeError>) {
    let (meta, candidates) = read_error(protocol, response);
    if candidates.len() > 1 {
        for code in &candidates {
            match parse(meta.clone().probing(code), response) {
                Err(e) if e.is_unmatched_code() => continue,
                parsed => return (meta.with_code(code.clone()).settled(), parsed),
            }
        }
    }
    let parsed = parse(meta.clone(), response);
    (meta, parsed)
}

/// Code, message and request id from the XML body of an error of the XML protocols
/// (`<ErrorResponse><Error><Code>` and the other layouts); nothing for the other protocols.
fn xml_error_fields(
    protocol: Protocol,
    response: &HttpResponse,
) -> (Option<String>, Option<String>, Option<String>) {
    #[cfg(feature = "xml")]
    if matches!(
        protocol,
        Protocol::AwsQuery | Protocol::Ec2Query | Protocol::RestXml
    ) {
        return crate::wire::xml::error_fields(response.body());
    }
    let _ = (protocol, response);
    (None, None, None)
}

/// Reduces an error type to its shape name: cut at the first `:`, then keep what follows the
/// last `#`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let name = before_colon.rsplit('#').next().unwrap_or(before_colon);
    name.trim()
}

/// The code from an `x-amzn-query-error: Code;Sender` header (awsQueryCompatible services).
pub fn query_compatible_code(response: &HttpResponse) -> Option<String> {
    let value = response
        .headers()
        .get("x-amzn-query-error")?
        .to_str()
        .ok()?;
    let code = value.split(';').next()?.trim();
    (!code.is_empty()).then(|| code.to_string())
}

#[derive(Default)]
struct BodyFields {
    code: Option<String>,
    type_: Option<String>,
    message: Option<String>,
}

impl BodyFields {
    fn parse(protocol: Protocol, body: &[u8]) -> Result<Self, DeserializeError> {
        let mut fields = BodyFields::default();
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(fields);
        }
        let mut reader = match protocol {
            #[cfg(feature = "cbor")]
            Protocol::RpcV2Cbor => JsonReader::cbor(body),
            #[cfg(not(feature = "cbor"))]
            Protocol::RpcV2Cbor => return Ok(fields),
            _ => JsonReader::new(body),
        };
        reader.read_object(|r, key| {
            let slot = match key {
                "code" | "Code" => &mut fields.code,
                "__type" => &mut fields.type_,
                "message" | "Message" | "errorMessage" => &mut fields.message,
                _ => return r.skip_value(),
            };
            // Only string values count; anything else is skipped.
            let mut probe = r.clone();
            match probe.read_string() {
                Ok(s) => {
                    *r = probe;
                    if slot.is_none() {
                        *slot = Some(s);
                    }
                    Ok(())
                }
                Err(_) => r.skip_value(),
            }
        })?;
        Ok(fields)
    }
}

/// For `awsQueryCompatible` services: the error code from the `x-amzn-query-error` header
/// (`Code;Sender`), when present, replaces the one from the body.
pub fn with_query_error_code(meta: ErrorMetadata, response: &HttpResponse) -> ErrorMetadata {
    match query_compatible_code(response) {
        Some(code) => meta.with_code(code),
        None => meta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut b = http::Response::builder().status(status);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Bytes::from(body.to_string())).unwrap()
    }

    #[test]
    fn sanitize_codes() {
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("ns#FooError"), "FooError");
        assert_eq!(sanitize_error_code("FooError:http://x#y"), "FooError");
        assert_eq!(sanitize_error_code(""), "");
    }

    #[test]
    fn metadata_from_header_wins() {
        let r = response(
            400,
            &[
                ("x-amzn-errortype", "ValidationException:http://internal"),
                ("x-amzn-requestid", "req-123"),
            ],
            r#"{"code":"Other","message":"bad name"}"#,
        );
        let m = error_metadata(Protocol::RestJson1, &r);
        assert_eq!(m.code(), Some("ValidationException"));
        assert_eq!(m.message(), Some("bad name"));
        assert_eq!(m.request_id(), Some("req-123"));
        assert_eq!(m.status(), 400);
    }

    #[test]
    fn metadata_from_body() {
        let r = response(
            400,
            &[("x-amz-request-id", "r2")],
            r#"{"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/","Message":"hi"}"#,
        );
        let m = error_metadata(Protocol::AwsJson1_1, &r);
        assert_eq!(m.code(), Some("FooError"));
        assert_eq!(m.message(), Some("hi"));
        assert_eq!(m.request_id(), Some("r2"));

        let r = response(
            409,
            &[],
            r#"{"nested":{"code":"no"},"Code":"ConflictException","__type":"ignored#X","errorMessage":"m","n":[1,2]}"#,
        );
        let m = error_metadata(Protocol::AwsJson1_0, &r);
        // `__type` comes before `code` when neither names a modeled error.
        assert_eq!(m.code(), Some("X"));
        assert_eq!(
            error_code_candidates(Protocol::AwsJson1_0, &r),
            ["X", "ConflictException"]
        );
        assert_eq!(m.message(), Some("m"));
        assert_eq!(m.request_id(), None);
    }

    #[test]
    fn metadata_from_malformed_body() {
        for body in [
            "",
            "   ",
            "not json",
            r#"{"code":"Truncated"#,
            r#"{"code":"X","message":"#,
            "[1,2]",
            r#"{"code":42,"message":null}"#,
            "\u{0}\u{ff}",
        ] {
            let m = error_metadata(Protocol::RestJson1, &response(500, &[], body));
            assert_eq!(m.code(), None, "{body:?}");
            assert_eq!(m.message(), None, "{body:?}");
            assert_eq!(m.status(), 500);
        }
        let m = error_metadata(
            Protocol::RestJson1,
            &response(503, &[("x-amzn-errortype", "ServiceUnavailable")], "<html>"),
        );
        assert_eq!(m.code(), Some("ServiceUnavailable"));
    }

    /// A stand-in for a generated `from_error_response` whose operation models `AError`,
    /// `BError` and `CError`: the variant is the code it was given.
    fn parse_abc(meta: ErrorMetadata, _: &HttpResponse) -> Result<String, DeserializeError> {
        match meta.code() {
            Some(code @ ("AError" | "BError" | "CError")) => Ok(format!("modeled {code}")),
            _ => Ok(format!("unhandled {:?}", meta.unmatched()?.code())),
        }
    }

    /// Every combination of the three sources (absent, a modeled code, an unmodeled one), on
    /// every JSON protocol: the first source in the order header, `__type`, `code` that names a
    /// modeled error wins; when none does, the first source present; with none, no code.
    #[test]
    fn code_choice_every_combination() {
        let modeled = ["AError", "BError", "CError"];
        let unmodeled = ["XOther", "YOther", "ZOther"];
        for protocol in [
            Protocol::RestJson1,
            Protocol::AwsJson1_0,
            Protocol::AwsJson1_1,
        ] {
            for combo in 0..27 {
                // For each source: 0 absent, 1 modeled, 2 unmodeled.
                let pick = |i: usize| match combo / 3usize.pow(i as u32) % 3 {
                    0 => None,
                    1 => Some(modeled[i]),
                    _ => Some(unmodeled[i]),
                };
                let (header, type_, code) = (pick(0), pick(1), pick(2));
                let mut headers = Vec::new();
                if let Some(h) = header {
                    headers.push(("x-amzn-errortype", format!("{h}:http://internal")));
                }
                let mut fields = vec![r#""message":"m""#.to_string()];
                if let Some(t) = type_ {
                    fields.push(format!(r#""__type":"com.example#{t}""#));
                }
                if let Some(c) = code {
                    fields.push(format!(r#""code":"{c}""#));
                }
                let headers: Vec<(&str, &str)> =
                    headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let r = response(400, &headers, &format!("{{{}}}", fields.join(",")));
                let sources = [header, type_, code];
                let expected = sources
                    .iter()
                    .flatten()
                    .find(|c| modeled.contains(c))
                    .or(sources.iter().flatten().next())
                    .copied();
                let (meta, parsed) = parse_error_response(protocol, &r, parse_abc);
                assert_eq!(meta.code(), expected, "{protocol:?} {sources:?}");
                assert_eq!(meta.message(), Some("m"));
                let want = match expected {
                    Some(c) if modeled.contains(&c) => format!("modeled {c}"),
                    other => format!("unhandled {other:?}"),
                };
                assert_eq!(parsed.unwrap(), want, "{protocol:?} {sources:?}");
                // Without the operation's errors, the order alone decides.
                let first = sources.iter().flatten().next().copied();
                assert_eq!(error_metadata(protocol, &r).code(), first);
            }
        }
    }

    /// `Code` counts as `code`; a code given twice is one candidate; a parse failure of the
    /// chosen error is kept, not turned into a try of the next candidate.
    #[test]
    fn code_choice_details() {
        let r = response(400, &[], r#"{"__type":"XOther","Code":"BError"}"#);
        let (meta, parsed) = parse_error_response(Protocol::AwsJson1_1, &r, parse_abc);
        assert_eq!(meta.code(), Some("BError"));
        assert_eq!(parsed.unwrap(), "modeled BError");

        let r = response(
            400,
            &[("x-amzn-errortype", "AError")],
            r#"{"__type":"ns#AError","code":"AError"}"#,
        );
        assert_eq!(error_code_candidates(Protocol::RestJson1, &r), ["AError"]);

        fn broken(meta: ErrorMetadata, _: &HttpResponse) -> Result<String, DeserializeError> {
            match meta.code() {
                Some("BError") => Err(DeserializeError::custom("bad body")),
                _ => Ok(format!("unhandled {:?}", meta.unmatched()?.code())),
            }
        }
        let r = response(400, &[], r#"{"__type":"XOther","code":"BError"}"#);
        let (meta, parsed) = parse_error_response(Protocol::RestJson1, &r, broken);
        assert_eq!(meta.code(), Some("BError"));
        assert_eq!(parsed.unwrap_err().message(), "bad body");

        // The metadata handed out is settled: `unmatched` keeps it.
        let r = response(400, &[], r#"{"__type":"XOther","code":"YOther"}"#);
        let (meta, parsed) = parse_error_response(Protocol::RestJson1, &r, parse_abc);
        assert_eq!(meta.code(), Some("XOther"));
        assert_eq!(parsed.unwrap(), "unhandled Some(\"XOther\")");
        assert_eq!(meta.clone().unmatched().unwrap(), meta);
    }

    /// The XML protocols have one code, `Error/Code`, also when the error shape has a `Code`
    /// member of its own (it is the same element).
    #[cfg(feature = "xml")]
    #[test]
    fn xml_code_is_the_one_candidate() {
        let body = "<ErrorResponse><Error><Type>Sender</Type><Code>BError</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>";
        for protocol in [Protocol::AwsQuery, Protocol::Ec2Query, Protocol::RestXml] {
            let r = response(400, &[], body);
            assert_eq!(error_code_candidates(protocol, &r), ["BError"]);
            let (meta, parsed) = parse_error_response(protocol, &r, parse_abc);
            assert_eq!(meta.code(), Some("BError"));
            assert_eq!(parsed.unwrap(), "modeled BError");
        }
    }

    #[test]
    fn query_compatible() {
        let r = response(
            400,
            &[(
                "x-amzn-query-error",
                "AWS.SimpleQueueService.NonExistentQueue;Sender",
            )],
            "",
        );
        assert_eq!(
            query_compatible_code(&r).as_deref(),
            Some("AWS.SimpleQueueService.NonExistentQueue")
        );
        assert_eq!(query_compatible_code(&response(400, &[], "")), None);
        assert_eq!(
            query_compatible_code(&response(400, &[("x-amzn-query-error", ";Sender")], "")),
            None
        );
    }
}
