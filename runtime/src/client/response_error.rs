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
/// `RequestId` or `RequestID`; the request id headers win). For the JSON protocols:
///
/// * code: the `X-Amzn-Errortype` header, else the body's `code`/`Code`, else `__type`; cut at
///   the first `:` and after the last `#`
///   (`aws.protocoltests.restjson#FooError:http://internal.amazon.com/...` → `FooError`);
/// * message: the body's `message`, `Message` or `errorMessage`;
/// * request id: `x-amzn-requestid`, else `x-amz-request-id`;
/// * status: the response status.
///
/// Never fails: a malformed body contributes nothing.
pub fn error_metadata(protocol: Protocol, response: &HttpResponse) -> ErrorMetadata {
    let json = matches!(
        protocol,
        Protocol::RestJson1 | Protocol::AwsJson1_0 | Protocol::AwsJson1_1
    );
    if !json {
        let mut meta = ErrorMetadata::new(response.status().as_u16());
        let header_id = ["x-amzn-requestid", "x-amz-request-id"]
            .iter()
            .find_map(|h| response.headers().get(*h).and_then(|v| v.to_str().ok()))
            .map(String::from);
        let (code, message, body_id) = xml_error_fields(protocol, response);
        meta.set_code(code);
        meta.set_message(message);
        meta.set_request_id(header_id.or(body_id));
        return meta;
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
    let body = BodyFields::parse(response.body()).unwrap_or_default();
    let code = header("x-amzn-errortype")
        .map(str::to_string)
        .or(body.code)
        .or(body.type_)
        .map(|c| sanitize_error_code(&c).to_string())
        .filter(|c| !c.is_empty());
    meta.set_code(code);
    meta.set_message(body.message);
    meta.set_request_id(
        header("x-amzn-requestid")
            .or_else(|| header("x-amz-request-id"))
            .map(str::to_string),
    );
    meta
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
    fn parse(body: &[u8]) -> Result<Self, DeserializeError> {
        let mut fields = BodyFields::default();
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(fields);
        }
        let mut reader = JsonReader::new(body);
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
        assert_eq!(m.code(), Some("ConflictException"));
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
