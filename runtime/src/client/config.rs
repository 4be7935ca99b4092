//! Client configuration shared by every generated client.
//!
//! ```
//! use smelt_runtime::config::Config;
//! use smelt_runtime::credentials::Credentials;
//! use smelt_runtime::http::TestClient;
//! use std::time::Duration;
//!
//! let config = Config::builder()
//!     .region("us-east-1")
//!     .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "example"))
//!     .endpoint_url("http://localhost:8000")
//!     .http_client(TestClient::always(200, "{}"))
//!     .read_timeout(Duration::from_secs(5))
//!     .build();
//! assert_eq!(config.region(), Some("us-east-1"));
//! assert_eq!(config.endpoint_url(), Some("http://localhost:8000"));
//! ```
//!
//! Client layer: holds the settings and builds the default HTTP client and credential chain; it
//! must not send requests or read responses (that is the orchestrator's job).

use crate::auth::credentials::{
    env_from_map, DefaultChain, EnvLookup, ProfileProvider, ProfileSettings, ProvideCredentials,
};
use crate::client::rate_limit::ClientRateLimiter;
use crate::client::retry::{RetryConfig, RetryMode, RetryTokenBucket};
use crate::endpoint::{EndpointParams, Partitions, Value};
use crate::http::HttpClient;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Default TCP connect timeout of the default HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// Default per-attempt timeout to receive the complete response.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Default largest response body read into memory (64 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 64 * 1024 * 1024;
/// Default smallest body compressed for `@requestCompression` operations (10 KiB).
pub const DEFAULT_MIN_COMPRESSION_SIZE: usize = 10_240;
/// The largest value `request_min_compression_size_bytes` may take (10 MiB).
pub const MAX_MIN_COMPRESSION_SIZE: usize = 10_485_760;

/// Environment variables consulted by [`ConfigBuilder::build`] (directly or by the default
/// credentials chain and profile lookup).
pub const ENV_VARS: &[&str] = &[
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_DISABLE_REQUEST_COMPRESSION",
    "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
    "AWS_REQUEST_CHECKSUM_CALCULATION",
    "AWS_RESPONSE_CHECKSUM_VALIDATION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
    "HOME",
    "USERPROFILE",
    "HOMEDRIVE",
    "HOMEPATH",
    // The credential chain beyond static keys (see `auth::credentials`).
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_EC2_METADATA_V1_DISABLED",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_SSO",
    "AWS_ENDPOINT_URL_SSO_OIDC",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE",
];

/// The prefix of the service-specific endpoint variables (`AWS_ENDPOINT_URL_DYNAMODB`), read
/// by [`ConfigBuilder::build`] and [`ConfigBuilder::build_with_vars`].
pub const SERVICE_ENDPOINT_PREFIX: &str = "AWS_ENDPOINT_URL_";

/// When flexible checksums (`aws.protocols#httpChecksum`) are computed or validated: the
/// `request_checksum_calculation` and `response_checksum_validation` settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChecksumWhen {
    /// For every operation that supports them (the default).
    #[default]
    WhenSupported,
    /// Only when the operation requires one, or the caller chose an algorithm (requests) or
    /// turned validation on (responses).
    WhenRequired,
}

impl ChecksumWhen {
    /// `when_supported` or `when_required` (any case); `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if value.eq_ignore_ascii_case("when_supported") {
            Some(ChecksumWhen::WhenSupported)
        } else if value.eq_ignore_ascii_case("when_required") {
            Some(ChecksumWhen::WhenRequired)
        } else {
            None
        }
    }
}

/// Immutable client configuration. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct Config {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Arc<dyn ProvideCredentials>,
    http_client: Option<Arc<dyn HttpClient>>,
    connect_timeout: Duration,
    read_timeout: Duration,
    operation_timeout: Option<Duration>,
    max_response_size: usize,
    disable_request_compression: bool,
    min_compression_size: usize,
    checksums: (ChecksumWhen, ChecksumWhen),
    retry: RetryConfig,
    /// Shared by every call of every client built from this configuration.
    retry_tokens: RetryTokenBucket,
    /// The client-side rate limiter of the `adaptive` retry mode (`None` in other modes);
    /// shared like the token bucket.
    rate_limiter: Option<ClientRateLimiter>,
    validate_constraints: bool,
    use_fips: bool,
    use_dual_stack: bool,
    endpoint_params: EndpointParams,
    built_ins: Vec<(String, Value)>,
    partitions: Option<Arc<Partitions>>,
    idempotency_tokens: Option<IdempotencyTokens>,
    /// Where configured endpoint URLs come from (see [`Config::endpoint_url_for`]).
    endpoints: ConfiguredEndpoints,
}

