//! Reading a response in generated deserializers: the [`FromResponse`] and [`FromErrorResponse`]
//! traits, bodies and payloads (JSON, XML, blob, text, stream) and HTTP-bound response headers
//! (typed values, lists, prefixed maps), each failure a [`DeserializeError`] naming what failed.
//!
//! Glue layer: may use every layer below; it must hold no model-specific logic (generated code
//! passes names and values).

use crate::client::error::ErrorMetadata;
use crate::http::body::ByteStream;
use crate::http::{HttpResponse, StreamingResponse};
use crate::primitives::{format_timestamp, Blob, DateTime, TimestampFormat};
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

/// Reads a CBOR response whose structure has only body members (rpcv2Cbor); an empty body
/// reads as an empty map.
#[cfg(feature = "cbor")]
pub fn cbor_body<T: JsonDeserialize>(response: &HttpResponse) -> Result<T, DeserializeError> {
    json::from_cbor_slice(response.body())
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

/// [`FromResponse::from_response`] as a function, for short generated code.
pub fn from_response<T: FromResponse>(response: &HttpResponse) -> Result<T, DeserializeError> {
    T::from_response(response)
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
}
