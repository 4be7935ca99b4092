//! smelt in a user's own project, the way the README's "Use it in your own project" section
//! tells it: a scratch workspace outside this one (`target/smelt-user-project/`) with its own
//! `Cargo.toml`, its own `xtask` depending on `smelt-codegen` by path, its own model
//! (`user-project/model-v1/`) and an application. The xtask generates the client, the
//! application calls a loopback server through it; then the second version of the model
//! (one operation added, one member's type changed) makes the check fail, regenerates cleanly
//! and the application, updated, calls both operations.
//!
//! Also: a generated crate whose recorded runtime version the runtime does not support fails to
//! compile, with the message saying what to do.
//!
//! The generated crate depends on `smelt-rt` by a version requirement, as a user's would;
//! the scratch workspace's `[patch.crates-io]` points that requirement at this checkout's
//! runtime, so the test needs no registry and checks the runtime of this commit. Builds run
//! `--offline` with the workspace's `Cargo.lock`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

fn example() -> PathBuf {
    common::root().join("codegen/tests/user-project")
}

fn copy(from: &Path, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::copy(from, to)
        .unwrap_or_else(|e| panic!("{} -> {}: {e}", from.display(), to.display()));
}

/// Runs cargo in `dir` with a target dir shared by the tests of this file, credentials and a
/// region in the environment, and nothing else of the developer's AWS setup.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            common::root().join("target/smelt-user-project/target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_MAKEFLAGS")
        .env("AWS_ACCESS_KEY_ID", "AKID")
        .env("AWS_SECRET_ACCESS_KEY", "SECRET")
        .env("AWS_REGION", "us-east-1")
        .env("HOME", dir)
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-aws-credentials"),
        );
    for var in [
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().expect("cargo runs")
}