/// The configured endpoint URLs besides `endpoint_url` itself.
#[derive(Clone, Default)]
struct ConfiguredEndpoints {
    /// `endpoint_url` was set on the builder (it then wins over every other source).
    explicit: bool,
    /// `AWS_ENDPOINT_URL_<SERVICE>` variables: `(SERVICE, url)`.
    env: Vec<(String, String)>,
    /// The environment lookup [`ConfigBuilder::build_with_lookup`] keeps: the variable
    /// `AWS_ENDPOINT_URL_<SERVICE>` of a service that `env` lacks is looked up by its id when
    /// a client of that service resolves an endpoint.
    lookup: Option<EnvLookup>,
    /// The profile's settings, for `endpoint_url` and its `services` section.
    profile: Option<ProfileSettings>,
}

impl fmt::Debug for ConfiguredEndpoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfiguredEndpoints")
            .field("explicit", &self.explicit)
            .field("env", &self.env)
            .field("lookup", &self.lookup.as_ref().map(|_| "<environment>"))
            .field("profile", &self.profile)
            .finish()
    }
}

/// `Secrets Manager` → `SECRETS_MANAGER`: a service id as the environment variables spell it.
fn env_service_key(service_id: &str) -> String {
    service_id
        .trim()
        .to_ascii_uppercase()
        .replace([' ', '-'], "_")
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl Config {
    /// A builder; unset values are filled from the environment by [`ConfigBuilder::build`].
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A configuration from the process environment alone (`Config::builder().build()`).
    pub fn from_env() -> Self {
        Self::builder().build()
    }

    /// A builder holding every value of this configuration, to derive a modified copy.
    pub fn to_builder(&self) -> ConfigBuilder {
        let i = &self.inner;
        ConfigBuilder {
            region: i.region.clone(),
            // An endpoint from the environment is read again by the next build, in its place
            // among the other configured endpoints.
            endpoint_url: i.endpoint_url.clone().filter(|_| i.endpoints.explicit),
            credentials: Some(i.credentials.clone()),
            http_client: i.http_client.clone(),
            connect_timeout: Some(i.connect_timeout),
            read_timeout: Some(i.read_timeout),
            operation_timeout: i.operation_timeout,
            max_response_size: Some(i.max_response_size),
            disable_request_compression: Some(i.disable_request_compression),
            min_compression_size: Some(i.min_compression_size),
            request_checksum_calculation: Some(i.checksums.0),
            response_checksum_validation: Some(i.checksums.1),
            retry: Some(i.retry),
            validate_constraints: i.validate_constraints,
            use_fips: Some(i.use_fips),
            use_dual_stack: Some(i.use_dual_stack),
            endpoint_params: i.endpoint_params.clone(),
            built_ins: i.built_ins.clone(),
            partitions: i.partitions.clone(),
            idempotency_tokens: i.idempotency_tokens.clone(),
        }
    }

    /// The endpoint URL configured for the service with SDK id `service_id` (`DynamoDB`,
    /// `Secrets Manager`), highest precedence first: `endpoint_url` set on the builder;
    /// `AWS_ENDPOINT_URL_<SERVICE>` (the id upper case, spaces as underscores:
    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER`); `AWS_ENDPOINT_URL`; the profile's `services`
    /// section entry (`secrets_manager = endpoint_url = ...`); the profile's `endpoint_url`.
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` or the profile's
    /// `ignore_configured_endpoint_urls = true` leaves only the builder's. This is the
    /// `SDK::Endpoint` of the service's rule set.
    pub fn endpoint_url_for(&self, service_id: &str) -> Option<Cow<'_, str>> {
        let i = &self.inner;
        if i.endpoints.explicit {
            return i.endpoint_url.as_deref().map(Cow::Borrowed);
        }
        let key = env_service_key(service_id);
        let known = i
            .endpoints
            .env
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| Cow::Borrowed(v.as_str()));
        let looked_up = || {
            let lookup = i.endpoints.lookup.as_ref()?;
            let url = lookup(&format!("{SERVICE_ENDPOINT_PREFIX}{key}"))?;
            (!url.trim().is_empty()).then_some(Cow::Owned(url))
        };
        known
            .or_else(looked_up)
            .or(i.endpoint_url.as_deref().map(Cow::Borrowed))
            .or_else(|| {
                i.endpoints
                    .profile
                    .as_ref()?
                    .endpoint_url_for(service_id)
                    .map(Cow::Borrowed)
            })
    }

    /// Where tokens of unset `@idempotencyToken` members come from, when set
    /// ([`ConfigBuilder::idempotency_tokens`]); `None`: random v4 UUIDs.
    pub fn idempotency_tokens(&self) -> Option<&IdempotencyTokens> {
        self.inner.idempotency_tokens.as_ref()
    }

    /// Whether FIPS endpoints are asked for (the `AWS::UseFIPS` endpoint parameter).
    pub fn use_fips(&self) -> bool {
        self.inner.use_fips
    }

    /// Whether dual-stack (IPv6) endpoints are asked for (`AWS::UseDualStack`).
    pub fn use_dual_stack(&self) -> bool {
        self.inner.use_dual_stack
    }

    /// Endpoint parameters set by name ([`ConfigBuilder::endpoint_param`]).
    pub fn endpoint_params(&self) -> &EndpointParams {
        &self.inner.endpoint_params
    }

    /// The value set for an endpoint built-in ([`ConfigBuilder::endpoint_built_in`]).
    pub fn endpoint_built_in(&self, name: &str) -> Option<&Value> {
        self.inner
            .built_ins
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// The partition table for endpoint resolution: the one set with
    /// [`ConfigBuilder::partitions`], else the built-in one.
    pub fn partitions(&self) -> &Partitions {
        self.inner
            .partitions
            .as_deref()
            .unwrap_or_else(|| Partitions::builtin())
    }

    /// The AWS region (e.g. `us-east-1`), used for signing and the default endpoint.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The endpoint override (e.g. `http://localhost:8000/base`), if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.inner.endpoint_url.as_deref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> &Arc<dyn ProvideCredentials> {
        &self.inner.credentials
    }

    /// The HTTP client; `None` only when the `hyper-client` feature is off and none was set.
    pub fn http_client(&self) -> Option<&Arc<dyn HttpClient>> {
        self.inner.http_client.as_ref()
    }

    /// Connect timeout used by the default HTTP client.
    pub fn connect_timeout(&self) -> Duration {
        self.inner.connect_timeout
    }

    /// Per-attempt timeout to receive the complete response.
    pub fn read_timeout(&self) -> Duration {
        self.inner.read_timeout
    }

    /// Timeout for a whole operation call, retries included (none by default).
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.inner.operation_timeout
    }

    /// The largest response body read into memory, in bytes (default 64 MiB). The body of a
    /// streaming output is not read into memory and has no limit.
    pub fn max_response_size(&self) -> usize {
        self.inner.max_response_size
    }

    /// Whether `@requestCompression` is turned off (default: on).
    pub fn disable_request_compression(&self) -> bool {
        self.inner.disable_request_compression
    }

    /// The smallest request body that `@requestCompression` operations compress (default
    /// 10,240 bytes).
    pub fn request_min_compression_size_bytes(&self) -> usize {
        self.inner.min_compression_size
    }

    /// When `@httpChecksum` request checksums are computed (default
    /// [`ChecksumWhen::WhenSupported`]).
    pub fn request_checksum_calculation(&self) -> ChecksumWhen {
        self.inner.checksums.0
    }

    /// When `@httpChecksum` response checksums are validated (default
    /// [`ChecksumWhen::WhenSupported`]).
    pub fn response_checksum_validation(&self) -> ChecksumWhen {
        self.inner.checksums.1
    }

    /// The retry policy.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.inner.retry
    }

    /// The retry token bucket, shared by every call made with this configuration (and its
    /// clones); [`ConfigBuilder::build`] fills it with [`RetryConfig::retry_tokens`] tokens.
    pub fn retry_tokens(&self) -> &RetryTokenBucket {
        &self.inner.retry_tokens
    }

    /// The client-side rate limiter of the `adaptive` retry mode, shared like
    /// [`retry_tokens`](Self::retry_tokens): `Some` only when the retry mode is
    /// [`RetryMode::Adaptive`]; other modes never wait before an attempt.
    pub fn rate_limiter(&self) -> Option<&ClientRateLimiter> {
        self.inner.rate_limiter.as_ref()
    }

    /// Whether inputs are checked against the model's `@length`, `@range` and `@pattern`
    /// constraints before sending (off by default; see [`ConfigBuilder::validate_constraints`]).
    pub fn validate_constraints(&self) -> bool {
        self.inner.validate_constraints
    }
}

