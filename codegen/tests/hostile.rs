//! The three failure classes of issue 24, each as a rule checked on the hostile model
//! (`models/hostile.json`; the compile test builds its crate with clippy and rustdoc denying
//! warnings, which is what these classes broke).

mod common;

fn file(generated: &smelt_codegen::Generated, path: &str) -> String {
    generated
        .files
        .iter()
        .find(|(p, _)| p.to_string_lossy() == path)
        .map(|(_, text)| text.clone())
        .unwrap_or_else(|| panic!("no {path}"))
}

fn hostile() -> smelt_codegen::Generated {
    common::generate(&common::root().join("codegen/tests/models/hostile.json"))
}

/// `validate()` exists exactly when `send` calls it: an input whose only constraints cannot be
/// checked (a look-ahead pattern, `@range` on a big integer and on a boolean) has neither.
#[test]
fn validate_is_emitted_exactly_when_it_is_called() {
    let generated = hostile();
    for (path, text) in &generated.files {
        if !path.starts_with("src/operation") {
            continue;
        }
        let defines = text.contains("pub fn validate(&self)");
        let calls = text.contains("input.validate()");
        assert_eq!(defines, calls, "{}", path.display());
    }
    let only = file(&generated, "src/operation/only_uncheckable.rs");
    assert!(!only.contains("validate"), "{only}");
    let everything = file(&generated, "src/operation/everything.rs");
    assert!(
        everything.contains("Not checked: `look_ahead`"),
        "{everything}"
    );
}

/// `into_items()` over a `@sparse` list skips the nulls and says so; a sparse map as `items`
/// gets only the page paginator.
#[test]
fn paginators_over_sparse_lists_skip_nulls() {
    let generated = hostile();
    let sparse = file(&generated, "src/operation/list_sparse.rs");
    assert!(
        sparse.contains(".into_iter().flatten().collect()"),
        "{sparse}"
    );
    assert!(sparse.contains("null entries are skipped"), "{sparse}");
    let map = file(&generated, "src/operation/list_sparse_map.rs");
    assert!(
        map.contains("fn into_paginator") && !map.contains("fn into_items"),
        "{map}"
    );
}

/// Names are changed only where Rust requires it: raw identifiers for keywords, `mod_` for an
/// operation module named `mod`, `config_value` for an operation method that would shadow the
/// client's `config()`; std trait method names stay and the lint policy says why.
#[test]
fn hostile_names_are_kept_where_rust_allows() {
    let generated = hostile();
    let client = file(&generated, "src/client.rs");
    for method in [
        "pub fn add(",
        "pub fn from_str(",
        "pub fn r#type(",
        "pub fn config_value(",
        "pub fn send(",
    ] {
        assert!(client.contains(method), "no `{method}` in the client");
    }
    assert!(generated
        .files
        .iter()
        .any(|(p, _)| p.to_string_lossy() == "src/operation/mod_.rs"));
    let lib = file(&generated, "src/lib.rs");
    assert!(
        lib.contains(
            "#![allow(clippy::should_implement_trait)] // Lint policy: setters keep model names"
        ),
        "{lib}"
    );
    assert!(
        lib.contains("#![allow(clippy::should_implement_trait)]"),
        "{lib}"
    );
}
