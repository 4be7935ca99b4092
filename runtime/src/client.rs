//! The operation orchestrator shared by every generated client.
//!
//! A generated client holds a [`Handle`]; each operation serializes its input into a request
//! whose URI is only a path and query, then calls [`Handle::invoke`] with its parse functions.
//! [`Handle::send`] does the rest: endpoint resolution, standard headers, SigV4 signing,
//! timeouts and retries.

use crate::auth::sign::sign_request;
use crate::config::Config;
use crate::error::{BuildError, ErrorMetadata, SdkError};
use crate::http::body::ByteStream;
use crate::http::{
    try_clone_request, ConnectorError, HttpRequest, HttpResponse, StreamingResponse,
};
use crate::retry::{backoff, classify};
use crate::wire::json::{DeserializeError, JsonReader};
use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, HOST, USER_AGENT};
use http::{Method, Uri};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::SystemTime;

/// The wire protocol of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
    /// `aws.protocols#restXml`.
    RestXml,
    /// `smithy.protocols#rpcv2Cbor`: types only, as above.
    RpcV2Cbor,
}

/// Static description of a service, emitted once per generated crate.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// SigV4 signing name (e.g. `docdb-elastic`).
    pub signing_name: &'static str,
    /// Endpoint prefix for `https://{endpoint_prefix}.{region}.amazonaws.com`.
    pub endpoint_prefix: &'static str,
    /// Wire protocol.
    pub protocol: Protocol,
    /// Service API version (e.g. `2022-11-28`), sent in the User-Agent.
    pub api_version: &'static str,
    /// SDK id (e.g. `DocDB Elastic`), sent in the User-Agent.
    pub sdk_id: &'static str,
    /// `aws.protocols#awsQueryCompatible`: error codes come from the `x-amzn-query-error`
    /// header when it is present.
    pub query_compatible: bool,
}

/// Static description of an operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// Operation name (e.g. `CopyClusterSnapshot`).
    pub name: &'static str,
    /// Error codes modeled `@retryable`, with their `throttling` flag.
    pub retryable_errors: &'static [(&'static str, bool)],
}

/// A configured client core: configuration plus service description. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<(Config, &'static ServiceInfo)>,
}

