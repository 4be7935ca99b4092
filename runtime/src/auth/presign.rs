//! SigV4 presigning: a request signed in its query string (`X-Amz-Signature` and the other
//! `X-Amz-*` parameters) with an expiry, so that whoever holds the URL can make the call without
//! the credentials. [`PresigningConfig`] says for how long and from when; [`presign_request`]
//! turns a prepared request (absolute URI, `Host`, the operation's headers) into a
//! [`PresignedRequest`]: method, URL and the headers that must be sent with it.
//!
//! Knows nothing of clients: the orchestrator prepares the request exactly as for a call
//! (endpoint rules, host prefix, headers) and hands it here instead of signing its headers.

use crate::auth::credentials::Credentials;
use crate::auth::sign::{is_s3, sign_path_as_sent, signing_params, SignOptions, SigningError};
use crate::http::HttpRequest;
use aws_sigv4::http_request::{
    sign, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
};
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use http::header::{HeaderMap, CONTENT_TYPE, HOST};
use http::Method;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt;
use std::time::{Duration, SystemTime};

/// The longest expiry SigV4 allows: 7 days.
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Headers that are not part of a presigned request: the transport sets them, or the signature
/// they carry is replaced by the one in the query string.
const DROPPED_HEADERS: [&str; 8] = [
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "content-length",
    "user-agent",
    "transfer-encoding",
    "x-amzn-trace-id",
];

/// The content type of a form body (the `awsQuery` and `ec2Query` protocols).
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Bytes left as they are in a query string: SigV4's unreserved characters.
const QUERY_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How long a presigned request is valid, and from when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresigningConfig {
    expires_in: Duration,
    start_time: Option<SystemTime>,
}

impl PresigningConfig {
    /// A request valid for `expires_in` from the time it is presigned: more than zero and at
    /// most [`MAX_EXPIRES_IN`] (7 days), in whole seconds (a fraction is dropped, as the
    /// `X-Amz-Expires` parameter counts seconds).
    ///
    /// ```
    /// use smelt_runtime::auth::presign::PresigningConfig;
    /// use std::time::Duration;
    /// assert!(PresigningConfig::expires_in(Duration::from_secs(900)).is_ok());
    /// let err = PresigningConfig::expires_in(Duration::from_secs(8 * 86_400)).unwrap_err();
    /// assert!(err.to_string().contains("at most 7 days"), "{err}");
    /// ```
    pub fn expires_in(expires_in: Duration) -> Result<Self, PresigningConfigError> {
        if expires_in.as_secs() == 0 {
            return Err(PresigningConfigError(format!(
                "a presigned request must be valid for at least one second, not {expires_in:?}"
            )));
        }
        if expires_in > MAX_EXPIRES_IN {
            return Err(PresigningConfigError(format!(
                "a presigned request can be valid for at most 7 days (604800 s), not {} s",
                expires_in.as_secs()
            )));
        }
        Ok(Self {
            expires_in: Duration::from_secs(expires_in.as_secs()),
            start_time: None,
        })
    }

    /// Signs as of `start_time` instead of now (the request is valid from then for
    /// `expires_in`): for a request to be used later, and for tests with a fixed clock.
    pub fn start_time(mut self, start_time: SystemTime) -> Self {
        self.start_time = Some(start_time);
        self
    }

    /// How long the request is valid.
    pub fn expires(&self) -> Duration {
        self.expires_in
    }

    /// The signing time set with [`start_time`](Self::start_time), if any.
    pub fn signing_time(&self) -> Option<SystemTime> {
        self.start_time
    }
}

/// An expiry a presigned request cannot have (zero, or more than 7 days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresigningConfigError(String);

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PresigningConfigError {}

/// A request signed in its query string: send `method` to `uri` with `headers` (the `Host`
/// header, implied by the URI, is not among them) and, for a signature that covers it, `body`.
#[derive(Debug, Clone)]
pub struct PresignedRequest {
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Bytes,
}

