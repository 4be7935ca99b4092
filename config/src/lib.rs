//! The default configuration of smelt clients, as `aws-config` gives it to the AWS SDKs: one
//! call loads the region and a credential chain that can assume roles, exchange web identity
//! tokens and use IAM Identity Center (SSO).
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let config = smelt_config::load().await;
//! let sts = sts::Client::from_conf(config);
//! let me = sts.get_caller_identity().send().await?;
//! println!("{:?}", me.arn);
//! # Ok(())
//! # }
//! ```
//!
//! Why a crate of its own: the runtime (`smelt-rt`) sits below every generated crate, so it
//! cannot call the generated STS, SSO and SSO OIDC clients. It owns the chain, the profile
//! files, the caches and the seams ([`StsClient`], [`SsoClient`]); this crate sits above the
//! runtime and the three generated crates (`generated/sts`, `generated/sso`,
//! `generated/sso-oidc`, built from `model/*.smithy`) and plugs them into those seams
//! ([`GeneratedSts`], [`GeneratedSso`]). A client built with the runtime's `Config::build` alone
//! has the same chain without STS and SSO: role, web identity and SSO sources then fail with an
//! error naming this crate.
//!
//! What [`ConfigLoader::load`] resolves, each unless set on the loader:
//!
//! * the HTTP client: one `HyperClient` (feature `hyper-client`), shared by the configuration,
//!   the credential providers and the STS/SSO calls;
//! * the region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, then the instance's
//!   region from IMDS ([`RegionChain`]);
//! * the credentials: the [`DefaultChain`] with STS and SSO;
//! * the rest as [`ConfigBuilder::build_with_lookup`] does (retry mode and attempts, endpoint,
//!   FIPS, dual-stack, compression), from the same environment, which the configuration keeps
//!   so each client finds its own service's `AWS_ENDPOINT_URL_<SERVICE>`.
//!
//! [`StsClient`]: smelt_runtime::credentials::StsClient
//! [`SsoClient`]: smelt_runtime::credentials::SsoClient

mod endpoint;
mod sso;
mod sts;

pub use sso::GeneratedSso;
pub use sts::GeneratedSts;

use smelt_runtime::config::{Config, ConfigBuilder};
use smelt_runtime::credentials::{process_env, DefaultChain, EnvLookup, RegionChain};
use smelt_runtime::http::HttpClient;
use std::fmt;
use std::sync::Arc;

/// Loads the default configuration from the process environment, the shared config files and
/// (for the region, as the last step) instance metadata.
pub async fn load() -> Config {
    ConfigLoader::default().load().await
}

/// A loader of the default configuration, with values that win over what it would find.
#[derive(Clone, Default)]
pub struct ConfigLoader {
    env: Option<EnvLookup>,
    region: Option<String>,
    http: Option<Arc<dyn HttpClient>>,
}

impl fmt::Debug for ConfigLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigLoader")
            .field("region", &self.region)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

impl ConfigLoader {
    /// A loader over the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads environment variables through `env` instead of the process environment (tests;
    /// programs that keep their settings elsewhere).
    pub fn env_fn(mut self, env: EnvLookup) -> Self {
        self.env = Some(env);
        self
    }

    /// The region, instead of the region chain.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The HTTP client for the configuration, the credential providers and STS/SSO.
    pub fn http_client(mut self, http: impl HttpClient + 'static) -> Self {
        self.http = Some(Arc::new(http));
        self
    }

    /// Resolves everything and builds the configuration. Nothing here fails: a source that is
    /// misconfigured reports its error at the first call that needs credentials.
    pub async fn load(self) -> Config {
        let env = self.env.unwrap_or_else(process_env);
        let http = self.http.or_else(default_http_client);
        let region = match self.region {
            Some(r) => Some(r),
            None => {
                let mut chain = RegionChain::from_env_fn(env.clone());
                if let Some(http) = &http {
                    chain = chain.with_http_client(http.clone());
                }
                chain.region().await
            }
        };
        let sts = GeneratedSts::new(http.clone(), env.clone(), region.clone());
        let sso = GeneratedSso::new(http.clone(), env.clone());
        let mut chain = DefaultChain::from_env_fn(env.clone())
            .with_sts(Arc::new(sts))
            .with_sso(Arc::new(sso));
        let mut builder: ConfigBuilder = Config::builder();
        if let Some(http) = http {
            chain = chain.with_http_client(http.clone());
            builder = builder.http_client(http);
        }
        builder = builder.credentials_provider(chain);
        if let Some(region) = region {
            builder = builder.region(region);
        }
        // Kept, so each client finds its own `AWS_ENDPOINT_URL_<SERVICE>`.
        builder.build_with_lookup(env)
    }
}

#[cfg(feature = "hyper-client")]
fn default_http_client() -> Option<Arc<dyn HttpClient>> {
    Some(Arc::new(
        smelt_runtime::http::HyperClient::builder()
            .connect_timeout(smelt_runtime::config::DEFAULT_CONNECT_TIMEOUT)
            .build(),
    ))
}

#[cfg(not(feature = "hyper-client"))]
fn default_http_client() -> Option<Arc<dyn HttpClient>> {
    None
}
