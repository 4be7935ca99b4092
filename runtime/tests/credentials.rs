//! The credential and region chains against loopback fakes written here: instance metadata
//! (IMDSv2 tokens, TTL, 401 refresh, IMDSv1 fallback), the container endpoint with its
//! authorization header, STS (AssumeRole, AssumeRoleWithWebIdentity), the SSO portal and SSO
//! OIDC; plus the cache under many concurrent callers. Nothing but 127.0.0.1 is contacted:
//! every chain here has instance metadata pointed at a fake or turned off.
#![cfg(feature = "hyper-client")]

use smelt_runtime::config::Config;
use smelt_runtime::credentials::{
    env_from_map, ContainerProvider, CredentialsError, DefaultChain, ImdsClient, ProfileProvider,
    ProvideCredentials, RegionChain,
};
use smelt_runtime::http::{HttpClient, HyperClient};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

// ---------------------------------------------------------------------------------------------
// A loopback HTTP/1.1 server answering with a closure
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Req {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

impl Req {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
    /// A form parameter of the body.
    fn form(&self, key: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == key).then(|| percent_decode(&v.replace('+', " ")))
        })
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

type Reply = (u16, Vec<(&'static str, String)>, String);
type Handler = Arc<dyn Fn(&Req) -> Reply + Send + Sync>;

struct Fake {
    url: String,
    requests: Arc<Mutex<Vec<Req>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Fake {
    async fn start(handler: impl Fn(&Req) -> Reply + Send + Sync + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let log = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    let Some(req) = read_request(&mut sock).await else {
                        return;
                    };
                    log.lock().unwrap().push(req.clone());
                    let (status, headers, body) = handler(&req);
                    let mut head = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                        body.len()
                    );
                    for (k, v) in headers {
                        head.push_str(&format!("{k}: {v}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = sock.write_all(head.as_bytes()).await;
                    let _ = sock.write_all(body.as_bytes()).await;
                    let _ = sock.shutdown().await;
                });
            }
        });
        Fake {
            url,
            requests,
            task,
        }
    }

    fn requests(&self) -> Vec<Req> {
        self.requests.lock().unwrap().clone()
    }

    fn count(&self, method: &str, path_prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.method == method && r.path.starts_with(path_prefix))
            .count()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Req> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = tokio::time::timeout(Duration::from_secs(5), sock.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Req {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn http() -> Arc<dyn HttpClient> {
    Arc::new(HyperClient::new())
}

fn ok(body: impl Into<String>) -> Reply {
    (200, vec![], body.into())
}

fn creds_json(key: &str, expiration: &str) -> String {
    format!(
        r#"{{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"{key}","SecretAccessKey":"secret-{key}","Token":"token-{key}","Expiration":"{expiration}"}}"#
    )
}

const LATER: &str = "2099-01-01T00:00:00Z";

/// A unique temporary directory removed on drop.
struct TempDir(PathBuf);
impl TempDir {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "smelt-cred-it-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
    fn s(&self) -> String {
        self.0.to_str().unwrap().to_string()
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Instance metadata
// ---------------------------------------------------------------------------------------------

/// An IMDS fake: tokens `T1`, `T2`, ... (each valid for the TTL the client asked, and for
/// `uses` requests, after which it answers 401); GETs without a valid token are 401.
async fn imds_fake(uses_per_token: usize) -> Fake {
    let issued = Arc::new(Mutex::new(Vec::<(String, usize)>::new()));
    Fake::start(move |r| {
        let mut issued = issued.lock().unwrap();
        if r.method == "PUT" && r.path == "/latest/api/token" {
            let Some(ttl) = r.header("x-aws-ec2-metadata-token-ttl-seconds") else {
                return (400, vec![], "missing ttl".into());
            };
            let token = format!("T{}", issued.len() + 1);
            issued.push((token.clone(), 0));
            return (
                200,
                vec![("x-aws-ec2-metadata-token-ttl-seconds", ttl.to_string())],
                token,
            );
        }
        let given = r.header("x-aws-ec2-metadata-token").unwrap_or_default();
        let Some(entry) = issued.iter_mut().find(|(t, _)| t == given) else {
            return (401, vec![], String::new());
        };
        if entry.1 >= uses_per_token {
            return (401, vec![], String::new());
        }
        entry.1 += 1;
        match r.path.as_str() {
            "/latest/meta-data/iam/security-credentials/" => ok("web-role\n"),
            "/latest/meta-data/iam/security-credentials/web-role" => {
                ok(creds_json(&format!("IMDS-{given}"), LATER))
            }
            "/latest/meta-data/placement/region" => ok("eu-south-2"),
            _ => (404, vec![], String::new()),
        }
    })
    .await
}

#[tokio::test]
async fn imds_v2_token_is_fetched_reused_and_refreshed() {
    let fake = imds_fake(usize::MAX).await;
    let client = ImdsClient::new(http(), &fake.url);
    let c = client.credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "IMDS-T1");
    assert_eq!(c.session_token(), Some("token-IMDS-T1"));
    assert!(c.expiry().is_some());
    assert_eq!(client.region().await.unwrap(), "eu-south-2");
    // One token for all three GETs, asked with the 6-hour TTL.
    assert_eq!(fake.count("PUT", "/latest/api/token"), 1);
    let put = &fake.requests()[0];
    assert_eq!(
        put.header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );

    // A 1-second TTL: after it passes, a new token.
    let short = ImdsClient::new(http(), &fake.url).with_token_ttl(Duration::from_secs(1));
    assert_eq!(short.region().await.unwrap(), "eu-south-2");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        short.credentials().await.unwrap().access_key_id(),
        "IMDS-T3"
    );
    assert_eq!(fake.count("PUT", "/latest/api/token"), 3);
}

#[tokio::test]
async fn imds_401_gets_a_new_token_once() {
    // Each token serves one request, then the fake rejects it.
    let fake = imds_fake(1).await;
    let client = ImdsClient::new(http(), &fake.url);
    let c = client.credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "IMDS-T2");
    assert_eq!(fake.count("PUT", "/latest/api/token"), 2);
}

#[tokio::test]
async fn imds_v1_fallback_rules() {
    for status in [403u16, 404, 405] {
        let fake = Fake::start(move |r| match (r.method.as_str(), r.path.as_str()) {
            ("PUT", _) => (status, vec![], String::new()),
            (_, _) if r.header("x-aws-ec2-metadata-token").is_some() => (400, vec![], "no".into()),
            (_, "/latest/meta-data/placement/region") => ok("ap-east-1"),
            _ => (404, vec![], String::new()),
        })
        .await;
        let v1 = ImdsClient::new(http(), &fake.url);
        assert_eq!(v1.region().await.unwrap(), "ap-east-1", "{status}");
        let strict = ImdsClient::new(http(), &fake.url).with_v1_fallback(false);
        let e = strict.region().await.unwrap_err();
        assert!(e.to_string().contains("IMDSv1 is disabled"), "{e}");
    }
    // 400 to the token request: an error, no fallback.
    let fake = Fake::start(|_| (400, vec![], "bad ttl".into())).await;
    let e = ImdsClient::new(http(), &fake.url)
        .region()
        .await
        .unwrap_err();
    assert!(!e.is_not_loaded());
    assert!(e.to_string().contains("token request answered 400"), "{e}");
    assert_eq!(fake.count("GET", "/"), 0);
}

#[tokio::test]
async fn imds_through_the_default_chain_and_the_region_chain() {
    let fake = imds_fake(usize::MAX).await;
    let env = env_from_map([
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", fake.url.as_str()),
        ("AWS_CONFIG_FILE", "/nonexistent/smelt/config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/smelt/credentials",
        ),
    ]);
    let chain = DefaultChain::from_env_fn(env.clone()).with_http_client(http());
    let c = chain.provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "IMDS-T1");
    let region = RegionChain::from_env_fn(env.clone()).with_http_client(http());
    assert_eq!(region.region_without_imds(), None);
    assert_eq!(region.region().await.as_deref(), Some("eu-south-2"));
    // The environment comes first.
    let env2 = env_from_map([("AWS_REGION", "us-west-1")]);
    assert_eq!(
        RegionChain::from_env_fn(env2).region().await.as_deref(),
        Some("us-west-1")
    );
}

// ---------------------------------------------------------------------------------------------
// The cache, through a client configuration
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_refresh_for_many_callers_on_clones_of_a_config() {
    let fake = imds_fake(usize::MAX).await;
    let url = fake.url.clone();
    let config = Config::builder()
        .region("us-east-1")
        .build_with_env(&move |name| match name {
            "AWS_EC2_METADATA_SERVICE_ENDPOINT" => Some(url.clone()),
            "AWS_CONFIG_FILE" => Some("/nonexistent/smelt/config".into()),
            "AWS_SHARED_CREDENTIALS_FILE" => Some("/nonexistent/smelt/credentials".into()),
            _ => None,
        });
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let config = config.clone();
            tokio::spawn(async move {
                config
                    .credentials_provider()
                    .provide_credentials()
                    .await
                    .map(|c| c.access_key_id().to_string())
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), "IMDS-T1");
    }
    assert_eq!(
        fake.count("GET", "/latest/meta-data/iam/security-credentials/web-role"),
        1
    );
    assert_eq!(fake.count("PUT", "/"), 1);
}

