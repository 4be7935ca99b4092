//! Every focused test model's crate compiles with warnings denied, and passes clippy and
//! rustdoc without warnings. (The crates under `generated/` are workspace members, checked by
//! the workspace's own clippy run.)
//!
//! A model `models/NAME.json` may come with behaviour tests, `models/NAME.rs`: they are copied
//! into the generated crate as `tests/behaviour.rs` and run against it. A model with
//! `smithy.rules#endpointTests` gets them generated (`tests/endpoint_tests.rs`), and they run too.

mod common;

use std::process::Command;

#[test]
fn test_model_crates_pass_clippy_and_rustdoc() {
    let work = common::root().join("target/smelt-test-models");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut members = Vec::new();
    let mut behaviour = Vec::new();
    // `SMELT_TEST_MODELS=a,b` limits the run to those models (while working on one).
    let only = std::env::var("SMELT_TEST_MODELS").ok();
    let selected = |name: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|m| m == name))
    };
    for model in common::test_models() {
        let name = model
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        if !selected(&name) {
            continue;
        }
        let generated = common::generate_buildable(&model);
        let dir = crates.join(&name);
        smelt_codegen::write::write_crate(&dir, &generated.files, false).expect("write crate");
        let tests = model.with_extension("rs");
        if tests.exists() {
            std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
            std::fs::copy(&tests, dir.join("tests/behaviour.rs")).expect("copy tests");
            // What the tests use beyond the crate's own dependencies.
            let manifest = dir.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).expect("read manifest");
            // The loopback servers of the behaviour tests need sockets, and check event-stream
            // signatures with their own HMAC-SHA256 (crates already in the lock).
            let text = text
                .replacen(
                    "[dev-dependencies]\n",
                    "[dev-dependencies]\nbytes = \"1\"\nfutures-core = \"0.3\"\n\
                     hmac = \"0.13\"\nsha2 = \"0.11\"\n",
                    1,
                )
                .replacen(
                    "features = [\"macros\", \"rt\"]",
                    "features = [\"macros\", \"rt\", \"net\", \"io-util\"]",
                    1,
                );
            assert!(
                text.contains("futures-core"),
                "no [dev-dependencies] in {text}"
            );
            std::fs::write(&manifest, text).expect("write manifest");
            behaviour.push(generated.package.clone());
        }
        if generated.test_lines() > 0 && !behaviour.contains(&generated.package) {
            behaviour.push(generated.package.clone());
        }
        members.push(format!("\"crates/{name}\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    smelt_codegen::workspace::write_scratch_workspace(&common::root(), &work, &manifest)
        .unwrap_or_else(|e| panic!("{e}"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let run = |args: &[&str], rustdocflags: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.args(args)
            .current_dir(&work)
            .env("CARGO_TARGET_DIR", work.join("target"))
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("CARGO_MAKEFLAGS");
        if rustdocflags {
            cmd.env("RUSTDOCFLAGS", "-D warnings");
        }
        let out = cmd.output().expect("cargo runs");
        assert!(
            out.status.success(),
            "`cargo {}` failed:\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(
        &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"],
        false,
    );
    run(&["doc", "--no-deps", "--quiet"], true);
    assert!(!behaviour.is_empty(), "no model has behaviour tests");
    for package in &behaviour {
        run(&["test", "--quiet", "--tests", "-p", package], false);
    }
    // The scratch workspace built from the versions this repository pins, not the day's newest.
    smelt_codegen::workspace::check_scratch_lock(&common::root(), &work)
        .unwrap_or_else(|e| panic!("{e}"));
}
