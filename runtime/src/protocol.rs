//! Glue called by generated operations: request building, HTTP-binding values, and response
//! header parsing. Everything here is model-independent; generated code passes names and values.

use crate::error::{BuildError, ErrorMetadata};
use crate::http::body::ByteStream;
use crate::http::{HttpRequest, HttpResponse, StreamingResponse};
use crate::primitives::{Blob, DateTime, TimestampFormat};
use crate::wire::json::{self, DeserializeError, JsonDeserialize};
use std::collections::HashMap;

/// Types read from an HTTP response: operation outputs and error structures.
pub trait FromResponse: Sized {
    /// Parses the response (body, headers, status code) into the type.
    fn from_response(response: &HttpResponse) -> Result<Self, DeserializeError>;
}

/// Types built from an error response: the error enum of each operation.
pub trait FromErrorResponse: Sized {
    /// Picks the variant for the error code in `meta` and parses the response into it.
    fn from_error_response(
        meta: ErrorMetadata,
        response: &HttpResponse,
    ) -> Result<Self, DeserializeError>;
}

/// Reads a response whose structure has only body members: the JSON document (an empty body
/// reads as `{}`).
pub fn json_body<T: JsonDeserialize>(response: &HttpResponse) -> Result<T, DeserializeError> {
    json::from_slice(response.body())
}

/// The body as an XML document (restXml `@httpPayload` structures and unions); `None` when empty.
#[cfg(feature = "xml")]
pub fn payload_xml<T: crate::wire::xml::XmlDeserialize>(
    response: &HttpResponse,
) -> Result<Option<T>, DeserializeError> {
    if response.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let doc = crate::wire::xml::XmlDocument::parse(response.body())?;
    T::read_xml(doc.root()).map(Some)
}

/// An error structure of the query protocols, read from the `<Error>` element of the response.
#[cfg(feature = "xml")]
pub fn xml_error<T: crate::wire::xml::XmlDeserialize + Default>(
    response: &HttpResponse,
) -> Result<T, DeserializeError> {
    crate::wire::xml::error_element(response.body(), crate::wire::xml::read)
}

/// For `awsQueryCompatible` services: the error code from the `x-amzn-query-error` header
/// (`Code;Sender`), when present, replaces the one from the body.
pub fn with_query_error_code(meta: ErrorMetadata, response: &HttpResponse) -> ErrorMetadata {
    match crate::client::query_compatible_code(response) {
        Some(code) => meta.with_code(code),
        None => meta,
    }
}

/// [`FromResponse::from_response`] as a function, for short generated code.
pub fn from_response<T: FromResponse>(response: &HttpResponse) -> Result<T, DeserializeError> {
    T::from_response(response)
}