/// Where the tokens of `@idempotencyToken` members left unset come from, when not random v4 UUIDs
/// (`crate::client::idempotency_token`; set with `ConfigBuilder::idempotency_tokens`): a fixed token for
/// tests, or any function.
#[derive(Clone)]
pub struct IdempotencyTokens(std::sync::Arc<dyn Fn() -> String + Send + Sync>);

impl IdempotencyTokens {
    /// Tokens made by `f`.
    pub fn new(f: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Self(std::sync::Arc::new(f))
    }

    /// The same token every time (tests that compare requests).
    pub fn fixed(token: impl Into<String>) -> Self {
        let token = token.into();
        Self::new(move || token.clone())
    }

    /// The next token.
    pub fn next_token(&self) -> String {
        (self.0)()
    }
}

impl std::fmt::Debug for IdempotencyTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdempotencyTokens(..)")
    }
}

/// Builder for [`Config`].
#[derive(Default, Clone, Debug)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    http_client: Option<Arc<dyn HttpClient>>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    max_response_size: Option<usize>,
    disable_request_compression: Option<bool>,
    min_compression_size: Option<usize>,
    request_checksum_calculation: Option<ChecksumWhen>,
    response_checksum_validation: Option<ChecksumWhen>,
    retry: Option<RetryConfig>,
    validate_constraints: bool,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    endpoint_params: EndpointParams,
    built_ins: Vec<(String, Value)>,
    partitions: Option<Arc<Partitions>>,
    idempotency_tokens: Option<IdempotencyTokens>,
}

