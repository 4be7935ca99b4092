//! `smelt_codegen::Builder`: options reach the crate, the operation allow-list cuts the model to
//! what the chosen operations reach, settings files, the freshness check, and clear errors.

mod common;

use smelt_codegen::{Builder, GitReference};
use std::path::{Path, PathBuf};

/// Two operations with errors of their own, one service-wide error, and a shape reached only
/// through each operation.
const MODEL: &str = r#"$version: "2"
namespace example.shop

use aws.protocols#restJson1

@restJson1
service Shop {
    version: "2024-01-01"
    operations: [GetItem, PutItem]
    errors: [ThrottledError]
}

@readonly
@http(method: "GET", uri: "/items/{id}")
operation GetItem {
    input := { @required @httpLabel id: String }
    output := { item: ItemDetails }
    errors: [ItemMissingError]
}

@idempotent
@http(method: "PUT", uri: "/items/{id}")
operation PutItem {
    input := { @required @httpLabel id: String, payload: PutPayload }
    errors: [PutRejectedError]
}

structure ItemDetails { name: String }
structure PutPayload { note: String }

@error("client") structure ItemMissingError { message: String }
@error("client") structure PutRejectedError { message: String }
@error("server") structure ThrottledError { message: String }
"#;

/// A fresh scratch folder under `target/` holding the model; returns (folder, model path).
fn scratch(name: &str) -> (PathBuf, PathBuf) {
    let dir = common::root().join("target/smelt-builder-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let model = dir.join("shop.smithy");
    std::fs::write(&model, MODEL).expect("write model");
    (dir, model)
}

fn all_text(out: &Path) -> String {
    let mut text = String::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                text.push_str(&std::fs::read_to_string(&path).expect("read file"));
            }
        }
    }
    text
}

#[test]
fn the_whole_service_by_default_with_the_default_runtime_requirement() {
    let (dir, model) = scratch("default");
    let out = dir.join("out");
    let summary = Builder::new()
        .model(&model)
        .out_dir(&out)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.operations, ["GetItem", "PutItem"]);
    assert_eq!(summary.package, "shop");
    assert_eq!(summary.protocol, "restJson1");
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    assert!(!summary.changed.is_empty());
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    let requirement = format!(
        "smelt-rt = {{ version = \"^{}\"",
        smelt_codegen::RUNTIME_VERSION
    );
    assert!(manifest.contains(&requirement), "{manifest}");
    assert!(manifest.contains("version = \"0.1.0\""), "{manifest}");
    assert!(
        manifest.contains("\n[workspace]\n"),
        "standalone by default: {manifest}"
    );
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
    let recorded = format!(
        "protocol::version::require_runtime!(\"{}\");",
        smelt_codegen::RUNTIME_VERSION
    );
    assert!(lib.contains(&recorded), "{lib}");
    let lines: usize = all_text(&out.join("src")).lines().count();
    assert_eq!(summary.lines, lines);
}

#[test]
fn the_allow_list_keeps_the_operations_and_what_they_reach_only() {
    let (dir, model) = scratch("allow-list");
    let out = dir.join("out");
    let summary = Builder::new()
        .model(&model)
        .operations(["GetItem"])
        .out_dir(&out)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.operations, ["GetItem"]);
    let text = all_text(&out);
    for kept in [
        "ItemDetails",
        "ItemMissingError",
        "ThrottledError",
        "get_item",
    ] {
        assert!(text.contains(kept), "`{kept}` should be generated");
    }
    for dropped in ["PutPayload", "PutRejectedError", "put_item", "PutItem"] {
        assert!(
            !text.contains(dropped),
            "`{dropped}` should not be generated"
        );
    }
    // An absolute shape ID names the same operation.
    let by_id = Builder::new()
        .model(&model)
        .operations(["example.shop#GetItem"])
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(by_id.operation_names, ["GetItem"]);
}

