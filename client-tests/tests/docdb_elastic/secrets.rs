//! Secrets stay secret: a secret access key, a session token, an `@sensitive` member and the
//! `Authorization` header are planted, then everything a user of the client can print is
//! scanned: `Debug` of the configuration, the client, the credentials, inputs, builders and
//! outputs, and `Debug` and `Display` (with every `source()`) of errors of each kind. The
//! runtime and the generated crate do not log (checked on their sources).

use client_tests::fault_server::{Fault, FaultServer};
use client_tests::{base_config, build_hermetic};
use docdb_elastic::types::Auth;
use docdb_elastic::Client;
use smelt_runtime::credentials::Credentials;
use smelt_runtime::retry::RetryConfig;
use std::path::Path;
use std::time::Duration;

const SECRET_KEY: &str = "PLANTEDsecretKEY0123456789abcdefghijklmn";
const SESSION_TOKEN: &str = "PLANTEDsessionTOKEN9876543210";
const PASSWORD: &str = "PLANTEDpassword42";

/// Every planted secret, and a part long enough to be recognised in a truncation.
fn planted() -> Vec<&'static str> {
    vec![
        SECRET_KEY,
        &SECRET_KEY[..20],
        SESSION_TOKEN,
        &SESSION_TOKEN[..18],
        PASSWORD,
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in planted() {
        assert!(
            !text.contains(secret),
            "{what} shows a secret ({secret}): {text}"
        );
    }
    // The signature of a signed request is the Authorization header's secret part.
    assert!(
        !text.contains("Signature="),
        "{what} shows a request signature: {text}"
    );
    assert!(
        !text.to_ascii_lowercase().contains("authorization"),
        "{what} shows the Authorization header: {text}"
    );
}

/// `Display`, `Debug` and every `source()`'s `Display` of an error.
fn everything(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{err}\n{err:?}");
    let mut cur = err.source();
    while let Some(e) = cur {
        out.push_str(&format!("\n{e}\n{e:?}"));
        cur = e.source();
    }
    out
}

fn client_at(url: &str, read_timeout: Duration) -> Client {
    let credentials = Credentials::new(
        "AKIDPLANTED",
        SECRET_KEY,
        Some(SESSION_TOKEN.into()),
        None,
        "planted",
    );
    Client::from_conf(build_hermetic(
        base_config()
            .credentials_provider(credentials)
            .endpoint_url(url)
            .retry_config(RetryConfig::disabled())
            .read_timeout(read_timeout)
            .max_response_size(1024),
    ))
}

fn create(client: &Client) -> docdb_elastic::operation::create_cluster::CreateClusterFluentBuilder {
    client
        .create_cluster()
        .cluster_name("c1")
        .auth_type(Auth::PlainText)
        .admin_user_name("admin")
        .admin_user_password(PASSWORD)
        .shard_capacity(2)
        .shard_count(1)
}

#[tokio::test]
async fn nothing_a_client_prints_shows_a_secret() {
    // One answer per error kind: a service error, an unreadable body, a body over
    // `max_response_size`, a stall (timeout), a reset (I/O).
    let echo = |status: u16| Fault::Respond {
        status,
        headers: vec![("content-type".into(), b"application/json".to_vec())],
        body: br#"{"message":"you sent a request"}"#.to_vec(),
    };
    let server = FaultServer::start(
        vec![
            echo(400),
            Fault::json(200, "not json"),
            Fault::json(200, &"x".repeat(4096)),
            Fault::StallAfterHead,
            Fault::ResetInHead,
        ],
        echo(500),
    )
    .await
    .expect("bind");
    let client = client_at(&server.url(), Duration::from_millis(300));
    assert_clean("Debug of the client", &format!("{client:?}"));
    assert_clean(
        "Debug of the configuration",
        &format!("{:?}", client.config()),
    );
    assert_clean(
        "Debug of the credentials",
        &format!(
            "{:?}",
            Credentials::new(
                "AKIDPLANTED",
                SECRET_KEY,
                Some(SESSION_TOKEN.into()),
                None,
                "planted"
            )
        ),
    );
    let builder = create(&client);
    assert_clean("Debug of a fluent builder", &format!("{builder:?}"));

    let mut kinds = Vec::new();
    for _ in 0..5 {
        let err = create(&client)
            .send()
            .await
            .expect_err("every answer fails");
        kinds.push(match &err {
            docdb_elastic::SdkError::Service(_) => "service",
            docdb_elastic::SdkError::Response(_) => "response",
            docdb_elastic::SdkError::Dispatch(_) => "dispatch",
            docdb_elastic::SdkError::Timeout(_) => "timeout",
            docdb_elastic::SdkError::Construction(_) => "construction",
        });
        assert_clean("an error", &everything(&err));
    }
    assert_eq!(
        kinds,
        ["service", "response", "dispatch", "timeout", "dispatch"]
    );

    // The sent requests did carry the secrets (so the scan above was not vacuous).
    let seen = server.requests();
    let sent: String = seen
        .iter()
        .map(|s| format!("{:?} {}", s.headers, String::from_utf8_lossy(&s.body)))
        .collect();
    assert!(sent.contains(PASSWORD), "the password was sent");
    assert!(sent.contains(SESSION_TOKEN), "the session token was sent");
    assert!(sent.contains("Signature="), "requests were signed");
    drop(client);
    server.shutdown().await;
}

#[tokio::test]
async fn a_construction_error_does_not_quote_a_sensitive_value() {
    let client = client_at("http://127.0.0.1:9", Duration::from_millis(300));
    // Required members missing: the call fails before anything is sent, and the error names
    // the members, not the values set.
    let err = client
        .create_cluster()
        .admin_user_password(PASSWORD)
        .send()
        .await
        .expect_err("required members missing");
    assert!(
        matches!(err, docdb_elastic::SdkError::Construction(_)),
        "{err:?}"
    );
    let text = everything(&err);
    assert!(
        text.contains("cluster_name") || text.contains("clusterName"),
        "{text}"
    );
    assert_clean("a construction error", &text);
}

#[test]
fn outputs_with_sensitive_members_are_redacted() {
    let input = docdb_elastic::operation::create_cluster::CreateClusterInput::builder()
        .cluster_name("c1")
        .admin_user_password(PASSWORD)
        .build();
    assert_clean(
        "Debug of an input (or its build error)",
        &format!("{input:?}"),
    );
}

/// The runtime and the generated crate never log or print: no `print!`, `eprint!`, `dbg!`,
/// `log` or `tracing` outside tests. A secret cannot reach a log that is never written.
#[test]
fn the_client_code_does_not_log() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["runtime/src", "generated/docdb-elastic/src"] {
        collect(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "sources found: {}", files.len());
    let forbidden = [
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "dbg!(",
        "log::",
        "tracing::",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source");
        // Unit tests sit at the end of a file, after `#[cfg(test)]`; files named tests.rs are tests.
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            for f in forbidden {
                assert!(
                    !line.contains(f),
                    "{}:{}: `{f}`: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
