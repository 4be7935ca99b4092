//! The default chains: [`DefaultChain`] for credentials (in aws-config's order, behind a
//! [`LazyCache`]) and [`RegionChain`] for the region. Must not: know any one provider's wire
//! details; each provider owns its own.

use super::*;

/// The default credentials chain, in aws-config's order:
///
/// 1. environment ([`EnvironmentProvider`]);
/// 2. the shared profile ([`ProfileProvider`]: static keys, roles, SSO, `credential_process`);
/// 3. web identity ([`WebIdentityProvider`]: `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`);
/// 4. the ECS/EKS container endpoint ([`ContainerProvider`]);
/// 5. EC2 instance metadata ([`ImdsCredentialsProvider`]).
///
/// A provider that has nothing moves the chain on; one that finds invalid configuration stops it
/// with an error naming it. When none has credentials, the error lists why for each. Results
/// are kept in a [`LazyCache`] shared by clones. Steps 4 and 5 need an [`HttpClient`] (a
/// client's default configuration sets one); web identity and roles need an [`StsClient`], SSO
/// profiles an [`SsoClient`] (`smelt_config::load()` sets both, backed by generated clients).
#[derive(Clone)]
pub struct DefaultChain {
    parts: Arc<ChainParts>,
    cache: LazyCache,
    static_cache: Arc<Mutex<Option<Credentials>>>,
}

#[derive(Clone)]
pub(super) struct ChainParts {
    pub(super) env_lookup: EnvLookup,
    pub(super) env: EnvironmentProvider,
    pub(super) profile: ProfileProvider,
    pub(super) http: Option<Arc<dyn HttpClient>>,
    pub(super) sts: Option<Arc<dyn StsClient>>,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("profile", &self.parts.profile)
            .field("http", &self.parts.http)
            .field("sts", &self.parts.sts)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ChainParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DefaultChain")
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainParts {
    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut misses: Vec<String> = Vec::new();
        macro_rules! step {
            ($name:expr, $result:expr) => {
                match $result {
                    Ok(c) => return Ok(c),
                    Err(e) if e.is_not_loaded() => misses.push(format!("{}: {e}", $name)),
                    Err(e) => {
                        return Err(
                            CredentialsError::invalid(format!("{} failed", $name)).with_source(e)
                        )
                    }
                }
            };
        }
        step!("environment", self.env.load());
        let profile = format!("profile `{}`", self.profile.profile_name());
        step!(profile, self.profile.resolve_credentials().await);
        step!(
            "web identity",
            WebIdentityProvider::from_env(self.env_lookup.clone(), self.sts.clone())
                .load()
                .await
        );
        match &self.http {
            None => misses.push(
                "container and instance metadata: no HTTP client to ask them with".to_string(),
            ),
            Some(http) => {
                step!(
                    "container endpoint",
                    ContainerProvider::new(self.env_lookup.clone(), http.clone())
                        .load()
                        .await
                );
                let profile = self
                    .profile
                    .load_profile()
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                let imds = match ImdsSettings::resolve(&self.env_lookup, &|k| get(&profile, k)) {
                    Err(e) => Err(e),
                    Ok(settings) => match ImdsClient::from_settings(http.clone(), &settings) {
                        None => Err(CredentialsError::not_loaded(
                            "disabled by AWS_EC2_METADATA_DISABLED",
                        )),
                        // The last step: whatever went wrong is reported with the others.
                        Some(client) => client
                            .credentials()
                            .await
                            .map_err(|e| CredentialsError::not_loaded(format!("{e}"))),
                    },
                };
                step!("instance metadata", imds);
            }
        }
        Err(CredentialsError::not_loaded(format!(
            "no credentials found: {}",
            misses.join("; ")
        )))
    }
}