impl ConfigBuilder {
    /// Where tokens of `@idempotencyToken` members left unset come from (default: random v4
    /// UUIDs).
    pub fn idempotency_tokens(mut self, tokens: IdempotencyTokens) -> Self {
        self.idempotency_tokens = Some(tokens);
        self
    }

    /// Asks for FIPS endpoints (default: `AWS_USE_FIPS_ENDPOINT`, else `false`).
    pub fn use_fips(mut self, enabled: bool) -> Self {
        self.use_fips = Some(enabled);
        self
    }

    /// Asks for dual-stack endpoints (default: `AWS_USE_DUALSTACK_ENDPOINT`, else `false`).
    pub fn use_dual_stack(mut self, enabled: bool) -> Self {
        self.use_dual_stack = Some(enabled);
        self
    }

    /// Sets a parameter of the service's endpoint rule set by its name (a
    /// `@clientContextParams` parameter such as S3's `ForcePathStyle`, or any other); it wins
    /// over values from built-ins. Names the rule set does not declare are ignored.
    pub fn endpoint_param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.endpoint_params.set(name, value);
        self
    }

    /// Sets an endpoint built-in by its name (`AWS::Auth::AccountId`,
    /// `AWS::S3::ForcePathStyle`, `AWS::STS::UseGlobalEndpoint`, ...): every rule-set parameter
    /// bound to it gets the value. `AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack` and
    /// `SDK::Endpoint` come from their own settings.
    pub fn endpoint_built_in(mut self, name: &str, value: impl Into<Value>) -> Self {
        let value = value.into();
        match self.built_ins.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.built_ins.push((name.to_owned(), value)),
        }
        self
    }

    /// Replaces the partition table of endpoint resolution (for regions newer than this
    /// crate), e.g. with [`Partitions::from_json`] of a `partitions.json` file.
    pub fn partitions(mut self, partitions: Partitions) -> Self {
        self.partitions = Some(Arc::new(partitions));
        self
    }

    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the credentials provider (e.g. a [`Credentials`](crate::auth::credentials::Credentials)
    /// value for static credentials).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Sends requests to this endpoint instead of `https://{prefix}.{region}.amazonaws.com`.
    /// A path (`http://localhost:8000/base`) is prefixed to every request path.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Sets the HTTP client (default: a `HyperClient` when the `hyper-client` feature is on).
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(Arc::new(client));
        self
    }

    /// Sets the connect timeout of the default HTTP client (default 3.1 s). Has no effect on a
    /// client set with [`ConfigBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the per-attempt timeout to receive the complete response (default 60 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Sets a timeout for a whole operation call, retries included (default: none).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Turns `@requestCompression` off (or on again); default: on, or
    /// `AWS_DISABLE_REQUEST_COMPRESSION=true`.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = Some(disable);
        self
    }

    /// Sets the smallest body that `@requestCompression` operations compress (0 to 10,485,760
    /// bytes; larger values are clamped); default 10,240, or
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`.
    pub fn request_min_compression_size_bytes(mut self, bytes: usize) -> Self {
        self.min_compression_size = Some(bytes.min(MAX_MIN_COMPRESSION_SIZE));
        self
    }

    /// Sets when request checksums of `@httpChecksum` operations are computed; default
    /// `when_supported`, or `AWS_REQUEST_CHECKSUM_CALCULATION`, or the profile's
    /// `request_checksum_calculation`.
    pub fn request_checksum_calculation(mut self, when: ChecksumWhen) -> Self {
        self.request_checksum_calculation = Some(when);
        self
    }

    /// Sets when response checksums of `@httpChecksum` operations are validated; default
    /// `when_supported`, or `AWS_RESPONSE_CHECKSUM_VALIDATION`, or the profile's
    /// `response_checksum_validation`.
    pub fn response_checksum_validation(mut self, when: ChecksumWhen) -> Self {
        self.response_checksum_validation = Some(when);
        self
    }

    /// Sets the largest response body read into memory (default 64 MiB); a larger one fails
    /// the call with a response error. Streaming outputs are not limited.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Checks every input against the model's `@length`, `@range` and `@pattern` constraints
    /// before sending, failing with a construction error that names the member.
    ///
    /// Off by default: the service is the authority on its constraints and has relaxed them
    /// before, so a client that enforces a stale copy would reject requests the service accepts.
    /// Required members are always checked. Each input also has a `validate()` method.
    pub fn validate_constraints(mut self, enabled: bool) -> Self {
        self.validate_constraints = enabled;
        self
    }

    /// Sets the retry policy (default: [`RetryConfig::standard`], or `AWS_MAX_ATTEMPTS`).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Builds the configuration, filling unset values from the process environment:
    ///
    /// * region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the `region` of the active
    ///   profile in the shared config files;
    /// * endpoint: `AWS_ENDPOINT_URL` (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`);
    /// * FIPS and dual-stack endpoints: `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`
    ///   (`true` turns them on);
    /// * credentials: the [`DefaultChain`] (environment, profile, web identity, container,
    ///   instance metadata), loaded lazily and cached, sharing this configuration's HTTP client;
    ///   without STS and SSO, which `smelt_config::load()` adds (the runtime cannot depend on
    ///   the generated clients that call them);
    /// * retries: the mode from `AWS_RETRY_MODE`, else the profile's `retry_mode` (`standard`
    ///   by default; see [`RetryMode`]), and the attempts from `AWS_MAX_ATTEMPTS`, else the
    ///   profile's `max_attempts`, else the mode's default (an unknown or malformed value counts
    ///   as unset);
    /// * HTTP client: a `HyperClient` with the connect timeout (feature `hyper-client`).
    ///   Without the feature and without a client, operation calls fail with a construction
    ///   error saying so.
    pub fn build(self) -> Config {
        let service_vars: Vec<String> = std::env::vars_os()
            .filter_map(|(k, _)| k.into_string().ok())
            .filter(|k| k.starts_with(SERVICE_ENDPOINT_PREFIX))
            .collect();
        self.build_from(&|name| std::env::var(name).ok(), &service_vars, None)
    }

    /// Like [`ConfigBuilder::build`], reading environment variables through `env` instead of
    /// the process environment (the variables in [`ENV_VARS`] are read once, here). `env`
    /// cannot list its variables and is not kept, so the service-specific
    /// `AWS_ENDPOINT_URL_<SERVICE>` ones are not read: [`ConfigBuilder::build_with_lookup`]
    /// (which keeps its lookup) and [`ConfigBuilder::build_with_vars`] read them too.
    pub fn build_with_env(self, env: &dyn Fn(&str) -> Option<String>) -> Config {
        self.build_from(env, &[], None)
    }

    /// Like [`ConfigBuilder::build_with_env`], and the configuration keeps `env`: a client
    /// built from it looks up its own service's `AWS_ENDPOINT_URL_<SERVICE>` (its SDK id upper
    /// case, spaces and dashes as underscores) through `env` when it resolves an endpoint, so
    /// the service-specific variables work although `env` cannot list them.
    /// `smelt_config::load()` builds this way.
    pub fn build_with_lookup(self, env: EnvLookup) -> Config {
        self.build_from(&*env.clone(), &[], Some(env))
    }

    /// Like [`ConfigBuilder::build`], with `vars` as the whole environment (including the
    /// service-specific `AWS_ENDPOINT_URL_<SERVICE>` variables).
    pub fn build_with_vars(self, vars: &[(&str, &str)]) -> Config {
        let names: Vec<String> = vars
            .iter()
            .filter(|(k, _)| k.starts_with(SERVICE_ENDPOINT_PREFIX))
            .map(|(k, _)| (*k).to_owned())
            .collect();
        let env = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        };
        self.build_from(&env, &names, None)
    }

    /// `keep`: the lookup the configuration keeps for service-specific endpoint variables.
    fn build_from(
        self,
        env: &dyn Fn(&str) -> Option<String>,
        service_vars: &[String],
        keep: Option<EnvLookup>,
    ) -> Config {
        let snapshot: Vec<(String, String)> = ENV_VARS
            .iter()
            .copied()
            .chain(service_vars.iter().map(String::as_str))
            .filter_map(|name| env(name).map(|v| (name.to_string(), v)))
            .collect();
        let lookup = env_from_map(snapshot);
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let region = self
            .region
            .or_else(|| var("AWS_REGION"))
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .or_else(|| ProfileProvider::from_env_fn(lookup.clone()).region());

        // A malformed profile counts as no profile here (the credential chain reports it).
        let profile = ProfileProvider::from_env_fn(lookup.clone()).settings().ok();
        let ignore_endpoints = match var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
            Some(v) => v.trim().eq_ignore_ascii_case("true"),
            None => profile
                .as_ref()
                .and_then(|p| p.ignore_configured_endpoint_urls)
                .unwrap_or(false),
        };
        let explicit_endpoint = self.endpoint_url.is_some();
        let endpoint_url = self.endpoint_url.or_else(|| {
            if ignore_endpoints {
                None
            } else {
                var("AWS_ENDPOINT_URL")
            }
        });

        // The builder, else the variable (`true` or not), else the profile, else off.
        let flag = |name: &str, from_profile: Option<bool>| {
            var(name)
                .map(|v| v.trim().eq_ignore_ascii_case("true"))
                .or(from_profile)
                .unwrap_or(false)
        };
        let use_fips = self.use_fips.unwrap_or_else(|| {
            flag(
                "AWS_USE_FIPS_ENDPOINT",
                profile.as_ref().and_then(|p| p.use_fips_endpoint),
            )
        });
        let use_dual_stack = self.use_dual_stack.unwrap_or_else(|| {
            flag(
                "AWS_USE_DUALSTACK_ENDPOINT",
                profile.as_ref().and_then(|p| p.use_dualstack_endpoint),
            )
        });
        let mut built_ins = self.built_ins;
        const MODE: &str = "AWS::Auth::AccountIdEndpointMode";
        if !built_ins.iter().any(|(n, _)| n == MODE) {
            let mode = var("AWS_ACCOUNT_ID_ENDPOINT_MODE").or_else(|| {
                profile
                    .as_ref()
                    .and_then(|p| p.account_id_endpoint_mode.clone())
            });
            if let Some(mode) = mode {
                built_ins.push((MODE.to_owned(), Value::String(mode.trim().to_owned())));
            }
        }
        let endpoints = if ignore_endpoints {
            ConfiguredEndpoints {
                explicit: explicit_endpoint,
                ..ConfiguredEndpoints::default()
            }
        } else {
            ConfiguredEndpoints {
                explicit: explicit_endpoint,
                env: service_vars
                    .iter()
                    .filter_map(|name| {
                        let service = name.strip_prefix(SERVICE_ENDPOINT_PREFIX)?;
                        Some((service.to_owned(), var(name)?))
                    })
                    .collect(),
                lookup: keep,
                profile: profile.clone(),
            }
        };

        let retry = self.retry.unwrap_or_else(|| {
            // The environment first, then the profile (a malformed profile counts as unset).
            let profile = std::cell::OnceCell::new();
            let profile = || {
                profile
                    .get_or_init(|| ProfileProvider::from_env_fn(lookup.clone()).settings().ok())
                    .as_ref()
            };
            let mode = var("AWS_RETRY_MODE")
                .and_then(|m| RetryMode::parse(&m))
                .or_else(|| RetryMode::parse(profile()?.retry_mode.as_deref()?))
                .unwrap_or_default();
            let attempts = var("AWS_MAX_ATTEMPTS")
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|n| *n > 0)
                .or_else(|| profile()?.max_attempts);
            let retry = RetryConfig::for_mode(mode);
            match attempts {
                Some(n) if n > 0 => retry.with_max_attempts(n),
                _ => retry,
            }
        });

        let disable_request_compression = self.disable_request_compression.unwrap_or_else(|| {
            var("AWS_DISABLE_REQUEST_COMPRESSION")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        });
        let min_compression_size = self.min_compression_size.unwrap_or_else(|| {
            var("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
                .and_then(|v| v.trim().parse::<usize>().ok())
                .filter(|v| *v <= MAX_MIN_COMPRESSION_SIZE)
                .unwrap_or(DEFAULT_MIN_COMPRESSION_SIZE)
        });

        // The builder, else the variable, else the profile, else `when_supported`.
        let when = |set: Option<ChecksumWhen>,
                    name: &str,
                    key: fn(&ProfileSettings) -> Option<&String>| {
            set.or_else(|| ChecksumWhen::parse(&var(name)?))
                .or_else(|| ChecksumWhen::parse(key(profile.as_ref()?)?))
                .unwrap_or_default()
        };
        let checksums = (
            when(
                self.request_checksum_calculation,
                "AWS_REQUEST_CHECKSUM_CALCULATION",
                |p| p.request_checksum_calculation.as_ref(),
            ),
            when(
                self.response_checksum_validation,
                "AWS_RESPONSE_CHECKSUM_VALIDATION",
                |p| p.response_checksum_validation.as_ref(),
            ),
        );

        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let http_client = self
            .http_client
            .or_else(|| default_http_client(connect_timeout));

        let credentials = self.credentials.unwrap_or_else(|| {
            let mut chain = DefaultChain::from_env_fn(lookup.clone());
            if let Some(http) = &http_client {
                // STS and SSO come from `smelt-config`, which sets its own chain.
                chain = chain.with_http_client(http.clone());
            }
            Arc::new(chain)
        });

        Config {
            inner: Arc::new(Inner {
                region,
                endpoint_url,
                credentials,
                http_client,
                connect_timeout,
                read_timeout: self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT),
                operation_timeout: self.operation_timeout,
                max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
                disable_request_compression,
                min_compression_size,
                checksums,
                retry_tokens: RetryTokenBucket::new(retry.retry_tokens()),
                rate_limiter: (retry.mode() == RetryMode::Adaptive)
                    .then(|| ClientRateLimiter::new(std::time::Instant::now())),
                retry,
                validate_constraints: self.validate_constraints,
                use_fips,
                use_dual_stack,
                endpoint_params: self.endpoint_params,
                built_ins,
                partitions: self.partitions,
                endpoints,
                idempotency_tokens: self.idempotency_tokens,
            }),
        }
    }
}