impl Handle {
    /// Creates a handle for `service` with `config`.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        Self {
            inner: Arc::new((config, service)),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.0
    }

    /// The service description.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.1
    }

    /// Sends a request whose URI is a path and query only (`/cluster-snapshot/x/copy?a=b`) and
    /// reads the response into memory.
    ///
    /// Resolves the endpoint (the configured `endpoint_url`, whose path is prefixed to the
    /// request path, else `https://{endpoint_prefix}.{region}.amazonaws.com`), sets `Host`,
    /// `User-Agent` (unless present) and `Content-Length` (when the body's length is known),
    /// signs each attempt afresh with SigV4, applies the per-attempt read timeout and the
    /// operation timeout, and retries transport errors, timeouts, throttling, 5xx and the
    /// operation's modeled retryable errors according to the
    /// [`RetryConfig`](crate::retry::RetryConfig). A request whose body is a one-shot stream is
    /// sent once.
    ///
    /// Returns the final response whatever its status; errors are construction failures
    /// (nothing sent), timeouts and dispatch failures.
    ///
    /// Must run inside a Tokio runtime with the time driver enabled (timeouts and backoff use
    /// `tokio::time`); `#[tokio::main]` and `#[tokio::test]` provide one.
    pub async fn send(
        &self,
        op: &'static OperationInfo,
        request: HttpRequest,
    ) -> Result<HttpResponse, SdkError<Infallible>> {
        match self.dispatch(op, request, false).await? {
            Received::Buffered(response) => Ok(response),
            Received::Streaming(response) => self.buffer(response).await,
        }
    }

    /// Like [`send`](Self::send), but a successful (2xx) response is returned as soon as its
    /// head arrives, its body unread; the read timeout covers the head only. Error responses
    /// are read into memory (their body says what went wrong).
    pub async fn send_streaming(
        &self,
        op: &'static OperationInfo,
        request: HttpRequest,
    ) -> Result<Result<StreamingResponse, HttpResponse>, SdkError<Infallible>> {
        match self.dispatch(op, request, true).await? {
            Received::Streaming(response) => Ok(Ok(response)),
            Received::Buffered(response) => Ok(Err(response)),
        }
    }

    async fn dispatch(
        &self,
        op: &'static OperationInfo,
        request: HttpRequest,
        stream_ok: bool,
    ) -> Result<Received, SdkError<Infallible>> {
        let attempts = self.send_with_retries(op, request, stream_ok);
        match self.config().operation_timeout() {
            Some(limit) => match tokio::time::timeout(limit, attempts).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::timeout_error(format!(
                    "operation timeout of {limit:?} elapsed"
                ))),
            },
            None => attempts.await,
        }
    }

    /// Reads a streaming response into memory, within the read timeout and the size limit.
    async fn buffer(
        &self,
        response: StreamingResponse,
    ) -> Result<HttpResponse, SdkError<Infallible>> {
        let read_timeout = self.config().read_timeout();
        let limit = self.config().max_response_size();
        match tokio::time::timeout(read_timeout, read_body(response, limit)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) => Err(SdkError::dispatch_failure(e)),
            Err(_) => Err(SdkError::timeout_error(format!(
                "no complete response body within the read timeout of {read_timeout:?}"
            ))),
        }
    }

    async fn send_with_retries(
        &self,
        op: &'static OperationInfo,
        request: HttpRequest,
        stream_ok: bool,
    ) -> Result<Received, SdkError<Infallible>> {
        let config = self.config();
        let service = self.service();
        let client = config.http_client().ok_or_else(|| {
            SdkError::construction_failure(
                "no HTTP client configured: enable the `hyper-client` feature of smelt-runtime \
                 or set one with `ConfigBuilder::http_client`",
            )
        })?;
        let region = config.region().ok_or_else(|| {
            SdkError::construction_failure(
                "no region configured: set one with `ConfigBuilder::region`, or the AWS_REGION \
                 environment variable, or `region` in the AWS config file",
            )
        })?;
        let prepared = self
            .prepare(request, region)
            .map_err(SdkError::construction_failure)?;
        let credentials = config
            .credentials_provider()
            .provide_credentials()
            .await
            .map_err(SdkError::construction_failure)?;

        let retry = config.retry_config();
        let read_timeout = config.read_timeout();
        let limit = config.max_response_size();
        let mut max_attempts = retry.max_attempts();
        let mut attempt: u32 = 1;
        // The request is copied for each attempt; a one-shot body is sent as the last attempt.
        let mut original = Some(prepared);
        loop {
            let copy = original.as_ref().and_then(try_clone_request);
            let mut request = match (copy, original.take()) {
                (Some(copy), original_back) => {
                    original = original_back;
                    copy
                }
                (None, Some(one_shot)) => {
                    max_attempts = attempt;
                    one_shot
                }
                (None, None) => {
                    return Err(SdkError::construction_failure(
                        "the request body is a one-shot stream and was already sent",
                    ))
                }
            };
            sign_request(
                &mut request,
                &credentials,
                region,
                service.signing_name,
                SystemTime::now(),
            )
            .map_err(SdkError::construction_failure)?;

            let last = attempt >= max_attempts;
            let exchange = async {
                let response = client.call(request).await?;
                if stream_ok && response.status().is_success() {
                    return Ok(Received::Streaming(response));
                }
                read_body(response, limit).await.map(Received::Buffered)
            };
            match tokio::time::timeout(read_timeout, exchange).await {
                Err(_) => {
                    if last {
                        return Err(SdkError::timeout_error(format!(
                            "no complete response within the read timeout of {read_timeout:?} \
                             (attempt {attempt} of {max_attempts})"
                        )));
                    }
                }
                Ok(Err(err)) => {
                    let transient = err.is_io() || err.is_timeout();
                    if last || !transient {
                        return Err(SdkError::dispatch_failure(err));
                    }
                }
                Ok(Ok(Received::Streaming(response))) => {
                    return Ok(Received::Streaming(response));
                }
                Ok(Ok(Received::Buffered(response))) => {
                    if last || response.status().is_success() {
                        return Ok(Received::Buffered(response));
                    }
                    let meta = error_metadata(service.protocol, &response);
                    let kind =
                        classify(response.status().as_u16(), meta.code(), op.retryable_errors);
                    if !kind.is_retryable() {
                        return Ok(Received::Buffered(response));
                    }
                }
            }
            tokio::time::sleep(backoff(attempt, retry)).await;
            attempt += 1;
        }
    }

    /// Makes the request absolute and adds the headers common to every attempt.
    fn prepare(&self, request: HttpRequest, region: &str) -> Result<HttpRequest, String> {
        let service = self.service();
        let endpoint = match self.config().endpoint_url() {
            Some(url) => url.to_string(),
            None => default_endpoint(service.endpoint_prefix, region)?,
        };
        let (mut parts, body) = request.into_parts();
        let body = encode_body(self.config(), &mut parts, body)?;
        parts.uri = resolve_uri(&endpoint, &parts.uri)?;
        if let Some(HostPrefix(prefix)) = parts.extensions.get::<HostPrefix>() {
            parts.uri = prefix_host(&parts.uri, prefix)?;
        }
        let authority = parts
            .uri
            .authority()
            .ok_or_else(|| format!("endpoint `{endpoint}` has no host"))?;
        let host = HeaderValue::from_str(authority.as_str())
            .map_err(|_| format!("endpoint `{endpoint}` has an invalid host"))?;
        parts.headers.insert(HOST, host);
        if !parts.headers.contains_key(USER_AGENT) {
            let ua = HeaderValue::from_str(&user_agent(service))
                .map_err(|_| "the service's sdk id or API version is not valid in a header")?;
            parts.headers.insert(USER_AGENT, ua);
        }
        let bodyless_method = matches!(
            parts.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
        );
        // A stream of unknown length goes without `Content-Length` (chunked, on HTTP/1.1).
        if let Some(len) = body.content_length() {
            if len > 0 || !bodyless_method {
                parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
            }
        }
        Ok(http::Request::from_parts(parts, body))
    }

    /// Builds, sends and parses one operation call. Used by every generated operation whose
    /// output does not stream.
    ///
    /// `request` is the serialized input (a [`BuildError`] becomes
    /// [`SdkError::Construction`]). A 2xx response goes to `parse_ok`; any other status to
    /// `parse_err` with the [`error_metadata`] already extracted, giving
    /// [`SdkError::Service`]. A parse failure in either becomes [`SdkError::Response`].
    pub async fn invoke<O, E>(
        &self,
        op: &'static OperationInfo,
        request: Result<HttpRequest, BuildError>,
        parse_ok: fn(&HttpResponse) -> Result<O, DeserializeError>,
        parse_err: fn(ErrorMetadata, &HttpResponse) -> Result<E, DeserializeError>,
    ) -> Result<O, SdkError<E>> {
        let request = request.map_err(SdkError::construction_failure)?;
        let response = self.send(op, request).await.map_err(SdkError::into_any)?;
        if response.status().is_success() {
            match parse_ok(&response) {
                Ok(output) => Ok(output),
                Err(e) => Err(SdkError::response_error(e, response)),
            }
        } else {
            Err(self.service_error(response, parse_err))
        }
    }

    /// Like [`invoke`](Self::invoke), for an operation whose output streams: `parse_ok` reads
    /// the head of a 2xx response and takes its body (the `@streaming` member) unread.
    pub async fn invoke_streaming<O, E>(
        &self,
        op: &'static OperationInfo,
        request: Result<HttpRequest, BuildError>,
        parse_ok: fn(&mut StreamingResponse) -> Result<O, DeserializeError>,
        parse_err: fn(ErrorMetadata, &HttpResponse) -> Result<E, DeserializeError>,
    ) -> Result<O, SdkError<E>> {
        let request = request.map_err(SdkError::construction_failure)?;
        let response = self
            .send_streaming(op, request)
            .await
            .map_err(SdkError::into_any)?;
        match response {
            Ok(mut response) => match parse_ok(&mut response) {
                Ok(output) => Ok(output),
                // The body may be gone (taken by the parser) or huge: the error keeps the head.
                Err(e) => Err(SdkError::response_error(e, response.map(|_| Bytes::new()))),
            },
            Err(response) => Err(self.service_error(response, parse_err)),
        }
    }

    fn service_error<E>(
        &self,
        response: HttpResponse,
        parse_err: fn(ErrorMetadata, &HttpResponse) -> Result<E, DeserializeError>,
    ) -> SdkError<E> {
        let meta = error_metadata(self.service().protocol, &response);
        // The parser matches variants on the body's code; what the caller sees as the code
        // of a query-compatible service is the awsQuery one.
        let shown = if self.service().query_compatible {
            crate::protocol::with_query_error_code(meta.clone(), &response)
        } else {
            meta.clone()
        };
        match parse_err(meta, &response) {
            Ok(err) => {
                SdkError::Service(crate::error::ServiceError::new(err, response).with_meta(shown))
            }
            Err(e) => SdkError::response_error(e, response),
        }
    }
}

