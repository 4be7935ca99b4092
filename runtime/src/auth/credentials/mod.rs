//! AWS credentials, the providers that load them, and the region chain.
//!
//! * [`Credentials`] (re-exported from `aws-credential-types`) is itself a static provider.
//! * [`EnvironmentProvider`]: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
//! * [`ProfileProvider`]: the shared `~/.aws/credentials` and `~/.aws/config` files: static
//!   keys, `role_arn` with `source_profile` or `credential_source`, `web_identity_token_file`,
//!   `credential_process`, SSO; and the profile's other settings ([`ProfileSettings`]).
//! * [`WebIdentityProvider`], [`ContainerProvider`], [`ImdsCredentialsProvider`],
//!   [`ProcessProvider`].
//! * [`DefaultChain`]: environment, profile, web identity, container, instance metadata, in
//!   aws-config's order, behind a [`LazyCache`].
//! * [`RegionChain`]: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, IMDS.
//! * [`StsClient`] and [`SsoClient`]: the seams through which the chain calls STS, the SSO
//!   portal and SSO OIDC. The runtime sits below the generated crates and has no implementation
//!   of its own: `smelt-config` (the `config/` crate) plugs in the generated `sts`, `sso` and
//!   `sso-oidc` clients.
//! * [`Anonymous`]: no credentials at all; a client configured with it sends requests unsigned.
//!
//! Every provider that reads the environment can be given a lookup function instead of the
//! process environment (`from_map` / `from_env_fn`), which keeps tests hermetic. Providers that
//! call a service take an [`HttpClient`].
//!
//! Auth layer: knows nothing of the configuration or the client that asks for credentials.
//! Inside this folder: `profile` parses, `remote` sends; the providers use both.

mod assume_role;
mod cache;
mod chain;
mod container;
mod imds;
mod process;
mod profile;
mod profile_provider;
mod remote;
mod settings;
mod sso;
#[cfg(test)]
mod tests;

use crate::http::{BoxFuture, HttpClient};
use profile::{named_section, parse_ini, profile_section, FileKind, Properties};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use assume_role::{
    default_session_name, AssumeRoleRequest, StsClient, WebIdentityProvider, WebIdentityRequest,
};
pub use cache::{Clock, LazyCache, DEFAULT_REFRESH_BEFORE_EXPIRY};
pub use chain::{DefaultChain, RegionChain};
pub use container::{ContainerProvider, ECS_CREDENTIALS_HOST};
pub use imds::{
    ImdsClient, ImdsCredentialsProvider, ImdsSettings, IMDS_IPV4_ENDPOINT, IMDS_IPV6_ENDPOINT,
};
pub use process::ProcessProvider;
pub use profile_provider::ProfileProvider;
pub use settings::ProfileSettings;
pub use sso::{RefreshedToken, RoleCredentialsRequest, SsoClient, TokenRefreshRequest};
// Helpers the providers share.
use profile_provider::*;

pub use aws_credential_types::Credentials;

/// A function looking up an environment variable.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The process environment as an [`EnvLookup`].
pub fn process_env() -> EnvLookup {
    Arc::new(|name| std::env::var(name).ok())
}

/// A fixed map as an [`EnvLookup`].
pub fn env_from_map<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> EnvLookup
where
    K: Into<String>,
    V: Into<String>,
{
    let map: HashMap<String, String> = vars
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    Arc::new(move |name| map.get(name).cloned())
}

/// Looks up a variable, treating an empty value as unset.
pub(crate) fn non_empty(env: &EnvLookup, name: &str) -> Option<String> {
    env(name).filter(|v| !v.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// Errors and the provider trait
// ---------------------------------------------------------------------------------------------

/// Credentials could not be loaded.
#[derive(Debug)]
pub struct CredentialsError {
    not_loaded: bool,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl CredentialsError {
    /// The provider found no credentials at all (a chain moves on to the next provider).
    pub fn not_loaded(message: impl Into<String>) -> Self {
        Self {
            not_loaded: true,
            message: message.into(),
            source: None,
        }
    }

    /// The provider found credentials configuration but it is invalid or unsupported (a chain
    /// stops and reports this error).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            not_loaded: false,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches an underlying cause (builder style).
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Whether the provider simply had no credentials.
    pub fn is_not_loaded(&self) -> bool {
        self.not_loaded
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e.as_ref() as &(dyn std::error::Error + 'static))
    }
}

/// Supplies credentials for signing. Called once per operation call.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Loads (or returns cached) credentials.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;

    /// Whether requests go unsigned: true only for [`Anonymous`], whose
    /// [`provide_credentials`](Self::provide_credentials) is then never called.
    fn is_anonymous(&self) -> bool {
        false
    }
}

/// No credentials: a client whose configuration has this provider sends its requests unsigned
/// (for calls whose proof is in the request itself, like STS `AssumeRoleWithWebIdentity`, SSO
/// `GetRoleCredentials` and SSO OIDC `CreateToken`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Anonymous;

impl ProvideCredentials for Anonymous {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Err(CredentialsError::not_loaded(
            "anonymous: requests are not signed",
        ))))
    }

    fn is_anonymous(&self) -> bool {
        true
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }

    fn is_anonymous(&self) -> bool {
        (**self).is_anonymous()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }

    fn is_anonymous(&self) -> bool {
        (**self).is_anonymous()
    }
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

/// Loads credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional
/// `AWS_SESSION_TOKEN`.
///
/// ```
/// use smelt_runtime::credentials::EnvironmentProvider;
/// let provider = EnvironmentProvider::from_map([
///     ("AWS_ACCESS_KEY_ID", "AKID"),
///     ("AWS_SECRET_ACCESS_KEY", "SECRET"),
/// ]);
/// let creds = provider.load().unwrap();
/// assert_eq!(creds.access_key_id(), "AKID");
/// ```
#[derive(Clone)]
pub struct EnvironmentProvider {
    env: EnvLookup,
}

impl fmt::Debug for EnvironmentProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvironmentProvider")
            .finish_non_exhaustive()
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvironmentProvider {
    /// Reads the process environment (at each call).
    pub fn new() -> Self {
        Self::from_env_fn(process_env())
    }

    /// Reads variables from a fixed map instead of the process environment.
    pub fn from_map<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self::from_env_fn(env_from_map(vars))
    }

    /// Reads variables through a lookup function.
    pub fn from_env_fn(env: EnvLookup) -> Self {
        Self { env }
    }

    /// Loads the credentials synchronously.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let key = non_empty(&self.env, "AWS_ACCESS_KEY_ID");
        let secret = non_empty(&self.env, "AWS_SECRET_ACCESS_KEY");
        match (key, secret) {
            (Some(key), Some(secret)) => {
                let token = non_empty(&self.env, "AWS_SESSION_TOKEN");
                Ok(Credentials::new(key, secret, token, None, "Environment"))
            }
            (None, None) => Err(CredentialsError::not_loaded(
                "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            )),
            (Some(_), None) => Err(CredentialsError::invalid(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
            (None, Some(_)) => Err(CredentialsError::invalid(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.load()))
    }
}
