//! [`ProfileProvider`]: credentials from the shared config and credentials files (static keys,
//! role chains through `source_profile` and `credential_source`, web identity, `credential_process`,
//! SSO). Must not: parse the files itself (that is `profile`) or send requests other than through
//! the providers it delegates to.

use super::*;

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
/// [`with_sts`](ProfileProvider::with_sts), SSO through the [`SsoClient`] set with
/// [`with_sso`](ProfileProvider::with_sso), and the container endpoint and instance metadata
/// through the [`HttpClient`] set with [`with_http_client`](ProfileProvider::with_http_client).
#[derive(Clone)]
pub struct ProfileProvider {
    pub(super) env: EnvLookup,
    profile: Option<String>,
    credentials_file: Option<PathBuf>,
    config_file: Option<PathBuf>,
    http: Option<Arc<dyn HttpClient>>,
    sts: Option<Arc<dyn StsClient>>,
    sso: Option<Arc<dyn SsoClient>>,
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
pub(super) struct Files {
    pub(super) config: HashMap<String, Properties>,
    pub(super) credentials: HashMap<String, Properties>,
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
pub(super) enum Base {
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
pub(super) struct RoleHop {
    pub(super) profile: String,
    pub(super) request: AssumeRoleRequest,
}

pub(super) fn get(props: &Properties, key: &str) -> Option<String> {
    props
        .get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Static keys of a profile: `Ok(None)` when it has neither key, an error when only one.
pub(super) fn static_keys(
    name: &str,
    props: &Properties,
) -> Result<Option<Credentials>, CredentialsError> {
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
            sso: None,
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

    /// The HTTP client for the container endpoint and instance metadata.
    pub fn with_http_client(mut self, http: Arc<dyn HttpClient>) -> Self {
        self.http = Some(http);
        self
    }

    /// The STS client for `role_arn` and `web_identity_token_file` profiles.
    pub fn with_sts(mut self, sts: Arc<dyn StsClient>) -> Self {
        self.sts = Some(sts);
        self
    }

    /// The SSO client for `sso_session` and `sso_start_url` profiles.
    pub fn with_sso(mut self, sso: Arc<dyn SsoClient>) -> Self {
        self.sso = Some(sso);
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
    pub(super) fn load_profile(&self) -> Result<Option<Properties>, CredentialsError> {
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
            Base::Sso(profile) => sso::load(&profile, self.home(), self.sso.as_ref()).await?,
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

pub(super) fn display_path(p: Option<PathBuf>) -> String {
    p.map(|p| format!("`{}`", p.display()))
        .unwrap_or_else(|| "<no home directory>".to_string())
}

/// Reads a file; a missing file is `None`, other errors are reported.
pub(super) fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
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
