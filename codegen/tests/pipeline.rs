//! End-to-end properties of the generator: freshness of `generated/`, determinism, located
//! errors for broken models, and every shared AWS model generating without a panic.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

#[test]
fn generated_crates_are_fresh() {
    let stale = smelt_codegen::workspace::regenerate(&common::root(), true).expect("models load");
    assert!(
        stale.is_empty(),
        "generated/ is out of date; run `cargo xtask codegen`. Stale files: {stale:#?}"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let mut models = common::test_models();
    models.extend(smelt_codegen::workspace::models(&common::root()).expect("model/ exists"));
    for model in models {
        let first = common::generate(&model);
        for _ in 0..3 {
            let again = common::generate(&model);
            assert_eq!(
                first.files,
                again.files,
                "{} is not deterministic",
                model.display()
            );
        }
    }
}

#[test]
fn broken_models_give_one_located_error() {
    let dir = common::root().join("codegen/tests/broken");
    let models = common::json_files(&dir);
    assert!(
        models.len() >= 20,
        "expected at least 20 broken models, found {}",
        models.len()
    );
    for model in models {
        let expect_path = model.with_extension("expect");
        let expect = std::fs::read_to_string(&expect_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
        let result = catch_unwind(AssertUnwindSafe(|| {
            smelt_codegen::generate(&model, &common::options_for(true))
        }));
        let Ok(result) = result else {
            panic!("{} made the generator panic", model.display());
        };
        let err = match result {
            Ok(_) => panic!("{} generated without an error", model.display()),
            Err(e) => e.to_string(),
        };
        for needle in expect.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                err.contains(needle),
                "{}: error `{err}` does not mention `{needle}`",
                model.display()
            );
        }
        assert_eq!(
            err.lines().count(),
            1,
            "{}: expected one error line, got `{err}`",
            model.display()
        );
    }
}

#[test]
fn every_shared_aws_model_generates() {
    let Some(dir) = common::shared_models() else {
        eprintln!("skipped: ../shared/models/aws is not present");
        return;
    };
    let models = common::json_files(&dir);
    assert_eq!(models.len(), 22, "the shared corpus has 22 models");
    for model in models {
        let generated = catch_unwind(AssertUnwindSafe(|| {
            smelt_codegen::generate(&model, &common::options_for(true))
        }))
        .unwrap_or_else(|_| panic!("{} made the generator panic", model.display()))
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            generated.rust_lines() > 500,
            "{}: suspiciously small output",
            model.display()
        );
        let protocol_supported = [
            "restJson1",
            "awsJson1_0",
            "awsJson1_1",
            "awsQuery",
            "ec2Query",
            "restXml",
        ]
        .contains(&generated.protocol.as_str());
        assert_eq!(
            protocol_supported,
            generated.operations > 0,
            "{}",
            model.display()
        );
        // Only S3's rule set has endpoints signed with SigV4a (multi-region access points):
        // only its crate compiles the runtime's ECDSA signer.
        let manifest = generated
            .files
            .iter()
            .find(|(path, _)| path.ends_with("Cargo.toml"))
            .map(|(_, text)| text.as_str())
            .unwrap_or_default();
        let is_s3 = model.file_stem().is_some_and(|s| s == "s3");
        assert_eq!(
            manifest.contains("\"sigv4a\""),
            is_s3,
            "{}: {manifest}",
            model.display()
        );
        // HTTP/2 only where the protocol trait lists `h2` without `http/1.1`: of the shared
        // models, Kinesis's event streams (`SubscribeToShard` is served over HTTP/2 only).
        // S3, Lambda, Bedrock Runtime and CloudWatch Logs have event streams over HTTP/1.1.
        let is_kinesis = model.file_stem().is_some_and(|s| s == "kinesis");
        assert_eq!(
            manifest.contains("\"http2\""),
            is_kinesis,
            "{}: {manifest}",
            model.display()
        );
    }
}

/// An input event stream generates under restJson1 as the HTTP payload; elsewhere the
/// operation is skipped with the reason.
#[test]
fn input_event_streams_generate_under_rest_json_only() {
    let model = common::root().join("codegen/tests/models/event_streams_input.json");
    let text = std::fs::read_to_string(&model).expect("model");
    let dir = std::env::temp_dir().join(format!("smelt-evin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let variant = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write model");
        smelt_codegen::generate(&path, &common::options_for(true)).unwrap_or_else(|e| panic!("{e}"))
    };
    let rest = variant("rest.json", text.clone());
    assert!(rest.unsupported.is_empty(), "{:?}", rest.unsupported);

    let rpc = variant(
        "rpc.json",
        text.replace("aws.protocols#restJson1", "aws.protocols#awsJson1_1"),
    );
    assert_eq!(rpc.unsupported.len(), 1, "{:?}", rpc.unsupported);
    assert!(
        rpc.unsupported[0]
            .1
            .contains("supported under restJson1, not awsJson1_1"),
        "{:?}",
        rpc.unsupported
    );

    let unbound = variant(
        "unbound.json",
        text.replacen(
            "\"smithy.api#httpPayload\": {}",
            "\"smithy.api#documentation\": \"x\"",
            1,
        ),
    );
    assert_eq!(unbound.unsupported.len(), 1, "{:?}", unbound.unsupported);
    assert!(
        unbound.unsupported[0]
            .1
            .contains("`audio` of the input is not an `@httpPayload`"),
        "{:?}",
        unbound.unsupported
    );
    let _ = std::fs::remove_dir_all(&dir);
}