fn success(out: Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// A loopback HTTP/1.1 server answering the shop's two operations; records `METHOD path`.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut length = 0usize;
            let mut signed = false;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                signed |= lower.starts_with("authorization: aws4-hmac-sha256 credential=akid/");
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let mut words = request_line.split_whitespace();
            let request = format!(
                "{} {}{}",
                words.next().unwrap_or(""),
                words.next().unwrap_or(""),
                if signed { "" } else { " (unsigned)" }
            );
            let (status, extra, body) = match request.as_str() {
                "GET /items/kettle-1" => ("200 OK", "", r#"{"item":{"name":"kettle","price":12}}"#),
                "DELETE /items/kettle-1" => ("200 OK", "", "{}"),
                _ => (
                    "404 Not Found",
                    "x-amzn-errortype: NoSuchItem\r\n",
                    r#"{"message":"no such item"}"#,
                ),
            };
            log.lock().expect("log").push(request);
            let response = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (url, seen)
}

#[test]
fn a_user_project_generates_its_client_calls_it_and_regenerates_after_a_model_change() {
    let root = common::root();
    let project = root.join("target/smelt-user-project/shop");
    let _ = std::fs::remove_dir_all(&project);
    let example = example();

    // The project: a workspace of its own with an xtask and a model; the client and the
    // application that uses it join the workspace once the xtask has generated the client.
    let manifest = |members: &str| {
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{members}]\n\n\
             # The runtime of this checkout stands in for the published one.\n\
             [patch.crates-io]\nsmelt-rt = {{ path = \"{}\" }}\n",
            root.join("runtime").display()
        )
    };
    smelt_codegen::workspace::write_scratch_workspace(&root, &project, &manifest("\"xtask\""))
        .unwrap_or_else(|e| panic!("{e}"));
    let write = |rel: &str, text: &str| {
        let path = project.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(&path, text).expect("write");
    };
    write(
        "xtask/Cargo.toml",
        &format!(
            "[package]\nname = \"xtask\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nsmelt-codegen = {{ path = \"{}\" }}\n",
            root.join("codegen").display()
        ),
    );
    write(
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nshop-client = { path = \"../shop-client\" }\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    );
    copy(
        &example.join("xtask/main.rs"),
        &project.join("xtask/src/main.rs"),
    );
    copy(
        &example.join("app/main.rs"),
        &project.join("app/src/main.rs"),
    );
    copy(
        &example.join("model-v1/shop.smithy"),
        &project.join("model/shop.smithy"),
    );
    let generated = success(
        cargo(&project, &["run", "--offline", "--quiet", "-p", "xtask"]),
        "generating the client",
    );
    assert!(
        generated.contains("shop-client: 1 operations (GetItem)"),
        "{generated}"
    );
    let client_manifest =
        std::fs::read_to_string(project.join("shop-client/Cargo.toml")).expect("manifest");
    let requirement = format!(
        "smelt-rt = {{ version = \"^{}\"",
        smelt_codegen::RUNTIME_VERSION
    );
    assert!(client_manifest.contains(&requirement), "{client_manifest}");
    success(
        cargo(
            &project,
            &[
                "run",
                "--offline",
                "--quiet",
                "-p",
                "xtask",
                "--",
                "--check",
            ],
        ),
        "the freshness check after generating",
    );
    // Now the client and the application join; the lock goes back to the workspace's (cargo
    // dropped what the xtask alone did not use).
    smelt_codegen::workspace::write_scratch_workspace(
        &root,
        &project,
        &manifest("\"xtask\", \"shop-client\", \"app\""),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let (url, seen) = serve();
    let called = success(
        cargo(
            &project,
            &["run", "--offline", "--quiet", "-p", "app", "--", &url],
        ),
        "the application's call",
    );
    assert_eq!(called, "kettle: 12\n");
    assert_eq!(*seen.lock().expect("log"), ["GET /items/kettle-1"]);
    seen.lock().expect("log").clear();

    // Version 2 of the model: the committed client is stale until regenerated.
    copy(
        &example.join("model-v2/shop.smithy"),
        &project.join("model/shop.smithy"),
    );
    let stale = cargo(
        &project,
        &[
            "run",
            "--offline",
            "--quiet",
            "-p",
            "xtask",
            "--",
            "--check",
        ],
    );
    assert!(
        !stale.status.success(),
        "the check must fail on a changed model"
    );
    assert!(
        String::from_utf8_lossy(&stale.stderr).contains("shop-client is out of date"),
        "{}",
        String::from_utf8_lossy(&stale.stderr)
    );
    let regenerated = success(
        cargo(&project, &["run", "--offline", "--quiet", "-p", "xtask"]),
        "regenerating the client",
    );
    assert!(
        regenerated.contains("shop-client: 2 operations (DeleteItem, GetItem)"),
        "{regenerated}"
    );
    success(
        cargo(
            &project,
            &[
                "run",
                "--offline",
                "--quiet",
                "-p",
                "xtask",
                "--",
                "--check",
            ],
        ),
        "the freshness check after regenerating",
    );
    copy(
        &example.join("app/main-v2.rs"),
        &project.join("app/src/main.rs"),
    );
    let called = success(
        cargo(
            &project,
            &["run", "--offline", "--quiet", "-p", "app", "--", &url],
        ),
        "the application's calls after regenerating",
    );
    assert_eq!(called, "kettle: 12\ndeleted\n");
    assert_eq!(
        *seen.lock().expect("log"),
        ["GET /items/kettle-1", "DELETE /items/kettle-1"]
    );
    smelt_codegen::workspace::check_scratch_lock(&root, &project).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_crate_generated_for_another_runtime_fails_to_compile_saying_what_to_do() {
    let root = common::root();
    let dir = root.join("target/smelt-user-project/mismatch");
    let _ = std::fs::remove_dir_all(&dir);
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"client\"]\n";
    smelt_codegen::workspace::write_scratch_workspace(&root, &dir, manifest)
        .unwrap_or_else(|e| panic!("{e}"));
    smelt_codegen::Builder::new()
        .model(example().join("model-v1"))
        .runtime_path(root.join("runtime"))
        .workspace_member(true)
        .out_dir(dir.join("client"))
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let check = ["check", "--offline", "--quiet", "--no-default-features"];
    // As generated, the crate compiles against this runtime.
    success(cargo(&dir, &check), "checking the crate as generated");

    // Recorded for the next (incompatible) runtime line, it must not.
    let [major, minor, _]: [u64; 3] = smelt_codegen::RUNTIME_VERSION
        .split('.')
        .map(|p| p.parse().expect("a number"))
        .collect::<Vec<_>>()
        .try_into()
        .expect("major.minor.patch");
    let next = if major == 0 {
        format!("0.{}.0", minor + 1)
    } else {
        format!("{}.0.0", major + 1)
    };
    let lib = dir.join("client/src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("lib.rs");
    let recorded = format!("require_runtime!(\"{}\")", smelt_codegen::RUNTIME_VERSION);
    assert!(text.contains(&recorded), "{text}");
    let edited = text.replace(&recorded, &format!("require_runtime!(\"{next}\")"));
    std::fs::write(&lib, edited).expect("write lib.rs");
    let out = cargo(&dir, &check);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a runtime mismatch must not compile");
    assert!(
        stderr.contains("this crate was generated for smelt-rt")
            && stderr.contains("regenerate the crate with the smelt-codegen release"),
        "{stderr}"
    );
}
