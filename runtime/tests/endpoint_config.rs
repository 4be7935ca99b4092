//! Endpoint parameters bound from the configuration, the environment and the shared config
//! profile, as AWS SDKs bind them: configured endpoint URLs (builder, `AWS_ENDPOINT_URL_<SERVICE>`,
//! `AWS_ENDPOINT_URL`, the profile's `services` section and `endpoint_url`, and
//! `ignore_configured_endpoint_urls`), FIPS and dual-stack flags, the account-id endpoint mode,
//! and `AWS::Auth::AccountId` from the credentials. Each goes through a client `Handle` and a
//! small rule set written here that echoes the parameters into the URL.

use smelt_runtime::client::{Handle, Protocol, ServiceInfo};
use smelt_runtime::config::Config;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::http::{ByteStream, TestClient};

/// Echoes every parameter: `https://{mode}.{account}.{fips}.{dual}.example.com`, or the
/// configured endpoint with `/custom` appended.
const RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Region": {"type": "String", "builtIn": "AWS::Region"},
    "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
    "UseDualStack": {"type": "Boolean", "builtIn": "AWS::UseDualStack", "required": true, "default": false},
    "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint"},
    "AccountId": {"type": "String", "builtIn": "AWS::Auth::AccountId"},
    "Mode": {"type": "String", "builtIn": "AWS::Auth::AccountIdEndpointMode", "required": true, "default": "preferred"}
  },
  "rules": [
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
     "type": "endpoint", "endpoint": {"url": "{Endpoint}/custom"}},
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "AccountId"}]},
                    {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
     "type": "endpoint", "endpoint": {"url": "https://{Mode}.{AccountId}.fips.example.com"}},
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "AccountId"}]}],
     "type": "endpoint", "endpoint": {"url": "https://{Mode}.{AccountId}.example.com"}},
    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]},
                    {"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
     "type": "endpoint", "endpoint": {"url": "https://{Mode}.fips.dual.example.com"}},
    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
     "type": "endpoint", "endpoint": {"url": "https://{Mode}.fips.example.com"}},
    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseDualStack"}, true]}],
     "type": "endpoint", "endpoint": {"url": "https://{Mode}.dual.example.com"}},
    {"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{Mode}.example.com"}}
  ]
}"#;

static SERVICE: ServiceInfo = ServiceInfo {
    signing_name: "widgets",
    endpoint_prefix: "widgets",
    protocol: Protocol::RestJson1,
    api_version: "2020-01-01",
    sdk_id: "Secrets Manager",
    query_compatible: false,
    endpoint_rules: Some(RULES),
};

fn url_with(config: Config) -> String {
    Handle::new(config, &SERVICE)
        .endpoint_for(None)
        .map(|e| e.url)
        .unwrap_or_else(|e| e)
}

fn url(vars: &[(&str, &str)]) -> String {
    url_with(Config::builder().region("us-east-1").build_with_vars(vars))
}

/// A config file in a fresh folder; the variables that point at it.
struct Profile {
    dir: std::path::PathBuf,
}

impl Profile {
    fn new(config: &str) -> Profile {
        let dir = std::env::temp_dir().join(format!(
            "smelt-endpoint-config-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config"), config).unwrap();
        std::fs::write(dir.join("credentials"), "").unwrap();
        Profile { dir }
    }

