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
//! * [`StsClient`]: the seam through which the chain calls STS (the HTTP implementation is
//!   `auth::sts::HttpSts`).
//!
//! Every provider that reads the environment can be given a lookup function instead of the
//! process environment (`from_map` / `from_env_fn`), which keeps tests hermetic. Providers that
//! call a service take an [`HttpClient`].
//!
//! Auth layer: knows nothing of the configuration or the client that asks for credentials.
//! Inside this folder: `profile` parses, `remote` sends; the providers use both.

mod assume_role;
mod cache;
mod container;
mod imds;
mod process;
mod profile;
mod remote;
mod sso;

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
pub use container::{ContainerProvider, ECS_CREDENTIALS_HOST};
pub use imds::{
    ImdsClient, ImdsCredentialsProvider, ImdsSettings, IMDS_IPV4_ENDPOINT, IMDS_IPV6_ENDPOINT,
};
pub use process::ProcessProvider;

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
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
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

// ---------------------------------------------------------------------------------------------
// Profile files
// ---------------------------------------------------------------------------------------------

/// Loads credentials (and settings) from the shared AWS config and credentials files.
///
/// * Profile: the one set with [`ProfileProvider::with_profile`], else `AWS_PROFILE`, else
///   `default`.
/// * Files: `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, sections `[name]`) and
///   `AWS_CONFIG_FILE` (default `~/.aws/config`, sections `[profile name]` and `[default]`), or
///   paths set explicitly. A missing file counts as empty.
/// * Properties are merged per key; the credentials file wins over the config file.
///
/// Credentials of a profile, in this order:
///
/// 1. `role_arn`: assume the role (STS `AssumeRole`) with the credentials of `source_profile`
///    (followed as a chain; a source profile with static keys ends it, a cycle is an error) or of
///    `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`); with
///    `web_identity_token_file` instead, STS `AssumeRoleWithWebIdentity`. `role_session_name`,
///    `external_id` and `duration_seconds` are passed on. `mfa_serial` is an error: a
///    non-interactive program cannot ask for the code.
/// 2. `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`.
/// 3. `sso_session` (or the legacy `sso_start_url`), `sso_account_id`, `sso_role_name`.
/// 4. `credential_process`.
///
/// [`load`](ProfileProvider::load) is the synchronous subset (static keys only);
/// [`ProvideCredentials`] resolves everything, calling STS through the [`StsClient`] set with
/// [`with_sts`](ProfileProvider::with_sts) and other services through the [`HttpClient`] set with
/// [`with_http_client`](ProfileProvider::with_http_client).
#[derive(Clone)]
pub struct ProfileProvider {
    env: EnvLookup,
    profile: Option<String>,
    credentials_file: Option<PathBuf>,
    config_file: Option<PathBuf>,
    http: Option<Arc<dyn HttpClient>>,
    sts: Option<Arc<dyn StsClient>>,
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileProvider")
            .field("profile", &self.profile_name())
            .field("credentials_file", &self.credentials_path())
            .field("config_file", &self.config_path())
            .finish()
    }
}

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::new()
    }
}

/// The parsed config and credentials files.
struct Files {
    config: HashMap<String, Properties>,
    credentials: HashMap<String, Properties>,
}