/// What one exchange produced: a response read into memory, or a successful response whose
/// body streams.
enum Received {
    Buffered(HttpResponse),
    Streaming(StreamingResponse),
}

/// Reads a response body into memory, up to `limit` bytes. A body that breaks off is an I/O
/// error (retried like a reset connection); one over the limit is not retried.
async fn read_body(
    response: StreamingResponse,
    limit: usize,
) -> Result<HttpResponse, ConnectorError> {
    let (parts, body) = response.into_parts();
    match body.collect_limited(limit).await {
        Ok(bytes) => Ok(http::Response::from_parts(parts, bytes)),
        Err(e) if e.is_too_large() => Err(ConnectorError::other(e)),
        Err(e) => Err(ConnectorError::io(e)),
    }
}

/// The User-Agent sent by clients of `service`: `smelt/<runtime version> <sdk-id>/<api version>`
/// (spaces in the sdk id become `-`).
pub fn user_agent(service: &ServiceInfo) -> String {
    format!(
        "smelt/{} {}/{}",
        env!("CARGO_PKG_VERSION"),
        service.sdk_id.replace(' ', "-"),
        service.api_version
    )
}

/// `https://{prefix}.{region}.amazonaws.com` (`.amazonaws.com.cn` for `cn-` regions).
fn default_endpoint(prefix: &str, region: &str) -> Result<String, String> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(format!("invalid region `{region}`"));
    }
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    Ok(format!("https://{prefix}.{region}.{suffix}"))
}