// ---------------------------------------------------------------------------------------------
// Container endpoint
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn container_full_uri_with_authorization_token_file() {
    let fake = Fake::start(|r| match r.header("authorization") {
        Some("Bearer pod-token") if r.path == "/v1/credentials" => ok(creds_json("ECS1", LATER)),
        _ => (403, vec![], "wrong token".into()),
    })
    .await;
    let dir = TempDir::new();
    let token = dir.write("token", "Bearer pod-token\n");
    let uri = format!("{}/v1/credentials", fake.url);
    let env = env_from_map([
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.clone()),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            token.to_str().unwrap().to_string(),
        ),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored".to_string()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ("HOME", dir.s()),
    ]);
    let chain = DefaultChain::from_env_fn(env).with_http_client(http());
    let c = chain.provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "ECS1");
    assert_eq!(c.session_token(), Some("token-ECS1"));

    // The token from the variable; a wrong one is an error that names the source.
    let env = env_from_map([
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer other"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    let e = DefaultChain::from_env_fn(env.clone())
        .with_http_client(http())
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(
        text.starts_with("container endpoint failed: GET http://127.0.0.1:"),
        "{text}"
    );
    assert!(text.contains("answered 403: wrong token"), "{text}");
    let direct = ContainerProvider::new(
        env_from_map([
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.as_str()),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer pod-token"),
        ]),
        http(),
    );
    assert_eq!(direct.load().await.unwrap().access_key_id(), "ECS1");
}

