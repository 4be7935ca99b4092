//! EC2 instance metadata (IMDS): [`ImdsClient`] with IMDSv2 session tokens, the credentials
//! provider on top of it, and the instance's region.
//!
//! * Endpoint: `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the profile's
//!   `ec2_metadata_service_endpoint`), else by `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`
//!   (`ec2_metadata_service_endpoint_mode`): `IPv4` → `http://169.254.169.254` (default),
//!   `IPv6` → `http://[fd00:ec2::254]`.
//! * `AWS_EC2_METADATA_DISABLED=true` turns the provider off (nothing is sent).
//! * Session token: `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds`
//!   (6 hours), reused until shortly before its TTL ends and fetched again after a 401.
//! * IMDSv1 fallback (as botocore): when the token request answers 403, 404 or 405, or gets no
//!   answer in time, requests go without a token, unless `AWS_EC2_METADATA_V1_DISABLED=true`
//!   (`ec2_metadata_v1_disabled`); a 400 is an error.
//! * Credentials: `GET /latest/meta-data/iam/security-credentials/` gives the role name, then
//!   `.../security-credentials/<role>` the JSON document (`Code` must be `Success`).

use super::remote::{credentials_from_json, flat_json, send, snippet};
use super::{non_empty, Credentials, CredentialsError, EnvLookup, ProvideCredentials};
use crate::http::{BoxFuture, ByteStream, HttpClient};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN_PATH: &str = "/latest/api/token";
const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const REGION_PATH: &str = "/latest/meta-data/placement/region";

/// The IPv4 endpoint of instance metadata.
pub const IMDS_IPV4_ENDPOINT: &str = "http://169.254.169.254";
/// The IPv6 endpoint of instance metadata.
pub const IMDS_IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";

/// IMDS settings, from the environment and the profile (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImdsSettings {
    /// `None` when disabled by `AWS_EC2_METADATA_DISABLED`.
    pub endpoint: Option<String>,
    /// Whether requests may go without a session token when none can be had.
    pub v1_fallback: bool,
}

impl ImdsSettings {
    /// Reads the settings; `profile` looks up a key of the active profile.
    pub fn resolve(
        env: &EnvLookup,
        profile: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let truthy = |v: Option<String>| v.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let v1_fallback = !truthy(
            non_empty(env, "AWS_EC2_METADATA_V1_DISABLED")
                .or_else(|| profile("ec2_metadata_v1_disabled")),
        );
        if truthy(non_empty(env, "AWS_EC2_METADATA_DISABLED")) {
            return Ok(Self {
                endpoint: None,
                v1_fallback,
            });
        }
        let endpoint = match non_empty(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT")
            .or_else(|| profile("ec2_metadata_service_endpoint"))
        {
            Some(e) => e.trim().trim_end_matches('/').to_string(),
            None => match non_empty(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
                .or_else(|| profile("ec2_metadata_service_endpoint_mode"))
            {
                None => IMDS_IPV4_ENDPOINT.to_string(),
                Some(m) if m.trim().eq_ignore_ascii_case("ipv4") => IMDS_IPV4_ENDPOINT.to_string(),
                Some(m) if m.trim().eq_ignore_ascii_case("ipv6") => IMDS_IPV6_ENDPOINT.to_string(),
                Some(m) => {
                    return Err(CredentialsError::invalid(format!(
                        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6, not `{m}`"
                    )))
                }
            },
        };
        Ok(Self {
            endpoint: Some(endpoint),
            v1_fallback,
        })
    }
}

/// A client of the instance metadata service. Cheap to clone; clones share the session token.
#[derive(Clone)]
pub struct ImdsClient {
    inner: Arc<ImdsInner>,
}

struct ImdsInner {
    http: Arc<dyn HttpClient>,
    endpoint: String,
    v1_fallback: bool,
    token_ttl: Duration,
    timeout: Duration,
    /// The session token and when to stop using it; `Some(None)` means IMDSv1 was chosen.
    token: tokio::sync::Mutex<Option<(Option<String>, Instant)>>,
}

impl fmt::Debug for ImdsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImdsClient")
            .field("endpoint", &self.inner.endpoint)
            .field("v1_fallback", &self.inner.v1_fallback)
            .finish_non_exhaustive()
    }
}

/// Where a metadata request failed: IMDS is not there, or it said no.
enum ImdsError {
    /// Unreachable or nothing at the path: the chain moves on.
    Unavailable(String),
    /// A definite refusal or malformed answer.
    Failed(String),
}