#[test]
fn an_unknown_or_empty_allow_list_is_an_error_that_lists_the_operations() {
    let (_, model) = scratch("unknown-operation");
    let err = Builder::new()
        .model(&model)
        .operations(["GetItem", "DeleteItem"])
        .render()
        .expect_err("DeleteItem is not an operation of Shop");
    let text = err.to_string();
    assert!(text.contains("DeleteItem"), "{text}");
    assert!(
        text.contains("its operations are: GetItem, PutItem"),
        "{text}"
    );
    assert!(
        !text.contains("DeleteItem, "),
        "only the unknown name is listed as unknown: {text}"
    );
    let empty: [&str; 0] = [];
    let err = Builder::new()
        .model(&model)
        .operations(empty)
        .render()
        .expect_err("an empty list selects nothing");
    assert!(err.to_string().contains("allow-list is empty"), "{err}");
}

#[test]
fn package_and_runtime_options_reach_the_manifest() {
    let (_, model) = scratch("options");
    let manifest = |builder: Builder| {
        let generated = builder
            .model(&model)
            .render()
            .unwrap_or_else(|e| panic!("{e}"));
        generated
            .files
            .iter()
            .find(|(p, _)| p == Path::new("Cargo.toml"))
            .map(|(_, text)| text.clone())
            .expect("a Cargo.toml")
    };
    let text = manifest(
        Builder::new()
            .package_name("shop-client")
            .package_version("2.3.4")
            .runtime_version("=0.1.0")
            .workspace_member(true),
    );
    assert!(text.contains("name = \"shop-client\""), "{text}");
    assert!(text.contains("version = \"2.3.4\""), "{text}");
    assert!(text.contains("smelt-rt = { version = \"=0.1.0\""), "{text}");
    assert!(!text.contains("[workspace]"), "{text}");
    let text = manifest(Builder::new().runtime_path("../vendor/smelt-rt"));
    assert!(
        text.contains("smelt-rt = { path = \"../vendor/smelt-rt\""),
        "{text}"
    );
    let text = manifest(Builder::new().runtime_git(
        "https://example.com/smelt.git",
        Some(GitReference::Tag("v0.1.0".into())),
    ));
    assert!(
        text.contains("smelt-rt = { git = \"https://example.com/smelt.git\", tag = \"v0.1.0\""),
        "{text}"
    );
    let text = manifest(Builder::new().runtime_git("https://example.com/smelt.git", None));
    assert!(
        text.contains("smelt-rt = { git = \"https://example.com/smelt.git\", default-features"),
        "{text}"
    );
}

#[test]
fn check_reports_stale_missing_and_extra_files_and_writes_nothing() {
    let (dir, model) = scratch("check");
    let out = dir.join("out");
    let builder = Builder::new().model(&model).out_dir(&out);
    let missing = builder.check().unwrap_or_else(|e| panic!("{e}"));
    assert!(!missing.is_fresh());
    assert!(!out.exists(), "check must not write");
    builder.generate().unwrap_or_else(|e| panic!("{e}"));
    assert!(builder.check().unwrap_or_else(|e| panic!("{e}")).is_fresh());
    let lib = out.join("src/lib.rs");
    let edited = format!(
        "{}\n// edited\n",
        std::fs::read_to_string(&lib).expect("lib")
    );
    std::fs::write(&lib, &edited).expect("edit");
    let extra = out.join("src/leftover.rs");
    std::fs::write(&extra, "").expect("extra file");
    let stale = builder.check().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stale.changed, [lib.clone(), extra.clone()]);
    assert_eq!(
        std::fs::read_to_string(&lib).expect("lib"),
        edited,
        "check must not write"
    );
    let regenerated = builder.generate().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(regenerated.changed, [lib, extra.clone()]);
    assert!(!extra.exists());
    assert!(builder.check().unwrap_or_else(|e| panic!("{e}")).is_fresh());
}