impl Files {
    /// The merged properties of profile `name` (credentials file wins), if either file has it.
    fn profile(&self, name: &str) -> Option<Properties> {
        let mut merged: Option<Properties> = None;
        for (sections, kind) in [
            (&self.config, FileKind::Config),
            (&self.credentials, FileKind::Credentials),
        ] {
            if let Some(props) = profile_section(sections, kind, name) {
                merged
                    .get_or_insert_with(Properties::new)
                    .extend(props.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        merged
    }
}

/// Where the credentials of a profile chain start.
enum Base {
    Static(Credentials),
    Environment,
    InstanceMetadata,
    Container,
    WebIdentity {
        token_file: String,
        role_arn: String,
        session_name: Option<String>,
    },
    Process(String),
    Sso(sso::SsoProfile),
}

/// One `AssumeRole` step of a profile chain.
struct RoleHop {
    profile: String,
    request: AssumeRoleRequest,
}

fn get(props: &Properties, key: &str) -> Option<String> {
    props
        .get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Static keys of a profile: `Ok(None)` when it has neither key, an error when only one.
fn static_keys(name: &str, props: &Properties) -> Result<Option<Credentials>, CredentialsError> {
    match (
        get(props, "aws_access_key_id"),
        get(props, "aws_secret_access_key"),
    ) {
        (Some(key), Some(secret)) => Ok(Some(Credentials::new(
            key,
            secret,
            get(props, "aws_session_token"),
            None,
            "Profile",
        ))),
        (Some(_), None) => Err(CredentialsError::invalid(format!(
            "profile `{name}` has aws_access_key_id but no aws_secret_access_key"
        ))),
        (None, Some(_)) => Err(CredentialsError::invalid(format!(
            "profile `{name}` has aws_secret_access_key but no aws_access_key_id"
        ))),
        (None, None) => Ok(None),
    }
}

impl ProfileProvider {
    /// Uses the process environment for `AWS_PROFILE`, file locations and the home directory.
    pub fn new() -> Self {
        Self::from_env_fn(process_env())
    }

    /// Uses a fixed map instead of the process environment.
    pub fn from_map<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self::from_env_fn(env_from_map(vars))
    }

    /// Uses a lookup function instead of the process environment.
    pub fn from_env_fn(env: EnvLookup) -> Self {
        Self {
            env,
            profile: None,
            credentials_file: None,
            config_file: None,
            http: None,
            sts: None,
        }
    }

    /// Selects the profile explicitly (overrides `AWS_PROFILE`).
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Sets the credentials file path explicitly.
    pub fn with_credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.credentials_file = Some(path.into());
        self
    }

    /// Sets the config file path explicitly.
    pub fn with_config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// The HTTP client for SSO, the container endpoint and instance metadata.
    pub fn with_http_client(mut self, http: Arc<dyn HttpClient>) -> Self {
        self.http = Some(http);
        self
    }

    /// The STS client for `role_arn` and `web_identity_token_file` profiles.
    pub fn with_sts(mut self, sts: Arc<dyn StsClient>) -> Self {
        self.sts = Some(sts);
        self
    }

    /// The selected profile name.
    pub fn profile_name(&self) -> String {
        self.profile
            .clone()
            .or_else(|| non_empty(&self.env, "AWS_PROFILE"))
            .unwrap_or_else(|| "default".to_string())
    }

    fn home(&self) -> Option<PathBuf> {
        non_empty(&self.env, "HOME")
            .or_else(|| non_empty(&self.env, "USERPROFILE"))
            .or_else(|| {
                let drive = non_empty(&self.env, "HOMEDRIVE")?;
                let path = non_empty(&self.env, "HOMEPATH")?;
                Some(format!("{drive}{path}"))
            })
            .map(PathBuf::from)
    }

    fn resolve(&self, explicit: &Option<PathBuf>, var: &str, default: &str) -> Option<PathBuf> {
        if let Some(p) = explicit {
            return Some(p.clone());
        }
        if let Some(p) = non_empty(&self.env, var) {
            if let Some(rest) = p.strip_prefix("~/").or_else(|| p.strip_prefix("~\\")) {
                return self.home().map(|h| h.join(rest));
            }
            return Some(PathBuf::from(p));
        }
        self.home().map(|h| h.join(".aws").join(default))
    }

    /// The credentials file that will be read (if a home directory or override is known).
    pub fn credentials_path(&self) -> Option<PathBuf> {
        self.resolve(
            &self.credentials_file,
            "AWS_SHARED_CREDENTIALS_FILE",
            "credentials",
        )
    }

    /// The config file that will be read (if a home directory or override is known).
    pub fn config_path(&self) -> Option<PathBuf> {
        self.resolve(&self.config_file, "AWS_CONFIG_FILE", "config")
    }

    fn files(&self) -> Result<Files, CredentialsError> {
        let read =
            |path: Option<PathBuf>| -> Result<HashMap<String, Properties>, CredentialsError> {
                match path {
                    Some(p) => Ok(read_optional(&p)?
                        .map(|t| parse_ini(&t))
                        .unwrap_or_default()),
                    None => Ok(HashMap::new()),
                }
            };
        Ok(Files {
            config: read(self.config_path())?,
            credentials: read(self.credentials_path())?,
        })
    }

    /// Reads both files and returns the merged properties of the selected profile, or `None`
    /// when neither file defines it.
    fn load_profile(&self) -> Result<Option<Properties>, CredentialsError> {
        Ok(self.files()?.profile(&self.profile_name()))
    }

    /// The `region` of the selected profile, if any (errors reading the files count as none).
    pub fn region(&self) -> Option<String> {
        get(&self.load_profile().ok().flatten()?, "region")
    }

    /// The settings of the selected profile besides credentials (empty when it does not exist).
    pub fn settings(&self) -> Result<ProfileSettings, CredentialsError> {
        let files = self.files()?;
        let name = self.profile_name();
        let props = files.profile(&name).unwrap_or_default();
        ProfileSettings::from_properties(name, &props, &files.config)
    }

    fn not_found(&self, name: &str) -> CredentialsError {
        CredentialsError::not_loaded(format!(
            "profile `{name}` not found in {} or {}",
            display_path(self.credentials_path()),
            display_path(self.config_path()),
        ))
    }

    /// Loads static credentials synchronously; a profile that needs a service call (role,
    /// SSO, process) is an error here and is resolved by
    /// [`provide_credentials`](ProvideCredentials::provide_credentials).
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let name = self.profile_name();
        let Some(props) = self.load_profile()? else {
            return Err(self.not_found(&name));
        };
        if let Some(c) = static_keys(&name, &props)? {
            return Ok(c);
        }
        const NEEDS_ASYNC: [&str; 5] = [
            "role_arn",
            "credential_process",
            "sso_session",
            "sso_start_url",
            "web_identity_token_file",
        ];
        match NEEDS_ASYNC.iter().find(|k| props.contains_key(**k)) {
            Some(key) => Err(CredentialsError::invalid(format!(
                "profile `{name}` uses `{key}`, which the synchronous `load` cannot resolve; \
                 use `provide_credentials`"
            ))),
            None => Err(CredentialsError::not_loaded(format!(
                "profile `{name}` has no credentials"
            ))),
        }
    }

    /// Follows the selected profile's `source_profile` chain: where the credentials start and
    /// the roles to assume, outermost first.
    fn plan(&self, files: &Files) -> Result<(Base, Vec<RoleHop>), CredentialsError> {
        let mut name = self.profile_name();
        let mut visited: Vec<String> = Vec::new();
        let mut hops: Vec<RoleHop> = Vec::new();
        loop {
            let Some(props) = files.profile(&name) else {
                return Err(match visited.last() {
                    None => self.not_found(&name),
                    Some(from) => CredentialsError::invalid(format!(
                        "profile `{from}` names source_profile `{name}`, which does not exist"
                    )),
                });
            };
            let root = visited.is_empty();
            visited.push(name.clone());
            let keys = static_keys(&name, &props)?;
            // A source profile with static keys ends the chain.
            if !root {
                if let Some(c) = keys {
                    return Ok((Base::Static(c), hops));
                }
            }
            if let Some(role_arn) = get(&props, "role_arn") {
                if get(&props, "mfa_serial").is_some() {
                    return Err(CredentialsError::invalid(format!(
                        "profile `{name}` sets mfa_serial: assuming its role needs an MFA code, \
                         which a non-interactive provider cannot ask for (get session \
                         credentials with the code first, e.g. `aws sts get-session-token`)"
                    )));
                }
                let session_name = get(&props, "role_session_name");
                if let (Some(token_file), None) = (
                    get(&props, "web_identity_token_file"),
                    get(&props, "source_profile"),
                ) {
                    let base = Base::WebIdentity {
                        token_file,
                        role_arn,
                        session_name,
                    };
                    return Ok((base, hops));
                }
                let duration_seconds = match get(&props, "duration_seconds") {
                    Some(d) => Some(d.parse::<u32>().map_err(|_| {
                        CredentialsError::invalid(format!(
                            "profile `{name}`: duration_seconds `{d}` is not a number"
                        ))
                    })?),
                    None => None,
                };
                hops.push(RoleHop {
                    profile: name.clone(),
                    request: AssumeRoleRequest {
                        role_arn,
                        session_name: session_name.unwrap_or_else(default_session_name),
                        external_id: get(&props, "external_id"),
                        duration_seconds,
                    },
                });
                match (
                    get(&props, "source_profile"),
                    get(&props, "credential_source"),
                ) {
                    (Some(_), Some(_)) => {
                        return Err(CredentialsError::invalid(format!(
                            "profile `{name}` sets both source_profile and credential_source"
                        )))
                    }
                    (Some(source), None) => {
                        if source == name {
                            // Its own source: the role is assumed with its static keys.
                            return match keys {
                                Some(c) => Ok((Base::Static(c), hops)),
                                None => Err(CredentialsError::invalid(format!(
                                    "profile `{name}` is its own source_profile but has no \
                                     static keys"
                                ))),
                            };
                        }
                        if visited.contains(&source) {
                            visited.push(source);
                            return Err(CredentialsError::invalid(format!(
                                "source_profile cycle: {}",
                                visited.join(" -> ")
                            )));
                        }
                        name = source;
                        continue;
                    }
                    (None, Some(source)) => {
                        let base = match source.as_str() {
                            "Environment" => Base::Environment,
                            "Ec2InstanceMetadata" => Base::InstanceMetadata,
                            "EcsContainer" => Base::Container,
                            other => {
                                return Err(CredentialsError::invalid(format!(
                                    "profile `{name}`: credential_source `{other}` is not one \
                                     of Environment, Ec2InstanceMetadata, EcsContainer"
                                )))
                            }
                        };
                        return Ok((base, hops));
                    }
                    (None, None) => {
                        return Err(CredentialsError::invalid(format!(
                            "profile `{name}` sets role_arn without source_profile, \
                             credential_source or web_identity_token_file"
                        )))
                    }
                }
            }
            if let Some(c) = keys {
                return Ok((Base::Static(c), hops));
            }
            if let Some(sso) = self.sso_profile(&name, &props, files)? {
                return Ok((Base::Sso(sso), hops));
            }
            if let Some(command) = get(&props, "credential_process") {
                return Ok((Base::Process(command), hops));
            }
            return Err(if root {
                CredentialsError::not_loaded(format!("profile `{name}` has no credentials"))
            } else {
                CredentialsError::invalid(format!(
                    "source_profile `{name}` (of `{}`) has no credentials",
                    visited[visited.len() - 2]
                ))
            });
        }
    }

    fn sso_profile(
        &self,
        name: &str,
        props: &Properties,
        files: &Files,
    ) -> Result<Option<sso::SsoProfile>, CredentialsError> {
        let (session, start_url, region) = if let Some(session) = get(props, "sso_session") {
            let Some(section) = named_section(&files.config, "sso-session", &session) else {
                return Err(CredentialsError::invalid(format!(
                    "profile `{name}` names sso_session `{session}`, but the config file has no \
                     [sso-session {session}] section"
                )));
            };
            let need = |k: &str| {
                get(section, k).ok_or_else(|| {
                    CredentialsError::invalid(format!("[sso-session {session}] has no {k}"))
                })
            };
            (
                Some(session.clone()),
                need("sso_start_url")?,
                need("sso_region")?,
            )
        } else if let Some(url) = get(props, "sso_start_url") {
            let region = get(props, "sso_region").ok_or_else(|| {
                CredentialsError::invalid(format!(
                    "profile `{name}` has sso_start_url but no sso_region"
                ))
            })?;
            (None, url, region)
        } else {
            return Ok(None);
        };
        let need = |k: &str| {
            get(props, k).ok_or_else(|| {
                CredentialsError::invalid(format!("SSO profile `{name}` has no {k}"))
            })
        };
        Ok(Some(sso::SsoProfile {
            session,
            start_url,
            region,
            account_id: need("sso_account_id")?,
            role_name: need("sso_role_name")?,
        }))
    }

    fn http(&self, what: &str) -> Result<&Arc<dyn HttpClient>, CredentialsError> {
        self.http.as_ref().ok_or_else(|| {
            CredentialsError::invalid(format!("{what} needs an HTTP client, and none is set"))
        })
    }

    /// Resolves the selected profile: every source, role chains included.
    pub async fn resolve_credentials(&self) -> Result<Credentials, CredentialsError> {
        let files = self.files()?;
        let (base, hops) = self.plan(&files)?;
        let root = self.profile_name();
        let profile_setting = |k: &str| files.profile(&root).and_then(|p| get(&p, k));
        let mut creds = match base {
            Base::Static(c) => c,
            Base::Environment => EnvironmentProvider::from_env_fn(self.env.clone()).load()?,
            Base::Container => {
                ContainerProvider::new(
                    self.env.clone(),
                    self.http("credential_source EcsContainer")?.clone(),
                )
                .load()
                .await?
            }
            Base::InstanceMetadata => {
                let http = self.http("credential_source Ec2InstanceMetadata")?.clone();
                let settings = ImdsSettings::resolve(&self.env, &profile_setting)?;
                match ImdsClient::from_settings(http, &settings) {
                    Some(c) => c.credentials().await?,
                    None => {
                        return Err(CredentialsError::invalid(
                            "credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is set",
                        ))
                    }
                }
            }
            Base::WebIdentity {
                token_file,
                role_arn,
                session_name,
            } => {
                WebIdentityProvider::new(token_file, role_arn, session_name, self.sts.clone())
                    .load()
                    .await?
            }
            Base::Process(command) => ProcessProvider::new(command).load().await?,
            Base::Sso(profile) => {
                let http = self.http("SSO")?;
                sso::load(&profile, self.home(), &self.env, http).await?
            }
        };
        for hop in hops.iter().rev() {
            let sts = self.sts.as_ref().ok_or_else(|| {
                assume_role::no_sts(&format!("role_arn of profile `{}`", hop.profile))
            })?;
            creds = sts.assume_role(&creds, &hop.request).await.map_err(|e| {
                CredentialsError::invalid(format!(
                    "assuming role `{}` of profile `{}`",
                    hop.request.role_arn, hop.profile
                ))
                .with_source(e)
            })?;
        }
        Ok(creds)
    }
}

fn display_path(p: Option<PathBuf>) -> String {
    p.map(|p| format!("`{}`", p.display()))
        .unwrap_or_else(|| "<no home directory>".to_string())
}

/// Reads a file; a missing file is `None`, other errors are reported.
fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(
            CredentialsError::invalid(format!("cannot read `{}`", path.display())).with_source(e),
        ),
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.resolve_credentials())
    }
}

