//! ECS and EKS (Pod Identity) container credentials.
//!
//! * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: a path on `http://169.254.170.2` (ECS).
//! * `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URI; a plain `http` one only to a
//!   loopback host (`127.0.0.0/8`, `[::1]`, `localhost`) or the container hosts
//!   `169.254.170.2`, `169.254.170.23` (EKS Pod Identity) and `[fd00:ec2::23]`.
//! * `Authorization` header: the content of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at each
//!   request, so a rotated token is picked up), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
//! * Answer: the JSON credentials document (`AccessKeyId`, `SecretAccessKey`, `Token`,
//!   `Expiration`).

use super::remote::{credentials_from_json, send, snippet};
use super::{non_empty, Credentials, CredentialsError, EnvLookup, ProvideCredentials};
use crate::http::{BoxFuture, ByteStream, HttpClient};
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// The ECS credentials host for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
pub const ECS_CREDENTIALS_HOST: &str = "169.254.170.2";

/// Credentials from the ECS/EKS container endpoint.
#[derive(Clone)]
pub struct ContainerProvider {
    env: EnvLookup,
    http: Arc<dyn HttpClient>,
    timeout: Duration,
}

impl fmt::Debug for ContainerProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContainerProvider").finish_non_exhaustive()
    }
}

/// Whether a plain-`http` full URI may name `host`.
fn allowed_http_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match bare.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() => true,
        Ok(ip) => ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]
            .iter()
            .any(|allowed| allowed.parse::<IpAddr>().ok() == Some(ip)),
        Err(_) => false,
    }
}

impl ContainerProvider {
    /// A provider reading its settings through `env`, sending with `http`.
    pub fn new(env: EnvLookup, http: Arc<dyn HttpClient>) -> Self {
        Self {
            env,
            http,
            timeout: Duration::from_secs(2),
        }
    }

    /// The deadline of the request (default 2 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The URI to ask, `Ok(None)` when neither variable is set.
    pub fn uri(&self) -> Result<Option<String>, CredentialsError> {
        if let Some(rel) = non_empty(&self.env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let rel = rel.trim();
            let sep = if rel.starts_with('/') { "" } else { "/" };
            return Ok(Some(format!("http://{ECS_CREDENTIALS_HOST}{sep}{rel}")));
        }
        let Some(full) = non_empty(&self.env, "AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            return Ok(None);
        };
        let full = full.trim().to_string();
        let uri: http::Uri = full.parse().map_err(|e| {
            CredentialsError::invalid(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` is not a URI"
            ))
            .with_source(e)
        })?;
        let host = uri.host().unwrap_or_default();
        match uri.scheme_str() {
            Some("https") if !host.is_empty() => Ok(Some(full)),
            Some("http") if allowed_http_host(host) => Ok(Some(full)),
            Some("http") => Err(CredentialsError::invalid(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}`: plain http is allowed only to a \
                 loopback address or the ECS/EKS container hosts, not `{host}`"
            ))),
            _ => Err(CredentialsError::invalid(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` must be an http or https URI"
            ))),
        }
    }

    fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let token = match non_empty(&self.env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(path) => Some(
                std::fs::read_to_string(path.trim())
                    .map_err(|e| {
                        CredentialsError::invalid(format!(
                            "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE `{}`",
                            path.trim()
                        ))
                        .with_source(e)
                    })?
                    .trim()
                    .to_string(),
            ),
            None => non_empty(&self.env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        };
        match token {
            Some(t) if t.contains(['\r', '\n']) => Err(CredentialsError::invalid(
                "the container authorization token contains a line break",
            )),
            t => Ok(t),
        }
    }

    /// Loads the credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(uri) = self.uri()? else {
            return Err(CredentialsError::not_loaded(
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set",
            ));
        };
        let mut b = http::Request::builder()
            .method("GET")
            .uri(&uri)
            .header("accept", "application/json");
        if let Some(token) = self.authorization()? {
            b = b.header("authorization", token);
        }
        let request = b.body(ByteStream::new()).map_err(|e| {
            CredentialsError::invalid(format!("cannot build a request to `{uri}`")).with_source(e)
        })?;
        let r = send(&*self.http, request, self.timeout)
            .await
            .map_err(|e| CredentialsError::invalid(format!("GET {uri}: {e}")))?;
        if r.status != 200 {
            return Err(CredentialsError::invalid(format!(
                "GET {uri} answered {}: {}",
                r.status,
                snippet(&r.body)
            )));
        }
        credentials_from_json(&r.body, "EcsContainer")
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::credentials::env_from_map;
    use crate::http::TestClient;

    fn provider(vars: &[(&str, &str)]) -> ContainerProvider {
        ContainerProvider::new(
            env_from_map(vars.iter().map(|(k, v)| (k.to_string(), v.to_string()))),
            Arc::new(TestClient::new()),
        )
    }

    #[test]
    fn uri_rules() {
        let rel = provider(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds")]);
        assert_eq!(rel.uri().unwrap().unwrap(), "http://169.254.170.2/v2/creds");
        for ok in [
            "http://127.0.0.1:8080/c",
            "http://127.9.0.1/c",
            "http://localhost/c",
            "http://[::1]:1/c",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/c",
            "https://creds.example.com/c",
        ] {
            let p = provider(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", ok)]);
            assert_eq!(p.uri().unwrap().as_deref(), Some(ok));
        }
        for bad in [
            "http://10.0.0.1/c",
            "http://example.com/c",
            "ftp://127.0.0.1/c",
            "::",
        ] {
            let p = provider(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", bad)]);
            let e = p.uri().unwrap_err();
            assert!(!e.is_not_loaded(), "{bad}: {e}");
        }
        assert_eq!(provider(&[]).uri().unwrap(), None);
    }
}
