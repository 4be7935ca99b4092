//! The `smelt` binary: exit codes (0 success, 1 invalid model, 2 usage, 3 stale, 4 I/O),
//! rustc-style located errors, cargo-style help, progress lines, no colour off a terminal, and
//! the same output as the library for `ast` and `idl`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn smelt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smelt"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("smelt runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = common::root().join("target/smelt-cli-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn shop_v1() -> PathBuf {
    common::root().join("codegen/tests/user-project/model-v1")
}

fn shop_v2() -> PathBuf {
    common::root().join("codegen/tests/user-project/model-v2")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn generate_then_check_fresh_then_stale_after_a_model_change() {
    let out = scratch("generate").join("shop");
    let generated = smelt(&["generate", path(&shop_v1()), "--out", path(&out)]);
    assert_eq!(
        generated.status.code(),
        Some(0),
        "{}",
        text(&generated.stderr)
    );
    let stderr = text(&generated.stderr);
    assert!(
        stderr.starts_with("   Generated shop (restJson1) in "),
        "cargo-style status line: {stderr}"
    );
    assert!(stderr.contains(": 1 operations, "), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "no colour when stderr is not a terminal: {stderr:?}"
    );
    assert!(out.join("src/operation/get_item.rs").is_file());

    let fresh = smelt(&["check", path(&shop_v1()), "--out", path(&out)]);
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));
    assert!(
        text(&fresh.stderr).contains("       Fresh shop"),
        "{}",
        text(&fresh.stderr)
    );

    let stale = smelt(&["check", path(&shop_v2()), "--out", path(&out)]);
    assert_eq!(stale.status.code(), Some(3), "{}", text(&stale.stderr));
    let stderr = text(&stale.stderr);
    assert!(stderr.contains("       Stale shop"), "{stderr}");
    assert!(
        stderr.contains("delete_item.rs"),
        "the stale files are listed: {stderr}"
    );
    assert!(
        stderr.contains("error: generated code is out of date"),
        "{stderr}"
    );
    assert!(
        !out.join("src/operation/delete_item.rs").exists(),
        "check writes nothing"
    );
}

#[test]
fn options_reach_the_builder() {
    let out = scratch("options").join("shop");
    let run = smelt(&[
        "generate",
        path(&shop_v2()),
        "--out",
        path(&out),
        "--operations=DeleteItem",
        "--package-name",
        "shop-client",
        "--package-version",
        "3.1.4",
        "--runtime-git",
        "https://example.com/smelt.git",
        "--rev",
        "abc123",
        "--workspace-member",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"shop-client\""), "{manifest}");
    assert!(manifest.contains("version = \"3.1.4\""), "{manifest}");
    assert!(
        manifest.contains("git = \"https://example.com/smelt.git\", rev = \"abc123\""),
        "{manifest}"
    );
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    assert!(out.join("src/operation/delete_item.rs").is_file());
    assert!(!out.join("src/operation/get_item.rs").exists());
}