/// Fails with one error naming every member whose flag is `false` (not set).
pub fn check_required(members: &[(&'static str, bool)]) -> Result<(), BuildError> {
    let missing: Vec<&'static str> = members
        .iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(BuildError::missing_members(missing))
    }
}

/// A percent-encoded URI label; a missing or empty label is an error naming the member.
pub fn label(
    member: &'static str,
    value: Option<String>,
    greedy: bool,
) -> Result<String, BuildError> {
    match value {
        None => Err(BuildError::missing(member)),
        Some(v) if v.is_empty() => Err(BuildError::invalid(member, "a URI label cannot be empty")),
        Some(v) if greedy => Ok(crate::http::binding::encode_greedy_label(&v)),
        Some(v) => Ok(crate::http::binding::encode_label(&v)),
    }
}

pub use crate::primitives::format_timestamp;

/// Collects a request's parts; errors (an invalid header value, say) surface in [`build`](Self::build).
#[derive(Debug)]
pub struct RequestBuilder {
    builder: http::request::Builder,
    body: ByteStream,
    error: Option<BuildError>,
}

impl RequestBuilder {
    /// A request with a method and a path-and-query URI.
    pub fn new(method: &str, uri: String) -> Self {
        RequestBuilder {
            builder: http::Request::builder().method(method).uri(uri),
            body: ByteStream::new(),
            error: None,
        }
    }

    /// Adds a header.
    pub fn header(&mut self, name: &str, value: &str) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.header(name, value);
    }

    /// Sets the body and its `Content-Type` (unless a header member already set one).
    pub fn body(&mut self, content_type: &str, body: Vec<u8>) {
        self.default_content_type(content_type);
        self.body = ByteStream::from(body);
    }

    fn default_content_type(&mut self, content_type: &str) {
        let set = self
            .builder
            .headers_ref()
            .is_some_and(|h| h.contains_key(http::header::CONTENT_TYPE));
        if !set {
            self.header("content-type", content_type);
        }
    }

    /// Sets a streaming body (a `@streaming` blob payload) and its `Content-Type`. With
    /// `requires_length` (`@requiresLength`), a stream of unknown length is an error naming
    /// `member`.
    pub fn stream_body(
        &mut self,
        member: &'static str,
        content_type: &str,
        body: ByteStream,
        requires_length: bool,
    ) {
        if requires_length && body.content_length().is_none() && self.error.is_none() {
            self.error = Some(BuildError::invalid(
                member,
                "the service needs the length of this stream: use bytes in memory or a file",
            ));
        }
        self.default_content_type(content_type);
        self.body = body;
    }

    /// Puts `prefix` before the endpoint's host (Smithy's `@endpoint(hostPrefix)`), after
    /// checking that the labels it was built from are valid host labels.
    pub fn host_prefix(&mut self, prefix: String, labels: &[(&'static str, &str)]) {
        for (member, value) in labels {
            let valid = !value.is_empty()
                && value.len() <= 63
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !value.starts_with('-');
            if !valid && self.error.is_none() {
                self.error = Some(BuildError::invalid(
                    member,
                    format!("`{value}` is not a valid host label"),
                ));
            }
        }
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(crate::client::HostPrefix(prefix));
    }

    /// Asks for gzip compression of the body (`@requestCompression`), which the orchestrator
    /// applies when the configuration allows it and the body is large enough.
    pub fn request_compression(&mut self) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(crate::client::RequestCompression);
    }

    /// Asks for a `Content-MD5` header (`@httpChecksumRequired`), which the orchestrator adds
    /// for bodies in memory.
    pub fn checksum_required(&mut self) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = builder.extension(crate::client::ChecksumRequired);
    }

    /// The finished request.
    pub fn build(self) -> Result<HttpRequest, BuildError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.builder
            .body(self.body)
            .map_err(|e| BuildError::other(format!("the request could not be built: {e}")))
    }
}

/// A response header as text; a value that is not visible ASCII is an error naming the header.
pub fn header<'r, B>(
    response: &'r http::Response<B>,
    name: &str,
) -> Result<Option<&'r str>, DeserializeError> {
    match response.headers().get(name) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .map(Some)
            .map_err(|_| DeserializeError::custom(format!("header `{name}` is not valid text"))),
    }
}

/// Parses a header value (numbers, booleans) with the type's `FromStr`.
pub fn parse<T: std::str::FromStr>(name: &str, s: &str) -> Result<T, DeserializeError> {
    s.trim().parse().map_err(|_| {
        DeserializeError::custom(format!(
            "header `{name}`: `{s}` is not a valid {}",
            std::any::type_name::<T>()
        ))
    })
}

/// Parses a timestamp header value.
pub fn parse_timestamp(
    name: &str,
    s: &str,
    format: TimestampFormat,
) -> Result<DateTime, DeserializeError> {
    DateTime::parse(s.trim(), format)
        .map_err(|e| DeserializeError::custom(format!("header `{name}`: {e}")))
}

/// Decodes a base64 header value into a blob.
pub fn parse_base64(name: &str, s: &str) -> Result<Blob, DeserializeError> {
    crate::http::binding::base64_decode(s.trim())
        .map(Blob::new)
        .map_err(|e| DeserializeError::custom(format!("header `{name}`: {e}")))
}

/// Decodes a base64 header value (a `@mediaType` string) into text.
pub fn parse_base64_string(name: &str, s: &str) -> Result<String, DeserializeError> {
    let bytes = parse_base64(name, s)?.into_inner();
    String::from_utf8(bytes)
        .map_err(|_| DeserializeError::custom(format!("header `{name}` is not UTF-8")))
}

/// Splits a list header (`a, "b,c"`), or HTTP dates (which contain a comma each), and parses
/// each item.
pub fn parse_list<T>(
    name: &str,
    v: &str,
    http_dates: bool,
    item: impl Fn(&str) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    if http_dates {
        return crate::http::binding::split_http_date_list(v)
            .map_err(|e| DeserializeError::custom(format!("header `{name}`: {e}")))?
            .into_iter()
            .map(|d| item(&format_timestamp(&d, TimestampFormat::HttpDate)))
            .collect();
    }
    crate::http::binding::split_header_list(v)
        .map_err(|e| DeserializeError::custom(format!("header `{name}`: {e}")))?
        .iter()
        .map(|s| item(s))
        .collect()
}

