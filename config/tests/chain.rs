//! The default configuration of `smelt_config::load` against loopback fakes written here: STS
//! (AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity), the SSO portal and SSO OIDC, the
//! container endpoint and instance metadata. The STS and SSO calls of the chain go through the
//! generated `sts`, `sso` and `sso-oidc` clients. Nothing but 127.0.0.1 is contacted: every
//! configuration here has instance metadata pointed at a fake or turned off.
#![cfg(feature = "hyper-client")]

mod support;

use smelt_config::{ConfigLoader, GeneratedSts};
use smelt_runtime::config::Config;
use smelt_runtime::credentials::{env_from_map, EnvLookup, ProfileProvider, ProvideCredentials};
use smelt_runtime::http::{HttpClient, HyperClient};
use smelt_runtime::retry::RetryMode;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use support::{error_chain, ok, Fake, Req, TempDir};

const LATER: &str = "2099-01-01T00:00:00Z";

fn http() -> Arc<dyn HttpClient> {
    Arc::new(HyperClient::new())
}

/// The access key that signed a request.
fn signing_key(r: &Req) -> Option<String> {
    let auth = r.header("authorization")?;
    let rest = auth.split("Credential=").nth(1)?;
    Some(rest.split('/').next()?.to_string())
}

/// The region a request was signed for.
fn signing_region(r: &Req) -> Option<String> {
    let auth = r.header("authorization")?;
    let scope = auth.split("Credential=").nth(1)?.split(',').next()?;
    Some(scope.split('/').nth(2)?.to_string())
}

/// An STS fake. `AssumeRole` and `AssumeRoleWithWebIdentity` answer with an access key naming
/// the role (`ASIA-<last part of the ARN>`); a web identity token other than `jwt-1` is
/// rejected. `GetCallerIdentity` answers with the access key that signed it as the `UserId`.
async fn sts_fake() -> Fake {
    Fake::start(|r| {
        let action = r.form("Action").unwrap_or_default();
        let role = r.form("RoleArn").unwrap_or_default();
        let name = role.rsplit('/').next().unwrap_or_default().to_string();
        match action.as_str() {
            "AssumeRoleWithWebIdentity" if r.form("WebIdentityToken").as_deref() != Some("jwt-1") => (
                400,
                vec![],
                "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>bad token</Message></Error><RequestId>r1</RequestId></ErrorResponse>".into(),
            ),
            "AssumeRoleWithWebIdentity" | "AssumeRole" => ok(format!(
                "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result><Credentials>\
                 <AccessKeyId>ASIA-{name}</AccessKeyId><SecretAccessKey>s-{name}</SecretAccessKey>\
                 <SessionToken>t-{name}</SessionToken><Expiration>{LATER}</Expiration>\
                 </Credentials><AssumedRoleUser><AssumedRoleId>AROA:{name}</AssumedRoleId>\
                 <Arn>arn:aws:sts::123456789012:assumed-role/{name}/s</Arn></AssumedRoleUser>\
                 </{action}Result></{action}Response>"
            )),
            "GetCallerIdentity" => match signing_key(r) {
                Some(key) => ok(format!(
                    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                     <GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/{key}</Arn>\
                     <UserId>{key}</UserId><Account>123456789012</Account></GetCallerIdentityResult>\
                     </GetCallerIdentityResponse>"
                )),
                None => (
                    403,
                    vec![],
                    "<ErrorResponse><Error><Code>MissingAuthenticationToken</Code><Message>unsigned</Message></Error></ErrorResponse>".into(),
                ),
            },
            _ => (400, vec![], "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>".into()),
        }
    })
    .await
}