// ---------------------------------------------------------------------------------------------
// Profile settings
// ---------------------------------------------------------------------------------------------

/// The settings of a profile besides credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProfileSettings {
    /// The profile's name.
    pub profile: String,
    /// `region`.
    pub region: Option<String>,
    /// `endpoint_url`: the endpoint of every service.
    pub endpoint_url: Option<String>,
    /// The `[services NAME]` section the profile's `services` names: service key (as written,
    /// lower case, e.g. `s3`, `dynamodb`) → its settings (`endpoint_url`, ...).
    pub services: BTreeMap<String, BTreeMap<String, String>>,
    /// `retry_mode` (`standard`, `adaptive`, `legacy`).
    pub retry_mode: Option<String>,
    /// `max_attempts`.
    pub max_attempts: Option<u32>,
    /// `use_fips_endpoint`.
    pub use_fips_endpoint: Option<bool>,
    /// `use_dualstack_endpoint`.
    pub use_dualstack_endpoint: Option<bool>,
    /// `ignore_configured_endpoint_urls`.
    pub ignore_configured_endpoint_urls: Option<bool>,
}

impl ProfileSettings {
    fn from_properties(
        profile: String,
        props: &Properties,
        config: &HashMap<String, Properties>,
    ) -> Result<Self, CredentialsError> {
        let flag = |k: &str| -> Result<Option<bool>, CredentialsError> {
            match get(props, k) {
                None => Ok(None),
                Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
                Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
                Some(v) => Err(CredentialsError::invalid(format!(
                    "profile `{profile}`: {k} must be true or false, not `{v}`"
                ))),
            }
        };
        let max_attempts = match get(props, "max_attempts") {
            None => None,
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    return Err(CredentialsError::invalid(format!(
                        "profile `{profile}`: max_attempts must be a positive integer, not `{v}`"
                    )))
                }
            },
        };
        let retry_mode = get(props, "retry_mode");
        if let Some(m) = &retry_mode {
            if !["standard", "adaptive", "legacy"].contains(&m.as_str()) {
                return Err(CredentialsError::invalid(format!(
                    "profile `{profile}`: retry_mode must be standard, adaptive or legacy, not `{m}`"
                )));
            }
        }
        let mut services: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        if let Some(name) = get(props, "services") {
            let Some(section) = named_section(config, "services", &name) else {
                return Err(CredentialsError::invalid(format!(
                    "profile `{profile}` names services `{name}`, but the config file has no \
                     [services {name}] section"
                )));
            };
            for (key, value) in section {
                if let Some((service, setting)) = key.split_once('.') {
                    services
                        .entry(service.to_string())
                        .or_default()
                        .insert(setting.to_string(), value.trim().to_string());
                }
            }
        }
        Ok(Self {
            region: get(props, "region"),
            endpoint_url: get(props, "endpoint_url"),
            services,
            retry_mode,
            max_attempts,
            use_fips_endpoint: flag("use_fips_endpoint")?,
            use_dualstack_endpoint: flag("use_dualstack_endpoint")?,
            ignore_configured_endpoint_urls: flag("ignore_configured_endpoint_urls")?,
            profile,
        })
    }

    /// The endpoint for a service: its `services` entry's `endpoint_url`, else the profile's
    /// `endpoint_url`. `service_id` is the service's SDK id (`DynamoDB`, `Secrets Manager`),
    /// matched as lower case with spaces as underscores (`secrets_manager`).
    pub fn endpoint_url_for(&self, service_id: &str) -> Option<&str> {
        let key = service_id
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_");
        self.services
            .get(&key)
            .and_then(|s| s.get("endpoint_url"))
            .or(self.endpoint_url.as_ref())
            .map(String::as_str)
    }
}

