//! The operation orchestrator shared by every generated client.
//!
//! A generated client holds a [`Handle`]; each operation serializes its input into a request
//! whose URI is only a path and query, then calls [`Handle::invoke`] with its parse functions.
//! [`Handle::send`] does the rest: endpoint resolution, standard headers, SigV4 signing,
//! timeouts and retries.
//!
//! The top of the client layer: it uses configuration, retry policy, request features and
//! error reading from its siblings, auth, HTTP and the wire codecs; only the generated-code glue
//! ([`crate::protocol`]) and paginators sit above it.

use crate::auth::credentials::Credentials;
use crate::auth::sign::{sign_request_with_options, SignOptions, S3_EXPRESS_SESSION_TOKEN, SIGV4A};
use crate::client::config::Config;
use crate::client::error::{BuildError, ErrorMetadata, SdkError};
use crate::client::operation::{OperationAuth, OperationInfo, ServiceInfo};
use crate::client::presign;
use crate::client::request_features::{encode_body, idempotency_token, prefix_host, HostPrefix};
use crate::client::response_error::{error_metadata, parse_error_response, with_query_error_code};
use crate::client::s3_express::{CreateSession, SessionCache};

use crate::client::retry::{
    classify, delay_before_retry, retry_after, RetryKind, NO_RETRY_INCREMENT, RETRY_COST,
    TIMEOUT_RETRY_COST,
};
use crate::endpoint::{Endpoint, EndpointParams, RuleSet, Value};

/// The built-in an endpoint takes from the credentials when the configuration does not set it.
const ACCOUNT_ID: &str = "AWS::Auth::AccountId";

/// The start of the error for an endpoint whose auth schemes this build cannot sign with
/// (followed by their names); nothing is sent.
pub const UNSIGNABLE: &str = "the endpoint asks for auth schemes this client cannot sign with";

/// Whether this build signs with the auth scheme `name` of an endpoint's `authSchemes`.
fn signs(name: &str) -> bool {
    match name {
        "sigv4" => true,
        "sigv4a" => SIGV4A,
        "sigv4-s3express" => true,
        _ => false,
    }
}
use crate::http::{
    try_clone_request, ConnectorError, HttpRequest, HttpResponse, StreamingResponse,
};
use crate::wire::json::DeserializeError;
use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, HOST, USER_AGENT};
use http::{Method, Uri};
use std::borrow::Cow;
use std::convert::Infallible;
use std::sync::{Arc, OnceLock};
use std::time::{Instant, SystemTime};

/// A configured client core: configuration plus service description. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<Inner>,
    auth: OperationAuth,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    service: &'static ServiceInfo,
    /// The service's rule set, read at the first call.
    rules: OnceLock<Result<RuleSet, String>>,
    /// The endpoint of calls without per-operation endpoint parameters: the configuration
    /// cannot change, so it is resolved once.
    shared_endpoint: OnceLock<Result<ResolvedEndpoint, String>>,
    /// S3 Express: the generated client's `CreateSession`, and the sessions it gave.
    s3_express: Option<Arc<dyn CreateSession<Handle>>>,
    sessions: SessionCache,
}

impl Inner {
    fn new(config: Config, service: &'static ServiceInfo) -> Self {
        Inner {
            config,
            service,
            rules: OnceLock::new(),
            shared_endpoint: OnceLock::new(),
            s3_express: None,
            sessions: SessionCache::new(),
        }
    }
}

/// What a request takes from its resolved endpoint.
#[derive(Debug, Clone)]
struct ResolvedEndpoint {
    url: String,
    headers: Vec<(http::HeaderName, HeaderValue)>,
    signing_name: Option<String>,
    signing_region: Option<String>,
    /// SigV4a's region set (`,`-joined), when the chosen auth scheme is `sigv4a`.
    region_set: Option<String>,
    /// The chosen auth scheme is `sigv4-s3express`.
    s3_express: bool,
    /// The auth scheme's `disableDoubleEncoding` (`None` without a scheme).
    disable_double_encoding: Option<bool>,
    /// Resolved by a rule set: a URL path there (S3's path-style `/bucket`) stands for the
    /// request's root, so a request for `/` goes to that path without a slash added.
    from_rules: bool,
}

/// The signing name and region of one request (the endpoint's auth scheme may change both).
struct Signing {
    name: Option<String>,
    region: Option<String>,
    region_set: Option<String>,
    disable_double_encoding: Option<bool>,
    /// S3 Express session auth: the bucket whose session signs the request.
    s3_express_bucket: Option<String>,
}