#[test]
fn settings_files_carry_the_options_and_bad_lines_are_located_errors() {
    let (dir, model) = scratch("settings");
    let settings = dir.join("shop.settings");
    std::fs::write(
        &settings,
        "# two lines of operations add up\noperations = GetItem\n\noperations = PutItem # trailing comment\npackage-version = 0.4.0\n",
    )
    .expect("write settings");
    let generated = Builder::new()
        .model(&model)
        .settings_file(&settings)
        .and_then(|b| b.render())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.operation_names, ["GetItem", "PutItem"]);
    let manifest = &generated
        .files
        .iter()
        .find(|(p, _)| p == Path::new("Cargo.toml"))
        .expect("manifest")
        .1;
    assert!(manifest.contains("version = \"0.4.0\""), "{manifest}");
    for (text, expected) in [
        (
            "operations = GetItem\nflavour = mint\n",
            "line 2: unknown setting `flavour`",
        ),
        ("operations GetItem\n", "line 1: expected `key = value`"),
        ("operations =\n", "line 1: `operations` has no value"),
        (
            "operations = GetItem,,PutItem\n",
            "line 1: an empty operation name",
        ),
    ] {
        std::fs::write(&settings, text).expect("write settings");
        let err = Builder::new()
            .settings_file(&settings)
            .expect_err(text)
            .to_string();
        assert!(err.contains(expected), "{text:?}: {err}");
        assert!(err.contains("shop.settings"), "{err}");
    }
    let err = Builder::new()
        .settings_file(dir.join("absent.settings"))
        .expect_err("no such file")
        .to_string();
    assert!(err.contains("cannot read the settings"), "{err}");
}

#[test]
fn missing_model_or_output_directory_are_errors() {
    let err = Builder::new().render().expect_err("no model").to_string();
    assert!(err.contains("no model given"), "{err}");
    let (_, model) = scratch("no-out");
    let err = Builder::new()
        .model(&model)
        .generate()
        .expect_err("no out dir")
        .to_string();
    assert!(err.contains("no output directory"), "{err}");
    let err = Builder::new()
        .model("does/not/exist.smithy")
        .render()
        .expect_err("no such model")
        .to_string();
    assert!(err.contains("does/not/exist.smithy"), "{err}");
}

#[test]
fn the_generator_writes_code_for_the_runtime_of_this_workspace() {
    let manifest = std::fs::read_to_string(common::root().join("runtime/Cargo.toml"))
        .expect("runtime manifest");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .expect("a version line");
    assert_eq!(
        smelt_codegen::RUNTIME_VERSION,
        version,
        "smelt_codegen::RUNTIME_VERSION must follow runtime/Cargo.toml's version"
    );
}

/// Every focused model and two broken ones, each its own crate.
fn corpus_builders() -> Vec<Builder> {
    let root = common::root().join("codegen/tests");
    let mut models: Vec<PathBuf> = std::fs::read_dir(root.join("models"))
        .expect("models dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    models.sort();
    models.insert(3, root.join("broken/dangling_member_target.json"));
    models.push(root.join("broken/apply_missing_shape.json"));
    models.iter().map(|m| Builder::new().model(m)).collect()
}

#[test]
fn models_rendered_in_parallel_are_byte_identical_and_come_back_in_order() {
    let builders = corpus_builders();
    assert!(builders.len() > 10, "the focused models are there");
    let sequential: Vec<_> = builders.iter().map(Builder::render).collect();
    for threads in [2, 5] {
        let mut seen = Vec::new();
        Builder::render_each(&builders, threads, |index, generated| {
            match (&sequential[index], &generated) {
                (Ok(want), Ok(got)) => {
                    assert_eq!(want.files, got.files, "model {index}, {threads} threads")
                }
                (Err(want), Err(got)) => assert_eq!(want.to_string(), got.to_string()),
                _ => panic!("model {index}: the parallel run disagrees with the sequential one"),
            }
            seen.push(index);
            true
        });
        assert_eq!(seen, (0..builders.len()).collect::<Vec<_>>());
    }
    assert!(sequential[3].is_err() && sequential.last().is_some_and(Result::is_err));
}

#[test]
fn stopping_a_parallel_run_hands_over_nothing_more() {
    let builders = corpus_builders();
    let mut seen = Vec::new();
    Builder::render_each(&builders, 2, |index, generated| {
        seen.push(index);
        generated.is_ok() // the broken model at index 3 stops the run
    });
    assert_eq!(seen, [0, 1, 2, 3]);
}