/// Every header starting with `prefix` (case-insensitively), keyed by the rest of its name; an
/// empty map when there are none.
pub fn prefix_headers<B>(
    response: &http::Response<B>,
    prefix: &str,
) -> Result<Option<HashMap<String, String>>, DeserializeError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut out = HashMap::new();
    for (name, value) in response.headers() {
        if let Some(rest) = name.as_str().strip_prefix(&prefix) {
            let value = value.to_str().map_err(|_| {
                DeserializeError::custom(format!("header `{name}` is not valid text"))
            })?;
            out.insert(rest.to_string(), value.to_string());
        }
    }
    Ok(Some(out))
}

/// The body of a streaming output (`@streaming` blob payloads), taken unread.
pub fn payload_stream(response: &mut StreamingResponse) -> ByteStream {
    std::mem::take(response.body_mut())
}

/// The body as a blob (`@httpPayload` blobs); `None` when empty.
pub fn payload_blob(response: &HttpResponse) -> Option<Blob> {
    (!response.body().is_empty()).then(|| Blob::new(response.body().to_vec()))
}

/// The body as text (`@httpPayload` strings); `None` when empty.
pub fn payload_string(response: &HttpResponse) -> Result<Option<String>, DeserializeError> {
    if response.body().is_empty() {
        return Ok(None);
    }
    String::from_utf8(response.body().to_vec())
        .map(Some)
        .map_err(|_| DeserializeError::custom("the response body is not UTF-8"))
}

/// The body as a JSON document (`@httpPayload` structures, unions, documents); `None` when empty.
pub fn payload_json<T: JsonDeserialize>(
    response: &HttpResponse,
) -> Result<Option<T>, DeserializeError> {
    if response.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    json::from_slice(response.body()).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)]) -> HttpResponse {
        let mut b = http::Response::builder().status(200);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(bytes::Bytes::new()).expect("valid response")
    }

    #[test]
    fn required_members_are_all_named() {
        assert!(check_required(&[("a", true)]).is_ok());
        let err = check_required(&[("a", false), ("b", true), ("c", false)]).unwrap_err();
        assert_eq!(err.missing_member_names(), &["a", "c"]);
    }

    #[test]
    fn labels() {
        assert_eq!(
            label("x", Some("a/b:c".into()), false).unwrap(),
            "a%2Fb%3Ac"
        );
        assert_eq!(label("x", Some("a/b".into()), true).unwrap(), "a/b");
        assert!(label("x", None, false).is_err());
        assert!(label("x", Some(String::new()), false).is_err());
    }

    #[test]
    fn headers_parse_or_fail_with_the_name() {
        let r = response(&[
            ("x-n", "12"),
            ("x-bad", "twelve"),
            ("x-list", "a, \"b,c\""),
            ("x-meta-one", "1"),
        ]);
        assert_eq!(
            parse::<i32>("x-n", header(&r, "x-n").unwrap().unwrap()).unwrap(),
            12
        );
        let err = parse::<i32>("x-bad", header(&r, "x-bad").unwrap().unwrap()).unwrap_err();
        assert!(err.to_string().contains("x-bad"), "{err}");
        let list = parse_list(
            "x-list",
            header(&r, "x-list").unwrap().unwrap(),
            false,
            |s| Ok(s.to_string()),
        )
        .unwrap();
        assert_eq!(list, vec!["a".to_string(), "b,c".to_string()]);
        let meta = prefix_headers(&r, "X-Meta-").unwrap().unwrap();
        assert_eq!(meta.get("one").map(String::as_str), Some("1"));
        assert_eq!(header(&r, "absent").unwrap(), None);
    }

    #[test]
    fn a_content_type_member_wins_over_the_default() {
        let mut b = RequestBuilder::new("PUT", "/x".into());
        b.header("Content-Type", "text/plain");
        b.stream_body(
            "body",
            "application/octet-stream",
            ByteStream::from("hi"),
            false,
        );
        let r = b.build().unwrap();
        let values: Vec<_> = r.headers().get_all("content-type").iter().collect();
        assert_eq!(values, ["text/plain"]);
        let mut b = RequestBuilder::new("PUT", "/x".into());
        b.body("application/json", b"{}".to_vec());
        assert_eq!(
            b.build().unwrap().headers()["content-type"],
            "application/json"
        );
    }

    #[test]
    fn request_builder_reports_bad_header_values() {
        let mut b = RequestBuilder::new("GET", "/x".into());
        b.header("x-ok", "fine");
        assert!(b.build().is_ok());
        let mut b = RequestBuilder::new("GET", "/x".into());
        b.header("x-bad", "line\nbreak");
        assert!(b.build().is_err());
    }
}