impl Handle {
    /// Creates a handle for `service` with `config`.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        Self {
            inner: Arc::new(Inner::new(config, service)),
            auth: OperationAuth::Signed,
        }
    }

    /// This handle with S3 Express session auth: endpoints whose auth scheme is
    /// `sigv4-s3express` are signed with the session `sessions` gives for the request's bucket
    /// (cached per bucket until shortly before it expires). The generated S3 client installs its
    /// own `CreateSession` here; without it such endpoints fail before anything is sent.
    pub fn with_s3_express(self, sessions: Arc<dyn CreateSession<Handle>>) -> Self {
        let mut inner = Inner::new(self.inner.config.clone(), self.inner.service);
        inner.s3_express = Some(sessions);
        Self {
            inner: Arc::new(inner),
            auth: self.auth,
        }
    }

    /// This handle for an operation authenticated as `auth` says (generated code calls it for
    /// `@auth([])` and `@optionalAuth` operations).
    pub fn with_auth(mut self, auth: OperationAuth) -> Self {
        self.auth = auth;
        self
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// A token for an `@idempotencyToken` member left unset: from the configured
    /// `IdempotencyTokens`, else a random v4 UUID.
    pub fn idempotency_token(&self) -> String {
        match self.inner.config.idempotency_tokens() {
            Some(tokens) => tokens.next_token(),
            None => idempotency_token(),
        }
    }

    /// The service description.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The endpoint of one request: from the service's rule set when it has one (built-ins
    /// from the configuration, then parameters set by name, then the operation's own), else
    /// the configured `endpoint_url` or the default `https://{prefix}.{region}.amazonaws.com`.
    fn resolve_endpoint(
        &self,
        operation_params: Option<&EndpointParams>,
        region: &str,
        account_id: Option<&str>,
    ) -> Result<ResolvedEndpoint, String> {
        let config = self.config();
        let service = self.service();
        if service.endpoint_rules.is_none() {
            let url = match config.endpoint_url_for(service.sdk_id) {
                Some(url) => url.into_owned(),
                None => default_endpoint(service.endpoint_prefix, region)?,
            };
            return Ok(ResolvedEndpoint {
                url,
                headers: Vec::new(),
                signing_name: None,
                signing_region: None,
                region_set: None,
                s3_express: false,
                disable_double_encoding: None,
                from_rules: false,
            });
        };
        let operation_params = operation_params.filter(|p| !p.is_empty());
        // The credentials' account id is not part of the configuration: an endpoint that
        // depends on it is not shared.
        let account_id = account_id.filter(|_| self.uses_built_in(ACCOUNT_ID));
        let shared = operation_params.is_none() && account_id.is_none();
        if shared {
            if let Some(shared) = self.inner.shared_endpoint.get() {
                return shared.clone();
            }
        }
        let resolved = self
            .rules_endpoint(operation_params, Some(region), account_id)
            .and_then(|endpoint| {
                let mut headers = Vec::new();
                for (name, values) in &endpoint.headers {
                    let name = http::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| format!("endpoint header name `{name}` is invalid"))?;
                    for value in values {
                        let value = HeaderValue::from_str(value).map_err(|_| {
                            format!("endpoint header `{name}` has an invalid value")
                        })?;
                        headers.push((name.clone(), value));
                    }
                }
                let schemes = endpoint.auth_schemes();
                // The first scheme, in the endpoint's order of preference, this build signs.
                let scheme = schemes.iter().find(|s| signs(&s.name));
                if scheme.is_none() && !schemes.is_empty() {
                    let names: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
                    let hint = if names.contains(&"sigv4a") && !SIGV4A {
                        " (SigV4a signing needs the `sigv4a` feature of smelt-rt)"
                    } else {
                        ""
                    };
                    return Err(format!("{UNSIGNABLE}: {}{hint}", names.join(", ")));
                }
                let region_set = scheme.filter(|s| s.name == "sigv4a").map(|s| {
                    if s.signing_region_set.is_empty() {
                        "*".to_owned()
                    } else {
                        s.signing_region_set.join(",")
                    }
                });
                Ok(ResolvedEndpoint {
                    url: endpoint.url,
                    headers,
                    signing_name: scheme.and_then(|s| s.signing_name.clone()),
                    signing_region: scheme.and_then(|s| s.signing_region.clone()),
                    region_set,
                    s3_express: scheme.is_some_and(|s| s.name == "sigv4-s3express"),
                    disable_double_encoding: scheme.map(|s| s.disable_double_encoding),
                    from_rules: true,
                })
            });
        if shared {
            return self.inner.shared_endpoint.get_or_init(|| resolved).clone();
        }
        resolved
    }

    /// Whether the service's rule set has a parameter bound to `built_in`.
    fn uses_built_in(&self, built_in: &str) -> bool {
        self.rules().is_ok_and(|r| {
            r.params()
                .iter()
                .any(|p| p.built_in.as_deref() == Some(built_in))
        })
    }

    fn rules(&self) -> Result<&RuleSet, String> {
        let text = self
            .service()
            .endpoint_rules
            .ok_or_else(|| format!("{} has no endpoint rule set", self.service().sdk_id))?;
        self.inner
            .rules
            .get_or_init(|| RuleSet::from_json(text).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The endpoint the service's rule set gives for this client's configuration and an
    /// operation's parameters, bound as for a call: built-ins from the configuration
    /// (`AWS::Region` from its region, `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`,
    /// the rest from [`ConfigBuilder::endpoint_built_in`](crate::config::ConfigBuilder::endpoint_built_in)),
    /// then parameters set by name, then `operation_params`. Not cached. An error when the
    /// service has no rule set, the rule set does not read, or resolution fails (the message
    /// starts with `no endpoint: ` and ends with the rule's error text).
    pub fn endpoint_for(
        &self,
        operation_params: Option<&EndpointParams>,
    ) -> Result<Endpoint, String> {
        self.rules_endpoint(operation_params, self.config().region(), None)
    }

    /// Like [`Handle::endpoint_for`], with `account_id` (the credentials' account) as
    /// `AWS::Auth::AccountId` unless the configuration sets that built-in.
    pub fn endpoint_with_account(
        &self,
        operation_params: Option<&EndpointParams>,
        account_id: Option<&str>,
    ) -> Result<Endpoint, String> {
        self.rules_endpoint(operation_params, self.config().region(), account_id)
    }

    fn rules_endpoint(
        &self,
        operation_params: Option<&EndpointParams>,
        region: Option<&str>,
        account_id: Option<&str>,
    ) -> Result<Endpoint, String> {
        let config = self.config();
        let sdk_id = self.service().sdk_id;
        let rules = self.rules()?;
        let mut params = EndpointParams::new();
        for p in rules.params() {
            let Some(built_in) = p.built_in.as_deref() else {
                continue;
            };
            match built_in {
                "AWS::Region" => {
                    params.set_opt(&p.name, region);
                }
                "AWS::UseFIPS" => {
                    params.set(&p.name, config.use_fips());
                }
                "AWS::UseDualStack" => {
                    params.set(&p.name, config.use_dual_stack());
                }
                "SDK::Endpoint" => {
                    params.set_opt(
                        &p.name,
                        config.endpoint_url_for(sdk_id).map(Cow::into_owned),
                    );
                }
                ACCOUNT_ID => {
                    let configured = config.endpoint_built_in(ACCOUNT_ID).cloned();
                    params.set_opt(&p.name, configured.or_else(|| account_id.map(Value::from)));
                }
                other => {
                    params.set_opt(&p.name, config.endpoint_built_in(other).cloned());
                }
            }
        }
        for (name, value) in config.endpoint_params().iter() {
            params.set(name, value.clone());
        }
        for (name, value) in operation_params.into_iter().flat_map(EndpointParams::iter) {
            params.set(name, value.clone());
        }
        rules
            .resolve(&params, config.partitions())
            .map_err(|e| format!("no endpoint: {e}"))
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
    /// [`RetryConfig`](crate::client::retry::RetryConfig). A request whose body is a one-shot stream is
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
        #[cfg(feature = "checksums")]
        let validation = crate::client::checksums::response_validation(self.config(), &request);
        let attempts = self.send_with_retries(op, request, stream_ok);
        let received = match self.config().operation_timeout() {
            Some(limit) => match tokio::time::timeout(limit, attempts).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::timeout_error(format!(
                    "operation timeout of {limit:?} elapsed"
                ))),
            },
            None => attempts.await,
        };
        #[cfg(feature = "checksums")]
        if let Some(algorithms) = validation {
            use crate::client::checksums::{validate_buffered, validate_streaming};
            return match received? {
                Received::Buffered(response) if response.status().is_success() => {
                    match validate_buffered(&algorithms, &response) {
                        Ok(()) => Ok(Received::Buffered(response)),
                        Err(e) => Err(SdkError::response_error(e, response)),
                    }
                }
                Received::Streaming(response) => Ok(Received::Streaming(validate_streaming(
                    &algorithms,
                    response,
                ))),
                other => Ok(other),
            };
        }
        received
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
                "no HTTP client configured: enable the `hyper-client` feature of smelt-rt \
                 or set one with `ConfigBuilder::http_client`",
            )
        })?;
        let region = config.region().ok_or_else(|| {
            SdkError::construction_failure(
                "no region configured: set one with `ConfigBuilder::region`, or the AWS_REGION \
                 environment variable, or `region` in the AWS config file",
            )
        })?;
        // Unsigned: `@auth([])` operations and `Anonymous` credentials; `@optionalAuth`
        // operations when the provider has no credentials. Credentials come before the
        // endpoint: an endpoint may depend on their account id.
        let provider = config.credentials_provider();
        let presigning = presign::current();
        let credentials = if self.auth == OperationAuth::None || provider.is_anonymous() {
            None
        } else {
            // A provider's own calls (STS, SSO) are sent, not presigned.
            match presign::outside(provider.provide_credentials()).await {
                Ok(credentials) => Some(credentials),
                Err(e) if self.auth == OperationAuth::Optional && e.is_not_loaded() => None,
                Err(e) => return Err(SdkError::construction_failure(e)),
            }
        };
        let account_id = credentials
            .as_ref()
            .and_then(|c| c.account_id())
            .map(|a| a.as_str());
        let (prepared, signing) = self
            .prepare(request, region, account_id)
            .map_err(SdkError::construction_failure)?;
        let signing_region = signing.region.as_deref().unwrap_or(region);
        let signing_name = signing.name.as_deref().unwrap_or(service.signing_name);
        // S3 Express: the bucket's session credentials sign instead of the configured ones.
        // `CreateSession` is sent even while presigning: its session signs the presigned URL.
        let credentials = match (&signing.s3_express_bucket, credentials) {
            (Some(bucket), Some(base)) => {
                Some(presign::outside(self.s3_express_session(bucket, &base)).await?)
            }
            (_, credentials) => credentials,
        };
        let session_token_header = signing
            .s3_express_bucket
            .as_ref()
            .map(|_| S3_EXPRESS_SESSION_TOKEN);
        if let Some(presigning) = presigning {
            // Presigning mode: the prepared request is presigned and handed to `presign`.
            let Some(credentials) = &credentials else {
                return Err(SdkError::construction_failure(
                    "cannot presign: the operation is unsigned (`@auth([])`) or the \
                     configuration has no credentials",
                ));
            };
            let options = SignOptions {
                region_set: signing.region_set.as_deref(),
                disable_double_encoding: signing.disable_double_encoding,
                session_token_header,
            };
            presigning
                .presign(
                    prepared,
                    credentials,
                    signing_region,
                    signing_name,
                    &options,
                )
                .map_err(SdkError::construction_failure)?;
            return Err(SdkError::construction_failure(presign::Presigned));
        }

        let retry = config.retry_config();
        let tokens = config.retry_tokens();
        // The `adaptive` mode's limiter: every attempt (the first too) takes a token from it,
        // and every outcome tells it whether the service is throttling.
        let limiter = config.rate_limiter();
        let read_timeout = config.read_timeout();
        let limit = config.max_response_size();
        let mut max_attempts = retry.max_attempts();
        let mut attempt: u32 = 1;
        // Tokens the last retry of this call took from the bucket (given back on success).
        let mut last_cost: Option<u32> = None;
        let succeeded =
            |last_cost: Option<u32>| tokens.release(last_cost.unwrap_or(NO_RETRY_INCREMENT));
        // The request is copied for each attempt; a one-shot body is sent as the last attempt.
        let mut original = Some(prepared);
        loop {
            let copy = original.as_ref().and_then(try_clone_request);
            let request = match (copy, original.take()) {
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
            if let Some(limiter) = limiter {
                let wait = limiter.acquire(Instant::now());
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
            }
            let options = SignOptions {
                region_set: signing.region_set.as_deref(),
                disable_double_encoding: signing.disable_double_encoding,
                session_token_header,
            };
            // A body sent `aws-chunked` with a checksum trailer is signed and wrapped here.
            #[cfg(feature = "checksums")]
            let (mut request, chunked) = {
                let signer = crate::client::checksums::Signer {
                    credentials: credentials.as_ref(),
                    region: signing_region,
                    name: signing_name,
                    options,
                };
                match crate::client::checksums::chunked_attempt(request, signer)
                    .map_err(SdkError::construction_failure)?
                {
                    Ok(chunked) => (chunked, true),
                    Err(plain) => (plain, false),
                }
            };
            #[cfg(not(feature = "checksums"))]
            let (mut request, chunked) = (request, false);
            if let (Some(credentials), false) = (&credentials, chunked) {
                sign_request_with_options(
                    &mut request,
                    credentials,
                    signing_region,
                    signing_name,
                    SystemTime::now(),
                    &options,
                )
                .map_err(SdkError::construction_failure)?;
            }

            let exchange = async {
                let response = client.call(request).await?;
                if stream_ok && response.status().is_success() {
                    return Ok(Received::Streaming(response));
                }
                read_body(response, limit).await.map(Received::Buffered)
            };
            let outcome = tokio::time::timeout(read_timeout, exchange).await;
            // The error response's retry kind (`No` for every other outcome).
            let kind = match &outcome {
                Ok(Ok(Received::Buffered(response))) if !response.status().is_success() => {
                    let meta = error_metadata(service.protocol, response);
                    classify(response.status().as_u16(), meta.code(), op.retryable_errors)
                }
                _ => RetryKind::No,
            };
            if let Some(limiter) = limiter {
                limiter.on_response(Instant::now(), kind == RetryKind::Throttling);
            }
            let failed = match outcome {
                Err(_) => Failed::Timeout,
                Ok(Err(err)) => {
                    if !(err.is_io() || err.is_timeout()) {
                        return Err(SdkError::dispatch_failure(err));
                    }
                    Failed::Dispatch(err)
                }
                Ok(Ok(Received::Streaming(response))) => {
                    succeeded(last_cost);
                    return Ok(Received::Streaming(response));
                }
                Ok(Ok(Received::Buffered(response))) => {
                    if response.status().is_success() {
                        succeeded(last_cost);
                        return Ok(Received::Buffered(response));
                    }
                    if !kind.is_retryable() {
                        return Ok(Received::Buffered(response));
                    }
                    Failed::Response(response)
                }
            };
            let (cost, hint) = match &failed {
                Failed::Timeout => (TIMEOUT_RETRY_COST, None),
                Failed::Dispatch(err) if err.is_timeout() => (TIMEOUT_RETRY_COST, None),
                Failed::Dispatch(_) => (RETRY_COST, None),
                Failed::Response(response) => (RETRY_COST, retry_after(response.headers())),
            };
            // The last attempt, or the client's retry budget is spent: this failure is the answer.
            if attempt >= max_attempts || !tokens.try_acquire(cost) {
                return match failed {
                    Failed::Timeout => Err(SdkError::timeout_error(format!(
                        "no complete response within the read timeout of {read_timeout:?} \
                         (attempt {attempt} of {max_attempts})"
                    ))),
                    Failed::Dispatch(err) => Err(SdkError::dispatch_failure(err)),
                    Failed::Response(response) => Ok(Received::Buffered(response)),
                };
            }
            last_cost = Some(cost);
            tokio::time::sleep(delay_before_retry(attempt, retry, hint)).await;
            attempt += 1;
        }
    }

    /// The S3 Express session for `bucket`: the cached one while it has time left, else a new
    /// one from the installed `CreateSession`, made with the configured credentials `base`.
    async fn s3_express_session(
        &self,
        bucket: &str,
        base: &Credentials,
    ) -> Result<Credentials, SdkError<Infallible>> {
        let sessions = &self.inner.sessions;
        let key = base.access_key_id();
        if let Some(session) = sessions.get(bucket, key, SystemTime::now()) {
            return Ok(session);
        }
        let create = self.inner.s3_express.as_ref().ok_or_else(|| {
            SdkError::construction_failure(
                "the endpoint asks for S3 Express session auth (sigv4-s3express), and this \
                 client has no CreateSession to get a session with",
            )
        })?;
        let session = create.create_session(self, bucket).await.map_err(|e| {
            SdkError::construction_failure(format!(
                "S3 Express CreateSession for bucket `{bucket}` failed: {e}"
            ))
        })?;
        sessions.put(bucket, key, session.clone(), SystemTime::now());
        Ok(session)
    }

    /// Makes the request absolute and adds the headers common to every attempt.
    fn prepare(
        &self,
        request: HttpRequest,
        region: &str,
        account_id: Option<&str>,
    ) -> Result<(HttpRequest, Signing), String> {
        let service = self.service();
        let (mut parts, body) = request.into_parts();
        let operation_params = parts.extensions.get::<EndpointParams>();
        let resolved = self.resolve_endpoint(operation_params, region, account_id)?;
        let s3_express_bucket = if resolved.s3_express {
            let bucket = operation_params
                .and_then(|p| p.get("Bucket"))
                .and_then(Value::as_str)
                .ok_or("the endpoint asks for S3 Express session auth (sigv4-s3express), and the operation names no bucket")?;
            Some(bucket.to_owned())
        } else {
            None
        };
        let endpoint = resolved.url;
        let from_rules = resolved.from_rules;
        for (name, value) in resolved.headers {
            parts.headers.append(name, value);
        }
        let signing = Signing {
            name: resolved.signing_name,
            region: resolved.signing_region,
            region_set: resolved.region_set,
            disable_double_encoding: resolved.disable_double_encoding,
            s3_express_bucket,
        };
        let body = encode_body(self.config(), &mut parts, body)?;
        parts.uri = resolve_uri(&endpoint, &parts.uri, from_rules)?;
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
        Ok((http::Request::from_parts(parts, body), signing))
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
        let (meta, parsed) = parse_error_response(self.service().protocol, &response, parse_err);
        // The parser matches variants on the body's code; what the caller sees as the code
        // of a query-compatible service is the awsQuery one.
        let shown = if self.service().query_compatible {
            with_query_error_code(meta, &response)
        } else {
            meta
        };
        match parsed {
            Ok(err) => SdkError::Service(
                crate::client::error::ServiceError::new(err, response).with_meta(shown),
            ),
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

/// An attempt that failed in a way the retry policy may retry.
enum Failed {
    /// No complete response within the read timeout.
    Timeout,
    /// A transport error (I/O or a timeout of the transport).
    Dispatch(ConnectorError),
    /// A retryable error response (throttling, 5xx, a modeled retryable error).
    Response(HttpResponse),
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

/// Joins an endpoint URL (with an optional base path) and a request path-and-query. With
/// `root_is_base`, a request for `/` goes to the base path as it is (`/bucket?list-type=2`).
fn resolve_uri(endpoint: &str, request_uri: &Uri, root_is_base: bool) -> Result<Uri, String> {
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
    let path_and_query = match path_and_query.strip_prefix('/') {
        Some(rest)
            if root_is_base
                && !base_path.is_empty()
                && (rest.is_empty() || rest.starts_with('?')) =>
        {
            rest
        }
        _ => path_and_query,
    };
    let sep = if path_and_query.is_empty()
        || path_and_query.starts_with('/')
        || path_and_query.starts_with('?')
    {
        ""
    } else {
        "/"
    };
    let full = format!("{scheme}://{authority}{base_path}{sep}{path_and_query}");
    full.parse()
        .map_err(|e| format!("invalid request URI `{full}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::operation::Protocol;

    #[test]
    fn endpoint_resolution() {
        let pq: Uri = "/cluster-snapshot/x/copy?a=b".parse().unwrap();
        assert_eq!(
            resolve_uri("http://localhost:8000", &pq, false).unwrap(),
            "http://localhost:8000/cluster-snapshot/x/copy?a=b"
        );
        assert_eq!(
            resolve_uri("https://proxy.example.com/base/", &pq, false).unwrap(),
            "https://proxy.example.com/base/cluster-snapshot/x/copy?a=b"
        );
        assert_eq!(
            resolve_uri("https://h/base", &"/".parse().unwrap(), false).unwrap(),
            "https://h/base/"
        );
        assert_eq!(
            resolve_uri(
                "https://s3.example/bucket",
                &"/?list-type=2".parse().unwrap(),
                true
            )
            .unwrap(),
            "https://s3.example/bucket?list-type=2"
        );
        assert_eq!(
            resolve_uri("https://s3.example/bucket", &"/".parse().unwrap(), true).unwrap(),
            "https://s3.example/bucket"
        );
        assert_eq!(
            resolve_uri("https://s3.example/bucket", &"/key".parse().unwrap(), true).unwrap(),
            "https://s3.example/bucket/key"
        );
        assert!(resolve_uri("localhost:8000", &pq, false).is_err());
        assert!(resolve_uri("ftp://h", &pq, false).is_err());
        assert!(resolve_uri("https://h?x=1", &pq, false).is_err());
        assert!(resolve_uri("not a url", &pq, false).is_err());
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
            endpoint_rules: None,
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