#[cfg(feature = "hyper-client")]
fn default_http_client(connect_timeout: Duration) -> Option<Arc<dyn HttpClient>> {
    Some(Arc::new(
        crate::http::HyperClient::builder()
            .connect_timeout(connect_timeout)
            .build(),
    ))
}

#[cfg(not(feature = "hyper-client"))]
fn default_http_client(_connect_timeout: Duration) -> Option<Arc<dyn HttpClient>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::credentials::Credentials;
    use crate::http::TestClient;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn idempotency_tokens_come_from_the_provider_and_survive_to_builder() {
        let random = Config::builder().build_with_env(&env(&[]));
        assert!(random.idempotency_tokens().is_none());
        let fixed = Config::builder()
            .idempotency_tokens(IdempotencyTokens::fixed("t-1"))
            .build_with_env(&env(&[]));
        let tokens = fixed.idempotency_tokens().expect("set");
        assert_eq!(
            (tokens.next_token(), tokens.next_token()),
            ("t-1".into(), "t-1".into())
        );
        let copy = fixed.to_builder().build_with_env(&env(&[]));
        assert_eq!(
            copy.idempotency_tokens()
                .map(IdempotencyTokens::next_token)
                .as_deref(),
            Some("t-1")
        );
    }

    #[test]
    fn explicit_values_win_over_environment() {
        let e = env(&[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://env:1"),
            ("AWS_MAX_ATTEMPTS", "7"),
        ]);
        let c = Config::builder()
            .region("us-east-1")
            .endpoint_url("http://explicit:2")
            .retry_config(RetryConfig::disabled())
            .read_timeout(Duration::from_secs(5))
            .operation_timeout(Duration::from_secs(9))
            .connect_timeout(Duration::from_secs(1))
            .http_client(TestClient::new())
            .credentials_provider(Credentials::new("A", "S", None, None, "t"))
            .build_with_env(&e);
        assert_eq!(c.region(), Some("us-east-1"));
        assert_eq!(c.endpoint_url(), Some("http://explicit:2"));
        assert_eq!(c.retry_config().max_attempts(), 1);
        assert_eq!(c.read_timeout(), Duration::from_secs(5));
        assert_eq!(c.operation_timeout(), Some(Duration::from_secs(9)));
        assert_eq!(c.connect_timeout(), Duration::from_secs(1));
        assert!(format!("{:?}", c.http_client().unwrap()).contains("TestClient"));
        // Secrets are not printed.
        assert!(!format!("{c:?}").contains("\"S\""));
    }

    #[test]
    fn values_from_environment() {
        let e = env(&[
            ("AWS_DEFAULT_REGION", "ap-northeast-1"),
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ]);
        let c = Config::builder().build_with_env(&e);
        assert_eq!(c.region(), Some("ap-northeast-1"));
        assert_eq!(c.endpoint_url(), Some("http://localhost:4566"));
        assert_eq!(c.retry_config().max_attempts(), 5);
        assert_eq!(c.read_timeout(), DEFAULT_READ_TIMEOUT);
        assert_eq!(c.connect_timeout(), DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(c.operation_timeout(), None);
        assert_eq!(c.http_client().is_some(), cfg!(feature = "hyper-client"));

        let both = env(&[("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", "x")]);
        assert_eq!(
            Config::builder().build_with_env(&both).region(),
            Some("us-west-2")
        );

        let ignored = env(&[
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ("AWS_MAX_ATTEMPTS", "zero"),
        ]);
        let c = Config::builder().build_with_env(&ignored);
        assert_eq!(c.endpoint_url(), None);
        assert_eq!(c.region(), None);
        assert_eq!(c.retry_config().max_attempts(), 3);
    }

    #[tokio::test]
    async fn region_and_credentials_from_profile() {
        let dir = std::env::temp_dir().join(format!(
            "smelt-config-test-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("config");
        let creds = dir.join("credentials");
        std::fs::write(
            &conf,
            "[profile work]\nregion = eu-north-1\nmax_attempts = 6\n",
        )
        .unwrap();
        std::fs::write(
            &creds,
            "[work]\naws_access_key_id = PK\naws_secret_access_key = PS\n",
        )
        .unwrap();
        let e = env(&[
            ("AWS_PROFILE", "work"),
            ("AWS_CONFIG_FILE", conf.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
        ]);
        let c = Config::builder().build_with_env(&e);
        assert_eq!(c.region(), Some("eu-north-1"));
        assert_eq!(
            c.retry_config().max_attempts(),
            6,
            "the profile's max_attempts"
        );
        let got = c
            .credentials_provider()
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(got.access_key_id(), "PK");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn retry_mode_and_attempts_from_environment_and_profile() {
        let dir = std::env::temp_dir().join(format!(
            "smelt-config-retry-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("config");
        std::fs::write(
            &conf,
            "[profile legacy]\nretry_mode = legacy\n\
             [profile adaptive]\nretry_mode = Adaptive\nmax_attempts = 4\n\
             [profile broken]\nretry_mode = eager\nmax_attempts = 9\n",
        )
        .unwrap();
        let conf = conf.to_str().unwrap();
        let retry = |vars: &[(&str, &str)]| {
            let mut all = vec![("AWS_CONFIG_FILE", conf)];
            all.extend_from_slice(vars);
            *Config::builder()
                .http_client(TestClient::new())
                .build_with_env(&env(&all))
                .retry_config()
        };
        let r = retry(&[]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Standard, 3));
        // The profile's mode, with that mode's default attempts.
        let r = retry(&[("AWS_PROFILE", "legacy")]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Legacy, 5));
        let r = retry(&[("AWS_PROFILE", "adaptive")]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Adaptive, 4));
        // The environment wins over the profile, each setting on its own.
        let r = retry(&[("AWS_PROFILE", "adaptive"), ("AWS_RETRY_MODE", "legacy")]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Legacy, 4));
        let r = retry(&[("AWS_PROFILE", "legacy"), ("AWS_MAX_ATTEMPTS", "2")]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Legacy, 2));
        let r = retry(&[("AWS_RETRY_MODE", "STANDARD"), ("AWS_MAX_ATTEMPTS", "8")]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Standard, 8));
        // Unknown values count as unset: a bad variable falls back to the profile, a profile
        // with a bad value is not used for retries at all.
        let r = retry(&[("AWS_PROFILE", "legacy"), ("AWS_RETRY_MODE", "eager")]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Legacy, 5));
        let r = retry(&[("AWS_PROFILE", "legacy"), ("AWS_MAX_ATTEMPTS", "0")]);
        assert_eq!(r.max_attempts(), 5);
        let r = retry(&[("AWS_PROFILE", "broken")]);
        assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Standard, 3));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_the_adaptive_mode_has_a_rate_limiter_shared_by_clones() {
        let build = |retry: RetryConfig| {
            Config::builder()
                .http_client(TestClient::new())
                .retry_config(retry)
                .build_with_env(&env(&[]))
        };
        assert!(build(RetryConfig::standard()).rate_limiter().is_none());
        assert!(build(RetryConfig::for_mode(RetryMode::Legacy))
            .rate_limiter()
            .is_none());
        let c = build(RetryConfig::for_mode(RetryMode::Adaptive));
        let limiter = c.rate_limiter().expect("adaptive mode has a limiter");
        limiter.on_response(std::time::Instant::now(), true);
        assert!(c.clone().rate_limiter().unwrap().is_enabled(), "shared");
        let env_adaptive = Config::builder()
            .http_client(TestClient::new())
            .build_with_env(&env(&[("AWS_RETRY_MODE", "adaptive")]));
        assert!(env_adaptive.rate_limiter().is_some());
    }

    #[test]
    fn to_builder_round_trips() {
        let c = Config::builder()
            .region("us-east-1")
            .http_client(TestClient::new())
            .read_timeout(Duration::from_millis(10))
            .build_with_env(&env(&[]));
        let d = c
            .to_builder()
            .region("eu-west-3")
            .build_with_env(&env(&[("AWS_REGION", "ignored")]));
        assert_eq!(d.region(), Some("eu-west-3"));
        assert_eq!(d.read_timeout(), Duration::from_millis(10));
        assert_eq!(c.clone().region(), Some("us-east-1"));
    }
}