// ---------------------------------------------------------------------------------------------
// Default chain
// ---------------------------------------------------------------------------------------------

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
/// are kept in a [`LazyCache`] shared by clones. Steps 3 to 5 and roles need an
/// [`HttpClient`] and an [`StsClient`] (a client's default configuration sets both).
#[derive(Clone)]
pub struct DefaultChain {
    parts: Arc<ChainParts>,
    cache: LazyCache,
    static_cache: Arc<Mutex<Option<Credentials>>>,
}

#[derive(Clone)]
struct ChainParts {
    env_lookup: EnvLookup,
    env: EnvironmentProvider,
    profile: ProfileProvider,
    http: Option<Arc<dyn HttpClient>>,
    sts: Option<Arc<dyn StsClient>>,
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

    /// The HTTP client for the container endpoint, instance metadata and SSO.
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

// ---------------------------------------------------------------------------------------------
// Region chain
// ---------------------------------------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A unique temporary directory removed on drop.
    pub(crate) struct TempDir(PathBuf);
    impl TempDir {
        pub(crate) fn new() -> Self {
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "smelt-cred-test-{}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed),
                fastrand::u64(..)
            ));
            std::fs::create_dir_all(&p).unwrap();
            Self(p)
        }
        pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
            let p = self.0.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            p
        }
        pub(crate) fn path(&self) -> &Path {
            &self.0
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[tokio::test]
    async fn static_credentials_provide_themselves() {
        let c = Credentials::new("A", "S", Some("T".into()), None, "test");
        let got = c.provide_credentials().await.unwrap();
        assert_eq!(got.access_key_id(), "A");
        assert_eq!(got.session_token(), Some("T"));
        let arc: Arc<dyn ProvideCredentials> = Arc::new(c);
        assert_eq!(
            arc.provide_credentials().await.unwrap().secret_access_key(),
            "S"
        );
    }

    #[test]
    fn environment_provider() {
        let p = EnvironmentProvider::from_map([
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
        ]);
        let c = p.load().unwrap();
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("AKID", "SECRET", Some("TOKEN"))
        );

        let none = EnvironmentProvider::from_map([("AWS_ACCESS_KEY_ID", "")]);
        assert!(none.load().unwrap_err().is_not_loaded());

        let half = EnvironmentProvider::from_map([("AWS_ACCESS_KEY_ID", "AKID")]);
        let e = half.load().unwrap_err();
        assert!(!e.is_not_loaded());
        assert_eq!(
            e.to_string(),
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
        );
    }

    #[test]
    fn profile_from_home_directory_files() {
        let dir = TempDir::new();
        dir.write(
            ".aws/credentials",
            "[default]\naws_access_key_id = CREDKEY\naws_secret_access_key = CREDSECRET\n",
        );
        dir.write(
            ".aws/config",
            "[default]\nregion = eu-central-1\naws_access_key_id = CONFIGKEY\n\
             [profile other]\nregion = us-west-1\naws_access_key_id = OK\n\
             aws_secret_access_key = OS\naws_session_token = OT\n",
        );
        let home = dir.path().to_str().unwrap().to_string();
        let p = ProfileProvider::from_map([("HOME", home.clone())]);
        let c = p.load().unwrap();
        // The credentials file wins over the config file.
        assert_eq!(c.access_key_id(), "CREDKEY");
        assert_eq!(c.secret_access_key(), "CREDSECRET");
        assert_eq!(c.session_token(), None);
        assert_eq!(p.region().as_deref(), Some("eu-central-1"));

        let other = ProfileProvider::from_map([("HOME", home.as_str()), ("AWS_PROFILE", "other")]);
        let c = other.load().unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("OK", Some("OT")));
        assert_eq!(other.region().as_deref(), Some("us-west-1"));

        let missing = ProfileProvider::from_map([("HOME", home.as_str())]).with_profile("nope");
        let e = missing.load().unwrap_err();
        assert!(e.is_not_loaded());
        assert!(e.to_string().contains("profile `nope` not found"), "{e}");
        assert_eq!(missing.region(), None);
    }

    #[test]
    fn profile_file_overrides_via_env_and_explicit_paths() {
        let dir = TempDir::new();
        let creds = dir.write(
            "c.ini",
            "[p]\naws_access_key_id=K\naws_secret_access_key=S\n",
        );
        let conf = dir.write("conf.ini", "[profile p]\nregion = sa-east-1\n");
        let p = ProfileProvider::from_map([
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
            ("AWS_CONFIG_FILE", conf.to_str().unwrap()),
            ("AWS_PROFILE", "p"),
        ]);
        assert_eq!(p.load().unwrap().access_key_id(), "K");
        assert_eq!(p.region().as_deref(), Some("sa-east-1"));

        let explicit = ProfileProvider::from_map(Vec::<(String, String)>::new())
            .with_credentials_file(&creds)
            .with_config_file(dir.path().join("absent"))
            .with_profile("p");
        assert_eq!(explicit.load().unwrap().secret_access_key(), "S");
        assert_eq!(explicit.region(), None);

        // `~/` in an env-provided path expands to the home directory.
        let tilde = ProfileProvider::from_map([
            ("HOME", dir.path().to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", "~/c.ini"),
            ("AWS_PROFILE", "p"),
        ]);
        assert_eq!(tilde.credentials_path().unwrap(), creds);
        assert_eq!(tilde.load().unwrap().access_key_id(), "K");
    }

    #[test]
    fn profile_errors() {
        let dir = TempDir::new();
        let creds = dir.write(
            "c",
            "[half]\naws_access_key_id = K\n[role]\nrole_arn = arn:aws:iam::1:role/x\n[empty]\n",
        );
        let p = |name: &str| {
            ProfileProvider::from_map(Vec::<(String, String)>::new())
                .with_credentials_file(&creds)
                .with_config_file(dir.path().join("none"))
                .with_profile(name)
        };
        let e = p("half").load().unwrap_err();
        assert!(!e.is_not_loaded());
        assert!(e.to_string().contains("no aws_secret_access_key"), "{e}");
        let e = p("role").load().unwrap_err();
        assert!(!e.is_not_loaded());
        assert!(e.to_string().contains("`role_arn`"), "{e}");
        assert!(p("empty").load().unwrap_err().is_not_loaded());
        // No home and no overrides: not loaded, no panic.
        let nohome = ProfileProvider::from_map(Vec::<(String, String)>::new());
        assert!(nohome.load().unwrap_err().is_not_loaded());
        assert_eq!(nohome.credentials_path(), None);
    }

    #[test]
    fn default_chain_order_and_caching() {
        let dir = TempDir::new();
        let creds = dir.write(
            "c",
            "[default]\naws_access_key_id = PK\naws_secret_access_key = PS\n",
        );
        let path = creds.to_str().unwrap().to_string();

        let env_wins = DefaultChain::from_env_fn(env_from_map([
            ("AWS_ACCESS_KEY_ID", "EK"),
            ("AWS_SECRET_ACCESS_KEY", "ES"),
            ("AWS_SHARED_CREDENTIALS_FILE", path.as_str()),
        ]));
        assert_eq!(env_wins.load().unwrap().access_key_id(), "EK");

        let profile = DefaultChain::from_env_fn(env_from_map([
            ("AWS_SHARED_CREDENTIALS_FILE", path.as_str()),
            ("AWS_CONFIG_FILE", "/nonexistent/smelt/config"),
        ]));
        assert_eq!(profile.load().unwrap().access_key_id(), "PK");
        // Cached: deleting the file does not matter any more.
        drop(dir);
        assert_eq!(profile.load().unwrap().access_key_id(), "PK");

        let nothing = DefaultChain::from_env_fn(env_from_map([(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/smelt/credentials",
        )]));
        let e = nothing.load().unwrap_err();
        assert!(e.is_not_loaded());
        assert!(e.to_string().starts_with("no credentials found"), "{e}");

        // A half-configured environment stops the chain.
        let half = DefaultChain::from_env_fn(env_from_map([
            ("AWS_ACCESS_KEY_ID", "EK"),
            ("AWS_SHARED_CREDENTIALS_FILE", path.as_str()),
        ]));
        assert!(!half.load().unwrap_err().is_not_loaded());
    }
}
