//! What the HTTP-based providers share: sending one request with a deadline, reading a small
//! body, and the JSON credential documents (container endpoint, instance metadata,
//! `credential_process`, SSO).

use super::{Credentials, CredentialsError};
use crate::http::{HttpClient, HttpRequest};
use crate::primitives::{DateTime, Document, Number, TimestampFormat};
use crate::wire::json::JsonReader;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

/// The largest response body a credentials endpoint may send (64 KiB).
const MAX_BODY: usize = 64 * 1024;

/// A response of a credentials endpoint: status and body.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: String,
}

/// Sends `request`, reads the body (at most 64 KiB), all within `timeout`.
pub(crate) async fn send(
    http: &dyn HttpClient,
    request: HttpRequest,
    timeout: Duration,
) -> Result<Reply, String> {
    let work = async {
        let response = http.call(request).await.map_err(|e| e.to_string())?;
        let (parts, body) = response.into_parts();
        let bytes = body
            .collect_limited(MAX_BODY)
            .await
            .map_err(|e| format!("reading the response: {e}"))?;
        Ok(Reply {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(r) => r,
        Err(_) => Err(format!("no response within {timeout:?}")),
    }
}

/// The start of a body, for an error message.
pub(crate) fn snippet(body: &str) -> String {
    let t: String = body.trim().chars().take(200).collect();
    if t.is_empty() {
        "<empty body>".to_string()
    } else {
        t
    }
}

/// A JSON object as `key → text`, nested objects as `outer.inner` keys, numbers and booleans as
/// their text; arrays and nulls are left out.
pub(crate) fn flat_json(body: &str) -> Result<BTreeMap<String, String>, String> {
    let doc = JsonReader::new(body.as_bytes())
        .read_document()
        .map_err(|e| format!("invalid JSON: {e}"))?;
    let Document::Object(map) = doc else {
        return Err("expected a JSON object".to_string());
    };
    let mut out = BTreeMap::new();
    flatten("", &map, &mut out);
    Ok(out)
}

fn flatten(prefix: &str, map: &BTreeMap<String, Document>, out: &mut BTreeMap<String, String>) {
    for (k, v) in map {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Document::String(s) => {
                out.insert(key, s.clone());
            }
            Document::Bool(b) => {
                out.insert(key, b.to_string());
            }
            Document::Number(n) => {
                let text = match n {
                    Number::PosInt(u) => u.to_string(),
                    Number::NegInt(i) => i.to_string(),
                    Number::Float(f) => f.to_string(),
                };
                out.insert(key, text);
            }
            Document::Object(inner) => flatten(&key, inner, out),
            Document::Null | Document::Array(_) => {}
        }
    }
}

/// An RFC 3339 time (`2026-01-01T00:00:00Z`) as a `SystemTime`.
pub(crate) fn parse_rfc3339(text: &str) -> Result<SystemTime, String> {
    DateTime::parse(text.trim(), TimestampFormat::DateTime)
        .ok()
        .and_then(|d| SystemTime::try_from(d).ok())
        .ok_or_else(|| format!("invalid time `{}`", snippet(text)))
}

/// Credentials from a JSON document with `AccessKeyId`, `SecretAccessKey`, `Token` or
/// `SessionToken`, and an optional RFC 3339 `Expiration` (the shape served by the container
/// endpoint, instance metadata and `credential_process`).
pub(crate) fn credentials_from_json(
    body: &str,
    provider: &'static str,
) -> Result<Credentials, CredentialsError> {
    let fields = flat_json(body)
        .map_err(|e| CredentialsError::invalid(format!("unreadable credentials document: {e}")))?;
    let get = |k: &str| fields.get(k).filter(|v| !v.is_empty()).cloned();
    let (Some(key), Some(secret)) = (get("AccessKeyId"), get("SecretAccessKey")) else {
        return Err(CredentialsError::invalid(
            "the credentials document lacks AccessKeyId or SecretAccessKey",
        ));
    };
    let token = get("Token").or_else(|| get("SessionToken"));
    let expiry = match get("Expiration") {
        Some(e) => Some(parse_rfc3339(&e).map_err(CredentialsError::invalid)?),
        None => None,
    };
    Ok(Credentials::new(key, secret, token, expiry, provider))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_json_and_credentials() {
        let f = flat_json(r#"{"a":{"b":"x","n":5},"t":true,"l":[1],"z":null}"#).unwrap();
        assert_eq!(f["a.b"], "x");
        assert_eq!(f["a.n"], "5");
        assert_eq!(f["t"], "true");
        assert!(!f.contains_key("l") && !f.contains_key("z"));
        assert!(flat_json("[1]").is_err());
        assert!(flat_json("{").is_err());

        let c = credentials_from_json(
            r#"{"AccessKeyId":"K","SecretAccessKey":"S","Token":"T","Expiration":"2030-01-01T00:00:00Z"}"#,
            "test",
        )
        .unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("K", Some("T")));
        assert_eq!(
            c.expiry().unwrap(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000)
        );
        let e = credentials_from_json(r#"{"AccessKeyId":"K"}"#, "t").unwrap_err();
        assert!(e.to_string().contains("SecretAccessKey"), "{e}");
        let e = credentials_from_json(
            r#"{"AccessKeyId":"K","SecretAccessKey":"S","Expiration":"soon"}"#,
            "t",
        )
        .unwrap_err();
        assert!(e.to_string().contains("invalid time `soon`"), "{e}");
    }
}