#[test]
fn each_model_of_a_directory_with_a_progress_line() {
    let dir = scratch("each");
    let models = dir.join("models");
    std::fs::create_dir_all(&models).expect("models dir");
    std::fs::copy(
        shop_v1().join("shop.smithy"),
        models.join("old-shop.smithy"),
    )
    .expect("copy");
    std::fs::copy(
        shop_v2().join("shop.smithy"),
        models.join("new-shop.smithy"),
    )
    .expect("copy");
    let out = dir.join("out");
    let run = smelt(&["generate", "--each", path(&models), "--out", path(&out)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    let first = stderr.find("  Generating [1/2] new-shop").expect(&stderr);
    let second = stderr.find("  Generating [2/2] old-shop").expect(&stderr);
    assert!(first < second, "{stderr}");
    assert!(out.join("new-shop/src/operation/delete_item.rs").is_file());
    assert!(!out.join("old-shop/src/operation/delete_item.rs").exists());
}

#[test]
fn an_invalid_model_exits_1_with_a_rustc_style_located_error() {
    let dir = scratch("invalid");
    let model = dir.join("broken.smithy");
    std::fs::write(
        &model,
        "$version: \"2\"\nnamespace example.broken\n\nservice S { version: \"1\", operations: [Op] }\n\noperation Op { input: Missing }\n",
    )
    .expect("write model");
    let run = smelt(&["generate", path(&model), "--out", path(&dir.join("out"))]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    let located = format!("\n --> {}:6:23\n", model.display());
    assert!(
        stderr.starts_with("error: cannot resolve the shape `Missing`"),
        "{stderr}"
    );
    assert!(stderr.contains(&located), "{stderr}");
    assert!(
        stderr.contains("6 | operation Op { input: Missing }\n  |                       ^^^^^^^\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: the model is invalid (1 error)"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists());
    // The same for `ast`, and an allow-list naming an unknown operation.
    assert_eq!(smelt(&["ast", path(&model)]).status.code(), Some(1));
    let unknown = smelt(&[
        "generate",
        path(&shop_v1()),
        "--out",
        path(&dir.join("out")),
        "--operations",
        "Nope",
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("its operations are: GetItem"));
}

#[test]
fn usage_errors_exit_2_in_clap_style() {
    let run = smelt(&["generate", path(&shop_v1())]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        text(&run.stderr),
        "error: the following required arguments were not provided: --out <DIR>\n\n\
         Usage: smelt generate [OPTIONS] --out <DIR> <MODEL>...\n\n\
         For more information, try '--help'.\n"
    );
    assert_eq!(smelt(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        smelt(&["check", "m", "--out", "o", "--bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn io_errors_exit_4() {
    let dir = scratch("io");
    let missing = smelt(&[
        "generate",
        path(&dir.join("absent.smithy")),
        "--out",
        path(&dir),
    ]);
    assert_eq!(missing.status.code(), Some(4));
    assert!(text(&missing.stderr).contains("absent.smithy: no such file or directory"));
    // The output directory is a file: nothing can be written under it.
    let file = dir.join("a-file");
    std::fs::write(&file, "").expect("write");
    let blocked = smelt(&["generate", path(&shop_v1()), "--out", path(&file)]);
    assert_eq!(blocked.status.code(), Some(4), "{}", text(&blocked.stderr));
    assert!(text(&blocked.stderr).starts_with(&format!("error: {}", file.display())));
}

#[test]
fn help_and_version_go_to_stdout() {
    let help = smelt(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let stdout = text(&help.stdout);
    assert!(
        stdout.contains("Usage: smelt <COMMAND> [OPTIONS]\n\nCommands:\n  generate"),
        "{stdout}"
    );
    let generate = text(&smelt(&["generate", "--help"]).stdout);
    assert!(generate.contains("Usage: smelt generate [OPTIONS] --out <DIR> <MODEL>..."));
    assert!(generate.contains("--operations <A,B,...>"));
    let version = text(&smelt(&["-V"]).stdout);
    assert_eq!(
        version,
        format!(
            "smelt {} (writes code for smelt-rt {})\n",
            env!("CARGO_PKG_VERSION"),
            smelt_codegen::RUNTIME_VERSION
        )
    );
}

#[test]
fn ast_and_idl_print_what_the_library_writes() {
    let model = shop_v2().join("shop.smithy");
    let run = smelt(&["ast", path(&model)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let loaded = smelt_codegen::load::load_paths(std::slice::from_ref(&model)).expect("loads");
    let ast = smelt_codegen::ast::to_json_ast(&loaded).expect("ast");
    let expected = serde_json::to_string_pretty(&ast).expect("json") + "\n";
    assert_eq!(text(&run.stdout), expected);

    let dir = scratch("idl");
    let run = smelt(&["idl", path(&model), "--out", path(&dir)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let files = smelt_codegen::ast::to_idl(&ast).expect("idl");
    assert_eq!(files.len(), 1);
    let (namespace, idl) = &files[0];
    assert_eq!(namespace, "example.shop");
    let written = std::fs::read_to_string(dir.join("example.shop.smithy")).expect("written");
    assert_eq!(&written, idl);
}

#[test]
fn diff_text_groups_by_severity_and_exits_5_on_a_breaking_change() {
    // v1 -> v2 adds `DeleteItem` and turns `Item.price` from an integer into a long.
    let output = smelt(&["diff", path(&shop_v1()), path(&shop_v2())]);
    assert_eq!(output.status.code(), Some(5), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        !stdout.contains('\x1b'),
        "no colour off a terminal: {stdout:?}"
    );
    let error_at = stdout.find("ERROR (1)\n").expect("an ERROR group");
    let note_at = stdout.find("NOTE (").expect("a NOTE group");
    assert!(error_at < note_at, "most serious first: {stdout}");
    assert!(
        stdout.contains(
            "  [major] ChangedMemberTarget example.shop#Item$price: target changed from \
             `smithy.api#Integer` to `smithy.api#Long` (another Rust type)\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  [minor] AddedShape example.shop#DeleteItem: added operation"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("breaking; the generated crate needs a major version bump\n"),
        "{stdout}"
    );
    assert!(
        text(&output.stderr).contains("error: 1 breaking change between"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn diff_json_for_ci() {
    let output = smelt(&[
        "diff",
        "--format",
        "json",
        "--crate-version",
        "1.2.0",
        path(&shop_v1()),
        path(&shop_v2()),
    ]);
    assert_eq!(output.status.code(), Some(5), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["bump"], "major");
    assert_eq!(json["version"], "1.2.0");
    assert_eq!(json["nextVersion"], "2.0.0");
    let events = json["events"].as_array().expect("events");
    let price = events
        .iter()
        .find(|e| e["member"] == "price")
        .expect("the price event");
    assert_eq!(price["id"], "ChangedMemberTarget");
    assert_eq!(price["severity"], "ERROR");
    assert_eq!(price["shape"], "example.shop#Item");
    // Deterministic: the same bytes twice.
    let again = smelt(&[
        "diff",
        "--format=json",
        "--crate-version=1.2.0",
        path(&shop_v1()),
        path(&shop_v2()),
    ]);
    assert_eq!(again.stdout, output.stdout);
}

#[test]
fn diff_of_identical_models_exits_0() {
    let output = smelt(&["diff", path(&shop_v1()), path(&shop_v1())]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "not breaking; no changes\n");
    let json = smelt(&[
        "diff",
        "--format",
        "json",
        path(&shop_v2()),
        path(&shop_v2()),
    ]);
    assert_eq!(json.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["events"], serde_json::json!([]));
    assert_eq!(json["bump"], "none");
}

#[test]
fn diff_exit_codes_for_bad_input() {
    let dir = scratch("diff-bad");
    let broken = dir.join("broken.smithy");
    std::fs::write(&broken, "$version: \"2\"\nnamespace x\nstructure {\n").expect("write");
    let invalid = smelt(&["diff", path(&shop_v1()), path(&broken)]);
    assert_eq!(invalid.status.code(), Some(1), "{}", text(&invalid.stderr));
    assert!(
        text(&invalid.stderr).contains("broken.smithy:3:"),
        "{}",
        text(&invalid.stderr)
    );
    let missing = smelt(&["diff", path(&shop_v1()), path(&dir.join("nope"))]);
    assert_eq!(missing.status.code(), Some(4), "{}", text(&missing.stderr));
    let usage = smelt(&["diff", path(&shop_v1())]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(text(&usage.stderr).contains("Usage: smelt diff [OPTIONS] <OLD> <NEW>"));
    let help = smelt(&["diff", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("Exits with 5 when a change is an ERROR"));
}
