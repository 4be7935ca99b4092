//! STS `AssumeRole` and `AssumeRoleWithWebIdentity` as plain HTTP requests: the
//! [`StsClient`] the default configuration plugs into the credential chain.
//!
//! The runtime sits below the generated crates, so it cannot call a generated STS client; these
//! two calls are small enough to write here with the runtime's own pieces: the `awsQuery` body
//! writer, SigV4 signing ([`sign`](crate::auth::sign)) for `AssumeRole`, and a reader for the
//! few elements of the XML answer. A generated client can replace it through the trait.
//!
//! Endpoint: `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL` (both ignored with
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), else `https://sts.<region>.amazonaws.com`
//! (`us-east-1` without a region).

use crate::auth::credentials::{
    AssumeRoleRequest, Credentials, CredentialsError, EnvLookup, StsClient, WebIdentityRequest,
};
use crate::auth::sign::sign_request;
use crate::http::{BoxFuture, ByteStream, HttpClient};
use crate::primitives::{DateTime, TimestampFormat};
use crate::wire::query::{Dialect, QueryWriter};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

const VERSION: &str = "2011-06-15";
const MAX_BODY: usize = 256 * 1024;

/// STS over an [`HttpClient`].
#[derive(Clone)]
pub struct HttpSts {
    http: Arc<dyn HttpClient>,
    endpoint: String,
    region: String,
    timeout: Duration,
}

impl fmt::Debug for HttpSts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSts")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl HttpSts {
    /// STS in `region` (default `us-east-1`), the endpoint chosen as the module docs say.
    pub fn new(http: Arc<dyn HttpClient>, env: &EnvLookup, region: Option<&str>) -> Self {
        let var = |n: &str| env(n).filter(|v| !v.trim().is_empty());
        let region = region.unwrap_or("us-east-1").to_string();
        let ignore = var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let configured = if ignore {
            None
        } else {
            var("AWS_ENDPOINT_URL_STS").or_else(|| var("AWS_ENDPOINT_URL"))
        };
        let endpoint = configured
            .map(|e| e.trim().trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("https://sts.{region}.amazonaws.com"));
        Self {
            http,
            endpoint,
            region,
            timeout: Duration::from_secs(10),
        }
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn call(
        &self,
        body: Vec<u8>,
        sign_with: Option<&Credentials>,
        action: &str,
    ) -> Result<Credentials, CredentialsError> {
        let fail = |m: String| CredentialsError::invalid(format!("STS {action}: {m}"));
        let mut request = http::Request::builder()
            .method("POST")
            .uri(format!("{}/", self.endpoint))
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .body(ByteStream::from(body))
            .map_err(|e| fail(format!("cannot build the request: {e}")))?;
        if let Some(creds) = sign_with {
            sign_request(&mut request, creds, &self.region, "sts", SystemTime::now())
                .map_err(|e| fail(format!("cannot sign the request: {e}")))?;
        }
        let work = async {
            let response = self.http.call(request).await.map_err(|e| e.to_string())?;
            let (parts, body) = response.into_parts();
            let bytes = body
                .collect_limited(MAX_BODY)
                .await
                .map_err(|e| format!("reading the response: {e}"))?;
            Ok::<_, String>((
                parts.status.as_u16(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        };
        let (status, text) = tokio::time::timeout(self.timeout, work)
            .await
            .map_err(|_| fail(format!("no response within {:?}", self.timeout)))?
            .map_err(fail)?;
        if status != 200 {
            let code = xml_text(&text, "Code").unwrap_or_default();
            let message = xml_text(&text, "Message").unwrap_or_default();
            return Err(fail(format!("HTTP {status} {code}: {message}")));
        }
        let (Some(key), Some(secret)) = (
            xml_text(&text, "AccessKeyId"),
            xml_text(&text, "SecretAccessKey"),
        ) else {
            return Err(fail("the answer has no credentials".into()));
        };
        let expiry = match xml_text(&text, "Expiration") {
            Some(e) => Some(
                DateTime::parse(e.trim(), TimestampFormat::DateTime)
                    .ok()
                    .and_then(|d| SystemTime::try_from(d).ok())
                    .ok_or_else(|| fail(format!("invalid Expiration `{e}`")))?,
            ),
            None => None,
        };
        Ok(Credentials::new(
            key,
            secret,
            xml_text(&text, "SessionToken"),
            expiry,
            "AssumeRoleProvider",
        ))
    }
}

/// The text of the first `<tag>…</tag>` element (entities decoded), for STS's fixed answers.
fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&close)?;
    let raw = xml[start..end].trim();
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&after[..=semi]),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}