    fn file(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn configured_endpoint_urls_in_sdk_order() {
    let service = ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://service-env");
    let global = ("AWS_ENDPOINT_URL", "http://global-env");
    let other = ("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb-env");
    assert_eq!(url(&[]), "https://preferred.example.com");
    assert_eq!(url(&[other]), "https://preferred.example.com");
    assert_eq!(url(&[global, other]), "http://global-env/custom");
    assert_eq!(url(&[global, service, other]), "http://service-env/custom");
    // The builder's endpoint wins over every variable.
    let c = Config::builder()
        .region("us-east-1")
        .endpoint_url("http://builder")
        .build_with_vars(&[global, service]);
    assert_eq!(url_with(c), "http://builder/custom");
    // Ignoring configured endpoints leaves only the builder's.
    let ignore = ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    assert_eq!(
        url(&[global, service, ignore]),
        "https://preferred.example.com"
    );
    let c = Config::builder()
        .region("us-east-1")
        .endpoint_url("http://builder")
        .build_with_vars(&[service, ignore]);
    assert_eq!(url_with(c), "http://builder/custom");
    // `build_with_env` cannot list variables and does not keep its lookup: only the global
    // one is read.
    let c = Config::builder()
        .region("us-east-1")
        .build_with_env(&|name| (name == service.0).then(|| service.1.to_owned()));
    assert_eq!(url_with(c), "https://preferred.example.com");
}

/// `build_with_lookup` keeps its lookup: the client asks it for its own service's variable
/// (by its SDK id, `Secrets Manager` → `AWS_ENDPOINT_URL_SECRETS_MANAGER`), in SDK order.
#[test]
fn a_kept_lookup_finds_the_service_variable() {
    use smelt_runtime::credentials::env_from_map;
    let build = |vars: &[(&str, &str)]| {
        let owned: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::builder()
            .region("us-east-1")
            .build_with_lookup(env_from_map(owned))
    };
    let service = ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://service-env");
    let global = ("AWS_ENDPOINT_URL", "http://global-env");
    let other = ("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb-env");
    assert_eq!(url_with(build(&[service])), "http://service-env/custom");
    assert_eq!(
        url_with(build(&[global, service, other])),
        "http://service-env/custom"
    );
    assert_eq!(
        url_with(build(&[global, other])),
        "http://global-env/custom"
    );
    assert_eq!(url_with(build(&[other])), "https://preferred.example.com");
    // An empty value counts as unset.
    assert_eq!(
        url_with(build(&[global, ("AWS_ENDPOINT_URL_SECRETS_MANAGER", " ")])),
        "http://global-env/custom"
    );
    // Ignoring configured endpoints ignores the kept lookup too.
    let ignore = ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    assert_eq!(
        url_with(build(&[service, ignore])),
        "https://preferred.example.com"
    );
    // The builder's endpoint still wins.
    let c = Config::builder()
        .region("us-east-1")
        .endpoint_url("http://builder")
        .build_with_lookup(env_from_map([(service.0, service.1)]));
    assert_eq!(url_with(c), "http://builder/custom");
}

#[test]
fn profile_endpoint_urls_after_the_environment() {
    let profile = Profile::new(
        "[profile dev]\nendpoint_url = http://profile-global\nservices = local\n\
         [services local]\nsecrets_manager =\n  endpoint_url = http://profile-service\n\
         dynamodb =\n  endpoint_url = http://profile-dynamodb\n\
         [profile plain]\nendpoint_url = http://profile-global\n\
         [profile ignoring]\nendpoint_url = http://profile-global\nignore_configured_endpoint_urls = true\n",
    );
    let conf = profile.file("config");
    let creds = profile.file("credentials");
    let with = |name: &str, more: &[(&str, &str)]| {
        let mut vars = vec![
            ("AWS_PROFILE", name),
            ("AWS_CONFIG_FILE", conf.as_str()),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.as_str()),
        ];
        vars.extend_from_slice(more);
        url(&vars)
    };
    assert_eq!(with("dev", &[]), "http://profile-service/custom");
    assert_eq!(with("plain", &[]), "http://profile-global/custom");
    assert_eq!(
        with("dev", &[("AWS_ENDPOINT_URL", "http://global-env")]),
        "http://global-env/custom"
    );
    assert_eq!(with("ignoring", &[]), "https://preferred.example.com");
    assert_eq!(
        with(
            "ignoring",
            &[("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://service-env")]
        ),
        "https://preferred.example.com"
    );
    // The variable wins over the profile's setting, either way.
    assert_eq!(
        with(
            "ignoring",
            &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")]
        ),
        "http://profile-global/custom"
    );
}

#[test]
fn fips_dual_stack_and_account_mode_from_environment_and_profile() {
    let profile = Profile::new(
        "[profile flags]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n\
         account_id_endpoint_mode = disabled\n",
    );
    let conf = profile.file("config");
    let creds = profile.file("credentials");
    let files = [
        ("AWS_PROFILE", "flags"),
        ("AWS_CONFIG_FILE", conf.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", creds.as_str()),
    ];
    assert_eq!(url(&files), "https://disabled.fips.dual.example.com");
    let mut vars = files.to_vec();
    vars.push(("AWS_USE_FIPS_ENDPOINT", "false"));
    vars.push(("AWS_ACCOUNT_ID_ENDPOINT_MODE", "required"));
    assert_eq!(url(&vars), "https://required.dual.example.com");
    assert_eq!(
        url(&[("AWS_USE_DUALSTACK_ENDPOINT", "true")]),
        "https://preferred.dual.example.com"
    );
    // The builder wins over both.
    let c = Config::builder()
        .region("us-east-1")
        .use_fips(false)
        .use_dual_stack(false)
        .endpoint_built_in("AWS::Auth::AccountIdEndpointMode", "preferred")
        .build_with_vars(&files);
    assert_eq!(url_with(c), "https://preferred.example.com");
}

#[tokio::test]
async fn account_id_from_the_credentials() {
    let http = TestClient::always(200, "{}");
    let credentials = Credentials::builder()
        .access_key_id("AKID")
        .secret_access_key("secret")
        .account_id("123456789012")
        .provider_name("test")
        .build();
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(credentials)
        .http_client(http.clone())
        .build_with_vars(&[]);
    let handle = Handle::new(config.clone(), &SERVICE);
    handle.send(&OP, request()).await.unwrap();
    assert_eq!(
        http.requests()[0].uri().to_string(),
        "https://preferred.123456789012.example.com/things"
    );
    // A configured account id wins over the credentials'.
    let configured = config
        .to_builder()
        .endpoint_built_in("AWS::Auth::AccountId", "999999999999")
        .build_with_vars(&[]);
    Handle::new(configured, &SERVICE)
        .send(&OP, request())
        .await
        .unwrap();
    assert_eq!(
        http.requests()[1].uri().to_string(),
        "https://preferred.999999999999.example.com/things"
    );
    // Credentials without an account id leave it unset.
    let plain = config
        .to_builder()
        .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
        .build_with_vars(&[]);
    Handle::new(plain, &SERVICE)
        .send(&OP, request())
        .await
        .unwrap();
    assert_eq!(
        http.requests()[2].uri().to_string(),
        "https://preferred.example.com/things"
    );
}

static OP: smelt_runtime::client::OperationInfo = smelt_runtime::client::OperationInfo {
    name: "ListThings",
    retryable_errors: &[],
};

fn request() -> smelt_runtime::http::HttpRequest {
    http::Request::builder()
        .method("GET")
        .uri("/things")
        .body(ByteStream::new())
        .unwrap()
}
