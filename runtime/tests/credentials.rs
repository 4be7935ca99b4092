//! The credential and region chains against loopback fakes written here: instance metadata
//! (IMDSv2 tokens, TTL, 401 refresh, IMDSv1 fallback), the container endpoint with its
//! authorization header; plus the cache under many concurrent callers. Sources that call STS or
//! SSO are tested with the generated clients in `config/tests/`. Nothing but 127.0.0.1 is contacted:
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
    #[allow(dead_code)] // shown by `Debug` when an assertion on the log fails
    body: String,
}

impl Req {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
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

fn config_with(env: smelt_runtime::credentials::EnvLookup) -> Config {
    Config::builder()
        .region("us-east-2")
        .build_with_env(&move |n| env(n))
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