impl ProvideCredentials for ChainParts {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

impl DefaultChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::from_env_fn(process_env())
    }

    /// The chain over a lookup function instead of the process environment.
    pub fn from_env_fn(env: EnvLookup) -> Self {
        Self::assemble(ChainParts {
            env_lookup: env.clone(),
            env: EnvironmentProvider::from_env_fn(env.clone()),
            profile: ProfileProvider::from_env_fn(env),
            http: None,
            sts: None,
        })
    }

    /// The chain over explicit environment and profile providers.
    pub fn from_providers(env: EnvironmentProvider, profile: ProfileProvider) -> Self {
        Self::assemble(ChainParts {
            env_lookup: env.env.clone(),
            env,
            profile,
            http: None,
            sts: None,
        })
    }

    fn assemble(parts: ChainParts) -> Self {
        let parts = Arc::new(parts);
        Self {
            cache: LazyCache::from_arc(parts.clone()),
            parts,
            static_cache: Arc::new(Mutex::new(None)),
        }
    }

    fn change(self, f: impl FnOnce(&mut ChainParts)) -> Self {
        let mut parts = (*self.parts).clone();
        f(&mut parts);
        Self::assemble(parts)
    }

    /// The HTTP client for the container endpoint and instance metadata.
    pub fn with_http_client(self, http: Arc<dyn HttpClient>) -> Self {
        self.change(|p| {
            p.profile = p.profile.clone().with_http_client(http.clone());
            p.http = Some(http);
        })
    }

    /// The STS client for roles and web identity.
    pub fn with_sts(self, sts: Arc<dyn StsClient>) -> Self {
        self.change(|p| {
            p.profile = p.profile.clone().with_sts(sts.clone());
            p.sts = Some(sts);
        })
    }

    /// The SSO client for SSO profiles.
    pub fn with_sso(self, sso: Arc<dyn SsoClient>) -> Self {
        self.change(|p| p.profile = p.profile.clone().with_sso(sso))
    }

    /// The profile provider of this chain (also used for the region lookup).
    pub fn profile_provider(&self) -> &ProfileProvider {
        &self.parts.profile
    }

    /// Loads static credentials synchronously (environment, then a profile's static keys);
    /// [`provide_credentials`](ProvideCredentials::provide_credentials) runs the whole chain.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self
            .static_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(c);
        }
        let creds = match self.parts.env.load() {
            Ok(c) => c,
            Err(e) if e.is_not_loaded() => match self.parts.profile.load() {
                Ok(c) => c,
                Err(p) if p.is_not_loaded() => {
                    return Err(CredentialsError::not_loaded(format!(
                        "no credentials found: {e}; {p}"
                    )))
                }
                Err(p) => return Err(p),
            },
            Err(e) => return Err(e),
        };
        if creds.expiry().is_none() {
            *self.static_cache.lock().unwrap_or_else(|p| p.into_inner()) = Some(creds.clone());
        }
        Ok(creds)
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.load())
    }
}

/// The region chain: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, then (with an
/// HTTP client, and unless `AWS_EC2_METADATA_DISABLED`) the instance's region from IMDS. A
/// region set in code comes before all of them; the client configuration applies the first
/// three itself.
#[derive(Clone, Debug)]
pub struct RegionChain {
    profile: ProfileProvider,
    http: Option<Arc<dyn HttpClient>>,
}

impl RegionChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::from_env_fn(process_env())
    }

    /// The chain over a lookup function.
    pub fn from_env_fn(env: EnvLookup) -> Self {
        Self {
            profile: ProfileProvider::from_env_fn(env),
            http: None,
        }
    }

    /// The HTTP client for IMDS (without one, IMDS is not asked).
    pub fn with_http_client(mut self, http: Arc<dyn HttpClient>) -> Self {
        self.http = Some(http);
        self
    }

    /// The region from the environment or the profile, without network calls.
    pub fn region_without_imds(&self) -> Option<String> {
        let env = &self.profile.env;
        non_empty(env, "AWS_REGION")
            .or_else(|| non_empty(env, "AWS_DEFAULT_REGION"))
            .map(|r| r.trim().to_string())
            .or_else(|| self.profile.region())
    }

    /// The region, asking IMDS last.
    pub async fn region(&self) -> Option<String> {
        if let Some(r) = self.region_without_imds() {
            return Some(r);
        }
        let http = self.http.clone()?;
        let profile = self
            .profile
            .load_profile()
            .ok()
            .flatten()
            .unwrap_or_default();
        let settings = ImdsSettings::resolve(&self.profile.env, &|k| get(&profile, k)).ok()?;
        ImdsClient::from_settings(http, &settings)?
            .region()
            .await
            .ok()
    }
}

impl Default for RegionChain {
    fn default() -> Self {
        Self::new()
    }
}