/// Joins an endpoint URL (with an optional base path) and a request path-and-query.
fn resolve_uri(endpoint: &str, request_uri: &Uri) -> Result<Uri, String> {
    if request_uri.scheme().is_some() {
        return Ok(request_uri.clone());
    }
    let base: Uri = endpoint
        .parse()
        .map_err(|e| format!("invalid endpoint URL `{endpoint}`: {e}"))?;
    let scheme = match base.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => s,
        _ => {
            return Err(format!(
                "endpoint URL `{endpoint}` must start with http:// or https://"
            ))
        }
    };
    let authority = base
        .authority()
        .ok_or_else(|| format!("endpoint URL `{endpoint}` has no host"))?;
    if base.query().is_some() {
        return Err(format!(
            "endpoint URL `{endpoint}` must not have a query string"
        ));
    }
    let base_path = base.path().trim_end_matches('/');
    let path_and_query = request_uri
        .path_and_query()
        .map(|pq| pq.as_str())
        .unwrap_or("/");
    let sep = if path_and_query.starts_with('/') {
        ""
    } else {
        "/"
    };
    let full = format!("{scheme}://{authority}{base_path}{sep}{path_and_query}");
    full.parse()
        .map_err(|e| format!("invalid request URI `{full}`: {e}"))
}

/// Marks a request whose operation has `@requestCompression(encodings: ["gzip"])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestCompression;

/// Marks a request whose operation has `@httpChecksumRequired`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecksumRequired;

/// Gzips an in-memory body of at least the configured size when the request asks for it, and
/// adds `gzip` to its `Content-Encoding`; then adds `Content-MD5` when the request asks for it.
fn encode_body(
    config: &Config,
    parts: &mut http::request::Parts,
    body: ByteStream,
) -> Result<ByteStream, String> {
    #[cfg(feature = "compression")]
    let body = compress_body(config, parts, body)?;
    #[cfg(not(feature = "compression"))]
    let _ = config;
    #[cfg(feature = "md5")]
    add_content_md5(parts, &body)?;
    #[cfg(not(any(feature = "compression", feature = "md5")))]
    let _ = parts;
    Ok(body)
}