impl From<ImdsError> for CredentialsError {
    fn from(e: ImdsError) -> Self {
        match e {
            ImdsError::Unavailable(m) => CredentialsError::not_loaded(m),
            ImdsError::Failed(m) => CredentialsError::invalid(m),
        }
    }
}

impl ImdsClient {
    /// A client of `endpoint` (e.g. [`IMDS_IPV4_ENDPOINT`]) over `http`.
    pub fn new(http: Arc<dyn HttpClient>, endpoint: impl Into<String>) -> Self {
        Self {
            inner: Arc::new(ImdsInner {
                http,
                endpoint: endpoint.into().trim_end_matches('/').to_string(),
                v1_fallback: true,
                token_ttl: Duration::from_secs(21_600),
                timeout: Duration::from_secs(1),
                token: tokio::sync::Mutex::new(None),
            }),
        }
    }

    /// A client for `settings`, `None` when IMDS is disabled.
    pub fn from_settings(http: Arc<dyn HttpClient>, settings: &ImdsSettings) -> Option<Self> {
        let endpoint = settings.endpoint.clone()?;
        Some(Self::new(http, endpoint).with_v1_fallback(settings.v1_fallback))
    }

    fn rebuild(self, f: impl FnOnce(&mut ImdsInner)) -> Self {
        let i = &self.inner;
        let mut inner = ImdsInner {
            http: i.http.clone(),
            endpoint: i.endpoint.clone(),
            v1_fallback: i.v1_fallback,
            token_ttl: i.token_ttl,
            timeout: i.timeout,
            token: tokio::sync::Mutex::new(None),
        };
        f(&mut inner);
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Whether requests may go without a token when none can be had (default: yes).
    pub fn with_v1_fallback(self, allowed: bool) -> Self {
        self.rebuild(|i| i.v1_fallback = allowed)
    }

    /// The TTL asked for session tokens (default 6 hours).
    pub fn with_token_ttl(self, ttl: Duration) -> Self {
        self.rebuild(|i| i.token_ttl = ttl.max(Duration::from_secs(1)))
    }

    /// The deadline of each request (default 1 s).
    pub fn with_timeout(self, timeout: Duration) -> Self {
        self.rebuild(|i| i.timeout = timeout)
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    fn request(&self, method: &str, path: &str) -> http::request::Builder {
        http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.inner.endpoint))
            .header("user-agent", "smelt-rt imds")
    }

