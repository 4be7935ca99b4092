//! Helpers shared by the end-to-end scenarios in `tests/`: every generated client is configured
//! the same way (moto's endpoint from `SMELT_E2E_ENDPOINT`, region `us-east-1`, static
//! credentials, the default hyper client, SigV4), and every resource gets a name unique to the
//! run, so scenarios can run in parallel and against a moto server that outlives one run.

use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::error::{ErrorMetadata, SdkError};
use std::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The environment variable naming moto's endpoint.
pub const ENDPOINT_VAR: &str = "SMELT_E2E_ENDPOINT";
/// The region every client is configured with (moto keeps one state per region).
pub const REGION: &str = "us-east-1";
/// moto's default account, which appears in the ARNs it returns.
pub const ACCOUNT: &str = "123456789012";

/// moto's endpoint, e.g. `http://127.0.0.1:5000`.
///
/// # Panics
///
/// When `SMELT_E2E_ENDPOINT` is unset or not on the loopback interface: these tests are run
/// by `cargo xtask e2e`, against a local moto only.
pub fn endpoint() -> String {
    let endpoint = match std::env::var(ENDPOINT_VAR) {
        Ok(v) if !v.trim().is_empty() => v.trim().trim_end_matches('/').to_string(),
        _ => panic!(
            "{ENDPOINT_VAR} is not set: start moto (`moto_server -H 127.0.0.1 -p 5000`) and run \
             `SMELT_E2E_ENDPOINT=http://127.0.0.1:5000 cargo xtask e2e`"
        ),
    };
    assert!(
        is_loopback_url(&endpoint),
        "{ENDPOINT_VAR}=`{endpoint}`: the scenarios run against moto on the loopback interface \
         only (e.g. http://127.0.0.1:5000)"
    );
    endpoint
}

/// Whether `url` is `http(s)://HOST[:PORT][/...]` with HOST on the loopback interface (the same
/// rule as `cargo xtask e2e`).
fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((host, _)) => host,
            None => return false,
        },
        None => authority.split(':').next().unwrap_or_default(),
    };
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// The configuration of every client: moto's endpoint, [`REGION`], static credentials.
///
/// Built without reading the process environment (`AWS_ENDPOINT_URL`, `AWS_MAX_ATTEMPTS`,
/// profile files...), so a developer's shell cannot change what the scenarios observe. The HTTP
/// client is the default one (hyper), so every call is a real, SigV4-signed HTTP request.
pub fn config() -> Config {
    Config::builder()
        .endpoint_url(endpoint())
        .region(REGION)
        .credentials_provider(Credentials::new("testing", "testing", None, None, "e2e"))
        .operation_timeout(Duration::from_secs(60))
        .build_with_env(&|_| None)
}

/// A name unique to this process and call: `prefix-<pid>-<millis>-<n>`, lowercase, at most
/// 63 characters (fits DynamoDB, SQS, Kinesis, Secrets Manager and EKS naming rules).
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = format!("{prefix}-{}-{millis}-{n}", std::process::id());
    assert!(name.len() <= 63, "name too long: {name}");
    name
}

/// The modeled (or unhandled) service error of `result`, with the HTTP status it came with.
///
/// # Panics
///
/// When `result` is a success or a non-service error (dispatch, timeout, unparsable response).
pub fn service_error<T: Debug, E: Debug>(result: Result<T, SdkError<E>>) -> (E, u16) {
    let (e, meta, _) = service_error_with_meta(result);
    (e, meta.status())
}

/// Like [`service_error`], with the error's metadata (code, message, request ID, status) as the
/// runtime read it from the response, and the response body as text.
///
/// # Panics
///
/// As [`service_error`].
pub fn service_error_with_meta<T: Debug, E: Debug>(
    result: Result<T, SdkError<E>>,
) -> (E, ErrorMetadata, String) {
    let err = match result {
        Ok(v) => panic!("expected a service error, got a success: {v:?}"),
        Err(e) => e,
    };
    let (Some(meta), Some(raw)) = (err.service_meta(), err.raw_response()) else {
        panic!("expected a service error, got {err:?}");
    };
    let meta = meta.clone();
    assert_eq!(meta.status(), raw.status().as_u16(), "metadata status");
    let body = String::from_utf8_lossy(raw.body()).into_owned();
    let e = err.into_service_error().expect("a service error");
    (e, meta, body)
}

/// Retries `probe` every 200 ms until it returns `Some`, at most `attempts` times.
///
/// # Panics
///
/// When `probe` never returns `Some`: `what` says what was awaited.
pub async fn wait_for<T, F, Fut>(what: &str, attempts: u32, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..attempts {
        if let Some(v) = probe().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("timed out waiting for {what}");
}