#[cfg(feature = "compression")]
fn compress_body(
    config: &Config,
    parts: &mut http::request::Parts,
    body: ByteStream,
) -> Result<ByteStream, String> {
    let wanted = parts.extensions.get::<RequestCompression>().is_some()
        && !config.disable_request_compression();
    let Some(bytes) = body.bytes().filter(|_| wanted) else {
        return Ok(body);
    };
    if bytes.len() < config.request_min_compression_size_bytes() {
        return Ok(body);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let compressed = std::io::Write::write_all(&mut gz, bytes)
        .and_then(|()| gz.finish())
        .map_err(|e| format!("request compression failed: {e}"))?;
    let encoding = match parts
        .headers
        .get(http::header::CONTENT_ENCODING)
        .map(HeaderValue::to_str)
    {
        Some(Ok(existing)) if !existing.trim().is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_string(),
    };
    let value = HeaderValue::from_str(&encoding)
        .map_err(|_| "the Content-Encoding header is not valid text".to_string())?;
    parts.headers.insert(http::header::CONTENT_ENCODING, value);
    Ok(ByteStream::from(compressed))
}

#[cfg(feature = "md5")]
fn add_content_md5(parts: &mut http::request::Parts, body: &ByteStream) -> Result<(), String> {
    if parts.extensions.get::<ChecksumRequired>().is_none()
        || parts.headers.contains_key("content-md5")
    {
        return Ok(());
    }
    if let Some(bytes) = body.bytes() {
        let digest = <md5::Md5 as md5::Digest>::digest(bytes);
        let value = HeaderValue::from_str(&crate::primitives::blob::base64_encode(&digest))
            .map_err(|_| "invalid Content-MD5".to_string())?;
        parts.headers.insert("content-md5", value);
    }
    Ok(())
}

/// A prefix the operation puts before the endpoint's host (Smithy's `@endpoint(hostPrefix)`),
/// carried as a request extension from the serializer to the orchestrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix(pub String);

fn prefix_host(uri: &Uri, prefix: &str) -> Result<Uri, String> {
    let mut parts = uri.clone().into_parts();
    let authority = parts.authority.as_ref().map(|a| a.as_str()).unwrap_or("");
    let prefixed = format!("{prefix}{authority}");
    parts.authority = Some(
        prefixed
            .parse()
            .map_err(|_| format!("host prefix `{prefix}` makes an invalid host"))?,
    );
    Uri::from_parts(parts).map_err(|e| format!("host prefix `{prefix}`: {e}"))
}

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

/// A random (version 4) UUID, for `@idempotencyToken` members left unset by the caller.
pub fn idempotency_token() -> String {
    let mut b = [0u8; 16];
    for byte in &mut b {
        *byte = fastrand::u8(..);
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn uuid_format() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'), "{a}");
        assert!(
            matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "{a}"
        );
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }

    #[test]
    fn endpoint_resolution() {
        let pq: Uri = "/cluster-snapshot/x/copy?a=b".parse().unwrap();
        assert_eq!(
            resolve_uri("http://localhost:8000", &pq).unwrap(),
            "http://localhost:8000/cluster-snapshot/x/copy?a=b"
        );
        assert_eq!(
            resolve_uri("https://proxy.example.com/base/", &pq).unwrap(),
            "https://proxy.example.com/base/cluster-snapshot/x/copy?a=b"
        );
        assert_eq!(
            resolve_uri("https://h/base", &"/".parse().unwrap()).unwrap(),
            "https://h/base/"
        );
        assert!(resolve_uri("localhost:8000", &pq).is_err());
        assert!(resolve_uri("ftp://h", &pq).is_err());
        assert!(resolve_uri("https://h?x=1", &pq).is_err());
        assert!(resolve_uri("not a url", &pq).is_err());
        assert_eq!(
            default_endpoint("docdb-elastic", "us-east-1").unwrap(),
            "https://docdb-elastic.us-east-1.amazonaws.com"
        );
        assert_eq!(
            default_endpoint("svc", "cn-north-1").unwrap(),
            "https://svc.cn-north-1.amazonaws.com.cn"
        );
        assert!(default_endpoint("svc", "us-east-1.evil.com/").is_err());
        assert!(default_endpoint("svc", "").is_err());
    }

    #[test]
    fn user_agent_format() {
        static SVC: ServiceInfo = ServiceInfo {
            signing_name: "docdb-elastic",
            endpoint_prefix: "docdb-elastic",
            protocol: Protocol::RestJson1,
            api_version: "2022-11-28",
            sdk_id: "DocDB Elastic",
            query_compatible: false,
        };
        assert_eq!(
            user_agent(&SVC),
            format!(
                "smelt/{} DocDB-Elastic/2022-11-28",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