    /// A session token (`None`: IMDSv1), fetched or reused.
    async fn token(&self, force: bool) -> Result<Option<String>, ImdsError> {
        let mut slot = self.inner.token.lock().await;
        if !force {
            if let Some((token, until)) = slot.as_ref() {
                if Instant::now() < *until {
                    return Ok(token.clone());
                }
            }
        }
        let ttl = self.inner.token_ttl.as_secs();
        let request = self
            .request("PUT", TOKEN_PATH)
            .header(TTL_HEADER, ttl.to_string())
            .body(ByteStream::new())
            .map_err(|e| ImdsError::Failed(format!("cannot build the token request: {e}")))?;
        let fallback = |why: String| {
            if self.inner.v1_fallback {
                Ok(None)
            } else {
                Err(ImdsError::Unavailable(format!(
                    "{why}, and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED)"
                )))
            }
        };
        let (token, lifetime) = match send(&*self.inner.http, request, self.inner.timeout).await {
            Ok(r) if r.status == 200 => {
                let granted = r
                    .headers
                    .get(TTL_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(ttl);
                let token = r.body.trim().to_string();
                if token.is_empty() {
                    return Err(ImdsError::Failed(
                        "IMDS returned an empty session token".into(),
                    ));
                }
                // Stop using a token a little before the service does.
                let lifetime = Duration::from_secs(granted)
                    .saturating_sub(Duration::from_secs(granted.min(60) / 6));
                (Some(token), lifetime)
            }
            Ok(r) if matches!(r.status, 403..=405) => (
                fallback(format!("token request answered {}", r.status))?,
                self.inner.token_ttl,
            ),
            Ok(r) => {
                return Err(ImdsError::Failed(format!(
                    "token request answered {}: {}",
                    r.status,
                    snippet(&r.body)
                )))
            }
            Err(e) => (
                fallback(format!("token request failed ({e})"))?,
                self.inner.token_ttl,
            ),
        };
        *slot = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }

    async fn get_inner(&self, path: &str) -> Result<String, ImdsError> {
        let mut force = false;
        loop {
            let token = self.token(force).await?;
            let mut b = self.request("GET", path);
            if let Some(t) = &token {
                b = b.header(TOKEN_HEADER, t.as_str());
            }
            let request = b
                .body(ByteStream::new())
                .map_err(|e| ImdsError::Failed(format!("cannot build the request: {e}")))?;
            let r = send(&*self.inner.http, request, self.inner.timeout)
                .await
                .map_err(|e| ImdsError::Unavailable(format!("GET {path}: {e}")))?;
            match r.status {
                200 => return Ok(r.body),
                // The token expired or was revoked: get a new one, once.
                401 if !force => force = true,
                404 => {
                    return Err(ImdsError::Unavailable(format!(
                        "GET {path}: not found (404)"
                    )))
                }
                s => {
                    return Err(ImdsError::Failed(format!(
                        "GET {path} answered {s}: {}",
                        snippet(&r.body)
                    )))
                }
            }
        }
    }

    /// GETs a metadata path (e.g. `/latest/meta-data/placement/region`).
    pub async fn get(&self, path: &str) -> Result<String, CredentialsError> {
        Ok(self.get_inner(path).await?)
    }

    /// The instance's region.
    pub async fn region(&self) -> Result<String, CredentialsError> {
        let region = self.get(REGION_PATH).await?.trim().to_string();
        if region.is_empty() {
            return Err(CredentialsError::invalid("IMDS returned an empty region"));
        }
        Ok(region)
    }

    /// The credentials of the instance profile's role.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let listing = self.get(CREDENTIALS_PATH).await?;
        let Some(role) = listing.lines().map(str::trim).find(|l| !l.is_empty()) else {
            return Err(CredentialsError::not_loaded(
                "the instance has no IAM role (empty security-credentials listing)",
            ));
        };
        if role.contains(['/', '?', '#']) {
            return Err(CredentialsError::invalid(format!(
                "IMDS returned an invalid role name `{}`",
                snippet(role)
            )));
        }
        let body = self.get(&format!("{CREDENTIALS_PATH}{role}")).await?;
        let fields = flat_json(&body).map_err(|e| {
            CredentialsError::invalid(format!("unreadable credentials of role `{role}`: {e}"))
        })?;
        if let Some(code) = fields.get("Code").filter(|c| *c != "Success") {
            let message = fields.get("Message").cloned().unwrap_or_default();
            return Err(CredentialsError::invalid(format!(
                "IMDS refused the credentials of role `{role}`: {code} {message}"
            )));
        }
        credentials_from_json(&body, "Ec2InstanceMetadata")
    }
}

/// Credentials of the EC2 instance profile, from [`ImdsClient`].
#[derive(Clone, Debug)]
pub struct ImdsCredentialsProvider {
    client: ImdsClient,
}

impl ImdsCredentialsProvider {
    /// A provider over `client`.
    pub fn new(client: ImdsClient) -> Self {
        Self { client }
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.client.credentials())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::credentials::env_from_map;

    #[test]
    fn settings_from_env_and_profile() {
        let none = |_: &str| None;
        let s =
            ImdsSettings::resolve(&env_from_map(Vec::<(String, String)>::new()), &none).unwrap();
        assert_eq!(s.endpoint.as_deref(), Some(IMDS_IPV4_ENDPOINT));
        assert!(s.v1_fallback);
        let s = ImdsSettings::resolve(
            &env_from_map([
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"),
                ("AWS_EC2_METADATA_V1_DISABLED", "true"),
            ]),
            &none,
        )
        .unwrap();
        assert_eq!(s.endpoint.as_deref(), Some(IMDS_IPV6_ENDPOINT));
        assert!(!s.v1_fallback);
        let profile =
            |k: &str| (k == "ec2_metadata_service_endpoint").then(|| "http://x:1/".into());
        let s =
            ImdsSettings::resolve(&env_from_map(Vec::<(String, String)>::new()), &profile).unwrap();
        assert_eq!(s.endpoint.as_deref(), Some("http://x:1"));
        let off = ImdsSettings::resolve(
            &env_from_map([("AWS_EC2_METADATA_DISABLED", "TRUE")]),
            &none,
        )
        .unwrap();
        assert_eq!(off.endpoint, None);
        let bad = ImdsSettings::resolve(
            &env_from_map([("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5")]),
            &none,
        );
        assert!(bad.unwrap_err().to_string().contains("IPv4 or IPv6"));
    }
}
