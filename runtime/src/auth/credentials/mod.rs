//! AWS credentials and the providers that load them.
//!
//! * [`Credentials`] (re-exported from `aws-credential-types`) is itself a static provider.
//! * [`EnvironmentProvider`]: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
//! * [`ProfileProvider`]: the shared `~/.aws/credentials` and `~/.aws/config` files.
//! * [`DefaultChain`]: environment, then profile.
//!
//! Every provider that reads the environment can be given a lookup function instead of the
//! process environment (`from_map` / `from_env_fn`), which keeps tests hermetic.
//!
//! Auth layer: knows nothing of the configuration or the client that asks for credentials.

mod profile;

use crate::http::BoxFuture;
use profile::{parse_ini, profile_section, FileKind, Properties};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
fn non_empty(env: &EnvLookup, name: &str) -> Option<String> {
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

/// Loads credentials (and the region) from the shared AWS config and credentials files.
///
/// * Profile: the one set with [`ProfileProvider::with_profile`], else `AWS_PROFILE`, else
///   `default`.
/// * Files: `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, sections `[name]`) and
///   `AWS_CONFIG_FILE` (default `~/.aws/config`, sections `[profile name]` and `[default]`), or
///   paths set explicitly. A missing file counts as empty.
/// * Properties are merged per key; the credentials file wins over the config file.
/// * Keys: `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`, `region`.
///
/// Role assumption, SSO and `credential_process` are not supported: a profile using them
/// without static keys yields an error that says so.
#[derive(Clone)]
pub struct ProfileProvider {
    env: EnvLookup,
    profile: Option<String>,
    credentials_file: Option<PathBuf>,
    config_file: Option<PathBuf>,
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

/// Keys that indicate a credential source this runtime does not implement.
const UNSUPPORTED_SOURCES: [&str; 5] = [
    "role_arn",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
];

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

    /// Reads both files and returns the merged properties of the selected profile, or `None`
    /// when neither file defines it.
    fn load_profile(&self) -> Result<Option<Properties>, CredentialsError> {
        let name = self.profile_name();
        let mut merged: Option<Properties> = None;
        // Config first, then credentials so that the credentials file wins.
        for (path, kind) in [
            (self.config_path(), FileKind::Config),
            (self.credentials_path(), FileKind::Credentials),
        ] {
            let Some(path) = path else { continue };
            let Some(text) = read_optional(&path)? else {
                continue;
            };
            let sections = parse_ini(&text);
            if let Some(props) = profile_section(&sections, kind, &name) {
                merged
                    .get_or_insert_with(Properties::new)
                    .extend(props.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        Ok(merged)
    }

    /// The `region` of the selected profile, if any (errors reading the files count as none).
    pub fn region(&self) -> Option<String> {
        self.load_profile()
            .ok()
            .flatten()?
            .get("region")
            .filter(|r| !r.is_empty())
            .cloned()
    }

    /// Loads the credentials synchronously.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let name = self.profile_name();
        let Some(props) = self.load_profile()? else {
            return Err(CredentialsError::not_loaded(format!(
                "profile `{name}` not found in {} or {}",
                display_path(self.credentials_path()),
                display_path(self.config_path()),
            )));
        };
        let get = |k: &str| props.get(k).filter(|v| !v.is_empty()).cloned();
        match (get("aws_access_key_id"), get("aws_secret_access_key")) {
            (Some(key), Some(secret)) => Ok(Credentials::new(
                key,
                secret,
                get("aws_session_token"),
                None,
                "Profile",
            )),
            (Some(_), None) => Err(CredentialsError::invalid(format!(
                "profile `{name}` has aws_access_key_id but no aws_secret_access_key"
            ))),
            (None, Some(_)) => Err(CredentialsError::invalid(format!(
                "profile `{name}` has aws_secret_access_key but no aws_access_key_id"
            ))),
            (None, None) => match UNSUPPORTED_SOURCES.iter().find(|k| props.contains_key(**k)) {
                Some(key) => Err(CredentialsError::invalid(format!(
                    "profile `{name}` uses `{key}`, which smelt does not support yet; \
                     provide static keys or set a credentials provider explicitly"
                ))),
                None => Err(CredentialsError::not_loaded(format!(
                    "profile `{name}` has no aws_access_key_id/aws_secret_access_key"
                ))),
            },
        }
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
        Box::pin(std::future::ready(self.load()))
    }
}

// ---------------------------------------------------------------------------------------------
// Default chain
// ---------------------------------------------------------------------------------------------

/// The default credentials chain: [`EnvironmentProvider`], then [`ProfileProvider`].
///
/// A provider that has nothing moves the chain on; one that finds invalid configuration stops
/// it. Static credentials (no expiry) are cached after the first success.
#[derive(Debug, Clone)]
pub struct DefaultChain {
    env: EnvironmentProvider,
    profile: ProfileProvider,
    cache: Arc<Mutex<Option<Credentials>>>,
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

impl DefaultChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::from_env_fn(process_env())
    }

    /// The chain over a lookup function instead of the process environment.
    pub fn from_env_fn(env: EnvLookup) -> Self {
        Self::from_providers(
            EnvironmentProvider::from_env_fn(env.clone()),
            ProfileProvider::from_env_fn(env),
        )
    }

    /// The chain over explicit providers.
    pub fn from_providers(env: EnvironmentProvider, profile: ProfileProvider) -> Self {
        Self {
            env,
            profile,
            cache: Arc::new(Mutex::new(None)),
        }
    }

    /// The profile provider of this chain (also used for the region lookup).
    pub fn profile_provider(&self) -> &ProfileProvider {
        &self.profile
    }

    /// Loads the credentials synchronously.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.cache.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(c);
        }
        let creds = match self.env.load() {
            Ok(c) => c,
            Err(e) if e.is_not_loaded() => match self.profile.load() {
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
            *self.cache.lock().unwrap_or_else(|p| p.into_inner()) = Some(creds.clone());
        }
        Ok(creds)
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.load()))
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
