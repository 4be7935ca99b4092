//! Helpers shared by the integration tests in `tests/`, which exercise the generated clients the
//! way a user of the crates would: through `Client`, fluent builders and `send()`.
//!
//! Every configuration built here is hermetic: it ignores the process environment (no
//! `AWS_ENDPOINT_URL`, `AWS_MAX_ATTEMPTS`, profile files...), so a developer's shell cannot change
//! what the tests observe.

pub mod fault_server;
pub mod soak;

use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::{BufferedRequest, TestClient};
use smelt_runtime::retry::RetryConfig;
use std::time::Duration;

/// Region used by every test client.
pub const REGION: &str = "us-east-1";
/// Access key id of the static test credentials.
pub const ACCESS_KEY_ID: &str = "AKID";
/// Secret key of the static test credentials.
pub const SECRET_ACCESS_KEY: &str = "SECRET";

/// Static credentials for the tests.
pub fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None, None, "test")
}

/// A configuration builder with static credentials and [`REGION`] (no HTTP client set).
pub fn base_config() -> smelt_runtime::config::ConfigBuilder {
    Config::builder()
        .region(REGION)
        .credentials_provider(credentials())
}

/// Builds `builder` without looking at the process environment.
pub fn build_hermetic(builder: smelt_runtime::config::ConfigBuilder) -> Config {
    builder.build_with_env(&|_| None)
}

/// A DocDB Elastic client over `http`, with retries disabled (one attempt per call).
pub fn docdb_client(http: &TestClient) -> docdb_elastic::Client {
    docdb_client_with_retry(http, RetryConfig::disabled())
}

/// A DocDB Elastic client over `http` with the given retry policy.
pub fn docdb_client_with_retry(http: &TestClient, retry: RetryConfig) -> docdb_elastic::Client {
    let config = build_hermetic(base_config().http_client(http.clone()).retry_config(retry));
    docdb_elastic::Client::from_conf(config)
}

/// A retry policy with `attempts` attempts and a 1 ms backoff, so retries do not slow tests.
pub fn fast_retries(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
}

/// A test client answering once with `status`, a JSON content type and `body`.
pub fn json_once(status: u16, body: impl Into<bytes::Bytes>) -> TestClient {
    TestClient::new().with_response(status, &[("content-type", "application/json")], body)
}

/// The value of header `name` of `request` as text; panics with a readable message if absent.
pub fn header<'r>(request: &'r BufferedRequest, name: &str) -> &'r str {
    request
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("request has no `{name}` header: {request:?}"))
        .to_str()
        .unwrap_or_else(|_| panic!("header `{name}` is not visible ASCII"))
}

/// The query parameters of `request` as raw (still percent-encoded) `(key, value)` pairs.
pub fn query_pairs(request: &BufferedRequest) -> Vec<(String, String)> {
    request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (pair.to_string(), String::new()),
        })
        .collect()
}