fn error_chain(e: &CredentialsError) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[tokio::test]
async fn nothing_anywhere_lists_every_source() {
    let fake = Fake::start(|_| (404, vec![], String::new())).await;
    let env = env_from_map([
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", fake.url.as_str()),
        ("AWS_CONFIG_FILE", "/nonexistent/smelt/config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/smelt/credentials",
        ),
    ]);
    let e = DefaultChain::from_env_fn(env)
        .with_http_client(http())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.is_not_loaded());
    let text = e.to_string();
    for source in [
        "no credentials found: environment:",
        "; profile `default`:",
        "; web identity:",
        "; container endpoint:",
        "; instance metadata: GET /latest/meta-data/iam/security-credentials/: not found (404)",
    ] {
        assert!(text.contains(source), "{source} in {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// STS: web identity and roles
// ---------------------------------------------------------------------------------------------

/// An STS fake: answers `AssumeRole` and `AssumeRoleWithWebIdentity` with an access key naming
/// the role (`ASIA-<last part of the ARN>`), and records the signing key of each request.
async fn sts_fake() -> Fake {
    Fake::start(|r| {
        let action = r.form("Action").unwrap_or_default();
        let role = r.form("RoleArn").unwrap_or_default();
        let name = role.rsplit('/').next().unwrap_or_default().to_string();
        match action.as_str() {
            "AssumeRoleWithWebIdentity" if r.form("WebIdentityToken").as_deref() != Some("jwt-1") => (
                400,
                vec![],
                "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad token</Message></Error></ErrorResponse>".into(),
            ),
            "AssumeRoleWithWebIdentity" | "AssumeRole" => ok(format!(
                "<{action}Response><{action}Result><Credentials>\
                 <AccessKeyId>ASIA-{name}</AccessKeyId><SecretAccessKey>s-{name}</SecretAccessKey>\
                 <SessionToken>t-{name}</SessionToken><Expiration>{LATER}</Expiration>\
                 </Credentials></{action}Result></{action}Response>"
            )),
            _ => (400, vec![], "<Error><Code>Unknown</Code></Error>".into()),
        }
    })
    .await
}

fn signing_key(r: &Req) -> Option<String> {
    let auth = r.header("authorization")?;
    let rest = auth.split("Credential=").nth(1)?;
    Some(rest.split('/').next()?.to_string())
}

#[tokio::test]
async fn web_identity_from_the_environment_through_a_client_config() {
    let sts = sts_fake().await;
    let dir = TempDir::new();
    let token = dir.write("jwt", "jwt-1\n");
    let vars: HashMap<&str, String> = [
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
        ("HOME", dir.s()),
    ]
    .into_iter()
    .collect();
    let config = Config::builder()
        .region("eu-west-1")
        .build_with_env(&move |n| vars.get(n).cloned());
    let c = config
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA-pod");
    assert_eq!(c.session_token(), Some("t-pod"));
    let r = &sts.requests()[0];
    assert_eq!(r.form("RoleSessionName").as_deref(), Some("my-session"));
    assert_eq!(r.form("Version").as_deref(), Some("2011-06-15"));
    assert!(
        r.header("authorization").is_none(),
        "web identity is unsigned"
    );

    // A rejected token: the error names the source and STS's reason.
    std::fs::write(&token, "expired").unwrap();
    let vars: HashMap<&str, String> = [
        (
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            token.to_str().unwrap().to_string(),
        ),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/pod".to_string()),
        ("AWS_ENDPOINT_URL_STS", sts.url.clone()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ("HOME", dir.s()),
    ]
    .into_iter()
    .collect();
    let config = Config::builder().build_with_env(&move |n| vars.get(n).cloned());
    let e = config
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(
        text.contains("web identity failed: STS AssumeRoleWithWebIdentity: HTTP 400 InvalidIdentityToken: bad token"),
        "{text}"
    );
}

fn profile_env(dir: &TempDir, profile: &str, sts: &Fake) -> smelt_runtime::credentials::EnvLookup {
    env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", profile.to_string()),
        ("AWS_ENDPOINT_URL_STS", sts.url.clone()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
    ])
}

fn config_with(env: smelt_runtime::credentials::EnvLookup) -> Config {
    Config::builder()
        .region("us-east-2")
        .build_with_env(&move |n| env(n))
}

#[tokio::test]
async fn role_chains_through_source_profiles() {
    let sts = sts_fake().await;
    let dir = TempDir::new();
    dir.write(
        ".aws/config",
        "[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = middle\n\
         role_session_name = top-session\nexternal_id = ext-1\nduration_seconds = 1800\n\
         [profile middle]\nrole_arn = arn:aws:iam::1:role/middle\nsource_profile = base\n\
         [profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n\
         [profile loop-a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = loop-b\n\
         [profile loop-b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = loop-a\n\
         [profile mfa]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n\
         [profile from-env]\nrole_arn = arn:aws:iam::1:role/env\ncredential_source = Environment\n\
         [profile bad-source]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Mars\n",
    );
    dir.write(
        ".aws/credentials",
        "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n\
         [self]\naws_access_key_id = SELFKEY\naws_secret_access_key = SELFSECRET\n",
    );

    let c = config_with(profile_env(&dir, "top", &sts))
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA-top");
    let reqs = sts.requests();
    assert_eq!(reqs.len(), 2);
    // Innermost first, each signed with the credentials of the step before.
    assert_eq!(
        reqs[0].form("RoleArn").as_deref(),
        Some("arn:aws:iam::1:role/middle")
    );
    assert_eq!(signing_key(&reqs[0]).as_deref(), Some("BASEKEY"));
    assert_eq!(
        reqs[1].form("RoleArn").as_deref(),
        Some("arn:aws:iam::1:role/top")
    );
    assert_eq!(signing_key(&reqs[1]).as_deref(), Some("ASIA-middle"));
    assert_eq!(
        reqs[1].form("RoleSessionName").as_deref(),
        Some("top-session")
    );
    assert_eq!(reqs[1].form("ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(reqs[1].form("DurationSeconds").as_deref(), Some("1800"));
    assert!(reqs[1]
        .header("authorization")
        .unwrap()
        .contains("/us-east-2/sts/aws4_request"));

    let c = config_with(profile_env(&dir, "self", &sts))
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA-self");
    assert_eq!(
        signing_key(sts.requests().last().unwrap()).as_deref(),
        Some("SELFKEY")
    );

    let err = |profile: &str| {
        let env = profile_env(&dir, profile, &sts);
        async move {
            let e = config_with(env)
                .credentials_provider()
                .provide_credentials()
                .await
                .unwrap_err();
            error_chain(&e)
        }
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
    // credential_source = Environment with no keys in the environment.
    let text = err("from-env").await;
    assert!(text.contains("AWS_ACCESS_KEY_ID"), "{text}");

    // With keys in the environment, the chain's environment step wins before the profile; the
    // profile alone uses them as the role's source.
    let env = env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", "from-env".to_string()),
        ("AWS_ACCESS_KEY_ID", "ENVKEY".to_string()),
        ("AWS_SECRET_ACCESS_KEY", "ENVSECRET".to_string()),
    ]);
    let sts_client = smelt_runtime::auth::sts::HttpSts::new(
        http(),
        &env_from_map([("AWS_ENDPOINT_URL_STS", sts.url.as_str())]),
        Some("us-east-2"),
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

// ---------------------------------------------------------------------------------------------
// SSO
// ---------------------------------------------------------------------------------------------

/// The SSO portal and SSO OIDC in one fake: `/token` refreshes `refresh-1` into `fresh-token`,
/// `/federation/credentials` wants a known bearer token.
async fn sso_fake() -> Fake {
    Fake::start(|r| match (r.method.as_str(), r.path.split('?').next().unwrap_or_default()) {
        ("POST", "/token") => {
            if r.body.contains(r#""refreshToken":"refresh-1""#)
                && r.body.contains(r#""grantType":"refresh_token""#)
                && r.body.contains(r#""clientId":"cid""#)
            {
                ok(r#"{"accessToken":"fresh-token","expiresIn":3600,"refreshToken":"refresh-2","tokenType":"Bearer"}"#)
            } else {
                (400, vec![], r#"{"error":"invalid_grant"}"#.into())
            }
        }
        ("GET", "/federation/credentials") => {
            let token = r.header("x-amz-sso_bearer_token").unwrap_or_default();
            if !(token == "cached-token" || token == "fresh-token") {
                return (401, vec![], r#"{"message":"Session token not found or invalid"}"#.into());
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

const SSO_CONFIG: &str = "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n\
    sso_role_name = Dev\nregion = eu-west-1\n\
    [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
    [profile legacy]\nsso_start_url = https://old.awsapps.com/start\nsso_region = eu-west-1\n\
    sso_account_id = 111122223333\nsso_role_name = Dev\n";

fn sso_env(dir: &TempDir, profile: &str, fake: &Fake) -> smelt_runtime::credentials::EnvLookup {
    env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", profile.to_string()),
        ("AWS_ENDPOINT_URL_SSO", fake.url.clone()),
        ("AWS_ENDPOINT_URL_SSO_OIDC", fake.url.clone()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
    ])
}

/// `~/.aws/sso/cache/<hex SHA-1 of the key>.json`: the key is the session name (`corp`), or the
/// start URL for a legacy profile (values from `sha1sum`).
const CORP_CACHE: &str = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
const LEGACY_CACHE: &str = ".aws/sso/cache/33d5ca4bf3b1a62edb96b47f7c203034a43ac435.json";

#[tokio::test]
async fn sso_session_with_a_valid_cached_token() {
    let fake = sso_fake().await;
    let dir = TempDir::new();
    dir.write(".aws/config", SSO_CONFIG);
    dir.write(
        CORP_CACHE,
        r#"{"accessToken":"cached-token","expiresAt":"2099-01-01T00:00:00Z","region":"eu-west-1","startUrl":"https://corp.awsapps.com/start"}"#,
    );
    let c = config_with(sso_env(&dir, "dev", &fake))
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "SSO-cached-token");
    assert_eq!(fake.count("POST", "/token"), 0);
    assert!(c.expiry().is_some());
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
    let c = config_with(sso_env(&dir, "dev", &fake))
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "SSO-fresh-token");
    assert_eq!(fake.count("POST", "/token"), 1);
    let written = std::fs::read_to_string(cache).unwrap();
    assert!(
        written.contains(r#""accessToken":"fresh-token""#),
        "{written}"
    );
    assert!(
        written.contains(r#""refreshToken":"refresh-2""#),
        "{written}"
    );

    // The legacy form cannot refresh: the error says what to run.
    dir.write(
        LEGACY_CACHE,
        r#"{"accessToken":"old","expiresAt":"2020-01-01T00:00:00Z"}"#,
    );
    let e = config_with(sso_env(&dir, "legacy", &fake))
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = error_chain(&e);
    assert!(text.contains("legacy SSO profile cannot refresh"), "{text}");
    assert!(text.contains("aws sso login"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// credential_process and profile settings
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[tokio::test]
async fn credential_process_profile() {
    let dir = TempDir::new();
    let script = dir.write(
        "creds.sh",
        "#!/bin/sh\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": \"PROC\", \"SecretAccessKey\": \"S\", \"SessionToken\": \"T\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
    );
    dir.write(
        ".aws/config",
        &format!(
            "[profile proc]\ncredential_process = sh \"{}\"\n[profile broken]\ncredential_process = sh -c 'exit 7'\n",
            script.display()
        ),
    );
    let env = env_from_map([
        ("HOME", dir.s()),
        ("AWS_PROFILE", "proc".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
    ]);
    let c = config_with(env)
        .credentials_provider()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!((c.access_key_id(), c.session_token()), ("PROC", Some("T")));
    let env = env_from_map([("HOME", dir.s()), ("AWS_PROFILE", "broken".into())]);
    let e = ProfileProvider::from_env_fn(env)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("credential_process exited with"),
        "{e}"
    );
}

#[test]
fn profile_settings_are_parsed_and_exposed() {
    let dir = TempDir::new();
    dir.write(
        ".aws/config",
        "[profile app]\nregion = ca-central-1\nendpoint_url = http://127.0.0.1:4566\n\
         services = local\nretry_mode = adaptive\nmax_attempts = 7\nuse_fips_endpoint = true\n\
         use_dualstack_endpoint = false\n\
         [services local]\ndynamodb =\n  endpoint_url = http://127.0.0.1:8000\n\
         secrets_manager =\n  endpoint_url = http://127.0.0.1:9000\n\
         [profile wrong]\nmax_attempts = many\n",
    );
    let p = |name: &str| {
        ProfileProvider::from_env_fn(env_from_map([("HOME", dir.s())])).with_profile(name)
    };
    let s = p("app").settings().unwrap();
    assert_eq!(s.profile, "app");
    assert_eq!(s.region.as_deref(), Some("ca-central-1"));
    assert_eq!(s.retry_mode.as_deref(), Some("adaptive"));
    assert_eq!(s.max_attempts, Some(7));
    assert_eq!(s.use_fips_endpoint, Some(true));
    assert_eq!(s.use_dualstack_endpoint, Some(false));
    assert_eq!(
        s.endpoint_url_for("DynamoDB"),
        Some("http://127.0.0.1:8000")
    );
    assert_eq!(
        s.endpoint_url_for("Secrets Manager"),
        Some("http://127.0.0.1:9000")
    );
    assert_eq!(s.endpoint_url_for("S3"), Some("http://127.0.0.1:4566"));
    let e = p("wrong").settings().unwrap_err();
    assert!(
        e.to_string()
            .contains("max_attempts must be a positive integer"),
        "{e}"
    );
    assert_eq!(p("absent").settings().unwrap().region, None);
}

#[test]
fn debug_output_has_no_secrets() {
    let c = smelt_runtime::credentials::Credentials::new(
        "AKID",
        "TOPSECRET",
        Some("SESSIONTOKEN".into()),
        None,
        "t",
    );
    let cache = smelt_runtime::credentials::LazyCache::new(c.clone());
    let text = format!(
        "{c:?} {cache:?} {:?}",
        DefaultChain::from_env_fn(env_from_map([("AWS_SECRET_ACCESS_KEY", "TOPSECRET")]))
    );
    assert!(
        !text.contains("TOPSECRET") && !text.contains("SESSIONTOKEN"),
        "{text}"
    );
}