impl PresignedRequest {
    /// The HTTP method (`GET` for a presigned `awsQuery` / `ec2Query` call).
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL, with the operation's query parameters and the `X-Amz-*` signature parameters.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// Headers the request must be sent with: the operation's own (`Content-Type`, S3's
    /// `x-amz-*`, …), all of them signed. Empty for most presigned requests.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body the signature covers: empty for S3 (whose presigned requests take any body,
    /// `UNSIGNED-PAYLOAD`), for `GET` and for the query protocols (whose input moved to the URL);
    /// otherwise the serialized input, which must be sent as it is.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// An `http::Request` with this method, URI, headers and `body`.
    pub fn to_http_request<B>(&self, body: B) -> Result<http::Request<B>, SigningError> {
        let mut request = http::Request::builder()
            .method(self.method.clone())
            .uri(&self.uri)
            .body(body)
            .map_err(|e| SigningError::new(format!("invalid presigned request: {e}")))?;
        *request.headers_mut() = self.headers.clone();
        Ok(request)
    }
}

/// Presigns a prepared request (absolute URI, `Host`, the operation's headers) valid for
/// `config`'s expiry, with SigV4 for `region`.
///
/// - A form body (`application/x-www-form-urlencoded`, the query protocols) moves into the
///   query string and the method becomes `GET`, as the AWS SDKs presign such calls.
/// - S3's signing names sign `UNSIGNED-PAYLOAD` (the holder of the URL chooses the body) and the
///   path as sent; other services sign the hash of the body left (empty for most).
/// - `disable_double_encoding` is the endpoint auth scheme's, as for [`crate::auth::sign::sign_request_with`].
///
/// The URL lists the request's own query parameters, then `X-Amz-Algorithm`,
/// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`,
/// `X-Amz-Security-Token` (with a session token) and last `X-Amz-Signature`.
pub fn presign_request(
    request: HttpRequest,
    credentials: &Credentials,
    region: &str,
    signing_name: &str,
    disable_double_encoding: Option<bool>,
    config: &PresigningConfig,
) -> Result<PresignedRequest, SigningError> {
    let options = SignOptions {
        disable_double_encoding,
        ..SignOptions::default()
    };
    presign_request_with_options(request, credentials, region, signing_name, &options, config)
}

/// [`presign_request`] as an endpoint's auth scheme says (`options`):
///
/// - with a region set, SigV4a (`AWS4-ECDSA-P256-SHA256`, the `sigv4a` feature): the scope has
///   no region and `X-Amz-Region-Set` joins the query, before `X-Amz-Signature`;
/// - with a session token header (S3 Express), the token goes in that query parameter
///   (`X-Amz-S3session-Token`) instead of `X-Amz-Security-Token`.
pub fn presign_request_with_options(
    request: HttpRequest,
    credentials: &Credentials,
    region: &str,
    signing_name: &str,
    options: &SignOptions<'_>,
    config: &PresigningConfig,
) -> Result<PresignedRequest, SigningError> {
    let (mut parts, body) = request.into_parts();
    if parts.uri.scheme().is_none() || parts.uri.host().is_none() {
        return Err(SigningError::new(format!(
            "cannot presign a request whose URI is not absolute: `{}`",
            parts.uri
        )));
    }
    for name in DROPPED_HEADERS {
        parts.headers.remove(name);
    }
    let mut body = match body.bytes() {
        Some(bytes) => Bytes::copy_from_slice(bytes),
        None if is_s3(signing_name) => Bytes::new(),
        None => {
            return Err(SigningError::new(
                "cannot presign a request whose body is a stream: its hash is part of the \
                 signature",
            ))
        }
    };

    let mut query = parts.uri.query().unwrap_or_default().to_string();
    let is_form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(FORM_CONTENT_TYPE))
        });
    if is_form {
        let form = std::str::from_utf8(&body)
            .map_err(|_| SigningError::new("the form body of the request is not UTF-8"))?;
        for pair in form.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            push_param(&mut query, &form_decode(name)?, &form_decode(value)?);
        }
        body = Bytes::new();
        parts.headers.remove(CONTENT_TYPE);
        parts.method = Method::GET;
    }

    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(config.expires_in);
    sign_path_as_sent(&mut settings, options, signing_name);
    settings.session_token_name_override = options.session_token_header.map(query_token_name);
    let time = config.start_time.unwrap_or_else(SystemTime::now);
    let identity = Identity::from(credentials.clone());
    let params = signing_params(
        &identity,
        region,
        options.region_set,
        signing_name,
        time,
        settings,
    )?;

    let path = parts.uri.path().to_string();
    let unsigned_uri = match query.is_empty() {
        true => format!("{}://{}{path}", scheme(&parts.uri), authority(&parts.uri)),
        false => format!(
            "{}://{}{path}?{query}",
            scheme(&parts.uri),
            authority(&parts.uri)
        ),
    };
    let mut headers = Vec::with_capacity(parts.headers.len());
    for (name, value) in &parts.headers {
        let value = value.to_str().map_err(|_| {
            SigningError::new(format!(
                "header `{name}` has a value that is not visible ASCII and cannot be signed"
            ))
        })?;
        headers.push((name.as_str(), value));
    }
    let signable_body = if is_s3(signing_name) {
        SignableBody::UnsignedPayload
    } else {
        SignableBody::Bytes(&body)
    };
    let signable = SignableRequest::new(
        parts.method.as_str(),
        unsigned_uri.as_str(),
        headers.into_iter(),
        signable_body,
    )
    .map_err(|e| SigningError::with_source("request cannot be presigned", e))?;
    let (instructions, signature) = sign(signable, &params)
        .map_err(|e| SigningError::with_source("presigning failed", e))?
        .into_parts();
    let (_headers, signing_params) = instructions.into_parts();
    for (name, value) in &signing_params {
        if *name != "X-Amz-Signature" {
            push_param(&mut query, name, value);
        }
    }
    push_param(&mut query, "X-Amz-Signature", &signature);
    let uri = format!(
        "{}://{}{path}?{query}",
        scheme(&parts.uri),
        authority(&parts.uri)
    );

    parts.headers.remove(HOST);
    Ok(PresignedRequest {
        method: parts.method,
        uri,
        headers: parts.headers,
        body: if is_s3(signing_name) {
            Bytes::new()
        } else {
            body
        },
    })
}