/// The SSO portal and SSO OIDC in one fake: `/token` refreshes `refresh-1` into `fresh-token`,
/// `/federation/credentials` wants a known bearer token.
async fn sso_fake() -> Fake {
    Fake::start(|r| match (r.method.as_str(), r.path.split('?').next().unwrap_or_default()) {
        ("POST", "/token") => {
            if r.body.contains(r#""refreshToken":"refresh-1""#)
                && r.body.contains(r#""grantType":"refresh_token""#)
                && r.body.contains(r#""clientId":"cid""#)
                && r.body.contains(r#""clientSecret":"csecret""#)
            {
                ok(r#"{"accessToken":"fresh-token","expiresIn":3600,"refreshToken":"refresh-2","tokenType":"Bearer"}"#)
            } else {
                (
                    400,
                    vec![("x-amzn-errortype", "InvalidGrantException".to_string())],
                    r#"{"error":"invalid_grant","error_description":"unknown refresh token"}"#.into(),
                )
            }
        }
        ("GET", "/federation/credentials") => {
            let token = r.header("x-amz-sso_bearer_token").unwrap_or_default();
            if !(token == "cached-token" || token == "fresh-token") {
                return (
                    401,
                    vec![("x-amzn-errortype", "UnauthorizedException".to_string())],
                    r#"{"message":"Session token not found or invalid"}"#.into(),
                );
            }
            if !r.path.contains("account_id=111122223333") || !r.path.contains("role_name=Dev") {
                return (400, vec![], "wrong account or role".into());
            }
            ok(format!(
                r#"{{"roleCredentials":{{"accessKeyId":"SSO-{token}","secretAccessKey":"s","sessionToken":"t","expiration":4102444800000}}}}"#
            ))
        }
        _ => (404, vec![], String::new()),
    })
    .await
}

/// A credentials document of the container endpoint and instance metadata.
fn creds_json(key: &str) -> String {
    format!(
        r#"{{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"{key}","SecretAccessKey":"secret-{key}","Token":"token-{key}","Expiration":"{LATER}"}}"#
    )
}

/// An instance metadata fake with IMDSv2 tokens (`T1`, `T2`, ...); GETs without a token it
/// issued are 401. The instance is in `eu-south-2` with the role `web-role`.
async fn imds_fake() -> Fake {
    let issued = Arc::new(Mutex::new(Vec::<String>::new()));
    Fake::start(move |r| {
        let mut issued = issued.lock().unwrap();
        if r.method == "PUT" && r.path == "/latest/api/token" {
            let Some(ttl) = r.header("x-aws-ec2-metadata-token-ttl-seconds") else {
                return (400, vec![], "missing ttl".into());
            };
            let token = format!("T{}", issued.len() + 1);
            issued.push(token.clone());
            return (
                200,
                vec![("x-aws-ec2-metadata-token-ttl-seconds", ttl.to_string())],
                token,
            );
        }
        let given = r.header("x-aws-ec2-metadata-token").unwrap_or_default();
        if !issued.iter().any(|t| t == given) {
            return (401, vec![], String::new());
        }
        match r.path.as_str() {
            "/latest/meta-data/iam/security-credentials/" => ok("web-role\n"),
            "/latest/meta-data/iam/security-credentials/web-role" => ok(creds_json("IMDS")),
            "/latest/meta-data/placement/region" => ok("eu-south-2"),
            _ => (404, vec![], String::new()),
        }
    })
    .await
}

/// The configuration `smelt_config` loads from `env`.
async fn load(env: EnvLookup) -> Config {
    ConfigLoader::new().env_fn(env).load().await
}

/// The program: who am I, through the generated STS client, with whatever configuration it is
/// given.
async fn who_am_i(config: Config) -> Result<String, String> {
    let sts = sts::Client::from_conf(config);
    let me = sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| error_chain(&e))?;
    me.user_id.ok_or_else(|| "no UserId".to_string())
}

const SSO_CONFIG: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
    sso_role_name = Dev\nregion = eu-west-1\n\
    [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
    [profile legacy]\nsso_start_url = https://old.awsapps.com/start\nsso_region = eu-west-1\n\
    sso_account_id = 111122223333\nsso_role_name = Dev\n";

/// `~/.aws/sso/cache/<hex SHA-1 of the key>.json`: the key is the session name (`corp`), or the
/// start URL for a legacy profile (values from `sha1sum`).
const CORP_CACHE: &str = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
const LEGACY_CACHE: &str = ".aws/sso/cache/33d5ca4bf3b1a62edb96b47f7c203034a43ac435.json";

// ---------------------------------------------------------------------------------------------
// One program, every setting
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_same_program_works_in_every_setting() {
    let sts = sts_fake().await;
    let sso = sso_fake().await;
    let imds = imds_fake().await;
    let container = Fake::start(|r| match r.header("authorization") {
        Some("Bearer pod-token") if r.path == "/v1/credentials" => ok(creds_json("ECS1")),
        _ => (403, vec![], "wrong token".into()),
    })
    .await;

    let dir = TempDir::new();
    let jwt = dir.write("jwt", "jwt-1\n");
    let script = dir.write(
        "creds.sh",
        "#!/bin/sh\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": \"PROC\", \"SecretAccessKey\": \"S\", \"SessionToken\": \"T\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
    );
    dir.write(
        ".aws/config",
        &format!(
            "[profile static]\nregion = us-east-2\n\
             [profile role]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = static\n\
             [profile proc]\ncredential_process = sh \"{}\"\n{SSO_CONFIG}",
            script.display()
        ),
    );
    dir.write(
        ".aws/credentials",
        "[static]\naws_access_key_id = STATICKEY\naws_secret_access_key = STATICSECRET\n",
    );
    dir.write(
        CORP_CACHE,
        r#"{"accessToken":"cached-token","expiresAt":"2099-01-01T00:00:00Z"}"#,
    );

    let base = |extra: &[(&str, &str)]| -> EnvLookup {
        let mut vars: HashMap<String, String> = [
            ("HOME", dir.s()),
            // The program's own client: `AWS_ENDPOINT_URL` (the chain's STS calls take
            // `AWS_ENDPOINT_URL_STS`, the SSO calls `AWS_ENDPOINT_URL_SSO`).
            ("AWS_ENDPOINT_URL", sts.url.clone()),
            ("AWS_ENDPOINT_URL_STS", sts.url.clone()),
            ("AWS_ENDPOINT_URL_SSO", sso.url.clone()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
            ("AWS_REGION", "us-east-2".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        for (k, v) in extra {
            if v.is_empty() {
                vars.remove(*k);
            } else {
                vars.insert(k.to_string(), v.to_string());
            }
        }
        env_from_map(vars)
    };
    let container_uri = format!("{}/v1/credentials", container.url);
    let jwt_path = jwt.to_str().unwrap().to_string();
    let settings: Vec<(&str, EnvLookup, &str, &str)> = vec![
        (
            "environment keys",
            base(&[
                ("AWS_ACCESS_KEY_ID", "ENVKEY"),
                ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"),
            ]),
            "ENVKEY",
            "us-east-2",
        ),
        (
            "profile static keys",
            base(&[("AWS_PROFILE", "static"), ("AWS_REGION", "")]),
            "STATICKEY",
            "us-east-2",
        ),
        (
            "profile role_arn + source_profile",
            base(&[("AWS_PROFILE", "role")]),
            "ASIA-app",
            "us-east-2",
        ),
        (
            "web identity",
            base(&[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", &jwt_path),
                ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pod"),
            ]),
            "ASIA-pod",
            "us-east-2",
        ),
        (
            "credential_process",
            base(&[("AWS_PROFILE", "proc")]),
            "PROC",
            "us-east-2",
        ),
        (
            "container",
            base(&[
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &container_uri),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer pod-token"),
            ]),
            "ECS1",
            "us-east-2",
        ),
        (
            "instance metadata (credentials and region)",
            base(&[
                ("AWS_EC2_METADATA_DISABLED", ""),
                ("AWS_REGION", ""),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url),
            ]),
            "IMDS",
            "eu-south-2",
        ),
        (
            "SSO",
            base(&[("AWS_PROFILE", "dev"), ("AWS_REGION", "")]),
            "SSO-cached-token",
            "eu-west-1",
        ),
    ];
    for (setting, env, user, region) in settings {
        let config = load(env).await;
        assert_eq!(config.region(), Some(region), "{setting}");
        let seen = sts.requests().len();
        let got = who_am_i(config)
            .await
            .unwrap_or_else(|e| panic!("{setting}: {e}"));
        assert_eq!(got, user, "{setting}");
        let call = sts
            .requests()
            .into_iter()
            .skip(seen)
            .find(|r| r.form("Action").as_deref() == Some("GetCallerIdentity"))
            .unwrap();
        assert_eq!(signing_region(&call).as_deref(), Some(region), "{setting}");
    }
    // Each source was asked: the SSO portal once, instance metadata for a token.
    assert_eq!(sso.count("GET", "/federation/credentials"), 1);
    assert!(imds.count("PUT", "/latest/api/token") >= 1);
}

// ---------------------------------------------------------------------------------------------
// STS: web identity and roles, through the generated client
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn web_identity_through_the_generated_sts_client() {
    let sts = sts_fake().await;
    let dir = TempDir::new();
    let token = dir.write("jwt", "jwt-1\n");
    let env = env_from_map([
        (
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            token.to_str().unwrap().to_string(),
        ),
        (
            "AWS_ROLE_ARN",
            "arn:aws:iam::123456789012:role/pod".to_string(),
        ),
        ("AWS_ROLE_SESSION_NAME", "my-session".to_string()),
        ("AWS_ENDPOINT_URL_STS", sts.url.clone()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ("AWS_REGION", "eu-west-1".to_string()),
        ("HOME", dir.s()),
    ]);
    let config = load(env.clone()).await;
    let c = config
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA-pod");
    assert_eq!(c.session_token(), Some("t-pod"));
    assert_eq!(
        c.expiry(),
        Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(4_070_908_800))
    );
    let r = &sts.requests()[0];
    assert_eq!(
        r.form("Action").as_deref(),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(r.form("RoleSessionName").as_deref(), Some("my-session"));
    assert_eq!(r.form("Version").as_deref(), Some("2011-06-15"));
    assert!(
        r.header("authorization").is_none(),
        "web identity is unsigned"
    );
    assert!(r.header("x-amz-date").is_none(), "web identity is unsigned");

    // A rejected token: the error names the source, the call and STS's reason.
    std::fs::write(&token, "expired").unwrap();
    let e = load(env)
        .await
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(
        text.starts_with("web identity failed: STS AssumeRoleWithWebIdentity"),
        "{text}"
    );
    assert!(text.contains("InvalidIdentityToken"), "{text}");
    assert!(text.contains("bad token"), "{text}");
}

fn profile_env(dir: &TempDir, profile: &str, sts: &Fake) -> EnvLookup {
    env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", profile.to_string()),
        ("AWS_ENDPOINT_URL_STS", sts.url.clone()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ("AWS_REGION", "us-east-2".to_string()),
    ])
}

#[tokio::test]
async fn role_chains_through_source_profiles() {
    let sts = sts_fake().await;
    let dir = TempDir::new();
    dir.write(
        ".aws/config",
        "[profile top]\nrole_arn = arn:aws:iam::123456789012:role/top\nsource_profile = middle\n\
         role_session_name = top-session\nexternal_id = ext-1\nduration_seconds = 1800\n\
         [profile middle]\nrole_arn = arn:aws:iam::123456789012:role/middle\nsource_profile = base\n\
         [profile self]\nrole_arn = arn:aws:iam::123456789012:role/self\nsource_profile = self\n\
         [profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = loop-b\n\
         [profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = loop-a\n\
         [profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/m\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n\
         [profile from-env]\nrole_arn = arn:aws:iam::123456789012:role/env\ncredential_source = Environment\n\
         [profile bad-source]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = Mars\n",
    );
    dir.write(
        ".aws/credentials",
        "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n\
         [self]\naws_access_key_id = SELFKEY\naws_secret_access_key = SELFSECRET\n",
    );

    let creds = |profile: &str| {
        let env = profile_env(&dir, profile, &sts);
        async move {
            load(env)
                .await
                .credentials_provider()
                .provide_credentials()
                .await
        }
    };
    let c = creds("top").await.unwrap();
    assert_eq!(c.access_key_id(), "ASIA-top");
    let reqs = sts.requests();
    assert_eq!(reqs.len(), 2);
    // Innermost first, each signed with the credentials of the step before.
    assert_eq!(
        reqs[0].form("RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/middle")
    );
    assert_eq!(signing_key(&reqs[0]).as_deref(), Some("BASEKEY"));
    assert_eq!(
        reqs[1].form("RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/top")
    );
    assert_eq!(signing_key(&reqs[1]).as_deref(), Some("ASIA-middle"));
    assert_eq!(reqs[1].header("x-amz-security-token"), Some("t-middle"));
    assert_eq!(
        reqs[1].form("RoleSessionName").as_deref(),
        Some("top-session")
    );
    assert_eq!(reqs[1].form("ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(reqs[1].form("DurationSeconds").as_deref(), Some("1800"));
    assert_eq!(signing_region(&reqs[1]).as_deref(), Some("us-east-2"));
    assert!(reqs[1]
        .header("authorization")
        .unwrap()
        .contains("/us-east-2/sts/aws4_request"));

    let c = creds("self").await.unwrap();
    assert_eq!(c.access_key_id(), "ASIA-self");
    assert_eq!(
        signing_key(sts.requests().last().unwrap()).as_deref(),
        Some("SELFKEY")
    );

    let err = |profile: &str| {
        let f = creds(profile);
        async move { error_chain(&f.await.unwrap_err()) }
    };
    let text = err("loop-a").await;
    assert!(
        text.contains("source_profile cycle: loop-a -> loop-b -> loop-a"),
        "{text}"
    );
    let text = err("mfa").await;
    assert!(text.contains("profile `mfa` sets mfa_serial"), "{text}");
    let text = err("bad-source").await;
    assert!(text.contains("credential_source `Mars`"), "{text}");
    assert!(text.starts_with("profile `bad-source` failed"), "{text}");
    let text = err("from-env").await;
    assert!(text.contains("AWS_ACCESS_KEY_ID"), "{text}");

    // The profile provider alone, with the generated STS client plugged in by hand: the
    // environment's keys are the role's source.
    let env = env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", "from-env".to_string()),
        ("AWS_ACCESS_KEY_ID", "ENVKEY".to_string()),
        ("AWS_SECRET_ACCESS_KEY", "ENVSECRET".to_string()),
    ]);
    let sts_client = GeneratedSts::new(
        Some(http()),
        env_from_map([("AWS_ENDPOINT_URL_STS", sts.url.as_str())]),
        Some("us-east-2".into()),
    );
    let c = ProfileProvider::from_env_fn(env)
        .with_sts(Arc::new(sts_client))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA-env");
    assert_eq!(
        signing_key(sts.requests().last().unwrap()).as_deref(),
        Some("ENVKEY")
    );
}

#[tokio::test]
async fn without_smelt_config_a_role_profile_says_what_is_missing() {
    let dir = TempDir::new();
    dir.write(
        ".aws/config",
        "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = b\n\
         [profile b]\naws_access_key_id = K\naws_secret_access_key = S\n",
    );
    let env = env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", "r".to_string()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
    ]);
    let config = Config::builder().region("us-east-1").build_with_env(&*env);
    let e = config
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(text.contains("smelt_config::load()"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// SSO, through the generated clients
// ---------------------------------------------------------------------------------------------

fn sso_env(dir: &TempDir, profile: &str, fake: &Fake) -> EnvLookup {
    env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", profile.to_string()),
        ("AWS_ENDPOINT_URL_SSO", fake.url.clone()),
        ("AWS_ENDPOINT_URL_SSO_OIDC", fake.url.clone()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
    ])
}

#[tokio::test]
async fn sso_session_with_a_valid_cached_token() {
    let fake = sso_fake().await;
    let dir = TempDir::new();
    dir.write(".aws/config", SSO_CONFIG);
    dir.write(
        CORP_CACHE,
        r#"{"accessToken":"cached-token","expiresAt":"2099-01-01T00:00:00Z","region":"eu-west-1","startUrl":"https://corp.awsapps.com/start"}"#,
    );
    let config = load(sso_env(&dir, "dev", &fake)).await;
    assert_eq!(config.region(), Some("eu-west-1"), "the profile's region");
    let c = config
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "SSO-cached-token");
    assert_eq!(c.session_token(), Some("t"));
    assert_eq!(
        c.expiry(),
        Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(4_102_444_800))
    );
    assert_eq!(fake.count("POST", "/token"), 0);
    let get = &fake.requests()[0];
    assert!(
        get.header("authorization").is_none(),
        "the portal call is unsigned"
    );
}

#[tokio::test]
async fn sso_session_refreshes_an_expired_token_and_writes_the_cache() {
    let fake = sso_fake().await;
    let dir = TempDir::new();
    dir.write(".aws/config", SSO_CONFIG);
    let cache = dir.write(
        CORP_CACHE,
        r#"{"accessToken":"old","expiresAt":"2020-01-01T00:00:00Z","refreshToken":"refresh-1","clientId":"cid","clientSecret":"csecret","registrationExpiresAt":"2099-01-01T00:00:00Z","region":"eu-west-1","startUrl":"https://corp.awsapps.com/start"}"#,
    );
    let c = load(sso_env(&dir, "dev", &fake))
        .await
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "SSO-fresh-token");
    assert_eq!(fake.count("POST", "/token"), 1);
    let token_call = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert!(
        token_call.header("authorization").is_none(),
        "CreateToken is unsigned"
    );
    let written = std::fs::read_to_string(&cache).unwrap();
    assert!(
        written.contains(r#""accessToken":"fresh-token""#),
        "{written}"
    );
    assert!(
        written.contains(r#""refreshToken":"refresh-2""#),
        "{written}"
    );

    // A refresh token the service rejects: the error carries OIDC's code and tells what to run.
    dir.write(
        CORP_CACHE,
        r#"{"accessToken":"old","expiresAt":"2020-01-01T00:00:00Z","refreshToken":"stale","clientId":"cid","clientSecret":"csecret"}"#,
    );
    let e = load(sso_env(&dir, "dev", &fake))
        .await
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(text.contains("SSO OIDC CreateToken"), "{text}");
    assert!(text.contains("InvalidGrantException"), "{text}");
    assert!(text.contains("aws sso login --sso-session corp"), "{text}");

    // The legacy form cannot refresh: the error says what to run.
    dir.write(
        LEGACY_CACHE,
        r#"{"accessToken":"old","expiresAt":"2020-01-01T00:00:00Z"}"#,
    );
    let e = load(sso_env(&dir, "legacy", &fake))
        .await
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(text.contains("legacy SSO profile cannot refresh"), "{text}");
    assert!(text.contains("aws sso login"), "{text}");

    // A token the portal rejects: the portal's code in the error.
    dir.write(
        CORP_CACHE,
        r#"{"accessToken":"revoked","expiresAt":"2099-01-01T00:00:00Z"}"#,
    );
    let e = load(sso_env(&dir, "dev", &fake))
        .await
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(text.contains("SSO GetRoleCredentials"), "{text}");
    assert!(text.contains("UnauthorizedException"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// The rest of the configuration
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn region_order_and_retry_settings() {
    let imds = imds_fake().await;
    let dir = TempDir::new();
    dir.write(
        ".aws/config",
        "[profile p]\nregion = ap-south-1\nretry_mode = legacy\n",
    );
    let env = |extra: &[(&str, &str)]| {
        let mut vars = vec![
            ("HOME", dir.s()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url.clone()),
        ];
        vars.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        env_from_map(vars)
    };
    // IMDS is the last step: the environment and the profile come first.
    let c = load(env(&[
        ("AWS_PROFILE", "p"),
        ("AWS_DEFAULT_REGION", "ca-central-1"),
    ]))
    .await;
    assert_eq!(c.region(), Some("ca-central-1"));
    let c = load(env(&[("AWS_PROFILE", "p")])).await;
    assert_eq!(c.region(), Some("ap-south-1"));
    assert_eq!(imds.count("GET", "/latest/meta-data/placement/region"), 0);
    let c = load(env(&[])).await;
    assert_eq!(c.region(), Some("eu-south-2"));
    assert_eq!(imds.count("GET", "/latest/meta-data/placement/region"), 1);
    // A region set on the loader wins over everything; IMDS is not asked.
    let c = ConfigLoader::new()
        .env_fn(env(&[("AWS_REGION", "us-west-1")]))
        .region("sa-east-1")
        .load()
        .await;
    assert_eq!(c.region(), Some("sa-east-1"));
    assert_eq!(imds.count("GET", "/latest/meta-data/placement/region"), 1);
    // With instance metadata off and nothing else, no region.
    let c = load(env(&[("AWS_EC2_METADATA_DISABLED", "true")])).await;
    assert_eq!(c.region(), None);

    // Retry settings come from the same environment and profile.
    let c = load(env(&[("AWS_PROFILE", "p")])).await;
    let r = c.retry_config();
    assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Legacy, 5));
    let c = load(env(&[
        ("AWS_PROFILE", "p"),
        ("AWS_RETRY_MODE", "adaptive"),
        ("AWS_MAX_ATTEMPTS", "2"),
    ]))
    .await;
    let r = c.retry_config();
    assert_eq!((r.mode(), r.max_attempts()), (RetryMode::Adaptive, 2));
}

#[tokio::test]
async fn operations_modeled_auth_none_are_sent_unsigned_whatever_the_configuration() {
    // The models mark AssumeRoleWithWebIdentity, GetRoleCredentials and CreateToken `@auth([])`:
    // the generated clients send them unsigned even with credentials configured.
    let sts_server = sts_fake().await;
    let sso_server = sso_fake().await;
    let config = |url: &str| {
        Config::builder()
            .region("eu-west-1")
            .endpoint_url(url)
            .http_client(HyperClient::new())
            .credentials_provider(smelt_runtime::credentials::Credentials::new(
                "AKIDSTATIC",
                "S",
                None,
                None,
                "test",
            ))
            .build_with_env(&|_| None)
    };
    let sts = sts::Client::from_conf(config(&sts_server.url));
    let out = sts
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/pod")
        .role_session_name("s")
        .web_identity_token("jwt-1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.credentials.unwrap().access_key_id, "ASIA-pod");
    sts.get_caller_identity().send().await.unwrap();
    let reqs = sts_server.requests();
    assert!(
        reqs[0].header("authorization").is_none(),
        "AssumeRoleWithWebIdentity"
    );
    assert_eq!(
        signing_key(&reqs[1]).as_deref(),
        Some("AKIDSTATIC"),
        "GetCallerIdentity is signed"
    );

    let portal = sso::Client::from_conf(config(&sso_server.url));
    let out = portal
        .get_role_credentials()
        .role_name("Dev")
        .account_id("111122223333")
        .access_token("cached-token")
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.role_credentials.unwrap().access_key_id.as_deref(),
        Some("SSO-cached-token")
    );
    let oidc = sso_oidc::Client::from_conf(config(&sso_server.url));
    let e = oidc
        .create_token()
        .client_id("cid")
        .client_secret("csecret")
        .grant_type("refresh_token")
        .refresh_token("unknown")
        .send()
        .await
        .unwrap_err();
    assert!(
        e.as_service_error()
            .is_some_and(|e| e.is_invalid_grant_exception()),
        "{e:?}"
    );
    for r in sso_server.requests() {
        assert!(
            r.header("authorization").is_none(),
            "{} {}",
            r.method,
            r.path
        );
    }
}

/// `load()` keeps the environment, so a client finds its own service's endpoint variable,
/// which an environment lookup cannot list.
#[tokio::test]
async fn service_endpoint_variables_reach_each_client() {
    let env = env_from_map([
        ("AWS_ENDPOINT_URL_DOCDB_ELASTIC", "http://127.0.0.1:1/docdb"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/global"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    let config = ConfigLoader::new()
        .env_fn(env)
        .region("us-east-1")
        .load()
        .await;
    assert_eq!(
        config.endpoint_url_for("DocDB Elastic").as_deref(),
        Some("http://127.0.0.1:1/docdb")
    );
    assert_eq!(
        config.endpoint_url_for("DynamoDB").as_deref(),
        Some("http://127.0.0.1:1/global")
    );
}
