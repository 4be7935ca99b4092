//! [`GeneratedSso`]: the runtime's [`SsoClient`] seam over the generated `sso` (portal) and
//! `sso-oidc` clients.

use crate::endpoint;
use smelt_runtime::config::Config;
use smelt_runtime::credentials::{
    Anonymous, Credentials, CredentialsError, EnvLookup, RefreshedToken, RoleCredentialsRequest,
    SsoClient, TokenRefreshRequest,
};
use smelt_runtime::http::{BoxFuture, HttpClient};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// SSO `GetRoleCredentials` and SSO OIDC `CreateToken` (both unsigned) through the generated
/// clients, in the region the SSO session names.
#[derive(Clone)]
pub struct GeneratedSso {
    http: Option<Arc<dyn HttpClient>>,
    env: EnvLookup,
}

impl fmt::Debug for GeneratedSso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedSso")
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

impl GeneratedSso {
    /// The SSO services through `http` (the default client when `None`), at the endpoints
    /// `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL` name in `env`.
    pub fn new(http: Option<Arc<dyn HttpClient>>, env: EnvLookup) -> Self {
        Self { http, env }
    }

    /// An unsigned configuration for `region`, at the endpoint configured for `service`.
    fn config(&self, region: &str, service: &str) -> Config {
        let mut b = Config::builder()
            .region(region)
            .credentials_provider(Anonymous);
        if let Some(http) = &self.http {
            b = b.http_client(http.clone());
        }
        if let Some(url) = endpoint::configured(&self.env, service) {
            b = b.endpoint_url(url);
        }
        b.build_with_env(&|_| None)
    }
}

impl SsoClient for GeneratedSso {
    fn get_role_credentials<'a>(
        &'a self,
        request: &'a RoleCredentialsRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let out = sso::Client::from_conf(self.config(&request.region, "SSO"))
                .get_role_credentials()
                .role_name(&request.role_name)
                .account_id(&request.account_id)
                .access_token(&request.access_token)
                .send()
                .await
                .map_err(|e| CredentialsError::invalid("SSO GetRoleCredentials").with_source(e))?;
            let c = out.role_credentials.unwrap_or_default();
            let non_empty = |v: Option<String>| v.filter(|v| !v.is_empty());
            let (Some(key), Some(secret)) =
                (non_empty(c.access_key_id), non_empty(c.secret_access_key))
            else {
                return Err(CredentialsError::invalid(
                    "SSO GetRoleCredentials: the answer has no credentials",
                ));
            };
            let expiry = c
                .expiration
                .and_then(|ms| u64::try_from(ms).ok())
                .map(|ms| SystemTime::UNIX_EPOCH + Duration::from_millis(ms));
            Ok(Credentials::new(
                key,
                secret,
                non_empty(c.session_token),
                expiry,
                "Sso",
            ))
        })
    }

    fn refresh_token<'a>(
        &'a self,
        request: &'a TokenRefreshRequest,
    ) -> BoxFuture<'a, Result<RefreshedToken, CredentialsError>> {
        Box::pin(async move {
            let out = sso_oidc::Client::from_conf(self.config(&request.region, "SSO_OIDC"))
                .create_token()
                .client_id(&request.client_id)
                .client_secret(&request.client_secret)
                .grant_type("refresh_token")
                .refresh_token(&request.refresh_token)
                .send()
                .await
                .map_err(|e| CredentialsError::invalid("SSO OIDC CreateToken").with_source(e))?;
            let (Some(access_token), Some(expires_in)) = (
                out.access_token.filter(|t| !t.is_empty()),
                out.expires_in.and_then(|s| u64::try_from(s).ok()),
            ) else {
                return Err(CredentialsError::invalid(
                    "SSO OIDC CreateToken answered without accessToken or expiresIn",
                ));
            };
            Ok(RefreshedToken {
                access_token,
                expires_in: Duration::from_secs(expires_in),
                refresh_token: out.refresh_token,
            })
        })
    }
}