/// The query parameter a session token header's value goes in when presigned: S3 Express's
/// `x-amz-s3session-token` header is the `X-Amz-S3session-Token` parameter.
fn query_token_name(header: &'static str) -> &'static str {
    match header {
        crate::auth::sign::S3_EXPRESS_SESSION_TOKEN => "X-Amz-S3session-Token",
        other => other,
    }
}

fn scheme(uri: &http::Uri) -> &str {
    uri.scheme_str().unwrap_or("https")
}

fn authority(uri: &http::Uri) -> &str {
    uri.authority().map(|a| a.as_str()).unwrap_or_default()
}

/// Appends `name=value` to a query string, both percent-encoded.
fn push_param(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, QUERY_ENCODE));
    query.push('=');
    query.extend(utf8_percent_encode(value, QUERY_ENCODE));
}

/// Decodes one side of a form pair (`+` is a space).
fn form_decode(text: &str) -> Result<String, SigningError> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| SigningError::new("the form body of the request is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::ByteStream;
    use std::time::UNIX_EPOCH;

    // 2024-01-02T03:04:05Z
    fn fixed() -> PresigningConfig {
        PresigningConfig::expires_in(Duration::from_secs(900))
            .unwrap()
            .start_time(UNIX_EPOCH + Duration::from_secs(1_704_164_645))
    }

    fn creds(token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(str::to_string),
            None,
            "test",
        )
    }

    fn param<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
        let query = uri.split_once('?')?.1;
        query
            .split('&')
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
    }

    #[test]
    fn expiry_must_be_between_one_second_and_seven_days() {
        let zero = PresigningConfig::expires_in(Duration::ZERO).unwrap_err();
        assert!(zero.to_string().contains("at least one second"), "{zero}");
        let sub_second = PresigningConfig::expires_in(Duration::from_millis(999)).unwrap_err();
        assert!(sub_second.to_string().contains("at least one second"));
        let too_long =
            PresigningConfig::expires_in(MAX_EXPIRES_IN + Duration::from_secs(1)).unwrap_err();
        assert!(
            too_long
                .to_string()
                .contains("at most 7 days (604800 s), not 604801 s"),
            "{too_long}"
        );
        let week = PresigningConfig::expires_in(MAX_EXPIRES_IN).unwrap();
        assert_eq!(week.expires(), Duration::from_secs(604_800));
        let fraction = PresigningConfig::expires_in(Duration::from_millis(1500)).unwrap();
        assert_eq!(fraction.expires(), Duration::from_secs(1), "whole seconds");
        assert_eq!(fraction.signing_time(), None);
    }

    #[test]
    fn a_form_body_moves_into_the_query_of_a_get() {
        let request = http::Request::builder()
            .method("POST")
            .uri("https://sts.us-west-2.amazonaws.com/")
            .header("host", "sts.us-west-2.amazonaws.com")
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .header("content-length", "64")
            .header("user-agent", "smelt/0")
            .body(ByteStream::from(
                "Action=GetCallerIdentity&Version=2011-06-15&Note=a+b%2Fc",
            ))
            .unwrap();
        let presigned =
            presign_request(request, &creds(None), "us-west-2", "sts", None, &fixed()).unwrap();
        assert_eq!(presigned.method(), Method::GET);
        assert!(
            presigned.uri().starts_with(
                "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15\
                 &Note=a%20b%2Fc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F\
                 20240102%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=20240102T030405Z\
                 &X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature="
            ),
            "{}",
            presigned.uri()
        );
        assert!(presigned.headers().is_empty(), "{:?}", presigned.headers());
        assert!(presigned.body().is_empty());
    }

    #[test]
    fn operation_headers_are_signed_and_kept_transport_headers_dropped() {
        let request = http::Request::builder()
            .method("PUT")
            .uri("https://b.s3.us-west-2.amazonaws.com/k?x-id=PutObject")
            .header("host", "b.s3.us-west-2.amazonaws.com")
            .header("content-type", "text/plain")
            .header("x-amz-meta-owner", "smelt")
            .header("content-length", "4")
            .header("user-agent", "smelt/0")
            .header("authorization", "stale")
            .body(ByteStream::from("data"))
            .unwrap();
        let presigned = presign_request(
            request,
            &creds(Some("tok/en")),
            "us-west-2",
            "s3",
            None,
            &fixed(),
        )
        .unwrap();
        let mut names: Vec<&str> = presigned.headers().keys().map(|k| k.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["content-type", "x-amz-meta-owner"]);
        let uri = presigned.uri();
        assert!(
            uri.starts_with("https://b.s3.us-west-2.amazonaws.com/k?x-id=PutObject&"),
            "{uri}"
        );
        assert_eq!(
            param(uri, "X-Amz-SignedHeaders"),
            Some("content-type%3Bhost%3Bx-amz-meta-owner")
        );
        assert_eq!(param(uri, "X-Amz-Security-Token"), Some("tok%2Fen"));
        assert!(uri
            .rsplit('&')
            .next()
            .unwrap()
            .starts_with("X-Amz-Signature="));
        assert!(param(uri, "X-Amz-Content-Sha256").is_none());
        assert!(presigned.body().is_empty(), "S3: the URL takes any body");
        let http = presigned.to_http_request(()).unwrap();
        assert_eq!(http.method(), Method::PUT);
        assert_eq!(http.headers().len(), 2);
    }

    #[test]
    fn other_services_sign_the_body_hash_and_reject_streams() {
        let request = |body: ByteStream| {
            http::Request::builder()
                .method("POST")
                .uri("https://svc.us-east-1.amazonaws.com/things")
                .header("content-type", "application/json")
                .body(body)
                .unwrap()
        };
        let a = presign_request(
            request(ByteStream::from("{}")),
            &creds(None),
            "us-east-1",
            "svc",
            None,
            &fixed(),
        )
        .unwrap();
        let b = presign_request(
            request(ByteStream::from("{\"a\":1}")),
            &creds(None),
            "us-east-1",
            "svc",
            None,
            &fixed(),
        )
        .unwrap();
        assert_ne!(
            param(a.uri(), "X-Amz-Signature"),
            param(b.uri(), "X-Amz-Signature"),
            "the body is signed"
        );
        assert_eq!(a.body().as_ref(), b"{}", "and must be sent");
        let chunks = crate::http::body::tests::IterStream(std::iter::once(
            Ok::<_, std::io::Error>(Bytes::from_static(b"streamed")),
        ));
        let err = presign_request(
            request(ByteStream::from_stream(chunks)),
            &creds(None),
            "us-east-1",
            "svc",
            None,
            &fixed(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("stream"), "{err}");
    }

    #[test]
    fn s3_express_tokens_go_in_their_own_parameter() {
        let request = http::Request::builder()
            .uri("https://b--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/k")
            .body(ByteStream::new())
            .unwrap();
        let options = SignOptions {
            session_token_header: Some(crate::auth::sign::S3_EXPRESS_SESSION_TOKEN),
            ..SignOptions::default()
        };
        let presigned = presign_request_with_options(
            request,
            &creds(Some("session")),
            "us-west-2",
            "s3express",
            &options,
            &fixed(),
        )
        .unwrap();
        let uri = presigned.uri();
        assert_eq!(
            param(uri, "X-Amz-S3session-Token"),
            Some("session"),
            "{uri}"
        );
        assert_eq!(param(uri, "X-Amz-Security-Token"), None, "{uri}");
        assert_eq!(
            param(uri, "X-Amz-Credential"),
            Some("AKIDEXAMPLE%2F20240102%2Fus-west-2%2Fs3express%2Faws4_request")
        );
    }

    /// SigV4a presigning, checked independently of the signer: the canonical request and the
    /// string to sign are rebuilt here from the URL, and the ECDSA signature is verified with the
    /// public key of the key SigV4a derives from the credentials.
    #[cfg(feature = "sigv4a")]
    #[test]
    fn sigv4a_presigns_for_a_region_set_with_a_verifiable_signature() {
        use p256::ecdsa::signature::Verifier;
        use sha2::{Digest, Sha256};

        let request = http::Request::builder()
            .uri("https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/cat.jpg")
            .header(
                "host",
                "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com",
            )
            .body(ByteStream::new())
            .unwrap();
        let options = SignOptions {
            region_set: Some("*"),
            disable_double_encoding: Some(true),
            session_token_header: None,
        };
        let credentials = creds(Some("tok"));
        let presigned = presign_request_with_options(
            request,
            &credentials,
            "us-west-2",
            "s3",
            &options,
            &fixed(),
        )
        .unwrap();
        let uri = presigned.uri();
        assert_eq!(
            param(uri, "X-Amz-Algorithm"),
            Some("AWS4-ECDSA-P256-SHA256")
        );
        // The scope has no region: the region set is a parameter of its own.
        assert_eq!(
            param(uri, "X-Amz-Credential"),
            Some("AKIDEXAMPLE%2F20240102%2Fs3%2Faws4_request")
        );
        assert_eq!(param(uri, "X-Amz-Region-Set"), Some("%2A"));
        assert_eq!(param(uri, "X-Amz-Security-Token"), Some("tok"));
        let (rest, signature) = uri.rsplit_once("&X-Amz-Signature=").unwrap();
        let (_, query) = rest.split_once('?').unwrap();

        let mut pairs: Vec<&str> = query.split('&').collect();
        pairs.sort_unstable();
        let canonical = format!(
            "GET\n/photos/cat.jpg\n{}\nhost:mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD",
            pairs.join("&")
        );
        let hashed: String = Sha256::digest(canonical.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let string_to_sign =
            format!("AWS4-ECDSA-P256-SHA256\n20240102T030405Z\n20240102/s3/aws4_request\n{hashed}");
        let key = aws_sigv4::sign::v4a::generate_signing_key(
            credentials.access_key_id(),
            credentials.secret_access_key(),
        );
        let public = *p256::ecdsa::SigningKey::from_slice(key.as_ref())
            .unwrap()
            .verifying_key();
        let der: Vec<u8> = (0..signature.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&signature[i..i + 2], 16).unwrap())
            .collect();
        let signature = p256::ecdsa::Signature::from_der(&der).unwrap();
        assert!(public.verify(string_to_sign.as_bytes(), &signature).is_ok());
        // A URL changed after signing does not verify.
        let other = string_to_sign.replace("20240102T030405Z", "20240102T030406Z");
        assert!(public.verify(other.as_bytes(), &signature).is_err());
    }

    #[test]
    fn a_relative_uri_is_an_error() {
        let request = http::Request::builder()
            .uri("/relative")
            .body(ByteStream::new())
            .unwrap();
        let err =
            presign_request(request, &creds(None), "us-east-1", "svc", None, &fixed()).unwrap_err();
        assert!(err.to_string().contains("not absolute"), "{err}");
    }
}
