//! [`GeneratedSts`]: the runtime's [`StsClient`] seam over the generated `sts` client.

use crate::endpoint;
use smelt_runtime::config::Config;
use smelt_runtime::credentials::{
    Anonymous, AssumeRoleRequest, Credentials, CredentialsError, EnvLookup, ProvideCredentials,
    StsClient, WebIdentityRequest,
};
use smelt_runtime::http::{BoxFuture, HttpClient};
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// STS `AssumeRole` (signed with the source credentials) and `AssumeRoleWithWebIdentity`
/// (unsigned) through the generated `sts` client.
#[derive(Clone)]
pub struct GeneratedSts {
    http: Option<Arc<dyn HttpClient>>,
    env: EnvLookup,
    region: Option<String>,
}

impl fmt::Debug for GeneratedSts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedSts")
            .field("region", &self.region)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

impl GeneratedSts {
    /// STS in `region` (`us-east-1` when there is none), through `http` (the default client
    /// when `None`), at the endpoint `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL` name in `env`.
    pub fn new(http: Option<Arc<dyn HttpClient>>, env: EnvLookup, region: Option<String>) -> Self {
        Self { http, env, region }
    }

    /// A client signing with `credentials`.
    fn client(&self, credentials: Arc<dyn ProvideCredentials>) -> sts::Client {
        let mut b = Config::builder()
            .region(self.region.as_deref().unwrap_or("us-east-1"))
            .credentials_provider(credentials);
        if let Some(http) = &self.http {
            b = b.http_client(http.clone());
        }
        if let Some(url) = endpoint::configured(&self.env, "STS") {
            b = b.endpoint_url(url);
        }
        // Everything is set above; the environment has been read already.
        sts::Client::from_conf(b.build_with_env(&|_| None))
    }
}

fn to_credentials(
    action: &str,
    out: Option<sts::types::Credentials>,
) -> Result<Credentials, CredentialsError> {
    let c = out.ok_or_else(|| {
        CredentialsError::invalid(format!("STS {action}: the answer has no credentials"))
    })?;
    let expiry = SystemTime::try_from(c.expiration).map_err(|e| {
        CredentialsError::invalid(format!("STS {action}: Expiration out of range: {e}"))
    })?;
    Ok(Credentials::new(
        c.access_key_id,
        c.secret_access_key,
        Some(c.session_token),
        Some(expiry),
        "AssumeRoleProvider",
    ))
}

fn failed<E: std::error::Error + Send + Sync + 'static>(
    action: &str,
) -> impl FnOnce(E) -> CredentialsError + '_ {
    move |e| CredentialsError::invalid(format!("STS {action}")).with_source(e)
}

impl StsClient for GeneratedSts {
    fn assume_role<'a>(
        &'a self,
        source: &'a Credentials,
        request: &'a AssumeRoleRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let out = self
                .client(Arc::new(source.clone()))
                .assume_role()
                .role_arn(&request.role_arn)
                .role_session_name(&request.session_name)
                .set_external_id(request.external_id.clone())
                .set_duration_seconds(
                    request
                        .duration_seconds
                        .map(|d| d.min(i32::MAX as u32) as i32),
                )
                .send()
                .await
                .map_err(failed("AssumeRole"))?;
            to_credentials("AssumeRole", out.credentials)
        })
    }

    fn assume_role_with_web_identity<'a>(
        &'a self,
        request: &'a WebIdentityRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let out = self
                .client(Arc::new(Anonymous))
                .assume_role_with_web_identity()
                .role_arn(&request.role_arn)
                .role_session_name(&request.session_name)
                .web_identity_token(&request.token)
                .send()
                .await
                .map_err(failed("AssumeRoleWithWebIdentity"))?;
            to_credentials("AssumeRoleWithWebIdentity", out.credentials)
        })
    }
}
