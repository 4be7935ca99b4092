//! The seam between the credential chain and STS: [`StsClient`] is what the chain calls to
//! assume a role (`role_arn` profiles) or to exchange a web identity token. The runtime has no
//! implementation: `smelt-config` (the `config/` crate) plugs in the generated `sts` client, and
//! anything else (a fake) can be plugged in with
//! [`DefaultChain::with_sts`](super::DefaultChain::with_sts).
//!
//! [`WebIdentityProvider`]: `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
//! `AWS_ROLE_SESSION_NAME` (or a profile's `web_identity_token_file`, `role_arn`,
//! `role_session_name`), exchanged with STS `AssumeRoleWithWebIdentity`.

use super::{non_empty, Credentials, CredentialsError, EnvLookup, ProvideCredentials};
use crate::http::BoxFuture;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// The parameters of STS `AssumeRole`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeRoleRequest {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub session_name: String,
    /// `ExternalId` (profile `external_id`).
    pub external_id: Option<String>,
    /// `DurationSeconds` (profile `duration_seconds`).
    pub duration_seconds: Option<u32>,
}

/// The parameters of STS `AssumeRoleWithWebIdentity`.
#[derive(Clone, PartialEq, Eq)]
pub struct WebIdentityRequest {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub session_name: String,
    /// `WebIdentityToken` (not printed by `Debug`).
    pub token: String,
}

impl fmt::Debug for WebIdentityRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityRequest")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("token", &"** redacted **")
            .finish()
    }
}

/// The STS calls the credential chain makes.
pub trait StsClient: Send + Sync + fmt::Debug {
    /// `AssumeRole`, signed with `source`.
    fn assume_role<'a>(
        &'a self,
        source: &'a Credentials,
        request: &'a AssumeRoleRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>>;

    /// `AssumeRoleWithWebIdentity` (unsigned).
    fn assume_role_with_web_identity<'a>(
        &'a self,
        request: &'a WebIdentityRequest,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>>;
}

/// A role session name when none is configured: `smelt-<milliseconds since the epoch>`.
pub fn default_session_name() -> String {
    let ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("smelt-{ms}")
}

pub(crate) fn no_sts(what: &str) -> CredentialsError {
    CredentialsError::invalid(format!(
        "{what} needs STS, and no STS client is configured (load the configuration with \
         `smelt_config::load()`, or give the chain one with `with_sts`)"
    ))
}

/// Credentials from a web identity token file exchanged with STS.
#[derive(Clone)]
pub struct WebIdentityProvider {
    source: WebIdentitySource,
    sts: Option<Arc<dyn StsClient>>,
}

#[derive(Clone)]
enum WebIdentitySource {
    Env(EnvLookup),
    Fixed {
        token_file: String,
        role_arn: String,
        session_name: Option<String>,
    },
}

impl fmt::Debug for WebIdentityProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityProvider")
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

impl WebIdentityProvider {
    /// Settings from `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`.
    pub fn from_env(env: EnvLookup, sts: Option<Arc<dyn StsClient>>) -> Self {
        Self {
            source: WebIdentitySource::Env(env),
            sts,
        }
    }

    /// Fixed settings (a profile's `web_identity_token_file` and `role_arn`).
    pub fn new(
        token_file: impl Into<String>,
        role_arn: impl Into<String>,
        session_name: Option<String>,
        sts: Option<Arc<dyn StsClient>>,
    ) -> Self {
        Self {
            source: WebIdentitySource::Fixed {
                token_file: token_file.into(),
                role_arn: role_arn.into(),
                session_name,
            },
            sts,
        }
    }

    /// Reads the token file (at each call: the token is rotated) and calls STS.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let (file, role_arn, session_name) = match &self.source {
            WebIdentitySource::Env(env) => {
                let file = non_empty(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
                let role = non_empty(env, "AWS_ROLE_ARN");
                match (file, role) {
                    (Some(f), Some(r)) => (f, r, non_empty(env, "AWS_ROLE_SESSION_NAME")),
                    (None, None) => {
                        return Err(CredentialsError::not_loaded(
                            "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set",
                        ))
                    }
                    (Some(_), None) => {
                        return Err(CredentialsError::invalid(
                            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
                        ))
                    }
                    (None, Some(_)) => {
                        return Err(CredentialsError::not_loaded(
                            "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not",
                        ))
                    }
                }
            }
            WebIdentitySource::Fixed {
                token_file,
                role_arn,
                session_name,
            } => (token_file.clone(), role_arn.clone(), session_name.clone()),
        };
        let token = std::fs::read_to_string(file.trim()).map_err(|e| {
            CredentialsError::invalid(format!(
                "cannot read the web identity token file `{}`",
                file.trim()
            ))
            .with_source(e)
        })?;
        let sts = self
            .sts
            .as_ref()
            .ok_or_else(|| no_sts("a web identity token"))?;
        let request = WebIdentityRequest {
            role_arn,
            session_name: session_name.unwrap_or_else(default_session_name),
            token: token.trim().to_string(),
        };
        sts.assume_role_with_web_identity(&request).await
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}
