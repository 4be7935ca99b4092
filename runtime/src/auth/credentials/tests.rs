//! Unit tests of the environment and profile providers and the chains.

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
