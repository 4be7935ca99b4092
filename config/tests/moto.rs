//! The chain's STS calls against moto (`moto[server]==5.2.1` on 127.0.0.1, its URL in
//! `SMELT_E2E_ENDPOINT`, as `cargo xtask e2e` and `.ci/run` use it): a `role_arn` profile
//! (AssumeRole) and web identity (AssumeRoleWithWebIdentity), both through the generated `sts`
//! client, then the program's `GetCallerIdentity`. moto does not check signatures, but it
//! remembers the sessions it issued: `GetCallerIdentity` signed with an assumed role's key
//! answers with that session's ARN, which proves the call was signed with the chain's result.
//!
//! Without `SMELT_E2E_ENDPOINT` each test says so and passes without doing anything (the test
//! command has no moto); CI runs this file with moto.
#![cfg(feature = "hyper-client")]

mod support;

use smelt_config::ConfigLoader;
use smelt_runtime::config::Config;
use smelt_runtime::credentials::{env_from_map, EnvLookup};
use support::{error_chain, TempDir};

/// moto's URL, or `None` (with a note) when the variable is not set.
fn moto() -> Option<String> {
    match std::env::var("SMELT_E2E_ENDPOINT") {
        Ok(url) if !url.trim().is_empty() => {
            let url = url.trim().trim_end_matches('/').to_string();
            let host = url
                .strip_prefix("http://")
                .and_then(|rest| rest.split([':', '/']).next())
                .unwrap_or_default();
            assert!(
                host == "127.0.0.1" || host == "localhost",
                "SMELT_E2E_ENDPOINT must be a loopback http:// URL, not {url}"
            );
            Some(url)
        }
        _ => {
            eprintln!("SMELT_E2E_ENDPOINT is not set: moto test skipped");
            None
        }
    }
}

/// A name unique to this run, so runs can share one moto server.
fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// The program: who am I, through the generated STS client (the `Arn`).
async fn who_am_i(config: Config) -> Result<String, String> {
    let me = sts::Client::from_conf(config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| error_chain(&e))?;
    me.arn.ok_or_else(|| "no Arn".to_string())
}

fn env(dir: &TempDir, moto: &str, extra: &[(&str, String)]) -> EnvLookup {
    let mut vars = vec![
        ("HOME", dir.s()),
        ("AWS_ENDPOINT_URL", moto.to_string()),
        ("AWS_ENDPOINT_URL_STS", moto.to_string()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ("AWS_REGION", "us-east-1".to_string()),
    ];
    vars.extend(extra.iter().cloned());
    env_from_map(vars)
}

#[tokio::test]
async fn role_arn_profile_assumes_the_role_at_moto() {
    let Some(moto) = moto() else { return };
    let dir = TempDir::new();
    let session = unique("smelt-role");
    dir.write(
        ".aws/config",
        &format!(
            "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/smelt-app\n\
             source_profile = base\nrole_session_name = {session}\nduration_seconds = 900\n"
        ),
    );
    dir.write(
        ".aws/credentials",
        "[base]\naws_access_key_id = AKIAMOTOBASE\naws_secret_access_key = base-secret\n",
    );
    let config = ConfigLoader::new()
        .env_fn(env(&dir, &moto, &[("AWS_PROFILE", "app".to_string())]))
        .load()
        .await;
    let creds = config
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_or_else(|e| panic!("{}", error_chain(&e)));
    assert!(creds.session_token().is_some_and(|t| !t.is_empty()));
    let left = creds
        .expiry()
        .expect("assumed-role credentials expire")
        .duration_since(std::time::SystemTime::now())
        .expect("in the future");
    assert!(
        left.as_secs() <= 900 + 60,
        "DurationSeconds=900 honoured: {left:?}"
    );
    let arn = who_am_i(config).await.unwrap();
    assert_eq!(
        arn,
        format!("arn:aws:sts::123456789012:assumed-role/smelt-app/{session}")
    );
}

#[tokio::test]
async fn web_identity_assumes_the_role_at_moto() {
    let Some(moto) = moto() else { return };
    let dir = TempDir::new();
    let token = dir.write("token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJwb2QifQ.\n");
    let session = unique("smelt-pod");
    let config = ConfigLoader::new()
        .env_fn(env(
            &dir,
            &moto,
            &[
                (
                    "AWS_WEB_IDENTITY_TOKEN_FILE",
                    token.to_str().unwrap().to_string(),
                ),
                (
                    "AWS_ROLE_ARN",
                    "arn:aws:iam::123456789012:role/smelt-pod".to_string(),
                ),
                ("AWS_ROLE_SESSION_NAME", session.clone()),
            ],
        ))
        .load()
        .await;
    let arn = who_am_i(config).await.unwrap();
    assert_eq!(
        arn,
        format!("arn:aws:sts::123456789012:assumed-role/smelt-pod/{session}")
    );
}

#[tokio::test]
async fn static_keys_are_the_caller_at_moto() {
    let Some(moto) = moto() else { return };
    let dir = TempDir::new();
    let config = ConfigLoader::new()
        .env_fn(env(
            &dir,
            &moto,
            &[
                ("AWS_ACCESS_KEY_ID", "AKIAMOTOSTATIC".to_string()),
                ("AWS_SECRET_ACCESS_KEY", "secret".to_string()),
            ],
        ))
        .load()
        .await;
    let arn = who_am_i(config).await.unwrap();
    // Keys moto did not issue are its default user.
    assert!(arn.starts_with("arn:aws:"), "{arn}");
    assert!(!arn.contains("assumed-role"), "{arn}");
}