impl StsClient for HttpSts {
    fn assume_role<'a>(
        &'a self,
        source: &'a Credentials,
        request: &'a AssumeRoleRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let mut w = QueryWriter::new(Dialect::AwsQuery, "AssumeRole", VERSION);
        w.text("RoleArn", &request.role_arn);
        w.text("RoleSessionName", &request.session_name);
        if let Some(id) = &request.external_id {
            w.text("ExternalId", id);
        }
        if let Some(d) = request.duration_seconds {
            w.text("DurationSeconds", &d.to_string());
        }
        Box::pin(self.call(w.finish(), Some(source), "AssumeRole"))
    }

    fn assume_role_with_web_identity<'a>(
        &'a self,
        request: &'a WebIdentityRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let mut w = QueryWriter::new(Dialect::AwsQuery, "AssumeRoleWithWebIdentity", VERSION);
        w.text("RoleArn", &request.role_arn);
        w.text("RoleSessionName", &request.session_name);
        w.text("WebIdentityToken", &request.token);
        Box::pin(self.call(w.finish(), None, "AssumeRoleWithWebIdentity"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::credentials::env_from_map;
    use crate::http::TestClient;

    const OK: &str = "<AssumeRoleResponse><AssumeRoleResult><Credentials>\
        <AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s&amp;k</SecretAccessKey>\
        <SessionToken>tok</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>\
        </Credentials></AssumeRoleResult></AssumeRoleResponse>";

    #[test]
    fn xml_text_reads_elements() {
        assert_eq!(xml_text(OK, "SecretAccessKey").as_deref(), Some("s&k"));
        assert_eq!(
            xml_text("<a>&#65;&#x42;&bogus;</a>", "a").as_deref(),
            Some("AB&bogus;")
        );
        assert_eq!(xml_text("<a>x", "a"), None);
    }

    #[tokio::test]
    async fn assume_role_is_signed_and_parsed() {
        let http = TestClient::always(200, OK);
        let sts = HttpSts::new(
            Arc::new(http.clone()),
            &env_from_map([("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9/")]),
            Some("eu-west-1"),
        );
        let source = Credentials::new("AKID", "SECRET", None, None, "t");
        let req = AssumeRoleRequest {
            role_arn: "arn:aws:iam::1:role/r".into(),
            session_name: "s".into(),
            external_id: Some("ext".into()),
            duration_seconds: Some(900),
        };
        let c = sts.assume_role(&source, &req).await.unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key()), ("ASIA1", "s&k"));
        let sent = &http.requests()[0];
        assert_eq!(sent.uri(), "http://127.0.0.1:9/");
        let body = std::str::from_utf8(sent.body()).unwrap();
        assert!(
            body.starts_with("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws"),
            "{body}"
        );
        assert!(body.contains("ExternalId=ext") && body.contains("DurationSeconds=900"));
        let auth = sent.headers()["authorization"].to_str().unwrap();
        assert!(auth.contains("/eu-west-1/sts/aws4_request"), "{auth}");

        let denied = TestClient::always(
            403,
            "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>",
        );
        let sts = HttpSts::new(
            Arc::new(denied),
            &env_from_map([("AWS_ENDPOINT_URL", "http://h")]),
            None,
        );
        let e = sts.assume_role(&source, &req).await.unwrap_err();
        assert_eq!(e.to_string(), "STS AssumeRole: HTTP 403 AccessDenied: no");
        assert_eq!(
            HttpSts::new(
                Arc::new(TestClient::new()),
                &env_from_map(Vec::<(String, String)>::new()),
                None
            )
            .endpoint(),
            "https://sts.us-east-1.amazonaws.com"
        );
    }
}
